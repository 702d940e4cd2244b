import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { onPostgres } from './0019-audit-lanes.ts';

/**
 * SQLite only (PostgreSQL's partitioned trail is unchanged): `audit_events` is rebuilt with `seq` as
 * the table's own key (`integer primary key`, SQLite's rowid) instead of a `bigint primary key`
 * beside a hidden rowid (issue 10). The old shape kept every event twice over by number: once in the
 * table, keyed by rowid, and once in the unique index on `seq`, so each audit commit wrote one
 * b-tree more than it needed (seven pages where six do). Same columns in the same order, same
 * values, same other indexes; reads by number now walk the table itself. The events are copied in
 * `seq` order in the migration's one transaction.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (onPostgres(db)) return;
  await sql`
    create table "audit_events_by_seq" (
      "seq" integer primary key, "id" text not null unique, "at" text not null, "actor_id" text, "actor_role" text,
      "action" text not null, "resource_type" text not null, "resource_id" text, "client_id" text, "outcome" text not null,
      "ip" text, "detail" text, "prev_hash" text not null, "hash" text not null, "chain" integer default 1 not null,
      "chain_seq" bigint, "client_set_id" text
    )`.execute(db);
  await sql`
    insert into "audit_events_by_seq"
    select "seq", "id", "at", "actor_id", "actor_role", "action", "resource_type", "resource_id", "client_id", "outcome",
      "ip", "detail", "prev_hash", "hash", "chain", "chain_seq", "client_set_id"
    from "audit_events" order by "seq"`.execute(db);
  await sql`drop table "audit_events"`.execute(db);
  await sql`alter table "audit_events_by_seq" rename to "audit_events"`.execute(db);
  // The same indexes as before the rebuild (0001, 0019, 0030), under the same names.
  await sql`create index "audit_events_client" on "audit_events" ("client_id", "seq")`.execute(db);
  await sql`create index "audit_events_actor" on "audit_events" ("actor_id", "seq")`.execute(db);
  await sql`create unique index "audit_events_lane" on "audit_events" ("chain", "chain_seq")`.execute(db);
  await sql`create index "audit_events_client_set" on "audit_events" ("client_set_id", "seq") where "client_set_id" is not null`.execute(db);
}
