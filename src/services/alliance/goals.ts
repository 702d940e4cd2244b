/**
 * Goals (SPEC §3 C2): proposed by either side, agreed by the other — the client in the portal, or
 * the therapist recording the client's words said in session — then achieved, revised or dropped;
 * progress rated 0–10 and optional Goal Attainment Scaling. The lifecycle rules are the domain's
 * (`transitionGoal`, `rateGoalProgress`, `setGasScale`, `recordGasLevel`); this file loads, calls
 * them, persists the result (texts sealed) and queues the alliance recompute as a follow-up after
 * the commit (unit-of-work.ts), handing it the course, client and texts already read.
 */
import { DomainError } from '../../domain/errors.ts';
import { otherSide } from '../../domain/alliance/course.ts';
import type { GasScale, Goal, GoalAction, GoalFocus, GoalResult } from '../../domain/alliance/goals.ts';
import {
  FOCUS_ALLIANCE,
  GOAL_FOCUS_LABELS,
  courseGasTScore,
  goalConsensus,
  proposeGoal,
  rateGoalProgress,
  recordGasLevel,
  setGasScale,
  transitionGoal,
} from '../../domain/alliance/goals.ts';
import type { AllianceType, Cue } from '../../domain/cues/types.ts';
import type { Deps } from '../deps.ts';
import { iso } from '../deps.ts';
import type { GoalRow } from '../ports.ts';
import type { Actor, Texts } from './alliance-records.ts';
import { assertOpenAt, occurredAt } from './alliance-records.ts';
import { bind, cuesOf, cuesVersionOf, getCourse, goalCues, goalDirections, goalOf } from './alliance-records.ts';
import { clientTexts } from '../clinical-text.ts';
import type { CourseRow, ClientRow } from '../ports.ts';
import type { FollowUps } from '../unit-of-work.ts';
import { unitOfWork } from '../unit-of-work.ts';

export type GoalView = Goal & {
  focusLabel: string;
  allianceType: AllianceType;
  /** The language cues in a client's goal (SPEC §5.5), only when asked for: the therapist's and supervisor's view. */
  cues?: Cue[];
};

function viewOf(g: Goal): GoalView {
  return { ...g, focusLabel: GOAL_FOCUS_LABELS[g.focus], allianceType: FOCUS_ALLIANCE[g.focus] };
}

function refused(r: Extract<GoalResult, { ok: false }>): never {
  const code =
    r.reason === 'illegal_transition' || r.reason === 'before_previous_event'
      ? 'conflict'
      : r.reason === 'not_the_other_side' || r.reason === 'cannot_record_for_therapist'
        ? 'forbidden'
        : 'invalid_input';
  throw new DomainError(code, r.detail, { reason: r.reason });
}

type LoadedGoal = { row: GoalRow; goal: Goal; texts: Texts; clientId: string; course: CourseRow; client: ClientRow };

async function loadGoal(deps: Deps, courseId: string, goalId: string): Promise<LoadedGoal> {
  const { course, client } = await getCourse(deps, courseId);
  const row = await deps.store.findGoal(goalId);
  if (!row || row.courseId !== courseId) throw new DomainError('not_found', 'No such goal.');
  const texts = await clientTexts(deps, client.id);
  return { row, goal: goalOf(row, await deps.store.listGoalRatings(courseId), texts), texts, clientId: client.id, course, client };
}

/** Queues the course's alliance recompute, after the commit, with what was already read. */
function recomputeAfter(after: FollowUps, known: { course: CourseRow; client: ClientRow; texts: Texts }): void {
  after.queue({ kind: 'alliance', courseId: known.course.id, known: { course: known.course, client: known.client, texts: known.texts } });
}

function newRow(goal: Goal, courseId: string, clientId: string, proposedBy: string, texts: Texts, now: string): GoalRow {
  // A client's goal is read for cues in their own words (first person); the version says which rules read it.
  const cues = goal.author === 'client' ? cuesOf(goal.text, { writer: 'client' }) : [];
  return {
    id: goal.id,
    courseId,
    clientId,
    author: goal.author,
    focus: goal.focus,
    state: goal.state,
    proposedAt: goal.proposedAt,
    proposedBy,
    textEnc: texts.seal(bind('goals', goal.id, 'text'), goal.text),
    cuesEnc: cues.length ? texts.seal(bind('goals', goal.id, 'cues'), JSON.stringify(cues)) : null,
    cuesVersion: cuesVersionOf(goal.author === 'client'),
    agreedAt: null,
    agreedBy: null,
    agreementRecordedBy: null,
    agreementWordsEnc: null,
    closedState: null,
    closedAt: null,
    closedBy: null,
    closureNoteEnc: null,
    revisedTo: null,
    revisionOf: goal.revisionOf ?? null,
    gasWeight: null,
    gasDescriptionsEnc: null,
    updatedAt: now,
    proposalRecordedAt: now,
  };
}

