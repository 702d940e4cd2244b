import type { Kysely } from 'kysely';

/**
 * The ending of a course (SPEC §3 C6): one record per course holding the client's list, the
 * therapist's closing summary and the follow-up check's answer — each text sealed with the client's
 * data key (`*_enc`), and a closed ending carries an integrity seal; who wrote what and when, the closing and the follow-up's day and rating stay
 * in clear. The practice's follow-up setting (months after the ending; 0 = off) has its own table.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('course_endings')
    .addColumn('course_id', 'text', (c) => c.primaryKey().references('courses.id'))
    .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id'))
    .addColumn('client_list_enc', 'text')
    .addColumn('client_list_at', 'text')
    .addColumn('client_list_by', 'text')
    .addColumn('summary_enc', 'text')
    .addColumn('summary_at', 'text')
    .addColumn('summary_by', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('closed_by', 'text')
    .addColumn('follow_up_due_on', 'text')
    .addColumn('follow_up_at', 'text')
    .addColumn('follow_up_rating', 'integer')
    .addColumn('follow_up_words_enc', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    // A closed ending is an immutable clinical record: sealed like the others (0005-integrity-seals).
    .addColumn('seal', 'text')
    .addColumn('sealed_seq', 'bigint')
    .execute();
  await db.schema.createIndex('course_endings_client').on('course_endings').columns(['client_id']).execute();

  await db.schema
    .createTable('ending_settings')
    .addColumn('practice_id', 'text', (c) => c.primaryKey().references('practices.id'))
    .addColumn('follow_up_months', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull().references('users.id'))
    .execute();
}
