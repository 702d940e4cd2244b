import { describe, expect, it } from 'vitest';
import type { Goal, GoalAction, GoalState } from './goals.ts';
import {
  FOCUS_ALLIANCE,
  courseGasTScore,
  gasTScore,
  goalAsOf,
  goalConsensus,
  goalFocusDivergence,
  goalFocusProfile,
  proposeGoal,
  rateGoalProgress,
  recordGasLevel,
  setGasScale,
  transitionGoal,
} from './goals.ts';

function proposed(author: 'client' | 'therapist' = 'client', id = 'g1'): Goal {
  const r = proposeGoal({ id, author, text: 'Decide whether to change jobs', focus: 'decision_or_situation', at: '2024-01-01T10:00:00Z' });
  if (!r.ok) throw new Error(r.detail);
  return r.goal;
}
const agreed = (author: 'client' | 'therapist' = 'client', id = 'g1'): Goal => {
  const r = transitionGoal(proposed(author, id), {
    kind: 'agree',
    at: '2024-01-08T10:00:00Z',
    by: author === 'client' ? 'therapist' : 'client',
    words: 'Yes, that is what we work on.',
  });
  if (!r.ok) throw new Error(r.detail);
  return r.goal;
};
const inState = (state: GoalState): Goal => {
  if (state === 'proposed') return proposed();
  const g = agreed();
  if (state === 'agreed') return g;
  const action: GoalAction =
    state === 'revised'
      ? { kind: 'revise', at: '2024-02-01T10:00:00Z', by: 'client', revision: { id: 'g2', text: 'Cope with the new job', focus: 'skill' } }
      : { kind: state === 'achieved' ? 'achieve' : 'drop', at: '2024-02-01T10:00:00Z', by: 'client' };
  const r = transitionGoal(g, action);
  if (!r.ok) throw new Error(r.detail);
  return r.goal;
};

describe('goal focus → alliance (SPEC §5.2)', () => {
  it('maps every focus', () => {
    expect(FOCUS_ALLIANCE).toEqual({
      change_in_others: 'magical',
      symptom_relief: 'magical',
      decision_or_situation: 'working',
      skill: 'working',
      pattern_in_myself: 'therapeutic',
      keeping_gains: 'structuralizing',
    });
  });
});