/**
 * The course's goals, newest proposal last, with goal consensus and the GAS T-score now. With
 * `cues`, each client goal carries the cues in its words, read afresh as the cues route reads them
 * (never for the client: cues are the clinician's prompts).
 */
export async function listGoals(
  deps: Deps,
  courseId: string,
  opts: { cues?: boolean } = {},
): Promise<{ goals: GoalView[]; consensus: ReturnType<typeof goalConsensus>; gasTScore: number | null }> {
  const { client } = await getCourse(deps, courseId);
  const texts = await clientTexts(deps, client.id);
  const [rows, ratings] = await Promise.all([deps.store.listGoals(courseId), deps.store.listGoalRatings(courseId)]);
  const goals = rows.map((r) => goalOf(r, ratings, texts));
  // The same evidence the panel and the inferred alliance read: stored when current, else read again.
  const directions = goalDirections(goals);
  const views = goals.map((g, k) => (opts.cues && g.author === 'client' ? { ...viewOf(g), cues: goalCues(rows[k]!, g.text, texts, directions) } : viewOf(g)));
  return { goals: views, consensus: goalConsensus(goals), gasTScore: courseGasTScore(goals, iso(deps.clock.now())) ?? null };
}

/** Either side proposes a goal in its own words (SPEC §3 C2). */
export async function proposeCourseGoal(
  deps: Deps,
  courseId: string,
  actor: Actor,
  input: { text: string; focus: GoalFocus; occurredAt?: string | undefined },
): Promise<GoalView> {
  return unitOfWork(
    deps,
    async (d) => {
      const { course, client } = await getCourse(d, courseId);
      const now = iso(d.clock.now());
      const at = await occurredAt(d, course, actor, input.occurredAt, d.clock.now());
      assertOpenAt(course, new Date(at));
      const r = proposeGoal({ id: d.ids.newId(), author: actor.side, text: input.text, focus: input.focus, at });
      if (!r.ok) refused(r);
      const texts = await clientTexts(d, client.id);
      await d.store.insertGoal(newRow(r.goal, courseId, client.id, actor.userId, texts, now));
      recomputeAfter(d.after, { course, client, texts });
      return viewOf(r.goal);
    },
    { oneWrite: true },
  );
}

export type GoalChange = (
  | { kind: 'agree'; words: string }
  | { kind: 'achieve'; note?: string | undefined }
  | { kind: 'drop'; note?: string | undefined }
  | { kind: 'revise'; note?: string | undefined; text: string; focus: GoalFocus }
) & { occurredAt?: string | undefined };

/**
 * Moves a goal through its lifecycle. Agreement always comes from the side that did not write the
 * goal: the client confirms in the portal; a therapist confirming a client's goal speaks for
 * themselves; a therapist recording agreement to their own goal records the client's words said
 * in session. Achieving and revising are the therapist's to record; a client may withdraw a
 * proposal of their own.
 */
export async function changeGoal(deps: Deps, courseId: string, goalId: string, actor: Actor, change: GoalChange): Promise<GoalView> {
  return unitOfWork(deps, async (d) => changeLoadedGoal(d, courseId, await loadGoal(d, courseId, goalId), actor, change));
}

