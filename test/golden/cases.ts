import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The root of the golden cases: `test/golden/<function>/<case>/`. */
export const goldenRoot = fileURLToPath(new URL('.', import.meta.url));

function indent(text: string): string {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => (line === '' ? '' : `  ${line}`))
    .join('\n');
}

/** The function directories under test/golden. */
export function goldenFunctions(): string[] {
  return readdirSync(goldenRoot, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
}

/** The case directories of one function. */
export function goldenCases(name: string): string[] {
  return readdirSync(join(goldenRoot, name));
}

/** A case's ResourceList text: input.yaml with config.yaml, when there is one, as its functionConfig. */
export function goldenInput(dir: string): string {
  const configFile = join(dir, 'config.yaml');
  const config = existsSync(configFile) ? `functionConfig:\n${indent(readFileSync(configFile, 'utf8'))}\n` : '';
  return readFileSync(join(dir, 'input.yaml'), 'utf8') + config;
}
