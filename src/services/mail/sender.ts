/**
 * The sender: delivers what the outbox holds, in every app instance (`accord serve`), exactly once
 * across instances as far as the outbox can promise it.
 *
 * - **Claim, send, mark.** A pass claims a few due messages with a lease (mailRetry.leaseMinutes);
 *   on PostgreSQL the claim skips rows another instance is claiming (FOR UPDATE SKIP LOCKED), so two
 *   senders never hold the same message. Only the claimer may mark it sent or failed.
 * - **Nothing lost on kill -9.** A message claimed by a sender that died is claimed again once its
 *   lease has run out. The one window left is a crash after the SMTP server accepted a message and
 *   before it was marked sent: that message goes out twice (at least once, never zero times). Each
 *   message carries a Message-ID made from its outbox id, so a receiving server can tell the copy.
 * - **Retries with backoff.** A failure is retried after 1, 2, 4 … minutes (at most six hours apart)
 *   and given up after ten attempts, or at once when the server refuses for good (a 5xx answer).
 * - Every delivery and every failure is audited by outbox id and kind (never the address or link).
 */
import { nextAttemptAt, mailRetry, renderMail } from '../../domain/mail/messages.ts';
import type { Deps } from '../deps.ts';
import { addMinutes, iso } from '../deps.ts';
import type { MailFailure, Mailer, OutboxRow } from '../ports.ts';
import { activeSmtpServer } from './settings.ts';

export type SenderOptions = {
  mailer: Mailer;
  /** The public address of Accord: links are this plus the message's path. */
  baseUrl: string;
  /** This sender's name in the outbox (claims are by it). */
  claimer: string;
  /** How many messages one pass claims. */
  batch?: number;
  /** How long a claim holds (default mailRetry.leaseMinutes): longer than any one send can take. */
  leaseSeconds?: number;
};

export type DeliveryRun = { sent: number; failed: number; retried: number };

/** Why a send failed, as the outbox records it: an SMTP code or error name, and whether to give up. */
export function failureOf(err: unknown): MailFailure {
  const f = (err as { mailFailure?: MailFailure } | null)?.mailFailure;
  return f ?? { code: (err as Error)?.name ?? 'Error', permanent: false };
}

async function deliverOne(deps: Deps, opts: SenderOptions, row: OutboxRow, run: DeliveryRun): Promise<void> {
  const practice = await deps.store.findPractice();
  const server = await activeSmtpServer(deps, row.practiceId);
  let failure: MailFailure | undefined;
  if (!server || !practice) failure = { code: 'mail_off', permanent: false };
  else {
    const link = new URL(row.path, opts.baseUrl).toString();
    const m = renderMail(row.kind, practice.name, link);
    try {
      await opts.mailer.send(server, { to: row.to, ...m, messageId: `<${row.id}@accord.invalid>` });
    } catch (err) {
      failure = failureOf(err);
    }
  }
  const now = deps.clock.now();
  if (!failure) {
    await deps.store.markMailSent(row.id, opts.claimer, iso(now));
    run.sent++;
  } else {
    const next = nextAttemptAt(now, row.attempts, failure.permanent);
    await deps.store.markMailFailed(row.id, opts.claimer, { nextAttemptAt: next && iso(next), error: failure.code });
    if (next) run.retried++;
    else run.failed++;
  }
  await deps.audit.record({
    actorId: null,
    actorRole: 'system',
    action: 'mail.send',
    resourceType: 'mail',
    resourceId: row.id,
    clientId: null,
    outcome: failure ? 'failed' : 'ok',
    ip: null,
    detail: failure ? `${row.kind} attempt ${row.attempts}: ${failure.code}` : row.kind,
  });
}

/** One pass: claims due messages and delivers them, until none is due. Safe to run in several instances at once. */
export async function deliverDueMail(deps: Deps, opts: SenderOptions): Promise<DeliveryRun> {
  const run: DeliveryRun = { sent: 0, failed: 0, retried: 0 };
  for (;;) {
    const now = deps.clock.now();
    const lease = (opts.leaseSeconds ?? mailRetry.leaseMinutes * 60) / 60;
    const claimed = await deps.store.claimMail(iso(now), iso(addMinutes(now, lease)), opts.claimer, opts.batch ?? 10);
    if (!claimed.length) return run;
    for (const row of claimed) await deliverOne(deps, opts, row, run);
  }
}

/**
 * Runs the sender every `everyMs` (default five seconds) and `sweep` (the reminders and digests)
 * every `sweepEveryMs` (default five minutes), until stopped. A pass never overlaps the previous one
 * in this process; other processes are kept apart by the claims and the dedupe keys.
 */
export function startMailSender(
  deps: Deps,
  opts: SenderOptions & { everyMs?: number; sweepEveryMs?: number; sweep?: () => Promise<unknown>; onError?: (err: unknown) => void },
): () => Promise<void> {
  let running: Promise<void> | null = null;
  let lastSweep = -Infinity;
  const tick = () => {
    if (running) return;
    running = (async () => {
      if (opts.sweep && performance.now() - lastSweep >= (opts.sweepEveryMs ?? 300_000)) {
        lastSweep = performance.now();
        await opts.sweep();
      }
      await deliverDueMail(deps, opts);
    })()
      .catch((err: unknown) => opts.onError?.(err))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, opts.everyMs ?? 5_000);
  timer.unref();
  setImmediate(tick);
  return async () => {
    clearInterval(timer);
    if (running) await running;
  };
}
