/**
 * The alliance routes through the real app: who may do what (other therapist and admin not found,
 * supervisor reads but may not write, the client proposes and confirms but cannot do the
 * therapist's part), and the Expectations check's blindness over HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cast } from '../../../test/support/cast.ts';
import { makeCast } from '../../../test/support/cast.ts';
import { expectationsInstrument } from '../../domain/alliance/expectations.ts';

const answers = (side: 'client' | 'therapist', value: (type: string) => number) =>
  Object.fromEntries(expectationsInstrument(side).statements.map((s) => [s.id, value(s.type)]));

describe('alliance routes', () => {
  let cast: Cast;
  let k: string;
  beforeAll(async () => {
    cast = await makeCast();
    k = cast.ids.courseK;
  });
  afterAll(async () => {
    await cast?.close();
  });

  it('keeps each side blind until both have answered the Expectations check', async () => {
    const { therapist, clientSelf, supervisor } = cast.agents;
    const t = await therapist.req('POST', `/api/courses/${k}/expectations`, { answers: answers('therapist', (ty) => (ty === 'working' ? 4 : 1)) });
    expect(t.statusCode, t.body).toBe(201);
    // The client sees that the therapist answered, never what.
    const clientView = (await clientSelf.req('GET', `/api/courses/${k}/expectations/compare`)).json();
    expect(clientView).toEqual({ rounds: [], latest: null });
    expect(JSON.stringify(clientView)).not.toContain('therapist.working');
    const mine = (await clientSelf.req('GET', `/api/courses/${k}/expectations`)).json();
    expect(mine).toMatchObject({ otherSideAnswered: true, mine: [], due: { due: true, reason: 'intake' } });
    expect(JSON.stringify(mine)).not.toContain('therapist.working');
    // The supervisor sees no half-finished round either.
    expect((await supervisor.req('GET', `/api/courses/${k}/expectations/compare`)).json()).toEqual({ rounds: [], latest: null });
    // The therapist sees their own answers.
    const own = (await therapist.req('GET', `/api/courses/${k}/expectations/compare`)).json();
    expect(own.rounds[0]).toMatchObject({ revealed: false, client: null, therapist: { side: 'therapist' } });

    const c = await clientSelf.req('POST', `/api/courses/${k}/expectations`, {
      answers: answers('client', (ty) => (ty === 'magical' ? 4 : 0)),
      freeText: 'I hope my boss changes so work gets easier.',
    });
    expect(c.statusCode, c.body).toBe(201);
    // A second answer in the same round is refused.
    expect((await clientSelf.req('POST', `/api/courses/${k}/expectations`, { answers: answers('client', () => 2) })).statusCode).toBe(409);
    const both = (await clientSelf.req('GET', `/api/courses/${k}/expectations/compare`)).json();
    expect(both.latest).toMatchObject({ revealed: true, comparison: { diverge: true } });
    expect(both.latest.therapist.answers['therapist.working.decision']).toBe(4);
    expect((await supervisor.req('GET', `/api/courses/${k}/expectations/compare`)).json().latest.revealed).toBe(true);
    // Supervisors do not answer; admins and other therapists do not see the course at all.
    expect((await supervisor.req('POST', `/api/courses/${k}/expectations`, { answers: answers('therapist', () => 1) })).statusCode).toBe(403);
    expect((await cast.agents.admin.req('GET', `/api/courses/${k}/expectations/compare`)).statusCode).toBe(404);
    expect((await cast.agents.otherTherapist.req('GET', `/api/courses/${k}/expectations/compare`)).statusCode).toBe(404);
  });

  it('lets the client propose and confirm, and keeps the therapist’s part to the therapist', async () => {
    const { therapist, clientSelf, supervisor, admin, otherTherapist, clientOther } = cast.agents;
    const goal = await clientSelf.req('POST', `/api/courses/${k}/goals`, { text: 'I want to sleep through the night again.', focus: 'symptom_relief' });
    expect(goal.statusCode, goal.body).toBe(201);
    const goalId = goal.json().id as string;
    expect((await clientSelf.req('POST', `/api/courses/${k}/goals/${goalId}/agree`, { words: 'yes' })).statusCode).toBe(403); // own goal
    expect((await supervisor.req('POST', `/api/courses/${k}/goals/${goalId}/agree`, { words: 'fine' })).statusCode).toBe(403);
    expect((await therapist.req('POST', `/api/courses/${k}/goals/${goalId}/agree`, { words: 'Let us work on that together.' })).statusCode).toBe(201);
    expect((await clientSelf.req('POST', `/api/courses/${k}/goals/${goalId}/progress`, { value: 4 })).statusCode).toBe(201);
    expect((await clientSelf.req('PUT', `/api/courses/${k}/goals/${goalId}/gas`, { weight: 1 })).statusCode).toBe(403);
    expect((await therapist.req('PUT', `/api/courses/${k}/goals/${goalId}/gas`, { weight: 2 })).statusCode).toBe(200);
    expect((await therapist.req('POST', `/api/courses/${k}/goals/${goalId}/gas`, { level: 1 })).statusCode).toBe(201);
    const goals = (await supervisor.req('GET', `/api/courses/${k}/goals`)).json();
    expect(goals.goals[0]).toMatchObject({ state: 'agreed', ratings: [{ value: 4, recordedBy: 'client' }] });
    expect(goals.gasTScore).toBeCloseTo(60, 5);

    const proposal = await therapist.req('POST', `/api/courses/${k}/agreements`, {
      statement: 'We work on sleep and on what keeps you awake.',
      allianceType: 'working',
      frequency: 'weekly',
      reviewPoint: { kind: 'after_sessions', sessions: 6 },
    });
    expect(proposal.statusCode, proposal.body).toBe(201);
    const pending = (await clientSelf.req('GET', `/api/courses/${k}/ledger`)).json();
    expect(pending.awaiting).toHaveLength(1);
    const id = pending.awaiting[0].id as string;
    for (const [agent, status] of [
      [supervisor, 403],
      [admin, 404],
      [otherTherapist, 404],
      [clientOther, 404],
    ] as const) {
      expect((await agent.req('POST', `/api/courses/${k}/agreements/${id}/confirm`, { words: 'yes' })).statusCode).toBe(status);
    }
    const confirmed = await clientSelf.req('POST', `/api/courses/${k}/agreements/${id}/confirm`, { words: 'Yes, that is what I need.' });
    expect(confirmed.statusCode, confirmed.body).toBe(201);
    expect(confirmed.json().inForce).toMatchObject({ id, confirmation: { by: 'client', recordedBy: 'client', words: 'Yes, that is what I need.' } });
    // A shift needs its reason.
    const noReason = await clientSelf.req('POST', `/api/courses/${k}/agreements`, {
      statement: 'Something else',
      allianceType: 'therapeutic',
      frequency: 'weekly',
      reviewPoint: { kind: 'after_sessions', sessions: 6 },
    });
    expect(noReason.statusCode).toBe(400);

    const summary = (await therapist.req('GET', `/api/courses/${k}/alliance`)).json();
    expect(summary.agreed.terms.allianceType).toBe('working');
    expect(summary.inferred.evidence.length).toBeGreaterThan(0);
    expect(summary.findings.map((f: { kind: string }) => f.kind)).toContain('expectations_diverge');
    const own = (await clientSelf.req('GET', `/api/courses/${k}/alliance`)).json();
    expect(own).not.toHaveProperty('findings');
    expect(own).not.toHaveProperty('inferred');
    expect(own.agreed.terms.allianceType).toBe('working');
    for (const url of [`/api/courses/${k}/alliance`, `/api/courses/${k}/alliance/timeline`, `/api/courses/${k}/attendance`, `/api/courses/${k}/ledger`]) {
      expect((await supervisor.req('GET', url)).statusCode, url).toBe(200);
      expect((await admin.req('GET', url)).statusCode, url).toBe(404);
      expect((await otherTherapist.req('GET', url)).statusCode, url).toBe(404);
    }
    const timeline = (await therapist.req('GET', `/api/courses/${k}/alliance/timeline`)).json();
    expect(timeline.points).toHaveLength(1);
  });

  it('gives the cues in the client’s goals and free text to the therapist and the supervisor, never to the client', async () => {
    const { therapist, clientSelf, supervisor } = cast.agents;
    const posted = await clientSelf.req('POST', `/api/courses/${k}/goals`, {
      text: 'I want my boss to change so that work gets easier.',
      focus: 'change_in_others',
    });
    expect(posted.statusCode, posted.body).toBe(201);
    expect(posted.json().cues).toBeUndefined();
    for (const agent of [therapist, supervisor]) {
      const goal = (await agent.req('GET', `/api/courses/${k}/goals`)).json().goals.find((g: { id: string }) => g.id === posted.json().id);
      expect(goal.cues.map((c: { family: string }) => c.family)).toContain('magical_external');
      const free = (await agent.req('GET', `/api/courses/${k}/expectations/compare`)).json().latest.client;
      expect(free.freeTextCues.length).toBeGreaterThan(0);
      expect(free.freeText.slice(free.freeTextCues[0].start, free.freeTextCues[0].end)).toBe(free.freeTextCues[0].words);
    }
    const own = (await clientSelf.req('GET', `/api/courses/${k}/goals`)).json();
    expect(own.goals.every((g: { cues?: unknown }) => g.cues === undefined)).toBe(true);
    expect((await clientSelf.req('GET', `/api/courses/${k}/expectations/compare`)).json().latest.client.freeTextCues).toBeUndefined();
  });

  it('declines over HTTP: the therapist records the client’s decline said in session; bad answers are clear errors', async () => {
    const { therapist, clientSelf, supervisor, admin } = cast.agents;
    const shift = await therapist.req('POST', `/api/courses/${k}/agreements`, {
      statement: 'We widen the work to what keeps Sam awake: the worry about his father.',
      allianceType: 'therapeutic',
      frequency: 'weekly',
      reviewPoint: { kind: 'after_sessions', sessions: 8 },
      reason: 'Sam keeps coming back to his father.',
    });
    expect(shift.statusCode, shift.body).toBe(201);
    const id = (shift.json().agreements as { id: string; status: string }[]).find((a) => a.status === 'pending')!.id;
    expect((await supervisor.req('POST', `/api/courses/${k}/agreements/${id}/decline`, {})).statusCode).toBe(403);
    expect((await admin.req('POST', `/api/courses/${k}/agreements/${id}/decline`, {})).statusCode).toBe(404);
    expect((await therapist.req('POST', `/api/courses/${k}/agreements/${id}/decline`, { words: 'x'.repeat(2001) })).statusCode).toBe(400);
    expect((await therapist.req('POST', `/api/courses/${k}/agreements/${id}/decline`, { words: 'no', extra: 1 })).statusCode).toBe(400);
    expect((await therapist.req('POST', `/api/courses/${k}/agreements/${cast.ids.courseK}/decline`, {})).statusCode).toBe(404);
    // Confirming needs the client's words; declining does not, but here they are recorded.
    expect((await therapist.req('POST', `/api/courses/${k}/agreements/${id}/confirm`, { words: '' })).statusCode).toBe(400);
    const declined = await therapist.req('POST', `/api/courses/${k}/agreements/${id}/decline`, { words: 'Not now: I want to keep to sleep for a while.' });
    expect(declined.statusCode, declined.body).toBe(201);
    const after = (await clientSelf.req('GET', `/api/courses/${k}/ledger`)).json();
    expect(after.agreements.find((a: { id: string }) => a.id === id)).toMatchObject({
      status: 'declined',
      decline: { by: 'client', recordedBy: 'therapist', words: 'Not now: I want to keep to sleep for a while.' },
    });
    expect(after.inForce.terms.allianceType).toBe('working'); // the agreement in force stays
    expect(after.awaiting).toEqual([]);
    // Answered once: a second answer is refused with a reason, never a 500.
    const again = await clientSelf.req('POST', `/api/courses/${k}/agreements/${id}/confirm`, { words: 'Yes after all.' });
    expect(again.statusCode).toBeGreaterThanOrEqual(400);
    expect(again.statusCode).toBeLessThan(500);
    const rows = await cast.world.deps.store.listLedger(k);
    expect(rows.filter((r) => r.agreementId === id).map((r) => `${r.kind}:${r.side}:${r.recordedBy ?? ''}`)).toEqual([
      'proposal:therapist:',
      'decline:client:therapist',
    ]);
  });

  it('recomputes when a session is recorded through the course route', async () => {
    const r = await cast.agents.therapist.req('POST', `/api/courses/${k}/sessions`, { startsAt: '2026-01-12T10:00:00Z', status: 'attended' });
    expect(r.statusCode, r.body).toBe(201);
    const snapshots = await cast.world.deps.store.listAllianceSnapshots(k);
    expect(snapshots.map((s) => s.at)).toEqual(['2026-01-05T10:00:00.000Z', '2026-01-12T10:00:00.000Z']);
  });
});
