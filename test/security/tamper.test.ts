/**
 * Tamper evidence, probed from outside: someone who can write the database (the SQLite file, or
 * SQL on PostgreSQL) but not read the master key edits, re-hashes, cuts and wipes; `accord verify`
 * must exit 1 and say what. Runs on SQLite and, with ACCORD_TEST_DB=postgres, on PostgreSQL.
 */
import { join } from 'node:path';
import { Readable } from 'node:stream';
import Database from 'better-sqlite3';
import pg from 'pg';
import { describe, it, expect, afterEach } from 'vitest';
import type { TestWorld } from '../support/harness.ts';
import { makeWorld, seedPractice, PASSWORD } from '../support/harness.ts';
import { auditHash, GENESIS_HASH } from '../../src/domain/audit-chain.ts';
import type { AuditEvent } from '../../src/domain/audit-chain.ts';
import { runCli } from '../../src/cli/main.ts';
import type { CliHost } from '../../src/cli/main.ts';
import { openStorage } from '../../src/storage/open.ts';
import { createClient, openCourse, recordSession } from '../../src/services/people/clients.ts';
import { submitResponse } from '../../src/services/measures/measures.ts';
import { proposeAgreement } from '../../src/services/alliance/agreements.ts';
import { signIn } from '../../src/services/accounts/auth.ts';
import { amendNote, signNote, writeNote } from '../../src/services/notes/notes.ts';
import { rotateMasterKey } from '../../src/services/clinical-text.ts';
import { verifyStore } from '../../src/services/operations/backup.ts';
import { updateCourse } from '../../src/services/people/clients.ts';
import { answerFollowUp, closeEnding, saveSummary } from '../../src/services/ending/ending.ts';
import { uuidv7 } from '../../src/storage/system.ts';
import { clientSetId } from '../../src/storage/client-sets.ts';

const worlds: TestWorld[] = [];
afterEach(async () => {
  while (worlds.length) await worlds.pop()!.close();
});

const phq = (item9: number): Record<string, number> => Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`phq9_${i + 1}`, i === 8 ? item9 : 1]));

/** A practice with a client, sessions, a safe and a safety-flagged PHQ-9, and an alliance agreement. */
async function populated(w: TestWorld) {
  const p = await seedPractice(w.deps);
  const client = await createClient(w.deps, p.therapistId, { name: 'Sealed Person', contact: { email: null, phone: null, dateOfBirth: null } });
  const course = await openCourse(w.deps, client.id, { startedOn: '2026-01-05', frequency: 'weekly' });
  for (let i = 0; i < 3; i++)
    await recordSession(w.deps, course.id, {
      startsAt: `2026-01-${String(5 + 7 * i).padStart(2, '0')}T10:00:00.000Z`,
      durationMinutes: 50,
      status: 'attended',
    });
  const asClient = { userId: 'client-user', as: 'client' as const };
  const safe = await submitResponse(w.deps, client.id, asClient, { instrumentCode: 'phq9', answers: phq(0) });
  w.clock.advance(60);
  const flagged = await submitResponse(w.deps, client.id, asClient, { instrumentCode: 'phq9', answers: phq(2) });
  await proposeAgreement(
    w.deps,
    course.id,
    { userId: p.therapistId, side: 'therapist' },
    {
      terms: {
        statement: 'We work on the arguments at home.',
        allianceType: 'working',
        frequency: 'weekly',
        reviewPoint: { kind: 'after_sessions', sessions: 6 },
      },
    },
  );
  await signIn(w.deps, p.emails.therapist, PASSWORD, null);
  await w.deps.audit.settle();
  return { p, client, course, safeId: safe.response.id, flaggedId: flagged.response.id };
}

/** Another sealed summary of the same practice, to swap in (a valid ciphertext, but not this record's). */
async function tamperSafe(w: TestWorld, therapistId: string): Promise<string> {
  const c = await createClient(w.deps, therapistId, { name: 'Other Person', contact: { email: null, phone: null, dateOfBirth: null } });
  const k = await openCourse(w.deps, c.id, { startedOn: '2026-01-05', frequency: 'weekly' });
  await updateCourse(w.deps, k.id, { phase: 'termination' });
  await saveSummary(w.deps, k.id, therapistId, 'Someone else’s summary.');
  return (await w.deps.store.findEnding(k.id))!.summaryEnc!;
}

async function world(): Promise<TestWorld> {
  const w = await makeWorld({ onDisk: true });
  worlds.push(w);
  return w;
}

