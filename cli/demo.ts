import { isAbsolute, join, relative, sep } from 'node:path';
import { Document } from 'yaml';
import type { YAMLMap } from 'yaml';
import {
  CONFIG_API_VERSION,
  INDEX_ANNOTATION,
  PATH_ANNOTATION,
  annotation,
  hasErrors,
  itemFile,
  itemRef,
  itemString,
  parseResourceList,
  readPackageDir,
  removeAnnotation,
  sortResults,
  unreadResult,
} from '../src/krm/index.js';
import type { Result } from '../src/krm/index.js';
import { DEPENDS_ON, GENERATED_BY, PROVIDED_BY, REQUIRES_APIS, isKptfile } from '../src/resolve/index.js';
import { emitPackageVariants } from '../functions/emit-package-variants/processor.js';
import { resolveDependencies } from '../functions/resolve-dependencies/processor.js';
import type { Command, Io } from './command.js';

function list(values: string | undefined): string[] {
  return values === undefined ? [] : values.split(',');
}

function resultLine(result: Result): string {
  const where = result.file?.path === undefined ? '' : ` [${result.file.path}]`;
  return `  ${result.severity.padEnd(7)} ${result.message}${where}`;
}

/** A path as the user would type it here: relative to the current directory when under it, else absolute. */
function fromHere(path: string): string {
  const shown = relative(process.cwd(), path);
  if (shown === '') return '.';
  return shown === '..' || shown.startsWith(`..${sep}`) || isAbsolute(shown) ? path : shown;
}

/** The `--exec` path of a function (kpt runs it from the current directory, and needs a path, not a name). */
function execPath(functionsDir: string, name: string): string {
  const shown = fromHere(join(functionsDir, `${name}.js`));
  return isAbsolute(shown) ? shown : `.${sep}${shown}`;
}

function configItem(items: YAMLMap[], kind: string): YAMLMap | undefined {
  return items.find(
    (item) => itemString(item, ['apiVersion']) === CONFIG_API_VERSION && itemString(item, ['kind']) === kind,
  );
}

/**
 * What emit-package-variants would add to the package: run with the package's own
 * `EmitPackageVariants` config, or else one for the resolve config's target (its deployment
 * repository named after it), on a fresh read of the package.
 */
function emitSection(
  packageDir: string,
  shownDir: string,
  target: string | undefined,
  functionsDir: string,
): { lines: string[]; failed: boolean } {
  const list = parseResourceList(readPackageDir(packageDir).text);
  const own = configItem(list.items, 'EmitPackageVariants');
  if (own === undefined && target === undefined) {
    return { lines: ['', 'emit-package-variants: no target is set, so no PackageVariants are shown'], failed: false };
  }
  list.functionConfig =
    own ??
    (new Document({
      apiVersion: CONFIG_API_VERSION,
      kind: 'EmitPackageVariants',
      metadata: { name: 'demo' },
      target,
      downstreamRepository: target,
    }).contents as YAMLMap);
  const results = sortResults(emitPackageVariants(list));
  const config =
    own === undefined ? `target=${target} downstreamRepository=${target}` : (itemFile(own)?.path ?? 'its config');
  const lines = ['', `PackageVariants emit-package-variants would add (${config}):`];
  const variants = list.items.filter((item) => annotation(item, GENERATED_BY) !== undefined);
  if (variants.length === 0) lines.push('  (none: every dependency is installed or already requested)');
  for (const item of variants) {
    const shown = item.clone() as YAMLMap;
    removeAnnotation(shown, PATH_ANNOTATION);
    removeAnnotation(shown, INDEX_ANNOTATION);
    const text = new Document(shown).toString({ lineWidth: 0 }).trimEnd();
    lines.push(`  # ${itemFile(item)?.path ?? ''}`, ...text.split('\n').map((line) => `  ${line}`));
  }
  const others = results.filter((result) => result.resourceRef?.kind !== 'PackageVariant');
  if (others.length > 0) lines.push('', ...others.map(resultLine));
  const fnConfig = own === undefined ? ` -- ${config}` : ` --fn-config ${shownDir}/${config}`;
  lines.push(
    '',
    'try it with kpt:',
    `  kpt fn eval ${shownDir} --exec ${execPath(functionsDir, 'emit-package-variants')} -o stdout${fnConfig}`,
  );
  return { lines, failed: results.some((result) => result.severity === 'error') };
}

