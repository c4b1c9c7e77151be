/**
 * A reader for the plain YAML that hand-written catalogs are made of: block maps and lists, flow
 * collections closed on their line, plain scalars of names and versions, quoted strings without
 * escapes, comments. It gives the value js-yaml gives with `YAML_TEXT_SCHEMA` (core-schema.ts; no numbers:
 * `null` and booleans are read, everything else is the text written), or undefined for any text it
 * does not read with certainty, which the caller then gives to js-yaml. js-yaml reads character by
 * character and copies its input; at 1,000 packages x 5 revisions x 10 APIs it took a third of a call
 * (0.25-0.4 s) and made 27 MiB at the peak (README, Performance). This reader takes each line's tokens
 * with a few sticky regular expressions and gives each distinct string once, as a string of its own:
 * a string sliced from the text would keep all of it.
 *
 * What is read (anything else, anywhere in the text, gives undefined):
 * - a text of printable ASCII and line breaks only (no tab, carriage return, control character or other);
 * - at column 0, one block list or block map; blank and comment lines anywhere;
 * - a block map: lines `key:` at one column, `key` a letter then letters, digits, `_` and `-` (not
 *   one that reads as null or a boolean), each key once; after `key:` a value on the line, or nothing and
 *   then a block list at the key's column or deeper, or a block map deeper, or nothing (null);
 * - a block list: lines `- ` at one column; after the dash a value on the line, a block map whose first
 *   key is on the dash's line (`- key: value`, its other keys at that key's column), or nothing and then a
 *   block list or map deeper, or nothing (null);
 * - a value on the line: a plain scalar (a letter, digit, `_`, `.` or `/`, then those and `-`), read as
 *   null or a boolean when the schema's words say so; a single-quoted string without `'` in it, a
 *   double-quoted one without `\`; a flow list or map of such values (map keys as block keys), closed
 *   on the line, without a trailing comma; then nothing or a comment (` #`).
 * A line deeper than the node it would continue (a multi-line scalar, a misplaced key) gives undefined.
 */

/** The characters the reader looks at, as the codes `charCodeAt` gives. */
const CHAR = {
  space: 0x20,
  dash: 0x2d,
  hash: 0x23,
  colon: 0x3a,
  backslash: 0x5c,
  comma: 0x2c,
  doubleQuote: 0x22,
  singleQuote: 0x27,
  openBracket: 0x5b,
  closeBracket: 0x5d,
  openBrace: 0x7b,
  closeBrace: 0x7d,
} as const;

const NOT_PRINTABLE_ASCII = /[^\x20-\x7E\n]/;
const KEY = /[A-Za-z][A-Za-z0-9_-]*/y;
const PLAIN = /[A-Za-z0-9_./][A-Za-z0-9_./-]*/y;
const NULL = /^(?:null|Null|NULL)$/;
const BOOL = /^(?:true|True|TRUE|false|False|FALSE)$/;
/** How long a string must be for V8 to make a part of a string a slice of it (SlicedString::kMinLength). */
const SLICED_LENGTH = 13;

/** Whether `text` may be one of the words of {@link NULL} or {@link BOOL} (4 or 5 letters, n, t or f first). */
function maybeWord(text: string): boolean {
  if (text.length !== 4 && text.length !== 5) return false;
  const first = text.charCodeAt(0) | 0x20;
  return first === 0x6e || first === 0x74 || first === 0x66;
}

/** Thrown inside the reader when the text leaves what it reads; never escapes {@link readLineYaml}. */
class Unread extends Error {}
const UNREAD = new Unread();

class Reader {
  /** Start of the current line, its end (a line break or the text's end), and its indentation. */
  start = 0;
  end = 0;
  indent = 0;
  /** Where the last key or value read ends (after a key's colon). */
  private at = 0;
  /** Each distinct string once. */
  private readonly strings = new Map<string, string>();
  /**
   * The entries of the lists being read: a list is made once its length is known, so that it holds no room
   * to grow (a list grown by `push` keeps room for 16 more: 8 MiB for the 67,000 lists of 1,000 packages).
   */
  private readonly stack: unknown[] = [];

  constructor(private readonly text: string) {
    this.seek(0);
  }

  /** Moves to the first line at or after `at` that is neither blank nor only a comment (or to the end). */
  seek(at: number): void {
    const { text } = this;
    while (at < text.length) {
      let end = text.indexOf('\n', at);
      if (end < 0) end = text.length;
      let first = at;
      while (first < end && text.charCodeAt(first) === CHAR.space) first += 1;
      if (first < end && text.charCodeAt(first) !== CHAR.hash) {
        this.start = at;
        this.end = end;
        this.indent = first - at;
        return;
      }
      at = end + 1;
    }
    this.start = text.length;
    this.end = text.length;
    this.indent = -1;
  }

