import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { Document, isMap, parseDocument } from 'yaml';
import type { YAMLMap } from 'yaml';
import { fileItems, hasErrors, isResourceFile, parseResourceList, readPackageDir } from '../src/krm/index.js';
import type { Result } from '../src/krm/index.js';
import { CATALOG_ANNOTATION, isCatalogNode, readCatalog } from '../src/catalog/index.js';
import type { Catalog, CatalogPackage } from '../src/catalog/index.js';
import { isUnder, parsePreferences } from '../src/resolve/index.js';
import type { Preference } from '../src/resolve/index.js';
import {
  DEFAULT_CATALOG_NAME,
  HEAD_REVISION,
  buildPackages,
  checkRepositories,
  findPackages,
  newCatalogNode,
  packagesText,
  parseRepositories,
  setPackagesText,
} from '../src/catalog-build/index.js';
import type { PackageSource, Repository, RepositoryEntry } from '../src/catalog-build/index.js';
import { fromClusterUsage, parseFromClusterArgs } from '../src/cluster/args.js';

export const catalogUsage = `usage: pkgdeps catalog build DIR [--repo NAME=SUBDIR]... [--revision R] [--git] [--prefer GROUP[/KIND]=REPO/PKG]... [-o FILE]

Builds the catalog ConfigMap (the build-catalog function) from the blueprint packages under DIR.
  --repo NAME=SUBDIR   the packages under DIR/SUBDIR are packages of Porch repository NAME
                       (repeatable; default: one repository "catalog" at DIR)
  --revision R         revision of the packages read (default "main")
  --git                DIR is in a git repository: read the branch head (HEAD) as revision R, and
                       every tag <package path>/v<N> as Published revision N (workspaceName vN)
  --prefer G=REPO/PKG  settles an ambiguous dependency (repeatable; the preferences field)
  -o FILE              write the catalog to FILE; an existing catalog there is updated, keeping
                       its other entries (default: stdout)

${fromClusterUsage}`;

interface Options {
  dir: string;
  repositories: RepositoryEntry[];
  revision: string;
  git: boolean;
  preferences: Preference[];
  out?: string;
}

function parseArgs(args: string[]): Options | string {
  const options: Options = { dir: '', repositories: [], revision: HEAD_REVISION, git: false, preferences: [] };
  const dirs: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const value = (): string | undefined => args[++i];
    if (arg === '--git') options.git = true;
    else if (arg === '--repo' || arg === '--revision' || arg === '--prefer' || arg === '-o' || arg === '--output') {
      const text = value();
      if (text === undefined) return `${arg} needs a value`;
      if (arg === '--revision') options.revision = text;
      else if (arg === '-o' || arg === '--output') options.out = text;
      else {
        const parsed = arg === '--repo' ? parseRepositories(text) : parsePreferences(text);
        if (parsed instanceof Error) return `${arg}: ${parsed.message}`;
        if (arg === '--repo') options.repositories.push(...(parsed as RepositoryEntry[]));
        else options.preferences.push(...(parsed as Preference[]));
      }
    } else if (arg.startsWith('-')) return `unknown option ${arg}`;
    else dirs.push(arg);
  }
  if (dirs.length !== 1) return `expected one directory, got ${dirs.length === 0 ? 'none' : dirs.join(' ')}`;
  options.dir = dirs[0] ?? '';
  if (options.repositories.length === 0) options.repositories.push({ name: 'catalog', directory: '' });
  return options;
}

function progress(message: string): void {
  process.stderr.write(`pkgdeps catalog: ${message}\n`);
}

/** Messages of build results name the file already. */
function resultLine(result: Result): string {
  return `  ${result.severity}: ${result.message}\n`;
}

interface Target {
  doc: Document;
  node?: YAMLMap;
  catalog?: Catalog;
}

/** The -o file's catalog, to be updated; an unusable file is an error, not overwritten. */
function readTarget(out: string | undefined): Target | string {
  if (out === undefined || !existsSync(out)) return { doc: new Document() };
  const doc = parseDocument(readFileSync(out, 'utf8'));
  const node = doc.contents;
  if (doc.errors.length > 0 || !isMap(node) || !isCatalogNode(node)) {
    return `${out} exists and does not hold one catalog ConfigMap (annotation ${CATALOG_ANNOTATION}); choose another -o FILE`;
  }
  const loaded = readCatalog(node);
  if (loaded.catalog === undefined) return `${out}: ${loaded.results.map((result) => result.message).join('; ')}`;
  return { doc, node, catalog: loaded.catalog };
}

