import type { Kysely } from 'kysely';

/**
 * Integrity seals (SPEC §7): a keyed checkpoint on the audit head, and a seal plus the audit
 * chain's length at write time on each immutable clinical record. The key lives outside the
 * database, so the seals themselves are written when Accord first starts after this migration
 * (KyselyStore.sealIntegrity), not here.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('audit_head').addColumn('mac', 'text').execute();
  for (const table of ['measure_responses', 'goal_ratings', 'alliance_ledger']) {
    await db.schema.alterTable(table).addColumn('seal', 'text').execute();
    await db.schema.alterTable(table).addColumn('sealed_seq', 'bigint').execute();
  }
}
