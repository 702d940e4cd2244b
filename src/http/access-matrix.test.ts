/**
 * The access matrix: every route driven as every kind of caller, through the real app.
 * Read a row as "this request, made by each of these people, answers this status".
 * 401 unauthenticated, 403 forbidden (can see the object, may not do this), 404 not found (out of
 * scope: exactly like a missing id). Client-scoped rows are about client C: Theo's client,
 * supervised by Sue, with a portal account ("client self"); "client other" is D's portal account.
 *
 * Routes added later that have no row here are still driven: their expected answers are derived
 * from the POLICY table (fully for GET routes about the practice or client C, and "never let in,
 * never a 500" for the rest). Add a row to pin a route down exactly.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { Actor, Cast } from '../../test/support/cast.ts';
import { ACTORS, errorOf, makeCast } from '../../test/support/cast.ts';
import { PASSWORD } from '../../test/support/harness.ts';
import type { Caller, ClientRule, PolicyRule, PracticeRule, Relation } from '../domain/access.ts';
import { POLICY, decideClient, decidePractice } from '../domain/access.ts';
import type { Role } from '../domain/people.ts';
import { createInvite, updateStaff } from '../services/users.ts';
import { updateCourse } from '../services/clients.ts';
import { routeTable } from './app.ts';

type Expect = number | `${number} ${string}`; // a status, or a status and the error code when it is not the usual one
type Row = {
  route: string; // "METHOD /path/:param"
  body?: (cast: Cast) => unknown;
  /** Changes the world before the row runs (each mutating row gets a fresh world). */
  prepare?: (cast: Cast) => Promise<void>;
  /** Path parameters beyond the usual ones; may make something per actor (a fresh invite). */
  params?: (cast: Cast) => Promise<Record<string, string>>;
  expect: [Expect, Expect, Expect, Expect, Expect, Expect, Expect, Expect, Expect];
};

