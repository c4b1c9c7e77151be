import type { YAMLMap } from 'yaml';
import { itemFile, itemRef } from './item.js';
import { CODE_TAG } from './errors.js';
import type { ResultCode } from './errors.js';
import type { Result, Severity } from './types.js';

/**
 * A result with its code (docs/SPEC.md rule result-codes), about `node` when given: resourceRef
 * and file are filled in from it. The one way results are made.
 */
export function makeResult(
  severity: Severity,
  code: ResultCode,
  message: string,
  node?: YAMLMap,
  field?: Result['field'],
): Result {
  const result: Result = { message, severity };
  if (node !== undefined) {
    result.resourceRef = itemRef(node);
  }
  if (field !== undefined) result.field = field;
  const file = node === undefined ? undefined : itemFile(node);
  if (file !== undefined) result.file = file;
  result.tags = { [CODE_TAG]: code };
  return result;
}

/** The code of a result made by {@link makeResult}. */
export function codeOf(result: Result): ResultCode {
  return result.tags?.[CODE_TAG] as ResultCode;
}

/** The same result about another node: for results passed on from a step that knew no node. */
export function moveResult(result: Result, node: YAMLMap | undefined): Result {
  return makeResult(result.severity, codeOf(result), result.message, node, result.field);
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Errors first, then warnings, then infos; the order within a severity is kept. */
export function sortResults(results: readonly Result[]): Result[] {
  return [...results].sort((a, b) => RANK[a.severity] - RANK[b.severity]);
}

export function hasErrors(results: readonly Result[]): boolean {
  return results.some((result) => result.severity === 'error');
}

/** kpt reports a function as failed only through its exit code: 1 when any result is an error. */
export function exitCodeFor(results: readonly Result[]): number {
  return hasErrors(results) ? 1 : 0;
}

/**
 * The error results as stderr lines (`<name>: error: <message> [<file>]`) and their count;
 * empty without errors. For `pkgdeps fn` on a terminal, where nobody reads the ResourceList.
 */
export function errorSummary(name: string, results: readonly Result[]): string {
  const errors = results.filter((result) => result.severity === 'error');
  if (errors.length === 0) return '';
  const lines = errors.map((result) => {
    const where =
      result.file === undefined || result.message.includes(result.file.path) ? '' : ` [${result.file.path}]`;
    return `${name}: error: ${result.message}${where}\n`;
  });
  const count = `${errors.length} error${errors.length === 1 ? '' : 's'}`;
  return `${lines.join('')}${name}: ${count}; every result is in the ResourceList on stdout\n`;
}
