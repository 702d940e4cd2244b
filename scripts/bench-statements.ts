/**
 * Micro-benchmark of the storage's per-query overhead: single-row reads through the real
 * KyselyStore, as the hot paths issue them (findClient, listCoursesOfClient, findAuthSession),
 * beside the same query done straight on better-sqlite3 with one statement prepared once, and the
 * cost of Kysely building and compiling the query alone. It prints figures; it asserts nothing.
 *
 *   node --import tsx scripts/bench-statements.ts                 SQLite file database (WAL, synchronous=FULL)
 *   node --import tsx scripts/bench-statements.ts --calls 50000   more calls per round (default 20,000)
 *   node --import tsx scripts/bench-statements.ts --rounds 9      rounds per figure, the median printed (default 5)
 *   node --import tsx scripts/bench-statements.ts --postgres URL  the same reads on a PostgreSQL database
 *                                                                 (an empty one: migrations are applied)
 *   node --import tsx scripts/bench-statements.ts --json          one JSON object instead of the table
 *
 * The database is opened through openStorage, as the server opens it, so the figures include
 * whatever the connection factory (src/storage/database.ts) does per statement.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { connect } from '../src/storage/database.ts';
import { openStorage } from '../src/storage/open.ts';
import type { DB } from '../src/storage/schema.ts';
import type { Store } from '../src/services/ports.ts';

const { values: args } = parseArgs({
  options: {
    calls: { type: 'string', default: '20000' },
    rounds: { type: 'string', default: '5' },
    postgres: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});
const CALLS = Number(args.calls);
const ROUNDS = Number(args.rounds);
const T0 = '2026-03-02T09:00:00.000Z';

type Case = { name: string; fn: (i: number) => unknown };
type Figure = { per_s: number; per_cpu_s: number };

/**
 * Calls per second of each case, each run `CALLS` times one after another per round (after a
 * warm-up of a tenth of that): the median over `ROUNDS` rounds, the cases interleaved within each
 * round, so that a neighbour's load on a shared machine falls on all of them alike. `per_s` counts
 * wall-clock time, `per_cpu_s` this process's CPU time (steadier when the machine is busy; on
 * PostgreSQL it leaves out the server's share).
 */
