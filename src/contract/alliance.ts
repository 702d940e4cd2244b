/**
 * The wire contract of the alliance ledger (SPEC §3 C2, C3): Expectations checks, goals, agreements
 * and shifts, the inferred alliance, the timeline and the attendance pattern. docs/alliance.md
 * explains the fields; the shapes are the services' (src/services/alliance/alliance.ts, expectations.ts,
 * goals.ts, agreements.ts) and the client's projections of them (src/http/presenters/client.ts).
 */
import { z } from 'zod';
import { ALLIANCE_TYPES } from '../domain/cues/types.ts';
import { GOAL_FOCI } from '../domain/alliance/goals.ts';
import { FREQUENCIES, SIDES } from '../domain/alliance/course.ts';
import { PHASES, SESSION_STATUSES } from '../domain/people.ts';
import { cueView } from './cues.ts';
import { isoDateTime } from './common.ts';

// ---- requests ----
export const courseParams = z.strictObject({ courseId: z.string().uuid() });
export const goalParams = z.strictObject({ courseId: z.string().uuid(), goalId: z.string().uuid() });
export const agreementParams = z.strictObject({ courseId: z.string().uuid(), agreementId: z.string().uuid() });

const words = z.string().trim().min(1, 'Write it in a few words.').max(2000);
const note = z.string().trim().max(2000).optional();
/**
 * When it happened (issue 14), for a record entered after the fact: staff only, within the course,
 * never in the future. Left out, the record happened now. A client's own entries are dated by the
 * server: a client sending it is refused (400, `details.reason` occurred_at_staff_only).
 */
const occurredAt = isoDateTime.optional();

export const expectationsBody = z.strictObject({
  answers: z.record(z.string().max(80), z.number()),
  freeText: z.string().max(4000).optional(),
  occurredAt,
});
export const goalBody = z.strictObject({ text: words, focus: z.enum(GOAL_FOCI), occurredAt });
export const agreeBody = z.strictObject({ words, occurredAt });
export const closeGoalBody = z.strictObject({ action: z.enum(['achieve', 'drop']), note, occurredAt });
export const reviseGoalBody = z.strictObject({ text: words, focus: z.enum(GOAL_FOCI), note, occurredAt });
export const progressBody = z.strictObject({ value: z.number().int().min(0).max(10), occurredAt });
const gasLevelKey = z.enum(['-2', '-1', '0', '1', '2']);
export const gasScaleBody = z.strictObject({
  weight: z.number().positive().max(100).optional(),
  descriptions: z.partialRecord(gasLevelKey, z.string().trim().max(500)).optional(),
});
export const gasLevelBody = z.strictObject({ level: z.number().int().min(-2).max(2), occurredAt });

const reviewPoint = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('date'), date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date like 2026-01-31.') }),
  z.strictObject({ kind: z.literal('after_sessions'), sessions: z.number().int().min(1).max(200) }),
]);
export const agreementBody = z.strictObject({
  statement: words,
  allianceType: z.enum(ALLIANCE_TYPES),
  frequency: z.enum(FREQUENCIES),
  reviewPoint,
  /** Required when an agreement is in force: this proposal is a shift, and every shift has its reason. */
  reason: note,
  occurredAt,
});
export const answerBody = z.strictObject({ words: z.string().trim().max(2000).optional(), occurredAt });

// ---- responses ----
const allianceType = z.enum(ALLIANCE_TYPES);
const side = z.enum(SIDES);
const distribution = z.record(allianceType, z.number());
const dominant = z.enum([...ALLIANCE_TYPES, 'mixed']);
const inferredDominant = z.enum([...ALLIANCE_TYPES, 'mixed', 'not_enough_evidence']);
const ref = z.object({ type: z.string(), id: z.string() });

