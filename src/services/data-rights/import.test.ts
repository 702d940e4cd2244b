/**
 * Import (SPEC §3 C10): the round trip — the demo practice exported as FHIR, imported into an empty
 * practice, exported again: the clinical content is the same, ids aside — and every kind of bad
 * input refused with a clear problem by line or resource, nothing written; duplicates recognised.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWorld, seedPractice } from '../../../test/support/harness.ts';
import type { Practice, TestWorld } from '../../../test/support/harness.ts';
import { tableCounts } from '../../../test/support/cast.ts';
import { buildDemo } from '../demo/demo.ts';
import { createPractice } from '../accounts/setup.ts';
import { acceptInvite, createInvite } from '../accounts/users.ts';
import { createClient, openCourse } from '../people/clients.ts';
import { exportPractice } from './export.ts';
import type { PracticeExport } from './export.ts';
import { importRecords } from './import.ts';
import { toFhirBundle } from '../../fhir/bundle.ts';
import { readImportFile } from '../../fhir/import-file.ts';
import { DomainError } from '../../domain/errors.ts';

/** What a practice's records say, ids and record-keeping aside: what must survive a round trip. */
function clinicalContent(x: PracticeExport) {
  const people = new Map(x.people.map((p) => [p.id, p.name]));
  return x.clients
    .map((c) => {
      const sessions = new Map(c.courses.flatMap((k) => k.sessions.map((s) => [s.id, s.startsAt])));
      return {
        name: c.client.name,
        contact: c.client.contact,
        status: c.client.status,
        therapist: people.get(c.client.therapistId),
        courses: c.courses.map((k) => ({
          startedOn: k.startedOn,
          endedOn: k.endedOn,
          frequency: k.frequency,
          phase: k.phase,
          status: k.status,
          endReason: k.endReason,
          therapist: k.therapistName,
          sessions: k.sessions.map((s) => [s.startsAt, s.durationMinutes, s.status]),
          goals: k.goals.map((g) => ({
            text: g.text,
            focus: g.focus,
            author: g.author,
            state: g.state,
            proposedAt: g.proposedAt,
            agreement: g.agreement ?? null,
            closure: g.closure ? { ...g.closure, revisedTo: undefined } : null,
            revises: g.revisionOf ? k.goals.find((o) => o.id === g.revisionOf)?.text : null,
            ratings: g.ratings,
            gas: g.gas ?? null,
          })),
        })),
        responses: c.responses
          .filter((r) => !r.supersededBy)
          .map((r) => ({
            instrument: `${r.instrumentCode}@${r.instrumentVersion}`,
            completedAt: r.completedAt,
            answers: r.answers,
            total: r.total,
            valid: r.valid,
            session: r.sessionId ? sessions.get(r.sessionId) : null,
          })),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Paths where two values differ. */
function differences(a: unknown, b: unknown, at = '$'): string[] {
  if (typeof a !== typeof b || Array.isArray(a) !== Array.isArray(b)) return [`${at}: ${JSON.stringify(a)?.slice(0, 80)} ≠ ${JSON.stringify(b)?.slice(0, 80)}`];
  if (a && b && typeof a === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b as object)]);
    return [...keys].flatMap((k) => differences((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${at}.${k}`));
  }
  return a === b ? [] : [`${at}: ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`];
}

describe('round trip: export a practice, import it into an empty one, export again', () => {
  let from: TestWorld;
  let into: TestWorld;
  afterAll(async () => {
    await from?.close();
    await into?.close();
  });

  it('keeps the clinical content (ids aside); a dry run first writes nothing', async () => {
    from = await makeWorld();
    await buildDemo(from.deps);
    const first = await exportPractice(from.deps, null);
    const text = JSON.stringify(toFhirBundle(first, from.deps.ids.newId()));

    into = await makeWorld();
    into.clock.set(from.clock.now().toISOString());
    const { adminId } = await createPractice(into.deps, {
      token: null,
      practiceName: 'New Home',
      timeZone: 'Europe/London',
      adminEmail: 'admin@new.example',
      adminName: 'Admin',
      password: 'quiet meadow river stone',
    });
    // The same therapists, by name, as the practice the records come from.
    const therapistIds: string[] = [];
    for (const p of first.people.filter((x) => x.kind === 'staff')) {
      const { token } = await createInvite(into.deps, adminId, { email: `${p.id.slice(-8)}@new.example`, roles: ['therapist'] });
      therapistIds.push((await acceptInvite(into.deps, token, { displayName: p.name, password: 'quiet meadow river stone' })).id);
    }
    const file = readImportFile(text, { forClient: false });
    expect(file.problems).toEqual([]);

    const before = await tableCounts(into);
    const dry = await importRecords(
      into.deps,
      file,
      { kind: 'practice', therapistId: therapistIds[0]!, byName: true },
      { dryRun: true, importedBy: therapistIds[0]! },
    );
    expect(dry.problems).toEqual([]);
    expect(dry.written).toBe(false);
    expect(await tableCounts(into)).toEqual(before);

    const done = await importRecords(
      into.deps,
      readImportFile(text, { forClient: false }),
      { kind: 'practice', therapistId: therapistIds[0]!, byName: true },
      { dryRun: false, importedBy: therapistIds[0]! },
    );
    expect(done.problems).toEqual([]);
    expect(done.written).toBe(true);
    expect(done.counts.clients).toBe(first.clients.length);

    const second = await exportPractice(into.deps, null);
    const diff = differences(clinicalContent(first), clinicalContent(second));
    console.log(`round trip: ${first.clients.length} clients, ${done.counts.responses} responses, ${done.counts.goals} goals; differences ${diff.length}`);
    expect(diff).toEqual([]);
  }, 300_000);
});

describe('bad input: a clear problem, nothing written', () => {
  let world: TestWorld;
  let practice: Practice;
  let clientId: string;
  const phq = (answers: [string, unknown][], extra: Record<string, unknown> = {}) => ({
    resourceType: 'QuestionnaireResponse',
    id: 'qr1',
    status: 'completed',
    questionnaire: 'http://loinc.org/q/44249-1',
    subject: { reference: 'Patient/elsewhere-7' },
    authored: '2026-02-10T10:00:00Z',
    item: answers.map(([linkId, v]) => ({
      linkId,
      answer: [typeof v === 'number' ? { valueInteger: v } : { valueCoding: { system: 'http://loinc.org', code: v } }],
    })),
    ...extra,
  });
  const nine = (v: number | string): [string, unknown][] =>
    ['44250-9', '44255-8', '44259-0', '44254-1', '44251-7', '44258-2', '44252-5', '44253-3', '44260-8'].map((c) => [c, v]);

  beforeAll(async () => {
    world = await makeWorld();
    practice = await seedPractice(world.deps);
    const c = await createClient(world.deps, practice.therapistId, { name: 'Casey Client', contact: { email: null, phone: null, dateOfBirth: null } });
    clientId = c.id;
    await openCourse(world.deps, c.id, { startedOn: '2026-01-05', frequency: 'weekly' });
  });
  afterAll(async () => {
    await world?.close();
  });
  const run = async (text: string, forClient = true, dryRun = false) =>
    importRecords(
      world.deps,
      readImportFile(text, { forClient }),
      forClient ? { kind: 'client', clientId } : { kind: 'practice', therapistId: practice.therapistId, byName: false },
      { dryRun, importedBy: practice.therapistId },
    );
  const refused = async (text: string, message: RegExp, forClient = true) => {
    const before = await tableCounts(world);
    const dry = await run(text, forClient, true);
    expect(dry.written).toBe(false);
    expect(dry.problems.map((p) => `${p.where}: ${p.message}`).join('\n')).toMatch(message);
    const err = (await run(text, forClient).catch((e: unknown) => e)) as DomainError;
    expect(err).toBeInstanceOf(DomainError);
    expect(err.code).toBe('invalid_input');
    expect(err.message).toMatch(/^Nothing was imported: the file has \d+ problems?\./);
    expect((err.details as { problems: unknown[] }).problems).toEqual(dry.problems);
    expect(await tableCounts(world)).toEqual(before);
  };

  it('imports another system’s PHQ-9 (LOINC items and answer codes) once; the second time is a duplicate', async () => {
    const text = JSON.stringify(phq(nine('LA6569-3')));
    const r = await run(text);
    expect(r.problems).toEqual([]);
    expect(r.written).toBe(true);
    const again = await run(JSON.stringify({ resourceType: 'Bundle', type: 'collection', entry: [{ resource: phq(nine(1)) }] }));
    expect(again.counts.duplicates).toBe(1);
    expect(again.notes.join()).toMatch(/already there; skipped/);
  });

  it('malformed JSON: the line and column', async () => {
    await refused('{\n  "resourceType": "Bundle",\n  "entry": [\n', /^line 4, column 1: not valid JSON/);
  });
  it('a wrong resource type', async () => {
    await refused(
      JSON.stringify({ resourceType: 'Bundle', type: 'collection', entry: [{ resource: { resourceType: 'MedicationRequest', id: 'm' } }] }),
      /Accord does not import a MedicationRequest/,
    );
    await refused(JSON.stringify({ resourceType: 'Patient', id: 'p' }), /not a FHIR Bundle or QuestionnaireResponse/);
  });
  it('wrong types in the course layout, by line', async () => {
    const text = JSON.stringify(
      {
        format: 'accord-courses/1',
        clients: [
          {
            name: 'Ann',
            courses: [
              {
                startedOn: '2025-01-01',
                frequency: 'weekly',
                phase: 'middle',
                status: 'active',
                sessions: [{ id: 's', startsAt: '2025-01-02T10:00:00Z', durationMinutes: 'fifty', status: 'attended' }],
              },
            ],
          },
        ],
      },
      null,
      2,
    );
    await refused(text, /line \d+ \(clients\[0\]\.courses\[0\]\.sessions\[0\]\.durationMinutes\): Invalid input: expected number/, false);
  });
  it('an unknown code: a questionnaire Accord does not know, an item not in it, an answer code not in the list', async () => {
    await refused(
      JSON.stringify(phq(nine(1), { questionnaire: 'http://example.org/Questionnaire/beck' })),
      /unknown questionnaire http:\/\/example.org\/Questionnaire\/beck/,
    );
    await refused(JSON.stringify(phq([...nine(1), ['99999-9', 1]])), /PHQ-9 has no item "99999-9"/);
    await refused(JSON.stringify(phq(nine('LA9999-9'))), /the answer is not a known code or a number/);
  });
  it('an answer out of range', async () => {
    await refused(JSON.stringify(phq(nine(4))), /item phq9_1: 4 is out of range \(0, 1, 2, 3\)/);
  });
  it('a date in the future, and before the course', async () => {
    await refused(JSON.stringify(phq(nine(1), { authored: '2031-01-01T10:00:00Z' })), /the answers’ date 2031-01-01T10:00:00Z is in the future/);
    await refused(JSON.stringify(phq(nine(1), { authored: '2025-06-01T10:00:00Z' })), /none of this client’s courses spans 2025-06-01/);
  });
  it('a reference to nothing (whole records)', async () => {
    const bundle = {
      resourceType: 'Bundle',
      type: 'collection',
      entry: [
        { resource: { resourceType: 'Patient', id: 'p1', name: [{ text: 'Pat' }] } },
        { resource: { resourceType: 'EpisodeOfCare', id: 'e1', status: 'active', patient: { reference: 'Patient/p1' }, period: { start: '2026-01-01' } } },
        {
          resource: {
            resourceType: 'Encounter',
            id: 'x1',
            status: 'finished',
            episodeOfCare: [{ reference: 'EpisodeOfCare/e2' }],
            period: { start: '2026-01-02T10:00:00Z' },
          },
        },
      ],
    };
    await refused(
      JSON.stringify(bundle, null, 1),
      /Bundle\.entry\[2\] Encounter\/x1 \(line \d+\): episodeOfCare\[0\]\.reference refers to EpisodeOfCare\/e2, which is not in the bundle/,
      false,
    );
  });
  it('a file of 100 MB', async () => {
    const big = `{"resourceType":"Bundle","entry":[],"padding":"${'x'.repeat(100 * 1024 * 1024)}"}`;
    await refused(big, /the file is 100 MB; an import takes at most 20 MB/);
  });
  it('a dry run lists every problem of a file at once', async () => {
    const r = await run(
      JSON.stringify({
        resourceType: 'Bundle',
        type: 'collection',
        entry: [{ resource: phq(nine(7)) }, { resource: phq(nine(1), { id: 'qr2', authored: '2030-01-01T00:00:00Z' }) }],
      }),
      true,
      true,
    );
    expect(r.problems.length).toBeGreaterThanOrEqual(10);
    expect(r.written).toBe(false);
  });
});
