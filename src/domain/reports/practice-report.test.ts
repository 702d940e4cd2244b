import { describe, expect, it } from 'vitest';
import type { GroupCounts } from './practice-report.ts';
import { ZERO, compareTwo, metricsOf, periodOf, practiceReport, sumCounts } from './practice-report.ts';

const g = (key: GroupCounts['key'], over: Partial<GroupCounts>): GroupCounts => ({ ...ZERO, ...over, key });
const r3 = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 1000);

describe('practice report', () => {
  it('metrics: rates with their counts, denominators and Wilson intervals; mean sessions; goal consensus', () => {
    const m = metricsOf(
      g(
        {},
        {
          ended: 40,
          finished: 36,
          droppedOut: 8,
          attendedSum: 300,
          finishedPaired: 30,
          improved: 18,
          deteriorated: 2,
          finishedCaseness: 25,
          recovered: 12,
          reliablyRecovered: 10,
          agreedEarly: 20,
          withAgreed: 30,
          agreedMatchesInferred: 21,
          consensusN: 20,
          consensusSum: 15,
        },
      ),
    );
    expect(m.meanSessions).toBe(7.5);
    expect(m.dropOut).toMatchObject({ count: 8, of: 40, rate: 0.2, small: false });
    expect([r3(m.dropOut.low), r3(m.dropOut.high)]).toEqual([0.105, 0.348]);
    expect(m.reliableImprovement).toMatchObject({ count: 18, of: 30, rate: 0.6 });
    expect([r3(m.reliableImprovement.low), r3(m.reliableImprovement.high)]).toEqual([0.423, 0.754]);
    expect(m.recovery).toMatchObject({ count: 12, of: 25, rate: 0.48 });
    expect(m.reliableRecovery).toMatchObject({ count: 10, of: 25, rate: 0.4 });
    expect(m.agreedMatchesInferred).toMatchObject({ count: 21, of: 30, rate: 0.7 });
    expect(m.goalConsensus).toEqual({ mean: 0.75, courses: 20 });
  });

  it('flags a rate over fewer than 10 courses as too small to read; no courses gives no rate', () => {
    const m = metricsOf(g({}, { ended: 9, droppedOut: 3 }));
    expect(m.dropOut).toMatchObject({ count: 3, of: 9, small: true });
    expect(m.recovery).toEqual({ count: 0, of: 0, rate: null, low: null, high: null, small: true });
    expect(m.meanSessions).toBe(0);
  });

  it('periods: month, quarter, year', () => {
    expect(['2026-01', '2026-03', '2026-04', '2026-12'].map((m) => periodOf(m, 'quarter'))).toEqual(['2026-Q1', '2026-Q1', '2026-Q2', '2026-Q4']);
    expect(periodOf('2026-07', 'year')).toBe('2026');
    expect(periodOf('2026-07', 'month')).toBe('2026-07');
  });

  it('by therapist and by period from therapist × month counts', () => {
    const rows = [
      g({ therapist: 'a', month: '2026-01' }, { ended: 4, droppedOut: 1, attendedSum: 20 }),
      g({ therapist: 'a', month: '2026-04' }, { ended: 6, droppedOut: 0, attendedSum: 40 }),
      g({ therapist: 'b', month: '2026-02' }, { ended: 10, droppedOut: 5, attendedSum: 30 }),
    ];
    const r = practiceReport({ byTherapistMonth: rows, byDivergenceEarly: [], byEarlyType: [], byAgreedInferred: [], grouping: 'quarter' });
    expect(r.overall.ended).toBe(20);
    expect(r.overall.meanSessions).toBe(4.5);
    expect(r.byTherapist.map((t) => [t.therapistId, t.metrics.ended, t.metrics.dropOut.count])).toEqual([
      ['a', 10, 1],
      ['b', 10, 5],
    ]);
    expect(r.byPeriod.map((p) => [p.period, p.metrics.ended])).toEqual([
      ['2026-Q1', 14],
      ['2026-Q2', 6],
    ]);
    expect(sumCounts(rows).attendedSum).toBe(90);
  });

  it('a comparison with enough courses gives the risk difference, Newcombe interval and careful words', () => {
    const c = compareTwo({
      id: 'x',
      question: 'q',
      outcome: 'drop_out',
      a: { label: 'Diverging at intake', count: 12, of: 30 },
      b: { label: 'Not diverging', count: 6, of: 50 },
    });
    expect(r3(c.difference!.value)).toBe(0.28);
    expect([r3(c.difference!.low), r3(c.difference!.high)]).toEqual([0.086, 0.468]);
    expect(c.reading).toContain('40 % dropped out (12 of 30) diverging at intake, 12 % (6 of 50) not diverging');
    expect(c.reading).toContain('not proof of a cause');
  });

  it('an interval that includes no difference says the data cannot tell', () => {
    const c = compareTwo({ id: 'x', question: 'q', outcome: 'reliable_improvement', a: { label: 'A', count: 6, of: 12 }, b: { label: 'B', count: 5, of: 12 } });
    expect(c.difference).not.toBeNull();
    expect(c.reading).toContain('cannot tell');
    expect(c.reading).not.toContain('association');
  });

  it('too few courses in a group: no difference is computed and the reading says so', () => {
    const c = compareTwo({ id: 'x', question: 'q', outcome: 'drop_out', a: { label: 'A', count: 3, of: 4 }, b: { label: 'B', count: 5, of: 40 } });
    expect(c.difference).toBeNull();
    expect(c.reading).toMatch(/^Too few courses to compare: 4 a and 40 b \(at least 10 in each are needed\)/);
  });

  it('alliance overview and comparisons by divergence, early agreement and agreed type', () => {
    const r = practiceReport({
      byTherapistMonth: [],
      byDivergenceEarly: [
        g({ divergence: '1', early: '0' }, { ended: 20, droppedOut: 9, finishedPaired: 10, improved: 3 }),
        g({ divergence: '0', early: '1' }, { ended: 30, droppedOut: 3, finishedPaired: 25, improved: 16 }),
        g({ divergence: null, early: '1' }, { ended: 5, droppedOut: 1 }),
      ],
      byEarlyType: [g({ earlyType: 'working' }, { ended: 25, droppedOut: 2 }), g({ earlyType: 'magical' }, { ended: 10, droppedOut: 2 })],
      byAgreedInferred: [
        g({ agreedType: 'working', inferredType: 'working' }, { ended: 7 }),
        g({ agreedType: 'working', inferredType: 'magical' }, { ended: 2 }),
        g({ agreedType: null, inferredType: null }, { ended: 4 }),
      ],
      grouping: 'month',
    });
    expect(r.alliance.agreedTypes).toEqual([
      { type: 'magical', courses: 0 },
      { type: 'working', courses: 9 },
      { type: 'therapeutic', courses: 0 },
      { type: 'structuralizing', courses: 0 },
      { type: 'none', courses: 4 },
    ]);
    expect(r.alliance.agreedVsInferred).toEqual([
      { agreed: 'working', inferred: 'magical', courses: 2 },
      { agreed: 'working', inferred: 'working', courses: 7 },
    ]);
    const byId = new Map(r.comparisons.map((c) => [c.id, c]));
    expect(byId.get('dropout_by_divergence')!.groups.map((x) => [x.rate.count, x.rate.of])).toEqual([
      [9, 20],
      [3, 30],
    ]);
    expect(byId.get('dropout_by_early_agreement')!.groups.map((x) => [x.rate.count, x.rate.of])).toEqual([
      [4, 35],
      [9, 20],
    ]);
    expect(byId.get('dropout_by_type')!.groups.map((x) => [x.label, x.rate.of])).toEqual([
      ['Agreed magical', 10],
      ['Agreed working', 25],
      ['Agreed therapeutic', 0],
      ['Agreed structuralizing', 0],
    ]);
    expect(byId.get('dropout_by_type')!.reading).toContain('overlap');
  });
});
