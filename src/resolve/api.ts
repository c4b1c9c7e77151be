/** Splitting `apiVersion` into group and version. The core group is `""` (`apiVersion: v1`). */
export interface GroupVersion {
  group: string;
  version: string;
}

export function splitApiVersion(apiVersion: string): GroupVersion {
  const slash = apiVersion.indexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/** `<group>/<version>/<Kind>` as written in `pkgdeps.dev/requires-apis`. */
export function apiKey(group: string, version: string, kind: string): string {
  return `${group}/${version}/${kind}`;
}

/** `group/version Kind`, the form used in messages (`v1 ConfigMap` for the core group). */
export function apiLabel(group: string, version: string, kind: string): string {
  return `${group === '' ? version : `${group}/${version}`} ${kind}`;
}
