import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { onPostgres } from './0019-audit-lanes.ts';
import { ensureAuditPartitions } from '../partitions.ts';

/**
 * PostgreSQL only (SQLite is unchanged): the audit trail, the largest append-only table, becomes a
 * table partitioned by month of `at` (native range partitioning on the ISO text, which sorts as
 * time does). Old months can then be detached, archived or dropped whole, and a month's indexes
 * stay small. PostgreSQL requires the partition key in every unique index, so the keys become
 * (seq, at), (id, at) and (chain, chain_seq, at); seq and chain_seq stay unique because the
 * sequence and the lane's head row hand them out. One partition per month from the oldest event to
 * three months ahead, and a default partition for anything outside; `accord serve` keeps three
 * months ahead (storage/partitions.ts). docs/scale.md has the plan for the other large tables.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (!onPostgres(db)) return;
  await sql`alter table audit_events rename to audit_events_single`.execute(db);
  await sql`alter index audit_events_client rename to audit_events_single_client`.execute(db);
  await sql`alter index audit_events_actor rename to audit_events_single_actor`.execute(db);
  await sql`alter index audit_events_lane rename to audit_events_single_lane`.execute(db);
  await sql`
    create table audit_events (
      seq bigint not null,
      id text not null,
      at text not null,
      actor_id text,
      actor_role text,
      action text not null,
      resource_type text not null,
      resource_id text,
      client_id text,
      outcome text not null,
      ip text,
      detail text,
      prev_hash text not null,
      hash text not null,
      chain integer not null default 1,
      chain_seq bigint,
      primary key (seq, at),
      unique (id, at)
    ) partition by range (at)`.execute(db);
  await sql`create table audit_events_default partition of audit_events default`.execute(db);
  const oldest = await sql<{ at: string | null }>`select min(at) as at from audit_events_single`.execute(db);
  await ensureAuditPartitions(db, new Date(), oldest.rows[0]?.at ?? undefined);
  await sql`
    insert into audit_events (seq, id, at, actor_id, actor_role, action, resource_type, resource_id, client_id, outcome, ip, detail, prev_hash, hash, chain, chain_seq)
    select seq, id, at, actor_id, actor_role, action, resource_type, resource_id, client_id, outcome, ip, detail, prev_hash, hash, chain, chain_seq
    from audit_events_single`.execute(db);
  await sql`drop table audit_events_single`.execute(db);
  await sql`create index audit_events_client on audit_events (client_id, seq)`.execute(db);
  await sql`create index audit_events_actor on audit_events (actor_id, seq)`.execute(db);
  await sql`create unique index audit_events_lane on audit_events (chain, chain_seq, at)`.execute(db);
  await sql`create index audit_events_seq on audit_events (seq)`.execute(db);
}
