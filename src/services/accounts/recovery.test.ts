/**
 * Recovery: codes issued at enrolment (shown once, stored hashed, one use each), signing in with one,
 * and reset links that replace one factor — a password link leaves the second factor in place, a
 * second-factor link needs the current password — each used once and every step audited. Also the
 * practice's second-factor rule: on for a new practice unless set-up says otherwise.
 */
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import type { Practice, TestWorld } from '../../../test/support/harness.ts';
import { PASSWORD, makeWorld, seedPractice } from '../../../test/support/harness.ts';
import { base32Decode, hotp, totpStep } from '../../domain/totp.ts';
import type { SignedIn } from './auth.ts';
import { beginTotp, regenerateRecoveryCodes, resolveSession, signIn, signInWithRecoveryCode, verifySecondFactor, recoveryCodesLeft } from './auth.ts';
import { completeAccountReset, createAccountReset, inspectAccountReset } from './recovery.ts';
import { createPractice } from './setup.ts';
import { readAuditTrail } from '../audit-trail.ts';

const IP = '203.0.113.7';
let w: TestWorld;
let p: Practice;

beforeEach(async () => {
  w = await makeWorld();
  p = await seedPractice(w.deps);
});
afterEach(async () => {
  await w.close();
});

async function codeNow(userId: string): Promise<string> {
  const u = (await w.deps.store.findUserById(userId))!;
  return hotp(base32Decode(w.deps.vault.openSecret(u.totpSecret!, `users:${u.id}:totp`)), totpStep(w.clock.now()));
}

/** The therapist signs in and enrols an authenticator; returns the recovery codes shown. */
async function enrol(): Promise<string[]> {
  const { token } = await signIn(w.deps, p.emails.therapist, PASSWORD, IP);
  const si = (await resolveSession(w.deps, token))!;
  const t = await beginTotp(w.deps, si);
  expect(t.qrSvg).toMatch(/^<svg[^>]*>.*<\/svg>\s*$/s);
  const r = await verifySecondFactor(w.deps, si, await codeNow(p.therapistId), IP);
  return r.recoveryCodes!;
}

async function pendingSignIn(): Promise<SignedIn> {
  const { token, signedIn } = await signIn(w.deps, p.emails.therapist, PASSWORD, IP);
  expect(signedIn.mfaPending).toBe('verify');
  return (await resolveSession(w.deps, token))!;
}

async function actions(): Promise<string[]> {
  return (await readAuditTrail(w.deps, { limit: 200 })).map((e) => `${e.action}:${e.outcome}`);
}

describe('recovery codes', () => {
  it('are issued once, at enrolment: ten distinct codes, kept only as hashes', async () => {
    const codes = await enrol();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    const si = await pendingSignIn();
    // A later code check (a sign-in) issues none.
    w.clock.advance(1);
    expect((await verifySecondFactor(w.deps, si, await codeNow(p.therapistId), IP)).recoveryCodes).toBeUndefined();
    expect(await actions()).toContain('mfa.enrol:ok');
  });

  it('complete a sign-in once each, whatever their case and spacing; a wrong or used one is refused and audited', async () => {
    const codes = await enrol();
    const si = await pendingSignIn();
    await expect(signInWithRecoveryCode(w.deps, si, 'aaaa-bbbb-cccc-dddd', IP)).rejects.toMatchObject({ code: 'unauthenticated' });
    const { token, remaining } = await signInWithRecoveryCode(w.deps, si, ` ${codes[0]!.toUpperCase().replace(/-/g, ' ')} `, IP);
    expect(remaining).toBe(9);
    expect((await resolveSession(w.deps, token))!.mfaPending).toBeNull();
    expect(await resolveSession(w.deps, (await signIn(w.deps, p.emails.therapist, PASSWORD, IP)).token)).toMatchObject({ mfaPending: 'verify' });
    const again = await pendingSignIn();
    await expect(signInWithRecoveryCode(w.deps, again, codes[0]!, IP)).rejects.toMatchObject({ code: 'unauthenticated' });
    expect(await actions()).toEqual(expect.arrayContaining(['mfa.recovery:ok', 'mfa.recovery:denied']));
  });

  it('are throttled like authenticator codes', async () => {
    await enrol();
    const si = await pendingSignIn();
    for (let i = 0; i < 5; i++)
      await expect(signInWithRecoveryCode(w.deps, si, `wrong-code-${i}xyz-abcd`, IP)).rejects.toMatchObject({ code: 'unauthenticated' });
    await expect(signInWithRecoveryCode(w.deps, si, 'wrong-code-9xyz-abcd', IP)).rejects.toMatchObject({ code: 'rate_limited' });
  });

  it('can be replaced after a fresh re-authentication; the old ones stop working', async () => {
    const old = await enrol();
    const { token } = await signIn(w.deps, p.emails.therapist, PASSWORD, IP);
    let si = (await resolveSession(w.deps, token))!;
    w.clock.advance(1);
    const t2 = await verifySecondFactor(w.deps, si, await codeNow(p.therapistId), IP);
    si = (await resolveSession(w.deps, t2.token))!;
    w.clock.advance(11);
    await expect(regenerateRecoveryCodes(w.deps, si)).rejects.toMatchObject({ code: 'reauth_required' });
    await w.deps.store.touchAuthSession(si.session.idHash, { reauthAt: w.clock.now().toISOString() });
    si = (await resolveSession(w.deps, t2.token))!;
    const fresh = await regenerateRecoveryCodes(w.deps, si);
    expect(fresh).toHaveLength(10);
    expect(await recoveryCodesLeft(w.deps, si)).toBe(10);
    const pending = await pendingSignIn();
    await expect(signInWithRecoveryCode(w.deps, pending, old[1]!, IP)).rejects.toMatchObject({ code: 'unauthenticated' });
    await signInWithRecoveryCode(w.deps, pending, fresh[1]!, IP);
  });
});

