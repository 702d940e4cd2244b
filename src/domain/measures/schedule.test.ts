import { describe, expect, it } from 'vitest';
import { dueMeasures } from './schedule.ts';
import type { ScheduleEntry, ScheduleResponse, ScheduleSession } from './schedule.ts';

const course = { id: 'k', phase: 'middle', status: 'active', startedOn: '2026-01-05' };
const sch = (cadence: ScheduleEntry['cadence'], everyN: number | null = null, code = 'phq9'): ScheduleEntry => ({
  id: `${code}-${cadence}`,
  instrumentCode: code,
  cadence,
  everyN,
  active: true,
});
const attended = (id: string, startsAt: string): ScheduleSession => ({ id, startsAt, status: 'attended' });
const due = (schedules: ScheduleEntry[], sessions: ScheduleSession[], responses: ScheduleResponse[], now: string, c = course) =>
  dueMeasures({ course: c, schedules, sessions, responses, now }).map((d) => `${d.instrumentCode}:${d.cadence}:${d.sessionId ?? '-'}`);

describe('dueMeasures', () => {
  it('intake: due until the first answer', () => {
    expect(due([sch('intake')], [], [], '2026-01-05T09:00:00Z')).toEqual(['phq9:intake:-']);
    expect(due([sch('intake')], [], [{ instrumentCode: 'phq9', completedAt: '2026-01-05T09:30:00Z', sessionId: null }], '2026-02-01T09:00:00Z')).toEqual([]);
  });

  it('before every session: opens 48 h before a booked session, closes 2 h after it starts, answered once per window', () => {
    const s = [{ id: 's1', startsAt: '2026-03-10T10:00:00Z', status: 'scheduled' }];
    expect(due([sch('before_every_session')], s, [], '2026-03-08T09:59:00Z')).toEqual([]);
    expect(due([sch('before_every_session')], s, [], '2026-03-08T10:00:00Z')).toEqual(['phq9:before_every_session:s1']);
    expect(due([sch('before_every_session')], s, [], '2026-03-10T12:00:00Z')).toEqual(['phq9:before_every_session:s1']);
    expect(due([sch('before_every_session')], s, [], '2026-03-10T12:01:00Z')).toEqual([]);
    expect(
      due([sch('before_every_session')], s, [{ instrumentCode: 'phq9', completedAt: '2026-03-09T20:00:00Z', sessionId: null }], '2026-03-10T09:00:00Z'),
    ).toEqual([]);
  });

  it('after every session: the last attended session, for 7 days, until answered', () => {
    const s = [attended('a', '2026-03-01T10:00:00Z'), attended('b', '2026-03-08T10:00:00Z')];
    expect(due([sch('after_every_session', null, 'session_check')], s, [], '2026-03-08T11:00:00Z')).toEqual(['session_check:after_every_session:b']);
    expect(due([sch('after_every_session', null, 'session_check')], s, [], '2026-03-15T10:01:00Z')).toEqual([]);
    expect(
      due(
        [sch('after_every_session', null, 'session_check')],
        s,
        [{ instrumentCode: 'session_check', completedAt: '2026-03-08T11:00:00Z', sessionId: 'b' }],
        '2026-03-09T11:00:00Z',
      ),
    ).toEqual([]);
  });

  it('every n sessions: counts attended sessions since the last answer', () => {
    const s = [attended('a', '2026-03-01T10:00:00Z'), attended('b', '2026-03-08T10:00:00Z'), attended('c', '2026-03-15T10:00:00Z')];
    const answered = [{ instrumentCode: 'phq9', completedAt: '2026-03-02T10:00:00Z', sessionId: null }];
    expect(due([sch('every_n_sessions', 3)], s, answered, '2026-03-16T10:00:00Z')).toEqual([]);
    expect(due([sch('every_n_sessions', 2)], s, answered, '2026-03-16T10:00:00Z')).toEqual(['phq9:every_n_sessions:-']);
    expect(due([sch('every_n_sessions', 2)], s, [], '2026-03-16T10:00:00Z')).toEqual(['phq9:every_n_sessions:-']);
  });

  it('ending: during the termination phase; nothing is due on an ended or paused course, nor for an inactive schedule', () => {
    expect(due([sch('ending')], [], [], '2026-03-16T10:00:00Z')).toEqual([]);
    expect(due([sch('ending')], [], [], '2026-03-16T10:00:00Z', { ...course, phase: 'termination' })).toEqual(['phq9:ending:-']);
    expect(due([sch('intake')], [], [], '2026-03-16T10:00:00Z', { ...course, status: 'ended' })).toEqual([]);
    expect(due([sch('intake')], [], [], '2026-03-16T10:00:00Z', { ...course, status: 'paused' })).toEqual([]);
    expect(due([{ ...sch('intake'), active: false }], [], [], '2026-03-16T10:00:00Z')).toEqual([]);
  });
});
