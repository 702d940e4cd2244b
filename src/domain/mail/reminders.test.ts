import { describe, it, expect } from 'vitest';
import { closesAt, remindersFor } from './reminders.ts';
import { nextAttemptAt, renderMail, MAIL_KINDS } from './messages.ts';

const session = '2026-03-10T10:00:00.000Z';

describe('measure reminders', () => {
  it('reminds once when a measure before a session becomes due, and again when it closes within 12 hours', () => {
    const item = { scheduleId: 's1', cadence: 'before_every_session' as const, sessionId: 'x1' };
    expect(closesAt(item, session)?.toISOString()).toBe('2026-03-10T12:00:00.000Z');
    expect(remindersFor(item, session, new Date('2026-03-08T11:00:00.000Z'))).toEqual([{ kind: 'measure_due', dedupeKey: 'measure_due:s1:x1' }]);
    expect(remindersFor(item, session, new Date('2026-03-10T01:00:00.000Z'))).toEqual([
      { kind: 'measure_due', dedupeKey: 'measure_due:s1:x1' },
      { kind: 'measure_closing', dedupeKey: 'measure_closing:s1:x1' },
    ]);
  });

  it('gives a measure not tied to a session a weekly key and no closing reminder', () => {
    const item = { scheduleId: 's2', cadence: 'every_n_sessions' as const, sessionId: null };
    const a = remindersFor(item, null, new Date('2026-03-10T10:00:00.000Z'));
    const b = remindersFor(item, null, new Date('2026-03-11T10:00:00.000Z'));
    const c = remindersFor(item, null, new Date('2026-03-20T10:00:00.000Z'));
    expect(a).toHaveLength(1);
    expect(a[0]!.dedupeKey).toMatch(/^measure_due:s2:week-\d+$/);
    expect(b).toEqual(a);
    expect(c[0]!.dedupeKey).not.toBe(a[0]!.dedupeKey);
  });
});

describe('messages', () => {
  it('carry the practice name and the link only, for every kind', () => {
    for (const kind of MAIL_KINDS) {
      const m = renderMail(kind, 'Harbour <Therapy>', 'https://accord.example/x?y=1&z=2');
      expect(m.text).toContain('https://accord.example/x?y=1&z=2');
      expect(m.html).toContain('https://accord.example/x?y=1&#38;z=2');
      expect(m.html).not.toContain('<Therapy>');
      expect(m.subject.length).toBeGreaterThan(5);
    }
  });

  it('retries after 1, 2, 4 … minutes, at most six hours apart, and gives up after ten attempts or a permanent failure', () => {
    const now = new Date('2026-03-10T10:00:00.000Z');
    const mins = (d: Date | null) => (d ? (d.getTime() - now.getTime()) / 60_000 : null);
    expect([1, 2, 3, 4].map((a) => mins(nextAttemptAt(now, a, false)))).toEqual([1, 2, 4, 8]);
    expect(mins(nextAttemptAt(now, 9, false))).toBe(256);
    expect(mins(nextAttemptAt(now, 10, false))).toBeNull();
    expect(mins(nextAttemptAt(now, 1, true))).toBeNull();
  });
});
