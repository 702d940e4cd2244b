import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import type { Practice, TestWorld } from '../../../test/support/harness.ts';
import { PASSWORD, makeWorld, seedPractice } from '../../../test/support/harness.ts';
import { DomainError } from '../../domain/errors.ts';
import {
  acceptInvite,
  assignSupervisor,
  createInvite,
  inspectInvite,
  listOpenInvites,
  listStaff,
  listSupervisions,
  removeSupervisor,
  setPortalStatus,
  updateStaff,
} from './users.ts';
import { createClient } from '../people/clients.ts';
import { resolveSession, signIn } from './auth.ts';
import { createPractice, issueSetupToken, needsSetup } from './setup.ts';

const code = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: unknown) => {
      if (e instanceof DomainError) return e.code;
      throw e;
    },
  );

let w: TestWorld;
let p: Practice;
beforeEach(async () => {
  w = await makeWorld();
  p = await seedPractice(w.deps);
});
afterEach(async () => {
  await w.close();
});

describe('invites', () => {
  it('a staff invite is inspected, accepted once, and then refused (replay)', async () => {
    const { token, invite } = await createInvite(w.deps, p.adminId, { email: 'New.Person@Test.Accord', roles: ['therapist', 'supervisor'] });
    expect(invite.email).toBe('new.person@test.accord');
    expect(invite.tokenHash).not.toBe(token);
    expect(await inspectInvite(w.deps, token)).toEqual({ email: 'new.person@test.accord', roles: ['therapist', 'supervisor'], practiceName: 'Test Practice' });
    const u = await acceptInvite(w.deps, token, { displayName: 'New Person', password: PASSWORD });
    expect(u.roles).toEqual(['therapist', 'supervisor']);
    expect(await code(acceptInvite(w.deps, token, { displayName: 'Again', password: PASSWORD }))).toBe('invite_invalid');
    expect(await code(inspectInvite(w.deps, token))).toBe('invite_invalid');
    expect((await listStaff(w.deps)).filter((s) => s.email === 'new.person@test.accord')).toHaveLength(1);
  });

  it('two simultaneous acceptances of one invite create one account', async () => {
    const { token } = await createInvite(w.deps, p.adminId, { email: 'race@test.accord', roles: ['therapist'] });
    const results = await Promise.all([1, 2, 3].map((i) => code(acceptInvite(w.deps, token, { displayName: `Racer ${i}`, password: PASSWORD }))));
    expect(results.filter((r) => r === 'ok')).toHaveLength(1);
    expect(results.filter((r) => r !== 'ok').every((r) => r === 'invite_invalid' || r === 'conflict')).toBe(true);
  });

  it('expires after the invite lifetime', async () => {
    const { token } = await createInvite(w.deps, p.adminId, { email: 'late@test.accord', roles: ['therapist'] });
    w.clock.advance(w.deps.security.inviteDays * 24 * 60 - 1);
    expect(await code(inspectInvite(w.deps, token))).toBe('ok');
    w.clock.advance(2);
    expect(await code(acceptInvite(w.deps, token, { displayName: 'Late', password: PASSWORD }))).toBe('invite_invalid');
    expect(await w.deps.store.findUserByEmail('late@test.accord')).toBeUndefined();
  });

  it('refuses a weak password and leaves the invite usable', async () => {
    const { token } = await createInvite(w.deps, p.adminId, { email: 'weak@test.accord', roles: ['therapist'] });
    expect(await code(acceptInvite(w.deps, token, { displayName: 'Weak', password: 'short' }))).toBe('weak_password');
    expect(await code(acceptInvite(w.deps, token, { displayName: 'Weak', password: 'weak weak weak weak' }))).not.toBe('ok');
    expect(await code(acceptInvite(w.deps, token, { displayName: 'Weak', password: PASSWORD }))).toBe('ok');
  });

  it('refuses an invite for an existing email, a client with staff roles, or no role', async () => {
    expect(await code(createInvite(w.deps, p.adminId, { email: p.emails.therapist.toUpperCase(), roles: ['therapist'] }))).toBe('conflict');
    expect(await code(createInvite(w.deps, p.adminId, { email: 'x@test.accord', roles: ['client', 'therapist'] }))).toBe('invalid_input');
    expect(await code(createInvite(w.deps, p.adminId, { email: 'x@test.accord', roles: [] }))).toBe('invalid_input');
  });

  it('a client invite makes a portal account tied to the client; open staff invites exclude it', async () => {
    const c = await createClient(w.deps, p.therapistId, { name: 'Portal Person', contact: { email: null, phone: null, dateOfBirth: null } });
    const { token } = await createInvite(w.deps, p.therapistId, { email: 'portal@example.org', roles: ['client'], clientId: c.id });
    await createInvite(w.deps, p.adminId, { email: 'staffer@test.accord', roles: ['supervisor'] });
    expect((await listOpenInvites(w.deps)).map((i) => i.email)).toEqual(['staffer@test.accord']);
    const u = await acceptInvite(w.deps, token, { displayName: 'Portal', password: PASSWORD });
    expect(u).toMatchObject({ roles: ['client'], clientId: c.id });
    expect((await listStaff(w.deps)).map((s) => s.id)).not.toContain(u.id);
    // A second portal account for the same client is refused.
    const again = await createInvite(w.deps, p.therapistId, { email: 'portal2@example.org', roles: ['client'], clientId: c.id });
    expect(await code(acceptInvite(w.deps, again.token, { displayName: 'Two', password: PASSWORD }))).toBe('conflict');
  });
});

