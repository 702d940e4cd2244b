/** What every use case receives: the ports plus the practice-wide settings. */
import type { Clock, Ids, PasswordHasher, Store, Vault } from './ports.ts';
import type { AuditLog } from './audit-log.ts';

export type SecuritySettings = {
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  reauthMinutes: number;
  inviteDays: number;
  /** Failed sign-ins per account before a lock-out, and its length (doubles each time). */
  accountFailures: number;
  accountLockMinutes: number;
  /** Failed sign-ins per address per window. */
  addressFailures: number;
  addressWindowMinutes: number;
};

export const securityDefaults: SecuritySettings = {
  sessionIdleMinutes: 30,
  sessionAbsoluteHours: 12,
  reauthMinutes: 10,
  inviteDays: 7,
  accountFailures: 5,
  accountLockMinutes: 15,
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
};

export const iso = (d: Date): string => d.toISOString();
export const addMinutes = (d: Date, m: number): Date => new Date(d.getTime() + m * 60_000);
