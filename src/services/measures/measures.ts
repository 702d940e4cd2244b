/**
 * Questionnaire responses and what follows from them (SPEC §3 C4, §5.1, §5.3): every submission
 * path — the client in the portal, the therapist entering answers given in session or on paper,
 * a correction, an import — goes through `submitResponse`, which stores the response and raises
 * the safety alert in ONE transaction, so no path can skip it and no crash can separate them;
 * the outcome rules it owes are recorded in that transaction too and decided after it (outcome-checks.ts).
 *
 * Answers are clinical: sealed with the client's data key. Totals and bands stay in clear for
 * charts and the caseload. A response is never changed; a correction is a new response that
 * supersedes it, and both are kept.
 */
import { DomainError } from '../../domain/errors.ts';
import { checkClinicalTime } from '../../domain/people.ts';
import { scoreResponse } from '../../domain/measures/score.ts';
import type { ScoredPoint } from '../../domain/measures/outcomes.ts';
import { notOnTrack, recovery, reliableChange } from '../../domain/measures/outcomes.ts';
import { currentResponses } from '../../domain/measures/course-responses.ts';
import type { SessionCheckEntry } from '../../domain/measures/rupture.ts';
import { detectRupture } from '../../domain/measures/rupture.ts';
import { SESSION_CHECK, SESSION_CHECK_THERAPIST } from '../../domain/measures/builtin/index.ts';
import { draftSafetyAlert } from '../../domain/measures/alerts-from-outcomes.ts';
import type { Deps } from '../deps.ts';
import { iso } from '../deps.ts';
import type { MeasureSeries } from '../../domain/measures/series.ts';
import type { CourseRow, ResponseRow, ResponseScoreRow, ResponseSource, TherapySessionRow } from '../ports.ts';
import { clientTexts, openText } from '../clinical-text.ts';
import { findInstrument, getInstrument } from './instruments.ts';
import { storeAlert } from '../alerts/alerts.ts';
import { answersBinding, checkEntry, owesOutcomeCheck } from './outcome-checks.ts';
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
 * In one unit of work the client and the course are read once, the response is scored, sealed and
 * written, the safety alert (when a safety item was endorsed) is written with it, and so is the
 * outcome check the response owes (outcome-checks.ts): its rules (not on track, remission without
 * a current goal, rupture) are decided after the commit, from the check, which cannot be lost —
 * before the unit of work returns, where their alerts join `alertsRaised`, or under `accord
 * serve` a moment after the answer. The alliance recompute is queued as a follow-up after the
 * commit too, handed the rows already read (with this response), and what it raises joins
 * `alertsRaised` the same way (`opts.recomputeAlliance: false` skips it for bulk loading that
 * recomputes once at the end, as the demo does). A failed follow-up never costs this answer: see
 * unit-of-work.ts.
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

    // What the submission reads besides: the original of a correction, the session named. (The
    // outcome rules read theirs when the outcome check is decided: outcome-checks.ts.)
    const [supersedes, named] = await Promise.all([
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
    await d.store.insertResponse(row);
    const safety = draftSafetyAlert({
      courseId: course.id,
      def,
      responseId: id,
      at: row.completedAt,
      safetyFlags: score.safetyFlags,
      answers: input.answers,
      responseValid: score.valid,
    });
    // The safety alert in this transaction (SPEC §5.1); its key names this response, so it is new.
    if (safety && (await storeAlert(d, texts, safety, { clientId, therapistId: client.therapistId })).created) raised.push(safety.kind);
    // The outcome rules owed in this transaction too, decided after the commit (outcome-checks.ts).
    // Before the alliance's follow-up, so a unit of work that runs both runs this one first.
    if (owesOutcomeCheck(def, row)) {
      await d.store.queueOutcomeCheck({ id, clientId, courseId: course.id, queuedAt: row.createdAt });
      d.after.queue({ kind: 'outcome', courseId: course.id, responseId: id }, (r) => {
        for (const kind of r.alertsRaised) if (!raised.includes(kind)) raised.push(kind);
      });
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

function pointOf(r: ResponseScoreRow, sessions: readonly TherapySessionRow[]): ScoredPoint {
  return { at: r.completedAt, total: r.total ?? 0, sessionIndex: attendedBefore(sessions, r.completedAt), responseId: r.id };
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
