import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import pg from 'pg';
import { describe, it, expect, afterEach } from 'vitest';
import type { TestWorld } from '../../../test/support/harness.ts';
import { makeWorld, seedPractice, PASSWORD, fastHasher, testClock, testIds } from '../../../test/support/harness.ts';
import { createBackup, readBackup, restoreBackup, verifyStore } from './backup.ts';
import { auditHash, GENESIS_HASH } from '../../domain/audit-chain.ts';
import { createClient, getClient, listCaseload, openCourse, recordSession } from '../people/clients.ts';
import { submitResponse } from '../measures/measures.ts';
import { caseloadMeasures } from '../measures/caseload-measures.ts';
import { signIn } from '../accounts/auth.ts';
import { makeDeps } from '../compose.ts';
import type { Store } from '../ports.ts';

const worlds: TestWorld[] = [];
afterEach(async () => {
  while (worlds.length) await worlds.pop()!.close();
});
async function world(onDisk = false) {
  const w = await makeWorld({ onDisk });
  worlds.push(w);
  return w;
}

async function populated(w: TestWorld) {
  const p = await seedPractice(w.deps);
  const c = await createClient(w.deps, p.therapistId, { name: 'Backup Person', contact: { email: 'bp@example.org', phone: null, dateOfBirth: null } });
  const k = await openCourse(w.deps, c.id, { startedOn: '2026-01-05', frequency: 'weekly' });
  for (let i = 0; i < 5; i++)
    await recordSession(w.deps, k.id, {
      startsAt: new Date(Date.parse('2026-01-05T10:00:00.000Z') + i * 7 * 86_400_000).toISOString(),
      durationMinutes: 50,
      status: 'attended',
    });
  for (const [i, total] of [2, 1, 1].entries())
    await submitResponse(
      w.deps,
      c.id,
      { userId: p.therapistId, as: 'therapist' },
      {
        instrumentCode: 'phq9',
        answers: Object.fromEntries(Array.from({ length: 9 }, (_, j) => [`phq9_${j + 1}`, j < total + i ? 1 : 0])),
        source: 'in_session',
      },
    );
  await signIn(w.deps, p.emails.therapist, PASSWORD, null);
  await w.deps.audit.settle();
  return { p, c };
}

/** An empty world that shares the source's master key (a restore on a new machine with the key file copied). */
async function emptyWorldWithKey(src: TestWorld): Promise<{ store: Store; deps: ReturnType<typeof makeDeps> }> {
  const t = await makeWorld({ keyFile: join(src.dataDir, 'master.key') });
  worlds.push(t);
  const clock = testClock();
  return { store: t.deps.store, deps: makeDeps({ store: t.deps.store, vault: t.deps.vault, clock, ids: testIds(clock), hasher: fastHasher }) };
}

