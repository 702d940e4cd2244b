/**
 * The contract of the accounts port (services/ports/accounts.ts, storage/accounts-store.ts): meta
 * values, the practice, users (emails and names sealed, looked up by keyed hash), invites, sign-in
 * sessions, the throttle, access notices, supervisions, the account key and the sealing of
 * accounts written before identities were sealed. Run on SQLite and PostgreSQL in the same run
 * (contract-support.ts); the last test of each dialect fails when a port method was not called there.
 */
import { randomUUID } from 'node:crypto';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { TestWorld } from '../../test/support/harness.ts';
import type { AccessNoticeRow, InviteRow, PracticeNoticeRow, Store } from '../services/ports.ts';
import { at, base, DIALECTS, portMethodsOf, practice, T0, user, world } from './contract-support.ts';
import type { KyselyStore } from './store.ts';
import { KyselyAccountsStore } from './accounts-store.ts';

describe.each(DIALECTS)('Accounts store contract on %s', (dialect) => {
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
    it('lists the staff only — every role but the portal client’s — ordered as listUsers', async () => {
      const admin = user(fx.p.id, { roles: ['admin', 'supervisor'], displayName: 'Staff Aa' });
      const disabled = user(fx.p.id, { roles: ['therapist'], status: 'disabled', displayName: 'Staff Ab' });
      const portal = user(fx.p.id, { roles: ['client'], displayName: 'Staff Ac (portal)' });
      for (const u of [admin, disabled, portal]) await store.insertUser(u);
      const staff = await store.listStaffUsers(fx.p.id);
      expect(staff.some((u) => u.roles.includes('client'))).toBe(false);
      expect(staff.map((u) => u.id)).toEqual((await store.listUsers(fx.p.id)).filter((u) => !u.roles.includes('client')).map((u) => u.id));
      expect(staff.find((u) => u.id === admin.id)).toEqual(admin); // whole rows, opened
      expect(staff.map((u) => u.id)).toContain(disabled.id);
      expect(await store.listStaffUsers(randomUUID())).toEqual([]);
    });
    it('names the given accounts only, in one look-up; unknown ids are left out', async () => {
      const a = user(fx.p.id, { displayName: 'Named Ärzt' });
      const b = user(fx.p.id, { roles: ['client'], displayName: 'Named Portal' });
      for (const u of [a, b]) await store.insertUser(u);
      const unknown = randomUUID();
      const names = await store.displayNamesOf([a.id, b.id, a.id, unknown]);
      expect([...names.entries()].sort()).toEqual(
        [
          [a.id, 'Named Ärzt'],
          [b.id, 'Named Portal'],
        ].sort(),
      );
      expect(await store.displayNamesOf([])).toEqual(new Map());
      await store.updateUser(a.id, { displayName: 'Renamed Ärzt' });
      expect((await store.displayNamesOf(new Set([a.id]))).get(a.id)).toBe('Renamed Ärzt');
    });
    it('names more than 500 accounts at once (chunked under the parameter limits)', async () => {
      const many = Array.from({ length: 520 }, () => randomUUID());
      const a = user(fx.p.id, { displayName: 'Named Late' });
      await store.insertUser(a);
      const names = await store.displayNamesOf([...many, a.id]);
      expect(names.size).toBe(1);
      expect(names.get(a.id)).toBe('Named Late');
    });
    it('updates only the given fields', async () => {
      const u = user(fx.p.id);
      await store.insertUser(u);
      await store.updateUser(u.id, { status: 'disabled', roles: ['supervisor'], mfaEnabled: true, totpLastStep: 7, updatedAt: '2026-03-03T00:00:00.000Z' });
      expect(await store.findUserById(u.id)).toEqual({
        ...u,
        status: 'disabled',
        roles: ['supervisor'],
        mfaEnabled: true,
        totpLastStep: 7,
        updatedAt: '2026-03-03T00:00:00.000Z',
      });
      await store.updateUser(u.id, { totpSecret: null, totpLastStep: null });
      expect((await store.findUserById(u.id))?.totpLastStep).toBeNull();
    });
  });

  describe('invites', () => {
    const invite = (over: Partial<InviteRow> = {}): InviteRow => ({
      id: randomUUID(),
      practiceId: fx.p.id,
      tokenHash: randomUUID(),
      email: 'Invitee@Test.Accord',
      roles: ['therapist', 'supervisor'],
      clientId: null,
      createdBy: fx.t.id,
      createdAt: T0,
      expiresAt: '2026-03-09T09:00:00.000Z',
      usedAt: null,
      ...over,
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
      idHash: randomUUID(),
      userId,
      createdAt: T0,
      lastSeenAt: T0,
      expiresAt: '2026-03-02T21:00:00.000Z',
      mfaVerified: false,
      reauthAt: null,
      csrfToken: 'csrf',
      ...over,
    });
    it('inserts, finds, touches and deletes', async () => {
      const a = s(fx.t.id);
      await store.insertAuthSession(a);
      expect(await store.findAuthSession(a.idHash)).toEqual(a);
      // With its user, in one read: the same rows as found apart.
      expect(await store.findSessionWithUser(a.idHash)).toEqual({ session: a, user: await store.findUserById(fx.t.id) });
      expect(await store.findSessionWithUser(randomUUID())).toBeUndefined();
      await store.touchAuthSession(a.idHash, { lastSeenAt: '2026-03-02T09:05:00.000Z', mfaVerified: true, reauthAt: '2026-03-02T09:05:00.000Z' });
      expect(await store.findAuthSession(a.idHash)).toEqual({
        ...a,
        lastSeenAt: '2026-03-02T09:05:00.000Z',
        mfaVerified: true,
        reauthAt: '2026-03-02T09:05:00.000Z',
      });
      await store.touchAuthSession(a.idHash, {});
      await store.deleteAuthSession(a.idHash);
      expect(await store.findAuthSession(a.idHash)).toBeUndefined();
    });
    it('deletes every session of one user and nobody else’s', async () => {
      const u = user(fx.p.id);
      await store.insertUser(u);
      const mine = [s(u.id), s(u.id)],
        theirs = s(fx.t.id);
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
    const admin = user(fx.p.id, { roles: ['admin', 'supervisor'] }),
      other = user(fx.p.id);
    await store.insertUser(admin);
    await store.insertUser(other);
    const n1: AccessNoticeRow = {
      id: randomUUID(),
      practiceId: fx.p.id,
      userId: fx.t.id,
      kind: 'supervisor_added',
      actorId: admin.id,
      granteeId: admin.id,
      clientId: null,
      createdAt: T0,
      readAt: null,
    };
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

  it('practice notices: one row for the practice, newest first; a person’s notice mark is when they last marked their notices read', async () => {
    const p = practice();
    await store.insertPractice(p);
    const actor = user(p.id, { roles: ['admin', 'therapist'] });
    await store.insertUser(actor);
    const n1: PracticeNoticeRow = { id: randomUUID(), practiceId: p.id, kind: 'escalation_colleague', actorId: actor.id, granteeId: actor.id, createdAt: T0 };
    const n2: PracticeNoticeRow = { ...n1, id: randomUUID(), createdAt: '2026-03-02T10:00:00.000Z' };
    await store.insertPracticeNotice(n1);
    await store.insertPracticeNotice(n2);
    expect(await store.listPracticeNotices(p.id, 10)).toEqual([n2, n1]);
    expect(await store.listPracticeNotices(p.id, 1)).toEqual([n2]);
    expect(await store.listPracticeNotices(fx.p.id, 10)).toEqual([]);
    expect(await store.findNoticeMark(actor.id)).toBeUndefined();
    await store.markAccessNoticesRead(actor.id, '2026-03-02T11:00:00.000Z');
    expect(await store.findNoticeMark(actor.id)).toBe('2026-03-02T11:00:00.000Z');
    await store.markAccessNoticesRead(actor.id, '2026-03-03T11:00:00.000Z');
    expect(await store.findNoticeMark(actor.id)).toBe('2026-03-03T11:00:00.000Z');
  });

  it('staff pages: by (created at, id) after a key, without portal accounts; search by name words or an exact email; names indexed as written', async () => {
    const p = practice();
    await store.insertPractice(p);
    const a = user(p.id, { displayName: 'Theo Therapist', createdAt: '2026-05-01T00:00:00.000Z' });
    const b = user(p.id, { displayName: 'Ada Admin', roles: ['admin'], createdAt: '2026-05-02T00:00:00.000Z' });
    const portal = user(p.id, { displayName: 'Theo Client', roles: ['client'], createdAt: '2026-05-03T00:00:00.000Z' });
    for (const u of [a, b, portal]) await store.insertUser(u);
    const ids = (us: { id: string }[]) => us.map((u) => u.id);
    expect(ids(await store.listStaffPage(p.id, { limit: 10 }))).toEqual([a.id, b.id]);
    expect(await store.listStaffPage(p.id, { limit: 1 })).toEqual([a]);
    expect(ids(await store.listStaffPage(p.id, { limit: 10, after: { createdAt: a.createdAt, id: a.id } }))).toEqual([b.id]);
    expect(ids(await store.listStaffPage(p.id, { limit: 10, search: 'theo' }))).toEqual([a.id]);
    expect(ids(await store.listStaffPage(p.id, { limit: 10, search: b.email.toUpperCase() }))).toEqual([b.id]);
    expect(await store.listStaffPage(p.id, { limit: 10, search: 'nobody@test.accord' })).toEqual([]);
    await store.updateUser(b.id, { displayName: 'Grace Hopper' });
    expect(await store.listStaffPage(p.id, { limit: 10, search: 'ada' })).toEqual([]);
    expect(ids(await store.listStaffPage(p.id, { limit: 10, search: 'gra hop' }))).toEqual([b.id]);
    // Written with their index, so the walk of the unindexed passes them; an index replaced by hand is found again.
    expect(ids(await store.staffWithoutNameIndex(null, 1000))).not.toContain(a.id);
    await store.indexStaffName(a.id, 'Theodora Therapist');
    expect(ids(await store.listStaffPage(p.id, { limit: 10, search: 'theodora' }))).toEqual([a.id]);
  });

  it('supervisions: add (idempotent), look up both ways, remove', async () => {
    const sup = user(fx.p.id, { roles: ['supervisor'] }),
      t2 = user(fx.p.id);
    await store.insertUser(sup);
    await store.insertUser(t2);
    await store.addSupervision(fx.p.id, sup.id, fx.t.id, T0);
    await store.addSupervision(fx.p.id, sup.id, fx.t.id, T0);
    await store.addSupervision(fx.p.id, sup.id, t2.id, T0);
    expect(await store.supervisorsOf(fx.t.id)).toEqual([sup.id]);
    expect((await store.superviseesOf(sup.id)).sort()).toEqual([fx.t.id, t2.id].sort());
    expect(await store.listSupervisions(fx.p.id)).toEqual(
      expect.arrayContaining([
        { supervisorId: sup.id, therapistId: fx.t.id },
        { supervisorId: sup.id, therapistId: t2.id },
      ]),
    );
    await store.removeSupervision(sup.id, fx.t.id);
    expect(await store.supervisorsOf(fx.t.id)).toEqual([]);
    expect(await store.superviseesOf(sup.id)).toEqual([t2.id]);
  });

  describe('account key', () => {
    it('keeps the account key (made on first use) and stores a re-wrapped one', async () => {
      const key = await store.findAccountKey();
      expect(key).toMatchObject({ wrapped: expect.any(String), masterKeyId: expect.any(String) });
      const user0 = (await store.findUserById(fx.t.id))!;
      w.deps.vault.rotateMasterKey();
      const rewrapped = w.deps.vault.rewrap(key!);
      expect(rewrapped.masterKeyId).not.toBe(key!.masterKeyId);
      await store.updateAccountKey(rewrapped);
      expect(await store.findAccountKey()).toEqual(rewrapped);
      expect(await store.findUserById(fx.t.id)).toEqual(user0); // still opens under the new wrapping
      expect(await store.findUserByEmail(user0.email)).toEqual(user0);
    });
    it('seals accounts and invites written before identities were sealed, once', async () => {
      const legacy = { id: randomUUID(), invite: randomUUID(), email: 'Legacy.Person@Example.org', name: 'Legacy Person' };
      await store.loadTable('users', [
        {
          id: legacy.id,
          practice_id: fx.p.id,
          email_hash: legacy.email,
          email_enc: null,
          display_name_enc: legacy.name,
          password_hash: null,
          roles: 'therapist',
          status: 'active',
          client_id: null,
          totp_secret: null,
          totp_last_step: null,
          mfa_enabled: 0,
          created_at: T0,
          updated_at: T0,
        },
      ]);
      await store.loadTable('invites', [
        {
          id: legacy.invite,
          practice_id: fx.p.id,
          token_hash: `legacy-${legacy.invite}`,
          email_hash: 'Invited@Example.org',
          email_enc: null,
          roles: 'therapist',
          client_id: null,
          created_by: fx.t.id,
          created_at: T0,
          expires_at: at(10_000),
          used_at: null,
        },
      ]);
      const kysely = store as unknown as KyselyStore;
      expect(await kysely.sealAccountIdentities()).toBe(2);
      expect(await store.findUserByEmail('legacy.person@example.org')).toMatchObject({
        id: legacy.id,
        email: 'legacy.person@example.org',
        displayName: legacy.name,
      });
      expect(await store.findInviteByTokenHash(`legacy-${legacy.invite}`)).toMatchObject({ email: 'invited@example.org' });
      expect(await kysely.sealAccountIdentities()).toBe(0);
    });
  });

  it('called every accounts port method on this dialect', () => {
    expect(portMethodsOf(KyselyAccountsStore).filter((m) => !called.has(m))).toEqual([]);
  });
});
