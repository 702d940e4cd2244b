/**
 * The only doors from the use cases to the world. Services receive these through `Deps` and never
 * import storage, HTTP or the file system directly; tests hand them the real SQLite store with a
 * fixed clock and predictable ids.
 *
 * Each capability declares its own storage port, with its records, in ports/<capability>.ts
 * (system.ts holds the ports that are not storage: Clock, Ids, Vault, PasswordHasher, Mailer). This file
 * re-exports them all and composes `Store`, the one object services receive: every capability's
 * port plus the dialect and transactions. A new capability adds its port file, extends Store
 * below, and gets a storage implementation and a contract suite (storage/<capability>.contract.test.ts).
 */
import type { AccountsStore } from './ports/accounts.ts';
import type { PeopleStore } from './ports/people.ts';
import type { AuditStore } from './ports/audit.ts';
import type { MeasuresStore } from './ports/measures.ts';
import type { AlertsStore } from './ports/alerts.ts';
import type { AllianceStore } from './ports/alliance.ts';
import type { ProcessNotesStore } from './ports/process-notes.ts';
import type { NotesStore } from './ports/notes.ts';
import type { EndingStore } from './ports/ending.ts';
import type { MailStore } from './ports/mail.ts';
import type { RecoveryStore } from './ports/recovery.ts';
import type { SkillsStore } from './ports/skills.ts';
import type { DataRightsStore } from './ports/data-rights.ts';
import type { ReportsStore } from './ports/reports.ts';

export type * from './ports/system.ts';
export type * from './ports/accounts.ts';
export type * from './ports/people.ts';
export type * from './ports/audit.ts';
export type * from './ports/measures.ts';
export type * from './ports/alerts.ts';
export type * from './ports/alliance.ts';
export type * from './ports/process-notes.ts';
export type * from './ports/notes.ts';
export type * from './ports/ending.ts';
export type * from './ports/mail.ts';
export type * from './ports/recovery.ts';
export type * from './ports/skills.ts';
export type * from './ports/data-rights.ts';
export type * from './ports/reports.ts';

/** The persistence port: every capability's port. `transaction` gives a Store whose writes commit or roll back together. */
export interface Store
  extends
    AccountsStore,
    PeopleStore,
    AuditStore,
    MeasuresStore,
    AlertsStore,
    AllianceStore,
    ProcessNotesStore,
    NotesStore,
    EndingStore,
    MailStore,
    RecoveryStore,
    SkillsStore,
    DataRightsStore,
    ReportsStore {
  readonly dialect: 'sqlite' | 'postgres';
  transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T>;
  /**
   * Resolves once every commit made so far is on disk. SQLite commits without waiting for the disk
   * and flushes them together (storage/wal-sync.ts); nothing that depends on a commit is answered
   * before this resolves. At once on PostgreSQL, whose commit waits for its own flush.
   */
  durable(): Promise<void>;
}
