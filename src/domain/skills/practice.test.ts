import { describe, expect, it } from 'vitest';
import type { PracticeRecord } from './practice.ts';
import { checkPracticeDay, checkStalledDays, dayStreaks, practiceCounts, progressOf, stalledState } from './practice.ts';
import { isDay, weekOf } from './days.ts';
import { checkTransition } from './targets.ts';
import { stalledDraft } from './stalled.ts';

const rec = (practisedOn: string, mode: PracticeRecord['mode'] = 'real_life', outcome: PracticeRecord['outcome'] = 'went_well'): PracticeRecord => ({
  id: `p-${practisedOn}-${mode}`,
  targetId: 't',
  practisedOn,
  mode,
  outcome,
  celebrated: outcome === 'went_well',
});

describe('days', () => {
  it('knows real calendar days and ISO weeks (Monday first)', () => {
    expect(isDay('2026-02-28')).toBe(true);
    expect(isDay('2026-02-29')).toBe(false);
    expect(isDay('2026-13-01')).toBe(false);
    expect(isDay('26-01-01')).toBe(false);
    expect(weekOf('2026-12-06')).toBe('2026-11-30'); // a Sunday belongs to the week before
    expect(weekOf('2026-11-30')).toBe('2026-11-30');
  });
});

describe('practice', () => {
  it('counts per mode and per ISO week, with empty weeks in between', () => {
    const c = practiceCounts([rec('2026-11-02', 'imagined'), rec('2026-11-03', 'role_play'), rec('2026-11-17', 'real_life', 'hard')], '2026-11-20');
    expect(c.total).toBe(3);
    expect(c.byMode).toEqual({ imagined: 1, role_play: 1, real_life: 1 });
    expect(c.byWeek.map((w) => [w.weekOf, w.total])).toEqual([
      ['2026-11-02', 2],
      ['2026-11-09', 0],
      ['2026-11-16', 1],
    ]);
    expect(c.wentWell).toBe(2);
    expect(c.celebrated).toBe(2);
    expect(practiceCounts([]).byWeek).toEqual([]);
  });

  it('streaks: consecutive days, the current one alive through yesterday, several entries a day counted once', () => {
    expect(dayStreaks([], '2026-11-10')).toEqual({ current: 0, longest: 0 });
    expect(dayStreaks(['2026-11-08', '2026-11-09', '2026-11-09'], '2026-11-10')).toEqual({ current: 2, longest: 2 });
    expect(dayStreaks(['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-08'], '2026-11-10')).toEqual({ current: 0, longest: 3 });
    expect(dayStreaks(['2026-11-10'], '2026-11-10')).toEqual({ current: 1, longest: 1 });
  });

  it('a practice day: not in the future, not too old, not before its target', () => {
    expect(checkPracticeDay('2026-11-10', '2026-11-10', '2026-11-01')).toEqual({ ok: true });
    expect(checkPracticeDay('2026-11-11', '2026-11-10', '2026-11-01')).toMatchObject({ reason: 'future_day' });
    expect(checkPracticeDay('2026-10-01', '2026-11-10', '2026-09-01')).toMatchObject({ reason: 'too_old' });
    expect(checkPracticeDay('2026-10-31', '2026-11-10', '2026-11-01')).toMatchObject({ reason: 'before_target' });
    expect(checkPracticeDay('2026-11-31', '2026-11-10', '2026-11-01')).toMatchObject({ reason: 'bad_day' });
  });

  it('progress toward the target count stays within 0…1', () => {
    expect(progressOf(0, 100)).toBe(0);
    expect(progressOf(25, 100)).toBe(0.25);
    expect(progressOf(150, 100)).toBe(1);
  });

  it('stalls after the setting’s days without practice, counted from the last practice or the agreement', () => {
    expect(stalledState('2026-11-01', undefined, '2026-11-14', 14)).toEqual({ stalled: false, since: '2026-11-01', days: 13 });
    expect(stalledState('2026-11-01', undefined, '2026-11-15', 14)).toEqual({ stalled: true, since: '2026-11-01', days: 14 });
    expect(stalledState('2026-11-01', '2026-11-10', '2026-11-20', 14)).toMatchObject({ stalled: false, since: '2026-11-10' });
    expect(stalledState('2026-11-01', '2026-11-10', '2026-11-24', 14)).toMatchObject({ stalled: true, days: 14 });
    expect(checkStalledDays(14)).toEqual({ ok: true });
    expect(checkStalledDays(2).ok).toBe(false);
    expect(checkStalledDays(91).ok).toBe(false);
    expect(checkStalledDays(7.5).ok).toBe(false);
  });

  it('a stalled target drafts one alert per stall with its evidence and a suggested conversation', () => {
    const t = { id: 't1', courseId: 'k1', skillName: 'Listening', targetCount: 100, activeSince: '2026-11-01' };
    expect(stalledDraft(t, stalledState('2026-11-01', '2026-11-10', '2026-11-12', 14), { total: 3, lastPractisedOn: '2026-11-10' }, 14)).toBeUndefined();
    const d = stalledDraft(t, stalledState('2026-11-01', '2026-11-10', '2026-11-25', 14), { total: 3, lastPractisedOn: '2026-11-10' }, 14)!;
    expect(d.kind).toBe('practice_stalled');
    expect(d.dedupeKey).toBe('practice_stalled|k1|t1|2026-11-10');
    expect(d.evidence.map((e) => e.label)).toContain('3 of 100 rehearsals so far');
    expect(d.suggestedConversation).toMatch(/You might ask/);
  });

  it('a target is agreed by the side that did not propose it; done stays done', () => {
    expect(checkTransition('proposed', 'active', 'client', 'therapist')).toEqual({ ok: true });
    expect(checkTransition('proposed', 'active', 'therapist', 'therapist')).toMatchObject({ reason: 'same_side' });
    expect(checkTransition('active', 'paused', 'client', 'therapist')).toEqual({ ok: true });
    expect(checkTransition('paused', 'active', 'therapist', 'therapist')).toEqual({ ok: true });
    expect(checkTransition('done', 'active', 'therapist', 'therapist')).toMatchObject({ reason: 'bad_transition' });
  });
});
