/**
 * The clients an audit event names beside it (a list read, a caseload export), kept as a
 * content-addressed set: `audit_client_sets` holds one row per distinct set of clients, its id a
 * digest of the sorted client ids, and `audit_client_set_members` its clients, both written once
 * per distinct set (migration 0030). An event carries the set's id (`audit_events.client_set_id`),
 * so reading the same list again writes the event's one row and nothing else.
 */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { QueryExecutorProvider } from 'kysely';

/**
 * The id of a set of clients: SHA-256 of the sorted, de-duplicated ids as JSON, base64url. The same
 * clients always make the same id on every instance and dialect, so a set is found without a read
 * and inserted only if absent. The event's link covers the clients themselves, not this id.
 */
export function clientSetId(sortedIds: readonly string[]): string {
  return createHash('sha256').update(JSON.stringify(sortedIds)).digest('base64url');
}

/**
 * Gives the audit event `seq` the set of `sortedIds` (sorted, de-duplicated), writing the set and
 * its members only when no set of those clients exists yet. For rows kept in 0022's shape: the
 * migration that moves them (0030) and the restore of a backup made before it. The audit append
 * writes its sets itself, in fixed statements (audit-store.ts).
 */
export async function attachClientSet(db: QueryExecutorProvider, seq: number, sortedIds: readonly string[]): Promise<void> {
  const id = clientSetId(sortedIds);
  const fresh = await sql<{ id: string }>`insert into audit_client_sets (id) values (${id}) on conflict do nothing returning id`.execute(db);
  if (fresh.rows.length) {
    for (let i = 0; i < sortedIds.length; i += 400) {
      const part = sortedIds.slice(i, i + 400);
      await sql`insert into audit_client_set_members (set_id, client_id) values ${sql.join(part.map((c) => sql`(${id}, ${c})`))}`.execute(db);
    }
  }
  await sql`update audit_events set client_set_id = ${id} where seq = ${seq}`.execute(db);
}
