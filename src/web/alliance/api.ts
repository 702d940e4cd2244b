/**
 * The alliance ledger part of the browser's API client (SPEC §3 C2, C3). Shapes are the wire
 * contract's (src/contract/alliance.ts).
 */
import type { z } from 'zod';
import { call } from '../api.ts';
import type * as alliance from '../../contract/alliance.ts';
import type { AllianceType } from '../../domain/cues/types.ts';
import type { GoalFocus } from '../../domain/alliance/goals.ts';
import type { InferredDominant } from '../../domain/alliance/inference.ts';

export type { AllianceType, GoalFocus, InferredDominant };
export type Agreement = z.infer<typeof alliance.agreementView>;
export type EvidenceItem = z.infer<typeof alliance.evidenceItem>;
export type LedgerMarker = z.infer<typeof alliance.ledgerMarker>;

export type AllianceSummary = z.infer<typeof alliance.allianceSummaryView>;
export type TimelinePoint = z.infer<typeof alliance.timelinePoint>;
export type Timeline = z.infer<typeof alliance.timelineView>;
export type Ledger = z.infer<typeof alliance.ledgerView>;
/** `cues` (and an Expectations view's `freeTextCues`) come only to the therapist and the supervisor: the cue reader's prompts. */
export type GoalView = z.infer<typeof alliance.goalView>;
export type Goals = z.infer<typeof alliance.goalsView>;
export type ExpectationsView = z.infer<typeof alliance.expectationsResponseView>;
export type ExpectationsRound = z.infer<typeof alliance.expectationsRound>;
export type ExpectationsState = z.infer<typeof alliance.expectationsStateView>;

/** The five Goal Attainment Scaling levels, as the API spells them in a scale's descriptions. */
export type GasLevelKey = '-2' | '-1' | '0' | '1' | '2';

const base = (courseId: string) => `/api/courses/${encodeURIComponent(courseId)}`;

/** `occurredAt` when a staff form gave one (records dated when they happened); else nothing, and the server dates it now. */
const when = (occurredAt: string | undefined) => (occurredAt ? { occurredAt } : {});

export const allianceApi = {
  summary: (courseId: string) => call<AllianceSummary>('GET', `${base(courseId)}/alliance`),
  timeline: (courseId: string) => call<Timeline>('GET', `${base(courseId)}/alliance/timeline`),
  ledger: (courseId: string) => call<Ledger>('GET', `${base(courseId)}/ledger`),
  goals: (courseId: string) => call<Goals>('GET', `${base(courseId)}/goals`),
  expectations: (courseId: string) => call<ExpectationsState>('GET', `${base(courseId)}/expectations`),
  compare: (courseId: string) => call<z.infer<typeof alliance.expectationsCompareView>>('GET', `${base(courseId)}/expectations/compare`),
  answerExpectations: (courseId: string, answers: Record<string, number>, freeText?: string, occurredAt?: string) =>
    call<ExpectationsView>('POST', `${base(courseId)}/expectations`, { answers, ...(freeText ? { freeText } : {}), ...when(occurredAt) }),
  proposeGoal: (courseId: string, text: string, focus: GoalFocus, occurredAt?: string) =>
    call<GoalView>('POST', `${base(courseId)}/goals`, { text, focus, ...when(occurredAt) }),
  agreeGoal: (courseId: string, goalId: string, words: string, occurredAt?: string) =>
    call<GoalView>('POST', `${base(courseId)}/goals/${goalId}/agree`, { words, ...when(occurredAt) }),
  rateGoal: (courseId: string, goalId: string, value: number, occurredAt?: string) =>
    call<GoalView>('POST', `${base(courseId)}/goals/${goalId}/progress`, { value, ...when(occurredAt) }),
  closeGoal: (courseId: string, goalId: string, action: 'achieve' | 'drop', note?: string, occurredAt?: string) =>
    call<GoalView>('POST', `${base(courseId)}/goals/${goalId}/close`, { action, ...(note ? { note } : {}), ...when(occurredAt) }),
  reviseGoal: (courseId: string, goalId: string, input: { text: string; focus: GoalFocus; note?: string; occurredAt?: string }) =>
    call<GoalView>('POST', `${base(courseId)}/goals/${goalId}/revise`, input),
  setGasScale: (courseId: string, goalId: string, input: z.input<typeof alliance.gasScaleBody>) =>
    call<GoalView>('PUT', `${base(courseId)}/goals/${goalId}/gas`, input),
  recordGasLevel: (courseId: string, goalId: string, level: number, occurredAt?: string) =>
    call<GoalView>('POST', `${base(courseId)}/goals/${goalId}/gas`, { level, ...when(occurredAt) }),
  proposeAgreement: (courseId: string, terms: z.input<typeof alliance.agreementBody>) => call<Ledger>('POST', `${base(courseId)}/agreements`, terms),
  confirmAgreement: (courseId: string, agreementId: string, words: string, occurredAt?: string) =>
    call<Ledger>('POST', `${base(courseId)}/agreements/${agreementId}/confirm`, { words, ...when(occurredAt) }),
  declineAgreement: (courseId: string, agreementId: string, words?: string, occurredAt?: string) =>
    call<Ledger>('POST', `${base(courseId)}/agreements/${agreementId}/decline`, { ...(words ? { words } : {}), ...when(occurredAt) }),
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
