/**
 * The app as a whole: every live route names a policy, the OpenAPI document lists every route,
 * security headers, bad input never causes a 500 or a write, and client reads are audited (or
 * refused when they cannot be).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Cast } from '../../test/support/cast.ts';
import { errorOf, makeCast, tableCounts } from '../../test/support/cast.ts';
import { PASSWORD, signInAgent } from '../../test/support/harness.ts';
import { POLICY } from '../domain/access.ts';
import { createInvite, acceptInvite } from '../services/accounts/users.ts';
import type { Store } from '../services/ports.ts';
import { buildApp, routeTable } from './app.ts';
import { contractChecked } from '../../test/support/contract-check.ts';

/** The live routes, read back from Fastify's router (not from our own table). */
function liveRoutes(app: FastifyInstance): Set<string> {
  const out = new Set<string>();
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^([│ ]*)(?:├── |└── )(\S+)(?: \(([^)]+)\))?/.exec(line);
    if (!m) continue;
    const depth = m[1]!.length / 4;
    stack.length = depth;
    stack.push(m[2]!);
    for (const method of (m[3] ?? '').split(', ').filter((x) => x && x !== 'HEAD')) out.add(`${method} ${stack.join('')}`);
  }
  return out;
}

let cast: Cast;
beforeAll(async () => {
  cast = await makeCast();
});
afterAll(async () => {
  await cast?.close();
});

describe('every live route has a policy', () => {
  it('each /api route Fastify serves is declared in the route table with a key of POLICY', async () => {
    await cast.app.ready();
    const live = liveRoutes(cast.app);
    const declared = new Map(routeTable(false).map((r) => [`${r.method} ${r.url}`, r.policy]));
    expect(live.size).toBeGreaterThan(30);
    const apiRoutes = [...live].filter((r) => r.split(' ')[1]!.startsWith('/api'));
    const missing = apiRoutes.filter((r) => !declared.has(r) || !(declared.get(r)! in POLICY));
    expect(missing, 'routes without a policy').toEqual([]);
    expect(
      [...live].filter((r) => !r.split(' ')[1]!.startsWith('/api')),
      'non-API routes',
    ).toEqual([]);
  });

  it('would notice a route added outside the policy pipeline', async () => {
    const app = contractChecked(await buildApp({ deps: cast.world.deps, secureCookies: false, logger: false, version: 'test' }));
    app.get('/api/sneaky', async () => ({ secret: true }));
    await app.ready();
    const declared = new Set(routeTable(false).map((r) => `${r.method} ${r.url}`));
    expect([...liveRoutes(app)].filter((r) => !declared.has(r))).toEqual(['GET /api/sneaky']);
    await app.close();
  });
});

