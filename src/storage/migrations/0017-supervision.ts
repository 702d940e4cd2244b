import type { Kysely } from 'kysely';

/**
 * Supervision notes (issue 15, SPEC §3 C9): notes about alliances a supervisor writes to one
 * supervisee, optionally about one of that supervisee's courses, and the thread of replies under
 * each. The text is sealed (`body_enc`): under the client's data key when the note names a client
 * (so erasing the client shreds it), else under the practice's account key.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('supervision_notes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id'))
    .addColumn('supervisor_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('supervisee_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('client_id', 'text', (c) => c.references('clients.id'))
    .addColumn('course_id', 'text', (c) => c.references('courses.id'))
    .addColumn('focus', 'text', (c) => c.notNull())
    .addColumn('alliance_type', 'text')
    .addColumn('body_enc', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('acknowledged_at', 'text')
    .execute();
  await db.schema.createIndex('supervision_notes_supervisee').on('supervision_notes').columns(['supervisee_id', 'created_at']).execute();
  await db.schema.createIndex('supervision_notes_supervisor').on('supervision_notes').columns(['supervisor_id', 'supervisee_id']).execute();
  await db.schema
    .createTable('supervision_replies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('note_id', 'text', (c) => c.notNull().references('supervision_notes.id'))
    .addColumn('author_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('body_enc', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('supervision_replies_note').on('supervision_replies').columns(['note_id', 'created_at']).execute();
}
