import { parseDocument } from 'yaml';

/** One file of a test package: its path in the package and its YAML text (one document). */
export interface TestFile {
  path: string;
  yaml: string;
}

function indentItem(text: string): string {
  const lines = text.trimEnd().split('\n');
  return lines.map((line, i) => (i === 0 ? `- ${line}` : line === '' ? '' : `  ${line}`)).join('\n');
}

/**
 * A ResourceList text as kpt would send it: each file becomes an item with the
 * `internal.config.kubernetes.io/path` and `index` annotations; comments and quoting of the
 * given YAML are kept. `functionConfig` is YAML text, put as is.
 */
export function resourceListText(files: TestFile[], functionConfig?: string): string {
  const items = files.map((file) => {
    const doc = parseDocument(file.yaml);
    doc.setIn(['metadata', 'annotations', 'internal.config.kubernetes.io/path'], file.path);
    doc.setIn(['metadata', 'annotations', 'internal.config.kubernetes.io/index'], '0');
    return indentItem(doc.toString({ lineWidth: 0 }));
  });
  const config =
    functionConfig === undefined
      ? ''
      : `functionConfig:\n${functionConfig
          .trimEnd()
          .split('\n')
          .map((l) => `  ${l}`)
          .join('\n')}\n`;
  return `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${items.join('\n')}\n${config}`;
}

/** A catalog ConfigMap text; each argument is the YAML text of that data key. */
export function catalogText(
  data: { packages?: string; installed?: string; platform?: string },
  name = 'package-catalog',
): string {
  const block = (key: string, value: string | undefined) =>
    value === undefined
      ? ''
      : `  ${key}: |\n${value
          .trim()
          .split('\n')
          .map((l) => `    ${l}`)
          .join('\n')}\n`;
  return `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
  annotations:
    config.kubernetes.io/local-config: "true"
    pkgdeps.dev/catalog: "v1"
data:
${block('packages', data.packages)}${block('installed', data.installed)}${block('platform', data.platform)}`;
}

export function kptfileText(name: string, annotations: Record<string, string> = {}): string {
  const extra = Object.entries(annotations)
    .map(([k, v]) => `    ${k}: "${v}"\n`)
    .join('');
  return `apiVersion: kpt.dev/v1
kind: Kptfile
metadata:
  name: ${name}
  annotations:
    config.kubernetes.io/local-config: "true"
${extra}info:
  description: test package
`;
}
