/**
 * The therapist's progress note on one session (SPEC §3 C6, §2): a draft the author may edit,
 * then signed — locked, with when and by whom — and from then on changed only by signed, dated
 * addenda that leave the original as it was. Shared with the client or not; the client reads it
 * only once it is signed and shared (and the pair has opened, seal.ts).
 *
 * Pure: the caller passes the time and ids; refusals are values the service turns into errors.
 */
import { notesDefaults } from './settings.ts';

export type Addendum = { id: string; text: string; writtenAt: string; authorId: string };

export type ProgressNote = {
  id: string;
  sessionId: string;
  authorId: string;
  text: string;
  /** When the text was first written and last changed (kept apart from the session's own date). */
  writtenAt: string;
  updatedAt: string;
  signedAt: string | null;
  signedBy: string | null;
  sharedWithClient: boolean;
  addenda: readonly Addendum[];
};

export type NoteRefusal = 'empty' | 'too_long' | 'already_signed' | 'not_signed';
export type NoteResult<T> = { ok: true; value: T } | { ok: false; reason: NoteRefusal; message: string };

const refuse = <T>(reason: NoteRefusal, message: string): NoteResult<T> => ({ ok: false, reason, message });

/** A note or addendum text: not blank, not longer than `max` characters. Returns the text trimmed. */
export function checkNoteText(text: string, max: number = notesDefaults.maxNoteChars): NoteResult<string> {
  const trimmed = text.trim();
  if (trimmed.length === 0) return refuse('empty', 'Write something before saving: an empty note is not kept.');
  if (trimmed.length > max) return refuse('too_long', `A note is at most ${max} characters; this one has ${trimmed.length}.`);
  return { ok: true, value: trimmed };
}

export const isSigned = (note: Pick<ProgressNote, 'signedAt'>): boolean => note.signedAt !== null;

/** A new draft. */
export function draftNote(input: { id: string; sessionId: string; authorId: string; text: string; at: string }): NoteResult<ProgressNote> {
  const text = checkNoteText(input.text);
  if (!text.ok) return text;
  return {
    ok: true,
    value: {
      id: input.id,
      sessionId: input.sessionId,
      authorId: input.authorId,
      text: text.value,
      writtenAt: input.at,
      updatedAt: input.at,
      signedAt: null,
      signedBy: null,
      sharedWithClient: false,
      addenda: [],
    },
  };
}

/** Changes a draft's text; a signed note is locked (change it by addendum). */
export function editDraft(note: ProgressNote, text: string, at: string): NoteResult<ProgressNote> {
  if (isSigned(note)) return refuse('already_signed', 'This note is signed and locked. Add an addendum to change it.');
  const checked = checkNoteText(text);
  if (!checked.ok) return checked;
  return { ok: true, value: { ...note, text: checked.value, updatedAt: at } };
}

/** Signs the note: locked from now on, with the time and the signer kept. Signing twice is refused. */
export function signNote(note: ProgressNote, by: string, at: string): NoteResult<ProgressNote> {
  if (isSigned(note)) return refuse('already_signed', `This note was already signed on ${note.signedAt!.slice(0, 10)}.`);
  return { ok: true, value: { ...note, signedAt: at, signedBy: by } };
}

/** Adds a signed, dated addendum to a signed note; the original text is kept as it was. A draft is edited instead. */
export function addAddendum(note: ProgressNote, addendum: { id: string; text: string; authorId: string; at: string }): NoteResult<ProgressNote> {
  if (!isSigned(note)) return refuse('not_signed', 'This note is still a draft: edit it instead of adding an addendum.');
  const text = checkNoteText(addendum.text);
  if (!text.ok) return text;
  const added: Addendum = { id: addendum.id, text: text.value, writtenAt: addendum.at, authorId: addendum.authorId };
  return { ok: true, value: { ...note, addenda: [...note.addenda, added] } };
}

/** Shares the note with the client or withdraws it; allowed on a draft too (the client reads it only once signed). */
export function shareNote(note: ProgressNote, shared: boolean): ProgressNote {
  return { ...note, sharedWithClient: shared };
}

/** What the client may read of a note: signed and shared, else nothing. */
export function clientMayRead(note: Pick<ProgressNote, 'signedAt' | 'sharedWithClient'>): boolean {
  return isSigned(note) && note.sharedWithClient;
}
