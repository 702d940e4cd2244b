/**
 * Questionnaire responses and what follows from them (SPEC §3 C4, §5.1, §5.3): every submission
 * path — the client in the portal, the therapist entering answers given in session or on paper,
 * a correction, an import — goes through `submitResponse`, which stores the response and raises
 * the safety alert in ONE transaction, so no path can skip it and no crash can separate them.
 *
 * Answers are clinical: sealed with the client's data key. Totals and bands stay in clear for
 * charts and the caseload. A response is never changed; a correction is a new response that
 * supersedes it, and both are kept.
 */
import { DomainError } from '../../domain/errors.ts';
import { checkClinicalTime } from '../../domain/people.ts';
import type { InstrumentDefinition } from '../../domain/measures/instrument.ts';
import { isCaseness, scoreResponse } from '../../domain/measures/score.ts';
import type { ScoredPoint } from '../../domain/measures/outcomes.ts';
import { notOnTrack, recovery, reliableChange } from '../../domain/measures/outcomes.ts';
import { currentResponses, remissionDraft } from '../../domain/measures/course-responses.ts';
import type { MonitoredSeries } from '../../domain/measures/outcomes.ts';
import type { SessionCheckEntry } from '../../domain/measures/rupture.ts';
import { detectRupture } from '../../domain/measures/rupture.ts';
import { SESSION_CHECK, SESSION_CHECK_THERAPIST } from '../../domain/measures/builtin/index.ts';
import { measuresDefaults } from '../../domain/measures/settings.ts';
import { deteriorationAlertKey, draftNotOnTrackAlert, draftRuptureAlerts, draftSafetyAlert } from '../../domain/measures/alerts-from-outcomes.ts';
import type { AlertDraft } from '../../domain/alerts/alert.ts';
import type { Deps } from '../deps.ts';
import { iso } from '../deps.ts';
import type { MeasureSeries } from '../../domain/measures/series.ts';
import type { CourseRow, ResponseRow, ResponseScoreRow, ResponseSource, SeriesPoint, SeriesPointsQuery, TherapySessionRow } from '../ports.ts';
import { clientTexts, openText } from '../clinical-text.ts';
import { findInstrument, getInstrument } from './instruments.ts';
import { storeAlert } from '../alerts/alerts.ts';
import type { Texts } from '../alliance/alliance-records.ts';
import { unitOfWork } from '../unit-of-work.ts';

export type Submitter = { userId: string; as: 'client' | 'therapist' };

export type SubmitInput = {
  instrumentCode: string;
  answers: Record<string, number | null>;
  courseId?: string;
  sessionId?: string | null;
  scheduleId?: string | null;
  /** Required for a therapist: in_session, paper or import. A client's answers are always 'portal'. */
  source?: ResponseSource;
  /** When the answers were given (staff only: in session, paper, import); within the course, not in the future; defaults to now. A client may not give one. */
  completedAt?: string;
  /** A correction: the response this one replaces (therapist only). */
  supersedes?: string;
};

export type ResponseView = {
  id: string;
  clientId: string;
  courseId: string | null;
  sessionId: string | null;
  instrumentCode: string;
  instrumentVersion: string;
  instrumentTitle: string;
  respondent: 'client' | 'therapist';
  source: ResponseSource;
  enteredBy: string;
  completedAt: string;
  answers: Record<string, number | null>;
  valid: boolean;
  total: number | null;
  band: { label: string; severity: string } | null;
  caseness: boolean | null;
  invalidReason: string | null;
  safetyFlagged: boolean;
  supersedes: string | null;
  supersededBy: string | null;
};

export type SubmitResult = {
  response: ResponseView;
  /** The scoring message when the answers could not be scored (stored only because a safety item was endorsed). */
  message: string | null;
  /** Present when a safety item was endorsed: what the client must see at once (SPEC §5.1). */
  crisis: { info: string } | null;
  /** Kinds of alerts this submission raised (never shown to a client). */
  alertsRaised: string[];
};

const answersBinding = (id: string) => ({ table: 'measure_responses', id, field: 'answers' });

function pickCourse(courses: readonly CourseRow[], courseId: string | undefined): CourseRow {
  if (courseId) {
    const c = courses.find((k) => k.id === courseId);
    if (!c) throw new DomainError('not_found', 'No such course for this client.');
    return c;
  }
  const open = courses.find((k) => k.status !== 'ended') ?? courses[0];
  if (!open) throw new DomainError('conflict', 'This client has no course of therapy yet; open one before recording measures.');
  return open;
}

