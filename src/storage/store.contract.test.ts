/**
 * The storage contract: one suite, run against every dialect in the same run (after Kysely's own
 * multi-dialect test set-up). PostgreSQL is never skipped: without a server at ACCORD_TEST_PG_URL
 * (default 127.0.0.1:5432/test) the PostgreSQL half fails with a message saying how to start one.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Dialect, TestWorld } from '../../test/support/harness.ts';
import { makeWorld, PG_URL } from '../../test/support/harness.ts';
import type { AuditEventInput } from '../domain/audit-chain.ts';
import { GENESIS_HASH } from '../domain/audit-chain.ts';
import type { AccessNoticeRow, ClientRow, CourseRow, InviteRow, PracticeRow, Store, TherapySessionRow, UserRow } from '../services/ports.ts';
import { verifyStore } from '../services/backup.ts';
import { openStorage } from './open.ts';

const DIALECTS: readonly Dialect[] = ['sqlite', 'postgres'];

/** `keyFile`: open with another world's master key (a copy that must open the same integrity key). */
async function world(dialect: Dialect, keyFile?: string): Promise<TestWorld> {
  try {
    return await makeWorld({ dialect, keyFile });
  } catch (err) {
    if (dialect !== 'postgres') throw err;
    throw new Error(
      `The storage contract suite needs PostgreSQL at ${PG_URL} (set ACCORD_TEST_PG_URL to use another) and could not reach it: ${(err as Error).message}. ` +
      'Start it (e.g. `pg_ctlcluster --skip-systemctl-redirect <version> main start`); the PostgreSQL run is never skipped.',
    );
  }
}

const T0 = '2026-03-02T09:00:00.000Z';

function practice(over: Partial<PracticeRow> = {}): PracticeRow {
  return {
    id: randomUUID(), name: 'Contract Practice', timeZone: 'Europe/London', crisisInfo: 'Call 999 in an emergency, or the crisis line.',
    requireMfaStaff: false, requireMfaAdmin: true, escalationMinutes: 60, createdAt: T0, ...over,
  };
}
function user(practiceId: string, over: Partial<UserRow> = {}): UserRow {
  const id = randomUUID();
  return {
    id, practiceId, email: `${id.slice(0, 8)}@test.accord`, displayName: `User ${id.slice(0, 4)}`, passwordHash: '$argon2id$fake', roles: ['therapist'],
    status: 'active', clientId: null, totpSecret: null, totpLastStep: null, mfaEnabled: false, createdAt: T0, updatedAt: T0, ...over,
  };
}
function clientRow(practiceId: string, therapistId: string, over: Partial<ClientRow> = {}): ClientRow {
  return { id: randomUUID(), practiceId, therapistId, nameEnc: 'v1.aaa.bbb', contactEnc: 'v1.ccc.ddd', status: 'active', createdAt: T0, updatedAt: T0, ...over };
}
function course(c: ClientRow, over: Partial<CourseRow> = {}): CourseRow {
  return {
    id: randomUUID(), clientId: c.id, practiceId: c.practiceId, therapistId: c.therapistId, startedOn: '2026-01-05', endedOn: null,
    frequency: 'weekly', phase: 'beginning', status: 'active', endReason: null, createdAt: T0, updatedAt: T0, ...over,
  };
}
function session(k: CourseRow, startsAt: string, over: Partial<TherapySessionRow> = {}): TherapySessionRow {
  return { id: randomUUID(), courseId: k.id, clientId: k.clientId, startsAt, durationMinutes: 50, status: 'attended', createdAt: T0, updatedAt: T0, ...over };
}
function event(n: number, over: Partial<AuditEventInput> = {}): AuditEventInput & { id: string; at: string } {
  return {
    id: randomUUID(), at: T0, actorId: null, actorRole: null, action: 'test.append', resourceType: 'test', resourceId: String(n), clientId: null,
    outcome: 'ok', ip: '127.0.0.1', detail: `n=${n}`, ...over,
  };
}

/** A practice with a therapist and one client, inserted straight through the store. */
async function base(store: Store) {
  const p = practice();
  await store.insertPractice(p);
  const t = user(p.id);
  await store.insertUser(t);
  const c = clientRow(p.id, t.id);
  await store.insertClientKey(c.id, { wrapped: 'wrapped-key', masterKeyId: 'k0' }, T0);
  await store.insertClient(c);
  return { p, t, c };
}

