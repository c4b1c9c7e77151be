import type { YAMLMap } from 'yaml';
import { itemFile, itemRef } from './item.js';
import type { Result, Severity } from './types.js';

/** A result about `node` (when given): resourceRef and file are filled in from it. */
export function makeResult(severity: Severity, message: string, node?: YAMLMap, field?: Result['field']): Result {
  const result: Result = { message, severity };
  if (node !== undefined) {
    result.resourceRef = itemRef(node);
  }
  if (field !== undefined) result.field = field;
  const file = node === undefined ? undefined : itemFile(node);
  if (file !== undefined) result.file = file;
  return result;
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