// Agreements and the ledger (src/domain/alliance/agreements.ts)
const reviewPointView = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('date'), date: z.string() }),
  z.object({ kind: z.literal('after_sessions'), sessions: z.number() }),
]);
export const agreementTerms = z.object({ statement: z.string(), allianceType, frequency: z.enum(FREQUENCIES), reviewPoint: reviewPointView });
export const agreementView = z.object({
  id: z.string(),
  terms: agreementTerms,
  proposedBy: side,
  proposedAt: z.string(),
  supersedes: z.string().optional(),
  reason: z.string().optional(),
  status: z.enum(['pending', 'declined', 'in_force', 'superseded']),
  confirmation: z.object({ by: side, recordedBy: side, at: z.string(), words: z.string() }).optional(),
  decline: z.object({ by: side, recordedBy: side, at: z.string(), words: z.string().optional() }).optional(),
  supersededAt: z.string().optional(),
});
/** When an entry was recorded; its `at` is when it happened (issue 14: records dated when they happened). */
const recordedAt = z.string().optional();
export const ledgerEntryView = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('proposal'),
    entryId: z.string(),
    agreementId: z.string(),
    at: z.string(),
    by: side,
    terms: agreementTerms,
    supersedes: z.string().optional(),
    reason: z.string().optional(),
    recordedAt,
  }),
  z.object({
    kind: z.literal('confirmation'),
    entryId: z.string(),
    agreementId: z.string(),
    at: z.string(),
    by: side,
    recordedBy: side,
    words: z.string(),
    recordedAt,
  }),
  z.object({
    kind: z.literal('decline'),
    entryId: z.string(),
    agreementId: z.string(),
    at: z.string(),
    by: side,
    recordedBy: side,
    words: z.string().optional(),
    recordedAt,
  }),
]);
export const shiftView = z.object({
  at: z.string(),
  agreementId: z.string(),
  fromAgreementId: z.string(),
  from: agreementTerms,
  to: agreementTerms,
  reason: z.string(),
  typeChanged: z.boolean(),
  words: z.string(),
});
export const ledgerView = z.object({
  agreements: z.array(agreementView.extend({ reviewDue: z.boolean() })),
  inForce: agreementView.nullable(),
  shifts: z.array(shiftView),
  entries: z.array(ledgerEntryView),
  /** A proposal waiting for the caller's side to answer. */
  awaiting: z.array(agreementView),
});

// Goals (src/domain/alliance/goals.ts, src/services/alliance/goals.ts)
const gasLevel = z.literal([-2, -1, 0, 1, 2]);
export const goalView = z.object({
  id: z.string(),
  author: side,
  text: z.string(),
  focus: z.enum(GOAL_FOCI),
  proposedAt: z.string(),
  state: z.enum(['proposed', 'agreed', 'achieved', 'revised', 'dropped']),
  agreement: z.object({ by: side, recordedBy: side, at: z.string(), words: z.string() }).optional(),
  closure: z
    .object({ state: z.enum(['achieved', 'revised', 'dropped']), at: z.string(), by: side, note: z.string().optional(), revisedTo: z.string().optional() })
    .optional(),
  revisionOf: z.string().optional(),
  ratings: z.array(z.object({ at: z.string(), value: z.number(), recordedBy: side })).readonly(),
  gas: z
    .object({
      weight: z.number(),
      descriptions: z.partialRecord(gasLevelKey, z.string()).optional(),
      attainments: z.array(z.object({ at: z.string(), level: gasLevel })).readonly(),
    })
    .optional(),
  focusLabel: z.string(),
  allianceType,
  /** The language cues in a client's goal (SPEC §5.5): the therapist's and supervisor's view only. */
  cues: z.array(cueView).optional(),
});
export const goalConsensusView = z.object({ active: z.number(), agreed: z.number(), consensus: z.number().optional() });
export const goalsView = z.object({ goals: z.array(goalView), consensus: goalConsensusView, gasTScore: z.number().nullable() });

