#!/usr/bin/env node
'use strict';
// A pkgdeps function: npm run build (scripts/bundle.mjs) copies this file to dist/functions/<name>.js, the file
// kpt, Porch's image and `pkgdeps fn` run, and writes the function's code beside it, in dist/functions/<name>/:
// bundle.js, everything the function runs (one CommonJS file, no node_modules), and bundle.cache, the V8 code
// cache of bundle.js made by running the function once on its first example (scripts/code-cache.mjs). Compiled
// with the cache, a call does not parse the bundle nor compile the functions the example ran: a tenth of a call's
// start-up (README, Performance). A cache V8 does not accept (made by another Node version or with other V8
// flags, changed, or missing) is left aside by V8, which compiles the bundle from its text: the same code, so
// the same output, a few milliseconds later.
const { readFileSync } = require('node:fs');
const { setFlagsFromString } = require('node:v8');
const { Script } = require('node:vm');

// A call is a short process that allocates fast: V8 would double its young generation again and again (up to
// 16 MiB per semi-space), which is most of the memory of a small call and a sixth of a large one. Kept at its
// initial size (growth factor 1, a flag V8 reads each time it would grow it), peak memory drops by 12-17% at no
// cost in time. And a call collects its old generation once or twice: after each collection V8 lets it grow to
// four times what is alive, so that everything a large call makes after reading its items, garbage included, is
// still there at its end. Grown by at most twice what is alive (a heap growing factor of 2, read at each
// collection), a call at 10,000 resources peaks 6-7 MiB lower, for one more collection. Checksums: V8 checks a
// code cache's Node version, flags and source length, but reads a cache whose bytes changed (a damaged file) as
// code and stops the process unless the cache carries a checksum, which this flag makes V8 write and verify. All
// are set before the bundle is compiled: V8 accepts a code cache only under the flags it was made with, and
// scripts/code-cache.mjs makes it through this file.
setFlagsFromString('--semi-space-growth-factor=1 --heap-growing-percent=100 --verify-snapshot-checksum');

const dir = __filename.replace(/\.js$/, '');
const file = `${dir}/bundle.js`;

/** The code cache, or undefined when it cannot be read (V8 checks the rest). */
function cachedData() {
  try {
    return readFileSync(`${dir}/bundle.cache`);
  } catch {
    return undefined;
  }
}

// The wrapper Node's CommonJS loader puts around a file: the bundle runs as if required.
const source = `(function (exports, require, module, __filename, __dirname) {${readFileSync(file, 'utf8')}\n})`;
const script = new Script(source, { filename: file, cachedData: cachedData() });
const bundle = { exports: {} };
script.runInThisContext().call(bundle.exports, bundle.exports, require, bundle, file, dir);

/**
 * `run` runs the function on stdin (the CLI's `pkgdeps fn` calls it with its options); `script` is the compiled
 * bundle: `script.cachedDataRejected` says whether V8 took the cache, and scripts/code-cache.mjs makes the cache
 * with `script.createCachedData()`.
 */
module.exports = { run: bundle.exports.run, script };

if (require.main === module) void bundle.exports.run();
