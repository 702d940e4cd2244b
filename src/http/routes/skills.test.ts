/**
 * The skills routes through the real app (every answer checked against the wire contract): both
 * sides agree a target, the client logs practice and trackers from the portal, the therapist and
 * supervisor read them only once the client shares, every read is audited, and each kind of bad
 * input is a clear 4xx that writes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cast } from '../../../test/support/cast.ts';
import { errorOf, eventsSince, headSeq, makeCast, tableCounts } from '../../../test/support/cast.ts';
import { sweepStalledPractice } from '../../services/skills/stalled.ts';

const TARGET = {
  skillId: 'respectful_talk',
  why: 'Shouting ends most talks with my son.',
  goalIds: [],
  situations: ['Homework time'],
  doMore: { thoughts: [], feelings: [], behaviours: ['Lower my voice'] },
  doLess: { thoughts: ['He never listens'], feelings: [], behaviours: [] },
  sources: [],
  practicePlan: 'Imagine the evening first; then real life.',
  targetCount: 100,
};

describe('skills routes', () => {
  let cast: Cast;
  let url: string;
  let targetId: string;
  let trackerId: string;
  let today: string;
  beforeAll(async () => {
    cast = await makeCast();
    url = `/api/courses/${cast.ids.courseK}/skills`;
  });
  afterAll(async () => {
    await cast?.close();
  });

  it('a target proposed by the client is agreed by the therapist, then practised from the portal', async () => {
    const { therapist, clientSelf } = cast.agents;
    const proposed = await clientSelf.req('POST', `${url}/targets`, TARGET);
    expect(proposed.statusCode, proposed.body).toBe(201);
    targetId = proposed.json().targets[0].id;
    today = proposed.json().today;
    expect(proposed.json().targets[0]).toMatchObject({ status: 'proposed', proposedSide: 'client', awaitingMe: false });
    expect((await therapist.req('GET', url)).json().targets[0]).toMatchObject({ awaitingMe: true });
    const agreed = await therapist.req('PATCH', `${url}/targets/${targetId}`, { status: 'active' });
    expect(agreed.statusCode, agreed.body).toBe(200);
    const logged = await clientSelf.req('POST', `${url}/practice`, { targetId, mode: 'role_play', outcome: 'went_well', situation: 'Homework time' });
    expect(logged.statusCode, logged.body).toBe(201);
    const again = await clientSelf.req('POST', `${url}/practice`, { targetId, repeatOf: logged.json().practice[0].id, outcome: 'went_well' });
    expect(again.json().targets[0].practice.counts).toMatchObject({ total: 2, byMode: { role_play: 2 } });
    expect(again.json().can).toMatchObject({ 'skills:practice': true, 'skills:breaks': false });
  });

  it('the practice log and trackers reach staff only while the client shares them', async () => {
    const { therapist, supervisor, clientSelf } = cast.agents;
    const t = await clientSelf.req('POST', `${url}/trackers`, { label: 'A calm evening' });
    trackerId = t.json().trackers[0].id;
    expect((await clientSelf.req('POST', `${url}/trackers/${trackerId}/days`, { day: today, kept: true })).statusCode).toBe(201);
    for (const agent of [therapist, supervisor]) {
      const v = (await agent.req('GET', url)).json();
      expect(v).toMatchObject({ visible: false, practice: null, trackers: null });
      expect(JSON.stringify(v)).not.toContain('calm evening');
      expect(v.targets[0].practice).toBeNull();
    }
    expect((await clientSelf.req('PUT', `${url}/sharing`, { shared: true })).json()).toMatchObject({ sharing: { shared: true } });
    const seen = (await supervisor.req('GET', url)).json();
    expect(seen.trackers[0]).toMatchObject({ label: 'A calm evening', current: 1, today: true });
    expect(seen.can).toMatchObject({ 'skills:trackers': false, 'skills:share': false });
    expect((await therapist.req('PUT', `${url}/sharing`, { shared: false })).statusCode).toBe(403);
  });

  it('refuses bad input with a clear 4xx and writes nothing', async () => {
    const { therapist, clientSelf, clientOther, admin } = cast.agents;
    const before = await tableCounts(cast.world);
    const future = new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const cases: [typeof therapist, string, string, unknown, number, RegExp?][] = [
      [clientSelf, 'POST', `${url}/practice`, { targetId: cast.ids.courseK, mode: 'imagined', outcome: 'went_well' }, 400, /not one of this course/],
      [clientSelf, 'POST', `${url}/practice`, { targetId, mode: 'imagined', outcome: 'went_well', practisedOn: future }, 400, /not come yet/],
      [clientSelf, 'POST', `${url}/practice`, { targetId, mode: 'flying', outcome: 'went_well' }, 400],
      [clientSelf, 'POST', `${url}/practice`, { targetId, mode: 'imagined', outcome: 'went_well', extra: 1 }, 400],
      [clientSelf, 'POST', `${url}/trackers/${trackerId}/days`, { day: future, kept: true }, 400, /not come yet/],
      [clientSelf, 'POST', `${url}/trackers/${trackerId}/days`, { day: today, kept: false }, 400, /already entered/],
      [clientSelf, 'PUT', `${url}/trackers/${trackerId}/days/2020-01-01`, { kept: false }, 400, /today and yesterday/],
      [clientSelf, 'POST', `${url}/checks`, { ratings: [{ skillId: 'listening', skilled: 7, help: 1 }] }, 400],
      [clientSelf, 'POST', `${url}/checks`, { ratings: [{ skillId: 'juggling', skilled: 1, help: 1 }] }, 400, /catalogue/],
      [clientSelf, 'POST', `${url}/support`, { calm: 2, people: 9, supports: [] }, 400],
      [
        clientSelf,
        'POST',
        `${url}/support`,
        {
          calm: 2,
          people: 2,
          supports: [
            { kind: 'person', name: 'Al' },
            { kind: 'person', name: 'al' },
          ],
        },
        400,
        /twice/,
      ],
      [therapist, 'POST', `${url}/targets`, { ...TARGET, targetCount: 100_000 }, 400],
      [therapist, 'POST', `${url}/breaks`, { startsOn: '2026-05-10', endsOn: '2026-05-01' }, 400, /ends on or after/],
      [therapist, 'POST', `${url}/practice`, { targetId, mode: 'imagined', outcome: 'went_well' }, 403, /client’s own/],
      [clientOther, 'POST', `${url}/practice`, { targetId, mode: 'imagined', outcome: 'went_well' }, 404],
      [admin, 'GET', url, undefined, 404],
      [admin, 'PUT', '/api/practice/skills', { catalogue: [], stalledDays: 14 }, 400, /at least one skill/],
      [admin, 'PUT', '/api/practice/skills', { catalogue: null, stalledDays: 200 }, 400],
    ];
    for (const [agent, method, path, body, status, message] of cases) {
      const res = await agent.req(method, path, body);
      expect(res.statusCode, `${method} ${path} ${JSON.stringify(body)?.slice(0, 80)}: ${res.body.slice(0, 200)}`).toBe(status);
      expect(errorOf(res)?.message.length).toBeGreaterThan(5);
      if (message) expect(errorOf(res)?.message).toMatch(message);
    }
    const after = await tableCounts(cast.world);
    expect({ ...after, audit_events: 0 }).toEqual({ ...before, audit_events: 0 });
  });

  it('records every read, with the client it is about', async () => {
    const seq = await headSeq(cast);
    await cast.agents.therapist.req('GET', url);
    await cast.agents.clientSelf.req('GET', url);
    await cast.agents.admin.req('GET', url);
    const events = await eventsSince(cast, seq);
    expect(events.map((e) => [e.action, e.outcome, e.clientId])).toEqual([
      ['skills:read', 'ok', cast.ids.clientC],
      ['skills:read', 'ok', cast.ids.clientC],
      ['skills:read', 'denied', cast.ids.clientC],
    ]);
  });

  it('a stalled target reaches the therapist’s inbox with its evidence and a suggested conversation; the client is shown no alert', async () => {
    const { therapist, clientSelf } = cast.agents;
    // The sweep as it runs a fortnight later (the agents' sessions stay on today's clock).
    const later = new Date(cast.world.clock.now().getTime() + 15 * 86_400_000);
    expect(await sweepStalledPractice({ ...cast.world.deps, clock: { now: () => later } })).toHaveLength(1);
    const inbox = (await therapist.req('GET', '/api/alerts')).json() as { kind: string; id: string }[];
    const stalled = inbox.filter((a) => a.kind === 'practice_stalled');
    expect(stalled).toHaveLength(1);
    const detail = (await therapist.req('GET', `/api/alerts/${stalled[0]!.id}`)).json();
    expect(detail).toMatchObject({
      title: 'Practice stalled: Talking respectfully, without force',
      suggestedConversation: expect.stringMatching(/You might ask/),
    });
    expect(detail.evidence.map((e: { label: string }) => e.label)).toContain('2 of 100 rehearsals so far');
    expect((await clientSelf.req('GET', '/api/alerts')).statusCode).toBe(403);
  });

  it('lets the admin edit the catalogue and the stall days; a new skill can be checked at once', async () => {
    const { admin, clientSelf } = cast.agents;
    const cur = (await admin.req('GET', '/api/practice/skills')).json();
    expect(cur).toMatchObject({ custom: false, stalledDays: 14 });
    const catalogue = [...cur.catalogue, { id: 'saying_no', group: 'With other people', name: 'Saying no kindly' }];
    const put = await admin.req('PUT', '/api/practice/skills', { catalogue, stalledDays: 10 });
    expect(put.json()).toMatchObject({ custom: true, stalledDays: 10 });
    const check = await clientSelf.req('POST', `${url}/checks`, { ratings: [{ skillId: 'saying_no', skilled: 0, help: 4 }] });
    expect(check.json().checks[0].suggested[0]).toMatchObject({ name: 'Saying no kindly', priority: 16 });
  });
});
