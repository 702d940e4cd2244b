import { describe, it, expect } from 'vitest';
import { GAD7, PHQ9, SESSION_CHECK } from './builtin/index.ts';
import type { InstrumentDefinition } from './instrument.ts';
import { notOnTrack, recovery, recoveryAcross, reliableChange, remissionWithoutGoal } from './outcomes.ts';
import type { ScoredPoint } from './outcomes.ts';
import { measuresDefaults } from './settings.ts';

/** totals (optionally with the attended-session count) → a weekly series with response ids. */
const series = (prefix: string, ...points: (number | [number, number])[]): ScoredPoint[] =>
  points.map((p, i) => {
    const [total, sessionIndex] = Array.isArray(p) ? p : [p, undefined];
    const point: ScoredPoint = { at: new Date(Date.UTC(2026, 0, 5 + 7 * i)).toISOString(), total, responseId: `${prefix}${i + 1}` };
    if (sessionIndex !== undefined) point.sessionIndex = sessionIndex;
    return point;
  });

describe('settings', () => {
  it('holds the SPEC §5.1 and §5.3 defaults', () => {
    expect(measuresDefaults).toEqual({
      notOnTrackBySession: 6,
      remissionWindow: 3,
      ruptureDrop: 4,
      ruptureItemMax: 5,
      ruptureMedianOf: 3,
      therapistOptimismGap: 8,
    });
  });
});

describe('reliableChange (first vs latest)', () => {
  const cases: [string, InstrumentDefinition, number, number, string][] = [
    ['PHQ-9 drop of 6', PHQ9, 15, 9, 'reliable_improvement'],
    ['PHQ-9 drop of 5', PHQ9, 15, 10, 'no_reliable_change'],
    ['PHQ-9 drop of 7', PHQ9, 15, 8, 'reliable_improvement'],
    ['PHQ-9 rise of 6', PHQ9, 15, 21, 'reliable_deterioration'],
    ['PHQ-9 rise of 5', PHQ9, 15, 20, 'no_reliable_change'],
    ['GAD-7 drop of 4', GAD7, 12, 8, 'reliable_improvement'],
    ['GAD-7 drop of 3', GAD7, 12, 9, 'no_reliable_change'],
    ['GAD-7 rise of 4', GAD7, 12, 16, 'reliable_deterioration'],
    ['GAD-7 rise of 3', GAD7, 12, 15, 'no_reliable_change'],
    ['GAD-7 no change', GAD7, 12, 12, 'no_reliable_change'],
  ];
  it.each(cases)('%s → %s', (_name, def, first, latest, outcome) => {
    const r = reliableChange(def, series('r', first, 14, latest));
    expect(r.outcome).toBe(outcome);
    expect(r.change).toBe(latest - first);
    expect(r.threshold).toBe(def.reliableChange);
    expect(r.evidence.map((e) => e.ref?.id).filter(Boolean)).toEqual(['r1', 'r3']);
  });
  it('reads the direction of a higher-is-better instrument', () => {
    const def: InstrumentDefinition = { ...SESSION_CHECK, code: 'hib', reliableChange: 5 };
    expect(reliableChange(def, series('s', 20, 25)).outcome).toBe('reliable_improvement');
    expect(reliableChange(def, series('s', 20, 15)).outcome).toBe('reliable_deterioration');
    expect(reliableChange(def, series('s', 20, 24)).outcome).toBe('no_reliable_change');
  });
  it('needs two measures and a threshold', () => {
    expect(reliableChange(PHQ9, series('r', 20)).outcome).toBe('insufficient_data');
    expect(reliableChange(SESSION_CHECK, series('r', 20, 10)).outcome).toBe('insufficient_data');
  });
  it('orders the series by time, whatever order it arrives in', () => {
    const [a, b] = series('r', 20, 12);
    expect(reliableChange(PHQ9, [b as ScoredPoint, a as ScoredPoint])).toMatchObject({ outcome: 'reliable_improvement', change: -8 });
  });
});

