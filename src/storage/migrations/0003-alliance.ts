import type { Kysely } from 'kysely';

/**
 * The alliance ledger (SPEC §3 C2, C3, §5.3): Expectations checks per side, goals with their
 * progress ratings and attainment levels, the append-only ledger of agreements, the course's
 * phase history, and one inference snapshot per session. Every client or therapist text — free
 * text, goal words, agreement statements, confirmation words, reasons, evidence quotes — is
 * sealed with the client's data key (`*_enc`); types, states and times stay in clear.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('expectations_responses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('course_id', 'text', (c) => c.notNull().references('courses.id'))
    .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id'))
    .addColumn('side', 'text', (c) => c.notNull())
    .addColumn('answered_at', 'text', (c) => c.notNull())
    .addColumn('entered_by', 'text', (c) => c.notNull())
    .addColumn('answers_enc', 'text', (c) => c.notNull())
    .addColumn('free_text_enc', 'text')
    .addColumn('cues_enc', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('expectations_responses_course').on('expectations_responses').columns(['course_id', 'answered_at']).execute();

  await db.schema
    .createTable('goals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('course_id', 'text', (c) => c.notNull().references('courses.id'))
    .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id'))
    .addColumn('author', 'text', (c) => c.notNull())
    .addColumn('focus', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('proposed_at', 'text', (c) => c.notNull())
    .addColumn('proposed_by', 'text', (c) => c.notNull())
    .addColumn('text_enc', 'text', (c) => c.notNull())
    .addColumn('cues_enc', 'text')
    .addColumn('agreed_at', 'text')
    .addColumn('agreed_by', 'text')
    .addColumn('agreement_recorded_by', 'text')
    .addColumn('agreement_words_enc', 'text')
    .addColumn('closed_state', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('closed_by', 'text')
    .addColumn('closure_note_enc', 'text')
    .addColumn('revised_to', 'text')
    .addColumn('revision_of', 'text')
    .addColumn('gas_weight', 'real')
    .addColumn('gas_descriptions_enc', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('goals_course').on('goals').columns(['course_id', 'proposed_at']).execute();

  // Progress ratings (0–10) and GAS attainment levels (−2…+2): append-only.
  await db.schema
    .createTable('goal_ratings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('goal_id', 'text', (c) => c.notNull().references('goals.id'))
    .addColumn('course_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('value', 'integer', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('goal_ratings_course').on('goal_ratings').columns(['course_id', 'at']).execute();

  // The ledger is append-only: entries are never updated or deleted; `seq` keeps their order.
  await db.schema
    .createTable('alliance_ledger')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('course_id', 'text', (c) => c.notNull().references('courses.id'))
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('agreement_id', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('side', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text')
    .addColumn('entered_by', 'text', (c) => c.notNull())
    .addColumn('alliance_type', 'text')
    .addColumn('frequency', 'text')
    .addColumn('review_point', 'text')
    .addColumn('supersedes', 'text')
    .addColumn('statement_enc', 'text')
    .addColumn('reason_enc', 'text')
    .addColumn('words_enc', 'text')
    .addUniqueConstraint('alliance_ledger_course_seq', ['course_id', 'seq'])
    .execute();

  await db.schema
    .createTable('course_phase_changes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('course_id', 'text', (c) => c.notNull().references('courses.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('phase', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('course_phase_changes_course').on('course_phase_changes').columns(['course_id', 'at']).execute();

  // One inference per session (SPEC §3 C3 "snapshots kept per session"). `inputs_key` fingerprints
  // the records the inference read, so a snapshot is recomputed only when something before it changed.
  await db.schema
    .createTable('alliance_snapshots')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('course_id', 'text', (c) => c.notNull().references('courses.id'))
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('session_id', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('inputs_key', 'text', (c) => c.notNull())
    .addColumn('dominant', 'text', (c) => c.notNull())
    .addColumn('distribution', 'text', (c) => c.notNull())
    .addColumn('mass', 'real', (c) => c.notNull())
    .addColumn('evidence_enc', 'text', (c) => c.notNull())
    .addColumn('computed_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('alliance_snapshots_session', ['course_id', 'session_id'])
    .execute();
}
