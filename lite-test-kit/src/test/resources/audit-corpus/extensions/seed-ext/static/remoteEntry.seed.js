var g = "https://h-ext-js.example/chunk.js";
