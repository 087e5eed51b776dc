// An ES module has no require or __dirname; Emscripten's Node code path needs both. The built-ins
// are imported only when running in Node, under a computed name: bundlers for other runtimes
// (Workers) would otherwise try to resolve them and fail.
const moodleSyncInNode = typeof process === 'object' && !!(process.versions && process.versions.node);
const moodleSyncNodeBuiltin = (name) => import(`node:${name}`);
var require = moodleSyncInNode ? (await moodleSyncNodeBuiltin('module')).createRequire(import.meta.url) : undefined;
var __dirname = moodleSyncInNode ? (await moodleSyncNodeBuiltin('path')).dirname((await moodleSyncNodeBuiltin('url')).fileURLToPath(import.meta.url)) : undefined;
