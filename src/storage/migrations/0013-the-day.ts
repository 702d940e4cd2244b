import type { Kysely } from 'kysely';

/**
 * The therapist's day and the portal that speaks to clients (issue 13):
 * - `client_portal_settings`: what the client's portal shows, chosen per client by the therapist
 *   (for now whether the client sees their own scores and chart); no row means the defaults.
 * - the practice's locale: how dates and times are written everywhere (day and month order, the
 *   clock), beside its time zone; British English for practices made before it.
 * - an index over the alliance snapshots by course and time, covering the inferred type, so the
 *   caseload reads each course's latest few inferences from the index alone.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('client_portal_settings')
    .addColumn('client_id', 'text', (c) => c.primaryKey().references('clients.id'))
    .addColumn('hide_scores', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .alterTable('practices')
    .addColumn('locale', 'text', (c) => c.notNull().defaultTo('en-GB'))
    .execute();
  await db.schema.createIndex('alliance_snapshots_course_at').on('alliance_snapshots').columns(['course_id', 'at', 'dominant']).execute();
}
