/**
 * A course's PHQ-9 or GAD-7 against the practice's expected path for its intake band (issue 15),
 * drawn on the client's own chart of scores over time (measures/measure-chart.tsx): the curve's
 * sessions are placed at the times of the course's attended sessions (session 0, the intake, at
 * the course's first score or its start), as far as the course has come, the usual range shaded
 * and the expected mean dashed behind the scores. Under the chart, the reading and its basis (how
 * many finished courses, which dates). Shown only where the server answers (the assigned therapist
 * and their supervisor).
 */
import type { CourseWithSessions } from '../api.ts';
import type { ScorePoint } from '../measures/api.ts';
import type { ExpectedResponse } from './api.ts';

export type ExpectedOne = ExpectedResponse['instruments'][number];

/** The expected path in time, for a time chart: one point per curve session the course has reached. */
export type ExpectedOverlay = {
  points: { at: string; session: number; mean: number; low: number; high: number }[];
  band: string;
  courses: number;
  /** The course's attended sessions' starts, in order, and its last day (a score's session is counted on them). */
  attended: string[];
  endedOn: string | null;
};

/**
 * The expected mean and usual range at a score of the course, as the reading takes it: the curve's
 * last session at or before the score's (attended sessions of the course up to it). Undefined for
 * a score outside the course.
 */
export function expectedAtScore(o: ExpectedOverlay, at: string): ExpectedOverlay['points'][number] | undefined {
  const start = o.points[0]?.at;
  if (!start || at < start || (o.endedOn !== null && at.slice(0, 10) > o.endedOn)) return undefined;
  const session = o.attended.filter((a) => a <= at).length;
  return o.points.filter((p) => p.session <= session).at(-1);
}

/**
 * The curve of `one` placed in time along `course`: session s (s attended sessions before the
 * score) at the start of the course's s-th attended session; session 0 at the course's first
 * score of the instrument before any session (`points`, the chart's), else at its start. Nothing
 * when the band has too few courses for a curve.
 */
export function expectedOverlay(
  one: ExpectedOne | undefined,
  course: CourseWithSessions | undefined,
  points: readonly ScorePoint[],
): ExpectedOverlay | undefined {
  const curve = one?.curve?.enough ? one.curve : null;
  if (!curve || !course) return undefined;
  const attended = course.sessions
    .filter((s) => s.status === 'attended')
    .map((s) => s.startsAt)
    .sort();
  const intake = points.find((p) => p.sessionIndex === 0 && p.at.slice(0, 10) >= course.startedOn && (!attended[0] || p.at <= attended[0]));
  const atOf = (s: number): string | undefined => (s === 0 ? (intake?.at ?? `${course.startedOn}T09:00:00.000Z`) : attended[s - 1]);
  const placed = curve.points.flatMap((p) => {
    const at = atOf(p.session);
    return at ? [{ at, session: p.session, mean: p.mean, low: p.low, high: p.high }] : [];
  });
  return placed.length ? { points: placed, band: curve.band, courses: curve.courses, attended, endedOn: course.endedOn } : undefined;
}

/** The reading of a course against its expected path and the curve's basis, under the client's chart. */
export function ExpectedReading({ one }: { one: ExpectedOne }) {
  const curve = one.curve?.enough ? one.curve : null;
  return (
    <div className={`expected-path${one.offPath ? ' off-path' : ''}`}>
      <p>
        <strong>Against the practice’s expected path</strong>
        {one.offPath ? <span className="badge warn"> Off the expected path</span> : null}
      </p>
      <p className="muted">{one.reading}</p>
      {curve ? (
        <p className="muted small">
          Shaded on the chart: the usual range (mean ± 1.28 SD) at each session of {curve.courses} finished courses that started “{curve.band}”, ended{' '}
          {curve.from} to {curve.to}; dashed: their mean, placed at this course’s sessions. This sits beside the not-on-track rule, not instead of it.
        </p>
      ) : null}
    </div>
  );
}
