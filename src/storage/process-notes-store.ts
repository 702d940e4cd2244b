/**
 * The Kysely implementation of the process-notes port: notes (text arrives sealed) and training
 * grants. Lists select no text column, so a list can never carry a note's ciphertext out.
 */
import type { DB } from './schema.ts';
import type { KyselyContext, Db } from './kysely-context.ts';
import type { ProcessNoteGrantRow, ProcessNoteMeta, ProcessNoteRow, ProcessNotesStore } from '../services/ports.ts';

const toNote = (r: DB['process_notes']): ProcessNoteRow => ({
  id: r.id,
  clientId: r.client_id,
  sessionId: r.session_id,
  authorId: r.author_id,
  textEnc: r.text_enc,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});
const toGrant = (r: DB['process_note_grants']): ProcessNoteGrantRow => ({
  id: r.id,
  clientId: r.client_id,
  authorId: r.author_id,
  granteeId: r.grantee_id,
  grantedAt: r.granted_at,
  expiresAt: r.expires_at,
  revokedAt: r.revoked_at,
});

export class KyselyProcessNotesStore implements ProcessNotesStore {
  private readonly db: Db;
  constructor(ctx: KyselyContext) {
    this.db = ctx.db;
  }

  async insertProcessNote(n: ProcessNoteRow) {
    await this.db
      .insertInto('process_notes')
      .values({
        id: n.id,
        client_id: n.clientId,
        session_id: n.sessionId,
        author_id: n.authorId,
        text_enc: n.textEnc,
        created_at: n.createdAt,
        updated_at: n.updatedAt,
      })
      .execute();
  }
  async findProcessNote(id: string) {
    const r = await this.db.selectFrom('process_notes').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toNote(r);
  }
  async updateProcessNote(id: string, patch: Pick<ProcessNoteRow, 'textEnc' | 'updatedAt'>) {
    await this.db.updateTable('process_notes').set({ text_enc: patch.textEnc, updated_at: patch.updatedAt }).where('id', '=', id).execute();
  }
  async listProcessNotes(clientId: string, authorIds: readonly string[]): Promise<ProcessNoteMeta[]> {
    if (!authorIds.length) return [];
    const rows = await this.db
      .selectFrom('process_notes as n')
      .innerJoin('therapy_sessions as s', 's.id', 'n.session_id')
      .select(['n.id', 'n.client_id', 'n.session_id', 'n.author_id', 'n.created_at', 'n.updated_at'])
      .where('n.client_id', '=', clientId)
      .where('n.author_id', 'in', [...authorIds])
      .orderBy('s.starts_at', 'desc')
      .orderBy('n.created_at', 'desc')
      .orderBy('n.id')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      clientId: r.client_id,
      sessionId: r.session_id,
      authorId: r.author_id,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    }));
  }

  async listProcessNotesOfAuthor(authorId: string) {
    const rows = await this.db.selectFrom('process_notes').selectAll().where('author_id', '=', authorId).orderBy('created_at').orderBy('id').execute();
    return rows.map(toNote);
  }

  async insertProcessNoteGrant(g: ProcessNoteGrantRow) {
    await this.db
      .insertInto('process_note_grants')
      .values({
        id: g.id,
        client_id: g.clientId,
        author_id: g.authorId,
        grantee_id: g.granteeId,
        granted_at: g.grantedAt,
        expires_at: g.expiresAt,
        revoked_at: g.revokedAt,
      })
      .execute();
  }
  async findProcessNoteGrant(id: string) {
    const r = await this.db.selectFrom('process_note_grants').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toGrant(r);
  }
  async listProcessNoteGrants(clientId: string, filter: { authorId?: string; granteeId?: string }) {
    let q = this.db.selectFrom('process_note_grants').selectAll().where('client_id', '=', clientId);
    if (filter.authorId !== undefined) q = q.where('author_id', '=', filter.authorId);
    if (filter.granteeId !== undefined) q = q.where('grantee_id', '=', filter.granteeId);
    const rows = await q.orderBy('granted_at', 'desc').orderBy('id', 'desc').execute();
    return rows.map(toGrant);
  }
  async revokeProcessNoteGrant(id: string, at: string) {
    await this.db.updateTable('process_note_grants').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).execute();
  }
}