async function measure(cases: Case[]): Promise<Record<string, Figure>> {
  for (const c of cases) for (let i = 0; i < CALLS / 10; i++) await c.fn(i);
  const wall = new Map<string, number[]>(cases.map((c) => [c.name, []]));
  const cpu = new Map<string, number[]>(cases.map((c) => [c.name, []]));
  for (let r = 0; r < ROUNDS; r++) {
    for (const c of cases) {
      const cpu0 = process.cpuUsage();
      const start = process.hrtime.bigint();
      for (let i = 0; i < CALLS; i++) await c.fn(i);
      const ns = Number(process.hrtime.bigint() - start);
      const used = process.cpuUsage(cpu0);
      wall.get(c.name)!.push(CALLS / (ns / 1e9));
      cpu.get(c.name)!.push(CALLS / ((used.user + used.system) / 1e6));
    }
  }
  const median = (xs: number[]) => Math.round([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!);
  return Object.fromEntries(cases.map((c) => [c.name, { per_s: median(wall.get(c.name)!), per_cpu_s: median(cpu.get(c.name)!) }]));
}

/** A practice, a therapist, ten clients with three courses each, and ten auth sessions, through the store. */
async function seed(store: Store) {
  const practiceId = randomUUID();
  await store.insertPractice({
    id: practiceId,
    name: 'Bench Practice',
    timeZone: 'Europe/London',
    locale: 'en-GB',
    crisisInfo: 'Call 999 in an emergency.',
    requireMfaStaff: false,
    requireMfaAdmin: false,
    escalationMinutes: 60,
    processNoteReauthMinutes: 5,
    notesRevealDays: 7,
    createdAt: T0,
  });
  const therapistId = randomUUID();
  await store.insertUser({
    id: therapistId,
    practiceId,
    email: 'bench@test.accord',
    displayName: 'Bench Therapist',
    passwordHash: '$argon2id$fake',
    roles: ['therapist'],
    status: 'active',
    clientId: null,
    totpSecret: null,
    totpLastStep: null,
    mfaEnabled: false,
    createdAt: T0,
    updatedAt: T0,
  });
  const clientIds: string[] = [];
  const sessionHashes: string[] = [];
  for (let n = 0; n < 10; n++) {
    const id = randomUUID();
    await store.insertClientKey(id, { wrapped: 'wrapped-key', masterKeyId: 'k0' }, T0);
    await store.insertClient({ id, practiceId, therapistId, nameEnc: 'v1.a.b', contactEnc: 'v1.c.d', status: 'active', createdAt: T0, updatedAt: T0 });
    for (let k = 0; k < 3; k++) {
      await store.insertCourse({
        id: randomUUID(),
        clientId: id,
        practiceId,
        therapistId,
        startedOn: `202${k}-01-05`,
        endedOn: null,
        frequency: 'weekly',
        phase: 'beginning',
        status: 'active',
        endReason: null,
        createdAt: T0,
        updatedAt: T0,
      });
    }
    clientIds.push(id);
    const idHash = `hash-${n}-${randomUUID()}`;
    await store.insertAuthSession({
      idHash,
      userId: therapistId,
      createdAt: T0,
      lastSeenAt: T0,
      expiresAt: '2099-01-01T00:00:00.000Z',
      mfaVerified: false,
      reauthAt: null,
      csrfToken: 'csrf',
    });
    sessionHashes.push(idHash);
  }
  return { clientIds, sessionHashes };
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'accord-bench-statements-'));
  const storage = await openStorage({ dataDir, databaseUrl: args.postgres, keyFile: join(dataDir, 'master.key') });
  let figures: Record<string, Figure> = {};
  try {
    const { store } = storage;
    const { clientIds, sessionHashes } = await seed(store);
    const pick = <T>(xs: T[], i: number) => xs[i % xs.length]!;
    // Kysely alone: building and compiling the findClient query, no database involved.
    const builder = new Kysely<DB>({ dialect: new SqliteDialect({ database: new Database(':memory:') }) });
    const cases: Case[] = [
      { name: 'findClient', fn: (i) => store.findClient(pick(clientIds, i)) },
      { name: 'listCoursesOfClient', fn: (i) => store.listCoursesOfClient(pick(clientIds, i)) },
      { name: 'findAuthSession', fn: (i) => store.findAuthSession(pick(sessionHashes, i)) },
      { name: 'compile_findClient', fn: (i) => builder.selectFrom('clients').selectAll().where('id', '=', pick(clientIds, i)).compile() },
    ];
    // Kysely on a connection of its own, as connect() opens it: the query built and compiled for
    // every call, and compiled once with its parameter replaced per call (what caching compiled
    // queries would save).
    const conn = connect({ dataDir, databaseUrl: args.postgres });
    const kdb = conn.db;
    const compiled = kdb.selectFrom('clients').selectAll().where('id', '=', clientIds[0]!).compile();
    cases.push({ name: 'kysely_findClient', fn: (i) => kdb.selectFrom('clients').selectAll().where('id', '=', pick(clientIds, i)).executeTakeFirst() });
    cases.push({
      name: 'kysely_precompiled_findClient',
      fn: (i) => kdb.executeQuery({ ...compiled, parameters: [pick(clientIds, i)] }),
    });
    let raw: Database.Database | undefined;
    if (storage.dialect === 'sqlite') {
      // The floor: the same query on the same file straight on better-sqlite3, with one statement
      // prepared once, and with a statement prepared for every call.
      raw = new Database(join(dataDir, 'accord.db'), { readonly: true });
      const db = raw;
      const stmt = db.prepare('select * from "clients" where "id" = ?');
      cases.push({ name: 'raw_prepared_once_findClient', fn: (i) => stmt.get(pick(clientIds, i)) });
      cases.push({ name: 'raw_prepare_each_findClient', fn: (i) => db.prepare('select * from "clients" where "id" = ?').get(pick(clientIds, i)) });
    }
    figures = await measure(cases);
    raw?.close();
    await conn.close();
    await builder.destroy();
  } finally {
    await storage.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  if (args.json) {
    console.log(JSON.stringify({ dialect: storage.dialect, calls: CALLS, rounds: ROUNDS, ...figures }));
    return;
  }
  console.log(`${storage.dialect}, ${CALLS} calls a round, median of ${ROUNDS} rounds`);
  const n = (x: number) => x.toLocaleString('en-GB').padStart(10);
  console.log(`  ${''.padEnd(30)} ${'calls/s'.padStart(10)} ${'calls/cpu-s'.padStart(12)}`);
  for (const [k, v] of Object.entries(figures)) console.log(`  ${k.padEnd(30)} ${n(v.per_s)} ${n(v.per_cpu_s).padStart(12)}`);
}

await main();
