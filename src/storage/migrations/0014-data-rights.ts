import type { Kysely } from 'kysely';

/**
 * Data rights (SPEC §3 C10): the practice's retention period (years after the last contact before
 * a record may be erased), holds that keep a record whatever its age (a complaint, a court case,
 * a safeguarding enquiry), and the erasures made: who erased which client and when, never what the
 * record held. An erasure deletes the client's data key (crypto-shredding): everything sealed under
 * it stays in the database and can no longer be opened.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('retention_settings')
    .addColumn('practice_id', 'text', (c) => c.primaryKey().references('practices.id'))
    .addColumn('retention_years', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull().references('users.id'))
    .execute();
  await db.schema
    .createTable('legal_holds')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('placed_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('placed_at', 'text', (c) => c.notNull())
    .addColumn('released_at', 'text')
    .addColumn('released_by', 'text', (c) => c.references('users.id'))
    .execute();
  await db.schema.createIndex('legal_holds_client').on('legal_holds').columns(['client_id']).execute();
  await db.schema
    .createTable('erasures')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('client_id', 'text', (c) => c.notNull().unique().references('clients.id'))
    .addColumn('erased_at', 'text', (c) => c.notNull())
    // Null when re-applied by a restore from the erasure log (the log names who erased it first).
    .addColumn('erased_by', 'text')
    .addColumn('basis', 'text', (c) => c.notNull())
    .execute();
}
