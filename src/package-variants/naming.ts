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

/** The packages whose value is shared by another one. */
function clashing(values: Map<PackageRef, string>): Set<PackageRef> {
  const counts = new Map<string, number>();
  for (const value of values.values()) counts.set(value, (counts.get(value) ?? 0) + 1);
  return new Set([...values].filter(([, value]) => (counts.get(value) ?? 0) > 1).map(([ref]) => ref));
}

/**
 * `metadata.name` of the PackageVariant that installs each package on the target:
 * `<target>-<package>` as a DNS-1123 label (package paths' `/` become `-`), cut and suffixed
 * with a hash of target, repository and package past 63 characters. Packages whose names
 * would still be equal (the same package path in two repositories, or paths that differ only
 * in characters DNS-1123 rejects) all get the hash suffix, so no two share a name.
 */
export function variantNames(key: string, refs: readonly PackageRef[]): Map<PackageRef, string> {
  const label = (ref: PackageRef) => dnsLabel(`${key}-${ref.package}`);
  const plain = new Map(refs.map((ref) => [ref, withHash(label(ref), identityOf(key, ref))]));
  const clash = clashing(plain);
  return new Map(refs.map((ref) => [ref, clash.has(ref) ? withHash(label(ref), identityOf(key, ref), true) : (plain.get(ref) as string)]));
}

/**
 * `downstream.package` of each PackageVariant: the prefix and the package path, its `/` turned
 * into `-` (one flat directory per package in the downstream repository); packages that would
 * land in the same directory (the same path in two repositories) get `-<hash>` like their names.
 */
export function downstreamPackages(prefix: string, key: string, refs: readonly PackageRef[]): Map<PackageRef, string> {
  const plain = new Map(refs.map((ref) => [ref, `${prefix}${ref.package.replace(/\/+/g, '-')}`]));
  const clash = clashing(plain);
  return new Map(refs.map((ref) => [ref, clash.has(ref) ? `${plain.get(ref) as string}-${shortHash(identityOf(key, ref))}` : (plain.get(ref) as string)]));
}
