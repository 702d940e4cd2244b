/**
 * `npm run bench`: Accord's benchmark (issue 10), one run, every figure measured side by side on
 * the same machine. `--json` prints one JSON object (every key, its target, whether it is met, the
 * baselines, notes) on stdout and the progress on stderr; without it, a human-readable table.
 * `--quick` is a smaller run for checking the bench itself (10 clients, fewer requests, 20,000
 * portal users): its figures are not the issue's.
 *
 * The servers run in this process on 127.0.0.1; the load comes from bench/loader.ts in its own
 * process (child_process.fork), with keep-alive connections and the same request framing for every
 * HTTP figure. Throughput is compared as ratios against baselines measured in the same run: a bare
 * node:http server, a one-query Fastify + better-sqlite3 endpoint, and a Fastify endpoint making
 * one synchronous=FULL autocommit insert into a file on the same disk. Latencies (p50/p95, ms)
 * are of requests made one at a time. See docs/performance.md.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { openStorage } from '../src/storage/open.ts';
import type { OpenedStorage } from '../src/storage/open.ts';
import { measureBundles } from '../scripts/bundle-sizes.ts';
import fastifyCookie from '@fastify/cookie';
import { buildApp, securityHeaders } from '../src/http/app.ts';
import { sessionCookieName } from '../src/http/route.ts';
import { Background } from '../src/services/background.ts';
import { restoreBackup } from '../src/services/operations/backup.ts';
import { PHQ9 } from '../src/domain/measures/builtin/index.ts';
import { freshPostgres } from '../test/support/harness.ts';
import type { Job, Result } from './loader.ts';
import { PASSWORD, THERAPIST, THERAPIST2, answersFor, benchClock, buildFixture, depsFor } from './fixture.ts';
import type { Fixture } from './fixture.ts';

const args = process.argv.slice(2);
const JSON_OUT = args.includes('--json');
const QUICK = args.includes('--quick');
const CONCURRENCY = 16;
const CLIENTS = QUICK ? 10 : 40;
const PORTAL_USERS = QUICK ? 20_000 : 200_000;
const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Progress and the table go to stderr with --json, so stdout is the JSON object alone. */
const log = (line = '') => (JSON_OUT ? process.stderr : process.stdout).write(`${line}\n`);

// ---------------------------------------------------------------------------------------------
// The load generator: one child process for the whole run, one job at a time.

let loader: ChildProcess | undefined;

function load(server: { port: number }, job: Omit<Job, 'port' | 'concurrency' | 'warmup' | 'headers' | 'method'> & Partial<Job>): Promise<Result> {
  loader ??= fork(fileURLToPath(new URL('./loader.ts', import.meta.url)), [], { execArgv: ['--import', 'tsx'], serialization: 'json' });
  const child = loader;
  const full: Job = { method: 'GET', headers: {}, concurrency: CONCURRENCY, warmup: 100, ...job, port: server.port };
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`the load generator exited (${code})`));
    child.once('exit', onExit);
    child.once('message', (r: Result) => {
      child.off('exit', onExit);
      resolve(r);
    });
    child.send(full);
  });
}

/** A load whose every request must succeed. */
async function loadOk(what: string, server: { port: number }, job: Parameters<typeof load>[1]): Promise<Result> {
  const r = await load(server, job);
  if (r.failed) throw new Error(`${what}: ${r.failed} of ${r.requests} requests failed (${JSON.stringify(r.statuses)})`);
  return r;
}

const portOf = (server: http.Server) => ({ port: (server.address() as AddressInfo).port });

// ---------------------------------------------------------------------------------------------
// Baselines

async function bareNode(requests: number): Promise<Result> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('hello world');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    return await loadOk('bare node:http', portOf(server), { paths: ['/'], requests });
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

/** A baseline server, measured again beside each round of the loads it is the yardstick of. */
type Baseline = { measure(requests: number): Promise<Result>; close(): Promise<void> };

/** One indexed query per request, better-sqlite3 on a file (WAL, as Accord opens it), Fastify. */
async function rawQuery(dir: string): Promise<Baseline> {
  const db = new Database(join(dir, 'raw-query.db'));
  db.pragma('journal_mode = WAL');
  db.exec('create table items (id integer primary key, name text not null, updated_at text not null)');
  const insert = db.prepare('insert into items (id, name, updated_at) values (?, ?, ?)');
  db.transaction(() => {
    for (let i = 1; i <= 1000; i++) insert.run(i, `item ${i}`, new Date().toISOString());
  })();
  const byId = db.prepare('select id, name, updated_at from items where id = ?');
  const app = Fastify({ logger: false });
  let n = 0;
  app.get('/item', async () => byId.get((n++ % 1000) + 1));
  await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    measure: (requests) => loadOk('raw query', portOf(app.server), { paths: ['/item'], requests }),
    close: async () => {
      await app.close();
      db.close();
    },
  };
}

