/**
 * The storage contract for the clinical records: measures (instrument definitions, schedules,
 * responses and their scores), alerts (with their history and escalation colleagues), the alliance
 * ledger (Expectations checks, goals and ratings, ledger entries, phase changes, snapshots), and the
 * keys and seals that protect them. Same rules as store.contract.test.ts: both dialects in the same
 * run, PostgreSQL never skipped, everything seeded through the Store itself.
 *
 * Every store of this file is wrapped in a recorder; the last test of each dialect fails when a
 * method listed in CLINICAL_METHODS was not actually called on that dialect.
 */
import { randomUUID } from 'node:crypto';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Dialect, TestWorld } from '../../test/support/harness.ts';
import { makeWorld, PG_URL } from '../../test/support/harness.ts';
import type {
  AlertRow, AllianceSnapshotRow, ClientRow, CourseRow, ExpectationsResponseRow, GoalRatingRow, GoalRow, LedgerEntryRow, PracticeRow,
  ResponseRow, ScheduleRow, Store, UserRow,
} from '../services/ports.ts';
import { verifyStore } from '../services/backup.ts';
import type { KyselyStore } from './store.ts';

const DIALECTS: readonly Dialect[] = ['sqlite', 'postgres'];

async function world(dialect: Dialect): Promise<TestWorld> {
  try {
    return await makeWorld({ dialect });
  } catch (err) {
    if (dialect !== 'postgres') throw err;
    throw new Error(
      `The storage contract suite needs PostgreSQL at ${PG_URL} (set ACCORD_TEST_PG_URL to use another) and could not reach it: ${(err as Error).message}. ` +
      'Start it (e.g. `pg_ctlcluster --skip-systemctl-redirect <version> main start`); the PostgreSQL run is never skipped.',
    );
  }
}

/** The store methods this file is the contract for; each must be called on both dialects. */
const CLINICAL_METHODS = [
  'insertInstrumentDefinition', 'listInstrumentDefinitions',
  'insertSchedule', 'findSchedule', 'listSchedulesOfCourses', 'updateSchedule',
  'insertResponse', 'findResponse', 'listResponsesOfClients', 'listResponseScores', 'listRecentScores',
  'insertAlertIfAbsent', 'findAlert', 'findAlertByDedupeKey', 'listAlerts', 'countAlerts', 'updateAlertStatus', 'listEscalationCandidates',
  'claimEscalation', 'insertAlertEvent', 'listAlertEvents', 'findEscalationColleague', 'setEscalationColleague',
  'insertExpectationsResponse', 'listExpectationsResponses', 'insertGoal', 'findGoal', 'listGoals', 'updateGoal', 'insertGoalRating',
  'listGoalRatings', 'appendLedgerEntry', 'listLedger', 'insertPhaseChange', 'listPhaseChanges', 'putAllianceSnapshot',
  'listAllianceSnapshots', 'deleteAllianceSnapshots',
  'findAccountKey', 'updateAccountKey', 'sealAccountIdentities', 'auditCheckpoint', 'integrity', 'sealIntegrity', 'rewrapIntegrityKey', 'integrityMasterKeyId', 'sealedTables', 'sealedRecordPages',
] as const;

/** The store, with every method call recorded by name into `called`. */
function recording(store: Store, called: Set<string>): Store {
  return new Proxy(store, {
    get(target, prop, receiver) {
      const v: unknown = Reflect.get(target, prop, receiver);
      if (typeof v !== 'function' || typeof prop !== 'string') return v;
      return (...args: unknown[]) => { called.add(prop); return (v as (...a: unknown[]) => unknown).apply(target, args); };
    },
  });
}

const T0 = '2026-03-02T09:00:00.000Z';
const at = (minutes: number): string => new Date(Date.parse(T0) + minutes * 60_000).toISOString();

function practice(): PracticeRow {
  return {
    id: randomUUID(), name: 'Clinical Contract Practice', timeZone: 'Europe/London', crisisInfo: 'Call 999 in an emergency.',
    requireMfaStaff: false, requireMfaAdmin: true, escalationMinutes: 60, createdAt: T0,
  };
}
function user(practiceId: string): UserRow {
  const id = randomUUID();
  return {
    id, practiceId, email: `${id.slice(0, 8)}@test.accord`, displayName: `User ${id.slice(0, 4)}`, passwordHash: '$argon2id$fake', roles: ['therapist'],
    status: 'active', clientId: null, totpSecret: null, totpLastStep: null, mfaEnabled: false, createdAt: T0, updatedAt: T0,
  };
}
function course(c: ClientRow): CourseRow {
  return {
    id: randomUUID(), clientId: c.id, practiceId: c.practiceId, therapistId: c.therapistId, startedOn: '2026-01-05', endedOn: null,
    frequency: 'weekly', phase: 'beginning', status: 'active', endReason: null, createdAt: T0, updatedAt: T0,
  };
}

type Fixture = { p: PracticeRow; t: UserRow; t2: UserRow; c: ClientRow; c2: ClientRow; k: CourseRow; k2: CourseRow; k3: CourseRow };

