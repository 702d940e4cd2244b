import { describe, expect, it } from 'vitest';
import { addAddendum, checkNoteText, clientMayRead, draftNote, editDraft, shareNote, signNote } from './progress-note.ts';
import type { ProgressNote } from './progress-note.ts';
import { notesDefaults } from './settings.ts';

const T0 = '2026-03-02T10:00:00.000Z';
const T1 = '2026-03-02T11:00:00.000Z';
const T2 = '2026-03-09T09:00:00.000Z';

function draft(text = 'Talked about the move.'): ProgressNote {
  const r = draftNote({ id: 'n1', sessionId: 's1', authorId: 'u1', text, at: T0 });
  if (!r.ok) throw new Error(r.message);
  return r.value;
}
function ok<T>(r: { ok: true; value: T } | { ok: false; message: string }): T {
  if (!r.ok) throw new Error(r.message);
  return r.value;
}

describe('progress note', () => {
  it('a draft keeps its text trimmed, its author and when it was written; it is unsigned and not shared', () => {
    const n = draft('  Talked about the move.  ');
    expect(n).toMatchObject({ text: 'Talked about the move.', authorId: 'u1', writtenAt: T0, signedAt: null, sharedWithClient: false, addenda: [] });
  });

  it('refuses an empty or whitespace-only draft, and one over the limit (the limit itself is fine)', () => {
    expect(draftNote({ id: 'n', sessionId: 's', authorId: 'u', text: ' \n\t ', at: T0 })).toMatchObject({ ok: false, reason: 'empty' });
    expect(checkNoteText('x'.repeat(notesDefaults.maxNoteChars)).ok).toBe(true);
    expect(checkNoteText('x'.repeat(notesDefaults.maxNoteChars + 1))).toMatchObject({ ok: false, reason: 'too_long' });
  });

  it('a draft may be edited until signed; signing locks it with the signer and time', () => {
    const edited = ok(editDraft(draft(), 'Talked about the move and her sister.', T1));
    expect(edited).toMatchObject({ text: 'Talked about the move and her sister.', updatedAt: T1, writtenAt: T0 });
    const signed = ok(signNote(edited, 'u1', T1));
    expect(signed).toMatchObject({ signedAt: T1, signedBy: 'u1' });
    expect(editDraft(signed, 'changed', T2)).toMatchObject({ ok: false, reason: 'already_signed' });
  });

  it('signing twice is refused', () => {
    const signed = ok(signNote(draft(), 'u1', T1));
    expect(signNote(signed, 'u1', T2)).toMatchObject({ ok: false, reason: 'already_signed' });
  });

  it('an addendum to a signed note is dated and leaves the original text; a draft takes none', () => {
    expect(addAddendum(draft(), { id: 'a1', text: 'More.', authorId: 'u1', at: T1 })).toMatchObject({ ok: false, reason: 'not_signed' });
    const signed = ok(signNote(draft(), 'u1', T1));
    const amended = ok(addAddendum(signed, { id: 'a1', text: ' She called after. ', authorId: 'u1', at: T2 }));
    expect(amended.text).toBe('Talked about the move.');
    expect(amended.signedAt).toBe(T1);
    expect(amended.addenda).toEqual([{ id: 'a1', text: 'She called after.', writtenAt: T2, authorId: 'u1' }]);
    expect(addAddendum(signed, { id: 'a2', text: '   ', authorId: 'u1', at: T2 })).toMatchObject({ ok: false, reason: 'empty' });
  });

  it('the client may read a note only once it is signed and shared', () => {
    const shared = shareNote(draft(), true);
    expect(clientMayRead(shared)).toBe(false);
    expect(clientMayRead(ok(signNote(shared, 'u1', T1)))).toBe(true);
    expect(clientMayRead(shareNote(ok(signNote(shared, 'u1', T1)), false))).toBe(false);
  });
});
