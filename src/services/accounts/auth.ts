/**
 * Signing in and out, server-side sessions, throttling, re-authentication and the TOTP second
 * factor. Session ids are random bearer tokens held in an HttpOnly cookie; the database keeps
 * only their hash, so a database leak does not leak live sessions.
 */
import { randomBytes } from 'node:crypto';
import { DomainError } from '../../domain/errors.ts';
import type { Role } from '../../domain/people.ts';
import { checkPassword } from '../../domain/password-policy.ts';
import { base32Decode, base32Encode, totpUri, verifyTotp } from '../../domain/totp.ts';
import type { Caller } from '../../domain/access.ts';
import type { Deps } from '../deps.ts';
import { addMinutes, iso } from '../deps.ts';
import type { AuthSessionRow, PracticeRow, UserRow } from '../ports.ts';
import { tokenHash } from './tokens.ts';
import { keepSecret } from '../clinical-text.ts';
import QRCode from 'qrcode';

/** How many recovery codes enrolment issues. */
export const RECOVERY_CODES = 10;
const CODE_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/**
 * Ten one-time recovery codes of 16 characters from a 31-letter alphabet (about 79 bits each), in
 * groups of four. They are shown once and stored only as hashes (their entropy makes a plain hash
 * enough: guessing one is out of reach even offline).
 */
function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODES }, () => {
    const bytes = randomBytes(16);
    const chars = [...bytes].map((b) => CODE_ALPHABET[b % CODE_ALPHABET.length]!).join('');
    return chars.match(/.{4}/g)!.join('-');
  });
}

/** The hash a recovery code is kept and looked up by; spaces, dashes and case do not matter. */
export const recoveryCodeHash = (code: string): string => tokenHash(`recovery:${code.toLowerCase().replace(/[^a-z0-9]/g, '')}`);

/** A hash of a random password, verified against when the account does not exist (equal timing). */
let decoyHash: string | null = null;

export type SignedIn = {
  user: UserRow;
  session: AuthSessionRow;
  caller: Caller;
  /** A second factor is still needed: enrolment (`enrol`) or a code (`verify`). */
  mfaPending: 'enrol' | 'verify' | null;
};

const GENERIC_FAILURE = 'The email or password is not right, or the account is locked for a while.';

function mfaRequired(practice: PracticeRow | undefined, user: UserRow): boolean {
  if (user.mfaEnabled) return true;
  if (!practice) return false;
  const staff = user.roles.some((r) => r !== 'client');
  return (user.roles.includes('admin') && practice.requireMfaAdmin) || (staff && practice.requireMfaStaff);
}

function pendingOf(practice: PracticeRow | undefined, user: UserRow, s: AuthSessionRow): SignedIn['mfaPending'] {
  if (s.mfaVerified || !mfaRequired(practice, user)) return null;
  return user.mfaEnabled ? 'verify' : 'enrol';
}

export const callerOf = (u: UserRow): Caller => ({ userId: u.id, roles: u.roles, clientId: u.clientId });

async function throttled(deps: Deps, key: string): Promise<boolean> {
  const t = await deps.store.findThrottle(key);
  return !!t?.lockedUntil && t.lockedUntil > iso(deps.clock.now());
}

async function countFailure(deps: Deps, key: string, limit: number, windowMinutes: number, lockMinutes: number): Promise<void> {
  const now = deps.clock.now();
  const t = await deps.store.findThrottle(key);
  const fresh = !t || t.firstFailureAt < iso(addMinutes(now, -windowMinutes));
  const failures = fresh ? 1 : t.failures + 1;
  const lockedUntil = failures >= limit ? iso(addMinutes(now, lockMinutes * 2 ** Math.floor(failures / limit - 1))) : null;
  await deps.store.putThrottle({ key, failures, firstFailureAt: fresh ? iso(now) : t.firstFailureAt, lockedUntil });
}

