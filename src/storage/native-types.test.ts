/**
 * PostgreSQL's native types and yearly partitions (migration 0023): a database holding sessions,
 * measure responses (a correction among them), notes and an audit trail written by the schema of
 * 0022 is upgraded, and every row reads back exactly as it was written (same strings, same order),
 * the chain and the seals still verify, the sessions and responses sit in their year's partition,
 * and a response is still corrected once. Also the parsers and partition bounds on their own.
 * SQLite has no such migration: the PostgreSQL half runs with ACCORD_TEST_DB=postgres.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { Migrator, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { TEST_DIALECT, fastHasher, freshPostgres, seedPractice, testClock, testIds } from '../../test/support/harness.ts';
import { connect, isoOfTimestamptz } from './database.ts';
import { migrationProvider } from './migrations/index.ts';
import { openStorage } from './open.ts';
import { openKeyRing } from './keyring.ts';
import { KyselyStore } from './store.ts';
import { monthsToKeep, uuidAtMs, yearsToKeep } from './partitions.ts';
import { uuidv7 } from './system.ts';
import { makeDeps } from '../services/compose.ts';
import type { Deps } from '../services/deps.ts';
import type { Store } from '../services/ports.ts';
import { createClient, openCourse, recordSession, updateSession } from '../services/people/clients.ts';
import { submitResponse } from '../services/measures/measures.ts';
import { writeNote } from '../services/notes/notes.ts';
import { writeProcessNote } from '../services/process-notes/process-notes.ts';
import { verifyIntegrity } from '../services/operations/integrity.ts';
import { fileErasureLog } from './erasure-log.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

describe('the values PostgreSQL gives back', () => {
  it('a timestamptz reads as the ISO instant written, in any printed time zone and precision', () => {
    expect(isoOfTimestamptz('2026-03-02 09:00:00+00')).toBe('2026-03-02T09:00:00.000Z');
    expect(isoOfTimestamptz('2026-03-02 09:00:00.12+00')).toBe('2026-03-02T09:00:00.120Z');
    expect(isoOfTimestamptz('2026-03-02 09:00:00.123456+00')).toBe('2026-03-02T09:00:00.123Z');
    expect(isoOfTimestamptz('2026-03-02 10:30:00.5+01:30')).toBe('2026-03-02T09:00:00.500Z');
    expect(isoOfTimestamptz('2026-03-01 23:00:00-10')).toBe('2026-03-02T09:00:00.000Z');
    expect(isoOfTimestamptz('0099-01-01 00:00:00+00')).toBe('0099-01-01T00:00:00.000Z');
    expect(isoOfTimestamptz('infinity')).toBe('infinity');
    // As JSON prints it (json_build_array of a timestamptz), and the years a 4-digit year holds.
    expect(isoOfTimestamptz('2026-03-02T09:00:00.5+00:00')).toBe('2026-03-02T09:00:00.500Z');
    expect(isoOfTimestamptz('2026-03-02T10:30:00+01:30')).toBe('2026-03-02T09:00:00.000Z');
    expect(isoOfTimestamptz('0044-03-15 12:00:00+00 BC')).toBe('0044-03-15 12:00:00+00 BC');
    // Every printed form of random instants gives the instant's ISO text, to the millisecond (truncated).
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 2000; i++) {
      const ms = Math.floor(-62_135_596_800_000 + rand() * (253_402_300_799_999 + 62_135_596_800_000));
      const iso = new Date(ms).toISOString();
      const micros = String(Math.floor(rand() * 1000)).padStart(3, '0');
      const digits = Math.floor(rand() * 7);
      const frac = (iso.slice(20, 23) + micros).slice(0, digits).replace(/0+$/, '');
      const text = `${iso.slice(0, 10)}${rand() < 0.5 ? ' ' : 'T'}${iso.slice(11, 19)}${frac ? `.${frac}` : ''}${rand() < 0.5 ? '+00' : '+00:00'}`;
      expect(isoOfTimestamptz(text), text).toBe(`${iso.slice(0, 20)}${(frac + '000').slice(0, 3)}Z`);
    }
  });
  it('partition bounds: months as text or instants, years as the first UUIDv7 of the year', () => {
    const now = new Date('2026-11-15T00:00:00Z');
    expect(monthsToKeep(now, '2026-10-30T00:00:00.000Z')[0]).toEqual(['audit_events_2026_10', '2026-10', '2026-11']);
    expect(monthsToKeep(now, undefined, true).at(-1)).toEqual(['audit_events_2027_02', '2027-02-01T00:00:00Z', '2027-03-01T00:00:00Z']);
    const years = yearsToKeep('therapy_sessions', now, 2024);
    expect(years.map((y) => y[0])).toEqual(['therapy_sessions_2024', 'therapy_sessions_2025', 'therapy_sessions_2026', 'therapy_sessions_2027']);
    // An id made at any moment of 2025 sorts within 2025's bounds (uuid order is byte order: the hex text's order).
    for (const t of ['2025-01-01T00:00:00.000Z', '2025-07-01T12:00:00.000Z', '2025-12-31T23:59:59.999Z']) {
      const id = uuidv7(Date.parse(t));
      expect(id >= years[1]![1] && id < years[1]![2]).toBe(true);
    }
    expect(uuidAtMs(Date.UTC(2026, 0, 1))).toBe(
      `${Date.UTC(2026, 0, 1)
        .toString(16)
        .padStart(12, '0')
        .replace(/^(.{8})/, '$1-')}-0000-0000-000000000000`,
    );
  });
});

describe.runIf(TEST_DIALECT === 'postgres')('migration 0023 on a database written by 0022', () => {
  it('keeps every session, response, note and audit event exactly, in their partitions, with uuid and timestamptz', async () => {
    const pgdb = await freshPostgres();
    cleanups.push(pgdb.drop);
    const dataDir = mkdtempSync(join(tmpdir(), 'accord-0023-'));
    cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
    const keyFile = join(dataDir, 'master.key');

    // ---- The old schema, written through the store and the services ----
    const old = connect({ databaseUrl: pgdb.url, dataDir });
    const migrator = new Migrator({
      db: old.db,
      provider: migrationProvider,
      migrationTableName: 'accord_migrations',
      migrationLockTableName: 'accord_migrations_lock',
    });
    const to22 = await migrator.migrateTo('0022-audit-event-clients');
    expect(to22.error).toBeUndefined();
    // Today's code reads and writes relations later migrations make: stand-ins while the old
    // schema is written, dropped before the upgrade makes the real ones. The name index (0025) and
    // the caseload's series summary (0031) as tables; the corrections (0023) as a view of what
    // they mirror; the events' set of clients (0030) as a column (no event here names several
    // clients, so it stays null).
    await sql`alter table audit_events add column client_set_id text`.execute(old.db);
    await sql`create table name_tokens (kind text not null, token text not null, owner_id text not null, primary key (kind, token, owner_id))`.execute(old.db);
    await sql`create view measure_response_corrections as select supersedes_id, id from measure_responses where supersedes_id is not null`.execute(old.db);
    await sql`create table measure_series (course_id text, instrument_code text, totals text, latest text, first text, primary key (course_id, instrument_code))`.execute(
      old.db,
    );
    const vault = openKeyRing({ keyFile });
    const oldStore: Store = new KyselyStore(old.db, 'postgres', vault, false, { opened: new Map() });
    await oldStore.sealIntegrity(new Date().toISOString());
    const clock = testClock('2025-06-02T09:00:00.000Z');
    const deps: Deps = makeDeps({
      store: oldStore,
      vault,
      clock,
      ids: testIds(clock),
      hasher: fastHasher,
      erasureLog: fileErasureLog(join(dataDir, 'erasures.log')),
    });
    const practice = await seedPractice(deps);
    const client = await createClient(deps, practice.therapistId, { name: 'Uma Upgrade', contact: { email: null, phone: null, dateOfBirth: null } });
    const course = await openCourse(deps, client.id, { startedOn: '2025-06-02', frequency: 'weekly' });
    const sessions: string[] = [];
    // Sessions and measures made in two years: 2025 and 2026.
    for (const when of ['2025-06-02T10:00:00.000Z', '2025-12-29T10:00:00.000Z', '2026-01-05T10:00:00.000Z']) {
      clock.set(new Date(Date.parse(when) + 3_600_000).toISOString());
      const s = await recordSession(deps, course.id, { startsAt: when, durationMinutes: 50, status: 'attended' });
      sessions.push(s.id);
      await submitResponse(
        deps,
        client.id,
        { userId: practice.therapistId, as: 'therapist' },
        {
          instrumentCode: 'phq9',
          answers: Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`phq9_${i + 1}`, i === 8 ? 0 : 1])),
          completedAt: when,
          sessionId: s.id,
          source: 'in_session',
        },
      );
    }
    const first = (await oldStore.listResponseScores({ clientIds: [client.id] }))[0]!;
    clock.set('2026-01-05T12:00:00.000Z');
    await submitResponse(
      deps,
      client.id,
      { userId: practice.therapistId, as: 'therapist' },
      {
        instrumentCode: 'phq9',
        answers: Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`phq9_${i + 1}`, i === 8 ? 0 : 2])),
        supersedes: first.id,
        source: 'in_session',
      },
    );
    await writeNote(deps, sessions[0]!, practice.therapistId, 'A note on the first session.');
    await writeProcessNote(deps, practice.therapistId, sessions[1]!, 'A process note.');
    await updateSession(deps, sessions[2]!, { startsAt: '2026-01-05T11:00:00.000Z' });
    await deps.audit.settle();
    const tables = ['therapy_sessions', 'measure_responses', 'progress_notes', 'process_notes', 'audit_events'] as const;
    const before: Record<string, unknown[]> = {};
    for (const t of tables) {
      before[t] = [];
      for await (const page of oldStore.dumpTable(t)) before[t]!.push(...page);
    }
    expect(before.therapy_sessions).toHaveLength(3);
    expect(before.measure_responses).toHaveLength(4);
    expect(before.audit_events!.length).toBeGreaterThanOrEqual(10);
    await sql`drop table name_tokens`.execute(old.db);
    await sql`drop view measure_response_corrections`.execute(old.db);
    await sql`drop table measure_series`.execute(old.db);
    await sql`alter table audit_events drop column client_set_id`.execute(old.db);
    await old.close();

    // ---- Upgraded as `accord serve` opens it ----
    const storage = await openStorage({ dataDir, databaseUrl: pgdb.url, keyFile });
    try {
      expect(storage.migrated[0]).toBe('0023-postgres-native-types'); // then any later migrations
      for (const t of tables) {
        const after: unknown[] = [];
        for await (const page of storage.store.dumpTable(t)) after.push(...page);
        expect(after, t).toEqual(before[t]);
      }
      const report = await verifyIntegrity(storage.store);
      expect(report.audit.ok, report.audit.problem).toBe(true);
      expect(report.records.problems).toEqual([]);
      expect(report.ok).toBe(true);

      const c = new pg.Client({ connectionString: pgdb.url });
      await c.connect();
      try {
        const types = await c.query<{ t: string; col: string; type: string }>(
          `select table_name as t, column_name as col, data_type as type from information_schema.columns
           where table_name in ('therapy_sessions', 'measure_responses', 'audit_events', 'progress_notes', 'reflections', 'process_notes')
             and column_name in ('id', 'session_id', 'supersedes_id', 'starts_at', 'completed_at', 'created_at', 'updated_at', 'at', 'client_id', 'course_id')`,
        );
        const typeOf = (t: string, col: string) => types.rows.find((r) => r.t === t && r.col === col)?.type;
        expect(typeOf('therapy_sessions', 'id')).toBe('uuid');
        expect(typeOf('therapy_sessions', 'starts_at')).toBe('timestamp with time zone');
        expect(typeOf('therapy_sessions', 'course_id')).toBe('text');
        expect(typeOf('measure_responses', 'supersedes_id')).toBe('uuid');
        expect(typeOf('measure_responses', 'completed_at')).toBe('timestamp with time zone');
        expect(typeOf('audit_events', 'id')).toBe('uuid');
        expect(typeOf('audit_events', 'at')).toBe('timestamp with time zone');
        expect(typeOf('progress_notes', 'session_id')).toBe('uuid');
        expect(typeOf('progress_notes', 'id')).toBe('text');
        // Each row in its year's partition (by the time in its id), none in the default.
        const where = await c.query<{ p: string; n: number }>(
          `select tableoid::regclass::text as p, count(*)::int as n from therapy_sessions group by 1 order by 1`,
        );
        expect(where.rows).toEqual([
          { p: 'therapy_sessions_2025', n: 2 },
          { p: 'therapy_sessions_2026', n: 1 },
        ]);
        const responses = await c.query<{ p: string; n: number }>(
          `select tableoid::regclass::text as p, count(*)::int as n from measure_responses group by 1 order by 1`,
        );
        expect(responses.rows).toEqual([
          { p: 'measure_responses_2025', n: 2 },
          { p: 'measure_responses_2026', n: 2 },
        ]);
        // Migration 0031 filled the caseload's series summary from the responses the upgrade kept.
        const series = await c.query<{ n: number }>(
          `select count(*)::int as n from (select distinct course_id, instrument_code from measure_responses where valid = 1 and course_id is not null) x`,
        );
        expect((await c.query<{ n: number }>(`select count(*)::int as n from measure_series`)).rows[0]!.n).toBe(series.rows[0]!.n);
        expect(series.rows[0]!.n).toBeGreaterThan(0);
        const audit = await c.query<{ n: number }>(`select count(*)::int as n from audit_events_default`);
        expect(audit.rows[0]!.n).toBe(0);
        // Next year is made ahead, and the foreign keys to the sessions hold.
        const next = `therapy_sessions_${new Date().getUTCFullYear() + 1}`;
        expect((await c.query(`select 1 from pg_class where relname = $1`, [next])).rowCount).toBe(1);
        await expect(c.query(`insert into progress_notes select * from progress_notes limit 0`)).resolves.toBeDefined();
        await expect(c.query(`update progress_notes set session_id = $1`, [uuidv7()])).rejects.toThrow(/foreign key/);
      } finally {
        await c.end();
      }

      // A response is still corrected once, in the database itself.
      const again = { ...(before.measure_responses![0] as Record<string, unknown>) };
      const dup = { ...again, id: uuidv7(Date.parse('2026-02-01T00:00:00.000Z')), supersedes_id: first.id };
      await expect(storage.store.loadTable('measure_responses', [dup])).rejects.toThrow(/measure_response_corrections|duplicate key/);
    } finally {
      await storage.close();
    }
  });
});
