import { describe, expect, it } from 'vitest';
import { checkBreak, checkTrackerDay, checkTrackerLabel, lengthening, streaksOf } from './trackers.ts';
import { checkSupportAnswer, supportRise, supportTotal } from './support-check.ts';

const kept = (...days: string[]) => days.map((day) => ({ day, kept: true }));

describe('trackers', () => {
  it('today in one tap, yesterday correctable, nothing earlier, nothing in the future, no day twice', () => {
    const rec = new Set(['2026-11-09']);
    expect(checkTrackerDay('2026-11-10', '2026-11-10', rec, 'new')).toEqual({ ok: true });
    expect(checkTrackerDay('2026-11-09', '2026-11-10', rec, 'correct')).toEqual({ ok: true });
    expect(checkTrackerDay('2026-11-09', '2026-11-10', rec, 'new')).toMatchObject({ reason: 'duplicate_day' });
    expect(checkTrackerDay('2026-11-10', '2026-11-10', rec, 'correct')).toMatchObject({ reason: 'no_such_day' });
    expect(checkTrackerDay('2026-11-11', '2026-11-10', rec, 'new')).toMatchObject({ reason: 'future_day' });
    expect(checkTrackerDay('2026-11-08', '2026-11-10', rec, 'new')).toMatchObject({ reason: 'day_closed' });
    expect(checkTrackerDay('2026-11-xx', '2026-11-10', rec, 'new')).toMatchObject({ reason: 'bad_day' });
  });

  it('streaks are runs of kept days; a missed or unentered day ends one; today may still come', () => {
    const days = [
      ...kept('2026-11-01', '2026-11-02'),
      { day: '2026-11-03', kept: false },
      ...kept('2026-11-04', '2026-11-05', '2026-11-06'),
      ...kept('2026-11-09'),
    ];
    const s = streaksOf(days, '2026-11-10');
    expect(s.map((x) => [x.from, x.length, x.ongoing])).toEqual([
      ['2026-11-01', 2, false],
      ['2026-11-04', 3, false],
      ['2026-11-09', 1, true],
    ]);
    expect(streaksOf([...kept('2026-11-09'), { day: '2026-11-10', kept: false }], '2026-11-10')[0]!.ongoing).toBe(false);
    expect(streaksOf(kept('2026-11-11'), '2026-11-10')).toEqual([]);
  });

  it('marks the planned breaks a streak held across', () => {
    const s = streaksOf(kept('2026-11-01', '2026-11-02', '2026-11-03'), '2026-11-03', [
      { id: 'b1', startsOn: '2026-11-02', endsOn: '2026-11-20' },
      { id: 'b2', startsOn: '2026-12-01', endsOn: '2026-12-05' },
    ]);
    expect(s[0]!.acrossBreaks).toEqual(['b1']);
  });

  it('lengthening: the latest streak is the longest yet and long enough; one streak alone is no trend', () => {
    const runs = (...lengths: number[]) => lengths.map((length, i) => ({ from: `d${i}`, to: `d${i}`, length, ongoing: false, acrossBreaks: [] }));
    expect(lengthening(runs(3, 5, 8), 7)).toMatchObject({ previousBest: 5 });
    expect(lengthening(runs(9, 8), 7)).toBeUndefined();
    expect(lengthening(runs(3, 6), 7)).toBeUndefined();
    expect(lengthening(runs(30), 7)).toBeUndefined();
  });

  it('labels and breaks are checked', () => {
    expect(checkTrackerLabel('  A day without drinking ', 0)).toEqual({ ok: true, label: 'A day without drinking' });
    expect(checkTrackerLabel('  ', 0)).toMatchObject({ reason: 'empty_label' });
    expect(checkTrackerLabel('x', 12)).toMatchObject({ reason: 'too_many_trackers' });
    expect(checkBreak('2026-12-20', '2027-01-03')).toEqual({ ok: true });
    expect(checkBreak('2026-12-20', '2026-12-19')).toMatchObject({ reason: 'bad_range' });
    expect(checkBreak('2026-02-30', '2026-03-01')).toMatchObject({ reason: 'bad_day' });
  });
});

describe('Support check', () => {
  it('takes two ratings 0–4 and a list of supports, each once', () => {
    const ok = checkSupportAnswer({
      calm: 2,
      people: 3,
      supports: [
        { kind: 'person', name: ' My  sister ' },
        { kind: 'activity', name: 'Running' },
      ],
    });
    expect(ok).toEqual({
      ok: true,
      answer: {
        calm: 2,
        people: 3,
        supports: [
          { kind: 'person', name: 'My sister' },
          { kind: 'activity', name: 'Running' },
        ],
      },
    });
    expect(checkSupportAnswer({ calm: 5, people: 0, supports: [] })).toMatchObject({ reason: 'rating_out_of_range' });
    expect(checkSupportAnswer({ calm: 1, people: -1, supports: [] })).toMatchObject({ reason: 'rating_out_of_range' });
    expect(
      checkSupportAnswer({
        calm: 1,
        people: 1,
        supports: [
          { kind: 'person', name: 'Anna' },
          { kind: 'person', name: 'anna' },
        ],
      }),
    ).toMatchObject({ reason: 'duplicate_support' });
    expect(checkSupportAnswer({ calm: 1, people: 1, supports: [{ kind: 'person', name: ' ' }] })).toMatchObject({ reason: 'empty_support' });
  });
  it('rises when the latest total is at least the threshold above the first', () => {
    expect(supportTotal({ calm: 3, people: 4 })).toBe(7);
    expect(supportRise([{ calm: 1, people: 1 }], 2)).toBeUndefined();
    expect(
      supportRise(
        [
          { calm: 1, people: 1 },
          { calm: 2, people: 1 },
        ],
        2,
      ),
    ).toBeUndefined();
    expect(
      supportRise(
        [
          { calm: 1, people: 1 },
          { calm: 0, people: 0 },
          { calm: 2, people: 2 },
        ],
        2,
      ),
    ).toMatchObject({ rise: 2 });
  });
});
