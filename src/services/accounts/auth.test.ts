import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import type { Practice, TestWorld } from '../../../test/support/harness.ts';
import { PASSWORD, makeWorld, seedPractice } from '../../../test/support/harness.ts';
import { DomainError } from '../../domain/errors.ts';
import { base32Decode, hotp, totpStep } from '../../domain/totp.ts';
import {
  beginTotp,
  changePassword,
  reauthenticate,
  recentlyAuthenticated,
  removeSecondFactor,
  resolveSession,
  signIn,
  signOut,
  verifySecondFactor,
} from './auth.ts';
import type { SignedIn } from './auth.ts';
import { acceptInvite, createInvite, updateStaff } from './users.ts';
import { createPractice } from './setup.ts';

/** What a caller sees of a failure: its code and message (or 'ok'). */
const outcome = (p: Promise<unknown>) =>
  p.then(
    () => 'ok' as const,
    (e: unknown) => {
      if (!(e instanceof DomainError)) throw e;
      return { code: e.code, message: e.message };
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

const IP = '203.0.113.7';

describe('signing in', () => {
  it('signs in with the right password and resolves the session from its token', async () => {
    const { token, signedIn } = await signIn(w.deps, p.emails.therapist, PASSWORD, IP);
    expect(signedIn.user.id).toBe(p.therapistId);
    expect(signedIn.mfaPending).toBeNull();
    expect(signedIn.session.idHash).not.toBe(token); // only the hash is stored
    expect((await resolveSession(w.deps, token))?.user.id).toBe(p.therapistId);
    expect(await resolveSession(w.deps, 'not-a-token')).toBeUndefined();
  });

  it('accepts the email in any case and with surrounding spaces', async () => {
    await expect(signIn(w.deps, `  ${p.emails.therapist.toUpperCase()} `, PASSWORD, IP)).resolves.toBeDefined();
  });

  it('answers an unknown email, a wrong password and a disabled account identically (no enumeration)', async () => {
    await updateStaff(w.deps, await p.actor(p.adminId), p.otherTherapistId, { status: 'disabled' });
    const unknown = await outcome(signIn(w.deps, 'nobody@test.accord', PASSWORD, IP));
    const wrong = await outcome(signIn(w.deps, p.emails.therapist, 'wrong password entirely', IP));
    const disabled = await outcome(signIn(w.deps, p.emails.otherTherapist, PASSWORD, IP));
    expect(unknown).toEqual({ code: 'unauthenticated', message: expect.any(String) });
    expect(wrong).toEqual(unknown);
    expect(disabled).toEqual(unknown);
  });

  it('records each sign-in, failed or not, in the audit trail', async () => {
    await signIn(w.deps, p.emails.therapist, PASSWORD, IP);
    await outcome(signIn(w.deps, p.emails.therapist, 'nope nope nope nope', IP));
    await w.deps.audit.settle();
    const logins = (await w.deps.store.listAudit({ limit: 10 })).filter((e) => e.action === 'login');
    expect(logins.map((e) => [e.outcome, e.ip, e.actorId])).toEqual([
      ['denied', IP, p.therapistId],
      ['ok', IP, p.therapistId],
    ]);
  });

  it('does not truncate long passwords: a 200-character password differing only at the end fails', async () => {
    const long =
      Array.from({ length: 30 }, (_, i) => `word${i}`)
        .join(' ')
        .padEnd(200, 'z')
        .slice(0, 199) + 'A';
    expect([...long]).toHaveLength(200);
    const { token } = await createInvite(w.deps, p.adminId, { email: 'long@test.accord', roles: ['therapist'] });
    await acceptInvite(w.deps, token, { displayName: 'Lee Long', password: long });
    await expect(signIn(w.deps, 'long@test.accord', long, IP)).resolves.toBeDefined();
    expect(await outcome(signIn(w.deps, 'long@test.accord', `${long.slice(0, 199)}B`, IP))).toMatchObject({ code: 'unauthenticated' });
    expect(await outcome(signIn(w.deps, 'long@test.accord', long.slice(0, 72), IP))).toMatchObject({ code: 'unauthenticated' });
  });
});

describe('throttling', () => {
  const limit = () => w.deps.security.accountFailures;

  it('after N wrong passwords from one address, that address waits (even with the right password); the owner elsewhere does not', async () => {
    const ATTACKER = '198.51.100.66';
    for (let i = 0; i < limit(); i++)
      expect(await outcome(signIn(w.deps, p.emails.admin, `wrong password ${i} xx`, ATTACKER))).toMatchObject({ code: 'unauthenticated' });
    expect(await outcome(signIn(w.deps, p.emails.admin, PASSWORD, ATTACKER))).toMatchObject({ code: 'rate_limited' });
    // The owner, from their own address, is not locked out by someone guessing elsewhere.
    await expect(signIn(w.deps, p.emails.admin, PASSWORD, IP)).resolves.toBeDefined();
    await expect(signIn(w.deps, p.emails.otherTherapist, PASSWORD, ATTACKER)).resolves.toBeDefined();
    // Backoff: the first wait is short, and each further wrong guess doubles it.
    w.clock.advance(w.deps.security.backoffSeconds / 60);
    expect(await outcome(signIn(w.deps, p.emails.admin, 'another wrong guess', ATTACKER))).toMatchObject({ code: 'unauthenticated' });
    w.clock.advance(w.deps.security.backoffSeconds / 60);
    expect(await outcome(signIn(w.deps, p.emails.admin, PASSWORD, ATTACKER))).toMatchObject({ code: 'rate_limited' });
    w.clock.advance(w.deps.security.backoffSeconds / 60);
    await expect(signIn(w.deps, p.emails.admin, PASSWORD, ATTACKER)).resolves.toBeDefined();
  });

  it('the wait grows with every wrong guess but never beyond the longest wait', async () => {
    for (let i = 0; i < limit() + 12; i++) {
      await outcome(signIn(w.deps, p.emails.therapist, `wrong password ${i} xx`, IP));
      w.clock.advance(w.deps.security.accountLockMinutes);
    }
    expect(await outcome(signIn(w.deps, p.emails.therapist, 'wrong again and again', IP))).toMatchObject({ code: 'unauthenticated' });
    w.clock.advance(w.deps.security.accountLockMinutes - 1);
    expect(await outcome(signIn(w.deps, p.emails.therapist, PASSWORD, IP))).toMatchObject({ code: 'rate_limited' });
    w.clock.advance(1.01);
    await expect(signIn(w.deps, p.emails.therapist, PASSWORD, IP)).resolves.toBeDefined();
  });

  it('locks an unknown email exactly like a known one (no enumeration through the lock)', async () => {
    const results: unknown[] = [];
    for (const email of ['ghost@test.accord', p.emails.therapist]) {
      const seq: unknown[] = [];
      for (let i = 0; i <= limit(); i++) seq.push(await outcome(signIn(w.deps, email, `wrong password ${i} xx`, `192.0.2.${results.length + 1}`)));
      results.push(seq);
    }
    expect(results[0]).toEqual(results[1]);
    expect((results[0] as { code: string }[]).at(-1)).toMatchObject({ code: 'rate_limited' });
  });

  it('throttles an address that tries many accounts, not other addresses', async () => {
    for (let i = 0; i < w.deps.security.addressFailures; i++) await outcome(signIn(w.deps, `guess${i}@test.accord`, 'some wrong password', IP));
    expect(await outcome(signIn(w.deps, p.emails.therapist, PASSWORD, IP))).toMatchObject({ code: 'rate_limited' });
    await expect(signIn(w.deps, p.emails.therapist, PASSWORD, '198.51.100.9')).resolves.toBeDefined();
    w.clock.advance(w.deps.security.addressWindowMinutes + 1);
    await expect(signIn(w.deps, p.emails.therapist, PASSWORD, IP)).resolves.toBeDefined();
  });

  it('a successful sign-in clears the account’s failure count', async () => {
    for (let i = 0; i < limit() - 1; i++) await outcome(signIn(w.deps, p.emails.therapist, 'wrong password xx yy', IP));
    await signIn(w.deps, p.emails.therapist, PASSWORD, IP);
    for (let i = 0; i < limit() - 1; i++) await outcome(signIn(w.deps, p.emails.therapist, 'wrong password xx yy', IP));
    await expect(signIn(w.deps, p.emails.therapist, PASSWORD, IP)).resolves.toBeDefined();
  });
});

describe('session lifetime', () => {
  it('ends a session idle for 30 minutes; activity slides the window', async () => {
    const { token } = await signIn(w.deps, p.emails.therapist, PASSWORD, IP);
    w.clock.advance(29);
    expect(await resolveSession(w.deps, token)).toBeDefined();
    w.clock.advance(29); // 58 minutes after sign-in, 29 after the last activity
    expect(await resolveSession(w.deps, token)).toBeDefined();
    w.clock.advance(30.01);
    expect(await resolveSession(w.deps, token)).toBeUndefined();
    // Gone for good, not merely refused.
    w.clock.advance(-60);
    expect(await resolveSession(w.deps, token)).toBeUndefined();
  });

  it('ends a session 12 hours after sign-in however active it is', async () => {
    const { token } = await signIn(w.deps, p.emails.therapist, PASSWORD, IP);
    for (let m = 0; m < 12 * 60 - 20; m += 20) {
      w.clock.advance(20);
      expect(await resolveSession(w.deps, token), `at ${m + 20} min`).toBeDefined();
    }
    w.clock.advance(20);
    expect(await resolveSession(w.deps, token)).toBeUndefined();
  });

  it('signing out ends the session at once', async () => {
    const { token } = await signIn(w.deps, p.emails.therapist, PASSWORD, IP);
    const other = await signIn(w.deps, p.emails.therapist, PASSWORD, IP);
    await signOut(w.deps, token);
    expect(await resolveSession(w.deps, token)).toBeUndefined();
    expect(await resolveSession(w.deps, other.token)).toBeDefined(); // only that session
  });

  it('disabling a user ends every session of theirs at once', async () => {
    const a = await signIn(w.deps, p.emails.therapist, PASSWORD, IP);
    const b = await signIn(w.deps, p.emails.therapist, PASSWORD, '198.51.100.2');
    await updateStaff(w.deps, await p.actor(p.adminId), p.therapistId, { status: 'disabled' });
    expect(await w.deps.store.findAuthSession(a.signedIn.session.idHash)).toBeUndefined();
    expect(await resolveSession(w.deps, a.token)).toBeUndefined();
    expect(await resolveSession(w.deps, b.token)).toBeUndefined();
  });

  it('a session whose user was disabled behind its back (another instance) is refused', async () => {
    const { token } = await signIn(w.deps, p.emails.therapist, PASSWORD, IP);
    await w.deps.store.updateUser(p.therapistId, { status: 'disabled' });
    expect(await resolveSession(w.deps, token)).toBeUndefined();
  });
});

describe('second factor', () => {
  async function codeFor(userId: string, offsetSteps = 0): Promise<string> {
    const u = (await w.deps.store.findUserById(userId))!;
    const secret = base32Decode(w.deps.vault.openSecret(u.totpSecret!, `users:${u.id}:totp`));
    return hotp(secret, totpStep(w.clock.now()) + offsetSteps);
  }
  async function refreshed(si: SignedIn, token: string): Promise<SignedIn> {
    return (await resolveSession(w.deps, token))!;
  }

  it('is required for admins by default: a new practice’s admin must enrol before anything else', async () => {
    const fresh = await makeWorld();
    try {
      await createPractice(fresh.deps, {
        token: null,
        practiceName: 'Fresh',
        timeZone: 'UTC',
        adminEmail: 'boss@test.accord',
        adminName: 'Bo Boss',
        password: PASSWORD,
      });
      const { signedIn } = await signIn(fresh.deps, 'boss@test.accord', PASSWORD, IP);
      expect(signedIn.mfaPending).toBe('enrol');
    } finally {
      await fresh.close();
    }
  });

  it('enrols with a first code, then asks for a code at every sign-in', async () => {
    await w.deps.store.updatePractice((await w.deps.store.findPractice())!.id, { requireMfaAdmin: true });
    let { token, signedIn } = await signIn(w.deps, p.emails.admin, PASSWORD, IP);
    expect(signedIn.mfaPending).toBe('enrol');
    const { secret, uri } = await beginTotp(w.deps, signedIn);
    expect(uri).toContain(`secret=${secret}`);
    // The secret is sealed in the database, never stored in the clear.
    expect((await w.deps.store.findUserById(p.adminId))!.totpSecret).not.toContain(secret);
    ({ token } = await verifySecondFactor(w.deps, signedIn, await codeFor(p.adminId), IP));
    signedIn = await refreshed(signedIn, token);
    expect(signedIn.mfaPending).toBeNull();
    expect(signedIn.user.mfaEnabled).toBe(true);

    w.clock.advance(1);
    ({ token, signedIn } = await signIn(w.deps, p.emails.admin, PASSWORD, IP));
    expect(signedIn.mfaPending).toBe('verify');
    const after = await verifySecondFactor(w.deps, signedIn, await codeFor(p.adminId), IP);
    expect((await refreshed(signedIn, after.token)).mfaPending).toBeNull();
  });

  it('a staff member who enrols is asked for the code even when the practice does not require it', async () => {
    const { signedIn } = await signIn(w.deps, p.emails.therapist, PASSWORD, IP);
    await beginTotp(w.deps, signedIn);
    await verifySecondFactor(w.deps, signedIn, await codeFor(p.therapistId), IP);
    w.clock.advance(1);
    expect((await signIn(w.deps, p.emails.therapist, PASSWORD, IP)).signedIn.mfaPending).toBe('verify');
  });

  it('refuses a replayed code and a wrong code, and locks after repeated wrong codes', async () => {
    const first = await signIn(w.deps, p.emails.therapist, PASSWORD, IP);
    await beginTotp(w.deps, first.signedIn);
    const code = await codeFor(p.therapistId);
    await verifySecondFactor(w.deps, first.signedIn, code, IP);
    const second = await signIn(w.deps, p.emails.therapist, PASSWORD, IP);
    expect(await outcome(verifySecondFactor(w.deps, second.signedIn, code, IP))).toMatchObject({ code: 'unauthenticated' });
    expect((await resolveSession(w.deps, second.token))!.mfaPending).toBe('verify');
    const wrong = (await codeFor(p.therapistId)) === '000000' ? '111111' : '000000';
    for (let i = 1; i < w.deps.security.accountFailures; i++) await outcome(verifySecondFactor(w.deps, second.signedIn, wrong, IP));
    // Now locked: even the next valid code is refused.
    w.clock.advance(0.5);
    expect(await outcome(verifySecondFactor(w.deps, second.signedIn, await codeFor(p.therapistId), IP))).toMatchObject({ code: 'rate_limited' });
  });

  it('completing the second factor replaces the session: a new id and anti-forgery token, the old id no longer works', async () => {
    await w.deps.store.updatePractice((await w.deps.store.findPractice())!.id, { requireMfaAdmin: true });
    const before = await signIn(w.deps, p.emails.admin, PASSWORD, IP);
    await beginTotp(w.deps, before.signedIn);
    const { token } = await verifySecondFactor(w.deps, before.signedIn, await codeFor(p.adminId), IP);
    expect(token).not.toBe(before.token);
    expect(await resolveSession(w.deps, before.token)).toBeUndefined();
    const after = (await resolveSession(w.deps, token))!;
    expect(after).toMatchObject({ mfaPending: null, user: { id: p.adminId } });
    expect(after.session.csrfToken).not.toBe(before.signedIn.session.csrfToken);
    expect(after.session.expiresAt).toBe(before.signedIn.session.expiresAt); // the absolute limit still counts from sign-in
  });

  it('refuses to start a second enrolment while one is active', async () => {
    const { signedIn } = await signIn(w.deps, p.emails.therapist, PASSWORD, IP);
    await beginTotp(w.deps, signedIn);
    const { token } = await verifySecondFactor(w.deps, signedIn, await codeFor(p.therapistId), IP);
    expect(await outcome(beginTotp(w.deps, (await resolveSession(w.deps, token))!))).toMatchObject({ code: 'conflict' });
  });

  it('removing the factor needs a recent re-authentication and is refused when the practice requires one', async () => {
    const { signedIn } = await signIn(w.deps, p.emails.therapist, PASSWORD, IP);
    await beginTotp(w.deps, signedIn);
    const { token } = await verifySecondFactor(w.deps, signedIn, await codeFor(p.therapistId), IP);
    w.clock.advance(w.deps.security.reauthMinutes + 1);
    let si = (await resolveSession(w.deps, token))!;
    expect(await outcome(removeSecondFactor(w.deps, si))).toMatchObject({ code: 'reauth_required' });
    // The account has a second factor: the password alone, or with a wrong code, does not re-authenticate.
    expect(await outcome(reauthenticate(w.deps, si, PASSWORD, IP))).toMatchObject({ code: 'unauthenticated' });
    expect(await outcome(reauthenticate(w.deps, si, PASSWORD, IP, '000000'))).toMatchObject({ code: 'unauthenticated' });
    expect(await outcome(removeSecondFactor(w.deps, (await resolveSession(w.deps, token))!))).toMatchObject({ code: 'reauth_required' });
    await reauthenticate(w.deps, si, PASSWORD, IP, await codeFor(p.therapistId));
    si = (await resolveSession(w.deps, token))!;
    await w.deps.store.updatePractice((await w.deps.store.findPractice())!.id, { requireMfaStaff: true });
    expect(await outcome(removeSecondFactor(w.deps, si))).toMatchObject({ code: 'forbidden' });
    await w.deps.store.updatePractice((await w.deps.store.findPractice())!.id, { requireMfaStaff: false });
    await removeSecondFactor(w.deps, si);
    expect(await w.deps.store.findUserById(p.therapistId)).toMatchObject({ mfaEnabled: false, totpSecret: null });
  });
});

describe('re-authentication', () => {
  it('is recent right after sign-in, lapses after the window, and is renewed by the password', async () => {
    const { token, signedIn } = await signIn(w.deps, p.emails.therapist, PASSWORD, IP);
    expect(recentlyAuthenticated(w.deps, signedIn)).toBe(true);
    w.clock.advance(w.deps.security.reauthMinutes + 1);
    let si = (await resolveSession(w.deps, token))!;
    expect(recentlyAuthenticated(w.deps, si)).toBe(false);
    expect(await outcome(reauthenticate(w.deps, si, 'not my password at all', IP))).toMatchObject({ code: 'unauthenticated' });
    expect(recentlyAuthenticated(w.deps, (await resolveSession(w.deps, token))!)).toBe(false);
    await reauthenticate(w.deps, si, PASSWORD, IP);
    si = (await resolveSession(w.deps, token))!;
    expect(recentlyAuthenticated(w.deps, si)).toBe(true);
  });
});

describe('password checks of a signed-in person are throttled like sign-in', () => {
  it('re-authentication: after 40 wrong passwords even the right one is refused, until the wait is over', async () => {
    const { token, signedIn } = await signIn(w.deps, p.emails.therapist, PASSWORD, IP);
    const codes = [];
    for (let i = 0; i < 40; i++) codes.push((await outcome(reauthenticate(w.deps, signedIn, `wrong guess number ${i}`, IP))) as { code: string });
    expect(codes.slice(0, w.deps.security.accountFailures).every((c) => c.code === 'unauthenticated')).toBe(true);
    expect(codes.at(-1)).toMatchObject({ code: 'rate_limited' });
    // Guesses made while waiting are refused unread; once the wait is over the right password works.
    w.clock.advance(w.deps.security.backoffSeconds / 60);
    await reauthenticate(w.deps, signedIn, PASSWORD, IP);
    expect(recentlyAuthenticated(w.deps, (await resolveSession(w.deps, token))!)).toBe(true);
  });

  it('changing the password: wrong current passwords are counted and then refused, the right one too', async () => {
    const { signedIn } = await signIn(w.deps, p.emails.therapist, PASSWORD, IP);
    for (let i = 0; i < 40; i++) await outcome(changePassword(w.deps, signedIn, `wrong guess number ${i}`, 'a brand new passphrase', IP));
    expect(await outcome(changePassword(w.deps, signedIn, PASSWORD, 'a brand new passphrase', IP))).toMatchObject({ code: 'rate_limited' });
    await expect(signIn(w.deps, p.emails.therapist, PASSWORD, '198.51.100.3')).resolves.toBeDefined(); // unchanged
  });

  it('wrong sign-ins and wrong re-authentications from one address share one count', async () => {
    const { signedIn } = await signIn(w.deps, p.emails.therapist, PASSWORD, IP);
    for (let i = 0; i < w.deps.security.accountFailures; i++) await outcome(signIn(w.deps, p.emails.therapist, `wrong password ${i} xx`, IP));
    expect(await outcome(reauthenticate(w.deps, signedIn, PASSWORD, IP))).toMatchObject({ code: 'rate_limited' });
  });
});

describe('changing the password', () => {
  it('accepting an invite refuses the invited email as the password', async () => {
    const { token } = await createInvite(w.deps, p.adminId, { email: 'alex.morgan@example-practice.org', roles: ['therapist'] });
    expect(await outcome(acceptInvite(w.deps, token, { displayName: 'Alex Morgan', password: 'Alex.Morgan@Example-Practice.org' }))).toMatchObject({
      code: 'weak_password',
    });
    expect(await w.deps.store.findUserByEmail('alex.morgan@example-practice.org')).toBeUndefined();
  });

  it('refuses the person’s own email (and with a year added) as the new password', async () => {
    const { signedIn } = await signIn(w.deps, p.emails.therapist, PASSWORD, IP);
    expect(await outcome(changePassword(w.deps, signedIn, PASSWORD, 'theo@test.accord.2026!'))).toMatchObject({ code: 'weak_password' });
    expect(await outcome(changePassword(w.deps, signedIn, PASSWORD, 'THEO@TEST.ACCORD THEO'))).toMatchObject({ code: 'weak_password' });
  });

  it('needs the current password, applies the policy, and ends every session', async () => {
    const a = await signIn(w.deps, p.emails.therapist, PASSWORD, IP);
    const b = await signIn(w.deps, p.emails.therapist, PASSWORD, IP);
    expect(await outcome(changePassword(w.deps, a.signedIn, 'wrong current password', 'a brand new passphrase'))).toMatchObject({ code: 'unauthenticated' });
    expect(await outcome(changePassword(w.deps, a.signedIn, PASSWORD, 'password12345678'))).toMatchObject({ code: 'weak_password' });
    expect(await resolveSession(w.deps, b.token)).toBeDefined(); // nothing changed yet
    await changePassword(w.deps, a.signedIn, PASSWORD, 'a brand new passphrase');
    expect(await resolveSession(w.deps, a.token)).toBeUndefined();
    expect(await resolveSession(w.deps, b.token)).toBeUndefined();
    expect(await outcome(signIn(w.deps, p.emails.therapist, PASSWORD, IP))).toMatchObject({ code: 'unauthenticated' });
    await expect(signIn(w.deps, p.emails.therapist, 'a brand new passphrase', IP)).resolves.toBeDefined();
  });
});
