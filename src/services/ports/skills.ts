/**
 * The skills port (SPEC §3 C5, C7): the practice's skills settings, Skills checks, target skills,
 * the practice log, trackers and their days, planned breaks, Support checks and the client's
 * sharing choice. Texts arrive sealed (`*Enc`); the store never opens them. Invariants: a tracker
 * day is stored once per tracker (a second insert of the same day stores nothing and says so); a
 * target's update applies only to the version it was read at.
 */

export type SkillsSettingsRow = { practiceId: string; catalogueJson: string | null; stalledDays: number; updatedAt: string; updatedBy: string };

/** A Skills check. `answersEnc`: the ratings with each skill's name as answered (JSON), sealed. */
export type SkillsCheckRow = { id: string; clientId: string; courseId: string; answeredAt: string; answersEnc: string };

export type SkillTargetRow = {
  id: string;
  clientId: string;
  courseId: string;
  skillId: string;
  /** The plan (domain/skills/targets.ts TargetPlan) as JSON, sealed. */
  planEnc: string;
  targetCount: number;
  status: 'proposed' | 'active' | 'paused' | 'done';
  proposedSide: 'client' | 'therapist';
  proposedBy: string;
  proposedAt: string;
  /** The day the target became active (agreed); practice stalls are counted from it. */
  activeSince: string | null;
  updatedAt: string;
};

export type PracticeLogRow = {
  id: string;
  targetId: string;
  clientId: string;
  courseId: string;
  practisedOn: string;
  loggedAt: string;
  mode: 'imagined' | 'role_play' | 'real_life';
  outcome: 'went_well' | 'mixed' | 'hard';
  celebrated: boolean;
  /** { situation, did, howItWent } as JSON, sealed; null when none was written. */
  entryEnc: string | null;
};

export type TrackerRow = { id: string; clientId: string; courseId: string; labelEnc: string; createdAt: string };
export type TrackerDayRow = { trackerId: string; day: string; kept: boolean; recordedAt: string };
export type PlannedBreakRow = {
  id: string;
  clientId: string;
  courseId: string;
  startsOn: string;
  endsOn: string;
  labelEnc: string | null;
  createdAt: string;
  createdBy: string;
};
export type SupportCheckRow = { id: string; clientId: string; courseId: string; answeredAt: string; calm: number; people: number; supportsEnc: string };
export type SkillsSharingRow = { clientId: string; shared: boolean; updatedAt: string };

/** An active target with the last day practised on it and how many practices it has (the stall sweep's input). */
export type ActiveTargetSummary = { target: SkillTargetRow; lastPractisedOn: string | null; total: number };

/** What the inferred alliance reads of a course (clear columns only), with the client's sharing choice. */
export type SkillsAllianceRows = {
  shared: boolean;
  practice: { id: string; loggedAt: string; mode: PracticeLogRow['mode'] }[];
  trackerDays: TrackerDayRow[];
  supportChecks: { id: string; answeredAt: string; calm: number; people: number }[];
};

export interface SkillsStore {
  findSkillsSettings(practiceId: string): Promise<SkillsSettingsRow | undefined>;
  setSkillsSettings(row: SkillsSettingsRow): Promise<void>;

  insertSkillsCheck(row: SkillsCheckRow): Promise<void>;
  /** A course's Skills checks, oldest first. */
  listSkillsChecks(courseId: string): Promise<SkillsCheckRow[]>;

  insertSkillTarget(row: SkillTargetRow): Promise<void>;
  findSkillTarget(id: string): Promise<SkillTargetRow | undefined>;
  /** A course's targets, oldest first. */
  listSkillTargets(courseId: string): Promise<SkillTargetRow[]>;
  /** Writes a target's changeable fields only if it still has `expectedUpdatedAt`; false when it changed meanwhile. */
  updateSkillTarget(row: SkillTargetRow, expectedUpdatedAt: string): Promise<boolean>;
  /** Every active target with its last practice day and practice count (for the stall sweep), in id order. */
  listActiveTargetSummaries(): Promise<ActiveTargetSummary[]>;

  insertPracticeLog(row: PracticeLogRow): Promise<void>;
  findPracticeLog(id: string): Promise<PracticeLogRow | undefined>;
  /** A course's practice, oldest first (by day, then by when it was logged). */
  listPracticeLogs(courseId: string): Promise<PracticeLogRow[]>;
  setPracticeCelebrated(id: string, celebrated: boolean): Promise<boolean>;

  insertTracker(row: TrackerRow): Promise<void>;
  listTrackers(courseId: string): Promise<TrackerRow[]>;
  /** Stores a day once: false (nothing written) when the tracker already has that day. */
  insertTrackerDay(row: TrackerDayRow): Promise<boolean>;
  /** Corrects a recorded day; false when there is none. */
  updateTrackerDay(row: TrackerDayRow): Promise<boolean>;
  /** The days of every tracker of a course, by tracker then day. */
  listTrackerDays(courseId: string): Promise<TrackerDayRow[]>;

  insertPlannedBreak(row: PlannedBreakRow): Promise<void>;
  listPlannedBreaks(courseId: string): Promise<PlannedBreakRow[]>;

  insertSupportCheck(row: SupportCheckRow): Promise<void>;
  listSupportChecks(courseId: string): Promise<SupportCheckRow[]>;

  findSkillsSharing(clientId: string): Promise<SkillsSharingRow | undefined>;
  setSkillsSharing(row: SkillsSharingRow): Promise<void>;

  /** One read for the alliance recompute: the course's practice, tracker days and Support checks (clear columns) and the sharing choice. */
  loadSkillsForAlliance(courseId: string, clientId: string): Promise<SkillsAllianceRows>;
}