describe('goal lifecycle', () => {
  const at = '2024-03-01T10:00:00Z';
  const actions: Record<GoalAction['kind'], GoalAction> = {
    agree: { kind: 'agree', at, by: 'therapist', words: 'Agreed' },
    achieve: { kind: 'achieve', at, by: 'client' },
    drop: { kind: 'drop', at, by: 'client', note: 'No longer matters' },
    revise: { kind: 'revise', at, by: 'therapist', note: 'Narrower', revision: { id: 'g9', text: 'Handle the interview', focus: 'skill' } },
  };
  it.each<[GoalState, GoalAction['kind'], GoalState | 'illegal']>([
    ['proposed', 'agree', 'agreed'],
    ['proposed', 'drop', 'dropped'],
    ['proposed', 'achieve', 'illegal'],
    ['proposed', 'revise', 'illegal'],
    ['agreed', 'achieve', 'achieved'],
    ['agreed', 'revise', 'revised'],
    ['agreed', 'drop', 'dropped'],
    ['agreed', 'agree', 'illegal'],
    ['achieved', 'drop', 'illegal'],
    ['achieved', 'revise', 'illegal'],
    ['revised', 'agree', 'illegal'],
    ['revised', 'achieve', 'illegal'],
    ['dropped', 'agree', 'illegal'],
    ['dropped', 'achieve', 'illegal'],
  ])('%s --%s--> %s', (from, kind, to) => {
    const r = transitionGoal(inState(from), actions[kind]);
    if (to === 'illegal') expect(r).toMatchObject({ ok: false, reason: 'illegal_transition' });
    else expect(r.ok && r.goal.state).toBe(to);
  });

  it('records who agreed, who recorded it, when and in what words', () => {
    const r = transitionGoal(proposed('therapist'), {
      kind: 'agree',
      at: '2024-01-05T10:00:00Z',
      by: 'client',
      recordedBy: 'therapist',
      words: '  Yes, I want that.  ',
    });
    expect(r.ok && r.goal.agreement).toEqual({ by: 'client', recordedBy: 'therapist', at: '2024-01-05T10:00:00Z', words: 'Yes, I want that.' });
  });

  it.each([
    ['the proposer agrees with themself', 'client', 'client', 'Yes', 'not_the_other_side'],
    ['the client records the therapist’s agreement', 'therapist', 'client', 'Yes', 'cannot_record_for_therapist'],
    ['no words', 'therapist', 'therapist', '  ', 'empty_words'],
  ] as const)('refuses agreement when %s', (_name, by, recordedBy, words, reason) => {
    const r = transitionGoal(proposed('client'), { kind: 'agree', at: '2024-01-05T10:00:00Z', by, recordedBy, words });
    expect(r).toMatchObject({ ok: false, reason });
  });

  it('refuses a transition dated before the goal’s last event', () => {
    expect(transitionGoal(proposed(), { kind: 'agree', at: '2023-12-31T10:00:00Z', by: 'therapist', words: 'ok' })).toMatchObject({
      ok: false,
      reason: 'before_previous_event',
    });
  });

  it('links a revision both ways and proposes it in the reviser’s name', () => {
    const r = transitionGoal(agreed(), {
      kind: 'revise',
      at: '2024-02-01T10:00:00Z',
      by: 'therapist',
      note: 'more concrete',
      revision: { id: 'g2', text: 'Ask for a transfer', focus: 'decision_or_situation' },
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.goal.closure).toMatchObject({ state: 'revised', revisedTo: 'g2', note: 'more concrete' });
    expect(r.revision).toMatchObject({ id: 'g2', author: 'therapist', state: 'proposed', revisionOf: 'g1' });
  });

  it('refuses a goal without words or with an unknown focus', () => {
    expect(proposeGoal({ id: 'x', author: 'client', text: ' ', focus: 'skill', at: '2024-01-01T00:00:00Z' })).toMatchObject({
      ok: false,
      reason: 'empty_text',
    });
    expect(proposeGoal({ id: 'x', author: 'client', text: 'a', focus: 'world_peace' as never, at: '2024-01-01T00:00:00Z' })).toMatchObject({
      ok: false,
      reason: 'unknown_focus',
    });
  });
});

describe('progress ratings 0–10', () => {
  it.each([
    [0, true],
    [10, true],
    [5, true],
    [-1, false],
    [11, false],
    [5.5, false],
  ])('%s → ok %s', (value, ok) => {
    expect(rateGoalProgress(agreed(), { at: '2024-02-01T10:00:00Z', value }).ok).toBe(ok);
  });
  it('only rates agreed goals', () => {
    expect(rateGoalProgress(proposed(), { at: '2024-02-01T10:00:00Z', value: 3 })).toMatchObject({ ok: false, reason: 'illegal_transition' });
  });
});

describe('Goal Attainment Scaling T-score (Kiresuk & Sherman 1968, ρ = 0.3)', () => {
  it.each([
    ['no goals', [], undefined],
    ['all at the expected level', [{ level: 0 }, { level: 0 }, { level: 0 }], 50],
    ['one goal at +2', [{ level: 2 }], 70],
    ['one goal at −1', [{ level: -1 }], 40],
    // Σx = 2; √(0.7·4 + 0.3·16) = √7.6 = 2.756810; T = 50 + 20 / 2.756810 = 57.2548
    ['four unweighted goals +1, 0, −1, +2', [{ level: 1 }, { level: 0 }, { level: -1 }, { level: 2 }], 57.2548],
    // Σwx = 2·1 + 1·(−1) = 1; Σw² = 5; (Σw)² = 9; √(3.5 + 2.7) = √6.2 = 2.48998; T = 50 + 10/2.48998 = 54.0161
    [
      'weighted goals',
      [
        { level: 1, weight: 2 },
        { level: -1, weight: 1 },
      ],
      54.0161,
    ],
  ] as const)('%s', (_name, goals, expected) => {
    const t = gasTScore(goals);
    if (expected === undefined) expect(t).toBeUndefined();
    else expect(t).toBeCloseTo(expected, 4);
  });

  it('scores a course from the latest level of each scaled, agreed goal', () => {
    const scaled = (id: string, levels: number[]): Goal => {
      let g = agreed('client', id);
      const s = setGasScale(g, { weight: 1 });
      if (!s.ok) throw new Error(s.detail);
      g = s.goal;
      levels.forEach((level, i) => {
        const r = recordGasLevel(g, { at: `2024-0${2 + i}-01T10:00:00Z`, level });
        if (!r.ok) throw new Error(r.detail);
        g = r.goal;
      });
      return g;
    };
    const goals = [scaled('a', [-1, 1]), scaled('b', [0]), proposed('client', 'c')];
    expect(courseGasTScore(goals, '2024-02-15T00:00:00Z')).toBeCloseTo(50 - 10 / Math.sqrt(0.7 * 2 + 0.3 * 4), 6);
    expect(courseGasTScore(goals, '2024-03-15T00:00:00Z')).toBeCloseTo(50 + 10 / Math.sqrt(0.7 * 2 + 0.3 * 4), 6);
  });

  it('refuses levels outside −2..+2 and non-positive weights', () => {
    const s = setGasScale(agreed(), {});
    expect(s.ok && recordGasLevel(s.goal, { at: '2024-02-01T10:00:00Z', level: 3 })).toMatchObject({ ok: false, reason: 'invalid_gas_level' });
    expect(setGasScale(agreed(), { weight: 0 })).toMatchObject({ ok: false, reason: 'invalid_gas_weight' });
  });
});

describe('goal consensus = agreed active / active', () => {
  it.each<[string, Goal[], number | undefined]>([
    ['no goals', [], undefined],
    ['only closed goals', [inState('achieved'), inState('dropped')], undefined],
    ['one agreed of two active', [agreed('client', 'a'), proposed('therapist', 'b')], 0.5],
    ['all agreed', [agreed('client', 'a'), agreed('therapist', 'b'), inState('dropped')], 1],
    ['none agreed', [proposed('client', 'a')], 0],
  ])('%s', (_name, goals, expected) => {
    expect(goalConsensus(goals).consensus).toBe(expected);
  });
});

describe('goalAsOf replays a goal at a past time', () => {
  it('is absent before proposal, proposed before agreement, agreed before closure', () => {
    const g = inState('achieved');
    expect(goalAsOf(g, '2023-12-31T00:00:00Z')).toBeUndefined();
    expect(goalAsOf(g, '2024-01-02T00:00:00Z')?.state).toBe('proposed');
    expect(goalAsOf(g, '2024-01-02T00:00:00Z')?.agreement).toBeUndefined();
    expect(goalAsOf(g, '2024-01-20T00:00:00Z')?.state).toBe('agreed');
    expect(goalAsOf(g, '2024-02-01T10:00:00Z')?.state).toBe('achieved');
  });
});

describe('goalFocusProfile', () => {
  it('spreads one side’s active goals over the types', () => {
    const a = proposeGoal({ id: 'a', author: 'client', text: 'My mother should stop criticising me', focus: 'change_in_others', at: '2024-01-01T00:00:00Z' });
    const b = proposeGoal({ id: 'b', author: 'client', text: 'Sleep again', focus: 'symptom_relief', at: '2024-01-01T00:00:00Z' });
    const goals = [a, b].map((r) => (r.ok ? r.goal : proposed()));
    expect(goalFocusProfile(goals, 'client')).toEqual({ magical: 1, working: 0, therapeutic: 0, structuralizing: 0 });
    expect(goalFocusProfile(goals, 'therapist')).toBeUndefined();
  });
});

describe('goalFocusDivergence', () => {
  it('is undefined until both sides have an active goal, then the distance of their foci', () => {
    const mine = proposeGoal({ id: 'a', author: 'client', text: 'They should leave me alone', focus: 'change_in_others', at: '2024-01-01T00:00:00Z' });
    const theirs = proposeGoal({
      id: 'b',
      author: 'therapist',
      text: 'Notice the pattern of withdrawing',
      focus: 'pattern_in_myself',
      at: '2024-01-01T00:00:00Z',
    });
    if (!mine.ok || !theirs.ok) throw new Error('setup');
    expect(goalFocusDivergence([mine.goal]).distance).toBeUndefined();
    expect(goalFocusDivergence([mine.goal, theirs.goal]).distance).toBe(1);
  });
});

describe('ratings dated when they were given (issue 14)', () => {
  const g = (): Goal => ({
    id: 'g',
    author: 'therapist',
    text: 'Sleep through',
    focus: 'symptom_relief',
    state: 'achieved',
    proposedAt: '2024-01-01T10:00:00Z',
    agreement: { by: 'client', recordedBy: 'therapist', at: '2024-01-08T10:00:00Z', words: 'Yes' },
    closure: { state: 'achieved', at: '2024-03-01T10:00:00Z', by: 'therapist' },
    ratings: [{ at: '2024-02-01T10:00:00Z', value: 6, recordedBy: 'client' }],
  });
  it('takes a rating between agreement and closure in any order, kept in time order', () => {
    const r = rateGoalProgress(g(), { at: '2024-01-15T10:00:00Z', value: 3, recordedBy: 'therapist' });
    expect(r.ok && r.goal.ratings.map((x) => x.value)).toEqual([3, 6]);
  });
  it('refuses a rating dated before the agreement or after the closure', () => {
    expect(rateGoalProgress(g(), { at: '2024-01-02T10:00:00Z', value: 3 })).toMatchObject({ ok: false, reason: 'illegal_transition' });
    expect(rateGoalProgress(g(), { at: '2024-03-02T10:00:00Z', value: 3 })).toMatchObject({ ok: false, reason: 'illegal_transition' });
  });
});
