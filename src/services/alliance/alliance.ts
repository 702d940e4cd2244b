/**
 * The inferred alliance of a course, kept up to date (SPEC §3 C3, §5.3): after every new record
 * (an Expectations check, a goal change, a ledger entry, a session recorded or changed) the
 * per-session inference snapshots are brought up to date, the rules run, and their findings become
 * alerts in the shared inbox (raised once per condition by dedupe key). The course's phase history
 * is observed here too, so the timeline can draw it. The writes that cause it never call it: they
 * queue it as a follow-up that runs after their commit (unit-of-work.ts).
 *
 * Incremental by design: each snapshot stores a fingerprint of the records it read (everything at
 * or before its session). After a new record only the snapshots whose fingerprint changed are
 * recomputed, and the rules that walk back session by session (misalliance, magical persisting)
 * read the stored evidence through an evidence provider instead of re-running every provider —
 * the domain's own extension point, so the numbers are the domain's numbers.
 *
 * Skipped when nothing changed: a run remembers (in this process, for the last 64 courses) a
 * digest of what the store held after it — every row it read, its phase changes, the keys of its
 * snapshots — and the first record time after its clock. A later run that reads the same digest
 * before that time answers with the remembered result and writes nothing, without opening a
 * sealed text or reading a snapshot's evidence: its inputs are the same, and the analysis reads the
 * clock only to cut records at it. Any write to the course, a snapshot dropped or left stale,
 * another process, a restart: the digest differs or is unknown, and the run is a full one, so
 * follow-ups stay as idempotent and as safe as unit-of-work.ts says.
 */
import type { AlertDraft, Evidence } from '../../domain/alerts/alert.ts';
import { agreedAllianceAt } from '../../domain/alliance/agreements.ts';
import type { AttendanceAnalysis } from '../../domain/alliance/attendance.ts';
import { analyseAttendance, attendanceFindings } from '../../domain/alliance/attendance.ts';
import type { Phase, SessionStatus } from '../../domain/alliance/course.ts';
import { instant } from '../../domain/alliance/course.ts';
import type { AllianceDistribution } from '../../domain/alliance/divergence.ts';
import type { Finding } from '../../domain/alliance/finding.ts';
import { courseGasTScore, goalConsensus, isActiveGoal } from '../../domain/alliance/goals.ts';
import type { CourseRecords, EvidenceItem, EvidenceProvider, InferredDominant } from '../../domain/alliance/inference.ts';
import { DEFAULT_EVIDENCE_PROVIDERS, frequencyAt, inferAlliance, recordsAsOf, recordsAsOfEach, weighEvidence } from '../../domain/alliance/inference.ts';
import { expectationsDivergeFinding, latestExpectationsComparison, magicalPersistingFinding, misallianceFinding } from '../../domain/alliance/rules.ts';
import type { CourseAllianceSummary } from '../../domain/alliance/rules.ts';
import type { AllianceSettings } from '../../domain/alliance/settings.ts';
import { allianceDefaults } from '../../domain/alliance/settings.ts';
import type { LedgerMarker } from '../../domain/alliance/timeline.ts';
import type { PracticeAndStreaks } from '../../domain/alliance/timeline.ts';
import { ledgerMarkers, practiceAndStreaks } from '../../domain/alliance/timeline.ts';
import type { AllianceType } from '../../domain/cues/types.ts';
import type { InstrumentDefinition } from '../../domain/measures/instrument.ts';
import { monitoredSeries, remissionDraft } from '../../domain/measures/course-responses.ts';
import type { Deps } from '../deps.ts';
import { iso } from '../deps.ts';
import { createHash } from 'node:crypto';
import type { AlertRow, AllianceSnapshotKey, AllianceSnapshotRow, CourseRow, PhaseChangeRow, Store } from '../ports.ts';
import type { CourseRows, LoadedCourse } from './alliance-records.ts';
import { bind, courseOf, courseStart, loadCourse, loadCourseRows } from './alliance-records.ts';
import { courseOutcomeRow, expectedPathDrafts } from '../reports/course-outcomes.ts';
import { storeAlert } from '../alerts/alerts.ts';
import { findInstrument } from '../measures/instruments.ts';

const settings: AllianceSettings = allianceDefaults;

// ---- fingerprints ------------------------------------------------------------------------------

/** 2 × 32-bit FNV-1a, enough to notice that the records before a session changed. */
function fnv(h: [number, number], token: string): [number, number] {
  let a = h[0],
    b = h[1];
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    a = Math.imul(a ^ c, 16777619) >>> 0;
    b = Math.imul(b ^ c, 2246822519) >>> 0;
  }
  a = Math.imul(a ^ 0x1f, 16777619) >>> 0;
  b = Math.imul(b ^ 0x1f, 2246822519) >>> 0;
  return [a, b];
}

