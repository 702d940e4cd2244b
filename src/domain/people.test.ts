import { describe, it, expect } from 'vitest';
import type { CourseFacts, SessionStatus } from './people.ts';
import { SESSION_STATUSES, SESSION_STATUS_LABELS, checkClinicalTime, checkCourseChange, checkSessionTime, countsForAttendance } from './people.ts';

const active: CourseFacts = { status: 'active', startedOn: '2026-01-05', endedOn: null, endReason: null };
const ended: CourseFacts = { status: 'ended', startedOn: '2026-01-05', endedOn: '2026-03-01', endReason: 'planned' };

describe('checkCourseChange', () => {
  it('lets an active course pause and resume', () => {
    expect(checkCourseChange(active, { status: 'paused' })).toEqual({ ok: true });
    expect(checkCourseChange({ ...active, status: 'paused' }, { status: 'active' })).toEqual({ ok: true });
  });
  it('ends a course with a reason and a date on or after the start', () => {
    expect(checkCourseChange(active, { status: 'ended', endReason: 'planned', endedOn: '2026-01-05' })).toEqual({ ok: true });
    expect(checkCourseChange(active, { status: 'ended', endReason: 'drop_out', endedOn: '2026-02-01' })).toEqual({ ok: true });
  });
  it.each([
    [{ status: 'ended' as const, endedOn: '2026-02-01' }, /reason/],
    [{ status: 'ended' as const, endReason: 'planned' as const }, /end date/],
    [{ status: 'ended' as const, endReason: 'planned' as const, endedOn: '2026-01-04' }, /before the start/],
    [{ status: 'active' as const, endReason: 'planned' as const }, /Only an ended course/],
    [{ status: 'paused' as const, endedOn: '2026-02-01' }, /Only an ended course/],
  ])('refuses %j', (next, message) => {
    const r = checkCourseChange(active, next);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(message);
  });
  it('does not end a course on a future date', () => {
    expect(checkCourseChange(active, { status: 'ended', endReason: 'planned', endedOn: '2026-03-10' }, '2026-03-10')).toEqual({ ok: true });
    const r = checkCourseChange(active, { status: 'ended', endReason: 'planned', endedOn: '2026-03-11' }, '2026-03-10');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/in the future/);
  });
  it('never reopens an ended course', () => {
    for (const status of ['active', 'paused'] as const) expect(checkCourseChange(ended, { status }).ok).toBe(false);
    expect(checkCourseChange(ended, { status: 'ended', endReason: 'unplanned', endedOn: '2026-03-02' })).toEqual({ ok: true });
  });
});

describe('countsForAttendance', () => {
  it('counts the client’s own choices and not the therapist’s or planned breaks', () => {
    const counted = SESSION_STATUSES.filter(countsForAttendance);
    expect(counted.sort()).toEqual<SessionStatus[]>(['attended', 'cancelled_early', 'cancelled_late', 'no_show']);
  });
  it('has a label for every status', () => {
    for (const s of SESSION_STATUSES) expect(SESSION_STATUS_LABELS[s]).toMatch(/\w/);
  });
});

describe('checkClinicalTime (staff-dated records)', () => {
  const now = new Date('2026-03-10T12:00:00.000Z');
  const at = (ms: number) => new Date(ms).toISOString();
  const start = Date.parse('2026-01-05T00:00:00.000Z');
  const reason = (r: ReturnType<typeof checkClinicalTime>) => (r.ok ? 'ok' : r.reason);

  it('accepts exactly the course start and refuses one millisecond before', () => {
    expect(checkClinicalTime(active, at(start), now)).toEqual({ ok: true, at: '2026-01-05T00:00:00.000Z' });
    expect(reason(checkClinicalTime(active, at(start - 1), now))).toBe('before_course_start');
  });
  it('accepts now and refuses one millisecond after now', () => {
    expect(reason(checkClinicalTime(active, at(now.getTime()), now))).toBe('ok');
    expect(reason(checkClinicalTime(active, at(now.getTime() + 1), now))).toBe('in_future');
  });
  it('refuses a date long before the course (the 1900 backdating)', () => {
    const r = checkClinicalTime(active, '1900-01-01T00:00:00.000Z', now);
    expect(reason(r)).toBe('before_course_start');
    if (!r.ok) expect(r.message).toMatch(/before this course started \(2026-01-05\)/);
  });
  it('accepts the whole last day of an ended course and nothing after it', () => {
    expect(reason(checkClinicalTime(ended, '2026-03-01T23:59:59.999Z', now))).toBe('ok');
    expect(reason(checkClinicalTime(ended, '2026-03-02T00:00:00.000Z', now))).toBe('after_course_end');
  });
  it('lets bookings be in the future, still within the course', () => {
    expect(reason(checkClinicalTime(active, at(now.getTime() + 1), now, { future: 'allowed' }))).toBe('ok');
    expect(reason(checkClinicalTime(active, at(start - 1), now, { future: 'allowed' }))).toBe('before_course_start');
  });
  it('refuses a time that is not a time', () => {
    expect(reason(checkClinicalTime(active, 'yesterday', now))).toBe('invalid_time');
  });
});

describe('checkSessionTime', () => {
  const now = new Date('2026-03-10T12:00:00.000Z');
  const later = '2026-03-10T12:00:00.001Z';
  const reason = (r: ReturnType<typeof checkSessionTime>) => (r.ok ? 'ok' : r.reason);
  it('books a future session but does not mark it attended or no-show', () => {
    expect(reason(checkSessionTime(active, { startsAt: later, status: 'scheduled' }, now))).toBe('ok');
    expect(reason(checkSessionTime(active, { startsAt: later, status: 'cancelled_early' }, now))).toBe('ok');
    expect(reason(checkSessionTime(active, { startsAt: later, status: 'attended' }, now))).toBe('session_in_future');
    expect(reason(checkSessionTime(active, { startsAt: later, status: 'no_show' }, now))).toBe('session_in_future');
  });
  it('marks a session attended from the moment it starts', () => {
    expect(reason(checkSessionTime(active, { startsAt: now.toISOString(), status: 'attended' }, now))).toBe('ok');
  });
  it('lets a booking left after the course’s end be cancelled, but not marked attended ahead of time', () => {
    const after = { startsAt: '2026-03-12T09:00:00.000Z', status: 'cancelled_by_therapist' as const };
    expect(reason(checkSessionTime(ended, after, now))).toBe('after_course_end');
    expect(reason(checkSessionTime(ended, after, now, { timeGiven: false }))).toBe('ok');
    expect(reason(checkSessionTime(ended, { ...after, status: 'attended' }, now, { timeGiven: false }))).toBe('session_in_future');
  });
  it('keeps sessions within the course', () => {
    expect(reason(checkSessionTime(active, { startsAt: '2026-01-04T23:59:59.999Z', status: 'attended' }, now))).toBe('before_course_start');
    expect(reason(checkSessionTime(ended, { startsAt: '2026-03-02T09:00:00.000Z', status: 'scheduled' }, now))).toBe('after_course_end');
  });
});
