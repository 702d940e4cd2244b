import { describe, it, expect } from 'vitest';
import type { Goal } from '../alliance/goals.ts';
import { allianceSpans, goalOutcomes, measureComparisons } from './report.ts';

const point = (at: string, total: number, band: string) => ({
  responseId: at,
  at,
  total,
  band,
  severity: 'x',
  caseness: null,
  sessionIndex: 0,
  source: 'portal' as const,
  sessionId: null,
});

describe('first vs last scores', () => {
  it('takes the outcome the measures rules gave and leaves out instruments never answered', () => {
    const rows = measureComparisons([
      {
        code: 'phq9',
        title: 'PHQ-9',
        higherIsBetter: false,
        reliableChange: 6,
        points: [
          point('2026-01-05T10:00:00Z', 17, 'Moderately severe'),
          point('2026-02-05T10:00:00Z', 12, 'Moderate'),
          point('2026-05-05T10:00:00Z', 6, 'Mild'),
        ],
        change: { outcome: 'reliable_improvement', change: -11, firstId: 'a', latestId: 'b' },
        recovery: { applicable: true, recovered: true, reliablyRecovered: true },
      },
      {
        code: 'gad7',
        title: 'GAD-7',
        higherIsBetter: false,
        reliableChange: 4,
        points: [point('2026-01-05T10:00:00Z', 9, 'Mild')],
        change: null,
        recovery: null,
      },
      { code: 'none', title: 'Never', higherIsBetter: false, reliableChange: null, points: [], change: null, recovery: null },
    ]);
    expect(rows.map((r) => r.code)).toEqual(['phq9', 'gad7']);
    expect(rows[0]).toMatchObject({
      count: 3,
      change: -11,
      outcome: 'reliable_improvement',
      first: { total: 17 },
      last: { total: 6, band: 'Mild' },
      reliablyRecovered: true,
    });
    expect(rows[1]).toMatchObject({ count: 1, change: 0, outcome: 'insufficient_data', recovered: null });
  });
});

describe('goal outcomes', () => {
  const base = { proposedAt: '2026-01-05T10:00:00Z', focus: 'skill' as const, author: 'client' as const, ratings: [] };
  it('shows agreed goals as they ended, with the last rating and GAS level; never-agreed and revised goals are left out', () => {
    const goals: Goal[] = [
      {
        ...base,
        id: 'g1',
        text: 'Say no at work',
        state: 'achieved',
        agreement: { by: 'therapist', recordedBy: 'therapist', at: '2026-01-06T10:00:00Z', words: 'Yes' },
        closure: { state: 'achieved', at: '2026-05-01T10:00:00Z', by: 'therapist' },
        ratings: [
          { at: '2026-02-01T10:00:00Z', value: 4, recordedBy: 'client' },
          { at: '2026-04-01T10:00:00Z', value: 8, recordedBy: 'client' },
        ],
        gas: { weight: 2, attainments: [{ at: '2026-05-01T10:00:00Z', level: 1 }] },
      },
      { ...base, id: 'g2', text: 'Only proposed', state: 'proposed' },
      {
        ...base,
        id: 'g3',
        text: 'Old wording',
        state: 'revised',
        agreement: { by: 'client', recordedBy: 'client', at: '2026-01-06T10:00:00Z', words: 'Yes' },
      },
    ];
    expect(goalOutcomes(goals)).toEqual([
      expect.objectContaining({ id: 'g1', state: 'achieved', lastRating: 8, gasLevel: 1, gasWeight: 2, closedAt: '2026-05-01T10:00:00Z' }),
    ]);
  });
});

describe('alliance history', () => {
  it('joins consecutive attended sessions with the same phase and alliances into spans, skipping missed ones', () => {
    const p = (at: string, inferred: string, o: { status?: string; agreed?: string | null; phase?: string } = {}) => ({
      at,
      status: o.status ?? 'attended',
      phase: o.phase ?? 'beginning',
      agreed: o.agreed === undefined ? 'working' : o.agreed,
      inferred,
    });
    const spans = allianceSpans([
      p('2026-01-05', 'magical', { agreed: null }),
      p('2026-01-12', 'working'),
      p('2026-01-19', 'working', { status: 'no_show' }),
      p('2026-01-26', 'working'),
      p('2026-02-02', 'working', { phase: 'middle' }),
    ]);
    expect(spans).toEqual([
      { from: '2026-01-05', to: '2026-01-05', sessions: 1, phase: 'beginning', agreed: null, inferred: 'magical' },
      { from: '2026-01-12', to: '2026-01-26', sessions: 2, phase: 'beginning', agreed: 'working', inferred: 'working' },
      { from: '2026-02-02', to: '2026-02-02', sessions: 1, phase: 'middle', agreed: 'working', inferred: 'working' },
    ]);
  });
});
