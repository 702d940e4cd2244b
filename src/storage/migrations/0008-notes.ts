import type { Kysely } from 'kysely';

/**
 * The twice-told session (SPEC §3 C6): the therapist's progress note per session with its signed
 * addenda, the client's reflection per session, and the practice's reveal period for the sealed
 * pair. Every text is sealed with the client's data key (`*_enc`); who, when, signed and shared
 * stay in clear. One note and one reflection per session (unique), each dated by when it was
 * written, apart from the session's own date.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('progress_notes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id'))
    .addColumn('course_id', 'text', (c) => c.notNull().references('courses.id'))
    .addColumn('session_id', 'text', (c) => c.notNull().unique().references('therapy_sessions.id'))
    .addColumn('author_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('body_enc', 'text', (c) => c.notNull())
    .addColumn('written_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('signed_at', 'text')
    .addColumn('signed_by', 'text')
    .addColumn('shared_with_client', 'integer', (c) => c.notNull().defaultTo(0))
    // The integrity seal, set when the note is signed (its text never changes after that).
    .addColumn('seal', 'text')
    .addColumn('sealed_seq', 'bigint')
    .execute();
  await db.schema.createIndex('progress_notes_client').on('progress_notes').columns(['client_id', 'written_at']).execute();

  // Signed, dated addenda: append-only; the note's own text is never changed once signed.
  await db.schema
    .createTable('progress_note_addenda')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('note_id', 'text', (c) => c.notNull().references('progress_notes.id'))
    .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id'))
    .addColumn('author_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('body_enc', 'text', (c) => c.notNull())
    .addColumn('written_at', 'text', (c) => c.notNull())
    // Immutable once written: sealed like the other immutable clinical records (0005-integrity-seals).
    .addColumn('seal', 'text')
    .addColumn('sealed_seq', 'bigint')
    .execute();
  await db.schema.createIndex('progress_note_addenda_note').on('progress_note_addenda').columns(['note_id', 'written_at']).execute();

  await db.schema
    .createTable('reflections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id'))
    .addColumn('course_id', 'text', (c) => c.notNull().references('courses.id'))
    .addColumn('session_id', 'text', (c) => c.notNull().unique().references('therapy_sessions.id'))
    .addColumn('author_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('answers_enc', 'text', (c) => c.notNull())
    .addColumn('shared', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('written_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('reflections_course').on('reflections').columns(['course_id', 'shared']).execute();

  // Days after a session when a sealed pair opens even if one side never wrote (SPEC §3 C6: 7).
  await db.schema
    .alterTable('practices')
    .addColumn('notes_reveal_days', 'integer', (c) => c.notNull().defaultTo(7))
    .execute();
}
