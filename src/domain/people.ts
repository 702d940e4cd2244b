/** People, roles and courses of therapy (SPEC §2, §3 C1). */

export type Role = 'admin' | 'therapist' | 'supervisor' | 'client';
export const STAFF_ROLES: readonly Role[] = ['admin', 'therapist', 'supervisor'];
export const ROLES: readonly Role[] = ['admin', 'therapist', 'supervisor', 'client'];

export type UserStatus = 'active' | 'disabled';

export type Frequency = 'weekly' | 'twice_weekly' | 'fortnightly' | 'monthly' | 'as_needed';
export const FREQUENCIES: readonly Frequency[] = ['weekly', 'twice_weekly', 'fortnightly', 'monthly', 'as_needed'];

export type Phase = 'beginning' | 'middle' | 'termination';
export const PHASES: readonly Phase[] = ['beginning', 'middle', 'termination'];

export type CourseStatus = 'active' | 'paused' | 'ended';
export const COURSE_STATUSES: readonly CourseStatus[] = ['active', 'paused', 'ended'];
export type EndReason = 'planned' | 'unplanned' | 'drop_out';
export const END_REASONS: readonly EndReason[] = ['planned', 'unplanned', 'drop_out'];

export type SessionStatus = 'scheduled' | 'attended' | 'cancelled_early' | 'cancelled_late' | 'no_show' | 'cancelled_by_therapist' | 'planned_break';
export const SESSION_STATUSES: readonly SessionStatus[] = [
  'scheduled',
  'attended',
  'cancelled_early',
  'cancelled_late',
  'no_show',
  'cancelled_by_therapist',
  'planned_break',
];

export const SESSION_STATUS_LABELS: Readonly<Record<SessionStatus, string>> = {
  scheduled: 'Scheduled',
  attended: 'Attended',
  cancelled_early: 'Cancelled early by client',
  cancelled_late: 'Cancelled late by client',
  no_show: 'No-show',
  cancelled_by_therapist: 'Cancelled by therapist',
  planned_break: 'Planned break',
};

export const FREQUENCY_LABELS: Readonly<Record<Frequency, string>> = {
  weekly: 'Weekly',
  twice_weekly: 'Twice weekly',
  fortnightly: 'Fortnightly',
  monthly: 'Monthly',
  as_needed: 'As needed',
};

export type CourseFacts = { status: CourseStatus; startedOn: string; endedOn: string | null; endReason: EndReason | null };

/**
 * Rules for changing a course's status: an ended course stays ended (a new episode is a new
 * course), and ending needs a reason and a date on or after the start — and, given `today`
 * (YYYY-MM-DD, UTC), not after today: a course ends when it has ended.
 */
export function checkCourseChange(
  current: CourseFacts,
  next: { status: CourseStatus; endedOn?: string | null; endReason?: EndReason | null },
  today?: string,
): { ok: true } | { ok: false; reason: string } {
  if (current.status === 'ended' && next.status !== 'ended') {
    return { ok: false, reason: 'An ended course cannot be reopened; open a new course instead.' };
  }
  if (next.status === 'ended') {
    if (!next.endReason) return { ok: false, reason: 'Ending a course needs a reason: planned, unplanned or drop-out.' };
    if (!next.endedOn) return { ok: false, reason: 'Ending a course needs an end date.' };
    if (next.endedOn < current.startedOn) return { ok: false, reason: 'The end date is before the start date.' };
    if (today !== undefined && next.endedOn > today && next.endedOn !== current.endedOn)
      return { ok: false, reason: 'The end date is in the future; end the course when it has ended.' };
  } else if (next.endReason || next.endedOn) {
    return { ok: false, reason: 'Only an ended course has an end date and reason.' };
  }
  return { ok: true };
}

/** Which session statuses count for attendance (planned breaks and therapist cancellations do not). */
export function countsForAttendance(status: SessionStatus): boolean {
  return status === 'attended' || status === 'cancelled_early' || status === 'cancelled_late' || status === 'no_show';
}

