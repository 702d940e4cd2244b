/**
 * The development set's targets (issue 16; docs/language-cues.md): on the tuning slice every family
 * keeps precision ≥ 0.9 and recall ≥ 0.7, so a rule change that breaks one shows here. The held-out
 * slice is reported by `npm run eval:cues`, not asserted: it measures, it is not tuned against.
 */
import { describe, expect, it } from 'vitest';
import { DEV_SET } from './dev-set.ts';
import { scoreDevSet } from './dev-eval.ts';

describe('cue development set', () => {
  it('has at least 300 labelled sentences, a fifth held out, client and therapist writers', () => {
    expect(DEV_SET.length).toBeGreaterThanOrEqual(300);
    expect(DEV_SET.filter((i) => i.heldOut).length).toBe(Math.floor(DEV_SET.length / 5));
    expect(new Set(DEV_SET.map((i) => i.writer))).toEqual(new Set(['client', 'therapist']));
  });
  it('meets precision ≥ 0.9 and recall ≥ 0.7 for every family on the tuning slice', () => {
    const { scores } = scoreDevSet(DEV_SET.filter((i) => !i.heldOut));
    for (const s of scores) {
      expect(s.precision, `${s.label} precision`).toBeGreaterThanOrEqual(0.9);
      expect(s.recall, `${s.label} recall`).toBeGreaterThanOrEqual(0.7);
    }
  });
});