/**
 * The throttle on password guesses, shared by sign-in, re-authentication and password change.
 * Guesses are counted per account AND address together, so someone guessing from elsewhere
 * cannot lock the owner out (OWASP ASVS 2.2.1): past `accountFailures` each further wrong guess
 * from that address waits twice as long as the last (backoff, capped at `accountLockMinutes`).
 * Each address is also limited across all accounts. A right password clears the pair's count.
 */
type GuessKeys = { pair: string; address: string };
const guessKeys = (email: string, ip: string | null): GuessKeys => ({
  pair: `acct:${email.trim().toLowerCase()}|${ip ?? 'unknown'}`,
  address: `addr:${ip ?? 'unknown'}`,
});

async function guessesThrottled(deps: Deps, keys: GuessKeys): Promise<boolean> {
  return (await throttled(deps, keys.pair)) || (await throttled(deps, keys.address));
}

async function countWrongGuess(deps: Deps, keys: GuessKeys): Promise<void> {
  const s = deps.security;
  const now = deps.clock.now();
  const t = await deps.store.findThrottle(keys.pair);
  // A pair's count is forgotten after a quiet window (no failure and no wait running in it).
  const since = iso(addMinutes(now, -s.guessWindowMinutes));
  const fresh = !t || (t.firstFailureAt < since && (!t.lockedUntil || t.lockedUntil < since));
  const failures = fresh ? 1 : t.failures + 1;
  const over = failures - s.accountFailures;
  const waitMinutes = over < 0 ? 0 : Math.min(s.accountLockMinutes, (s.backoffSeconds / 60) * 2 ** over);
  const lockedUntil = waitMinutes > 0 ? iso(addMinutes(now, waitMinutes)) : null;
  await deps.store.putThrottle({ key: keys.pair, failures, firstFailureAt: fresh ? iso(now) : t.firstFailureAt, lockedUntil });
  await countFailure(deps, keys.address, s.addressFailures, s.addressWindowMinutes, s.addressWindowMinutes);
}

/**
 * Signs in with email and password. Unknown accounts, wrong passwords, disabled users and locked
 * accounts all answer the same, after the same work, so accounts cannot be enumerated.
 */
export async function signIn(deps: Deps, email: string, password: string, ip: string | null): Promise<{ token: string; signedIn: SignedIn }> {
  const s = deps.security;
  const keys = guessKeys(email, ip);
  const locked = await guessesThrottled(deps, keys);
  const user = await deps.store.findUserByEmail(email.trim());
  if (!decoyHash) decoyHash = await deps.hasher.hash(randomBytes(24).toString('base64'));
  const ok = await deps.hasher.verify(user?.passwordHash ?? decoyHash, password);
  if (locked || !ok || !user || user.status !== 'active') {
    if (!locked) await countWrongGuess(deps, keys);
    await deps.audit.record({
      actorId: user?.id ?? null,
      actorRole: null,
      action: 'login',
      resourceType: 'session',
      resourceId: null,
      clientId: null,
      outcome: 'denied',
      ip,
      detail: locked ? 'throttled' : 'bad_credentials',
    });
    throw new DomainError(locked ? 'rate_limited' : 'unauthenticated', GENERIC_FAILURE);
  }
  await deps.store.clearThrottle(keys.pair);
  const token = deps.ids.token();
  const now = deps.clock.now();
  const session: AuthSessionRow = {
    idHash: tokenHash(token),
    userId: user.id,
    createdAt: iso(now),
    lastSeenAt: iso(now),
    expiresAt: iso(addMinutes(now, s.sessionAbsoluteHours * 60)),
    mfaVerified: false,
    reauthAt: iso(now),
    csrfToken: deps.ids.token(),
  };
  await deps.store.insertAuthSession(session);
  await deps.audit.record({
    actorId: user.id,
    actorRole: user.roles.join(','),
    action: 'login',
    resourceType: 'session',
    resourceId: null,
    clientId: user.clientId,
    outcome: 'ok',
    ip,
    detail: null,
  });
  const practice = await deps.store.findPractice();
  return { token, signedIn: { user, session, caller: callerOf(user), mfaPending: pendingOf(practice, user, session) } };
}