/** Changing any weight or threshold invalidates every snapshot. */
const SETTINGS_TOKEN = `v1|${JSON.stringify(settings)}`;

/**
 * The fingerprint of the records each session's inference reads: every record at or before the
 * session, as a token, hashed in time order. Equal fingerprint → the stored snapshot still holds.
 */
export function inputKeys(records: CourseRecords): Map<string, string> {
  const events: { t: number; token: string }[] = [];
  const add = (at: string, token: string) => events.push({ t: instant(at), token });
  for (const s of records.sessions) add(s.at, `s|${s.id}|${s.status}`);
  for (const e of records.expectations) add(e.at, `e|${e.id}`);
  for (const g of records.goals) {
    add(g.proposedAt, `g|${g.id}|${g.author}|${g.focus}`);
    if (g.agreement) add(g.agreement.at, `ga|${g.id}`);
    if (g.closure) add(g.closure.at, `gc|${g.id}|${g.closure.state}`);
    for (const r of g.ratings) add(r.at, `gr|${g.id}|${r.value}`);
    for (const a of g.gas?.attainments ?? []) add(a.at, `gg|${g.id}|${a.level}`);
  }
  for (const e of records.ledger) add(e.at, `l|${e.entryId}`);
  for (const t of records.texts) add(t.at, `t|${t.sourceId}|${t.cues.length}|${t.author ?? ''}`);
  for (const y of records.symptoms ?? []) add(y.at, `y|${y.instrument}|${y.remitted}|${y.remittedSince ?? ''}`);
  for (const p of records.practice ?? []) add(p.at, `p|${p.id}`);
  for (const d of records.trackerDays ?? []) add(d.at, `td|${d.trackerId}|${d.day}|${d.kept}`);
  for (const c of records.supportChecks ?? []) add(c.at, `sc|${c.id}|${c.calm}|${c.people}`);
  events.sort((x, y) => x.t - y.t || (x.token < y.token ? -1 : x.token > y.token ? 1 : 0));
  let h = fnv([2166136261, 3339675911], `${SETTINGS_TOKEN}|${records.frequency ?? ''}`);
  const keys = new Map<string, string>();
  const sessions = [...records.sessions].sort((a, b) => instant(a.at) - instant(b.at));
  let i = 0;
  for (const s of sessions) {
    const t = instant(s.at);
    while (i < events.length && events[i]!.t <= t) h = fnv(h, events[i++]!.token);
    keys.set(s.id, `${h[0].toString(16)}${h[1].toString(16).padStart(8, '0')}`);
  }
  return keys;
}

// ---- snapshots ---------------------------------------------------------------------------------

export type Snapshot = {
  sessionId: string;
  at: string;
  dominant: InferredDominant;
  distribution: AllianceDistribution;
  mass: number;
  /** The raw evidence, in provider order (inferAlliance ranks it); opened on first use. */
  evidence: () => EvidenceItem[];
};

function once<T>(fn: () => T): () => T {
  let done = false;
  let value: T;
  return () => {
    if (!done) {
      value = fn();
      done = true;
    }
    return value;
  };
}

/** Runs every default provider once; the result is what a snapshot stores. */
const allProviders: EvidenceProvider = (view, s) => DEFAULT_EVIDENCE_PROVIDERS.flatMap((p) => p(view, s));

/**
 * An evidence provider that answers from stored snapshots (keyed by the time the inference is
 * made, which for a session is its start), and falls back to the real providers over the full
 * records for any other time.
 */
function snapshotProvider(full: CourseRecords, cache: ReadonlyMap<string, () => EvidenceItem[]>): EvidenceProvider {
  return (view, s) => cache.get(view.asOf)?.() ?? allProviders(recordsAsOf(full, view.asOf), s);
}

/** What bringing the snapshots up to date takes: the snapshots (oldest first) and the writes it needs. */
type SnapshotPlan = { snapshots: Snapshot[]; puts: AllianceSnapshotRow[]; removed: string[]; keys: AllianceSnapshotKey[] };

/**
 * Decides which per-session snapshots still hold (same inputs fingerprint, same time) and
 * computes the others; snapshots of sessions that no longer count are to be removed.
 */
