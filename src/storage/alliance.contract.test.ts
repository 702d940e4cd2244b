/**
 * The contract of the alliance port (services/ports/alliance.ts, storage/alliance-store.ts): Expectations checks, goals and their ratings, the ledger (never forks), phase changes and snapshots.
 * Run on SQLite and PostgreSQL in the same run (contract-support.ts), everything seeded through the
 * Store itself; the last test of each dialect fails when a port method was not called there.
 */
import { randomUUID } from 'node:crypto';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { TestWorld } from '../../test/support/harness.ts';
import type { ExpectationsResponseRow, GoalRatingRow, GoalRow, Store } from '../services/ports.ts';
import type { Fixture } from './contract-support.ts';
import { at, clinicalBase, course, DIALECTS, ids, portMethodsOf, goal, ledger, snapshot, world } from './contract-support.ts';
import { KyselyAllianceStore } from './alliance-store.ts';

describe.each(DIALECTS)('Alliance store contract on %s', (dialect) => {
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

  describe('alliance ledger', () => {
    it('lists a course’s Expectations checks by answer time (ties by id), nulls kept, and refuses an unknown course', async () => {
      const [x, y] = [randomUUID(), randomUUID()].sort();
      const mk = (id: string, answeredAt: string, over: Partial<ExpectationsResponseRow> = {}): ExpectationsResponseRow => ({
        id,
        courseId: fx.k.id,
        clientId: fx.c.id,
        side: 'client',
        answeredAt,
        enteredBy: fx.t.id,
        answersEnc: 'v1.ans.x',
        freeTextEnc: null,
        cuesEnc: null,
        cuesVersion: null,
        createdAt: answeredAt,
        ...over,
      });
      const r2 = mk(y!, at(5), { side: 'therapist', freeTextEnc: 'v1.free.x', cuesEnc: 'v1.cues.x', cuesVersion: 2 });
      const r1 = mk(x!, at(5));
      const r0 = mk(randomUUID(), at(1));
      for (const r of [r2, r1, r0]) await store.insertExpectationsResponse(r);
      expect(await store.listExpectationsResponses(fx.k.id)).toEqual([r0, r1, r2]);
      expect(await store.listExpectationsResponses(fx.k3.id)).toEqual([]);
      await expect(store.insertExpectationsResponse(mk(randomUUID(), at(6), { courseId: randomUUID() }))).rejects.toThrow();
    });

    let g1: GoalRow;
    let g2: GoalRow;
    it('round-trips goals (GAS weight a number or null), lists them by proposal time, and refuses an unknown course', async () => {
      g1 = goal(fx.k, { proposedAt: at(10), gasWeight: 0.25, gasDescriptionsEnc: 'v1.gas.x', cuesEnc: 'v1.cues.x', cuesVersion: 2 });
      g2 = goal(fx.k, { proposedAt: at(5), author: 'therapist' });
      await store.insertGoal(g1);
      await store.insertGoal(g2);
      expect(await store.findGoal(g1.id)).toEqual(g1);
      expect(typeof (await store.findGoal(g1.id))!.gasWeight).toBe('number');
      // The cue rules' version comes back a number on both databases (0015).
      expect(typeof (await store.findGoal(g1.id))!.cuesVersion).toBe('number');
      expect(await store.findGoal(g2.id)).toEqual(g2);
      expect(await store.findGoal(randomUUID())).toBeUndefined();
      expect(ids(await store.listGoals(fx.k.id))).toEqual([g2.id, g1.id]);
      expect(await store.listGoals(fx.k2.id)).toEqual([]);
      await expect(store.insertGoal(goal(fx.k, { courseId: randomUUID() }))).rejects.toThrow();
    });
    it('changes a goal only from the expected state, including back to null; an empty change is a no-op', async () => {
      const agreed = {
        state: 'agreed',
        agreedAt: at(20),
        agreedBy: 'client' as const,
        agreementRecordedBy: 'therapist' as const,
        agreementWordsEnc: 'v1.w.x',
        updatedAt: at(20),
      };
      // Only a goal in the agreed state counts: two proposed goals are not one agreed.
      expect(await store.courseHasAgreedGoal(fx.k.id)).toBe(false);
      expect(await store.updateGoal(g1.id, 'proposed', agreed)).toBe(true);
      expect(await store.courseHasAgreedGoal(fx.k.id)).toBe(true);
      expect(await store.courseHasAgreedGoal(fx.k2.id)).toBe(false);
      expect(await store.updateGoal(g1.id, 'proposed', { state: 'declined', updatedAt: at(21) })).toBe(false);
      expect(await store.findGoal(g1.id)).toEqual({ ...g1, ...agreed });
      expect(await store.updateGoal(g1.id, 'agreed', { gasWeight: null, cuesEnc: null, focus: 'relationship', updatedAt: at(22) })).toBe(true);
      expect(await store.findGoal(g1.id)).toEqual({ ...g1, ...agreed, gasWeight: null, cuesEnc: null, focus: 'relationship', updatedAt: at(22) });
      // Cue evidence read again by newer rules is stored with their version.
      expect(await store.updateGoal(g1.id, 'agreed', { cuesEnc: 'v1.cues.y', cuesVersion: 3, updatedAt: at(23) })).toBe(true);
      expect(await store.findGoal(g1.id)).toMatchObject({ cuesEnc: 'v1.cues.y', cuesVersion: 3, updatedAt: at(23) });
      expect(await store.updateGoal(g1.id, 'agreed', { cuesEnc: null, cuesVersion: null, updatedAt: at(22) })).toBe(true);
      expect(await store.updateGoal(g1.id, 'anything', {})).toBe(true);
      expect(await store.updateGoal(randomUUID(), 'proposed', { state: 'agreed' })).toBe(false);
      // An achieved goal is no longer agreed; agreed again, it counts again.
      expect(await store.updateGoal(g1.id, 'agreed', { state: 'achieved', updatedAt: at(24) })).toBe(true);
      expect(await store.courseHasAgreedGoal(fx.k.id)).toBe(false);
      expect(await store.updateGoal(g1.id, 'achieved', { state: 'agreed', updatedAt: at(22) })).toBe(true);
      expect(await store.courseHasAgreedGoal(fx.k.id)).toBe(true);
    });
    it('keeps goal ratings (negative GAS levels as numbers) in time order, and refuses a rating of an unknown goal', async () => {
      const r = (over: Partial<GoalRatingRow>): GoalRatingRow => ({
        id: randomUUID(),
        goalId: g1.id,
        courseId: fx.k.id,
        kind: 'progress',
        at: at(30),
        value: 4,
        recordedBy: 'client',
        // Recorded later than given (entered after the fact): the order is the time it was given.
        recordedAt: at(50),
        ...over,
      });
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
      const e2 = ledger(fx.k, 2, {
        kind: 'confirmation',
        side: 'client',
        recordedBy: 'therapist',
        wordsEnc: 'v1.words.x',
        allianceType: null,
        frequency: null,
        statementEnc: null,
      });
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
    it('a refused append inside a transaction leaves the transaction usable (the caller can still read the ledger)', async () => {
      const seen = await store.transaction(async (tx) => {
        await expect(tx.appendLedgerEntry(ledger(fx.k, 1))).rejects.toThrow();
        return (await tx.listLedger(fx.k.id)).map((e) => e.seq);
      });
      expect(seen).toEqual([1, 2, 3]);
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
      // Replacing takes every field from the new one, its id too (the evidence is sealed bound to it).
      const a2 = snapshot(fx.k, s1!, { at: at(31), inputsKey: 'inputs-2', dominant: 'directive', mass: 0.5, evidenceEnc: 'v1.ev.y', computedAt: at(32) });
      await store.putAllianceSnapshot(a2);
      const got = await store.listAllianceSnapshots(fx.k.id);
      expect(got).toEqual([b, c, a2]);
      expect(got.map((s) => typeof s.mass)).toEqual(['number', 'number', 'number']);
      // The keys are the same snapshots, in the same order, without numbers or evidence.
      expect(await store.listAllianceSnapshotKeys(fx.k.id)).toEqual([b, c, a2].map(({ sessionId, at, inputsKey }) => ({ sessionId, at, inputsKey })));
      expect(await store.listAllianceSnapshotKeys(randomUUID())).toEqual([]);
      await store.deleteAllianceSnapshots(fx.k.id, []);
      expect(await store.listAllianceSnapshots(fx.k.id)).toHaveLength(3);
      await store.deleteAllianceSnapshots(fx.k.id, [s1!, s3!, randomUUID()]);
      expect(await store.listAllianceSnapshots(fx.k.id)).toEqual([b]);
      expect(await store.listAllianceSnapshots(fx.k2.id)).toEqual([elsewhere]); // same session id, other course: kept
      await expect(store.putAllianceSnapshot(snapshot({ ...fx.k, id: randomUUID() }, s1!))).rejects.toThrow();
    });
    it('puts many snapshots at once: new ones inserted, existing ones replaced — with the id their evidence is sealed to, so a concurrent recompute’s row stays readable — in statements of bounded size', async () => {
      const first = snapshot(fx.k2, randomUUID(), { at: at(40) });
      await store.putAllianceSnapshots([]);
      await store.putAllianceSnapshots([first]);
      const many = Array.from({ length: 450 }, (_, i) => snapshot(fx.k2, randomUUID(), { at: at(100 + i), mass: i / 7 }));
      const replaced = snapshot(fx.k2, first.sessionId, {
        at: at(41),
        inputsKey: 'inputs-3',
        dominant: 'mixed',
        mass: 0.25,
        evidenceEnc: 'v1.ev.z',
        computedAt: at(42),
      });
      await store.putAllianceSnapshots([...many, replaced]);
      const got = (await store.listAllianceSnapshots(fx.k2.id)).filter((s) => s.id === replaced.id || many.some((m) => m.id === s.id));
      expect(got).toHaveLength(451);
      expect(got.find((s) => s.sessionId === first.sessionId)).toEqual(replaced);
      expect(Math.fround(got.find((s) => s.id === many[449]!.id)!.mass)).toBe(Math.fround(449 / 7));
      await store.deleteAllianceSnapshots(fx.k2.id, [first.sessionId, ...many.map((m) => m.sessionId)]);
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

  it('glances at many courses in one call: the agreed type of the latest confirmation and the latest inferences, oldest first', async () => {
    const x = course(fx.c2);
    const y = course(fx.c2);
    const none = course(fx.c2);
    for (const k of [x, y, none]) await store.insertCourse(k);
    // x: working agreed, then a shift to therapeutic confirmed, then a proposal still pending.
    const a1 = ledger(x, 1, { allianceType: 'working' });
    const a2 = ledger(x, 2, { kind: 'confirmation', agreementId: a1.agreementId, side: 'client', allianceType: null, frequency: null, statementEnc: null });
    const b1 = ledger(x, 3, { allianceType: 'therapeutic', supersedes: a1.agreementId });
    const b2 = ledger(x, 4, { kind: 'confirmation', agreementId: b1.agreementId, side: 'client', allianceType: null, frequency: null, statementEnc: null });
    const c1 = ledger(x, 5, { allianceType: 'structuralizing' });
    // y: proposed, never confirmed.
    const d1 = ledger(y, 1, { allianceType: 'magical' });
    for (const e of [a1, a2, b1, b2, c1, d1]) await store.appendLedgerEntry(e);
    const kinds = ['magical', 'magical', 'working', 'mixed', 'working'];
    for (const [i, dominant] of kinds.entries()) await store.putAllianceSnapshot(snapshot(x, randomUUID(), { at: at(100 + i), dominant }));
    await store.putAllianceSnapshot(snapshot(y, randomUUID(), { at: at(7), dominant: 'not_enough_evidence' }));
    const got = await store.listCourseAllianceGlances([x.id, y.id, none.id], 3);
    expect(got).toEqual([
      { courseId: x.id, agreedType: 'therapeutic', recent: [at(102), at(103), at(104)].map((t, i) => ({ at: t, dominant: kinds[i + 2] })) },
      { courseId: y.id, agreedType: null, recent: [{ at: at(7), dominant: 'not_enough_evidence' }] },
      { courseId: none.id, agreedType: null, recent: [] },
    ]);
    expect(await store.listCourseAllianceGlances([], 3)).toEqual([]);
    // Snapshots sharing a time at the edge of the latest three: the latest in (time, type) order.
    const tied = course(fx.c2);
    await store.insertCourse(tied);
    for (const [t, dominant] of [
      [1, 'working'],
      [2, 'working'],
      [2, 'magical'],
      [3, 'mixed'],
      [0, 'therapeutic'],
    ] as const)
      await store.putAllianceSnapshot(snapshot(tied, randomUUID(), { at: at(t), dominant }));
    expect((await store.listCourseAllianceGlances([tied.id], 3))[0]!.recent).toEqual([
      { at: at(2), dominant: 'magical' },
      { at: at(2), dominant: 'working' },
      { at: at(3), dominant: 'mixed' },
    ]);
    // By client: every course of the client, each as it is by course.
    const ofClient = await store.listCourseAllianceGlancesOfClients([fx.c2.id], 3);
    const all = (await store.listCoursesOfClients([fx.c2.id])).map((k) => k.id);
    expect(ofClient.map((g) => g.courseId).sort()).toEqual([...all].sort());
    expect(
      ofClient
        .filter((g) => [x.id, y.id, none.id].includes(g.courseId))
        .sort((a, b) => got.findIndex((g) => g.courseId === a.courseId) - got.findIndex((g) => g.courseId === b.courseId)),
    ).toEqual(got);
    expect(await store.listCourseAllianceGlancesOfClients([fx.c2.id, fx.c2.id], 3)).toHaveLength(all.length);
    expect(await store.listCourseAllianceGlancesOfClients([randomUUID()], 3)).toEqual([]);
    expect(await store.listCourseAllianceGlancesOfClients([], 3)).toEqual([]);
  });

  it('called every alliance port method on this dialect', () => {
    expect(portMethodsOf(KyselyAllianceStore).filter((m) => !called.has(m))).toEqual([]);
  });
});
