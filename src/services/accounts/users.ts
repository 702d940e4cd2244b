/**
 * Staff and portal accounts: one-time invites (staff by the admin, clients by their therapist),
 * accepting an invite, roles, disabling (which ends the user's sessions at once), supervision.
 */
import { DomainError } from '../../domain/errors.ts';
import type { Page, PageRequest } from '../people/scope.ts';
import { pageQuery } from '../people/scope.ts';
import { encodeCursor } from '../../domain/name-search.ts';
import type { Role } from '../../domain/people.ts';
import { checkPassword } from '../../domain/password-policy.ts';
import type { Deps } from '../deps.ts';
import { addMinutes, iso } from '../deps.ts';
import type { InviteRow, UserRow } from '../ports.ts';
import { tokenHash } from './tokens.ts';
import type { SignedIn } from './auth.ts';
import { noticeToTherapist, recordSelfGrant, requireFreshAuthForSelfGrant } from './access-grants.ts';
import { queueMail } from '../mail/outbox.ts';

/**
 * The display names of the given people by id (actors in the audit trail and access reports,
 * therapists of clients and courses, escalation targets). Only these are looked up, so a read costs
 * the same however many portal clients the practice has. Missing ids (none, deleted) are left out.
 */
export async function namesOf(deps: Pick<Deps, 'store'>, ids: Iterable<string | null | undefined>): Promise<Map<string, string>> {
  const wanted = new Set<string>();
  for (const id of ids) if (id) wanted.add(id);
  return wanted.size ? deps.store.displayNamesOf(wanted) : new Map<string, string>();
}

async function practiceOf(deps: Pick<Deps, 'store'>) {
  const p = await deps.store.findPractice();
  if (!p) throw new DomainError('not_found', 'The practice has not been set up yet.');
  return p;
}

/**
 * Creates a one-time invite; returns the token (shown once, never stored). The admin inviting
 * staff is told when the email already has an account. A therapist inviting a client to the portal
 * (`quietAboutEmail`) is not: the answer is the same either way, so the invite form cannot be used
 * to find out who has an Accord account. The invite is made all the same; if the address is taken
 * when it is accepted, the person who holds the link is told to sign in or ask for another address.
 */
export async function createInvite(
  deps: Deps,
  by: string,
  input: { email: string; roles: Role[]; clientId?: string | null },
  opts: { quietAboutEmail?: boolean } = {},
): Promise<{ token: string; invite: InviteRow; emailed: boolean }> {
  const practice = await practiceOf(deps);
  const email = input.email.trim().toLowerCase();
  if (input.roles.includes('client') && input.roles.length > 1) throw new DomainError('invalid_input', 'A client account has no staff roles.');
  if (!input.roles.length) throw new DomainError('invalid_input', 'Choose at least one role.');
  const existing = await deps.store.findUserByEmail(email);
  if (existing && !opts.quietAboutEmail) throw new DomainError('conflict', 'Someone with this email already has an account.', { field: 'email' });
  const token = deps.ids.token();
  const now = deps.clock.now();
  const invite: InviteRow = {
    id: deps.ids.newId(),
    practiceId: practice.id,
    tokenHash: tokenHash(token),
    email,
    roles: input.roles,
    clientId: input.clientId ?? null,
    createdBy: by,
    createdAt: iso(now),
    expiresAt: iso(addMinutes(now, deps.security.inviteDays * 24 * 60)),
    usedAt: null,
  };
  // The invitation and its email commit together (the email only when the practice's mail is on).
  const emailed = await deps.store.transaction(async (tx) => {
    await tx.insertInvite(invite);
    return queueMail({ ...deps, store: tx }, { kind: input.roles.includes('client') ? 'portal_invite' : 'staff_invite', to: email, path: `/invite/${token}` });
  });
  await deps.audit.record({
    actorId: by,
    actorRole: null,
    action: 'invite.create',
    resourceType: 'invite',
    resourceId: invite.id,
    clientId: invite.clientId,
    outcome: 'ok',
    ip: null,
    detail: emailed ? `${input.roles.join(',')} emailed` : input.roles.join(','),
  });
  return { token, invite, emailed };
}

async function openInvite(deps: Deps, token: string): Promise<InviteRow> {
  const invite = await deps.store.findInviteByTokenHash(tokenHash(token));
  if (!invite || invite.usedAt || invite.expiresAt <= iso(deps.clock.now())) {
    throw new DomainError('invite_invalid', 'This invitation link is not valid any more. Ask for a new one.');
  }
  return invite;
}

export async function inspectInvite(deps: Deps, token: string): Promise<{ email: string; roles: Role[]; practiceName: string }> {
  const invite = await openInvite(deps, token);
  const practice = await practiceOf(deps);
  return { email: invite.email, roles: invite.roles, practiceName: practice.name };
}

