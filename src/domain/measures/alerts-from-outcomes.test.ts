import { describe, it, expect } from 'vitest';
import type { AlertDraft } from '../alerts/alert.ts';
import { draftNotOnTrackAlert, draftRemissionAlert, draftRuptureAlerts, draftSafetyAlert } from './alerts-from-outcomes.ts';
import { GAD7, PHQ9 } from './builtin/index.ts';
import { notOnTrack, remissionWithoutGoal } from './outcomes.ts';
import type { ScoredPoint } from './outcomes.ts';
import { detectRupture } from './rupture.ts';
import { scoreResponse } from './score.ts';

const phqAnswers = (...values: (number | null)[]) => Object.fromEntries(values.map((v, i) => [`phq9_${i + 1}`, v]));
const points = (prefix: string, ...totals: [number, number][]): ScoredPoint[] =>
  totals.map(([total, sessionIndex], i) => ({
    at: `2026-01-${String(5 + i).padStart(2, '0')}T10:00:00.000Z`,
    total,
    sessionIndex,
    responseId: `${prefix}${i + 1}`,
  }));

/** Suggestions, never instructions (SPEC §3 C8). */
function expectGentle(draft: AlertDraft): void {
  expect(draft.suggestedConversation.length).toBeGreaterThan(40);
  expect(draft.suggestedConversation).not.toMatch(/\b(must|have to|need to)\b/i);
  expect(draft.evidence.length).toBeGreaterThan(0);
}

describe('draftSafetyAlert', () => {
  it('raises a critical safety alert from PHQ-9 item 9 with the answer as evidence', () => {
    const answers = phqAnswers(1, 1, 1, 1, 1, 1, 1, 1, 2);
    const score = scoreResponse(PHQ9, answers);
    const draft = draftSafetyAlert({
      courseId: 'c1',
      def: PHQ9,
      responseId: 'resp-1',
      at: '2026-03-01T10:00:00Z',
      safetyFlags: score.safetyFlags,
      answers,
      responseValid: score.valid,
    });
    expect(draft).toMatchObject({ kind: 'safety', severity: 'critical', courseId: 'c1', dedupeKey: 'safety|c1|resp-1' });
    expect(draft?.evidence[0]).toMatchObject({
      kind: 'item',
      value: 2,
      ref: { type: 'response', id: 'resp-1' },
      label: 'PHQ-9 item 9 “Thoughts that you would be better off dead or of hurting yourself in some way”: More than half the days',
    });
    expect(draft?.summary).toContain('“More than half the days”');
    if (draft) expectGentle(draft);
  });
  it('is raised even when the rest of the response is incomplete', () => {
    const answers = phqAnswers(null, null, 1, null, 1, 1, 1, 1, 1);
    const score = scoreResponse(PHQ9, answers);
    expect(score.valid).toBe(false);
    const draft = draftSafetyAlert({
      courseId: 'c1',
      def: PHQ9,
      responseId: 'resp-2',
      at: '2026-03-01T10:00:00Z',
      safetyFlags: score.safetyFlags,
      answers,
      responseValid: score.valid,
    });
    expect(draft?.kind).toBe('safety');
    expect(draft?.evidence.some((e) => e.kind === 'note')).toBe(true);
  });
  it('raises nothing when item 9 is "Not at all", and the same key twice from one response', () => {
    const none = draftSafetyAlert({ courseId: 'c1', def: PHQ9, responseId: 'r', at: '2026-03-01', safetyFlags: [], answers: {}, responseValid: true });
    expect(none).toBeUndefined();
    const input = {
      courseId: 'c1',
      def: PHQ9,
      responseId: 'r',
      at: '2026-03-01',
      safetyFlags: ['phq9_9'],
      answers: phqAnswers(0, 0, 0, 0, 0, 0, 0, 0, 1),
      responseValid: true,
    };
    expect(draftSafetyAlert(input)?.dedupeKey).toBe(draftSafetyAlert(input)?.dedupeKey);
  });
});

describe('draftRuptureAlerts', () => {
  const entry = (n: number, v: number, who = 'c') => ({
    sessionId: `s${n}`,
    at: `2026-02-0${n}T10:00:00Z`,
    responseId: `${who}${n}`,
    items: { heard: v, mattered: v, approach: v, overall: v },
    total: 4 * v,
  });
  it('drafts a rupture and a therapist-more-positive finding keyed on the session', () => {
    const result = detectRupture({ clientHistory: [entry(1, 9), entry(2, 9), entry(3, 9), entry(4, 5)], therapist: entry(4, 8, 't') });
    const drafts = draftRuptureAlerts('c1', result);
    expect(drafts.map((d) => [d.kind, d.severity, d.dedupeKey])).toEqual([
      ['rupture', 'high', 'rupture|c1|s4'],
      ['therapist_more_positive', 'low', 'therapist_more_positive|c1|s4'],
    ]);
    expect(drafts[0]?.summary).toContain('fell well below their usual rating');
    expect(drafts[1]?.title).toBe('You may be seeing the session more positively than the client');
    for (const d of drafts) expectGentle(d);
  });
  it('drafts nothing for a session that went well', () => {
    expect(draftRuptureAlerts('c1', detectRupture({ clientHistory: [entry(1, 9), entry(2, 9)] }))).toEqual([]);
  });
});

describe('draftNotOnTrackAlert', () => {
  it('drafts a high alert for reliable deterioration, keyed on the first worse response', () => {
    const result = notOnTrack(PHQ9, points('p', [10, 1], [16, 2], [17, 3]));
    const draft = draftNotOnTrackAlert('c1', PHQ9, result);
    expect(draft).toMatchObject({ kind: 'not_on_track', severity: 'high', dedupeKey: 'not_on_track|c1|phq9|worse_p2' });
    if (draft) expectGentle(draft);
  });
  it('drafts a medium alert for no reliable improvement by session 6', () => {
    const result = notOnTrack(GAD7, points('g', [12, 1], [11, 6]));
    const draft = draftNotOnTrackAlert('c1', GAD7, result);
    expect(draft).toMatchObject({ severity: 'medium', dedupeKey: 'not_on_track|c1|gad7|no_reliable_improvement' });
    if (draft) expectGentle(draft);
  });
  it('drafts nothing when on track', () => {
    expect(draftNotOnTrackAlert('c1', PHQ9, notOnTrack(PHQ9, points('p', [12, 1], [5, 6])))).toBeUndefined();
  });
});

describe('draftRemissionAlert', () => {
  it('drafts a low alert keyed on where the remission began', () => {
    const result = remissionWithoutGoal([{ def: PHQ9, series: points('p', [14, 1], [8, 2], [7, 3], [6, 4]) }], false);
    const draft = draftRemissionAlert('c1', result);
    expect(draft).toMatchObject({ kind: 'remission_without_goal', severity: 'low', dedupeKey: 'remission_without_goal|c1|p2' });
    if (draft) expectGentle(draft);
  });
  it('drafts nothing when there is an agreed goal', () => {
    const result = remissionWithoutGoal([{ def: PHQ9, series: points('p', [8, 2], [7, 3], [6, 4]) }], true);
    expect(draftRemissionAlert('c1', result)).toBeUndefined();
  });
});