function planSnapshots(deps: Pick<Deps, 'ids' | 'clock'>, loaded: LoadedCourse, storedRows: readonly AllianceSnapshotRow[]): SnapshotPlan {
  const { records, course, client, texts } = loaded;
  const now = instant(records.asOf);
  const keys = inputKeys(records);
  const stored = new Map(storedRows.map((r) => [r.sessionId, r]));
  const plan: SnapshotPlan = { snapshots: [], puts: [], removed: [], keys: [] };
  const computedAt = iso(deps.clock.now());
  let cut: ((asOf: string) => CourseRecords) | undefined;
  for (const s of records.sessions) {
    if (instant(s.at) > now) continue;
    const key = keys.get(s.id)!;
    const row = stored.get(s.id);
    stored.delete(s.id);
    plan.keys.push({ sessionId: s.id, at: s.at, inputsKey: key });
    if (row && row.inputsKey === key && row.at === s.at) {
      plan.snapshots.push({
        sessionId: s.id,
        at: s.at,
        dominant: row.dominant as InferredDominant,
        distribution: JSON.parse(row.distribution) as AllianceDistribution,
        mass: row.mass,
        evidence: once(() => JSON.parse(texts.open(bind('alliance_snapshots', row.id, 'evidence'), row.evidenceEnc)) as EvidenceItem[]),
      });
      continue;
    }
    cut ??= recordsAsOfEach(records);
    const evidence = allProviders(cut(s.at), settings);
    // What a snapshot keeps of the inference is read from the evidence alone (inferAlliance's own reading).
    const inference = weighEvidence(evidence, settings);
    const id = row?.id ?? deps.ids.newId();
    plan.puts.push({
      id,
      courseId: course.id,
      clientId: client.id,
      sessionId: s.id,
      at: s.at,
      inputsKey: key,
      dominant: inference.dominant,
      distribution: JSON.stringify(inference.distribution),
      mass: inference.mass,
      evidenceEnc: texts.seal(bind('alliance_snapshots', id, 'evidence'), JSON.stringify(evidence)),
      computedAt,
    });
    plan.snapshots.push({
      sessionId: s.id,
      at: s.at,
      dominant: inference.dominant,
      distribution: inference.distribution,
      mass: inference.mass,
      evidence: () => evidence,
    });
  }
  plan.removed = [...stored.keys()];
  return plan;
}

async function persistSnapshots(store: Store, courseId: string, plan: SnapshotPlan): Promise<void> {
  if (plan.puts.length) await store.putAllianceSnapshots(plan.puts);
  if (plan.removed.length) await store.deleteAllianceSnapshots(courseId, plan.removed);
}

/**
 * Brings the per-session snapshots up to date and returns them (oldest first), recomputing only
 * those whose inputs changed; snapshots of sessions that no longer count are removed. The read
 * paths call it: snapshots left stale (a follow-up that never ran) are recomputed here, lazily.
 */
export async function ensureSnapshots(deps: Pick<Deps, 'store' | 'ids' | 'clock'>, loaded: LoadedCourse): Promise<Snapshot[]> {
  const plan = planSnapshots(deps, loaded, await deps.store.listAllianceSnapshots(loaded.course.id));
  // One transaction for all of them, not one commit per snapshot.
  if (plan.puts.length || plan.removed.length) await deps.store.transaction((tx) => persistSnapshots(tx, loaded.course.id, plan));
  return plan.snapshots;
}

// ---- the summary -------------------------------------------------------------------------------

/** The domain's course summary, named by its course. */
export type AllianceSummary = CourseAllianceSummary & { courseId: string };

/**
 * The rules' findings as of any time, read from the same snapshots: what the course view shows
 * now, and what the replay of a course's past reads (records dated when they happened, below).
 */
function findingsAt(records: CourseRecords, snapshots: readonly Snapshot[]): (asOf: string) => Finding[] {
  const cache = new Map(snapshots.map((s) => [s.at, s.evidence]));
  const options = { providers: [snapshotProvider(records, cache)], settings };
  // The walking rules read only sessions and the ledger besides the inference, which comes from
  // the snapshots: handing them the records without the rest keeps each step cheap.
  const slim: CourseRecords = { ...records, expectations: [], goals: [], texts: [], symptoms: [], practice: [], trackerDays: [], supportChecks: [] };
  return (asOf) =>
    [
      misallianceFinding(slim, asOf, options),
      magicalPersistingFinding(slim, asOf, options),
      expectationsDivergeFinding(records, asOf, { settings }),
      ...attendanceFindings(records.courseId, records.sessions, asOf, settings),
    ]
      .filter((f): f is Finding => f !== undefined)
      .sort((a, b) => instant(a.at) - instant(b.at) || a.kind.localeCompare(b.kind));
}

/**
 * What the course view shows now (SPEC §3 C3): the agreement in force beside the inferred
 * alliance with its ranked evidence, the latest revealed expectations comparison, goal consensus,
 * the GAS T-score, the attendance pattern, and the current findings.
 */
