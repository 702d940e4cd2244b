/**
 * Reports on a streaming read replica (SPEC §7, issue 15): with DATABASE_READ_URL, the report's
 * aggregates read a real replica while writes go to the primary. The test makes its own pair with
 * PostgreSQL's tools (initdb, pg_basebackup -R, two clusters on free ports, run as the postgres OS
 * user), so it needs neither a replication line in the local server's pg_hba.conf nor anything but
 * the PostgreSQL server package. To show where a read goes, the replica's replay is paused: a row
 * written meanwhile is on the primary but not in the report until replay resumes.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, appendFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { openStorage } from '../../src/storage/open.ts';
import type { OpenedStorage } from '../../src/storage/open.ts';
import type { CourseOutcomeRow } from '../../src/services/ports.ts';
import { clinicalBase } from '../../src/storage/contract-support.ts';
import type { Fixture } from '../../src/storage/contract-support.ts';

const BIN = (() => {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const version = readdirSync(root).sort((a, b) => Number(b) - Number(a))[0];
  const bin = version && join(root, version, 'bin');
  return bin && existsSync(join(bin, 'pg_basebackup')) ? bin : undefined;
})();
const ROOT = process.getuid?.() === 0;
const runnable = Boolean(BIN && ROOT);

/** Runs a PostgreSQL tool as the postgres OS user (the server refuses to run as root). */
const asPostgres = (tool: string, args: string[]) =>
  execFileSync('runuser', ['-u', 'postgres', '--', join(BIN!, tool), ...args], { stdio: 'pipe', timeout: 60_000 }).toString();

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

const outcome = (fx: Fixture, courseId: string, endedOn: string): CourseOutcomeRow => ({
  courseId,
  practiceId: fx.p.id,
  therapistId: fx.t.id,
  clientId: fx.c.id,
  startedOn: '2026-01-05',
  endedOn,
  status: 'ended',
  endReason: 'planned',
  attended: 8,
  finished: true,
  droppedOut: false,
  phq9First: 16,
  phq9Last: 7,
  gad7First: null,
  gad7Last: null,
  paired: true,
  casenessFirst: true,
  casenessLast: false,
  reliableImprovement: true,
  reliableDeterioration: false,
  recovery: true,
  reliableRecovery: true,
  agreedEarly: true,
  earlyType: 'working',
  agreedType: 'working',
  inferredType: 'working',
  intakeDivergence: 0.2,
  divergenceHigh: false,
  goalConsensus: 1,
  phq9Series: [
    [1, 16],
    [8, 7],
  ],
  gad7Series: null,
  updatedAt: '2026-03-10T12:00:00.000Z',
});