/**
 * One durable autocommit insert per request (WAL, synchronous=FULL, as Accord opens its file) into
 * a file on the same disk as the Accord fixture, through Fastify, with the same load model as the
 * submissions (POST with a JSON body, concurrency 16).
 */
async function rawInsert(dir: string): Promise<Baseline> {
  const db = new Database(join(dir, 'raw-insert.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('create table responses (id integer primary key, client text not null, answers text not null, created_at text not null)');
  const insert = db.prepare('insert into responses (client, answers, created_at) values (?, ?, ?)');
  const app = Fastify({ logger: false });
  app.post('/responses/:client', async (req, reply) => {
    const r = insert.run((req.params as { client: string }).client, JSON.stringify(req.body), new Date().toISOString());
    return reply.status(201).send({ id: Number(r.lastInsertRowid) });
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    measure: (requests) =>
      loadOk('raw insert', portOf(app.server), {
        method: 'POST',
        paths: Array.from({ length: 40 }, (_, i) => `/responses/c${i}`),
        body: JSON.stringify({ instrumentCode: 'phq9', answers: answersFor(PHQ9, 1, 1) }),
        requests,
        warmup: 50,
      }),
    close: async () => {
      await app.close();
      db.close();
    },
  };
}

/**
 * The audited-read floor: the least an audited read of one client can do, on the same stack. It
 * sends the same answer (the client's JSON as Accord sends it, computed once), with the same
 * security headers, after checking that a session cookie is present, reading one row by key and
 * appending one audit row per request to a WAL, synchronous=FULL file on the same disk; the rows of
 * one event-loop turn are committed together (one fsync a batch) before any of them is answered.
 * No session lookup, access policy, decryption or serialisation — what read_ratio could reach if
 * all of that cost nothing. docs/performance.md, "What bounds read_ratio".
 */
async function auditedReadFloor(dir: string, answer: string, requests: number, headers: Record<string, string>): Promise<Result> {
  const db = new Database(join(dir, 'read-floor.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('create table clients (id integer primary key, body text not null)');
  db.exec('create table audit (seq integer primary key, at text not null, actor text not null, action text not null, client integer not null)');
  db.prepare('insert into clients (id, body) values (1, ?)').run(answer);
  const byId = db.prepare<[number], { body: string }>('select body from clients where id = ?');
  const append = db.prepare('insert into audit (at, actor, action, client) values (?, ?, ?, ?)');
  let batch: { actor: string; done: () => void }[] = [];
  const commit = db.transaction((rows: typeof batch) => {
    const at = new Date().toISOString();
    for (const r of rows) append.run(at, r.actor, 'client.read', 1);
  });
  const flush = () => {
    const rows = batch;
    batch = [];
    commit(rows);
    for (const r of rows) r.done();
  };
  const cookieName = sessionCookieName(false);
  const app = Fastify({ logger: false });
  await app.register(fastifyCookie);
  app.addHook('onSend', (_request, reply, payload, done) => {
    reply.headers(headers);
    done(null, payload);
  });
  app.get('/api/clients/:id', async (req, reply) => {
    const actor = req.cookies[cookieName];
    if (!actor) return reply.status(401).send({ error: 'unauthenticated' });
    const row = byId.get(1)!;
    await new Promise<void>((done) => {
      if (!batch.length) setImmediate(flush);
      batch.push({ actor, done });
    });
    return reply.type('application/json; charset=utf-8').send(row.body);
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    return await loadOk('audited read floor', portOf(app.server), {
      paths: ['/api/clients/1'],
      headers: { cookie: `${cookieName}=bench-floor-session` },
      requests,
    });
  } finally {
    await app.close();
    db.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Accord served over HTTP from a fixture

type Served = { app: FastifyInstance; storage: OpenedStorage; server: { port: number }; background: Background; close(): Promise<void> };
type SignedIn = { cookie: string; csrf: string };

async function serve(opts: { dir: string; keyFile: string; databaseUrl?: string; webDir?: string }): Promise<Served> {
  const storage = await openStorage({ dataDir: opts.dir, keyFile: opts.keyFile, databaseUrl: opts.databaseUrl });
  const deps = depsFor(storage, benchClock());
  // As `accord serve` runs: alliance recomputes after the answer, coalesced per course.
  const background = new Background(() => deps);
  deps.background = background;
  const app = await buildApp({ deps, secureCookies: false, logger: false, version: 'bench', webDir: opts.webDir });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    app,
    storage,
    server: portOf(app.server),
    background,
    close: async () => {
      await app.close();
      await background.close();
      await deps.audit.settle();
      await storage.close();
    },
  };
}

async function signIn(app: FastifyInstance, email: string): Promise<SignedIn> {
  const res = await app.inject({ method: 'POST', url: '/api/session', payload: { email, password: PASSWORD } });
  if (res.statusCode !== 201) throw new Error(`bench sign-in failed: ${res.body}`);
  const cookie = `accord_session=${res.cookies.find((c) => c.name === 'accord_session')!.value}`;
  return { cookie, csrf: (res.json() as { csrfToken: string }).csrfToken };
}

/** One client read at a time, as both `client_read_p50_ms` keys measure it: 100 unmeasured, then 200. */
const oneRead = { concurrency: 1, warmup: QUICK ? 10 : 100, requests: QUICK ? 50 : 200 } as const;

/** A PHQ-9 the therapist enters as given in session (the same path as the portal's: safety check, audit event). */
const submitBody = (k: number) => JSON.stringify({ instrumentCode: 'phq9', source: 'in_session', answers: answersFor(PHQ9, k, k) });

/**
 * The caseload one request at a time (its p95 is the key). Every server gets the same 200
 * unmeasured requests first: the 3-year SQLite server has by then answered thousands of other
 * requests, the 10-year one and the PostgreSQL one none, and a new server's first requests (V8
 * still compiling the route's code, its page cache, its prepared statements, PostgreSQL's plans)
 * would otherwise count against those two alone. `bench/caseload.ts` showed the first hundred
 * requests of a new server at two to three times the p95 of the next. Then 500 measured requests,
 * so the p95 is the 25th slowest, not the third of 60: the 10-year key divides two p95s of 3–5 ms,
 * and with 200 one run missed its 1.3× by a single slow request's worth (4.5 against 3.4 ms, p50s
 * equal).
 */
async function caseloadP95(s: Served, who: SignedIn, clients: number): Promise<Result> {
  const rows = await s.app.inject({ method: 'GET', url: '/api/caseload/measures', headers: { cookie: who.cookie } });
  if (rows.statusCode !== 200 || (rows.json() as unknown[]).length !== clients)
    throw new Error(`the caseload does not list ${clients} clients: ${rows.statusCode}`);
  return loadOk('caseload', s.server, {
    paths: ['/api/caseload/measures'],
    headers: { cookie: who.cookie },
    concurrency: 1,
    warmup: QUICK ? 30 : 200,
    requests: QUICK ? 20 : 500,
  });
}

// ---------------------------------------------------------------------------------------------
// The run

type Key =
  | 'read_ratio'
  | 'list_ratio'
  | 'submit_ratio'
  | 'caseload_p95_ms_sqlite'
  | 'caseload_p95_ms_postgres'
  | 'caseload_p95_ms_sqlite_10y'
  | 'submit_ms_10'
  | 'submit_ms_1000'
  | 'recompute_unchanged_ms'
  | 'recompute_cold_ms'
  | 'client_read_p50_ms'
  | 'client_read_p50_ms_200k_users'
  | 'portal_js_gzip_kb'
  | 'app_js_gzip_kb'
  | 'cues_ratio';

/** The targets, as text (some are relative to another key) and as a check. */
const TARGETS: Record<Key, { text: string; met: (v: Record<Key, number>) => boolean }> = {
  read_ratio: { text: '>= 0.3 (aim 0.5)', met: (v) => v.read_ratio >= 0.3 },
  list_ratio: { text: '>= 0.1', met: (v) => v.list_ratio >= 0.1 },
  submit_ratio: { text: '>= 0.3', met: (v) => v.submit_ratio >= 0.3 },
  caseload_p95_ms_sqlite: { text: '<= 20', met: (v) => v.caseload_p95_ms_sqlite <= 20 },
  caseload_p95_ms_postgres: { text: '<= 20', met: (v) => v.caseload_p95_ms_postgres <= 20 },
  caseload_p95_ms_sqlite_10y: {
    text: '<= 20 and <= 1.3 x caseload_p95_ms_sqlite',
    met: (v) => v.caseload_p95_ms_sqlite_10y <= 20 && v.caseload_p95_ms_sqlite_10y <= 1.3 * v.caseload_p95_ms_sqlite,
  },
  submit_ms_10: { text: 'reference for submit_ms_1000', met: () => true },
  submit_ms_1000: { text: '<= 1.3 x submit_ms_10', met: (v) => v.submit_ms_1000 <= 1.3 * v.submit_ms_10 },
  recompute_unchanged_ms: { text: '<= 3', met: (v) => v.recompute_unchanged_ms <= 3 },
  recompute_cold_ms: { text: '<= 50', met: (v) => v.recompute_cold_ms <= 50 },
  client_read_p50_ms: { text: 'reference for client_read_p50_ms_200k_users', met: () => true },
  client_read_p50_ms_200k_users: { text: '<= 1.5 x client_read_p50_ms', met: (v) => v.client_read_p50_ms_200k_users <= 1.5 * v.client_read_p50_ms },
  portal_js_gzip_kb: { text: '<= 50', met: (v) => v.portal_js_gzip_kb <= 50 },
  app_js_gzip_kb: { text: '<= 120', met: (v) => v.app_js_gzip_kb <= 120 },
  cues_ratio: { text: '>= 0.5', met: (v) => v.cues_ratio >= 0.5 },
};

type Figure = { label: string; value: number | string | boolean; unit?: string };

function show(f: Figure): string {
  const v =
    typeof f.value !== 'number'
      ? String(f.value)
      : Math.abs(f.value) >= 100
        ? Math.round(f.value).toLocaleString('en-GB')
        : f.value.toFixed(f.value < 1 ? 3 : 1);
  return `  ${f.label.padEnd(76)} ${v.padStart(10)} ${f.unit ?? ''}`;
}

const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;
/** The middle value (the mean of the middle two for an even count). */
function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
/**
 * Rounds of each throughput load, each beside its own baseline: a shared machine's speed moves
 * by half or more within a minute, so a ratio is taken between two figures measured seconds apart,
 * round by round, and the key is the median of the rounds' ratios.
 */
const ROUNDS = QUICK ? 1 : 3;

/** JavaScript of the built web app, gzipped (level 9, as a static compressor would), in kB. */
function bundles(): { files: { name: string; raw: number; gzip: number }[] } {
  const web = join(ROOT, 'dist/web');
  if (!existsSync(join(web, 'index.html'))) {
    log('  (dist/web is not built: building it with vite)');
    execFileSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], {
      cwd: ROOT,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
  }
  const assets = join(web, 'assets');
  const files = readdirSync(assets)
    .filter((f) => f.endsWith('.js'))
    .map((name) => {
      const data = readFileSync(join(assets, name));
      return { name, raw: data.length / 1000, gzip: gzipSync(data, { level: 9 }).length / 1000 };
    });
  return { files };
}

/** Whether a hashed JS asset is sent compressed when asked, and cached immutable. */
async function assetHeaders(s: Served): Promise<{ compressed: boolean; immutable: boolean }> {
  const js = readdirSync(join(ROOT, 'dist/web/assets')).find((f) => f.endsWith('.js'));
  if (!js) return { compressed: false, immutable: false };
  const res = await s.app.inject({ method: 'GET', url: `/assets/${js}`, headers: { 'accept-encoding': 'gzip, br' } });
  const encoding = String(res.headers['content-encoding'] ?? '');
  const cache = String(res.headers['cache-control'] ?? '');
  return { compressed: /gzip|br/.test(encoding), immutable: /immutable/.test(cache) };
}

async function main() {
  const started = Date.now();
  const tmp = mkdtempSync(join(tmpdir(), 'accord-bench-run-'));
  const figures: Figure[] = [];
  const keys = {} as Record<Key, number>;
  const extra: Record<string, number | boolean> = {};
  const notes: string[] = [];
  const section = (title: string) => log(`\n${title}`);
  const add = (f: Figure) => {
    figures.push(f);
    log(show(f));
  };
  const fixtures: Fixture[] = [];
  const baselines: Baseline[] = [];
  log(
    `Accord benchmark${QUICK ? ' (--quick)' : ''}: Node ${process.version}, load generator in its own process, concurrency ${CONCURRENCY} for throughput, keep-alive`,
  );
  try {
    section('Baselines');
    // A first, unreported pass warms the load generator (its JIT) so the first baseline is not its victim.
    await bareNode(QUICK ? 1_000 : 3_000);
    const bare = await bareNode(QUICK ? 3_000 : 10_000);
    add({ label: 'bare node:http hello world', value: bare.rate, unit: 'req/s' });
    // Measured below, round by round beside the loads they divide.
    const rawQ = await rawQuery(tmp);
    baselines.push(rawQ);
    const rawI = await rawInsert(tmp);
    baselines.push(rawI);

    section(`Fixture: ${CLIENTS} clients × 3 years (sessions, PHQ-9/GAD-7, expectations, goals, agreements, snapshots)`);
    const f3 = await buildFixture({ clients: CLIENTS, years: 3 });
    fixtures.push(f3);
    add({ label: `built through the services (${f3.sessionsPerCourse} sessions a course, ${f3.responses} responses)`, value: f3.buildSeconds, unit: 's' });

    section('Accord over HTTP, SQLite on disk (as shipped)');
    const webDir = join(ROOT, 'dist/web');
    bundles(); // dist/web must exist: the app serves it (assets_served_compressed, assets_cached_immutable)
    const s3 = await serve({ dir: f3.dir, keyFile: f3.keyFile, webDir });
    try {
      const ther = await signIn(s3.app, THERAPIST);
      const ther2 = await signIn(s3.app, THERAPIST2);
      const cookie = { cookie: ther.cookie };
      const answer = await s3.app.inject({ method: 'GET', url: `/api/clients/${f3.clientId}`, headers: cookie });
      if (answer.statusCode !== 200) throw new Error(`the floor's answer: ${answer.statusCode}`);
      const reads: { raw: number; read: number; list: number }[] = [];
      // One unmeasured pass of each load first, the same number of requests for the raw query and
      // the read: a new server's first thousands of requests run code V8 has not optimised yet, and
      // the raw query's first round (10,000 requests) warms it far more than a read round (2,000)
      // warms Accord, so the first round measured a cold Accord against a warm baseline.
      await rawQ.measure(QUICK ? 3_000 : 10_000);
      await loadOk('client read (warm-up)', s3.server, { paths: [`/api/clients/${f3.clientId}`], headers: cookie, requests: QUICK ? 3_000 : 10_000 });
      await loadOk('client list (warm-up)', s3.server, { paths: ['/api/clients'], headers: cookie, requests: QUICK ? 200 : 1_000, warmup: 32 });
      for (let r = 1; r <= ROUNDS; r++) {
        const raw = await rawQ.measure(QUICK ? 3_000 : 10_000);
        const read = await loadOk('client read', s3.server, { paths: [`/api/clients/${f3.clientId}`], headers: cookie, requests: QUICK ? 600 : 2_000 });
        const list = await loadOk('client list', s3.server, { paths: ['/api/clients'], headers: cookie, requests: QUICK ? 200 : 400, warmup: 32 });
        reads.push({ raw: raw.rate, read: read.rate, list: list.rate });
        add({
          label: `  round ${r}: raw query / read / list (read and list ratios)`,
          value: `${raw.rate.toFixed(0)} / ${read.rate.toFixed(0)} / ${list.rate.toFixed(0)} (${(read.rate / raw.rate).toFixed(3)}, ${(list.rate / raw.rate).toFixed(3)})`,
          unit: 'req/s',
        });
      }
      const raw = { rate: median(reads.map((x) => x.raw)) };
      const read = { rate: median(reads.map((x) => x.read)) };
      const list = { rate: median(reads.map((x) => x.list)) };
      const floor = await auditedReadFloor(tmp, answer.body, QUICK ? 600 : 2_000, securityHeaders(false).apiHeaders);
      const caseload = await caseloadP95(s3, ther, CLIENTS);
      const single = await loadOk('client read alone', s3.server, { ...oneRead, paths: [`/api/clients/${f3.clientId}`], headers: cookie });
      add({ label: 'Fastify + better-sqlite3, one indexed query (raw query), median of the rounds', value: raw.rate, unit: 'req/s' });
      add({ label: 'audited-read floor: same answer, one query, one durable audit row a read (concurrency 16)', value: floor.rate, unit: 'req/s' });
      add({ label: 'GET /api/clients/:id, audited (concurrency 16)', value: read.rate, unit: 'req/s' });
      extra.read_floor_rps = Math.round(floor.rate);
      extra.read_floor_ratio = round(floor.rate / raw.rate);
      extra.raw_query_rps = Math.round(raw.rate);
      add({ label: 'GET /api/clients (concurrency 16)', value: list.rate, unit: 'req/s' });
      add({ label: 'GET /api/caseload/measures, one at a time, p50', value: caseload.p50, unit: 'ms' });
      add({ label: 'GET /api/caseload/measures, one at a time, p95', value: caseload.p95, unit: 'ms' });
      add({ label: 'GET /api/clients/:id, one at a time, p50', value: single.p50, unit: 'ms' });
      keys.read_ratio = round(median(reads.map((x) => x.read / x.raw)));
      keys.list_ratio = round(median(reads.map((x) => x.list / x.raw)));
      keys.caseload_p95_ms_sqlite = round(caseload.p95, 1);
      keys.client_read_p50_ms = round(single.p50, 2);

      // One submission at a time into courses holding 10 and 1,000 responses (each adds one).
      const submitAlone = (clientId: string) =>
        loadOk('submission alone', s3.server, {
          method: 'POST',
          paths: [`/api/clients/${clientId}/responses`],
          headers: { cookie: ther2.cookie, 'x-csrf-token': ther2.csrf },
          body: submitBody(3),
          concurrency: 1,
          warmup: 1,
          requests: 9,
        });
      const s10 = await submitAlone(f3.client10);
      const s1000 = await submitAlone(f3.client1000);
      add({ label: 'POST a PHQ-9 alone into a course holding 10 responses, p50', value: s10.p50, unit: 'ms' });
      add({ label: 'POST a PHQ-9 alone into a course holding 1,000 responses, p50', value: s1000.p50, unit: 'ms' });
      keys.submit_ms_10 = round(s10.p50, 2);
      keys.submit_ms_1000 = round(s1000.p50, 2);

      // Durable submissions under load, across the caseload (3 years of history each), each round
      // beside its raw inserts. The outcome checks and alliance recomputes of a burst run after the
      // answers (services/background.ts): how long they take to drain once it ends is measured too
      // (so the work moved out of the request is counted), and they are drained before the next
      // baseline.
      const submits: { raw: number; submit: number; drainMs: number; waiting: number }[] = [];
      // As for the reads: one unmeasured pass of each first (its follow-ups drained), so no round
      // measures a cold server against a warm one.
      await rawI.measure(QUICK ? 1_000 : 3_000);
      const burst = {
        method: 'POST',
        paths: f3.clientIds.map((id) => `/api/clients/${id}/responses`),
        headers: { cookie: ther.cookie, 'x-csrf-token': ther.csrf },
        body: submitBody(5),
        requests: QUICK ? 80 : 240,
        warmup: 16,
      } as const;
      await loadOk('submissions (warm-up)', s3.server, burst);
      await s3.background.settle();
      for (let r = 1; r <= ROUNDS; r++) {
        const rawIns = await rawI.measure(QUICK ? 1_000 : 3_000);
        const submit = await loadOk('submissions', s3.server, burst);
        const drainStart = performance.now();
        const waiting = s3.background.size;
        await s3.background.settle();
        submits.push({ raw: rawIns.rate, submit: submit.rate, drainMs: performance.now() - drainStart, waiting });
        add({
          label: `  round ${r}: raw insert / submission (ratio)`,
          value: `${rawIns.rate.toFixed(0)} / ${submit.rate.toFixed(0)} (${(submit.rate / rawIns.rate).toFixed(3)})`,
          unit: 'req/s',
        });
      }
      const rawIns = { rate: median(submits.map((x) => x.raw)) };
      add({ label: 'Fastify + better-sqlite3, one synchronous=FULL autocommit insert (raw insert), median', value: rawIns.rate, unit: 'req/s' });
      add({ label: 'POST /api/clients/:id/responses, PHQ-9 (concurrency 16)', value: median(submits.map((x) => x.submit)), unit: 'req/s' });
      keys.submit_ratio = round(median(submits.map((x) => x.submit / x.raw)));
      extra.raw_insert_rps = Math.round(rawIns.rate);
      extra.submit_followups_drain_ms = round(median(submits.map((x) => x.drainMs)), 1);
      add({
        label: `each burst's follow-ups after it (${submits.map((x) => x.waiting).join(', ')} waiting: outcome checks and courses' recomputes), drained in (median)`,
        value: extra.submit_followups_drain_ms,
        unit: 'ms',
      });

      const headers = await assetHeaders(s3);
      extra.assets_served_compressed = headers.compressed;
      extra.assets_cached_immutable = headers.immutable;

      // The same practice with PORTAL_USERS more portal accounts: real rows, inserted through the
      // store (sealed names and emails), one transaction; the client read is measured again.
      const t = performance.now();
      const deps = depsFor(s3.storage, benchClock());
      const practice = (await deps.store.findUserByEmail(THERAPIST))!.practiceId;
      await deps.store.transaction(async (tx) => {
        const at = new Date().toISOString();
        for (let i = 0; i < PORTAL_USERS; i++) {
          await tx.insertUser({
            id: deps.ids.newId(),
            practiceId: practice,
            email: `portal${i}@clients.bench.accord`,
            displayName: `Portal Client ${i}`,
            passwordHash: null,
            roles: ['client'],
            status: 'active',
            clientId: deps.ids.newId(),
            totpSecret: null,
            totpLastStep: null,
            mfaEnabled: false,
            createdAt: at,
            updatedAt: at,
          });
        }
      });
      add({ label: `inserting ${PORTAL_USERS.toLocaleString('en-GB')} portal users through the store`, value: (performance.now() - t) / 1000, unit: 's' });
      // The insert left its pages in the WAL (about 100 MB): copied into the file now, from a second
      // connection, as the server's own checkpoints would copy them over the next minutes. Otherwise
      // the reads measured below each commit their audit event while that copy and the disk's
      // writeback of it run, and the key measured the fixture's build, not the read (the p50 went
      // from 0.7 to 1.4 ms in one run, none of it in the read's own work).
      const checkpoint = new Database(join(f3.dir, 'accord.db'));
      try {
        checkpoint.pragma('wal_checkpoint(TRUNCATE)');
      } finally {
        checkpoint.close();
      }
      // Measured as the reference is (100 unmeasured, then 200, one at a time): with 2 and 9, the
      // first answers after the insert above (its caches refilled) could decide the p50.
      const many = await loadOk('client read, many users', s3.server, { ...oneRead, paths: [`/api/clients/${f3.clientId}`], headers: cookie });
      add({ label: `GET /api/clients/:id, one at a time, p50, ${PORTAL_USERS.toLocaleString('en-GB')} portal users`, value: many.p50, unit: 'ms' });
      keys.client_read_p50_ms_200k_users = round(many.p50, 2);
    } finally {
      await s3.close();
    }

    section('Accord over HTTP, PostgreSQL (the same practice, restored from its backup)');
    const pg = await freshPostgres();
    try {
      const pgDir = mkdtempSync(join(tmp, 'pg-'));
      const opened = await openStorage({ dataDir: pgDir, keyFile: f3.keyFile, databaseUrl: pg.url });
      try {
        await restoreBackup(depsFor(opened, benchClock()), f3.backup);
      } finally {
        await opened.close();
      }
      const sp = await serve({ dir: pgDir, keyFile: f3.keyFile, databaseUrl: pg.url });
      try {
        const ther = await signIn(sp.app, THERAPIST);
        const caseload = await caseloadP95(sp, ther, CLIENTS);
        add({ label: 'GET /api/caseload/measures, one at a time, p50', value: caseload.p50, unit: 'ms' });
        add({ label: 'GET /api/caseload/measures, one at a time, p95', value: caseload.p95, unit: 'ms' });
        keys.caseload_p95_ms_postgres = round(caseload.p95, 1);
      } finally {
        await sp.close();
      }
    } finally {
      await pg.drop();
    }

    section(`Fixture: ${CLIENTS} clients × 10 years (the same records over 10 years)`);
    const f10 = await buildFixture({ clients: CLIENTS, years: 10 });
    fixtures.push(f10);
    add({ label: `built through the services (${f10.sessionsPerCourse} sessions a course, ${f10.responses} responses)`, value: f10.buildSeconds, unit: 's' });
    const s10y = await serve({ dir: f10.dir, keyFile: f10.keyFile });
    try {
      const caseload = await caseloadP95(s10y, await signIn(s10y.app, THERAPIST), CLIENTS);
      add({ label: 'GET /api/caseload/measures, one at a time, p50 (SQLite)', value: caseload.p50, unit: 'ms' });
      add({ label: 'GET /api/caseload/measures, one at a time, p95 (SQLite)', value: caseload.p95, unit: 'ms' });
      keys.caseload_p95_ms_sqlite_10y = round(caseload.p95, 1);
    } finally {
      await s10y.close();
    }

    section('Alliance ledger: recompute on a 3-year weekly course (bench/alliance.ts)');
    // In a process of its own, as the load generator is: a function timed in milliseconds on a fresh
    // heap, not in this one after the run's fixtures, servers and 200,000 accounts (in this process
    // the same code timed 32-62 ms cold in five runs where a process of its own gave 29.5-32 ms).
    const alliance = JSON.parse(
      execFileSync(process.execPath, [...process.execArgv, join(ROOT, 'bench/alliance.ts'), '--json'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
      }),
    ) as Record<string, number>;
    for (const [label, value] of Object.entries(alliance)) add({ label, value });
    keys.recompute_unchanged_ms = round(alliance['recompute, nothing changed, ms']!, 2);
    keys.recompute_cold_ms = round(alliance['recompute with no snapshots (cold), ms']!, 1);

    section('Language cues (bench/cues.ts)');
    const cues = await (await import('./cues.ts')).benchCues();
    add({ label: 'cue analysis, tokens/s', value: cues.cueTokensPerSec });
    add({ label: 'wink-nlp tokenisation (sentences, POS, lemmas), tokens/s', value: cues.winkTokensPerSec });
    keys.cues_ratio = cues.ratio;

    section('Web app JavaScript each audience loads for its first screen (gzip -9; scripts/bundle-sizes.ts)');
    const sizes = await measureBundles();
    add({ label: `client portal (${sizes.portal_files.length} files)`, value: sizes.portal_js_gzip_kb, unit: 'kB' });
    add({ label: `staff app, caseload (${sizes.app_files.length} files)`, value: sizes.app_js_gzip_kb, unit: 'kB' });
    for (const c of sizes.chunks.filter((c) => c.kind !== 'css').slice(0, 6))
      add({ label: `  ${c.src ?? c.file} (${c.kind}): raw / gzip`, value: `${c.raw_kb.toFixed(1)} / ${c.gzip_kb.toFixed(1)}`, unit: 'kB' });
    keys.portal_js_gzip_kb = round(sizes.portal_js_gzip_kb, 1);
    keys.app_js_gzip_kb = round(sizes.app_js_gzip_kb, 1);

    extra.bare_http_rps = Math.round(bare.rate);
    extra.read_rps = Math.round(read0(figures, 'GET /api/clients/:id, audited (concurrency 16)'));
    extra.list_rps = Math.round(read0(figures, 'GET /api/clients (concurrency 16)'));
    extra.submit_rps = Math.round(read0(figures, 'POST /api/clients/:id/responses, PHQ-9 (concurrency 16)'));
    extra.sessions_per_course_3y = f3.sessionsPerCourse;
    extra.sessions_per_course_10y = f10.sessionsPerCourse;
    extra.recompute_course_sessions = alliance['sessions in the course']!;
    extra.portal_users = PORTAL_USERS;
    extra.clients = CLIENTS;
    if (QUICK) notes.push(`--quick: ${CLIENTS} clients and ${PORTAL_USERS.toLocaleString('en-GB')} portal users, fewer requests; not the issue's figures.`);
    notes.push('Measure responses of the fixtures are written through the store port as submissions leave them; everything else goes through the services.');
  } finally {
    loader?.kill();
    for (const b of baselines) await b.close();
    for (const f of fixtures) rmSync(f.dir, { recursive: true, force: true });
    rmSync(tmp, { recursive: true, force: true });
  }
  const seconds = Math.round((Date.now() - started) / 1000);
  const met = Object.fromEntries(Object.entries(TARGETS).map(([k, t]) => [k, t.met(keys)])) as Record<Key, boolean>;
  section('Keys (issue 10)');
  for (const k of Object.keys(TARGETS) as Key[])
    log(`  ${k.padEnd(32)} ${String(keys[k]).padStart(10)}   target ${TARGETS[k].text.padEnd(46)} ${met[k] ? 'met' : 'NOT met'}`);
  log(`\nTotal ${seconds} s`);
  if (JSON_OUT) {
    const out = {
      ...keys,
      ...extra,
      targets: Object.fromEntries(Object.entries(TARGETS).map(([k, t]) => [k, t.text])),
      met,
      seconds,
      quick: QUICK,
      node: process.version,
      notes,
    };
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  }
}

function read0(figures: Figure[], label: string): number {
  const f = figures.find((x) => x.label === label);
  return typeof f?.value === 'number' ? f.value : NaN;
}

await main();