describe('reset links', () => {
  it('a password link sets a new password once, ends the person’s sessions, and leaves the second factor in place', async () => {
    await enrol();
    const admin = await p.actor(p.adminId);
    const adminSession = { ...admin, session: { reauthAt: w.clock.now().toISOString() } } as SignedIn;
    const before = await signIn(w.deps, p.emails.therapist, PASSWORD, IP);
    const r = await createAccountReset(w.deps, adminSession, p.therapistId, 'password');
    expect(r.emailed).toBe(false);
    expect(await inspectAccountReset(w.deps, r.token)).toEqual({ kind: 'password', email: p.emails.therapist, practiceName: 'Test Practice' });
    await expect(completeAccountReset(w.deps, r.token, { newPassword: 'short' }, IP)).rejects.toMatchObject({ code: 'weak_password' });
    await completeAccountReset(w.deps, r.token, { newPassword: 'a completely new passphrase' }, IP);
    await expect(completeAccountReset(w.deps, r.token, { newPassword: 'another completely new passphrase' }, IP)).rejects.toMatchObject({
      code: 'invite_invalid',
    });
    expect(await resolveSession(w.deps, before.token)).toBeUndefined();
    await expect(signIn(w.deps, p.emails.therapist, PASSWORD, IP)).rejects.toMatchObject({ code: 'unauthenticated' });
    const after = await signIn(w.deps, p.emails.therapist, 'a completely new passphrase', IP);
    expect(after.signedIn.mfaPending).toBe('verify');
    expect(await actions()).toEqual(expect.arrayContaining(['account.reset.create:ok', 'account.reset.password:ok']));
  });

  it('a second-factor link needs the current password, then removes the authenticator and its codes', async () => {
    const codes = await enrol();
    const r = await createAccountReset(w.deps, null, p.therapistId, 'second_factor');
    await expect(completeAccountReset(w.deps, r.token, {}, IP)).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(completeAccountReset(w.deps, r.token, { password: 'not the password at all' }, IP)).rejects.toMatchObject({ code: 'unauthenticated' });
    expect((await w.deps.store.findUserById(p.therapistId))!.mfaEnabled).toBe(true);
    await completeAccountReset(w.deps, r.token, { password: PASSWORD }, IP);
    const u = (await w.deps.store.findUserById(p.therapistId))!;
    expect(u).toMatchObject({ mfaEnabled: false, totpSecret: null });
    expect(await w.deps.store.countRecoveryCodes(p.therapistId)).toBe(0);
    // The practice requires a second factor for staff: the next sign-in enrols a new one.
    await w.deps.store.updatePractice(u.practiceId, { requireMfaStaff: true });
    expect((await signIn(w.deps, p.emails.therapist, PASSWORD, IP)).signedIn.mfaPending).toBe('enrol');
    expect(codes).toHaveLength(10);
    expect(await actions()).toEqual(expect.arrayContaining(['account.reset.second_factor:denied', 'account.reset.second_factor:ok']));
  });

  it('are refused to an admin who has not confirmed their password lately, for themselves, and for a person without a second factor', async () => {
    const admin = await p.actor(p.adminId);
    const stale = { ...admin, session: { reauthAt: '2026-03-02T08:00:00.000Z' } } as SignedIn;
    const fresh = { ...admin, session: { reauthAt: w.clock.now().toISOString() } } as SignedIn;
    await expect(createAccountReset(w.deps, stale, p.therapistId, 'password')).rejects.toMatchObject({ code: 'reauth_required' });
    await expect(createAccountReset(w.deps, fresh, p.adminId, 'password')).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(createAccountReset(w.deps, fresh, p.therapistId, 'second_factor')).rejects.toMatchObject({ code: 'conflict' });
    const r = await createAccountReset(w.deps, fresh, p.therapistId, 'password');
    w.clock.advance(24 * 60 + 1);
    await expect(inspectAccountReset(w.deps, r.token)).rejects.toMatchObject({ code: 'invite_invalid' });
  });
});

describe('the practice’s second-factor rule', () => {
  it('is on for every staff member of a new practice unless set-up turns it off', async () => {
    for (const [requireSecondFactor, expected] of [
      [undefined, true],
      [false, false],
    ] as const) {
      const fresh = await makeWorld();
      try {
        await createPractice(fresh.deps, {
          token: null,
          practiceName: 'Fresh',
          timeZone: 'UTC',
          adminEmail: 'boss@test.accord',
          adminName: 'Bo Boss',
          password: PASSWORD,
          requireSecondFactor,
        });
        expect((await fresh.deps.store.findPractice())!.requireMfaStaff).toBe(expected);
      } finally {
        await fresh.close();
      }
    }
  });
});
