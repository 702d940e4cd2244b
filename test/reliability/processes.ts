/**
 * Real `accord` processes for the reliability tests: run a command to completion, or start
 * `accord serve` on an ephemeral port and wait for the URL it prints.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';

export const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/accord.js');
const ENV = { ...process.env, LOG_LEVEL: 'silent', DATABASE_URL: '', ACCORD_MASTER_KEY: '', PORT: '' };

const made: string[] = [];
/** A fresh temporary directory named after `name`, removed when the test file's tests are done. */
export const tempDir = (name: string) => {
  const dir = mkdtempSync(join(tmpdir(), `accord-${name}-`));
  made.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/**
 * One demo practice made by `accord demo` in the test file's beforeAll (in a temporary directory
 * named `<name>-template`).
 *
 * @returns a function that copies it, while no process holds it, into a fresh temporary directory
 * named after `name` for one test, and returns that directory.
 */
export function demoTemplate(name: string): () => string {
  let template = '';
  beforeAll(async () => {
    template = tempDir(`${name}-template`);
    const r = await run(['demo', '--data', template]);
    expect(r.code, r.stderr).toBe(0);
  }, 120_000);
  return () => {
    const dir = tempDir(name);
    cpSync(template, dir, { recursive: true });
    return dir;
  };
}

export type Ran = { code: number | null; stdout: string; stderr: string; ms: number };

/** `env` adds to (or overrides) the environment, e.g. DATABASE_URL or ACCORD_MASTER_KEY. */
export function run(args: string[], opts: { stdin?: string; timeoutMs?: number; env?: Record<string, string> } = {}): Promise<Ran> {
  return new Promise((done, fail) => {
    const started = Date.now();
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...ENV, ...opts.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '',
      stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`accord ${args.join(' ')} did not finish in time\n${stdout}\n${stderr}`));
    }, opts.timeoutMs ?? 60_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr, ms: Date.now() - started });
    });
    child.stdin.end(opts.stdin ?? '');
  });
}

export type Server = { url: string; child: ChildProcess; output(): string; kill(signal?: NodeJS.Signals): Promise<void> };

/** Starts `accord serve --port 0` and resolves with its URL once it prints it. */
export function serve(dataDir: string, opts: { env?: Record<string, string> } = {}): Promise<Server> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, 'serve', '--data', dataDir, '--port', '0'], {
      cwd: ROOT,
      env: { ...ENV, ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`accord serve did not start:\n${out}`));
    }, 60_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /Accord is running at (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        done({
          url: m[1]!,
          child,
          output: () => out,
          kill: (signal = 'SIGKILL') =>
            new Promise((r) => {
              if (child.exitCode !== null || child.signalCode) return r();
              child.once('exit', () => r());
              child.kill(signal);
            }),
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`accord serve exited (${code}) before starting:\n${out}`));
    });
  });
}

/** Signs in over real HTTP; returns a fetch that carries the cookie and CSRF token. */
export async function signedIn(url: string, email: string, password: string) {
  const res = await fetch(`${url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  if (res.status !== 201) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return (path: string, init: { method?: string; body?: unknown } = {}) =>
    fetch(`${url}${path}`, {
      method: init.method ?? 'GET',
      headers: { cookie, 'x-csrf-token': csrfToken, ...(init.body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
}

export const DEMO = { therapist: 'maya@demo.accord', password: 'calm harbour lantern 42' };