/**
 * Resolves a session cookie. Ends sessions past the idle or absolute timeout, or whose user is no
 * longer active, and slides the idle window (written at most once a minute).
 */
export async function resolveSession(deps: Deps, token: string): Promise<SignedIn | undefined> {
  const idHash = tokenHash(token);
  // The practice does not depend on the session: read side by side (on PostgreSQL, two round trips
  // at once instead of one after the other; on SQLite both come from the row cache). The session and
  // its user are one statement.
  const practiceRead = deps.store.findPractice();
  // Awaited below where it is used; an early return leaves it.
  practiceRead.catch(() => undefined);
  const found = await deps.store.findSessionWithUser(idHash);
  if (!found) return undefined;
  let session = found.session;
  const now = deps.clock.now();
  const idleLimit = iso(addMinutes(now, -deps.security.sessionIdleMinutes));
  const user = found.user?.id === session.userId ? found.user : undefined;
  if (session.expiresAt <= iso(now) || session.lastSeenAt < idleLimit || !user || user.status !== 'active') {
    await deps.store.deleteAuthSession(idHash);
    return undefined;
  }
  if (now.getTime() - Date.parse(session.lastSeenAt) > 60_000) {
    await deps.store.touchAuthSession(idHash, { lastSeenAt: iso(now) });
    session = { ...session, lastSeenAt: iso(now) };
  }
  const practice = await practiceRead;
  return { user, session, caller: callerOf(user), mfaPending: pendingOf(practice, user, session) };
}

export async function signOut(deps: Deps, token: string): Promise<void> {
  await deps.store.deleteAuthSession(tokenHash(token));
}

/**
 * Confirms the password again — and the authenticator code, when the account has a second factor,
 * as sign-in does — before the most sensitive records and changes. Throttled like sign-in.
 */
export async function reauthenticate(deps: Deps, si: SignedIn, password: string, ip: string | null, code?: string): Promise<void> {
  const keys = guessKeys(si.user.email, ip);
  if (await guessesThrottled(deps, keys)) {
    await deps.audit.record({
      actorId: si.user.id,
      actorRole: null,
      action: 'reauth',
      resourceType: 'session',
      resourceId: null,
      clientId: null,
      outcome: 'denied',
      ip,
      detail: 'throttled',
    });
    throw new DomainError('rate_limited', 'Too many wrong passwords. Wait a few minutes and try again.');
  }
  const ok = si.user.passwordHash ? await deps.hasher.verify(si.user.passwordHash, password) : false;
  await deps.audit.record({
    actorId: si.user.id,
    actorRole: null,
    action: 'reauth',
    resourceType: 'session',
    resourceId: null,
    clientId: null,
    outcome: ok ? 'ok' : 'denied',
    ip,
    detail: null,
  });
  if (!ok) {
    await countWrongGuess(deps, keys);
    throw new DomainError('unauthenticated', 'The password is not right.');
  }
  await deps.store.clearThrottle(keys.pair);
  if (si.user.mfaEnabled) await confirmSecondFactor(deps, si.user.id, code, ip);
  await deps.store.touchAuthSession(si.session.idHash, { reauthAt: iso(deps.clock.now()) });
}

/** The second factor of a re-authentication: the current code (never one used before), throttled like the sign-in's. */
async function confirmSecondFactor(deps: Deps, userId: string, code: string | undefined, ip: string | null): Promise<void> {
  if (!code) throw new DomainError('unauthenticated', 'Enter the code from your authenticator app as well.', { secondFactor: true });
  const user = await deps.store.findUserById(userId);
  if (!user?.totpSecret) throw new DomainError('unauthenticated', 'The second factor could not be checked.');
  const step = await checkTotpCode(deps, user, user.totpSecret, code, ip, 'reauth');
  await deps.store.updateUser(user.id, { totpLastStep: step, updatedAt: iso(deps.clock.now()) });
}

