import { fileURLToPath } from 'node:url';
import { relative } from 'node:path';
import { annotation, itemFile, itemRef, itemString, parseResourceList, readPackageDir, sortResults } from '../krm/index.js';
import type { Result } from '../krm/index.js';
import { DEPENDS_ON, PROVIDED_BY, REQUIRES_APIS, isKptfile } from '../resolve/index.js';
import { resolveDependencies } from '../../functions/resolve-dependencies/processor.js';

/** The bundled example the demo resolves when no directory is given. */
const bundledExample = fileURLToPath(new URL('../examples/resolve-dependencies-edge-app', import.meta.url));

function list(values: string | undefined): string[] {
  return values === undefined ? [] : values.split(',');
}

function resultLine(result: Result): string {
  const where = result.file?.path === undefined ? '' : ` [${result.file.path}]`;
  return `  ${result.severity.padEnd(7)} ${result.message}${where}`;
}

/**
 * `pkgdeps demo [DIR]`: reads a package from disk the way `kpt fn source` does, runs
 * resolve-dependencies on it with the package's own `ResolveDependencies` config (as its
 * Kptfile pipeline would), and prints what it found for a person to read.
 */
export function runDemo(dir: string | undefined): number {
  const packageDir = dir ?? bundledExample;
  const resourceList = parseResourceList(readPackageDir(packageDir));
  resourceList.functionConfig = resourceList.items.find(
    (item) => itemString(item, ['apiVersion']) === 'fn.pkgdeps.dev/v1alpha1' && itemString(item, ['kind']) === 'ResolveDependencies',
  );
  const results = sortResults(resolveDependencies(resourceList));
  const shownDir = relative(process.cwd(), packageDir) || '.';
  const out: string[] = [`pkgdeps demo: resolve-dependencies on ${shownDir}`];
  const config = resourceList.functionConfig;
  if (config !== undefined) {
    out.push(`function config: ${itemFile(config)?.path ?? itemRef(config).name} (target: ${itemString(config, ['target']) ?? 'none'})`);
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
  out.push('', 'try it with kpt:', `  kpt fn eval ${shownDir} --exec ./dist/functions/resolve-dependencies.js${fnConfig}`);
  process.stdout.write(`${out.join('\n')}\n`);
  return results.some((result) => result.severity === 'error') ? 1 : 0;
}
