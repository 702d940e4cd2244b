/**
 * Nobody widens their own access to clinical data silently: the admin giving itself the
 * supervisor role and supervising a therapist, or the therapist role and taking over a client,
 * needs a fresh authentication, is audited as its own action and is shown to the therapist.
 */
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Agent, Practice, TestWorld } from '../../../test/support/harness.ts';
import { PASSWORD, makeApp, makeWorld, seedPractice, signInAgent } from '../../../test/support/harness.ts';
import { createClient } from '../../services/people/clients.ts';
import { issueSetupToken } from '../../services/accounts/setup.ts';

let w: TestWorld;
let p: Practice;
let app: FastifyInstance;
let clientId: string;
beforeEach(async () => {
  w = await makeWorld();
  p = await seedPractice(w.deps);
  clientId = (await createClient(w.deps, p.therapistId, { name: 'Casey Client', contact: { email: null, phone: null, dateOfBirth: null } })).id;
  app = await makeApp(w);
});
afterEach(async () => {
  await app.close();
  await w.close();
});

const code = (res: { json(): unknown }) => (res.json() as { error?: { code: string } }).error?.code;
type Notice = { kind: string; actorName: string; granteeName: string; selfGranted: boolean; read: boolean };

async function selfGrants() {
  await w.deps.audit.settle();
  return (await w.deps.store.listAudit({ limit: 200 })).filter((e) => e.action === 'access.self_grant').map((e) => [e.outcome, e.detail]);
}

/** Past the fresh-sign-in window, still well inside the idle timeout. */
const later = () => w.clock.advance(w.deps.security.selfGrantReauthMinutes + 1);

