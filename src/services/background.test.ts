/**
 * The Background (background.ts): follow-ups of writes run after the write has answered,
 * coalesced per course, one at a time, failures reported and the rest still run; a stop runs
 * what waits. Counted through the real services on real storage: the alliance recompute reads
 * the course's ledger (listLedger) once per run, and the writes here never do.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeWorld, seedPractice } from '../../test/support/harness.ts';
import type { Practice, TestWorld } from '../../test/support/harness.ts';
import { createClient, openCourse, recordSession } from './people/clients.ts';
import { submitResponse } from './measures/measures.ts';
import { Background } from './background.ts';
import { runOwedOutcomeChecks } from './measures/outcome-checks.ts';
import type { Deps } from './deps.ts';
import type { Store } from './ports.ts';

const phq = (base: number): Record<string, number> => Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`phq9_${i + 1}`, i === 8 ? 0 : base]));

let w: TestWorld;
let p: Practice;
const courses: { clientId: string; courseId: string }[] = [];
let ledgerReads: Map<string, number>;
let failFor: string | undefined;

/** The store, counting the recompute's ledger reads per course (and failing them for one course when asked). */
function watched(store: Store): Store {
  return new Proxy(store, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (prop === 'listLedger')
        return (courseId: string) => {
          ledgerReads.set(courseId, (ledgerReads.get(courseId) ?? 0) + 1);
          if (courseId === failFor) return Promise.reject(new Error('the disk is unwell'));
          return target.listLedger(courseId);
        };
      if (prop === 'transaction') return (fn: (tx: Store) => Promise<unknown>) => target.transaction((tx) => fn(watched(tx)));
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

beforeEach(async () => {
  w = await makeWorld();
  p = await seedPractice(w.deps);
  courses.length = 0;
  for (const name of ['Casey Client', 'Robin Client']) {
    const clientId = (await createClient(w.deps, p.therapistId, { name, contact: { email: null, phone: null, dateOfBirth: null } })).id;
    const courseId = (await openCourse(w.deps, clientId, { startedOn: '2026-01-05', frequency: 'weekly' })).id;
    await recordSession(w.deps, courseId, { startsAt: '2026-01-05T10:00:00.000Z', durationMinutes: 50, status: 'attended' });
    courses.push({ clientId, courseId });
  }
  ledgerReads = new Map();
  failFor = undefined;
});
afterEach(async () => {
  await w.close();
});

function withBackground(settleMs = 60_000): { deps: Deps; background: Background; late: string[] } {
  const late: string[] = [];
  const deps: Deps = { ...w.deps, store: watched(w.deps.store), onLateError: (what) => late.push(what) };
  const background = new Background(() => deps, settleMs, 10 * settleMs);
  deps.background = background;
  return { deps, background, late };
}

const submit = (deps: Deps, clientId: string, base = 1) =>
  submitResponse(deps, clientId, { userId: p.therapistId, as: 'therapist' }, { instrumentCode: 'phq9', answers: phq(base), source: 'in_session' });

describe('the Background', () => {
  it('answers a write before its recompute, and runs one recompute per course for a burst', async () => {
    const { deps, background } = withBackground();
    const [a, b] = courses as [(typeof courses)[0], (typeof courses)[0]];
    for (const base of [1, 2, 3]) expect((await submit(deps, a.clientId, base)).response.total).toBe(8 * base);
    await submit(deps, b.clientId);
    expect(ledgerReads.size).toBe(0); // nothing ran inside the requests
    expect(background.size).toBe(6); // a recompute per course, an outcome check per response
    await background.settle();
    expect(Object.fromEntries(ledgerReads)).toEqual({ [a.courseId]: 1, [b.courseId]: 1 });
    expect(background.size).toBe(0);
  });

  it('runs a course once its writes have settled, without being asked', async () => {
    const { deps, background } = withBackground(20);
    await submit(deps, courses[0]!.clientId);
    await new Promise((r) => setTimeout(r, 150));
    expect(ledgerReads.get(courses[0]!.courseId)).toBe(1);
    expect(background.size).toBe(0);
  });

  it('reports a failing follow-up by its kind and still runs the others', async () => {
    const { deps, background, late } = withBackground();
    failFor = courses[0]!.courseId;
    await submit(deps, courses[0]!.clientId);
    await submit(deps, courses[1]!.clientId);
    await background.settle();
    expect(late).toEqual(['follow-up alliance']);
    expect(ledgerReads.get(courses[1]!.courseId)).toBe(1);
  });

  it('runs what waits when closed, and later follow-ups at once', async () => {
    const { deps, background } = withBackground();
    await submit(deps, courses[0]!.clientId);
    await background.close();
    expect(ledgerReads.get(courses[0]!.courseId)).toBe(1);
    await submit(deps, courses[1]!.clientId);
    await background.settle();
    expect(ledgerReads.get(courses[1]!.courseId)).toBe(1);
  });

  it('decides outcome checks after the answer: owed in their table until then, their alerts raised once decided', async () => {
    const { deps, background } = withBackground();
    const a = courses[0]!;
    const first = await submit(deps, a.clientId, 1);
    w.clock.advance(60 * 24 * 7);
    const worse = await submit(deps, a.clientId, 2); // 8, then 16 a week later: reliably worse (PHQ-9: 6 or more)
    expect(worse.alertsRaised).toEqual([]);
    expect((await w.deps.store.listOutcomeChecks(10)).map((c) => [c.id, c.clientId, c.courseId])).toEqual([
      [first.response.id, a.clientId, a.courseId],
      [worse.response.id, a.clientId, a.courseId],
    ]);
    expect(await w.deps.store.listAlerts({ clientIds: [a.clientId] })).toEqual([]);
    await background.settle();
    expect(await w.deps.store.listOutcomeChecks(10)).toEqual([]);
    expect((await w.deps.store.listAlerts({ clientIds: [a.clientId] })).map((x) => x.kind)).toEqual(['not_on_track']);
  });

  it('keeps the outcome checks of a process that died before running them, and decides each once at the next start', async () => {
    const { deps } = withBackground(); // never settled nor closed: the process dies with its follow-ups waiting
    const a = courses[0]!;
    await submit(deps, a.clientId, 1);
    w.clock.advance(60 * 24 * 7);
    await submit(deps, a.clientId, 2);
    expect(await w.deps.store.listOutcomeChecks(10)).toHaveLength(2);
    // The next start, twice at once (two instances catching up): each check is decided by one of them.
    const raised = await Promise.all([runOwedOutcomeChecks(w.deps), runOwedOutcomeChecks(w.deps)]);
    expect(raised.flat()).toEqual(['not_on_track']);
    expect(await w.deps.store.listOutcomeChecks(10)).toEqual([]);
    expect((await w.deps.store.listAlerts({ clientIds: [a.clientId] })).map((x) => x.kind)).toEqual(['not_on_track']);
  });

  it('leaves a unit of work without a Background running its follow-ups before it returns', async () => {
    const deps: Deps = { ...w.deps, store: watched(w.deps.store) };
    await submit(deps, courses[0]!.clientId);
    expect(ledgerReads.get(courses[0]!.courseId)).toBe(1);
  });
});
