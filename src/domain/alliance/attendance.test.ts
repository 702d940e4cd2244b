import { describe, expect, it } from 'vitest';
import type { AttendancePattern } from './attendance.ts';
import { analyseAttendance, attendanceFindings } from './attendance.ts';
import type { Frequency, SessionRecord, SessionStatus } from './course.ts';

const A: SessionStatus = 'attended';
const N: SessionStatus = 'no_show';
const L: SessionStatus = 'cancelled_late';
const E: SessionStatus = 'cancelled_early';
const B: SessionStatus = 'planned_break';
const T: SessionStatus = 'cancelled_by_therapist';

const at = (day: number): string => new Date(Date.UTC(2024, 0, 1) + day * 86_400_000).toISOString();

/** Sessions on the given days (from 1 Jan 2024) with the given statuses. */
const onDays = (days: number[], statuses: SessionStatus[]): SessionRecord[] => days.map((d, i) => ({ id: `s${i + 1}`, at: at(d), status: statuses[i] ?? A }));
/** Weekly sessions with the given statuses. */
const weekly = (statuses: SessionStatus[]): SessionRecord[] =>
  onDays(
    statuses.map((_, i) => i * 7),
    statuses,
  );

describe('analyseAttendance: patterns and thresholds', () => {
  it.each<[string, SessionRecord[], Frequency, AttendancePattern]>([
    ['3 sessions are too early', weekly([A, A, A]), 'weekly', 'too_early'],
    ['4 attended weekly sessions are regular', weekly([A, A, A, A]), 'weekly', 'regular'],
    ['exactly 80 % attended is regular', weekly([A, A, E, A, A, A, A, A, L, A]), 'weekly', 'regular'],
    [
      '79 % attended (not regular, not erratic) is unclear',
      weekly([A, A, E, A, A, A, A, L, A, A, A, A, A, E, A, A, A, E, A, A, L, A, A, A]),
      'weekly',
      'unclear',
    ],
    ['a gap of exactly 2.5 intervals is still regular', onDays([0, 7, 14, 31.5, 38.5], [A, A, A, A, A]), 'weekly', 'regular'],
    ['a gap of 2.6 intervals is not regular', onDays([0, 7, 14, 32.2, 39.2], [A, A, A, A, A]), 'weekly', 'unclear'],
    ['exactly 60 % attended is not erratic', weekly([A, E, A, L, A, A, E, A, L, A]), 'weekly', 'unclear'],
    ['below 60 % attended is erratic', weekly([A, E, A, L, A, E, A, L, A, E, A]), 'weekly', 'erratic'],
    ['2 no-shows in the last 5 is erratic, even at 80 %', weekly([A, A, A, A, A, A, A, A, A, N, A, N, A, A]), 'weekly', 'erratic'],
    ['2 no-shows six sessions ago are not', weekly([A, A, N, A, N, A, A, A, A, A, A, A, A, A]), 'weekly', 'regular'],
    ['planned breaks and therapist cancellations do not count against the client', weekly([A, A, B, B, A, T, A, A]), 'weekly', 'regular'],
    ['two bursts a few months apart are episodic', onDays([0, 7, 14, 120, 127, 134], [A, A, A, A, A, A]), 'weekly', 'episodic'],
    ['bursts separated by exactly 4 intervals are episodic', onDays([0, 7, 35, 42], [A, A, A, A]), 'weekly', 'episodic'],
    ['bursts separated by 3.9 intervals are not', onDays([0, 7, 34.3, 41.3], [A, A, A, A]), 'weekly', 'unclear'],
    ['sessions 1.5 intervals apart still form a burst', onDays([0, 10.5, 60, 70.5], [A, A, A, A]), 'weekly', 'episodic'],
    ['sessions 1.6 intervals apart do not', onDays([0, 11.2, 60, 71.2], [A, A, A, A]), 'weekly', 'unclear'],
    ['bursts with an as-needed frequency use the median gap', onDays([0, 3, 6, 90, 93, 96, 200, 203], [A, A, A, A, A, A, A, A]), 'as_needed', 'episodic'],
    ['lengthening gaps are fading', onDays([0, 7, 14, 28, 49, 77], [A, A, A, A, A, A]), 'weekly', 'fading'],
    ['fading wins over regular when gaps lengthen within the limits', onDays([0, 7, 14, 21, 31.5, 45.5], [A, A, A, A, A, A]), 'weekly', 'fading'],
    ['gaps lengthening by exactly 1 interval in two steps are fading', onDays([0, 7, 14, 24.5, 38.5], [A, A, A, A, A]), 'weekly', 'fading'],
    ['gaps lengthening by 0.9 intervals in two steps are not', onDays([0, 7, 14, 23.8, 37.1], [A, A, A, A, A]), 'weekly', 'regular'],
    ['one longer gap at the end is not fading', weekly([A, A, E, A, A, A, A, A, L, A]), 'weekly', 'regular'],
    ['a lone session between two bursts with middling gaps is not episodic', onDays([0, 7, 28, 49, 56], [A, A, A, A, A]), 'weekly', 'unclear'],
    ['a lone session inside a long pause does not spoil episodic', onDays([0, 7, 60, 120, 127], [A, A, A, A, A]), 'weekly', 'episodic'],
    ['gaps that shorten again are not fading', onDays([0, 14, 35, 42, 49], [A, A, A, A, A]), 'weekly', 'unclear'],
  ])('%s', (_name, sessions, frequency, pattern) => {
    expect(analyseAttendance(sessions, frequency).pattern).toBe(pattern);
  });

  it('explains itself: rate, gaps in intervals, bursts and which rules matched', () => {
    const a = analyseAttendance(onDays([0, 7, 14, 21, 119, 126, 133], [A, A, N, A, A, A, A]), 'weekly');
    expect(a).toMatchObject({ counted: 7, attended: 6, noShows: 1, intervalDays: 7, intervalSource: 'frequency', pattern: 'episodic' });
    expect(a.attendedRate).toBeCloseTo(6 / 7);
    expect(a.gaps).toEqual([1, 2, 14, 1, 1]);
    expect(a.bursts.map((b) => [b.fromSessionId, b.toSessionId, b.sessions])).toEqual([
      ['s1', 's2', 2],
      ['s5', 's7', 3],
    ]);
    expect(a.matches).toEqual({ erratic: false, episodic: true, fading: false, regular: false });
  });

  it('takes a planned break out of the gap it falls in, one interval per excluded slot', () => {
    const a = analyseAttendance(weekly([A, A, B, B, A]), 'weekly');
    expect(a.gaps).toEqual([1, 1]);
    expect(a.excluded).toBe(2);
    expect(a.counted).toBe(3);
  });

  it('reads only sessions up to asOf', () => {
    const sessions = weekly([A, A, A, A, N, N]);
    expect(analyseAttendance(sessions, 'weekly', at(21)).pattern).toBe('regular');
    expect(analyseAttendance(sessions, 'weekly', at(35)).pattern).toBe('erratic');
  });

  it('is too early for as-needed work until there is a gap to measure', () => {
    expect(analyseAttendance(onDays([0, 5, 9, 13], [A, N, N, N]), 'as_needed')).toMatchObject({ pattern: 'too_early', intervalSource: 'unknown' });
  });
});

