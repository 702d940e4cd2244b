/**
 * The alliance ledger part of the browser's API client (SPEC §3 C2, C3). Shapes mirror the
 * services' types (src/services/alliance.ts, goals.ts, agreements.ts, expectations.ts).
 */
import { call } from '../api.ts';
import type { AllianceType, Cue } from '../../domain/cues/types.ts';
import type { Agreement, AgreementTerms, LedgerEntry, Shift } from '../../domain/alliance/agreements.ts';
import type { AttendanceAnalysis } from '../../domain/alliance/attendance.ts';
import type { AllianceDistribution, ExpectationsComparison, ExpectationsProfile } from '../../domain/alliance/divergence.ts';
import type { ExpectationsDue, ExpectationsInstrument } from '../../domain/alliance/expectations.ts';
import type { Finding } from '../../domain/alliance/finding.ts';
import type { Goal, GoalConsensus, GoalFocus } from '../../domain/alliance/goals.ts';
import type { AllianceInference, EvidenceItem, InferredDominant } from '../../domain/alliance/inference.ts';
import type { LedgerMarker } from '../../domain/alliance/timeline.ts';
import type { Phase, SessionStatus } from '../../domain/alliance/course.ts';

export type { AllianceType, Agreement, EvidenceItem, Goal, GoalFocus, InferredDominant, LedgerMarker };

export type AllianceSummary = {
  courseId: string; asOf: string; agreed: Agreement | undefined; inferred: AllianceInference; expectations: ExpectationsComparison | undefined;
  goalConsensus: GoalConsensus; gasTScore: number | undefined; attendance: AttendanceAnalysis; findings: Finding[];
};
export type TimelinePoint = {
  sessionId: string; at: string; status: SessionStatus; phase: Phase | undefined; agreedType: AllianceType | undefined; agreementId: string | undefined;
  inferred: { distribution: AllianceDistribution; dominant: InferredDominant; mass: number }; topEvidence: EvidenceItem[]; markers: LedgerMarker[];
};
export type Timeline = {
  courseId: string; startedOn: string; endedOn: string | null; asOf: string; points: TimelinePoint[]; earlierMarkers: LedgerMarker[];
  phases: { at: string; phase: Phase }[];
  goals: { id: string; at: string; author: 'client' | 'therapist'; state: string; focus: string; text: string; agreedAt: string | null; closedAt: string | null }[];
  expectations: { id: string; side: 'client' | 'therapist'; at: string; revealed: boolean }[];
};
export type Ledger = { agreements: (Agreement & { reviewDue: boolean })[]; inForce: Agreement | null; shifts: Shift[]; entries: LedgerEntry[]; awaiting: Agreement[] };
/** `cues` (and an Expectations view's `freeTextCues`) come only to the therapist and the supervisor: the cue reader's prompts. */
export type GoalView = Goal & { focusLabel: string; allianceType: AllianceType; cues?: Cue[] };
export type Goals = { goals: GoalView[]; consensus: GoalConsensus; gasTScore: number | null };
export type ExpectationsView = {
  id: string; side: 'client' | 'therapist'; at: string; answers: Record<string, number>; freeText: string | null; profile: ExpectationsProfile; freeTextCues?: Cue[];
};
export type ExpectationsRound = { round: number; client: ExpectationsView | null; therapist: ExpectationsView | null; revealed: boolean; comparison: ExpectationsComparison | null };
export type ExpectationsState = {
  instrument: ExpectationsInstrument; scale: { value: number; label: string }[]; due: ExpectationsDue; otherSideAnswered: boolean; mine: ExpectationsView[];
};

/** The five Goal Attainment Scaling levels, as the API spells them in a scale's descriptions. */
export type GasLevelKey = '-2' | '-1' | '0' | '1' | '2';

const base = (courseId: string) => `/api/courses/${encodeURIComponent(courseId)}`;

export const allianceApi = {
  summary: (courseId: string) => call<AllianceSummary>('GET', `${base(courseId)}/alliance`),
  timeline: (courseId: string) => call<Timeline>('GET', `${base(courseId)}/alliance/timeline`),
  ledger: (courseId: string) => call<Ledger>('GET', `${base(courseId)}/ledger`),
  goals: (courseId: string) => call<Goals>('GET', `${base(courseId)}/goals`),
  expectations: (courseId: string) => call<ExpectationsState>('GET', `${base(courseId)}/expectations`),
  compare: (courseId: string) => call<{ rounds: ExpectationsRound[]; latest: ExpectationsRound | null }>('GET', `${base(courseId)}/expectations/compare`),
  answerExpectations: (courseId: string, answers: Record<string, number>, freeText?: string) =>
    call<ExpectationsView>('POST', `${base(courseId)}/expectations`, { answers, ...(freeText ? { freeText } : {}) }),
  proposeGoal: (courseId: string, text: string, focus: GoalFocus) => call<GoalView>('POST', `${base(courseId)}/goals`, { text, focus }),
  agreeGoal: (courseId: string, goalId: string, words: string) => call<GoalView>('POST', `${base(courseId)}/goals/${goalId}/agree`, { words }),
  rateGoal: (courseId: string, goalId: string, value: number) => call<GoalView>('POST', `${base(courseId)}/goals/${goalId}/progress`, { value }),
  closeGoal: (courseId: string, goalId: string, action: 'achieve' | 'drop', note?: string) =>
    call<GoalView>('POST', `${base(courseId)}/goals/${goalId}/close`, { action, ...(note ? { note } : {}) }),
  reviseGoal: (courseId: string, goalId: string, input: { text: string; focus: GoalFocus; note?: string }) =>
    call<GoalView>('POST', `${base(courseId)}/goals/${goalId}/revise`, input),
  setGasScale: (courseId: string, goalId: string, input: { weight?: number; descriptions?: Partial<Record<GasLevelKey, string>> }) =>
    call<GoalView>('PUT', `${base(courseId)}/goals/${goalId}/gas`, input),
  recordGasLevel: (courseId: string, goalId: string, level: number) => call<GoalView>('POST', `${base(courseId)}/goals/${goalId}/gas`, { level }),
  proposeAgreement: (courseId: string, terms: AgreementTerms & { reason?: string }) => call<Ledger>('POST', `${base(courseId)}/agreements`, terms),
  confirmAgreement: (courseId: string, agreementId: string, words: string) => call<Ledger>('POST', `${base(courseId)}/agreements/${agreementId}/confirm`, { words }),
  declineAgreement: (courseId: string, agreementId: string, words?: string) =>
    call<Ledger>('POST', `${base(courseId)}/agreements/${agreementId}/decline`, words ? { words } : {}),
};

/** Plain names and the drawing style of each alliance: colour plus a pattern, never colour alone. */
export const ALLIANCE_STYLE: Readonly<Record<AllianceType, { label: string; colour: string; pattern: string; letter: string }>> = {
  magical: { label: 'Magical', colour: '#b4547a', pattern: 'dots', letter: 'M' },
  working: { label: 'Working', colour: '#2f7d6d', pattern: 'stripes', letter: 'W' },
  therapeutic: { label: 'Therapeutic', colour: '#4b5fb0', pattern: 'cross', letter: 'T' },
  structuralizing: { label: 'Structuralizing', colour: '#b07a1f', pattern: 'solid', letter: 'S' },
};
export const dominantLabel = (d: InferredDominant): string =>
  d === 'mixed' ? 'Mixed' : d === 'not_enough_evidence' ? 'Not enough evidence yet' : ALLIANCE_STYLE[d].label;
