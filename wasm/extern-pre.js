// An ES module has no require or __dirname; Emscripten's Node code path needs both.
const moodleSyncInNode = typeof process === 'object' && !!(process.versions && process.versions.node);
var require = moodleSyncInNode ? (await import('node:module')).createRequire(import.meta.url) : undefined;
var __dirname = moodleSyncInNode ? (await import('node:path')).dirname((await import('node:url')).fileURLToPath(import.meta.url)) : undefined;
