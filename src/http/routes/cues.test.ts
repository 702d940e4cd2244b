/**
 * The language-cue route through the real app (SPEC §5.5): the assigned therapist and their
 * supervisor read the cues of the client's own words; the client, the admin and other therapists
 * are answered as if nothing existed; the read is audited like every client-scoped read.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cast } from '../../../test/support/cast.ts';
import { makeCast } from '../../../test/support/cast.ts';

describe('GET /api/clients/:clientId/cues', () => {
  let cast: Cast;
  let url = '';
  beforeAll(async () => {
    cast = await makeCast();
    url = `/api/clients/${cast.ids.clientC}/cues`;
    const goal = await cast.agents.clientSelf.req('POST', `/api/courses/${cast.ids.courseK}/goals`, {
      text: 'I want to understand why I keep pushing people away, and not wait for my mother to change.',
      focus: 'pattern_in_myself',
    });
    expect(goal.statusCode, goal.body).toBe(201);
  });
  afterAll(async () => {
    await cast?.close();
  });

  it('gives the therapist the client’s texts with cues whose words index the text', async () => {
    const res = await cast.agents.therapist.req('GET', url);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.courseId).toBe(cast.ids.courseK);
    expect(body.items).toHaveLength(1);
    const item = body.items[0];
    expect(item.sourceType).toBe('goal');
    const families = item.cues.map((c: { family: string }) => c.family);
    expect(families).toContain('therapeutic');
    for (const c of item.cues) expect(item.text.slice(c.start, c.end)).toBe(c.words);
  });

  it('lets the supervisor read', async () => {
    expect((await cast.agents.supervisor.req('GET', url)).statusCode).toBe(200);
  });

  it('answers the client, the admin and other therapists and supervisors as if nothing existed', async () => {
    for (const who of ['clientSelf', 'clientOther', 'admin', 'otherTherapist', 'otherSupervisor'] as const) {
      expect((await cast.agents[who].req('GET', url)).statusCode, who).toBe(404);
    }
    expect((await cast.agents.anonymous.req('GET', url)).statusCode).toBe(401);
  });

  it('records the therapist’s read in the audit trail', async () => {
    const events = await cast.world.deps.store.listAudit({ clientId: cast.ids.clientC, limit: 50 });
    expect(events.some((e: { action: string; outcome: string }) => e.action === 'cues:read' && e.outcome === 'ok')).toBe(true);
  });
});
