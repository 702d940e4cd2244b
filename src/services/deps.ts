/** What every use case receives: the ports plus the practice-wide settings. */
import type { Clock, ErasureLog, Ids, PasswordHasher, Store, Vault } from './ports.ts';
import type { AuditLog } from './audit-log.ts';
import type { Background } from './background.ts';
import type { FollowUps } from './unit-of-work.ts';

export type SecuritySettings = {
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  reauthMinutes: number;
  /**
   * How fresh a sign-in or re-authentication must be for a change that widens the caller's own
   * access to clinical data (a role, a supervision or a client given to oneself).
   */
  selfGrantReauthMinutes: number;
  inviteDays: number;
  /**
   * Wrong passwords per account and address before each further one must wait (sign-in,
   * re-authentication and password change alike); the first wait, doubled at each further
   * failure up to the longest wait; and how long a quiet pair keeps its count.
   */
  accountFailures: number;
  backoffSeconds: number;
  accountLockMinutes: number;
  guessWindowMinutes: number;
  /** Failed sign-ins per address per window. */
  addressFailures: number;
  addressWindowMinutes: number;
};

export const securityDefaults: SecuritySettings = {
  sessionIdleMinutes: 30,
  sessionAbsoluteHours: 12,
  reauthMinutes: 10,
  selfGrantReauthMinutes: 5,
  inviteDays: 7,
  accountFailures: 5,
  backoffSeconds: 30,
  accountLockMinutes: 15,
  guessWindowMinutes: 60,
  addressFailures: 30,
  addressWindowMinutes: 15,
};

export type Deps = {
  store: Store;
  clock: Clock;
  ids: Ids;
  vault: Vault;
  hasher: PasswordHasher;
  audit: AuditLog;
  security: SecuritySettings;
  /** Where erasures are also written outside the database, so a restore re-applies them (storage/erasure-log.ts); absent, none is kept. */
  erasureLog?: ErasureLog;
  /**
   * Set inside a unit of work (unit-of-work.ts): where a use case queues the work that follows its
   * write, run once after the commit. Absent outside one: a use case then opens its own.
   */
  after?: FollowUps;
  /**
   * Set by `accord serve`: follow-ups run shortly after the answer instead of inside the request
   * (background.ts). Absent: a unit of work runs its follow-ups before it returns.
   */
  background?: Background;
  /**
   * Told of work that failed after its write committed (a follow-up): the composition root logs
   * the error's kind, never its message (it could quote clinical text).
   */
  onLateError?: (what: string, err: unknown) => void;
};

export const iso = (d: Date): string => d.toISOString();
export const addMinutes = (d: Date, m: number): Date => new Date(d.getTime() + m * 60_000);
