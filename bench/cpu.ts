/**
 * CPU per request of the hot routes, for A/B work on a shared machine where rates are noisy:
 * `node --import tsx bench/cpu.ts [--years 1] [--rounds 3] [--only read,list,submit] [--concurrency 16]`.
 * Builds the bench practice (bench/fixture.ts, 40 clients), serves it as `npm run bench` does, and
 * for each route runs the load (bench/loader.ts, its own process, concurrency 16) while counting
 * this process's CPU time (process.cpuUsage: user + system, the server's share only) and the wall
 * time. Prints, per round, the rate and the CPU microseconds per request; the CPU figure moves
 * little with what else runs on the machine, so two versions of the code compare by it. The
 * raw one-query endpoint is measured the same way as a yardstick. Add `--cpu-prof` to node's flags
 * to profile the whole server, or `--profile out.cpuprofile` for the measured rounds alone (the
 * loader is a separate process and is in neither).
 */
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import Fastify from 'fastify';
import { openStorage } from '../src/storage/open.ts';
import { buildApp } from '../src/http/app.ts';
import { Background } from '../src/services/background.ts';
import { PHQ9 } from '../src/domain/measures/builtin/index.ts';
import type { Job, Result } from './loader.ts';
import { PASSWORD, THERAPIST, answersFor, benchClock, buildFixture, depsFor } from './fixture.ts';

const args = process.argv.slice(2);
const arg = (name: string, d: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1]! : d;
};
const YEARS = Number(arg('years', '1'));
const ROUNDS = Number(arg('rounds', '3'));
const ONLY = new Set(arg('only', 'raw,read,list,submit').split(','));
/** `--profile file.cpuprofile`: a V8 CPU profile of the server during the measured rounds only. */
const PROFILE = arg('profile', '');
/** `--concurrency n`: requests in flight (16, as the bench). */
const CONCURRENCY = Number(arg('concurrency', '16'));

let loader: ChildProcess | undefined;
function load(port: number, job: Partial<Job> & Pick<Job, 'paths' | 'requests'>): Promise<Result & { cpuUs: number }> {
  loader ??= fork(fileURLToPath(new URL('./loader.ts', import.meta.url)), [], { execArgv: ['--import', 'tsx'], serialization: 'json' });
  const child = loader;
  const full: Job = { method: 'GET', headers: {}, concurrency: CONCURRENCY, warmup: 100, ...job, port };
  return new Promise((resolve) => {
    // The warm-up requests are counted too (they are the same requests); divided by all of them.
    const before = process.cpuUsage();
    child.once('message', (r: Result) => {
      const used = process.cpuUsage(before);
      resolve({ ...r, cpuUs: (used.user + used.system) / (r.requests + full.warmup) });
    });
    child.send(full);
  });
}

const fmt = (name: string, r: Result & { cpuUs: number }) =>
  `  ${name.padEnd(8)} ${r.rate.toFixed(0).padStart(7)}/s   cpu ${r.cpuUs.toFixed(0).padStart(6)} µs/req   p50 ${r.p50.toFixed(2)} ms   failed ${r.failed}`;

const f = await buildFixture({ clients: 40, years: YEARS });
process.stderr.write(`fixture built in ${f.buildSeconds.toFixed(1)} s\n`);

const db = new Database(join(f.dir, 'raw-query.db'));
db.pragma('journal_mode = WAL');
db.exec('create table items (id integer primary key, name text not null, updated_at text not null)');
const insert = db.prepare('insert into items (id, name, updated_at) values (?, ?, ?)');
db.transaction(() => {
  for (let i = 1; i <= 1000; i++) insert.run(i, `item ${i}`, new Date().toISOString());
})();
const byId = db.prepare('select id, name, updated_at from items where id = ?');
const raw = Fastify({ logger: false });
let n = 0;
raw.get('/item', async () => byId.get((n++ % 1000) + 1));
await raw.listen({ port: 0, host: '127.0.0.1' });
const rawPort = (raw.server.address() as AddressInfo).port;

const storage = await openStorage({ dataDir: f.dir, keyFile: f.keyFile });
const deps = depsFor(storage, benchClock());
const background = new Background(() => deps);
deps.background = background;
const app = await buildApp({ deps, secureCookies: false, logger: false, version: 'bench' });
await app.listen({ port: 0, host: '127.0.0.1' });
const port = (app.server.address() as AddressInfo).port;
const res = await app.inject({ method: 'POST', url: '/api/session', payload: { email: THERAPIST, password: PASSWORD } });
const cookie = `accord_session=${res.cookies.find((c) => c.name === 'accord_session')!.value}`;
const csrf = (res.json() as { csrfToken: string }).csrfToken;

const inspector = PROFILE ? new Session() : undefined;
const post = (method: string, params?: object) =>
  new Promise<unknown>((resolve, reject) => inspector!.post(method, params, (err, r) => (err ? reject(err) : resolve(r))));
try {
  if (inspector) {
    inspector.connect();
    await post('Profiler.enable');
    await post('Profiler.setSamplingInterval', { interval: 200 });
    await post('Profiler.start');
  }
  for (let round = 1; round <= ROUNDS; round++) {
    process.stdout.write(`round ${round}\n`);
    if (ONLY.has('raw')) process.stdout.write(`${fmt('raw', await load(rawPort, { paths: ['/item'], requests: 6000 }))}\n`);
    if (ONLY.has('read'))
      process.stdout.write(`${fmt('read', await load(port, { paths: [`/api/clients/${f.clientId}`], headers: { cookie }, requests: 2000 }))}\n`);
    if (ONLY.has('list'))
      process.stdout.write(`${fmt('list', await load(port, { paths: ['/api/clients'], headers: { cookie }, requests: 300, warmup: 32 }))}\n`);
    if (ONLY.has('submit')) {
      const r = await load(port, {
        method: 'POST',
        paths: f.clientIds.map((id) => `/api/clients/${id}/responses`),
        headers: { cookie, 'x-csrf-token': csrf },
        body: JSON.stringify({ instrumentCode: 'phq9', source: 'in_session', answers: answersFor(PHQ9, 5, 5) }),
        requests: 200,
        warmup: 16,
      });
      const before = process.cpuUsage();
      const t = performance.now();
      await background.settle();
      const used = process.cpuUsage(before);
      process.stdout.write(
        `${fmt('submit', r)}   (follow-ups after: ${(performance.now() - t).toFixed(0)} ms, cpu ${((used.user + used.system) / 216).toFixed(0)} µs/req)\n`,
      );
    }
  }
  if (inspector) {
    const { profile } = (await post('Profiler.stop')) as { profile: unknown };
    writeFileSync(PROFILE, JSON.stringify(profile));
  }
} finally {
  loader?.kill();
  await app.close();
  await background.close();
  await deps.audit.settle();
  await storage.close();
  await raw.close();
  db.close();
  rmSync(f.dir, { recursive: true, force: true });
}
