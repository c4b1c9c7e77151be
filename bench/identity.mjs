// The byte-identity check of `npm run bench`: a function's output must equal its input except
// pkgdeps' own edits. Works on the text as kpt writes a ResourceList (`items:` at the top,
// each item starting with `- ` at column 0) and never parses YAML, so it cannot hide a change.

/** Lines of pkgdeps' own annotations (`pkgdeps.dev/...: "..."`), written and replaced by the functions. */
const OWN_ANNOTATION = /^ +pkgdeps\.dev\/[\w.-]+: .*$/;
/** An item pkgdeps writes whole: a PackageVariant it generated or a catalog it built. */
const OWN_ITEM = /^ +pkgdeps\.dev\/(generated-by|catalog):/m;

const withoutOwnLines = (text) =>
  text
    .split('\n')
    .filter((line) => !OWN_ANNOTATION.test(line))
    .join('\n');

/** The top-level keys other than `items` and `results` as one string, and the items, one string each. */
function sections(text) {
  const other = [];
  const items = [];
  let section = 'other';
  for (const line of text.replace(/\n$/, '').split('\n')) {
    if (/^[^\s#-]/.test(line))
      section = line === 'items:' ? 'items' : line.startsWith('results:') ? 'results' : 'other';
    if (section === 'results') continue;
    if (section === 'other' || line === 'items:') other.push(line);
    else if (line.startsWith('- ') || items.length === 0) items.push(line);
    else items[items.length - 1] += `\n${line}`;
  }
  return { other: withoutOwnLines(other.join('\n')), items };
}

/**
 * Undefined when `output` is `input` plus pkgdeps' own edits only (its annotations, results,
 * and items it generates whole); otherwise which part differs first.
 */
export function identityProblem(input, output) {
  if (input.endsWith('\n') !== output.endsWith('\n')) return 'the final line break changed';
  const before = sections(input);
  const after = sections(output);
  if (before.other !== after.other) return 'a top-level key other than items and results changed';
  const known = new Set(before.items);
  const kept = after.items.filter((item) => known.has(item) || !OWN_ITEM.test(item));
  for (let i = 0; i < Math.max(kept.length, before.items.length); i += 1) {
    const was = before.items[i];
    const is = kept[i];
    if (was === undefined || is === undefined || withoutOwnLines(was) !== withoutOwnLines(is)) {
      return `item ${i} (${(was ?? is ?? '').split('\n', 1)[0]}) differs`;
    }
  }
  return undefined;
}
