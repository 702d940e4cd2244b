/** The wire contract of instruments, schedules, responses, scores and the caseload's measures (SPEC §3 C4). */
import { z } from 'zod';
import { CADENCES } from '../domain/measures/schedule.ts';
import { BAND_SEVERITIES } from '../domain/measures/instrument.ts';
import { isoDateTime } from './common.ts';
import { CASELOAD_MEASURES_MAX_CLIENTS } from '../domain/measures/settings.ts';

export const clientParams = z.strictObject({ clientId: z.string().uuid() });
export const courseParams = z.strictObject({ courseId: z.string().uuid() });
export const scheduleParams = z.strictObject({ courseId: z.string().uuid(), scheduleId: z.string().uuid() });
export const instrumentParams = z.strictObject({ code: z.string().min(1).max(40) });
export const instrumentQuery = z.strictObject({ version: z.string().max(40).optional() });

const option = z.object({ value: z.number(), label: z.string() });
/** An instrument definition (src/domain/measures/instrument.ts). */
export const instrumentView = z.object({
  code: z.string(),
  version: z.string(),
  title: z.string(),
  respondent: z.enum(['client', 'therapist']),
  instructions: z.string(),
  items: z.array(z.object({ id: z.string(), text: z.string(), options: z.array(option).readonly(), safety: z.boolean().optional() })).readonly(),
  scoring: z.object({ method: z.enum(['sum', 'mean']), min: z.number(), max: z.number(), requireAllItems: z.boolean() }),
  bands: z.array(z.object({ min: z.number(), max: z.number(), label: z.string(), severity: z.enum(BAND_SEVERITIES) })).readonly(),
  caseness: z.number().optional(),
  reliableChange: z.number().optional(),
  higherIsBetter: z.boolean(),
  attribution: z.string(),
  licence: z.string().optional(),
  loinc: z.object({ panel: z.string().optional(), total: z.string().optional() }).optional(),
});
export const catalogueEntry = z.object({ builtin: z.boolean(), addedAt: z.string().nullable(), definition: instrumentView });

/** A practice definition as JSON: checked field by field by the domain validator, not here. */
export const instrumentImportBody = z.record(z.string(), z.unknown());

export const scheduleBody = z.strictObject({
  instrumentCode: z.string().min(1).max(40),
  cadence: z.enum(CADENCES),
  everyN: z.number().int().min(1).max(52).nullable().optional(),
});
export const scheduleView = z.object({
  id: z.string(),
  courseId: z.string(),
  clientId: z.string(),
  instrumentCode: z.string(),
  instrumentTitle: z.string(),
  cadence: z.enum(CADENCES),
  everyN: z.number().nullable(),
  active: z.boolean(),
  createdAt: z.string(),
});

export const dueView = z.object({
  scheduleId: z.string(),
  courseId: z.string(),
  instrumentCode: z.string(),
  cadence: z.enum(CADENCES),
  sessionId: z.string().nullable(),
  reason: z.string(),
  instrument: instrumentView,
});

const answers = z.record(z.string().max(40), z.number().finite().nullable()).refine((a) => Object.keys(a).length <= 200, 'Too many answers.');

export const responseBody = z.strictObject({
  instrumentCode: z.string().min(1).max(40),
  answers,
  courseId: z.string().uuid().optional(),
  sessionId: z.string().uuid().nullable().optional(),
  scheduleId: z.string().uuid().nullable().optional(),
  source: z.enum(['in_session', 'paper', 'import']).optional(),
  completedAt: isoDateTime.optional(),
  supersedes: z.string().uuid().optional(),
});
export const importBody = z.strictObject({
  responses: z
    .array(
      z.strictObject({
        instrumentCode: z.string().min(1).max(40),
        answers,
        completedAt: isoDateTime,
        courseId: z.string().uuid().optional(),
        sessionId: z.string().uuid().nullable().optional(),
      }),
    )
    .min(1)
    .max(500),
});

