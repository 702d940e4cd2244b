/**
 * The wire contract of the ending of a course (SPEC §3 C6): the client's list, the therapist's
 * closing summary, closing, the follow-up check and its practice setting, and the printable ending
 * report. docs/ending.md explains the fields; the shapes are the services'
 * (src/services/ending/ending.ts, report.ts) and the client's projection of the report
 * (src/http/presenters/client.ts).
 */
import { z } from 'zod';
import { ENDING_LIMITS, endingDefaults } from '../domain/ending/ending.ts';
import { courseCan } from './account.ts';

// ---- requests ----
export const courseParams = z.strictObject({ courseId: z.string().uuid() });
export const clientListBody = z.strictObject({
  items: z
    .array(z.string().max(ENDING_LIMITS.itemChars, `Each item is at most ${ENDING_LIMITS.itemChars} characters.`))
    .min(1, 'Write at least one thing you got out of therapy.')
    .max(ENDING_LIMITS.listItems, `A list holds at most ${ENDING_LIMITS.listItems} items.`),
});
export const summaryBody = z.strictObject({
  text: z.string().max(ENDING_LIMITS.summaryChars, `The closing summary is at most ${ENDING_LIMITS.summaryChars} characters.`),
});
export const closeBody = z.strictObject({});
export const followUpBody = z.strictObject({
  rating: z.number().int().min(-2).max(2),
  words: z.string().max(ENDING_LIMITS.followUpWordsChars).optional(),
});
export const endingSettingsBody = z.strictObject({ followUpMonths: z.number().int().min(0).max(endingDefaults.maxFollowUpMonths) });

// ---- responses ----
const followUpState = z.enum(['off', 'scheduled', 'due', 'lapsed', 'done']);
export const endingView = z.object({
  courseId: z.string(),
  course: z.object({ status: z.string(), phase: z.string(), startedOn: z.string(), endedOn: z.string().nullable(), endReason: z.string().nullable() }),
  open: z.boolean(),
  clientList: z.object({ items: z.array(z.string()), writtenAt: z.string() }).nullable(),
  summary: z.object({ text: z.string(), writtenAt: z.string() }).nullable(),
  closedAt: z.string().nullable(),
  followUp: z.object({
    state: followUpState,
    dueOn: z.string().nullable(),
    answeredAt: z.string().nullable(),
    rating: z.number().nullable(),
    words: z.string().nullable(),
  }),
  can: courseCan,
});
export const endingSettingsView = z.object({ followUpMonths: z.number().int(), followUpWindowDays: z.number().int() });

const scoreAt = z.object({ at: z.string(), total: z.number(), band: z.string() });
export const endingReportView = z.object({
  courseId: z.string(),
  generatedAt: z.string(),
  practiceName: z.string(),
  clientName: z.string(),
  therapistName: z.string(),
  course: z.object({ startedOn: z.string(), endedOn: z.string().nullable(), endReason: z.string().nullable(), status: z.string(), frequency: z.string() }),
  sessions: z.object({ attended: z.number(), counted: z.number(), noShows: z.number() }),
  measures: z.array(
    z.object({
      code: z.string(),
      title: z.string(),
      higherIsBetter: z.boolean(),
      count: z.number(),
      first: scoreAt,
      last: scoreAt,
      change: z.number(),
      outcome: z.string(),
      reliableChange: z.number().nullable(),
      recovered: z.boolean().nullable(),
      reliablyRecovered: z.boolean().nullable(),
    }),
  ),
  goals: z.array(
    z.object({
      id: z.string(),
      author: z.enum(['client', 'therapist']),
      text: z.string(),
      focus: z.string(),
      focusLabel: z.string(),
      state: z.string(),
      agreedAt: z.string().nullable(),
      closedAt: z.string().nullable(),
      lastRating: z.number().nullable(),
      gasLevel: z.number().nullable(),
      gasWeight: z.number().nullable(),
    }),
  ),
  gasTScore: z.number().nullable(),
  alliance: z.object({
    agreedAtEnd: z.object({ allianceType: z.string(), statement: z.string() }).nullable(),
    /** Staff only. */
    inferredAtEnd: z.string().nullable().optional(),
    spans: z.array(
      z.object({
        from: z.string(),
        to: z.string(),
        sessions: z.number(),
        phase: z.string().nullable(),
        agreed: z.string().nullable(),
        /** Staff only. */
        inferred: z.string().optional(),
      }),
    ),
  }),
  ending: endingView.omit({ can: true }),
  /** HOOK(skills): practice totals once the skills capability exists; null until then (no section is shown). */
  practiceTotals: z.null(),
});
