/**
 * Queuing mail: the one way a use case sends a message. Called inside the transaction of the event
 * that causes it (an invitation, an escalation), so the message commits with the event or not at
 * all; the sender (sender.ts) delivers it later. When mail is off nothing is queued: a message
 * queued while off would arrive stale when mail is turned on.
 */
import type { MailKind } from '../../domain/mail/messages.ts';
import { MAIL_KIND_LABELS } from '../../domain/mail/messages.ts';
import type { Deps } from '../deps.ts';
import { iso } from '../deps.ts';
import type { OutboxRow } from '../ports.ts';
import { getPractice } from '../accounts/practice.ts';
import { activeSmtpServer } from './settings.ts';

export type MailRequest = {
  kind: MailKind;
  to: string;
  /** The path of the one link the message carries. */
  path: string;
  /** Makes the message one however often it is asked for (reminders, digests). */
  dedupeKey?: string | undefined;
};

/** Queues a message with `deps.store` (the caller's transaction). Returns whether one was queued. */
export async function queueMail(deps: Pick<Deps, 'store' | 'clock' | 'ids'>, m: MailRequest): Promise<boolean> {
  const practice = await deps.store.findPractice();
  if (!practice || !(await activeSmtpServer(deps, practice.id))) return false;
  const now = iso(deps.clock.now());
  return deps.store.enqueueMail({
    id: deps.ids.newId(),
    practiceId: practice.id,
    kind: m.kind,
    to: m.to,
    path: m.path,
    dedupeKey: m.dedupeKey ?? null,
    status: 'queued',
    attempts: 0,
    nextAttemptAt: now,
    leaseUntil: null,
    claimedBy: null,
    lastError: null,
    createdAt: now,
    sentAt: null,
  });
}

export type OutboxEntry = {
  id: string;
  kind: MailKind;
  label: string;
  to: string;
  status: OutboxRow['status'];
  attempts: number;
  createdAt: string;
  sentAt: string | null;
  nextAttemptAt: string | null;
  lastError: string | null;
};

/** The practice's latest messages for the admin: kind, recipient, state (never a link: it may hold a token). */
export async function listOutbox(deps: Pick<Deps, 'store'>, limit = 50): Promise<OutboxEntry[]> {
  const p = await getPractice(deps);
  return (await deps.store.listOutbox(p.id, limit)).map((r) => ({
    id: r.id,
    kind: r.kind,
    label: MAIL_KIND_LABELS[r.kind],
    to: r.to,
    status: r.status,
    attempts: r.attempts,
    createdAt: r.createdAt,
    sentAt: r.sentAt,
    nextAttemptAt: r.status === 'queued' ? r.nextAttemptAt : null,
    lastError: r.lastError,
  }));
}
