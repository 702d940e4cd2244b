import type { Kysely } from 'kysely';

/**
 * `accord verify --since-last` (issue 15) checks only the sealed records written since its last
 * verified anchor: those sealed when lane 1 held at least so many events. An index on `sealed_seq`
 * of each sealed table finds them without reading the table's history. No data changes.
 */
const TABLES = ['measure_responses', 'goal_ratings', 'alliance_ledger', 'progress_notes', 'progress_note_addenda', 'course_endings'] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const t of TABLES) await db.schema.createIndex(`${t}_sealed_seq`).on(t).column('sealed_seq').execute();
}
