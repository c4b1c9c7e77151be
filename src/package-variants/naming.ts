import { createHash } from 'node:crypto';
import type { PackageRef } from '../catalog/index.js';

/** Kubernetes names of one DNS-1123 label: at most 63 characters of `[a-z0-9-]`, alphanumeric at both ends. */
export const MAX_NAME_LENGTH = 63;
const HASH_LENGTH = 8;

/**
 * `text` as a DNS-1123 label body: lower-cased, each run of other characters than `[a-z0-9]`
 * (`/`, `_`, `.`, spaces, non-ASCII letters...) turned into one `-`, no `-` at either end.
 * Not shortened.
 */
export function dnsLabel(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** The first 8 hex digits of the SHA-256 of `text`. */
export function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, HASH_LENGTH);
}

/**
 * `label` cut so that `-<hash of identity>` fits in 63 characters; `always` adds the hash even
 * when the label is short enough (used to tell apart names that would otherwise collide).
 */
export function withHash(label: string, identity: string, always = false): string {
  if (!always && label.length <= MAX_NAME_LENGTH && label !== '') return label;
  const head = label.slice(0, MAX_NAME_LENGTH - HASH_LENGTH - 1).replace(/-+$/, '');
  return head === '' ? shortHash(identity) : `${head}-${shortHash(identity)}`;
}

/** What names one PackageVariant: the naming key (the target) and the upstream package. */
function identityOf(key: string, ref: PackageRef): string {
  return `${key}/${ref.repository}/${ref.package}`;
}

/**
 * One value per package, from its plain form and its hashed form (the plain one with the hash
 * suffix): the package's `current` value (what its PackageVariant already says) when that is
 * still one of its two forms and no other package keeps it, so that values once written stay;
 * else the plain form, unless a kept value or another package's plain form equals it, then the
 * hashed form. Packages that are all new and would share a value thus all get the hash.
 */
function allocate(
  refs: readonly PackageRef[],
  forms: (ref: PackageRef) => { plain: string; hashed: string },
  current: ReadonlyMap<PackageRef, string>,
): Map<PackageRef, string> {
  const kept = new Map<PackageRef, string>();
  const keptValues = new Set<string>();
  for (const ref of refs) {
    const value = current.get(ref);
    const { plain, hashed } = forms(ref);
    if (value === undefined || (value !== plain && value !== hashed) || keptValues.has(value)) continue;
    kept.set(ref, value);
    keptValues.add(value);
  }
  const counts = new Map<string, number>();
  for (const ref of refs.filter((r) => !kept.has(r))) {
    const { plain } = forms(ref);
    counts.set(plain, (counts.get(plain) ?? 0) + 1);
  }
  return new Map(
    refs.map((ref) => {
      const { plain, hashed } = forms(ref);
      const taken = keptValues.has(plain) || (counts.get(plain) ?? 0) > 1;
      return [ref, kept.get(ref) ?? (taken ? hashed : plain)];
    }),
  );
}

/** The plain and hashed forms of one DNS-1123 label for a package. */
function labelForms(label: string, identity: string): { plain: string; hashed: string } {
  return { plain: withHash(label, identity), hashed: withHash(label, identity, true) };
}

/**
 * `metadata.name` of the PackageVariant that installs each package on the target:
 * `<target>-<package>` as a DNS-1123 label (package paths' `/` become `-`), cut and suffixed
 * with a hash of target, repository and package past 63 characters. A package whose name would
 * equal another's (the same package path in two repositories, or paths that differ only in
 * characters DNS-1123 rejects) gets the hash suffix; an existing PackageVariant keeps the name
 * it has (`current`, when it is one of the two forms), so only the newcomer is suffixed.
 */
export function variantNames(
  key: string,
  refs: readonly PackageRef[],
  current: ReadonlyMap<PackageRef, string> = new Map(),
): Map<PackageRef, string> {
  return allocate(refs, (ref) => labelForms(dnsLabel(`${key}-${ref.package}`), identityOf(key, ref)), current);
}

/**
 * `downstream.package` of each PackageVariant: the prefix and the package path as one DNS-1123
 * label, cut and suffixed like the names (Porch takes a package path whose characters without
 * its `/` form one DNS-1123 label, so the `/`, `..`, spaces and line breaks of a catalog path
 * become `-`; one flat directory per package in the downstream repository). Packages that would
 * land in the same directory get the hash, and existing ones keep theirs, as in {@link variantNames}.
 * `prefix` is `""` or DNS-1123 label characters (the config checks it).
 */
export function downstreamPackages(
  prefix: string,
  key: string,
  refs: readonly PackageRef[],
  current: ReadonlyMap<PackageRef, string> = new Map(),
): Map<PackageRef, string> {
  return allocate(refs, (ref) => labelForms(dnsLabel(`${prefix}${ref.package}`), identityOf(key, ref)), current);
}
