/**
 * Command-line options of every pkgdeps command, declared once: the parser, the help text and
 * the "did you mean" of a mistyped option all read the same {@link CommandSpec}. Every command
 * takes `--help`/`-h` (help on stdout, exit 0). Usage errors are {@link UsageError}s, which the
 * entry point prints as one line and the command's usage line, exit 2.
 *
 * Accepted forms: `--name value`, `--name=value`, `-x value`, flags without a value, and `--`
 * after which every argument is positional. Options may come before or after positionals.
 */

export interface OptionSpec {
  /** Long name without the dashes, e.g. `prefer`. */
  name: string;
  /** One-letter short form without the dash, e.g. `o`. */
  short?: string;
  /** Placeholder of the value in help, e.g. `FILE`; a flag (no value) when left out. */
  value?: string;
  /** Repeatable: the values are collected in order. */
  multiple?: boolean;
  /** The command cannot run without it. */
  required?: boolean;
  help: string;
}

export interface CommandSpec {
  /** The words after `pkgdeps`, e.g. `catalog build`. */
  name: string;
  /** The positional arguments as the usage line shows them, e.g. `DIR`. */
  args: string;
  positionals: { min: number; max: number };
  /** What the command does, for its help. */
  about: string;
  options: OptionSpec[];
  /** Lines after the options in the help (examples, exit codes). */
  more?: string;
}

export type OptionValue = string | string[] | true;

export interface ParsedArgs {
  values: Record<string, OptionValue | undefined>;
  positionals: string[];
}

/** A mistake in the command line: printed as one line and the usage line, exit 2. */
export class UsageError extends Error {
  constructor(
    readonly command: string,
    message: string,
  ) {
    super(message);
  }
}

const HELP: OptionSpec = { name: 'help', short: 'h', help: 'show this help' };

function optionsOf(spec: CommandSpec): OptionSpec[] {
  return [...spec.options, HELP];
}

/** Edit distance counting a swap of neighbours as one edit (optimal string alignment), for suggestions. */
function distance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i]);
  for (let j = 1; j <= b.length; j++) (rows[0] as number[])[j] = j;
  const at = (i: number, j: number): number => rows[i]?.[j] ?? Infinity;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const same = a[i - 1] === b[j - 1];
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + (same ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      (rows[i] as number[])[j] = best;
    }
  }
  return at(a.length, b.length);
}

/**
 * What a mistyped name most likely meant: the one candidate it is a prefix of (or that is a
 * prefix of it), else the nearest within a third of its length.
 */
export function suggestion(name: string, candidates: string[]): string | undefined {
  const prefixed = candidates.filter((candidate) => candidate.startsWith(name) || name.startsWith(candidate));
  if (prefixed.length === 1) return prefixed[0];
  const scored = candidates
    .map((candidate) => ({ candidate, score: distance(name, candidate) }))
    .filter(({ score }) => score <= Math.max(1, Math.floor(name.length / 3)))
    .sort((a, b) => a.score - b.score);
  return scored[0]?.candidate;
}

function unknownOption(spec: CommandSpec, arg: string): UsageError {
  const name = arg.replace(/^-+/, '').split('=')[0] ?? '';
  const long = optionsOf(spec).map((option) => option.name);
  const guess = arg.startsWith('--') || name.length > 1 ? suggestion(name, long) : undefined;
  const hint = guess === undefined ? '' : ` (did you mean --${guess}?)`;
  return new UsageError(spec.name, `unknown option ${arg.split('=')[0]}${hint}`);
}

function store(values: ParsedArgs['values'], option: OptionSpec, value: string | true, spec: CommandSpec): void {
  if (option.multiple === true) {
    const list = values[option.name];
    values[option.name] = [...(Array.isArray(list) ? list : []), value as string];
  } else if (values[option.name] !== undefined) {
    throw new UsageError(spec.name, `--${option.name} is given twice`);
  } else values[option.name] = value;
}

