/**
 * The Kysely implementation of the supervision port: supervision notes (text arrives sealed) and
 * their replies. Lists select no text column, so a list can never carry a note's ciphertext out.
 */
import { sql } from 'kysely';
import type { DB } from './schema.ts';
import type { KyselyContext, Db } from './kysely-context.ts';
import type { SupervisionNoteMeta, SupervisionNoteRow, SupervisionNoteVersionRow, SupervisionReplyRow, SupervisionStore } from '../services/ports.ts';

const toNote = (r: DB['supervision_notes']): SupervisionNoteRow => ({
  id: r.id,
  practiceId: r.practice_id,
  supervisorId: r.supervisor_id,
  superviseeId: r.supervisee_id,
  clientId: r.client_id,
  courseId: r.course_id,
  focus: r.focus,
  allianceType: r.alliance_type,
  bodyEnc: r.body_enc,
  createdAt: r.created_at,
  acknowledgedAt: r.acknowledged_at,
  amendedAt: r.amended_at,
  withdrawnAt: r.withdrawn_at,
  withdrawnReason: r.withdrawn_reason,
});
const toReply = (r: DB['supervision_replies']): SupervisionReplyRow => ({
  id: r.id,
  noteId: r.note_id,
  authorId: r.author_id,
  bodyEnc: r.body_enc,
  createdAt: r.created_at,
});

/** A note's columns without its text (the list of notes), selected and grouped by alike. */
const NOTE_META = [
  'n.id',
  'n.practice_id',
  'n.supervisor_id',
  'n.supervisee_id',
  'n.client_id',
  'n.course_id',
  'n.focus',
  'n.alliance_type',
  'n.created_at',
  'n.acknowledged_at',
  'n.amended_at',
  'n.withdrawn_at',
  'n.withdrawn_reason',
] as const;
export class KyselySupervisionStore implements SupervisionStore {
  private readonly db: Db;
  constructor(ctx: KyselyContext) {
    this.db = ctx.db;
  }

  async insertSupervisionNote(n: SupervisionNoteRow) {
    await this.db
      .insertInto('supervision_notes')
      .values({
        id: n.id,
        practice_id: n.practiceId,
        supervisor_id: n.supervisorId,
        supervisee_id: n.superviseeId,
        client_id: n.clientId,
        course_id: n.courseId,
        focus: n.focus,
        alliance_type: n.allianceType,
        body_enc: n.bodyEnc,
        created_at: n.createdAt,
        acknowledged_at: n.acknowledgedAt,
        amended_at: n.amendedAt,
        withdrawn_at: n.withdrawnAt,
        withdrawn_reason: n.withdrawnReason,
      })
      .execute();
  }
  async findSupervisionNote(id: string) {
    const r = await this.db.selectFrom('supervision_notes').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toNote(r);
  }
  async listSupervisionNotes(filter: { supervisorId?: string; superviseeIds?: readonly string[] }): Promise<SupervisionNoteMeta[]> {
    if (filter.supervisorId === undefined && filter.superviseeIds === undefined) throw new Error('listSupervisionNotes needs a filter');
    if (filter.superviseeIds && !filter.superviseeIds.length) return [];
    let q = this.db
      .selectFrom('supervision_notes as n')
      .leftJoin('supervision_replies as r', 'r.note_id', 'n.id')
      .select([...NOTE_META, sql<number | string>`count(r.id)`.as('replies'), sql<string | null>`max(r.created_at)`.as('last_reply_at')])
      .groupBy([...NOTE_META]);
    if (filter.supervisorId !== undefined) q = q.where('n.supervisor_id', '=', filter.supervisorId);
    if (filter.superviseeIds) q = q.where('n.supervisee_id', 'in', [...filter.superviseeIds]);
    const rows = await q.orderBy('n.created_at', 'desc').orderBy('n.id').execute();
    return rows.map((r) => ({
      id: r.id,
      practiceId: r.practice_id,
      supervisorId: r.supervisor_id,
      superviseeId: r.supervisee_id,
      clientId: r.client_id,
      courseId: r.course_id,
      focus: r.focus,
      allianceType: r.alliance_type,
      createdAt: r.created_at,
      acknowledgedAt: r.acknowledged_at,
      amendedAt: r.amended_at,
      withdrawnAt: r.withdrawn_at,
      withdrawnReason: r.withdrawn_reason,
      replies: Number(r.replies),
      lastReplyAt: r.last_reply_at,
    }));
  }
  async acknowledgeSupervisionNote(id: string, at: string) {
    const res = await this.db
      .updateTable('supervision_notes')
      .set({ acknowledged_at: at })
      .where('id', '=', id)
      .where('acknowledged_at', 'is', null)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  }
  async amendSupervisionNote(id: string, bodyEnc: string, at: string, v: SupervisionNoteVersionRow) {
    // The version first, so a note is never amended without the words it replaced; both run in the
    // caller's unit of work (the service's, or the route's transaction).
    const note = await this.db.selectFrom('supervision_notes').select('withdrawn_at').where('id', '=', id).executeTakeFirst();
    if (!note || note.withdrawn_at !== null) return false;
    await this.db
      .insertInto('supervision_note_versions')
      .values({ id: v.id, note_id: v.noteId, body_enc: v.bodyEnc, written_at: v.writtenAt, replaced_at: v.replacedAt })
      .execute();
    await this.db.updateTable('supervision_notes').set({ body_enc: bodyEnc, amended_at: at, acknowledged_at: null }).where('id', '=', id).execute();
    return true;
  }
  async withdrawSupervisionNote(id: string, at: string, reason: string) {
    const res = await this.db
      .updateTable('supervision_notes')
      .set({ withdrawn_at: at, withdrawn_reason: reason })
      .where('id', '=', id)
      .where('withdrawn_at', 'is', null)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  }
  async listSupervisionNoteVersions(noteId: string) {
    const rows = await this.db.selectFrom('supervision_note_versions').selectAll().where('note_id', '=', noteId).orderBy('replaced_at').orderBy('id').execute();
    return rows.map((r) => ({ id: r.id, noteId: r.note_id, bodyEnc: r.body_enc, writtenAt: r.written_at, replacedAt: r.replaced_at }));
  }
  async insertSupervisionReply(r: SupervisionReplyRow) {
    await this.db
      .insertInto('supervision_replies')
      .values({ id: r.id, note_id: r.noteId, author_id: r.authorId, body_enc: r.bodyEnc, created_at: r.createdAt })
      .execute();
  }
  async listSupervisionReplies(noteId: string) {
    const rows = await this.db.selectFrom('supervision_replies').selectAll().where('note_id', '=', noteId).orderBy('created_at').orderBy('id').execute();
    return rows.map(toReply);
  }
}
