/**
 * The caseload's latency alone, for A/B work on the caseload route:
 * `node --import tsx bench/caseload.ts [--fixture DIR] [--years 3] [--rounds 5] [--requests 60] [--only sqlite,postgres] [--trace]`.
 * Builds the 3-year practice (or `--years n`) of `npm run bench` (bench/fixture.ts, 40 clients), serves it on SQLite
 * and on PostgreSQL (restored from its backup) as bench/run.ts does, and measures
 * GET /api/caseload/measures one request at a time (bench/loader.ts, its own process): per round the
 * p50 and p95 and the server's CPU microseconds per request (process.cpuUsage). `--fixture DIR`
 * keeps the built practice in DIR and reuses it on the next run (the SQLite file is copied, so
 * each run starts from the same data). `--trace` also prints, for a few requests after the rounds,
 * every store call the route makes and every PostgreSQL statement with its time.
 */
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';
import { openStorage } from '../src/storage/open.ts';
import { buildApp } from '../src/http/app.ts';
import { Background } from '../src/services/background.ts';
import { restoreBackup } from '../src/services/operations/backup.ts';
import { freshPostgres } from '../test/support/harness.ts';
import type { Job, Result } from './loader.ts';
import { PASSWORD, THERAPIST, benchClock, buildFixture, depsFor } from './fixture.ts';
import type { Fixture } from './fixture.ts';

const args = process.argv.slice(2);
const arg = (name: string, d: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1]! : d;
};
const ROUNDS = Number(arg('rounds', '5'));
const REQUESTS = Number(arg('requests', '60'));
const ONLY = new Set(arg('only', 'sqlite,postgres').split(','));
const TRACE = args.includes('--trace');
/** `--years n`: the practice's length (3, as the bench's main fixture; the bench also times 10). */
const YEARS = Number(arg('years', '3'));
const KEEP = arg('fixture', '');
/** `--profile file.cpuprofile`: a V8 CPU profile of the server during the measured rounds only (the last dialect measured). */
const PROFILE = arg('profile', '');
const inspector = PROFILE ? new Session() : undefined;
const post = (method: string, params?: object) =>
  new Promise<unknown>((resolve, reject) => inspector!.post(method, params, (err, r) => (err ? reject(err) : resolve(r))));

let loader: ChildProcess | undefined;
function load(port: number, job: Partial<Job> & Pick<Job, 'paths' | 'requests'>): Promise<Result & { cpuUs: number }> {
  loader ??= fork(fileURLToPath(new URL('./loader.ts', import.meta.url)), [], { execArgv: ['--import', 'tsx'], serialization: 'json' });
  const child = loader;
  const full: Job = { method: 'GET', headers: {}, concurrency: 1, warmup: 5, ...job, port };
  return new Promise((resolve) => {
    const before = process.cpuUsage();
    child.once('message', (r: Result) => {
      const used = process.cpuUsage(before);
      resolve({ ...r, cpuUs: (used.user + used.system) / (r.requests + full.warmup) });
    });
    child.send(full);
  });
}

/** The practice, built or taken from `--fixture DIR`; `dir` is always a fresh copy. */
async function practice(): Promise<Fixture> {
  if (KEEP && existsSync(join(KEEP, 'fixture.json'))) {
    const kept = JSON.parse(readFileSync(join(KEEP, 'fixture.json'), 'utf8')) as Omit<Fixture, 'backup' | 'dir' | 'keyFile'>;
    const dir = mkdtempSync(join(tmpdir(), 'accord-caseload-'));
    copyFileSync(join(KEEP, 'accord.db'), join(dir, 'accord.db'));
    copyFileSync(join(KEEP, 'master.key'), join(dir, 'master.key'));
    return { ...kept, dir, keyFile: join(dir, 'master.key'), backup: readFileSync(join(KEEP, 'backup.bin')) };
  }
  const f = await buildFixture({ clients: 40, years: YEARS });
  process.stderr.write(`fixture built in ${f.buildSeconds.toFixed(1)} s\n`);
  if (KEEP) {
    mkdirSync(KEEP, { recursive: true });
    copyFileSync(join(f.dir, 'accord.db'), join(KEEP, 'accord.db'));
    copyFileSync(f.keyFile, join(KEEP, 'master.key'));
    writeFileSync(join(KEEP, 'backup.bin'), f.backup);
    const { backup: _b, dir: _d, keyFile: _k, ...rest } = f;
    writeFileSync(join(KEEP, 'fixture.json'), JSON.stringify(rest));
  }
  return f;
}

