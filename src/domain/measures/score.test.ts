import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { GAD7, PHQ9, SESSION_CHECK } from './builtin/index.ts';
import type { InstrumentDefinition } from './instrument.ts';
import { scoreResponse } from './score.ts';
import type { Answers } from './score.ts';

// An independent reference: the answer vector is the base-4 digits of its index, the total is
// digit arithmetic, and the band is an if-chain written from the published cut-offs.
function referencePhq9(total: number): string {
  if (total <= 4) return 'Minimal';
  if (total <= 9) return 'Mild';
  if (total <= 14) return 'Moderate';
  if (total <= 19) return 'Moderately severe';
  return 'Severe';
}
function referenceGad7(total: number): string {
  if (total <= 4) return 'Minimal';
  if (total <= 9) return 'Mild';
  if (total <= 14) return 'Moderate';
  return 'Severe';
}

function exhaustive(def: InstrumentDefinition, n: number, cut: number, band: (t: number) => string): number {
  const ids = def.items.map((i) => i.id);
  const safetyIndex = def.items.findIndex((i) => i.safety === true);
  let mismatches = 0;
  const answers: Record<string, number> = {};
  for (let index = 0; index < 4 ** n; index++) {
    let rest = index;
    let total = 0;
    let digit9 = 0;
    for (let k = 0; k < n; k++) {
      const d = rest % 4;
      rest = (rest - d) / 4;
      total += d;
      answers[ids[k] as string] = d;
      if (k === safetyIndex) digit9 = d;
    }
    const r = scoreResponse(def, answers);
    if (
      !r.valid ||
      r.total !== total ||
      r.band.label !== band(total) ||
      r.caseness !== total >= cut ||
      r.safetyFlags.length !== (safetyIndex >= 0 && digit9 > 0 ? 1 : 0)
    ) {
      mismatches++;
    }
  }
  return mismatches;
}

describe('scoreResponse — every possible answer vector', () => {
  it('scores all 4^9 PHQ-9 vectors exactly (total, band, caseness ≥ 10, item 9 flag)', () => {
    expect(exhaustive(PHQ9, 9, 10, referencePhq9)).toBe(0);
  });
  it('scores all 4^7 GAD-7 vectors exactly (total, band, caseness ≥ 8, no safety item)', () => {
    expect(exhaustive(GAD7, 7, 8, referenceGad7)).toBe(0);
  });
});

const phq = (values: readonly (number | null | undefined)[]): Answers => Object.fromEntries(values.map((v, i) => [`phq9_${i + 1}`, v]));

describe('scoreResponse — bands and caseness at each boundary', () => {
  // [total, band, caseness] — totals built by filling items 1..8 (item 9 stays 0).
  const phqCases: [number, string, boolean][] = [
    [0, 'Minimal', false],
    [4, 'Minimal', false],
    [5, 'Mild', false],
    [9, 'Mild', false],
    [10, 'Moderate', true],
    [14, 'Moderate', true],
    [15, 'Moderately severe', true],
    [19, 'Moderately severe', true],
    [20, 'Severe', true],
    [24, 'Severe', true],
  ];
  it.each(phqCases)('PHQ-9 total %i → %s, caseness %s', (total, band, caseness) => {
    const values = Array.from({ length: 9 }, (_, i) => (i < 8 ? Math.min(3, Math.max(0, total - 3 * i)) : 0));
    const r = scoreResponse(PHQ9, phq(values));
    expect(r).toMatchObject({ valid: true, total, band: { label: band }, caseness, safetyFlags: [] });
  });
  const gadCases: [number, string, boolean][] = [
    [4, 'Minimal', false],
    [5, 'Mild', false],
    [7, 'Mild', false],
    [8, 'Mild', true],
    [9, 'Mild', true],
    [10, 'Moderate', true],
    [14, 'Moderate', true],
    [15, 'Severe', true],
    [21, 'Severe', true],
  ];
  it.each(gadCases)('GAD-7 total %i → %s, caseness %s', (total, band, caseness) => {
    const answers = Object.fromEntries(GAD7.items.map((item, i) => [item.id, Math.min(3, Math.max(0, total - 3 * i))]));
    expect(scoreResponse(GAD7, answers)).toMatchObject({ valid: true, total, band: { label: band }, caseness });
  });
});