describe('health and the API description', () => {
  it('GET /api/health answers {"status":"ok"}', async () => {
    const res = await cast.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('{"status":"ok"}');
  });

  it('GET /api/openapi.json is OpenAPI 3.1 and describes every live route with its policy', async () => {
    const res = await cast.app.inject({ method: 'GET', url: '/api/openapi.json' });
    const doc = res.json() as { openapi: string; paths: Record<string, Record<string, { 'x-accord-policy': { key: string }; responses: object }>> };
    expect(doc.openapi).toMatch(/^3\.1\./);
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p.replace(/\{(\w+)\}/g, ':$1')}`)),
    );
    expect([...liveRoutes(cast.app)].filter((r) => !documented.has(r))).toEqual([]);
    for (const ops of Object.values(doc.paths)) for (const op of Object.values(ops)) expect(op['x-accord-policy'].key in POLICY).toBe(true);
    // The further keys a route declares are documented with it: reassignment is the admin's alone.
    const patch = doc.paths['/api/clients/{clientId}']!.patch as unknown as { 'x-accord-requires'?: { key: string; always: boolean }[] };
    expect(patch['x-accord-requires']).toEqual([expect.objectContaining({ key: 'client:reassign', always: false, allow: ['admin'] })]);
  });
});

describe('security headers', () => {
  it('sets a strict CSP, anti-framing, nosniff, a referrer policy, and no-store on the API', async () => {
    for (const url of ['/api/health', `/api/clients/${cast.ids.clientC}`, '/api/nope', '/somewhere']) {
      const res = await cast.agents.therapist.req('GET', url);
      const csp = String(res.headers['content-security-policy']);
      expect(csp, url).toContain("frame-ancestors 'none'");
      expect(csp).toContain("default-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).not.toContain('unsafe-eval');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['x-frame-options']).toBe('DENY');
      if (url.startsWith('/api/')) expect(res.headers['cache-control'], url).toBe('no-store');
    }
  });

  it('sets the session cookie HttpOnly and SameSite=Strict (and Secure over TLS)', async () => {
    const res = await cast.app.inject({ method: 'POST', url: '/api/session', payload: { email: cast.practice.emails.therapist, password: PASSWORD } });
    const c = res.cookies.find((k) => k.name === 'accord_session')!;
    expect(c).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    const tls = contractChecked(await buildApp({ deps: cast.world.deps, secureCookies: true, logger: false, version: 'test' }));
    const r2 = await tls.inject({ method: 'POST', url: '/api/session', payload: { email: cast.practice.emails.therapist, password: PASSWORD } });
    expect(r2.cookies.find((k) => k.name === '__Host-accord_session')).toMatchObject({ secure: true, httpOnly: true, path: '/' });
    expect(r2.headers['strict-transport-security']).toMatch(/max-age=/);
    await tls.close();
  });
});

describe('bad input changes nothing and is never a 500', () => {
  const C = () => cast.ids.clientC;
  type Case = [name: string, method: string, url: () => string, body: unknown, headers: Record<string, string>, status: number, code: string];
  const json = { 'content-type': 'application/json' };
  const cases: Case[] = [
    ['malformed JSON', 'POST', () => '/api/clients', '{"name": "x",', json, 400, 'invalid_input'],
    ['a JSON array instead of an object', 'POST', () => '/api/clients', '[1,2]', json, 400, 'invalid_input'],
    ['a wrong type', 'POST', () => '/api/clients', { name: 42 }, {}, 400, 'invalid_input'],
    ['a missing field', 'POST', () => '/api/clients', {}, {}, 400, 'invalid_input'],
    ['an unknown field', 'POST', () => '/api/clients', { name: 'Eve', admin: true }, {}, 400, 'invalid_input'],
    ['an unknown nested field', 'POST', () => '/api/clients', { name: 'Eve', contact: { email: null, ssn: '1' } }, {}, 400, 'invalid_input'],
    ['an over-long string', 'POST', () => '/api/clients', { name: 'x'.repeat(201) }, {}, 400, 'invalid_input'],
    ['an invalid email', 'POST', () => '/api/clients', { name: 'Eve', contact: { email: 'not-an-email' } }, {}, 400, 'invalid_input'],
    ['an impossible date', 'POST', () => `/api/clients/${C()}/courses`, { startedOn: '2026-02-31x', frequency: 'weekly' }, {}, 400, 'invalid_input'],
    ['an unknown enum value', 'PATCH', () => `/api/courses/${cast.ids.courseK}`, { phase: 'ending' }, {}, 400, 'invalid_input'],
    [
      'a number out of range',
      'POST',
      () => `/api/courses/${cast.ids.courseK}/sessions`,
      { startsAt: '2026-03-02T10:00:00Z', durationMinutes: 100000 },
      {},
      400,
      'invalid_input',
    ],
    [
      'a session before the course began',
      'POST',
      () => `/api/courses/${cast.ids.courseK}/sessions`,
      { startsAt: '2020-03-02T10:00:00Z' },
      {},
      400,
      'invalid_input',
    ],
    ['a non-UUID id', 'GET', () => '/api/clients/123', undefined, {}, 404, 'not_found'],
    ['a non-UUID id on a write', 'PATCH', () => "/api/clients/1' or '1'='1", { name: 'x' }, {}, 404, 'not_found'],
    ['the id of a record that does not exist', 'PATCH', () => `/api/clients/${randomUUID()}`, { name: 'x' }, {}, 404, 'not_found'],
    ['a course id that does not exist', 'POST', () => `/api/courses/${randomUUID()}/sessions`, { startsAt: '2026-03-02T10:00:00Z' }, {}, 404, 'not_found'],
    ['a wrong content type', 'POST', () => '/api/clients', 'name=Eve', { 'content-type': 'application/x-www-form-urlencoded' }, 400, 'invalid_input'],
    ['a text body', 'POST', () => '/api/clients', 'Eve', { 'content-type': 'text/plain' }, 400, 'invalid_input'],
    ['a body too large', 'POST', () => '/api/clients', JSON.stringify({ name: 'x'.repeat(300 * 1024) }), json, 413, 'payload_too_large'],
    ['a missing CSRF token', 'POST', () => '/api/clients', { name: 'Eve' }, { 'x-csrf-token': '' }, 403, 'csrf'],
    ['a wrong CSRF token', 'PATCH', () => `/api/clients/${C()}`, { name: 'Eve' }, { 'x-csrf-token': 'guess' }, 403, 'csrf'],
    ['an unknown query parameter', 'GET', () => '/api/audit?everything=1', undefined, {}, 400, 'invalid_input'],
    ['an unknown API path', 'GET', () => '/api/does-not-exist', undefined, {}, 404, 'not_found'],
  ];
  for (const [name, method, url, body, headers, status, code] of cases) {
    it(name, async () => {
      const agent = url().startsWith('/api/audit') ? cast.agents.admin : cast.agents.therapist;
      const before = await tableCounts(cast.world);
      const res = await agent.req(method, url(), body, headers);
      expect(res.statusCode, res.body.slice(0, 300)).toBe(status);
      expect(errorOf(res)?.code).toBe(code);
      expect(await tableCounts(cast.world)).toEqual(before);
    });
  }

  it('a replayed invite is refused and creates no second account', async () => {
    const { token } = await createInvite(cast.world.deps, cast.practice.adminId, { email: 'once@test.accord', roles: ['therapist'] });
    const first = await cast.app.inject({ method: 'POST', url: `/api/invites/${token}/accept`, payload: { displayName: 'Once', password: PASSWORD } });
    expect(first.statusCode).toBe(201);
    const before = await tableCounts(cast.world);
    const again = await cast.app.inject({ method: 'POST', url: `/api/invites/${token}/accept`, payload: { displayName: 'Twice', password: PASSWORD } });
    expect(again.statusCode).toBe(410);
    expect(errorOf(again)?.code).toBe('invite_invalid');
    expect(await tableCounts(cast.world)).toEqual(before);
  });

  it('an expired session is refused (and the cookie cleared); nothing is written', async () => {
    const own = await makeCast();
    try {
      const agent = own.agents.therapist;
      own.world.clock.advance(31);
      const before = await tableCounts(own.world);
      const res = await agent.req('POST', '/api/clients', { name: 'Too Late' });
      expect(res.statusCode).toBe(401);
      expect(errorOf(res)?.code).toBe('unauthenticated');
      expect(res.cookies.find((k) => k.name === 'accord_session')?.value).toBe('');
      expect((await agent.req('GET', `/api/clients/${own.ids.clientC}`)).statusCode).toBe(401);
      expect(await tableCounts(own.world)).toEqual(before);
    } finally {
      await own.close();
    }
  });
});

describe('audit of client reads', () => {
  it('every read of a client route writes an event naming who, what, which client and when', async () => {
    const reads = [`/api/clients/${cast.ids.clientC}`, `/api/clients/${cast.ids.clientC}/courses`, `/api/clients/${cast.ids.clientC}/access-report`];
    for (const url of reads) {
      const before = (await cast.world.deps.store.auditHead()).seq;
      const res = await cast.agents.therapist.req('GET', url);
      expect(res.statusCode).toBe(200);
      const events = (await cast.world.deps.store.listAudit({ limit: 5 })).filter((e) => e.seq > before);
      expect(events, url).toContainEqual(expect.objectContaining({ actorId: cast.practice.therapistId, clientId: cast.ids.clientC, outcome: 'ok' }));
    }
  });

  it('a refused read is audited as denied', async () => {
    const before = (await cast.world.deps.store.auditHead()).seq;
    await cast.agents.supervisor.req('PATCH', `/api/clients/${cast.ids.clientC}`, { name: 'x' });
    const events = (await cast.world.deps.store.listAudit({ limit: 5 })).filter((e) => e.seq > before);
    expect(events).toContainEqual(
      expect.objectContaining({ actorId: cast.practice.supervisorId, outcome: 'denied', detail: 'forbidden', clientId: cast.ids.clientC }),
    );
  });

  it('when the audit event cannot be written, the client data is not sent (503 audit_unavailable)', async () => {
    const failing = new Proxy(cast.world.deps.store, {
      get(target, prop, receiver) {
        if (prop === 'appendAudit')
          return async () => {
            throw new Error('audit disk is full');
          };
        const v = Reflect.get(target, prop, receiver) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    }) as Store;
    const { makeDeps } = await import('../services/compose.ts');
    const deps = makeDeps({ ...cast.world.deps, store: failing });
    const app = contractChecked(await buildApp({ deps, secureCookies: false, logger: false, version: 'test' }));
    try {
      // Signing in is itself audited, so sign in on the healthy app and reuse the cookie.
      const agentCookie = await cast.app.inject({
        method: 'POST',
        url: '/api/session',
        payload: { email: cast.practice.emails.therapist, password: PASSWORD },
      });
      const cookie = agentCookie.cookies.find((k) => k.name === 'accord_session')!.value;
      for (const url of [`/api/clients/${cast.ids.clientC}`, `/api/clients/${cast.ids.clientC}/courses`]) {
        const res = await app.inject({ method: 'GET', url, headers: { cookie: `accord_session=${cookie}` } });
        expect(res.statusCode, url).toBe(503);
        expect(errorOf(res)?.code).toBe('audit_unavailable');
        expect(res.body).not.toContain('Casey');
        expect(res.body).not.toContain('casey@example.org');
      }
    } finally {
      await app.close();
    }
  });
});

describe('a client signing in sees only their own record', () => {
  it('the portal account reads its own client and course, and nothing of anyone else', async () => {
    const me = (await cast.agents.clientSelf.req('GET', '/api/session')).json() as { user: { clientId: string } };
    expect(me.user.clientId).toBe(cast.ids.clientC);
    expect((await cast.agents.clientSelf.req('GET', `/api/clients/${cast.ids.clientC}/courses`)).statusCode).toBe(200);
    expect((await cast.agents.clientSelf.req('GET', `/api/clients/${cast.ids.clientD}/courses`)).statusCode).toBe(404);
    expect((await cast.agents.clientSelf.req('GET', '/api/clients')).statusCode).toBe(403);
  });
  it('a newly invited client can accept and sign in', async () => {
    const res = await cast.agents.therapist.req('POST', '/api/clients', { name: 'Fresh Portal' });
    const id = (res.json() as { id: string }).id;
    const inv = await cast.agents.therapist.req('POST', `/api/clients/${id}/portal-invite`, { email: 'fresh.portal@example.org' });
    expect(inv.statusCode).toBe(201);
    const token = (inv.json() as { path: string }).path.split('/').pop()!;
    await acceptInvite(cast.world.deps, token, { displayName: 'Fresh', password: PASSWORD });
    const agent = await signInAgent(cast.app, 'fresh.portal@example.org');
    expect((await agent.req('GET', `/api/clients/${id}`)).statusCode).toBe(200);
  });
  it('a portal invite answers the same whether or not the email already has an account (no account enumeration)', async () => {
    const newClient = async (name: string) => ((await cast.agents.therapist.req('POST', '/api/clients', { name })).json() as { id: string }).id;
    const taken = await newClient('Taken Address'),
      free = await newClient('Free Address');
    const staffEmail = cast.practice.emails.otherTherapist;
    const shape = (r: { statusCode: number; json(): unknown }) => {
      const b = r.json() as { email: string; expiresAt: string; path: string };
      return { status: r.statusCode, keys: Object.keys(b).sort(), path: b.path.replace(/[\w-]{20,}$/, 'TOKEN'), expiresAt: b.expiresAt };
    };
    const a = await cast.agents.therapist.req('POST', `/api/clients/${taken}/portal-invite`, { email: ` ${staffEmail.toUpperCase()} ` });
    const b = await cast.agents.therapist.req('POST', `/api/clients/${free}/portal-invite`, { email: 'nobody.yet@example.org' });
    expect(shape(a)).toEqual(shape(b));
    expect(a.statusCode).toBe(201);
    expect((a.json() as { email: string }).email).toBe(staffEmail);
    // Still right for the client: the free address becomes their account; the taken one cannot be
    // turned into a second account or attached to the existing one, and whoever holds the link is told why.
    const accept = (r: { json(): unknown }) =>
      cast.app.inject({
        method: 'POST',
        url: `/api/invites/${(r.json() as { path: string }).path.split('/').pop()}/accept`,
        payload: { displayName: 'Someone', password: PASSWORD },
      });
    expect((await accept(b)).statusCode).toBe(201);
    const refused = await accept(a);
    expect(refused.statusCode).toBe(409);
    expect(errorOf(refused)?.message).toMatch(
      /already has an Accord account.*Sign in with that account, or ask your therapist to invite a different email address/,
    );
    const staff = await cast.world.deps.store.findUserByEmail(staffEmail);
    expect(staff?.clientId).toBeNull();
    expect(staff?.roles).toEqual(['therapist']);
    expect(await cast.world.deps.store.findUserByClientId(taken)).toBeUndefined();
    // An already-invited client (its own portal account) is still a conflict: that is about the client, not the address.
    expect((await cast.agents.therapist.req('POST', `/api/clients/${free}/portal-invite`, { email: 'another@example.org' })).statusCode).toBe(409);
  });
});
