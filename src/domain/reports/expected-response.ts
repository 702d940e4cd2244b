/**
 * Expected-response curves from the practice's own finished courses (SPEC §3 C9, issue 15): for
 * each instrument and intake-severity band, the mean score at each attended session with a
 * tolerance band (mean ± 1.28 SD, about the middle 80 % if scores spread normally), drawn only once
 * the band has `curveMinCourses` finished courses (30 by default; docs/reports.md). The idea is the
 * "expected treatment response" of routine outcome monitoring (Lambert et al. 2001, Finch,
 * Lambert & Schaalje 2001; Lutz et al. 2006 for curves from a service's own data), kept simple
 * and transparent: no model, only means and spreads a therapist can check.
 *
 * A course is "off the expected path" when its latest score lies beyond the band's tolerance on the
 * side of worsening at its session; that is shown alongside SPEC §5.1's not-on-track rule, never
 * instead of it.
 */
import type { InstrumentDefinition } from '../measures/instrument.ts';
import { bandFor } from '../measures/score.ts';
import { reportDefaults } from './course-outcome.ts';

export type CurvePoint = { session: number; mean: number; low: number; high: number; n: number };

export type ExpectedCurve = {
  instrument: string;
  /** The intake-severity band (the instrument's own band labels). */
  band: string;
  bandMin: number;
  bandMax: number;
  /** The basis: how many finished courses, and the days the first and last of them ended. */
  courses: number;
  from: string | null;
  to: string | null;
  /** Whether there are enough courses to draw it (courses ≥ settings.curveMinCourses). */
  enough: boolean;
  points: CurvePoint[];
};

export type CourseSeries = { endedOn: string; series: readonly (readonly [number, number])[] };

/** Least points at one session for the curve to show that session. */
const MIN_AT_SESSION = 5;

/**
 * The curves of one instrument, one per intake band, from finished courses' series (attended
 * session index, total). The score at a session is the course's last measure taken with that many
 * sessions attended; the intake score is the first measure.
 */
export function expectedCurves(def: InstrumentDefinition, courses: readonly CourseSeries[], settings = reportDefaults): ExpectedCurve[] {
  const byBand = new Map<string, { course: CourseSeries; intake: number }[]>();
  for (const c of courses) {
    const first = c.series[0];
    if (!first) continue;
    const band = bandFor(def, first[1]).label;
    const list = byBand.get(band) ?? [];
    list.push({ course: c, intake: first[1] });
    byBand.set(band, list);
  }
  return def.bands.map((band) => {
    const members = byBand.get(band.label) ?? [];
    const ends = members.map((m) => m.course.endedOn).sort();
    const enough = members.length >= settings.curveMinCourses;
    const points: CurvePoint[] = [];
    if (enough) {
      for (let s = 0; s <= settings.curveMaxSession; s++) {
        const values: number[] = [];
        for (const m of members) {
          let at: number | undefined;
          for (const [i, total] of m.course.series) if (i === s) at = total;
          if (s === 0 && at === undefined) at = m.intake;
          if (at !== undefined) values.push(at);
        }
        if (values.length < MIN_AT_SESSION) continue;
        const mean = values.reduce((a, b) => a + b, 0) / values.length;
        const sd = values.length > 1 ? Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1)) : 0;
        const r1 = (x: number) => Math.round(x * 10) / 10;
        points.push({
          session: s,
          mean: r1(mean),
          low: r1(Math.max(def.scoring.min, mean - settings.curveBandSd * sd)),
          high: r1(Math.min(def.scoring.max, mean + settings.curveBandSd * sd)),
          n: values.length,
        });
      }
    }
    return {
      instrument: def.code,
      band: band.label,
      bandMin: band.min,
      bandMax: band.max,
      courses: members.length,
      from: ends[0] ?? null,
      to: ends.at(-1) ?? null,
      enough,
      points,
    };
  });
}

export type PathReading = {
  /** The curve for this course's intake band, when there is one with enough courses. */
  curve: ExpectedCurve | undefined;
  /** The latest score is beyond the tolerance band on the worsening side at its session. */
  offPath: boolean;
  /** Plain words, with the basis. */
  reading: string;
};

/**
 * Reads a course's series against its intake band's curve: off the expected path when the latest
 * score is worse than the band's tolerance at that session (or at the curve's last session, past
 * its end).
 */
export function readAgainstCurve(def: InstrumentDefinition, series: readonly (readonly [number, number])[], curves: readonly ExpectedCurve[]): PathReading {
  const first = series[0];
  const latest = series.at(-1);
  if (!first || !latest) return { curve: undefined, offPath: false, reading: `No ${def.title} yet.` };
  const band = bandFor(def, first[1]).label;
  const curve = curves.find((c) => c.band === band);
  if (!curve || !curve.enough || !curve.points.length) {
    return {
      curve,
      offPath: false,
      reading: `No expected curve yet for ${def.title} starting “${band}”: the practice has ${curve?.courses ?? 0} finished courses in that band and needs ${reportDefaults.curveMinCourses}.`,
    };
  }
  const at = curve.points.filter((p) => p.session <= latest[0]).at(-1) ?? curve.points[0]!;
  const worse = def.higherIsBetter ? latest[1] < at.low : latest[1] > at.high;
  const basis = `from ${curve.courses} finished courses that started “${band}” (ended ${curve.from} to ${curve.to})`;
  return {
    curve,
    offPath: worse,
    reading: worse
      ? `At session ${latest[0]} the ${def.title} of ${latest[1]} is worse than most courses that started in the same band (expected ${at.mean}, usual range ${at.low}–${at.high}, ${basis}).`
      : `At session ${latest[0]} the ${def.title} of ${latest[1]} is within the usual range (expected ${at.mean}, ${at.low}–${at.high}, ${basis}).`,
  };
}
