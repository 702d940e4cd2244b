/**
 * The ending of a course of therapy (SPEC §3 C6: "the client writes their list of what they got out
 * of therapy; the therapist writes a closing summary; a printable ending report …; optional
 * follow-up check months later"). Pure rules: when each side may write, what a list and a summary
 * may hold, when the ending is closed, and when the follow-up check is due. No I/O, no clock: the
 * day (`today`, YYYY-MM-DD UTC) comes in as an argument.
 */
import type { CourseStatus, Phase } from '../people.ts';

/**
 * How much each text may hold. Accord's own limits, chosen so a list and a summary fit the printed
 * report (one A4 page each at most) and so a paste of a whole document is refused, not truncated.
 */
export const ENDING_LIMITS = Object.freeze({
  listItems: 20,
  itemChars: 500,
  summaryChars: 8000,
  followUpWordsChars: 2000,
});

/**
 * The follow-up check's defaults. Three months after the ending is a common point for a follow-up
 * measure in routine outcome monitoring (NHS Talking Therapies Manual, 2023, follow-up sessions);
 * the check stays open for eight weeks after it falls due, then lapses (Accord's choice: a check
 * long overdue says more about the reminder than about the client).
 */
export const endingDefaults = Object.freeze({ followUpMonths: 3, followUpWindowDays: 56, maxFollowUpMonths: 24 });

/** How the client has been since the ending, in their words: −2 much worse … +2 much better. */
export type FollowUpRating = -2 | -1 | 0 | 1 | 2;
export const FOLLOW_UP_RATINGS: readonly FollowUpRating[] = [-2, -1, 0, 1, 2];
export const FOLLOW_UP_LABELS: Readonly<Record<`${FollowUpRating}`, string>> = {
  '-2': 'Much worse',
  '-1': 'A little worse',
  '0': 'About the same',
  '1': 'A little better',
  '2': 'Much better',
};

export type EndingProblem =
  | 'course_not_ending'
  | 'course_not_ended'
  | 'ending_closed'
  | 'already_closed'
  | 'summary_missing'
  | 'empty_list'
  | 'empty_item'
  | 'too_many_items'
  | 'item_too_long'
  | 'empty_summary'
  | 'summary_too_long'
  | 'follow_up_off'
  | 'follow_up_not_due'
  | 'follow_up_lapsed'
  | 'follow_up_done'
  | 'words_too_long'
  | 'invalid_rating'
  | 'client_archived';

export type Refusal = { ok: false; reason: EndingProblem; message: string };
const no = (reason: EndingProblem, message: string): Refusal => ({ ok: false, reason, message });

/** What the rules need of the course and of its ending record. */
export type EndingCourse = { status: CourseStatus; phase: Phase; endedOn: string | null };
export type EndingFacts = { closedAt: string | null };

/**
 * Whether either side may write its part of the ending now: once the course is in its termination
 * phase or has ended (SPEC §3 C1 phases), and until the therapist closes the ending — after that the
 * report is the record and stays as it was printed.
 */
export function checkWritable(course: EndingCourse, ending: EndingFacts | undefined): { ok: true } | Refusal {
  if (ending?.closedAt) return no('ending_closed', 'The ending of this course has been closed; its lists and summary can no longer be changed.');
  if (course.status !== 'ended' && course.phase !== 'termination')
    return no('course_not_ending', 'The ending can be written once the course is in its termination phase or has ended.');
  return { ok: true };
}

/**
 * An archived client's record is closed to new writes (the admin or therapist archived it: care has
 * ended and the record is kept as it is): no list, summary, closing or follow-up answer.
 */
export function checkClientActive(status: 'active' | 'archived'): { ok: true } | Refusal {
  return status === 'archived' ? no('client_archived', 'This client’s record is archived; its ending can no longer be changed.') : { ok: true };
}

/** The client's list: 1–20 items, each said in 1–500 characters (trimmed; blank items refused, not dropped). */
export function checkClientList(items: readonly string[]): { ok: true; items: string[] } | Refusal {
  const trimmed = items.map((i) => i.trim());
  if (trimmed.length === 0) return no('empty_list', 'Write at least one thing you got out of therapy.');
  if (trimmed.length > ENDING_LIMITS.listItems) return no('too_many_items', `A list holds at most ${ENDING_LIMITS.listItems} items.`);
  const blank = trimmed.findIndex((i) => i.length === 0);
  if (blank >= 0) return no('empty_item', `Item ${blank + 1} is empty; write something or remove it.`);
  const long = trimmed.findIndex((i) => i.length > ENDING_LIMITS.itemChars);
  if (long >= 0) return no('item_too_long', `Item ${long + 1} is longer than ${ENDING_LIMITS.itemChars} characters; split it in two.`);
  return { ok: true, items: trimmed };
}

