/**
 * The cast of the HTTP access tests: one practice with every standing a caller can have toward a
 * client, each signed in through the real app. Client C is Theo's (supervised by Sue) and has a
 * portal account, a course K and a session S; client D is Olga's and has a portal account too.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { AuditEvent } from '../../src/domain/audit-chain.ts';
import type { Agent, Practice, TestWorld } from './harness.ts';
import { PASSWORD, makeApp, makeWorld, seedPractice, signInAgent } from './harness.ts';
import { createClient, openCourse, recordSession } from '../../src/services/people/clients.ts';
import { acceptInvite, createInvite, updateStaff } from '../../src/services/accounts/users.ts';

export const ACTORS = ['anonymous', 'disabled', 'clientOther', 'clientSelf', 'otherTherapist', 'otherSupervisor', 'supervisor', 'therapist', 'admin'] as const;
export type Actor = (typeof ACTORS)[number];

export type Cast = {
  world: TestWorld;
  app: FastifyInstance;
  practice: Practice;
  ids: { clientC: string; clientD: string; courseK: string; sessionS: string; disabledUser: string; portalC: string; portalD: string };
  agents: Record<Actor, Agent>;
  close(): Promise<void>;
};

const contact = { email: null, phone: null, dateOfBirth: null };

export async function makeCast(): Promise<Cast> {
  const world = await makeWorld();
  const deps = world.deps;
  const practice = await seedPractice(deps);
  const c = await createClient(deps, practice.therapistId, { name: 'Casey Client', contact: { ...contact, email: 'casey@example.org' } });
  const d = await createClient(deps, practice.otherTherapistId, { name: 'Dana Other', contact });
  const k = await openCourse(deps, c.id, { startedOn: '2026-01-05', frequency: 'weekly' });
  const s = await recordSession(deps, k.id, { startsAt: '2026-01-05T10:00:00.000Z', durationMinutes: 50, status: 'attended' });
  const portal = async (clientId: string, by: string, email: string) => {
    const { token } = await createInvite(deps, by, { email, roles: ['client'], clientId });
    return (await acceptInvite(deps, token, { displayName: email.split('@')[0]!, password: PASSWORD })).id;
  };
  const portalC = await portal(c.id, practice.therapistId, 'casey@example.org');
  const portalD = await portal(d.id, practice.otherTherapistId, 'dana@example.org');
  const { token: deeToken } = await createInvite(deps, practice.adminId, { email: 'dee@test.accord', roles: ['therapist'] });
  const dee = await acceptInvite(deps, deeToken, { displayName: 'Dee Disabled', password: PASSWORD });

  const app = await makeApp(world);
  const anonymous: Agent = {
    csrf: '',
    req: (method, url, body, headers = {}) => app.inject({ method: method as 'GET', url, ...(body === undefined ? {} : { payload: body as object }), headers }),
  };
  const disabled = await signInAgent(app, 'dee@test.accord');
  await updateStaff(deps, await practice.actor(practice.adminId), dee.id, { status: 'disabled' });
  const agents: Record<Actor, Agent> = {
    anonymous,
    disabled,
    clientOther: await signInAgent(app, 'dana@example.org'),
    clientSelf: await signInAgent(app, 'casey@example.org'),
    otherTherapist: await signInAgent(app, practice.emails.otherTherapist),
    otherSupervisor: await signInAgent(app, practice.emails.otherSupervisor),
    supervisor: await signInAgent(app, practice.emails.supervisor),
    therapist: await signInAgent(app, practice.emails.therapist),
    admin: await signInAgent(app, practice.emails.admin),
  };
  return {
    world,
    app,
    practice,
    agents,
    ids: { clientC: c.id, clientD: d.id, courseK: k.id, sessionS: s.id, disabledUser: dee.id, portalC, portalD },
    close: async () => {
      await app.close();
      await world.close();
    },
  };
}

/** Row counts of every table, to show a refused request wrote nothing (audit events aside). */
export async function tableCounts(world: TestWorld): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of world.deps.store.tables()) {
    if (t === 'audit_events' || t === 'audit_head' || t === 'login_throttle' || t === 'auth_sessions') continue;
    let n = 0;
    for await (const page of world.deps.store.dumpTable(t)) n += page.length;
    out[t] = n;
  }
  return out;
}

/** The one error shape: { error: { code, message } } with a snake_case code and a readable message. */
export function errorOf(res: LightMyRequestResponse): { code: string; message: string } | undefined {
  if (res.statusCode < 400) return undefined;
  const body = res.json() as { error?: { code?: unknown; message?: unknown } };
  if (!body.error || typeof body.error.code !== 'string' || typeof body.error.message !== 'string') {
    throw new Error(`not the error shape: ${res.body}`);
  }
  return { code: body.error.code, message: body.error.message };
}

/** The audit events written after sequence number `seq`, oldest first, once the pending ones are settled. */
export async function eventsSince(cast: Cast, seq: number): Promise<AuditEvent[]> {
  await cast.world.deps.audit.settle();
  return (await cast.world.deps.audit.list({ limit: 1000 })).filter((e) => e.seq > seq).reverse();
}

/** The sequence number of the newest audit event, once the pending ones are settled: read it before a request, then eventsSince. */
export async function headSeq(cast: Cast): Promise<number> {
  await cast.world.deps.audit.settle();
  return (await cast.world.deps.store.auditHead()).seq;
}
