/**
 * Supervision over HTTP (issue 15), through the real app with every answer checked against the
 * contract: the supervisor's overview and drill-down, a note written, read, answered and
 * acknowledged; bad input changes nothing; each read is in the audit trail naming the client but
 * kept out of the client's own access report; and a canary note's words appear nowhere but in the
 * answers to its two people — not in the logs, the audit trail, or other callers' answers.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Agent, Practice, TestWorld } from '../../../test/support/harness.ts';
import { PASSWORD, makeWorld, seedPractice, signInAgent } from '../../../test/support/harness.ts';
import { contractChecked } from '../../../test/support/contract-check.ts';
import { errorOf } from '../../../test/support/cast.ts';
import { buildApp } from '../app.ts';
import { createClient, openCourse, recordSession } from '../../services/people/clients.ts';
import { grantProcessNotes, writeProcessNote } from '../../services/process-notes/process-notes.ts';
import { acceptInvite, createInvite } from '../../services/accounts/users.ts';

let world: TestWorld;
let app: FastifyInstance;
let p: Practice;
const logs: string[] = [];
let ids: { client: string; course: string };
let agents: Record<'therapist' | 'supervisor' | 'otherSupervisor' | 'otherTherapist' | 'admin' | 'client', Agent>;
const canary = `canary-${randomBytes(6).toString('hex')}`;

beforeAll(async () => {
  world = await makeWorld();
  app = contractChecked(
    await buildApp({
      deps: world.deps,
      secureCookies: false,
      logger: { level: 'trace', stream: { write: (line: string) => logs.push(line) } },
      version: 'test',
    }),
  );
  p = await seedPractice(world.deps);
  const c = await createClient(world.deps, p.therapistId, { name: 'Casey Client', contact: { email: 'casey@example.org', phone: null, dateOfBirth: null } });
  const k = await openCourse(world.deps, c.id, { startedOn: '2026-01-05', frequency: 'weekly' });
  ids = { client: c.id, course: k.id };
  const { token } = await createInvite(world.deps, p.therapistId, { email: 'casey@example.org', roles: ['client'], clientId: c.id });
  await acceptInvite(world.deps, token, { displayName: 'Casey', password: PASSWORD });
  agents = {
    therapist: await signInAgent(app, p.emails.therapist),
    supervisor: await signInAgent(app, p.emails.supervisor),
    otherSupervisor: await signInAgent(app, p.emails.otherSupervisor),
    otherTherapist: await signInAgent(app, p.emails.otherTherapist),
    admin: await signInAgent(app, p.emails.admin),
    client: await signInAgent(app, 'casey@example.org'),
  };
});
afterAll(async () => {
  await app?.close();
  await world?.close();
});

const noteCount = async () => (await world.deps.store.listSupervisionNotes({ superviseeIds: [p.therapistId] })).length;

describe('the supervisor’s overview', () => {
  it('lists the supervisee with their caseload figures, and drills down to their clients', async () => {
    const o = await agents.supervisor.req('GET', '/api/supervision');
    expect(o.statusCode).toBe(200);
    expect(o.json().supervisees).toEqual([
      expect.objectContaining({ id: p.therapistId, name: 'Theo Therapist', figures: expect.objectContaining({ caseload: 1, openCourses: 1, noAgreement: 1 }) }),
    ]);
    const d = await agents.supervisor.req('GET', `/api/supervision/supervisees/${p.therapistId}`);
    expect(d.statusCode).toBe(200);
    expect(d.json().clients).toEqual([
      expect.objectContaining({ clientId: ids.client, name: 'Casey Client', course: expect.objectContaining({ id: ids.course }) }),
    ]);
  });
  it('never carries a process note, even one granted to the supervisor', async () => {
    const s = await recordSession(world.deps, ids.course, { startsAt: '2026-01-12T10:00:00.000Z', durationMinutes: 50, status: 'attended' });
    const secret = `process-${canary}`;
    await writeProcessNote(world.deps, p.therapistId, s.id, secret);
    await grantProcessNotes(world.deps, p.therapistId, ids.client, {
      granteeId: p.supervisorId,
      expiresAt: new Date(world.deps.clock.now().getTime() + 7 * 86_400_000).toISOString(),
    });
    for (const url of ['/api/supervision', `/api/supervision/supervisees/${p.therapistId}`]) {
      const res = await agents.supervisor.req('GET', url);
      expect(res.statusCode).toBe(200);
      expect(res.body).not.toContain(secret);
    }
  });
  it('the session presents the overview to supervisors only, and the server agrees', async () => {
    for (const who of ['supervisor', 'otherSupervisor', 'therapist', 'admin', 'client'] as const) {
      const can = (await agents[who].req('GET', '/api/session')).json().can as Record<string, boolean>;
      const res = await agents[who].req('GET', '/api/supervision');
      expect(res.statusCode === 200, who).toBe(can['supervision:overview']);
    }
  });
});

describe('supervision notes', () => {
  let noteId = '';
  it('refuses bad input and writes nothing', async () => {
    const url = `/api/supervision/supervisees/${p.therapistId}/notes`;
    for (const body of [
      { focus: 'gossip', text: 'x' },
      { focus: 'rupture', text: 'x', extra: 1 },
      { focus: 'rupture', text: 'x', allianceType: 'transactional' },
      { focus: 'rupture', text: 'x', courseId: 'not-a-uuid' },
    ]) {
      const res = await agents.supervisor.req('POST', url, body);
      expect(res.statusCode).toBe(400);
    }
    const empty = await agents.supervisor.req('POST', url, { focus: 'rupture', text: '   ' });
    expect(errorOf(empty)?.code).toBe('invalid_input');
    const foreign = await agents.supervisor.req('POST', url, { focus: 'rupture', text: 'x', courseId: '00000000-0000-4000-8000-000000000000' });
    expect(errorOf(foreign)?.code).toBe('invalid_input');
    expect(await noteCount()).toBe(0);
  });
  it('the supervisor writes a note about a course; only the supervisee and the supervisor read it', async () => {
    const res = await agents.supervisor.req('POST', `/api/supervision/supervisees/${p.therapistId}/notes`, {
      focus: 'agreed_vs_inferred',
      allianceType: 'magical',
      courseId: ids.course,
      text: `Casey seems to hope the panic will simply lift. ${canary}`,
    });
    expect(res.statusCode).toBe(201);
    noteId = res.json().id;
    expect(res.json()).toMatchObject({ as: 'supervisor', client: { id: ids.client, name: 'Casey Client' }, can: { acknowledge: false } });
    for (const who of ['otherSupervisor', 'otherTherapist', 'admin'] as const) {
      const r = await agents[who].req('GET', `/api/supervision/notes/${noteId}`);
      expect(r.statusCode, who).toBe(404);
      expect(r.body).not.toContain(canary);
    }
    expect((await agents.client.req('GET', `/api/supervision/notes/${noteId}`)).statusCode).toBe(403);
  });
  it('the supervisee lists (no words), opens, replies and acknowledges', async () => {
    const list = await agents.therapist.req('GET', '/api/supervision/notes');
    expect(list.json().notes.map((n: { id: string }) => n.id)).toEqual([noteId]);
    expect(list.body).not.toContain(canary);
    const open = await agents.therapist.req('GET', `/api/supervision/notes/${noteId}`);
    expect(open.json()).toMatchObject({ as: 'supervisee', text: expect.stringContaining(canary), can: { reply: true, acknowledge: true } });
    const reply = await agents.therapist.req('POST', `/api/supervision/notes/${noteId}/replies`, { text: 'I will ask her what would make it worthwhile.' });
    expect(reply.statusCode).toBe(201);
    expect(reply.json().thread).toHaveLength(1);
    expect((await agents.supervisor.req('POST', `/api/supervision/notes/${noteId}/acknowledge`)).statusCode).toBe(403);
    const ack = await agents.therapist.req('POST', `/api/supervision/notes/${noteId}/acknowledge`);
    expect(ack.statusCode).toBe(200);
    expect(ack.json().acknowledgedAt).not.toBeNull();
    const seen = await agents.supervisor.req('GET', `/api/supervision/notes/${noteId}`);
    expect(seen.json().thread[0]).toMatchObject({ author: { name: 'Theo Therapist' }, text: 'I will ask her what would make it worthwhile.' });
  });
  it('the supervisor amends the words: the earlier words kept, a fresh acknowledgement asked; the supervisee may not', async () => {
    const url = `/api/supervision/notes/${noteId}/amend`;
    for (const body of [{}, { text: 'x', extra: 1 }, { text: 7 }]) expect((await agents.supervisor.req('POST', url, body)).statusCode).toBe(400);
    expect(errorOf(await agents.supervisor.req('POST', url, { text: '  ' }))?.code).toBe('invalid_input');
    const same = await agents.supervisor.req('POST', url, { text: `Casey seems to hope the panic will simply lift. ${canary}` });
    expect(errorOf(same)).toMatchObject({ code: 'invalid_input' });
    expect((await agents.therapist.req('POST', url, { text: 'My own words instead.' })).statusCode).toBe(403);
    expect((await agents.otherSupervisor.req('POST', url, { text: 'Not mine to change.' })).statusCode).toBe(404);
    expect(await world.deps.store.listSupervisionNoteVersions(noteId)).toEqual([]);
    const res = await agents.supervisor.req('POST', url, { text: `Casey hopes the panic will lift by itself: name that hope together. ${canary}` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ amendedAt: expect.any(String), acknowledgedAt: null, can: { amend: true, withdraw: true } });
    expect(res.json().earlier).toEqual([expect.objectContaining({ text: `Casey seems to hope the panic will simply lift. ${canary}` })]);
    const theo = await agents.therapist.req('GET', `/api/supervision/notes/${noteId}`);
    expect(theo.json()).toMatchObject({ text: expect.stringContaining('name that hope together'), can: { acknowledge: true, amend: false, withdraw: false } });
    expect(theo.json().earlier).toHaveLength(1);
  });
  it('the supervisor withdraws the note for a listed reason: it stays, closed to replies, amendment and acknowledgement', async () => {
    const url = `/api/supervision/notes/${noteId}/withdraw`;
    expect((await agents.supervisor.req('POST', url, { reason: 'because I said so' })).statusCode).toBe(400);
    expect((await agents.therapist.req('POST', url, { reason: 'superseded' })).statusCode).toBe(403);
    const res = await agents.supervisor.req('POST', url, { reason: 'resolved_in_session' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      withdrawn: { reason: 'resolved_in_session' },
      can: { reply: false, acknowledge: false, amend: false, withdraw: false },
    });
    expect(errorOf(await agents.supervisor.req('POST', url, { reason: 'superseded' }))?.code).toBe('conflict');
    expect(errorOf(await agents.supervisor.req('POST', `/api/supervision/notes/${noteId}/amend`, { text: 'Too late.' }))?.code).toBe('conflict');
    expect(errorOf(await agents.therapist.req('POST', `/api/supervision/notes/${noteId}/replies`, { text: 'Still here?' }))?.code).toBe('conflict');
    expect(errorOf(await agents.therapist.req('POST', `/api/supervision/notes/${noteId}/acknowledge`))?.code).toBe('conflict');
    const list = await agents.therapist.req('GET', '/api/supervision/notes');
    expect(list.json().notes[0]).toMatchObject({ id: noteId, withdrawn: { reason: 'resolved_in_session' } });
    const overview = await agents.supervisor.req('GET', '/api/supervision');
    expect(overview.json().supervisees.find((x: { id: string }) => x.id === p.therapistId).notes.unacknowledged).toBe(0);
  });
  it('every read is audited naming the client, never the words; the client’s access report leaves them out', async () => {
    await world.deps.audit.settle();
    const events = await world.deps.audit.list({ limit: 1000 });
    const reads = events.filter((e) => e.action === 'supervision-notes:read' && e.outcome === 'ok');
    expect(reads.length).toBeGreaterThanOrEqual(2);
    expect(reads.every((e) => e.clientId === ids.client && e.resourceId === noteId)).toBe(true);
    expect(JSON.stringify(events)).not.toContain(canary);
    const report = await agents.client.req('GET', `/api/clients/${ids.client}/access-report`);
    expect(report.statusCode).toBe(200);
    expect(report.body).not.toContain('supervision-notes');
    expect(logs.join('\n')).not.toContain(canary);
  });
});
