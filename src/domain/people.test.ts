import { describe, it, expect } from 'vitest';
import type { CourseFacts, SessionStatus } from './people.ts';
import { SESSION_STATUSES, SESSION_STATUS_LABELS, checkCourseChange, countsForAttendance } from './people.ts';

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
