import type { Kysely } from 'kysely';

/**
 * Measures and alerts (SPEC §3 C4, C8): practice instrument definitions, schedules per course,
 * immutable responses (answers sealed; totals and bands in clear for charts), the shared alerts
 * table (dedupe_key unique, so raising is idempotent; content sealed), the alert history, and
 * who a safety alert escalates to.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('instrument_definitions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('instrument_definitions_code_version', ['code', 'version'])
    .execute();

  await db.schema
    .createTable('measure_schedules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('course_id', 'text', (c) => c.notNull().references('courses.id'))
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('instrument_code', 'text', (c) => c.notNull())
    .addColumn('cadence', 'text', (c) => c.notNull())
    .addColumn('every_n', 'integer')
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('measure_schedules_course').on('measure_schedules').column('course_id').execute();

  await db.schema
    .createTable('measure_responses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id'))
    .addColumn('course_id', 'text', (c) => c.references('courses.id'))
    .addColumn('session_id', 'text')
    .addColumn('schedule_id', 'text')
    .addColumn('instrument_code', 'text', (c) => c.notNull())
    .addColumn('instrument_version', 'text', (c) => c.notNull())
    .addColumn('respondent', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('entered_by', 'text', (c) => c.notNull())
    .addColumn('completed_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('answers_enc', 'text', (c) => c.notNull())
    .addColumn('valid', 'integer', (c) => c.notNull())
    .addColumn('total', 'real')
    .addColumn('band_label', 'text')
    .addColumn('band_severity', 'text')
    .addColumn('caseness', 'integer')
    .addColumn('invalid_reason', 'text')
    .addColumn('safety_flagged', 'integer', (c) => c.notNull())
    // A correction points at the response it replaces; unique, so a response has one correction.
    .addColumn('supersedes_id', 'text', (c) => c.unique())
    .execute();
  await db.schema.createIndex('measure_responses_client').on('measure_responses').columns(['client_id', 'completed_at']).execute();
  await db.schema
    .createIndex('measure_responses_course')
    .on('measure_responses')
    .columns(['course_id', 'instrument_code', 'completed_at', 'created_at', 'id'])
    .execute();

  await db.schema
    .createTable('alerts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id'))
    .addColumn('course_id', 'text', (c) => c.notNull())
    .addColumn('therapist_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
    .addColumn('content_enc', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('raised_at', 'text', (c) => c.notNull())
    .addColumn('acknowledged_at', 'text')
    .addColumn('acknowledged_by', 'text')
    .addColumn('resolved_at', 'text')
    .addColumn('resolved_by', 'text')
    .addColumn('resolution_enc', 'text')
    .addColumn('follow_up_action', 'text')
    .addColumn('escalated_at', 'text')
    .addColumn('escalated_to', 'text')
    .execute();
  await db.schema.createIndex('alerts_therapist').on('alerts').columns(['therapist_id', 'status']).execute();
  await db.schema.createIndex('alerts_client').on('alerts').columns(['client_id', 'status']).execute();
  await db.schema.createIndex('alerts_escalation').on('alerts').columns(['kind', 'status', 'escalated_at', 'raised_at']).execute();

  await db.schema
    .createTable('alert_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('alert_id', 'text', (c) => c.notNull().references('alerts.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text')
    .execute();
  await db.schema.createIndex('alert_events_alert').on('alert_events').columns(['alert_id', 'at']).execute();

  // id is the scope: 'practice' (the practice default) or a therapist's user id (their own choice).
  await db.schema
    .createTable('escalation_colleagues')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('colleague_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}
