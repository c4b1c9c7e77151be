import type { Processor } from '../src/krm/index.js';
import { buildCatalog } from './build-catalog/processor.js';
import { emitPackageVariants } from './emit-package-variants/processor.js';
import { resolveDependencies } from './resolve-dependencies/processor.js';
import { validateDependencies } from './validate-dependencies/processor.js';
import { validateRemoval } from './validate-removal/processor.js';
import { validateUpgrade } from './validate-upgrade/processor.js';

/** Every function reachable as `pkgdeps fn <name>`, by name. */
export const functions: Record<string, Processor> = {
  'build-catalog': buildCatalog,
  'emit-package-variants': emitPackageVariants,
  'resolve-dependencies': resolveDependencies,
  'validate-dependencies': validateDependencies,
  'validate-removal': validateRemoval,
  'validate-upgrade': validateUpgrade,
};
