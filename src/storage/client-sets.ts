/**
 * The clients an audit event names beside it (a list read, a caseload export), kept as a
 * content-addressed set: `audit_client_sets` holds one row per distinct set of clients, its id a
 * digest of the sorted client ids, and `audit_client_set_members` its clients, both written once
 * per distinct set (migration 0030). An event carries the set's id (`audit_events.client_set_id`),
 * so reading the same list again writes the event's one row and nothing else.
 */
import { createHash } from 'node:crypto';

/**
 * The id of a set of clients: SHA-256 of the sorted, de-duplicated ids as JSON, base64url. The same
 * clients always make the same id on every instance and dialect, so a set is found without a read
 * and inserted only if absent. The event's link covers the clients themselves, not this id.
 */
export function clientSetId(sortedIds: readonly string[]): string {
  return createHash('sha256').update(JSON.stringify(sortedIds)).digest('base64url');
}