/**
 * CPU milliseconds used so far by the PostgreSQL backends serving `database` (their /proc stat,
 * in clock ticks of 10 ms): only when the server runs on this machine; 0 otherwise.
 */
async function backendCpuMs(databaseUrl: string | undefined): Promise<number> {
  if (!databaseUrl) return 0;
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    const me = (await c.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
    const pids = (await c.query<{ pid: number }>('select pid from pg_stat_activity where datname = current_database()')).rows.map((r) => r.pid);
    let ticks = 0;
    for (const pid of pids) {
      if (pid === me || !readdirSync('/proc').includes(String(pid))) continue;
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks += Number(f[11]) + Number(f[12]);
    }
    return ticks * 10;
  } catch {
    return 0;
  } finally {
    await c.end();
  }
}

type Trace = { on: boolean; lines: string[] };
const trace: Trace = { on: false, lines: [] };

/** Times every method of the store (top level) while tracing. */
function traced<T extends object>(store: T): T {
  return new Proxy(store, {
    get(target, key, receiver) {
      const v = Reflect.get(target, key, receiver) as unknown;
      if (typeof v !== 'function' || !TRACE) return v;
      return function (this: unknown, ...a: unknown[]) {
        const t = performance.now();
        const r = (v as (...x: unknown[]) => unknown).apply(target, a);
        if (trace.on && r instanceof Promise)
          void r.then(
            () => trace.lines.push(`  store.${String(key)} ${(performance.now() - t).toFixed(2)} ms`),
            () => undefined,
          );
        return r;
      };
    },
  });
}

if (TRACE) {
  const original = pg.Client.prototype.query as (...a: unknown[]) => unknown;
  (pg.Client.prototype as unknown as { query: unknown }).query = function (this: pg.Client, ...a: unknown[]) {
    const t = performance.now();
    const q = a[0] as string | { text: string; name?: string };
    const text = typeof q === 'string' ? q : q.text;
    const r = original.apply(this, a);
    if (trace.on && r instanceof Promise)
      void r.then(
        () => trace.lines.push(`    pg ${(performance.now() - t).toFixed(2)} ms  ${text.replace(/\s+/g, ' ').slice(0, 110)}`),
        () => undefined,
      );
    return r;
  };
}

if (TRACE) {
  // SQLite statements: each prepared statement's runs timed (the statement cache prepares each text once).
  const proto = Database.prototype as unknown as { prepare(text: string): Record<string, (...a: unknown[]) => unknown> };
  const prepare = proto.prepare;
  proto.prepare = function (this: unknown, text: string) {
    const st = prepare.call(this, text);
    for (const m of ['all', 'get', 'run', 'iterate']) {
      const f = st[m]!;
      st[m] = (...a: unknown[]) => {
        const t = performance.now();
        const r = f.apply(st, a);
        if (trace.on) trace.lines.push(`    sqlite ${m} ${(performance.now() - t).toFixed(2)} ms  ${text.replace(/\s+/g, ' ').slice(0, 110)}`);
        return r;
      };
    }
    return st;
  };
}

