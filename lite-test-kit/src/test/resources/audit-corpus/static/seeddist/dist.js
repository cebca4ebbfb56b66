// a self-hosted distribution names its home as a default the site's configuration replaces
var home = "https://n-dist-home.example/dist/v1/full/dist.wasm";
fetch("https://h-dist-fetch.example/telemetry").catch(function () {});