/** How many positionals a command takes, in words, and the number that decides the plural. */
function expectedCount(min: number, max: number): [string, number] {
  if (min === max) return [`${min}`, min];
  if (max === Infinity) return [`at least ${min}`, min];
  return min === 0 ? [`at most ${max}`, max] : [`${min} to ${max}`, max];
}

/** Parses `args` by `spec`; `undefined` when help was asked for. Throws {@link UsageError}. */
export function parseCommand(spec: CommandSpec, args: string[]): ParsedArgs | undefined {
  const values: ParsedArgs['values'] = {};
  const positionals: string[] = [];
  const options = optionsOf(spec);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const equals = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = equals === -1 ? arg : arg.slice(0, equals);
    const inline = equals === -1 ? undefined : arg.slice(equals + 1);
    const option = options.find((o) => (flag.startsWith('--') ? `--${o.name}` === flag : `-${o.short}` === flag));
    if (option === undefined) throw unknownOption(spec, arg);
    if (option === HELP) return undefined;
    if (option.value === undefined) {
      if (inline !== undefined) throw new UsageError(spec.name, `--${option.name} takes no value, got "${inline}"`);
      store(values, option, true, spec);
      continue;
    }
    const value = inline ?? args[++i];
    if (value === undefined) throw new UsageError(spec.name, `${flag} needs a value (${option.value})`);
    store(values, option, value, spec);
  }
  const missing = spec.options.find((option) => option.required === true && values[option.name] === undefined);
  if (missing !== undefined)
    throw new UsageError(spec.name, `--${missing.name} ${missing.value ?? ''} is required`.trim());
  const { min, max } = spec.positionals;
  if (positionals.length < min || positionals.length > max) {
    const [expected, count] = expectedCount(min, max);
    const got = positionals.length === 0 ? 'none' : positionals.map((p) => `"${p}"`).join(' ');
    throw new UsageError(
      spec.name,
      `expected ${expected} argument${count === 1 ? '' : 's'} (${spec.args}), got ${got}`,
    );
  }
  return { values, positionals };
}

/** `usage: pkgdeps <name> <args> [options]`. */
export function usageLine(spec: CommandSpec): string {
  return `usage: pkgdeps ${spec.name}${spec.args === '' ? '' : ` ${spec.args}`} [options]`;
}

const HELP_WIDTH = 100;

/** `text` in lines of at most `width` characters, broken at spaces. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  return [...lines, line];
}

/** The command's whole help: usage, what it does, every option. */
export function helpText(spec: CommandSpec): string {
  const rows = optionsOf(spec).map((option) => {
    const required = option.required === true ? ' (required)' : '';
    const names = `${option.short === undefined ? '    ' : `-${option.short}, `}--${option.name}`;
    const value = option.value === undefined ? '' : ` ${option.value}`;
    return [`${names}${value}`, `${option.help}${required}${option.multiple === true ? ' (repeatable)' : ''}`] as const;
  });
  const width = Math.max(...rows.map(([left]) => left.length)) + 2;
  const lines = rows.map(([left, help]) => {
    const [first = '', ...others] = wrap(help, Math.max(40, HELP_WIDTH - width - 2));
    return [`  ${left.padEnd(width)}${first}`, ...others.map((line) => `${' '.repeat(width + 2)}${line}`)].join('\n');
  });
  const more = spec.more === undefined ? '' : `\n${spec.more}\n`;
  return `${usageLine(spec)}\n\n${spec.about}\n\noptions:\n${lines.join('\n')}\n${more}`;
}

/** A string option's value (the last one for a repeatable option). */
export function stringValue(parsed: ParsedArgs, name: string): string | undefined {
  const value = parsed.values[name];
  return Array.isArray(value) ? value[value.length - 1] : typeof value === 'string' ? value : undefined;
}

/** A repeatable option's values, `[]` when it is not given. */
export function listValue(parsed: ParsedArgs, name: string): string[] {
  const value = parsed.values[name];
  return Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
}