/** A practice with two therapists, a client of each, two courses of the first client and one of the second. */
async function base(store: Store): Promise<Fixture> {
  const p = practice();
  await store.insertPractice(p);
  const t = user(p.id);
  const t2 = user(p.id);
  await store.insertUser(t);
  await store.insertUser(t2);
  const clients: ClientRow[] = [];
  for (const therapist of [t, t2]) {
    const c: ClientRow = { id: randomUUID(), practiceId: p.id, therapistId: therapist.id, nameEnc: 'v1.a.b', contactEnc: 'v1.c.d', status: 'active', createdAt: T0, updatedAt: T0 };
    await store.insertClientKey(c.id, { wrapped: 'wrapped-key', masterKeyId: 'k0' }, T0);
    await store.insertClient(c);
    clients.push(c);
  }
  const [c, c2] = clients as [ClientRow, ClientRow];
  const k = course(c);
  const k2 = course(c);
  const k3 = course(c2);
  for (const x of [k, k2, k3]) await store.insertCourse(x);
  return { p, t, t2, c, c2, k, k2, k3 };
}

function response(k: CourseRow, over: Partial<ResponseRow> = {}): ResponseRow {
  return {
    id: randomUUID(), clientId: k.clientId, courseId: k.id, sessionId: null, scheduleId: null, instrumentCode: 'phq9', instrumentVersion: '1',
    respondent: 'client', source: 'portal', enteredBy: k.therapistId, completedAt: T0, createdAt: T0, answersEnc: 'v1.answers.x', valid: true,
    total: 12, bandLabel: 'Moderate', bandSeverity: 'moderate', caseness: true, invalidReason: null, safetyFlagged: false, supersedesId: null, ...over,
  };
}
function alert(k: CourseRow, over: Partial<AlertRow> = {}): AlertRow {
  return {
    id: randomUUID(), clientId: k.clientId, courseId: k.id, therapistId: k.therapistId, kind: 'safety', severity: 'critical', dedupeKey: randomUUID(),
    contentEnc: 'v1.content.x', status: 'open', raisedAt: T0, acknowledgedAt: null, acknowledgedBy: null, resolvedAt: null, resolvedBy: null,
    resolutionEnc: null, followUpAction: null, escalatedAt: null, escalatedTo: null, ...over,
  };
}
function goal(k: CourseRow, over: Partial<GoalRow> = {}): GoalRow {
  return {
    id: randomUUID(), courseId: k.id, clientId: k.clientId, author: 'client', focus: 'symptom', state: 'proposed', proposedAt: T0, proposedBy: k.therapistId,
    textEnc: 'v1.text.x', cuesEnc: null, agreedAt: null, agreedBy: null, agreementRecordedBy: null, agreementWordsEnc: null, closedState: null,
    closedAt: null, closedBy: null, closureNoteEnc: null, revisedTo: null, revisionOf: null, gasWeight: null, gasDescriptionsEnc: null, updatedAt: T0, ...over,
  };
}
function ledger(k: CourseRow, seq: number, over: Partial<LedgerEntryRow> = {}): LedgerEntryRow {
  return {
    id: randomUUID(), courseId: k.id, clientId: k.clientId, seq, kind: 'proposal', agreementId: randomUUID(), at: at(seq), side: 'therapist',
    recordedBy: null, enteredBy: k.therapistId, allianceType: 'collaborative', frequency: 'weekly', reviewPoint: null, supersedes: null,
    statementEnc: 'v1.statement.x', reasonEnc: null, wordsEnc: null, ...over,
  };
}
function snapshot(k: CourseRow, sessionId: string, over: Partial<AllianceSnapshotRow> = {}): AllianceSnapshotRow {
  return {
    id: randomUUID(), courseId: k.id, clientId: k.clientId, sessionId, at: T0, inputsKey: 'inputs-1', dominant: 'collaborative',
    distribution: '{"collaborative":0.5,"directive":0.25,"supportive":0.125,"exploratory":0.125}', mass: 0.75, evidenceEnc: 'v1.evidence.x',
    computedAt: T0, ...over,
  };
}
const ids = (rows: readonly { id: string }[]): string[] => rows.map((r) => r.id);

