import type { Kysely } from 'kysely';

/**
 * One row per score series of a course (a course and an instrument), kept in the transaction of
 * every response written to it (issue 10): the caseload reads its scores from here in one short
 * statement, whatever the years of history, instead of walking each series' index in every year's
 * partition. A derived table: each row is what `listRecentScores` computes from the series' valid,
 * current responses (the first, the latest and the latest totals, as the JSON texts that statement
 * gives), so it is not in backups and is rebuilt after a restore and after this migration
 * (`rebuildMeasureSeries`, run by openStorage when this migration has just been applied).
 *
 * Shape: course_id, instrument_code (the key), totals (JSON array of up to 24 totals, newest
 * first), latest (JSON [id, client_id, completed_at, total, band_label, band_severity, caseness]),
 * first (JSON [id, completed_at, total]). A series with no valid current response has no row.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('measure_series')
    .addColumn('course_id', 'text', (c) => c.notNull())
    .addColumn('instrument_code', 'text', (c) => c.notNull())
    .addColumn('totals', 'text', (c) => c.notNull())
    .addColumn('latest', 'text', (c) => c.notNull())
    .addColumn('first', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('measure_series_pk', ['course_id', 'instrument_code'])
    .execute();
}
