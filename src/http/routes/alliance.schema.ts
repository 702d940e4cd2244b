/** Request and response shapes of the alliance ledger routes (SPEC §3 C2, C3). */
import { z } from 'zod';
import { ALLIANCE_TYPES } from '../../domain/cues/types.ts';
import { GOAL_FOCI } from '../../domain/alliance/goals.ts';
import { FREQUENCIES } from '../../domain/alliance/course.ts';

export const courseParams = z.strictObject({ courseId: z.string().uuid() });
export const goalParams = z.strictObject({ courseId: z.string().uuid(), goalId: z.string().uuid() });
export const agreementParams = z.strictObject({ courseId: z.string().uuid(), agreementId: z.string().uuid() });

const words = z.string().trim().min(1, 'Write it in a few words.').max(2000);
const note = z.string().trim().max(2000).optional();

export const expectationsBody = z.strictObject({
  answers: z.record(z.string().max(80), z.number()),
  freeText: z.string().max(4000).optional(),
});
export const goalBody = z.strictObject({ text: words, focus: z.enum(GOAL_FOCI) });
export const agreeBody = z.strictObject({ words });
export const closeGoalBody = z.strictObject({ action: z.enum(['achieve', 'drop']), note });
export const reviseGoalBody = z.strictObject({ text: words, focus: z.enum(GOAL_FOCI), note });
export const progressBody = z.strictObject({ value: z.number().int().min(0).max(10) });
const gasLevelKey = z.enum(['-2', '-1', '0', '1', '2']);
export const gasScaleBody = z.strictObject({
  weight: z.number().positive().max(100).optional(),
  descriptions: z.partialRecord(gasLevelKey, z.string().trim().max(500)).optional(),
});
export const gasLevelBody = z.strictObject({ level: z.number().int().min(-2).max(2) });

const reviewPoint = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('date'), date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date like 2026-01-31.') }),
  z.strictObject({ kind: z.literal('after_sessions'), sessions: z.number().int().min(1).max(200) }),
]);
export const agreementBody = z.strictObject({
  statement: words,
  allianceType: z.enum(ALLIANCE_TYPES),
  frequency: z.enum(FREQUENCIES),
  reviewPoint,
  /** Required when an agreement is in force: this proposal is a shift, and every shift has its reason. */
  reason: note,
});
export const answerBody = z.strictObject({ words: z.string().trim().max(2000).optional() });

/** Responses are plain JSON documents described in docs/alliance.md; the shapes are the services' types. */
export const document = z.record(z.string(), z.unknown());
