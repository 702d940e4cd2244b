/**
 * The contract of the skills port (services/ports/skills.ts, storage/skills-store.ts): settings,
 * Skills checks, targets with their guarded update, the practice log, trackers and their days (one
 * per tracker and day), planned breaks, Support checks, the sharing choice, the stall sweep's
 * summaries and the alliance's one read. Run on SQLite and PostgreSQL in the same run; the last test
 * of each dialect fails when a port method was not called there.
 */
import { randomUUID } from 'node:crypto';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { TestWorld } from '../../test/support/harness.ts';
import type { PracticeLogRow, SkillTargetRow, Store } from '../services/ports.ts';
import type { Fixture } from './contract-support.ts';
import { at, clinicalBase, DIALECTS, portMethodsOf, world } from './contract-support.ts';
import { KyselySkillsStore } from './skills-store.ts';

const target = (fx: Fixture, over: Partial<SkillTargetRow> = {}): SkillTargetRow => ({
  id: randomUUID(),
  clientId: fx.c.id,
  courseId: fx.k.id,
  skillId: 'listening',
  planEnc: 'v1.plan',
  targetCount: 100,
  status: 'active',
  proposedSide: 'therapist',
  proposedBy: fx.t.id,
  proposedAt: at(0),
  activeSince: '2026-03-02',
  updatedAt: at(0),
  ...over,
});
const log = (fx: Fixture, targetId: string, practisedOn: string, over: Partial<PracticeLogRow> = {}): PracticeLogRow => ({
  id: randomUUID(),
  targetId,
  clientId: fx.c.id,
  courseId: fx.k.id,
  practisedOn,
  loggedAt: at(10),
  mode: 'real_life',
  outcome: 'went_well',
  celebrated: false,
  entryEnc: null,
  ...over,
});

