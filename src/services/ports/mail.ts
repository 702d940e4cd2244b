/**
 * The mail port (SPEC §3 C8): the practice's SMTP settings, the durable outbox, and who chose the
 * daily digest. Invariants: a message is claimed by one sender at a time (a lease; on PostgreSQL the
 * claim skips rows another instance has locked), and only its claimer may mark it sent or failed; a
 * message with a dedupe key is queued at most once; the recipient and link of a message and the
 * SMTP password are sealed by the store under the practice's account key.
 */
import type { MailKind } from '../../domain/mail/messages.ts';

export type SmtpSecurity = 'tls' | 'starttls' | 'none';

export type MailSettingsRow = {
  practiceId: string;
  enabled: boolean;
  host: string;
  port: number;
  /** `tls`: TLS from the first byte (port 465); `starttls`: upgrade required (587); `none`: plain (a relay on the same machine). */
  security: SmtpSecurity;
  /** The From address. */
  sender: string;
  username: string | null;
  password: string | null;
  updatedAt: string;
  /** Null when set by the operator at the console. */
  updatedBy: string | null;
};

export type OutboxStatus = 'queued' | 'sent' | 'failed';

export type OutboxRow = {
  id: string;
  practiceId: string;
  kind: MailKind;
  to: string;
  /** The path of the message's one link; the sender makes it absolute with the public address. */
  path: string;
  dedupeKey: string | null;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: string;
  leaseUntil: string | null;
  claimedBy: string | null;
  /** The kind of the last failure (an SMTP code or error name), never a message's content. */
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
};

export type MailPreferenceRow = { userId: string; dailyDigest: boolean; updatedAt: string };

export interface MailStore {
  findMailSettings(practiceId: string): Promise<MailSettingsRow | undefined>;
  setMailSettings(row: MailSettingsRow): Promise<void>;

  /** Queues a message; false (nothing written) when its dedupe key was queued before. */
  enqueueMail(row: OutboxRow): Promise<boolean>;
  /**
   * Claims up to `limit` queued messages due at `now` whose lease is free or ran out: each gets
   * `claimer` and a lease until `leaseUntil`, and one more attempt counted. Rows another instance
   * is claiming at the same moment are skipped, never claimed twice.
   */
  claimMail(now: string, leaseUntil: string, claimer: string, limit: number): Promise<OutboxRow[]>;
  /** Marks a claimed message sent; false when `claimer` no longer holds it. */
  markMailSent(id: string, claimer: string, at: string): Promise<boolean>;
  /** Releases a claimed message after a failure: queued again at `nextAttemptAt`, or failed for good when null. */
  markMailFailed(id: string, claimer: string, failure: { nextAttemptAt: string | null; error: string }): Promise<boolean>;
  /** The practice's latest messages, newest first. */
  listOutbox(practiceId: string, limit: number): Promise<OutboxRow[]>;

  findMailPreference(userId: string): Promise<MailPreferenceRow | undefined>;
  setMailPreference(row: MailPreferenceRow): Promise<void>;
  /** The active accounts that chose the daily digest. */
  listDigestSubscribers(practiceId: string): Promise<string[]>;
  /** The active portal accounts: which user is which client (the reminder sweep's list). */
  listPortalAccounts(practiceId: string): Promise<{ userId: string; clientId: string }[]>;
}