/**
 * Checks a user's TOTP code, throttled per account and audited either way; returns the time step
 * it matched (to refuse it next time) or throws with the plain reason. `detail`: what the check is
 * for in the audit trail (null for the sign-in's).
 */
async function checkTotpCode(deps: Deps, user: UserRow, sealedSecret: string, code: string, ip: string | null, detail: string | null): Promise<number> {
  const accountKey = `mfa:${user.id}`;
  if (await throttled(deps, accountKey)) throw new DomainError('rate_limited', 'Too many wrong codes. Wait a few minutes and try again.');
  const secret = base32Decode(deps.vault.openSecret(sealedSecret, `users:${user.id}:totp`));
  const step = verifyTotp(secret, code.replace(/\s/g, ''), deps.clock.now(), user.totpLastStep);
  await deps.audit.record({
    actorId: user.id,
    actorRole: null,
    action: 'mfa.verify',
    resourceType: 'session',
    resourceId: null,
    clientId: null,
    outcome: step === null ? 'denied' : 'ok',
    ip,
    detail,
  });
  if (step === null) {
    await countFailure(deps, accountKey, deps.security.accountFailures, 15, deps.security.accountLockMinutes);
    throw new DomainError(
      'unauthenticated',
      'That code is not right. Codes change every 30 seconds.',
      detail === 'reauth' ? { secondFactor: true } : undefined,
    );
  }
  await deps.store.clearThrottle(accountKey);
  return step;
}

/** Whether the password (or a sign-in) was confirmed within the last `minutes`. */
export function recentlyAuthenticated(deps: Deps, si: SignedIn, minutes = deps.security.reauthMinutes): boolean {
  return !!si.session?.reauthAt && si.session.reauthAt >= iso(addMinutes(deps.clock.now(), -minutes));
}

/** Starts TOTP enrolment: a new secret, kept sealed until confirmed with a first code. */
export async function beginTotp(deps: Deps, si: SignedIn): Promise<{ secret: string; uri: string; qrSvg: string }> {
  if (si.user.mfaEnabled) throw new DomainError('conflict', 'A second factor is already set up. Remove it first to set up a new one.');
  const secret = base32Encode(randomBytes(20));
  await deps.store.updateUser(si.user.id, {
    totpSecret: deps.vault.sealSecret(secret, `users:${si.user.id}:totp`),
    totpLastStep: null,
    updatedAt: iso(deps.clock.now()),
  });
  await keepSecret(deps, si.user.id); // a key rotation may have retired the master key meanwhile
  const practice = await deps.store.findPractice();
  const uri = totpUri(secret, si.user.email, practice ? `Accord (${practice.name})` : 'Accord');
  // Drawn here, not in the browser: the QR encoder stays out of the app's bundle.
  return { secret, uri, qrSvg: await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }) };
}

/**
 * Checks a TOTP code: confirms enrolment, or completes a sign-in that needs the second factor.
 * When the session becomes fully signed in, it is replaced by a new one (new id and anti-forgery
 * token; the old id stops working), so an id planted or seen before the second factor is useless
 * after it. Returns the new session's token for the cookie.
 */
export async function verifySecondFactor(
  deps: Deps,
  si: SignedIn,
  code: string,
  ip: string | null,
): Promise<{ token: string; recoveryCodes?: string[] | undefined }> {
  const user = await deps.store.findUserById(si.user.id);
  if (!user?.totpSecret) throw new DomainError('conflict', 'Start setting up the authenticator app first.');
  const step = await checkTotpCode(deps, user, user.totpSecret, code, ip, null);
  const now = iso(deps.clock.now());
  // Confirming enrolment also issues the recovery codes, shown this once.
  const enrolling = !user.mfaEnabled;
  const codes = enrolling ? newRecoveryCodes() : undefined;
  const token = await rotateSession(deps, si, async (tx) => {
    await tx.updateUser(user.id, { totpLastStep: step, mfaEnabled: true, updatedAt: now });
    if (codes) await tx.replaceRecoveryCodes(user.id, codes.map(recoveryCodeHash), now);
  });
  if (codes)
    await deps.audit.record({
      actorId: user.id,
      actorRole: null,
      action: 'mfa.enrol',
      resourceType: 'user',
      resourceId: user.id,
      clientId: null,
      outcome: 'ok',
      ip,
      detail: `${codes.length} recovery codes issued`,
    });
  return { token, recoveryCodes: codes };
}