//                                               anon  disab cl-oth cl-self oth-th oth-sup sup  ther  admin
const MATRIX: Row[] = [
  // Public
  { route: 'GET /api/health', expect: /*                    */ [200, 200, 200, 200, 200, 200, 200, 200, 200] },
  { route: 'GET /api/openapi.json', expect: /*              */ [200, 200, 200, 200, 200, 200, 200, 200, 200] },
  { route: 'GET /api/setup', expect: /*                     */ [200, 200, 200, 200, 200, 200, 200, 200, 200] },
  { route: 'POST /api/setup', body: () => ({ token: 'x'.repeat(20), practiceName: 'Again', timeZone: 'UTC', adminName: 'Mallory', adminEmail: 'm@test.accord', password: 'another long passphrase' }),
    expect: ['409 setup_done', '409 setup_done', '409 setup_done', '409 setup_done', '409 setup_done', '409 setup_done', '409 setup_done', '409 setup_done', '409 setup_done'] },
  { route: 'POST /api/session', body: (c) => ({ email: c.practice.emails.therapist, password: PASSWORD }), expect: [201, 201, 201, 201, 201, 201, 201, 201, 201] },
  { route: 'GET /api/invites/:token', params: freshInvite, expect: /*  */ [200, 200, 200, 200, 200, 200, 200, 200, 200] },
  { route: 'POST /api/invites/:token/accept', params: freshInvite, body: () => ({ displayName: 'New Person', password: PASSWORD }),
    expect: /*                                               */ [201, 201, 201, 201, 201, 201, 201, 201, 201] },

  // Own session and account
  { route: 'GET /api/session', expect: /*                   */ [401, 401, 200, 200, 200, 200, 200, 200, 200] },
  { route: 'DELETE /api/session', expect: /*                */ [401, 401, 200, 200, 200, 200, 200, 200, 200] },
  { route: 'POST /api/session/reauth', body: () => ({ password: PASSWORD }), expect: [401, 401, 200, 200, 200, 200, 200, 200, 200] },
  { route: 'POST /api/session/mfa', body: () => ({ code: '123456' }), // staff without an enrolment: nothing to check the code against
    expect: /*                                               */ [401, 401, 403, 403, 409, 409, 409, 409, 409] },
  { route: 'POST /api/me/mfa', expect: /*                   */ [401, 401, 403, 403, 201, 201, 201, 201, 201] },
  { route: 'DELETE /api/me/mfa', expect: /*                 */ [401, 401, 403, 403, 200, 200, 200, 200, 200] },
  { route: 'POST /api/me/password', body: () => ({ current: PASSWORD, next: 'a different long passphrase' }),
    expect: /*                                               */ [401, 401, 200, 200, 200, 200, 200, 200, 200] },

  // Practice administration
  { route: 'GET /api/practice', expect: /*                  */ [401, 401, 200, 200, 200, 200, 200, 200, 200] },
  { route: 'PATCH /api/practice', body: () => ({ crisisInfo: 'Call 999, or the Samaritans on 116 123, at any hour.' }),
    expect: /*                                               */ [401, 401, 403, 403, 403, 403, 403, 403, 200] },
  { route: 'GET /api/users', expect: /*                     */ [401, 401, 403, 403, 200, 200, 200, 200, 200] },
  { route: 'POST /api/users/invites', body: () => ({ email: 'newbie@test.accord', roles: ['therapist'] }),
    expect: /*                                               */ [401, 401, 403, 403, 403, 403, 403, 403, 201] },
  { route: 'GET /api/users/invites', expect: /*             */ [401, 401, 403, 403, 403, 403, 403, 403, 200] },
  { route: 'PATCH /api/users/:userId', body: () => ({ displayName: 'Olga Renamed' }),
    expect: /*                                               */ [401, 401, 403, 403, 403, 403, 403, 403, 200] },
  { route: 'GET /api/supervisions', expect: /*              */ [401, 401, 403, 403, 200, 200, 200, 200, 200] },
  { route: 'POST /api/supervisions', body: (c) => ({ supervisorId: c.practice.otherSupervisorId, therapistId: c.practice.otherTherapistId }),
    expect: /*                                               */ [401, 401, 403, 403, 403, 403, 403, 403, 201] },
  { route: 'DELETE /api/supervisions/:supervisorId/:therapistId', expect: [401, 401, 403, 403, 403, 403, 403, 403, 200] },
  { route: 'GET /api/audit', expect: /*                     */ [401, 401, 403, 403, 403, 403, 403, 403, 200] },

  // Caseload
  { route: 'GET /api/clients', expect: /*                   */ [401, 401, 403, 403, 200, 200, 200, 200, 200] },
  { route: 'POST /api/clients', body: () => ({ name: 'Nova New' }), expect: [401, 401, 403, 403, 201, 403, 403, 201, 403] },

  // About client C
  { route: 'GET /api/clients/:clientId', expect: /*         */ [401, 401, 404, 200, 404, 404, 200, 200, 200] },
  { route: 'PATCH /api/clients/:clientId', body: () => ({ name: 'Casey Renamed' }), expect: [401, 401, 404, 403, 404, 404, 403, 200, 200] },
  { route: 'POST /api/clients/:clientId/portal-invite', body: () => ({ email: 'casey2@example.org' }), // C already has a portal account
    expect: /*                                               */ [401, 401, 404, 403, 404, 404, 403, 409, 403] },
  { route: 'PUT /api/clients/:clientId/portal', body: () => ({ status: 'active' }), expect: [401, 401, 404, 403, 404, 404, 403, 200, 200] },
  { route: 'GET /api/clients/:clientId/access-report', expect: [401, 401, 404, 200, 404, 404, 403, 200, 403] },
  { route: 'GET /api/clients/:clientId/courses', expect: /* */ [401, 401, 404, 200, 404, 404, 200, 200, 200] },
  { route: 'POST /api/clients/:clientId/courses', prepare: endCourseK, body: () => ({ startedOn: '2026-03-02', frequency: 'weekly' }),
    expect: /*                                               */ [401, 401, 404, 403, 404, 404, 403, 201, 403] },
  { route: 'PATCH /api/courses/:courseId', body: () => ({ phase: 'middle' }), expect: [401, 401, 404, 403, 404, 404, 403, 200, 403] },
  { route: 'POST /api/courses/:courseId/sessions', body: () => ({ startsAt: '2026-03-02T08:00:00Z' }), expect: [401, 401, 404, 403, 404, 404, 403, 201, 403] },
  { route: 'PATCH /api/sessions/:sessionId', body: () => ({ status: 'no_show' }), expect: [401, 401, 404, 403, 404, 404, 403, 200, 403] },
];

