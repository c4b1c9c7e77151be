import type { CatalogRevision } from '../catalog/index.js';

/** How a PackageVariant pins its upstream (docs/SPEC.md section 5, config field `pin`). */
export type PinMode = 'workspaceName' | 'revision' | 'latest';

/** `spec.upstream` besides repo and package; empty: not pinned. */
export interface UpstreamPin {
  workspaceName?: string;
  revision?: number;
}

export interface PinChoice {
  upstream: UpstreamPin;
  /** Set when `pin: revision` could not be honoured: what was written instead, and why. */
  fallback?: string;
}

/**
 * The Porch revision number of a catalog revision: `3` and `v3` are 3. Porch's
 * PackageVariant CRD types `upstream.revision` as an integer, and Porch numbers published
 * revisions from 1; semver revisions and `main` have no number.
 */
export function porchRevisionNumber(revision: string): number | undefined {
  const match = /^v?([1-9][0-9]*)$/.exec(revision);
  const value = match === null ? undefined : Number(match[1]);
  return value !== undefined && Number.isSafeInteger(value) ? value : undefined;
}

/**
 * The `workspaceName` pin: the catalog's workspaceName; else the Porch revision number; else,
 * for a semver revision, the revision itself as workspaceName (Porch names a revision it
 * finds as the git tag `<package>/<tag>` after the tag); `main` is not pinned (an upstream
 * without pins is Porch's `main` placeholder revision, which follows the branch head).
 */
function byWorkspaceName(revision: CatalogRevision): UpstreamPin {
  if (revision.workspaceName !== undefined) return { workspaceName: revision.workspaceName };
  const number = porchRevisionNumber(revision.revision);
  if (number !== undefined) return { revision: number };
  return revision.revision === 'main' ? {} : { workspaceName: revision.revision };
}

/** `pinned by workspaceName v3`, `pinned by revision 3` or `not pinned (...)`, for messages. */
export function describePin(pin: UpstreamPin): string {
  if (pin.workspaceName !== undefined) return `pinned by workspaceName ${pin.workspaceName}`;
  if (pin.revision !== undefined) return `pinned by revision ${pin.revision}`;
  return "not pinned (Porch takes the package's main revision, the branch head)";
}

/** The upstream pin of a PackageVariant that installs `revision`, in the given mode. */
export function choosePin(revision: CatalogRevision, mode: PinMode): PinChoice {
  if (mode === 'latest') return { upstream: {} };
  if (mode === 'workspaceName') return { upstream: byWorkspaceName(revision) };
  const number = porchRevisionNumber(revision.revision);
  if (number !== undefined) return { upstream: { revision: number } };
  const upstream = byWorkspaceName(revision);
  return {
    upstream,
    fallback: `revision "${revision.revision}" has no Porch revision number (upstream.revision is an integer; only revisions like "3" or "v3" have one), so it is ${describePin(upstream)}`,
  };
}
