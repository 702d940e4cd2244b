/**
 * The practice report's storage port (SPEC §3 C9, §7): the `course_outcomes` summary table
 * (migration 0018), one row per course, and the aggregate reads the report is made of. The report
 * reads only this table, grouped in the database, so its cost grows with the groups shown, not
 * with the sessions behind them.
 */
import type { GroupCounts } from '../../domain/reports/practice-report.ts';
import type { CourseOutcome } from '../../domain/reports/course-outcome.ts';

export type CourseOutcomeRow = CourseOutcome & { updatedAt: string };

/** What the report may group by (each one column of the summary table; `month` is the month the course ended in). */
export type ReportDimension = 'therapist' | 'month' | 'divergence' | 'early' | 'earlyType' | 'agreedType' | 'inferredType';

/** Which courses the report covers: a practice's courses ended between two days (inclusive), optionally only some therapists'. */
export type ReportFilter = { practiceId: string; from: string; to: string; therapistIds?: readonly string[] };

/**
 * Counts over one group of ended courses. Denominators (docs/reports.md): `ended` for drop-out and
 * mean sessions; `finishedPaired` (finished with paired scores) for reliable improvement and
 * deterioration; `finishedCaseness` (those at caseness at the first measure) for recovery and
 * reliable recovery.
 */
export type OutcomeCounts = Omit<GroupCounts, 'key'> & {
  /** The group's value of each dimension asked for (null where the course has none). */
  key: Partial<Record<ReportDimension, string | null>>;
};

/** A finished course's series of one instrument, for expected-response curves. */
export type OutcomeSeriesRow = { courseId: string; endedOn: string; series: [number, number][] };

export interface ReportsStore {
  /** Writes a course's summary row (insert or replace). */
  upsertCourseOutcome(row: CourseOutcomeRow): Promise<void>;
  findCourseOutcome(courseId: string): Promise<CourseOutcomeRow | undefined>;
  /** Aggregates the ended courses of `filter`, one entry per combination of `groupBy` values. */
  countCourseOutcomes(filter: ReportFilter, groupBy: readonly ReportDimension[]): Promise<OutcomeCounts[]>;
  /**
   * The series of one instrument ('phq9' | 'gad7') of the practice's finished courses, latest
   * ended first, at most `limit` (the curves need a few hundred, never the whole history).
   */
  listOutcomeSeries(practiceId: string, instrument: 'phq9' | 'gad7', limit: number): Promise<OutcomeSeriesRow[]>;
  /** Course ids after `afterId` in id order, at most `limit` (a rebuild pages through every course by key). */
  listCourseIdsAfter(afterId: string | null, limit: number): Promise<string[]>;
}