describe('scoreResponse — safety item', () => {
  it.each([
    [0, []],
    [1, ['phq9_9']],
    [2, ['phq9_9']],
    [3, ['phq9_9']],
  ])('PHQ-9 item 9 = %i flags %j', (value, flags) => {
    expect(scoreResponse(PHQ9, phq([0, 0, 0, 0, 0, 0, 0, 0, value])).safetyFlags).toEqual(flags);
  });
  it('keeps the safety flag when other items are missing', () => {
    const r = scoreResponse(PHQ9, phq([1, null, 2, undefined, 0, 0, 0, 0, 2]));
    expect(r).toMatchObject({ valid: false, reason: 'missing_items', missing: ['phq9_2', 'phq9_4'], safetyFlags: ['phq9_9'] });
  });
  it('keeps the safety flag when item 9 itself is out of range', () => {
    const r = scoreResponse(PHQ9, phq([0, 0, 0, 0, 0, 0, 0, 0, 7]));
    expect(r).toMatchObject({ valid: false, reason: 'invalid_answers', safetyFlags: ['phq9_9'] });
  });
  it('keeps the safety flag when an unknown item is present', () => {
    const r = scoreResponse(PHQ9, { ...phq([0, 0, 0, 0, 0, 0, 0, 0, 1]), phq9_10: 2 });
    expect(r).toMatchObject({ valid: false, reason: 'unknown_items', unknown: ['phq9_10'], safetyFlags: ['phq9_9'] });
  });
  it('ignores an unknown item left empty', () => {
    expect(scoreResponse(PHQ9, { ...phq([0, 0, 0, 0, 0, 0, 0, 0, 0]), extra: null })).toMatchObject({ valid: true, total: 0 });
  });
  it('does not flag an unanswered safety item', () => {
    expect(scoreResponse(PHQ9, phq([0, 0, 0, 0, 0, 0, 0, 0, null])).safetyFlags).toEqual([]);
  });
});

describe('scoreResponse — missing items', () => {
  it('says in plain words how many are missing and why PHQ-9 cannot be scored', () => {
    const r = scoreResponse(PHQ9, phq([1, 1, null, 1, 1, 1, undefined, 1, 0]));
    expect(r).toEqual({
      valid: false,
      reason: 'missing_items',
      missing: ['phq9_3', 'phq9_7'],
      message: '2 of 9 answers are missing (items 3, 7); PHQ-9 cannot be scored with any item missing.',
      safetyFlags: [],
    });
  });
  it('uses the singular for one missing GAD-7 item', () => {
    const answers = Object.fromEntries(GAD7.items.slice(0, 6).map((i) => [i.id, 1]));
    const r = scoreResponse(GAD7, answers);
    expect(r.valid).toBe(false);
    if (!r.valid) expect(r.message).toBe('1 of 7 answers is missing (item 7); GAD-7 cannot be scored with any item missing.');
  });
  it('treats an empty response as all missing', () => {
    expect(scoreResponse(PHQ9, {})).toMatchObject({ valid: false, reason: 'missing_items', missing: PHQ9.items.map((i) => i.id) });
  });
});

