/**
 * Goals: authored by one side, agreed by both, then achieved, revised or dropped (SPEC §3 C2).
 * Goals are immutable values; every transition returns a new goal or a refusal with a reason.
 */
import type { AllianceType } from '../cues/types.ts';
import type { AllianceDistribution } from './divergence.ts';
import { jensenShannonDistance, normaliseScores } from './divergence.ts';
import type { Side } from './course.ts';
import { byTime, instant, otherSide } from './course.ts';
import type { AllianceSettings } from './settings.ts';
import { allianceDefaults } from './settings.ts';

/** SPEC §3 C2: what a goal is about. */
export type GoalFocus = 'change_in_others' | 'symptom_relief' | 'decision_or_situation' | 'skill' | 'pattern_in_myself' | 'keeping_gains';

export const GOAL_FOCI: readonly GoalFocus[] = ['change_in_others', 'symptom_relief', 'decision_or_situation', 'skill', 'pattern_in_myself', 'keeping_gains'];

/** Plain words for each focus, as the client sees them. */
export const GOAL_FOCUS_LABELS: Readonly<Record<GoalFocus, string>> = {
  change_in_others: 'a change in others or in my situation',
  symptom_relief: 'relief from a symptom',
  decision_or_situation: 'a decision or situation to handle',
  skill: 'a skill to build',
  pattern_in_myself: 'a pattern in myself to understand or change',
  keeping_gains: 'keeping the gains',
};

/** SPEC §5.2: goal focus → alliance type. */
export const FOCUS_ALLIANCE: Readonly<Record<GoalFocus, AllianceType>> = {
  change_in_others: 'magical',
  symptom_relief: 'magical',
  decision_or_situation: 'working',
  skill: 'working',
  pattern_in_myself: 'therapeutic',
  keeping_gains: 'structuralizing',
};

export type GoalState = 'proposed' | 'agreed' | 'achieved' | 'revised' | 'dropped';
export const ACTIVE_GOAL_STATES: readonly GoalState[] = ['proposed', 'agreed'];

/**
 * The other side's agreement: who agreed, who recorded it (the therapist may record the client's
 * words said in session, SPEC §3 C3), when, and in what words.
 */
export type Confirmation = { by: Side; recordedBy: Side; at: string; words: string };

export type GoalClosure = {
  state: 'achieved' | 'revised' | 'dropped';
  at: string;
  by: Side;
  note?: string;
  /** For 'revised': the id of the goal that replaces this one. */
  revisedTo?: string;
};

/** SPEC §3 C2: progress rated 0–10 by the client at review points. */
export type ProgressRating = { at: string; value: number; recordedBy: Side };

/** Goal Attainment Scaling levels: −2 much less than expected … 0 expected … +2 much more. */
export type GasLevel = -2 | -1 | 0 | 1 | 2;
export const GAS_LEVELS: readonly GasLevel[] = [-2, -1, 0, 1, 2];

export type GasScale = {
  /** Relative importance wᵢ (> 0), 1 by default. */
  weight: number;
  /** What each level would look like, in the two people's words (optional). */
  descriptions?: Partial<Record<`${GasLevel}`, string>>;
  attainments: readonly { at: string; level: GasLevel }[];
};

export type Goal = {
  id: string;
  author: Side;
  text: string;
  focus: GoalFocus;
  proposedAt: string;
  state: GoalState;
  agreement?: Confirmation;
  closure?: GoalClosure;
  /** The goal this one revises, if any. */
  revisionOf?: string;
  ratings: readonly ProgressRating[];
  gas?: GasScale;
};

export type GoalRefusal =
  | 'empty_text'
  | 'unknown_focus'
  | 'illegal_transition'
  | 'not_the_other_side'
  | 'cannot_record_for_therapist'
  | 'empty_words'
  | 'before_previous_event'
  | 'rating_out_of_range'
  | 'invalid_gas_weight'
  | 'invalid_gas_level'
  | 'no_gas_scale';

export type GoalResult = { ok: true; goal: Goal } | { ok: false; reason: GoalRefusal; detail: string };

function refuse(reason: GoalRefusal, detail: string): { ok: false; reason: GoalRefusal; detail: string } {
  return { ok: false, reason, detail };
}

