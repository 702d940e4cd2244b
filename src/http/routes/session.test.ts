/**
 * The session over HTTP: the cookie's name and attributes under TLS, the session replaced when the
 * second factor completes, and password checks of a signed-in person throttled like sign-in.
 */
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Practice, TestWorld } from '../../../test/support/harness.ts';
import { PASSWORD, makeApp, makeWorld, seedPractice, signInAgent } from '../../../test/support/harness.ts';
import { base32Decode, hotp, totpStep } from '../../domain/totp.ts';
import { buildApp } from '../app.ts';

let w: TestWorld;
let p: Practice;
beforeEach(async () => {
  w = await makeWorld();
  p = await seedPractice(w.deps);
});
afterEach(async () => {
  await w.close();
});

describe('the session cookie', () => {
  it('under TLS is named __Host-accord_session with Secure, Path=/ and no Domain, and only that name is read', async () => {
    const tls = await buildApp({ deps: w.deps, secureCookies: true, logger: false, version: 'test' });
    try {
      const res = await tls.inject({ method: 'POST', url: '/api/session', payload: { email: p.emails.therapist, password: PASSWORD } });
      expect(res.statusCode).toBe(201);
      const raw = String(res.headers['set-cookie']);
      expect(raw).toMatch(/^__Host-accord_session=/);
      expect(raw).toMatch(/; Path=\/(;|$)/);
      expect(raw).toMatch(/; Secure/);
      expect(raw).not.toMatch(/Domain=/i);
      const value = res.cookies.find((c) => c.name === '__Host-accord_session')!.value;
      expect((await tls.inject({ method: 'GET', url: '/api/session', headers: { cookie: `__Host-accord_session=${value}` } })).statusCode).toBe(200);
      // The unprefixed name (which a sibling subdomain could set) is not accepted under TLS.
      expect((await tls.inject({ method: 'GET', url: '/api/session', headers: { cookie: `accord_session=${value}` } })).statusCode).toBe(401);
      // The API description names the cookie this instance reads.
      const doc = (await tls.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { components: { securitySchemes: { session: { name: string } } } };
      expect(doc.components.securitySchemes.session.name).toBe('__Host-accord_session');
    } finally {
      await tls.close();
    }
  });

  it('without TLS keeps the plain name (a __Host- cookie needs Secure)', async () => {
    const app = await makeApp(w);
    try {
      const res = await app.inject({ method: 'POST', url: '/api/session', payload: { email: p.emails.therapist, password: PASSWORD } });
      expect(res.cookies.map((c) => c.name)).toEqual(['accord_session']);
    } finally {
      await app.close();
    }
  });
});

describe('completing the second factor', () => {
  let app: FastifyInstance;
  beforeEach(async () => {
    app = await makeApp(w);
  });
  afterEach(async () => {
    await app.close();
  });

  it('replaces the session: a new cookie and anti-forgery token; the old id is signed out', async () => {
    const signedIn = await app.inject({ method: 'POST', url: '/api/session', payload: { email: p.emails.therapist, password: PASSWORD } });
    const oldCookie = `accord_session=${signedIn.cookies.find((c) => c.name === 'accord_session')!.value}`;
    const csrf = (signedIn.json() as { csrfToken: string }).csrfToken;
    const headers = { cookie: oldCookie, 'x-csrf-token': csrf };
    const begin = await app.inject({ method: 'POST', url: '/api/me/mfa', headers });
    expect(begin.statusCode).toBe(201);
    const { secret } = begin.json() as { secret: string };
    const code = hotp(base32Decode(secret), totpStep(w.clock.now()));
    const done = await app.inject({ method: 'POST', url: '/api/session/mfa', headers, payload: { code } });
    expect(done.statusCode).toBe(200);
    const fresh = done.cookies.find((c) => c.name === 'accord_session')!;
    expect(fresh.value).toBeTruthy();
    expect(`accord_session=${fresh.value}`).not.toBe(oldCookie);
    expect((await app.inject({ method: 'GET', url: '/api/session', headers: { cookie: oldCookie } })).statusCode).toBe(401);
    const now = await app.inject({ method: 'GET', url: '/api/session', headers: { cookie: `accord_session=${fresh.value}` } });
    expect(now.statusCode).toBe(200);
    expect((now.json() as { csrfToken: string }).csrfToken).not.toBe(csrf);
  });
});

describe('re-authentication over HTTP', () => {
  it('after 40 wrong passwords the right one is answered 429 rate_limited, not accepted', async () => {
    const app = await makeApp(w);
    try {
      const agent = await signInAgent(app, p.emails.admin);
      const statuses: number[] = [];
      for (let i = 0; i < 40; i++) statuses.push((await agent.req('POST', '/api/session/reauth', { password: `wrong guess ${i}` })).statusCode);
      expect(statuses.slice(0, w.deps.security.accountFailures)).toEqual(Array(w.deps.security.accountFailures).fill(401));
      expect(statuses.at(-1)).toBe(429);
      const right = await agent.req('POST', '/api/session/reauth', { password: PASSWORD });
      expect(right.statusCode).toBe(429);
      expect((right.json() as { error: { code: string } }).error.code).toBe('rate_limited');
      // The session itself is untouched: the person is still signed in.
      expect((await agent.req('GET', '/api/session')).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });
});
