/**
 * The outcome rules a response owes (SPEC §5.1 not on track, remission without a current goal;
 * SPEC §5.3 rupture and therapist-more-positive), decided after the response's commit rather than
 * inside its request (issue 10: they were half a submission's cost), yet never lost and never run
 * twice:
 * - `submitResponse` writes an outcome check (outcome_checks, migration 0033) in the response's own
 *   transaction — beside the safety alert, which stays there — and queues its follow-up
 *   (unit-of-work.ts): run before the unit of work returns (the CLI, the demo, services called
 *   directly, whose callers then see the alerts in `alertsRaised`), or under `accord serve` a
 *   moment after the answer (background.ts);
 * - `decideOutcomeCheck` deletes the check and stores the alerts its rules draft in one
 *   transaction: the delete is the claim, so of two instances (or a start-up catching up beside a
 *   running follow-up) exactly one decides it, and a failure leaves the check owed;
 * - a process that dies in between leaves the check in the table, and `runOwedOutcomeChecks`
 *   decides it at the next start.
 * The rules read the series as of the response (its `completedAt`), as they did inside the request;
 * the alerts are keyed as before, so a check decided late raises what it would have raised at once.
 */
import { DomainError } from '../../domain/errors.ts';
import type { InstrumentDefinition } from '../../domain/measures/instrument.ts';
import { isCaseness } from '../../domain/measures/score.ts';
import { notOnTrack } from '../../domain/measures/outcomes.ts';
import type { MonitoredSeries } from '../../domain/measures/outcomes.ts';
import { currentResponses, remissionDraft } from '../../domain/measures/course-responses.ts';
import type { SessionCheckEntry } from '../../domain/measures/rupture.ts';
import { detectRupture } from '../../domain/measures/rupture.ts';
import { SESSION_CHECK, SESSION_CHECK_THERAPIST } from '../../domain/measures/builtin/index.ts';
import { measuresDefaults } from '../../domain/measures/settings.ts';
import { deteriorationAlertKey, draftNotOnTrackAlert, draftRuptureAlerts } from '../../domain/measures/alerts-from-outcomes.ts';
import type { AlertDraft } from '../../domain/alerts/alert.ts';
import type { Deps } from '../deps.ts';
import type { CourseRow, ResponseRow, ResponseScoreRow, SeriesPoint, SeriesPointsQuery } from '../ports.ts';
import { clientTexts } from '../clinical-text.ts';
import { findInstrument } from './instruments.ts';
import { storeAlert } from '../alerts/alerts.ts';
import type { Texts } from '../alliance/alliance-records.ts';

/** Where a response's sealed answers are bound (their seal names the table, the row and the field). */
export const answersBinding = (id: string) => ({ table: 'measure_responses', id, field: 'answers' });

/**
 * Whether a response owes an outcome check: a valid one, of a measure with a cut-off (not on
 * track, remission) or a session check of a session (rupture).
 */
export function owesOutcomeCheck(def: InstrumentDefinition, row: Pick<ResponseRow, 'valid' | 'sessionId' | 'courseId'>): boolean {
  if (!row.valid || !row.courseId) return false;
  return def.caseness !== undefined || ((def.code === SESSION_CHECK.code || def.code === SESSION_CHECK_THERAPIST.code) && row.sessionId !== null);
}

/**
 * Decides one owed outcome check, in one transaction: claims it (deletes its row), reads what the
 * rules need, and stores the alerts they draft (each once: a condition raised before is not
 * drafted again). The kinds of the alerts it raised; none when the check was not owed (decided
 * already, here or by another instance) or its response is gone.
 */
export async function decideOutcomeCheck(deps: Deps, responseId: string): Promise<{ alertsRaised: string[] }> {
  return deps.store.transaction(async (tx) => {
    const d = { ...deps, store: tx };
    if (!(await tx.claimOutcomeCheck(responseId))) return { alertsRaised: [] };
    const row = await tx.findResponse(responseId);
    if (!row?.valid || !row.courseId) return { alertsRaised: [] };
    const [client, course, def] = await Promise.all([tx.findClient(row.clientId), tx.findCourse(row.courseId), findInstrument(d, row.instrumentCode)]);
    if (!client || !course || !def) return { alertsRaised: [] };
    const [attendedStarts, hasAgreedGoal, texts] = await Promise.all([
      def.caseness !== undefined ? tx.attendedStartsOfCourse(course.id) : [],
      def.caseness !== undefined ? tx.courseHasAgreedGoal(course.id) : false,
      // A record erased meanwhile (its data key deleted) has nothing left to decide.
      clientTexts(d, row.clientId).catch((err: unknown) => {
        if (err instanceof DomainError && err.code === 'not_found') return undefined;
        throw err;
      }),
    ]);
    if (!texts) return { alertsRaised: [] };
    const raised: string[] = [];
    for (const draft of await outcomeDrafts(d, course, def, row, attendedStarts, hasAgreedGoal, texts)) {
      // A condition raised before is not sealed and offered to the store again: a course that stays
      // reliably worse drafts its not-on-track alert at every answer. (Only its id is read; the
      // unique dedupe key still makes a concurrent second raise a no-op.)
      if (await tx.alertIdByDedupeKey(draft.dedupeKey)) continue;
      if ((await storeAlert(d, texts, draft, { clientId: row.clientId, therapistId: client.therapistId })).created) raised.push(draft.kind);
    }
    return { alertsRaised: raised };
  });
}

/**
 * Decides every outcome check still owed (a process stopped before it ran them), oldest first;
 * for start-up. One that fails is reported to `deps.onLateError` and stays owed; the kinds of
 * the alerts raised.
 */
export async function runOwedOutcomeChecks(deps: Deps, page = 500): Promise<string[]> {
  const raised: string[] = [];
  const failed = new Set<string>();
  for (;;) {
    const owed = (await deps.store.listOutcomeChecks(page + failed.size)).filter((c) => !failed.has(c.id));
    if (!owed.length) return raised;
    for (const c of owed) {
      try {
        raised.push(...(await decideOutcomeCheck(deps, c.id)).alertsRaised);
      } catch (err) {
        failed.add(c.id);
        deps.onLateError?.('outcome check', err);
      }
    }
  }
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
 * domain. The response is stored already (committed, or earlier in the same transaction); the rules get the points of each
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

/** Session checks with their items, opened from the sealed answers of rows already read. */
function checkEntriesOf(rows: readonly ResponseRow[], texts: Texts): SessionCheckEntry[] {
  return rows.map((r) => checkEntry(r, JSON.parse(texts.open(answersBinding(r.id), r.answersEnc)) as Record<string, number | null>));
}

export function checkEntry(r: ResponseScoreRow, answers: Record<string, number | null>): SessionCheckEntry {
  return {
    sessionId: r.sessionId ?? `response:${r.id}`,
    at: r.completedAt,
    responseId: r.id,
    total: r.total ?? 0,
    items: Object.fromEntries(Object.entries(answers).filter((e): e is [string, number] => typeof e[1] === 'number')),
  };
}
