import type { Kysely } from 'kysely';

/**
 * Paged lists and name search, and one escalation notice per practice (issue 15: no practice-wide
 * loads on request paths).
 *
 * - `name_tokens`: keyed hashes of the words and word prefixes of every client's and account's
 *   name (domain/name-search.ts), under the practice's account key; a search asks for the owners
 *   holding every hash of its words. No clear text. A client's rows are deleted when the client is
 *   erased.
 * - Indexes for keyset paging: the admin's client list and the staff list go by (created_at, id)
 *   within the practice.
 * - `practice_notices`: a notice every staff member reads (the practice's escalation colleague
 *   named by themselves), written once instead of once per therapist; `notice_marks`: when each
 *   person last marked their notices read, so a practice notice is read or not per person.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('name_tokens')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('token', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('name_tokens_pk', ['kind', 'token', 'owner_id'])
    .execute();
  await db.schema.createIndex('name_tokens_owner').on('name_tokens').columns(['owner_id']).execute();
  await db.schema.createIndex('clients_practice_created').on('clients').columns(['practice_id', 'created_at', 'id']).execute();
  await db.schema.createIndex('users_practice_created').on('users').columns(['practice_id', 'created_at', 'id']).execute();
  await db.schema
    .createTable('practice_notices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('grantee_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('practice_notices_practice').on('practice_notices').columns(['practice_id', 'created_at', 'id']).execute();
  await db.schema
    .createTable('notice_marks')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id'))
    .addColumn('read_at', 'text', (c) => c.notNull())
    .execute();
}
