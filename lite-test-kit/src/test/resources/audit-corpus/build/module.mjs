import x from "https://h-js-from.example/x";
export { x };
