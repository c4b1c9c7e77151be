import { hasErrors, readPackageItems, unreadResult } from '../src/krm/index.js';
import type { Result } from '../src/krm/index.js';
import { resolve } from '../src/resolve/index.js';
import { loadCatalogFile, resultLines } from '../src/explain/io.js';
import { explainPackage } from '../src/explain/why.js';
import type { Command } from './command.js';
import { catalogOption, preferOption, preferencesOf, targetOption } from './shared-options.js';
import { stringValue } from './options.js';

/**
 * `pkgdeps why`: resolves the package in PKG_DIR against the catalog in FILE, as
 * resolve-dependencies would with the same target and preferences, and explains each
 * dependency and each API left without a provider. A file of PKG_DIR that does not parse is a
 * warning, a Kptfile that does not parse an error that stops it (docs/SPEC.md rule malformed-files).
 * Exit 1 when anything is unresolved, ambiguous or wrong in the catalog, 2 on a usage error.
 */
export const why: Command = {
  spec: {
    name: 'why',
    args: 'PKG_DIR',
    positionals: { min: 1, max: 1 },
    about:
      'Explains each dependency of the package in PKG_DIR (the resources that need it, the candidates,\n' +
      'the rules that chose it) and, for each API without a provider, which filter emptied the list.',
    options: [catalogOption, targetOption, preferOption],
    more: 'exit 0 when everything resolves, 1 when something does not or the catalog has errors, 2 on a usage error',
  },
  run(args, io) {
    const [dir = ''] = args.positionals;
    const catalogFile = stringValue(args, 'catalog');
    const target = stringValue(args, 'target');
    const preferences = preferencesOf(args, 'why');
    const read = readPackageItems(dir);
    const loaded = loadCatalogFile(catalogFile ?? '', { target, preferences });
    const { index, config } = loaded;
    const results = [...read.unread.map(unreadResult), ...loaded.results];
    if (index === undefined || hasErrors(results)) {
      io.stderr(resultLines(results));
      return 1;
    }
    const resolution = resolve(read.items, index, config);
    const where = config.target === undefined ? 'no target' : `target ${config.target}`;
    const lines = [`pkgdeps why ${dir}: catalog ${index.catalog.name} (${catalogFile ?? ''}), ${where}`];
    const closureResults: Result[] = [];
    for (const pkg of resolution.packages) {
      const explained = explainPackage(pkg, index, config.target);
      lines.push('', ...explained.lines);
      closureResults.push(...explained.results);
    }
    const all = [...results, ...resolution.results];
    io.stdout(`${lines.join('\n')}\n`);
    io.stderr(resultLines(all.filter((result) => result.severity === 'warning')));
    return [...all, ...closureResults].some((result) => result.severity === 'error') ? 1 : 0;
  },
};
