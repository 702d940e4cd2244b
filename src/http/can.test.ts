/**
 * What each caller is told they may do (`can`) on the session, on a client and on a course — per
 * kind of caller — and that it agrees with what the server then does: every action presented as
 * allowed passes the policy, every one presented as refused is refused (403, or 404 out of scope).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cast } from '../../test/support/cast.ts';
import { makeCast } from '../../test/support/cast.ts';
import type { Agent } from '../../test/support/harness.ts';
import { CLIENT_ACTIONS, COURSE_ACTIONS } from '../domain/access.ts';
import { clientCan, courseCan, sessionCan } from '../contract/account.ts';

/** What only the client themselves does, and the admin's reassignment: the assigned therapist does everything else. */
/** What the assigned therapist may not do: the admin's (reassign, erase, hold) and the client's own parts. */
const CLIENT_ONLY = new Set<string>(['client:reassign', 'erasure:erase', 'erasure:hold', 'ending:client-list', 'ending:follow-up', 'reflections:write']);

let cast: Cast;
beforeAll(async () => {
  cast = await makeCast();
}, 60_000);
afterAll(async () => {
  await cast?.close();
});

type Can = Record<string, boolean>;
const allowed = (can: Can) =>
  Object.entries(can)
    .filter(([, v]) => v)
    .map(([k]) => k)
    .sort();
const get = async (agent: Agent, url: string) => {
  const res = await agent.req('GET', url);
  expect(res.statusCode, `${url}: ${res.body.slice(0, 200)}`).toBe(200);
  return res.json();
};

describe('the session says what the caller may do before naming a client', () => {
  const sessionOf = async (who: keyof Cast['agents']): Promise<Can> => sessionCan.strict().parse((await get(cast.agents[who], '/api/session')).can);
  it('the admin: administration and the clients list; no alerts, no caseload of their own', async () => {
    expect(allowed(await sessionOf('admin'))).toEqual([
      'audit:read',
      'clients:list',
      'clients:others',
      'escalation:practice',
      'instruments:import',
      'mail:manage',
      'mfa:manage',
      'mfa:remove',
      'notices:own',
      'practice:update',
      'reports:practice',
      'retention:settings',
      'supervision:manage',
      'users:manage',
    ]);
  });
  it('a therapist: their caseload, adding clients, alerts and their own escalation colleague', async () => {
    for (const who of ['therapist', 'otherTherapist'] as const) {
      expect(allowed(await sessionOf(who))).toEqual([
        'alerts:client',
        'clients:create',
        'clients:list',
        'course:write',
        'escalation:own',
        'export:practice',
        'import:practice',
        'mfa:manage',
        'mfa:remove',
        'notes:read',
        'notes:write',
        'notices:own',
        'process-notes:export',
        'reports:practice',
      ]);
    }
  });
  it('a supervisor: the clients and alerts of their supervisees; nothing to administer or write', async () => {
    expect(allowed(await sessionOf('supervisor'))).toEqual([
      'alerts:client',
      'clients:list',
      'clients:others',
      'mfa:manage',
      'mfa:remove',
      'notes:read',
      'notices:own',
      'reports:practice',
    ]);
  });
  it('a client: nothing of the practice, and not even told of alerts or their escalation', async () => {
    const can = await sessionOf('clientSelf');
    expect(allowed(can)).toEqual(['notes:read', 'portal', 'reflections:write']);
    expect(Object.keys(can).filter((k) => /^(alerts?|cues|escalation):/.test(k))).toEqual([]);
  });
  it('a second factor the practice requires for the admin cannot be removed', async () => {
    const practiceId = (await cast.world.deps.store.findPractice())!.id;
    await cast.world.deps.store.updatePractice(practiceId, { requireMfaAdmin: true });
    try {
      const res = await cast.agents.admin.req('GET', '/api/session');
      // A required factor not yet set up blocks the admin's session until enrolment; the session still says so.
      expect(res.statusCode).toBe(200);
      expect(res.json().can['mfa:remove']).toBe(false);
      expect((await get(cast.agents.therapist, '/api/session')).can['mfa:remove']).toBe(true);
    } finally {
      await cast.world.deps.store.updatePractice(practiceId, { requireMfaAdmin: false });
    }
  });
});