describe('recovery (one measure)', () => {
  const cases: [InstrumentDefinition, number, number, boolean, boolean, boolean][] = [
    // def, first, latest, applicable, recovered, reliablyRecovered
    [PHQ9, 10, 9, true, true, false],
    [PHQ9, 10, 10, true, false, false],
    [PHQ9, 9, 2, false, false, false],
    [PHQ9, 15, 9, true, true, true],
    [PHQ9, 14, 9, true, true, false],
    [PHQ9, 16, 10, true, false, false],
    [GAD7, 8, 7, true, true, false],
    [GAD7, 8, 4, true, true, true],
    [GAD7, 11, 8, true, false, false],
    [GAD7, 7, 3, false, false, false],
  ];
  it.each(cases)('%s %i → %i: applicable %s, recovered %s, reliably %s', (def, first, latest, applicable, recovered, reliably) => {
    const r = recovery(def, series('r', first, latest));
    expect({ applicable: r.applicable, recovered: r.recovered, reliablyRecovered: r.reliablyRecovered }).toEqual({
      applicable,
      recovered,
      reliablyRecovered: reliably,
    });
    expect(r.evidence.some((e) => e.kind === 'threshold' && e.value === def.caseness)).toBe(true);
  });
});

describe('recoveryAcross (PHQ-9 with GAD-7, NHS Talking Therapies)', () => {
  const cases: [string, number[], number[], boolean, boolean, boolean][] = [
    ['case on PHQ only, both below at the end, small drops', [12, 8], [6, 5], true, true, false],
    ['reliable drop on PHQ, GAD still at caseness', [12, 5], [6, 10], true, false, false],
    ['reliable drop on PHQ, GAD reliably worse but below', [12, 5], [3, 7], true, true, false],
    ['reliable drop on PHQ, GAD steady below', [12, 5], [7, 6], true, true, true],
    ['never at caseness', [8, 3], [6, 2], false, false, false],
    ['case on GAD only, reliable GAD drop', [5, 5], [9, 5], true, true, true],
  ];
  it.each(cases)('%s', (_name, phq, gad, applicable, recovered, reliably) => {
    const r = recoveryAcross([
      { def: PHQ9, series: series('p', ...phq) },
      { def: GAD7, series: series('g', ...gad) },
    ]);
    expect(r).toMatchObject({ instruments: ['phq9', 'gad7'], applicable, recovered, reliablyRecovered: reliably });
  });
  it('ignores measures without a cut-off or with one response', () => {
    const r = recoveryAcross([
      { def: SESSION_CHECK, series: series('s', 30, 20) },
      { def: GAD7, series: series('g', 12) },
    ]);
    expect(r).toMatchObject({ instruments: [], applicable: false, recovered: false });
  });
});