async function freshInvite(c: Cast): Promise<Record<string, string>> {
  const { token } = await createInvite(c.world.deps, c.practice.adminId, { email: `inv-${randomUUID().slice(0, 8)}@test.accord`, roles: ['therapist'] });
  return { token };
}
async function endCourseK(c: Cast): Promise<void> {
  await updateCourse(c.world.deps, c.ids.courseK, { status: 'ended', endReason: 'planned', endedOn: '2026-03-01' });
}

const DEFAULT_CODE: Record<number, string> = { 401: 'unauthenticated', 403: 'forbidden', 404: 'not_found', 409: 'conflict', 410: 'invite_invalid' };

function usualParams(c: Cast): Record<string, string> {
  return {
    clientId: c.ids.clientC, courseId: c.ids.courseK, sessionId: c.ids.sessionS, userId: c.practice.otherTherapistId,
    supervisorId: c.practice.supervisorId, therapistId: c.practice.therapistId,
  };
}
const fill = (path: string, params: Record<string, string>) => path.replace(/:(\w+)/g, (_, name: string) => params[name] ?? randomUUID());

const key = (r: { method: string; url: string }) => `${r.method} ${r.url}`;
const LIVE = routeTable(false);
const isMutating = (route: string) => !route.startsWith('GET ');

async function drive(c: Cast, actor: Actor, row: Pick<Row, 'route' | 'body' | 'params'>) {
  const [method, path] = row.route.split(' ') as [string, string];
  const params = { ...usualParams(c), ...(row.params ? await row.params(c) : {}) };
  return c.agents[actor].req(method, fill(path, params), row.body?.(c));
}

function check(res: Awaited<ReturnType<typeof drive>>, expected: Expect, where: string) {
  const [status, code] = String(expected).split(' ') as [string, string | undefined];
  expect(res.statusCode, `${where}: ${res.body.slice(0, 300)}`).toBe(Number(status));
  const err = errorOf(res);
  if (Number(status) >= 400) expect(err?.code, where).toBe(code ?? DEFAULT_CODE[Number(status)]);
}

describe('the access matrix (foundation routes)', () => {
  it('has one row per foundation route, and every row is a live route', () => {
    const live = new Set(LIVE.map(key));
    for (const row of MATRIX) expect(live.has(row.route), row.route).toBe(true);
    expect(new Set(MATRIX.map((r) => r.route)).size).toBe(MATRIX.length);
  });

  describe('read-only rows, on one shared practice', () => {
    let cast: Cast;
    beforeAll(async () => { cast = await makeCast(); });
    afterAll(async () => { await cast?.close(); });
    for (const row of MATRIX.filter((r) => !isMutating(r.route))) {
      it(row.route, async () => {
        for (const [i, actor] of ACTORS.entries()) check(await drive(cast, actor, row), row.expect[i]!, `${row.route} as ${actor}`);
      });
    }
  });

  describe('state-changing rows, each on a fresh practice', () => {
    for (const row of MATRIX.filter((r) => isMutating(r.route))) {
      it(row.route, async () => {
        const cast = await makeCast();
        try {
          await row.prepare?.(cast);
          for (const [i, actor] of ACTORS.entries()) check(await drive(cast, actor, row), row.expect[i]!, `${row.route} as ${actor}`);
        } finally { await cast.close(); }
      });
    }
  });
});

