/**
 * The exports over HTTP (SPEC §3 C10): the therapist's FHIR and CSV export of a client and of
 * their caseload, the client's own copy (their own answers only, never the therapist's ratings),
 * CSV cells that could start a formula neutralised, every export recorded in the audit trail.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventsSince, headSeq, makeCast } from '../../../test/support/cast.ts';
import type { Cast } from '../../../test/support/cast.ts';
import { schemaErrors } from '../../../test/support/fhir-schema.ts';
import { submitResponse } from '../../services/measures/measures.ts';
import { createClient, openCourse, recordSession, updateClient, updateCourse } from '../../services/people/clients.ts';
import { writeProcessNote } from '../../services/process-notes/process-notes.ts';
import { danglingReferences } from '../../fhir/references.ts';
import type { FhirBundle } from '../../fhir/bundle.ts';

let cast: Cast;
const phq9 = (v: number) => Object.fromEntries(Array.from({ length: 9 }, (_, k) => [`phq9_${k + 1}`, k === 8 ? 0 : v]));

beforeAll(async () => {
  cast = await makeCast();
  const deps = cast.world.deps;
  await submitResponse(deps, cast.ids.clientC, { userId: cast.ids.portalC, as: 'client' }, { instrumentCode: 'phq9', answers: phq9(2) });
  await submitResponse(
    deps,
    cast.ids.clientC,
    { userId: cast.practice.therapistId, as: 'therapist' },
    {
      instrumentCode: 'session_check_therapist',
      answers: { heard: 8, mattered: 8, approach: 7, overall: 8 },
      source: 'in_session',
      sessionId: cast.ids.sessionS,
    },
  );
  await writeProcessNote(deps, cast.practice.therapistId, cast.ids.sessionS, 'A private reaction that never leaves.');
  // A name a spreadsheet would run as a formula.
  await updateClient(deps, cast.ids.clientC, { name: '=HYPERLINK("http://evil","x")' });
});
afterAll(async () => {
  await cast?.close();
});

describe('FHIR export of one client', () => {
  it('the therapist downloads a valid bundle with no process note, and the read is audited', async () => {
    const seq = await headSeq(cast);
    const res = await cast.agents.therapist.req('GET', `/api/clients/${cast.ids.clientC}/export/fhir`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/fhir\+json/);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="accord-record-\d{4}-\d{2}-\d{2}\.json"$/);
    const bundle = res.json() as FhirBundle;
    expect(schemaErrors(bundle)).toEqual([]);
    expect(danglingReferences(bundle)).toEqual([]);
    expect(res.body).not.toContain('never leaves');
    expect(bundle.entry.filter((e) => e.resource.resourceType === 'QuestionnaireResponse').length).toBeGreaterThan(0);
    const events = (await eventsSince(cast, seq)).filter((e) => e.action === 'export:fhir');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ clientId: cast.ids.clientC, actorId: cast.practice.therapistId, outcome: 'ok' });
    expect(events[0]!.detail).toMatch(/^fhir: \d+ resources$/);
  });

  it('the client’s own copy holds only the answers they gave', async () => {
    const res = await cast.agents.clientSelf.req('GET', `/api/clients/${cast.ids.clientC}/export/fhir`);
    expect(res.statusCode).toBe(200);
    const bundle = res.json() as FhirBundle;
    expect(schemaErrors(bundle)).toEqual([]);
    const responses = bundle.entry.filter((e) => e.resource.resourceType === 'QuestionnaireResponse');
    expect(responses).toHaveLength(1);
    expect(responses.every((e) => (e.resource.author as { reference: string }).reference === `Patient/${cast.ids.clientC}`)).toBe(true);
    expect(res.body).not.toContain('never leaves');
  });

  it('the supervisor and the admin are refused; another therapist is told nothing exists', async () => {
    expect((await cast.agents.supervisor.req('GET', `/api/clients/${cast.ids.clientC}/export/fhir`)).statusCode).toBe(403);
    expect((await cast.agents.admin.req('GET', `/api/clients/${cast.ids.clientC}/export/fhir`)).statusCode).toBe(403);
    expect((await cast.agents.otherTherapist.req('GET', `/api/clients/${cast.ids.clientC}/export/fhir`)).statusCode).toBe(404);
  });
});

describe('CSV export', () => {
  it('neutralises a cell that would start a formula', async () => {
    const res = await cast.agents.therapist.req('GET', `/api/clients/${cast.ids.clientC}/export/csv/scores`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const [header, row] = res.body.split('\r\n');
    expect(header!.startsWith('client_id,client_name,course_id')).toBe(true);
    expect(row).toContain(`"'=HYPERLINK(""http://evil"",""x"")"`);
    expect(res.body).not.toMatch(/(^|,)=HYPERLINK/m);
  });

  it('an unknown table is not found', async () => {
    expect((await cast.agents.therapist.req('GET', `/api/clients/${cast.ids.clientC}/export/csv/notes`)).statusCode).toBe(404);
  });

  it('the caseload export names the therapist’s own clients only, each audited', async () => {
    const seq = await headSeq(cast);
    const res = await cast.agents.therapist.req('GET', '/api/export/fhir');
    expect(res.statusCode).toBe(200);
    const bundle = res.json() as FhirBundle;
    const patients = bundle.entry.filter((e) => e.resource.resourceType === 'Patient').map((e) => e.resource.id);
    expect(patients).toEqual([cast.ids.clientC]);
    const events = (await eventsSince(cast, seq)).filter((e) => e.action === 'export:practice');
    expect(events.map((e) => e.clientId)).toEqual([cast.ids.clientC]);
    const sessions = await cast.agents.therapist.req('GET', '/api/export/csv/sessions');
    expect(sessions.body.split('\r\n').filter(Boolean)).toHaveLength(2);
  });
});

describe('erasure over HTTP', () => {
  let e: Cast;
  let erasedId: string;
  beforeAll(async () => {
    e = await makeCast();
    const deps = e.world.deps;
    const c = await createClient(deps, e.practice.therapistId, { name: 'Edna Erasable', contact: { email: null, phone: null, dateOfBirth: null } });
    erasedId = c.id;
    const k = await openCourse(deps, c.id, { startedOn: '2016-01-04', frequency: 'weekly' });
    await recordSession(deps, k.id, { startsAt: '2016-01-04T10:00:00.000Z', durationMinutes: 50, status: 'attended' });
    await updateCourse(deps, k.id, { status: 'ended', endedOn: '2016-04-25', endReason: 'planned' });
  });
  afterAll(async () => {
    await e?.close();
  });

  it('the admin places a hold (erasure refused with its reason), releases it, erases; the trail keeps who, not what', async () => {
    const { admin, therapist } = e.agents;
    const url = `/api/clients/${erasedId}`;
    expect((await admin.req('GET', `${url}/erasure`)).json()).toMatchObject({ decision: { erasable: true, keptUntil: '2023-04-25' } });
    const held = await admin.req('POST', `${url}/holds`, { reason: 'Complaint under review' });
    expect(held.statusCode).toBe(201);
    const refused = await admin.req('POST', `${url}/erasure`, { irreversible: true });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toMatch(/under a hold .*Complaint under review/);
    expect((await therapist.req('POST', `${url}/erasure`, { irreversible: true })).statusCode).toBe(403);
    const holdId = (held.json() as { holds: { id: string }[] }).holds[0]!.id;
    expect((await admin.req('POST', `${url}/holds/${holdId}/release`, {})).statusCode).toBe(200);
    const seq = await headSeq(e);
    const done = await admin.req('POST', `${url}/erasure`, { irreversible: true });
    expect(done.statusCode).toBe(200);
    expect(done.json().erased).toMatchObject({ byName: 'Ada Admin' });
    const events = (await eventsSince(e, seq)).filter((x) => x.action === 'erasure:erase');
    expect(events).toEqual([expect.objectContaining({ actorId: e.practice.adminId, clientId: erasedId, outcome: 'ok', detail: 'crypto-shredded' })]);
    expect(JSON.stringify(events)).not.toContain('Edna');
    // The record no longer opens; the caseload carries on without it.
    expect((await therapist.req('GET', url)).statusCode).toBe(404);
    const caseload = await therapist.req('GET', '/api/clients');
    expect(caseload.statusCode).toBe(200);
    expect(caseload.body).not.toContain('Edna');
  });

  it('the retention period is the admin’s setting', async () => {
    expect((await e.agents.admin.req('GET', '/api/practice/retention')).json()).toEqual({ retentionYears: 7, isDefault: true });
    expect((await e.agents.admin.req('PUT', '/api/practice/retention', { retentionYears: 10 })).json()).toEqual({ retentionYears: 10, isDefault: false });
    expect((await e.agents.admin.req('PUT', '/api/practice/retention', { retentionYears: 0 })).statusCode).toBe(400);
    expect((await e.agents.therapist.req('PUT', '/api/practice/retention', { retentionYears: 3 })).statusCode).toBe(403);
  });
});
