/**
 * The contract of the audit port (services/ports/audit.ts, storage/audit-store.ts): the hash chain
 * (one unbroken chain under concurrent appenders, across instances on PostgreSQL), the integrity
 * seal and the sealed records, the database's own check, and dump/load for backups (also from
 * SQLite into PostgreSQL). Run on SQLite and PostgreSQL in the same run (contract-support.ts); the
 * last test of each dialect fails when a port method was not called there.
 */
import { randomUUID } from 'node:crypto';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { TestWorld } from '../../test/support/harness.ts';
import { join } from 'node:path';
import { GENESIS_HASH } from '../domain/audit-chain.ts';
import type { Store } from '../services/ports.ts';
import { verifyStore } from '../services/operations/backup.ts';
import { openStorage } from './open.ts';
import type { Fixture } from './contract-support.ts';
import {
  at,
  base,
  clinicalBase,
  course,
  DIALECTS,
  event,
  goal,
  ids,
  ledger,
  portMethodsOf,
  practice,
  response,
  session,
  T0,
  user,
  world,
} from './contract-support.ts';
import { KyselyAuditStore } from './audit-store.ts';

/** Every table's rows, through the port's dump. */
async function dumpAll(store: Store): Promise<Record<string, Record<string, unknown>[]>> {
  const out: Record<string, Record<string, unknown>[]> = {};
  for (const t of store.tables()) {
    out[t] = [];
    for await (const page of store.dumpTable(t)) out[t]!.push(...page);
  }
  return out;
}

