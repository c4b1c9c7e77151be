import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { parseDocument } from 'yaml';
import type { YAMLMap } from 'yaml';
import { readCatalog } from '../../src/catalog/index.js';
import type { Catalog } from '../../src/catalog/index.js';
import { repoRoot } from '../support/kpt.js';
import { NAMESPACE, TOKEN } from './porch-fixture.js';
import { startServer, writeKubeconfig } from './server.js';
import type { FakeCluster, RunningServer } from './server.js';

/**
 * Running the built CLI (dist/cli.js, the same client code that talks to a real cluster)
 * against stand-in API servers on 127.0.0.1; {@link cliHarness} registers the hooks that check
 * the build and close the servers and the scratch directory after the file's tests.
 */

export const cli = join(repoRoot, 'dist', 'cli.js');

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** A run still going after this long is killed (status null): a hang fails the test, not the suite. */
const KILL_AFTER_MS = 30_000;

/** A CLI run under way: what it wrote to stderr so far, a signal to send it, its end. */
export interface Running {
  stderr(): string;
  kill(signal: NodeJS.Signals): void;
  done: Promise<Run>;
}

/** Starts the CLI without blocking this process's event loop (the server answers from here). */
export function startPkgdeps(args: string[], env: Record<string, string | undefined> = {}): Running {
  const child = spawn(process.execPath, [cli, ...args], { env: { ...process.env, KUBECONFIG: '', ...env } });
  const timer = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const done = new Promise<Run>((resolve) => {
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
  return { stderr: () => stderr, kill: (signal) => child.kill(signal), done };
}

/** Runs the CLI to its end. */
export function pkgdeps(args: string[], env: Record<string, string | undefined> = {}): Promise<Run> {
  return startPkgdeps(args, env).done;
}

/** Waits until `ready` holds (polled every 50 ms); fails after `ms`, saying what it waited for. */
export async function waitFor(what: string, ready: () => boolean, ms = 20_000): Promise<void> {
  const until = Date.now() + ms;
  while (!ready()) {
    if (Date.now() > until) throw new Error(`waited ${ms} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export function catalogOf(yaml: string): Catalog {
  const loaded = readCatalog(parseDocument(yaml).contents as YAMLMap);
  expect(loaded.results).toEqual([]);
  return loaded.catalog as Catalog;
}

/** The error line of a failed run: one `pkgdeps catalog from-cluster:` line besides progress, no stack trace. */
export function oneLineError(run: Run): string {
  expect(run.status).toBe(1);
  expect(run.stdout).toBe('');
  const prefix = 'pkgdeps catalog from-cluster: ';
  const progress = /^pkgdeps catalog from-cluster: (reading|listing|read |\d)/;
  const lines = run.stderr.split('\n').filter((line) => line.startsWith(prefix) && !progress.test(line));
  expect(lines).toHaveLength(1);
  expect(run.stderr).not.toMatch(/^\s+at /m);
  return lines[0] ?? '';
}

export interface Harness {
  scratch: string;
  /** Serves `fake` until the file's tests end; a kubeconfig for it (context test). */
  serve(fake: FakeCluster): Promise<{ server: RunningServer; kubeconfig: string }>;
  /** Keeps `server` to close after the file's tests. */
  keep(server: RunningServer): RunningServer;
}

export function cliHarness(): Harness {
  const scratch = mkdtempSync(join(tmpdir(), 'pkgdeps-cluster-'));
  const servers: RunningServer[] = [];
  beforeAll(() => {
    expect(existsSync(cli), 'run `npm run build` first').toBe(true);
  });
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
    rmSync(scratch, { recursive: true, force: true });
  });
  const keep = (server: RunningServer) => {
    servers.push(server);
    return server;
  };
  return {
    scratch,
    keep,
    async serve(fake) {
      const server = keep(await startServer(fake));
      return { server, kubeconfig: writeKubeconfig(scratch, server.url, TOKEN, NAMESPACE) };
    },
  };
}