describe.runIf(runnable)('reports on a streaming read replica (DATABASE_READ_URL)', () => {
  let dir = '';
  let primaryPort = 0;
  let replicaPort = 0;
  let storage: OpenedStorage | undefined;
  const url = (port: number, db = 'accord') => `postgres://postgres@127.0.0.1:${port}/${db}`;
  const settings = (port: number, socketDir: string) =>
    `\nport = ${port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '${socketDir}'\nfsync = off\nshared_buffers = 16MB\nmax_connections = 30\n`;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'accord-replica-'));
    chmodSync(dir, 0o777);
    [primaryPort, replicaPort] = [await freePort(), await freePort()];
    const primary = join(dir, 'primary');
    const replica = join(dir, 'replica');
    // initdb's pg_hba.conf with -A trust lets local replication connections in (127.0.0.1 only).
    asPostgres('initdb', ['-D', primary, '-A', 'trust', '-U', 'postgres', '--no-sync', '--no-instructions']);
    appendFileSync(join(primary, 'postgresql.conf'), settings(primaryPort, dir));
    asPostgres('pg_ctl', ['-D', primary, '-l', join(dir, 'primary.log'), '-w', 'start']);
    asPostgres('psql', ['-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'postgres', '-d', 'postgres', '-qc', 'create database accord']);
    // The replica: a base backup of the primary with its standby settings (-R), streaming the WAL.
    asPostgres('pg_basebackup', [
      '-h',
      '127.0.0.1',
      '-p',
      String(primaryPort),
      '-U',
      'postgres',
      '-D',
      replica,
      '-R',
      '-X',
      'stream',
      '--no-sync',
      '-c',
      'fast',
    ]);
    appendFileSync(join(replica, 'postgresql.conf'), settings(replicaPort, dir));
    asPostgres('pg_ctl', ['-D', replica, '-l', join(dir, 'replica.log'), '-w', 'start']);
    storage = await openStorage({
      dataDir: dir,
      databaseUrl: url(primaryPort),
      databaseReadUrl: url(replicaPort),
      keyFile: join(dir, 'master.key'),
      lock: false,
    });
  }, 90_000);

  afterAll(async () => {
    await storage?.close();
    for (const cluster of ['replica', 'primary']) {
      try {
        if (existsSync(join(dir, cluster, 'postmaster.pid'))) asPostgres('pg_ctl', ['-D', join(dir, cluster), '-m', 'immediate', 'stop']);
      } catch {
        /* already stopped */
      }
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  /** Waits until the replica has replayed everything the primary has written so far. */
  async function caughtUp(): Promise<void> {
    const p = new pg.Client({ connectionString: url(primaryPort) });
    const r = new pg.Client({ connectionString: url(replicaPort) });
    await Promise.all([p.connect(), r.connect()]);
    try {
      const lsn = (await p.query<{ lsn: string }>('select pg_current_wal_lsn()::text as lsn')).rows[0]!.lsn;
      for (let i = 0; i < 200; i++) {
        const done = await r.query<{ ok: boolean }>('select pg_last_wal_replay_lsn() >= $1::pg_lsn as ok', [lsn]);
        if (done.rows[0]!.ok) return;
        await new Promise((res) => setTimeout(res, 50));
      }
      throw new Error('the replica did not catch up in 10 s');
    } finally {
      await Promise.all([p.end(), r.end()]);
    }
  }
  async function onReplica(q: string): Promise<void> {
    const r = new pg.Client({ connectionString: url(replicaPort) });
    await r.connect();
    try {
      await r.query(q);
    } finally {
      await r.end();
    }
  }

  it('writes go to the primary; the report reads the replica, and sees a write once the replica has replayed it', async () => {
    const store = storage!.store;
    const fx = await clinicalBase(store);
    await store.upsertCourseOutcome(outcome(fx, fx.k.id, '2026-03-10'));
    await caughtUp();
    const filter = { practiceId: fx.p.id, from: '2026-01-01', to: '2026-12-31' };
    expect((await store.countCourseOutcomes(filter, []))[0]).toMatchObject({ ended: 1, recovered: 1 });
    expect(await store.listOutcomeSeries(fx.p.id, 'phq9', 10)).toHaveLength(1);

    // Replay paused: a second ended course is on the primary (read back there) but not yet in the report.
    await onReplica('select pg_wal_replay_pause()');
    await store.upsertCourseOutcome(outcome(fx, fx.k2.id, '2026-04-01'));
    expect(await store.findCourseOutcome(fx.k2.id)).toMatchObject({ courseId: fx.k2.id });
    expect((await store.countCourseOutcomes(filter, []))[0]).toMatchObject({ ended: 1 });
    // Inside a transaction the report reads its own writes on the primary.
    expect(await store.transaction(async (tx) => (await tx.countCourseOutcomes(filter, []))[0]!.ended)).toBe(2);

    await onReplica('select pg_wal_replay_resume()');
    await caughtUp();
    expect((await store.countCourseOutcomes(filter, []))[0]).toMatchObject({ ended: 2 });
    expect(await store.listOutcomeSeries(fx.p.id, 'phq9', 10)).toHaveLength(2);
  }, 60_000);

  it('the replica is read-only: a write through DATABASE_READ_URL is refused by the server', async () => {
    const r = new pg.Client({ connectionString: url(replicaPort) });
    await r.connect();
    try {
      await expect(r.query(`insert into meta (key, value) values ('x', 'y')`)).rejects.toThrow(/read-only/);
    } finally {
      await r.end();
    }
  });
});

describe('DATABASE_READ_URL without DATABASE_URL', () => {
  it('is refused at start-up with a clear message', async () => {
    await expect(
      openStorage({ dataDir: tmpdir(), databaseReadUrl: 'postgres://127.0.0.1:1/x', keyFile: join(tmpdir(), 'none.key'), memory: true }),
    ).rejects.toThrow(/DATABASE_READ_URL names a replica of a PostgreSQL primary: set DATABASE_URL too/);
  });
});