// Expectations (src/domain/alliance/expectations.ts, divergence.ts, src/services/alliance/expectations.ts)
export const expectationsProfile = z.object({
  side,
  responseId: z.string(),
  at: z.string(),
  typeScores: distribution,
  distribution,
  allZero: z.boolean(),
  dominant,
});
export const expectationsComparison = z.object({
  client: expectationsProfile,
  therapist: expectationsProfile,
  distance: z.number(),
  diverge: z.boolean(),
  reasons: z.array(z.enum(['distance', 'dominant_types_differ'])),
  gaps: z.array(
    z.object({
      key: z.string(),
      type: allianceType,
      clientStatementId: z.string(),
      therapistStatementId: z.string(),
      clientText: z.string(),
      therapistText: z.string(),
      clientRating: z.number(),
      therapistRating: z.number(),
      gap: z.number(),
      higher: side,
    }),
  ),
});
export const expectationsResponseView = z.object({
  id: z.string(),
  side,
  at: z.string(),
  answers: z.record(z.string(), z.number()),
  freeText: z.string().nullable(),
  profile: expectationsProfile,
  /** The language cues in a client's free text (SPEC §5.5), for the therapist's and supervisor's view only. */
  freeTextCues: z.array(cueView).optional(),
});
export const expectationsStateView = z.object({
  instrument: z.object({
    side,
    title: z.string(),
    instructions: z.string(),
    freeTextQuestion: z.string(),
    statements: z.array(z.object({ id: z.string(), key: z.string(), side, type: allianceType, text: z.string() })).readonly(),
  }),
  scale: z.array(z.object({ value: z.literal([0, 1, 2, 3, 4]), label: z.string() })).readonly(),
  due: z.object({ due: z.boolean(), reason: z.enum(['intake', 'cadence', 'not_yet']), attendedSinceLast: z.number() }),
  /** Whether the other side's check of the current round is in (never its answers). */
  otherSideAnswered: z.boolean(),
  mine: z.array(expectationsResponseView),
});
export const expectationsRound = z.object({
  round: z.number(),
  client: expectationsResponseView.nullable(),
  therapist: expectationsResponseView.nullable(),
  revealed: z.boolean(),
  comparison: expectationsComparison.nullable(),
});
export const expectationsCompareView = z.object({ rounds: z.array(expectationsRound), latest: expectationsRound.nullable() });

// The inferred alliance, attendance and findings (src/domain/alliance/inference.ts, attendance.ts, finding.ts)
export const evidenceItem = z.object({
  kind: z.string(),
  type: allianceType,
  weight: z.number(),
  label: z.string(),
  quote: z.string().optional(),
  source: ref.optional(),
  at: z.string().optional(),
});
export const allianceInference = z.object({
  asOf: z.string(),
  distribution,
  dominant: inferredDominant,
  totals: distribution,
  mass: z.number(),
  pieces: z.number(),
  kinds: z.number(),
  lead: z.number(),
  certainty: z.enum(['not_enough_evidence', 'mixed', 'tentative', 'fairly_sure', 'quite_sure']),
  evidence: z.array(evidenceItem),
});
const patternFlags = z.object({ regular: z.boolean(), episodic: z.boolean(), fading: z.boolean(), erratic: z.boolean() });
export const attendanceView = z.object({
  pattern: z.enum(['regular', 'episodic', 'fading', 'erratic', 'unclear', 'too_early']),
  frequency: z.enum(FREQUENCIES),
  intervalDays: z.number().optional(),
  intervalSource: z.enum(['frequency', 'median_gap', 'unknown']),
  counted: z.number(),
  excluded: z.number(),
  attended: z.number(),
  attendedRate: z.number().optional(),
  noShows: z.number(),
  recentNoShows: z.number(),
  gaps: z.array(z.number()),
  maxGap: z.number(),
  recentGaps: z.array(z.number()),
  bursts: z.array(z.object({ fromSessionId: z.string(), toSessionId: z.string(), from: z.string(), to: z.string(), sessions: z.number() })),
  matches: patternFlags,
});
export const findingView = z.object({
  kind: z.enum(['misalliance', 'magical_persisting', 'expectations_diverge', 'attendance_no_show_early', 'attendance_consecutive_no_shows']),
  dedupeKey: z.string(),
  at: z.string(),
  title: z.string(),
  summary: z.string(),
  suggestedConversation: z.string(),
  evidence: z.array(
    z.object({
      label: z.string(),
      quote: z.string().optional(),
      source: ref.optional(),
      at: z.string().optional(),
      kind: z.string().optional(),
      type: allianceType.optional(),
      weight: z.number().optional(),
    }),
  ),
});
/** Staff: the agreed beside the inferred alliance, with the findings; the client reads `clientAllianceSummaryView`. */
export const allianceSummaryView = z.object({
  courseId: z.string(),
  asOf: z.string(),
  agreed: agreementView.optional(),
  inferred: allianceInference,
  expectations: expectationsComparison.optional(),
  goalConsensus: goalConsensusView,
  gasTScore: z.number().optional(),
  attendance: attendanceView,
  findings: z.array(findingView),
});
/** The client's projection: the agreed side only (no inference, evidence or findings). */
export const clientAllianceSummaryView = z.object({
  courseId: z.string(),
  asOf: z.string(),
  agreed: agreementView.nullable(),
  expectations: expectationsComparison.nullable(),
  goalConsensus: goalConsensusView,
  gasTScore: z.number().nullable(),
  attendance: attendanceView,
});
export const staffAttendanceView = attendanceView.extend({ findings: z.array(findingView) });

