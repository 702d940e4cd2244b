import type { Kysely } from 'kysely';

/**
 * The caseload counts attended sessions and finds the next booked one per course: an index on
 * (course, status, start) answers both from the index alone.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('therapy_sessions_course_status').on('therapy_sessions').columns(['course_id', 'status', 'starts_at']).execute();
}
