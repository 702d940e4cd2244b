/**
 * Records dated when they happened (SPEC §3 C10, issue 14). A clinical record keeps the time it
 * happened apart from the time it was recorded. Staff may date what they enter in the past — a
 * course entered after the fact reads exactly as one recorded live — but only within the course
 * (not before the day it began) and never in the future. What clients enter themselves is dated
 * by the server: a time they send is refused, so nothing they type can move their record in time.
 */

export type DatedRefusal = 'occurred_at_malformed' | 'occurred_in_future' | 'occurred_before_course' | 'occurred_at_staff_only';

export type Dated = { ok: true; at: string } | { ok: false; reason: DatedRefusal; detail: string };

/**
 * A browser's clock may run a little ahead of the server's: a time at most this far in the future
 * is taken as "now" rather than refused.
 */
export const CLOCK_SKEW_MS = 2 * 60_000;

/**
 * When a record happened: `now` when no time is given; the given time (normalised to UTC ISO)
 * when a staff member gives one within [courseStart, now]; otherwise a refusal naming why.
 */
export function whenItHappened(input: {
  occurredAt?: string | undefined;
  enteredBy: 'staff' | 'client';
  courseStart: string;
  /** The course's first day as the practice writes it, for the refusal's words; the UTC date of `courseStart` when absent. */
  courseStartedOn?: string | undefined;
  now: string;
}): Dated {
  if (input.occurredAt === undefined) return { ok: true, at: input.now };
  if (input.enteredBy === 'client') {
    return { ok: false, reason: 'occurred_at_staff_only', detail: 'What you enter is dated when you send it; only your therapist can enter an earlier date.' };
  }
  const t = Date.parse(input.occurredAt);
  if (Number.isNaN(t) || !/^\d{4}-\d{2}-\d{2}T/.test(input.occurredAt)) {
    return { ok: false, reason: 'occurred_at_malformed', detail: 'The date it happened is not a date and time (ISO 8601, e.g. 2026-03-02T10:00:00Z).' };
  }
  const now = Date.parse(input.now);
  if (t > now + CLOCK_SKEW_MS) return { ok: false, reason: 'occurred_in_future', detail: 'A record cannot be dated in the future.' };
  if (t < Date.parse(input.courseStart)) {
    return {
      ok: false,
      reason: 'occurred_before_course',
      detail: `A record of this course cannot be dated before the course began (${input.courseStartedOn ?? input.courseStart.slice(0, 10)}).`,
    };
  }
  return { ok: true, at: t > now ? input.now : new Date(t).toISOString() };
}

/**
 * The instant a calendar day begins in a time zone (a course's start date is the practice's day,
 * so "not before the course" means not before its midnight there, not midnight UTC). Found from the
 * zone's offset at that instant, checked once more for a day that changes its offset.
 */
export function startOfDayIn(date: string, timeZone: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const utcMidnight = Date.UTC(y, m - 1, d);
  const offsetAt = (t: number): number => {
    const parts = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    }).formatToParts(new Date(t));
    const get = (k: string) => Number(parts.find((p) => p.type === k)?.value ?? 0);
    return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - t;
  };
  let t = utcMidnight - offsetAt(utcMidnight);
  t = utcMidnight - offsetAt(t);
  return new Date(t).toISOString();
}