/** A raw connection to the world's database, outside Accord: the attacker's tool. */
type Raw = {
  all<T = Record<string, unknown>>(q: string, params?: unknown[]): Promise<T[]>;
  run(q: string, params?: unknown[]): Promise<void>;
  close(): Promise<void>;
};
async function raw(w: TestWorld): Promise<Raw> {
  if (w.dialect === 'postgres') {
    const c = new pg.Client({ connectionString: w.databaseUrl });
    await c.connect();
    const pgText = (q: string) => {
      let n = 0;
      return q.replace(/\?/g, () => `$${++n}`);
    };
    return {
      all: async <T>(q: string, params: unknown[] = []) => (await c.query(pgText(q), params)).rows as T[],
      run: async (q, params = []) => {
        await c.query(pgText(q), params);
      },
      close: () => c.end(),
    };
  }
  const db = new Database(join(w.dataDir, 'accord.db'));
  return {
    all: async <T>(q: string, params: unknown[] = []) => db.prepare(q).all(...params) as T[],
    run: async (q, params = []) => {
      db.prepare(q).run(...params);
    },
    close: async () => {
      db.close();
    },
  };
}
async function tamper(w: TestWorld, fn: (r: Raw) => Promise<void>): Promise<void> {
  const r = await raw(w);
  try {
    await fn(r);
  } finally {
    await r.close();
  }
}

type Row = Record<string, unknown>;
const toEvent = (r: Row): AuditEvent => ({
  seq: Number(r.seq),
  id: String(r.id),
  at: String(r.at),
  actorId: r.actor_id as string | null,
  actorRole: r.actor_role as string | null,
  action: String(r.action),
  resourceType: String(r.resource_type),
  resourceId: r.resource_id as string | null,
  clientId: r.client_id as string | null,
  outcome: r.outcome as AuditEvent['outcome'],
  ip: r.ip as string | null,
  detail: r.detail as string | null,
  prevHash: String(r.prev_hash),
  hash: String(r.hash),
});

/**
 * The attack the old plain SHA-256 chain could not see: re-link every event from `fromSeq` on with
 * plain SHA-256 (after an edit or a deletion), renumbering them, and move the head to match.
 */
async function rehashFrom(r: Raw, fromSeq: number): Promise<void> {
  const rows = (await r.all(`select * from audit_events order by seq`)).map(toEvent);
  let prev = rows.find((e) => e.seq === fromSeq - 1)?.hash ?? GENESIS_HASH;
  let seq = fromSeq - 1;
  for (const e of rows.filter((x) => x.seq >= fromSeq)) {
    seq++;
    const base = { ...e, seq, prevHash: prev };
    const hash = auditHash(base);
    await r.run(`update audit_events set seq = ?, chain_seq = ?, prev_hash = ?, hash = ? where id = ?`, [seq, seq, prev, hash, e.id]);
    prev = hash;
  }
  await r.run(`update audit_head set seq = ?, hash = ? where id = 1`, [seq, prev]);
}

function host(w: TestWorld): CliHost & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    openRuntime: async () => ({ deps: w.deps, close: async () => {} }),
    openMasterKeys: () => w.deps.vault,
    serve: async () => {},
    baseUrl: 'http://127.0.0.1:3000',
    dataDir: w.dataDir,
    stdin: Readable.from([]),
    out: (l) => lines.push(l),
    err: (l) => lines.push(l),
  };
}
async function verify(w: TestWorld): Promise<{ code: number; text: string }> {
  const h = host(w);
  const code = await runCli(['verify'], h);
  return { code, text: h.lines.join('\n') };
}

