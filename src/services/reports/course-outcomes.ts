/**
 * Keeps the practice report's summary table (`course_outcomes`, migration 0018) up to date: the
 * course's row is recomputed from its records by the course's recompute, which runs after every
 * write that can change it (a measure, a session or its status, the course's end, an agreement,
 * an Expectations check, a goal: each queues the alliance follow-up, unit-of-work.ts), and written
 * in the recompute's own transaction. `rebuildCourseOutcomes` rewrites every course's row, paging
 * by key: after a restore, an upgrade, or a follow-up lost to a crash.
 */
import type { CourseOutcomeRow } from '../ports.ts';
import type { Deps } from '../deps.ts';
import { iso } from '../deps.ts';
import { courseOutcome } from '../../domain/reports/course-outcome.ts';
import { monitoredSeries } from '../../domain/measures/course-responses.ts';
import type { InstrumentDefinition } from '../../domain/measures/instrument.ts';
import type { InferredDominant } from '../../domain/alliance/inference.ts';
import type { LoadedCourse } from '../alliance/alliance-records.ts';

/**
 * The summary row of a loaded course (its records as the alliance recompute loaded them), with
 * the inferred dominant type and the goal consensus that recompute computed.
 */
export function courseOutcomeRow(
  loaded: LoadedCourse,
  defs: ReadonlyMap<string, InstrumentDefinition | undefined>,
  inferred: InferredDominant | undefined,
  goalConsensus: number | undefined,
  now: string,
): CourseOutcomeRow {
  const { course } = loaded;
  const attended = loaded.sessionRows
    .filter((s) => s.status === 'attended')
    .map((s) => s.startsAt)
    .sort();
  const attendedBefore = (at: string) => {
    let n = 0;
    for (const s of attended) if (s <= at) n++;
    return n;
  };
  const responses = loaded.responseRows
    .filter((r) => r.courseId === course.id && (r.instrumentCode === 'phq9' || r.instrumentCode === 'gad7'))
    .map((r) => ({ id: r.id, instrumentCode: r.instrumentCode, completedAt: r.completedAt, total: r.total, valid: r.valid, supersedesId: r.supersedesId }));
  const measures = monitoredSeries(responses, (code) => defs.get(code), attendedBefore);
  const outcome = courseOutcome({
    course: {
      id: course.id,
      practiceId: course.practiceId,
      therapistId: course.therapistId,
      clientId: course.clientId,
      startedOn: course.startedOn,
      endedOn: course.endedOn,
      status: course.status,
      endReason: course.endReason,
    },
    sessions: loaded.sessionRows.map((s) => ({ at: s.startsAt, status: s.status })),
    measures,
    ledger: loaded.ledger,
    expectations: loaded.records.expectations,
    inferred,
    goalConsensus,
    asOf: now,
  });
  return { ...outcome, updatedAt: now };
}

/** Whether the stored row says the same as the fresh one (so an unchanged course writes nothing). */
export function sameOutcome(a: CourseOutcomeRow | undefined, b: CourseOutcomeRow): boolean {
  if (!a) return false;
  return JSON.stringify({ ...a, updatedAt: '' }) === JSON.stringify({ ...b, updatedAt: '' });
}

/**
 * Rewrites the summary row of every course, `pageSize` courses at a time by key, through the same
 * recompute the incremental path runs (`recompute`, injected so this module does not call another
 * capability's use case). Returns how many courses it rewrote.
 */
export async function rebuildCourseOutcomes(
  deps: Deps,
  recompute: (deps: Deps, courseId: string) => Promise<unknown>,
  pageSize = 200,
): Promise<{ courses: number; at: string }> {
  let after: string | null = null;
  let courses = 0;
  for (;;) {
    const ids = await deps.store.listCourseIdsAfter(after, pageSize);
    if (!ids.length) break;
    for (const id of ids) await recompute(deps, id);
    courses += ids.length;
    after = ids.at(-1)!;
  }
  return { courses, at: iso(deps.clock.now()) };
}