describe('staff', () => {
  it('keeps at least one active admin', async () => {
    const admin = await p.actor(p.adminId);
    expect(await code(updateStaff(w.deps, admin, p.adminId, { status: 'disabled' }))).toBe('conflict');
    expect(await code(updateStaff(w.deps, admin, p.adminId, { roles: ['therapist'] }))).toBe('conflict');
    await updateStaff(w.deps, admin, p.therapistId, { roles: ['therapist', 'admin'] });
    expect(await code(updateStaff(w.deps, admin, p.adminId, { status: 'disabled' }))).toBe('ok');
  });

  it('does not take the therapist role from someone with active clients', async () => {
    await createClient(w.deps, p.therapistId, { name: 'Held Client', contact: { email: null, phone: null, dateOfBirth: null } });
    expect(await code(updateStaff(w.deps, await p.actor(p.adminId), p.therapistId, { roles: ['supervisor'] }))).toBe('conflict');
    expect(await code(updateStaff(w.deps, await p.actor(p.adminId), p.otherTherapistId, { roles: ['supervisor'] }))).toBe('ok');
  });

  it('refuses client roles for staff and unknown or client users', async () => {
    const admin = await p.actor(p.adminId);
    expect(await code(updateStaff(w.deps, admin, p.therapistId, { roles: ['client'] }))).toBe('invalid_input');
    expect(await code(updateStaff(w.deps, admin, '01900000-0000-7000-8000-000000000000', { status: 'disabled' }))).toBe('not_found');
  });

  it('re-enabling lets the user sign in again; their old sessions stay ended', async () => {
    const admin = await p.actor(p.adminId);
    const { token } = await signIn(w.deps, p.emails.therapist, PASSWORD, null);
    await updateStaff(w.deps, admin, p.therapistId, { status: 'disabled' });
    await updateStaff(w.deps, admin, p.therapistId, { status: 'active' });
    expect(await resolveSession(w.deps, token)).toBeUndefined();
    await expect(signIn(w.deps, p.emails.therapist, PASSWORD, null)).resolves.toBeDefined();
  });

  it('disabling a client’s portal account ends their sessions', async () => {
    const c = await createClient(w.deps, p.therapistId, { name: 'Portal Two', contact: { email: null, phone: null, dateOfBirth: null } });
    const { token } = await createInvite(w.deps, p.therapistId, { email: 'p2@example.org', roles: ['client'], clientId: c.id });
    await acceptInvite(w.deps, token, { displayName: 'P2', password: PASSWORD });
    const s = await signIn(w.deps, 'p2@example.org', PASSWORD, null);
    await setPortalStatus(w.deps, await p.actor(p.therapistId), c.id, 'disabled');
    expect(await resolveSession(w.deps, s.token)).toBeUndefined();
    expect(await code(signIn(w.deps, 'p2@example.org', PASSWORD, null))).toBe('unauthenticated');
  });
});

describe('supervision', () => {
  it('assigns and removes supervisors, checking roles', async () => {
    const admin = await p.actor(p.adminId);
    await assignSupervisor(w.deps, admin, p.otherSupervisorId, p.otherTherapistId);
    expect(await listSupervisions(w.deps)).toEqual(expect.arrayContaining([{ supervisorId: p.otherSupervisorId, therapistId: p.otherTherapistId }]));
    await removeSupervisor(w.deps, admin, p.otherSupervisorId, p.otherTherapistId);
    expect(await w.deps.store.supervisorsOf(p.otherTherapistId)).toEqual([]);
    expect(await code(assignSupervisor(w.deps, admin, p.therapistId, p.otherTherapistId))).toBe('invalid_input');
    expect(await code(assignSupervisor(w.deps, admin, p.supervisorId, p.supervisorId))).toBe('invalid_input');
  });
});

describe('first-run set-up', () => {
  it('issues a one-time token, creates the practice once, then refuses', async () => {
    const fresh = await makeWorld();
    try {
      expect(await needsSetup(fresh.deps)).toBe(true);
      const token = (await issueSetupToken(fresh.deps))!;
      const input = { practiceName: 'Hill Practice', timeZone: 'Europe/Berlin', adminEmail: 'h@test.accord', adminName: 'Hedda', password: PASSWORD };
      expect(await code(createPractice(fresh.deps, { ...input, token: 'wrong-token-xyz' }))).toBe('invite_invalid');
      expect(await code(createPractice(fresh.deps, { ...input, timeZone: 'Mars/Olympus', token }))).toBe('invalid_input');
      expect(await code(createPractice(fresh.deps, { ...input, password: 'password12345678', token }))).toBe('weak_password');
      expect(await needsSetup(fresh.deps)).toBe(true);
      expect(await code(createPractice(fresh.deps, { ...input, token }))).toBe('ok');
      expect(await code(createPractice(fresh.deps, { ...input, token }))).toBe('setup_done');
      expect(await issueSetupToken(fresh.deps)).toBeNull();
      expect(await fresh.deps.store.findPractice()).toMatchObject({ name: 'Hill Practice', requireMfaAdmin: true, requireMfaStaff: true });
    } finally {
      await fresh.close();
    }
  });
});