describe('attendanceFindings', () => {
  it.each<[string, SessionStatus[], string[]]>([
    ['a no-show at the first session', [N, A, A, A], ['attendance_no_show_early:c1:s1']],
    ['a no-show when the third session was due', [A, A, N, A], ['attendance_no_show_early:c1:s3']],
    ['a no-show after three attended sessions', [A, A, A, N, A], []],
    ['two consecutive no-shows later on', [A, A, A, A, N, N, A], ['attendance_consecutive_no_shows:c1:s5']],
    ['two no-shows around a planned break still run together', [A, A, A, N, B, N], ['attendance_consecutive_no_shows:c1:s4']],
    ['a late cancellation between no-shows breaks the run', [A, A, A, N, L, N], []],
    ['early and consecutive at once', [N, N, A], ['attendance_no_show_early:c1:s1', 'attendance_no_show_early:c1:s2', 'attendance_consecutive_no_shows:c1:s1']],
  ])('%s', (_name, statuses, keys) => {
    const findings = attendanceFindings('c1', weekly(statuses));
    expect(findings.map((f) => f.dedupeKey)).toEqual(keys);
    for (const f of findings) {
      expect(f.evidence.length).toBeGreaterThan(0);
      expect(f.suggestedConversation).not.toBe('');
    }
  });

  it('dates the consecutive no-show finding at the second no-show', () => {
    const [f] = attendanceFindings('c1', weekly([A, A, A, A, N, N, N]));
    expect(f).toMatchObject({ kind: 'attendance_consecutive_no_shows', at: at(35), title: '3 missed sessions in a row' });
  });
});