describe.each(DIALECTS)('Audit store contract on %s', (dialect) => {
  let w: TestWorld;
  let store: Store;
  let fx: Awaited<ReturnType<typeof base>>;
  const called = new Set<string>();
  beforeAll(async () => {
    w = await world(dialect, undefined, called);
    store = w.deps.store;
    fx = await base(store);
  });
  afterAll(async () => {
    await w?.close();
  });

  describe('audit', () => {
    let aw: TestWorld;
    beforeAll(async () => {
      aw = await world(dialect, undefined, called);
    });
    afterAll(async () => {
      await aw?.close();
    });

    it('starts at the genesis head', async () => {
      expect(await aw.deps.store.auditHead()).toEqual({ seq: 0, hash: GENESIS_HASH });
      expect(await aw.deps.store.appendAudit([])).toEqual([]);
    });
    it('appends in order, links each event to the last, and moves the head', async () => {
      const s = aw.deps.store;
      const out = await s.appendAudit([event(1), event(2, { clientId: 'c-x', actorId: 'a-1' }), event(3)]);
      expect(out.map((e) => e.seq)).toEqual([1, 2, 3]);
      expect(out[0]!.prevHash).toBe(GENESIS_HASH);
      expect(out[1]!.prevHash).toBe(out[0]!.hash);
      expect(await s.auditHead()).toEqual({ seq: 3, hash: out[2]!.hash });
      const more = await s.appendAudit([event(4)]);
      expect(more[0]).toMatchObject({ seq: 4, prevHash: out[2]!.hash });
    });
    it('lists newest first, filtered by client or actor, with a limit and a cursor', async () => {
      const s = aw.deps.store;
      expect((await s.listAudit({ limit: 2 })).map((e) => e.seq)).toEqual([4, 3]);
      expect((await s.listAudit({ limit: 10, beforeSeq: 3 })).map((e) => e.seq)).toEqual([2, 1]);
      expect((await s.listAudit({ limit: 10, clientId: 'c-x' })).map((e) => e.seq)).toEqual([2]);
      expect((await s.listAudit({ limit: 10, actorId: 'a-1' }))[0]).toMatchObject({
        seq: 2,
        actorId: 'a-1',
        clientId: 'c-x',
        outcome: 'ok',
        ip: '127.0.0.1',
        detail: 'n=2',
      });
    });
    it('an event naming several clients keeps them beside it: each client’s trail finds it as about that client alone, and its link covers them', async () => {
      const s = aw.deps.store;
      const [named] = await s.appendAudit([event(50, { clientId: null, clientIds: ['c-z', 'c-y', 'c-z', 'c-x'], detail: 'list' })]);
      expect(named!.clientIds).toEqual(['c-x', 'c-y', 'c-z']); // each once, sorted: as hashed
      for (const c of ['c-x', 'c-y', 'c-z']) {
        const trail = await s.listAudit({ limit: 10, clientId: c });
        expect(trail[0]).toMatchObject({ seq: named!.seq, clientId: c, detail: 'list' });
        expect(trail[0]!.clientIds).toBeUndefined();
      }
      // c-x's own event (seq 2) comes after the list read, newest first; the cursor works across both kinds.
      expect((await s.listAudit({ limit: 10, clientId: 'c-x' })).map((e) => e.seq)).toEqual([named!.seq, 2]);
      expect((await s.listAudit({ limit: 10, clientId: 'c-x', beforeSeq: named!.seq })).map((e) => e.seq)).toEqual([2]);
      expect((await s.listAudit({ limit: 10, clientId: 'c-x', actorId: 'a-1' })).map((e) => e.seq)).toEqual([2]);
      expect(await s.listAudit({ limit: 10, clientId: 'c-none' })).toEqual([]);
      const paged: (readonly string[] | undefined)[] = [];
      for await (const page of s.auditPages(2)) for (const e of page) if (e.seq === named!.seq) paged.push(e.clientIds);
      expect(paged).toEqual([['c-x', 'c-y', 'c-z']]);
      expect(await verifyStore(s)).toMatchObject({ ok: true });
    });
    it('clients named together are one set, written once: named again, only the event is written', async () => {
      const s = aw.deps.store;
      const sets = async () => (await dumpAll(s)).audit_client_sets!.length;
      const members = async () => (await dumpAll(s)).audit_client_set_members!.length;
      const [setsBefore, membersBefore] = [await sets(), await members()];
      const [a] = await s.appendAudit([event(60, { clientId: null, clientIds: ['s-1', 's-2', 's-3'], detail: 'list' })]);
      expect([await sets(), await members()]).toEqual([setsBefore + 1, membersBefore + 3]);
      // The same clients in another order, twice in one batch and once more: the same set, no new rows.
      const again = await s.appendAudit([
        event(61, { clientId: null, clientIds: ['s-3', 's-1', 's-2'], detail: 'list' }),
        event(62, { clientId: null, clientIds: ['s-2', 's-3', 's-1'], detail: 'list' }),
      ]);
      await s.appendAudit([event(63, { clientId: null, clientIds: ['s-1', 's-2', 's-3'], detail: 'list' })]);
      expect([await sets(), await members()]).toEqual([setsBefore + 1, membersBefore + 3]);
      const rows = (await dumpAll(s)).audit_events!.filter((r) => [a!.seq, ...again.map((e) => e.seq)].includes(Number(r.seq)));
      expect(new Set(rows.map((r) => r.client_set_id)).size).toBe(1);
      // Two sets sharing clients: s-2 and s-3 are in both, s-1 and s-4 in one each.
      const [b] = await s.appendAudit([event(64, { clientId: null, clientIds: ['s-4', 's-2', 's-3'], detail: 'list' })]);
      expect([await sets(), await members()]).toEqual([setsBefore + 2, membersBefore + 6]);
      const trail = async (c: string, beforeSeq?: number) =>
        (await s.listAudit({ limit: 10, clientId: c, ...(beforeSeq ? { beforeSeq } : {}) })).map((e) => e.seq);
      const first = [a!.seq, ...again.map((e) => e.seq), a!.seq + 3].reverse();
      expect(await trail('s-1')).toEqual(first);
      expect(await trail('s-4')).toEqual([b!.seq]);
      expect(await trail('s-2')).toEqual([b!.seq, ...first]);
      expect(await trail('s-3', b!.seq)).toEqual(first);
      expect((await s.listAudit({ limit: 2, clientId: 's-3' })).map((e) => e.seq)).toEqual([b!.seq, first[0]]);
      // Through a set, each trail shows the event as about its own client alone.
      for (const c of ['s-1', 's-2', 's-3', 's-4']) {
        for (const e of await s.listAudit({ limit: 10, clientId: c })) {
          expect(e.clientId).toBe(c);
          expect(e.clientIds).toBeUndefined();
        }
      }
      const paged = new Map<number, readonly string[] | undefined>();
      for await (const page of s.auditLanePages(1, 3)) for (const e of page) paged.set(e.seq, e.clientIds);
      expect(paged.get(again[1]!.seq)).toEqual(['s-1', 's-2', 's-3']);
      expect(paged.get(b!.seq)).toEqual(['s-2', 's-3', 's-4']);
      expect(await verifyStore(s)).toMatchObject({ ok: true });
    });
    it('a set of more clients than one statement takes (a caseload export) is written whole, once', async () => {
      const s = aw.deps.store;
      const many = Array.from({ length: 450 }, (_, i) => `big-${String(i).padStart(3, '0')}`);
      const [one] = await s.appendAudit([event(65, { clientId: null, clientIds: many, detail: 'export' })]);
      const [two] = await s.appendAudit([event(66, { clientId: null, clientIds: [...many].reverse(), detail: 'export' })]);
      const members = (await dumpAll(s)).audit_client_set_members!.filter((r) => String(r.client_id).startsWith('big-'));
      expect(members).toHaveLength(450);
      expect((await s.listAudit({ limit: 10, clientId: 'big-449' })).map((e) => e.seq)).toEqual([two!.seq, one!.seq]);
      const paged = new Map<number, readonly string[] | undefined>();
      for await (const page of s.auditPages(50)) for (const e of page) paged.set(e.seq, e.clientIds);
      expect(paged.get(one!.seq)).toEqual(many);
      expect(await verifyStore(s)).toMatchObject({ ok: true });
    });
    it('loads the named clients of a backup made before sets (one row per event and client), even split across batches', async () => {
      const src = await world(dialect, undefined, called);
      try {
        const [one, two] = await src.deps.store.appendAudit([
          event(70, { clientId: null, clientIds: ['l-1', 'l-2', 'l-3'], detail: 'list' }),
          event(71, { clientId: 'l-1' }),
        ]);
        const [three] = await src.deps.store.appendAudit([event(72, { clientId: null, clientIds: ['l-3', 'l-2', 'l-1'], detail: 'list' })]);
        const dump = await dumpAll(src.deps.store);
        const target = await world(dialect, join(src.dataDir, 'master.key'), called);
        try {
          expect(target.deps.store.legacyTables()).toEqual(['audit_event_clients']);
          // The old shape: no sets, no set ids on the events, a row per event and client.
          const legacy = [one!, three!].flatMap((e) => ['l-1', 'l-2', 'l-3'].map((client_id) => ({ seq: e.seq, client_id })));
          await target.deps.store.transaction(async (tx) => {
            for (const t of tx.tables()) {
              if (t === 'audit_client_sets' || t === 'audit_client_set_members') continue;
              const rows = t === 'audit_events' ? dump[t]!.map(({ client_set_id: _, ...r }) => r) : dump[t]!;
              await tx.loadTable(t, rows);
              if (t === 'audit_events') {
                await tx.loadTable('audit_event_clients', legacy.slice(0, 4)); // one event's clients split over two batches
                await tx.loadTable('audit_event_clients', legacy.slice(4));
              }
            }
          });
          const after = await dumpAll(target.deps.store);
          expect(after.audit_events).toEqual(dump.audit_events);
          // The split event's first part made a set no event names (harmless: no trail reaches it).
          const used = new Set(after.audit_events!.map((r) => r.client_set_id));
          expect(after.audit_client_sets!.filter((r) => used.has(r.id))).toEqual(dump.audit_client_sets);
          expect(after.audit_client_set_members!.filter((r) => used.has(r.set_id))).toEqual(dump.audit_client_set_members);
          expect(await verifyStore(target.deps.store)).toMatchObject({ ok: true });
          expect((await target.deps.store.listAudit({ limit: 10, clientId: 'l-2' })).map((e) => e.seq)).toEqual([three!.seq, one!.seq]);
          expect((await target.deps.store.listAudit({ limit: 10, clientId: 'l-1' })).map((e) => e.seq)).toEqual([three!.seq, two!.seq, one!.seq]);
        } finally {
          await target.close();
        }
      } finally {
        await src.close();
      }
    });
    it('many concurrent appenders produce one unbroken chain', async () => {
      const s = aw.deps.store;
      const before = (await s.auditHead()).seq;
      await Promise.all(Array.from({ length: 40 }, (_, i) => s.appendAudit(Array.from({ length: 1 + (i % 3) }, (_, j) => event(100 * i + j)))));
      const head = await s.auditHead();
      expect(head.seq - before).toBe(Array.from({ length: 40 }, (_, i) => 1 + (i % 3)).reduce((a, b) => a + b, 0));
      const report = await verifyStore(s);
      expect(report).toMatchObject({ ok: true, audit: { ok: true, events: head.seq } });
    });
    it('pages through the whole chain in order', async () => {
      const s = aw.deps.store;
      const seqs: number[] = [];
      for await (const page of s.auditPages(7)) {
        expect(page.length).toBeLessThanOrEqual(7);
        seqs.push(...page.map((e) => e.seq));
      }
      expect(seqs).toEqual(Array.from({ length: (await s.auditHead()).seq }, (_, i) => i + 1));
    });
    it('dumps a table larger than one page whole and in key order', async () => {
      const s = aw.deps.store;
      await s.appendAudit(Array.from({ length: 1005 }, (_, i) => event(i + 1)));
      const seqs: number[] = [];
      let pages = 0;
      for await (const page of s.dumpTable('audit_events')) {
        pages++;
        seqs.push(...page.map((r) => Number(r.seq)));
      }
      expect(pages).toBeGreaterThan(1);
      expect(seqs).toEqual(Array.from({ length: (await s.auditHead()).seq }, (_, i) => i + 1));
    });
    it('a failed append leaves neither events nor a moved head', async () => {
      const s = aw.deps.store;
      const head = await s.auditHead();
      const dup = event(1);
      await expect(s.appendAudit([dup, { ...event(2), id: dup.id }])).rejects.toThrow(); // duplicate event id
      expect(await s.auditHead()).toEqual(head);
      expect((await verifyStore(s)).ok).toBe(true);
    });

    it('lanes and anchors: one lane per quiet appender; an anchor pins every lane head, only when one moved', async () => {
      const s = aw.deps.store;
      await s.appendAudit([event(7001)]);
      const lanes = (await s.auditLanes()).filter((l) => l.seq > 0);
      expect(lanes.length).toBeGreaterThanOrEqual(1);
      expect(lanes[0]!.chain).toBe(1);
      const first = await s.anchorAudit(at(900));
      const startAt = (await s.anchorCheckpoint()).seq;
      expect(first).toMatchObject({ at: at(900), heads: lanes.map((l) => [l.chain, l.seq, l.hash]) });
      expect(await s.anchorAudit(at(901))).toBeUndefined(); // nothing moved since
      await s.appendAudit([event(7002)]);
      const second = await s.anchorAudit(at(902));
      expect(second).toMatchObject({ seq: first!.seq + 1, prevHash: first!.hash });
      expect(await s.anchorCheckpoint()).toMatchObject({ seq: startAt + 1, hash: second!.hash });
      const anchors = [];
      for await (const page of s.auditAnchorPages(1)) anchors.push(...page);
      expect(anchors.map((a) => a.seq)).toEqual(Array.from({ length: startAt + 1 }, (_, i) => i + 1));
      expect(await verifyStore(s)).toMatchObject({ ok: true, audit: { ok: true, anchors: startAt + 1 } });
    });

    if (dialect === 'postgres') {
      it('two app instances (separate pools) appending at once keep the chain intact', async () => {
        const other = await openStorage({ dataDir: aw.dataDir, databaseUrl: aw.databaseUrl, keyFile: join(aw.dataDir, 'master.key') });
        try {
          const before = (await aw.deps.store.auditHead()).seq;
          const burst = (st: Store, tag: string) =>
            Promise.all(Array.from({ length: 30 }, (_, i) => st.appendAudit([event(i, { detail: tag }), event(i, { detail: tag })])));
          await Promise.all([burst(aw.deps.store, 'one'), burst(other.store, 'two')]);
          // Numbers come from a sequence: a rolled-back append leaves a gap, so count the events.
          let total = 0;
          let after = 0;
          for await (const page of other.store.auditPages(500)) {
            total += page.length;
            after += page.filter((e) => e.seq > before).length;
          }
          expect(after).toBe(120);
          expect(await verifyStore(other.store)).toMatchObject({ ok: true, audit: { ok: true, events: total } });
          // The appenders took lanes side by side; each lane is one unbroken chain of its own.
          const lanes = (await other.store.auditLanes()).filter((l) => l.seq > 0);
          expect(lanes.reduce((n, l) => n + l.seq, 0)).toBe(total);
          for (const l of lanes) {
            const places: number[] = [];
            for await (const page of other.store.auditLanePages(l.chain, 50)) places.push(...page.map((e) => e.chainSeq!));
            expect(places).toEqual(Array.from({ length: l.seq }, (_, i) => i + 1));
          }
        } finally {
          await other.close();
        }
      });
    }
  });

  describe('integrity, dump and load', () => {
    it('integrityCheck finds nothing wrong in a healthy database', async () => {
      expect(await store.integrityCheck()).toEqual([]);
    });
    it('tables() lists parents before children and includes the audit chain', () => {
      const t = store.tables();
      expect(t.indexOf('practices')).toBeLessThan(t.indexOf('users'));
      expect(t.indexOf('clients')).toBeLessThan(t.indexOf('courses'));
      expect(t.indexOf('courses')).toBeLessThan(t.indexOf('therapy_sessions'));
      expect(t).toContain('audit_events');
      expect(t).toContain('audit_head');
    });
    it('isEmpty is true before a practice exists and false after', async () => {
      const fresh = await world(dialect, undefined, called);
      try {
        expect(await fresh.deps.store.isEmpty()).toBe(true);
        expect(await fresh.deps.store.findPractice()).toBeUndefined();
        await fresh.deps.store.insertPractice(practice());
        expect(await fresh.deps.store.isEmpty()).toBe(false);
      } finally {
        await fresh.close();
      }
    });
    it('dump then load into an empty database gives back the same rows and a valid chain', async () => {
      await store.appendAudit([event(1), event(2)]);
      for (let i = 0; i < 3; i++) {
        const k = course(fx.c, { id: randomUUID(), status: 'ended', endedOn: '2026-02-01', endReason: 'planned' });
        await store.insertCourse(k);
      }
      const dump = await dumpAll(store);
      const target = await world(dialect, join(w.dataDir, 'master.key'), called);
      try {
        await target.deps.store.transaction(async (tx) => {
          for (const t of tx.tables()) await tx.loadTable(t, dump[t]!);
        });
        expect(await dumpAll(target.deps.store)).toEqual(dump);
        expect(await verifyStore(target.deps.store)).toMatchObject({ ok: true });
        expect(await target.deps.store.findClient(fx.c.id)).toEqual(await store.findClient(fx.c.id));
      } finally {
        await target.close();
      }
    });
  });

  describe('keys and seals', () => {
    // A world of its own with the clinical fixture and sealed records of every sealed table; the
    // tests below were written against these names.
    let w: TestWorld;
    let store: Store;
    let fx: Fixture;
    beforeAll(async () => {
      w = await world(dialect, undefined, called);
      store = w.deps.store;
      fx = await clinicalBase(store);
      for (let i = 0; i < 6; i++) await store.insertResponse(response(i % 2 ? fx.k : fx.k3, { completedAt: at(i), createdAt: at(i) }));
      await store.appendLedgerEntry(ledger(fx.k, 1));
      await store.appendLedgerEntry(ledger(fx.k2, 1));
      const g = goal(fx.k);
      await store.insertGoal(g);
      await store.insertGoalRating({ id: randomUUID(), goalId: g.id, courseId: fx.k.id, kind: 'progress', at: at(1), value: 6, recordedBy: 'client' });
    });
    afterAll(async () => {
      await w?.close();
    });

    it('was sealed at open: a second seal does nothing; the checkpoint carries the head and a MAC', async () => {
      const before = (await store.integrity())!;
      expect(before).toMatchObject({ since: { seq: expect.any(Number), hash: expect.any(String), at: expect.any(String) }, mac: expect.any(String) });
      expect(await store.sealIntegrity(at(500))).toBe(false);
      expect((await store.integrity())!.mac).toBe(before.mac);
      const head = await store.auditHead();
      const cp = await store.auditCheckpoint();
      expect(cp).toEqual({ seq: head.seq, hash: head.hash, mac: expect.any(String) });
      expect(typeof cp.seq).toBe('number');
    });
    it('re-wraps the integrity key under the current master key; the MAC keys stay the same', async () => {
      const before = (await store.integrity())!;
      const oldKeyId = await store.integrityMasterKeyId();
      expect(oldKeyId).toEqual(expect.any(String));
      const newKeyId = w.deps.vault.rotateMasterKey();
      await store.rewrapIntegrityKey();
      expect(await store.integrityMasterKeyId()).toBe(newKeyId);
      expect(newKeyId).not.toBe(oldKeyId);
      const after = (await store.integrity())!;
      expect(Buffer.from(after.keys.chain).equals(Buffer.from(before.keys.chain))).toBe(true);
      expect(Buffer.from(after.keys.records).equals(Buffer.from(before.keys.records))).toBe(true);
      expect(after.since).toEqual(before.since);
      expect(await verifyStore(store)).toMatchObject({ ok: true });
    });
    it('pages every sealed record in id order, each with its seal and audit length', async () => {
      expect([...store.sealedTables()].sort()).toEqual([
        'alliance_ledger',
        'course_endings',
        'goal_ratings',
        'measure_responses',
        'progress_note_addenda',
        'progress_notes',
      ]);
      const pages: number[] = [];
      const seen: string[] = [];
      for await (const page of store.sealedRecordPages('measure_responses', 4)) {
        pages.push(page.length);
        for (const r of page) {
          expect(r).toMatchObject({ table: 'measure_responses', seal: expect.any(String), auditSeq: expect.any(Number) });
          seen.push(r.id);
        }
      }
      const all = await store.listResponsesOfClients([fx.c.id, fx.c2.id]);
      expect(seen).toEqual(ids(all).sort());
      expect(pages.every((n) => n <= 4)).toBe(true);
      const ledgerIds: string[] = [];
      for await (const page of store.sealedRecordPages('alliance_ledger', 100)) ledgerIds.push(...page.map((r) => r.id));
      expect(ledgerIds.sort()).toEqual(ids([...(await store.listLedger(fx.k.id)), ...(await store.listLedger(fx.k2.id))]).sort());
      expect(await verifyStore(store)).toMatchObject({
        ok: true,
        records: { ok: true, checked: seen.length + ledgerIds.length + (await store.listGoalRatings(fx.k.id)).length },
      });
    });
    it('seals afresh over an existing key when asked (a restore of an older backup)', async () => {
      const before = (await store.integrity())!;
      expect(await store.sealIntegrity(at(600), { replace: true })).toBe(true);
      const after = (await store.integrity())!;
      expect(after.since.at).toBe(at(600));
      expect(Buffer.from(after.keys.chain).equals(Buffer.from(before.keys.chain))).toBe(false);
    });
  });

  it('called every audit port method on this dialect', () => {
    expect(portMethodsOf(KyselyAuditStore).filter((m) => !called.has(m))).toEqual([]);
  });
});

