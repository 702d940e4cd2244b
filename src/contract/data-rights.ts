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

// ---- import ----
/** What an import is sent as: the file's text (FHIR R4 JSON or Accord's course layout), and whether to write it. */
export const importBody = z.strictObject({
  content: z.string().min(1, 'The file is empty.'),
  dryRun: z.boolean(),
});
export const importView = z.strictObject({
  /** The clients written to (none on a dry run). */
  clientIds: z.array(z.string()),
  format: z.enum(['fhir', 'accord-courses']),
  dryRun: z.boolean(),
  /** Nothing is written when there is any problem. */
  written: z.boolean(),
  problems: z.array(z.strictObject({ where: z.string(), message: z.string() })),
  notes: z.array(z.string()),
  counts: z.strictObject({ clients: z.number(), courses: z.number(), sessions: z.number(), responses: z.number(), goals: z.number(), duplicates: z.number() }),
});

const instant = z.string();
const side = z.enum(['client', 'therapist']);
/**
 * Accord's course layout (docs/interoperability.md, "Importing whole courses"): past courses of
 * therapy from another system, one client after another. Its fields are checked here for their
 * types; dates, codes and answers are checked by the import plan.
 */
export const courseLayout = z.strictObject({
  format: z.literal('accord-courses/1'),
  clients: z.array(
    z.strictObject({
      name: z.string(),
      email: z.string().nullable().optional(),
      phone: z.string().nullable().optional(),
      dateOfBirth: z.string().nullable().optional(),
      therapist: z.string().nullable().optional(),
      courses: z.array(
        z.strictObject({
          startedOn: z.string(),
          endedOn: z.string().nullable().optional(),
          frequency: z.string(),
          phase: z.string(),
          status: z.string(),
          endReason: z.string().nullable().optional(),
          sessions: z.array(z.strictObject({ id: z.string(), startsAt: instant, durationMinutes: z.number(), status: z.string() })).default([]),
          responses: z
            .array(
              z.strictObject({
                instrument: z.string(),
                completedAt: instant,
                answers: z.record(z.string(), z.number().nullable()),
                session: z.string().nullable().optional(),
              }),
            )
            .default([]),
          goals: z
            .array(
              z.strictObject({
                id: z.string().optional(),
                text: z.string(),
                focus: z.string(),
                author: side,
                proposedAt: instant,
                state: z.string(),
                agreement: z.strictObject({ by: side, recordedBy: side.optional(), at: instant, words: z.string() }).nullable().optional(),
                closure: z.strictObject({ state: z.string(), at: instant, by: side, note: z.string().nullable().optional() }).nullable().optional(),
                revises: z.string().nullable().optional(),
                ratings: z.array(z.strictObject({ at: instant, value: z.number(), recordedBy: side.optional() })).default([]),
              }),
            )
            .default([]),
        }),
      ),
    }),
  ),
});

// ---- erasure ----
export const holdParams = z.strictObject({ clientId: z.string().uuid(), holdId: z.string().uuid() });
export const holdBody = z.strictObject({ reason: z.string().max(300) });
export const releaseBody = z.strictObject({});
/** Erasing is irreversible: the request says so. */
export const eraseBody = z.strictObject({ irreversible: z.literal(true) });
export const retentionBody = z.strictObject({ retentionYears: z.number().int() });
export const retentionView = z.strictObject({ retentionYears: z.number(), isDefault: z.boolean() });
export const erasureView = z.strictObject({
  clientId: z.string(),
  erased: z.strictObject({ at: z.string(), byName: z.string().nullable() }).nullable(),
  lastContact: z.string(),
  retentionYears: z.number(),
  decision: z.union([
    z.strictObject({ erasable: z.literal(true), keptUntil: z.string() }),
    z.strictObject({ erasable: z.literal(false), reason: z.enum(['open_course', 'hold', 'retention']), keptUntil: z.string(), message: z.string() }),
  ]),
  holds: z.array(
    z.strictObject({
      id: z.string(),
      clientId: z.string(),
      reason: z.string(),
      placedBy: z.string(),
      placedAt: z.string(),
      releasedAt: z.string().nullable(),
      releasedBy: z.string().nullable(),
      placedByName: z.string(),
      releasedByName: z.string().nullable(),
    }),
  ),
});
