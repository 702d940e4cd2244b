/**
 * The Kysely implementation of the data-rights port: retention settings, holds and erasures, for
 * both dialects. An erasure is one conditional delete of the client's key and the erasure's row,
 * in one transaction: two erasures of the same client at once leave one row and no key.
 */
import type { DB } from './schema.ts';
import type { KyselyContext, Db } from './kysely-context.ts';
import type { DataRightsStore, ErasureRow, HoldRow, RetentionRow } from '../services/ports.ts';

const toHold = (r: DB['legal_holds']): HoldRow => ({
  id: r.id,
  clientId: r.client_id,
  reason: r.reason,
  placedBy: r.placed_by,
  placedAt: r.placed_at,
  releasedAt: r.released_at,
  releasedBy: r.released_by,
});
const toErasure = (r: DB['erasures']): ErasureRow => ({ id: r.id, clientId: r.client_id, erasedAt: r.erased_at, erasedBy: r.erased_by, basis: r.basis });

export class KyselyDataRightsStore implements DataRightsStore {
  private readonly db: Db;
  constructor(private readonly ctx: KyselyContext) {
    this.db = ctx.db;
  }

  async findRetention(practiceId: string) {
    const r = await this.db.selectFrom('retention_settings').selectAll().where('practice_id', '=', practiceId).executeTakeFirst();
    return r && { practiceId: r.practice_id, retentionYears: Number(r.retention_years), updatedAt: r.updated_at, updatedBy: r.updated_by };
  }

  async setRetention(r: RetentionRow) {
    const set = { retention_years: r.retentionYears, updated_at: r.updatedAt, updated_by: r.updatedBy };
    await this.db
      .insertInto('retention_settings')
      .values({ practice_id: r.practiceId, ...set })
      .onConflict((oc) => oc.column('practice_id').doUpdateSet(set))
      .execute();
  }

  async insertHold(h: HoldRow) {
    await this.db
      .insertInto('legal_holds')
      .values({
        id: h.id,
        client_id: h.clientId,
        reason: h.reason,
        placed_by: h.placedBy,
        placed_at: h.placedAt,
        released_at: h.releasedAt,
        released_by: h.releasedBy,
      })
      .execute();
  }

  async listHolds(clientId: string) {
    return (
      await this.db.selectFrom('legal_holds').selectAll().where('client_id', '=', clientId).orderBy('placed_at', 'desc').orderBy('id', 'desc').execute()
    ).map(toHold);
  }

  async releaseHold(id: string, at: string, by: string) {
    const res = await this.db
      .updateTable('legal_holds')
      .set({ released_at: at, released_by: by })
      .where('id', '=', id)
      .where('released_at', 'is', null)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  async eraseClientKey(e: ErasureRow) {
    return this.ctx.inTransaction(async (tx) => {
      const gone = await tx.db.deleteFrom('client_keys').where('client_id', '=', e.clientId).executeTakeFirst();
      if (Number(gone.numDeletedRows) !== 1) return false;
      // The name's keyed hashes go with the key: nothing left to find the erased client by.
      await tx.db.deleteFrom('name_tokens').where('kind', '=', 'client').where('owner_id', '=', e.clientId).execute();
      await tx.db.insertInto('erasures').values({ id: e.id, client_id: e.clientId, erased_at: e.erasedAt, erased_by: e.erasedBy, basis: e.basis }).execute();
      return true;
    });
  }

  async listErasures() {
    return (await this.db.selectFrom('erasures').selectAll().orderBy('erased_at').orderBy('id').execute()).map(toErasure);
  }
}
