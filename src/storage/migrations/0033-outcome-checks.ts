import type { Kysely } from 'kysely';

/**
 * The outcome checks a response still owes (issue 10): a valid response whose outcome rules (not on
 * track, remission without a current goal, rupture) have not yet been decided. The row is written in
 * the response's own transaction and deleted in the transaction that decides the rules and stores
 * their alerts, so a check is never lost (a process killed in between leaves the row, and the next
 * start runs it) and never run twice (the delete is the claim: of two instances on PostgreSQL, the
 * second finds nothing to delete). Pending work, so it is in backups.
 *
 * Shape: id (the response's id, the key), client_id, course_id, queued_at (ISO-8601 UTC). Ids only:
 * no clinical content.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('outcome_checks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('course_id', 'text', (c) => c.notNull())
    .addColumn('queued_at', 'text', (c) => c.notNull())
    .execute();
}