export function summarise(loaded: LoadedCourse, snapshots: readonly Snapshot[]): AllianceSummary {
  const { records } = loaded;
  const asOf = records.asOf;
  const findings = findingsAt(records, snapshots)(asOf);
  return {
    courseId: records.courseId,
    asOf,
    agreed: agreedAllianceAt(records.ledger, asOf),
    inferred: inferAlliance(records, asOf, { settings }),
    expectations: latestExpectationsComparison(records, asOf, settings),
    goalConsensus: goalConsensus(recordsAsOf(records, asOf).goals),
    gasTScore: courseGasTScore(records.goals, asOf, settings),
    attendance: analyseAttendance(records.sessions, frequencyAt(records, asOf), asOf, settings),
    findings,
  };
}

const SEVERITY: Readonly<Record<Finding['kind'], AlertDraft['severity']>> = {
  misalliance: 'medium',
  magical_persisting: 'medium',
  expectations_diverge: 'low',
  attendance_no_show_early: 'medium',
  attendance_consecutive_no_shows: 'medium',
};

/** A finding as an alert draft for the shared inbox (SPEC §3 C8): its evidence with links to the source. */
export function findingDraft(courseId: string, f: Finding): AlertDraft {
  return {
    kind: f.kind === 'attendance_no_show_early' || f.kind === 'attendance_consecutive_no_shows' ? 'attendance' : f.kind,
    severity: SEVERITY[f.kind],
    courseId,
    dedupeKey: f.dedupeKey,
    title: f.title,
    summary: f.summary,
    suggestedConversation: f.suggestedConversation,
    evidence: f.evidence.map((e): Evidence => ({
      kind: e.kind ?? 'evidence',
      label: e.quote ? `${e.label} — “${e.quote}”` : e.label,
      ...(e.weight === undefined ? {} : { value: Math.round(e.weight * 100) / 100 }),
      ...(e.source ? { ref: e.source } : {}),
    })),
  };
}

/**
 * Remission without a current goal (SPEC §5.1), re-checked when goals change: the measures
 * capability checks it when a measure arrives; a goal closed later can complete the condition.
 * Same domain rule, same dedupe key, so the two paths raise one alert.
 */
function remissionDraftOf(loaded: LoadedCourse, defs: Instruments): AlertDraft | undefined {
  const rows = loaded.responseRows.filter((r) => r.courseId === loaded.course.id);
  const agreedActive = loaded.goals.some((g) => g.state === 'agreed' && isActiveGoal(g));
  return remissionDraft(
    loaded.course.id,
    monitoredSeries(rows, (code) => defs.get(code)),
    agreedActive,
  );
}

/** The instrument definitions of a course's responses (remission reads them), by code. */
type Instruments = Map<string, InstrumentDefinition | undefined>;

async function instrumentsOf(deps: Pick<Deps, 'store'>, rows: CourseRows): Promise<Instruments> {
  const defs: Instruments = new Map();
  for (const r of rows.responseRows)
    if (r.courseId === rows.course.id && !defs.has(r.instrumentCode)) defs.set(r.instrumentCode, await findInstrument(deps, r.instrumentCode));
  return defs;
}

/** The phase changes to record: the course's phase when it differs from the last one observed (SPEC §3 C1, C3 timeline). */
function phaseObservations(deps: Pick<Deps, 'ids' | 'clock'>, course: CourseRow, seen: readonly PhaseChangeRow[]): PhaseChangeRow[] {
  const add = (at: string, phase: Phase): PhaseChangeRow => ({ id: deps.ids.newId(), courseId: course.id, at, phase });
  if (!seen.length) {
    return [add(courseStart(course), 'beginning'), ...(course.phase !== 'beginning' ? [add(iso(deps.clock.now()), course.phase)] : [])];
  }
  return seen.at(-1)!.phase !== course.phase ? [add(iso(deps.clock.now()), course.phase)] : [];
}

// ---- records dated when they happened (issue 14) ------------------------------------------------

/** A record counts as entered late when it was recorded more than this after it happened. */
const LATE_MS = 60_000;

/** The alert kinds the rules' findings raise (the others come from measures, notes and skills). */
const FINDING_KINDS: ReadonlySet<string> = new Set(['misalliance', 'magical_persisting', 'expectations_diverge', 'attendance']);

type LateRecord = { at: number; recordedAt: number };

/** When each record of the course happened and when it was recorded (a session: its last change). */
function datedRecords(rows: CourseRows): LateRecord[] {
  const out: LateRecord[] = [];
  const add = (at: string | null | undefined, recordedAt: string | null | undefined) => {
    if (at && recordedAt) out.push({ at: instant(at), recordedAt: instant(recordedAt) });
  };
  for (const s of rows.sessionRows) if (s.status !== 'scheduled') add(s.startsAt, s.updatedAt > s.createdAt ? s.updatedAt : s.createdAt);
  for (const e of rows.expectationRows) add(e.answeredAt, e.createdAt);
  for (const g of rows.goalRows) {
    add(g.proposedAt, g.proposalRecordedAt);
    add(g.agreedAt, g.agreementRecordedAt);
    add(g.closedAt, g.closureRecordedAt);
  }
  for (const r of rows.ratings) add(r.at, r.recordedAt);
  for (const e of rows.ledgerRows) add(e.at, e.recordedAt);
  return out;
}

