import { isDeepStrictEqual } from 'node:util';
import { isMap, isSeq, parseDocument } from 'yaml';
import { parseResourceList, processText } from '../../src/krm/index.js';
import type { Output, Processor } from '../../src/krm/index.js';
import { configSpec as emitSpec, emitPackageVariants } from '../../functions/emit-package-variants/processor.js';
import { configSpec as validateSpec, validateDependencies } from '../../functions/validate-dependencies/processor.js';
import type { SpecShape } from './arbitraries.js';
import { emittedRefusals } from './porch-rules.js';

/**
 * The behaviour every function keeps (docs/SPEC.md section 7), as checks over one run. Shared by the
 * property tests and `npm run fuzz`; each check returns what it found broken, empty when the
 * run kept the contract.
 */

const SEVERITIES = new Set(['error', 'warning', 'info']);

/** Items pkgdeps itself writes: its PackageVariants and the catalog (built by build-catalog). */
const OWNED_ANNOTATIONS = ['pkgdeps.dev/generated-by', 'pkgdeps.dev/catalog'];
/** An annotation line of pkgdeps (`pkgdeps.dev/depends-on: "..."`). */
const OWNED_LINE = /^\s*["']?pkgdeps\.dev\/[\w.-]+["']?\s*:.*$/;
/** The same annotation as an entry of a flow map. */
const OWNED_FLOW_ENTRY = /(,\s*)?["']?pkgdeps\.dev\/[\w.-]+["']?: ("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^,}\n]*)(,\s*)?/g;

export interface ItemText {
  /** The item's text, from the end of the previous item (comments above it included). */
  text: string;
  owned: boolean;
}

/** The items of printed ResourceList text and the text of its function config. */
export function splitList(text: string): { items: ItemText[]; functionConfig: string | undefined; keys: string[] } {
  const doc = parseDocument(text, { uniqueKeys: false });
  if (!isMap(doc.contents)) throw new Error('not a map');
  const keys = doc.contents.items.map((pair) => String((pair.key as { value?: unknown } | null)?.value));
  const seq = doc.contents.get('items', true);
  const items: ItemText[] = [];
  if (isSeq(seq) && seq.range != null) {
    let start = seq.range[0];
    for (const item of seq.items) {
      const end = (item as { range?: [number, number, number] | null }).range?.[2] ?? start;
      const owned = isMap(item) && OWNED_ANNOTATIONS.some((key) => item.hasIn(['metadata', 'annotations', key]));
      items.push({ text: text.slice(start, end), owned });
      start = end;
    }
  }
  const config = doc.contents.get('functionConfig', true) as { range?: [number, number, number] | null } | undefined;
  const functionConfig = config?.range == null ? undefined : text.slice(config.range[0], config.range[2]);
  return { items, functionConfig, keys };
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

/**
 * An item's text without the annotations pkgdeps owns, and without the `annotations:` or
 * `metadata:` keys that only held them, so that an item pkgdeps annotated compares equal to
 * the same item as it came in.
 */
export function stripOwned(text: string): string {
  let lines = text
    .split('\n')
    .filter((line) => !OWNED_LINE.test(line))
    .flatMap((line) => {
      const stripped = line
        .replace(OWNED_FLOW_ENTRY, (_all, before?: string, _value?: string, after?: string) =>
          before !== undefined && after !== undefined ? ', ' : '',
        )
        .replace(/(,\s*)?\bannotations: \{\}/, '')
        .replace(/\{\s*,\s*/g, '{')
        .replace(/,\s*\}/g, '}');
      return stripped !== line && stripped.trim() === '' ? [] : [stripped];
    });
  for (let changed = true; changed;) {
    changed = false;
    lines = lines.filter((line, i) => {
      const empty = /^\s*(- )?(annotations|metadata):\s*(\{\})?\s*$/.test(line);
      const next = lines.slice(i + 1).find((l) => l.trim() !== '');
      if (!empty || (next !== undefined && indentOf(next) > indentOf(line) && !line.includes('{}'))) return true;
      changed = true;
      return false;
    });
  }
  return lines.join('\n');
}

function hasStackTrace(text: string): boolean {
  return /\n\s+at .+[(:]\d+/.test(text) || /^\s+at /m.test(text);
}

/**
 * What `output` broke of docs/SPEC.md section 7, given `unchanged`, the output of a processor that
 * changes nothing on the same input: input that is no ResourceList gets exit 1, one stderr
 * line and no stdout; otherwise the output is a parseable ResourceList whose results match the
 * exit code, whose function config is as it came, and whose items pkgdeps does not own are all
 * there, in order, byte for byte apart from pkgdeps annotations.
 */
export function contractViolations(name: string, output: Output, unchanged: Output): string[] {
  const problems: string[] = [];
  if (hasStackTrace(output.stderr) || hasStackTrace(output.stdout)) problems.push('a stack trace was printed');
  if (unchanged.stdout === '') {
    if (output.stdout !== '') problems.push('input that is not a ResourceList gave output on stdout');
    if (output.exitCode !== 1) problems.push(`input that is not a ResourceList gave exit code ${output.exitCode}`);
    const lines = output.stderr.split('\n');
    if (lines.length !== 2 || lines[1] !== '' || !output.stderr.startsWith(`${name}: `)) {
      problems.push(
        `expected one stderr line starting with "${name}: ", got ${JSON.stringify(output.stderr.slice(0, 300))}`,
      );
    }
    return problems;
  }
  if (output.stdout === '')
    return [...problems, `a ResourceList as input gave empty stdout (stderr: ${output.stderr.slice(0, 300)})`];
  if (output.stderr !== '') problems.push(`unexpected stderr: ${output.stderr.slice(0, 300)}`);
  let results: unknown;
  try {
    const list = parseResourceList(output.stdout);
    results = list.doc.toJS({ maxAliasCount: -1 })?.results;
  } catch (error) {
    return [...problems, `output does not parse as a ResourceList: ${(error as Error).message}`];
  }
  const list = Array.isArray(results) ? (results as Array<Record<string, unknown>>) : [];
  if (results !== undefined && !Array.isArray(results)) problems.push('results is not a list');
  for (const result of list) {
    if (typeof result.message !== 'string' || result.message === '')
      problems.push(`result without a message: ${JSON.stringify(result)}`);
    if (!SEVERITIES.has(String(result.severity)))
      problems.push(`result with severity ${JSON.stringify(result.severity)}`);
    if (typeof result.message === 'string' && result.message.includes('stopped on an internal error'))
      problems.push(`the function crashed: ${result.message}`);
  }
  const failed = list.some((result) => result.severity === 'error');
  if (output.exitCode !== (failed ? 1 : 0))
    problems.push(`exit code ${output.exitCode} with ${failed ? 'error results' : 'no error result'}`);
  problems.push(...lostContent(unchanged.stdout, output.stdout));
  return problems;
}

/** Items pkgdeps does not own that were dropped, reordered or rewritten; a changed function config. */
function lostContent(before: string, after: string): string[] {
  const was = splitList(before);
  const now = splitList(after);
  const problems: string[] = [];
  if (now.functionConfig !== was.functionConfig) problems.push('the function config changed');
  // A generator adds `items` to a list that had none; `results` are the function's own.
  const kept = (keys: string[], other: string[]) =>
    keys.filter((key) => key !== 'results' && (key !== 'items' || other.includes('items')));
  if (kept(now.keys, was.keys).join() !== kept(was.keys, now.keys).join())
    problems.push(`top-level keys changed: ${was.keys.join()} -> ${now.keys.join()}`);
  const user = (items: ItemText[]) => items.filter((item) => !item.owned).map((item) => stripOwned(item.text));
  const wasItems = user(was.items);
  const nowItems = user(now.items);
  if (wasItems.length !== nowItems.length) {
    problems.push(`${wasItems.length} items pkgdeps does not own came in, ${nowItems.length} went out`);
  }
  const index = wasItems.findIndex((text, i) => nowItems[i] !== text);
  if (index >= 0) {
    problems.push(
      `item ${index} pkgdeps does not own changed:\n--- in\n${wasItems[index]}\n--- out\n${nowItems[index] ?? '(missing)'}`,
    );
  }
  return problems;
}

/** Runs a processor, turning an exception that escapes {@link processText} into a violation. */
function run(input: string | Uint8Array, processor: Processor, name: string, split = true): Output | string {
  try {
    return processText(input, processor, name, { split });
  } catch (error) {
    return `uncaught exception: ${(error as Error).stack ?? String(error)}`;
  }
}

/** Parsed values of output text, or the text itself when it does not parse. */
function valuesOf(text: string): unknown {
  const doc = parseDocument(text, { uniqueKeys: false });
  return doc.errors.length > 0 ? text : doc.toJS({ maxAliasCount: -1 });
}

/**
 * The run with items split from the text (see src/krm/split.ts) against the run on the whole
 * parsed text: the same exit code and stderr, and output holding the same values (the text of
 * unchanged items may differ where the whole parse printed it through yaml).
 */
export function splitDisagreement(
  input: string | Uint8Array,
  processor: Processor,
  name: string,
  split: Output,
): string[] {
  const whole = run(input, processor, name, false);
  if (typeof whole === 'string') return [`parsed whole: ${whole}`];
  if (whole.exitCode !== split.exitCode || whole.stderr !== split.stderr) {
    return [
      `split and whole parse disagree: exit ${split.exitCode} and ${JSON.stringify(split.stderr)} split, exit ${whole.exitCode} and ${JSON.stringify(whole.stderr)} whole`,
    ];
  }
  if (whole.stdout === split.stdout || isDeepStrictEqual(valuesOf(whole.stdout), valuesOf(split.stdout))) return [];
  return [`split and whole parse disagree on the output:\n${firstDifference(whole.stdout, split.stdout)}`];
}

/**
 * Every check of docs/SPEC.md section 7 on one input: {@link contractViolations}, the same output on a
 * second run (deterministic), and nothing changed by running the function on its own output.
 */
export function checkFunction(name: string, processor: Processor, input: string | Uint8Array): string[] {
  const unchanged = run(input, () => [], name);
  if (typeof unchanged === 'string') return [unchanged];
  const output = run(input, processor, name);
  if (typeof output === 'string') return [output];
  const problems = contractViolations(name, output, unchanged);
  if (problems.length > 0) return problems;
  const again = run(input, processor, name);
  if (typeof again === 'string' || again.stdout !== output.stdout || again.exitCode !== output.exitCode) {
    problems.push('two runs on the same input gave different output');
  }
  problems.push(...splitDisagreement(input, processor, name, output));
  if (output.stdout !== '') {
    const second = run(output.stdout, processor, name);
    if (typeof second === 'string') problems.push(second);
    else if (!samePackage(second.stdout, output.stdout) || second.exitCode !== output.exitCode) {
      problems.push(
        `running on its own output changed it:\n${firstDifference(withoutResults(output.stdout), withoutResults(second.stdout))}`,
      );
    }
  }
  return problems;
}

/** ResourceList text without its `results` (what kpt writes to files is the rest). */
function withoutResults(text: string): string {
  const doc = parseDocument(text, { uniqueKeys: false });
  if (!isMap(doc.contents)) return text;
  const results = doc.contents.items.find((pair) => (pair.key as { value?: unknown } | null)?.value === 'results');
  const start = (results?.key as { range?: [number, number, number] } | undefined)?.range?.[0];
  if (start === undefined) return text;
  const next = doc.contents.items[doc.contents.items.indexOf(results as never) + 1];
  const end = (next?.key as { range?: [number, number, number] } | undefined)?.range?.[0] ?? text.length;
  return text.slice(0, start) + text.slice(end);
}

/**
 * The same package in both texts: equal without results, or differing only in blank lines
 * outside values (which kpt drops when it writes files; the yaml printer does not always keep
 * a blank line after a nested list) with equal values.
 */
function samePackage(a: string, b: string): boolean {
  const x = withoutResults(a);
  const y = withoutResults(b);
  if (x === y) return true;
  const noBlank = (text: string) =>
    text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .join('\n');
  // Compared as values, not JSON: an alias of its own anchor makes a circular value.
  return noBlank(x) === noBlank(y) && isDeepStrictEqual(valuesOf(x), valuesOf(y));
}

/** The first line where two texts differ, with its neighbours, for failure messages. */
export function firstDifference(a: string, b: string): string {
  const x = a.split('\n');
  const y = b.split('\n');
  const i = x.findIndex((line, n) => line !== y[n]);
  const at = i < 0 ? x.length : i;
  return `line ${at + 1}:\n- ${x.slice(Math.max(0, at - 2), at + 3).join('\n- ')}\n+ ${y.slice(Math.max(0, at - 2), at + 3).join('\n+ ')}`;
}

interface OutResult {
  severity?: unknown;
  message?: unknown;
}

function resultsOf(text: string): OutResult[] {
  const results: unknown = parseDocument(text, { uniqueKeys: false }).toJS({ maxAliasCount: -1 })?.results;
  return Array.isArray(results) ? (results as OutResult[]) : [];
}

/** Fields of emit-package-variants' config that validate-dependencies does not take. */
const EMIT_ONLY = Object.keys(emitSpec.properties).filter((field) => !(field in validateSpec.properties));

/**
 * emit-package-variants' output with its function config made validate-dependencies' (the same catalog,
 * target and preferences): the ResourceList that `resolve -> emit -> validate` hands the validator.
 */
function asValidateInput(emitted: string): string | undefined {
  const doc = parseDocument(emitted, { uniqueKeys: false });
  const config = doc.get('functionConfig', true);
  if (!isMap(config)) return undefined;
  const fields = config.get('kind') === 'ConfigMap' ? config.get('data', true) : config;
  if (config.get('kind') !== 'ConfigMap') config.set('kind', validateSpec.kind);
  // A key given twice (the fuzzer duplicates lines) is a pair each time: delete every one.
  if (isMap(fields)) for (const field of EMIT_ONLY) while (fields.delete(field));
  doc.delete('results');
  return doc.toString({ lineWidth: 0 });
}

/**
 * docs/SPEC.md rule dependency-closure across two functions: when emit-package-variants succeeds (exit 0) on
 * `input`, validate-dependencies passes on its output. Its errors may only be what emit reported as
 * warnings (unresolved APIs under `onUnresolved: warning`). Not checked when emit warned that items outside
 * any package have dependencies: it requests nothing for those, so it did not succeed at them.
 */
export function emitThenValidate(input: string | Uint8Array): string[] {
  const emitted = run(input, emitPackageVariants, 'emit-package-variants');
  if (typeof emitted === 'string' || emitted.exitCode !== 0 || emitted.stdout === '') return [];
  const text = asValidateInput(emitted.stdout);
  if (text === undefined) return [];
  const emitWarnings = resultsOf(emitted.stdout).filter((r) => r.severity === 'warning');
  const warnings = new Set(emitWarnings.map((r) => String(r.message)));
  if ([...warnings].some((message) => message.startsWith('items outside any kpt package'))) return [];
  const validated = run(text, validateDependencies, 'validate-dependencies');
  if (typeof validated === 'string') return [validated];
  const errors = resultsOf(validated.stdout)
    .filter((r) => r.severity === 'error')
    .map((r) => String(r.message))
    .filter((message) => !warnings.has(message));
  if (errors.length === 0) return [];
  return [`validate-dependencies fails on the output of emit-package-variants, which succeeded:\n${errors.join('\n')}`];
}

/**
 * Issue 15's "Done when" on any input: when emit-package-variants succeeds, every PackageVariant it
 * generated passes Porch's validation and upstream selection as Porch's code reads
 * (test/support/porch-rules.ts), against the catalog it read (an item, or the function config).
 */
export function emitPassesPorch(input: string | Uint8Array): string[] {
  const emitted = run(input, emitPackageVariants, 'emit-package-variants');
  if (typeof emitted === 'string' || emitted.exitCode !== 0 || emitted.stdout === '') return [];
  const out: unknown = parseDocument(emitted.stdout, { uniqueKeys: false }).toJS({ maxAliasCount: -1 });
  const { items, functionConfig, results } = (out ?? {}) as Record<string, unknown>;
  const all = [...(Array.isArray(items) ? (items as unknown[]) : []), functionConfig];
  return emittedRefusals(all, Array.isArray(results) ? (results as unknown[]) : [])
    .filter(([, refusals]) => refusals.length > 0)
    .map(([name, refusals]) => `Porch refuses the PackageVariant ${name}: ${refusals.join('; ')}`);
}

/** A function of the registry (`pkgdeps fn <name>`) with the ConfigSpec its processor module exports. */
export interface RegisteredFunction {
  name: string;
  processor: Processor;
  spec: SpecShape | undefined;
}

/** Every function of `functions/index.ts`, sorted by name: the tests cover whatever it holds. */
export async function registeredFunctions(): Promise<RegisteredFunction[]> {
  const { functions } = await import('../../functions/index.js');
  const names = Object.keys(functions).sort();
  return Promise.all(
    names.map(async (name) => {
      const module = (await import(new URL(`../../functions/${name}/processor.ts`, import.meta.url).href)) as {
        configSpec?: SpecShape;
      };
      return { name, processor: functions[name] as Processor, spec: module.configSpec };
    }),
  );
}
