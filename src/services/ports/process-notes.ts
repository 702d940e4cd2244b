/**
 * The process-notes port (issue 11): the author's private notes about a session, their text sealed
 * under the client's data key (`textEnc`), and the author's per-client training grants to a
 * supervisor. Invariants: a note belongs to one session of its client and to its author; lists of
 * notes never carry the sealed text (only opening one does); a grant is never deleted, only
 * revoked, so the trail of who could read what stays whole.
 */
export type ProcessNoteRow = {
  id: string;
  clientId: string;
  sessionId: string;
  authorId: string;
  textEnc: string;
  createdAt: string;
  updatedAt: string;
};
/** A note as lists show it: everything but its text. */
export type ProcessNoteMeta = Omit<ProcessNoteRow, 'textEnc'>;

export type ProcessNoteGrantRow = {
  id: string;
  clientId: string;
  authorId: string;
  granteeId: string;
  grantedAt: string;
  expiresAt: string;
  revokedAt: string | null;
};

export interface ProcessNotesStore {
  insertProcessNote(n: ProcessNoteRow): Promise<void>;
  findProcessNote(id: string): Promise<ProcessNoteRow | undefined>;
  updateProcessNote(id: string, patch: Pick<ProcessNoteRow, 'textEnc' | 'updatedAt'>): Promise<void>;
  /** The notes on one client by these authors, newest session first, without their text. */
  listProcessNotes(clientId: string, authorIds: readonly string[]): Promise<ProcessNoteMeta[]>;
  /** Every note one author wrote, with its sealed text, oldest first (the author's own export). */
  listProcessNotesOfAuthor(authorId: string): Promise<ProcessNoteRow[]>;

  insertProcessNoteGrant(g: ProcessNoteGrantRow): Promise<void>;
  findProcessNoteGrant(id: string): Promise<ProcessNoteGrantRow | undefined>;
  /** Grants on one client, given by `authorId` or to `granteeId` when named, newest first (by time, then id), revoked and expired ones included. */
  listProcessNoteGrants(clientId: string, filter: { authorId?: string; granteeId?: string }): Promise<ProcessNoteGrantRow[]>;
  revokeProcessNoteGrant(id: string, at: string): Promise<void>;
}