/**
 * How long after a late record was entered the recomputes replay the past for it. The recompute
 * follows the write within seconds (unit-of-work.ts, background.ts); the margin covers a follow-up
 * delayed by a restart. Past it, the record's replay has been done and nothing more is read.
 */
const REPLAY_WINDOW_MS = 24 * 3_600_000;

/** The records entered after the fact, recently: those a recompute must replay the past for. */
function lateRecords(rows: CourseRows, now: number): LateRecord[] {
  return datedRecords(rows).filter((r) => r.recordedAt - r.at > LATE_MS && r.recordedAt >= now - REPLAY_WINDOW_MS);
}

/**
 * Replays the course's past when records were entered after the fact (SPEC §3 C10): a course
 * recorded live had its rules run at the time of each record, and raised what they found then. A
 * record dated in the past changes what the rules would have found from its time on, so they are
 * run again at the time of every record from the earliest late one (and at the time of every alert
 * raised before such a record was known): what they find is raised as it would have been live,
 * dated at the first of these times it held;
 * an alert raised without knowing a record of its past, that the rules no longer find at any of
 * these times, is `uninformed` and withdrawn by the caller. Nothing late: nothing to replay.
 */
function replayPast(
  loaded: LoadedCourse,
  snapshots: readonly Snapshot[],
  rows: CourseRows,
  late: readonly LateRecord[],
  alerts: readonly AlertRow[],
  now: number,
): { drafts: { draft: AlertDraft; at: number }[]; uninformed: AlertRow[] } {
  if (!late.length) return { drafts: [], uninformed: [] };
  const from = Math.min(...late.map((r) => r.at));
  const uninformed = alerts.filter((a) => {
    if (a.courseId !== loaded.course.id || !FINDING_KINDS.has(a.kind) || a.status === 'resolved') return false;
    const raised = instant(a.raisedAt);
    return late.some((r) => r.at < raised && r.recordedAt > raised);
  });
  const times = new Set<number>();
  for (const r of datedRecords(rows)) if (r.at >= from && r.at <= now) times.add(r.at);
  for (const a of uninformed) times.add(Math.min(instant(a.raisedAt), now));
  const findingsAsOf = findingsAt(loaded.records, snapshots);
  const drafts = new Map<string, { draft: AlertDraft; at: number }>();
  for (const t of [...times].sort((a, b) => a - b))
    for (const f of findingsAsOf(new Date(t).toISOString()))
      if (!drafts.has(f.dedupeKey)) drafts.set(f.dedupeKey, { draft: findingDraft(loaded.course.id, f), at: t });
  return { drafts: [...drafts.values()], uninformed };
}

/** Withdraws an alert the course's records, completed after the fact, no longer bear out: resolved by Accord, with why. */
async function withdrawAlert(deps: Pick<Deps, 'store' | 'ids'>, loaded: LoadedCourse, a: AlertRow, at: string): Promise<void> {
  const note = 'Withdrawn by Accord: records entered later, dated before this alert was raised, show the pattern did not hold.';
  const ok = await deps.store.updateAlertStatus(a.id, a.status, {
    status: 'resolved',
    resolvedAt: at,
    resolvedBy: null,
    resolutionEnc: loaded.texts.seal({ table: 'alerts', id: a.id, field: 'resolution' }, note),
  });
  if (ok) await deps.store.insertAlertEvent({ id: deps.ids.newId(), alertId: a.id, at, actorId: null, action: 'withdrawn', targetId: null });
}

export type RecomputeResult = { summary: AllianceSummary; snapshots: Snapshot[]; alertsRaised: string[] };

/**
 * After any new record of a course (SPEC §3 C3 "computed after every new data point"), as one
 * load → decide → persist: the course's rows are read once (those in `known` not at all), the
 * phase observed, the snapshots brought up to date and the rules run as of now; then everything
 * to write — phase changes, snapshots, the alerts of new findings — is written in one
 * transaction, or nothing is opened when nothing changed. Idempotent: run twice, it writes
 * nothing the second time. It runs as a follow-up after a write's commit (unit-of-work.ts).
 */
