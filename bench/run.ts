/**
 * `npm run bench`: Accord's benchmark, one run, ratios between figures measured side by side on
 * the same machine. Each server runs on 127.0.0.1 in this process; the load comes from a worker
 * thread (its own event loop, the other core) with keep-alive connections, a fixed number of
 * requests and a fixed concurrency, the same for every HTTP figure.
 *
 * The run is a list of sections; a capability adds its figures by adding a section.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Worker } from 'node:worker_threads';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { openStorage } from '../src/storage/open.ts';
import { argon2Hasher, systemClock, systemIds } from '../src/storage/system.ts';
import { makeDeps } from '../src/services/compose.ts';
import type { Deps } from '../src/services/deps.ts';
import { AuditLog } from '../src/services/audit-log.ts';
import { createPractice } from '../src/services/accounts/setup.ts';
import { acceptInvite, createInvite } from '../src/services/accounts/users.ts';
import { createClient, openCourse, recordSession } from '../src/services/people/clients.ts';
import { buildApp } from '../src/http/app.ts';

const CONCURRENCY = 16;
const WARMUP = 100;

type Load = { requests: number; seconds: number; rate: number; failed: number };

/**
 * The load generator, run in a worker thread so it does not share the server's event loop. It
 * speaks HTTP/1.1 over raw keep-alive sockets (one request in flight per connection, a
 * preformatted request, responses framed by Content-Length or chunked encoding), because
 * node:http's client is slower than node:http's server and would cap every figure at its own speed.
 */
const LOADER = `
const { parentPort, workerData } = require('node:worker_threads');
const net = require('node:net');
const { url, headers, requests, concurrency } = workerData;
const target = new URL(url);
const request = Buffer.from('GET ' + target.pathname + target.search + ' HTTP/1.1\\r\\nHost: ' + target.host + '\\r\\nConnection: keep-alive\\r\\n'
  + Object.entries(headers).map(([k, v]) => k + ': ' + v + '\\r\\n').join('') + '\\r\\n');
function run(n) {
  let next = 0, done = 0, failed = 0;
  return new Promise((resolve) => {
    const lane = () => {
      if (next >= n) return;
      next++;
      const socket = net.connect(Number(target.port), target.hostname);
      socket.setNoDelay(true);
      let buf = Buffer.alloc(0);
      const finish = (ok) => {
        done++;
        if (!ok) failed++;
        if (done === n) { socket.destroy(); resolve(failed); return; }
        if (next < n) { next++; socket.write(request); } else socket.destroy();
      };
      socket.on('connect', () => socket.write(request));
      socket.on('data', (chunk) => {
        buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
        for (;;) {
          const head = buf.indexOf('\\r\\n\\r\\n');
          if (head < 0) return;
          const text = buf.subarray(0, head).toString('latin1');
          const status = Number(text.slice(9, 12));
          const length = /\\r\\ncontent-length: *(\\d+)/i.exec(text);
          let end;
          if (length) end = head + 4 + Number(length[1]);
          else if (/\\r\\ntransfer-encoding: *chunked/i.test(text)) { const z = buf.indexOf('\\r\\n0\\r\\n\\r\\n', head + 2); if (z < 0) return; end = z + 7; }
          else end = head + 4;
          if (buf.length < end) return;
          buf = buf.subarray(end);
          finish(status === 200);
        }
      });
      socket.on('error', () => { failed++; done++; if (done >= n) resolve(failed); });
    };
    for (let i = 0; i < concurrency; i++) lane();
  });
}
(async () => {
  await run(${WARMUP});
  const t0 = process.hrtime.bigint();
  const failed = await run(requests);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  parentPort.postMessage({ requests, seconds, rate: requests / seconds, failed });
})();
`;

function load(url: string, requests: number, headers: Record<string, string> = {}): Promise<Load> {
  return new Promise((resolve, reject) => {
    const w = new Worker(LOADER, { eval: true, workerData: { url, headers, requests, concurrency: CONCURRENCY } });
    w.once('message', (m: Load) => {
      void w.terminate();
      resolve(m);
    });
    w.once('error', reject);
  });
}

