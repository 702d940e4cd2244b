/**
 * What every capability's wire contract shares: the one error shape every failure answers with
 * (src/http/errors.ts builds it), the `{ ok: true }` of a write that has nothing else to say, and
 * the wire spelling of ids and dates.
 */
import { z } from 'zod';
import { ERROR_CODES } from '../domain/errors.ts';
import { LIST_PAGE } from '../domain/name-search.ts';

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

/**
 * The query of a paged list (issue 15): `limit` rows (default and maximum LIST_PAGE), `after` the
 * `next` cursor of the page before, `q` a name search (every word must begin a word of the name).
 */
export const pageQuery = z.strictObject({
  limit: z.coerce
    .number({ message: 'limit is a whole number of rows.' })
    .int('limit is a whole number of rows.')
    .min(1, 'limit is at least 1.')
    .max(LIST_PAGE.max, `limit is at most ${LIST_PAGE.max}.`)
    .default(LIST_PAGE.default),
  after: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,200}$/, 'The cursor `after` is not one this list gave out: start again from the first page.')
    .optional(),
  q: z.string().trim().min(1, 'Type something to search for.').max(100, 'A search is at most 100 characters.').optional(),
});
/** A page of a list: its rows, and the cursor of the next page (null: this is the last). */
export const pageOf = <T extends z.ZodTypeAny>(item: T) => z.object({ items: z.array(item), next: z.string().nullable() });
