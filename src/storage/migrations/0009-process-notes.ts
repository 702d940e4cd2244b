import type { Kysely } from 'kysely';

/**
 * Process notes (issue 11, SPEC §2 and C6): the therapist's private notes about a session, sealed
 * under the client's data key (`text_enc`), and the author's per-client training grants to a
 * supervisor (time-limited, revocable). The practice gains how fresh a re-authentication must be
 * to open one.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('process_notes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id'))
    .addColumn('session_id', 'text', (c) => c.notNull().references('therapy_sessions.id'))
    .addColumn('author_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('text_enc', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('process_notes_client').on('process_notes').columns(['client_id', 'author_id']).execute();
  await db.schema.createIndex('process_notes_session').on('process_notes').columns(['session_id']).execute();
  await db.schema
    .createTable('process_note_grants')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id'))
    .addColumn('author_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('grantee_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('granted_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createIndex('process_note_grants_client').on('process_note_grants').columns(['client_id', 'author_id']).execute();
  await db.schema
    .alterTable('practices')
    .addColumn('process_note_reauth_minutes', 'integer', (c) => c.notNull().defaultTo(5))
    .execute();
}