describe('backup and restore', () => {
  it('round-trips into an empty database: same rows, readable clinical text, intact audit chain', async () => {
    const src = await world();
    const { p, c } = await populated(src);
    const { data, rows } = await createBackup(src.deps);
    expect(rows).toBeGreaterThan(20);
    expect(data.includes(Buffer.from('Backup Person'))).toBe(false); // sealed
    const dst = await emptyWorldWithKey(src);
    const restored = await restoreBackup(dst.deps, data);
    expect(restored.rows).toBeGreaterThan(0);
    expect(await verifyStore(dst.store)).toMatchObject({ ok: true, audit: { ok: true, events: (await src.deps.store.auditHead()).seq } });
    expect((await getClient(dst.deps, c.id)).name).toBe('Backup Person');
    const therapist = (await dst.store.findUserById(p.therapistId))!;
    expect((await listCaseload(dst.deps, { userId: therapist.id, roles: therapist.roles, clientId: null })).items[0]).toMatchObject({
      id: c.id,
      sessionsAttended: 5,
    });
    // The caseload's series summary is not in the backup: the restore made it again, the same.
    const caller = { userId: therapist.id, roles: therapist.roles, clientId: null };
    const scores = await caseloadMeasures(dst.deps, caller);
    expect(scores[0]!.measures.map((x) => [x.code, x.spark.length])).toEqual([['phq9', 3]]);
    expect(scores).toEqual(await caseloadMeasures(src.deps, caller));
    // The restored practice works: its users sign in, and the chain goes on from where it was.
    await signIn(dst.deps, p.emails.therapist, PASSWORD, null);
    await dst.deps.audit.settle();
    expect((await verifyStore(dst.store)).ok).toBe(true);
  });

  it('a backup from before integrity seals restores and is sealed on restore: verify clean, sealed from its last event', async () => {
    const src = await world();
    await populated(src);
    const { data } = await createBackup(src.deps);
    // What the previous version wrote: no integrity key, no seal columns, plain SHA-256 links.
    const read = await readBackup(src.deps.vault, data);
    if (!read.ok) throw new Error('the backup did not read');
    const file = { ...read.file, version: 1 };
    file.tables.meta = file.tables.meta!.filter((r) => r.key !== 'integrity');
    // …and from before lanes: one head row, no anchors, events without a lane.
    file.tables.audit_head = file.tables.audit_head!.filter((r) => Number(r.id) === 1);
    delete file.tables.audit_anchors;
    for (const r of file.tables.audit_events!) {
      delete r.chain;
      delete r.chain_seq;
    }
    for (const r of file.tables.audit_head) delete r.mac;
    for (const t of ['measure_responses', 'goal_ratings', 'alliance_ledger'])
      for (const r of file.tables[t] ?? []) {
        delete r.seal;
        delete r.sealed_seq;
      }
    let prev = GENESIS_HASH;
    for (const r of file.tables.audit_events!) {
      const e = {
        seq: Number(r.seq),
        id: String(r.id),
        at: String(r.at),
        actorId: r.actor_id as string | null,
        actorRole: r.actor_role as string | null,
        action: String(r.action),
        resourceType: String(r.resource_type),
        resourceId: r.resource_id as string | null,
        clientId: r.client_id as string | null,
        outcome: r.outcome as 'ok',
        ip: r.ip as string | null,
        detail: r.detail as string | null,
        prevHash: prev,
      };
      r.prev_hash = prev;
      r.hash = prev = auditHash(e);
    }
    file.tables.audit_head![0]!.hash = prev;
    const legacy = src.deps.vault.sealBlob(gzipSync(Buffer.from(JSON.stringify(file), 'utf8')));
    const dst = await emptyWorldWithKey(src);
    await restoreBackup(dst.deps, legacy);
    const report = await verifyStore(dst.store);
    expect(report).toMatchObject({ ok: true, audit: { ok: true }, records: { ok: true } });
    expect(report.sealedSince?.seq).toBe(Number(file.tables.audit_head![0]!.seq));
  });

  it('refuses to restore over a practice', async () => {
    const src = await world();
    await populated(src);
    const { data } = await createBackup(src.deps);
    await expect(restoreBackup(src.deps, data)).rejects.toThrow(/already holds a practice/);
  });

  it('cannot be read without the master key it was made under', async () => {
    const src = await world();
    await populated(src);
    const { data } = await createBackup(src.deps);
    const other = await world();
    await expect(restoreBackup(other.deps, data)).rejects.toThrow();
    expect(await other.deps.store.isEmpty()).toBe(true);
  });

  it('refuses a file that is not a backup, or a backup that was altered', async () => {
    const src = await world();
    await populated(src);
    const { data } = await createBackup(src.deps);
    const dst = await emptyWorldWithKey(src);
    await expect(restoreBackup(dst.deps, Buffer.from('hello'))).rejects.toThrow();
    const altered = Buffer.from(data);
    altered[altered.length - 10] = altered[altered.length - 10]! === 65 ? 66 : 65;
    await expect(restoreBackup(dst.deps, altered)).rejects.toThrow();
    expect(await dst.store.isEmpty()).toBe(true);
  });
});

describe('verifyStore', () => {
  async function tampered(sqlText: string) {
    const w = await world(true);
    await populated(w);
    expect((await verifyStore(w.deps.store)).ok).toBe(true);
    if (w.dialect === 'postgres') {
      const raw = new pg.Client({ connectionString: w.databaseUrl });
      await raw.connect();
      try {
        await raw.query(sqlText);
      } finally {
        await raw.end();
      }
    } else {
      const raw = new Database(join(w.dataDir, 'accord.db'));
      try {
        raw.exec(sqlText);
      } finally {
        raw.close();
      }
    }
    return verifyStore(w.deps.store);
  }

  it('reports an altered audit row, naming the event', async () => {
    const r = await tampered(`update audit_events set outcome = 'denied' where seq = 3`);
    expect(r).toMatchObject({ ok: false, audit: { ok: false, problem: 'event 3 was altered' } });
  });
  it('reports a deleted audit row in the middle', async () => {
    const r = await tampered(`delete from audit_events where seq = 4`);
    expect(r).toMatchObject({ ok: false, audit: { ok: false, problem: 'event 4 is missing (found 5)' } });
  });
  it('reports events cut off the end (the head remembers)', async () => {
    const r = await tampered(`delete from audit_events where seq = (select max(seq) from audit_events)`);
    expect(r.ok).toBe(false);
    expect(r.audit.problem).toMatch(/events were removed/);
  });
  it('reports damage found by the database’s own check (SQLite: PostgreSQL enforces foreign keys always)', async () => {
    if (process.env.ACCORD_TEST_DB === 'postgres') return;
    const r = await tampered(
      `pragma foreign_keys = off; insert into courses (id, client_id, practice_id, therapist_id, started_on, frequency, phase, status, created_at, updated_at) values ('x', 'no-such-client', 'p', 'no-such-user', '2026-01-01', 'weekly', 'beginning', 'active', 'x', 'x')`,
    );
    expect(r.ok).toBe(false);
    expect(r.database.join(' ')).toMatch(/foreign key/);
  });
});
