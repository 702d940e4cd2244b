/**
 * The mail that nobody's request causes: reminders to clients about due measures, and the daily
 * digest. Run every few minutes by each instance's sender (sender.ts); each message has a dedupe
 * key, so however many sweeps or instances decide on it, it is queued once.
 */
import { remindersFor } from '../../domain/mail/reminders.ts';
import type { Deps } from '../deps.ts';
import { dueForClient } from '../measures/schedules.ts';
import { queueMail } from './outbox.ts';
import { activeSmtpServer } from './settings.ts';

/** The hour of the day (practice time) from which the daily digest goes out. */
export const DIGEST_HOUR = 7;

/** The date and hour in a time zone. */
function localDateHour(at: Date, timeZone: string): { date: string; hour: number } {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return { date: `${get('year')}-${get('month')}-${get('day')}`, hour: Number(get('hour')) };
}

/**
 * Queues the reminders due now: for every portal client, each measure due for them to answer, when
 * it becomes due and again shortly before it closes (domain/mail/reminders.ts). Returns how many
 * were queued. Clients without a portal account get none (they have nowhere to answer).
 */
export async function queueMeasureReminders(deps: Deps): Promise<number> {
  const practice = await deps.store.findPractice();
  if (!practice || !(await activeSmtpServer(deps, practice.id))) return 0;
  const now = deps.clock.now();
  let queued = 0;
  for (const { userId, clientId } of await deps.store.listPortalAccounts(practice.id)) {
    const due = await dueForClient(deps, clientId, 'client');
    if (!due.length) continue;
    const user = await deps.store.findUserById(userId);
    if (!user) continue;
    for (const d of due) {
      const session = d.sessionId ? await deps.store.findSession(d.sessionId) : undefined;
      for (const r of remindersFor(d, session?.startsAt ?? null, now)) {
        if (await queueMail(deps, { kind: r.kind, to: user.email, path: '/portal', dedupeKey: r.dedupeKey })) queued++;
      }
    }
  }
  return queued;
}

/**
 * Whether anything waits for a person today: an alert still open or acknowledged on one of their
 * clients or passed to them, a supervision note to them not yet acknowledged, or a session of theirs
 * still to come today (practice time). A digest
 * that would say "nothing today" is not sent.
 */
async function somethingWaits(deps: Deps, practiceId: string, userId: string, timeZone: string, date: string): Promise<boolean> {
  const statuses = ['open', 'acknowledged'] as const;
  if ((await deps.store.countAlerts({ therapistIds: [userId], statuses })) > 0) return true;
  if ((await deps.store.countAlerts({ escalatedTo: userId, statuses })) > 0) return true;
  // A supervision note not yet acknowledged (docs/supervision.md); the digest never says what it is about.
  if ((await deps.store.listSupervisionNotes({ superviseeIds: [userId] })).some((n) => n.acknowledgedAt === null && n.withdrawnAt === null)) return true;
  const clients = (await deps.store.listClients(practiceId, { therapistIds: [userId] })).filter((c) => c.status === 'active');
  if (!clients.length) return false;
  const courses = await deps.store.listCoursesOfClients(clients.map((c) => c.id));
  if (!courses.length) return false;
  const now = deps.clock.now();
  const stats = await deps.store.sessionStatsOfCourses(
    courses.map((c) => c.id),
    now.toISOString(),
  );
  return stats.some((s) => s.nextStartsAt !== null && localDateHour(new Date(s.nextStartsAt), timeZone).date === date);
}

/**
 * Queues today's digest for each person who chose it, once the practice's day has begun and only
 * when something waits for them; if nothing does at 07:00, a later sweep that day sends it once
 * something arrives (an alert raised at noon), never twice a day.
 */
export async function queueDigests(deps: Deps): Promise<number> {
  const practice = await deps.store.findPractice();
  if (!practice || !(await activeSmtpServer(deps, practice.id))) return 0;
  const { date, hour } = localDateHour(deps.clock.now(), practice.timeZone);
  if (hour < DIGEST_HOUR) return 0;
  let queued = 0;
  for (const userId of await deps.store.listDigestSubscribers(practice.id)) {
    const user = await deps.store.findUserById(userId);
    if (!user) continue;
    if (!(await somethingWaits(deps, practice.id, userId, practice.timeZone, date))) continue;
    if (await queueMail(deps, { kind: 'daily_digest', to: user.email, path: '/', dedupeKey: `daily_digest:${userId}:${date}` })) queued++;
  }
  return queued;
}

/** Both sweeps, for the sender's timer. */
export async function sweepMail(deps: Deps): Promise<{ reminders: number; digests: number }> {
  return { reminders: await queueMeasureReminders(deps), digests: await queueDigests(deps) };
}

/** Whether a person gets the daily digest. */
export async function digestPreference(deps: Pick<Deps, 'store'>, userId: string): Promise<boolean> {
  return (await deps.store.findMailPreference(userId))?.dailyDigest ?? false;
}

/** Chooses the daily digest on or off (a person's own choice), audited. */
export async function setDigestPreference(deps: Deps, userId: string, dailyDigest: boolean): Promise<void> {
  await deps.store.setMailPreference({ userId, dailyDigest, updatedAt: deps.clock.now().toISOString() });
  await deps.audit.record({
    actorId: userId,
    actorRole: null,
    action: 'mail.digest',
    resourceType: 'user',
    resourceId: userId,
    clientId: null,
    outcome: 'ok',
    ip: null,
    detail: dailyDigest ? 'on' : 'off',
  });
}
