import { describe, expect, it } from 'vitest';
import { riskDifference, wilson } from './statistics.ts';

const r4 = (x: number) => Math.round(x * 10000) / 10000;

describe('Wilson score interval', () => {
  it('matches published values (Newcombe 1998, table I: 81/263 → 0.2553 to 0.3662; 15/148 → 0.0624 to 0.1605)', () => {
    const a = wilson(81, 263)!;
    expect([r4(a.low), r4(a.high)]).toEqual([0.2553, 0.3662]);
    const b = wilson(15, 148)!;
    expect([r4(b.low), r4(b.high)]).toEqual([0.0624, 0.1605]);
  });
  it('stays within 0…1 at the extremes and is undefined with no courses', () => {
    const none = wilson(0, 10)!;
    expect(none.low).toBe(0);
    expect(r4(none.high)).toBe(0.2775);
    const all = wilson(10, 10)!;
    expect(all.high).toBe(1);
    expect(r4(all.low)).toBe(0.7225);
    expect(wilson(0, 0)).toBeUndefined();
  });
});

describe('Newcombe hybrid score interval for a risk difference', () => {
  it('matches Newcombe 1998 table II example (56/70 vs 48/80 → 0.2000, 0.0524 to 0.3339)', () => {
    const d = riskDifference(56, 70, 48, 80)!;
    expect([r4(d.difference), r4(d.low), r4(d.high)]).toEqual([0.2, 0.0524, 0.3339]);
  });
  it('is undefined when a group is empty', () => {
    expect(riskDifference(1, 2, 0, 0)).toBeUndefined();
  });
});