describe.each(DIALECTS)('Store clinical contract on %s', (dialect) => {
  let w: TestWorld;
  let store: Store;
  let fx: Fixture;
  const called = new Set<string>();
  beforeAll(async () => {
    w = await world(dialect);
    store = recording(w.deps.store, called);
    fx = await base(store);
  });
  afterAll(async () => { await w?.close(); });

  describe('instrument definitions', () => {
    it('round-trips, lists by code then creation, and refuses a second (code, version)', async () => {
      const b1 = { id: randomUUID(), code: 'zz-b', version: '1', definition: '{"items":[]}', createdBy: fx.t.id, createdAt: at(5) };
      const a2 = { id: randomUUID(), code: 'zz-a', version: '2', definition: '{"items":[2]}', createdBy: fx.t.id, createdAt: at(3) };
      const a1 = { id: randomUUID(), code: 'zz-a', version: '1', definition: '{"items":[1]}', createdBy: fx.t.id, createdAt: at(1) };
      for (const d of [b1, a2, a1]) await store.insertInstrumentDefinition(d);
      expect((await store.listInstrumentDefinitions()).filter((d) => d.code.startsWith('zz-'))).toEqual([a1, a2, b1]);
      await expect(store.insertInstrumentDefinition({ ...a1, id: randomUUID() })).rejects.toThrow();
    });
  });

  describe('schedules', () => {
    it('round-trips with booleans and numbers (every_n null or a number), and finds nothing for an unknown id', async () => {
      const s1: ScheduleRow = {
        id: randomUUID(), courseId: fx.k.id, clientId: fx.c.id, instrumentCode: 'phq9', cadence: 'every_n_sessions', everyN: 4, active: true,
        createdBy: fx.t.id, createdAt: at(2), updatedAt: at(2),
      };
      const s2: ScheduleRow = { ...s1, id: randomUUID(), instrumentCode: 'gad7', cadence: 'intake', everyN: null, active: false, createdAt: at(1), updatedAt: at(1) };
      await store.insertSchedule(s1);
      await store.insertSchedule(s2);
      const got = await store.findSchedule(s1.id);
      expect(got).toEqual(s1);
      expect(typeof got!.everyN).toBe('number');
      expect(typeof got!.active).toBe('boolean');
      expect(await store.findSchedule(s2.id)).toEqual(s2);
      expect(await store.findSchedule(randomUUID())).toBeUndefined();
    });
    it('lists the schedules of several courses by creation time, none for no course', async () => {
      const other: ScheduleRow = {
        id: randomUUID(), courseId: fx.k2.id, clientId: fx.c.id, instrumentCode: 'ors', cadence: 'before_every_session', everyN: null, active: true,
        createdBy: fx.t.id, createdAt: at(0), updatedAt: at(0),
      };
      await store.insertSchedule(other);
      const ofK = await store.listSchedulesOfCourses([fx.k.id]);
      expect(ofK.map((s) => s.instrumentCode)).toEqual(['gad7', 'phq9']);
      expect((await store.listSchedulesOfCourses([fx.k.id, fx.k2.id])).map((s) => s.instrumentCode)).toEqual(['ors', 'gad7', 'phq9']);
      expect(await store.listSchedulesOfCourses([fx.k3.id])).toEqual([]);
      expect(await store.listSchedulesOfCourses([])).toEqual([]);
    });
    it('updates only the fields given; an empty patch changes nothing', async () => {
      const [s] = (await store.listSchedulesOfCourses([fx.k.id])).filter((x) => x.instrumentCode === 'phq9');
      await store.updateSchedule(s!.id, { active: false, everyN: 6, updatedAt: at(9) });
      expect(await store.findSchedule(s!.id)).toEqual({ ...s, active: false, everyN: 6, updatedAt: at(9) });
      await store.updateSchedule(s!.id, { cadence: 'after_every_session', everyN: null, active: true });
      expect(await store.findSchedule(s!.id)).toEqual({ ...s, active: true, everyN: null, cadence: 'after_every_session', updatedAt: at(9) });
      await store.updateSchedule(s!.id, {});
      expect((await store.findSchedule(s!.id))!.cadence).toBe('after_every_session');
    });
    it('refuses a schedule of a course that does not exist', async () => {
      const [s] = await store.listSchedulesOfCourses([fx.k.id]);
      await expect(store.insertSchedule({ ...s!, id: randomUUID(), courseId: randomUUID() })).rejects.toThrow();
    });
  });

  describe('responses', () => {
    // Client c2 (course k3) holds the responses of this block, so other blocks do not disturb them.
    const made: Record<string, ResponseRow> = {};
    it('round-trips every field: a fractional total as a number, null total and caseness, booleans as booleans', async () => {
      made.frac = response(fx.k3, { total: 7.5, caseness: false, safetyFlagged: true, completedAt: at(10), createdAt: at(10), sessionId: randomUUID(), scheduleId: randomUUID() });
      made.invalid = response(fx.k3, {
        valid: false, total: null, bandLabel: null, bandSeverity: null, caseness: null, invalidReason: 'too many items missing', completedAt: at(20), createdAt: at(20),
      });
      made.noCourse = response(fx.k3, { courseId: null, respondent: 'therapist', source: 'paper', completedAt: at(30), createdAt: at(30) });
      for (const r of Object.values(made)) await store.insertResponse(r);
      for (const r of Object.values(made)) expect(await store.findResponse(r.id)).toEqual(r);
      const frac = (await store.findResponse(made.frac.id))!;
      expect([typeof frac.total, typeof frac.valid, typeof frac.caseness, typeof frac.safetyFlagged]).toEqual(['number', 'boolean', 'boolean', 'boolean']);
      expect(await store.findResponse(randomUUID())).toBeUndefined();
    });
    it('keeps a response to one correction: a second response superseding the same one is refused', async () => {
      made.correction = response(fx.k3, { supersedesId: made.frac!.id, total: 8, completedAt: at(10), createdAt: at(11) });
      await store.insertResponse(made.correction);
      await expect(store.insertResponse(response(fx.k3, { supersedesId: made.frac!.id, completedAt: at(10), createdAt: at(12) }))).rejects.toThrow();
      expect(await store.findResponse(made.correction.id)).toEqual(made.correction);
    });
    it('refuses a response of a client or a course that does not exist', async () => {
      await expect(store.insertResponse(response(fx.k3, { clientId: randomUUID() }))).rejects.toThrow();
      await expect(store.insertResponse(response(fx.k3, { courseId: randomUUID() }))).rejects.toThrow();
    });
    it('lists every response of the clients (superseded included), by completion then creation time', async () => {
      // Same completion time as `frac` and its correction, created before both: ties go by created_at.
      made.early = response(fx.k3, { completedAt: at(10), createdAt: at(9) });
      await store.insertResponse(made.early);
      const want = [made.early, made.frac, made.correction, made.invalid, made.noCourse].map((r) => r!.id);
      expect(ids(await store.listResponsesOfClients([fx.c2.id]))).toEqual(want);
      expect(await store.listResponsesOfClients([fx.c2.id, fx.c.id])).toEqual((await store.listResponsesOfClients([fx.c2.id])));
      expect(await store.listResponsesOfClients([])).toEqual([]);
      expect(await store.listResponsesOfClients([randomUUID()])).toEqual([]);
    });
    it('keeps the same order (completion, then creation time) for more than 500 clients, queried in chunks', async () => {
      // A response of client c completed with c2's at(10) responses, created between two of them.
      const between = response(fx.k2, { instrumentCode: 'gad7', completedAt: at(10), createdAt: at(9.5) });
      await store.insertResponse(between);
      const few = await store.listResponsesOfClients([fx.c.id, fx.c2.id]);
      expect(ids(few).slice(0, 4)).toEqual([made.early!.id, between.id, made.frac!.id, made.correction!.id]);
      // c in the first chunk of 500, c2 in the second: the merged list is ordered as one query orders it.
      const many = [fx.c.id, ...Array.from({ length: 500 }, () => randomUUID()), fx.c2.id];
      expect(ids(await store.listResponsesOfClients(many))).toEqual(ids(few));
    });
    it('lists scores without answers, by client, by course or both, in the same order', async () => {
      const all = await store.listResponseScores({ clientIds: [fx.c2.id] });
      expect(ids(all)).toEqual([made.early, made.frac, made.correction, made.invalid, made.noCourse].map((r) => r!.id));
      expect(all.every((r) => !('answersEnc' in r))).toBe(true);
      const { answersEnc: _, ...fracScore } = made.frac!;
      expect(all[1]).toEqual(fracScore);
      expect(ids(await store.listResponseScores({ courseId: fx.k3.id }))).toEqual([made.early, made.frac, made.correction, made.invalid].map((r) => r!.id));
      expect(ids(await store.listResponseScores({ clientIds: [fx.c2.id], courseId: fx.k2.id }))).toEqual([]);
      expect(await store.listResponseScores({ clientIds: [] })).toEqual([]);
    });
    it('gives each course and instrument its first valid current score and the latest N, superseded and invalid ones left out', async () => {
      // Course k2: five phq9 responses and one ors. Two share a completion time (ties by created_at).
      const k = fx.k2;
      const s = [
        response(k, { completedAt: at(100), createdAt: at(100), total: 20, caseness: true }),
        response(k, { completedAt: at(200), createdAt: at(200), total: 18, caseness: null, bandLabel: null, bandSeverity: null }),
        response(k, { completedAt: at(300), createdAt: at(301), total: 14 }),
        response(k, { completedAt: at(300), createdAt: at(302), total: 12.5, caseness: false }),
        response(k, { completedAt: at(400), createdAt: at(400), total: 9, valid: false }),
      ];
      const superseded = response(k, { completedAt: at(50), createdAt: at(50), total: 27 });
      const fix = response(k, { completedAt: at(50), createdAt: at(60), total: 26, supersedesId: superseded.id });
      const ors = response(k, { instrumentCode: 'ors', completedAt: at(150), createdAt: at(150), total: 31.25, caseness: null });
      for (const r of [...s, superseded, fix, ors]) await store.insertResponse(r);
      const got = await store.listRecentScores([k.id], 2);
      const phq = got.filter((r) => r.instrumentCode === 'phq9');
      // first = the correction (the superseded original is left out), then the two latest valid ones.
      expect(phq.map((r) => [r.id, r.isFirst, r.fromLatest, r.total])).toEqual([[fix.id, true, 3, 26], [s[2]!.id, false, 2, 14], [s[3]!.id, false, 1, 12.5]]);
      expect(phq[2]).toMatchObject({ clientId: fx.c.id, courseId: k.id, completedAt: at(300), bandLabel: 'Moderate', caseness: false });
      expect(got.filter((r) => r.instrumentCode === 'ors')).toEqual([{
        id: ors.id, clientId: fx.c.id, courseId: k.id, instrumentCode: 'ors', completedAt: at(150), total: 31.25, bandLabel: 'Moderate',
        bandSeverity: 'moderate', caseness: null, isFirst: true, fromLatest: 1,
      }]);
      // The first is among the latest: it is not repeated.
      const wide = (await store.listRecentScores([k.id], 10)).filter((r) => r.instrumentCode === 'phq9');
      expect(wide.map((r) => r.id)).toEqual([fix, s[0], s[1], s[2], s[3]].map((r) => r!.id));
      expect(wide.map((r) => r.fromLatest)).toEqual([5, 4, 3, 2, 1]);
      expect(wide.map((r) => typeof r.total)).toEqual(Array(5).fill('number'));
      expect(wide[2]!.caseness).toBeNull();
      expect(wide[0]!.caseness).toBe(true);
      expect(await store.listRecentScores([], 3)).toEqual([]);
      expect(await store.listRecentScores([fx.k.id], 3)).toEqual([]);
      // Several courses in one call: each keeps its own series.
      const both = await store.listRecentScores([k.id, fx.k3.id], 1);
      expect(both.filter((r) => r.courseId === fx.k3.id).map((r) => r.id)).toEqual([made.early!.id, made.correction!.id]);
    });
  });

  describe('alerts', () => {
    let a1: AlertRow; let a2: AlertRow; let a3: AlertRow; let a4: AlertRow;
    it('inserts once per dedupe key and round-trips every field', async () => {
      a1 = alert(fx.k, { raisedAt: at(10) });
      a2 = alert(fx.k, { kind: 'not_on_track', severity: 'medium', raisedAt: at(5), followUpAction: null });
      a3 = alert(fx.k3, { raisedAt: at(20) });
      a4 = alert(fx.k3, { kind: 'rupture', severity: 'high', raisedAt: at(1), status: 'resolved', resolvedAt: at(2), resolvedBy: fx.t2.id, resolutionEnc: 'v1.r.x', followUpAction: 'call' });
      for (const a of [a1, a2, a3, a4]) expect(await store.insertAlertIfAbsent(a)).toBe(true);
      expect(await store.insertAlertIfAbsent({ ...a1, id: randomUUID(), raisedAt: at(99) })).toBe(false);
      expect(await store.findAlert(a1.id)).toEqual(a1);
      expect(await store.findAlert(a4.id)).toEqual(a4);
      expect(await store.findAlertByDedupeKey(a1.dedupeKey)).toEqual(a1);
      expect(await store.findAlert(randomUUID())).toBeUndefined();
      expect(await store.findAlertByDedupeKey('no-such-key')).toBeUndefined();
    });
    it('refuses an alert of a client that does not exist', async () => {
      await expect(store.insertAlertIfAbsent(alert(fx.k, { clientId: randomUUID() }))).rejects.toThrow();
    });
    it('lists and counts by therapist, client, escalation target (any of them) and status, oldest first', async () => {
      const cases: [Parameters<Store['listAlerts']>[0], AlertRow[]][] = [
        [{ therapistIds: [fx.t.id] }, [a2, a1]],
        [{ therapistIds: [fx.t.id, fx.t2.id] }, [a4, a2, a1, a3]],
        [{ clientIds: [fx.c2.id] }, [a4, a3]],
        [{ therapistIds: [fx.t.id], clientIds: [fx.c2.id] }, [a4, a2, a1, a3]],
        [{ therapistIds: [fx.t.id, fx.t2.id], statuses: ['open'] }, [a2, a1, a3]],
        [{ clientIds: [fx.c2.id], statuses: ['resolved', 'acknowledged'] }, [a4]],
        [{ therapistIds: [] }, []],
        [{ clientIds: [] }, []],
        [{ therapistIds: [fx.t.id], statuses: [] }, []],
        [{ escalatedTo: fx.t2.id }, []],
      ];
      for (const [filter, want] of cases) {
        const got = (await store.listAlerts(filter)).filter((a) => [a1, a2, a3, a4].some((x) => x.id === a.id));
        expect(ids(got), JSON.stringify(filter)).toEqual(ids(want));
        expect(await store.countAlerts(filter), JSON.stringify(filter)).toBe(want.length);
      }
      expect(typeof await store.countAlerts({})).toBe('number');
    });
    it('changes status only from the expected status; an empty change is a no-op', async () => {
      expect(await store.updateAlertStatus(a2.id, 'open', { status: 'acknowledged', acknowledgedAt: at(30), acknowledgedBy: fx.t.id })).toBe(true);
      expect(await store.updateAlertStatus(a2.id, 'open', { status: 'resolved', resolvedAt: at(31), resolvedBy: fx.t.id })).toBe(false);
      expect(await store.findAlert(a2.id)).toEqual({ ...a2, status: 'acknowledged', acknowledgedAt: at(30), acknowledgedBy: fx.t.id });
      expect(await store.updateAlertStatus(a2.id, 'acknowledged', { status: 'resolved', resolvedAt: at(32), resolvedBy: fx.t.id, resolutionEnc: 'v1.res.x', followUpAction: 'review' })).toBe(true);
      expect(await store.findAlert(a2.id)).toMatchObject({ status: 'resolved', resolvedAt: at(32), resolutionEnc: 'v1.res.x', followUpAction: 'review', acknowledgedAt: at(30) });
      expect(await store.updateAlertStatus(a2.id, 'open', {})).toBe(true);
      expect(await store.updateAlertStatus(randomUUID(), 'open', { status: 'acknowledged' })).toBe(false);
    });
    it('offers open, unescalated safety alerts raised by the cut-off for escalation, and lets exactly one claim win', async () => {
      const late = alert(fx.k, { raisedAt: at(50) });
      const acked = alert(fx.k, { raisedAt: at(3), status: 'acknowledged', acknowledgedAt: at(4), acknowledgedBy: fx.t.id });
      for (const a of [late, acked]) await store.insertAlertIfAbsent(a);
      const mine = (rows: AlertRow[]) => ids(rows.filter((a) => [a1, a2, a3, a4, late, acked].some((x) => x.id === a.id)));
      expect(mine(await store.listEscalationCandidates(at(20)))).toEqual([a1.id, a3.id]); // the cut-off is inclusive
      expect(mine(await store.listEscalationCandidates(at(19)))).toEqual([a1.id]);
      const claims = await Promise.all([store.claimEscalation(a1.id, at(70), fx.t2.id), store.claimEscalation(a1.id, at(71), fx.t.id)]);
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect(await store.findAlert(a1.id)).toMatchObject({ escalatedAt: claims[0] ? at(70) : at(71), escalatedTo: claims[0] ? fx.t2.id : fx.t.id });
      expect(await store.claimEscalation(acked.id, at(72), fx.t2.id)).toBe(false);
      expect(mine(await store.listEscalationCandidates(at(60)))).toEqual([a3.id, late.id]);
      const target = (await store.findAlert(a1.id))!.escalatedTo!;
      expect(ids(await store.listAlerts({ escalatedTo: target }))).toEqual([a1.id]);
      expect(await store.countAlerts({ escalatedTo: target, statuses: ['resolved'] })).toBe(0);
    });
    it('keeps an alert history in time order (ties by id), with nulls, and refuses history of an unknown alert', async () => {
      const [x, y] = [randomUUID(), randomUUID()].sort();
      const e1 = { id: y!, alertId: a3.id, at: at(40), actorId: fx.t2.id, action: 'acknowledged', targetId: null };
      const e2 = { id: x!, alertId: a3.id, at: at(40), actorId: null, action: 'escalated', targetId: fx.t.id };
      const e0 = { id: randomUUID(), alertId: a3.id, at: at(30), actorId: null, action: 'raised', targetId: null };
      for (const e of [e1, e2, e0]) await store.insertAlertEvent(e);
      expect(await store.listAlertEvents(a3.id)).toEqual([e0, e2, e1]);
      expect(await store.listAlertEvents(a4.id)).toEqual([]);
      await expect(store.insertAlertEvent({ ...e0, id: randomUUID(), alertId: randomUUID() })).rejects.toThrow();
    });
    it('keeps one escalation colleague per scope: set, replace, clear; a colleague must be a user', async () => {
      expect(await store.findEscalationColleague('practice')).toBeUndefined();
      await store.setEscalationColleague('practice', fx.t.id, at(1));
      await store.setEscalationColleague(fx.t.id, fx.t2.id, at(1));
      expect(await store.findEscalationColleague('practice')).toBe(fx.t.id);
      await store.setEscalationColleague('practice', fx.t2.id, at(2));
      expect(await store.findEscalationColleague('practice')).toBe(fx.t2.id);
      expect(await store.findEscalationColleague(fx.t.id)).toBe(fx.t2.id);
      await store.setEscalationColleague('practice', null, at(3));
      expect(await store.findEscalationColleague('practice')).toBeUndefined();
      await store.setEscalationColleague('practice', null, at(3)); // clearing twice is fine
      await expect(store.setEscalationColleague('practice', randomUUID(), at(4))).rejects.toThrow();
      expect(await store.findEscalationColleague('practice')).toBeUndefined();
    });
  });

  describe('alliance ledger', () => {
    it('lists a course’s Expectations checks by answer time (ties by id), nulls kept, and refuses an unknown course', async () => {
      const [x, y] = [randomUUID(), randomUUID()].sort();
      const mk = (id: string, answeredAt: string, over: Partial<ExpectationsResponseRow> = {}): ExpectationsResponseRow => ({
        id, courseId: fx.k.id, clientId: fx.c.id, side: 'client', answeredAt, enteredBy: fx.t.id, answersEnc: 'v1.ans.x', freeTextEnc: null,
        cuesEnc: null, createdAt: answeredAt, ...over,
      });
      const r2 = mk(y!, at(5), { side: 'therapist', freeTextEnc: 'v1.free.x', cuesEnc: 'v1.cues.x' });
      const r1 = mk(x!, at(5));
      const r0 = mk(randomUUID(), at(1));
      for (const r of [r2, r1, r0]) await store.insertExpectationsResponse(r);
      expect(await store.listExpectationsResponses(fx.k.id)).toEqual([r0, r1, r2]);
      expect(await store.listExpectationsResponses(fx.k3.id)).toEqual([]);
      await expect(store.insertExpectationsResponse(mk(randomUUID(), at(6), { courseId: randomUUID() }))).rejects.toThrow();
    });

    let g1: GoalRow; let g2: GoalRow;
    it('round-trips goals (GAS weight a number or null), lists them by proposal time, and refuses an unknown course', async () => {
      g1 = goal(fx.k, { proposedAt: at(10), gasWeight: 0.25, gasDescriptionsEnc: 'v1.gas.x', cuesEnc: 'v1.cues.x' });
      g2 = goal(fx.k, { proposedAt: at(5), author: 'therapist' });
      await store.insertGoal(g1);
      await store.insertGoal(g2);
      expect(await store.findGoal(g1.id)).toEqual(g1);
      expect(typeof (await store.findGoal(g1.id))!.gasWeight).toBe('number');
      expect(await store.findGoal(g2.id)).toEqual(g2);
      expect(await store.findGoal(randomUUID())).toBeUndefined();
      expect(ids(await store.listGoals(fx.k.id))).toEqual([g2.id, g1.id]);
      expect(await store.listGoals(fx.k2.id)).toEqual([]);
      await expect(store.insertGoal(goal(fx.k, { courseId: randomUUID() }))).rejects.toThrow();
    });
    it('changes a goal only from the expected state, including back to null; an empty change is a no-op', async () => {
      const agreed = { state: 'agreed', agreedAt: at(20), agreedBy: 'client' as const, agreementRecordedBy: 'therapist' as const, agreementWordsEnc: 'v1.w.x', updatedAt: at(20) };
      expect(await store.updateGoal(g1.id, 'proposed', agreed)).toBe(true);
      expect(await store.updateGoal(g1.id, 'proposed', { state: 'declined', updatedAt: at(21) })).toBe(false);
      expect(await store.findGoal(g1.id)).toEqual({ ...g1, ...agreed });
      expect(await store.updateGoal(g1.id, 'agreed', { gasWeight: null, cuesEnc: null, focus: 'relationship', updatedAt: at(22) })).toBe(true);
      expect(await store.findGoal(g1.id)).toEqual({ ...g1, ...agreed, gasWeight: null, cuesEnc: null, focus: 'relationship', updatedAt: at(22) });
      expect(await store.updateGoal(g1.id, 'anything', {})).toBe(true);
      expect(await store.updateGoal(randomUUID(), 'proposed', { state: 'agreed' })).toBe(false);
    });
    it('keeps goal ratings (negative GAS levels as numbers) in time order, and refuses a rating of an unknown goal', async () => {
      const r = (over: Partial<GoalRatingRow>): GoalRatingRow => ({ id: randomUUID(), goalId: g1.id, courseId: fx.k.id, kind: 'progress', at: at(30), value: 4, recordedBy: 'client', ...over });
      const late = r({ at: at(40), value: 7 });
      const gas = r({ kind: 'gas', at: at(35), value: -2, recordedBy: 'therapist', goalId: g2.id });
      const early = r({ at: at(30), value: 0 });
      for (const x of [late, gas, early]) await store.insertGoalRating(x);
      const got = await store.listGoalRatings(fx.k.id);
      expect(got).toEqual([early, gas, late]);
      expect(got.map((x) => typeof x.value)).toEqual(['number', 'number', 'number']);
      expect(await store.listGoalRatings(fx.k2.id)).toEqual([]);
      await expect(store.insertGoalRating(r({ goalId: randomUUID() }))).rejects.toThrow();
    });
    it('keeps the ledger in seq order, refuses a taken seq in the same course (never forks), allows it in another', async () => {
      const e2 = ledger(fx.k, 2, { kind: 'confirmation', side: 'client', recordedBy: 'therapist', wordsEnc: 'v1.words.x', allianceType: null, frequency: null, statementEnc: null });
      const e1 = ledger(fx.k, 1, { reviewPoint: '{"kind":"after_sessions","sessions":6}' });
      const e3 = ledger(fx.k, 3, { kind: 'decline', reasonEnc: 'v1.reason.x', supersedes: e1.agreementId });
      for (const e of [e2, e1, e3]) await store.appendLedgerEntry(e);
      const got = await store.listLedger(fx.k.id);
      expect(got).toEqual([e1, e2, e3]);
      expect(typeof got[0]!.seq).toBe('number');
      await expect(store.appendLedgerEntry(ledger(fx.k, 2))).rejects.toThrow();
      const other = ledger(fx.k2, 2);
      await store.appendLedgerEntry(other);
      expect(await store.listLedger(fx.k2.id)).toEqual([other]);
      expect(await store.listLedger(fx.k.id)).toEqual([e1, e2, e3]);
      await expect(store.appendLedgerEntry(ledger({ ...fx.k, id: randomUUID() }, 1))).rejects.toThrow();
    });
    it('keeps phase changes in time order (ties by id) and refuses an unknown course', async () => {
      const [x, y] = [randomUUID(), randomUUID()].sort();
      const p2 = { id: y!, courseId: fx.k.id, at: at(50), phase: 'termination' as const };
      const p1 = { id: x!, courseId: fx.k.id, at: at(50), phase: 'middle' as const };
      const p0 = { id: randomUUID(), courseId: fx.k.id, at: at(10), phase: 'beginning' as const };
      for (const p of [p2, p1, p0]) await store.insertPhaseChange(p);
      expect(await store.listPhaseChanges(fx.k.id)).toEqual([p0, p1, p2]);
      expect(await store.listPhaseChanges(fx.k2.id)).toEqual([]);
      await expect(store.insertPhaseChange({ ...p0, id: randomUUID(), courseId: randomUUID() })).rejects.toThrow();
    });
    it('keeps one snapshot per (course, session): a second put replaces it; lists by time; deletes by session', async () => {
      const [s1, s2, s3] = [randomUUID(), randomUUID(), randomUUID()];
      const a = snapshot(fx.k, s1!, { at: at(30) });
      const b = snapshot(fx.k, s2!, { at: at(10), mass: 1, dominant: 'supportive' });
      const c = snapshot(fx.k, s3!, { at: at(20) });
      const elsewhere = snapshot(fx.k2, s1!, { at: at(5) });
      for (const s of [a, b, c, elsewhere]) await store.putAllianceSnapshot(s);
      expect(await store.listAllianceSnapshots(fx.k.id)).toEqual([b, c, a]);
      // Replacing keeps the first row's id and takes every other field from the new one.
      const a2 = snapshot(fx.k, s1!, { at: at(31), inputsKey: 'inputs-2', dominant: 'directive', mass: 0.5, evidenceEnc: 'v1.ev.y', computedAt: at(32) });
      await store.putAllianceSnapshot(a2);
      const got = await store.listAllianceSnapshots(fx.k.id);
      expect(got).toEqual([b, c, { ...a2, id: a.id }]);
      expect(got.map((s) => typeof s.mass)).toEqual(['number', 'number', 'number']);
      await store.deleteAllianceSnapshots(fx.k.id, []);
      expect(await store.listAllianceSnapshots(fx.k.id)).toHaveLength(3);
      await store.deleteAllianceSnapshots(fx.k.id, [s1!, s3!, randomUUID()]);
      expect(await store.listAllianceSnapshots(fx.k.id)).toEqual([b]);
      expect(await store.listAllianceSnapshots(fx.k2.id)).toEqual([elsewhere]); // same session id, other course: kept
      await expect(store.putAllianceSnapshot(snapshot({ ...fx.k, id: randomUUID() }, s1!))).rejects.toThrow();
    });
    it('keeps a snapshot’s mass to at least single precision on both databases', async () => {
      const s = snapshot(fx.k2, randomUUID(), { mass: 2 / 3 });
      await store.putAllianceSnapshot(s);
      const [got] = (await store.listAllianceSnapshots(fx.k2.id)).filter((x) => x.id === s.id);
      expect(typeof got!.mass).toBe('number');
      expect(got!.mass).toBeCloseTo(2 / 3, 6);
      expect(Math.fround(got!.mass)).toBe(Math.fround(2 / 3));
    });
  });

  describe('keys and seals', () => {
    it('keeps the account key (made on first use) and stores a re-wrapped one', async () => {
      const key = await store.findAccountKey();
      expect(key).toMatchObject({ wrapped: expect.any(String), masterKeyId: expect.any(String) });
      const user0 = (await store.findUserById(fx.t.id))!;
      w.deps.vault.rotateMasterKey();
      const rewrapped = w.deps.vault.rewrap(key!);
      expect(rewrapped.masterKeyId).not.toBe(key!.masterKeyId);
      await store.updateAccountKey(rewrapped);
      expect(await store.findAccountKey()).toEqual(rewrapped);
      expect(await store.findUserById(fx.t.id)).toEqual(user0); // still opens under the new wrapping
      expect(await store.findUserByEmail(user0.email)).toEqual(user0);
    });
    it('seals accounts and invites written before identities were sealed, once', async () => {
      const legacy = { id: randomUUID(), invite: randomUUID(), email: 'Legacy.Person@Example.org', name: 'Legacy Person' };
      await store.loadTable('users', [{
        id: legacy.id, practice_id: fx.p.id, email_hash: legacy.email, email_enc: null, display_name_enc: legacy.name, password_hash: null,
        roles: 'therapist', status: 'active', client_id: null, totp_secret: null, totp_last_step: null, mfa_enabled: 0, created_at: T0, updated_at: T0,
      }]);
      await store.loadTable('invites', [{
        id: legacy.invite, practice_id: fx.p.id, token_hash: `legacy-${legacy.invite}`, email_hash: 'Invited@Example.org', email_enc: null,
        roles: 'therapist', client_id: null, created_by: fx.t.id, created_at: T0, expires_at: at(10_000), used_at: null,
      }]);
      const kysely = store as unknown as KyselyStore;
      expect(await kysely.sealAccountIdentities()).toBe(2);
      expect(await store.findUserByEmail('legacy.person@example.org')).toMatchObject({ id: legacy.id, email: 'legacy.person@example.org', displayName: legacy.name });
      expect(await store.findInviteByTokenHash(`legacy-${legacy.invite}`)).toMatchObject({ email: 'invited@example.org' });
      expect(await kysely.sealAccountIdentities()).toBe(0);
    });
    it('was sealed at open: a second seal does nothing; the checkpoint carries the head and a MAC', async () => {
      const before = (await store.integrity())!;
      expect(before).toMatchObject({ since: { seq: expect.any(Number), hash: expect.any(String), at: expect.any(String) }, mac: expect.any(String) });
      expect(await store.sealIntegrity(at(500))).toBe(false);
      expect((await store.integrity())!.mac).toBe(before.mac);
      const head = await store.auditHead();
      const cp = await store.auditCheckpoint();
      expect(cp).toEqual({ seq: head.seq, hash: head.hash, mac: expect.any(String) });
      expect(typeof cp.seq).toBe('number');
    });
    it('re-wraps the integrity key under the current master key; the MAC keys stay the same', async () => {
      const before = (await store.integrity())!;
      const oldKeyId = await store.integrityMasterKeyId();
      expect(oldKeyId).toEqual(expect.any(String));
      const newKeyId = w.deps.vault.rotateMasterKey();
      await store.rewrapIntegrityKey();
      expect(await store.integrityMasterKeyId()).toBe(newKeyId);
      expect(newKeyId).not.toBe(oldKeyId);
      const after = (await store.integrity())!;
      expect(Buffer.from(after.keys.chain).equals(Buffer.from(before.keys.chain))).toBe(true);
      expect(Buffer.from(after.keys.records).equals(Buffer.from(before.keys.records))).toBe(true);
      expect(after.since).toEqual(before.since);
      expect(await verifyStore(store)).toMatchObject({ ok: true });
    });
    it('pages every sealed record in id order, each with its seal and audit length', async () => {
      expect([...store.sealedTables()].sort()).toEqual(['alliance_ledger', 'goal_ratings', 'measure_responses']);
      const pages: number[] = [];
      const seen: string[] = [];
      for await (const page of store.sealedRecordPages('measure_responses', 4)) {
        pages.push(page.length);
        for (const r of page) {
          expect(r).toMatchObject({ table: 'measure_responses', seal: expect.any(String), auditSeq: expect.any(Number) });
          seen.push(r.id);
        }
      }
      const all = await store.listResponsesOfClients([fx.c.id, fx.c2.id]);
      expect(seen).toEqual(ids(all).sort());
      expect(pages.every((n) => n <= 4)).toBe(true);
      const ledgerIds: string[] = [];
      for await (const page of store.sealedRecordPages('alliance_ledger', 100)) ledgerIds.push(...page.map((r) => r.id));
      expect(ledgerIds.sort()).toEqual(ids([...await store.listLedger(fx.k.id), ...await store.listLedger(fx.k2.id)]).sort());
      expect(await verifyStore(store)).toMatchObject({ ok: true, records: { ok: true, checked: seen.length + ledgerIds.length + (await store.listGoalRatings(fx.k.id)).length } });
    });
    it('seals afresh over an existing key when asked (a restore of an older backup)', async () => {
      const before = (await store.integrity())!;
      expect(await store.sealIntegrity(at(600), { replace: true })).toBe(true);
      const after = (await store.integrity())!;
      expect(after.since.at).toBe(at(600));
      expect(Buffer.from(after.keys.chain).equals(Buffer.from(before.keys.chain))).toBe(false);
    });
  });

  it('called every clinical method on this dialect', () => {
    expect(CLINICAL_METHODS.filter((m) => !called.has(m))).toEqual([]);
  });
});
