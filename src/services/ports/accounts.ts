/**
 * The accounts port: the practice, its people's accounts and how they sign in — meta values,
 * users, invites, sign-in sessions, the sign-in throttle, supervisions, the account key and the
 * access notices. Invariants: an email names at most one account (looked up case-insensitively;
 * the store keeps only a keyed hash of it and the address and name sealed under the account
 * key); an invite is used at most once; throttle keys are stored as keyed hashes.
 */
import type { PageKey } from '../../domain/name-search.ts';
import type { Role, UserStatus } from '../../domain/people.ts';
import type { WrappedKey } from './system.ts';

export type PracticeRow = {
  id: string;
  name: string;
  timeZone: string;
  /** A BCP 47 tag (en-GB): how dates and times are written for everyone in the practice. */
  locale: string;
  crisisInfo: string;
  requireMfaStaff: boolean;
  requireMfaAdmin: boolean;
  escalationMinutes: number;
  /** How recent a re-authentication must be to open a process note (issue 11). */
  processNoteReauthMinutes: number;
  /** Days after a session when its sealed note and reflection open even if one side never wrote (SPEC §3 C6). */
  notesRevealDays: number;
  createdAt: string;
};
export type UserRow = {
  id: string;
  practiceId: string;
  email: string;
  displayName: string;
  passwordHash: string | null;
  roles: Role[];
  status: UserStatus;
  clientId: string | null;
  totpSecret: string | null;
  totpLastStep: number | null;
  mfaEnabled: boolean;
  createdAt: string;
  updatedAt: string;
};
export type InviteRow = {
  id: string;
  practiceId: string;
  tokenHash: string;
  email: string;
  roles: Role[];
  clientId: string | null;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
};
export type AuthSessionRow = {
  idHash: string;
  userId: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  mfaVerified: boolean;
  reauthAt: string | null;
  csrfToken: string;
};
/**
 * A notice to a therapist that someone gained access to their clients: `grantee` was made their
 * supervisor, or was given one of their clients, by `actor` (the same person when self-granted).
 */
export type AccessNoticeRow = {
  id: string;
  practiceId: string;
  userId: string;
  kind: 'supervisor_added' | 'client_reassigned' | 'escalation_colleague';
  actorId: string;
  granteeId: string;
  clientId: string | null;
  createdAt: string;
  readAt: string | null;
};
/**
 * A notice every staff member of the practice reads (docs/scale.md, issue 15): one row for the
 * practice, not one per therapist. Whether a person has read it is their notice mark: a notice is
 * read when it is not newer than the time they last marked their notices read.
 */
export type PracticeNoticeRow = {
  id: string;
  practiceId: string;
  kind: 'escalation_colleague';
  actorId: string;
  granteeId: string;
  createdAt: string;
};
/** One page of the practice's staff, in (created at, id) order; `search`: name words, or an exact email (when it has an @). */
export type StaffPageQuery = { search?: string; after?: PageKey; limit: number };
export type ThrottleRow = { key: string; failures: number; firstFailureAt: string; lockedUntil: string | null };

export interface AccountsStore {
  getMeta(key: string): Promise<string | undefined>;
  setMeta(key: string, value: string): Promise<void>;

  findPractice(): Promise<PracticeRow | undefined>;
  insertPractice(p: PracticeRow): Promise<void>;
  updatePractice(id: string, patch: Partial<Omit<PracticeRow, 'id' | 'createdAt'>>): Promise<void>;

