import { describe, it, expect, afterAll } from 'vitest';
import { makeWorld, seedPractice, makeApp, signInAgent } from './harness.ts';

describe('the test harness', async () => {
  const world = await makeWorld();
  afterAll(() => world.close());
  it('seeds a practice whose therapist can sign in and add a client', async () => {
    const p = await seedPractice(world.deps);
    const app = await makeApp(world);
    const theo = await signInAgent(app, p.emails.therapist);
    const res = await theo.req('POST', '/api/clients', { name: 'Casey Client' });
    expect(res.statusCode).toBe(201);
    const list = await theo.req('GET', '/api/clients');
    expect(list.json().items).toHaveLength(1);
    await app.close();
  });
});
