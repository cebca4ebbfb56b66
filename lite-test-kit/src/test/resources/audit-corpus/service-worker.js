importScripts("https://h-sw.example/sw-lib.js");