const urlOf = (server: http.Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

// ---------------------------------------------------------------------------------------------
// Sections

type Figure = { label: string; value: number; unit: string };
type Section = { title: string; run(results: Map<string, number>): Promise<Figure[]> };

async function bareNode(requests: number): Promise<Load> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('hello world');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    return await load(`${urlOf(server)}/`, requests);
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

async function fastifySqlite(requests: number): Promise<Load> {
  const db = new Database(':memory:');
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
  try {
    return await load(`${urlOf(app.server)}/item`, requests);
  } finally {
    await app.close();
    db.close();
  }
}

type AccordFixture = { deps: Deps; app: FastifyInstance; url: string; cookie: string; clientId: string; close(): Promise<void> };

/** A realistic practice on disk: a therapist with 40 clients, each with ~3 years of weekly sessions. */
async function accordFixture(): Promise<AccordFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'accord-bench-'));
  const storage = await openStorage({ dataDir: dir, keyFile: join(dir, 'master.key') });
  const deps = makeDeps({ store: storage.store, vault: storage.vault, clock: systemClock, ids: systemIds, hasher: argon2Hasher });
  const password = 'bench lantern harbour 42';
  await createPractice(deps, {
    token: null,
    practiceName: 'Bench Practice',
    timeZone: 'Europe/London',
    adminEmail: 'admin@bench.accord',
    adminName: 'Admin',
    password,
  });
  const admin = (await deps.store.findUserByEmail('admin@bench.accord'))!;
  const { token } = await createInvite(deps, admin.id, { email: 'therapist@bench.accord', roles: ['therapist'] });
  const therapist = await acceptInvite(deps, token, { displayName: 'Bench Therapist', password });
  const now = Date.now();
  const weeks = 156;
  let clientId = '';
  for (let i = 0; i < 40; i++) {
    const client = await createClient(deps, therapist.id, {
      name: `Client ${String(i).padStart(2, '0')} Surname`,
      contact: { email: `c${i}@example.org`, phone: '+44 7700 900000', dateOfBirth: '1985-05-05' },
    });
    clientId = client.id;
    const start = new Date(now - weeks * 7 * 86_400_000 - i * 3_600_000);
    const course = await openCourse(deps, client.id, { startedOn: start.toISOString().slice(0, 10), frequency: 'weekly', phase: 'middle' });
    await deps.store.transaction(async (tx) => {
      const d = { ...deps, store: tx };
      for (let w = 0; w < weeks; w++) {
        const startsAt = new Date(start.getTime() + w * 7 * 86_400_000 + 3_600_000).toISOString();
        await recordSession(d, course.id, { startsAt, durationMinutes: 50, status: w % 11 === 5 ? 'cancelled_late' : w % 17 === 3 ? 'no_show' : 'attended' });
      }
      await recordSession(d, course.id, { startsAt: new Date(now + 3 * 86_400_000).toISOString(), durationMinutes: 50, status: 'scheduled' });
    });
  }
  await deps.audit.settle();
  const app = await buildApp({ deps, secureCookies: false, logger: false, version: 'bench' });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const res = await app.inject({ method: 'POST', url: '/api/session', payload: { email: 'therapist@bench.accord', password } });
  if (res.statusCode !== 201) throw new Error(`bench sign-in failed: ${res.body}`);
  const cookie = `accord_session=${res.cookies.find((c) => c.name === 'accord_session')!.value}`;
  const list = await app.inject({ method: 'GET', url: '/api/clients', headers: { cookie } });
  if ((list.json() as unknown[]).length !== 40) throw new Error('the bench caseload does not have 40 clients');
  return {
    deps,
    app,
    url: urlOf(app.server),
    cookie,
    clientId,
    close: async () => {
      await app.close();
      await deps.audit.settle();
      await storage.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let fixture: AccordFixture | undefined;

const SECTIONS: Section[] = [
  {
    title: 'HTTP: bare node:http, minimal Fastify + SQLite, Accord’s caseload',
    run: async (results) => {
      const bare = await bareNode(10_000);
      const fsq = await fastifySqlite(10_000);
      fixture ??= await accordFixture();
      const caseload = await load(`${fixture.url}/api/clients`, 400, { cookie: fixture.cookie });
      for (const [k, v] of [
        ['bare', bare],
        ['fastify', fsq],
        ['caseload', caseload],
      ] as const) {
        if (v.failed) throw new Error(`${k}: ${v.failed} requests failed`);
        results.set(k, v.rate);
      }
      return [
        { label: '(i) bare node:http hello world', value: bare.rate, unit: 'req/s' },
        { label: '(ii) Fastify + better-sqlite3, one query', value: fsq.rate, unit: 'req/s' },
        { label: '(iii) Accord GET /api/clients (therapist, 40 clients × 3 years weekly)', value: caseload.rate, unit: 'req/s' },
        { label: 'ratio ii / i', value: fsq.rate / bare.rate, unit: '' },
        { label: 'ratio iii / i', value: caseload.rate / bare.rate, unit: '' },
        { label: 'ratio iii / ii', value: caseload.rate / fsq.rate, unit: '' },
      ];
    },
  },
  {
    title: 'Audit group commit: a clinical read (GET /api/clients/:id), each read audited durably',
    run: async () => {
      fixture ??= await accordFixture();
      const grouped = await load(`${fixture.url}/api/clients/${fixture.clientId}`, 2_000, { cookie: fixture.cookie });
      // The same app with audit events written one transaction each.
      const ungroupedDeps: Deps = { ...fixture.deps, audit: new AuditLog(fixture.deps.store, fixture.deps.clock, fixture.deps.ids, 1) };
      const app = await buildApp({ deps: ungroupedDeps, secureCookies: false, logger: false, version: 'bench' });
      await app.listen({ port: 0, host: '127.0.0.1' });
      let single: Load;
      try {
        single = await load(`${urlOf(app.server)}/api/clients/${fixture.clientId}`, 1_000, { cookie: fixture.cookie });
      } finally {
        await app.close();
      }
      return [
        { label: 'grouped audit writes (as shipped)', value: grouped.rate, unit: 'reads/s' },
        { label: 'one audit transaction per read', value: single.rate, unit: 'reads/s' },
        { label: 'gain from grouping', value: grouped.rate / single.rate, unit: '×' },
      ];
    },
  },
  {
    title: 'Language cues (bench/cues.ts)',
    run: async () => {
      let mod: { benchCues?: () => Promise<Record<string, number>> };
      try {
        mod = (await import(new URL('./cues.ts', import.meta.url).href)) as typeof mod;
      } catch {
        console.log('  (bench/cues.ts is not there: skipped)');
        return [];
      }
      if (typeof mod.benchCues !== 'function') {
        console.log('  (bench/cues.ts has no benchCues(): skipped)');
        return [];
      }
      const figures = await mod.benchCues();
      return Object.entries(figures).map(([label, value]) => ({ label, value, unit: /ratio/i.test(label) ? '' : /PerSec/.test(label) ? '/s' : '' }));
    },
  },
  {
    title: 'Measures: caseload computation and durable response submissions (bench/measures.ts)',
    run: async () =>
      Object.entries(await (await import('./measures.ts')).benchMeasures()).map(([label, value]) => ({
        label: label.replace(' (PerSec)', ''),
        value,
        unit: /PerSec/.test(label) ? '/s' : '',
      })),
  },
  {
    title: 'Alliance ledger: recompute after a new record, 3-year weekly course (bench/alliance.ts)',
    run: async () => Object.entries(await (await import('./alliance.ts')).benchAlliance()).map(([label, value]) => ({ label, value, unit: '' })),
  },
];

function show(f: Figure): string {
  const v = f.value >= 100 ? Math.round(f.value).toLocaleString('en-GB') : f.value.toFixed(3);
  return `  ${f.label.padEnd(72)} ${v.padStart(10)} ${f.unit}`;
}

async function main() {
  const t0 = Date.now();
  console.log(`Accord benchmark — Node ${process.version}, concurrency ${CONCURRENCY}, keep-alive, ${WARMUP} warm-up requests per figure\n`);
  const results = new Map<string, number>();
  try {
    for (const s of SECTIONS) {
      console.log(s.title);
      const t = Date.now();
      for (const f of await s.run(results)) console.log(show(f));
      console.log(`  (${((Date.now() - t) / 1000).toFixed(1)} s)\n`);
    }
  } finally {
    await fixture?.close();
  }
  console.log(`Total ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

await main();