/**
 * `pkgdeps demo [DIR]`: reads a package from disk the way `kpt fn source` does, runs
 * resolve-dependencies on it with the package's own `ResolveDependencies` config (as its
 * Kptfile pipeline would), and prints what it found for a person to read, then the
 * PackageVariants emit-package-variants would add for the missing dependencies, and the kpt
 * commands that run the same functions from `functionsDir` (dist/functions). A file that does
 * not parse is a warning result; a Kptfile that does not parse stops it (docs/SPEC.md rule
 * malformed-files).
 */
export function runDemo(packageDir: string, io: Io, functionsDir: string): number {
  const read = readPackageDir(packageDir);
  const unread = read.unread.map(unreadResult);
  if (hasErrors(unread)) {
    io.stderr(unread.map((result) => `pkgdeps demo: ${result.severity}: ${result.message}\n`).join(''));
    return 1;
  }
  const resourceList = parseResourceList(read.text);
  resourceList.functionConfig = configItem(resourceList.items, 'ResolveDependencies');
  const results = sortResults([...unread, ...resolveDependencies(resourceList)]);
  const shownDir = fromHere(packageDir);
  const out: string[] = [`pkgdeps demo: resolve-dependencies on ${shownDir}`];
  const config = resourceList.functionConfig;
  if (config !== undefined) {
    out.push(
      `function config: ${itemFile(config)?.path ?? itemRef(config).name} (target: ${itemString(config, ['target']) ?? 'none'})`,
    );
  }
  for (const kptfile of resourceList.items.filter(isKptfile)) {
    const dependsOn = list(annotation(kptfile, DEPENDS_ON));
    if (dependsOn.length === 0 && annotation(kptfile, REQUIRES_APIS) === undefined) continue;
    out.push('', `package ${itemRef(kptfile).name} (${itemFile(kptfile)?.path ?? 'Kptfile'})`);
    out.push(`  ${DEPENDS_ON}: ${annotation(kptfile, DEPENDS_ON) ?? '(none)'}`);
    out.push(`  ${REQUIRES_APIS}:`);
    for (const api of list(annotation(kptfile, REQUIRES_APIS))) out.push(`    ${api}`);
  }
  const provided = resourceList.items.filter((item) => annotation(item, PROVIDED_BY) !== undefined);
  if (provided.length > 0) {
    out.push('', 'resources and the packages that bring their APIs:');
    for (const item of provided) {
      const ref = itemRef(item);
      out.push(`  ${`${ref.kind}/${ref.name}`.padEnd(40)} <- ${annotation(item, PROVIDED_BY)}`);
    }
  }
  out.push('', `results (${results.length}):`, ...results.map(resultLine));
  const configPath = config === undefined ? undefined : itemFile(config)?.path;
  const fnConfig = configPath === undefined ? '' : ` --fn-config ${shownDir}/${configPath}`;
  out.push(
    '',
    'try it with kpt:',
    `  kpt fn eval ${shownDir} --exec ${execPath(functionsDir, 'resolve-dependencies')} -o stdout${fnConfig}`,
  );
  const target = config === undefined ? undefined : itemString(config, ['target']);
  const emitted = emitSection(packageDir, shownDir, target, functionsDir);
  out.push(...emitted.lines);
  io.stdout(`${out.join('\n')}\n`);
  return results.some((result) => result.severity === 'error') || emitted.failed ? 1 : 0;
}

/**
 * The demo command; without DIR it resolves `bundledExample` (the example shipped next to dist/).
 * The kpt commands it prints run the functions of `functionsDir`, wherever the package is installed.
 */
export function demoCommand(bundledExample: string, functionsDir: string): Command {
  return {
    spec: {
      name: 'demo',
      args: '[DIR]',
      positionals: { min: 0, max: 1 },
      about:
        'Resolves the kpt package in DIR (default: the bundled example) with its own ResolveDependencies\n' +
        'config, shows its dependencies and the PackageVariants emit-package-variants would add.',
      options: [],
    },
    run: (args, io) => runDemo(args.positionals[0] ?? bundledExample, io, functionsDir),
  };
}
