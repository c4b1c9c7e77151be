import { runFunction } from '../../src/krm/index.js';
import type { RunOptions } from '../../src/krm/index.js';
import { emitPackageVariants } from './processor.js';

/** Runs emit-package-variants on stdin, when the bundle is the program (scripts/bundle.mjs) or for pkgdeps fn. */
export const run = (options?: RunOptions): Promise<void> =>
  runFunction(emitPackageVariants, 'emit-package-variants', options);
