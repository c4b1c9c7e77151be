import type { Result } from '../src/krm/index.js';
import type { Io } from './command.js';

/**
 * How the long-running commands (catalog build, catalog from-cluster) report: progress lines
 * (left out with --quiet), the results one line each (with --quiet errors only), then a
 * summary of the counts. On a terminal each line is cut to its width (the whole text is
 * written when stderr is a file or a pipe).
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

  /** The results, then their counts by severity. */
  results(results: readonly Result[]): void {
    for (const result of results) {
      if (this.quiet && result.severity !== 'error') continue;
      const where = result.file === undefined || result.message.includes(result.file.path) ? '' : ` [${result.file.path}]`;
      this.line(`  ${result.severity}: ${result.message}${where}`);
    }
    const counts = (['error', 'warning', 'info'] as const)
      .map((severity) => [severity, results.filter((result) => result.severity === severity).length] as const)
      .filter(([, count]) => count > 0)
      .map(([severity, count]) => `${count} ${severity}${count === 1 ? '' : 's'}`);
    if (counts.length > 0) this.line(`pkgdeps ${this.command}: ${counts.join(', ')}`);
  }
}
