/**
 * Which reminder a client is sent about a due measure (SPEC §3 C8, issue 13: "clients get a
 * reminder with a link when a measure becomes due and before it closes"). Pure: the measure due
 * now (domain/measures/schedule.ts), the start of the session it belongs to, and the time.
 *
 * - "Due": once per due item — per schedule and session, or, for a measure not tied to a session,
 *   once per week while it stays due.
 * - "Closing": once, when a measure tied to a session has `closingHours` or less left (a "before
 *   every session" measure closes two hours after the session starts, an "after every session"
 *   one seven days after it: scheduleDefaults). A measure with no end has no closing reminder.
 * The keys make each reminder one message however many sweeps or instances decide on it.
 */
import type { Cadence } from '../measures/schedule.ts';
import { scheduleDefaults } from '../measures/schedule.ts';

const HOUR = 3_600_000;
export const reminderDefaults = { closingHours: 12 } as const;

export type DueItem = { scheduleId: string; cadence: Cadence; sessionId: string | null };
export type Reminder = { kind: 'measure_due' | 'measure_closing'; dedupeKey: string };

/** When a due item stops being due (its window closes), or null when it stays due until answered. */
export function closesAt(item: DueItem, sessionStartsAt: string | null): Date | null {
  if (!sessionStartsAt) return null;
  const start = Date.parse(sessionStartsAt);
  if (item.cadence === 'before_every_session') return new Date(start + scheduleDefaults.beforeClosesHours * HOUR);
  if (item.cadence === 'after_every_session') return new Date(start + scheduleDefaults.afterOpenDays * 24 * HOUR);
  return null;
}

/** The reminders a due item calls for now (the sender's dedupe keys keep each to one message). */
export function remindersFor(item: DueItem, sessionStartsAt: string | null, now: Date, closingHours: number = reminderDefaults.closingHours): Reminder[] {
  const week = Math.floor(now.getTime() / (7 * 24 * HOUR));
  const occurrence = item.sessionId ?? `week-${week}`;
  const out: Reminder[] = [{ kind: 'measure_due', dedupeKey: `measure_due:${item.scheduleId}:${occurrence}` }];
  const end = closesAt(item, sessionStartsAt);
  if (end && end.getTime() > now.getTime() && end.getTime() - now.getTime() <= closingHours * HOUR) {
    out.push({ kind: 'measure_closing', dedupeKey: `measure_closing:${item.scheduleId}:${occurrence}` });
  }
  return out;
}
