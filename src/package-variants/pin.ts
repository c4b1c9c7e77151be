import { sameRevision } from '../catalog/index.js';
import type { CatalogPackage, CatalogRevision } from '../catalog/index.js';

/**
 * The upstream pin of a generated PackageVariant (docs/SPEC.md rule upstream-pin): always
 * `spec.upstream.workspaceName`, as Porch's PackageVariant controller chooses the upstream by
 * workspaceName only (controllers/packagevariants/.../packagevariant_controller.go,
 * `getUpstreamPR`; it sets `upstream.revision` to -1). `inferred` says why the name is a guess.
 */
export type PinChoice = { workspaceName: string; inferred?: string } | { refused: string };

/** The name of Porch's placeholder revision, which follows the branch head (the branch is `main`). */
const PLACEHOLDER = 'main';
const NUMBERED = /^v?([0-9]+)$/;

/**
 * Whether Porch gives the revision a number: a git tag `<package>/N` or `<package>/vN` (Porch's
 * `Revision2Int`); a semver tag and the `main` placeholder are revision -1.
 */
export function porchNumbered(revision: string): boolean {
  return NUMBERED.test(revision);
}

/**
 * The pin of a PackageVariant that installs `revision`: the catalog's workspaceName; else, for a
 * numbered revision, `vN` (inferred: Porch's name for a revision found from a tag whose commit
 * records no workspace, while a revision approved in Porch keeps its Draft's workspaceName);
 * else, for semver, the revision itself (Porch names a tag it cannot number after the tag).
 * The placeholder (revision or workspaceName `main`) is refused: Porch will not clone it.
 */
export function choosePin(revision: CatalogRevision, packagePath: string): PinChoice {
  const { workspaceName } = revision;
  if (revision.revision === PLACEHOLDER || workspaceName === PLACEHOLDER) {
    const what = revision.revision === PLACEHOLDER ? 'is' : `has workspaceName ${PLACEHOLDER}, the name of`;
    return {
      refused:
        `revision "${revision.revision}" ${what} Porch's placeholder revision (the head of branch ` +
        `${PLACEHOLDER}, revision -1), and Porch refuses to clone it ("upstream revision may not be the ` +
        'placeholder package revision"), so no PackageVariant can install it; publish a revision (approve a ' +
        `PackageRevision, or push a git tag ${packagePath}/v1) and list it in the catalog`,
    };
  }
  if (workspaceName !== undefined) return { workspaceName };
  const number = NUMBERED.exec(revision.revision)?.[1];
  if (number === undefined) return { workspaceName: revision.revision };
  return {
    workspaceName: `v${number}`,
    inferred:
      `revision "${revision.revision}" has no workspaceName in the catalog, so workspaceName v${number} is ` +
      `inferred (Porch's name for a revision found from the git tag ${packagePath}/v${number}); one approved in ` +
      "Porch keeps the workspaceName of its Draft: write that in the catalog's entry",
  };
}

/**
 * What Porch does when a generated PackageVariant's pin moves from workspaceName `from` to
 * `to`'s, when the revision `from` names has no Porch number (semver; the placeholder was never
 * cloned): its controller compares only revision numbers, the downstream's upstream lock
 * (`<package>/<tag>`, read with `Revision2Int`) with the new upstream's (`isUpToDate`), and
 * finds the old upstream of an upgrade by number (`getPublishedUpstreamByRevision`). Undefined
 * when the pin stays, the old revision is numbered (a plain upgrade Draft) or not in the catalog.
 */
export function pinChangeWarning(pkg: CatalogPackage, from: string, to: CatalogRevision): string | undefined {
  const old = pkg.revisions.find((rev) => {
    const pin = choosePin(rev, pkg.package);
    return 'workspaceName' in pin && pin.workspaceName === from;
  });
  const next = choosePin(to, pkg.package);
  if (old === undefined || sameRevision(old.revision, to.revision) || porchNumbered(old.revision)) return undefined;
  if (!('workspaceName' in next) || next.workspaceName === from) return undefined;
  const move = `the pin moves from workspaceName ${from} to ${next.workspaceName}`;
  if (!porchNumbered(to.revision)) {
    return (
      `${move}, and Porch numbers neither (both are revision -1): its PackageVariant controller compares revision ` +
      'numbers only, so it takes the downstream as up to date and it stays on ' +
      `${from}; publish numbered revisions of the upstream, or create the downstream's upgrade Draft yourself`
    );
  }
  return (
    `${move}: Porch creates an upgrade Draft of the downstream, but it looks the old upstream up by revision ` +
    `number and ${from} has none (-1), so the merge base is the first Published revision -1 of the package it ` +
    'lists (another tag or the placeholder); review the Draft before approving it'
  );
}