/** Replaces the session by a fully signed-in one (new id and anti-forgery token), with `also` in the same transaction. */
async function rotateSession(deps: Deps, si: SignedIn, also: (tx: Deps['store']) => Promise<void>): Promise<string> {
  const now = iso(deps.clock.now());
  const token = deps.ids.token();
  const rotated: AuthSessionRow = { ...si.session, idHash: tokenHash(token), mfaVerified: true, reauthAt: now, lastSeenAt: now, csrfToken: deps.ids.token() };
  await deps.store.transaction(async (tx) => {
    await also(tx);
    await tx.deleteAuthSession(si.session.idHash);
    await tx.insertAuthSession(rotated);
  });
  return token;
}

/**
 * Completes a sign-in with a recovery code instead of the authenticator's (a lost phone). Each code
 * works once; wrong codes count against the same throttle as wrong authenticator codes; both
 * outcomes are audited, and so is how many codes are left.
 */
export async function signInWithRecoveryCode(deps: Deps, si: SignedIn, code: string, ip: string | null): Promise<{ token: string; remaining: number }> {
  const user = await deps.store.findUserById(si.user.id);
  if (!user?.mfaEnabled) throw new DomainError('conflict', 'This account has no second factor to recover.');
  const accountKey = `mfa:${user.id}`;
  if (await throttled(deps, accountKey)) throw new DomainError('rate_limited', 'Too many wrong codes. Wait a few minutes and try again.');
  const now = iso(deps.clock.now());
  let used = false;
  const token = await rotateSession(deps, si, async (tx) => {
    used = await tx.useRecoveryCode(user.id, recoveryCodeHash(code), now);
    if (!used) throw new DomainError('unauthenticated', 'That recovery code is not right, or it was used before.');
  }).catch(async (err: unknown) => {
    if (used || !(err instanceof DomainError)) throw err;
    await countFailure(deps, accountKey, deps.security.accountFailures, 15, deps.security.accountLockMinutes);
    await deps.audit.record({
      actorId: user.id,
      actorRole: null,
      action: 'mfa.recovery',
      resourceType: 'session',
      resourceId: null,
      clientId: null,
      outcome: 'denied',
      ip,
      detail: null,
    });
    throw err;
  });
  await deps.store.clearThrottle(accountKey);
  const remaining = await deps.store.countRecoveryCodes(user.id);
  await deps.audit.record({
    actorId: user.id,
    actorRole: null,
    action: 'mfa.recovery',
    resourceType: 'session',
    resourceId: null,
    clientId: null,
    outcome: 'ok',
    ip,
    detail: `${remaining} left`,
  });
  return { token, remaining };
}

/** How many unused recovery codes the signed-in person has. */
export async function recoveryCodesLeft(deps: Deps, si: SignedIn): Promise<number> {
  return deps.store.countRecoveryCodes(si.user.id);
}

/** New recovery codes for the signed-in person (the old ones stop working); needs a recent re-authentication. */
export async function regenerateRecoveryCodes(deps: Deps, si: SignedIn): Promise<string[]> {
  if (!si.user.mfaEnabled) throw new DomainError('conflict', 'Set up an authenticator app first.');
  if (!recentlyAuthenticated(deps, si)) throw new DomainError('reauth_required', 'Confirm your password first.');
  const codes = newRecoveryCodes();
  await deps.store.replaceRecoveryCodes(si.user.id, codes.map(recoveryCodeHash), iso(deps.clock.now()));
  await deps.audit.record({
    actorId: si.user.id,
    actorRole: null,
    action: 'mfa.recovery_codes',
    resourceType: 'user',
    resourceId: si.user.id,
    clientId: null,
    outcome: 'ok',
    ip: null,
    detail: `${codes.length} issued`,
  });
  return codes;
}

