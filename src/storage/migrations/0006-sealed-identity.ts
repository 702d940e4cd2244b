import type { Kysely } from 'kysely';

/**
 * Account identity at rest: users and invites keep a keyed hash of the normalised email (the
 * look-up and uniqueness column) and the address and name sealed under the practice's account key.
 * The columns are renamed in place (the unique constraint on users stays on the hash); existing
 * rows still hold clear text here and are converted right after migrating, when the master key is
 * at hand (`sealAccountIdentities` in store.ts, run by open.ts). A row whose `email_enc` is null
 * has not been converted yet.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').renameColumn('email', 'email_hash').execute();
  await db.schema.alterTable('users').renameColumn('display_name', 'display_name_enc').execute();
  await db.schema.alterTable('users').addColumn('email_enc', 'text').execute();
  await db.schema.alterTable('invites').renameColumn('email', 'email_hash').execute();
  await db.schema.alterTable('invites').addColumn('email_enc', 'text').execute();
}