describe('a dump from SQLite loads into PostgreSQL unchanged (a backup restores into either)', () => {
  it('round-trips across dialects', async () => {
    const from = await world('sqlite');
    const to = await world('postgres', join(from.dataDir, 'master.key'));
    try {
      const fx = await base(from.deps.store);
      const k = course(fx.c);
      await from.deps.store.insertCourse(k);
      await from.deps.store.insertSession(session(k, '2026-01-05T10:00:00.000Z'));
      await from.deps.store.insertUser(user(fx.p.id, { totpLastStep: 123456789012, mfaEnabled: true }));
      await from.deps.store.appendAudit([event(1), event(2)]);
      // A fractional total: PostgreSQL keeps it as real, SQLite as double; the seal must hold on both.
      await from.deps.store.insertResponse({
        id: randomUUID(),
        clientId: fx.c.id,
        courseId: k.id,
        sessionId: null,
        scheduleId: null,
        instrumentCode: 'ors',
        instrumentVersion: '1',
        respondent: 'client',
        source: 'portal',
        enteredBy: fx.t.id,
        completedAt: T0,
        createdAt: T0,
        answersEnc: 'v1.a.b',
        valid: true,
        total: 27.3,
        bandLabel: 'Clinical',
        bandSeverity: 'moderate',
        caseness: true,
        invalidReason: null,
        safetyFlagged: false,
        supersedesId: null,
      });
      const dump = await dumpAll(from.deps.store);
      await to.deps.store.transaction(async (tx) => {
        for (const t of tx.tables()) await tx.loadTable(t, dump[t]!);
      });
      expect(await dumpAll(to.deps.store)).toEqual(dump);
      expect(await verifyStore(to.deps.store)).toMatchObject({ ok: true, records: { ok: true, checked: 1 } });
    } finally {
      await from.close();
      await to.close();
    }
  });
});
