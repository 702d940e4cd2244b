import { describe, expect, it } from 'vitest';
import { expectedCurves, readAgainstCurve } from './expected-response.ts';
import type { CourseSeries } from './expected-response.ts';
import { findBuiltin } from '../measures/builtin/index.ts';
import type { InstrumentDefinition } from '../measures/instrument.ts';

const PHQ9 = findBuiltin('phq9') as InstrumentDefinition;

/** n courses starting at `start` (moderate band 10–14), falling by `drop` a session, ± `spread` alternately. */
function courses(n: number, start: number, drop: number, spread: number): CourseSeries[] {
  return Array.from({ length: n }, (_, i) => ({
    endedOn: `2026-0${1 + (i % 9)}-15`,
    series: Array.from({ length: 5 }, (_, s) => [s, start - drop * s + (i % 2 === 0 ? spread : -spread)] as const),
  }));
}

describe('expected-response curves', () => {
  it('are drawn for a band with 30 finished courses: mean and mean ± 1.28 SD by session, with the basis', () => {
    const curves = expectedCurves(PHQ9, courses(30, 12, 1, 1));
    const moderate = curves.find((c) => c.band === PHQ9.bands.find((b) => b.min === 10)!.label)!;
    expect(moderate).toMatchObject({ courses: 30, enough: true, from: '2026-01-15', to: '2026-09-15' });
    // Scores 13 and 11 alternately at session 0: mean 12, sample SD √(30/29) ≈ 1.017 → band 12 ± 1.3.
    expect(moderate.points[0]).toEqual({ session: 0, mean: 12, low: 10.7, high: 13.3, n: 30 });
    expect(moderate.points[4]).toEqual({ session: 4, mean: 8, low: 6.7, high: 9.3, n: 30 });
    expect(curves.filter((c) => c.enough)).toHaveLength(1);
  });

  it('are not drawn below 30 courses, and say how many there are', () => {
    const curves = expectedCurves(PHQ9, courses(29, 12, 1, 1));
    expect(curves.every((c) => !c.enough && c.points.length === 0)).toBe(true);
    const reading = readAgainstCurve(PHQ9, [[0, 12]], curves);
    expect(reading.offPath).toBe(false);
    expect(reading.reading).toContain('has 29 finished courses in that band and needs 30');
  });

  it('a course worse than the tolerance at its session is off the expected path; within it is not', () => {
    const curves = expectedCurves(PHQ9, courses(30, 12, 1, 1));
    const off = readAgainstCurve(
      PHQ9,
      [
        [0, 12],
        [3, 12],
      ],
      curves,
    );
    expect(off.offPath).toBe(true);
    expect(off.reading).toContain('expected 9, usual range 7.7–10.3, from 30 finished courses');
    const on = readAgainstCurve(
      PHQ9,
      [
        [0, 12],
        [3, 10],
      ],
      curves,
    );
    expect(on.offPath).toBe(false);
  });
});