/**
 * Stores one response and everything that follows from it, atomically (SPEC §5.1: "PHQ-9 item
 * 9 > 0 creates a safety alert in the same transaction as the response"). Answers that cannot be
 * scored are refused with the scorer's plain message — unless a safety item was endorsed: then
 * the response is kept (marked invalid) and the safety alert raised anyway, because a safety
 * answer must never be lost (SPEC §7). The result carries the practice's crisis information
 * whenever a safety item was endorsed, so the client sees it on the same screen.
 *
 * Load once → decide → persist once: in one unit of work the client, the course, the client's
 * responses, the course's sessions (and its goals, for a measure with a cut-off) are read once;
 * the safety, outcome and rupture alerts are decided by the domain's rules from them; the response
 * and those alerts are written in the same transaction, so none of them can be lost. The alliance
 * recompute is queued as a follow-up after the commit, handed the rows already read (with this
 * response), and what it raises is added to `alertsRaised` before the answer leaves
 * (`opts.recomputeAlliance: false` skips it for bulk loading that recomputes once at the end, as
 * the demo does). A failed recompute never costs this answer: see unit-of-work.ts.
 */
export async function submitResponse(
  deps: Deps,
  clientId: string,
  who: Submitter,
  input: SubmitInput,
  opts: { recomputeAlliance?: boolean } = {},
): Promise<SubmitResult> {
  const raised: string[] = [];
  return unitOfWork(deps, async (d) => {
    const client = await d.store.findClient(clientId);
    if (!client) throw new DomainError('not_found', 'No such client.');
    const course = pickCourse(await d.store.listCoursesOfClient(clientId), input.courseId);
    const def = await getInstrument(d, input.instrumentCode);
    if (who.as === 'client' && def.respondent !== 'client') throw new DomainError('forbidden', `${def.title} is answered by the therapist.`);
    if (who.as === 'client' && input.supersedes)
      throw new DomainError('forbidden', 'A submitted response cannot be changed. If something is wrong, tell your therapist.');
    let source: ResponseSource;
    if (who.as === 'client') source = 'portal';
    else if (input.source && input.source !== 'portal') source = input.source;
    else throw new DomainError('invalid_input', 'Say how the answers were given: in_session, paper or import.', { field: 'source' });

    // A client's own answers are stamped by the server (SPEC §3 C10): the portal never dates them,
    // or a client could move an answer before their first one and rewrite their outcome. Staff may
    // date answers given earlier (in session, on paper, imported) within the course, never ahead.
    const now = d.clock.now();
    if (who.as === 'client' && input.completedAt !== undefined) {
      throw new DomainError('invalid_input', 'Your answers are dated when you send them; a date cannot be given.', {
        field: 'completedAt',
        reason: 'server_stamped',
      });
    }
    let completedAt = iso(now);
    if (who.as === 'therapist') {
      const when = checkClinicalTime(course, input.completedAt ?? completedAt, now);
      if (!when.ok) throw new DomainError('invalid_input', when.message, { field: 'completedAt', reason: when.reason });
      completedAt = when.at;
    }
    if (input.scheduleId) {
      // A schedule named by the answers must be this course's schedule of this instrument; any other
      // (another client's, another instrument's, none) answers like a missing one.
      const sch = await d.store.findSchedule(input.scheduleId);
      if (!sch || sch.courseId !== course.id || sch.instrumentCode !== def.code) {
        throw new DomainError('not_found', 'No such schedule of this instrument in this course.', { field: 'scheduleId' });
      }
    }

    // What the decision reads, bounded: the start times of the course's attended sessions (from an
    // index alone), whether it has an agreed goal when the measure has a cut-off (remission), the original of a
    // correction, the session named; the series' points the outcome rules need are read once this
    // response is in (outcomeDrafts), so a course's years of history cost no more.
    const [attendedStarts, hasAgreedGoal, supersedes, named] = await Promise.all([
      def.caseness !== undefined ? d.store.attendedStartsOfCourse(course.id) : [],
      def.caseness !== undefined ? d.store.courseHasAgreedGoal(course.id) : false,
      input.supersedes ? d.store.findResponse(input.supersedes) : undefined,
      input.sessionId ? d.store.findSession(input.sessionId) : undefined,
    ]);

    let sessionId = input.sessionId ?? null;
    let original: ResponseRow | undefined;
    if (input.supersedes) {
      original = supersedes?.clientId === clientId ? supersedes : undefined;
      if (!original) throw new DomainError('not_found', 'The response to correct was not found.');
      if (original.instrumentCode !== def.code) throw new DomainError('invalid_input', 'A correction must be of the same instrument.');
      sessionId = input.sessionId === undefined ? original.sessionId : sessionId;
    }
    const session = sessionId === input.sessionId ? named : sessionId ? await d.store.findSession(sessionId) : undefined;
    if (sessionId && session?.courseId !== course.id) {
      throw new DomainError('invalid_input', 'That session is not part of this course.', { field: 'sessionId' });
    }

    const score = scoreResponse(def, input.answers);
    if (!score.valid && score.safetyFlags.length === 0) {
      throw new DomainError('invalid_input', score.message, { reason: score.reason });
    }
    // A response is corrected once; a later correction corrects the correction. (The unique
    // supersedes_id column refuses a concurrent second correction.)
    if (original && (await d.store.listResponseScores({ clientIds: [clientId] })).some((r) => r.supersedesId === original.id)) {
      throw new DomainError('conflict', 'This response has already been corrected; correct the latest version instead.');
    }

    const texts = await clientTexts(d, clientId);
    const id = d.ids.newId();
    const row: ResponseRow = {
      id,
      clientId,
      courseId: course.id,
      sessionId,
      scheduleId: input.scheduleId ?? null,
      instrumentCode: def.code,
      instrumentVersion: def.version,
      respondent: def.respondent,
      source,
      enteredBy: who.userId,
      completedAt,
      createdAt: iso(now),
      answersEnc: texts.seal(answersBinding(id), JSON.stringify(input.answers)),
      valid: score.valid,
      total: score.valid ? score.total : null,
      bandLabel: score.valid ? score.band.label : null,
      bandSeverity: score.valid ? score.band.severity : null,
      caseness: score.valid && def.caseness !== undefined ? score.caseness : null,
      invalidReason: score.valid ? null : score.reason,
      safetyFlagged: score.safetyFlags.length > 0,
      supersedesId: original?.id ?? null,
    };
    // In first: the outcome rules read the series with this response in it (same transaction).
    await d.store.insertResponse(row);
    const drafts: AlertDraft[] = [];
    const safety = draftSafetyAlert({
      courseId: course.id,
      def,
      responseId: id,
      at: row.completedAt,
      safetyFlags: score.safetyFlags,
      answers: input.answers,
      responseValid: score.valid,
    });
    if (safety) drafts.push(safety);
    if (score.valid) drafts.push(...(await outcomeDrafts(d, course, def, row, attendedStarts, hasAgreedGoal, texts)));
    for (const draft of drafts) {
      // A condition raised before is not sealed and offered to the store again: a course that stays
      // reliably worse drafts its not-on-track alert at every answer. (Only its id is read; the unique
      // dedupe key still makes a concurrent second raise a no-op. A safety alert's key names this
      // response, so it is new.)
      if (draft.kind !== 'safety' && (await d.store.alertIdByDedupeKey(draft.dedupeKey))) continue;
      if ((await storeAlert(d, texts, draft, { clientId, therapistId: client.therapistId })).created) raised.push(draft.kind);
    }
    const practice = score.safetyFlags.length > 0 ? await d.store.findPractice() : undefined;

    if (opts.recomputeAlliance !== false) {
      // The alliance ledger reads the symptom course: its snapshots and alerts (structuralizing
      // evidence, remission without a current goal, misalliance) are brought up to date after the
      // commit, from the rows read here.
      d.after.queue(
        {
          kind: 'alliance',
          courseId: course.id,
          known: { course, client, texts },
        },
        (r) => {
          for (const kind of r.alertsRaised) if (!raised.includes(kind)) raised.push(kind);
        },
      );
    }
    return {
      response: viewOf(row, def.title, input.answers, null),
      message: score.valid ? null : score.message,
      crisis: score.safetyFlags.length > 0 ? { info: practice?.crisisInfo ?? '' } : null,
      alertsRaised: raised,
    };
  });
}