/** A new goal in the 'proposed' state (SPEC §3 C2). Either side may propose. */
export function proposeGoal(input: { id: string; author: Side; text: string; focus: GoalFocus; at: string; revisionOf?: string }): GoalResult {
  if (input.text.trim() === '') return refuse('empty_text', 'A goal needs words.');
  if (!GOAL_FOCI.includes(input.focus)) return refuse('unknown_focus', `Unknown focus "${String(input.focus)}".`);
  const goal: Goal = {
    id: input.id,
    author: input.author,
    text: input.text.trim(),
    focus: input.focus,
    proposedAt: input.at,
    state: 'proposed',
    ratings: [],
    ...(input.revisionOf === undefined ? {} : { revisionOf: input.revisionOf }),
  };
  return { ok: true, goal };
}

export type GoalAction =
  | { kind: 'agree'; at: string; by: Side; recordedBy?: Side; words: string }
  | { kind: 'achieve'; at: string; by: Side; note?: string }
  | { kind: 'drop'; at: string; by: Side; note?: string }
  | { kind: 'revise'; at: string; by: Side; note?: string; revision: { id: string; text: string; focus: GoalFocus } };

/** Which actions each state allows. Achieved, revised and dropped are final. */
export const GOAL_TRANSITIONS: Readonly<Record<GoalState, readonly GoalAction['kind'][]>> = {
  proposed: ['agree', 'drop'],
  agreed: ['achieve', 'revise', 'drop'],
  achieved: [],
  revised: [],
  dropped: [],
};

function lastEventAt(goal: Goal): string {
  const times = [goal.proposedAt, goal.agreement?.at, goal.closure?.at, ...goal.ratings.map((r) => r.at), ...(goal.gas?.attainments.map((a) => a.at) ?? [])];
  return times.filter((t): t is string => t !== undefined).reduce((a, b) => (instant(b) > instant(a) ? b : a));
}

/**
 * Moves a goal through its lifecycle (SPEC §3 C2): proposed → agreed → achieved | revised | dropped;
 * a proposal may also be dropped (withdrawn) before agreement. Agreement must come from the other
 * side than the author, and is recorded with who, when and in what words; the therapist may record
 * the client's agreement said in session, the client cannot record the therapist's (SPEC §3 C3).
 * A revision closes this goal and returns the new goal, proposed by the reviser and linked both ways.
 */
export function transitionGoal(goal: Goal, action: GoalAction): GoalResult & { revision?: Goal } {
  if (!GOAL_TRANSITIONS[goal.state].includes(action.kind)) {
    return refuse('illegal_transition', `A goal that is ${goal.state} cannot be ${action.kind === 'agree' ? 'agreed' : `${action.kind}d`}.`);
  }
  if (instant(action.at) < instant(lastEventAt(goal))) return refuse('before_previous_event', 'The goal already has a later event.');
  switch (action.kind) {
    case 'agree': {
      const recordedBy = action.recordedBy ?? action.by;
      if (action.by !== otherSide(goal.author)) {
        return refuse('not_the_other_side', `A goal proposed by the ${goal.author} is agreed by the ${otherSide(goal.author)}.`);
      }
      if (recordedBy !== action.by && !(action.by === 'client' && recordedBy === 'therapist')) {
        return refuse('cannot_record_for_therapist', 'Only the therapist may record the other side’s words (the client’s, said in session).');
      }
      if (action.words.trim() === '') return refuse('empty_words', 'An agreement is recorded in the words it was given.');
      return { ok: true, goal: { ...goal, state: 'agreed', agreement: { by: action.by, recordedBy, at: action.at, words: action.words.trim() } } };
    }
    case 'achieve':
    case 'drop': {
      const state = action.kind === 'achieve' ? 'achieved' : 'dropped';
      const closure: GoalClosure = { state, at: action.at, by: action.by, ...(action.note === undefined ? {} : { note: action.note }) };
      return { ok: true, goal: { ...goal, state, closure } };
    }
    case 'revise': {
      const next = proposeGoal({ ...action.revision, author: action.by, at: action.at, revisionOf: goal.id });
      if (!next.ok) return next;
      const closure: GoalClosure = {
        state: 'revised',
        at: action.at,
        by: action.by,
        revisedTo: action.revision.id,
        ...(action.note === undefined ? {} : { note: action.note }),
      };
      return { ok: true, goal: { ...goal, state: 'revised', closure }, revision: next.goal };
    }
  }
}

