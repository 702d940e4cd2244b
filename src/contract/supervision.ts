/**
 * The wire contract of supervision (issue 15; SPEC §3 C9): the supervisor's overview of their
 * supervisees, one supervisee's clients, and supervision notes with their replies. Lists carry when
 * a note was written, its focus and whether it was answered, never its words; only an opened note
 * (`supervisionNoteOpened`) carries the text.
 */
import { z } from 'zod';
import { ALLIANCE_TYPES } from '../domain/cues/types.ts';
import type { AllianceType } from '../domain/cues/types.ts';
import { ALERT_SEVERITIES, ALERT_URGENCY } from '../domain/alerts/alert.ts';
import { SUPERVISION_FOCI, SUPERVISION_NOTE_MAX_CHARS, WITHDRAW_REASONS } from '../domain/supervision/supervision.ts';

export { SUPERVISION_FOCI, SUPERVISION_NOTE_MAX_CHARS, WITHDRAW_REASONS };

const allianceType = z.enum(ALLIANCE_TYPES as [AllianceType, ...AllianceType[]]);

// ---- requests ----
export const superviseeParams = z.strictObject({ therapistId: z.string().uuid() });
export const noteParams = z.strictObject({ noteId: z.string().uuid() });
/** The text's limits (empty, too long) are the domain's, answered with their own message. */
export const newNoteBody = z.strictObject({
  focus: z.enum(SUPERVISION_FOCI),
  allianceType: allianceType.nullable().default(null),
  courseId: z.string().uuid().nullable().default(null),
  text: z.string().max(SUPERVISION_NOTE_MAX_CHARS * 2),
});
export const replyBody = z.strictObject({ text: z.string().max(SUPERVISION_NOTE_MAX_CHARS * 2) });
/** The supervisor's corrected words (the same limits as a note's). */
export const amendBody = z.strictObject({ text: z.string().max(SUPERVISION_NOTE_MAX_CHARS * 2) });
/** Why the supervisor withdraws a note: one of a closed list, never free text. */
export const withdrawBody = z.strictObject({ reason: z.enum(WITHDRAW_REASONS) });

// ---- responses ----
const counts = z.object({ magical: z.number(), working: z.number(), therapeutic: z.number(), structuralizing: z.number() });
export const superviseeFigures = z.object({
  caseload: z.number(),
  openCourses: z.number(),
  agreed: counts,
  inferred: counts,
  noAgreement: z.number(),
  disagree: z.number(),
  alertsByKind: z.array(z.object({ kind: z.enum(ALERT_URGENCY as [string, ...string[]]), count: z.number() })),
  alertsBySeverity: z.array(z.object({ severity: z.enum(ALERT_SEVERITIES as [string, ...string[]]), count: z.number() })),
  notOnTrack: z.number(),
});
export const supervisionOverview = z.object({
  supervisees: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      figures: superviseeFigures,
      notes: z.object({ count: z.number(), unacknowledged: z.number(), lastAt: z.string().nullable() }),
    }),
  ),
});
const person = z.object({ id: z.string(), name: z.string() });
export const supervisionNoteSummary = z.object({
  id: z.string(),
  supervisor: person,
  supervisee: person,
  client: person.nullable(),
  courseId: z.string().nullable(),
  focus: z.enum(SUPERVISION_FOCI),
  allianceType: allianceType.nullable(),
  createdAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  /** When the supervisor last amended the words; null if never. */
  amendedAt: z.string().nullable(),
  /** When and why the supervisor withdrew the note; null while it stands. */
  withdrawn: z.object({ at: z.string(), reason: z.enum(WITHDRAW_REASONS) }).nullable(),
  replies: z.number(),
  lastReplyAt: z.string().nullable(),
});
export const supervisionNoteOpened = supervisionNoteSummary.extend({
  /** Null when the words can no longer be read (the client was erased). */
  text: z.string().nullable(),
  thread: z.array(z.object({ id: z.string(), author: person, text: z.string().nullable(), at: z.string() })),
  /** The words amendments replaced, oldest first (null when they can no longer be read). */
  earlier: z.array(z.object({ text: z.string().nullable(), writtenAt: z.string(), replacedAt: z.string() })),
  as: z.enum(['supervisor', 'supervisee']),
  can: z.object({ reply: z.boolean(), acknowledge: z.boolean(), amend: z.boolean(), withdraw: z.boolean() }),
});
export const superviseeDetail = z.object({
  supervisee: person,
  figures: superviseeFigures,
  clients: z.array(
    z.object({
      clientId: z.string(),
      name: z.string(),
      course: z.object({ id: z.string(), status: z.string(), phase: z.string(), frequency: z.string(), startedOn: z.string() }).nullable(),
      sessionsAttended: z.number(),
      agreed: allianceType.nullable(),
      inferred: allianceType.nullable(),
      disagree: z.boolean(),
      alerts: z.array(z.object({ kind: z.string(), severity: z.string() })),
      notOnTrack: z.boolean(),
    }),
  ),
  notes: z.array(supervisionNoteSummary),
});
export const ownNotes = z.object({ notes: z.array(supervisionNoteSummary) });

export type SupervisionOverviewView = z.infer<typeof supervisionOverview>;
export type SuperviseeDetailView = z.infer<typeof superviseeDetail>;
export type SupervisionNoteSummaryView = z.infer<typeof supervisionNoteSummary>;
export type SupervisionNoteOpenedView = z.infer<typeof supervisionNoteOpened>;
export type NewSupervisionNoteBody = z.input<typeof newNoteBody>;
