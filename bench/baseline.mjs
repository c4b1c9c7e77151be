// The baselines of `npm run bench`, each run as its own process like a function:
// node bench/baseline.mjs <cat | js-yaml | yaml-document>  (stdin -> stdout)
import { load, dump } from 'js-yaml';
import { parseDocument } from 'yaml';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const text = Buffer.concat(chunks).toString('utf8');

const modes = {
  // Read stdin and write it back: the floor for any function.
  cat: () => text,
  // What a lossy function does: comments, quoting and scalar styles are lost.
  'js-yaml': () => dump(load(text), { lineWidth: -1 }),
  // The `yaml` Document round trip with the options pkgdeps prints with.
  'yaml-document': () => parseDocument(text, { uniqueKeys: false }).toString({ lineWidth: 0, indentSeq: false }),
};

const mode = modes[process.argv[2]];
if (mode === undefined) throw new Error(`usage: baseline.mjs ${Object.keys(modes).join(' | ')}`);
process.stdout.write(mode());
