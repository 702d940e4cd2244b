/**
 * The ending routes through the real app (every answer checked against the wire contract): the
 * client's list and the therapist's summary while the course ends, closing once, the follow-up
 * check when due, the report for each reader, every read audited, and each kind of bad input a
 * clear 4xx that changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cast } from '../../../test/support/cast.ts';
import { errorOf, eventsSince, headSeq, makeCast } from '../../../test/support/cast.ts';
import { updateCourse } from '../../services/people/clients.ts';
import { ENDING_LIMITS } from '../../domain/ending/ending.ts';

const LIST = ['I can say no without apologising.', 'I sleep most nights now.'];
const SUMMARY = 'Twelve sessions on sleep and on saying no at work. Both agreed goals were met.';

describe('ending routes', () => {
  let cast: Cast;
  let k: string;
  let url: string;
  beforeAll(async () => {
    cast = await makeCast();
    k = cast.ids.courseK;
    url = `/api/courses/${k}/ending`;
  });
  afterAll(async () => {
    await cast?.close();
  });

  it('opens the ending only in the termination phase; before that both sides are told why', async () => {
    const { therapist, clientSelf } = cast.agents;
    const early = await clientSelf.req('PUT', `${url}/client-list`, { items: LIST });
    expect(early.statusCode).toBe(409);
    expect(errorOf(early)?.message).toMatch(/termination phase/);
    expect((await therapist.req('PUT', `${url}/summary`, { text: SUMMARY })).statusCode).toBe(409);
    const view = (await therapist.req('GET', url)).json();
    expect(view).toMatchObject({ open: false, clientList: null, summary: null, closedAt: null, followUp: { state: 'off' } });
    expect(await cast.world.deps.store.findEnding(k)).toBeUndefined();
  });

  it('takes the client’s list and the therapist’s summary; the client reads the summary only once closed', async () => {
    const { therapist, clientSelf, supervisor } = cast.agents;
    await updateCourse(cast.world.deps, k, { phase: 'termination' });
    const list = await clientSelf.req('PUT', `${url}/client-list`, { items: [' I can say no without apologising. ', LIST[1]] });
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json()).toMatchObject({ open: true, clientList: { items: LIST } });
    const sum = await therapist.req('PUT', `${url}/summary`, { text: SUMMARY });
    expect(sum.statusCode, sum.body).toBe(200);
    expect(sum.json()).toMatchObject({ summary: { text: SUMMARY }, clientList: { items: LIST } });
    expect((await clientSelf.req('GET', url)).json()).toMatchObject({ summary: null, clientList: { items: LIST } });
    expect((await supervisor.req('GET', url)).json()).toMatchObject({ summary: { text: SUMMARY } });
    // Sealed at rest.
    const row = await cast.world.deps.store.findEnding(k);
    expect(row?.summaryEnc).not.toContain('Twelve');
    expect(row?.clientListEnc).not.toContain('apologising');
  });

  it('refuses bad input with a clear 4xx and keeps what was there', async () => {
    const { therapist, clientSelf, supervisor, otherTherapist, admin } = cast.agents;
    const before = await cast.world.deps.store.findEnding(k);
    const cases: [typeof therapist, string, string, unknown, number][] = [
      [clientSelf, 'PUT', `${url}/client-list`, { items: [] }, 400],
      [clientSelf, 'PUT', `${url}/client-list`, { items: Array.from({ length: ENDING_LIMITS.listItems + 1 }, () => 'x') }, 400],
      [clientSelf, 'PUT', `${url}/client-list`, { items: ['y'.repeat(ENDING_LIMITS.itemChars + 1)] }, 400],
      [clientSelf, 'PUT', `${url}/client-list`, { items: ['fine', '   '] }, 400],
      [clientSelf, 'PUT', `${url}/client-list`, { items: ['fine'], extra: true }, 400],
      [therapist, 'PUT', `${url}/summary`, { text: '   ' }, 400],
      [therapist, 'PUT', `${url}/summary`, { text: 'z'.repeat(ENDING_LIMITS.summaryChars + 1) }, 400],
      [therapist, 'PUT', `${url}/client-list`, { items: ['Written for the client'] }, 403],
      [supervisor, 'PUT', `${url}/summary`, { text: 'A supervisor’s summary' }, 403],
      [otherTherapist, 'PUT', `${url}/summary`, { text: 'Someone else’s client' }, 404],
      [admin, 'GET', `${url}/report`, undefined, 404],
      [clientSelf, 'POST', `${url}/close`, {}, 403],
      [therapist, 'POST', `${url}/close`, {}, 409], // the course has not ended
      [clientSelf, 'POST', `${url}/follow-up`, { rating: 1 }, 409], // not closed, none scheduled
      [clientSelf, 'POST', `${url}/follow-up`, { rating: 5 }, 400],
    ];
    for (const [agent, method, path, body, status] of cases) {
      const res = await agent.req(method, path, body);
      expect(res.statusCode, `${method} ${path} ${JSON.stringify(body)?.slice(0, 80)}: ${res.body.slice(0, 200)}`).toBe(status);
      expect(errorOf(res)?.message.length).toBeGreaterThan(5);
    }
    expect(await cast.world.deps.store.findEnding(k)).toEqual(before);
  });

  it('closes an ended course’s ending once; after that nothing is written and the follow-up is scheduled', async () => {
    const { therapist, clientSelf } = cast.agents;
    await updateCourse(cast.world.deps, k, { status: 'ended', endReason: 'planned', endedOn: '2026-03-01' });
    const closed = await therapist.req('POST', `${url}/close`, {});
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json()).toMatchObject({ open: false, closedAt: expect.any(String), followUp: { state: 'scheduled', dueOn: '2026-06-01' } });
    const again = await therapist.req('POST', `${url}/close`, {});
    expect(again.statusCode).toBe(409);
    expect(errorOf(again)?.message).toMatch(/already closed/);
    const late = await clientSelf.req('PUT', `${url}/client-list`, { items: ['One more thing'] });
    expect(late.statusCode).toBe(409);
    expect(errorOf(late)?.message).toMatch(/closed/);
    expect((await therapist.req('PUT', `${url}/summary`, { text: 'Rewritten' })).statusCode).toBe(409);
    expect((await clientSelf.req('GET', url)).json()).toMatchObject({ summary: { text: SUMMARY }, clientList: { items: LIST } });
    const early = await clientSelf.req('POST', `${url}/follow-up`, { rating: 1 });
    expect(early.statusCode).toBe(409);
    expect(errorOf(early)?.message).toMatch(/due on 2026-06-01/);
  });

  it('reports first vs last, goals, the alliance and both lists; the client’s copy has no inferred alliance', async () => {
    const { therapist, clientSelf, supervisor } = cast.agents;
    const staff = await therapist.req('GET', `${url}/report`);
    expect(staff.statusCode, staff.body).toBe(200);
    const r = staff.json();
    expect(r).toMatchObject({
      clientName: expect.any(String),
      practiceName: expect.any(String),
      practiceTotals: null,
      ending: { clientList: { items: LIST } },
    });
    expect(r.alliance).toHaveProperty('inferredAtEnd');
    const mine = (await clientSelf.req('GET', `${url}/report`)).json();
    expect(mine.alliance).not.toHaveProperty('inferredAtEnd');
    expect(JSON.stringify(mine)).not.toContain('"inferred"');
    expect(mine.ending.summary.text).toBe(SUMMARY);
    expect((await supervisor.req('GET', `${url}/report`)).statusCode).toBe(200);
  });

  it('records every read of the ending and of its report, with the client it is about', async () => {
    const seq = await headSeq(cast);
    await cast.agents.supervisor.req('GET', url);
    await cast.agents.clientSelf.req('GET', `${url}/report`);
    await cast.agents.admin.req('GET', `${url}/report`);
    const events = await eventsSince(cast, seq);
    expect(events.map((e) => [e.action, e.outcome, e.clientId])).toEqual([
      ['ending:read', 'ok', cast.ids.clientC],
      ['ending:report', 'ok', cast.ids.clientC],
      ['ending:report', 'denied', cast.ids.clientC],
    ]);
  });

  it('lets the admin set the follow-up months (0 = off) and refuses a value out of range', async () => {
    const { admin, therapist } = cast.agents;
    expect((await admin.req('GET', '/api/practice/ending')).json()).toEqual({ followUpMonths: 3, followUpWindowDays: 56 });
    expect((await admin.req('PUT', '/api/practice/ending', { followUpMonths: 0 })).json()).toMatchObject({ followUpMonths: 0 });
    expect((await admin.req('PUT', '/api/practice/ending', { followUpMonths: 99 })).statusCode).toBe(400);
    expect((await therapist.req('PUT', '/api/practice/ending', { followUpMonths: 1 })).statusCode).toBe(403);
    expect((await admin.req('GET', '/api/practice/ending')).json()).toMatchObject({ followUpMonths: 0 });
  });

  it('refuses every ending write once the client is archived, and changes nothing', async () => {
    const fresh = await makeCast();
    try {
      const { therapist, clientSelf } = fresh.agents;
      const u = `/api/courses/${fresh.ids.courseK}/ending`;
      await updateCourse(fresh.world.deps, fresh.ids.courseK, { phase: 'termination' });
      expect((await clientSelf.req('PUT', `${u}/client-list`, { items: LIST })).statusCode).toBe(200);
      expect((await therapist.req('PATCH', `/api/clients/${fresh.ids.clientC}`, { status: 'archived' })).statusCode).toBe(200);
      const before = await fresh.world.deps.store.findEnding(fresh.ids.courseK);
      for (const [agent, method, path, body] of [
        [clientSelf, 'PUT', `${u}/client-list`, { items: ['After the archive'] }],
        [therapist, 'PUT', `${u}/summary`, { text: SUMMARY }],
        [therapist, 'POST', `${u}/close`, {}],
      ] as const) {
        const res = await agent.req(method, path, body);
        expect(res.statusCode, `${method} ${path}`).toBe(409);
        expect(errorOf(res)?.message).toMatch(/archived/);
      }
      expect(await fresh.world.deps.store.findEnding(fresh.ids.courseK)).toEqual(before);
      expect((await therapist.req('GET', u)).json()).toMatchObject({ open: false, clientList: { items: LIST } });
    } finally {
      await fresh.close();
    }
  });
});
