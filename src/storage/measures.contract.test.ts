/**
 * The contract of the measures port (services/ports/measures.ts, storage/measures-store.ts): instrument definitions, schedules, responses (sealed at write; a correction supersedes once) and the score series the caseload and charts read.
 * Run on SQLite and PostgreSQL in the same run (contract-support.ts), everything seeded through the
 * Store itself; the last test of each dialect fails when a port method was not called there.
 */
import { randomUUID } from 'node:crypto';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { TestWorld } from '../../test/support/harness.ts';
import type { ResponseRow, ScheduleRow, SeriesPointsQuery, Store } from '../services/ports.ts';
import type { Fixture } from './contract-support.ts';
import { at, clinicalBase, course, DIALECTS, ids, portMethodsOf, response, world } from './contract-support.ts';
import { KyselyMeasuresStore } from './measures-store.ts';

describe.each(DIALECTS)('Measures store contract on %s', (dialect) => {
  let w: TestWorld;
  let store: Store;
  let fx: Fixture;
  const called = new Set<string>();
  beforeAll(async () => {
    w = await world(dialect, undefined, called);
    store = w.deps.store;
    fx = await clinicalBase(store);
  });
  afterAll(async () => {
    await w?.close();
  });

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
        id: randomUUID(),
        courseId: fx.k.id,
        clientId: fx.c.id,
        instrumentCode: 'phq9',
        cadence: 'every_n_sessions',
        everyN: 4,
        active: true,
        createdBy: fx.t.id,
        createdAt: at(2),
        updatedAt: at(2),
      };
      const s2: ScheduleRow = {
        ...s1,
        id: randomUUID(),
        instrumentCode: 'gad7',
        cadence: 'intake',
        everyN: null,
        active: false,
        createdAt: at(1),
        updatedAt: at(1),
      };
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
        id: randomUUID(),
        courseId: fx.k2.id,
        clientId: fx.c.id,
        instrumentCode: 'ors',
        cadence: 'before_every_session',
        everyN: null,
        active: true,
        createdBy: fx.t.id,
        createdAt: at(0),
        updatedAt: at(0),
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
      made.frac = response(fx.k3, {
        total: 7.5,
        caseness: false,
        safetyFlagged: true,
        completedAt: at(10),
        createdAt: at(10),
        sessionId: randomUUID(),
        scheduleId: randomUUID(),
      });
      made.invalid = response(fx.k3, {
        valid: false,
        total: null,
        bandLabel: null,
        bandSeverity: null,
        caseness: null,
        invalidReason: 'too many items missing',
        completedAt: at(20),
        createdAt: at(20),
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
      expect(await store.listResponsesOfClients([fx.c2.id, fx.c.id])).toEqual(await store.listResponsesOfClients([fx.c2.id]));
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
      // In instrument order; first = the correction (the superseded original is left out), then the two latest valid ones.
      expect(got.map((r) => r.instrumentCode)).toEqual([...got.map((r) => r.instrumentCode)].sort());
      const phq = got.find((r) => r.instrumentCode === 'phq9')!;
      expect(phq).toEqual({
        clientId: fx.c.id,
        courseId: k.id,
        instrumentCode: 'phq9',
        first: { id: fix.id, completedAt: at(50), total: 26 },
        latest: { id: s[3]!.id, completedAt: at(300), total: 12.5, bandLabel: 'Moderate', bandSeverity: 'moderate', caseness: false },
        totals: [14, 12.5],
      });
      expect(got.find((r) => r.instrumentCode === 'ors')).toEqual({
        clientId: fx.c.id,
        courseId: k.id,
        instrumentCode: 'ors',
        first: { id: ors.id, completedAt: at(150), total: 31.25 },
        latest: { id: ors.id, completedAt: at(150), total: 31.25, bandLabel: 'Moderate', bandSeverity: 'moderate', caseness: null },
        totals: [31.25],
      });
      // Fewer points than asked for: all of them, the first among them.
      const wide = (await store.listRecentScores([k.id], 10)).find((r) => r.instrumentCode === 'phq9')!;
      expect(wide.totals).toEqual([26, 20, 18, 14, 12.5]);
      expect(wide.first.id).toBe(fix.id);
      expect(typeof wide.latest.total).toBe('number');
      // caseness: true, false and null read back as they were written.
      expect((await store.listRecentScores([k.id], 1)).filter((r) => r.instrumentCode !== 'gad7').map((r) => r.latest.caseness)).toEqual([null, false]);
      await store.insertResponse(response(k, { completedAt: at(500), createdAt: at(500), total: 21, caseness: true, bandLabel: null, bandSeverity: null }));
      expect((await store.listRecentScores([k.id], 1)).find((r) => r.instrumentCode === 'phq9')!.latest).toMatchObject({
        total: 21,
        caseness: true,
        bandLabel: null,
        bandSeverity: null,
      });
      expect(await store.listRecentScores([], 3)).toEqual([]);
      expect(await store.listRecentScores([fx.k.id], 3)).toEqual([]);
      // Several courses in one call: each keeps its own series.
      const both = await store.listRecentScores([k.id, fx.k3.id], 1);
      const k3 = both.filter((r) => r.courseId === fx.k3.id);
      expect(k3.map((r) => [r.first.id, r.latest.id, r.totals.length])).toEqual([[made.early!.id, made.correction!.id, 1]]);
      expect(both.filter((r) => r.courseId === k.id).map((r) => r.instrumentCode)).toEqual(got.map((r) => r.instrumentCode));
      // More totals than measure_series keeps (24): computed from the responses, the same answer.
      for (let i = 0; i < 26; i++) await store.insertResponse(response(k, { completedAt: at(600 + i), createdAt: at(600 + i), total: i }));
      const many = (await store.listRecentScores([k.id], 30)).find((r) => r.instrumentCode === 'phq9')!;
      expect(many.totals).toEqual([18, 14, 12.5, 21, ...Array.from({ length: 26 }, (_, i) => i)]);
      expect((await store.listRecentScores([k.id], 24)).find((r) => r.instrumentCode === 'phq9')!.totals).toEqual(many.totals.slice(-24));
      // By client: every course of the client, as by course (the kept summary, and computed beyond it).
      const ofC = (await store.listCoursesOfClients([fx.c.id])).map((x) => x.id);
      for (const n of [6, 30]) expect(await store.listRecentScoresOfClients([fx.c.id], n)).toEqual(await store.listRecentScores(ofC, n));
      expect((await store.listRecentScoresOfClients([fx.c.id], 6)).some((r) => r.courseId === k.id)).toBe(true);
      expect(await store.listRecentScoresOfClients([randomUUID()], 6)).toEqual([]);
      expect(await store.listRecentScoresOfClients([], 6)).toEqual([]);
      // The summary rebuilt from the responses (a restore, migration 0031) gives what the writes kept.
      const before = await Promise.all([1, 6, 24, 30].map((n) => store.listRecentScores([k.id, fx.k3.id], n)));
      expect(await store.rebuildMeasureSeries()).toBeGreaterThanOrEqual(3);
      expect(await Promise.all([1, 6, 24, 30].map((n) => store.listRecentScores([k.id, fx.k3.id], n)))).toEqual(before);
    });

    it('keeps each series summary equal to the one computed from its responses after every write: in order, late, tied, invalid, corrected (random walk, fixed seed)', async () => {
      const k = course(fx.c);
      await store.insertCourse(k);
      let seed = 20261202;
      const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
      const written: ResponseRow[] = [];
      let minute = 1000;
      let created = 0;
      for (let step = 0; step < 70; step++) {
        const roll = rand();
        const instrumentCode = rand() < 0.7 ? 'phq9' : 'gad7';
        const same = written.filter((r) => r.instrumentCode === instrumentCode);
        const latest = same.reduce((m, r) => (r.completedAt > m ? r.completedAt : m), '');
        // Mostly later than every point so far; some entered late, some at the latest point's very minute.
        const completedAt =
          roll < 0.7 || !latest ? at((minute += 1 + Math.floor(rand() * 3))) : roll < 0.85 ? at(minute - 5 - Math.floor(rand() * 40)) : latest;
        const corrects = rand() < 0.1 && same.length ? same[Math.floor(rand() * same.length)] : undefined;
        const r = response(k, {
          instrumentCode,
          completedAt: corrects?.completedAt ?? completedAt,
          createdAt: at(5000 + created++),
          total: Math.floor(rand() * 28) + (rand() < 0.2 ? 0.5 : 0),
          valid: rand() > 0.1,
          caseness: rand() < 0.5,
          supersedesId: corrects?.id ?? null,
        });
        await store.insertResponse(r);
        written.push(r);
        // The kept summary (24 totals at most) against the answer computed from the responses (asked for more than it keeps).
        const kept = await store.listRecentScores([k.id], 24);
        const computed = (await store.listRecentScores([k.id], 30)).map((x) => ({ ...x, totals: x.totals.slice(-24) }));
        expect(kept, `after step ${step}`).toEqual(computed);
      }
      expect(written.filter((r) => r.supersedesId).length).toBeGreaterThan(2);
      expect((await store.listRecentScores([k.id], 24)).find((x) => x.instrumentCode === 'phq9')!.totals.length).toBe(24);
    });

    it("keeps both of two responses written to one series at once in its summary (PostgreSQL: the second writer waits for the first's lock)", async () => {
      const k = course(fx.c);
      await store.insertCourse(k);
      let entered!: () => void;
      const aInserted = new Promise<void>((r) => (entered = r));
      const a = store.transaction(async (tx) => {
        await tx.insertResponse(response(k, { completedAt: at(100), createdAt: at(100), total: 5 }));
        entered();
        // Held open while the other writer reaches the same series.
        await new Promise((r) => setTimeout(r, 150));
      });
      await aInserted;
      const b = store.transaction((tx) => tx.insertResponse(response(k, { completedAt: at(200), createdAt: at(200), total: 7 })));
      await Promise.all([a, b]);
      expect((await store.listRecentScores([k.id], 6)).map((r) => r.totals)).toEqual([[5, 7]]);
    });

    it("keeps each series' summary with its writes: a correction recorded under another instrument empties the series it leaves", async () => {
      const k = course(fx.c);
      await store.insertCourse(k);
      const only = response(k, { completedAt: at(100), createdAt: at(100), total: 12 });
      await store.insertResponse(only);
      expect((await store.listRecentScores([k.id], 3)).map((r) => [r.instrumentCode, r.totals])).toEqual([['phq9', [12]]]);
      await store.insertResponse(response(k, { instrumentCode: 'gad7', completedAt: at(100), createdAt: at(110), total: 8, supersedesId: only.id }));
      expect((await store.listRecentScores([k.id], 3)).map((r) => [r.instrumentCode, r.totals])).toEqual([['gad7', [8]]]);
    });
  });

  it('series points: current valid points of one series from either end, narrowed by time, total, change and position; the instruments of a course', async () => {
    const k = course(fx.c);
    await store.insertCourse(k);
    const p = (min: number, total: number, over: Partial<ResponseRow> = {}) => response(k, { completedAt: at(min), createdAt: at(min), total, ...over });
    const a = p(10, 15);
    const b = p(20, 22);
    const corrected = p(30, 5);
    const fix = p(30, 21, { createdAt: at(31), supersedesId: corrected.id });
    const tie1 = p(40, 9, { createdAt: at(41) });
    const tie2 = p(40, 8, { createdAt: at(42) });
    const invalid = p(50, 3, { valid: false });
    const badFix = p(60, 0, { valid: false, total: null, supersedesId: b.id }); // an invalid correction leaves its original current
    const gad = p(35, 12, { instrumentCode: 'gad7' });
    for (const r of [a, b, corrected, fix, tie1, tie2, invalid, badFix, gad]) await store.insertResponse(r);
    const q = (x: Partial<SeriesPointsQuery>) => store.listSeriesPoints({ courseId: k.id, instrumentCode: 'phq9', from: 'first', ...x });
    expect(ids(await q({}))).toEqual(ids([a, b, fix, tie1, tie2]));
    expect(ids(await q({ limit: 1 }))).toEqual([a.id]);
    // From the latest: the last two, oldest first; ties in time ordered by creation.
    expect(ids(await q({ from: 'last', limit: 2 }))).toEqual(ids([tie1, tie2]));
    expect(ids(await q({ from: 'last', limit: 1, upTo: at(30) }))).toEqual([fix.id]);
    expect(ids(await q({ after: fix }))).toEqual(ids([tie1, tie2]));
    expect(ids(await q({ after: tie1 }))).toEqual([tie2.id]);
    expect(ids(await q({ totalAtLeast: 21 }))).toEqual(ids([b, fix]));
    expect(ids(await q({ totalAtMost: 9 }))).toEqual(ids([tie1, tie2]));
    // Changed from 15 by at least 6: worse when higher is worse is 21 and up; better is 9 and down.
    expect(ids(await q({ change: { from: 15, by: 6, toward: 'worse', higherIsBetter: false } }))).toEqual(ids([b, fix]));
    expect(ids(await q({ change: { from: 15, by: 7, toward: 'worse', higherIsBetter: false } }))).toEqual(ids([b]));
    expect(ids(await q({ change: { from: 15, by: 6, toward: 'better', higherIsBetter: false } }))).toEqual(ids([tie1, tie2]));
    expect(ids(await q({ change: { from: 15, by: 6, toward: 'worse', higherIsBetter: true } }))).toEqual(ids([tie1, tie2]));
    expect(ids(await q({ change: { from: 15, by: 6, toward: 'better', higherIsBetter: true }, limit: 1 }))).toEqual([b.id]);
    const [row] = await q({ limit: 1 });
    expect(row).toEqual({ id: a.id, completedAt: a.completedAt, createdAt: a.createdAt, total: a.total });
    expect(await store.listSeriesPoints({ courseId: k.id, instrumentCode: 'ors', from: 'first' })).toEqual([]);
    expect(await store.listInstrumentsOfCourse(k.id)).toEqual(['gad7', 'phq9']);
    const empty = course(fx.c);
    await store.insertCourse(empty);
    expect(await store.listInstrumentsOfCourse(empty.id)).toEqual([]);
  });

  it('outcome checks: queued, listed oldest first, claimed exactly once (of two claims at once, one wins), and a claim undone with its transaction', async () => {
    const k = course(fx.c);
    await store.insertCourse(k);
    const check = (min: number) => ({ id: randomUUID(), clientId: fx.c.id, courseId: k.id, queuedAt: at(min) });
    const later = check(20);
    const earlier = check(10);
    await store.queueOutcomeCheck(later);
    await store.queueOutcomeCheck(earlier);
    await expect(store.queueOutcomeCheck(earlier)).rejects.toThrow(); // one check a response
    expect(await store.listOutcomeChecks(10)).toEqual([earlier, later]);
    expect(await store.listOutcomeChecks(1)).toEqual([earlier]);
    // A claim inside a transaction that fails is undone: the check is owed again.
    await expect(
      store.transaction(async (tx) => {
        expect(await tx.claimOutcomeCheck(earlier.id)).toBe(true);
        throw new Error('the rules failed');
      }),
    ).rejects.toThrow('the rules failed');
    expect(await store.listOutcomeChecks(10)).toEqual([earlier, later]);
    const claims = await Promise.all([
      store.transaction((tx) => tx.claimOutcomeCheck(earlier.id)),
      store.transaction((tx) => tx.claimOutcomeCheck(earlier.id)),
    ]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await store.claimOutcomeCheck(randomUUID())).toBe(false);
    expect(await store.claimOutcomeCheck(later.id)).toBe(true);
    expect(await store.listOutcomeChecks(10)).toEqual([]);
  });

  it('called every measures port method on this dialect', () => {
    expect(portMethodsOf(KyselyMeasuresStore).filter((m) => !called.has(m))).toEqual([]);
  });
});
