/**
 * The contract of the people port (services/ports/people.ts, storage/people-store.ts): clients and
 * their data keys, courses and therapy sessions, with the look-ups the caseload makes across many
 * clients at once. Run on SQLite and PostgreSQL in the same run (contract-support.ts); the last
 * test of each dialect fails when a port method was not called there.
 */
import { randomUUID } from 'node:crypto';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { TestWorld } from '../../test/support/harness.ts';
import type { Store } from '../services/ports.ts';
import { base, clientRow, course, DIALECTS, portMethodsOf, practice, session, T0, user, world } from './contract-support.ts';
import { KyselyPeopleStore } from './people-store.ts';
import type { KyselyStore } from './store.ts';

describe.each(DIALECTS)('People store contract on %s', (dialect) => {
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

  it('client keys: insert, find, list, update', async () => {
    const id = randomUUID();
    await store.insertClientKey(id, { wrapped: 'w1', masterKeyId: 'k0' }, T0);
    expect(await store.findClientKey(id)).toEqual({ wrapped: 'w1', masterKeyId: 'k0' });
    await store.updateClientKey(id, { wrapped: 'w2', masterKeyId: 'k1' });
    expect(await store.findClientKey(id)).toEqual({ wrapped: 'w2', masterKeyId: 'k1' });
    expect(await store.listClientKeys()).toContainEqual({ clientId: id, wrapped: 'w2', masterKeyId: 'k1' });
    expect(await store.findClientKey(randomUUID())).toBeUndefined();
  });

  describe('clients', () => {
    it('round-trips and updates', async () => {
      expect(await store.findClient(fx.c.id)).toEqual(fx.c);
      await store.updateClient(fx.c.id, { status: 'archived', nameEnc: 'v1.n.n', updatedAt: '2026-03-04T00:00:00.000Z' });
      expect(await store.findClient(fx.c.id)).toEqual({ ...fx.c, status: 'archived', nameEnc: 'v1.n.n', updatedAt: '2026-03-04T00:00:00.000Z' });
      await store.updateClient(fx.c.id, { status: 'active', nameEnc: fx.c.nameEnc, updatedAt: fx.c.updatedAt });
      expect(await store.findClient(randomUUID())).toBeUndefined();
    });
    it('pages by (created at, id) after a key, narrowed to therapists, searched by name words; indexes names and finds the unindexed', async () => {
      const p = practice();
      await store.insertPractice(p);
      const t1 = user(p.id),
        t2 = user(p.id);
      await store.insertUser(t1);
      await store.insertUser(t2);
      const at = (n: number) => `2026-04-0${n}T00:00:00.000Z`;
      // Two on the same instant: the id breaks the tie.
      const rows = [clientRow(p.id, t1.id, { createdAt: at(1) }), clientRow(p.id, t2.id, { createdAt: at(2) }), clientRow(p.id, t1.id, { createdAt: at(2) })];
      for (const r of rows) await store.insertClient(r);
      const order = [...rows].sort((a, b) => (a.createdAt === b.createdAt ? (a.id < b.id ? -1 : 1) : a.createdAt < b.createdAt ? -1 : 1)).map((r) => r.id);
      const ids = (cs: { id: string }[]) => cs.map((c) => c.id);
      expect(ids(await store.listClientsPage(p.id, { limit: 10 }))).toEqual(order);
      expect(ids(await store.listClientsPage(p.id, { limit: 2 }))).toEqual(order.slice(0, 2));
      const second = rows.find((r) => r.id === order[1])!;
      expect(ids(await store.listClientsPage(p.id, { limit: 2, after: { createdAt: second.createdAt, id: second.id } }))).toEqual(order.slice(2));
      expect(ids(await store.listClientsPage(p.id, { limit: 10, therapistIds: [t2.id] }))).toEqual([rows[1]!.id]);
      expect(await store.listClientsPage(p.id, { limit: 10, therapistIds: [] })).toEqual([]);
      // Not indexed yet: the walk of the unindexed finds them, by id.
      const unindexed = ids(await store.clientsWithoutNameIndex(null, 1000));
      for (const r of rows) expect(unindexed).toContain(r.id);
      await store.indexClientName(rows[0]!.id, 'Zoë Ångström-Li');
      await store.indexClientName(rows[1]!.id, 'Zoltan Li');
      await store.indexClientName(rows[2]!.id, 'Ada Lovelace');
      expect(ids(await store.clientsWithoutNameIndex(null, 1000))).not.toContain(rows[0]!.id);
      expect(ids(await store.listClientsPage(p.id, { limit: 10, search: 'zo' }))).toEqual([]); // two letters: a whole word only
      expect(ids(await store.listClientsPage(p.id, { limit: 10, search: 'zoe' }))).toEqual([rows[0]!.id]); // accents and case dropped
      expect(ids(await store.listClientsPage(p.id, { limit: 10, search: 'li' }))).toEqual(order.filter((id) => id !== rows[2]!.id));
      expect(ids(await store.listClientsPage(p.id, { limit: 10, search: 'LI zol' }))).toEqual([rows[1]!.id]);
      expect(ids(await store.listClientsPage(p.id, { limit: 10, search: 'angstrom' }))).toEqual([rows[0]!.id]);
      expect(ids(await store.listClientsPage(p.id, { limit: 10, search: 'lovelace ada', therapistIds: [t1.id] }))).toEqual([rows[2]!.id]);
      expect(await store.listClientsPage(p.id, { limit: 10, search: 'nobody' })).toEqual([]);
      // A new name replaces the old one's index.
      await store.indexClientName(rows[2]!.id, 'Grace Hopper');
      expect(await store.listClientsPage(p.id, { limit: 10, search: 'ada' })).toEqual([]);
      expect(ids(await store.listClientsPage(p.id, { limit: 10, search: 'hop' }))).toEqual([rows[2]!.id]);
    });
    it('lists by practice, optionally narrowed to therapists; an empty list of therapists means none', async () => {
      const p = practice();
      await store.insertPractice(p);
      const t1 = user(p.id),
        t2 = user(p.id);
      await store.insertUser(t1);
      await store.insertUser(t2);
      const a = clientRow(p.id, t1.id, { createdAt: '2026-03-01T00:00:00.000Z' }),
        b = clientRow(p.id, t2.id, { createdAt: '2026-03-02T00:00:00.000Z' });
      await store.insertClient(a);
      await store.insertClient(b);
      expect((await store.listClients(p.id, {})).map((c) => c.id)).toEqual([a.id, b.id]);
      expect((await store.listClients(p.id, { therapistIds: [t2.id] })).map((c) => c.id)).toEqual([b.id]);
      expect((await store.listClients(p.id, { therapistIds: [t1.id, t2.id] })).map((c) => c.id)).toEqual([a.id, b.id]);
      expect(await store.listClients(p.id, { therapistIds: [] })).toEqual([]);
    });
    it('refuses a client whose therapist does not exist (foreign keys on)', async () => {
      await expect(store.insertClient(clientRow(fx.p.id, randomUUID()))).rejects.toThrow();
    });
  });

  describe('courses and sessions', () => {
    it('round-trip, list and update courses', async () => {
      const c = clientRow(fx.p.id, fx.t.id);
      await store.insertClient(c);
      const old = course(c, { startedOn: '2024-01-01', status: 'ended', endedOn: '2024-06-01', endReason: 'planned' });
      const cur = course(c, { startedOn: '2025-01-01' });
      await store.insertCourse(old);
      await store.insertCourse(cur);
      expect(await store.findCourse(old.id)).toEqual(old);
      expect((await store.listCoursesOfClient(c.id)).map((k) => k.id)).toEqual([cur.id, old.id]);
      expect((await store.listCoursesOfClients([c.id, fx.c.id])).map((k) => k.id)).toEqual([cur.id, old.id]);
      expect(await store.listCoursesOfClients([])).toEqual([]);
      await store.updateCourse(cur.id, { phase: 'middle', frequency: 'fortnightly', updatedAt: '2026-03-05T00:00:00.000Z' });
      expect(await store.findCourse(cur.id)).toEqual({ ...cur, phase: 'middle', frequency: 'fortnightly', updatedAt: '2026-03-05T00:00:00.000Z' });
      await store.updateCourse(cur.id, { endedOn: null, endReason: null });
      expect((await store.findCourse(cur.id))?.endedOn).toBeNull();
    });
    it('round-trip, list in time order and update sessions', async () => {
      const c = clientRow(fx.p.id, fx.t.id);
      await store.insertClient(c);
      const k = course(c);
      await store.insertCourse(k);
      const s2 = session(k, '2026-01-12T10:00:00.000Z'),
        s1 = session(k, '2026-01-05T10:00:00.000Z', { status: 'no_show', durationMinutes: 90 });
      await store.insertSession(s2);
      await store.insertSession(s1);
      expect(await store.findSession(s1.id)).toEqual(s1);
      expect((await store.listSessionsOfCourse(k.id)).map((s) => s.id)).toEqual([s1.id, s2.id]);
      await store.updateSession(s2.id, { status: 'cancelled_late', durationMinutes: 30, updatedAt: '2026-03-05T00:00:00.000Z' });
      expect(await store.findSession(s2.id)).toEqual({ ...s2, status: 'cancelled_late', durationMinutes: 30, updatedAt: '2026-03-05T00:00:00.000Z' });
      expect(await store.findSession(randomUUID())).toBeUndefined();
    });
    it('refuses a session of a course that does not exist', async () => {
      await expect(store.insertSession(session({ ...course(fx.c), id: randomUUID() }, T0))).rejects.toThrow();
    });
    it('sessionStatsOfCourses: attended count and the first scheduled session after now, one row per requested course', async () => {
      const c = clientRow(fx.p.id, fx.t.id);
      await store.insertClient(c);
      const k1 = course(c, { status: 'ended', endedOn: '2026-01-01', endReason: 'planned' }),
        k2 = course(c),
        empty = course(c);
      for (const k of [k1, k2, empty]) await store.insertCourse(k);
      const rows = [
        session(k1, '2025-12-01T10:00:00.000Z'),
        session(k2, '2026-02-01T10:00:00.000Z'),
        session(k2, '2026-02-08T10:00:00.000Z'),
        session(k2, '2026-02-15T10:00:00.000Z', { status: 'no_show' }),
        session(k2, '2026-02-22T10:00:00.000Z', { status: 'scheduled' }), // scheduled but in the past: not "next"
        session(k2, '2026-03-16T10:00:00.000Z', { status: 'scheduled' }),
        session(k2, '2026-03-09T10:00:00.000Z', { status: 'scheduled' }),
        session(k2, '2026-03-05T10:00:00.000Z', { status: 'cancelled_by_therapist' }),
      ];
      for (const r of rows) await store.insertSession(r);
      const stats = await store.sessionStatsOfCourses([k1.id, k2.id, empty.id], T0);
      expect(stats).toEqual([
        { courseId: k1.id, attended: 1, nextStartsAt: null },
        { courseId: k2.id, attended: 2, nextStartsAt: '2026-03-09T10:00:00.000Z' },
        { courseId: empty.id, attended: 0, nextStartsAt: null },
      ]);
      expect(await store.sessionStatsOfCourses([], T0)).toEqual([]);
    });
    it('findClientKeys: several clients’ data keys in one lookup; unknown ids are simply absent', async () => {
      const [a, b] = [clientRow(fx.p.id, fx.t.id), clientRow(fx.p.id, fx.t.id)];
      for (const c of [a, b]) await store.insertClient(c);
      await store.insertClientKey(a.id, { wrapped: 'wa', masterKeyId: 'k0' }, T0);
      await store.insertClientKey(b.id, { wrapped: 'wb', masterKeyId: 'k0' }, T0);
      const keys = await store.findClientKeys([a.id, b.id, randomUUID()]);
      expect([...keys.entries()].sort()).toEqual(
        [
          [a.id, { wrapped: 'wa', masterKeyId: 'k0' }],
          [b.id, { wrapped: 'wb', masterKeyId: 'k0' }],
        ].sort(),
      );
      expect((await store.findClientKeys([])).size).toBe(0);
    });
    it('attendedStartsOfCourse: the start times of the attended sessions of one course, in order', async () => {
      const c = clientRow(fx.p.id, fx.t.id);
      await store.insertClient(c);
      const k = course(c),
        other = course(c);
      for (const x of [k, other]) await store.insertCourse(x);
      const late = session(k, '2026-02-08T10:00:00.000Z'),
        early = session(k, '2026-02-01T10:00:00.000Z'),
        missed = session(k, '2026-02-15T10:00:00.000Z', { status: 'no_show' }),
        elsewhere = session(other, '2026-02-03T10:00:00.000Z');
      for (const x of [late, early, missed, elsewhere]) await store.insertSession(x);
      expect(await store.attendedStartsOfCourse(k.id)).toEqual([early.startsAt, late.startsAt]);
      expect(await store.attendedStartsOfCourse(randomUUID())).toEqual([]);
    });
    it('lastSessionsOfClients: the latest session not after the cut-off, one per client', async () => {
      const [a, b, none] = [clientRow(fx.p.id, fx.t.id), clientRow(fx.p.id, fx.t.id), clientRow(fx.p.id, fx.t.id)];
      for (const c of [a, b, none]) await store.insertClient(c);
      const ka = course(a),
        kb = course(b),
        kn = course(none);
      for (const k of [ka, kb, kn]) await store.insertCourse(k);
      const a1 = session(ka, '2026-02-01T10:00:00.000Z'),
        a2 = session(ka, '2026-02-08T10:00:00.000Z', { status: 'no_show' }),
        aFuture = session(ka, '2026-03-09T10:00:00.000Z', { status: 'scheduled' });
      const b1 = session(kb, '2026-01-01T10:00:00.000Z'),
        nFuture = session(kn, '2026-04-01T10:00:00.000Z', { status: 'scheduled' });
      for (const s of [a1, aFuture, a2, b1, nFuture]) await store.insertSession(s);
      const last = await store.lastSessionsOfClients([a.id, b.id, none.id], T0);
      expect(last.map((s) => s.id).sort()).toEqual([a2.id, b1.id].sort());
      expect(last.find((s) => s.clientId === a.id)).toEqual(a2);
      // The cut-off is inclusive.
      expect((await store.lastSessionsOfClients([a.id], '2026-02-01T10:00:00.000Z')).map((s) => s.id)).toEqual([a1.id]);
      expect(await store.lastSessionsOfClients([], T0)).toEqual([]);
      expect(await store.lastSessionsOfClients([randomUUID()], T0)).toEqual([]);
      // How long the answer at a cut-off holds: until the first later session of any of them.
      const people = store as unknown as KyselyStore;
      expect(await people.firstSessionAfter([a.id, none.id], T0)).toBe(aFuture.startsAt);
      expect(await people.firstSessionAfter([none.id], aFuture.startsAt)).toBe(nFuture.startsAt);
      expect(await people.firstSessionAfter([b.id], T0)).toBeNull();
      expect(await people.firstSessionAfter([], T0)).toBeNull();
      // Two sessions at the same time (a cancellation and its replacement): still one row.
      const tie = session(kb, b1.startsAt, { status: 'cancelled_by_therapist' });
      await store.insertSession(tie);
      const again = await store.lastSessionsOfClients([a.id, b.id], T0);
      expect(again.filter((s) => s.clientId === b.id)).toHaveLength(1);
    });
  });

  it('client portal settings: none until put; a second put replaces the first; a client that does not exist is refused', async () => {
    expect(await store.findClientPortalSettings(fx.c.id)).toBeUndefined();
    const first = { clientId: fx.c.id, hideScores: true, updatedAt: T0, updatedBy: fx.t.id };
    await store.putClientPortalSettings(first);
    expect(await store.findClientPortalSettings(fx.c.id)).toEqual(first);
    const second = { ...first, hideScores: false, updatedAt: '2026-03-02T10:00:00.000Z' };
    await store.putClientPortalSettings(second);
    expect(await store.findClientPortalSettings(fx.c.id)).toEqual(second);
    await expect(store.putClientPortalSettings({ ...first, clientId: randomUUID() })).rejects.toThrow();
  });

  it('called every people port method on this dialect', () => {
    expect(portMethodsOf(KyselyPeopleStore).filter((m) => !called.has(m))).toEqual([]);
  });
});
