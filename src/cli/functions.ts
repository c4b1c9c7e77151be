import type { Processor } from '../krm/index.js';
import { buildCatalog } from '../../functions/build-catalog/processor.js';
import { emitPackageVariants } from '../../functions/emit-package-variants/processor.js';
import { resolveDependencies } from '../../functions/resolve-dependencies/processor.js';
import { validateDependencies } from '../../functions/validate-dependencies/processor.js';
import { validateRemoval } from '../../functions/validate-removal/processor.js';
import { validateUpgrade } from '../../functions/validate-upgrade/processor.js';

/** Every function reachable as `pkgdeps fn <name>`, by name. */
export const functions: Record<string, Processor> = {
  'build-catalog': buildCatalog,
  'emit-package-variants': emitPackageVariants,
  'resolve-dependencies': resolveDependencies,
  'validate-dependencies': validateDependencies,
  'validate-removal': validateRemoval,
  'validate-upgrade': validateUpgrade,
};