/**
 * A rating or attainment level is an observation at its own time (issue 14: records dated when
 * they happened): it may be entered in any order, so long as the goal was agreed — not yet
 * closed — at that time. Undefined when it was; the refusal otherwise.
 */
function agreedThen(goal: Goal, at: string, verb: 'rated' | 'scored'): Extract<GoalResult, { ok: false }> | undefined {
  const then = goalAsOf(goal, at);
  if (then?.state === 'agreed') return undefined;
  if (goal.state === 'agreed' || then === undefined) {
    return refuse('before_previous_event', `Only agreed goals are ${verb}; this one was not yet agreed at that time.`);
  }
  return refuse('illegal_transition', `Only agreed goals are ${verb}; this one was ${then.state} at that time.`);
}

/**
 * Adds a 0–10 progress rating (SPEC §3 C2: rated by the client at review points; the therapist
 * may enter it in session). Only agreed goals are rated: a proposal has nothing agreed to progress on.
 */
export function rateGoalProgress(
  goal: Goal,
  rating: { at: string; value: number; recordedBy?: Side },
  settings: AllianceSettings = allianceDefaults,
): GoalResult {
  const { progressMin, progressMax } = settings.goals;
  const then = agreedThen(goal, rating.at, 'rated');
  if (then !== undefined) return then;
  if (!Number.isInteger(rating.value) || rating.value < progressMin || rating.value > progressMax) {
    return refuse('rating_out_of_range', `Progress is a whole number from ${progressMin} to ${progressMax}.`);
  }
  return { ok: true, goal: { ...goal, ratings: byTime([...goal.ratings, { at: rating.at, value: rating.value, recordedBy: rating.recordedBy ?? 'client' }]) } };
}

/** Attaches a Goal Attainment Scale (Kiresuk & Sherman 1968) to an active goal; weight must be > 0. */
export function setGasScale(goal: Goal, scale: { weight?: number; descriptions?: GasScale['descriptions'] }): GoalResult {
  if (!ACTIVE_GOAL_STATES.includes(goal.state)) return refuse('illegal_transition', `A ${goal.state} goal is not scaled any more.`);
  const weight = scale.weight ?? 1;
  if (!Number.isFinite(weight) || weight <= 0) return refuse('invalid_gas_weight', 'A GAS weight is a positive number.');
  const gas: GasScale = { weight, attainments: goal.gas?.attainments ?? [], ...(scale.descriptions === undefined ? {} : { descriptions: scale.descriptions }) };
  return { ok: true, goal: { ...goal, gas } };
}

/** Records the attained GAS level −2…+2 of an agreed goal at a review point (SPEC §3 C2). */
export function recordGasLevel(goal: Goal, attainment: { at: string; level: number }): GoalResult {
  if (goal.gas === undefined) return refuse('no_gas_scale', 'This goal has no attainment scale.');
  const then = agreedThen(goal, attainment.at, 'scored');
  if (then !== undefined) return then;
  if (!GAS_LEVELS.includes(attainment.level as GasLevel)) return refuse('invalid_gas_level', 'A GAS level is −2, −1, 0, +1 or +2.');
  return {
    ok: true,
    goal: { ...goal, gas: { ...goal.gas, attainments: byTime([...goal.gas.attainments, { at: attainment.at, level: attainment.level as GasLevel }]) } },
  };
}

/**
 * The Kiresuk–Sherman GAS T-score (Kiresuk & Sherman 1968; SPEC §3 C2):
 * T = 50 + 10·Σwᵢxᵢ / sqrt((1 − ρ)·Σwᵢ² + ρ·(Σwᵢ)²), with the standard inter-goal correlation
 * ρ = 0.3. All goals at the expected level (0) give 50. Undefined with no scored goals.
 */
export function gasTScore(
  goals: readonly { level: GasLevel; weight?: number }[],
  rho: number = allianceDefaults.goals.gasInterGoalCorrelation,
): number | undefined {
  if (goals.length === 0) return undefined;
  let weighted = 0;
  let sumW = 0;
  let sumW2 = 0;
  for (const g of goals) {
    const w = g.weight ?? 1;
    weighted += w * g.level;
    sumW += w;
    sumW2 += w * w;
  }
  return 50 + (10 * weighted) / Math.sqrt((1 - rho) * sumW2 + rho * sumW * sumW);
}

