/**
 * Trackers (SPEC §3 C7): client-defined daily yes/no ("a day without drinking"), read as streaks —
 * runs of consecutive kept days — marked against the therapist's planned breaks. Lengthening
 * streaks are evidence that gains are consolidating. Entry is one tap for today; yesterday stays
 * correctable; older days are history; a day that has not come yet is refused.
 */
import { addDays, daysBetween, isDay } from './days.ts';
import type { Refusal } from './practice.ts';
import { SKILLS_LIMITS, skillsDefaults } from './settings.ts';

export type TrackerDay = { day: string; kept: boolean };
export type PlannedBreak = { id: string; startsOn: string; endsOn: string };

export type TrackerProblem = 'bad_day' | 'future_day' | 'day_closed' | 'duplicate_day' | 'no_such_day' | 'empty_label' | 'label_too_long' | 'too_many_trackers';

/**
 * A new day (`mode: 'new'`) may be today or yesterday and must not be recorded yet; a correction
 * (`'correct'`) changes a recorded day within the same window. Days before are closed.
 */
export function checkTrackerDay(day: string, today: string, recorded: ReadonlySet<string>, mode: 'new' | 'correct'): { ok: true } | Refusal<TrackerProblem> {
  if (!isDay(day)) return { ok: false, reason: 'bad_day', message: 'The day is not a calendar day (YYYY-MM-DD).' };
  if (day > today) return { ok: false, reason: 'future_day', message: 'A day that has not come yet cannot be entered.' };
  if (daysBetween(day, today) >= skillsDefaults.trackerEditableDays)
    return { ok: false, reason: 'day_closed', message: 'Only today and yesterday can be entered or corrected.' };
  if (mode === 'new' && recorded.has(day)) return { ok: false, reason: 'duplicate_day', message: 'That day is already entered; correct it instead.' };
  if (mode === 'correct' && !recorded.has(day)) return { ok: false, reason: 'no_such_day', message: 'That day has not been entered yet.' };
  return { ok: true };
}

export function checkTrackerLabel(label: string, existing: number): { ok: true; label: string } | Refusal<TrackerProblem> {
  const t = label.trim();
  if (!t) return { ok: false, reason: 'empty_label', message: 'Name what the tracker counts, e.g. “a day without drinking”.' };
  if (t.length > SKILLS_LIMITS.trackerLabelChars)
    return { ok: false, reason: 'label_too_long', message: `A tracker’s name is at most ${SKILLS_LIMITS.trackerLabelChars} characters.` };
  if (existing >= SKILLS_LIMITS.trackersPerCourse)
    return { ok: false, reason: 'too_many_trackers', message: `At most ${SKILLS_LIMITS.trackersPerCourse} trackers.` };
  return { ok: true, label: t };
}

export type Streak = {
  from: string;
  to: string;
  length: number;
  /** Reaches today, or yesterday while today is not entered yet: it may still grow. */
  ongoing: boolean;
  /** A planned break overlaps it: the streak held while the therapist was away. */
  acrossBreaks: string[];
};

/**
 * The streaks of a tracker up to `today`: runs of consecutive kept days. A day not kept, or a day
 * not entered, ends a run (today excepted: it may still be entered). Oldest first.
 */
export function streaksOf(days: readonly TrackerDay[], today: string, breaks: readonly PlannedBreak[] = []): Streak[] {
  const kept = [...new Set(days.filter((d) => d.kept && d.day <= today).map((d) => d.day))].sort();
  const runs: { from: string; to: string }[] = [];
  for (const d of kept) {
    const last = runs.at(-1);
    if (last && addDays(last.to, 1) === d) last.to = d;
    else runs.push({ from: d, to: d });
  }
  const recordedToday = days.some((d) => d.day === today);
  return runs.map((r) => ({
    from: r.from,
    to: r.to,
    length: daysBetween(r.from, r.to) + 1,
    ongoing: r.to === today || (r.to === addDays(today, -1) && !recordedToday),
    acrossBreaks: breaks.filter((b) => b.startsOn <= r.to && b.endsOn >= r.from).map((b) => b.id),
  }));
}

/**
 * Whether streaks are lengthening (SPEC §3 C7: evidence that gains consolidate): the latest streak
 * is at least `minDays` long and longer than every streak before it. Needs an earlier streak to
 * compare with: one long first run is not yet a trend.
 */
export function lengthening(streaks: readonly Streak[], minDays: number): { latest: Streak; previousBest: number } | undefined {
  const latest = streaks.at(-1);
  if (!latest || streaks.length < 2 || latest.length < minDays) return undefined;
  const previousBest = Math.max(...streaks.slice(0, -1).map((s) => s.length));
  return latest.length > previousBest ? { latest, previousBest } : undefined;
}

/** A planned break: real days, in order, at most `breakMaxDays` long. */
export function checkBreak(startsOn: string, endsOn: string): { ok: true } | Refusal<'bad_day' | 'bad_range'> {
  if (!isDay(startsOn) || !isDay(endsOn)) return { ok: false, reason: 'bad_day', message: 'A break’s days are calendar days (YYYY-MM-DD).' };
  if (endsOn < startsOn) return { ok: false, reason: 'bad_range', message: 'A break ends on or after the day it starts.' };
  if (daysBetween(startsOn, endsOn) + 1 > skillsDefaults.breakMaxDays)
    return { ok: false, reason: 'bad_range', message: `A planned break lasts at most ${skillsDefaults.breakMaxDays} days.` };
  return { ok: true };
}
