/**
 * Records dated when they happened (issue 14) over HTTP: a therapist may give `occurredAt` on every
 * alliance write — within the course, never in the future — and the record lands at that time; a
 * time in the future, before the course began, malformed, or sent by a client is a 400 with a
 * stable reason, and nothing is written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cast } from '../../../test/support/cast.ts';
import { makeCast, tableCounts } from '../../../test/support/cast.ts';
import { expectationsInstrument } from '../../domain/alliance/expectations.ts';

const answers = (side: 'client' | 'therapist') => Object.fromEntries(expectationsInstrument(side).statements.map((s) => [s.id, 2]));
const terms = { statement: 'We work on sleep first.', allianceType: 'working', frequency: 'weekly', reviewPoint: { kind: 'after_sessions', sessions: 6 } };

describe('records dated when they happened, over HTTP', () => {
  let cast: Cast;
  let k: string;
  beforeAll(async () => {
    cast = await makeCast();
    k = cast.ids.courseK;
    // The course began on 2026-01-05 with a session that day; today is 2026-03-02.
    cast.world.clock.set('2026-03-02T09:00:00.000Z');
  });
  afterAll(async () => {
    await cast?.close();
  });

  it('refuses a time in the future, before the course, malformed, or from a client — 400, a stable reason, nothing written', async () => {
    const { therapist, clientSelf } = cast.agents;
    const goal = await therapist.req('POST', `/api/courses/${k}/goals`, { text: 'Sleep through most nights', focus: 'symptom_relief' });
    expect(goal.statusCode, goal.body).toBe(201);
    const goalId = goal.json().id as string;
    const proposal = await therapist.req('POST', `/api/courses/${k}/agreements`, terms);
    expect(proposal.statusCode, proposal.body).toBe(201);
    const agreementId = proposal.json().entries.at(-1).agreementId as string;

    const writes: [string, Record<string, unknown>][] = [
      [`/api/courses/${k}/expectations`, { answers: answers('therapist') }],
      [`/api/courses/${k}/goals`, { text: 'Walk to work', focus: 'skill' }],
      [`/api/courses/${k}/goals/${goalId}/agree`, { words: 'Yes.' }],
      [`/api/courses/${k}/goals/${goalId}/close`, { action: 'drop' }],
      [`/api/courses/${k}/agreements`, terms],
      [`/api/courses/${k}/agreements/${agreementId}/confirm`, { words: 'Yes, let us.' }],
      [`/api/courses/${k}/agreements/${agreementId}/decline`, {}],
    ];
    const before = await tableCounts(cast.world);
    for (const [url, body] of writes) {
      for (const [occurredAt, reason] of [
        ['2026-03-09T10:00:00Z', 'occurred_in_future'],
        ['2026-01-04T10:00:00Z', 'occurred_before_course'],
      ] as const) {
        const r = await therapist.req('POST', url, { ...body, occurredAt });
        expect(r.statusCode, `${url} ${r.body}`).toBe(400);
        expect(r.json().error, url).toMatchObject({ code: 'invalid_input', details: { reason } });
      }
      for (const occurredAt of ['yesterday', '2026-02-30T10:00:00Z', '2026-02-01', 20260201]) {
        const r = await therapist.req('POST', url, { ...body, occurredAt });
        expect(r.statusCode, `${url} ${String(occurredAt)} ${r.body}`).toBe(400);
        expect(r.json().error.code).toBe('invalid_input');
        expect(JSON.stringify(r.json().error.details)).toContain('occurredAt');
      }
    }
    // A client's own entries are dated by the server: a time they send is refused, not moved.
    const own = await clientSelf.req('POST', `/api/courses/${k}/goals`, { text: 'Feel calmer', focus: 'symptom_relief', occurredAt: '2026-02-01T10:00:00Z' });
    expect(own.statusCode).toBe(400);
    expect(own.json().error).toMatchObject({ code: 'invalid_input', details: { reason: 'occurred_at_staff_only' } });
    const rating = await clientSelf.req('POST', `/api/courses/${k}/goals/${goalId}/progress`, { value: 3, occurredAt: '2026-02-01T10:00:00Z' });
    expect(rating.json().error).toMatchObject({ code: 'invalid_input', details: { reason: 'occurred_at_staff_only' } });
    expect(await tableCounts(cast.world)).toEqual(before);
  });

  it('dates a therapist’s record when it happened, keeps the ledger forward in time, and places it on its session', async () => {
    const { therapist } = cast.agents;
    const goal = await therapist.req('POST', `/api/courses/${k}/goals`, {
      text: 'Go back to choir',
      focus: 'keeping_gains',
      occurredAt: '2026-01-05T10:30:00+00:00',
    });
    expect(goal.statusCode, goal.body).toBe(201);
    expect(goal.json().proposedAt).toBe('2026-01-05T10:30:00.000Z');
    const agreed = await therapist.req('POST', `/api/courses/${k}/goals/${goal.json().id}/agree`, {
      words: 'Yes, I miss it.',
      occurredAt: '2026-01-05T10:40:00Z',
    });
    expect(agreed.json().agreement.at).toBe('2026-01-05T10:40:00.000Z');
    // The ledger's entries say when each happened (`at`) and when it was recorded (`recordedAt`).
    const entries = (await therapist.req('GET', `/api/courses/${k}/ledger`)).json().entries as { at: string; recordedAt: string }[];
    expect(entries.length).toBeGreaterThan(0);
    for (const e of entries) expect(e.recordedAt >= e.at).toBe(true);
    // A rating dated before the goal was agreed is refused (409), not stored at the wrong time.
    const early = await therapist.req('POST', `/api/courses/${k}/goals/${goal.json().id}/progress`, { value: 4, occurredAt: '2026-01-05T10:35:00Z' });
    expect(early.statusCode).toBe(409);

    // The pending proposal of the first test was made today: the ledger grows forward in time.
    const ledger = (await therapist.req('GET', `/api/courses/${k}/ledger`)).json();
    const pending = ledger.agreements.find((a: { status: string }) => a.status === 'pending').id as string;
    const backwards = await therapist.req('POST', `/api/courses/${k}/agreements/${pending}/confirm`, { words: 'Yes.', occurredAt: '2026-01-05T10:50:00Z' });
    expect(backwards.statusCode).toBe(409);
    expect(backwards.json().error.details).toMatchObject({ reason: 'out_of_order' });
    const confirmed = await therapist.req('POST', `/api/courses/${k}/agreements/${pending}/confirm`, { words: 'Yes.' });
    expect(confirmed.statusCode, confirmed.body).toBe(201);

    // The one session so far: the agreement confirmed today is marked from it on; the goal is dated at the session.
    const timeline = (await therapist.req('GET', `/api/courses/${k}/alliance/timeline`)).json();
    expect(timeline.points).toHaveLength(1);
    expect(timeline.points[0].markers.map((m: { kind: string }) => m.kind)).toEqual(['agreement']);
    expect(timeline.goals.find((g: { text: string }) => g.text === 'Go back to choir')).toMatchObject({
      at: '2026-01-05T10:30:00.000Z',
      agreedAt: '2026-01-05T10:40:00.000Z',
    });
  });
});
