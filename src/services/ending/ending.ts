/**
 * The ending of a course (SPEC §3 C6): the client's list of what they got out of therapy, the
 * therapist's closing summary, the closing (which fixes both and schedules the follow-up check),
 * and the follow-up check itself. A course ends as it always has — its status set to ended with a
 * date and reason (people/clients.ts `updateCourse`); the ending's own writes open once the course
 * is in its termination phase. Every text is sealed with the client's data key. Each write loads
 * once, decides in domain/ending, and persists once with a guarded statement, so a write racing the
 * closing is refused rather than half-applied.
 */
import type { EndingProblem, FollowUpState } from '../../domain/ending/ending.ts';
import {
  checkClientActive,
  checkClientList,
  checkClose,
  checkFollowUp,
  checkSummary,
  checkWritable,
  endingDefaults,
  followUpDueOn,
  followUpState,
} from '../../domain/ending/ending.ts';
import { DomainError } from '../../domain/errors.ts';
import type { Deps } from '../deps.ts';
import { iso } from '../deps.ts';
import type { Binding } from '../clinical-text.ts';
import { clientTexts } from '../clinical-text.ts';
import type { CourseRow, EndingRow } from '../ports.ts';
import { unitOfWork } from '../unit-of-work.ts';

/** Who reads: one of the two sides, or an observer (the supervisor). */
export type EndingViewer = 'client' | 'therapist' | 'observer';

export type EndingView = {
  courseId: string;
  course: { status: string; phase: string; startedOn: string; endedOn: string | null; endReason: string | null };
  /** Whether the lists and summary may still be written now (termination phase or ended, not closed). */
  open: boolean;
  clientList: { items: string[]; writtenAt: string } | null;
  /** The therapist's summary; the client reads it once the ending is closed. */
  summary: { text: string; writtenAt: string } | null;
  closedAt: string | null;
  followUp: { state: FollowUpState; dueOn: string | null; answeredAt: string | null; rating: number | null; words: string | null };
};

export type EndingSettingsView = { followUpMonths: number; followUpWindowDays: number };

const bind = (courseId: string, field: string): Binding => ({ table: 'course_endings', id: courseId, field });

/** A refusal of the ending rules as the one error that crosses layers: state problems conflict, bad texts are invalid input. */
function refuse(r: { reason: EndingProblem; message: string }): never {
  const state: readonly EndingProblem[] = [
    'course_not_ending',
    'course_not_ended',
    'ending_closed',
    'already_closed',
    'summary_missing',
    'follow_up_off',
    'follow_up_not_due',
    'follow_up_lapsed',
    'follow_up_done',
    'client_archived',
  ];
  throw new DomainError(state.includes(r.reason) ? 'conflict' : 'invalid_input', r.message, { reason: r.reason });
}

const today = (deps: Pick<Deps, 'clock'>): string => iso(deps.clock.now()).slice(0, 10);

async function loadCourse(deps: Pick<Deps, 'store'>, courseId: string): Promise<CourseRow> {
  const course = await deps.store.findCourse(courseId);
  if (!course) throw new DomainError('not_found', 'No such course.');
  return course;
}

/** The course for a write: its client's record must not be archived. */
async function loadCourseToWrite(deps: Pick<Deps, 'store'>, courseId: string): Promise<CourseRow> {
  const course = await loadCourse(deps, courseId);
  const client = await deps.store.findClient(course.clientId);
  if (!client) throw new DomainError('not_found', 'No such course.');
  const active = checkClientActive(client.status);
  if (!active.ok) refuse(active);
  return course;
}

const emptyEnding = (course: CourseRow, now: string): EndingRow => ({
  courseId: course.id,
  clientId: course.clientId,
  clientListEnc: null,
  clientListAt: null,
  clientListBy: null,
  summaryEnc: null,
  summaryAt: null,
  summaryBy: null,
  closedAt: null,
  closedBy: null,
  followUpDueOn: null,
  followUpAt: null,
  followUpRating: null,
  followUpWordsEnc: null,
  updatedAt: now,
});