async function measure(name: string, dir: string, keyFile: string, databaseUrl?: string): Promise<void> {
  const storage = await openStorage({ dataDir: dir, keyFile, databaseUrl });
  const deps = depsFor(storage, benchClock());
  deps.store = traced(deps.store);
  const background = new Background(() => deps);
  deps.background = background;
  const app = await buildApp({ deps, secureCookies: false, logger: false, version: 'bench' });
  await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    const port = (app.server.address() as AddressInfo).port;
    const res = await app.inject({ method: 'POST', url: '/api/session', payload: { email: THERAPIST, password: PASSWORD } });
    const cookie = `accord_session=${res.cookies.find((c) => c.name === 'accord_session')!.value}`;
    const first = await app.inject({ method: 'GET', url: '/api/caseload/measures', headers: { cookie } });
    if (first.statusCode !== 200 || (first.json() as unknown[]).length !== 40) throw new Error(`caseload: ${first.statusCode}`);
    const p50s: number[] = [];
    const p95s: number[] = [];
    const cpus: number[] = [];
    const dbCpus: number[] = [];
    if (inspector) {
      inspector.connect();
      await post('Profiler.enable');
      await post('Profiler.setSamplingInterval', { interval: 200 });
      await post('Profiler.start');
    }
    for (let round = 1; round <= ROUNDS; round++) {
      const db0 = await backendCpuMs(databaseUrl);
      const r = await load(port, { paths: ['/api/caseload/measures'], headers: { cookie }, requests: REQUESTS });
      const dbCpu = ((await backendCpuMs(databaseUrl)) - db0) / (REQUESTS + 5);
      if (r.failed) throw new Error(`caseload: ${r.failed} failed`);
      p50s.push(r.p50);
      p95s.push(r.p95);
      cpus.push(r.cpuUs);
      dbCpus.push(dbCpu);
      process.stdout.write(
        `  ${name} round ${round}: p50 ${r.p50.toFixed(2)} ms  p95 ${r.p95.toFixed(2)} ms  cpu ${r.cpuUs.toFixed(0)} µs/req${databaseUrl ? `  PostgreSQL cpu ${dbCpu.toFixed(2)} ms/req` : ''}\n`,
      );
    }
    if (inspector) {
      const { profile } = (await post('Profiler.stop')) as { profile: unknown };
      writeFileSync(PROFILE, JSON.stringify(profile));
      inspector.disconnect();
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    process.stdout.write(
      `${name}: median p50 ${median(p50s).toFixed(2)} ms  p95 ${median(p95s).toFixed(2)} ms  cpu ${median(cpus).toFixed(0)} µs/req${databaseUrl ? `  PostgreSQL cpu ${median(dbCpus).toFixed(2)} ms/req` : ''} (load ${(await import('node:os')).loadavg()[0]!.toFixed(1)})\n`,
    );
    if (TRACE) {
      for (let i = 0; i < 3; i++) {
        trace.lines = [];
        trace.on = true;
        const t = performance.now();
        await app.inject({ method: 'GET', url: '/api/caseload/measures', headers: { cookie } });
        await deps.audit.settle();
        const total = performance.now() - t;
        trace.on = false;
        process.stdout.write(`${name} traced request ${i + 1}: ${total.toFixed(2)} ms\n${trace.lines.join('\n')}\n`);
      }
    }
  } finally {
    await app.close();
    await background.close();
    await deps.audit.settle();
    await storage.close();
  }
}

const f = await practice();
try {
  if (ONLY.has('sqlite')) await measure('sqlite', f.dir, f.keyFile);
  if (ONLY.has('postgres')) {
    const pgdb = await freshPostgres();
    try {
      const pgDir = mkdtempSync(join(f.dir, 'pg-'));
      const opened = await openStorage({ dataDir: pgDir, keyFile: f.keyFile, databaseUrl: pgdb.url });
      try {
        await restoreBackup(depsFor(opened, benchClock()), f.backup);
      } finally {
        await opened.close();
      }
      await measure('postgres', pgDir, f.keyFile, pgdb.url);
    } finally {
      await pgdb.drop();
    }
  }
} finally {
  loader?.kill();
  rmSync(f.dir, { recursive: true, force: true });
}
