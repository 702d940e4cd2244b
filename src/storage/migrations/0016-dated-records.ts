import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/**
 * Records dated when they happened (SPEC §3 C10, issue 14). The clinical records of the alliance
 * ledger already keep the time they happened in the columns every analysis reads
 * (`expectations_responses.answered_at`, `goals.proposed_at` / `agreed_at` / `closed_at`,
 * `goal_ratings.at`, `alliance_ledger.at`); a staff member may now set that time to the past
 * (within the course). The time each was *recorded* is kept apart: Expectations checks already had
 * `created_at`; this adds it where it was missing. Existing rows were recorded when they happened,
 * so the new columns are filled with the time already there.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('goal_ratings').addColumn('recorded_at', 'text').execute();
  await db.schema.alterTable('alliance_ledger').addColumn('recorded_at', 'text').execute();
  await db.schema.alterTable('goals').addColumn('proposal_recorded_at', 'text').execute();
  await db.schema.alterTable('goals').addColumn('agreement_recorded_at', 'text').execute();
  await db.schema.alterTable('goals').addColumn('closure_recorded_at', 'text').execute();
  await sql`UPDATE goal_ratings SET recorded_at = at`.execute(db);
  await sql`UPDATE alliance_ledger SET recorded_at = at`.execute(db);
  await sql`UPDATE goals SET proposal_recorded_at = proposed_at, agreement_recorded_at = agreed_at, closure_recorded_at = closed_at`.execute(db);
}
