/**
 * The alliance port (SPEC §3 C2, C3, §5.3): Expectations checks, goals and their ratings, the
 * agreement ledger, phase changes and the computed alliance snapshots. Texts are sealed (`*Enc`).
 * Invariants: goal ratings and ledger entries are immutable and sealed at write; the ledger of a
 * course never forks (a taken `seq` is refused); a goal changes only from the state the caller
 * saw; there is one snapshot per (course, session).
 */
import type { Phase } from '../../domain/people.ts';

export type ExpectationsResponseRow = {
  id: string;
  courseId: string;
  clientId: string;
  side: 'client' | 'therapist';
  answeredAt: string;
  enteredBy: string;
  answersEnc: string;
  freeTextEnc: string | null;
  cuesEnc: string | null;
  /** The cue rules' version that read `cuesEnc` (domain/cues/evidence.ts); null = unknown, read again. */
  cuesVersion: number | null;
  createdAt: string;
};
export type GoalRow = {
  id: string;
  courseId: string;
  clientId: string;
  author: 'client' | 'therapist';
  focus: string;
  state: string;
  proposedAt: string;
  proposedBy: string;
  textEnc: string;
  cuesEnc: string | null;
  /** The cue rules' version that read `cuesEnc` (domain/cues/evidence.ts); null = unknown, read again. */
  cuesVersion: number | null;
  agreedAt: string | null;
  agreedBy: 'client' | 'therapist' | null;
  agreementRecordedBy: 'client' | 'therapist' | null;
  agreementWordsEnc: string | null;
  closedState: string | null;
  closedAt: string | null;
  closedBy: 'client' | 'therapist' | null;
  closureNoteEnc: string | null;
  revisedTo: string | null;
  revisionOf: string | null;
  gasWeight: number | null;
  gasDescriptionsEnc: string | null;
  updatedAt: string;
  /**
   * When each step was recorded (issue 14); `proposedAt`, `agreedAt` and `closedAt` are when it
   * happened, which staff may date in the past. Null: the step not taken (or rows written before).
   */
  proposalRecordedAt?: string | null;
  agreementRecordedAt?: string | null;
  closureRecordedAt?: string | null;
};
export type GoalRatingRow = {
  id: string;
  goalId: string;
  courseId: string;
  kind: 'progress' | 'gas';
  at: string;
  value: number;
  recordedBy: 'client' | 'therapist';
  /** When it was recorded (issue 14); `at` is when the rating was given. */
  recordedAt?: string | null;
};
export type LedgerEntryRow = {
  id: string;
  courseId: string;
  clientId: string;
  seq: number;
  kind: 'proposal' | 'confirmation' | 'decline';
  agreementId: string;
  at: string;
  side: 'client' | 'therapist';
  recordedBy: 'client' | 'therapist' | null;
  enteredBy: string;
  allianceType: string | null;
  frequency: string | null;
  /** JSON of the review point: { kind: 'date', date } or { kind: 'after_sessions', sessions }. */
  reviewPoint: string | null;
  supersedes: string | null;
  statementEnc: string | null;
  reasonEnc: string | null;
  wordsEnc: string | null;
  /** When it was recorded (issue 14); `at` is when it happened. */
  recordedAt?: string | null;
};
export type PhaseChangeRow = { id: string; courseId: string; at: string; phase: Phase };
export type AllianceSnapshotRow = {
  id: string;
  courseId: string;
  clientId: string;
  sessionId: string;
  at: string;
  inputsKey: string;
  dominant: string;
  /** JSON of the distribution over the four types (numbers only). */
  distribution: string;
  mass: number;
  evidenceEnc: string;
  computedAt: string;
};
/** A snapshot's identity and inputs fingerprint, its numbers and evidence left out. */
export type AllianceSnapshotKey = Pick<AllianceSnapshotRow, 'sessionId' | 'at' | 'inputsKey'>;

/** A course's alliance at a glance (the caseload): the agreed type in force and the latest inferences. */
export type CourseAllianceGlance = {
  courseId: string;
  /** The alliance type of the most recently confirmed agreement; null when none was confirmed. */
  agreedType: string | null;
  /** The latest inferred dominant types, oldest first (at most the number asked for). */
  recent: { at: string; dominant: string }[];
};

export interface AllianceStore {
  insertExpectationsResponse(r: ExpectationsResponseRow): Promise<void>;
  /** Every Expectations check of a course, oldest first. */
  listExpectationsResponses(courseId: string): Promise<ExpectationsResponseRow[]>;
  insertGoal(r: GoalRow): Promise<void>;
  findGoal(id: string): Promise<GoalRow | undefined>;
  listGoals(courseId: string): Promise<GoalRow[]>;
  /** Whether the course has a goal in the agreed state now (the remission rule asks only this; one short read, not the goals). */
  courseHasAgreedGoal(courseId: string): Promise<boolean>;
  /** Applies a lifecycle change only if the goal is still in `fromState`; false when it moved meanwhile. */
  updateGoal(
    id: string,
    fromState: string,
    patch: Partial<Omit<GoalRow, 'id' | 'courseId' | 'clientId' | 'author' | 'proposedAt' | 'proposedBy'>>,
  ): Promise<boolean>;
  insertGoalRating(r: GoalRatingRow): Promise<void>;
  listGoalRatings(courseId: string): Promise<GoalRatingRow[]>;
  /** Appends one ledger entry; fails when `seq` is taken (a concurrent append), so the ledger never forks. */
  appendLedgerEntry(r: LedgerEntryRow): Promise<void>;
  /** The ledger of a course in append order. */
  listLedger(courseId: string): Promise<LedgerEntryRow[]>;
  insertPhaseChange(r: PhaseChangeRow): Promise<void>;
  listPhaseChanges(courseId: string): Promise<PhaseChangeRow[]>;
  /** Inserts or replaces the snapshot of (courseId, sessionId). */
  putAllianceSnapshot(r: AllianceSnapshotRow): Promise<void>;
  /**
   * putAllianceSnapshot for many (each session at most once), in a few statements: a cold
   * recompute writes one snapshot per session of the course.
   */
  putAllianceSnapshots(rows: readonly AllianceSnapshotRow[]): Promise<void>;
  listAllianceSnapshots(courseId: string): Promise<AllianceSnapshotRow[]>;
  /**
   * What identifies each stored snapshot of a course (session, time, inputs fingerprint), without
   * its sealed evidence: enough for the recompute to tell that nothing changed since it last ran.
   */
  listAllianceSnapshotKeys(courseId: string): Promise<AllianceSnapshotKey[]>;
  deleteAllianceSnapshots(courseId: string, sessionIds: readonly string[]): Promise<void>;
  /**
   * For each course: the agreed type in force and its latest `lastN` inferred types, in one
   * statement whatever the courses' length (the caseload's alliance columns).
   */
  listCourseAllianceGlances(courseIds: readonly string[], lastN: number): Promise<CourseAllianceGlance[]>;
  /** The same for every course of these clients (one statement with no wait for the courses first: the caseload reads it beside them). */
  listCourseAllianceGlancesOfClients(clientIds: readonly string[], lastN: number): Promise<CourseAllianceGlance[]>;
}