describe('notOnTrack', () => {
  const cases: [string, InstrumentDefinition, (number | [number, number])[], number | undefined, string[]][] = [
    [
      'PHQ-9 rise of 6 at any point',
      PHQ9,
      [
        [10, 1],
        [16, 2],
        [11, 3],
      ],
      undefined,
      ['reliable_deterioration'],
    ],
    [
      'PHQ-9 rise of 5 only',
      PHQ9,
      [
        [10, 1],
        [15, 2],
        [11, 3],
      ],
      undefined,
      [],
    ],
    [
      'GAD-7 rise of 4',
      GAD7,
      [
        [8, 1],
        [12, 2],
      ],
      undefined,
      ['reliable_deterioration'],
    ],
    [
      'GAD-7 rise of 3',
      GAD7,
      [
        [8, 1],
        [11, 2],
      ],
      undefined,
      [],
    ],
    [
      'at caseness, no improvement by session 6',
      PHQ9,
      [
        [12, 1],
        [11, 4],
        [10, 6],
      ],
      undefined,
      ['no_reliable_improvement'],
    ],
    [
      'at caseness, session 5 only',
      PHQ9,
      [
        [12, 1],
        [11, 4],
        [10, 5],
      ],
      undefined,
      [],
    ],
    [
      'at caseness, session 5 measured, 6 attended now',
      PHQ9,
      [
        [12, 1],
        [11, 4],
        [10, 5],
      ],
      6,
      ['no_reliable_improvement'],
    ],
    [
      'at caseness, session 7',
      PHQ9,
      [
        [12, 1],
        [11, 7],
      ],
      undefined,
      ['no_reliable_improvement'],
    ],
    [
      'drop of 6 by session 6',
      PHQ9,
      [
        [12, 1],
        [6, 6],
      ],
      undefined,
      [],
    ],
    [
      'drop of 5 by session 6',
      PHQ9,
      [
        [12, 1],
        [7, 6],
      ],
      undefined,
      ['no_reliable_improvement'],
    ],
    [
      'exactly at caseness at intake',
      PHQ9,
      [
        [10, 1],
        [9, 6],
      ],
      undefined,
      ['no_reliable_improvement'],
    ],
    [
      'just below caseness at intake',
      PHQ9,
      [
        [9, 1],
        [9, 6],
      ],
      undefined,
      [],
    ],
    [
      'GAD-7 at caseness 8, no change by 6',
      GAD7,
      [
        [8, 1],
        [7, 6],
      ],
      undefined,
      ['no_reliable_improvement'],
    ],
    [
      'GAD-7 below caseness 7',
      GAD7,
      [
        [7, 1],
        [7, 6],
      ],
      undefined,
      [],
    ],
    [
      'improved at session 4, lost again later',
      PHQ9,
      [
        [12, 1],
        [6, 4],
        [12, 7],
      ],
      undefined,
      [],
    ],
    [
      'improved only after session 6: clears',
      PHQ9,
      [
        [12, 1],
        [11, 6],
        [5, 8],
      ],
      undefined,
      [],
    ],
    [
      'both: worse and no improvement',
      PHQ9,
      [
        [12, 1],
        [18, 6],
      ],
      undefined,
      ['reliable_deterioration', 'no_reliable_improvement'],
    ],
    ['only the intake measure', PHQ9, [[15, 1]], 8, []],
  ];
  it.each(cases)('%s → %j', (_name, def, points, attendedSessions, reasons) => {
    const options = attendedSessions === undefined ? {} : { attendedSessions };
    const r = notOnTrack(def, series('n', ...points), options);
    expect(r.reasons).toEqual(reasons);
    expect(r.notOnTrack).toBe(reasons.length > 0);
    if (r.notOnTrack) expect(r.evidence.some((e) => e.kind === 'threshold')).toBe(true);
  });
  it('lists every reliably-worse measure as evidence', () => {
    const r = notOnTrack(PHQ9, series('n', 5, 11, 8, 12));
    expect(r.deterioratedAt.map((p) => p.responseId)).toEqual(['n2', 'n4']);
    expect(r.evidence.filter((e) => e.label.startsWith('Reliably worse')).map((e) => e.ref?.id)).toEqual(['n2', 'n4']);
  });
  it('names up to five reliably-worse measures one by one, and counts the rest between the first three and the last two', () => {
    // Five: all named, no count.
    const five = notOnTrack(PHQ9, series('n', 5, 11, 12, 13, 14, 15));
    expect(five.evidence.filter((e) => e.label.startsWith('Reliably worse')).map((e) => e.ref?.id)).toEqual(['n2', 'n3', 'n4', 'n5', 'n6']);
    expect(five.evidence.some((e) => e.kind === 'note')).toBe(false);
    // Six: the first three, one counted, the last two — the decision still holds all six.
    const six = notOnTrack(PHQ9, series('n', 5, 11, 12, 13, 14, 15, 16));
    expect(six.deterioratedAt).toHaveLength(6);
    const labels = six.evidence.map((e) => (e.kind === 'note' ? e.label : (e.ref?.id ?? e.kind)));
    expect(labels).toEqual(['n1', 'n2', 'n3', 'n4', '1 more reliably worse answer between these', 'n6', 'n7', 'threshold']);
    // A long course: still seven lines about the worse answers, the count carried as a value.
    const long = notOnTrack(PHQ9, series('n', 5, ...Array.from({ length: 300 }, (_, i) => 11 + (i % 10))));
    expect(long.deterioratedAt).toHaveLength(300);
    expect(long.evidence.filter((e) => e.label.startsWith('Reliably worse'))).toHaveLength(5);
    expect(long.evidence.find((e) => e.kind === 'note')).toMatchObject({ label: '295 more reliably worse answers between these', value: 295 });
  });
  it('uses the session from settings', () => {
    const settings = { ...measuresDefaults, notOnTrackBySession: 4 };
    expect(notOnTrack(PHQ9, series('n', [12, 1], [11, 4]), { settings }).notOnTrack).toBe(true);
    expect(notOnTrack(PHQ9, series('n', [12, 1], [11, 3]), { settings }).notOnTrack).toBe(false);
  });
});

