/**
 * Rehearsal (SPEC §3 C5): the practice log of a target skill — mode (imagined rehearsal, role-play,
 * real life), situation, what I did, how it went, celebrated yes/no — and what is read from it:
 * counts per mode and per week, streaks of days with practice, progress toward the target count,
 * and whether practice on an active target has stalled. Pure: `today` comes in as an argument.
 */
import { addDays, daysBetween, isDay, weekOf } from './days.ts';
import { SKILLS_LIMITS, skillsDefaults } from './settings.ts';

export type PracticeMode = 'imagined' | 'role_play' | 'real_life';
export const PRACTICE_MODES: readonly PracticeMode[] = ['imagined', 'role_play', 'real_life'];
export const PRACTICE_MODE_LABELS: Readonly<Record<PracticeMode, string>> = {
  imagined: 'Imagined rehearsal',
  role_play: 'Role-play',
  real_life: 'Real life',
};

/** How it went, in three words a client can tap: a success is celebrated on screen. */
export type PracticeOutcome = 'went_well' | 'mixed' | 'hard';
export const PRACTICE_OUTCOMES: readonly PracticeOutcome[] = ['went_well', 'mixed', 'hard'];

/** The part of a practice entry the analysis reads (its texts stay sealed). */
export type PracticeRecord = { id: string; targetId: string; practisedOn: string; mode: PracticeMode; outcome: PracticeOutcome; celebrated: boolean };

export type PracticeProblem = 'bad_day' | 'future_day' | 'too_old' | 'before_target' | 'text_too_long' | 'target_not_active';
export type Refusal<R> = { ok: false; reason: R; message: string };

/**
 * A practice may be logged on the day it happened, up to `practiceBackdateDays` back, never in the
 * future, and not before its target was made; its texts are bounded. `targetSince` is the target's
 * first day.
 */
export function checkPracticeDay(day: string, today: string, targetSince: string): { ok: true } | Refusal<PracticeProblem> {
  if (!isDay(day)) return { ok: false, reason: 'bad_day', message: 'The day of the practice is not a calendar day (YYYY-MM-DD).' };
  if (day > today) return { ok: false, reason: 'future_day', message: 'A practice cannot be logged for a day that has not come yet.' };
  if (daysBetween(day, today) > skillsDefaults.practiceBackdateDays)
    return { ok: false, reason: 'too_old', message: `A practice can be logged up to ${skillsDefaults.practiceBackdateDays} days after it happened.` };
  if (day < targetSince) return { ok: false, reason: 'before_target', message: 'That day is before this target skill was chosen.' };
  return { ok: true };
}

/** Each free text of an entry is at most `practiceTextChars` characters. */
export function checkPracticeTexts(texts: readonly string[]): { ok: true } | Refusal<PracticeProblem> {
  return texts.some((t) => t.length > SKILLS_LIMITS.practiceTextChars)
    ? { ok: false, reason: 'text_too_long', message: `Each text of a practice is at most ${SKILLS_LIMITS.practiceTextChars} characters.` }
    : { ok: true };
}

export type WeekCount = { weekOf: string; total: number } & Record<PracticeMode, number>;
export type PracticeCounts = {
  total: number;
  byMode: Record<PracticeMode, number>;
  /** Per ISO week (Monday first), oldest first, weeks without practice included between the first and the latest. */
  byWeek: WeekCount[];
  wentWell: number;
  celebrated: number;
};

const zeroModes = (): Record<PracticeMode, number> => ({ imagined: 0, role_play: 0, real_life: 0 });

/** SPEC §3 C5: counts per mode and per week. Empty weeks between practices show as 0, so a chart reads gaps as gaps. */
export function practiceCounts(records: readonly PracticeRecord[], today?: string): PracticeCounts {
  const byMode = zeroModes();
  const weeks = new Map<string, WeekCount>();
  for (const r of records) {
    byMode[r.mode] += 1;
    const w = weekOf(r.practisedOn);
    const week = weeks.get(w) ?? { weekOf: w, total: 0, ...zeroModes() };
    week[r.mode] += 1;
    week.total += 1;
    weeks.set(w, week);
  }
  const byWeek: WeekCount[] = [];
  const keys = [...weeks.keys()].sort();
  if (keys.length) {
    const last = today && weekOf(today) > keys.at(-1)! ? weekOf(today) : keys.at(-1)!;
    for (let w = keys[0]!; w <= last; w = addDays(w, 7)) byWeek.push(weeks.get(w) ?? { weekOf: w, total: 0, ...zeroModes() });
  }
  return {
    total: records.length,
    byMode,
    byWeek,
    wentWell: records.filter((r) => r.outcome === 'went_well').length,
    celebrated: records.filter((r) => r.celebrated).length,
  };
}

/**
 * Runs of consecutive days with at least one practice. The current run counts while it reaches
 * today or yesterday (today may still come); `longest` is the longest run ever.
 */
export function dayStreaks(days: readonly string[], today: string): { current: number; longest: number } {
  const sorted = [...new Set(days)].sort();
  let longest = 0;
  let run = 0;
  let prev: string | undefined;
  for (const d of sorted) {
    run = prev !== undefined && daysBetween(prev, d) === 1 ? run + 1 : 1;
    longest = Math.max(longest, run);
    prev = d;
  }
  const current = prev !== undefined && daysBetween(prev, today) <= 1 && prev <= today ? run : 0;
  return { current, longest };
}

/** Progress toward the target count, 0 … 1 (a count past the target stays at 1). */
export function progressOf(total: number, targetCount: number): number {
  return targetCount <= 0 ? 1 : Math.min(1, total / targetCount);
}

export type StalledState = { stalled: boolean; since: string; days: number };

/**
 * SPEC §3 C5: "practice stalled" after `stalledDays` days without practice on an active target.
 * Counted from the last day practised, or, with none yet, from the day the target became active.
 */
export function stalledState(activeSince: string, lastPractisedOn: string | undefined, today: string, stalledDays: number): StalledState {
  const since = lastPractisedOn !== undefined && lastPractisedOn > activeSince ? lastPractisedOn : activeSince;
  const days = daysBetween(since, today);
  return { stalled: days >= stalledDays, since, days };
}

/** The practice setting's range check (SPEC §3 C5: 14 days by default). */
export function checkStalledDays(days: number): { ok: true } | Refusal<'bad_setting'> {
  return Number.isInteger(days) && days >= skillsDefaults.stalledDaysMin && days <= skillsDefaults.stalledDaysMax
    ? { ok: true }
    : {
        ok: false,
        reason: 'bad_setting',
        message: `Practice counts as stalled after ${skillsDefaults.stalledDaysMin} to ${skillsDefaults.stalledDaysMax} days.`,
      };
}
