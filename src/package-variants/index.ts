/** PackageVariants for missing dependencies (docs/SPEC.md section 5, emit-package-variants). */
export { emitDefaults, emitProperties } from './config.js';
export type { EmitConfig } from './config.js';
export { emitVariants } from './emit.js';
export { MAX_NAME_LENGTH, dnsLabel, downstreamPackages, shortHash, variantNames, withHash } from './naming.js';
export { choosePin, pinChangeWarning, porchNumbered } from './pin.js';
export type { PinChoice } from './pin.js';
export { PACKAGE_VARIANT_API_VERSION, REQUIRED_BY, TARGET, createVariant } from './variant.js';
export { isOwnedBy, isPackageVariant, updateVariant, upstreamKey, variantId } from './variant.js';
export type { Owner, VariantSpec } from './variant.js';
