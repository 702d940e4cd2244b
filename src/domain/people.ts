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

export type SessionStatus =
  | 'scheduled'
  | 'attended'
  | 'cancelled_early'
  | 'cancelled_late'
  | 'no_show'
  | 'cancelled_by_therapist'
  | 'planned_break';
export const SESSION_STATUSES: readonly SessionStatus[] = [
  'scheduled', 'attended', 'cancelled_early', 'cancelled_late', 'no_show', 'cancelled_by_therapist', 'planned_break',
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
  weekly: 'Weekly', twice_weekly: 'Twice weekly', fortnightly: 'Fortnightly', monthly: 'Monthly', as_needed: 'As needed',
};

export type CourseFacts = { status: CourseStatus; startedOn: string; endedOn: string | null; endReason: EndReason | null };

/**
 * Rules for changing a course's status: an ended course stays ended (a new episode is a new
 * course), and ending needs a reason and a date on or after the start.
 */
export function checkCourseChange(
  current: CourseFacts,
  next: { status: CourseStatus; endedOn?: string | null; endReason?: EndReason | null },
): { ok: true } | { ok: false; reason: string } {
  if (current.status === 'ended' && next.status !== 'ended') {
    return { ok: false, reason: 'An ended course cannot be reopened; open a new course instead.' };
  }
  if (next.status === 'ended') {
    if (!next.endReason) return { ok: false, reason: 'Ending a course needs a reason: planned, unplanned or drop-out.' };
    if (!next.endedOn) return { ok: false, reason: 'Ending a course needs an end date.' };
    if (next.endedOn < current.startedOn) return { ok: false, reason: 'The end date is before the start date.' };
  } else if (next.endReason || next.endedOn) {
    return { ok: false, reason: 'Only an ended course has an end date and reason.' };
  }
  return { ok: true };
}

/** Which session statuses count for attendance (planned breaks and therapist cancellations do not). */
export function countsForAttendance(status: SessionStatus): boolean {
  return status === 'attended' || status === 'cancelled_early' || status === 'cancelled_late' || status === 'no_show';
}
