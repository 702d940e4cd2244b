/**
 * The wire contract of process notes (issue 11; SPEC §2): the author's private notes about a
 * session, and the author's training grants to a supervisor. Lists carry when a note was written,
 * never its words; only opening one (`processNoteOpened`) carries the text.
 */
import { z } from 'zod';
import { GRANT_MAX_DAYS, PROCESS_NOTE_MAX_CHARS } from '../domain/process-notes/process-note.ts';

export { GRANT_MAX_DAYS, PROCESS_NOTE_MAX_CHARS };

// ---- requests ----
export const clientParams = z.strictObject({ clientId: z.string().uuid() });
export const sessionParams = z.strictObject({ sessionId: z.string().uuid() });
export const noteParams = z.strictObject({ sessionId: z.string().uuid(), noteId: z.string().uuid() });
export const grantParams = z.strictObject({ clientId: z.string().uuid(), grantId: z.string().uuid() });
/** The text; its limits (empty, too long) are the domain's and answered with their own message. */
export const noteBody = z.strictObject({ text: z.string().max(PROCESS_NOTE_MAX_CHARS * 2) });
export const grantBody = z.strictObject({ granteeId: z.string().uuid(), expiresAt: z.iso.datetime({ offset: true }) });

// ---- responses ----
export const processNoteSummary = z.object({
  id: z.string(),
  clientId: z.string(),
  sessionId: z.string(),
  authorId: z.string(),
  authorName: z.string(),
  sessionStartsAt: z.string().nullable(),
  /** The caller wrote it (and may rewrite it); otherwise it is granted to them for supervision. */
  mine: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const processNoteOpened = processNoteSummary.extend({ text: z.string() });
export const grantView = z.object({
  id: z.string(),
  clientId: z.string(),
  authorId: z.string(),
  granteeId: z.string(),
  granteeName: z.string(),
  grantedAt: z.string(),
  expiresAt: z.string(),
  revokedAt: z.string().nullable(),
  /** Whether it lets the supervisor read now (not expired, not revoked). */
  holds: z.boolean(),
});
/** The author's own export: every note on their current clients, with its text. */
export const ownExport = z.object({
  exportedAt: z.string(),
  authorName: z.string(),
  notes: z.array(
    z.object({
      id: z.string(),
      clientId: z.string(),
      clientName: z.string(),
      sessionId: z.string(),
      sessionStartsAt: z.string().nullable(),
      authorId: z.string(),
      createdAt: z.string(),
      updatedAt: z.string(),
      text: z.string(),
    }),
  ),
});
export const processNotesOfClient = z.object({
  notes: z.array(processNoteSummary),
  grants: z.array(grantView),
  supervisors: z.array(z.object({ id: z.string(), name: z.string() })),
  /** How recent a re-authentication must be to open a note (the practice's setting). */
  reauthMinutes: z.number().int(),
});
