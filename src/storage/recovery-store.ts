/**
 * The Kysely implementation of the recovery port: recovery codes and reset links, both kept as
 * hashes. Using one is a single conditional UPDATE (`used_at IS NULL`), so two requests racing
 * with the same code or link cannot both succeed, on either database.
 */
import type { Db, KyselyContext } from './kysely-context.ts';
import type { AccountResetKind, AccountResetRow, RecoveryStore } from '../services/ports.ts';

export class KyselyRecoveryStore implements RecoveryStore {
  private readonly db: Db;
  constructor(private readonly ctx: KyselyContext) {
    this.db = ctx.db;
  }

  async replaceRecoveryCodes(userId: string, codeHashes: readonly string[], at: string) {
    await this.ctx.inTransaction(async (tx) => {
      await tx.db.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
      if (codeHashes.length)
        await tx.db
          .insertInto('recovery_codes')
          .values(codeHashes.map((h) => ({ user_id: userId, code_hash: h, created_at: at, used_at: null })))
          .execute();
    });
  }

  async useRecoveryCode(userId: string, codeHash: string, at: string) {
    const res = await this.db
      .updateTable('recovery_codes')
      .set({ used_at: at })
      .where('user_id', '=', userId)
      .where('code_hash', '=', codeHash)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  async countRecoveryCodes(userId: string) {
    const r = await this.db
      .selectFrom('recovery_codes')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('user_id', '=', userId)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  async insertAccountReset(row: AccountResetRow) {
    await this.db
      .insertInto('account_resets')
      .values({
        id: row.id,
        practice_id: row.practiceId,
        user_id: row.userId,
        kind: row.kind,
        token_hash: row.tokenHash,
        created_by: row.createdBy,
        created_at: row.createdAt,
        expires_at: row.expiresAt,
        used_at: row.usedAt,
      })
      .execute();
  }

  async findAccountResetByTokenHash(tokenHash: string) {
    const r = await this.db.selectFrom('account_resets').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
    const row: AccountResetRow | undefined = r && {
      id: r.id,
      practiceId: r.practice_id,
      userId: r.user_id,
      kind: r.kind as AccountResetKind,
      tokenHash: r.token_hash,
      createdBy: r.created_by,
      createdAt: r.created_at,
      expiresAt: r.expires_at,
      usedAt: r.used_at,
    };
    return row;
  }

  async useAccountReset(id: string, at: string) {
    const res = await this.db.updateTable('account_resets').set({ used_at: at }).where('id', '=', id).where('used_at', 'is', null).executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }
}