describe('out of scope answers exactly like missing', () => {
  let cast: Cast;
  beforeAll(async () => { cast = await makeCast(); });
  afterAll(async () => { await cast?.close(); });
  const clientRows = MATRIX.filter((r) => /:(clientId|courseId|sessionId)/.test(r.route));
  for (const row of clientRows) {
    it(row.route, async () => {
      const [method, path] = row.route.split(' ') as [string, string];
      const outOfScope = await cast.agents.otherTherapist.req(method, fill(path, usualParams(cast)), row.body?.(cast));
      const missing = await cast.agents.otherTherapist.req(method, fill(path, {}), row.body?.(cast)); // random, nonexistent ids
      const missingForOwner = await cast.agents.therapist.req(method, fill(path, {}), row.body?.(cast));
      expect(outOfScope.statusCode).toBe(404);
      for (const other of [missing, missingForOwner]) {
        expect(other.statusCode).toBe(outOfScope.statusCode);
        expect(other.json()).toEqual(outOfScope.json());
        expect(other.headers['content-type']).toBe(outOfScope.headers['content-type']);
      }
    });
  }
});

describe('routes of later capabilities without a matrix row: derived from POLICY', () => {
  const rows = LIVE.filter((r) => !MATRIX.some((m) => m.route === key(r)));
  const RELATIONS: Record<Actor, Relation[]> = {
    anonymous: [], disabled: [], clientOther: [], clientSelf: ['client_self'], otherTherapist: ['other_therapist'], otherSupervisor: [],
    supervisor: ['supervisor'], therapist: ['assigned_therapist'], admin: ['admin'],
  };
  const ROLES: Record<Actor, Role[] | null> = {
    anonymous: null, disabled: null, clientOther: ['client'], clientSelf: ['client'], otherTherapist: ['therapist'], otherSupervisor: ['supervisor'],
    supervisor: ['supervisor'], therapist: ['therapist'], admin: ['admin'],
  };
  const KNOWN = new Set(['clientId', 'courseId', 'sessionId']);

  let cast: Cast;
  beforeAll(async () => { if (rows.length) cast = await makeCast(); });
  afterAll(async () => { await cast?.close(); });

  it('lists them (so a reader sees what is only derived)', () => {
    expect(Array.isArray(rows)).toBe(true);
  });
  for (const r of rows) {
    it(key(r), async () => {
      const rule = POLICY[r.policy] as PolicyRule;
      const names = [...r.url.matchAll(/:(\w+)/g)].map((m) => m[1]!);
      const fullyKnown = r.method === 'GET' && names.every((n) => KNOWN.has(n));
      for (const actor of ACTORS) {
        const res = await drive(cast, actor, { route: key(r) });
        const where = `${key(r)} as ${actor}: ${res.statusCode} ${res.body.slice(0, 200)}`;
        expect(res.statusCode, where).toBeLessThan(500);
        let d;
        if (rule.about === 'practice') {
          const roles = ROLES[actor];
          d = decidePractice(rule as PracticeRule, roles ? ({ userId: 'x', roles, clientId: null } satisfies Caller) : undefined);
        } else {
          d = ROLES[actor] ? decideClient(rule as ClientRule, RELATIONS[actor]) : { ok: false as const, code: 'unauthenticated' as const };
        }
        if (!d.ok) {
          expect(res.statusCode, where).toBeGreaterThanOrEqual(400);
          if (fullyKnown) expect(errorOf(res)?.code, where).toBe(d.code);
        } else if (fullyKnown) {
          expect([401, 403, 404], where).not.toContain(res.statusCode);
        }
      }
    });
  }
});

describe('a disabled user', () => {
  it('is signed out at once: their cookie no longer works anywhere', async () => {
    const cast = await makeCast();
    try {
      const before = await cast.agents.therapist.req('GET', '/api/session');
      expect(before.statusCode).toBe(200);
      await updateStaff(cast.world.deps, await cast.practice.actor(cast.practice.adminId), cast.practice.therapistId, { status: 'disabled' });
      const after = await cast.agents.therapist.req('GET', `/api/clients/${cast.ids.clientC}`);
      expect(after.statusCode).toBe(401);
      expect(after.cookies.find((k) => k.name === 'accord_session')?.value).toBe('');
    } finally { await cast.close(); }
  });
});