function git(cwd: string, args: string[], input?: string): Buffer {
  const result = spawnSync('git', args, { cwd, input, maxBuffer: 1 << 30 });
  if (result.error !== undefined) throw result.error;
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr.toString().trim()}`);
  return result.stdout;
}

/**
 * Reads files of one commit-ish with a single `git cat-file --batch` and parses them into
 * items annotated with their path relative to DIR (`strip` is DIR's path in the git tree).
 */
function readBlobs(top: string, rev: string, paths: string[], strip: string): YAMLMap[] {
  if (paths.length === 0) return [];
  const output = git(top, ['cat-file', '--batch'], paths.map((path) => `${rev}:${path}\n`).join(''));
  const items: YAMLMap[] = [];
  let offset = 0;
  for (const path of paths) {
    const newline = output.indexOf(0x0a, offset);
    const header = output.toString('utf8', offset, newline).split(' ');
    offset = newline + 1;
    if (header[1] !== 'blob') continue;
    const size = Number(header[2]);
    const text = output.toString('utf8', offset, offset + size);
    offset += size + 1;
    items.push(...fileItems(text, path.slice(strip.length), `${rev}:${path}`, progress));
  }
  return items;
}

/** Resource files of the tree at `rev` under `under` (a path from the top of the git tree), as such paths. */
function resourcePaths(top: string, rev: string, under: string): string[] {
  return git(top, ['ls-tree', '-r', '-z', '--full-name', '--name-only', rev, '--', under === '' ? '.' : under])
    .toString('utf8')
    .split('\0')
    .filter((path) => path !== '' && isResourceFile(path));
}

/** Ancestor directories of `dir` from `top` (included) down to `dir`'s parent. */
function ancestorsFrom(top: string, dir: string): string[] {
  const parts = dir.split('/');
  const dirs: string[] = [];
  for (let i = parts.length - 1; i >= 0; i--) {
    const ancestor = parts.slice(0, i).join('/');
    if (isUnder(ancestor, top)) dirs.push(ancestor);
  }
  return dirs;
}

const TAG = /^(.+)\/v(0|[1-9][0-9]*)$/;

/** Whether each `<rev>:<path>` exists, with one `git cat-file --batch-check`. */
function exists(top: string, rev: string, paths: string[]): boolean[] {
  const lines = git(top, ['cat-file', '--batch-check'], paths.map((path) => `${rev}:${path}\n`).join('')).toString('utf8').split('\n');
  return paths.map((_, i) => !(lines[i] ?? ' missing').endsWith(' missing'));
}

/**
 * Revision N of the package tagged `<path>/v<N>`, read at the tag, for every repository whose
 * directory holds the path; or why the tag is skipped (no Kptfile there at the tag, or a
 * subpackage of another package there).
 */
function tagSources(top: string, prefix: string, tag: string, repositories: Repository[]): PackageSource[] | string {
  const [, gitPath = '', number = ''] = TAG.exec(tag) ?? [];
  const pkgDir = gitPath.slice(prefix.length);
  const owners = repositories.filter((repository) => isUnder(pkgDir, repository.directory));
  if (owners.length === 0) return [];
  const outermost = owners.map((repository) => repository.directory).sort((a, b) => a.length - b.length)[0] ?? '';
  const ancestors = ancestorsFrom(outermost, pkgDir);
  const kptfile = (dir: string) => `${prefix}${dir === '' ? '' : `${dir}/`}Kptfile`;
  const [own = false, ...above] = exists(top, tag, [kptfile(pkgDir), ...ancestors.map(kptfile)]);
  if (!own) return `no Kptfile in ${pkgDir} at the tag`;
  const parent = ancestors.find((_, i) => above[i] === true);
  if (parent !== undefined) return `${pkgDir} is a subpackage of the package in ${parent === '' ? 'the top directory' : parent} at the tag`;
  const items = readBlobs(top, tag, resourcePaths(top, tag, gitPath), prefix);
  const revisions = owners.map((repository) => ({ name: repository.name, directory: repository.directory, revision: number, workspaceName: `v${number}` }));
  return findPackages(items, revisions).sources.filter((source) => source.dir === pkgDir);
}

/**
 * The package revisions of the git repository DIR is in: the branch head (HEAD) as the
 * repositories' revision, and each `<package path>/v<N>` tag (Porch's convention; the path
 * from the top of the git tree) as revision N of that package, read at the tag.
 */
function gitSources(dir: string, repositories: Repository[]): { sources: PackageSource[]; results: Result[] } {
  const top = git(dir, ['rev-parse', '--show-toplevel']).toString('utf8').trim();
  const prefix = git(dir, ['rev-parse', '--show-prefix']).toString('utf8').trim();
  progress('reading the branch head (HEAD)');
  const head = findPackages(readBlobs(top, 'HEAD', resourcePaths(top, 'HEAD', prefix), prefix), repositories);
  const sources = [...head.sources];
  const results = [...head.results];
  const tags = git(top, ['for-each-ref', '--format=%(refname:strip=2)', 'refs/tags'])
    .toString('utf8')
    .split('\n')
    .filter((tag) => TAG.test(tag) && tag.startsWith(prefix))
    .sort();
  let reported = Date.now();
  tags.forEach((tag, i) => {
    if (Date.now() - reported > 1000) {
      progress(`reading tag ${i + 1} of ${tags.length} (${tag})`);
      reported = Date.now();
    }
    const found = tagSources(top, prefix, tag, repositories);
    if (typeof found === 'string') results.push({ severity: 'warning', message: `tag ${tag}: ${found}; it is left out of the catalog` });
    else sources.push(...found);
  });
  if (tags.length > 0) progress(`read ${tags.length} package tags`);
  return { sources, results };
}

/** Writes the catalog document to stdout or the -o file. */
function writeCatalog(target: Target, out: string | undefined, name: string, count: number): void {
  const yaml = target.doc.toString({ lineWidth: 0 });
  if (out === undefined) process.stdout.write(yaml);
  else {
    writeFileSync(out, yaml);
    progress(`wrote catalog ${name} (${count} packages) to ${out}`);
  }
}

/** The catalog node of `target` holding `text` as its packages, new or updated. */
function catalogNode(target: Target, name: string, text: string): YAMLMap {
  if (target.node !== undefined) {
    setPackagesText(target.node, text);
    return target.node;
  }
  const node = newCatalogNode(target.doc, name, text);
  target.doc.contents = node;
  return node;
}

/** The catalog file to write (`-o`), read when it exists; a problem is printed and gives exit 1. */
function openTarget(out: string | undefined): Target | number {
  const target = readTarget(out);
  if (typeof target !== 'string') return target;
  process.stderr.write(`pkgdeps catalog: ${target}\n`);
  return 1;
}

/**
 * Prints the results and, when there are packages, writes them (and what `more` adds to the
 * ConfigMap) to the target; the exit code: 1 on error results or no packages.
 */
function finish(target: Target, out: string | undefined, name: string, results: Result[], packages: CatalogPackage[] | undefined, more?: (node: YAMLMap) => void): number {
  process.stderr.write(results.map(resultLine).join(''));
  if (packages === undefined) return 1;
  const node = catalogNode(target, name, packagesText(packages));
  more?.(node);
  writeCatalog(target, out, name, packages.length);
  return hasErrors(results) ? 1 : 0;
}

/** `pkgdeps catalog from-cluster ...` (src/cluster, loaded only here: it brings the Kubernetes client). */
async function runFromCluster(args: string[]): Promise<number> {
  const options = parseFromClusterArgs(args);
  if (typeof options === 'string') {
    process.stderr.write(`pkgdeps catalog: ${options}\n${fromClusterUsage}\n`);
    return 2;
  }
  const target = openTarget(options.out);
  if (typeof target === 'number') return target;
  const { catalogFromCluster, setClusterData } = await import('../src/cluster/index.js');
  const name = target.catalog?.name ?? DEFAULT_CATALOG_NAME;
  const found = await catalogFromCluster(options, target.catalog, name, progress);
  if (typeof found === 'string') {
    process.stderr.write(`pkgdeps catalog: ${found}\n`);
    return 1;
  }
  return finish(target, options.out, name, found.results, found.packages, (node) =>
    setClusterData(node, target.catalog, found.installed, found.targets, found.platform),
  );
}

/** `pkgdeps catalog build|from-cluster ...`; returns the exit code (2: usage). */
export function runCatalog(args: string[]): number | Promise<number> {
  const [command, ...rest] = args;
  if (command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(`${catalogUsage}\n`);
    return 0;
  }
  if (command === 'from-cluster') return runFromCluster(rest);
  const options = command === 'build' ? parseArgs(rest) : `unknown command ${command === undefined ? '(none)' : `"${command}"`}`;
  if (typeof options === 'string') {
    process.stderr.write(`pkgdeps catalog: ${options}\n${catalogUsage}\n`);
    return 2;
  }
  const target = openTarget(options.out);
  if (typeof target === 'number') return target;
  const checked = checkRepositories(options.repositories, options.revision);
  if (hasErrors(checked.results)) {
    process.stderr.write(checked.results.map(resultLine).join(''));
    return 2;
  }
  let found: { sources: PackageSource[]; results: Result[] };
  try {
    if (options.git) found = gitSources(options.dir, checked.repositories);
    else {
      progress(`reading ${options.dir}`);
      found = findPackages(parseResourceList(readPackageDir(options.dir)).items, checked.repositories);
    }
  } catch (error) {
    process.stderr.write(`pkgdeps catalog: cannot read ${options.dir}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  const name = target.catalog?.name ?? DEFAULT_CATALOG_NAME;
  progress(`building the catalog of ${found.sources.length} package revisions`);
  const build = buildPackages(found.sources, target.catalog, options.preferences, name);
  return finish(target, options.out, name, [...found.results, ...build.results], build.packages);
}