/** The therapist's closing summary: 1–8000 characters, trimmed. */
export function checkSummary(text: string): { ok: true; text: string } | Refusal {
  const t = text.trim();
  if (t.length === 0) return no('empty_summary', 'The closing summary is empty.');
  if (t.length > ENDING_LIMITS.summaryChars) return no('summary_too_long', `The closing summary is longer than ${ENDING_LIMITS.summaryChars} characters.`);
  return { ok: true, text: t };
}

/**
 * Closing the ending: the course must have ended (its status set with a date and reason, the
 * existing course rule `checkCourseChange`), the therapist's summary must be written, and an ending
 * closes once. The client's list is not required: a client may choose not to write one.
 */
export function checkClose(course: EndingCourse, ending: (EndingFacts & { summaryWritten: boolean }) | undefined): { ok: true; endedOn: string } | Refusal {
  if (ending?.closedAt) return no('already_closed', 'The ending of this course is already closed.');
  if (course.status !== 'ended' || !course.endedOn)
    return no('course_not_ended', 'End the course first (status ended, with its date and reason); then close its ending.');
  if (!ending?.summaryWritten) return no('summary_missing', 'Write the closing summary before closing the ending.');
  return { ok: true, endedOn: course.endedOn };
}

/**
 * The day the follow-up check falls due: `months` calendar months after the course's last day, on
 * the same day of the month or the month's last day when it has fewer days (31 January + 1 month =
 * 28 or 29 February). `months` 0 means the practice has follow-up checks off: none is scheduled.
 */
export function followUpDueOn(endedOn: string, months: number): string | null {
  if (months <= 0) return null;
  const [y, m, d] = endedOn.split('-').map(Number) as [number, number, number];
  const target = y * 12 + (m - 1) + months;
  const ty = Math.floor(target / 12);
  const tm = target % 12;
  const last = new Date(Date.UTC(ty, tm + 1, 0)).getUTCDate();
  return new Date(Date.UTC(ty, tm, Math.min(d, last))).toISOString().slice(0, 10);
}

export type FollowUpState = 'off' | 'scheduled' | 'due' | 'lapsed' | 'done';

/** Adds days to a YYYY-MM-DD date. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Where the follow-up check stands on `today`: off (none scheduled), scheduled (not yet due), due
 * (from its day for `windowDays`), lapsed (the window passed unanswered) or done.
 */
export function followUpState(
  f: { dueOn: string | null; answeredAt: string | null },
  today: string,
  windowDays: number = endingDefaults.followUpWindowDays,
): FollowUpState {
  if (f.answeredAt) return 'done';
  if (!f.dueOn) return 'off';
  if (today < f.dueOn) return 'scheduled';
  return today < addDays(f.dueOn, windowDays) ? 'due' : 'lapsed';
}

/** The client's follow-up answer may be given only while it is due, once, with a rating and at most 2000 characters of words. */
export function checkFollowUp(
  f: { dueOn: string | null; answeredAt: string | null },
  answer: { rating: number; words?: string | undefined },
  today: string,
  windowDays: number = endingDefaults.followUpWindowDays,
): { ok: true; rating: FollowUpRating; words: string | null } | Refusal {
  const state = followUpState(f, today, windowDays);
  if (state === 'done') return no('follow_up_done', 'The follow-up check has already been answered.');
  if (state === 'off') return no('follow_up_off', 'No follow-up check is scheduled for this course.');
  if (state === 'scheduled') return no('follow_up_not_due', `The follow-up check is due on ${f.dueOn}.`);
  if (state === 'lapsed') return no('follow_up_lapsed', 'The follow-up check is no longer open.');
  if (!FOLLOW_UP_RATINGS.includes(answer.rating as FollowUpRating)) return no('invalid_rating', 'Choose how you have been, from much worse to much better.');
  const words = answer.words?.trim() ?? '';
  if (words.length > ENDING_LIMITS.followUpWordsChars) return no('words_too_long', `Say it in at most ${ENDING_LIMITS.followUpWordsChars} characters.`);
  return { ok: true, rating: answer.rating as FollowUpRating, words: words.length ? words : null };
}
