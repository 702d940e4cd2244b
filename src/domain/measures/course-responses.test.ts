import { describe, expect, it } from 'vitest';
import { GAD7, PHQ9, SESSION_CHECK } from './builtin/index.ts';
import type { CourseResponse } from './course-responses.ts';
import { currentResponses, monitoredSeries, remissionDraft } from './course-responses.ts';

const defs = new Map([PHQ9, GAD7, SESSION_CHECK].map((d) => [d.code, d]));
const definitionOf = (code: string) => defs.get(code);
let n = 0;
const r = (instrumentCode: string, day: number, total: number, more: Partial<CourseResponse> = {}): CourseResponse => ({
  id: `r${++n}`,
  instrumentCode,
  completedAt: `2026-02-${String(day).padStart(2, '0')}T10:00:00.000Z`,
  total,
  valid: true,
  supersedesId: null,
  ...more,
});

describe('a course’s responses as the outcome rules read them', () => {
  it('only the latest version of a corrected response counts', () => {
    const first = r('phq9', 1, 12);
    const fix = r('phq9', 1, 8, { supersedesId: first.id });
    expect(currentResponses([first, fix, r('phq9', 8, 7)]).map((x) => x.total)).toEqual([8, 7]);
  });

  it('monitors instruments with a cut-off only, from valid current responses, numbered by session when asked', () => {
    const series = monitoredSeries([r('phq9', 1, 12), r('session_check', 1, 30), r('phq9', 8, 9, { valid: false }), r('gad7', 8, 4)], definitionOf, () => 2);
    expect(series.map((s) => [s.def.code, s.series.map((p) => [p.total, p.sessionIndex])])).toEqual([
      ['phq9', [[12, 2]]],
      ['gad7', [[4, 2]]],
    ]);
    expect(monitoredSeries([r('phq9', 1, 12)], definitionOf)[0]!.series[0]).not.toHaveProperty('sessionIndex');
  });
});

describe('remissionDraft (SPEC §5.1 remission without a current goal)', () => {
  const remitted = () => [r('phq9', 1, 14), r('phq9', 8, 8), r('phq9', 15, 6), r('phq9', 22, 4)];

  it('drafts the alert once every monitored measure stayed below its cut-off for the window and no agreed goal is active', () => {
    const draft = remissionDraft('course-1', monitoredSeries(remitted(), definitionOf), false);
    expect(draft).toMatchObject({ kind: 'remission_without_goal', severity: 'low', courseId: 'course-1' });
    expect(draft!.dedupeKey).toContain('course-1');
  });

  it('drafts nothing with an active agreed goal, too few measurements, or nothing monitored', () => {
    expect(remissionDraft('course-1', monitoredSeries(remitted(), definitionOf), true)).toBeUndefined();
    expect(remissionDraft('course-1', monitoredSeries(remitted().slice(0, 3), definitionOf), false)).toBeUndefined();
    expect(remissionDraft('course-1', [], false)).toBeUndefined();
  });

  it('names the same start (the dedupe key) whether or not the caller numbers sessions', () => {
    const rows = remitted();
    const a = remissionDraft('course-1', monitoredSeries(rows, definitionOf), false);
    const b = remissionDraft(
      'course-1',
      monitoredSeries(rows, definitionOf, () => 3),
      false,
    );
    expect(a!.dedupeKey).toBe(b!.dedupeKey);
  });
});
