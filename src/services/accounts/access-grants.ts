/**
 * Nobody widens their own access to clinical data silently (SPEC §2: roles combine, so the admin
 * may also be a therapist or supervisor). Giving oneself the therapist or supervisor role, making
 * oneself a therapist's supervisor, reassigning a client to oneself, or naming oneself the practice's
 * escalation colleague (who receives unacknowledged safety alerts) needs a sign-in or
 * re-authentication of the last few minutes (`selfGrantReauthMinutes`), is audited as its own
 * action (`access.self_grant`), and is shown to the therapist whose clients become visible.
 *
 * Therapists are told of every supervisor assigned to them and every client reassigned away from
 * them, whoever it went to, so a grant to a second account of the same person is seen too.
 */
import { DomainError } from '../../domain/errors.ts';
import type { Role } from '../../domain/people.ts';
import type { SignedIn } from './auth.ts';
import { recentlyAuthenticated } from './auth.ts';
import type { Deps } from '../deps.ts';
import { iso } from '../deps.ts';
import type { AccessNoticeRow, PracticeNoticeRow } from '../ports.ts';

/** What a self-grant is: the roles added, the therapist supervised, or the client taken over. */
export type SelfGrant =
  | { kind: 'role'; roles: readonly Role[] }
  | { kind: 'supervision'; therapistId: string }
  | { kind: 'client'; clientId: string; fromTherapistId: string }
  | { kind: 'escalation' };

const describe = (g: SelfGrant): string =>
  g.kind === 'role'
    ? `role:${g.roles.join('+')}`
    : g.kind === 'supervision'
      ? `supervises:${g.therapistId}`
      : g.kind === 'escalation'
        ? 'escalation:practice'
        : `client:${g.clientId} from:${g.fromTherapistId}`;

/**
 * Refuses a self-grant without a fresh authentication (code `reauth_required`, which the web app
 * answers by asking for the password and trying again). The refusal is audited too.
 */
export async function requireFreshAuthForSelfGrant(deps: Deps, by: SignedIn, grant: SelfGrant): Promise<void> {
  if (recentlyAuthenticated(deps, by, deps.security.selfGrantReauthMinutes)) return;
  await deps.audit.record({
    actorId: by.user.id,
    actorRole: by.user.roles.join(','),
    action: 'access.self_grant',
    resourceType: 'user',
    resourceId: by.user.id,
    clientId: grant.kind === 'client' ? grant.clientId : null,
    outcome: 'denied',
    ip: null,
    detail: `reauth_required ${describe(grant)}`,
  });
  throw new DomainError('reauth_required', 'This gives you access to clinical records. Confirm your password to continue.', { reauth: true });
}

/** Audits a self-grant that has been made, as its own action. */
export async function recordSelfGrant(deps: Deps, by: SignedIn, grant: SelfGrant): Promise<void> {
  await deps.audit.record({
    actorId: by.user.id,
    actorRole: by.user.roles.join(','),
    action: 'access.self_grant',
    resourceType: 'user',
    resourceId: by.user.id,
    clientId: grant.kind === 'client' ? grant.clientId : null,
    outcome: 'ok',
    ip: null,
    detail: describe(grant),
  });
}

/** Tells a therapist that `granteeId` can now see (some of) their clients. */
export async function noticeToTherapist(
  deps: Deps,
  n: { therapistId: string; kind: AccessNoticeRow['kind']; actorId: string; granteeId: string; clientId: string | null },
): Promise<void> {
  if (n.therapistId === n.granteeId) return;
  const therapist = await deps.store.findUserById(n.therapistId);
  if (!therapist) return;
  await deps.store.insertAccessNotice({
    id: deps.ids.newId(),
    practiceId: therapist.practiceId,
    userId: n.therapistId,
    kind: n.kind,
    actorId: n.actorId,
    granteeId: n.granteeId,
    clientId: n.clientId,
    createdAt: iso(deps.clock.now()),
    readAt: null,
  });
}

export type AccessNoticeView = {
  id: string;
  kind: AccessNoticeRow['kind'];
  at: string;
  actorName: string;
  granteeName: string;
  selfGranted: boolean;
  read: boolean;
};

/**
 * Tells every staff member of the practice that `granteeId` gained access across the practice (the
 * practice's escalation colleague, who receives every therapist's unacknowledged safety alerts):
 * one notice for the practice, written in the request's transaction, that each therapist, supervisor
 * and admin reads with their own notices (`listMyNotices`) — not one row per therapist, which at
 * 12,000 therapists was seconds of writes inside the request (docs/scale.md).
 */
export async function noticeToPractice(
  deps: Deps,
  n: { practiceId: string; kind: PracticeNoticeRow['kind']; actorId: string; granteeId: string },
): Promise<void> {
  await deps.store.insertPracticeNotice({ id: deps.ids.newId(), ...n, createdAt: iso(deps.clock.now()) });
}

/**
 * The signed-in person's notices, newest first, with names (no client names: those stay sealed):
 * their own, and for staff the practice's (read when not newer than the time they last marked
 * their notices read). Three bounded reads whatever the practice's size.
 */
export async function listMyNotices(deps: Deps, me: { id: string; practiceId: string; roles: readonly string[] }): Promise<AccessNoticeView[]> {
  const staff = !me.roles.includes('client');
  const [own, practice, mark] = await Promise.all([
    deps.store.listAccessNotices(me.id, 50),
    staff ? deps.store.listPracticeNotices(me.practiceId, 50) : Promise.resolve([]),
    staff ? deps.store.findNoticeMark(me.id) : Promise.resolve(undefined),
  ]);
  const rows = [
    ...own.map((r) => ({ ...r, read: r.readAt !== null })),
    // A practice notice of one's own act is not news to oneself.
    ...practice.filter((r) => r.actorId !== me.id).map((r) => ({ ...r, read: mark !== undefined && r.createdAt <= mark })),
  ]
    .sort((a, b) => (a.createdAt === b.createdAt ? (a.id < b.id ? 1 : -1) : a.createdAt < b.createdAt ? 1 : -1))
    .slice(0, 50);
  const names = await deps.store.displayNamesOf(rows.flatMap((r) => [r.actorId, r.granteeId]));
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    at: r.createdAt,
    actorName: names.get(r.actorId) ?? 'Someone',
    granteeName: names.get(r.granteeId) ?? 'Someone',
    selfGranted: r.actorId === r.granteeId,
    read: r.read,
  }));
}

export async function markMyNoticesRead(deps: Deps, userId: string): Promise<void> {
  await deps.store.markAccessNoticesRead(userId, iso(deps.clock.now()));
}
