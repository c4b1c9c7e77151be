import { parseDocument, isMap } from 'yaml';
import type { YAMLMap } from 'yaml';

/** The top-level map of one YAML document. */
export function mapNode(text: string): YAMLMap {
  const doc = parseDocument(text);
  if (doc.errors.length > 0 || !isMap(doc.contents))
    throw new Error(`test YAML is not one map: ${doc.errors.join('; ')}`);
  return doc.contents;
}

/** A catalog ConfigMap whose data keys hold the given YAML texts as block strings. */
export function catalogNode(data: Record<string, string>, name = 'package-catalog', format = '"v1"'): YAMLMap {
  const lines = [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    `  name: ${name}`,
    '  annotations:',
    '    config.kubernetes.io/local-config: "true"',
    `    pkgdeps.dev/catalog: ${format}`,
    'data:',
  ];
  for (const [key, text] of Object.entries(data)) {
    lines.push(
      `  ${key}: |`,
      ...text
        .trimEnd()
        .split('\n')
        .map((line) => `    ${line}`),
    );
  }
  return mapNode(lines.join('\n') + '\n');
}