describe('scoreResponse — values that are not answers', () => {
  const cases: [string, unknown, string][] = [
    ['above the range', 4, 'item 1: 4 is not one of its answers (0, 1, 2, 3)'],
    ['below the range', -1, 'item 1: -1 is not one of its answers (0, 1, 2, 3)'],
    ['between options', 1.5, 'item 1: 1.5 is not one of its answers (0, 1, 2, 3)'],
    ['not a number', '2', 'item 1: "2" is not a number'],
    ['NaN', Number.NaN, 'item 1: NaN is not a number'],
  ];
  it.each(cases)('rejects a value %s', (_name, value, message) => {
    const answers = { ...phq([0, 0, 0, 0, 0, 0, 0, 0, 0]), phq9_1: value } as unknown as Answers;
    const r = scoreResponse(PHQ9, answers);
    expect(r).toMatchObject({ valid: false, reason: 'invalid_answers', invalid: [{ itemId: 'phq9_1', message }] });
    if (!r.valid) expect(r.message).toBe(`1 answer cannot be used: ${message}. PHQ-9 was not scored.`);
  });
});

describe('scoreResponse — practice instruments', () => {
  const meanDef: InstrumentDefinition = {
    ...SESSION_CHECK,
    code: 'practice_mean',
    scoring: { method: 'mean', min: 0, max: 10, requireAllItems: false },
    bands: [
      { min: 0, max: 5, label: 'Low', severity: 'moderate' },
      { min: 5, max: 10, label: 'High', severity: 'minimal' },
    ],
    caseness: 5,
  };
  it('averages answered items, rounds to 2 decimals, and uses half-open bands', () => {
    expect(scoreResponse(meanDef, { heard: 4, mattered: 5, approach: 5 })).toMatchObject({
      valid: true,
      total: 4.67,
      band: { label: 'Low' },
      caseness: true,
      answered: 3,
      prorated: false,
    });
    expect(scoreResponse(meanDef, { heard: 5, mattered: 5 })).toMatchObject({ total: 5, band: { label: 'High' }, caseness: true });
    expect(scoreResponse(meanDef, { heard: 6 })).toMatchObject({ total: 6, band: { label: 'High' }, caseness: false });
    expect(scoreResponse(meanDef, { heard: 10, mattered: 10, approach: 10, overall: 10 })).toMatchObject({ total: 10, band: { label: 'High' } });
  });
  it('needs at least one answer when items may be missing', () => {
    const r = scoreResponse(meanDef, {});
    expect(r).toMatchObject({ valid: false, reason: 'missing_items' });
    if (!r.valid) expect(r.message).toContain('needs at least one answered item');
  });
  it('prorates a sum over answered items when allowed', () => {
    const sumDef: InstrumentDefinition = { ...SESSION_CHECK, code: 'practice_sum', scoring: { ...SESSION_CHECK.scoring, requireAllItems: false } };
    expect(scoreResponse(sumDef, { heard: 7, mattered: 8, approach: 8 })).toMatchObject({ valid: true, total: 31, prorated: true, answered: 3 });
  });
});

describe('scoreResponse — never throws', () => {
  const value = fc.oneof(fc.integer({ min: -5, max: 15 }), fc.double(), fc.constant(null), fc.constant(undefined), fc.string(), fc.boolean(), fc.object());
  const key = fc.oneof(fc.constantFrom(...PHQ9.items.map((i) => i.id), ...GAD7.items.map((i) => i.id), '__proto__', 'constructor'), fc.string());
  it('returns a result with safety flags for arbitrary input', () => {
    fc.assert(
      fc.property(fc.constantFrom(PHQ9, GAD7, SESSION_CHECK), fc.dictionary(key, value), (def, answers) => {
        const r = scoreResponse(def, answers as unknown as Answers);
        expect(Array.isArray(r.safetyFlags)).toBe(true);
        if (r.valid) expect(r.total).toBeGreaterThanOrEqual(def.scoring.min);
        if (r.valid) expect(r.total).toBeLessThanOrEqual(def.scoring.max);
      }),
      { numRuns: 500 },
    );
  });
  it('accepts non-object answers without throwing', () => {
    for (const bad of [null, undefined, 3, 'x', []]) {
      expect(scoreResponse(PHQ9, bad as unknown as Answers)).toMatchObject({ valid: false });
    }
  });
});
