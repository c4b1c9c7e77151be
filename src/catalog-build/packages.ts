import type { YAMLMap } from 'yaml';
import { byCodePoint, isKptfilePath, itemFile, itemString, makeResult, unreadResult } from '../krm/index.js';
import type { Lifecycle } from '../catalog/index.js';
import type { Result, UnreadFile } from '../krm/index.js';
import { dirOf, isKptfile, isUnder } from '../resolve/index.js';
import type { Repository } from './config.js';

/**
 * One package revision to put in the catalog: an outermost Kptfile directory under a
 * repository directory, with every item below it (subpackages belong to their parent).
 */
export interface PackageSource {
  repository: string;
  /** The package's path inside the repository, e.g. `network-config` or `infra/capi`. */
  package: string;
  revision: string;
  workspaceName?: string;
  /** Porch's lifecycle of the revision; `Published` when absent (files on disk). */
  lifecycle?: Lifecycle;
  /** The package's directory in the input. */
  dir: string;
  items: YAMLMap[];
}

/** `dir` and its ancestors, nearest first, down to `''`. */
function selfAndAncestors(dir: string): string[] {
  const dirs = [dir];
  for (let current = dir; current !== '';) {
    current = dirOf(current);
    dirs.push(current);
  }
  return dirs;
}

/** The package path inside the repository; a Kptfile at the repository directory is named by its `metadata.name`. */
function packagePath(dir: string, repositoryDir: string, kptfile: YAMLMap): string | undefined {
  if (dir !== repositoryDir) return repositoryDir === '' ? dir : dir.slice(repositoryDir.length + 1);
  const name = itemString(kptfile, ['metadata', 'name']);
  return name === undefined || name === '' ? undefined : name;
}

/**
 * The Kptfiles that cannot be read (docs/SPEC.md rule malformed-files), by directory: files named
 * Kptfile that did not parse, and Kptfile paths of the input holding no kpt.dev Kptfile (what
 * `kpt fn source` gives for a Kptfile of another kind).
 */
function brokenKptfiles(items: YAMLMap[], unread: UnreadFile[], kptfiles: Map<string, YAMLMap>): UnreadFile[] {
  const broken = new Map<string, UnreadFile>();
  for (const file of unread) if (isKptfilePath(file.path)) broken.set(dirOf(file.path), file);
  for (const item of items) {
    const path = itemFile(item)?.path;
    if (path === undefined || !isKptfilePath(path) || kptfiles.has(dirOf(path)) || broken.has(dirOf(path))) continue;
    const kind = itemString(item, ['kind']);
    const apiVersion = itemString(item, ['apiVersion']) ?? '(no apiVersion)';
    const what = kind === undefined ? 'a document without kind' : `${apiVersion} ${kind}`;
    broken.set(dirOf(path), { path, reason: `holds ${what}, not a kpt.dev Kptfile` });
  }
  return [...broken.values()];
}

/**
 * The package revisions of the input, repository by repository (docs/SPEC.md section 6): the
 * outermost Kptfile directories under each repository directory, each with every item under
 * it. Items outside every package are not part of the catalog. A package directory listed by
 * two repositories is a package of each (as Porch lists it). In the order of the entries, then
 * of the package directories. `unread` are the files of the input that did not parse
 * (docs/SPEC.md rule malformed-files): each is a warning, and a package with a Kptfile among them,
 * or with a Kptfile path holding no Kptfile, is an error and is left out.
 */
export function findPackages(
  items: YAMLMap[],
  repositories: Repository[],
  unread: UnreadFile[] = [],
): { sources: PackageSource[]; results: Result[] } {
  const kptfiles = new Map<string, YAMLMap>();
  const placed: Array<{ item: YAMLMap; dir: string }> = [];
  for (const item of items) {
    const path = itemFile(item)?.path;
    if (path === undefined) continue;
    const dir = dirOf(path);
    if (isKptfile(item) && !kptfiles.has(dir)) kptfiles.set(dir, item);
    placed.push({ item, dir });
  }
  const broken = brokenKptfiles(items, unread, kptfiles);
  const brokenDirs = new Set(broken.map((file) => dirOf(file.path)));
  const results: Result[] = [...unread.filter((file) => !isKptfilePath(file.path)), ...broken].map(unreadResult);
  const kptfileDirs = [...kptfiles.keys(), ...brokenDirs].sort(byCodePoint);
  const sources: PackageSource[] = [];
  repositories.forEach((repository, i) => {
    const outermost = new Set<string>();
    for (const dir of kptfileDirs) {
      if (!isUnder(dir, repository.directory)) continue;
      const nested = selfAndAncestors(dir)
        .slice(1)
        .some((ancestor) => outermost.has(ancestor));
      if (!nested) outermost.add(dir);
    }
    if (outermost.size === 0) {
      const where = repository.directory === '' ? 'the input' : `directory "${repository.directory}"`;
      const message = `repository ${repository.name} (repositories[${i}]): no Kptfile under ${where}, so no package; check the directory`;
      results.push(
        makeResult('warning', 'package-skipped', message, undefined, { path: `repositories[${i}].directory` }),
      );
    }
    const members = new Map<string, YAMLMap[]>([...outermost].map((dir) => [dir, []]));
    const owners = new Map<string, string | undefined>();
    for (const { item, dir } of placed) {
      if (!isUnder(dir, repository.directory)) continue;
      let owner = owners.get(dir);
      if (!owners.has(dir)) {
        owner = selfAndAncestors(dir).find((candidate) => members.has(candidate));
        owners.set(dir, owner);
      }
      if (owner !== undefined) members.get(owner)?.push(item);
    }
    for (const dir of [...outermost].sort(byCodePoint)) {
      if ([...brokenDirs].some((brokenDir) => isUnder(brokenDir, dir))) continue;
      const kptfile = kptfiles.get(dir) as YAMLMap;
      const pkg = packagePath(dir, repository.directory, kptfile);
      if (pkg === undefined) {
        const message =
          `repository ${repository.name}: the Kptfile at its directory "${dir}" has no metadata.name, ` +
          'so the package has no name; it is left out';
        results.push(makeResult('warning', 'package-skipped', message));
        continue;
      }
      sources.push({
        repository: repository.name,
        package: pkg,
        revision: repository.revision,
        ...(repository.workspaceName === undefined ? {} : { workspaceName: repository.workspaceName }),
        dir,
        items: members.get(dir) ?? [],
      });
    }
  });
  return { sources, results };
}
