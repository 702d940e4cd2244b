/**
 * One log line per request at info level (issue 13): method, route pattern, status and time —
 * never the path itself (an invitation token travels in one), the query, a body, a name or a
 * password.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import { makeWorld, seedPractice, PASSWORD } from '../../test/support/harness.ts';
import type { Practice, TestWorld } from '../../test/support/harness.ts';

let world: TestWorld;
let app: FastifyInstance;
let p: Practice;
const lines: Record<string, unknown>[] = [];

beforeAll(async () => {
  world = await makeWorld();
  p = await seedPractice(world.deps);
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(l) as Record<string, unknown>);
      done();
    },
  });
  app = await buildApp({ deps: world.deps, secureCookies: false, logger: { level: 'info', stream }, version: 'test' });
});
afterAll(async () => {
  await app?.close();
  await world?.close();
});

describe('request logs', () => {
  it('writes one info line per request, with the route pattern and never the path, query, body or password', async () => {
    lines.length = 0;
    await app.inject({ method: 'POST', url: '/api/session', payload: { email: p.emails.therapist, password: PASSWORD } });
    await app.inject({ method: 'GET', url: '/api/invites/secret-invitation-token-123456' });
    await app.inject({ method: 'GET', url: '/api/health?who=Casey%20Client' });
    const requests = lines.filter((l) => l.msg === 'request');
    expect(requests).toHaveLength(3);
    expect(lines.filter((l) => /incoming request|request completed/.test(String(l.msg)))).toEqual([]);
    expect(requests.map((l) => [l.level, l.method, l.route, typeof l.statusCode, typeof l.ms])).toEqual([
      [30, 'POST', '/api/session', 'number', 'number'],
      [30, 'GET', '/api/invites/:token', 'number', 'number'],
      [30, 'GET', '/api/health', 'number', 'number'],
    ]);
    const all = JSON.stringify(lines);
    for (const secret of ['secret-invitation-token', 'Casey', PASSWORD, p.emails.therapist]) expect(all).not.toContain(secret);
  });
});
