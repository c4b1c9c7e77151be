import type { YAMLMap } from 'yaml';
import { byCodePoint, removeAnnotation, setAnnotation } from '../krm/index.js';
import { objectKey, packageKey } from '../catalog/index.js';
import type { PackageResolution } from './resolve.js';

/** The annotations pkgdeps owns (docs/SPEC.md section 5); they are replaced on every run. */
export const DEPENDS_ON = 'pkgdeps.dev/depends-on';
export const REQUIRES_APIS = 'pkgdeps.dev/requires-apis';
export const PROVIDED_BY = 'pkgdeps.dev/provided-by';
export const REQUIRES_OBJECTS = 'pkgdeps.dev/requires-objects';

function setOrRemove(node: YAMLMap, key: string, values: string[]): void {
  if (values.length === 0) removeAnnotation(node, key);
  else setAnnotation(node, key, values.join(','));
}

export interface AnnotateOptions {
  /** `annotateResources: false` keeps `provided-by` off the items (stale ones are still removed). */
  annotateResources: boolean;
}

/**
 * Writes docs/SPEC.md section 5's annotations for one resolved package: `depends-on`, `requires-apis`
 * and `requires-objects` on its outermost Kptfile, `provided-by` on items whose API comes from a
 * catalog package; removes them where they no longer apply (inner Kptfiles never keep them).
 */
export function annotatePackage(resolution: PackageResolution, options: AnnotateOptions): void {
  const { unit } = resolution;
  if (unit.kptfile !== undefined) {
    setOrRemove(unit.kptfile, DEPENDS_ON, resolution.dependencies.map((dep) => packageKey(dep.ref)).sort(byCodePoint));
    setOrRemove(unit.kptfile, REQUIRES_APIS, resolution.requiredApis);
    setOrRemove(unit.kptfile, REQUIRES_OBJECTS, resolution.requiredObjects.map(objectKey));
  }
  for (const inner of unit.innerKptfiles) {
    removeAnnotation(inner, DEPENDS_ON);
    removeAnnotation(inner, REQUIRES_APIS);
    removeAnnotation(inner, REQUIRES_OBJECTS);
  }
  for (const item of unit.items) {
    const provider = options.annotateResources ? resolution.providedBy.get(item) : undefined;
    if (provider === undefined) removeAnnotation(item, PROVIDED_BY);
    else setAnnotation(item, PROVIDED_BY, packageKey(provider));
  }
}
