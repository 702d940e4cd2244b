/**
 * Data rights and interoperability over HTTP (SPEC §3 C10): the FHIR R4 export of one client
 * (the client's own copy when the client asks) or of the caller's caseload, and its CSV tables.
 * Every export is a read of clinical content: the pipeline records one event per client exported
 * before the file leaves. Process notes are never in an export (their author's own export is
 * GET /api/me/process-notes).
 */
import type { FastifyReply } from 'fastify';
import { readsAsClient } from '../../domain/access.ts';
import { route } from '../route.ts';
import * as s from '../../contract/data-rights.ts';
import { exportClient, exportPractice, readableRecord } from '../../services/data-rights/export.ts';
import { csvTable } from '../../services/data-rights/csv-tables.ts';
import { toFhirBundle } from '../../fhir/bundle.ts';
import { IMPORT_MAX_BYTES, readImportFile } from '../../fhir/import-file.ts';
import { importRecords } from '../../services/data-rights/import.ts';
import { eraseClient, erasureState, getRetention, placeHold, releaseHold, setRetention } from '../../services/data-rights/erasure.ts';

const ref = (p: { clientId: string }) => ({ clientId: p.clientId });

/** Served as a download with a name that says what it is and when it was made. */
function asFile(reply: FastifyReply, type: string, name: string): void {
  reply.type(type).header('content-disposition', `attachment; filename="${name}"`);
}
const day = (iso: string) => iso.slice(0, 10);

/** An import file's text inside its JSON body: room for the file (escaped) and nothing more. */
const IMPORT_BODY_LIMIT = IMPORT_MAX_BYTES * 2;

