import type { Kysely } from 'kysely';

/**
 * Skills and practice, supports and trackers (SPEC §3 C5, C7): the practice's skills settings (its
 * catalogue and the "practice stalled" days), Skills checks, target skills, the practice log,
 * trackers and their days, the therapist's planned breaks, Support checks, and the client's
 * sharing choice. Every text a client or therapist wrote is sealed with the client's data key
 * (`*_enc`); days, counts, ratings, modes and states stay in clear for counting and charts.
 * A tracker day is unique per tracker, so a day is never entered twice.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('skills_settings')
    .addColumn('practice_id', 'text', (c) => c.primaryKey().references('practices.id'))
    // The practice's catalogue as JSON ([{ id, group, name }]); null: Accord's default.
    .addColumn('catalogue_json', 'text')
    .addColumn('stalled_days', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull().references('users.id'))
    .execute();

  await db.schema
    .createTable('skills_checks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id'))
    .addColumn('course_id', 'text', (c) => c.notNull().references('courses.id'))
    .addColumn('answered_at', 'text', (c) => c.notNull())
    .addColumn('answers_enc', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('skills_checks_course').on('skills_checks').columns(['course_id', 'answered_at']).execute();

  await db.schema
    .createTable('skill_targets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id'))
    .addColumn('course_id', 'text', (c) => c.notNull().references('courses.id'))
    .addColumn('skill_id', 'text', (c) => c.notNull())
    .addColumn('plan_enc', 'text', (c) => c.notNull())
    .addColumn('target_count', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('proposed_side', 'text', (c) => c.notNull())
    .addColumn('proposed_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('proposed_at', 'text', (c) => c.notNull())
    .addColumn('active_since', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('skill_targets_course').on('skill_targets').columns(['course_id']).execute();
  await db.schema.createIndex('skill_targets_status').on('skill_targets').columns(['status']).execute();

  await db.schema
    .createTable('practice_logs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('target_id', 'text', (c) => c.notNull().references('skill_targets.id'))
    .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id'))
    .addColumn('course_id', 'text', (c) => c.notNull().references('courses.id'))
    .addColumn('practised_on', 'text', (c) => c.notNull())
    .addColumn('logged_at', 'text', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('celebrated', 'integer', (c) => c.notNull())
    // { situation, did, howItWent }: the client's words, sealed.
    .addColumn('entry_enc', 'text')
    .execute();
  await db.schema.createIndex('practice_logs_course').on('practice_logs').columns(['course_id', 'practised_on']).execute();
  await db.schema.createIndex('practice_logs_target').on('practice_logs').columns(['target_id', 'practised_on']).execute();

  await db.schema
    .createTable('trackers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id'))
    .addColumn('course_id', 'text', (c) => c.notNull().references('courses.id'))
    .addColumn('label_enc', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('trackers_course').on('trackers').columns(['course_id']).execute();

  await db.schema
    .createTable('tracker_days')
    .addColumn('tracker_id', 'text', (c) => c.notNull().references('trackers.id'))
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('kept', 'integer', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('tracker_days_pk', ['tracker_id', 'day'])
    .execute();

  await db.schema
    .createTable('planned_breaks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id'))
    .addColumn('course_id', 'text', (c) => c.notNull().references('courses.id'))
    .addColumn('starts_on', 'text', (c) => c.notNull())
    .addColumn('ends_on', 'text', (c) => c.notNull())
    .addColumn('label_enc', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .execute();
  await db.schema.createIndex('planned_breaks_course').on('planned_breaks').columns(['course_id']).execute();

  await db.schema
    .createTable('support_checks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id'))
    .addColumn('course_id', 'text', (c) => c.notNull().references('courses.id'))
    .addColumn('answered_at', 'text', (c) => c.notNull())
    .addColumn('calm', 'integer', (c) => c.notNull())
    .addColumn('people', 'integer', (c) => c.notNull())
    .addColumn('supports_enc', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('support_checks_course').on('support_checks').columns(['course_id', 'answered_at']).execute();

  // SPEC §2: practice logs and trackers are the client's; their therapist and supervisor read them only while this says so.
  await db.schema
    .createTable('skills_sharing')
    .addColumn('client_id', 'text', (c) => c.primaryKey().references('clients.id'))
    .addColumn('shared', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}
