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
import { updateClient } from '../../services/people/clients.ts';
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