  done(): boolean {
    return this.start >= this.text.length;
  }

  /** The next line, when this one holds nothing after `at` but spaces, or spaces and a comment. */
  next(at: number): void {
    const { text } = this;
    const from = at;
    while (at < this.end && text.charCodeAt(at) === CHAR.space) at += 1;
    if (at < this.end && !(text.charCodeAt(at) === CHAR.hash && at > from)) throw UNREAD;
    this.seek(this.end + 1);
  }

  private string(from: number, to: number): string {
    const slice = this.text.slice(from, to);
    const known = this.strings.get(slice);
    if (known !== undefined) return known;
    // Flattening a concatenation copies it; the slice of the copy holds only the copy.
    const own = slice.length >= SLICED_LENGTH ? ` ${slice}`.slice(1) : slice;
    this.strings.set(own, own);
    return own;
  }

  /** The key at `at` followed by `:` and a space or the line's end (`this.at` after the colon), or undefined. */
  private key(at: number): string | undefined {
    const { text } = this;
    KEY.lastIndex = at;
    if (!KEY.test(text)) return undefined;
    const colon = KEY.lastIndex;
    if (text.charCodeAt(colon) !== CHAR.colon) return undefined;
    if (colon + 1 < this.end && text.charCodeAt(colon + 1) !== CHAR.space) return undefined;
    const key = this.string(at, colon);
    if (maybeWord(key) && (NULL.test(key) || BOOL.test(key))) throw UNREAD;
    this.at = colon + 1;
    return key;
  }

  private isDash(at: number): boolean {
    return (
      this.text.charCodeAt(at) === CHAR.dash && (at + 1 === this.end || this.text.charCodeAt(at + 1) === CHAR.space)
    );
  }

  private skipSpaces(at: number): number {
    while (at < this.end && this.text.charCodeAt(at) === CHAR.space) at += 1;
    return at;
  }

  /** The block node starting on the current line at its indentation. */
  node(): unknown {
    const at = this.start + this.indent;
    if (this.isDash(at)) return this.list(this.indent);
    const key = this.key(at);
    if (key === undefined) throw UNREAD;
    return this.map(this.indent, key);
  }

  /** A block list whose dashes are at column `column`, the current line its first entry. */
  private list(column: number): unknown[] {
    const { stack } = this;
    const from = stack.length;
    while (!this.done() && this.indent === column && this.isDash(this.start + column)) {
      const dash = this.start + column;
      const at = this.skipSpaces(dash + 1);
      if (at === this.end || this.text.charCodeAt(at) === CHAR.hash) {
        this.next(dash + 1);
        const value = this.nested(column, false);
        // js-yaml reads a dash less indented after an empty last entry as the list's next entry.
        if (value === null && !this.done() && this.indent < column && this.isDash(this.start + this.indent))
          throw UNREAD;
        stack.push(value);
      } else if (this.isDash(at)) {
        throw UNREAD;
      } else {
        const key = this.key(at);
        stack.push(key === undefined ? this.inlineLine(at, column) : this.map(at - this.start, key));
      }
    }
    if (!this.done() && this.indent > column) throw UNREAD;
    return this.popList(from);
  }

  /** The values pushed on the stack since it held `from`, as a list of their number (see {@link stack}). */
  private popList(from: number): unknown[] {
    const list = this.stack.slice(from);
    this.stack.length = from;
    return list;
  }

  /** A block map whose keys are at column `column`, `first` the key read on the current line. */
  private map(column: number, first: string): Record<string, unknown> {
    const map: Record<string, unknown> = {};
    let key: string | undefined = first;
    for (;;) {
      if (Object.hasOwn(map, key)) throw UNREAD;
      const colon = this.at;
      const at = this.skipSpaces(colon);
      if (at === this.end || this.text.charCodeAt(at) === CHAR.hash) {
        this.next(colon);
        map[key] = this.nested(column, true);
      } else {
        map[key] = this.inlineLine(at, column);
      }
      if (this.done() || this.indent < column) break;
      // A deeper line after a whole value, or a line at the map's column that is not a key.
      if (this.indent > column) throw UNREAD;
      key = this.key(this.start + column);
      if (key === undefined) {
        // A dash at the column of a map in a list entry ends the map (the list's next entry goes on).
        if (this.isDash(this.start + column)) break;
        throw UNREAD;
      }
    }
    return map;
  }

