import { spawnSync } from 'node:child_process';
import type { YAMLMap } from 'yaml';
import { isResourceFile, readFile } from '../src/krm/index.js';
import type { UnreadFile } from '../src/krm/index.js';

/**
 * Reading the trees and files of a git repository for `pkgdeps catalog build --git`, by object
 * name, in batches: a handful of git processes for any number of revisions, and each tree and
 * each file read (and parsed) once however many revisions share it, so that the time grows
 * with the distinct content of the history, not with its tags. Names are read from the raw
 * tree objects, so any byte of a name, a newline included, stays in it.
 */

/**
 * Runs git in `cwd`: pathspecs are literal, and callers put revisions after `--end-of-options`,
 * so that no name is read as an option or a pattern.
 */
export function git(cwd: string, args: string[], input?: string): Buffer {
  const result = spawnSync('git', ['--literal-pathspecs', ...args], { cwd, input, maxBuffer: 1 << 30 });
  if (result.error !== undefined) throw result.error;
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr.toString().trim()}`);
  return result.stdout;
}

/** An entry of a tree object: its mode (`100644`, `40000`, ...), name and object name. */
interface TreeEntry {
  mode: string;
  name: string;
  oid: string;
}

/** A regular file under a tree: its path from that tree and its blob's object name. */
export interface TreeFile {
  path: string;
  blob: string;
}

const isRegular = (entry: TreeEntry) => entry.mode === '100644' || entry.mode === '100755';
const isTree = (entry: TreeEntry) => entry.mode === '40000';

/** The entries of a raw tree object (`<mode> <name>\0<hash>` each), in the tree's order. */
function parseTree(raw: Buffer, hashBytes: number): TreeEntry[] {
  const entries: TreeEntry[] = [];
  for (let at = 0; at < raw.length;) {
    const space = raw.indexOf(0x20, at);
    const nul = raw.indexOf(0, space);
    if (space < 0 || nul < 0 || nul + 1 + hashBytes > raw.length)
      throw new Error('git cat-file gave a tree that does not parse');
    const oid = raw.toString('hex', nul + 1, nul + 1 + hashBytes);
    entries.push({ mode: raw.toString('latin1', at, space), name: raw.toString('utf8', space + 1, nul), oid });
    at = nul + 1 + hashBytes;
  }
  return entries;
}

export class GitObjects {
  private readonly trees = new Map<string, TreeEntry[]>();
  private readonly files = new Map<string, YAMLMap[] | UnreadFile>();

  constructor(readonly top: string) {}

  /**
   * Object name and type of each `<revision>:<path>` (one `cat-file --batch-check`), undefined
   * where there is none. The names must hold no line break (revisions and paths from ref names).
   */
  lookup(names: string[]): Array<{ oid: string; type: string } | undefined> {
    if (names.length === 0) return [];
    const lines = git(this.top, ['cat-file', '--batch-check'], names.map((name) => `${name}\n`).join(''))
      .toString('utf8')
      .split('\n');
    return names.map((name, i) => {
      const line = lines[i] ?? '';
      if (line === `${name} missing`) return undefined;
      const [oid = '', type = ''] = line.split(' ');
      if (!/^[0-9a-f]{40,64}$/.test(oid)) throw new Error(`git cat-file --batch-check answered "${line}" for ${name}`);
      return { oid, type };
    });
  }

  /**
   * The contents of objects of `type` with one `git cat-file --batch`, each answer checked: the
   * object asked for, of that type, as many bytes as its header says, then a newline. Anything
   * else is an error, not a guess.
   */
  private objects(oids: string[], type: 'tree' | 'blob'): Buffer[] {
    if (oids.length === 0) return [];
    const output = git(this.top, ['cat-file', '--batch'], oids.map((oid) => `${oid}\n`).join(''));
    let offset = 0;
    return oids.map((oid) => {
      const newline = output.indexOf(0x0a, offset);
      const header = newline < 0 ? '' : output.toString('utf8', offset, newline);
      const [name, kind, size] = header.split(' ');
      const end = newline + 1 + Number(size);
      if (name !== oid || kind !== type || !/^[0-9]+$/.test(size ?? '') || output[end] !== 0x0a) {
        throw new Error(`git cat-file answered "${header}", expected "${oid} ${type} <size>"`);
      }
      offset = end + 1;
      return output.subarray(newline + 1, end);
    });
  }

  /** Reads the trees not read yet, all in one process. */
  readTrees(oids: string[]): void {
    const missing = [...new Set(oids)].filter((oid) => !this.trees.has(oid));
    this.objects(missing, 'tree').forEach((raw, i) => {
      const oid = missing[i] as string;
      this.trees.set(oid, parseTree(raw, oid.length / 2));
    });
  }

  /** The entries of tree `oid` (read before by {@link readTrees}). */
  private entries(oid: string): TreeEntry[] {
    const entries = this.trees.get(oid);
    if (entries === undefined) throw new Error(`git tree ${oid} was not read`);
    return entries;
  }

  /** The entry `name` of tree `oid`, reading the tree when needed. */
  entry(oid: string, name: string): TreeEntry | undefined {
    this.readTrees([oid]);
    return this.entries(oid).find((entry) => entry.name === name);
  }

  /** Whether tree `oid` holds a regular file `name`, reading the tree when needed. */
  hasFile(oid: string, name: string): boolean {
    const entry = this.entry(oid, name);
    return entry !== undefined && isRegular(entry);
  }

  /** The tree at `path` (slash-separated, `''` for itself) under tree `oid`, or undefined. */
  subtree(oid: string, path: string): string | undefined {
    let current: string | undefined = oid;
    for (const name of path === '' ? [] : path.split('/')) {
      const entry: TreeEntry | undefined = current === undefined ? undefined : this.entry(current, name);
      current = entry !== undefined && isTree(entry) ? entry.oid : undefined;
    }
    return current;
  }

  /**
   * The regular files under each of `roots` (tree object names), recursively, in the order
   * `ls-tree -r` lists them; symbolic links and submodules are left out, as reading a directory
   * leaves them out. Trees are read level by level, one process per level for all roots.
   */
  filesUnder(roots: string[]): TreeFile[][] {
    for (let level = [...new Set(roots)]; level.length > 0;) {
      this.readTrees(level);
      level = [
        ...new Set(
          level.flatMap((oid) =>
            this.entries(oid)
              .filter(isTree)
              .map((entry) => entry.oid),
          ),
        ),
      ].filter((oid) => !this.trees.has(oid));
    }
    const walk = (oid: string, prefix: string): TreeFile[] =>
      this.entries(oid).flatMap((entry) => {
        if (isTree(entry)) return walk(entry.oid, `${prefix}${entry.name}/`);
        return isRegular(entry) ? [{ path: `${prefix}${entry.name}`, blob: entry.oid }] : [];
      });
    return roots.map((root) => walk(root, ''));
  }

  /**
   * The items of resource files (`path` as the items' path annotation, `blob` its content) and
   * those that do not parse (docs/SPEC.md rule malformed-files). Each blob at each path is read
   * and parsed once: later calls share its items, which are only read, never edited.
   */
  read(files: TreeFile[]): { items: YAMLMap[]; unread: UnreadFile[] } {
    const key = (file: TreeFile) => `${file.blob}\0${file.path}`;
    const wanted = files.filter((file) => isResourceFile(file.path));
    const missing = [
      ...new Map(wanted.filter((file) => !this.files.has(key(file))).map((file) => [key(file), file])).values(),
    ];
    const blobs = [...new Set(missing.map((file) => file.blob))];
    const texts = new Map(this.objects(blobs, 'blob').map((raw, i) => [blobs[i] as string, raw.toString('utf8')]));
    for (const file of missing) this.files.set(key(file), readFile(file.path, texts.get(file.blob) ?? ''));
    const items: YAMLMap[] = [];
    const unread: UnreadFile[] = [];
    for (const file of wanted) {
      const read = this.files.get(key(file)) as YAMLMap[] | UnreadFile;
      if (Array.isArray(read)) items.push(...read);
      else unread.push(read);
    }
    return { items, unread };
  }
}