/** Accepts an invite: creates the account with its password. A replayed token is refused. */
export async function acceptInvite(deps: Deps, token: string, input: { displayName: string; password: string }): Promise<UserRow> {
  const invite = await openInvite(deps, token);
  const practice = await practiceOf(deps);
  const verdict = checkPassword(input.password, [invite.email, input.displayName, practice.name]);
  if (!verdict.ok) throw new DomainError('weak_password', verdict.message, { reason: verdict.reason });
  const passwordHash = await deps.hasher.hash(input.password);
  const now = iso(deps.clock.now());
  const user: UserRow = {
    id: deps.ids.newId(),
    practiceId: practice.id,
    email: invite.email,
    displayName: input.displayName,
    passwordHash,
    roles: invite.roles,
    status: 'active',
    clientId: invite.clientId,
    totpSecret: null,
    totpLastStep: null,
    mfaEnabled: false,
    createdAt: now,
    updatedAt: now,
  };
  // The account and its audit event commit together.
  await deps.audit.transaction(async (tx, audit) => {
    if (!(await tx.useInvite(invite.id, now))) throw new DomainError('invite_invalid', 'This invitation link has already been used.');
    if (await tx.findUserByEmail(invite.email)) {
      throw new DomainError(
        'conflict',
        invite.roles.includes('client')
          ? 'This email address already has an Accord account, so this invitation cannot make another. Sign in with that account, or ask your therapist to invite a different email address.'
          : 'Someone with this email already has an account.',
      );
    }
    if (invite.clientId && (await tx.findUserByClientId(invite.clientId))) throw new DomainError('conflict', 'This client already has a portal account.');
    await tx.insertUser(user);
    await audit.record({
      actorId: user.id,
      actorRole: user.roles.join(','),
      action: 'invite.accept',
      resourceType: 'user',
      resourceId: user.id,
      clientId: user.clientId,
      outcome: 'ok',
      ip: null,
      detail: null,
    });
  });
  return user;
}

/** The practice's staff by name (the portal accounts are left out by the store, not loaded and dropped). */
export async function listStaff(deps: Pick<Deps, 'store'>): Promise<UserRow[]> {
  const practice = await practiceOf(deps);
  return deps.store.listStaffUsers(practice.id);
}

/**
 * One page of the practice's staff, in the order they joined (keyset: created at, id), optionally
 * searched by name words or an exact email: opens only the page's accounts, never the whole staff
 * (12,000 at a national service). `next` is the cursor of the following page, null on the last.
 */
export async function listStaffPage(deps: Pick<Deps, 'store'>, req: PageRequest): Promise<Page<UserRow>> {
  const { after, search } = pageQuery(req);
  const practice = await practiceOf(deps);
  const rows = await deps.store.listStaffPage(practice.id, { ...(after ? { after } : {}), ...(search !== undefined ? { search } : {}), limit: req.limit + 1 });
  const items = rows.slice(0, req.limit);
  const last = items.at(-1);
  return { items, next: rows.length > req.limit && last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : null };
}

export async function listOpenInvites(deps: Deps): Promise<InviteRow[]> {
  const practice = await practiceOf(deps);
  return (await deps.store.listOpenInvites(practice.id, iso(deps.clock.now()))).filter((i) => !i.roles.includes('client'));
}

/** Changes a staff member's roles or status. Disabling ends their sessions at once. */
export async function updateStaff(
  deps: Deps,
  by: SignedIn,
  userId: string,
  patch: { roles?: Role[]; status?: 'active' | 'disabled'; displayName?: string },
): Promise<UserRow> {
  const user = await deps.store.findUserById(userId);
  if (!user || user.roles.includes('client')) throw new DomainError('not_found', 'No such staff member.');
  if (patch.roles && (patch.roles.includes('client') || !patch.roles.length))
    throw new DomainError('invalid_input', 'Staff roles are admin, therapist and supervisor.');
  const removingAdmin =
    (patch.roles && !patch.roles.includes('admin') && user.roles.includes('admin')) || (patch.status === 'disabled' && user.roles.includes('admin'));
  if (removingAdmin) {
    const admins = (await listStaff(deps)).filter((u) => u.roles.includes('admin') && u.status === 'active');
    if (admins.length <= 1) throw new DomainError('conflict', 'The practice needs at least one active admin.');
  }
  if (patch.roles && !patch.roles.includes('therapist') && user.roles.includes('therapist')) {
    const clients = await deps.store.listClients(user.practiceId, { therapistIds: [user.id] });
    if (clients.some((c) => c.status === 'active')) throw new DomainError('conflict', 'This therapist still has active clients; reassign them first.');
  }
  // Giving oneself a clinical role widens one's own access: fresh authentication, own audit action.
  const selfGranted = userId === by.user.id ? (patch.roles ?? []).filter((r) => (r === 'therapist' || r === 'supervisor') && !user.roles.includes(r)) : [];
  if (selfGranted.length) await requireFreshAuthForSelfGrant(deps, by, { kind: 'role', roles: selfGranted });
  await deps.store.transaction(async (tx) => {
    await tx.updateUser(userId, { roles: patch.roles, status: patch.status, displayName: patch.displayName, updatedAt: iso(deps.clock.now()) });
    if (patch.status === 'disabled') await tx.deleteAuthSessionsOfUser(userId);
  });
  await deps.audit.record({
    actorId: by.user.id,
    actorRole: 'admin',
    action: 'user.update',
    resourceType: 'user',
    resourceId: userId,
    clientId: null,
    outcome: 'ok',
    ip: null,
    detail: [patch.status, patch.roles?.join('+')].filter(Boolean).join(' ') || null,
  });
  if (selfGranted.length) await recordSelfGrant(deps, by, { kind: 'role', roles: selfGranted });
  return (await deps.store.findUserById(userId))!;
}