/** The practice's follow-up setting (months after the ending; 0 = off), the default when never set. */
export async function getEndingSettings(deps: Pick<Deps, 'store'>): Promise<EndingSettingsView> {
  const practice = await deps.store.findPractice();
  const row = practice ? await deps.store.findEndingSettings(practice.id) : undefined;
  return { followUpMonths: row?.followUpMonths ?? endingDefaults.followUpMonths, followUpWindowDays: endingDefaults.followUpWindowDays };
}

/** The admin sets how many months after the ending the follow-up check falls due (0 turns it off); endings closed later use it. */
export async function setEndingSettings(deps: Deps, by: string, input: { followUpMonths: number }): Promise<EndingSettingsView> {
  if (!Number.isInteger(input.followUpMonths) || input.followUpMonths < 0 || input.followUpMonths > endingDefaults.maxFollowUpMonths)
    throw new DomainError('invalid_input', `The follow-up is 0 (off) to ${endingDefaults.maxFollowUpMonths} months after the ending.`, {
      field: 'followUpMonths',
    });
  const practice = await deps.store.findPractice();
  if (!practice) throw new DomainError('not_found', 'No practice.');
  await deps.store.setEndingSettings({ practiceId: practice.id, followUpMonths: input.followUpMonths, updatedAt: iso(deps.clock.now()), updatedBy: by });
  return getEndingSettings(deps);
}

/**
 * Opens an ending record for a reader: the summary stays the therapist's until the ending is closed;
 * `open` also says no when the client's record is archived.
 */
export async function presentEnding(
  deps: Pick<Deps, 'store' | 'vault' | 'clock'>,
  course: CourseRow,
  row: EndingRow | undefined,
  viewer: EndingViewer,
): Promise<EndingView> {
  const client = await deps.store.findClient(course.clientId);
  const texts = row ? await clientTexts(deps, course.clientId) : undefined;
  const open = (field: string, sealed: string | null): string | null => (texts && sealed ? texts.open(bind(course.id, field), sealed) : null);
  const items = open('client_list', row?.clientListEnc ?? null);
  const summary = viewer === 'client' && !row?.closedAt ? null : open('summary', row?.summaryEnc ?? null);
  const f = { dueOn: row?.followUpDueOn ?? null, answeredAt: row?.followUpAt ?? null };
  return {
    courseId: course.id,
    course: { status: course.status, phase: course.phase, startedOn: course.startedOn, endedOn: course.endedOn, endReason: course.endReason },
    open: checkWritable(course, row).ok && client?.status !== 'archived',
    clientList: items !== null && row?.clientListAt ? { items: JSON.parse(items) as string[], writtenAt: row.clientListAt } : null,
    summary: summary !== null && row?.summaryAt ? { text: summary, writtenAt: row.summaryAt } : null,
    closedAt: row?.closedAt ?? null,
    followUp: {
      state: row?.closedAt ? followUpState(f, today(deps)) : 'off',
      dueOn: f.dueOn,
      answeredAt: f.answeredAt,
      rating: row?.followUpRating ?? null,
      words: open('follow_up_words', row?.followUpWordsEnc ?? null),
    },
  };
}

/** The course's ending as the caller may read it. */
export async function getEnding(deps: Deps, courseId: string, viewer: EndingViewer): Promise<EndingView> {
  const course = await loadCourse(deps, courseId);
  return presentEnding(deps, course, await deps.store.findEnding(courseId), viewer);
}

/**
 * Writes one side's open part of the ending in one transaction: load the course and the ending,
 * decide (`checkWritable` and the text's own check), seal, and save guarded by "not closed".
 */