export type ImportItem = { instrumentCode: string; answers: Record<string, number | null>; completedAt: string; courseId?: string; sessionId?: string | null };

/**
 * Earlier answers from paper records or another system (SPEC §3 C10), each through
 * `submitResponse` with source 'import'. Every item's course, date and answers are checked before
 * the first is stored, so a batch with one wrong date stores nothing (the error names the item).
 */
export async function importResponses(deps: Deps, clientId: string, who: Submitter, items: readonly ImportItem[]): Promise<SubmitResult[]> {
  if (who.as !== 'therapist') throw new DomainError('forbidden', 'Only the client’s therapist imports answers.');
  if (!(await deps.store.findClient(clientId))) throw new DomainError('not_found', 'No such client.');
  const courses = await deps.store.listCoursesOfClient(clientId);
  const now = deps.clock.now();
  for (const [index, item] of items.entries()) {
    const course = pickCourse(courses, item.courseId);
    const when = checkClinicalTime(course, item.completedAt, now);
    if (!when.ok) throw new DomainError('invalid_input', `Answers ${index + 1}: ${when.message}`, { index, field: 'completedAt', reason: when.reason });
    const score = scoreResponse(await getInstrument(deps, item.instrumentCode), item.answers);
    if (!score.valid && score.safetyFlags.length === 0)
      throw new DomainError('invalid_input', `Answers ${index + 1}: ${score.message}`, { index, reason: score.reason });
  }
  // One unit of work: the batch commits whole, and the course's alliance is recomputed once after it.
  return unitOfWork(deps, async (d) => {
    const out: SubmitResult[] = [];
    for (const item of items) out.push(await submitResponse(d, clientId, who, { ...item, source: 'import' }));
    return out;
  });
}

