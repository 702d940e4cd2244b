import type { Kysely } from 'kysely';

/**
 * The clients an audit event names beside it (issue 10): a list read (the client list, the
 * caseload's scores) or an export of several clients is one chained event naming them all here,
 * instead of one event per client. Each row is covered by its event's link (audit-chain.ts
 * `auditCanonical`), so `accord verify` finds a row added, removed or changed; a client's trail
 * (the access report, the export of their data) finds the event through `(client_id, seq)`.
 * No foreign key to `audit_events.seq`: on PostgreSQL that table is partitioned by month
 * (0020-postgres-partitions) and its unique keys include `at`; the chain's link is the check.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('audit_event_clients')
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('audit_event_clients_pk', ['seq', 'client_id'])
    .execute();
  await db.schema.createIndex('audit_event_clients_client').on('audit_event_clients').columns(['client_id', 'seq']).execute();
}
