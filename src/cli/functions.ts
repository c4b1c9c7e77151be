import type { Processor } from '../krm/index.js';
import { resolveDependencies } from '../../functions/resolve-dependencies/processor.js';

/** Every function reachable as `pkgdeps fn <name>`, by name. */
export const functions: Record<string, Processor> = {
  'resolve-dependencies': resolveDependencies,
};