export const responseView = z.object({
  id: z.string(),
  clientId: z.string(),
  courseId: z.string().nullable(),
  sessionId: z.string().nullable(),
  instrumentCode: z.string(),
  instrumentVersion: z.string(),
  instrumentTitle: z.string(),
  respondent: z.enum(['client', 'therapist']),
  source: z.enum(['portal', 'in_session', 'paper', 'import']),
  enteredBy: z.string(),
  completedAt: z.string(),
  answers: z.record(z.string(), z.number().nullable()),
  valid: z.boolean(),
  total: z.number().nullable(),
  band: z.object({ label: z.string(), severity: z.string() }).nullable(),
  caseness: z.boolean().nullable(),
  invalidReason: z.string().nullable(),
  safetyFlagged: z.boolean(),
  supersedes: z.string().nullable(),
  supersededBy: z.string().nullable(),
});
export const submitView = z.object({
  response: responseView,
  message: z.string().nullable(),
  crisis: z.object({ info: z.string() }).nullable(),
  /** Staff only: a client is never told which alerts their answers raised. */
  alertsRaised: z.array(z.string()).optional(),
});

export const portalScoresBody = z.strictObject({ hidden: z.boolean() });
export const portalScoresView = z.object({ hidden: z.boolean(), updatedAt: z.string().nullable() });
export { CASELOAD_MEASURES_MAX_CLIENTS };
export const scoresQuery = z.strictObject({ courseId: z.string().uuid().optional() });
/**
 * The caseload's measures for these clients only (comma-separated ids, at most 500): what a paged
 * client list asks for the page it shows, so the admin's list never reads the whole practice.
 * Without it, every client in the caller's scope (a therapist's caseload).
 */
export const caseloadMeasuresQuery = z.strictObject({
  clientIds: z
    .string()
    .max(CASELOAD_MEASURES_MAX_CLIENTS * 37)
    .transform((v) => [...new Set(v.split(',').filter((x) => x !== ''))])
    .pipe(z.array(z.string().uuid()).min(1).max(CASELOAD_MEASURES_MAX_CLIENTS))
    .optional(),
});
export const seriesView = z.object({
  code: z.string(),
  title: z.string(),
  version: z.string(),
  respondent: z.enum(['client', 'therapist']),
  min: z.number(),
  max: z.number(),
  bands: z.array(z.object({ min: z.number(), max: z.number(), label: z.string(), severity: z.string() })),
  caseness: z.number().nullable(),
  reliableChange: z.number().nullable(),
  higherIsBetter: z.boolean(),
  attribution: z.string(),
  points: z.array(
    z.object({
      responseId: z.string(),
      at: z.string(),
      total: z.number(),
      band: z.string(),
      severity: z.string(),
      caseness: z.boolean().nullable(),
      sessionIndex: z.number(),
      source: z.string(),
      sessionId: z.string().nullable(),
    }),
  ),
  change: z.object({ outcome: z.string(), change: z.number().nullable(), firstId: z.string().nullable(), latestId: z.string().nullable() }).nullable(),
  recovery: z.object({ applicable: z.boolean(), recovered: z.boolean(), reliablyRecovered: z.boolean() }).nullable(),
  /** Staff only: the marks the not-on-track and rupture alerts are raised on. */
  deterioratedIds: z.array(z.string()).optional(),
  ruptureIds: z.array(z.string()).optional(),
});

export const caseloadMeasuresRow = z.object({
  clientId: z.string(),
  measures: z.array(
    z.object({
      code: z.string(),
      title: z.string(),
      latest: z.number(),
      band: z.string(),
      severity: z.string(),
      caseness: z.boolean().nullable(),
      at: z.string(),
      spark: z.array(z.number()),
      min: z.number(),
      max: z.number(),
      cutoff: z.number().nullable(),
      higherIsBetter: z.boolean(),
      change: z.string().nullable(),
    }),
  ),
  alerts: z.object({ active: z.number(), mostUrgent: z.string().nullable(), kinds: z.array(z.string()), safety: z.number(), quiet: z.number() }),
  alliance: z.object({ agreed: z.string().nullable(), inferred: z.string().nullable(), trend: z.array(z.string()) }),
});
export const importedView = z.object({ imported: z.array(submitView) });