/** Disables or re-enables a client's portal account (by their therapist or the admin). */
export async function setPortalStatus(deps: Deps, by: SignedIn, clientId: string, status: 'active' | 'disabled'): Promise<void> {
  const user = await deps.store.findUserByClientId(clientId);
  if (!user) throw new DomainError('not_found', 'This client has no portal account.');
  await deps.store.transaction(async (tx) => {
    await tx.updateUser(user.id, { status, updatedAt: iso(deps.clock.now()) });
    if (status === 'disabled') await tx.deleteAuthSessionsOfUser(user.id);
  });
  await deps.audit.record({
    actorId: by.user.id,
    actorRole: null,
    action: 'portal.status',
    resourceType: 'user',
    resourceId: user.id,
    clientId,
    outcome: 'ok',
    ip: null,
    detail: status,
  });
}

export async function listSupervisions(deps: Deps) {
  const practice = await practiceOf(deps);
  return deps.store.listSupervisions(practice.id);
}

export async function assignSupervisor(deps: Deps, by: SignedIn, supervisorId: string, therapistId: string): Promise<void> {
  const practice = await practiceOf(deps);
  const [sup, ther] = await Promise.all([deps.store.findUserById(supervisorId), deps.store.findUserById(therapistId)]);
  if (!sup || !sup.roles.includes('supervisor'))
    throw new DomainError('invalid_input', 'Choose a staff member with the supervisor role.', { field: 'supervisorId' });
  if (!ther || !ther.roles.includes('therapist'))
    throw new DomainError('invalid_input', 'Choose a staff member with the therapist role.', { field: 'therapistId' });
  if (sup.id === ther.id) throw new DomainError('invalid_input', 'A therapist cannot supervise themselves.');
  if ((await deps.store.supervisorsOf(therapistId)).includes(supervisorId)) return;
  const self = supervisorId === by.user.id;
  if (self) await requireFreshAuthForSelfGrant(deps, by, { kind: 'supervision', therapistId });
  await deps.store.addSupervision(practice.id, supervisorId, therapistId, iso(deps.clock.now()));
  await deps.audit.record({
    actorId: by.user.id,
    actorRole: 'admin',
    action: 'supervision.add',
    resourceType: 'supervision',
    resourceId: `${supervisorId}>${therapistId}`,
    clientId: null,
    outcome: 'ok',
    ip: null,
    detail: null,
  });
  if (self) await recordSelfGrant(deps, by, { kind: 'supervision', therapistId });
  await noticeToTherapist(deps, { therapistId, kind: 'supervisor_added', actorId: by.user.id, granteeId: supervisorId, clientId: null });
}

export async function removeSupervisor(deps: Deps, by: SignedIn, supervisorId: string, therapistId: string): Promise<void> {
  await deps.store.removeSupervision(supervisorId, therapistId);
  await deps.audit.record({
    actorId: by.user.id,
    actorRole: 'admin',
    action: 'supervision.remove',
    resourceType: 'supervision',
    resourceId: `${supervisorId}>${therapistId}`,
    clientId: null,
    outcome: 'ok',
    ip: null,
    detail: null,
  });
}

/**
 * The therapist invites their client to the portal: refused (conflict) when the client already has
 * an account; otherwise the same answer whether or not the email is taken (no account enumeration).
 */
export async function inviteClientToPortal(
  deps: Deps,
  by: string,
  clientId: string,
  email: string,
): Promise<{ token: string; invite: InviteRow; emailed: boolean }> {
  if (await deps.store.findUserByClientId(clientId)) throw new DomainError('conflict', 'This client already has a portal account.');
  return createInvite(deps, by, { email, roles: ['client'], clientId }, { quietAboutEmail: true });
}
