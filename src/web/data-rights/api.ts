/**
 * Data rights in the browser's API client (SPEC §3 C10): the readable copy of a record and the
 * addresses of its downloads (FHIR R4 JSON, CSV tables), which the browser fetches as files.
 */
import type { z } from 'zod';
import { call } from '../api.ts';
import type * as rights from '../../contract/data-rights.ts';

export type ReadableRecord = z.infer<typeof rights.readableRecordView>;
export type CsvTable = 'sessions' | 'scores' | 'outcomes';
export type ImportResult = z.infer<typeof rights.importView>;

const base = (clientId: string) => `/api/clients/${encodeURIComponent(clientId)}/export`;

export const rightsApi = {
  record: (clientId: string) => call<ReadableRecord>('GET', `${base(clientId)}/record`),
  fhirUrl: (clientId: string) => `${base(clientId)}/fhir`,
  csvUrl: (clientId: string, table: CsvTable) => `${base(clientId)}/csv/${table}`,
  caseloadFhirUrl: () => '/api/export/fhir',
  caseloadCsvUrl: (table: CsvTable) => `/api/export/csv/${table}`,
  /** Imports a file's text: whole records as new clients, or (with a client) answers into that client. */
  importFile: (content: string, dryRun: boolean, clientId?: string) =>
    call<ImportResult>('POST', clientId ? `${base(clientId)}`.replace(/\/export$/, '/import') : '/api/import', { content, dryRun }),
};
