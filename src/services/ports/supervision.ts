/**
 * The supervision port (issue 15, SPEC §3 C9): a supervisor's notes to one supervisee about
 * alliances, and the replies under each. Text arrives and leaves sealed (`bodyEnc`). Invariants:
 * a note is between one supervisor and one supervisee, for ever; lists of notes never carry the
 * sealed text (only the note itself and its replies do); a note is acknowledged once (again after an amendment), and replies
 * are only added, never changed; an amendment keeps the words it replaced; a withdrawn note stays,
 * closed to changes.
 */
export type SupervisionNoteRow = {
  id: string;
  practiceId: string;
  supervisorId: string;
  superviseeId: string;
  clientId: string | null;
  courseId: string | null;
  focus: string;
  allianceType: string | null;
  bodyEnc: string;
  createdAt: string;
  acknowledgedAt: string | null;
  /** When the supervisor last amended the words (the earlier words are kept as versions). */
  amendedAt: string | null;
  /** When the supervisor withdrew the note, and why (a WITHDRAW_REASONS code). */
  withdrawnAt: string | null;
  withdrawnReason: string | null;
};
/** Words an amendment replaced: sealed as the note's are, written at `writtenAt`, replaced at `replacedAt`. */
export type SupervisionNoteVersionRow = { id: string; noteId: string; bodyEnc: string; writtenAt: string; replacedAt: string };
/** A note as lists show it: everything but its text, with how many replies it has and the latest one's time. */
export type SupervisionNoteMeta = Omit<SupervisionNoteRow, 'bodyEnc'> & { replies: number; lastReplyAt: string | null };

export type SupervisionReplyRow = { id: string; noteId: string; authorId: string; bodyEnc: string; createdAt: string };

export interface SupervisionStore {
  insertSupervisionNote(n: SupervisionNoteRow): Promise<void>;
  findSupervisionNote(id: string): Promise<SupervisionNoteRow | undefined>;
  /** Notes by a supervisor and/or about these supervisees (at least one filter), newest first, without their text. */
  listSupervisionNotes(filter: { supervisorId?: string; superviseeIds?: readonly string[] }): Promise<SupervisionNoteMeta[]>;
  /** Marks a note acknowledged at `at` unless it already is; true when this call did it. */
  acknowledgeSupervisionNote(id: string, at: string): Promise<boolean>;
  /**
   * Replaces a note's words (kept first as `version`), marks it amended at `at` and asks for a fresh
   * acknowledgement; only while the note is not withdrawn. False when it was (nothing written).
   */
  amendSupervisionNote(id: string, bodyEnc: string, at: string, version: SupervisionNoteVersionRow): Promise<boolean>;
  /** Marks a note withdrawn at `at` for `reason` unless it already is; true when this call did it. */
  withdrawSupervisionNote(id: string, at: string, reason: string): Promise<boolean>;
  /** The words a note's amendments replaced, oldest first, sealed. */
  listSupervisionNoteVersions(noteId: string): Promise<SupervisionNoteVersionRow[]>;
  insertSupervisionReply(r: SupervisionReplyRow): Promise<void>;
  /** The replies of one note, oldest first, with their sealed text. */
  listSupervisionReplies(noteId: string): Promise<SupervisionReplyRow[]>;
}
