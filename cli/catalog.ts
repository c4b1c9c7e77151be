import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { YAMLMap } from 'yaml';
import { CONFIG_API_VERSION, byCodePoint, fileItems, hasErrors, isResourceFile, itemFile, itemString } from '../src/krm/index.js';
import { parseResourceList, readFunctionConfig, readPackageDir } from '../src/krm/index.js';
import type { Result } from '../src/krm/index.js';
import { isUnder } from '../src/resolve/index.js';
import {
  DEFAULT_CATALOG_NAME,
  HEAD_REVISION,
  buildPackages,
  checkRepositories,
  findPackages,
  packagesText,
  parseRepositories,
} from '../src/catalog-build/index.js';
import type { BuildConfig, PackageSource, Repository, RepositoryEntry } from '../src/catalog-build/index.js';
import { configSpec } from '../functions/build-catalog/processor.js';
import type { Command } from './command.js';
import { CommandError } from './command.js';
import { catalogNode, openCatalogFile, writeCatalogFile } from './catalog-file.js';
import { listValue, stringValue, UsageError } from './options.js';
import type { ParsedArgs } from './options.js';
import { Reporter } from './report.js';
import { outputOption, preferencesOf, preferOption, quietOption } from './shared-options.js';

/**
 * `pkgdeps catalog build DIR`: the build-catalog function on the blueprint packages under DIR
 * (read as `kpt fn source` reads them, or from git with --git), written to stdout or to the
 * catalog file of -o, which is updated.
 */

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
function readBlobs(top: string, rev: string, paths: string[], strip: string, warn: (message: string) => void): YAMLMap[] {
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
    items.push(...fileItems(text, path.slice(strip.length), `${rev}:${path}`, warn));
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

/** The git tree DIR is in: its top directory and DIR's path from there (`''` or ending in `/`). */
interface GitTree {
  top: string;
  prefix: string;
  warn: (message: string) => void;
}

function gitTree(dir: string, warn: (message: string) => void): GitTree {
  const top = git(dir, ['rev-parse', '--show-toplevel']).toString('utf8').trim();
  const prefix = git(dir, ['rev-parse', '--show-prefix']).toString('utf8').trim();
  return { top, prefix, warn };
}

/**
 * Revision N of the package tagged `<path>/v<N>`, read at the tag, for every repository whose
 * directory holds the path; or why the tag is skipped (no Kptfile there at the tag, or a
 * subpackage of another package there).
 */
function tagSources(tree: GitTree, tag: string, repositories: Repository[]): PackageSource[] | string {
  const { top, prefix } = tree;
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
  if (parent !== undefined) {
    return `${pkgDir} is a subpackage of the package in ${parent === '' ? 'the top directory' : parent} at the tag`;
  }
  const items = readBlobs(top, tag, resourcePaths(top, tag, gitPath), prefix, tree.warn);
  const revisions = owners.map((repository) => ({
    name: repository.name,
    directory: repository.directory,
    revision: number,
    workspaceName: `v${number}`,
  }));
  return findPackages(items, revisions).sources.filter((source) => source.dir === pkgDir);
}

/**
 * The package revisions of the `<package path>/v<N>` tags (Porch's convention; the path from
 * the top of the git tree) under DIR, each as revision N of that package, read at the tag.
 */
function tagRevisions(tree: GitTree, repositories: Repository[], reporter: Reporter): PackageSource[] {
  const sources: PackageSource[] = [];
  const tags = git(tree.top, ['for-each-ref', '--format=%(refname:strip=2)', 'refs/tags'])
    .toString('utf8')
    .split('\n')
    .filter((tag) => TAG.test(tag) && tag.startsWith(tree.prefix))
    .sort(byCodePoint);
  let reported = Date.now();
  tags.forEach((tag, i) => {
    if (Date.now() - reported > 1000) {
      reporter.progress(`reading tag ${i + 1} of ${tags.length} (${tag})`);
      reported = Date.now();
    }
    const found = tagSources(tree, tag, repositories);
    if (typeof found === 'string') tree.warn(`tag ${tag}: ${found}; it is left out of the catalog`);
    else sources.push(...found);
  });
  if (tags.length > 0) reporter.progress(`read ${tags.length} package tags`);
  return sources;
}

/** A `BuildCatalog` function config among the items (a file in DIR), as the function would read it. */
function configInDir(items: YAMLMap[]): { config?: BuildConfig; file?: string; results: Result[] } {
  const configs = items.filter(
    (item) => itemString(item, ['apiVersion']) === CONFIG_API_VERSION && itemString(item, ['kind']) === configSpec.kind,
  );
  const files = configs.map((item) => itemFile(item)?.path ?? '?');
  if (configs.length > 1) throw new CommandError(`DIR holds ${configs.length} BuildCatalog configs (${files.join(', ')}); keep one`);
  const [node] = configs;
  if (node === undefined) return { results: [] };
  const { config, results } = readFunctionConfig(node, configSpec);
  return { config, file: files[0], results };
}

/** What the command line says, over a BuildCatalog config found in DIR: --repo replaces its repositories, --prefer adds to its preferences. */
function effectiveConfig(args: ParsedArgs, found: BuildConfig | undefined): BuildConfig {
  const repositories: RepositoryEntry[] = [];
  for (const text of listValue(args, 'repo')) {
    const parsed = parseRepositories(text);
    if (parsed instanceof Error) throw new UsageError('catalog build', `--repo: ${parsed.message}`);
    repositories.push(...parsed);
  }
  const base = found ?? { catalog: DEFAULT_CATALOG_NAME, repositories: [{ name: 'catalog', directory: '' }], preferences: [] };
  return {
    catalog: base.catalog,
    repositories: repositories.length > 0 ? repositories : base.repositories,
    preferences: [...base.preferences, ...preferencesOf(args, 'catalog build')],
  };
}

/** Each repository directory must exist under DIR: a misspelt one would silently give no packages. */
function checkDirectories(dir: string, repositories: Repository[], fromConfig: string | undefined): void {
  for (const repository of repositories) {
    const path = join(dir, repository.directory);
    if (existsSync(path) && statSync(path).isDirectory()) continue;
    const source = fromConfig === undefined ? '--repo' : `repositories of ${fromConfig}`;
    throw new CommandError(`${source}: directory "${repository.directory}" of repository ${repository.name} is not a directory under ${dir}`);
  }
}

function readDir(dir: string, useGit: boolean, reporter: Reporter, warn: (message: string) => void) {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new CommandError(`${dir}: no such directory`);
  if (!useGit) {
    reporter.progress(`reading ${dir}`);
    return { items: parseResourceList(readPackageDir(dir)).items };
  }
  const tree = gitTree(dir, warn);
  reporter.progress('reading the branch head (HEAD)');
  return { items: readBlobs(tree.top, 'HEAD', resourcePaths(tree.top, 'HEAD', tree.prefix), tree.prefix, warn), tree };
}

export const catalogBuild: Command = {
  spec: {
    name: 'catalog build',
    args: 'DIR',
    positionals: { min: 1, max: 1 },
    about:
      'Builds the catalog ConfigMap (the build-catalog function) from the blueprint packages under DIR.\n' +
      'A BuildCatalog config in DIR is used as the function uses it; --repo and --prefer override it.',
    options: [
      {
        name: 'repo',
        value: 'NAME=SUBDIR',
        multiple: true,
        help: 'the packages under DIR/SUBDIR are packages of Porch repository NAME (default: "catalog" at DIR)',
      },
      { name: 'revision', value: 'R', help: `revision of the packages read (default "${HEAD_REVISION}")` },
      {
        name: 'git',
        help:
          'read the branch head (HEAD) of the git repository DIR is in as revision R, and every tag ' +
          '<package path>/v<N> as Published revision N (workspaceName vN)',
      },
      preferOption,
      outputOption,
      quietOption,
    ],
  },
  run(args, io) {
    const dir = args.positionals[0] ?? '';
    const reporter = new Reporter(io, 'catalog build', args.values.quiet === true);
    const file = openCatalogFile(stringValue(args, 'output'));
    const results: Result[] = [];
    const warn = (message: string) => results.push({ severity: 'warning', message });
    const { items, tree } = readDir(dir, args.values.git === true, reporter, warn);
    const found = configInDir(items);
    if (found.file !== undefined) reporter.progress(`using the BuildCatalog config ${found.file}`);
    if (hasErrors(found.results)) {
      reporter.results(found.results);
      return 1;
    }
    const config = effectiveConfig(args, found.config);
    const checked = checkRepositories(config.repositories, stringValue(args, 'revision') ?? HEAD_REVISION);
    if (hasErrors(checked.results)) throw new UsageError('catalog build', checked.results.map((r) => r.message).join('; '));
    checkDirectories(dir, checked.repositories, found.file);
    const head = findPackages(items, checked.repositories);
    const sources = [...head.sources, ...(tree === undefined ? [] : tagRevisions(tree, checked.repositories, reporter))];
    const name = file.catalog?.name ?? config.catalog;
    reporter.progress(`building the catalog of ${sources.length} package revisions`);
    const build = buildPackages(sources, file.catalog, config.preferences, name);
    results.push(...found.results, ...head.results, ...build.results);
    reporter.results(results);
    if (build.packages === undefined) return 1;
    catalogNode(file, name, packagesText(build.packages));
    const written = writeCatalogFile(file, io);
    if (written !== undefined) reporter.progress(`wrote catalog ${name} (${build.packages.length} packages) to ${written}`);
    return hasErrors(results) ? 1 : 0;
  },
};
