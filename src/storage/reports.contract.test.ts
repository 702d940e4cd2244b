/**
 * The contract of the reports port (services/ports/reports.ts, storage/reports-store.ts): the
 * `course_outcomes` summary table — upsert, round trip, grouped counts with the report's
 * denominators, the series the expected-response curves read, paging courses by key. Run on
 * SQLite and PostgreSQL in the same run (contract-support.ts).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { TestWorld } from '../../test/support/harness.ts';
import type { CourseOutcomeRow, Store } from '../services/ports.ts';
import type { Fixture } from './contract-support.ts';
import { at, clinicalBase, DIALECTS, portMethodsOf, world } from './contract-support.ts';
import { KyselyReportsStore } from './reports-store.ts';

function outcome(fx: Fixture, courseId: string, over: Partial<CourseOutcomeRow> = {}): CourseOutcomeRow {
  return {
    courseId,
    practiceId: fx.p.id,
    therapistId: fx.t.id,
    clientId: fx.c.id,
    startedOn: '2026-01-05',
    endedOn: '2026-03-10',
    status: 'ended',
    endReason: 'planned',
    attended: 8,
    finished: true,
    droppedOut: false,
    phq9First: 16,
    phq9Last: 7,
    gad7First: 12,
    gad7Last: 6,
    paired: true,
    casenessFirst: true,
    casenessLast: false,
    reliableImprovement: true,
    reliableDeterioration: false,
    recovery: true,
    reliableRecovery: true,
    agreedEarly: true,
    earlyType: 'working',
    agreedType: 'working',
    inferredType: 'working',
    intakeDivergence: 0.21,
    divergenceHigh: false,
    goalConsensus: 0.5,
    phq9Series: [
      [0, 16],
      [4, 11],
      [8, 7],
    ],
    gad7Series: [
      [0, 12],
      [8, 6],
    ],
    updatedAt: at(1),
    ...over,
  };
}

describe.each(DIALECTS)('Reports store contract on %s', (dialect) => {
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

  it('writes a course outcome, replaces it, and reads every field back', async () => {
    expect(await store.findCourseOutcome(fx.k.id)).toBeUndefined();
    const open = outcome(fx, fx.k.id, {
      status: 'active',
      endedOn: null,
      endReason: null,
      finished: false,
      casenessLast: null,
      reliableImprovement: null,
      reliableDeterioration: null,
      recovery: null,
      reliableRecovery: null,
      earlyType: null,
      agreedType: null,
      inferredType: null,
      intakeDivergence: null,
      divergenceHigh: null,
      goalConsensus: null,
      phq9Series: null,
      gad7Series: null,
    });
    await store.upsertCourseOutcome(open);
    expect(await store.findCourseOutcome(fx.k.id)).toEqual(open);
    const ended = outcome(fx, fx.k.id, { updatedAt: at(2) });
    await store.upsertCourseOutcome(ended);
    expect(await store.findCourseOutcome(fx.k.id)).toEqual(ended);
  });

  it('counts ended courses in the period with the report denominators, grouped as asked', async () => {
    // k: finished, recovered (above). k2: dropped out after 1 session, therapist t. k3: t2, finished, not at caseness, deteriorated.
    await store.upsertCourseOutcome(
      outcome(fx, fx.k2.id, {
        endedOn: '2026-02-01',
        endReason: 'drop_out',
        droppedOut: true,
        attended: 1,
        finished: false,
        paired: false,
        agreedEarly: false,
        earlyType: null,
        divergenceHigh: true,
        goalConsensus: null,
      }),
    );
    await store.upsertCourseOutcome(
      outcome(fx, fx.k3.id, {
        therapistId: fx.t2.id,
        clientId: fx.c2.id,
        endedOn: '2026-03-31',
        attended: 5,
        casenessFirst: false,
        casenessLast: true,
        reliableImprovement: false,
        reliableDeterioration: true,
        recovery: false,
        reliableRecovery: false,
        agreedType: 'magical',
        inferredType: 'working',
        goalConsensus: 1,
      }),
    );
    const filter = { practiceId: fx.p.id, from: '2026-01-01', to: '2026-03-31' };
    const [all] = await store.countCourseOutcomes(filter, []);
    expect(all).toEqual({
      key: {},
      ended: 3,
      finished: 2,
      droppedOut: 1,
      attendedSum: 14,
      finishedPaired: 2,
      improved: 1,
      deteriorated: 1,
      finishedCaseness: 1,
      recovered: 1,
      reliablyRecovered: 1,
      agreedEarly: 2,
      withAgreed: 3,
      withInferred: 3,
      agreedMatchesInferred: 2,
      consensusN: 2,
      consensusSum: 1.5,
    });
    const byTherapistMonth = await store.countCourseOutcomes(filter, ['therapist', 'month']);
    const cells = byTherapistMonth.map((r) => [r.key.therapist === fx.t.id ? 't' : 't2', r.key.month, r.ended]).sort();
    expect(cells).toEqual([
      ['t', '2026-02', 1],
      ['t', '2026-03', 1],
      ['t2', '2026-03', 1],
    ]);
    const byDivergence = await store.countCourseOutcomes(filter, ['divergence', 'early']);
    expect(byDivergence.map((r) => [r.key.divergence, r.key.early, r.ended, r.droppedOut]).sort()).toEqual([
      ['0', '1', 2, 0],
      ['1', '0', 1, 1],
    ]);
    const mine = await store.countCourseOutcomes({ ...filter, therapistIds: [fx.t2.id] }, []);
    expect(mine.map((r) => r.ended)).toEqual([1]);
    expect(await store.countCourseOutcomes({ ...filter, therapistIds: [] }, [])).toEqual([]);
    const march = await store.countCourseOutcomes({ ...filter, from: '2026-03-01' }, ['earlyType']);
    expect(march.map((r) => [r.key.earlyType, r.ended])).toEqual([['working', 2]]);
  });

  it('lists the finished courses’ series of one instrument, latest ended first, up to a limit', async () => {
    const phq = await store.listOutcomeSeries(fx.p.id, 'phq9', 10);
    expect(phq.map((r) => r.courseId)).toEqual([fx.k3.id, fx.k.id]);
    expect(phq[1]).toEqual({
      courseId: fx.k.id,
      endedOn: '2026-03-10',
      series: [
        [0, 16],
        [4, 11],
        [8, 7],
      ],
    });
    expect(await store.listOutcomeSeries(fx.p.id, 'gad7', 1)).toHaveLength(1);
  });

  it('pages every course by id', async () => {
    const first = await store.listCourseIdsAfter(null, 2);
    const rest = await store.listCourseIdsAfter(first.at(-1)!, 10);
    expect([...first, ...rest]).toEqual([fx.k.id, fx.k2.id, fx.k3.id].sort());
  });

  it('called every reports port method on this dialect', () => {
    expect(portMethodsOf(KyselyReportsStore).filter((m) => !called.has(m))).toEqual([]);
  });
});