/**
 * The course's GAS T-score at `asOf`: the latest level of every scaled goal that is agreed or
 * achieved at that time (revised and dropped goals no longer count).
 */
export function courseGasTScore(goals: readonly Goal[], asOf: string, settings: AllianceSettings = allianceDefaults): number | undefined {
  const scored: { level: GasLevel; weight: number }[] = [];
  for (const g of goals) {
    const now = goalAsOf(g, asOf);
    if (now === undefined || now.gas === undefined || (now.state !== 'agreed' && now.state !== 'achieved')) continue;
    const last = now.gas.attainments.at(-1);
    if (last !== undefined) scored.push({ level: last.level, weight: now.gas.weight });
  }
  return gasTScore(scored, settings.goals.gasInterGoalCorrelation);
}

/**
 * The goal as it stood at `asOf`: undefined before it was proposed; agreement, closure, ratings and
 * GAS levels after `asOf` removed. Lets every analysis replay a course at any past session.
 */
export function goalAsOf(goal: Goal, asOf: string): Goal | undefined {
  const now = instant(asOf);
  if (instant(goal.proposedAt) > now) return undefined;
  const agreed = goal.agreement !== undefined && instant(goal.agreement.at) <= now;
  const closed = goal.closure !== undefined && instant(goal.closure.at) <= now;
  const state: GoalState = closed && goal.closure ? goal.closure.state : agreed ? 'agreed' : 'proposed';
  const { agreement: _a, closure: _c, gas: _g, ...rest } = goal;
  return {
    ...rest,
    state,
    ...(agreed && goal.agreement ? { agreement: goal.agreement } : {}),
    ...(closed && goal.closure ? { closure: goal.closure } : {}),
    ratings: goal.ratings.filter((r) => instant(r.at) <= now),
    ...(goal.gas ? { gas: { ...goal.gas, attainments: goal.gas.attainments.filter((a) => instant(a.at) <= now) } } : {}),
  };
}

/** Proposed or agreed: still being worked on. */
export function isActiveGoal(goal: Goal): boolean {
  return ACTIVE_GOAL_STATES.includes(goal.state);
}

export type GoalConsensus = {
  active: number;
  agreed: number;
  /** agreed / active; undefined when there is no active goal (nothing to agree on is not disagreement). */
  consensus: number | undefined;
};

/** SPEC §5.2: goal consensus = agreed active goals / active goals. */
export function goalConsensus(goals: readonly Goal[]): GoalConsensus {
  const active = goals.filter(isActiveGoal);
  const agreed = active.filter((g) => g.state === 'agreed').length;
  return { active: active.length, agreed, consensus: active.length === 0 ? undefined : agreed / active.length };
}

/**
 * The alliance profile of one side's active goals, through the focus map (SPEC §5.2: divergence
 * covers goal foci as well as expectations). Undefined when that side has no active goal.
 */
export function goalFocusProfile(goals: readonly Goal[], author: Side): AllianceDistribution | undefined {
  const mine = goals.filter((g) => g.author === author && isActiveGoal(g));
  if (mine.length === 0) return undefined;
  const scores: Record<AllianceType, number> = { magical: 0, working: 0, therapeutic: 0, structuralizing: 0 };
  for (const g of mine) scores[FOCUS_ALLIANCE[g.focus]] += 1;
  return normaliseScores(scores).distribution;
}

/**
 * The distance between the two sides' goal foci (SPEC §3 C2 "divergence … of expectation profiles
 * and goal foci"): the Jensen–Shannon distance of their active goals' alliance profiles. Undefined
 * while either side has no active goal.
 */
export function goalFocusDivergence(goals: readonly Goal[]): {
  client: AllianceDistribution | undefined;
  therapist: AllianceDistribution | undefined;
  distance: number | undefined;
} {
  const client = goalFocusProfile(goals, 'client');
  const therapist = goalFocusProfile(goals, 'therapist');
  return { client, therapist, distance: client && therapist ? jensenShannonDistance(client, therapist) : undefined };
}