describe('remissionWithoutGoal', () => {
  const run = (phq: number[], gad: number[], hasGoal = false) =>
    remissionWithoutGoal(
      [
        { def: PHQ9, series: series('p', ...phq) },
        { def: GAD7, series: series('g', ...gad) },
      ],
      hasGoal,
    );
  const cases: [string, number[], number[], boolean, boolean][] = [
    ['both below for the last 3', [14, 9, 8, 7], [10, 7, 6, 5], false, true],
    ['same, with an agreed goal', [14, 9, 8, 7], [10, 7, 6, 5], true, false],
    ['PHQ-9 at 10 within the window', [14, 9, 10, 7], [10, 7, 6, 5], false, false],
    ['PHQ-9 at 9 within the window', [14, 9, 9, 9], [10, 7, 6, 5], false, true],
    ['GAD-7 at 8 within the window', [9, 9, 9, 9], [7, 7, 8, 7], false, false],
    ['GAD-7 at 7 within the window', [9, 9, 9, 9], [7, 7, 7, 7], false, true],
    ['only 2 measurements', [5, 5], [5, 5], false, false],
    ['one measure has too few', [5, 5, 5], [5, 5], false, false],
  ];
  it.each(cases)('%s → %s', (_name, phq, gad, hasGoal, expected) => {
    expect(run(phq, gad, hasGoal).remissionWithoutGoal).toBe(expected);
  });
  it('says where the remission began, stable as it continues', () => {
    const a = run([14, 9, 8, 7, 6], [10, 9, 6, 5, 4]);
    expect(a.since?.responseId).toBe('g3');
    const b = run([14, 9, 8, 7, 6, 5], [10, 9, 6, 5, 4, 4]);
    expect(b.since?.responseId).toBe('g3');
    expect(a.evidence.some((e) => e.kind === 'goal' && e.value === 'no')).toBe(true);
  });
  it('names the same start whatever order the measures come in, when they began together', () => {
    const both = (first: 'p' | 'g') => {
      const p = { def: PHQ9, series: series('p', 14, 9, 8, 7) };
      const g = { def: GAD7, series: series('g', 10, 7, 6, 5) };
      return remissionWithoutGoal(first === 'p' ? [p, g] : [g, p], false).since?.responseId;
    };
    expect(both('p')).toBe('g2');
    expect(both('g')).toBe('g2');
  });
  it('monitors only measures with a cut-off', () => {
    const r = remissionWithoutGoal([{ def: SESSION_CHECK, series: series('s', 30, 30, 30) }], false);
    expect(r).toMatchObject({ inRemission: false, remissionWithoutGoal: false });
    const s = remissionWithoutGoal(
      [
        { def: SESSION_CHECK, series: series('s', 30) },
        { def: PHQ9, series: series('p', 3, 3, 3) },
      ],
      false,
    );
    expect(s.remissionWithoutGoal).toBe(true);
  });
  it('uses the window from settings', () => {
    const settings = { ...measuresDefaults, remissionWindow: 2 };
    expect(remissionWithoutGoal([{ def: PHQ9, series: series('p', 12, 5, 5) }], false, settings).remissionWithoutGoal).toBe(true);
    expect(remissionWithoutGoal([{ def: PHQ9, series: series('p', 12, 12, 5) }], false, settings).remissionWithoutGoal).toBe(false);
  });
});
