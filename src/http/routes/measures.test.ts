/**
 * Measures and alerts through the real app: who may submit, read and act (SPEC §2), the crisis
 * information in the submit reply (SPEC §5.1), and the admin's existence-only view of alerts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { PASSWORD, makeApp, makeWorld, seedPractice, signInAgent } from '../../../test/support/harness.ts';
import type { Agent, Practice, TestWorld } from '../../../test/support/harness.ts';
import { createClient, openCourse, recordSession } from '../../services/people/clients.ts';
import { acceptInvite, createInvite } from '../../services/accounts/users.ts';

let world: TestWorld;
let app: FastifyInstance;
let p: Practice;
const ids = { c: '', d: '', course: '', session: '' };
const a = {} as Record<'therapist' | 'other' | 'supervisor' | 'admin' | 'clientC' | 'clientD', Agent>;

const phq = (item9: number) => Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`phq9_${i + 1}`, i === 8 ? item9 : 1]));
const contact = { email: null, phone: null, dateOfBirth: null };

beforeAll(async () => {
  world = await makeWorld();
  const deps = world.deps;
  p = await seedPractice(deps);
  await deps.store.updatePractice((await deps.store.findPractice())!.id, {
    crisisInfo: 'If you are in danger now, call 999. Samaritans: 116 123, day or night.',
  });
  ids.c = (await createClient(deps, p.therapistId, { name: 'Casey Client', contact })).id;
  ids.d = (await createClient(deps, p.otherTherapistId, { name: 'Dana Other', contact })).id;
  ids.course = (await openCourse(deps, ids.c, { startedOn: '2026-01-05', frequency: 'weekly' })).id;
  await openCourse(deps, ids.d, { startedOn: '2026-01-05', frequency: 'weekly' });
  ids.session = (await recordSession(deps, ids.course, { startsAt: '2026-03-01T10:00:00.000Z', durationMinutes: 50, status: 'attended' })).id;
  for (const [clientId, by, email] of [
    [ids.c, p.therapistId, 'casey@example.org'],
    [ids.d, p.otherTherapistId, 'dana@example.org'],
  ] as const) {
    const { token } = await createInvite(deps, by, { email, roles: ['client'], clientId });
    await acceptInvite(deps, token, { displayName: email, password: PASSWORD });
  }
  app = await makeApp(world);
  a.therapist = await signInAgent(app, p.emails.therapist);
  a.other = await signInAgent(app, p.emails.otherTherapist);
  a.supervisor = await signInAgent(app, p.emails.supervisor);
  a.admin = await signInAgent(app, p.emails.admin);
  a.clientC = await signInAgent(app, 'casey@example.org');
  a.clientD = await signInAgent(app, 'dana@example.org');
});
afterAll(async () => {
  await app?.close();
  await world?.close();
});

describe('submitting answers', () => {
  let alertId = '';

  it('the client submits a PHQ-9 with item 9 above 0: 201, the crisis information in the reply, no alert details', async () => {
    const res = await a.clientC.req('POST', `/api/clients/${ids.c}/responses`, { instrumentCode: 'phq9', answers: phq(2) });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.crisis.info).toContain('116 123');
    expect(body).not.toHaveProperty('alertsRaised');
    expect(body.response.source).toBe('portal');
    expect(body.response.total).toBe(10);
  });

  it('the therapist sees the safety alert first in the inbox, with its evidence', async () => {
    const res = await a.therapist.req('GET', '/api/alerts');
    expect(res.statusCode).toBe(200);
    const inbox = res.json();
    expect(inbox[0].kind).toBe('safety');
    expect(inbox[0].clientName).toBe('Casey Client');
    expect(inbox[0].evidence[0].label).toMatch(/item 9/);
    alertId = inbox[0].id;
  });

  it('the admin learns only that alerts exist', async () => {
    expect((await a.admin.req('GET', '/api/alerts')).json()).toEqual([]);
    expect((await a.admin.req('GET', '/api/alerts/count')).json()).toEqual({ active: 1, safety: null, scope: 'practice' });
    expect((await a.admin.req('GET', `/api/alerts/${alertId}`)).statusCode).toBe(404);
    expect((await a.admin.req('GET', `/api/clients/${ids.c}/alerts`)).statusCode).toBe(404);
    expect((await a.admin.req('GET', `/api/clients/${ids.c}/responses`)).statusCode).toBe(404);
    expect((await a.admin.req('GET', `/api/clients/${ids.c}/scores`)).statusCode).toBe(404);
  });

  it('another therapist is refused as if nothing existed; the supervisor reads but cannot act', async () => {
    for (const url of [`/api/alerts/${alertId}`, `/api/clients/${ids.c}/responses`, `/api/clients/${ids.c}/scores`, `/api/clients/${ids.c}/alerts`]) {
      expect((await a.other.req('GET', url)).statusCode, url).toBe(404);
    }
    expect((await a.other.req('POST', `/api/alerts/${alertId}/acknowledge`)).statusCode).toBe(404);
    expect((await a.other.req('POST', `/api/clients/${ids.c}/responses`, { instrumentCode: 'phq9', answers: phq(0), source: 'paper' })).statusCode).toBe(404);
    expect((await a.supervisor.req('GET', `/api/alerts/${alertId}`)).statusCode).toBe(200);
    expect((await a.supervisor.req('GET', `/api/clients/${ids.c}/responses`)).statusCode).toBe(200);
    expect((await a.supervisor.req('POST', `/api/alerts/${alertId}/acknowledge`)).statusCode).toBe(403);
    expect((await a.supervisor.req('POST', `/api/clients/${ids.c}/responses`, { instrumentCode: 'phq9', answers: phq(0), source: 'paper' })).statusCode).toBe(
      403,
    );
  });

  it('a client cannot read or submit another client’s responses, and sees no alerts, their own included', async () => {
    expect((await a.clientD.req('GET', `/api/clients/${ids.c}/responses`)).statusCode).toBe(404);
    expect((await a.clientD.req('POST', `/api/clients/${ids.c}/responses`, { instrumentCode: 'phq9', answers: phq(0) })).statusCode).toBe(404);
    expect((await a.clientC.req('GET', `/api/clients/${ids.c}/alerts`)).statusCode).toBe(404);
    expect((await a.clientC.req('GET', '/api/alerts')).statusCode).toBe(403);
    const own = await a.clientC.req('GET', `/api/clients/${ids.c}/responses`);
    expect(own.statusCode).toBe(200);
    expect(own.json()).toHaveLength(1);
  });

  it('the therapist acknowledges, then resolves only with a documented follow-up', async () => {
    expect((await a.therapist.req('POST', `/api/alerts/${alertId}/acknowledge`)).json().status).toBe('acknowledged');
    const short = await a.therapist.req('POST', `/api/alerts/${alertId}/resolve`, { note: 'called' });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.message).toMatch(/20 characters/);
    const ok = await a.therapist.req('POST', `/api/alerts/${alertId}/resolve`, {
      note: 'Called Casey that afternoon; safety plan reviewed together.',
      followUpAction: 'safety_plan_reviewed',
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().status).toBe('resolved');
    expect(ok.json().history.map((h: { action: string }) => h.action)).toEqual(['raised', 'acknowledged', 'resolved']);
  });

  it('therapist entry needs a source; the reply tells the therapist what was raised; a correction keeps both', async () => {
    expect((await a.therapist.req('POST', `/api/clients/${ids.c}/responses`, { instrumentCode: 'phq9', answers: phq(0) })).statusCode).toBe(400);
    const first = await a.therapist.req('POST', `/api/clients/${ids.c}/responses`, {
      instrumentCode: 'phq9',
      answers: phq(0),
      source: 'in_session',
      sessionId: ids.session,
    });
    expect(first.statusCode).toBe(201);
    const fix = await a.therapist.req('POST', `/api/clients/${ids.c}/responses`, {
      instrumentCode: 'phq9',
      answers: phq(1),
      source: 'in_session',
      supersedes: first.json().response.id,
    });
    expect(fix.statusCode).toBe(201);
    expect(fix.json().alertsRaised).toContain('safety');
    expect(fix.json().crisis).not.toBeNull();
    const all = (await a.therapist.req('GET', `/api/clients/${ids.c}/responses`)).json() as { id: string; supersededBy: string | null }[];
    expect(all.find((r) => r.id === first.json().response.id)?.supersededBy).toBe(fix.json().response.id);
  });

  it('import goes through the same path, and only the therapist imports', async () => {
    const body = { responses: [{ instrumentCode: 'phq9', answers: phq(3), completedAt: '2026-02-01T10:00:00Z' }] };
    expect((await a.clientC.req('POST', `/api/clients/${ids.c}/responses/import`, body)).statusCode).toBe(403);
    const res = await a.therapist.req('POST', `/api/clients/${ids.c}/responses/import`, body);
    expect(res.statusCode).toBe(201);
    expect(res.json().imported[0].alertsRaised).toContain('safety');
  });

  it('an unscorable answer is refused with a plain message', async () => {
    const res = await a.clientC.req('POST', `/api/clients/${ids.c}/responses`, { instrumentCode: 'gad7', answers: { gad7_1: 1 } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/6 of 7 answers are missing/);
  });
});

describe('schedules, due measures, scores, instruments', () => {
  it('the therapist schedules; the client sees what is due; the supervisor cannot schedule', async () => {
    expect((await a.supervisor.req('POST', `/api/courses/${ids.course}/schedules`, { instrumentCode: 'gad7', cadence: 'intake' })).statusCode).toBe(403);
    const res = await a.therapist.req('POST', `/api/courses/${ids.course}/schedules`, { instrumentCode: 'gad7', cadence: 'intake' });
    expect(res.statusCode).toBe(201);
    await a.therapist.req('POST', `/api/courses/${ids.course}/schedules`, { instrumentCode: 'session_check_therapist', cadence: 'after_every_session' });
    const due = (await a.clientC.req('GET', `/api/clients/${ids.c}/measures/due`)).json() as { instrumentCode: string; instrument: { items: unknown[] } }[];
    expect(due.map((d) => d.instrumentCode)).toEqual(['gad7']);
    expect(due[0]!.instrument.items).toHaveLength(7);
    const therapistDue = (await a.therapist.req('GET', `/api/clients/${ids.c}/measures/due`)).json() as { instrumentCode: string }[];
    expect(therapistDue.map((d) => d.instrumentCode).sort()).toEqual(['gad7', 'session_check_therapist']);
  });

  it('scores carry bands, caseness and reliable change for charts', async () => {
    const series = (await a.therapist.req('GET', `/api/clients/${ids.c}/scores`)).json() as {
      code: string;
      caseness: number;
      points: unknown[];
      change: { outcome: string };
    }[];
    const phq9 = series.find((s) => s.code === 'phq9')!;
    expect(phq9.caseness).toBe(10);
    expect(phq9.points.length).toBeGreaterThanOrEqual(2);
    expect(phq9.change.outcome).toBeTypeOf('string');
  });

  it('the caseload gains latest scores and active alerts', async () => {
    const rows = (await a.therapist.req('GET', '/api/caseload/measures')).json() as {
      clientId: string;
      measures: { code: string; spark: number[] }[];
      alerts: { active: number };
    }[];
    const c = rows.find((r) => r.clientId === ids.c)!;
    expect(c.measures.find((m) => m.code === 'phq9')!.spark.length).toBeGreaterThan(0);
    expect(c.alerts.active).toBeGreaterThan(0);
    expect(rows.some((r) => r.clientId === ids.d)).toBe(false);
  });

  it('the caseload’s measures of named clients only (a page of a paged list): each checked as its own read, bad lists refused', async () => {
    type Row = { clientId: string };
    const named = (agent: Agent, q: string) => agent.req('GET', `/api/caseload/measures?clientIds=${q}`);
    // The admin reads no client's measures, named or not (as without a list).
    const admin = await named(a.admin, `${ids.c},${ids.d}`);
    expect(admin.statusCode).toBe(200);
    expect(admin.json()).toEqual([]);
    // Theo's supervisor names both: Theo's client only.
    expect((await named(a.supervisor, `${ids.c},${ids.d}`)).json().map((r: Row) => r.clientId)).toEqual([ids.c]);
    // A therapist naming another therapist's client, or an unknown id, is given nothing of it.
    const mine = await named(a.therapist, `${ids.c},${ids.d},00000000-0000-4000-8000-000000000000`);
    expect((mine.json() as Row[]).map((r) => r.clientId)).toEqual([ids.c]);
    expect((await named(a.other, ids.c)).json()).toEqual([]);
    // The read names exactly the clients it showed.
    await world.deps.audit.settle();
    const [event] = await world.deps.audit.list({ limit: 1, actorId: p.otherTherapistId });
    expect(event).toMatchObject({ action: 'measures:caseload', outcome: 'ok' });
    // Bad lists: 400, never 500.
    const many = Array.from({ length: 501 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`).join(',');
    for (const q of ['', 'not-a-uuid', `${ids.c},x`, ',,,', many]) expect((await named(a.admin, q)).statusCode, q.slice(0, 20)).toBe(400);
  });

  it('practice definitions: the admin imports, errors are listed by path, a therapist cannot', async () => {
    const bad = {
      code: 'phq9',
      version: '1',
      title: 'Fake',
      respondent: 'client',
      instructions: '',
      items: [],
      scoring: { method: 'sum', min: 0, max: 0, requireAllItems: true },
      bands: [],
      higherIsBetter: false,
      attribution: 'x',
    };
    const res = await a.admin.req('POST', '/api/instruments', bad);
    expect(res.statusCode).toBe(400);
    const paths = (res.json().error.details.errors as { path: string }[]).map((e) => e.path);
    expect(paths).toContain('code');
    expect((await a.therapist.req('POST', '/api/instruments', bad)).statusCode).toBe(403);
    expect((await a.clientC.req('GET', '/api/instruments/phq9')).json().items[8].safety).toBe(true);
  });

  it('every measures and alerts route is in the OpenAPI document with its policy', async () => {
    const doc = (await a.therapist.req('GET', '/api/openapi.json')).json() as { paths: Record<string, Record<string, { 'x-accord-policy': { key: string } }>> };
    expect(doc.paths['/api/clients/{clientId}/responses']!.post!['x-accord-policy'].key).toBe('measures:submit');
    expect(doc.paths['/api/alerts/{alertId}/resolve']!.post!['x-accord-policy'].key).toBe('alerts:act');
    expect(doc.paths['/api/alerts/count']!.get!['x-accord-policy'].key).toBe('alerts:count');
  });
});

describe('escalation settings', () => {
  it('the admin sets the practice colleague; a therapist their own; the effective one is shown', async () => {
    expect((await a.therapist.req('PUT', '/api/escalation/practice', { colleagueId: p.otherTherapistId })).statusCode).toBe(403);
    expect((await a.admin.req('PUT', '/api/escalation/practice', { colleagueId: p.otherTherapistId })).statusCode).toBe(200);
    expect((await a.therapist.req('GET', '/api/escalation')).json().effective.colleagueId).toBe(p.otherTherapistId);
    expect((await a.therapist.req('PUT', '/api/escalation/mine', { colleagueId: p.supervisorId })).statusCode).toBe(200);
    expect((await a.therapist.req('GET', '/api/escalation')).json().effective.colleagueId).toBe(p.supervisorId);
    expect((await a.therapist.req('PUT', '/api/escalation/mine', { colleagueId: p.therapistId })).statusCode).toBe(400);
  });
});
