/**
 * The demo's history for the practice report (demo-reports.ts): past courses written through the
 * use cases, each with its summary row, enough for the report to read its rates and for the
 * expected-response curves of the common intake bands; quick to make.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWorld } from '../../../test/support/harness.ts';
import type { TestWorld } from '../../../test/support/harness.ts';
import { buildDemo, DEMO_HISTORY } from './demo.ts';
import { getPracticeReport } from '../reports/practice-report.ts';
import { expectedCurves } from '../../domain/reports/expected-response.ts';
import { findBuiltin } from '../../domain/measures/builtin/index.ts';
import type { InstrumentDefinition } from '../../domain/measures/instrument.ts';

let world: TestWorld;
let ms = 0;
beforeAll(async () => {
  world = await makeWorld();
  const t0 = performance.now();
  await buildDemo(world.deps, { history: DEMO_HISTORY });
  ms = performance.now() - t0;
  console.log(`demo with ${DEMO_HISTORY} past courses built in ${Math.round(ms)} ms`);
}, 600_000);
afterAll(async () => {
  await world?.close();
});

describe('the demo’s history', () => {
  it('gives the report rates it can read, with drop-out and recovery in believable ranges', async () => {
    const admin = (await world.deps.store.listStaffUsers((await world.deps.store.findPractice())!.id)).find((u) => u.roles.includes('admin'))!;
    const today = world.clock.now().toISOString().slice(0, 10);
    const r = await getPracticeReport(
      world.deps,
      { userId: admin.id, roles: ['admin'], clientId: null },
      { from: '2000-01-01', to: today, grouping: 'quarter' },
    );
    const o = r.overall;
    console.log(
      `goal consensus ${o.goalConsensus.mean} over ${o.goalConsensus.courses} courses, ended ${o.ended}, drop-out ${o.dropOut.count}/${o.dropOut.of}, reliable improvement ${o.reliableImprovement.count}/${o.reliableImprovement.of}, recovery ${o.recovery.count}/${o.recovery.of}, reliable recovery ${o.reliableRecovery.count}/${o.reliableRecovery.of}`,
    );
    expect(r.overall.ended).toBeGreaterThanOrEqual(DEMO_HISTORY);
    expect(r.overall.dropOut.small).toBe(false);
    expect(r.overall.dropOut.rate!).toBeGreaterThan(0.1);
    expect(r.overall.dropOut.rate!).toBeLessThan(0.4);
    expect(r.overall.reliableImprovement.rate!).toBeGreaterThan(0.4);
    expect(r.overall.recovery.of).toBeGreaterThanOrEqual(30);
    expect(r.byTherapist).toHaveLength(3);
    expect(r.comparisons.find((c) => c.id === 'dropout_by_early_agreement')!.difference).not.toBeNull();
    // The history courses carry goals, most agreed: goal consensus reads, and is not all or nothing.
    expect(o.goalConsensus.courses).toBeGreaterThanOrEqual(DEMO_HISTORY);
    expect(o.goalConsensus.mean!).toBeGreaterThan(0.5);
    expect(o.goalConsensus.mean!).toBeLessThan(0.95);
  });

  it('has 30 finished courses in at least one PHQ-9 intake band, so a curve is drawn', async () => {
    const practiceId = (await world.deps.store.findPractice())!.id;
    const curves = expectedCurves(findBuiltin('phq9') as InstrumentDefinition, await world.deps.store.listOutcomeSeries(practiceId, 'phq9', 2000));
    expect(curves.filter((c) => c.enough).length).toBeGreaterThanOrEqual(1);
  });
});
