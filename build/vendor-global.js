// Injected into vendor/pdfmake.js for every free `global`: Deno 1.x has no `global`, and the app
// sandbox passes `globalThis` as undefined. `self` is the global object in every Deno; Node has only globalThis.
export const global = typeof self !== 'undefined' ? self : globalThis;
