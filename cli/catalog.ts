import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { YAMLMap } from 'yaml';
import { CONFIG_API_VERSION, byCodePoint, hasErrors, itemFile, itemString } from '../src/krm/index.js';
import { makeResult, readFunctionConfig, readPackageItems } from '../src/krm/index.js';
import type { Result, UnreadFile } from '../src/krm/index.js';
import { isUnder } from '../src/resolve/index.js';
import {
  DEFAULT_CATALOG_NAME,
  HEAD_REVISION,
  buildPackages,
  checkBuildConfig,
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
import { GitObjects, git } from './git-tree.js';
import { outputOption, preferencesOf, preferOption, quietOption } from './shared-options.js';

/**
 * `pkgdeps catalog build DIR`: the build-catalog function on the blueprint packages under DIR
 * (read as `kpt fn source` reads them, or from git with --git), written to stdout or to the
 * catalog file of -o, which is updated.
 */

/**
 * The resource files under DIR at the branch head (HEAD) as items annotated with their path
 * relative to DIR, and the files that do not parse (docs/SPEC.md rule malformed-files).
 */
function readHead(objects: GitObjects, prefix: string): { items: YAMLMap[]; unread: UnreadFile[] } {
  const root = git(objects.top, ['rev-parse', '--verify', '--end-of-options', 'HEAD^{tree}']).toString('utf8').trim();
  const tree = objects.subtree(root, prefix.replace(/\/$/, ''));
  return objects.read(tree === undefined ? [] : (objects.filesUnder([tree])[0] ?? []));
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

/** The git tree DIR is in: its objects and DIR's path from its top (`''` or ending in `/`). */
interface GitTree {
  objects: GitObjects;
  prefix: string;
}

function gitTree(dir: string): GitTree {
  const top = git(dir, ['rev-parse', '--show-toplevel']).toString('utf8').trim();
  const prefix = git(dir, ['rev-parse', '--show-prefix']).toString('utf8').trim();
  return { objects: new GitObjects(top), prefix };
}

/** What reading produced: package revisions and the results of reading them. */
interface Found {
  sources: PackageSource[];
  results: Result[];
}

/** A `<package path>/v<N>` tag: the package's directory under DIR, N, the repositories holding it. */
interface Tag {
  name: string;
  /** The package's path from the top of the git tree. */
  gitPath: string;
  pkgDir: string;
  number: string;
  owners: Repository[];
  /** The directories above the package up to its outermost repository directory, nearest first. */
  ancestors: string[];
}

function parseTag(name: string, prefix: string, repositories: Repository[]): Tag | undefined {
  const [, gitPath = '', number = ''] = TAG.exec(name) ?? [];
  const pkgDir = gitPath.slice(prefix.length);
  const owners = repositories.filter((repository) => isUnder(pkgDir, repository.directory));
  if (owners.length === 0) return undefined;
  const outermost = owners.map((repository) => repository.directory).sort((a, b) => a.length - b.length)[0] ?? '';
  return { name, gitPath, pkgDir, number, owners, ancestors: ancestorsFrom(outermost, pkgDir) };
}

/**
 * Revision N of the package of each tag, read at the tag, for every repository whose directory
 * holds the path, with the results of reading it (each starting `tag <tag>:`); or why the tag is
 * skipped (no Kptfile there at the tag, or a subpackage of another package there). All tags are
 * read together (see git-tree.ts): a few git processes in all, each object read once.
 */
function tagSources(objects: GitObjects, prefix: string, tags: Tag[]): Array<Found | string> {
  const at = (tag: Tag, path: string) => `refs/tags/${tag.name}:${path}`;
  const gitDir = (dir: string) => `${prefix}${dir}`.replace(/\/$/, '');
  const kptfile = (dir: string) => `${prefix}${dir === '' ? '' : `${dir}/`}Kptfile`;
  const packageTrees = objects.lookup(tags.map((tag) => at(tag, tag.gitPath)));
  const ancestorFiles = objects.lookup(tags.flatMap((tag) => tag.ancestors.map((dir) => at(tag, kptfile(dir)))));
  const trees = packageTrees.map((found) => (found?.type === 'tree' ? found.oid : undefined));
  const files = objects.filesUnder(trees.filter((oid): oid is string => oid !== undefined));
  // An ancestor's Kptfile counts when it is a regular file: its directory's tree says (rarely needed).
  const ancestorBlobs = tags.flatMap((tag) => tag.ancestors.map((dir) => ({ tag, dir })));
  const candidates = ancestorBlobs.filter((_, i) => ancestorFiles[i]?.type === 'blob');
  const candidateTrees = objects.lookup(candidates.map(({ tag, dir }) => at(tag, gitDir(dir))));
  objects.readTrees(candidateTrees.flatMap((found) => (found?.type === 'tree' ? [found.oid] : [])));
  const parents = new Map<Tag, string>();
  candidates.forEach(({ tag, dir }, i) => {
    const tree = candidateTrees[i];
    if (tree?.type === 'tree' && objects.hasFile(tree.oid, 'Kptfile') && !parents.has(tag)) parents.set(tag, dir);
  });
  let next = 0;
  const read = tags.map((tag, i) => {
    const tree = trees[i];
    const under = tree === undefined ? [] : (files[next++] ?? []);
    const paths = under.map((file) => ({
      ...file,
      path: tag.pkgDir === '' ? file.path : `${tag.pkgDir}/${file.path}`,
    }));
    return { tag, tree, files: paths };
  });
  // One read of every file not read before; each tag then takes its own from what was read.
  objects.read(read.flatMap((one) => one.files));
  return read.map(({ tag, tree, files }) => {
    if (tree === undefined || !objects.hasFile(tree, 'Kptfile')) return `no Kptfile in ${tag.pkgDir} at the tag`;
    const parent = parents.get(tag);
    if (parent !== undefined) {
      return `${tag.pkgDir} is a subpackage of the package in ${parent === '' ? 'the top directory' : parent} at the tag`;
    }
    const { items, unread } = objects.read(files);
    const revisions = tag.owners.map((repository) => ({
      name: repository.name,
      directory: repository.directory,
      revision: tag.number,
      workspaceName: `v${tag.number}`,
    }));
    const found = findPackages(items, revisions, unread);
    return {
      sources: found.sources.filter((source) => source.dir === tag.pkgDir),
      results: found.results.map((result) => ({ ...result, message: `tag ${tag.name}: ${result.message}` })),
    };
  });
}

/**
 * The package revisions of the `<package path>/v<N>` tags (Porch's convention; the path from
 * the top of the git tree) under DIR, each as revision N of that package, read at the tag.
 */
function tagRevisions(objects: GitObjects, prefix: string, repositories: Repository[], reporter: Reporter): Found {
  const sources: PackageSource[] = [];
  const results: Result[] = [];
  const names = git(objects.top, ['for-each-ref', '--format=%(refname:strip=2)', 'refs/tags'])
    .toString('utf8')
    .split('\n')
    .filter((tag) => TAG.test(tag) && tag.startsWith(prefix))
    .sort(byCodePoint);
  const tags = names.flatMap((name) => parseTag(name, prefix, repositories) ?? []);
  if (tags.length > 0) reporter.progress(`reading ${tags.length} package tags`);
  tagSources(objects, prefix, tags).forEach((found, i) => {
    if (typeof found === 'string') {
      const message = `tag ${tags[i]?.name ?? ''}: ${found}; it is left out of the catalog`;
      results.push(makeResult('warning', 'package-skipped', message));
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
  if (config !== undefined) results.push(...checkBuildConfig(config));
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
    return readPackageItems(dir);
  }
  const tree = gitTree(dir);
  reporter.progress('reading the branch head (HEAD)');
  return { ...readHead(tree.objects, tree.prefix), tree };
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
    const tags =
      tree === undefined
        ? { sources: [], results: [] }
        : tagRevisions(tree.objects, tree.prefix, checked.repositories, reporter);
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
