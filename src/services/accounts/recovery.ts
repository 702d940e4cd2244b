/**
 * Account recovery without weakening the second factor (SPEC §3 C8): an admin — or, for a lone admin
 * locked out, the operator at the console (`accord user reset`) — makes a one-time link that replaces
 * ONE of a person's factors:
 *
 * - a **password** link sets a new password; the second factor stays, so the link alone does not
 *   let anyone in;
 * - a **second-factor** link removes the authenticator (and its recovery codes) only after the person
 *   gives their current password on the link's page; they then set up a new one at the next
 *   sign-in when the practice requires it.
 *
 * A link lives for a day, works once, is kept only as a hash, is emailed to the person when the
 * practice's mail is on (and shown to the admin to pass on either way), and every step is audited.
 * Either way the person's sessions end.
 */
import { DomainError } from '../../domain/errors.ts';
import { checkPassword } from '../../domain/password-policy.ts';
import type { Deps } from '../deps.ts';
import { addMinutes, iso } from '../deps.ts';
import type { AccountResetKind, AccountResetRow } from '../ports.ts';
import { tokenHash } from './tokens.ts';
import type { SignedIn } from './auth.ts';
import { confirmPasswordOf, recentlyAuthenticated } from './auth.ts';
import { queueMail } from '../mail/outbox.ts';
import { getPractice } from './practice.ts';

/** How long a reset link works. */
export const RESET_HOURS = 24;

/**
 * Makes a reset link for `userId`. `by`: the admin (who must have confirmed their password within
 * the last few minutes, and may not reset themselves), or null for the operator at the console.
 */
export async function createAccountReset(
  deps: Deps,
  by: SignedIn | null,
  userId: string,
  kind: AccountResetKind,
): Promise<{ token: string; expiresAt: string; emailed: boolean; email: string }> {
  if (by && !recentlyAuthenticated(deps, by)) throw new DomainError('reauth_required', 'Confirm your password first.');
  if (by && by.user.id === userId) throw new DomainError('invalid_input', 'Change your own password or second factor on your account page.');
  const practice = await getPractice(deps);
  const user = await deps.store.findUserById(userId);
  if (!user || user.practiceId !== practice.id) throw new DomainError('not_found', 'No such account.');
  if (user.status !== 'active') throw new DomainError('conflict', 'This account is disabled. Enable it first.');
  if (kind === 'second_factor' && !user.mfaEnabled) throw new DomainError('conflict', 'This person has no second factor to reset.');
  const token = deps.ids.token();
  const now = deps.clock.now();
  const row: AccountResetRow = {
    id: deps.ids.newId(),
    practiceId: practice.id,
    userId,
    kind,
    tokenHash: tokenHash(token),
    createdBy: by?.user.id ?? null,
    createdAt: iso(now),
    expiresAt: iso(addMinutes(now, RESET_HOURS * 60)),
    usedAt: null,
  };
  const emailed = await deps.store.transaction(async (tx) => {
    await tx.insertAccountReset(row);
    return queueMail({ ...deps, store: tx }, { kind: 'account_reset', to: user.email, path: `/reset/${token}` });
  });
  await deps.audit.record({
    actorId: by?.user.id ?? null,
    actorRole: by ? 'admin' : 'operator',
    action: 'account.reset.create',
    resourceType: 'user',
    resourceId: userId,
    clientId: null,
    outcome: 'ok',
    ip: null,
    detail: emailed ? `${kind} emailed` : kind,
  });
  return { token, expiresAt: row.expiresAt, emailed, email: user.email };
}

async function openReset(deps: Deps, token: string): Promise<AccountResetRow> {
  const r = await deps.store.findAccountResetByTokenHash(tokenHash(token));
  if (!r || r.usedAt || r.expiresAt <= iso(deps.clock.now()))
    throw new DomainError('invite_invalid', 'This reset link is not valid any more. Ask your admin for a new one.');
  return r;
}

/** What a reset link is for, for its page. */
export async function inspectAccountReset(deps: Deps, token: string): Promise<{ kind: AccountResetKind; email: string; practiceName: string }> {
  const r = await openReset(deps, token);
  const user = await deps.store.findUserById(r.userId);
  if (!user || user.status !== 'active') throw new DomainError('invite_invalid', 'This reset link is not valid any more. Ask your admin for a new one.');
  return { kind: r.kind, email: user.email, practiceName: (await getPractice(deps)).name };
}

/**
 * Uses a reset link: a password link takes `newPassword`; a second-factor link takes the person's
 * current `password`. The link is used, the factor replaced and the person's sessions ended in one
 * transaction, so a link raced twice changes the account once.
 */
export async function completeAccountReset(
  deps: Deps,
  token: string,
  input: { newPassword?: string | undefined; password?: string | undefined },
  ip: string | null,
): Promise<{ kind: AccountResetKind; email: string }> {
  const r = await openReset(deps, token);
  const user = await deps.store.findUserById(r.userId);
  if (!user || user.status !== 'active') throw new DomainError('invite_invalid', 'This reset link is not valid any more. Ask your admin for a new one.');
  const now = iso(deps.clock.now());
  let passwordHash: string | undefined;
  if (r.kind === 'password') {
    if (!input.newPassword) throw new DomainError('invalid_input', 'Choose a new password.', { field: 'newPassword' });
    const practice = await getPractice(deps);
    const verdict = checkPassword(input.newPassword, [user.email, user.displayName, practice.name]);
    if (!verdict.ok) throw new DomainError('weak_password', verdict.message, { reason: verdict.reason });
    passwordHash = await deps.hasher.hash(input.newPassword);
  } else {
    if (!input.password) throw new DomainError('invalid_input', 'Enter your current password.', { field: 'password' });
    try {
      await confirmPasswordOf(deps, user, input.password, ip);
    } catch (err) {
      await deps.audit.record({
        actorId: user.id,
        actorRole: null,
        action: 'account.reset.second_factor',
        resourceType: 'user',
        resourceId: user.id,
        clientId: null,
        outcome: 'denied',
        ip,
        detail: err instanceof DomainError ? err.code : null,
      });
      throw err;
    }
  }
  await deps.audit.transaction(async (tx, audit) => {
    if (!(await tx.useAccountReset(r.id, now))) throw new DomainError('invite_invalid', 'This reset link has already been used.');
    if (passwordHash) await tx.updateUser(user.id, { passwordHash, updatedAt: now });
    else {
      await tx.updateUser(user.id, { totpSecret: null, totpLastStep: null, mfaEnabled: false, updatedAt: now });
      await tx.replaceRecoveryCodes(user.id, [], now);
    }
    await tx.deleteAuthSessionsOfUser(user.id);
    await audit.record({
      actorId: user.id,
      actorRole: null,
      action: r.kind === 'password' ? 'account.reset.password' : 'account.reset.second_factor',
      resourceType: 'user',
      resourceId: user.id,
      clientId: null,
      outcome: 'ok',
      ip,
      detail: `link ${r.id}`,
    });
  });
  return { kind: r.kind, email: user.email };
}
