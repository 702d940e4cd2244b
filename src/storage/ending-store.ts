/**
 * The Kysely implementation of the ending port. Writes are single conditional statements (an
 * upsert guarded by `closed_at IS NULL`, updates guarded by their state), so a closing and a late
 * write racing each other never both win, on either database. A closed ending is sealed
 * (`endingFields`, checked by `accord verify`): everything but the follow-up answer, which comes later.
 */
import type { DB } from './schema.ts';
import type { KyselyContext, Db } from './kysely-context.ts';
import type { Unsealed } from './measures-store.ts';
import type { EndingRow, EndingSettingsRow, EndingStore } from '../services/ports.ts';

export const toEnding = (r: Unsealed<DB['course_endings']>): EndingRow => ({
  courseId: r.course_id,
  clientId: r.client_id,
  clientListEnc: r.client_list_enc,
  clientListAt: r.client_list_at,
  clientListBy: r.client_list_by,
  summaryEnc: r.summary_enc,
  summaryAt: r.summary_at,
  summaryBy: r.summary_by,
  closedAt: r.closed_at,
  closedBy: r.closed_by,
  followUpDueOn: r.follow_up_due_on,
  followUpAt: r.follow_up_at,
  followUpRating: r.follow_up_rating === null ? null : Number(r.follow_up_rating),
  followUpWordsEnc: r.follow_up_words_enc,
  updatedAt: r.updated_at,
});

/** What a closed ending's seal covers: the record as closed (the follow-up answer and `updatedAt` come later and are left out). */
export const endingFields = (r: EndingRow): unknown[] => [
  r.courseId,
  r.clientId,
  r.clientListEnc,
  r.clientListAt,
  r.clientListBy,
  r.summaryEnc,
  r.summaryAt,
  r.summaryBy,
  r.closedAt,
  r.closedBy,
  r.followUpDueOn,
];

export class KyselyEndingStore implements EndingStore {
  private readonly db: Db;
  constructor(private readonly ctx: KyselyContext) {
    this.db = ctx.db;
  }

  async findEnding(courseId: string) {
    const r = await this.db.selectFrom('course_endings').selectAll().where('course_id', '=', courseId).executeTakeFirst();
    return r && toEnding(r);
  }

  async listEndingsOfClient(clientId: string) {
    return (await this.db.selectFrom('course_endings').selectAll().where('client_id', '=', clientId).orderBy('course_id').execute()).map(toEnding);
  }

  async saveOpenEnding(row: EndingRow) {
    const open = {
      client_list_enc: row.clientListEnc,
      client_list_at: row.clientListAt,
      client_list_by: row.clientListBy,
      summary_enc: row.summaryEnc,
      summary_at: row.summaryAt,
      summary_by: row.summaryBy,
      updated_at: row.updatedAt,
    };
    const res = await this.db
      .insertInto('course_endings')
      .values({
        course_id: row.courseId,
        client_id: row.clientId,
        ...open,
        closed_at: null,
        closed_by: null,
        follow_up_due_on: null,
        follow_up_at: null,
        follow_up_rating: null,
        follow_up_words_enc: null,
      })
      .onConflict((oc) => oc.column('course_id').doUpdateSet(open).where('course_endings.closed_at', 'is', null))
      .executeTakeFirst();
    return Number(res.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  async closeEnding(courseId: string, at: string, by: string, followUpDueOn: string | null) {
    const open = await this.db
      .selectFrom('course_endings')
      .selectAll()
      .where('course_id', '=', courseId)
      .where('closed_at', 'is', null)
      .where('summary_enc', 'is not', null)
      .executeTakeFirst();
    if (!open) return false;
    const closed: EndingRow = { ...toEnding(open), closedAt: at, closedBy: by, followUpDueOn, updatedAt: at };
    const res = await this.db
      .updateTable('course_endings')
      .set({
        closed_at: at,
        closed_by: by,
        follow_up_due_on: followUpDueOn,
        updated_at: at,
        ...(await this.ctx.sealOf('course_endings', courseId, endingFields(closed))),
      })
      .where('course_id', '=', courseId)
      .where('closed_at', 'is', null)
      // Sealed as read: a write to the open part in between (another process) makes this close nothing.
      .where('updated_at', '=', open.updated_at)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  async answerFollowUp(courseId: string, answer: { at: string; rating: number; wordsEnc: string | null }) {
    const res = await this.db
      .updateTable('course_endings')
      .set({ follow_up_at: answer.at, follow_up_rating: answer.rating, follow_up_words_enc: answer.wordsEnc, updated_at: answer.at })
      .where('course_id', '=', courseId)
      .where('closed_at', 'is not', null)
      .where('follow_up_at', 'is', null)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  async findEndingSettings(practiceId: string) {
    const r = await this.db.selectFrom('ending_settings').selectAll().where('practice_id', '=', practiceId).executeTakeFirst();
    return r && { practiceId: r.practice_id, followUpMonths: Number(r.follow_up_months), updatedAt: r.updated_at, updatedBy: r.updated_by };
  }

  async setEndingSettings(row: EndingSettingsRow) {
    const values = { follow_up_months: row.followUpMonths, updated_at: row.updatedAt, updated_by: row.updatedBy };
    await this.db
      .insertInto('ending_settings')
      .values({ practice_id: row.practiceId, ...values })
      .onConflict((oc) => oc.column('practice_id').doUpdateSet(values))
      .execute();
  }
}