describe('accord verify against someone who can write the database', () => {
  it('an untouched database verifies clean: chain intact, every sealed record intact', async () => {
    const w = await world();
    await populated(w);
    const v = await verify(w);
    expect(v.code).toBe(0);
    expect(v.text).toMatch(/Audit chain: \d+ events, intact/);
    expect(v.text).toMatch(/Sealed records: [3-9] checked, intact/);
    expect(v.text).toMatch(/Sealed since: event 0 /);
  });

  it('an event edited and every later event re-hashed with plain SHA-256 (head moved too): exit 1, names the event', async () => {
    const w = await world();
    await populated(w);
    await tamper(w, async (r) => {
      await r.run(`update audit_events set outcome = 'denied', actor_id = 'someone-else' where seq = 5`);
      await rehashFrom(r, 5);
    });
    const v = await verify(w);
    expect(v.code).toBe(1);
    expect(v.text).toMatch(/Audit chain: 4 events, BROKEN — event 5 was altered/);
  });

  it('the tail cut off and the head moved back to the new last event: exit 1, head rewound', async () => {
    const w = await world();
    await populated(w);
    await tamper(w, async (r) => {
      const [last] = await r.all<{ seq: number }>(`select max(seq) as seq from audit_events`);
      const keep = Number(last!.seq) - 3;
      const [e] = await r.all<{ hash: string }>(`select hash from audit_events where seq = ?`, [keep]);
      await r.run(`delete from audit_events where seq > ?`, [keep]);
      await r.run(`update audit_head set seq = ?, hash = ? where id = 1`, [keep, e!.hash]);
    });
    const v = await verify(w);
    expect(v.code).toBe(1);
    expect(v.text).toMatch(/BROKEN — the head \(event \d+\) lacks its keyed checkpoint: it was rewound or reset/);
  });

  it.runIf(process.env.ACCORD_TEST_DB === 'postgres')(
    'a second lane (another instance’s chain) wiped with its head reset to empty: exit 1, the anchor remembers it',
    async () => {
      const w = await world();
      await populated(w);
      // Another appender holds lane 1, so these events go to lane 2, as a second instance's would.
      const holder = new pg.Client({ connectionString: w.databaseUrl });
      await holder.connect();
      await holder.query('begin');
      await holder.query('select seq from audit_head where id = 1 for update');
      const ev = (n: number) => ({
        actorId: null,
        actorRole: 'operator',
        action: 'login',
        resourceType: 'user',
        resourceId: null,
        clientId: null,
        outcome: 'ok' as const,
        ip: null,
        detail: `n=${n}`,
        id: uuidv7(),
        at: new Date().toISOString(),
      });
      const written = await w.deps.store.appendAudit([ev(1), ev(2), ev(3)]);
      await holder.query('commit');
      await holder.end();
      expect(written.map((e) => e.chain)).toEqual([2, 2, 2]);
      expect(await w.deps.store.anchorAudit(new Date().toISOString())).toMatchObject({ heads: expect.arrayContaining([[2, 3, written[2]!.hash]]) });
      expect((await verify(w)).code).toBe(0);
      await tamper(w, async (r) => {
        await r.run(`delete from audit_events where chain = 2`);
        await r.run(`update audit_head set seq = 0, hash = ?, mac = null where id = 2`, [GENESIS_HASH]);
      });
      const v = await verify(w);
      expect(v.code).toBe(1);
      expect(v.text).toMatch(/BROKEN — event 3 of chain 2 was anchored at .* but the chain now ends at event 0 of chain 2: events were removed/);
    },
  );

  it('the tail cut off with an old head row put back (a replayed checkpoint): exit 1, a later sealed record shows the cut', async () => {
    const w = await world();
    const { client } = await populated(w);
    const [saved] = await (async () => {
      const r = await raw(w);
      try {
        return await r.all<Row>(`select seq, hash, mac from audit_head`);
      } finally {
        await r.close();
      }
    })();
    // Work goes on: the record is read (audited), then a new response is written, sealed with the chain's length then.
    await w.deps.audit.record({
      actorId: null,
      actorRole: null,
      action: 'client.read',
      resourceType: 'clients',
      resourceId: client.id,
      clientId: client.id,
      outcome: 'ok',
      ip: null,
      detail: null,
    });
    w.clock.advance(60);
    const later = await submitResponse(w.deps, client.id, { userId: 'client-user', as: 'client' }, { instrumentCode: 'phq9', answers: phq(0) });
    await w.deps.audit.settle();
    await tamper(w, async (r) => {
      await r.run(`delete from audit_events where seq > ?`, [Number(saved!.seq)]);
      await r.run(`update audit_head set seq = ?, hash = ?, mac = ? where id = 1`, [Number(saved!.seq), saved!.hash, saved!.mac]);
    });
    const v = await verify(w);
    expect(v.code).toBe(1);
    expect(v.text).toContain(`measure response ${later.response.id} was written when the audit chain held`);
    expect(v.text).toMatch(/but it now ends at event \d+: events were removed/);
  });

  it('an event deleted from the middle: exit 1, names the gap; deleted and the rest re-numbered and re-hashed: exit 1 too', async () => {
    const w = await world();
    await populated(w);
    await tamper(w, (r) => r.run(`delete from audit_events where seq = 4`));
    let v = await verify(w);
    expect(v.code).toBe(1);
    expect(v.text).toMatch(/BROKEN — event 4 is missing \(found 5\)/);
    await tamper(w, (r) => rehashFrom(r, 4));
    v = await verify(w);
    expect(v.code).toBe(1);
    expect(v.text).toMatch(/BROKEN — event 4 was altered/);
  });

  it('the audit table wiped and the head reset to the start: exit 1, and the sealed records show the log was longer', async () => {
    const w = await world();
    await populated(w);
    await tamper(w, async (r) => {
      await r.run(`delete from audit_events`);
      await r.run(`update audit_head set seq = 0, hash = ? where id = 1`, [GENESIS_HASH]);
    });
    const v = await verify(w);
    expect(v.code).toBe(1);
    expect(v.text).toMatch(/Audit chain: 0 events, BROKEN — the head \(event 0\) lacks its keyed checkpoint/);
    expect(v.text).toMatch(/Sealed records: \d+ checked, ALTERED/);
    expect(v.text).toMatch(/was written when the audit chain held \d+ events, but it now ends at event 0: events were removed/);
  });

  it('a closed ending’s summary edited: exit 1, names the course; its follow-up answer afterwards is no tampering', async () => {
    const w = await world();
    const { p, course } = await populated(w);
    await updateCourse(w.deps, course.id, { status: 'ended', endReason: 'planned', endedOn: '2026-01-19' });
    await saveSummary(w.deps, course.id, p.therapistId, 'Three sessions on the arguments at home.');
    const other = await tamperSafe(w, p.therapistId);
    await closeEnding(w.deps, course.id, p.therapistId);
    w.clock.set('2026-04-20T10:00:00.000Z');
    await answerFollowUp(w.deps, course.id, { rating: 1 });
    await w.deps.audit.settle();
    let v = await verify(w);
    expect(v.code, v.text).toBe(0);
    await tamper(w, (r) => r.run(`update course_endings set summary_enc = ? where course_id = ?`, [other, course.id]));
    v = await verify(w);
    expect(v.code).toBe(1);
    expect(v.text).toContain(`closed ending of course ${course.id} was altered`);
  });

  it('a response total edited: exit 1, names the response', async () => {
    const w = await world();
    const { safeId } = await populated(w);
    await tamper(w, (r) => r.run(`update measure_responses set total = 3, band_label = 'Minimal', band_severity = 'none' where id = ?`, [safeId]));
    const v = await verify(w);
    expect(v.code).toBe(1);
    expect(v.text).toMatch(/Audit chain: \d+ events, intact/);
    expect(v.text).toContain(`Sealed records: `);
    expect(v.text).toContain(`measure response ${safeId} was altered`);
  });

  it('a safety flag cleared: exit 1, names the response', async () => {
    const w = await world();
    const { flaggedId } = await populated(w);
    expect((await w.deps.store.findResponse(flaggedId))?.safetyFlagged).toBe(true);
    await tamper(w, (r) => r.run(`update measure_responses set safety_flagged = 0 where id = ?`, [flaggedId]));
    const v = await verify(w);
    expect(v.code).toBe(1);
    expect(v.text).toContain(`measure response ${flaggedId} was altered`);
  });

  it('a progress note addendum rewritten behind the app’s back: exit 1, names the addendum', async () => {
    const w = await world();
    const { p, course } = await populated(w);
    const [session] = await w.deps.store.listSessionsOfCourse(course.id);
    await writeNote(w.deps, session!.id, p.therapistId, 'Talked about the arguments at home.');
    await signNote(w.deps, session!.id, p.therapistId);
    const amended = await amendNote(w.deps, session!.id, p.therapistId, 'She called the next day.');
    const addendumId = amended.note!.addenda[0]!.id;
    expect((await verify(w)).code).toBe(0);
    await tamper(w, (r) => r.run(`update progress_note_addenda set written_at = '2020-01-01T00:00:00.000Z' where id = ?`, [addendumId]));
    const v = await verify(w);
    expect(v.code).toBe(1);
    expect(v.text).toContain(`progress note addendum ${addendumId} was altered`);
  });

  it('a signed progress note rewritten behind the app’s back: exit 1, names the note; sharing it afterwards is not a change', async () => {
    const w = await world();
    const { p, course } = await populated(w);
    const [session] = await w.deps.store.listSessionsOfCourse(course.id);
    await writeNote(w.deps, session!.id, p.therapistId, 'Talked about the arguments at home.');
    const signed = await signNote(w.deps, session!.id, p.therapistId);
    const noteId = signed.note!.id;
    const note = await w.deps.store.findProgressNoteOfSession(session!.id);
    await w.deps.store.setProgressNoteShared(noteId, true);
    expect((await verify(w)).code).toBe(0);
    await tamper(w, (r) => r.run(`update progress_notes set body_enc = ? where id = ?`, [note!.bodyEnc.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')), noteId]));
    const v = await verify(w);
    expect(v.code).toBe(1);
    expect(v.text).toContain(`signed progress note ${noteId} was altered`);
  });

  it('a seal stripped, an alliance ledger entry edited, the integrity key removed: each is reported', async () => {
    const w = await world();
    const { safeId, course } = await populated(w);
    await tamper(w, async (r) => {
      await r.run(`update measure_responses set seal = null where id = ?`, [safeId]);
      await r.run(`update alliance_ledger set alliance_type = 'holding' where course_id = ?`, [course.id]);
    });
    let v = await verify(w);
    expect(v.code).toBe(1);
    expect(v.text).toContain(`measure response ${safeId} has no seal`);
    expect(v.text).toMatch(/alliance ledger entry \S+ was altered/);
    await tamper(w, (r) => r.run(`delete from meta where key = 'integrity'`));
    v = await verify(w);
    expect(v.code).toBe(1);
    expect(v.text).toMatch(/BROKEN — the database carries no integrity key/);
    expect(v.text).toMatch(/Sealed since: NOT SEALED/);
    // The app refuses to go on writing unsealed events rather than silently restart the chain.
    await expect(
      w.deps.store.appendAudit([
        {
          id: 'x',
          at: 'x',
          actorId: null,
          actorRole: null,
          action: 'a',
          resourceType: 'r',
          resourceId: null,
          clientId: null,
          outcome: 'ok',
          ip: null,
          detail: null,
        },
      ]),
    ).rejects.toThrow(/no integrity key/);
  });

  it('a list read’s named clients edited (one removed, one added, one swapped): exit 1, names the event', async () => {
    const w = await world();
    const { p, client } = await populated(w);
    const other = await createClient(w.deps, p.therapistId, { name: 'Listed Person', contact: { email: null, phone: null, dateOfBirth: null } });
    const third = await createClient(w.deps, p.therapistId, { name: 'Third Person', contact: { email: null, phone: null, dateOfBirth: null } });
    const base = { actorId: p.therapistId, actorRole: 'therapist', action: 'clients:list', resourceType: 'clients', resourceId: null, clientId: null };
    const [listed] = await w.deps.store.appendAudit([
      { ...base, id: uuidv7(), at: '2026-02-01T10:00:00.000Z', outcome: 'ok', ip: null, detail: '2 clients', clientIds: [client.id, other.id] },
    ]);
    expect((await verify(w)).code).toBe(0);
    // The event's clients are a set (0030), kept once however many events name it: a member
    // removed, added or swapped in the set, or the event pointed at another set, breaks its link.
    const setId = clientSetId([client.id, other.id].sort());
    const otherSet = clientSetId([client.id, third.id].sort());
    const cases: [string, (r: Raw) => Promise<void>, (r: Raw) => Promise<void>][] = [
      [
        'removed',
        (r) => r.run(`delete from audit_client_set_members where set_id = ? and client_id = ?`, [setId, other.id]),
        (r) => r.run(`insert into audit_client_set_members (set_id, client_id) values (?, ?)`, [setId, other.id]),
      ],
      [
        'added',
        (r) => r.run(`insert into audit_client_set_members (set_id, client_id) values (?, ?)`, [setId, third.id]),
        (r) => r.run(`delete from audit_client_set_members where set_id = ? and client_id = ?`, [setId, third.id]),
      ],
      [
        'swapped',
        (r) => r.run(`update audit_client_set_members set client_id = ? where set_id = ? and client_id = ?`, [third.id, setId, other.id]),
        (r) => r.run(`update audit_client_set_members set client_id = ? where set_id = ? and client_id = ?`, [other.id, setId, third.id]),
      ],
      [
        'another set',
        async (r) => {
          await r.run(`insert into audit_client_sets (id) values (?)`, [otherSet]);
          await r.run(`insert into audit_client_set_members (set_id, client_id) values (?, ?), (?, ?)`, [otherSet, client.id, otherSet, third.id]);
          await r.run(`update audit_events set client_set_id = ? where seq = ?`, [otherSet, listed!.seq]);
        },
        async (r) => {
          await r.run(`update audit_events set client_set_id = ? where seq = ?`, [setId, listed!.seq]);
          await r.run(`delete from audit_client_set_members where set_id = ?`, [otherSet]);
          await r.run(`delete from audit_client_sets where id = ?`, [otherSet]);
        },
      ],
    ];
    for (const [what, edit, undo] of cases) {
      await tamper(w, edit);
      const v = await verify(w);
      expect(v.code, what).toBe(1);
      expect(v.text, what).toContain(`event ${listed!.seq} was altered`);
      await tamper(w, undo);
      expect((await verify(w)).code, what).toBe(0);
    }
  });

  it('a database opened with another master key: the integrity key does not open, verify says so', async () => {
    const w = await world();
    await populated(w);
    const other = await openStorage({ dataDir: w.dataDir, databaseUrl: w.databaseUrl, keyFile: join(w.dataDir, 'other.key'), lock: false, seal: false });
    try {
      const r = await verifyStore(other.store);
      expect(r.ok).toBe(false);
      expect(r.audit.problem).toMatch(/does not open with this master key/);
    } finally {
      await other.close();
    }
  });
});

describe('sealing over time: rotation and a database written before seals', () => {
  it('rotate-key re-wraps the integrity key: verify stays clean, in this process and in a fresh one that only has the new key file', async () => {
    const w = await world();
    const { client } = await populated(w);
    const before = await w.deps.store.getMeta('integrity');
    const r = await rotateMasterKey(w.deps);
    expect(r.retired).toEqual(['k0']);
    const after = await w.deps.store.getMeta('integrity');
    expect(after).not.toBe(before);
    expect((JSON.parse(after!) as { key: string }).key.startsWith(`${r.newKeyId}:`)).toBe(true);
    expect((await verify(w)).code).toBe(0);
    // New writes after rotation seal with the same integrity key.
    await submitResponse(w.deps, client.id, { userId: 'client-user', as: 'client' }, { instrumentCode: 'phq9', answers: phq(0) });
    await w.deps.audit.settle();
    const fresh = await openStorage({ dataDir: w.dataDir, databaseUrl: w.databaseUrl, keyFile: join(w.dataDir, 'master.key'), lock: false, seal: false });
    try {
      expect(await verifyStore(fresh.store)).toMatchObject({ ok: true, audit: { ok: true }, records: { ok: true } });
    } finally {
      await fresh.close();
    }
  });

  it('a database from before seals: verify reports it unsealed; the first start seals it; then old events are covered too', async () => {
    const w = await world();
    await populated(w);
    // Make it what the previous version left: no integrity key, no seals, plain SHA-256 links.
    await tamper(w, async (r) => {
      await r.run(`delete from meta where key = 'integrity'`);
      await r.run(`update audit_head set mac = null where id = 1`);
      for (const t of ['measure_responses', 'goal_ratings', 'alliance_ledger']) await r.run(`update ${t} set seal = null, sealed_seq = null`);
      await rehashFrom(r, 1);
    });
    const legacyHead = await w.deps.store.auditHead();
    let v = await verify(w);
    expect(v.code).toBe(1);
    expect(v.text).toMatch(/Sealed since: NOT SEALED/);
    // The next start (any command but verify) seals what is there.
    const started = await openStorage({ dataDir: w.dataDir, databaseUrl: w.databaseUrl, keyFile: join(w.dataDir, 'master.key'), lock: false });
    await started.close();
    v = await verify(w);
    expect(v.code).toBe(0);
    expect(v.text).toContain(`Sealed since: event ${legacyHead.seq} `);
    // New events are keyed; the old part is fixed by the keyed boundary: editing and re-hashing it shows.
    await signIn(w.deps, 'theo@test.accord', PASSWORD, null);
    await w.deps.audit.settle();
    expect((await verify(w)).code).toBe(0);
    await tamper(w, async (r) => {
      await r.run(`update audit_events set action = 'nothing.happened' where seq = 2`);
      const rows = (await r.all(`select * from audit_events where seq <= ? order by seq`, [legacyHead.seq])).map(toEvent);
      let prev = GENESIS_HASH;
      for (const e of rows) {
        const hash = auditHash({ ...e, prevHash: prev });
        await r.run(`update audit_events set prev_hash = ?, hash = ? where seq = ?`, [prev, hash, e.seq]);
        prev = hash;
      }
      await r.run(`update audit_events set prev_hash = ? where seq = ?`, [prev, legacyHead.seq + 1]);
    });
    v = await verify(w);
    expect(v.code).toBe(1);
    expect(v.text).toMatch(/BROKEN — events up to \d+ \(written before the database was sealed\) were altered and re-hashed/);
  });
});
