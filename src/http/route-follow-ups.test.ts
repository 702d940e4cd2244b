/**
 * The pipeline's unit of work runs the follow-ups a write queued after its commit and before the
 * reply: when the answer arrives, the alliance recompute has run (its alert is in the inbox).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cast } from '../../test/support/cast.ts';
import { makeCast } from '../../test/support/cast.ts';
import { expectationsInstrument } from '../domain/alliance/expectations.ts';

const answers = (side: 'client' | 'therapist', value: (type: string) => number) =>
  Object.fromEntries(expectationsInstrument(side).statements.map((s) => [s.id, value(s.type)]));

describe('follow-ups in the request pipeline', () => {
  let cast: Cast;
  beforeAll(async () => {
    cast = await makeCast();
  });
  afterAll(async () => {
    await cast?.close();
  });

  it('a write is answered once its alliance recompute has run', async () => {
    const { therapist, clientSelf } = cast.agents;
    const k = cast.ids.courseK;
    const clientId = (await cast.world.deps.store.findCourse(k))!.clientId;
    const kinds = async () => (await cast.world.deps.store.listAlerts({ clientIds: [clientId] })).map((a) => a.kind);
    expect(
      (await therapist.req('POST', `/api/courses/${k}/expectations`, { answers: answers('therapist', (ty) => (ty === 'working' ? 4 : 0)) })).statusCode,
    ).toBe(201);
    expect(await kinds()).not.toContain('expectations_diverge');
    const c = await clientSelf.req('POST', `/api/courses/${k}/expectations`, { answers: answers('client', (ty) => (ty === 'magical' ? 4 : 0)) });
    expect(c.statusCode, c.body).toBe(201);
    expect(await kinds()).toContain('expectations_diverge');
    expect((await cast.world.deps.store.listAllianceSnapshots(k)).length).toBeGreaterThan(0);
  });
});
