import { byCodePoint, codeOf } from '../src/krm/index.js';
import type { Result } from '../src/krm/index.js';
import { SETTLE_TAG } from '../src/resolve/index.js';
import type { Io } from './command.js';

/**
 * How the long-running commands (catalog build, catalog from-cluster) report: progress lines
 * (left out with --quiet), the results one line each (with --quiet errors only), then a
 * summary: the counts by severity, then (not with --quiet) the errors and warnings grouped by cause (their result
 * code, docs/SPEC.md rule result-codes) with counts, and for ambiguous APIs the `--prefer`
 * flags that settle them, ready to paste. On a terminal each line is cut to its width (the
 * whole text is written when stderr is a file or a pipe); the flags are never cut.
 */
export class Reporter {
  constructor(
    private readonly io: Io,
    private readonly command: string,
    private readonly quiet: boolean,
  ) {}

  private line(text: string): void {
    const width = this.io.width;
    const shown = width === undefined || text.length <= width ? text : `${text.slice(0, Math.max(1, width - 1))}…`;
    this.io.stderr(`${shown}\n`);
  }

  progress(message: string): void {
    if (!this.quiet) this.line(`pkgdeps ${this.command}: ${message}`);
  }

  /**
   * Progress of a count (`message: done of total`): on a terminal one line, rewritten in place
   * and ended at the last; written to a file or a pipe, a line at each tenth of the way and at
   * the end, so that a log gets at most eleven lines of it.
   */
  step(message: string, done: number, total: number): void {
    if (this.quiet) return;
    const text = `pkgdeps ${this.command}: ${message}: ${done} of ${total}`;
    if (this.io.width !== undefined) {
      const shown = text.length < this.io.width ? text : `${text.slice(0, Math.max(1, this.io.width - 2))}…`;
      this.io.stderr(`\r${shown}\x1b[K${done === total ? '\n' : ''}`);
    } else if (done === total || Math.floor((done * 10) / total) > Math.floor(((done - 1) * 10) / total)) {
      this.io.stderr(`${text}\n`);
    }
  }

  /** One result, as one line. */
  result(result: Result): void {
    const file = result.file?.path;
    const where = file === undefined || result.message.includes(file) ? '' : ` [${file}]`;
    this.line(`  ${result.severity}: ${result.message}${where}`);
  }

  /** The results, then their counts by severity. */
  results(results: readonly Result[]): void {
    for (const result of results) {
      if (this.quiet && result.severity !== 'error') continue;
      this.result(result);
    }
    const counts = (['error', 'warning', 'info'] as const)
      .map((severity) => [severity, results.filter((result) => result.severity === severity).length] as const)
      .filter(([, count]) => count > 0)
      .map(([severity, count]) => `${count} ${severity}${count === 1 ? '' : 's'}`);
    if (counts.length > 0) this.line(`pkgdeps ${this.command}: ${counts.join(', ')}`);
    if (!this.quiet) this.causes(results.filter((result) => result.severity !== 'info'));
  }

  private causes(problems: readonly Result[]): void {
    const byCode = new Map<string, number>();
    for (const result of problems) byCode.set(codeOf(result), (byCode.get(codeOf(result)) ?? 0) + 1);
    if (byCode.size === 0) return;
    const causes = [...byCode].sort(([a, m], [b, n]) => n - m || byCodePoint(a, b));
    this.line(`pkgdeps ${this.command}: by cause: ${causes.map(([code, count]) => `${count} ${code}`).join(', ')}`);
    const settles = [...new Set(problems.flatMap((result) => result.tags?.[SETTLE_TAG] ?? []))];
    if (settles.length === 0) return;
    this.line(
      `pkgdeps ${this.command}: to settle the ${settles.length} ambiguous APIs, rerun with one flag of each line:`,
    );
    for (const settle of settles)
      this.io.stderr(
        `  ${settle
          .split(' ')
          .map((one) => `--prefer ${one}`)
          .join('   or   ')}\n`,
      );
  }
}