async function writeOpenPart(
  deps: Deps,
  courseId: string,
  viewer: EndingViewer,
  write: (row: EndingRow, seal: (field: string, text: string) => string, now: string) => EndingRow,
): Promise<EndingView> {
  return unitOfWork(deps, async (d) => {
    const course = await loadCourseToWrite(d, courseId);
    const existing = await d.store.findEnding(courseId);
    const writable = checkWritable(course, existing);
    if (!writable.ok) refuse(writable);
    const texts = await clientTexts(d, course.clientId);
    const now = iso(d.clock.now());
    const row = write({ ...(existing ?? emptyEnding(course, now)), updatedAt: now }, (field, text) => texts.seal(bind(courseId, field), text), now);
    if (!(await d.store.saveOpenEnding(row)))
      refuse({ reason: 'ending_closed', message: 'The ending of this course was closed meanwhile; nothing was changed.' });
    return presentEnding(d, course, row, viewer);
  });
}

/** The client writes (or rewrites) their list of what they got out of therapy (SPEC §3 C6). */
export async function saveClientList(deps: Deps, courseId: string, userId: string, items: readonly string[]): Promise<EndingView> {
  const list = checkClientList(items);
  if (!list.ok) refuse(list);
  return writeOpenPart(deps, courseId, 'client', (row, seal, now) => ({
    ...row,
    clientListEnc: seal('client_list', JSON.stringify(list.items)),
    clientListAt: now,
    clientListBy: userId,
  }));
}

/** The assigned therapist writes (or rewrites) the closing summary (SPEC §3 C6). */
export async function saveSummary(deps: Deps, courseId: string, userId: string, text: string): Promise<EndingView> {
  const summary = checkSummary(text);
  if (!summary.ok) refuse(summary);
  return writeOpenPart(deps, courseId, 'therapist', (row, seal, now) => ({
    ...row,
    summaryEnc: seal('summary', summary.text),
    summaryAt: now,
    summaryBy: userId,
  }));
}

/**
 * The therapist closes the ending of an ended course: the lists and summary are fixed as the
 * report's record, and the follow-up check is scheduled from the course's last day by the
 * practice's setting (none when it is off). Closing twice is refused.
 */
export async function closeEnding(deps: Deps, courseId: string, userId: string): Promise<EndingView> {
  return unitOfWork(deps, async (d) => {
    const course = await loadCourseToWrite(d, courseId);
    const existing = await d.store.findEnding(courseId);
    const decision = checkClose(course, existing && { closedAt: existing.closedAt, summaryWritten: existing.summaryEnc !== null });
    if (!decision.ok) refuse(decision);
    const { followUpMonths } = await getEndingSettings(d);
    const dueOn = followUpDueOn(decision.endedOn, followUpMonths);
    const now = iso(d.clock.now());
    if (!(await d.store.closeEnding(courseId, now, userId, dueOn)))
      refuse({ reason: 'already_closed', message: 'The ending of this course is already closed.' });
    return presentEnding(d, course, await d.store.findEnding(courseId), 'therapist');
  });
}

/** The client answers the follow-up check while it is due: how they have been since the ending, and in their words if they like. */
export async function answerFollowUp(deps: Deps, courseId: string, input: { rating: number; words?: string | undefined }): Promise<EndingView> {
  return unitOfWork(deps, async (d) => {
    const course = await loadCourseToWrite(d, courseId);
    const existing = await d.store.findEnding(courseId);
    if (!existing?.closedAt) refuse({ reason: 'follow_up_off', message: 'No follow-up check is scheduled for this course.' });
    const answer = checkFollowUp({ dueOn: existing.followUpDueOn, answeredAt: existing.followUpAt }, input, today(d));
    if (!answer.ok) refuse(answer);
    const now = iso(d.clock.now());
    const texts = await clientTexts(d, course.clientId);
    const wordsEnc = answer.words === null ? null : texts.seal(bind(courseId, 'follow_up_words'), answer.words);
    if (!(await d.store.answerFollowUp(courseId, { at: now, rating: answer.rating, wordsEnc })))
      refuse({ reason: 'follow_up_done', message: 'The follow-up check has already been answered.' });
    return presentEnding(d, course, await d.store.findEnding(courseId), 'client');
  });
}
