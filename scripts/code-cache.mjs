// node scripts/code-cache.mjs dist/functions/<name>.js [CONFIG]: runs the function on the ResourceList on stdin,
// as a call would (CONFIG, JSON, is the data of a ConfigMap function config, as kpt makes of `-- KEY=VALUE`), then
// writes the V8 code cache of its bundle, dist/functions/<name>/bundle.cache (scripts/function-entry.cjs). Made
// after the run, the cache holds the code of every function the run compiled, not only the bundle's top level.
// scripts/bundle.mjs runs it for each function on its first example, in a process of its own with no NODE_OPTIONS:
// V8 accepts the cache only under the flags it was made with, those a function call has.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

const [entryFile = '', config] = process.argv.slice(2);
const entry = createRequire(import.meta.url)(resolve(entryFile));
await entry.run(config === undefined ? {} : { configData: JSON.parse(config) });
writeFileSync(resolve(entryFile).replace(/\.js$/, '/bundle.cache'), entry.script.createCachedData());
// The example's results may be errors (a validator's example fails on purpose): the cache is made all the same.
process.exitCode = 0;