export async function recomputeAlliance(deps: Deps, courseId: string, known: Partial<CourseRows> = {}): Promise<RecomputeResult> {
  const done = doneOf(deps.store);
  const last = done.get(courseId);
  // The snapshots' keys are read only when an earlier run may let this one be skipped.
  const [rows, storedKeys] = await Promise.all([loadCourseRows(deps, courseId, known), last ? deps.store.listAllianceSnapshotKeys(courseId) : undefined]);
  const defs = await instrumentsOf(deps, rows);
  const nowIso = iso(deps.clock.now());
  const now = instant(nowIso);
  if (last && storedKeys && now >= last.asOf && now < last.until && last.fingerprint === fingerprint(rows, rows.phaseRows, storedKeys, defs)) {
    // Same stored inputs, same snapshots, and no record has come into view since: this run would
    // compute what the last one did and write nothing. Only the time of the answer moves.
    done.delete(courseId);
    done.set(courseId, last);
    // A copy: what a caller does with its answer must not change the remembered one.
    const summary = structuredClone(last.result.summary);
    return { summary: { ...summary, asOf: nowIso, inferred: { ...summary.inferred, asOf: nowIso } }, snapshots: [...last.result.snapshots], alertsRaised: [] };
  }
  const phases = phaseObservations(deps, rows.course, rows.phaseRows);
  const phaseRows = [...rows.phaseRows, ...phases].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const loaded = courseOf({ ...rows, phaseRows }, nowIso);
  const plan = planSnapshots(deps, loaded, await deps.store.listAllianceSnapshots(courseId));
  const summary = summarise(loaded, plan.snapshots);
  const drafts = summary.findings.map((f) => findingDraft(courseId, f));
  const remission = remissionDraftOf(loaded, defs);
  if (remission) drafts.push(remission);
  const late = lateRecords(rows, now);
  // The practice report's row of this course (services/reports/course-outcomes.ts), written with the
  // rest; an open course off the practice's expected path raises its not-on-track alert here too.
  const outcome = courseOutcomeRow(loaded, defs, summary.inferred.dominant, summary.goalConsensus.consensus, nowIso);
  drafts.push(...(await expectedPathDrafts(deps, outcome, defs)));
  // Most findings were raised by an earlier recompute: one read of the client's alerts leaves only the new ones to write.
  const alerts = drafts.length || late.length ? await deps.store.listAlerts({ clientIds: [loaded.client.id] }) : [];
  const past = replayPast(loaded, plan.snapshots, rows, late, alerts, now);
  // A finding the replay found in the past is raised as live would have raised it: at that time.
  const pastAt = new Map(past.drafts.map(({ draft, at }) => [draft.dedupeKey, at]));
  for (const { draft } of past.drafts) if (!drafts.some((x) => x.dedupeKey === draft.dedupeKey)) drafts.push(draft);
  const raisedBefore = new Set(alerts.map((a) => a.dedupeKey));
  const fresh = drafts.filter((d) => !raisedBefore.has(d.dedupeKey));
  const withdrawn = past.uninformed.filter((a) => !drafts.some((d) => d.dedupeKey === a.dedupeKey));
  const alertsRaised: string[] = [];
  if (phases.length || plan.puts.length || plan.removed.length || fresh.length || withdrawn.length) {
    await deps.store.transaction(async (tx) => {
      for (const p of phases) await tx.insertPhaseChange(p);
      await persistSnapshots(tx, courseId, plan);
      const who = { clientId: loaded.client.id, therapistId: loaded.client.therapistId };
      for (const draft of fresh) {
        const at = pastAt.get(draft.dedupeKey);
        const clock = at === undefined ? deps.clock : { now: () => new Date(at) };
        if ((await storeAlert({ ...deps, store: tx, clock }, loaded.texts, draft, who)).created) alertsRaised.push(draft.dedupeKey);
      }
      for (const a of withdrawn) await withdrawAlert({ ...deps, store: tx }, loaded, a, nowIso);
      await tx.upsertCourseOutcome(outcome);
    });
  } else await deps.store.upsertCourseOutcome(outcome);
  const result = { summary, snapshots: plan.snapshots, alertsRaised };
  // What the store holds now (this run's writes committed): the inputs it read, its phase changes
  // and snapshots. A later run that finds the same may answer with this result.
  remember(done, courseId, {
    fingerprint: fingerprint(rows, phaseRows, plan.keys, defs),
    asOf: now,
    until: nextRecordAfter(loaded, now),
    result: { ...result, alertsRaised: [] },
  });
  return result;
}

// ---- skipping a recompute whose inputs have not changed ---------------------------------------

/**
 * The last completed recompute of a course: the fingerprint of what the store held after it, the
 * time it ran, the first record time after that (until then, time passing changes nothing the
 * analysis reads: every rule cuts the records at `asOf`, and nothing else depends on the clock),
 * and its result.
 */
