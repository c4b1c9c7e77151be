import { runFunction } from '../../src/krm/index.js';
import type { RunOptions } from '../../src/krm/index.js';
import { resolveDependencies } from './processor.js';

/** Runs resolve-dependencies on stdin, when the bundle is the program (scripts/bundle.mjs) or for pkgdeps fn. */
export const run = (options?: RunOptions): Promise<void> =>
  runFunction(resolveDependencies, 'resolve-dependencies', options);