export const dataRightsRoutes = [
  route({
    method: 'GET',
    url: '/api/clients/:clientId/erasure',
    policy: 'erasure:read',
    tag: 'data-rights',
    summary: 'Whether the record may be erased now (retention period after the last contact, holds, an open course) and whether it was',
    params: s.clientParams,
    clientRef: ref,
    response: s.erasureView,
    handler: async ({ deps, params }) => erasureState(deps, params.clientId),
  }),
  route({
    method: 'POST',
    url: '/api/clients/:clientId/erasure',
    policy: 'erasure:erase',
    tag: 'data-rights',
    status: 200,
    summary: 'Erase the record by deleting its data key (crypto-shredding), after the retention check; refused with the reason while a hold applies',
    params: s.clientParams,
    body: s.eraseBody,
    clientRef: ref,
    response: s.erasureView,
    handler: async ({ deps, params, signedIn }) => eraseClient(deps, params.clientId, signedIn.user.id),
    audit: (r) => ({ resourceIds: [r.clientId], detail: 'crypto-shredded' }),
  }),
  route({
    method: 'POST',
    url: '/api/clients/:clientId/holds',
    policy: 'erasure:hold',
    tag: 'data-rights',
    summary: 'Place a hold: the record is kept whatever its age until the hold is released',
    params: s.clientParams,
    body: s.holdBody,
    clientRef: ref,
    response: s.erasureView,
    handler: async ({ deps, params, body, signedIn }) => placeHold(deps, params.clientId, signedIn.user.id, body.reason),
    audit: (r) => ({ resourceIds: [r.holds[0]?.id ?? null] }),
  }),
  route({
    method: 'POST',
    url: '/api/clients/:clientId/holds/:holdId/release',
    policy: 'erasure:hold',
    tag: 'data-rights',
    status: 200,
    summary: 'Release a hold',
    params: s.holdParams,
    body: s.releaseBody,
    clientRef: ref,
    response: s.erasureView,
    handler: async ({ deps, params, signedIn }) => releaseHold(deps, params.clientId, params.holdId, signedIn.user.id),
  }),
  route({
    method: 'GET',
    url: '/api/practice/retention',
    policy: 'retention:settings',
    tag: 'practice',
    summary: 'The retention period: years after the last contact before a record may be erased',
    response: s.retentionView,
    handler: async ({ deps }) => getRetention(deps),
  }),
  route({
    method: 'PUT',
    url: '/api/practice/retention',
    policy: 'retention:settings',
    tag: 'practice',
    summary: 'Set the retention period (whole years, 1 to 100)',
    body: s.retentionBody,
    response: s.retentionView,
    handler: async ({ deps, body, signedIn }) => setRetention(deps, signedIn.user.id, body.retentionYears),
    audit: (r) => ({ resourceType: 'practice', resourceIds: [null], detail: `retention ${r.retentionYears} years` }),
  }),
  route({
    method: 'POST',
    url: '/api/clients/:clientId/import',
    policy: 'import:client',
    tag: 'data-rights',
    status: 200,
    bodyLimit: IMPORT_BODY_LIMIT,
    summary:
      'Import PHQ-9 and GAD-7 answers (a FHIR QuestionnaireResponse or a Bundle of them) into this client; a dry run lists every problem; nothing is written when there is one',
    params: s.clientParams,
    body: s.importBody,
    clientRef: ref,
    response: s.importView,
    handler: async ({ deps, params, body, signedIn }) => {
      const file = readImportFile(body.content, { forClient: true });
      return {
        format: file.format,
        ...(await importRecords(deps, file, { kind: 'client', clientId: params.clientId }, { dryRun: body.dryRun, importedBy: signedIn.user.id })),
      };
    },
    audit: (r, params) => ({
      resourceIds: [params.clientId],
      detail: `${r.dryRun ? 'dry run' : 'import'}: ${r.counts.responses} answers, ${r.counts.duplicates} duplicates`,
    }),
  }),
  route({
    method: 'POST',
    url: '/api/import',
    policy: 'import:practice',
    tag: 'data-rights',
    status: 200,
    bodyLimit: IMPORT_BODY_LIMIT,
    summary:
      'Import whole records (a FHIR R4 Bundle, or Accord’s course layout) as new clients of the caller; a dry run lists every problem by line or resource; nothing is written when there is one',
    body: s.importBody,
    response: s.importView,
    handler: async ({ deps, body, signedIn }) => {
      const file = readImportFile(body.content, { forClient: false });
      return {
        format: file.format,
        ...(await importRecords(
          deps,
          file,
          { kind: 'practice', therapistId: signedIn.user.id, byName: false },
          { dryRun: body.dryRun, importedBy: signedIn.user.id },
        )),
      };
    },
    audit: (r) => ({
      clientIds: r.clientIds,
      resourceType: 'client',
      resourceIds: [null],
      detail: `${r.dryRun ? 'dry run' : 'import'}: ${r.counts.clients} clients, ${r.counts.responses} answers, ${r.counts.goals} goals`,
    }),
  }),
  route({
    method: 'GET',
    url: '/api/clients/:clientId/export/fhir',
    policy: 'export:client',
    tag: 'data-rights',
    auditAs: 'export:fhir',
    summary: 'One client’s record as a FHIR R4 Bundle (application/fhir+json); the client’s own copy when the client asks (GDPR Art. 15 and 20)',
    params: s.clientParams,
    clientRef: ref,
    response: s.fhirBundle,
    handler: async ({ deps, params, relations, reply }) => {
      const record = await exportClient(deps, params.clientId, readsAsClient(relations) ? 'client' : 'staff');
      asFile(reply, 'application/fhir+json; charset=utf-8', `accord-record-${day(record.generatedAt)}.json`);
      return toFhirBundle(record, deps.ids.newId());
    },
    audit: (r) => ({ detail: `fhir: ${r.entry.length} resources` }),
  }),
  route({
    method: 'GET',
    url: '/api/clients/:clientId/export/record',
    policy: 'export:client',
    tag: 'data-rights',
    auditAs: 'export:record',
    summary: 'One client’s record as a readable page shows it (the same content as the FHIR export): the client’s own copy when the client asks',
    params: s.clientParams,
    clientRef: ref,
    response: s.readableRecordView,
    handler: async ({ deps, params, relations }) => readableRecord(await exportClient(deps, params.clientId, readsAsClient(relations) ? 'client' : 'staff')),
  }),
  route({
    method: 'GET',
    url: '/api/clients/:clientId/export/csv/:table',
    policy: 'export:client',
    tag: 'data-rights',
    auditAs: 'export:csv',
    summary: 'One table of a client’s record as CSV (text/csv): sessions, scores or outcomes; cells that could start a formula are neutralised',
    params: s.clientCsvParams,
    clientRef: ref,
    response: s.csvText,
    handler: async ({ deps, params, relations, reply }) => {
      const record = await exportClient(deps, params.clientId, readsAsClient(relations) ? 'client' : 'staff');
      asFile(reply, 'text/csv; charset=utf-8', `accord-${params.table}-${day(record.generatedAt)}.csv`);
      return csvTable(record, params.table);
    },
    audit: (_r, params) => ({ resourceIds: [params.clientId], detail: `csv: ${params.table}` }),
  }),
  route({
    method: 'GET',
    url: '/api/export/fhir',
    policy: 'export:practice',
    tag: 'data-rights',
    summary: 'The caller’s caseload (every client they may export) as one FHIR R4 Bundle',
    response: s.fhirBundle,
    handler: async ({ deps, signedIn, reply }) => {
      const record = await exportPractice(deps, signedIn.caller);
      asFile(reply, 'application/fhir+json; charset=utf-8', `accord-caseload-${day(record.generatedAt)}.json`);
      return toFhirBundle(record, deps.ids.newId());
    },
    audit: (r) => ({ clientIds: patientIds(r), resourceType: 'client', resourceIds: [null], detail: `fhir: ${r.entry.length} resources` }),
  }),
  route({
    method: 'GET',
    url: '/api/export/csv/:table',
    policy: 'export:practice',
    tag: 'data-rights',
    summary: 'One table of the caller’s caseload as CSV (text/csv): sessions, scores or outcomes',
    params: s.csvParams,
    response: s.csvText,
    handler: async ({ deps, signedIn, params, reply }) => {
      const record = await exportPractice(deps, signedIn.caller);
      asFile(reply, 'text/csv; charset=utf-8', `accord-caseload-${params.table}-${day(record.generatedAt)}.csv`);
      return csvTable(record, params.table);
    },
    audit: (r, params) => ({ clientIds: csvClientIds(r), resourceType: 'client', resourceIds: [null], detail: `csv: ${params.table}` }),
  }),
];

/** The clients a bundle holds (one audit event each). */
function patientIds(b: { entry: { resource: { resourceType: string; id: string } }[] }): string[] {
  return b.entry.filter((e) => e.resource.resourceType === 'Patient').map((e) => e.resource.id);
}
/** The clients a CSV table names: its first column. */
function csvClientIds(text: string): string[] {
  return [
    ...new Set(
      text
        .split('\r\n')
        .slice(1)
        .map((l) => l.split(',')[0]!)
        .filter((id) => /^[0-9a-f-]{36}$/.test(id)),
    ),
  ];
}
