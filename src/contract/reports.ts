/**
 * The wire contract of the practice report (SPEC §3 C9, issue 15): the report over a period
 * (JSON and CSV), and the expected-response reading of one course. docs/reports.md explains every
 * field and definition; the shapes are the services' (src/services/reports/practice-report.ts).
 */
import { z } from 'zod';

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'A day as YYYY-MM-DD.');

// ---- requests ----
/** Without `from`/`to`: the twelve months up to today. */
export const reportQuery = z.strictObject({
  from: isoDay.optional(),
  to: isoDay.optional(),
  grouping: z.enum(['month', 'quarter', 'year']).default('quarter'),
  therapistId: z.string().uuid().optional(),
});
export const courseParams = z.strictObject({ courseId: z.string().uuid() });

// ---- responses ----
export const rate = z.object({
  count: z.number().int(),
  of: z.number().int(),
  rate: z.number().nullable(),
  low: z.number().nullable(),
  high: z.number().nullable(),
  small: z.boolean(),
});
export const metrics = z.object({
  ended: z.number().int(),
  finished: z.number().int(),
  meanSessions: z.number().nullable(),
  dropOut: rate,
  reliableImprovement: rate,
  reliableDeterioration: rate,
  recovery: rate,
  reliableRecovery: rate,
  earlyAgreement: rate,
  agreedMatchesInferred: rate,
  goalConsensus: z.object({ mean: z.number().nullable(), courses: z.number().int() }),
});
const allianceType = z.enum(['magical', 'working', 'therapeutic', 'structuralizing']);
export const comparison = z.object({
  id: z.string(),
  question: z.string(),
  outcome: z.enum(['drop_out', 'reliable_improvement']),
  groups: z.array(z.object({ label: z.string(), rate })),
  difference: z.object({ value: z.number(), low: z.number(), high: z.number() }).nullable(),
  reading: z.string(),
});
export const practiceReportView = z.object({
  from: z.string(),
  to: z.string(),
  grouping: z.enum(['month', 'quarter', 'year']),
  scope: z.enum(['practice', 'therapists']),
  therapists: z.array(z.object({ id: z.string(), name: z.string() })),
  generatedAt: z.string(),
  smallN: z.number().int(),
  overall: metrics,
  byTherapist: z.array(z.object({ therapistId: z.string(), metrics })),
  byPeriod: z.array(z.object({ period: z.string(), metrics })),
  alliance: z.object({
    agreedTypes: z.array(z.object({ type: z.union([allianceType, z.literal('none')]), courses: z.number().int() })),
    agreedVsInferred: z.array(z.object({ agreed: allianceType, inferred: z.union([allianceType, z.enum(['mixed', 'none'])]), courses: z.number().int() })),
  }),
  comparisons: z.array(comparison),
});
export const reportCsv = z.string();

const curvePoint = z.object({ session: z.number().int(), mean: z.number(), low: z.number(), high: z.number(), n: z.number().int() });
export const expectedCurve = z.object({
  instrument: z.string(),
  band: z.string(),
  bandMin: z.number(),
  bandMax: z.number(),
  courses: z.number().int(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  enough: z.boolean(),
  points: z.array(curvePoint),
});
export const expectedResponseView = z.object({
  courseId: z.string(),
  minCourses: z.number().int(),
  instruments: z.array(
    z.object({
      code: z.string(),
      title: z.string(),
      curve: expectedCurve.nullable(),
      reading: z.string(),
      offPath: z.boolean(),
      series: z.array(z.tuple([z.number(), z.number()])),
    }),
  ),
});