/** Attended sessions of the course up to a time (the `sessionIndex` of a measure). */
function attendedBefore(sessions: readonly TherapySessionRow[], at: string): number {
  return sessions.filter((s) => s.status === 'attended' && s.startsAt <= at).length;
}

/**
 * `attendedBefore` for many times over the same sessions: the start times of the attended sessions,
 * in order, each time counted by binary search (a course's series times its sessions would
 * otherwise be read once per point).
 */
function attendedCounter(attended: readonly string[]): (at: string) => number {
  // Sorted here too: the order of text is the database's collation's, and this needs code-unit order.
  const starts = [...attended].sort();
  return (at) => {
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (starts[mid]! <= at) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

/**
 * Outcome and rupture rules after a new response (SPEC §5.1 not on track, remission without a
 * current goal; SPEC §5.3 rupture and therapist-more-positive), as alert drafts, decided by the
 * domain. The response is stored already (same transaction); the rules get the points of each
 * monitored series that decide them (pointsForRules), not the course's whole history.
 * (Exported for test/measures/bounded-rules.test.ts, which holds it to the whole-series reading.)
 */
export async function outcomeDrafts(
  deps: Pick<Deps, 'store'>,
  course: CourseRow,
  def: InstrumentDefinition,
  row: ResponseRow,
  /** The start times of the course's attended sessions, in order (`attendedStartsOfCourse`). */
  attendedStarts: readonly string[],
  /** Whether the course has an agreed goal now (`courseHasAgreedGoal`). */
  hasAgreedGoal: boolean,
  texts: Texts,
): Promise<AlertDraft[]> {
  const drafts: AlertDraft[] = [];
  if (def.caseness !== undefined) {
    const attendedAt = attendedCounter(attendedStarts);
    const monitored: (MonitoredSeries & { starts: SeriesPoint })[] = [];
    for (const code of await deps.store.listInstrumentsOfCourse(course.id)) {
      const idef = code === def.code ? def : await findInstrument(deps, code);
      if (!idef || idef.caseness === undefined) continue;
      const points = await pointsForRules(deps, course.id, idef, code === def.code ? row : undefined, attendedAt);
      if (!points.length) continue;
      monitored.push({
        def: idef,
        starts: points[0]!,
        series: points.map((r) => ({ at: r.completedAt, total: r.total ?? 0, sessionIndex: attendedAt(r.completedAt), responseId: r.id })),
      });
    }
    // In the order the series began (as the course's responses list them), so the evidence reads the same.
    monitored.sort((a, b) => seriesOrder(a.starts, b.starts));
    const mine = monitored.find((m) => m.def.code === def.code);
    if (mine) {
      // Judged as of this response: sessions recorded for later dates do not count yet.
      const attended = attendedAt(row.completedAt);
      const draft = draftNotOnTrackAlert(
        course.id,
        def,
        notOnTrack(
          def,
          mine.series.filter((pt) => pt.at <= row.completedAt),
          { attendedSessions: attended },
        ),
      );
      if (draft) drafts.push(draft);
    }
    const remission = remissionDraft(
      course.id,
      monitored.map(({ def: d, series }) => ({ def: d, series })),
      hasAgreedGoal,
    );
    if (remission) drafts.push(remission);
  }
  if ((def.code === SESSION_CHECK.code || def.code === SESSION_CHECK_THERAPIST.code) && row.sessionId) {
    // The client's checks up to this session (only the last few are read: the median of the
    // previous ones and this one), and the therapist's check of the same session.
    const all = currentResponses((await deps.store.listResponsesOfClients([row.clientId])).filter((r) => r.valid && r.courseId === course.id));
    const clientChecks = all.filter((r) => r.instrumentCode === SESSION_CHECK.code);
    const upTo = clientChecks.findIndex((r) => r.sessionId === row.sessionId);
    const therapistRow = all.find((r) => r.instrumentCode === SESSION_CHECK_THERAPIST.code && r.sessionId === row.sessionId);
    if (upTo >= 0) {
      const clientHistory = checkEntriesOf(clientChecks.slice(Math.max(0, upTo - measuresDefaults.ruptureMedianOf), upTo + 1), texts);
      const [therapist] = therapistRow ? checkEntriesOf([therapistRow], texts) : [];
      drafts.push(...draftRuptureAlerts(course.id, detectRupture({ clientHistory, ...(therapist ? { therapist } : {}) })));
    }
  }
  return drafts;
}

/** The order the store lists a series in: completed, then created, then id. */
function seriesOrder(a: SeriesPoint, b: SeriesPoint): number {
  return a.completedAt !== b.completedAt
    ? a.completedAt < b.completedAt
      ? -1
      : 1
    : a.createdAt !== b.createdAt
      ? a.createdAt < b.createdAt
        ? -1
        : 1
      : a.id < b.id
        ? -1
        : a.id > b.id
          ? 1
          : 0;
}

/**
 * The points of one monitored series (a course's current, valid responses of one instrument) that
 * decide the outcome rules, read from the ends of the index — the same decisions as the whole
 * series gives (test/measures/bounded-rules.test.ts compares them):
 * - remission (remissionWithoutGoal): the last `remissionWindow` points, and the run below the
 *   cut-off they end: its start, which follows the latest point at or past the cut-off;
 * - not on track as of `row` (notOnTrack, only for the answered instrument): the first point,
 *   every point reliably worse than it (each is evidence; only the first of them once the alert
 *   they raise exists, since that alert is not drafted again), the latest, and the earliest reliably
 *   better one (whether one came by session `notOnTrackBySession`: session numbers only grow
 *   with time, so the earliest decides).
 */
async function pointsForRules(
  deps: Pick<Deps, 'store'>,
  courseId: string,
  def: InstrumentDefinition,
  row: ResponseRow | undefined,
  attendedAt: (at: string) => number,
): Promise<SeriesPoint[]> {
  const q = (x: Omit<SeriesPointsQuery, 'courseId' | 'instrumentCode'>) => deps.store.listSeriesPoints({ courseId, instrumentCode: def.code, ...x });
  const found = new Map<string, SeriesPoint>();
  const add = (rows: readonly SeriesPoint[]) => {
    for (const r of rows) found.set(r.id, r);
  };
  const [first] = await q({ from: 'first', limit: 1 });
  if (!first) return [];
  add([first]);
  const window = measuresDefaults.remissionWindow;
  const last = await q({ from: 'last', limit: window });
  add(last);
  const total = (r: SeriesPoint) => r.total ?? 0;
  // The run below the cut-off matters only when the whole window is below it.
  if (def.caseness !== undefined && last.length === window && last.every((r) => !isCaseness(def, total(r)))) {
    const [lastCase] = await q({ from: 'last', limit: 1, ...(def.higherIsBetter ? { totalAtMost: def.caseness } : { totalAtLeast: def.caseness }) });
    if (lastCase) add([lastCase, ...(await q({ from: 'first', limit: 1, after: lastCase }))]);
  }
  const threshold = def.reliableChange;
  if (row && threshold !== undefined) {
    // As of this response (which is in the series, so the first point is at or before it).
    const upTo = row.completedAt;
    const change = (toward: 'worse' | 'better') => ({ from: total(first), by: threshold, toward, higherIsBetter: !!def.higherIsBetter });
    const latestOverall = last[last.length - 1]!;
    const [latest] = latestOverall.completedAt <= upTo ? [latestOverall] : await q({ from: 'last', limit: 1, upTo });
    add(latest ? [latest] : []);
    // Every reliably worse point is evidence of the alert the first of them keys. Once that alert
    // exists it is not drafted again (storeAlert would find it), so the rest are read only while
    // it is new — when there are few of them — not at every later answer of a long course.
    const [firstWorse] = await q({ from: 'first', limit: 1, upTo, after: first, change: change('worse') });
    if (firstWorse) {
      const raised = await deps.store.alertIdByDedupeKey(deteriorationAlertKey(courseId, def.code, { responseId: firstWorse.id, at: firstWorse.completedAt }));
      add(raised ? [firstWorse] : await q({ from: 'first', upTo, after: first, change: change('worse') }));
    }
    // Whether a reliable improvement came by session N is asked only when the rule can apply: the
    // first score at or past the cut-off, N sessions attended, and the latest not improved.
    const by = measuresDefaults.notOnTrackBySession;
    const improved = (r: SeriesPoint) => -(def.higherIsBetter ? total(first) - total(r) : total(r) - total(first)) >= threshold;
    const attendedNow = Math.max(attendedAt(upTo), latest ? attendedAt(latest.completedAt) : 0);
    if (isCaseness(def, total(first)) && attendedNow >= by && latest && !improved(latest)) {
      add(await q({ from: 'first', limit: 1, upTo, after: first, change: change('better') }));
    }
  }
  return [...found.values()].sort(seriesOrder);
}

function pointOf(r: ResponseScoreRow, sessions: readonly TherapySessionRow[]): ScoredPoint {
  return { at: r.completedAt, total: r.total ?? 0, sessionIndex: attendedBefore(sessions, r.completedAt), responseId: r.id };
}

/** Session checks with their items, opened from the sealed answers of rows already read. */
function checkEntriesOf(rows: readonly ResponseRow[], texts: Texts): SessionCheckEntry[] {
  return rows.map((r) => checkEntry(r, JSON.parse(texts.open(answersBinding(r.id), r.answersEnc)) as Record<string, number | null>));
}

function checkEntry(r: ResponseScoreRow, answers: Record<string, number | null>): SessionCheckEntry {
  return {
    sessionId: r.sessionId ?? `response:${r.id}`,
    at: r.completedAt,
    responseId: r.id,
    total: r.total ?? 0,
    items: Object.fromEntries(Object.entries(answers).filter((e): e is [string, number] => typeof e[1] === 'number')),
  };
}

/** Session checks with their items (opened from the sealed answers), in the given order. */
async function sessionCheckEntries(deps: Deps, rows: readonly ResponseScoreRow[]): Promise<SessionCheckEntry[]> {
  const out: SessionCheckEntry[] = [];
  for (const r of rows) {
    const full = await deps.store.findResponse(r.id);
    if (!full) continue;
    out.push(checkEntry(r, JSON.parse(await openText(deps, r.clientId, answersBinding(r.id), full.answersEnc)) as Record<string, number | null>));
  }
  return out;
}

function viewOf(r: ResponseRow, title: string, answers: Record<string, number | null>, supersededBy: string | null): ResponseView {
  return {
    id: r.id,
    clientId: r.clientId,
    courseId: r.courseId,
    sessionId: r.sessionId,
    instrumentCode: r.instrumentCode,
    instrumentVersion: r.instrumentVersion,
    instrumentTitle: title,
    respondent: r.respondent,
    source: r.source,
    enteredBy: r.enteredBy,
    completedAt: r.completedAt,
    answers,
    valid: r.valid,
    total: r.total,
    band: r.bandLabel ? { label: r.bandLabel, severity: r.bandSeverity ?? 'minimal' } : null,
    caseness: r.caseness,
    invalidReason: r.invalidReason,
    safetyFlagged: r.safetyFlagged,
    supersedes: r.supersedesId,
    supersededBy,
  };
}

/**
 * Every response of a client, newest first, with answers opened (the HTTP pipeline audits the
 * read). A client sees only the client-answered ones: the therapist's own ratings are theirs.
 */
export async function listResponses(deps: Deps, clientId: string, opts: { forClient: boolean }): Promise<ResponseView[]> {
  const rows = await deps.store.listResponsesOfClients([clientId]);
  const correctedBy = new Map(rows.filter((r) => r.supersedesId).map((r) => [r.supersedesId!, r.id]));
  const titles = new Map<string, string>();
  const out: ResponseView[] = [];
  for (const r of rows) {
    if (opts.forClient && r.respondent !== 'client') continue;
    const key = `${r.instrumentCode}@${r.instrumentVersion}`;
    if (!titles.has(key)) titles.set(key, (await findInstrument(deps, r.instrumentCode, r.instrumentVersion))?.title ?? r.instrumentCode);
    const answers = JSON.parse(await openText(deps, clientId, answersBinding(r.id), r.answersEnc)) as Record<string, number | null>;
    out.push(viewOf(r, titles.get(key)!, answers, correctedBy.get(r.id) ?? null));
  }
  return out.reverse();
}

export type { ScorePoint, MeasureSeries } from '../../domain/measures/series.ts';

/**
 * Scores for charts (SPEC §3 C4): one series per instrument of the client's current course (or
 * all courses), with bands, the caseness line, reliable change (first vs latest), recovery, and
 * the points the rules flag. Only totals and bands are read, except Session check items for the
 * rupture marks.
 */
export async function scoreSeries(deps: Deps, clientId: string, opts: { courseId?: string; forClient?: boolean } = {}): Promise<MeasureSeries[]> {
  const courses = await deps.store.listCoursesOfClient(clientId);
  const course = courses.length ? pickCourse(courses, opts.courseId) : undefined;
  const rows = currentResponses(await deps.store.listResponseScores({ clientIds: [clientId] })).filter((r) => r.valid && (!course || r.courseId === course.id));
  const sessions = course ? await deps.store.listSessionsOfCourse(course.id) : [];
  const out: MeasureSeries[] = [];
  const clientChecks = await sessionCheckEntries(
    deps,
    rows.filter((r) => r.instrumentCode === SESSION_CHECK.code),
  );
  const therapistChecks = await sessionCheckEntries(
    deps,
    rows.filter((r) => r.instrumentCode === SESSION_CHECK_THERAPIST.code),
  );
  const ruptures = new Set<string>();
  for (let i = 0; i < clientChecks.length; i++) {
    const history = clientChecks.slice(0, i + 1);
    const therapist = therapistChecks.find((t) => t.sessionId === history[i]!.sessionId);
    const r = detectRupture({ clientHistory: history, ...(therapist ? { therapist } : {}) });
    if (r.rupture && history[i]!.responseId) ruptures.add(history[i]!.responseId!);
  }
  for (const code of [...new Set(rows.map((r) => r.instrumentCode))]) {
    const def = await findInstrument(deps, code);
    if (!def) continue;
    if (opts.forClient && def.respondent !== 'client') continue;
    const mine = rows.filter((r) => r.instrumentCode === code);
    const points = mine.map((r) => pointOf(r, sessions));
    const rc = def.reliableChange !== undefined ? reliableChange(def, points) : undefined;
    const rec = def.caseness !== undefined ? recovery(def, points) : undefined;
    const not = def.reliableChange !== undefined ? notOnTrack(def, points) : undefined;
    out.push({
      code,
      title: def.title,
      version: def.version,
      respondent: def.respondent,
      min: def.scoring.min,
      max: def.scoring.max,
      bands: def.bands.map((b) => ({ ...b })),
      caseness: def.caseness ?? null,
      reliableChange: def.reliableChange ?? null,
      higherIsBetter: def.higherIsBetter,
      attribution: def.attribution,
      points: mine.map((r) => ({
        responseId: r.id,
        at: r.completedAt,
        total: r.total ?? 0,
        band: r.bandLabel ?? '',
        severity: r.bandSeverity ?? 'minimal',
        caseness: r.caseness,
        sessionIndex: attendedBefore(sessions, r.completedAt),
        source: r.source,
        sessionId: r.sessionId,
      })),
      change: rc ? { outcome: rc.outcome, change: rc.change ?? null, firstId: rc.first?.responseId ?? null, latestId: rc.latest?.responseId ?? null } : null,
      recovery: rec ? { applicable: rec.applicable, recovered: rec.recovered, reliablyRecovered: rec.reliablyRecovered } : null,
      deterioratedIds: not?.deterioratedAt.map((p) => p.responseId!).filter(Boolean) ?? [],
      ruptureIds: code === SESSION_CHECK.code ? mine.filter((r) => ruptures.has(r.id)).map((r) => r.id) : [],
    });
  }
  return out;
}