  findUserById(id: string): Promise<UserRow | undefined>;
  findUserByEmail(email: string): Promise<UserRow | undefined>;
  findUserByClientId(clientId: string): Promise<UserRow | undefined>;
  /**
   * Every account of the practice, portal clients included, by display name. Grows with the
   * practice's clients: for maintenance (key rotation, verify), never to name a few people.
   */
  listUsers(practiceId: string): Promise<UserRow[]>;
  /**
   * The practice's staff — every account without the client role — ordered as `listUsers`, without
   * opening the portal accounts (filtered by role in the database).
   */
  listStaffUsers(practiceId: string): Promise<UserRow[]>;
  /**
   * The display names of the given accounts by id, in one look-up whatever the practice's size
   * (ids that name no account are left out). Opens only the names asked for.
   */
  displayNamesOf(ids: Iterable<string>): Promise<Map<string, string>>;
  /** One page of the practice's staff (keyset paging, optional search): opens only the page's accounts. */
  listStaffPage(practiceId: string, q: StaffPageQuery): Promise<UserRow[]>;
  /** Staff accounts with no name index yet, by id after `after` (the index built for accounts written before 0025). */
  staffWithoutNameIndex(after: string | null, limit: number): Promise<UserRow[]>;
  /** Replaces a staff account's name index by that of `name` (insertUser and updateUser keep it for new names). */
  indexStaffName(userId: string, name: string): Promise<void>;
  insertUser(u: UserRow): Promise<void>;
  updateUser(id: string, patch: Partial<Omit<UserRow, 'id' | 'practiceId' | 'createdAt'>>): Promise<void>;

  insertInvite(i: InviteRow): Promise<void>;
  findInviteByTokenHash(hash: string): Promise<InviteRow | undefined>;
  /** Marks an unused invite used; false when it was already used (replay). */
  useInvite(id: string, at: string): Promise<boolean>;
  listOpenInvites(practiceId: string, now: string): Promise<InviteRow[]>;

  insertAuthSession(s: AuthSessionRow): Promise<void>;
  findAuthSession(idHash: string): Promise<AuthSessionRow | undefined>;
  /**
   * The session with this hash and its user (undefined when the account is gone), in one read: every
   * signed-in request asks for both, and on PostgreSQL one statement is one round trip fewer.
   */
  findSessionWithUser(idHash: string): Promise<{ session: AuthSessionRow; user: UserRow | undefined } | undefined>;
  touchAuthSession(idHash: string, patch: Partial<Pick<AuthSessionRow, 'lastSeenAt' | 'mfaVerified' | 'reauthAt'>>): Promise<void>;
  deleteAuthSession(idHash: string): Promise<void>;
  deleteAuthSessionsOfUser(userId: string): Promise<void>;
  deleteExpiredAuthSessions(now: string, idleBefore: string): Promise<number>;

  findThrottle(key: string): Promise<ThrottleRow | undefined>;
  putThrottle(t: ThrottleRow): Promise<void>;
  clearThrottle(key: string): Promise<void>;

  listSupervisions(practiceId: string): Promise<{ supervisorId: string; therapistId: string }[]>;
  supervisorsOf(therapistId: string): Promise<string[]>;
  superviseesOf(supervisorId: string): Promise<string[]>;
  addSupervision(practiceId: string, supervisorId: string, therapistId: string, at: string): Promise<void>;
  removeSupervision(supervisorId: string, therapistId: string): Promise<void>;

  /**
   * The practice's account key: seals every account's email and name (users, invites) and keys the
   * hash their email is looked up by. Created on first use; master-key rotation re-wraps it.
   */
  findAccountKey(): Promise<WrappedKey | undefined>;
  updateAccountKey(key: WrappedKey): Promise<void>;
  insertAccessNotice(n: AccessNoticeRow): Promise<void>;
  /** A person's notices, newest first. */
  listAccessNotices(userId: string, limit: number): Promise<AccessNoticeRow[]>;
  /** Marks the person's own notices read, and sets their notice mark (what practice notices count as read). */
  markAccessNoticesRead(userId: string, at: string): Promise<void>;
  insertPracticeNotice(n: PracticeNoticeRow): Promise<void>;
  /** The practice's notices, newest first. */
  listPracticeNotices(practiceId: string, limit: number): Promise<PracticeNoticeRow[]>;
  /** When the person last marked their notices read (undefined: never). */
  findNoticeMark(userId: string): Promise<string | undefined>;
}
