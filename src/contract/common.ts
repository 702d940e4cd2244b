/**
 * What every capability's wire contract shares: the one error shape every failure answers with
 * (src/http/errors.ts builds it), the `{ ok: true }` of a write that has nothing else to say, and
 * the wire spelling of ids and dates.
 */
import { z } from 'zod';
import { ERROR_CODES } from '../domain/errors.ts';

/** `{ error: { code, message, details? } }`: `code` is stable for programs, `message` is written for people. */
export const errorView = z.strictObject({
  error: z.strictObject({ code: z.enum([...ERROR_CODES, 'internal']), message: z.string(), details: z.unknown().optional() }),
});
export type ErrorView = z.infer<typeof errorView>;

/** The answer of a write that returns nothing else. */
export const okView = z.object({ ok: z.literal(true) });

/** Ids in paths and bodies are UUIDs; in a path anything else is simply not found (src/http/route.ts). */
export const uuid = z.string().uuid();

export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date like 2026-01-31.')
  .refine((d) => !Number.isNaN(Date.parse(d)), 'Not a real date.');
/** Any offset in, UTC ISO-8601 stored and answered. */
export const isoDateTime = z
  .string()
  .datetime({ offset: true, message: 'Use a date-time like 2026-01-31T14:00:00Z.' })
  .transform((s) => new Date(s).toISOString());