async function changeLoadedGoal(deps: Deps & { after: FollowUps }, courseId: string, loaded: LoadedGoal, actor: Actor, change: GoalChange): Promise<GoalView> {
  const { row, goal, texts, clientId } = loaded;
  const now = iso(deps.clock.now());
  const at = await occurredAt(deps, loaded.course, actor, change.occurredAt, deps.clock.now());
  let action: GoalAction;
  if (change.kind === 'agree') {
    action = { kind: 'agree', at, by: otherSide(goal.author), recordedBy: actor.side, words: change.words };
  } else {
    if (actor.side === 'client' && !(change.kind === 'drop' && goal.author === 'client' && goal.state === 'proposed')) {
      throw new DomainError('forbidden', 'You can withdraw a goal you proposed; other changes are made with your therapist.');
    }
    const note = change.note?.trim() ? { note: change.note.trim() } : {};
    action =
      change.kind === 'revise'
        ? { kind: 'revise', at, by: actor.side, ...note, revision: { id: deps.ids.newId(), text: change.text, focus: change.focus } }
        : { kind: change.kind, at, by: actor.side, ...note };
  }
  const r = transitionGoal(goal, action);
  if (!r.ok) refused(r);
  const next = r.goal;
  // The goal and its revision (if any) commit together, in this unit of work's transaction.
  const patch: Partial<GoalRow> = { state: next.state, updatedAt: now };
  if (next.agreement && !goal.agreement) {
    Object.assign(patch, {
      agreedAt: next.agreement.at,
      agreedBy: next.agreement.by,
      agreementRecordedBy: next.agreement.recordedBy,
      agreementWordsEnc: texts.seal(bind('goals', goal.id, 'agreement_words'), next.agreement.words),
      agreementRecordedAt: now,
    });
  }
  if (next.closure && !goal.closure) {
    Object.assign(patch, {
      closedState: next.closure.state,
      closedAt: next.closure.at,
      closedBy: next.closure.by,
      revisedTo: next.closure.revisedTo ?? null,
      closureNoteEnc: next.closure.note ? texts.seal(bind('goals', goal.id, 'closure_note'), next.closure.note) : null,
      closureRecordedAt: now,
    });
  }
  if (!(await deps.store.updateGoal(goal.id, row.state, patch))) throw new DomainError('conflict', 'This goal changed meanwhile; reload and try again.');
  if (r.revision) await deps.store.insertGoal(newRow(r.revision, courseId, clientId, actor.userId, texts, now));
  recomputeAfter(deps.after, loaded);
  return viewOf(next);
}

/** Progress 0–10 on an agreed goal, rated by the client (or entered by the therapist in session). */
export async function rateProgress(
  deps: Deps,
  courseId: string,
  goalId: string,
  actor: Actor,
  value: number,
  when: { occurredAt?: string | undefined } = {},
): Promise<GoalView> {
  return unitOfWork(
    deps,
    async (d) => {
      const loaded = await loadGoal(d, courseId, goalId);
      const at = await occurredAt(d, loaded.course, actor, when.occurredAt, d.clock.now());
      const r = rateGoalProgress(loaded.goal, { at, value, recordedBy: actor.side });
      if (!r.ok) refused(r);
      const recordedAt = iso(d.clock.now());
      await d.store.insertGoalRating({ id: d.ids.newId(), goalId, courseId, kind: 'progress', at, value, recordedBy: actor.side, recordedAt });
      recomputeAfter(d.after, loaded);
      return viewOf(r.goal);
    },
    { oneWrite: true },
  );
}

/** Attaches or changes a goal's attainment scale (weight, what each level would look like). */
export async function setGoalScale(
  deps: Deps,
  courseId: string,
  goalId: string,
  input: { weight?: number | undefined; descriptions?: GasScale['descriptions'] | undefined },
): Promise<GoalView> {
  const { row, goal, texts } = await loadGoal(deps, courseId, goalId);
  const r = setGasScale(goal, {
    ...(input.weight === undefined ? {} : { weight: input.weight }),
    ...(input.descriptions === undefined ? {} : { descriptions: input.descriptions }),
  });
  if (!r.ok) refused(r);
  const ok = await deps.store.updateGoal(goal.id, row.state, {
    gasWeight: r.goal.gas!.weight,
    updatedAt: iso(deps.clock.now()),
    gasDescriptionsEnc: input.descriptions
      ? texts.seal(bind('goals', goal.id, 'gas_descriptions'), JSON.stringify(input.descriptions))
      : row.gasDescriptionsEnc,
  });
  if (!ok) throw new DomainError('conflict', 'This goal changed meanwhile; reload and try again.');
  return viewOf(r.goal);
}

/** Records the attained GAS level −2…+2 at a review point (SPEC §3 C2). */
export async function recordAttainment(
  deps: Deps,
  courseId: string,
  goalId: string,
  actor: Actor,
  level: number,
  when: { occurredAt?: string | undefined } = {},
): Promise<GoalView> {
  return unitOfWork(
    deps,
    async (d) => {
      const loaded = await loadGoal(d, courseId, goalId);
      const at = await occurredAt(d, loaded.course, actor, when.occurredAt, d.clock.now());
      const r = recordGasLevel(loaded.goal, { at, level });
      if (!r.ok) refused(r);
      const recordedAt = iso(d.clock.now());
      await d.store.insertGoalRating({ id: d.ids.newId(), goalId, courseId, kind: 'gas', at, value: level, recordedBy: actor.side, recordedAt });
      recomputeAfter(d.after, loaded);
      return viewOf(r.goal);
    },
    { oneWrite: true },
  );
}
