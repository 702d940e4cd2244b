import { describe, it, expect } from 'vitest';
import { detectRupture } from './rupture.ts';
import type { SessionCheckEntry } from './rupture.ts';
import { measuresDefaults } from './settings.ts';

/** A Session check entry from four item values. */
const entry = (n: number, items: [number, number, number, number], who = 'c'): SessionCheckEntry => {
  const [heard, mattered, approach, overall] = items;
  return {
    sessionId: `s${n}`,
    at: new Date(Date.UTC(2026, 1, n)).toISOString(),
    responseId: `${who}${n}`,
    items: { heard, mattered, approach, overall },
    total: heard + mattered + approach + overall,
  };
};
/** Client history: earlier entries, then the latest (the session evaluated). */
const history = (previous: [number, number, number, number][], latest: [number, number, number, number]) => [
  ...previous.map((items, i) => entry(i + 1, items)),
  entry(previous.length + 1, latest),
];

describe('detectRupture — fall below the median of the previous 3', () => {
  const prev: [number, number, number, number][] = [
    [9, 9, 9, 9], // 36
    [8, 8, 8, 8], // 32
    [10, 10, 10, 10], // 40
  ]; // median 36
  const cases: [string, [number, number, number, number], boolean][] = [
    ['4 below (32)', [8, 8, 8, 8], true],
    ['3 below (33)', [9, 8, 8, 8], false],
    ['5 below (31)', [8, 8, 8, 7], true],
    ['equal to the median (36)', [9, 9, 9, 9], false],
  ];
  it.each(cases)('%s → rupture %s', (_name, latest, rupture) => {
    const r = detectRupture({ clientHistory: history(prev, latest) });
    expect(r.rupture).toBe(rupture);
    expect(r.reasons.includes('drop_below_median')).toBe(rupture);
    expect(r.sessionId).toBe('s4');
    if (rupture) {
      expect(r.evidence.find((e) => e.kind === 'median')?.value).toBe(36);
      expect(r.evidence.filter((e) => e.kind === 'response').map((e) => e.ref?.id)).toEqual(['c4', 'c1', 'c2', 'c3']);
    }
  });
  it('uses only the previous 3 totals, not older ones', () => {
    const r = detectRupture({ clientHistory: history([[6, 6, 6, 6], ...prev], [8, 8, 8, 8]) });
    expect(r.evidence.find((e) => e.kind === 'median')?.value).toBe(36);
  });
  it('needs 3 previous totals before the drop rule applies', () => {
    expect(
      detectRupture({
        clientHistory: history(
          [
            [10, 10, 10, 10],
            [10, 10, 10, 10],
          ],
          [6, 6, 6, 6],
        ),
      }).rupture,
    ).toBe(false);
  });
  it('follows the settings', () => {
    const settings = { ...measuresDefaults, ruptureDrop: 5 };
    expect(detectRupture({ clientHistory: history(prev, [8, 8, 8, 8]) }, settings).rupture).toBe(false);
  });
});

describe('detectRupture — any item at 5 or below', () => {
  const cases: [string, [number, number, number, number], boolean][] = [
    ['an item at 5', [10, 5, 10, 10], true],
    ['an item at 6', [10, 6, 10, 10], false],
    ['an item at 0', [0, 10, 10, 10], true],
    ['all at 6', [6, 6, 6, 6], false],
  ];
  it.each(cases)('%s → rupture %s (first session, no history)', (_name, items, rupture) => {
    const r = detectRupture({ clientHistory: [entry(1, items)] });
    expect(r.rupture).toBe(rupture);
    if (rupture) {
      expect(r.reasons).toEqual(['low_item']);
      expect(r.evidence.some((e) => e.kind === 'item' && e.ref?.id === 'c1')).toBe(true);
    }
  });
  it('names the item in the client’s words', () => {
    const r = detectRupture({ clientHistory: [entry(1, [10, 4, 10, 10])] });
    expect(r.evidence.find((e) => e.kind === 'item')?.label).toBe('“We worked on what mattered to me.” rated 4 of 10');
  });
});

describe('detectRupture — language cue', () => {
  it('counts a withdrawal or confrontation cue as evidence with the quote', () => {
    const r = detectRupture({
      clientHistory: [entry(1, [9, 9, 9, 9])],
      cue: { hasRuptureCue: true, quote: 'I don’t see the point of these sessions', ref: { type: 'reflection', id: 'r1' } },
    });
    expect(r).toMatchObject({ rupture: true, reasons: ['language_cue'] });
    expect(r.evidence[0]).toMatchObject({ kind: 'quote', value: 'I don’t see the point of these sessions', ref: { type: 'reflection', id: 'r1' } });
  });
  it('ignores an absent cue', () => {
    expect(detectRupture({ clientHistory: [entry(1, [9, 9, 9, 9])], cue: { hasRuptureCue: false } }).rupture).toBe(false);
  });
});

describe('detectRupture — therapist more positive than the client', () => {
  const cases: [string, [number, number, number, number], boolean][] = [
    ['8 above', [9, 9, 9, 9], true], // client 28, therapist 36
    ['7 above', [9, 9, 9, 8], false],
    ['9 above', [9, 9, 9, 10], true],
  ];
  it.each(cases)('therapist %s → finding %s', (_name, therapistItems, finding) => {
    const client = entry(1, [7, 7, 7, 7]);
    const therapist = entry(1, therapistItems, 't');
    const r = detectRupture({ clientHistory: [client], therapist });
    expect(r.therapistMorePositive).toBe(finding);
    expect(r.therapistGap).toBe(therapist.total - 28);
    if (finding) expect(r.therapistEvidence.some((e) => e.ref?.id === 't1')).toBe(true);
  });
  it('compares only the same session', () => {
    const r = detectRupture({ clientHistory: [entry(1, [6, 6, 6, 6])], therapist: entry(2, [10, 10, 10, 10], 't') });
    expect(r.therapistMorePositive).toBe(false);
    expect(r.therapistGap).toBeUndefined();
  });
  it('is separate from rupture', () => {
    const r = detectRupture({ clientHistory: [entry(1, [6, 6, 6, 6])], therapist: entry(1, [10, 10, 10, 10], 't') });
    expect(r).toMatchObject({ rupture: false, therapistMorePositive: true, therapistGap: 16 });
  });
});