// The timeline (src/services/alliance/alliance.ts)
export const ledgerMarker = z.object({
  kind: z.enum(['agreement', 'shift']),
  at: z.string(),
  agreementId: z.string(),
  type: allianceType,
  fromType: allianceType.optional(),
  typeChanged: z.boolean(),
  statement: z.string(),
  reason: z.string().optional(),
});
const timelineBase = {
  sessionId: z.string(),
  at: z.string(),
  status: z.enum(SESSION_STATUSES).exclude(['scheduled']),
  phase: z.enum(PHASES).optional(),
  agreedType: allianceType.optional(),
  agreementId: z.string().optional(),
  markers: z.array(ledgerMarker),
};
export const timelinePoint = z.object({
  ...timelineBase,
  inferred: z.object({ distribution, dominant: inferredDominant, mass: z.number() }),
  /** The strongest evidence behind this session's inference. */
  topEvidence: z.array(evidenceItem),
});
export const clientTimelinePoint = z.object(timelineBase);
const timelineOf = <T extends z.ZodType>(point: T) =>
  z.object({
    courseId: z.string(),
    startedOn: z.string(),
    endedOn: z.string().nullable(),
    asOf: z.string(),
    points: z.array(point),
    earlierMarkers: z.array(ledgerMarker),
    phases: z.array(z.object({ at: z.string(), phase: z.enum(PHASES) })),
    goals: z.array(
      z.object({
        id: z.string(),
        at: z.string(),
        author: side,
        state: z.string(),
        focus: z.string(),
        text: z.string(),
        agreedAt: z.string().nullable(),
        closedAt: z.string().nullable(),
      }),
    ),
    expectations: z.array(z.object({ id: z.string(), side, at: z.string(), revealed: z.boolean() })),
    /** Practice per day and tracker streaks (SPEC §3 C5, C7): staff see them only when the client shares. */
    practice: z.array(z.object({ day: z.string(), count: z.number().int() })),
    streaks: z.array(z.object({ trackerId: z.string(), from: z.string(), to: z.string(), length: z.number().int() })),
  });
export const timelineView = timelineOf(timelinePoint);
export const clientTimelineView = timelineOf(clientTimelinePoint);

/** GET …/alliance: staff read the summary, the client their projection of it. */
export const courseAllianceView = z.union([allianceSummaryView, clientAllianceSummaryView]);
/** GET …/alliance/timeline: staff read every point's inference and evidence; the client's points carry neither. */
export const courseTimelineView = z.union([timelineView, clientTimelineView]);
/** GET …/attendance: staff read the no-show findings too; the client the pattern and its counts. */
export const courseAttendanceView = z.union([staffAttendanceView, attendanceView]);
