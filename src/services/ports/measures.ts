/**
 * The measures port (SPEC §3 C4): instrument definitions, measurement schedules, questionnaire
 * responses (answers sealed) and the score series read from them. Invariants: a response is
 * immutable and sealed at write (its seal covers every field); a correction is a new response
 * that supersedes it, and a response is superseded at most once.
 */
import type { ScoreSource } from '../../domain/measures/series.ts';
import type { Cadence } from '../../domain/measures/schedule.ts';

export type InstrumentDefinitionRow = { id: string; code: string; version: string; definition: string; createdBy: string; createdAt: string };
export type ScheduleRow = {
  id: string;
  courseId: string;
  clientId: string;
  instrumentCode: string;
  cadence: Cadence;
  everyN: number | null;
  active: boolean;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
};
export type ResponseSource = ScoreSource;
/** A submitted questionnaire response: immutable; a correction is a new row that supersedes it. */
export type ResponseRow = {
  id: string;
  clientId: string;
  courseId: string | null;
  sessionId: string | null;
  scheduleId: string | null;
  instrumentCode: string;
  instrumentVersion: string;
  respondent: 'client' | 'therapist';
  source: ResponseSource;
  enteredBy: string;
  completedAt: string;
  createdAt: string;
  answersEnc: string;
  valid: boolean;
  total: number | null;
  bandLabel: string | null;
  bandSeverity: string | null;
  caseness: boolean | null;
  invalidReason: string | null;
  safetyFlagged: boolean;
  supersedesId: string | null;
};
/**
 * One score series of a course (an instrument) as the caseload shows it: its first and latest valid
 * current points and the totals of its latest points.
 */
export type RecentSeries = {
  clientId: string;
  courseId: string;
  instrumentCode: string;
  /** The first valid current response (reliable change is first against latest). */
  first: { id: string; completedAt: string; total: number };
  /** The latest valid current response. */
  latest: { id: string; completedAt: string; total: number; bandLabel: string | null; bandSeverity: string | null; caseness: boolean | null };
  /** The totals of the `lastN` latest valid current responses, oldest first (the last is `latest`'s). */
  totals: number[];
};
/** A response without its sealed answers: what charts, the caseload and the outcome rules read. */
export type ResponseScoreRow = Omit<ResponseRow, 'answersEnc'>;

/** A point of a monitored series: only what the outcome rules read of it (its place in the order, its total). */
export type SeriesPoint = Pick<ResponseScoreRow, 'id' | 'completedAt' | 'createdAt' | 'total'>;

/**
 * Some points of one course's series of one instrument, for the outcome rules: its current
 * responses (valid, and not corrected by a valid correction), in (completed, created, id) order,
 * narrowed by time and total, from the first (`from: 'first'`) or from the latest (`'last'`,
 * returned oldest first all the same), at most `limit`.
 */
export type SeriesPointsQuery = {
  courseId: string;
  instrumentCode: string;
  from: 'first' | 'last';
  /** none: every point that matches */
  limit?: number;
  /** completed at or before */
  upTo?: string;
  /** after this point of the series */
  after?: Omit<SeriesPoint, 'total'>;
  /** at or past a cut-off: total >= atLeast, or total <= atMost (the instrument's direction) */
  totalAtLeast?: number;
  totalAtMost?: number;
  /**
   * Changed from a total by at least `by` toward worse or better, computed as the outcome rules
   * compute it (the difference of the two totals, signed by the instrument's direction).
   */
  change?: { from: number; by: number; toward: 'worse' | 'better'; higherIsBetter: boolean };
};

export interface MeasuresStore {
  insertInstrumentDefinition(r: InstrumentDefinitionRow): Promise<void>;
  listInstrumentDefinitions(): Promise<InstrumentDefinitionRow[]>;

  insertSchedule(r: ScheduleRow): Promise<void>;
  findSchedule(id: string): Promise<ScheduleRow | undefined>;
  listSchedulesOfCourses(courseIds: readonly string[]): Promise<ScheduleRow[]>;
  updateSchedule(id: string, patch: Partial<Pick<ScheduleRow, 'active' | 'everyN' | 'cadence' | 'updatedAt'>>): Promise<void>;

  /** Inserts a response; a second correction of the same response fails (supersedes_id is unique). */
  insertResponse(r: ResponseRow): Promise<void>;
  findResponse(id: string): Promise<ResponseRow | undefined>;
  /** Every response of these clients (superseded ones included), oldest first. */
  listResponsesOfClients(clientIds: readonly string[]): Promise<ResponseRow[]>;
  /** Scores only (no answers) of these clients, or of one course, oldest first. */
  listResponseScores(filter: { clientIds?: readonly string[]; courseId?: string }): Promise<ResponseScoreRow[]>;
  /**
   * For each course and instrument with a valid current response, in (course, instrument) order:
   * its first and latest such responses and the totals of its `lastN` latest, superseded responses
   * left out — the caseload's sparklines.
   */
  listRecentScores(courseIds: readonly string[], lastN: number): Promise<RecentSeries[]>;
  /** The same for every course of these clients (one statement with no wait for the courses first: the caseload reads it beside them). */
  listRecentScoresOfClients(clientIds: readonly string[], lastN: number): Promise<RecentSeries[]>;
  /**
   * Rebuilds the per-series summary listRecentScores reads (measure_series, migration 0031) from
   * every course's responses: after a restore and after the migration. The number of series kept.
   */
  rebuildMeasureSeries(): Promise<number>;
  /**
   * Points of one series (SeriesPointsQuery), walked from an end of the index: the cost follows the
   * points returned, not the years held. Four columns, not the response's twenty: a submission runs
   * three to seven of these, and reading and building the other columns doubled each one's cost.
   */
  listSeriesPoints(q: SeriesPointsQuery): Promise<SeriesPoint[]>;
  /** The instruments a course has responses of, in code order. */
  listInstrumentsOfCourse(courseId: string): Promise<string[]>;

  /** Records that a response's outcome rules are still to be decided (in the response's transaction). */
  queueOutcomeCheck(c: OutcomeCheckRow): Promise<void>;
  /**
   * Claims a response's outcome check by deleting it: true for the one caller that deleted it, false
   * if there was none (decided already, by this or another instance). Inside the transaction that
   * decides the check, so a failure puts it back; on PostgreSQL a concurrent second claim waits for
   * the first's transaction and then finds nothing.
   */
  claimOutcomeCheck(id: string): Promise<boolean>;
  /** The checks still owed, oldest first, at most `limit`. */
  listOutcomeChecks(limit: number): Promise<OutcomeCheckRow[]>;
}

/** An outcome check still owed (migration 0033): the response's id, its client and course, when it was queued. */
export type OutcomeCheckRow = { id: string; clientId: string; courseId: string; queuedAt: string };