async function dumpAll(store: Store): Promise<Record<string, Record<string, unknown>[]>> {
  const out: Record<string, Record<string, unknown>[]> = {};
  for (const t of store.tables()) {
    out[t] = [];
    for await (const page of store.dumpTable(t)) out[t]!.push(...page);
  }
  return out;
}

describe.each(DIALECTS)('Store contract on %s', (dialect) => {
  let w: TestWorld;
  let store: Store;
  let fx: Awaited<ReturnType<typeof base>>;
  beforeAll(async () => {
    w = await world(dialect);
    store = w.deps.store;
    fx = await base(store);
  });
  afterAll(async () => { await w?.close(); });

  it('reports its dialect', () => {
    expect(store.dialect).toBe(dialect);
  });

  describe('transactions', () => {
    it('commits every write of a transaction together', async () => {
      await store.transaction(async (tx) => { await tx.setMeta('tx.a', '1'); await tx.setMeta('tx.b', '2'); });
      expect([await store.getMeta('tx.a'), await store.getMeta('tx.b')]).toEqual(['1', '2']);
    });
    it('rolls every write back when the function throws, and rethrows', async () => {
      const u = user(fx.p.id);
      await expect(store.transaction(async (tx) => {
        await tx.setMeta('tx.c', 'written');
        await tx.insertUser(u);
        throw new Error('boom');
      })).rejects.toThrow('boom');
      expect(await store.getMeta('tx.c')).toBeUndefined();
      expect(await store.findUserById(u.id)).toBeUndefined();
    });
    it('rolls back when a statement inside fails (constraint violation)', async () => {
      const u = user(fx.p.id);
      await expect(store.transaction(async (tx) => {
        await tx.insertUser(u);
        await tx.insertUser({ ...user(fx.p.id), email: u.email }); // unique email
      })).rejects.toThrow();
      expect(await store.findUserById(u.id)).toBeUndefined();
    });
    it('runs a nested transaction inside the outer one', async () => {
      await expect(store.transaction(async (tx) => {
        await tx.transaction(async (inner) => inner.setMeta('tx.nested', 'x'));
        throw new Error('outer fails');
      })).rejects.toThrow();
      expect(await store.getMeta('tx.nested')).toBeUndefined();
    });
    it('returns the function’s value', async () => {
      expect(await store.transaction(async () => 42)).toBe(42);
    });
  });

  it('meta: get, set, overwrite', async () => {
    expect(await store.getMeta('m.k')).toBeUndefined();
    await store.setMeta('m.k', 'one');
    await store.setMeta('m.k', 'two');
    expect(await store.getMeta('m.k')).toBe('two');
  });

  it('practices: insert, find, update with booleans and numbers intact', async () => {
    expect(await store.findPractice()).toEqual(fx.p);
    await store.updatePractice(fx.p.id, { requireMfaStaff: true, requireMfaAdmin: false, escalationMinutes: 90, name: 'Renamed' });
    expect(await store.findPractice()).toEqual({ ...fx.p, requireMfaStaff: true, requireMfaAdmin: false, escalationMinutes: 90, name: 'Renamed' });
    await store.updatePractice(fx.p.id, {}); // nothing to change is fine
    await store.updatePractice(fx.p.id, { name: fx.p.name, requireMfaStaff: false, requireMfaAdmin: true, escalationMinutes: 60 });
  });

  describe('users', () => {
    it('round-trips every field', async () => {
      const u = user(fx.p.id, { roles: ['admin', 'therapist'], totpSecret: 'k0:v1.x.y', totpLastStep: 59_000_123_456, mfaEnabled: true, passwordHash: null });
      await store.insertUser(u);
      expect(await store.findUserById(u.id)).toEqual(u);
    });
    it('finds by email case-insensitively and stores it lower-cased', async () => {
      const u = user(fx.p.id, { email: 'MiXeD.Case@Test.Accord' });
      await store.insertUser(u);
      expect((await store.findUserByEmail('mixed.case@test.accord'))?.id).toBe(u.id);
      expect((await store.findUserByEmail('MIXED.CASE@TEST.ACCORD'))?.email).toBe('mixed.case@test.accord');
      expect(await store.findUserByEmail('nobody@test.accord')).toBeUndefined();
    });
    it('refuses a second account with the same email', async () => {
      const u = user(fx.p.id);
      await store.insertUser(u);
      await expect(store.insertUser({ ...user(fx.p.id), email: u.email.toUpperCase() })).rejects.toThrow();
    });
    it('finds a portal account by client id', async () => {
      const u = user(fx.p.id, { roles: ['client'], clientId: fx.c.id });
      await store.insertUser(u);
      expect((await store.findUserByClientId(fx.c.id))?.id).toBe(u.id);
      expect(await store.findUserByClientId(randomUUID())).toBeUndefined();
    });
    it('lists a practice’s users by display name', async () => {
      const names = (await store.listUsers(fx.p.id)).map((u) => u.displayName);
      expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
      expect(await store.listUsers(randomUUID())).toEqual([]);
    });
    it('updates only the given fields', async () => {
      const u = user(fx.p.id);
      await store.insertUser(u);
      await store.updateUser(u.id, { status: 'disabled', roles: ['supervisor'], mfaEnabled: true, totpLastStep: 7, updatedAt: '2026-03-03T00:00:00.000Z' });
      expect(await store.findUserById(u.id)).toEqual({ ...u, status: 'disabled', roles: ['supervisor'], mfaEnabled: true, totpLastStep: 7, updatedAt: '2026-03-03T00:00:00.000Z' });
      await store.updateUser(u.id, { totpSecret: null, totpLastStep: null });
      expect((await store.findUserById(u.id))?.totpLastStep).toBeNull();
    });
  });

  describe('invites', () => {
    const invite = (over: Partial<InviteRow> = {}): InviteRow => ({
      id: randomUUID(), practiceId: fx.p.id, tokenHash: randomUUID(), email: 'Invitee@Test.Accord', roles: ['therapist', 'supervisor'], clientId: null,
      createdBy: fx.t.id, createdAt: T0, expiresAt: '2026-03-09T09:00:00.000Z', usedAt: null, ...over,
    });
    it('finds an invite by its token hash', async () => {
      const i = invite();
      await store.insertInvite(i);
      expect(await store.findInviteByTokenHash(i.tokenHash)).toEqual({ ...i, email: 'invitee@test.accord' });
      expect(await store.findInviteByTokenHash('nope')).toBeUndefined();
    });
    it('uses an invite once: a replay returns false and keeps the first use', async () => {
      const i = invite();
      await store.insertInvite(i);
      expect(await store.useInvite(i.id, '2026-03-02T10:00:00.000Z')).toBe(true);
      expect(await store.useInvite(i.id, '2026-03-02T11:00:00.000Z')).toBe(false);
      expect((await store.findInviteByTokenHash(i.tokenHash))?.usedAt).toBe('2026-03-02T10:00:00.000Z');
      expect(await store.useInvite(randomUUID(), T0)).toBe(false);
    });
    it('two concurrent uses of one invite: exactly one wins', async () => {
      const i = invite();
      await store.insertInvite(i);
      const results = await Promise.all(Array.from({ length: 6 }, () => store.transaction((tx) => tx.useInvite(i.id, T0))));
      expect(results.filter(Boolean)).toHaveLength(1);
    });
    it('lists open invites: not used, not expired, newest first', async () => {
      const p = practice();
      await store.insertPractice(p);
      const mk = (over: Partial<InviteRow>) => ({ ...invite(over), practiceId: p.id });
      const older = mk({ createdAt: '2026-03-01T00:00:00.000Z' });
      const newer = mk({ createdAt: '2026-03-02T00:00:00.000Z' });
      const used = mk({ usedAt: T0 });
      const expired = mk({ expiresAt: '2026-03-02T08:59:59.999Z' });
      for (const i of [older, newer, used, expired]) await store.insertInvite(i);
      expect((await store.listOpenInvites(p.id, T0)).map((i) => i.id)).toEqual([newer.id, older.id]);
    });
  });

  describe('auth sessions', () => {
    const s = (userId: string, over = {}) => ({
      idHash: randomUUID(), userId, createdAt: T0, lastSeenAt: T0, expiresAt: '2026-03-02T21:00:00.000Z', mfaVerified: false, reauthAt: null, csrfToken: 'csrf', ...over,
    });
    it('inserts, finds, touches and deletes', async () => {
      const a = s(fx.t.id);
      await store.insertAuthSession(a);
      expect(await store.findAuthSession(a.idHash)).toEqual(a);
      await store.touchAuthSession(a.idHash, { lastSeenAt: '2026-03-02T09:05:00.000Z', mfaVerified: true, reauthAt: '2026-03-02T09:05:00.000Z' });
      expect(await store.findAuthSession(a.idHash)).toEqual({ ...a, lastSeenAt: '2026-03-02T09:05:00.000Z', mfaVerified: true, reauthAt: '2026-03-02T09:05:00.000Z' });
      await store.touchAuthSession(a.idHash, {});
      await store.deleteAuthSession(a.idHash);
      expect(await store.findAuthSession(a.idHash)).toBeUndefined();
    });
    it('deletes every session of one user and nobody else’s', async () => {
      const u = user(fx.p.id);
      await store.insertUser(u);
      const mine = [s(u.id), s(u.id)], theirs = s(fx.t.id);
      for (const x of [...mine, theirs]) await store.insertAuthSession(x);
      await store.deleteAuthSessionsOfUser(u.id);
      for (const x of mine) expect(await store.findAuthSession(x.idHash)).toBeUndefined();
      expect(await store.findAuthSession(theirs.idHash)).toBeDefined();
    });
    it('deletes expired and idle sessions and counts them', async () => {
      const u = user(fx.p.id);
      await store.insertUser(u);
      const live = s(u.id, { lastSeenAt: '2026-03-02T10:00:00.000Z', expiresAt: '2026-03-02T20:00:00.000Z' });
      const expired = s(u.id, { lastSeenAt: '2026-03-02T10:00:00.000Z', expiresAt: '2026-03-02T10:30:00.000Z' });
      const idle = s(u.id, { lastSeenAt: '2026-03-02T09:00:00.000Z', expiresAt: '2026-03-02T20:00:00.000Z' });
      for (const x of [live, expired, idle]) await store.insertAuthSession(x);
      const n = await store.deleteExpiredAuthSessions('2026-03-02T10:30:00.000Z', '2026-03-02T09:30:00.000Z');
      expect(n).toBeGreaterThanOrEqual(2);
      expect(await store.findAuthSession(live.idHash)).toBeDefined();
      expect(await store.findAuthSession(expired.idHash)).toBeUndefined();
      expect(await store.findAuthSession(idle.idHash)).toBeUndefined();
    });
  });

  it('throttle: put inserts then overwrites; clear removes', async () => {
    const key = `acct:${randomUUID()}`;
    expect(await store.findThrottle(key)).toBeUndefined();
    await store.putThrottle({ key, failures: 1, firstFailureAt: T0, lockedUntil: null });
    await store.putThrottle({ key, failures: 5, firstFailureAt: T0, lockedUntil: '2026-03-02T09:15:00.000Z' });
    expect(await store.findThrottle(key)).toEqual({ key, failures: 5, firstFailureAt: T0, lockedUntil: '2026-03-02T09:15:00.000Z' });
    await store.clearThrottle(key);
    expect(await store.findThrottle(key)).toBeUndefined();
  });

  it('access notices: insert, list newest first per person with every field, mark read', async () => {
    const admin = user(fx.p.id, { roles: ['admin', 'supervisor'] }), other = user(fx.p.id);
    await store.insertUser(admin);
    await store.insertUser(other);
    const n1: AccessNoticeRow = { id: randomUUID(), practiceId: fx.p.id, userId: fx.t.id, kind: 'supervisor_added', actorId: admin.id, granteeId: admin.id, clientId: null, createdAt: T0, readAt: null };
    const n2: AccessNoticeRow = { ...n1, id: randomUUID(), kind: 'client_reassigned', clientId: fx.c.id, createdAt: '2026-03-02T10:00:00.000Z' };
    await store.insertAccessNotice(n1);
    await store.insertAccessNotice(n2);
    await store.insertAccessNotice({ ...n1, id: randomUUID(), userId: other.id });
    expect(await store.listAccessNotices(fx.t.id, 10)).toEqual([n2, n1]);
    expect(await store.listAccessNotices(fx.t.id, 1)).toEqual([n2]);
    await store.markAccessNoticesRead(fx.t.id, '2026-03-02T11:00:00.000Z');
    expect((await store.listAccessNotices(fx.t.id, 10)).map((n) => n.readAt)).toEqual(['2026-03-02T11:00:00.000Z', '2026-03-02T11:00:00.000Z']);
    expect((await store.listAccessNotices(other.id, 10)).map((n) => n.readAt)).toEqual([null]);
  });

  it('supervisions: add (idempotent), look up both ways, remove', async () => {
    const sup = user(fx.p.id, { roles: ['supervisor'] }), t2 = user(fx.p.id);
    await store.insertUser(sup);
    await store.insertUser(t2);
    await store.addSupervision(fx.p.id, sup.id, fx.t.id, T0);
    await store.addSupervision(fx.p.id, sup.id, fx.t.id, T0);
    await store.addSupervision(fx.p.id, sup.id, t2.id, T0);
    expect(await store.supervisorsOf(fx.t.id)).toEqual([sup.id]);
    expect((await store.superviseesOf(sup.id)).sort()).toEqual([fx.t.id, t2.id].sort());
    expect(await store.listSupervisions(fx.p.id)).toEqual(expect.arrayContaining([{ supervisorId: sup.id, therapistId: fx.t.id }, { supervisorId: sup.id, therapistId: t2.id }]));
    await store.removeSupervision(sup.id, fx.t.id);
    expect(await store.supervisorsOf(fx.t.id)).toEqual([]);
    expect(await store.superviseesOf(sup.id)).toEqual([t2.id]);
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
    it('lists by practice, optionally narrowed to therapists; an empty list of therapists means none', async () => {
      const p = practice();
      await store.insertPractice(p);
      const t1 = user(p.id), t2 = user(p.id);
      await store.insertUser(t1);
      await store.insertUser(t2);
      const a = clientRow(p.id, t1.id, { createdAt: '2026-03-01T00:00:00.000Z' }), b = clientRow(p.id, t2.id, { createdAt: '2026-03-02T00:00:00.000Z' });
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
      const s2 = session(k, '2026-01-12T10:00:00.000Z'), s1 = session(k, '2026-01-05T10:00:00.000Z', { status: 'no_show', durationMinutes: 90 });
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
      const k1 = course(c, { status: 'ended', endedOn: '2026-01-01', endReason: 'planned' }), k2 = course(c), empty = course(c);
      for (const k of [k1, k2, empty]) await store.insertCourse(k);
      const rows = [
        session(k1, '2025-12-01T10:00:00.000Z'),
        session(k2, '2026-02-01T10:00:00.000Z'), session(k2, '2026-02-08T10:00:00.000Z'), session(k2, '2026-02-15T10:00:00.000Z', { status: 'no_show' }),
        session(k2, '2026-02-22T10:00:00.000Z', { status: 'scheduled' }), // scheduled but in the past: not "next"
        session(k2, '2026-03-16T10:00:00.000Z', { status: 'scheduled' }), session(k2, '2026-03-09T10:00:00.000Z', { status: 'scheduled' }),
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
      expect([...keys.entries()].sort()).toEqual([[a.id, { wrapped: 'wa', masterKeyId: 'k0' }], [b.id, { wrapped: 'wb', masterKeyId: 'k0' }]].sort());
      expect((await store.findClientKeys([])).size).toBe(0);
    });
    it('lastSessionsOfClients: the latest session not after the cut-off, one per client', async () => {
      const [a, b, none] = [clientRow(fx.p.id, fx.t.id), clientRow(fx.p.id, fx.t.id), clientRow(fx.p.id, fx.t.id)];
      for (const c of [a, b, none]) await store.insertClient(c);
      const ka = course(a), kb = course(b), kn = course(none);
      for (const k of [ka, kb, kn]) await store.insertCourse(k);
      const a1 = session(ka, '2026-02-01T10:00:00.000Z'), a2 = session(ka, '2026-02-08T10:00:00.000Z', { status: 'no_show' }), aFuture = session(ka, '2026-03-09T10:00:00.000Z', { status: 'scheduled' });
      const b1 = session(kb, '2026-01-01T10:00:00.000Z'), nFuture = session(kn, '2026-04-01T10:00:00.000Z', { status: 'scheduled' });
      for (const s of [a1, aFuture, a2, b1, nFuture]) await store.insertSession(s);
      const last = await store.lastSessionsOfClients([a.id, b.id, none.id], T0);
      expect(last.map((s) => s.id).sort()).toEqual([a2.id, b1.id].sort());
      expect(last.find((s) => s.clientId === a.id)).toEqual(a2);
      // The cut-off is inclusive.
      expect((await store.lastSessionsOfClients([a.id], '2026-02-01T10:00:00.000Z')).map((s) => s.id)).toEqual([a1.id]);
      expect(await store.lastSessionsOfClients([], T0)).toEqual([]);
      expect(await store.lastSessionsOfClients([randomUUID()], T0)).toEqual([]);
      // Two sessions at the same time (a cancellation and its replacement): still one row.
      const tie = session(kb, b1.startsAt, { status: 'cancelled_by_therapist' });
      await store.insertSession(tie);
      const again = await store.lastSessionsOfClients([a.id, b.id], T0);
      expect(again.filter((s) => s.clientId === b.id)).toHaveLength(1);
    });
  });

  describe('audit', () => {
    let aw: TestWorld;
    beforeAll(async () => { aw = await world(dialect); });
    afterAll(async () => { await aw?.close(); });

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
      expect((await s.listAudit({ limit: 10, actorId: 'a-1' }))[0]).toMatchObject({ seq: 2, actorId: 'a-1', clientId: 'c-x', outcome: 'ok', ip: '127.0.0.1', detail: 'n=2' });
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
      for await (const page of s.auditPages(7)) { expect(page.length).toBeLessThanOrEqual(7); seqs.push(...page.map((e) => e.seq)); }
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

    if (dialect === 'postgres') {
      it('two app instances (separate pools) appending at once keep the chain intact', async () => {
        const other = await openStorage({ dataDir: aw.dataDir, databaseUrl: aw.databaseUrl, keyFile: join(aw.dataDir, 'master.key') });
        try {
          const before = (await aw.deps.store.auditHead()).seq;
          const burst = (st: Store, tag: string) => Promise.all(Array.from({ length: 30 }, (_, i) => st.appendAudit([event(i, { detail: tag }), event(i, { detail: tag })])));
          await Promise.all([burst(aw.deps.store, 'one'), burst(other.store, 'two')]);
          const head = await other.store.auditHead();
          expect(head.seq - before).toBe(120);
          expect(await verifyStore(other.store)).toMatchObject({ ok: true, audit: { ok: true, events: head.seq } });
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
      const fresh = await world(dialect);
      try {
        expect(await fresh.deps.store.isEmpty()).toBe(true);
        expect(await fresh.deps.store.findPractice()).toBeUndefined();
        await fresh.deps.store.insertPractice(practice());
        expect(await fresh.deps.store.isEmpty()).toBe(false);
      } finally { await fresh.close(); }
    });
    it('dump then load into an empty database gives back the same rows and a valid chain', async () => {
      await store.appendAudit([event(1), event(2)]);
      for (let i = 0; i < 3; i++) { const k = course(fx.c, { id: randomUUID(), status: 'ended', endedOn: '2026-02-01', endReason: 'planned' }); await store.insertCourse(k); }
      const dump = await dumpAll(store);
      const target = await world(dialect, join(w.dataDir, 'master.key'));
      try {
        await target.deps.store.transaction(async (tx) => { for (const t of tx.tables()) await tx.loadTable(t, dump[t]!); });
        expect(await dumpAll(target.deps.store)).toEqual(dump);
        expect(await verifyStore(target.deps.store)).toMatchObject({ ok: true });
        expect(await target.deps.store.findClient(fx.c.id)).toEqual(await store.findClient(fx.c.id));
      } finally { await target.close(); }
    });
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
        id: randomUUID(), clientId: fx.c.id, courseId: k.id, sessionId: null, scheduleId: null, instrumentCode: 'ors', instrumentVersion: '1',
        respondent: 'client', source: 'portal', enteredBy: fx.t.id, completedAt: T0, createdAt: T0, answersEnc: 'v1.a.b', valid: true, total: 27.3,
        bandLabel: 'Clinical', bandSeverity: 'moderate', caseness: true, invalidReason: null, safetyFlagged: false, supersedesId: null,
      });
      const dump = await dumpAll(from.deps.store);
      await to.deps.store.transaction(async (tx) => { for (const t of tx.tables()) await tx.loadTable(t, dump[t]!); });
      expect(await dumpAll(to.deps.store)).toEqual(dump);
      expect(await verifyStore(to.deps.store)).toMatchObject({ ok: true, records: { ok: true, checked: 1 } });
    } finally {
      await from.close();
      await to.close();
    }
  });
});