describe('a client record and its courses say what the caller may do with them', () => {
  const on = async (who: keyof Cast['agents']) => {
    const client = await get(cast.agents[who], `/api/clients/${cast.ids.clientC}`);
    const courses = (await get(cast.agents[who], `/api/clients/${cast.ids.clientC}/courses`)) as { can: Can }[];
    expect(courses.length).toBe(1);
    return { client: allowed(clientCan.strict().parse(client.can)), course: allowed(courseCan.strict().parse(courses[0]!.can)), raw: client.can as Can };
  };
  it('the assigned therapist may do everything but move the client to another therapist', async () => {
    const { client, course } = await on('therapist');
    expect(client).toEqual(CLIENT_ACTIONS.filter((k) => !CLIENT_ONLY.has(k)).sort());
    expect(course).toEqual(COURSE_ACTIONS.filter((k) => !CLIENT_ONLY.has(k)).sort());
  });
  it('the admin corrects the record and reassigns; nothing clinical', async () => {
    const { client, course } = await on('admin');
    expect(client).toEqual(['client:reassign', 'client:update', 'erasure:erase', 'erasure:hold', 'erasure:read', 'notes:index']);
    expect(course).toEqual([]);
  });
  it('the supervisor reads the clinical record and changes nothing', async () => {
    const { client, course } = await on('supervisor');
    expect(client).toEqual([
      'alerts:client',
      'alliance:read',
      'cues:read',
      'ending:read',
      'measures:read',
      'notes:index',
      'notes:read',
      'process-notes:list',
      'skills:read',
    ]);
    expect(course).toEqual(['ending:read', 'skills:read']);
  });
  it('the client answers and proposes in their own record, and is not told of alerts or cues', async () => {
    const { client, course, raw } = await on('clientSelf');
    expect(client).toEqual([
      'alliance:propose',
      'alliance:read',
      'client:access-report',
      'ending:client-list',
      'ending:follow-up',
      'ending:read',
      'expectations:answer',
      'export:client',
      'measures:read',
      'measures:submit',
      'notes:read',
      'reflections:write',
      'skills:read',
    ]);
    expect(course).toEqual([
      'alliance:propose',
      'ending:client-list',
      'ending:follow-up',
      'ending:read',
      'expectations:answer',
      'measures:submit',
      'skills:read',
    ]);
    expect(Object.keys(raw)).not.toContain('alerts:client');
    expect(Object.keys(raw)).not.toContain('cues:read');
    expect(Object.keys(raw).filter((k) => k.startsWith('process-notes:'))).toEqual([]);
  });
  it('another therapist, another supervisor and another client are not shown the client at all', async () => {
    for (const who of ['otherTherapist', 'otherSupervisor', 'clientOther'] as const) {
      expect((await cast.agents[who].req('GET', `/api/clients/${cast.ids.clientC}`)).statusCode, who).toBe(404);
    }
  });
  it('a client the therapist adds comes with what they may do with it', async () => {
    const res = await cast.agents.therapist.req('POST', '/api/clients', { name: 'New Person' });
    expect(res.statusCode).toBe(201);
    expect(allowed(res.json().can)).toEqual(CLIENT_ACTIONS.filter((k) => !CLIENT_ONLY.has(k)).sort());
  });
  it('a course opened or changed comes with what the caller may do with it', async () => {
    const res = await cast.agents.therapist.req('PATCH', `/api/courses/${cast.ids.courseK}`, { frequency: 'weekly' });
    expect(res.statusCode).toBe(200);
    expect(allowed(res.json().can)).toEqual(COURSE_ACTIONS.filter((k) => !CLIENT_ONLY.has(k)).sort());
  });
});

describe('what is presented agrees with what the server does', () => {
  // One request per presented action that changes nothing (a read, or a write of the value already there).
  const probes = (c: string, k: string, therapistId: string): Partial<Record<(typeof CLIENT_ACTIONS)[number], [string, string, unknown?]>> => ({
    'client:update': ['PATCH', `/api/clients/${c}`, { status: 'active' }],
    'client:reassign': ['PATCH', `/api/clients/${c}`, { therapistId }],
    'client:access-report': ['GET', `/api/clients/${c}/access-report`],
    'course:write': ['PATCH', `/api/courses/${k}`, { frequency: 'weekly' }],
    'measures:read': ['GET', `/api/clients/${c}/responses`],
    'alerts:client': ['GET', `/api/clients/${c}/alerts`],
    'alliance:read': ['GET', `/api/courses/${k}/alliance`],
    'cues:read': ['GET', `/api/clients/${c}/cues`],
    'process-notes:list': ['GET', `/api/clients/${c}/process-notes`],
    'notes:read': ['GET', `/api/sessions/${cast.ids.sessionS}/notes`],
    'notes:index': ['GET', `/api/clients/${c}/progress-notes`],
    'ending:read': ['GET', `/api/courses/${k}/ending`],
    'export:client': ['GET', `/api/clients/${c}/export/fhir`],
    'skills:read': ['GET', `/api/courses/${k}/skills`],
  });
  it.each(['therapist', 'admin', 'supervisor', 'clientSelf'] as const)('for the %s', async (who) => {
    const agent = cast.agents[who];
    const can = (await get(agent, `/api/clients/${cast.ids.clientC}`)).can as Can;
    for (const [key, [method, url, body]] of Object.entries(probes(cast.ids.clientC, cast.ids.courseK, cast.practice.therapistId))) {
      const res = await agent.req(method, url, body);
      const refused = res.statusCode === 403 || res.statusCode === 404;
      expect(refused, `${who} ${key}: presented ${can[key]}, ${method} ${url} answered ${res.statusCode}`).toBe(!can[key]);
    }
  });
});