type Done = { fingerprint: string; asOf: number; until: number; result: RecomputeResult };

/**
 * Per store (a transaction's store is its own object, so nothing remembered inside a transaction
 * that may roll back is seen outside it), the last recompute of the most recently recomputed
 * courses. Only a shortcut: a miss, or a process that starts afresh, recomputes in full.
 */
const doneByStore = new WeakMap<Store, Map<string, Done>>();
const DONE_MAX = 64;

function doneOf(store: Store): Map<string, Done> {
  let done = doneByStore.get(store);
  if (!done) doneByStore.set(store, (done = new Map<string, Done>()));
  return done;
}

/** Drops what this process remembers of these courses' recomputes (an erasure: their results quote opened texts). */
export function forgetRecomputes(store: Store, courseIds: readonly string[]): void {
  const done = doneByStore.get(store);
  for (const id of courseIds) done?.delete(id);
}

function remember(done: Map<string, Done>, courseId: string, d: Done): void {
  done.delete(courseId);
  done.set(courseId, d);
  if (done.size > DONE_MAX) done.delete(done.keys().next().value!);
}

/**
 * A digest of every stored input of the recompute: the course and its client's therapist, every
 * row it reads (sealed fields as stored: a changed text is a changed ciphertext), the instrument
 * definitions remission reads, and the snapshots' keys (snapshots dropped or left stale make
 * it differ). Equal digests mean the recompute would read the same.
 */
function fingerprint(rows: CourseRows, phaseRows: readonly PhaseChangeRow[], keys: readonly AllianceSnapshotKey[], defs: Instruments): string {
  const h = createHash('sha256');
  const put = (x: unknown) => h.update(JSON.stringify(x) ?? 'undefined').update('\n');
  put(SETTINGS_TOKEN);
  put(rows.course);
  put([rows.client.id, rows.client.therapistId]);
  put(rows.sessionRows);
  put(rows.expectationRows);
  put(rows.goalRows);
  put(rows.ratings);
  put(rows.ledgerRows);
  put(phaseRows);
  put(rows.responseRows);
  put(rows.reflectionRows);
  put(rows.skillsRows);
  put([...defs]);
  put([...keys].sort((a, b) => (a.sessionId < b.sessionId ? -1 : a.sessionId > b.sessionId ? 1 : 0)));
  return h.digest('base64');
}

/** The first time after `now` at which a record of the course comes into view (Infinity: none). */
function nextRecordAfter(loaded: LoadedCourse, now: number): number {
  let next = Infinity;
  const see = (at: string | null | undefined) => {
    if (!at) return;
    const t = instant(at);
    if (t > now && t < next) next = t;
  };
  const { records } = loaded;
  for (const s of records.sessions) see(s.at);
  for (const r of loaded.responseRows) see(r.completedAt);
  for (const e of loaded.expectationRows) see(e.answeredAt);
  for (const g of records.goals) {
    see(g.proposedAt);
    see(g.agreement?.at);
    see(g.closure?.at);
    for (const r of g.ratings) see(r.at);
    for (const a of g.gas?.attainments ?? []) see(a.at);
  }
  for (const e of records.ledger) see(e.at);
  for (const t of records.texts) see(t.at);
  for (const y of records.symptoms ?? []) {
    see(y.at);
    see(y.remittedSince);
  }
  // Practice counts over a window before asOf: an entry leaving the window changes the reading too.
  const practiceWindowMs = settings.inference.practiceWindowDays * 86_400_000;
  for (const p of records.practice ?? []) {
    see(p.at);
    see(new Date(instant(p.at) + practiceWindowMs).toISOString());
  }
  for (const d of records.trackerDays ?? []) see(d.at);
  for (const c of records.supportChecks ?? []) see(c.at);
  for (const p of records.phases ?? []) see(p.at);
  return next;
}

/**
 * The hook for course and session changes (a session recorded or its status changed, the phase or
 * frequency changed): the alliance is recomputed after the change commits, before it is
 * answered. Returns `result`.
 */
export async function afterCourseChange<T>(deps: Deps, courseId: string, result: T): Promise<T> {
  // Within a unit of work (the HTTP pipeline's), a follow-up after its commit; on its own, at once.
  if (deps.after) deps.after.queue({ kind: 'alliance', courseId });
  else await recomputeAlliance(deps, courseId);
  return result;
}

/** The summary for reading (snapshots refreshed if the records moved; no alerts raised). */
export async function getAllianceSummary(deps: Deps, courseId: string): Promise<AllianceSummary> {
  const loaded = await loadCourse(deps, courseId);
  return summarise(loaded, await ensureSnapshots(deps, loaded));
}

// ---- the timeline ------------------------------------------------------------------------------

