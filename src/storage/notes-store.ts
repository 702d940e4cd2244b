/**
 * The Kysely implementation of the notes port: progress notes, their addenda, and reflections.
 * Editing and signing a note are single conditional UPDATEs on `signed_at IS NULL`, so a signed
 * note is never changed, even by two requests racing. A note gets its integrity seal when it is
 * signed (`noteFields`), and addenda, immutable once written, theirs when written (`addendumFields`);
 * `accord verify` checks both like the other sealed records.
 */
import type { DB } from './schema.ts';
import type { KyselyContext, Db } from './kysely-context.ts';
import { bool, definedOnly } from './kysely-context.ts';
import type { NoteAddendumRow, NotesStore, ProgressNoteRow, ReflectionRow } from '../services/ports.ts';

export const toNote = (r: DB['progress_notes']): ProgressNoteRow => ({
  id: r.id,
  clientId: r.client_id,
  courseId: r.course_id,
  sessionId: r.session_id,
  authorId: r.author_id,
  bodyEnc: r.body_enc,
  writtenAt: r.written_at,
  updatedAt: r.updated_at,
  signedAt: r.signed_at,
  signedBy: r.signed_by,
  sharedWithClient: !!Number(r.shared_with_client),
});
export const toAddendum = (r: DB['progress_note_addenda']): NoteAddendumRow => ({
  id: r.id,
  noteId: r.note_id,
  clientId: r.client_id,
  authorId: r.author_id,
  bodyEnc: r.body_enc,
  writtenAt: r.written_at,
});
/**
 * What a signed note's integrity seal covers: everything but whether it is shared (the therapist may
 * change that after signing), so any change to its text, session, author or signature shows.
 */
export const noteFields = (r: ProgressNoteRow): unknown[] => [r.clientId, r.courseId, r.sessionId, r.authorId, r.bodyEnc, r.writtenAt, r.signedAt, r.signedBy];
/** What an addendum's integrity seal covers: everything written, so any change to it shows. */
export const addendumFields = (r: NoteAddendumRow): unknown[] => [r.noteId, r.clientId, r.authorId, r.bodyEnc, r.writtenAt];

const toReflection = (r: DB['reflections']): ReflectionRow => ({
  id: r.id,
  clientId: r.client_id,
  courseId: r.course_id,
  sessionId: r.session_id,
  authorId: r.author_id,
  answersEnc: r.answers_enc,
  shared: !!Number(r.shared),
  writtenAt: r.written_at,
  updatedAt: r.updated_at,
});

export class KyselyNotesStore implements NotesStore {
  private readonly db: Db;
  constructor(private readonly ctx: KyselyContext) {
    this.db = ctx.db;
  }

  async insertProgressNote(r: ProgressNoteRow) {
    const res = await this.db
      .insertInto('progress_notes')
      .values({
        id: r.id,
        client_id: r.clientId,
        course_id: r.courseId,
        session_id: r.sessionId,
        author_id: r.authorId,
        body_enc: r.bodyEnc,
        written_at: r.writtenAt,
        updated_at: r.updatedAt,
        signed_at: r.signedAt,
        signed_by: r.signedBy,
        shared_with_client: bool(r.sharedWithClient),
      })
      .onConflict((oc) => oc.column('session_id').doNothing())
      .executeTakeFirst();
    return Number(res.numInsertedOrUpdatedRows ?? 0) === 1;
  }
  async findProgressNoteOfSession(sessionId: string) {
    const r = await this.db.selectFrom('progress_notes').selectAll().where('session_id', '=', sessionId).executeTakeFirst();
    return r && toNote(r);
  }
  async listProgressNotesOfClient(clientId: string) {
    const rows = await this.db.selectFrom('progress_notes').selectAll().where('client_id', '=', clientId).orderBy('written_at').orderBy('id').execute();
    return rows.map(toNote);
  }
  async updateProgressNoteDraft(id: string, bodyEnc: string, at: string) {
    const res = await this.db
      .updateTable('progress_notes')
      .set({ body_enc: bodyEnc, updated_at: at })
      .where('id', '=', id)
      .where('signed_at', 'is', null)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }
  async signProgressNote(id: string, by: string, at: string) {
    return this.ctx.inTransaction(async (tx) => {
      const row = await tx.db.selectFrom('progress_notes').selectAll().where('id', '=', id).where('signed_at', 'is', null).executeTakeFirst();
      if (!row) return false;
      const signed = { ...toNote(row), signedAt: at, signedBy: by };
      const res = await tx.db
        .updateTable('progress_notes')
        .set({ signed_at: at, signed_by: by, ...(await tx.sealOf('progress_notes', id, noteFields(signed))) })
        .where('id', '=', id)
        .where('signed_at', 'is', null)
        .executeTakeFirst();
      return Number(res.numUpdatedRows) === 1;
    });
  }
  async setProgressNoteShared(id: string, shared: boolean) {
    await this.db
      .updateTable('progress_notes')
      .set({ shared_with_client: bool(shared) })
      .where('id', '=', id)
      .execute();
  }
  async insertNoteAddendum(r: NoteAddendumRow) {
    await this.db
      .insertInto('progress_note_addenda')
      .values({
        id: r.id,
        note_id: r.noteId,
        client_id: r.clientId,
        author_id: r.authorId,
        body_enc: r.bodyEnc,
        written_at: r.writtenAt,
        ...(await this.ctx.sealOf('progress_note_addenda', r.id, addendumFields(r))),
      })
      .execute();
  }
  async listNoteAddenda(noteId: string) {
    const rows = await this.db.selectFrom('progress_note_addenda').selectAll().where('note_id', '=', noteId).orderBy('written_at').orderBy('id').execute();
    return rows.map(toAddendum);
  }

  async insertReflection(r: ReflectionRow) {
    const res = await this.db
      .insertInto('reflections')
      .values({
        id: r.id,
        client_id: r.clientId,
        course_id: r.courseId,
        session_id: r.sessionId,
        author_id: r.authorId,
        answers_enc: r.answersEnc,
        shared: bool(r.shared),
        written_at: r.writtenAt,
        updated_at: r.updatedAt,
      })
      .onConflict((oc) => oc.column('session_id').doNothing())
      .executeTakeFirst();
    return Number(res.numInsertedOrUpdatedRows ?? 0) === 1;
  }
  async findReflectionOfSession(sessionId: string) {
    const r = await this.db.selectFrom('reflections').selectAll().where('session_id', '=', sessionId).executeTakeFirst();
    return r && toReflection(r);
  }
  async updateReflection(id: string, patch: Partial<Pick<ReflectionRow, 'answersEnc' | 'shared' | 'updatedAt'>>) {
    const set = definedOnly({
      answers_enc: patch.answersEnc,
      shared: patch.shared === undefined ? undefined : bool(patch.shared),
      updated_at: patch.updatedAt,
    });
    if (Object.keys(set).length) await this.db.updateTable('reflections').set(set).where('id', '=', id).execute();
  }
  async listSharedReflectionsOfCourse(courseId: string) {
    const rows = await this.db
      .selectFrom('reflections')
      .selectAll()
      .where('course_id', '=', courseId)
      .where('shared', '=', 1)
      .orderBy('written_at')
      .orderBy('id')
      .execute();
    return rows.map(toReflection);
  }
}
