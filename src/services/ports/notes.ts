/**
 * The notes port (SPEC §3 C6): the therapist's progress notes per session with their signed
 * addenda, and the client's reflections per session. Texts are sealed (`*Enc`); who, when, signed
 * and shared stay in clear. Invariants: one note and one reflection per session; a note's text
 * changes only while it is unsigned, and it is signed once (both conditional updates, so two
 * concurrent requests cannot both win); addenda are append-only; the analysis reads only shared
 * reflections (`listSharedReflectionsOfCourse` never returns a private one).
 */
export type ProgressNoteRow = {
  id: string;
  clientId: string;
  courseId: string;
  sessionId: string;
  authorId: string;
  bodyEnc: string;
  writtenAt: string;
  updatedAt: string;
  signedAt: string | null;
  signedBy: string | null;
  sharedWithClient: boolean;
};
export type NoteAddendumRow = { id: string; noteId: string; clientId: string; authorId: string; bodyEnc: string; writtenAt: string };
export type ReflectionRow = {
  id: string;
  clientId: string;
  courseId: string;
  sessionId: string;
  authorId: string;
  answersEnc: string;
  shared: boolean;
  writtenAt: string;
  updatedAt: string;
};

export interface NotesStore {
  /** Inserts the note unless the session has one; true when inserted. */
  insertProgressNote(r: ProgressNoteRow): Promise<boolean>;
  findProgressNoteOfSession(sessionId: string): Promise<ProgressNoteRow | undefined>;
  /** The notes of a client's sessions, oldest written first (the admin's list of dates and types). */
  listProgressNotesOfClient(clientId: string): Promise<ProgressNoteRow[]>;
  /** Replaces an unsigned note's text; false when it was signed meanwhile. */
  updateProgressNoteDraft(id: string, bodyEnc: string, at: string): Promise<boolean>;
  /** Signs an unsigned note; false when it was already signed. */
  signProgressNote(id: string, by: string, at: string): Promise<boolean>;
  setProgressNoteShared(id: string, shared: boolean): Promise<void>;
  insertNoteAddendum(r: NoteAddendumRow): Promise<void>;
  listNoteAddenda(noteId: string): Promise<NoteAddendumRow[]>;

  /** Inserts the reflection unless the session has one; true when inserted. */
  insertReflection(r: ReflectionRow): Promise<boolean>;
  findReflectionOfSession(sessionId: string): Promise<ReflectionRow | undefined>;
  updateReflection(id: string, patch: Partial<Pick<ReflectionRow, 'answersEnc' | 'shared' | 'updatedAt'>>): Promise<void>;
  /** The course's reflections the client shared with their therapist — never a private one — oldest written first. */
  listSharedReflectionsOfCourse(courseId: string): Promise<ReflectionRow[]>;
}