export type TimelinePoint = {
  sessionId: string;
  at: string;
  status: SessionStatus;
  phase: Phase | undefined;
  agreedType: AllianceType | undefined;
  agreementId: string | undefined;
  inferred: { distribution: AllianceDistribution; dominant: InferredDominant; mass: number };
  /** The strongest evidence behind this session's inference. */
  topEvidence: EvidenceItem[];
  markers: LedgerMarker[];
};
export type AllianceTimelineView = {
  courseId: string;
  startedOn: string;
  endedOn: string | null;
  asOf: string;
  points: TimelinePoint[];
  earlierMarkers: LedgerMarker[];
  phases: { at: string; phase: Phase }[];
  goals: {
    id: string;
    at: string;
    author: 'client' | 'therapist';
    state: string;
    focus: string;
    text: string;
    agreedAt: string | null;
    closedAt: string | null;
  }[];
  expectations: { id: string; side: 'client' | 'therapist'; at: string; revealed: boolean }[];
} & PracticeAndStreaks;

/**
 * The timeline of the whole course (SPEC §3 C3), built from the stored snapshots: one point per
 * session with the agreed and inferred alliance, the phase, the ledger markers made from that
 * session until the next, and the top evidence for the click-through. Same rows as the domain's
 * allianceTimeline, without re-running an inference per session.
 */
export async function getAllianceTimeline(deps: Deps, courseId: string, viewer: 'client' | 'therapist'): Promise<AllianceTimelineView> {
  const loaded = await loadCourse(deps, courseId);
  const snapshots = await ensureSnapshots(deps, loaded);
  const { records } = loaded;
  const now = instant(records.asOf);
  const sessions = records.sessions.filter((s) => instant(s.at) <= now);
  const phases = records.phases ?? [];
  const markers = ledgerMarkers(records).filter((m) => instant(m.at) <= now);
  const bySession = new Map(snapshots.map((s) => [s.sessionId, s]));
  const points = sessions.map((s, i): TimelinePoint => {
    const t = instant(s.at);
    const until = i + 1 < sessions.length ? instant(sessions[i + 1]!.at) : Infinity;
    const agreed = agreedAllianceAt(records.ledger, s.at);
    const snap = bySession.get(s.id);
    const dominant = snap?.dominant ?? 'not_enough_evidence';
    return {
      sessionId: s.id,
      at: s.at,
      status: s.status,
      phase: phases.filter((p) => instant(p.at) <= t).at(-1)?.phase,
      agreedType: agreed?.terms.allianceType,
      agreementId: agreed?.id,
      inferred: {
        distribution: snap?.distribution ?? { magical: 0.25, working: 0.25, therapeutic: 0.25, structuralizing: 0.25 },
        dominant,
        mass: snap?.mass ?? 0,
      },
      topEvidence: snap ? rankEvidence(snap.evidence()).slice(0, settings.inference.topEvidence) : [],
      markers: markers.filter((m) => instant(m.at) >= t && instant(m.at) < until),
    };
  });
  const first = sessions[0] ? instant(sessions[0].at) : Infinity;
  return {
    courseId,
    startedOn: loaded.course.startedOn,
    endedOn: loaded.course.endedOn,
    asOf: records.asOf,
    points,
    earlierMarkers: markers.filter((m) => instant(m.at) < first),
    phases: phases.map((p) => ({ at: p.at, phase: p.phase })),
    goals: loaded.goals.map((g) => ({
      id: g.id,
      at: g.proposedAt,
      author: g.author,
      state: g.state,
      focus: g.focus,
      text: g.text,
      agreedAt: g.agreement?.at ?? null,
      closedAt: g.closure?.at ?? null,
    })),
    expectations: loaded.expectations.filter((e) => e.side === viewer || e.revealed).map((e) => ({ id: e.id, side: e.side, at: e.at, revealed: e.revealed })),
    ...practiceAndStreaks(records),
  };
}

/** Largest |weight| first, ties in provider order (as inferAlliance ranks). */
export function rankEvidence(items: readonly EvidenceItem[]): EvidenceItem[] {
  return items
    .map((item, i) => ({ item, i }))
    .sort((a, b) => Math.abs(b.item.weight) - Math.abs(a.item.weight) || a.i - b.i)
    .map((x) => x.item);
}

/** The attendance pattern now (SPEC §5.4) with its evidence. */
export async function getAttendance(deps: Deps, courseId: string): Promise<AttendanceAnalysis & { findings: Finding[] }> {
  const loaded = await loadCourse(deps, courseId);
  const { records } = loaded;
  return {
    ...analyseAttendance(records.sessions, frequencyAt(records), records.asOf, settings),
    findings: attendanceFindings(courseId, records.sessions, records.asOf, settings),
  };
}
