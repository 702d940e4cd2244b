/**
 * The wire contract of data rights and interoperability (SPEC §3 C10): the FHIR R4 export of one
 * client or of the caller's caseload, and its CSV tables. A FHIR Bundle is an open document (its
 * resources are checked against the official R4 JSON schema in the tests, not here): the contract
 * names its envelope. docs/interoperability.md describes the resources and codes.
 */
import { z } from 'zod';

// ---- requests ----
export const clientParams = z.strictObject({ clientId: z.string().uuid() });
const table = z.enum(['sessions', 'scores', 'outcomes']);
export const clientCsvParams = z.strictObject({ clientId: z.string().uuid(), table });
export const csvParams = z.strictObject({ table });

// ---- responses ----
/** Any JSON value: the elements of a FHIR resource beyond its type and id. */
type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
const json: z.ZodType<Json> = z.lazy(() => z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(json), z.record(z.string(), json)]));
const fhirResource = z.object({ resourceType: z.string(), id: z.string() }).catchall(json);
export const fhirBundle = z.strictObject({
  resourceType: z.literal('Bundle'),
  id: z.string(),
  type: z.literal('collection'),
  timestamp: z.string(),
  entry: z.array(z.strictObject({ fullUrl: z.string(), resource: fhirResource })),
});
/** CSV text (RFC 4180), served as text/csv. */
export const csvText = z.string();

/** The readable copy of one client's record (services/data-rights/export.ts `readableRecord`). */
export const readableRecordView = z.strictObject({
  generatedAt: z.string(),
  practiceName: z.string(),
  client: z.strictObject({ name: z.string(), email: z.string().nullable(), phone: z.string().nullable(), dateOfBirth: z.string().nullable() }),
  courses: z.array(
    z.strictObject({
      id: z.string(),
      startedOn: z.string(),
      endedOn: z.string().nullable(),
      frequency: z.string(),
      phase: z.string(),
      status: z.string(),
      endReason: z.string().nullable(),
      therapistName: z.string(),
      sessions: z.array(z.strictObject({ id: z.string(), startsAt: z.string(), durationMinutes: z.number(), status: z.string() })),
      goals: z.array(
        z.strictObject({
          id: z.string(),
          text: z.string(),
          focusLabel: z.string(),
          author: z.string(),
          state: z.string(),
          proposedAt: z.string(),
          ratings: z.array(z.strictObject({ at: z.string(), value: z.number() })),
        }),
      ),
    }),
  ),
  responses: z.array(
    z.strictObject({
      id: z.string(),
      instrumentTitle: z.string(),
      completedAt: z.string(),
      total: z.number().nullable(),
      band: z.string().nullable(),
      corrected: z.boolean(),
    }),
  ),
  accesses: z.array(z.strictObject({ at: z.string(), who: z.string(), action: z.string(), outcome: z.string() })),
});