/**
 * Checks a person's password for a step that replaces their second factor (a reset link):
 * throttled and counted like sign-in's guesses; throws `unauthenticated` when wrong.
 */
export async function confirmPasswordOf(deps: Deps, user: UserRow, password: string, ip: string | null): Promise<void> {
  const keys = guessKeys(user.email, ip);
  if (await guessesThrottled(deps, keys)) throw new DomainError('rate_limited', 'Too many wrong passwords. Wait a few minutes and try again.');
  const ok = user.passwordHash ? await deps.hasher.verify(user.passwordHash, password) : false;
  if (!ok) {
    await countWrongGuess(deps, keys);
    throw new DomainError('unauthenticated', 'The password is not right.');
  }
  await deps.store.clearThrottle(keys.pair);
}

export async function removeSecondFactor(deps: Deps, si: SignedIn): Promise<void> {
  if (!recentlyAuthenticated(deps, si)) throw new DomainError('reauth_required', 'Confirm your password first.');
  const practice = await deps.store.findPractice();
  if (practice && ((si.user.roles.includes('admin') && practice.requireMfaAdmin) || practice.requireMfaStaff)) {
    throw new DomainError('forbidden', 'The practice requires a second factor for your role.');
  }
  const now = iso(deps.clock.now());
  await deps.store.transaction(async (tx) => {
    await tx.updateUser(si.user.id, { totpSecret: null, totpLastStep: null, mfaEnabled: false, updatedAt: now });
    await tx.replaceRecoveryCodes(si.user.id, [], now);
  });
}

export async function changePassword(deps: Deps, si: SignedIn, current: string, next: string, ip: string | null = null): Promise<void> {
  const keys = guessKeys(si.user.email, ip);
  if (await guessesThrottled(deps, keys)) throw new DomainError('rate_limited', 'Too many wrong passwords. Wait a few minutes and try again.');
  const ok = si.user.passwordHash ? await deps.hasher.verify(si.user.passwordHash, current) : false;
  if (!ok) {
    await countWrongGuess(deps, keys);
    await deps.audit.record({
      actorId: si.user.id,
      actorRole: null,
      action: 'password.change',
      resourceType: 'user',
      resourceId: si.user.id,
      clientId: null,
      outcome: 'denied',
      ip,
      detail: 'bad_credentials',
    });
    throw new DomainError('unauthenticated', 'The current password is not right.');
  }
  await deps.store.clearThrottle(keys.pair);
  const practice = await deps.store.findPractice();
  const verdict = checkPassword(next, [si.user.email, si.user.displayName, practice?.name ?? '']);
  if (!verdict.ok) throw new DomainError('weak_password', verdict.message, { reason: verdict.reason });
  await deps.store.updateUser(si.user.id, { passwordHash: await deps.hasher.hash(next), updatedAt: iso(deps.clock.now()) });
  await deps.store.deleteAuthSessionsOfUser(si.user.id);
  await deps.audit.record({
    actorId: si.user.id,
    actorRole: null,
    action: 'password.change',
    resourceType: 'user',
    resourceId: si.user.id,
    clientId: null,
    outcome: 'ok',
    ip,
    detail: null,
  });
}

export type PublicUser = { id: string; email: string; displayName: string; roles: Role[]; status: string; mfaEnabled: boolean; clientId: string | null };
export const publicUser = (u: UserRow): PublicUser => ({
  id: u.id,
  email: u.email,
  displayName: u.displayName,
  roles: u.roles,
  status: u.status,
  mfaEnabled: u.mfaEnabled,
  clientId: u.clientId,
});
