/**
 * The demo practice tells its stories in time (SPEC §3 C10: every clinical record carries the time
 * it happened): the alerts it raises carry the time of the clinical event behind them, not the
 * moment the demo was built.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWorld } from '../../../test/support/harness.ts';
import type { TestWorld } from '../../../test/support/harness.ts';
import { buildDemo } from './demo.ts';
import type { AlertRow } from '../ports.ts';

let world: TestWorld;
let builtAt: string;
let alerts: AlertRow[];

beforeAll(async () => {
  world = await makeWorld();
  builtAt = world.clock.now().toISOString();
  await buildDemo(world.deps);
  const practice = (await world.deps.store.findPractice())!;
  const clients = await world.deps.store.listClients(practice.id, {});
  alerts = await world.deps.store.listAlerts({ clientIds: clients.map((c) => c.id) });
}, 300_000);
afterAll(async () => {
  await world?.close();
});

describe('demo alerts carry the time their clinical event happened', () => {
  it('raises the stories’ alerts (safety, not on track, rupture, attendance, …)', () => {
    const kinds = new Set(alerts.map((a) => a.kind));
    for (const kind of ['safety', 'not_on_track', 'rupture', 'attendance']) expect(kinds, kind).toContain(kind);
  });

  it('no alert is dated at the moment the demo was built, nor after it', () => {
    for (const a of alerts) {
      expect(a.raisedAt, a.kind).not.toBe(builtAt);
      expect(a.raisedAt < builtAt, `${a.kind} ${a.raisedAt}`).toBe(true);
    }
  });

  it('an alert raised by an answer carries the time the answer was given', async () => {
    const byResponse = alerts.filter((a) => a.kind === 'safety' || a.kind === 'rupture' || a.kind === 'not_on_track');
    expect(byResponse.length).toBeGreaterThan(0);
    const responses = await world.deps.store.listResponsesOfClients([...new Set(byResponse.map((a) => a.clientId))]);
    for (const a of byResponse) {
      expect(
        responses.some((r) => r.clientId === a.clientId && r.completedAt === a.raisedAt),
        `${a.kind} ${a.raisedAt}`,
      ).toBe(true);
    }
    // Daniel's safety answer was given at his intake session, three weeks before the demo was built.
    const safety = alerts.find((a) => a.kind === 'safety')!;
    expect(Date.parse(builtAt) - Date.parse(safety.raisedAt)).toBeGreaterThan(19 * 86_400_000);
  });

  it('portal answers were stamped as they were given: their record time is their clinical time', async () => {
    const practice = (await world.deps.store.findPractice())!;
    const clients = await world.deps.store.listClients(practice.id, {});
    const portal = (await world.deps.store.listResponsesOfClients(clients.map((c) => c.id))).filter((r) => r.source === 'portal');
    expect(portal.length).toBeGreaterThan(0);
    for (const r of portal) expect(r.createdAt).toBe(r.completedAt);
  });
});

describe('the demo’s ended course (SPEC §3 C6)', () => {
  it('has its ending closed with both lists, and its report gathers scores, goals and the alliance', async () => {
    const practice = (await world.deps.store.findPractice())!;
    const clients = await world.deps.store.listClients(practice.id, {});
    const endings = (await Promise.all(clients.map((c) => world.deps.store.listEndingsOfClient(c.id)))).flat();
    const closed = endings.filter((e) => e.closedAt && e.clientListEnc && e.summaryEnc);
    expect(closed.length).toBeGreaterThan(0);
    const { getEndingReport } = await import('../ending/report.ts');
    const report = await getEndingReport(world.deps, closed[0]!.courseId, 'therapist');
    expect(report.measures.map((m) => [m.code, m.outcome])).toEqual(
      expect.arrayContaining([
        ['phq9', 'reliable_improvement'],
        ['gad7', 'reliable_improvement'],
      ]),
    );
    expect(report.goals.every((g) => g.state === 'achieved' && g.gasLevel !== null)).toBe(true);
    expect(report.ending.clientList?.items.length).toBeGreaterThan(2);
    expect(report.ending.summary?.text).toMatch(/Planned ending/);
    expect(report.ending.followUp.state).toBe('due');
    expect(report.alliance.spans.length).toBeGreaterThan(0);
  });
});
