/**
 * The wire contract of the twice-told session (SPEC §3 C6): a session's progress note and the
 * client's reflection as the caller may see them, sealed until both are written or the reveal
 * period has passed, then side by side with the themes both mention; the admin's list of dates
 * and types. Every write answers with the session's notes as the writer now sees them.
 */
import { z } from 'zod';
import { notesDefaults } from '../domain/notes/settings.ts';

export const sessionParams = z.strictObject({ sessionId: z.string().uuid() });
export const clientParams = z.strictObject({ clientId: z.string().uuid() });

// The texts are checked again in the domain (trimmed; blank refused), so a blank note gets the domain's sentence.
const noteText = z.string().max(notesDefaults.maxNoteChars + 1000, `A note is at most ${notesDefaults.maxNoteChars} characters.`);
const answer = z
  .string()
  .max(notesDefaults.maxReflectionChars + 500, `Each answer is at most ${notesDefaults.maxReflectionChars} characters.`)
  .optional();

export const noteBody = z.strictObject({ text: noteText });
export const signBody = z.strictObject({}).optional();
export const shareBody = z.strictObject({ shared: z.boolean() });
export const reflectionBody = z.strictObject({ stoodOut: answer, takeAway: answer, leftUnsaid: answer, shared: z.boolean() });

const mark = z.object({ start: z.number().int(), end: z.number().int(), theme: z.string() });

export const noteView = z.object({
  id: z.string(),
  text: z.string(),
  writtenAt: z.string(),
  updatedAt: z.string(),
  signedAt: z.string().nullable(),
  /** The signer's id: never sent to the client (they see the name). */
  signedBy: z.string().nullable(),
  signedByName: z.string().nullable(),
  sharedWithClient: z.boolean(),
  addenda: z.array(z.object({ id: z.string(), text: z.string(), writtenAt: z.string(), authorName: z.string().nullable() })),
});
export const reflectionView = z.object({
  id: z.string(),
  stoodOut: z.string(),
  takeAway: z.string(),
  leftUnsaid: z.string(),
  shared: z.boolean(),
  writtenAt: z.string(),
  updatedAt: z.string(),
});
export const sessionNotesView = z.object({
  sessionId: z.string(),
  courseId: z.string(),
  clientId: z.string(),
  clientName: z.string(),
  sessionAt: z.string(),
  viewer: z.enum(['therapist', 'client', 'observer']),
  revealDays: z.number().int(),
  note: noteView.nullable(),
  reflection: reflectionView.nullable(),
  pair: z.object({
    open: z.boolean(),
    why: z.enum(['both_written', 'period_passed', 'waiting']),
    opensAt: z.string(),
    otherWritten: z.boolean(),
  }),
  themes: z
    .object({
      list: z.array(
        z.object({ key: z.string(), leftWords: z.array(z.string()), rightWords: z.array(z.string()), left: z.number().int(), right: z.number().int() }),
      ),
      /** Marks per text part: the note, then each addendum. */
      note: z.array(z.array(mark)),
      /** Marks per answer: what stood out, what I take away, what was left unsaid. */
      reflection: z.array(z.array(mark)),
    })
    .nullable(),
});
export const noteIndexView = z.array(
  z.object({ sessionId: z.string(), sessionAt: z.string(), type: z.literal('progress_note'), writtenAt: z.string(), signedAt: z.string().nullable() }),
);