describe.each(DIALECTS)('Skills store contract on %s', (dialect) => {
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

  it('keeps one skills setting per practice: set, replace', async () => {
    expect(await store.findSkillsSettings(fx.p.id)).toBeUndefined();
    await store.setSkillsSettings({ practiceId: fx.p.id, catalogueJson: null, stalledDays: 14, updatedAt: at(1), updatedBy: fx.t.id });
    expect(await store.findSkillsSettings(fx.p.id)).toEqual({
      practiceId: fx.p.id,
      catalogueJson: null,
      stalledDays: 14,
      updatedAt: at(1),
      updatedBy: fx.t.id,
    });
    await store.setSkillsSettings({ practiceId: fx.p.id, catalogueJson: '[]', stalledDays: 21, updatedAt: at(2), updatedBy: fx.t2.id });
    expect(await store.findSkillsSettings(fx.p.id)).toMatchObject({ catalogueJson: '[]', stalledDays: 21, updatedBy: fx.t2.id });
  });

  it('stores Skills checks and Support checks per course, oldest first', async () => {
    await store.insertSkillsCheck({ id: randomUUID(), clientId: fx.c.id, courseId: fx.k.id, answeredAt: at(5), answersEnc: 'v1.b' });
    const first = { id: randomUUID(), clientId: fx.c.id, courseId: fx.k.id, answeredAt: at(1), answersEnc: 'v1.a' };
    await store.insertSkillsCheck(first);
    const checks = await store.listSkillsChecks(fx.k.id);
    expect(checks.map((c) => c.answersEnc)).toEqual(['v1.a', 'v1.b']);
    expect(checks[0]).toEqual(first);
    expect(await store.listSkillsChecks(fx.k2.id)).toEqual([]);
    const support = { id: randomUUID(), clientId: fx.c.id, courseId: fx.k.id, answeredAt: at(3), calm: 1, people: 2, supportsEnc: 'v1.s' };
    await store.insertSupportCheck(support);
    expect(await store.listSupportChecks(fx.k.id)).toEqual([support]);
    await expect(store.insertSupportCheck({ ...support, id: randomUUID(), courseId: randomUUID() })).rejects.toThrow();
  });

  it('round-trips a target and updates it only at the version it was read', async () => {
    const t = target(fx, { status: 'proposed', activeSince: null });
    await store.insertSkillTarget(t);
    expect(await store.findSkillTarget(t.id)).toEqual(t);
    const agreed = { ...t, status: 'active' as const, activeSince: '2026-03-03', updatedAt: at(2) };
    expect(await store.updateSkillTarget(agreed, t.updatedAt)).toBe(true);
    expect(await store.updateSkillTarget({ ...agreed, status: 'done', updatedAt: at(3) }, t.updatedAt)).toBe(false);
    expect(await store.findSkillTarget(t.id)).toEqual(agreed);
    expect((await store.listSkillTargets(fx.k.id)).map((x) => x.id)).toEqual([t.id]);
    expect(await store.findSkillTarget(randomUUID())).toBeUndefined();
  });

  it('logs practice, marks it celebrated, and sums each active target for the stall sweep', async () => {
    const [t] = await store.listSkillTargets(fx.k.id);
    const idle = target(fx, { courseId: fx.k2.id });
    const paused = target(fx, { status: 'paused' });
    await store.insertSkillTarget(idle);
    await store.insertSkillTarget(paused);
    const a = log(fx, t!.id, '2026-03-04', { entryEnc: 'v1.e', mode: 'imagined' });
    await store.insertPracticeLog(a);
    await store.insertPracticeLog(log(fx, t!.id, '2026-03-03', { outcome: 'hard' }));
    await expect(store.insertPracticeLog(log(fx, randomUUID(), '2026-03-03'))).rejects.toThrow();
    expect(await store.findPracticeLog(a.id)).toEqual(a);
    expect((await store.listPracticeLogs(fx.k.id)).map((p) => p.practisedOn)).toEqual(['2026-03-03', '2026-03-04']);
    expect(await store.setPracticeCelebrated(a.id, true)).toBe(true);
    expect(await store.setPracticeCelebrated(randomUUID(), true)).toBe(false);
    expect((await store.findPracticeLog(a.id))?.celebrated).toBe(true);
    const sums = await store.listActiveTargetSummaries();
    const byId = new Map(sums.map((x) => [x.target.id, x]));
    expect(byId.get(t!.id)).toMatchObject({ lastPractisedOn: '2026-03-04', total: 2 });
    expect(byId.get(idle.id)).toMatchObject({ lastPractisedOn: null, total: 0 });
    expect(byId.has(paused.id)).toBe(false);
  });

  it('stores a tracker day once; a correction changes a recorded day only', async () => {
    const tr = { id: randomUUID(), clientId: fx.c.id, courseId: fx.k.id, labelEnc: 'v1.l', createdAt: at(1) };
    await store.insertTracker(tr);
    expect(await store.listTrackers(fx.k.id)).toEqual([tr]);
    const day = { trackerId: tr.id, day: '2026-03-02', kept: true, recordedAt: at(2) };
    expect(await store.insertTrackerDay(day)).toBe(true);
    expect(await store.insertTrackerDay({ ...day, kept: false, recordedAt: at(3) })).toBe(false);
    expect(await store.updateTrackerDay({ ...day, kept: false, recordedAt: at(4) })).toBe(true);
    expect(await store.updateTrackerDay({ ...day, day: '2026-03-01' })).toBe(false);
    expect(await store.insertTrackerDay({ ...day, day: '2026-03-03', recordedAt: at(5) })).toBe(true);
    expect(await store.listTrackerDays(fx.k.id)).toEqual([
      { ...day, kept: false, recordedAt: at(4) },
      { ...day, day: '2026-03-03', recordedAt: at(5) },
    ]);
    expect(await store.listTrackerDays(fx.k2.id)).toEqual([]);
  });

  it('keeps planned breaks and the sharing choice', async () => {
    const b = {
      id: randomUUID(),
      clientId: fx.c.id,
      courseId: fx.k.id,
      startsOn: '2026-04-01',
      endsOn: '2026-04-14',
      labelEnc: null,
      createdAt: at(1),
      createdBy: fx.t.id,
    };
    await store.insertPlannedBreak(b);
    expect(await store.listPlannedBreaks(fx.k.id)).toEqual([b]);
    expect(await store.findSkillsSharing(fx.c.id)).toBeUndefined();
    await store.setSkillsSharing({ clientId: fx.c.id, shared: true, updatedAt: at(2) });
    expect(await store.findSkillsSharing(fx.c.id)).toEqual({ clientId: fx.c.id, shared: true, updatedAt: at(2) });
    await store.setSkillsSharing({ clientId: fx.c.id, shared: false, updatedAt: at(3) });
    expect((await store.findSkillsSharing(fx.c.id))?.shared).toBe(false);
  });

  it('reads what the alliance needs of a course in one call', async () => {
    const r = await store.loadSkillsForAlliance(fx.k.id, fx.c.id);
    expect(r.shared).toBe(false);
    expect(r.practice).toHaveLength(2);
    expect(r.trackerDays).toHaveLength(2);
    expect(r.supportChecks).toEqual([{ id: expect.any(String), answeredAt: at(3), calm: 1, people: 2 }]);
    expect(await store.loadSkillsForAlliance(fx.k3.id, fx.c2.id)).toEqual({ shared: false, practice: [], trackerDays: [], supportChecks: [] });
  });

  it('called every skills port method on this dialect', () => {
    expect(portMethodsOf(KyselySkillsStore).filter((m) => !called.has(m))).toEqual([]);
  });
});
