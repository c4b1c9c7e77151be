import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { YAMLMap } from 'yaml';
import { CONFIG_API_VERSION, byCodePoint, hasErrors, isResourceFile, itemFile, itemString } from '../src/krm/index.js';
import { makeResult, parseResourceList, readFiles, readFunctionConfig, readPackageDir } from '../src/krm/index.js';
import type { Result, UnreadFile } from '../src/krm/index.js';
import { isUnder } from '../src/resolve/index.js';
import {
  DEFAULT_CATALOG_NAME,
  HEAD_REVISION,
  buildPackages,
  checkCatalogName,
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

/**
 * Runs git in `cwd`: pathspecs are literal, and callers put revisions after `--end-of-options`
 * and paths after `--`, so that no name is read as an option or a pattern.
 */
function git(cwd: string, args: string[], input?: string): Buffer {
  const result = spawnSync('git', ['--literal-pathspecs', ...args], { cwd, input, maxBuffer: 1 << 30 });
  if (result.error !== undefined) throw result.error;
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr.toString().trim()}`);
  return result.stdout;
}

/** A file of a git tree: its path from the top of the tree and its blob's object name. */
interface TreeFile {
  path: string;
  blob: string;
}

/**
 * The regular files under `paths` (from the top of the git tree) at `rev`, read NUL-separated
 * (`ls-tree -z`) so that any byte of a name, a newline included, stays in it. Symbolic links and
 * submodules are left out, as reading a directory leaves them out.
 */
function treeFiles(top: string, rev: string, paths: string[], recursive: boolean): TreeFile[] {
  const options = [...(recursive ? ['-r'] : []), '-z', '--full-name'];
  return git(top, ['ls-tree', ...options, '--end-of-options', rev, '--', ...paths])
    .toString('utf8')
    .split('\0')
    .flatMap((entry) => {
      const tab = entry.indexOf('\t');
      const [mode, type, blob] = entry.slice(0, tab).split(' ');
      const regular = mode === '100644' || mode === '100755';
      return tab > 0 && type === 'blob' && regular && blob !== undefined ? [{ path: entry.slice(tab + 1), blob }] : [];
    });
}

/**
 * The contents of `files` with one `git cat-file --batch`, asked by object name (never by path),
 * each answer checked: the object asked for, a blob, as many bytes as its header says, then a
 * newline. Anything else is an error, not a guess.
 */
function blobTexts(top: string, files: TreeFile[]): string[] {
  if (files.length === 0) return [];
  const output = git(top, ['cat-file', '--batch'], files.map((file) => `${file.blob}\n`).join(''));
  let offset = 0;
  return files.map((file) => {
    const newline = output.indexOf(0x0a, offset);
    const header = newline < 0 ? '' : output.toString('utf8', offset, newline);
    const [name, type, size] = header.split(' ');
    const end = newline + 1 + Number(size);
    if (name !== file.blob || type !== 'blob' || !/^[0-9]+$/.test(size ?? '') || output[end] !== 0x0a) {
      throw new Error(`git cat-file answered "${header}" for ${file.path}, expected "${file.blob} blob <size>"`);
    }
    offset = end + 1;
    return output.toString('utf8', newline + 1, end);
  });
}

/**
 * The resource files under `under` (a path from the top of the git tree) at `rev` as items annotated
 * with their path relative to DIR (`strip` is DIR's path in the git tree), and the files that do
 * not parse (docs/SPEC.md rule malformed-files).
 */
function readTree(top: string, rev: string, under: string, strip: string): { items: YAMLMap[]; unread: UnreadFile[] } {
  const files = treeFiles(top, rev, [under === '' ? '.' : under], true).filter((file) => isResourceFile(file.path));
  const texts = blobTexts(top, files);
  return readFiles(files.map((file, i) => ({ path: file.path.slice(strip.length), text: texts[i] ?? '' })));
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

/** The git tree DIR is in: its top directory and DIR's path from there (`''` or ending in `/`). */
interface GitTree {
  top: string;
  prefix: string;
}

function gitTree(dir: string): GitTree {
  const top = git(dir, ['rev-parse', '--show-toplevel']).toString('utf8').trim();
  const prefix = git(dir, ['rev-parse', '--show-prefix']).toString('utf8').trim();
  return { top, prefix };
}

/** What reading produced: package revisions and the results of reading them. */
interface Found {
  sources: PackageSource[];
  results: Result[];
}

/**
 * Revision N of the package tagged `<path>/v<N>`, read at the tag, for every repository whose
 * directory holds the path, with the results of reading it (each starting `tag <tag>:`); or why
 * the tag is skipped (no Kptfile there at the tag, or a subpackage of another package there).
 */
function tagSources(tree: GitTree, tag: string, repositories: Repository[]): Found | string {
  const { top, prefix } = tree;
  const [, gitPath = '', number = ''] = TAG.exec(tag) ?? [];
  const pkgDir = gitPath.slice(prefix.length);
  const owners = repositories.filter((repository) => isUnder(pkgDir, repository.directory));
  if (owners.length === 0) return { sources: [], results: [] };
  const outermost = owners.map((repository) => repository.directory).sort((a, b) => a.length - b.length)[0] ?? '';
  const ancestors = ancestorsFrom(outermost, pkgDir);
  const kptfile = (dir: string) => `${prefix}${dir === '' ? '' : `${dir}/`}Kptfile`;
  const kptfiles = treeFiles(top, tag, [kptfile(pkgDir), ...ancestors.map(kptfile)], false);
  const present = new Set(kptfiles.map((file) => file.path));
  if (!present.has(kptfile(pkgDir))) return `no Kptfile in ${pkgDir} at the tag`;
  const parent = ancestors.find((dir) => present.has(kptfile(dir)));
  if (parent !== undefined) {
    return `${pkgDir} is a subpackage of the package in ${parent === '' ? 'the top directory' : parent} at the tag`;
  }
  const { items, unread } = readTree(top, tag, gitPath, prefix);
  const revisions = owners.map((repository) => ({
    name: repository.name,
    directory: repository.directory,
    revision: number,
    workspaceName: `v${number}`,
  }));
  const found = findPackages(items, revisions, unread);
  return {
    sources: found.sources.filter((source) => source.dir === pkgDir),
    results: found.results.map((result) => ({ ...result, message: `tag ${tag}: ${result.message}` })),
  };
}

/**
 * The package revisions of the `<package path>/v<N>` tags (Porch's convention; the path from
 * the top of the git tree) under DIR, each as revision N of that package, read at the tag.
 */
function tagRevisions(tree: GitTree, repositories: Repository[], reporter: Reporter): Found {
  const sources: PackageSource[] = [];
  const results: Result[] = [];
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
    if (typeof found === 'string') {
      results.push(makeResult('warning', 'package-skipped', `tag ${tag}: ${found}; it is left out of the catalog`));
    } else {
      sources.push(...found.sources);
      results.push(...found.results);
    }
  });
  if (tags.length > 0) reporter.progress(`read ${tags.length} package tags`);
  return { sources, results };
}

/** A `BuildCatalog` function config among the items (a file in DIR), as the function would read it. */
function configInDir(items: YAMLMap[]): { config?: BuildConfig; file?: string; results: Result[] } {
  const configs = items.filter(
    (item) => itemString(item, ['apiVersion']) === CONFIG_API_VERSION && itemString(item, ['kind']) === configSpec.kind,
  );
  const files = configs.map((item) => itemFile(item)?.path ?? '?');
  if (configs.length > 1)
    throw new CommandError(`DIR holds ${configs.length} BuildCatalog configs (${files.join(', ')}); keep one`);
  const [node] = configs;
  if (node === undefined) return { results: [] };
  const { config, results } = readFunctionConfig(node, configSpec);
  if (config !== undefined) results.push(...checkCatalogName(config.catalog));
  return { config, file: files[0], results };
}

/**
 * What the command line says, over a BuildCatalog config found in DIR: --repo replaces its repositories, --prefer
 * adds to its preferences.
 */
function effectiveConfig(args: ParsedArgs, found: BuildConfig | undefined): BuildConfig {
  const repositories: RepositoryEntry[] = [];
  for (const text of listValue(args, 'repo')) {
    const parsed = parseRepositories(text);
    if (parsed instanceof Error) throw new UsageError('catalog build', `--repo: ${parsed.message}`);
    repositories.push(...parsed);
  }
  const base = found ?? {
    catalog: DEFAULT_CATALOG_NAME,
    repositories: [{ name: 'catalog', directory: '' }],
    preferences: [],
  };
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
    throw new CommandError(
      `${source}: directory "${repository.directory}" of repository ${repository.name} is not a directory under ${dir}`,
    );
  }
}

/** The items of DIR (its branch head with --git), the files that do not parse, and the git tree. */
function readDir(
  dir: string,
  useGit: boolean,
  reporter: Reporter,
): { items: YAMLMap[]; unread: UnreadFile[]; tree?: GitTree } {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new CommandError(`${dir}: no such directory`);
  if (!useGit) {
    reporter.progress(`reading ${dir}`);
    const read = readPackageDir(dir);
    return { items: parseResourceList(read.text).items, unread: read.unread };
  }
  const tree = gitTree(dir);
  reporter.progress('reading the branch head (HEAD)');
  return { ...readTree(tree.top, 'HEAD', tree.prefix, tree.prefix), tree };
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
    const { items, unread, tree } = readDir(dir, args.values.git === true, reporter);
    const found = configInDir(items);
    if (found.file !== undefined) reporter.progress(`using the BuildCatalog config ${found.file}`);
    if (hasErrors(found.results)) {
      reporter.results(found.results);
      return 1;
    }
    const config = effectiveConfig(args, found.config);
    const checked = checkRepositories(config.repositories, stringValue(args, 'revision') ?? HEAD_REVISION);
    if (hasErrors(checked.results))
      throw new UsageError('catalog build', checked.results.map((r) => r.message).join('; '));
    checkDirectories(dir, checked.repositories, found.file);
    const head = findPackages(items, checked.repositories, unread);
    const tags = tree === undefined ? { sources: [], results: [] } : tagRevisions(tree, checked.repositories, reporter);
    const sources = [...head.sources, ...tags.sources];
    const name = file.catalog?.name ?? config.catalog;
    reporter.progress(`building the catalog of ${sources.length} package revisions`);
    const build = buildPackages(sources, file.catalog, config.preferences, name);
    const results = [...found.results, ...head.results, ...tags.results, ...build.results];
    reporter.results(results);
    if (build.packages === undefined) return 1;
    catalogNode(file, name, packagesText(build.packages));
    const written = writeCatalogFile(file, io);
    if (written !== undefined)
      reporter.progress(`wrote catalog ${name} (${build.packages.length} packages) to ${written}`);
    return hasErrors(results) ? 1 : 0;
  },
};
