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
export type ErasureState = z.infer<typeof rights.erasureView>;
export type Retention = z.infer<typeof rights.retentionView>;

const base = (clientId: string) => `/api/clients/${encodeURIComponent(clientId)}/export`;

export const rightsApi = {
  record: (clientId: string) => call<ReadableRecord>('GET', `${base(clientId)}/record`),
  fhirUrl: (clientId: string) => `${base(clientId)}/fhir`,
  csvUrl: (clientId: string, table: CsvTable) => `${base(clientId)}/csv/${table}`,
  caseloadFhirUrl: () => '/api/export/fhir',
  caseloadCsvUrl: (table: CsvTable) => `/api/export/csv/${table}`,
  erasure: (clientId: string) => call<ErasureState>('GET', `/api/clients/${encodeURIComponent(clientId)}/erasure`),
  erase: (clientId: string) => call<ErasureState>('POST', `/api/clients/${encodeURIComponent(clientId)}/erasure`, { irreversible: true }),
  placeHold: (clientId: string, reason: string) => call<ErasureState>('POST', `/api/clients/${encodeURIComponent(clientId)}/holds`, { reason }),
  releaseHold: (clientId: string, holdId: string) =>
    call<ErasureState>('POST', `/api/clients/${encodeURIComponent(clientId)}/holds/${encodeURIComponent(holdId)}/release`, {}),
  retention: () => call<Retention>('GET', '/api/practice/retention'),
  saveRetention: (retentionYears: number) => call<Retention>('PUT', '/api/practice/retention', { retentionYears }),
  /** Imports a file's text: whole records as new clients, or (with a client) answers into that client. */
  importFile: (content: string, dryRun: boolean, clientId?: string) =>
    call<ImportResult>('POST', clientId ? `${base(clientId)}`.replace(/\/export$/, '/import') : '/api/import', { content, dryRun }),
};