  /**
   * The value of a key or dash with nothing after it, on the lines below: a list at the key's column or deeper
   * (`sameColumnList`, a map's value) or a node deeper, else null.
   */
  private nested(column: number, sameColumnList: boolean): unknown {
    if (this.done() || this.indent < column) return null;
    if (this.indent === column) {
      return sameColumnList && this.isDash(this.start + column) ? this.list(column) : null;
    }
    return this.node();
  }

  /** A value on the line at `at` (of a node at `column`); the reader moves to the next line. */
  private inlineLine(at: number, column: number): unknown {
    const value = this.inline(at, false);
    this.next(this.at);
    if (!this.done() && this.indent > column) throw UNREAD;
    return value;
  }

  /**
   * A scalar or flow collection at `at`, `this.at` after it; in a flow collection (`flow`), a plain scalar
   * ends where the collection goes on.
   */
  private inline(at: number, flow: boolean): unknown {
    const { text } = this;
    const c = text.charCodeAt(at);
    if (c === CHAR.doubleQuote || c === CHAR.singleQuote) {
      const close = text.indexOf(c === CHAR.doubleQuote ? '"' : "'", at + 1);
      if (close < 0 || close >= this.end) throw UNREAD;
      if (c === CHAR.doubleQuote)
        for (let i = at + 1; i < close; i += 1) if (text.charCodeAt(i) === CHAR.backslash) throw UNREAD;
      if (c === CHAR.singleQuote && text.charCodeAt(close + 1) === CHAR.singleQuote) throw UNREAD;
      this.at = close + 1;
      return this.string(at + 1, close);
    }
    if (c === CHAR.openBracket) return this.flowList(at + 1);
    if (c === CHAR.openBrace) return this.flowMap(at + 1);
    PLAIN.lastIndex = at;
    if (!PLAIN.test(text)) throw UNREAD;
    const end = PLAIN.lastIndex;
    if (end < this.end) {
      const next = text.charCodeAt(end);
      if (!(
        next === CHAR.space ||
        (flow && (next === CHAR.comma || next === CHAR.closeBracket || next === CHAR.closeBrace))
      ))
        throw UNREAD;
    }
    this.at = end;
    const word = this.string(at, end);
    if (!maybeWord(word)) return word;
    if (NULL.test(word)) return null;
    if (BOOL.test(word)) return word.toLowerCase() === 'true';
    return word;
  }

  /** After an entry of a flow collection: the position of the next one, or -1 after its closing `close`. */
  private flowNext(close: number): number {
    const at = this.skipSpaces(this.at);
    const c = this.text.charCodeAt(at);
    if (c === close && at < this.end) {
      this.at = at + 1;
      return -1;
    }
    if (c !== CHAR.comma || at >= this.end) throw UNREAD;
    const next = this.skipSpaces(at + 1);
    if (next >= this.end || this.text.charCodeAt(next) === close) throw UNREAD;
    return next;
  }

  /** A flow list whose `[` is before `at`. */
  private flowList(at: number): unknown[] {
    at = this.skipSpaces(at);
    if (at < this.end && this.text.charCodeAt(at) === CHAR.closeBracket) {
      this.at = at + 1;
      return [];
    }
    const from = this.stack.length;
    while (at >= 0) {
      if (at >= this.end) throw UNREAD;
      this.stack.push(this.inline(at, true));
      at = this.flowNext(CHAR.closeBracket);
    }
    return this.popList(from);
  }

  /** A flow map whose `{` is before `at`. */
  private flowMap(at: number): Record<string, unknown> {
    const map: Record<string, unknown> = {};
    at = this.skipSpaces(at);
    if (at < this.end && this.text.charCodeAt(at) === CHAR.closeBrace) {
      this.at = at + 1;
      return map;
    }
    while (at >= 0) {
      const key = this.key(at);
      if (key === undefined || this.at >= this.end || Object.hasOwn(map, key)) throw UNREAD;
      const value = this.skipSpaces(this.at);
      const c = this.text.charCodeAt(value);
      if (value >= this.end || c === CHAR.comma || c === CHAR.closeBrace) throw UNREAD;
      map[key] = this.inline(value, true);
      at = this.flowNext(CHAR.closeBrace);
    }
    return map;
  }
}

/** The value of `text` as js-yaml reads it with `YAML_TEXT_SCHEMA`, or undefined when it is not read here. */
export function readLineYaml(text: string): { value: unknown } | undefined {
  if (NOT_PRINTABLE_ASCII.test(text)) return undefined;
  const reader = new Reader(text);
  if (reader.done() || reader.indent !== 0) return undefined;
  try {
    const value = reader.node();
    return reader.done() ? { value } : undefined;
  } catch (error) {
    if (error instanceof Unread) return undefined;
    throw error;
  }
}
