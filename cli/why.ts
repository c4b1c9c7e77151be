import { parseArgs } from 'node:util';
import { parseResourceList, readPackageDir } from '../src/krm/index.js';
import { parsePreferences, resolve } from '../src/resolve/index.js';
import { loadCatalogFile, resultLines, usageError } from '../src/explain/io.js';
import type { CommandOutput } from '../src/explain/io.js';
import { explainPackage } from '../src/explain/why.js';

export const whyUsage = 'pkgdeps why PKG_DIR --catalog FILE [--target T] [--preference GROUP[/Kind]=REPO/PKG]...';

/**
 * `pkgdeps why`: resolves the package in PKG_DIR against the catalog in FILE, as
 * resolve-dependencies would with the same target and preferences, and explains each
 * dependency and each API left without a provider. Exit 1 when anything is unresolved,
 * ambiguous or wrong in the catalog, 2 on a usage error.
 */
export function why(args: string[]): CommandOutput {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        catalog: { type: 'string' },
        target: { type: 'string' },
        preference: { type: 'string', multiple: true },
      },
    });
  } catch (error) {
    return usageError('why', (error as Error).message, whyUsage);
  }
  const { values, positionals } = parsed;
  const [dir, ...extra] = positionals;
  if (dir === undefined || extra.length > 0) return usageError('why', 'expected one package directory', whyUsage);
  if (values.catalog === undefined) return usageError('why', '--catalog FILE is required', whyUsage);
  const preferences = parsePreferences((values.preference ?? []).join(','));
  if (preferences instanceof Error) return usageError('why', `--preference: ${preferences.message}`, whyUsage);

  let items;
  let loaded;
  try {
    items = parseResourceList(readPackageDir(dir)).items;
    loaded = loadCatalogFile(values.catalog, { target: values.target, preferences });
  } catch (error) {
    return { stdout: '', stderr: `pkgdeps why: ${(error as Error).message}\n`, exitCode: 1 };
  }
  const { index, config, results } = loaded;
  if (index === undefined) return { stdout: '', stderr: resultLines(results), exitCode: 1 };
  const resolution = resolve(items, index, config);
  const options = { target: config.target, preferences: config.preferences };
  const lines = [
    `pkgdeps why ${dir}: catalog ${index.catalog.name} (${values.catalog}), ${config.target === undefined ? 'no target' : `target ${config.target}`}`,
  ];
  for (const pkg of resolution.packages) lines.push('', ...explainPackage(pkg, index, options));
  const warnings = [...results, ...resolution.results].filter((result) => result.severity === 'warning');
  const failed = [...results, ...resolution.results].some((result) => result.severity === 'error');
  return { stdout: `${lines.join('\n')}\n`, stderr: resultLines(warnings), exitCode: failed ? 1 : 0 };
}
