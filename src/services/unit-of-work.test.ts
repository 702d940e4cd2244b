/**
 * The unit of work and its follow-ups, on real storage: follow-ups run once per course, after the
 * commit and never after a rollback; a follow-up that never runs (the process died between the
 * commit and it, or it failed) costs nothing the write committed, and what it would have derived
 * is re-derived — snapshots lazily on read, alerts by the next recompute or `recheckAlliance`.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeWorld, seedPractice } from '../../test/support/harness.ts';
import type { Practice, TestWorld } from '../../test/support/harness.ts';
import { createClient, openCourse, recordSession } from './people/clients.ts';
import { submitResponse } from './measures/measures.ts';
import { changeGoal, proposeCourseGoal } from './alliance/goals.ts';
import { getAllianceSummary } from './alliance/alliance.ts';
import { recheckAlliance, unitOfWork } from './unit-of-work.ts';
import type { Deps } from './deps.ts';
import type { Store } from './ports.ts';

const phq = (item9: number, base = 1): Record<string, number> =>
  Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`phq9_${i + 1}`, i === 8 ? item9 : base]));

let w: TestWorld;
let p: Practice;
let clientId: string;
let courseId: string;
const therapist = () => ({ userId: p.therapistId, side: 'therapist' as const });
const client = { userId: 'client-user', side: 'client' as const };

beforeEach(async () => {
  w = await makeWorld();
  p = await seedPractice(w.deps);
  clientId = (await createClient(w.deps, p.therapistId, { name: 'Casey Client', contact: { email: null, phone: null, dateOfBirth: null } })).id;
  courseId = (await openCourse(w.deps, clientId, { startedOn: '2026-01-05', frequency: 'weekly' })).id;
  for (const day of ['2026-01-05', '2026-01-12', '2026-01-19']) {
    await recordSession(w.deps, courseId, { startsAt: `${day}T10:00:00.000Z`, durationMinutes: 50, status: 'attended' });
  }
});
afterEach(async () => {
  await w.close();
});

/** A store whose calls are counted by name, and whose `failing` methods throw (outside and inside transactions). */
function watched(store: Store, calls: string[], failing: ReadonlySet<string> = new Set()): Store {
  return new Proxy(store, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function' || typeof prop !== 'string') return value;
      return (...args: unknown[]) => {
        calls.push(prop);
        if (failing.has(prop)) return Promise.reject(new Error('the process died here'));
        if (prop === 'transaction') return target.transaction((tx) => (args[0] as (tx: Store) => Promise<unknown>)(watched(tx, calls, failing)));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

describe('follow-ups run once, after the commit', () => {
  it('two writes to one course in one unit of work recompute it once, after both committed', async () => {
    const calls: string[] = [];
    const deps: Deps = { ...w.deps, store: watched(w.deps.store, calls) };
    let snapshotsBeforeCommit = -1;
    await unitOfWork(deps, async (d) => {
      await proposeCourseGoal(d, courseId, client, { text: 'Sleep through the night more often.', focus: 'skill' });
      await proposeCourseGoal(d, courseId, therapist(), { text: 'Notice what keeps you awake.', focus: 'skill' });
      expect(d.after.size).toBe(1);
      snapshotsBeforeCommit = (await d.store.listAllianceSnapshots(courseId)).length;
    });
    expect(snapshotsBeforeCommit).toBe(0);
    // The recompute read the snapshots once (besides the test's own look inside the transaction) and wrote all three.
    expect(calls.filter((c) => c === 'listAllianceSnapshots')).toHaveLength(2);
    expect(await w.deps.store.listAllianceSnapshots(courseId)).toHaveLength(3);
  });

  it('a unit of work that rolls back runs no follow-up', async () => {
    const calls: string[] = [];
    const deps: Deps = { ...w.deps, store: watched(w.deps.store, calls) };
    await expect(
      unitOfWork(deps, async (d) => {
        await proposeCourseGoal(d, courseId, client, { text: 'Sleep through the night more often.', focus: 'skill' });
        throw new Error('refused after the write');
      }),
    ).rejects.toThrow('refused after the write');
    expect(calls).not.toContain('listAllianceSnapshots');
    expect(await w.deps.store.listGoals(courseId)).toHaveLength(0);
  });
});

describe('when the follow-up never runs (the process dies between the commit and it)', () => {
  const dying = () => ({ ...w.deps, store: watched(w.deps.store, [], new Set(['listAllianceSnapshots'])) });

  it('a safety answer and its alert are committed together all the same, and the crisis information is returned', async () => {
    const r = await submitResponse(dying(), clientId, { userId: 'client-user', as: 'client' }, { instrumentCode: 'phq9', answers: phq(2) });
    expect(r.crisis).not.toBeNull();
    expect(r.alertsRaised).toEqual(['safety']);
    expect(await w.deps.store.listResponsesOfClients([clientId])).toHaveLength(1);
    expect((await w.deps.store.listAlerts({ clientIds: [clientId] })).map((a) => a.kind)).toEqual(['safety']);
  });

  it('the write stands; snapshots are recomputed on read; the missed alert comes with the re-check, once', async () => {
    // An agreed goal, then three PHQ-9 below the cut-off: in remission, but with a goal.
    const goal = await proposeCourseGoal(w.deps, courseId, therapist(), { text: 'Go back to the choir.', focus: 'skill' });
    await changeGoal(w.deps, courseId, goal.id, client, { kind: 'agree', words: 'Yes, I would like that.' });
    for (const day of ['2026-02-01', '2026-02-08', '2026-02-15']) {
      await submitResponse(
        w.deps,
        clientId,
        { userId: p.therapistId, as: 'therapist' },
        { instrumentCode: 'phq9', answers: phq(0), source: 'in_session', completedAt: `${day}T10:00:00.000Z` },
      );
    }
    const kinds = async () => (await w.deps.store.listAlerts({ clientIds: [clientId] })).map((a) => a.kind);
    expect(await kinds()).not.toContain('remission_without_goal');
    // Achieving the goal completes "remission without a current goal" — found by the alliance recompute, which dies.
    w.clock.advance(60);
    await recordSession(w.deps, courseId, { startsAt: '2026-02-22T10:00:00.000Z', durationMinutes: 50, status: 'attended' });
    const achieved = await changeGoal(dying(), courseId, goal.id, therapist(), { kind: 'achieve' });
    expect(achieved.state).toBe('achieved');
    expect((await w.deps.store.findGoal(goal.id))!.state).toBe('achieved');
    expect(await kinds()).not.toContain('remission_without_goal');
    // The read path recomputes the snapshots whose inputs moved (the session recorded without a recompute).
    expect(await w.deps.store.listAllianceSnapshots(courseId)).toHaveLength(3);
    await getAllianceSummary(w.deps, courseId);
    expect(await w.deps.store.listAllianceSnapshots(courseId)).toHaveLength(4);
    // The re-check raises what the follow-up would have raised; run again, it raises nothing more.
    expect(await recheckAlliance(w.deps)).toEqual([expect.stringContaining('remission_without_goal')]);
    expect(await kinds()).toContain('remission_without_goal');
    expect(await recheckAlliance(w.deps)).toEqual([]);
  });
});
