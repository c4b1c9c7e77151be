/**
 * Input a function cannot work on: not a ResourceList, or a resource it would have to
 * damage to edit. Reported as one clear line (stderr or an error result), never a stack trace.
 */
export class InputError extends Error {}

/**
 * The stable, machine-readable code of every result pkgdeps writes (docs/SPEC.md rule
 * result-codes, which says what each means). It travels in the result's `tags` under
 * {@link CODE_TAG}, so CI and UIs can filter results without parsing messages. A code names a
 * cause, not a message: messages may change, codes do not.
 */
export const RESULT_CODES = [
  // The input and the function config.
  'invalid-input',
  'internal-error',
  'invalid-config',
  'unreadable-file',
  // The catalog.
  'catalog-missing',
  'catalog-ambiguous',
  'catalog-unmarked',
  'catalog-invalid',
  'installed-unknown',
  'platform-provided',
  'nothing-installed',
  // Resolution.
  'dependency',
  'unresolved-api',
  'unpublished-api',
  'unserved-version',
  'ambiguous-api',
  'unresolved-object',
  'unpublished-object',
  'ambiguous-object',
  'rbac-unattributed',
  'rbac-wildcard',
  'upstream-unknown',
  'other-target',
  'no-revision',
  'dependency-unknown',
  'dependency-cycle',
  // PackageVariants.
  'outside-package',
  'package-variant',
  'package-variant-removed',
  'pin-inferred',
  'pin-placeholder',
  'pin-moved',
  'name-taken',
  'file-taken',
  // Validators.
  'requested',
  'installed',
  'not-requested',
  'not-checked',
  'not-in-catalog',
  'removal-breaks',
  'still-installed',
  'not-installed',
  'upgrade-breaks',
  'upgrade-safe',
  'same-revision',
  'unpublished-revision',
  // Catalog builds and the cluster.
  'package-twice',
  'unknown-preference',
  'package-skipped',
  'installed-skipped',
  'repository-skipped',
  'provides-problem',
  'catalog-built',
  'platform-removed',
] as const;

export type ResultCode = (typeof RESULT_CODES)[number];

/** The `tags` key that holds a result's code. */
export const CODE_TAG = 'pkgdeps.dev/code';