describe('the admin cannot silently give itself access to a therapist’s clients', () => {
  let admin: Agent;
  beforeEach(async () => {
    admin = await signInAgent(app, p.emails.admin);
  });

  it('supervisor role + supervising the therapist: each step needs a re-authentication, is audited, and the therapist is told', async () => {
    later();
    const role = await admin.req('PATCH', `/api/users/${p.adminId}`, { roles: ['admin', 'supervisor'] });
    expect(role.statusCode).toBe(401);
    expect(code(role)).toBe('reauth_required');
    expect((await w.deps.store.findUserById(p.adminId))!.roles).toEqual(['admin']); // nothing changed
    expect((await admin.req('POST', '/api/session/reauth', { password: PASSWORD })).statusCode).toBe(200);
    expect((await admin.req('PATCH', `/api/users/${p.adminId}`, { roles: ['admin', 'supervisor'] })).statusCode).toBe(200);

    later();
    const supervise = await admin.req('POST', '/api/supervisions', { supervisorId: p.adminId, therapistId: p.therapistId });
    expect(supervise.statusCode).toBe(401);
    expect(code(supervise)).toBe('reauth_required');
    expect((await admin.req('GET', `/api/clients/${clientId}/measures/due`)).statusCode).toBe(404); // still out of scope
    await admin.req('POST', '/api/session/reauth', { password: PASSWORD });
    expect((await admin.req('POST', '/api/supervisions', { supervisorId: p.adminId, therapistId: p.therapistId })).statusCode).toBe(201);

    expect(await selfGrants()).toEqual([
      ['ok', `supervises:${p.therapistId}`],
      ['denied', `reauth_required supervises:${p.therapistId}`],
      ['ok', 'role:supervisor'],
      ['denied', 'reauth_required role:supervisor'],
    ]);
    const theo = await signInAgent(app, p.emails.therapist);
    const notices = (await theo.req('GET', '/api/me/notices')).json() as Notice[];
    // Newest first; the older one is Sue's assignment when the practice was set up.
    expect(notices[0]).toEqual(
      expect.objectContaining({ kind: 'supervisor_added', actorName: 'Ada Admin', granteeName: 'Ada Admin', selfGranted: true, read: false }),
    );
    expect(notices[1]).toEqual(expect.objectContaining({ granteeName: 'Sue Supervisor', selfGranted: false }));
    expect((await theo.req('POST', '/api/me/notices/read')).statusCode).toBe(200);
    expect(((await theo.req('GET', '/api/me/notices')).json() as Notice[])[0]!.read).toBe(true);
  });

  it('therapist role + reassigning a client to itself: each step needs a re-authentication, is audited, and the therapist is told', async () => {
    later();
    expect(code(await admin.req('PATCH', `/api/users/${p.adminId}`, { roles: ['admin', 'therapist'] }))).toBe('reauth_required');
    await admin.req('POST', '/api/session/reauth', { password: PASSWORD });
    expect((await admin.req('PATCH', `/api/users/${p.adminId}`, { roles: ['admin', 'therapist'] })).statusCode).toBe(200);

    later();
    const take = await admin.req('PATCH', `/api/clients/${clientId}`, { therapistId: p.adminId });
    expect(take.statusCode).toBe(401);
    expect(code(take)).toBe('reauth_required');
    expect((await w.deps.store.findClient(clientId))!.therapistId).toBe(p.therapistId);
    expect((await admin.req('GET', `/api/clients/${clientId}/measures/due`)).statusCode).toBe(404);
    await admin.req('POST', '/api/session/reauth', { password: PASSWORD });
    expect((await admin.req('PATCH', `/api/clients/${clientId}`, { therapistId: p.adminId })).statusCode).toBe(200);
    expect((await admin.req('GET', `/api/clients/${clientId}/measures/due`)).statusCode).toBe(200);

    expect((await selfGrants()).map(([o]) => o)).toEqual(['ok', 'denied', 'ok', 'denied']);
    const notices = (await (await signInAgent(app, p.emails.therapist)).req('GET', '/api/me/notices')).json() as Notice[];
    expect(notices[0]).toEqual(expect.objectContaining({ kind: 'client_reassigned', actorName: 'Ada Admin', granteeName: 'Ada Admin', selfGranted: true }));
  });

  it('naming itself the practice’s escalation colleague (other therapists’ safety alerts) needs a re-authentication and is shown', async () => {
    await w.deps.store.updateUser(p.adminId, { roles: ['admin', 'therapist'] }); // a solo practice grown into a group
    later();
    const name = await admin.req('PUT', '/api/escalation/practice', { colleagueId: p.adminId });
    expect(name.statusCode).toBe(401);
    expect(code(name)).toBe('reauth_required');
    expect(await w.deps.store.findEscalationColleague('practice')).toBeUndefined();
    await admin.req('POST', '/api/session/reauth', { password: PASSWORD });
    expect((await admin.req('PUT', '/api/escalation/practice', { colleagueId: p.adminId })).statusCode).toBe(200);
    expect(await selfGrants()).toEqual([
      ['ok', 'escalation:practice'],
      ['denied', 'reauth_required escalation:practice'],
    ]);
    const notices = (await (await signInAgent(app, p.emails.otherTherapist)).req('GET', '/api/me/notices')).json() as Notice[];
    expect(notices).toEqual([expect.objectContaining({ kind: 'escalation_colleague', actorName: 'Ada Admin', selfGranted: true })]);
    // Naming someone else needs no re-authentication.
    later();
    expect((await admin.req('PUT', '/api/escalation/practice', { colleagueId: p.otherTherapistId })).statusCode).toBe(200);
  });

  it('a sign-in of the last few minutes counts as fresh: no prompt', async () => {
    expect((await admin.req('PATCH', `/api/users/${p.adminId}`, { roles: ['admin', 'supervisor'] })).statusCode).toBe(200);
    expect((await admin.req('POST', '/api/supervisions', { supervisorId: p.adminId, therapistId: p.otherTherapistId })).statusCode).toBe(201);
    expect((await selfGrants()).map(([o]) => o)).toEqual(['ok', 'ok']);
  });

  it('granting access to someone else needs no re-authentication, but the therapist is still told', async () => {
    later();
    expect((await admin.req('POST', '/api/supervisions', { supervisorId: p.otherSupervisorId, therapistId: p.otherTherapistId })).statusCode).toBe(201);
    const notices = (await (await signInAgent(app, p.emails.otherTherapist)).req('GET', '/api/me/notices')).json() as Notice[];
    expect(notices).toEqual([expect.objectContaining({ kind: 'supervisor_added', actorName: 'Ada Admin', granteeName: 'Sid Elsewhere', selfGranted: false })]);
    expect(await selfGrants()).toEqual([]);
  });
});

describe('a solo practice', () => {
  it('creates its admin as the therapist at set-up, with no prompt: there are no clients yet to widen access to', async () => {
    const fresh = await makeWorld();
    const freshApp = await makeApp(fresh);
    try {
      const token = (await issueSetupToken(fresh.deps))!;
      const res = await freshApp.inject({
        method: 'POST',
        url: '/api/setup',
        payload: {
          token,
          practiceName: 'Solo Practice',
          timeZone: 'Europe/London',
          adminName: 'Sam Solo',
          adminEmail: 'sam@solo.test',
          password: PASSWORD,
          alsoTherapist: true,
        },
      });
      expect(res.statusCode).toBe(201);
      const signedIn = await freshApp.inject({ method: 'POST', url: '/api/session', payload: { email: 'sam@solo.test', password: PASSWORD } });
      expect((signedIn.json() as { user: { roles: string[] } }).user.roles).toEqual(['admin', 'therapist']);
    } finally {
      await freshApp.close();
      await fresh.close();
    }
  });
});
