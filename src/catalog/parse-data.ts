import { parse, YAMLParseError } from 'yaml';

/** The value of one catalog `data` string, or where its YAML is broken (1-based, inside the string). */
export type ParsedData = { value: unknown } | { error: { message: string; line: number; column: number } };

/**
 * Parses the YAML held in one `data` string of the catalog ConfigMap into plain values. The one
 * place that parses catalog data, so a faster parser can replace it. An empty string or one
 * holding only comments gives `null`. Unknown tags are ignored; only the first syntax error is
 * reported, since later ones usually follow from it.
 */
export function parseDataString(text: string): ParsedData {
  try {
    return { value: parse(text, { logLevel: 'error' }) };
  } catch (error) {
    if (!(error instanceof YAMLParseError)) throw error;
    const position = error.linePos?.[0] ?? { line: 1, col: 1 };
    const message =
      error.code === 'MULTIPLE_DOCS'
        ? 'the string holds several YAML documents; keep one list and remove the "---" separators'
        : (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
    return { error: { message, line: position.line, column: position.col } };
  }
}
