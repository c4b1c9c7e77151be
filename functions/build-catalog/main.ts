import { runFunction } from '../../src/krm/index.js';
import type { RunOptions } from '../../src/krm/index.js';
import { buildCatalog } from './processor.js';

/** Runs build-catalog on stdin, when the bundle is the program (scripts/bundle.mjs) or for pkgdeps fn. */
export const run = (options?: RunOptions): Promise<void> => runFunction(buildCatalog, 'build-catalog', options);
