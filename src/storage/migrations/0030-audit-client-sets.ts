import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { attachClientSet } from '../client-sets.ts';

/**
 * The clients an audit event names beside it (issue 10), as content-addressed sets instead of one
 * row per event and client (0022): `audit_client_sets` (one row per distinct set of clients, its id
 * the digest of their sorted ids, storage/client-sets.ts) and `audit_client_set_members` (its
 * clients, with a `(client_id, set_id)` index for a client's trail), written once per distinct set;
 * the event carries the set's id in `audit_events.client_set_id`, with a partial `(client_set_id,
 * seq)` index (only the events naming several clients are in it). A list read again with the same
 * clients writes its event and nothing else, where 0022 wrote one row per client on as many index
 * pages. The rows of `audit_event_clients` are moved into sets and the table is dropped. On
 * PostgreSQL `audit_events` is partitioned by month (0020, 0023): the column and the index are
 * added to the partitioned table, so every partition, present or made later, has them. No foreign
 * keys: the event's link (audit-chain.ts `auditCanonical`, over the clients themselves) is the check.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('audit_client_sets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .execute();
  await db.schema
    .createTable('audit_client_set_members')
    .addColumn('set_id', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('audit_client_set_members_pk', ['set_id', 'client_id'])
    .execute();
  await db.schema.createIndex('audit_client_set_members_client').on('audit_client_set_members').columns(['client_id', 'set_id']).execute();
  await db.schema.alterTable('audit_events').addColumn('client_set_id', 'text').execute();
  await db.schema
    .createIndex('audit_events_client_set')
    .on('audit_events')
    .columns(['client_set_id', 'seq'])
    .where(sql.ref('client_set_id'), 'is not', null)
    .execute();
  await moveNamedClients(db);
  await db.schema.dropTable('audit_event_clients').execute();
}

/** Rows of audit_event_clients read at once. */
const PAGE = 5000;

/**
 * Moves the rows of `audit_event_clients` (seq, client_id) into sets: each event's clients, sorted,
 * become a set (inserted if absent) and the event gets its id. Exported for its test.
 */
export async function moveNamedClients(db: Kysely<unknown>): Promise<void> {
  const flush = (seq: number, clients: string[]) => attachClientSet(db, seq, [...new Set(clients)].sort());
  let after: [number, string] | undefined;
  let open: { seq: number; clients: string[] } | undefined;
  for (;;) {
    const where = after ? sql`where seq > ${after[0]} or (seq = ${after[0]} and client_id > ${after[1]})` : sql``;
    const rows = await sql<{ seq: number | string; client_id: string }>`
      select seq, client_id from audit_event_clients ${where} order by seq, client_id limit ${PAGE}`.execute(db);
    if (!rows.rows.length) break;
    for (const r of rows.rows) {
      const seq = Number(r.seq);
      if (open && open.seq !== seq) {
        await flush(open.seq, open.clients);
        open = undefined;
      }
      if (open) open.clients.push(r.client_id);
      else open = { seq, clients: [r.client_id] };
    }
    const end = rows.rows[rows.rows.length - 1]!;
    after = [Number(end.seq), end.client_id];
  }
  if (open) await flush(open.seq, open.clients);
}