// ---- when clinical records may be dated (SPEC §3 C10) -------------------------------------------

/** Why a staff-given date was refused; stable, so the API and the forms can say which rule. */
export type ClinicalTimeProblem = 'invalid_time' | 'before_course_start' | 'after_course_end' | 'in_future' | 'session_in_future';

export type ClinicalTimeCheck = { ok: true; at: string } | { ok: false; reason: ClinicalTimeProblem; message: string };

const DAY_MS = 86_400_000;

/**
 * The instants a course spans: from midnight UTC of its start day; if it has ended, up to the end
 * of its last day (exclusive `until`), else open.
 */
export function courseSpan(course: Pick<CourseFacts, 'status' | 'startedOn' | 'endedOn'>): { from: number; until: number | null } {
  const from = Date.parse(`${course.startedOn}T00:00:00.000Z`);
  const until = course.status === 'ended' && course.endedOn ? Date.parse(`${course.endedOn}T00:00:00.000Z`) + DAY_MS : null;
  return { from, until };
}

/**
 * A time a clinical record is said to have happened, checked against its course and the clock
 * (SPEC §3 C10: every record carries the time it happened, so a course entered after the fact
 * reads as one recorded live — which only holds if that time is true). Staff may date an entry
 * back, but only within the course (not before its first day, not after its last if it has
 * ended), and never after `now`: answers, ratings and attendance are facts about the past.
 * `future: 'allowed'` is for bookings (a scheduled session), which are checked against the course
 * only. Returns the time normalised to ISO 8601 UTC.
 */
export function checkClinicalTime(
  course: Pick<CourseFacts, 'status' | 'startedOn' | 'endedOn'>,
  at: string,
  now: Date,
  opts: { future?: 'allowed' | 'refused' } = {},
): ClinicalTimeCheck {
  const t = Date.parse(at);
  if (Number.isNaN(t)) return { ok: false, reason: 'invalid_time', message: 'Use a date-time like 2026-01-31T14:00:00Z.' };
  const span = courseSpan(course);
  if (t < span.from) return { ok: false, reason: 'before_course_start', message: `The date is before this course started (${course.startedOn}).` };
  if (span.until !== null && t >= span.until)
    return { ok: false, reason: 'after_course_end', message: `The date is after this course ended (${course.endedOn}).` };
  if (opts.future !== 'allowed' && t > now.getTime())
    return { ok: false, reason: 'in_future', message: 'The date is in the future; record what has already happened.' };
  return { ok: true, at: new Date(t).toISOString() };
}

/** Statuses that say what happened at a session, so they cannot be given to one that has not started. */
export const PAST_ONLY_SESSION_STATUSES: readonly SessionStatus[] = ['attended', 'no_show'];

/**
 * A session's time and status (SPEC §3 C1): a session may be booked ahead (scheduled, or
 * cancelled ahead of time), but within its course; it can be marked attended or no-show only
 * once it has started. `timeGiven: false` is a status change of a session whose time stays as it
 * was: only the status rule applies (a booking left after a course's end can still be cancelled).
 */
export function checkSessionTime(
  course: Pick<CourseFacts, 'status' | 'startedOn' | 'endedOn'>,
  session: { startsAt: string; status: SessionStatus },
  now: Date,
  opts: { timeGiven?: boolean } = {},
): ClinicalTimeCheck {
  const r =
    opts.timeGiven === false
      ? { ok: true as const, at: new Date(session.startsAt).toISOString() }
      : checkClinicalTime(course, session.startsAt, now, { future: 'allowed' });
  if (!r.ok) return r;
  if (PAST_ONLY_SESSION_STATUSES.includes(session.status) && Date.parse(r.at) > now.getTime()) {
    return {
      ok: false,
      reason: 'session_in_future',
      message: `This session has not happened yet, so it cannot be marked “${SESSION_STATUS_LABELS[session.status]}”; keep it scheduled until then.`,
    };
  }
  return r;
}
