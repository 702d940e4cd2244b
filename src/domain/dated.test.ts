import { describe, expect, it } from 'vitest';
import { startOfDayIn, whenItHappened } from './dated.ts';

const base = { courseStart: '2026-01-05T00:00:00.000Z', now: '2026-03-01T12:00:00.000Z' };

describe('whenItHappened', () => {
  it('is now when no time is given, for anyone', () => {
    expect(whenItHappened({ ...base, enteredBy: 'client' })).toEqual({ ok: true, at: base.now });
    expect(whenItHappened({ ...base, enteredBy: 'staff' })).toEqual({ ok: true, at: base.now });
  });
  it('takes a staff member’s past time within the course, in UTC', () => {
    expect(whenItHappened({ ...base, enteredBy: 'staff', occurredAt: '2026-02-02T11:00:00+01:00' })).toEqual({ ok: true, at: '2026-02-02T10:00:00.000Z' });
    expect(whenItHappened({ ...base, enteredBy: 'staff', occurredAt: base.courseStart })).toEqual({ ok: true, at: base.courseStart });
  });
  it('refuses a client’s time, a future time, a time before the course and a malformed one', () => {
    const reason = (occurredAt: string, enteredBy: 'staff' | 'client' = 'staff') => {
      const r = whenItHappened({ ...base, enteredBy, occurredAt });
      return r.ok ? 'ok' : r.reason;
    };
    expect(reason('2026-02-02T10:00:00Z', 'client')).toBe('occurred_at_staff_only');
    expect(reason('2026-03-01T12:10:00Z')).toBe('occurred_in_future');
    expect(reason('2026-01-04T23:59:59Z')).toBe('occurred_before_course');
    expect(reason('yesterday')).toBe('occurred_at_malformed');
    expect(reason('2026-02-30')).toBe('occurred_at_malformed');
  });
  it('takes a time a little ahead (a browser clock) as now', () => {
    expect(whenItHappened({ ...base, enteredBy: 'staff', occurredAt: '2026-03-01T12:01:00Z' })).toEqual({ ok: true, at: base.now });
  });
});

describe('the day a course began, in the practice’s zone', () => {
  it('is midnight there, not midnight UTC', () => {
    expect(startOfDayIn('2026-01-05', 'UTC')).toBe('2026-01-05T00:00:00.000Z');
    expect(startOfDayIn('2026-01-05', 'Europe/Berlin')).toBe('2026-01-04T23:00:00.000Z');
    expect(startOfDayIn('2026-07-05', 'Europe/Berlin')).toBe('2026-07-04T22:00:00.000Z');
    expect(startOfDayIn('2026-01-05', 'Pacific/Auckland')).toBe('2026-01-04T11:00:00.000Z');
    expect(startOfDayIn('2026-01-05', 'America/New_York')).toBe('2026-01-05T05:00:00.000Z');
    // The day New York moves its clocks forward (2026-03-08) still begins at its midnight (EST).
    expect(startOfDayIn('2026-03-08', 'America/New_York')).toBe('2026-03-08T05:00:00.000Z');
    expect(startOfDayIn('2026-03-09', 'America/New_York')).toBe('2026-03-09T04:00:00.000Z');
  });
  it('lets a practice east of UTC date a record in the first hours of the course’s first day', () => {
    const courseStart = startOfDayIn('2026-01-05', 'Europe/Berlin');
    const at = whenItHappened({
      enteredBy: 'staff',
      occurredAt: '2026-01-05T00:30:00+01:00',
      courseStart,
      courseStartedOn: '2026-01-05',
      now: '2026-03-01T12:00:00.000Z',
    });
    expect(at).toEqual({ ok: true, at: '2026-01-04T23:30:00.000Z' });
    const before = whenItHappened({
      enteredBy: 'staff',
      occurredAt: '2026-01-04T23:30:00+01:00',
      courseStart,
      courseStartedOn: '2026-01-05',
      now: '2026-03-01T12:00:00.000Z',
    });
    expect(before).toMatchObject({ ok: false, reason: 'occurred_before_course', detail: expect.stringContaining('(2026-01-05)') });
  });
});
