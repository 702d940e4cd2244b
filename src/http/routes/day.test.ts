/**
 * The therapist's day through the real app (issue 13): bulk acknowledgement (all or none, never a
 * safety alert), words fit for the reader, who acknowledged, alerts of ended courses quietened on
 * the caseload, the caseload's alliance columns, and the client's scores hidden from the portal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { PASSWORD, makeApp, makeWorld, seedPractice, signInAgent } from '../../../test/support/harness.ts';
import type { Agent, Practice, TestWorld } from '../../../test/support/harness.ts';
import { createClient, openCourse, recordSession, updateCourse } from '../../services/people/clients.ts';
import { acceptInvite, createInvite } from '../../services/accounts/users.ts';
import { raiseAlert } from '../../services/alerts/alerts.ts';
import type { AlertKind } from '../../domain/alerts/alert.ts';

let world: TestWorld;
let app: FastifyInstance;
let p: Practice;
const ids = { c: '', course: '', e: '', ended: '' };
const a = {} as Record<'therapist' | 'other' | 'supervisor' | 'client', Agent>;
const alertIds = { safety: '', attendance: '', practice: '', endedOne: '' };

const phq = (item9: number) => Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`phq9_${i + 1}`, i === 8 ? item9 : 1]));
const contact = { email: null, phone: null, dateOfBirth: null };
type View = {
  id: string;
  kind: string;
  status: string;
  title: string;
  summary: string;
  suggestedConversation: string;
  reader: string;
  courseEnded: boolean;
  acknowledgedByName: string | null;
};

async function alert(kind: AlertKind, courseId: string, clientId: string, summary: string): Promise<string> {
  const draft = {
    kind,
    severity: 'medium' as const,
    courseId,
    dedupeKey: `${kind}:${courseId}:test`,
    title: `A ${kind} alert`,
    summary,
    suggestedConversation: 'It may help to ask your client how the last weeks went.',
    evidence: [],
  };
  return (await raiseAlert(world.deps, draft, { clientId, therapistId: p.therapistId })).alertId;
}

beforeAll(async () => {
  world = await makeWorld();
  const deps = world.deps;
  p = await seedPractice(deps);
  ids.c = (await createClient(deps, p.therapistId, { name: 'Casey Client', contact })).id;
  ids.course = (await openCourse(deps, ids.c, { startedOn: '2026-01-05', frequency: 'weekly' })).id;
  await recordSession(deps, ids.course, { startsAt: '2026-03-01T10:00:00.000Z', durationMinutes: 50, status: 'attended' });
  ids.e = (await createClient(deps, p.therapistId, { name: 'Eli Ended', contact })).id;
  ids.ended = (await openCourse(deps, ids.e, { startedOn: '2025-06-02', frequency: 'weekly' })).id;
  const { token } = await createInvite(deps, p.therapistId, { email: 'casey@example.org', roles: ['client'], clientId: ids.c });
  await acceptInvite(deps, token, { displayName: 'Casey', password: PASSWORD });
  app = await makeApp(world);
  a.therapist = await signInAgent(app, p.emails.therapist);
  a.other = await signInAgent(app, p.emails.otherTherapist);
  a.supervisor = await signInAgent(app, p.emails.supervisor);
  a.client = await signInAgent(app, 'casey@example.org');
  expect((await a.client.req('POST', `/api/clients/${ids.c}/responses`, { instrumentCode: 'phq9', answers: phq(2) })).statusCode).toBe(201);
  const inbox = (await a.therapist.req('GET', '/api/alerts')).json() as View[];
  alertIds.safety = inbox.find((x) => x.kind === 'safety')!.id;
  alertIds.attendance = await alert('attendance', ids.course, ids.c, 'Your client missed two sessions in a row.');
  alertIds.practice = await alert('practice_stalled', ids.course, ids.c, 'Your client has not logged practice for three weeks.');
  alertIds.endedOne = await alert('attendance', ids.ended, ids.e, 'Your client missed the last session.');
  await updateCourse(deps, ids.ended, { status: 'ended', endReason: 'planned', endedOn: '2026-02-01' });
});
afterAll(async () => {
  await app?.close();
  await world?.close();
});

describe('bulk acknowledgement', () => {
  it('refuses a list naming a safety alert, whole: nothing is acknowledged', async () => {
    const res = await a.therapist.req('POST', '/api/alerts/acknowledge', { alertIds: [alertIds.attendance, alertIds.safety] });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.reason).toBe('safety_not_in_bulk');
    const inbox = (await a.therapist.req('GET', '/api/alerts')).json() as View[];
    expect(inbox.filter((x) => x.status === 'acknowledged')).toEqual([]);
  });
  it('refuses the supervisor (reads only) and answers another therapist as if the alerts did not exist', async () => {
    expect((await a.supervisor.req('POST', '/api/alerts/acknowledge', { alertIds: [alertIds.attendance] })).statusCode).toBe(403);
    expect((await a.other.req('POST', '/api/alerts/acknowledge', { alertIds: [alertIds.attendance] })).statusCode).toBe(404);
    expect((await a.therapist.req('POST', '/api/alerts/acknowledge', { alertIds: [] })).statusCode).toBe(400);
  });
  it('acknowledges the therapist’s non-safety alerts at once, and says who did and when', async () => {
    const res = await a.therapist.req('POST', '/api/alerts/acknowledge', { alertIds: [alertIds.attendance, alertIds.practice, alertIds.attendance] });
    expect(res.statusCode).toBe(200);
    expect(res.json().acknowledged.sort()).toEqual([alertIds.attendance, alertIds.practice].sort());
    const inbox = (await a.therapist.req('GET', '/api/alerts')).json() as View[];
    const acked = inbox.filter((x) => x.status === 'acknowledged');
    expect(acked.map((x) => x.id).sort()).toEqual([alertIds.attendance, alertIds.practice].sort());
    expect(acked.every((x) => x.acknowledgedByName === 'Theo Therapist')).toBe(true);
    expect(inbox.find((x) => x.id === alertIds.safety)!.status).toBe('open');
    // Again: already acknowledged, nothing changes.
    expect((await a.therapist.req('POST', '/api/alerts/acknowledge', { alertIds: [alertIds.attendance] })).json().acknowledged).toEqual([]);
  });
});

describe('the words fit the reader', () => {
  it('the therapist reads “your client”; the supervisor reads about “the client”', async () => {
    const own = (await a.therapist.req('GET', '/api/alerts')).json() as View[];
    expect(own.every((x) => x.reader === 'therapist')).toBe(true);
    expect(own.find((x) => x.id === alertIds.attendance)!.summary).toBe('Your client missed two sessions in a row.');
    const sup = (await a.supervisor.req('GET', '/api/alerts')).json() as View[];
    expect(sup.length).toBe(own.length);
    for (const x of sup) {
      expect(x.reader).toBe('supervisor');
      expect(`${x.title} ${x.summary} ${x.suggestedConversation}`).not.toMatch(/[Yy]our client/);
    }
    expect(sup.find((x) => x.id === alertIds.attendance)!.summary).toBe('The client missed two sessions in a row.');
  });
});

describe('the caseload', () => {
  it('quietens the alerts of an ended course and carries the alliance columns', async () => {
    const inbox = (await a.therapist.req('GET', '/api/alerts')).json() as View[];
    expect(inbox.find((x) => x.id === alertIds.endedOne)!.courseEnded).toBe(true);
    expect(inbox.find((x) => x.id === alertIds.safety)!.courseEnded).toBe(false);
    const rows = (await a.therapist.req('GET', '/api/caseload/measures')).json() as {
      clientId: string;
      alerts: { active: number; mostUrgent: string | null; safety: number; quiet: number };
      alliance: { agreed: string | null; inferred: string | null; trend: string[] };
    }[];
    // The navigation's count leaves the ended course's alert out too.
    expect((await a.therapist.req('GET', '/api/alerts/count')).json()).toEqual({ active: 3, safety: 1, scope: 'mine' });
    const eli = rows.find((r) => r.clientId === ids.e)!;
    expect(eli.alerts).toMatchObject({ active: 0, mostUrgent: null, quiet: 1, safety: 0 });
    const casey = rows.find((r) => r.clientId === ids.c)!;
    expect(casey.alerts).toMatchObject({ mostUrgent: 'safety', safety: 1, quiet: 0, active: 3 });
    expect(casey.alliance.agreed).toBeNull();
    expect(casey.alliance.trend.length).toBeLessThanOrEqual(6);
    expect(casey.alliance.inferred).toBe(casey.alliance.trend.at(-1) ?? null);
  });
});

describe('scores hidden from the portal', () => {
  it('only the assigned therapist chooses; the client then reads no scores, staff still do', async () => {
    expect((await a.client.req('GET', `/api/clients/${ids.c}/portal-scores`)).json()).toEqual({ hidden: false, updatedAt: null });
    expect(((await a.client.req('GET', `/api/clients/${ids.c}/scores`)).json() as unknown[]).length).toBeGreaterThan(0);
    expect((await a.supervisor.req('PUT', `/api/clients/${ids.c}/portal-scores`, { hidden: true })).statusCode).toBe(403);
    expect((await a.client.req('PUT', `/api/clients/${ids.c}/portal-scores`, { hidden: true })).statusCode).toBe(403);
    expect((await a.other.req('PUT', `/api/clients/${ids.c}/portal-scores`, { hidden: true })).statusCode).toBe(404);
    expect((await a.therapist.req('PUT', `/api/clients/${ids.c}/portal-scores`, { hidden: 'yes' })).statusCode).toBe(400);
    const set = await a.therapist.req('PUT', `/api/clients/${ids.c}/portal-scores`, { hidden: true });
    expect(set.statusCode).toBe(200);
    expect(set.json().hidden).toBe(true);
    expect((await a.client.req('GET', `/api/clients/${ids.c}/portal-scores`)).json().hidden).toBe(true);
    expect((await a.client.req('GET', `/api/clients/${ids.c}/scores`)).json()).toEqual([]);
    expect(((await a.therapist.req('GET', `/api/clients/${ids.c}/scores`)).json() as unknown[]).length).toBeGreaterThan(0);
    expect(((await a.supervisor.req('GET', `/api/clients/${ids.c}/scores`)).json() as unknown[]).length).toBeGreaterThan(0);
    await a.therapist.req('PUT', `/api/clients/${ids.c}/portal-scores`, { hidden: false });
    expect(((await a.client.req('GET', `/api/clients/${ids.c}/scores`)).json() as unknown[]).length).toBeGreaterThan(0);
  });
});
