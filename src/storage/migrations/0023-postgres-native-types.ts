import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { onPostgres } from './0019-audit-lanes.ts';
import { ensureAuditPartitions, ensureYearlyPartitions } from '../partitions.ts';

/**
 * PostgreSQL only (SQLite is unchanged): the three large tables get native types and partitions.
 *
 * - `therapy_sessions` and `measure_responses` become range-partitioned by year of their id. Ids
 *   are UUIDv7: their first 48 bits are the creation time, so a year's ids are a contiguous range
 *   and the partitions are partitions by time of creation. The id is the partition key because it
 *   is immutable (a session's `starts_at` moves when it is rescheduled) and because it is the key
 *   every reference already holds: the primary keys stay (id), and the foreign keys of
 *   progress_notes, reflections and process_notes still point at `therapy_sessions (id)`.
 *   One partition per year from the oldest row's year to next year, and a default partition;
 *   `accord serve` keeps next year ready (storage/partitions.ts).
 * - Their ids, and the columns holding them (`measure_responses.session_id`, `supersedes_id`,
 *   `progress_notes`/`reflections`/`process_notes.session_id`: a foreign key needs equal types),
 *   become `uuid` (16 bytes instead of 37); their times become `timestamptz` (8 bytes instead of
 *   25). The client and course ids they hold stay text: converting those would change every table.
 * - `audit_events` is made again with `id uuid` and `at timestamptz` (a partition key's type cannot
 *   be altered), still partitioned by month of `at`, the months' bounds now instants in UTC.
 * - `measure_responses.supersedes_id` was unique (a response is corrected once). A unique key of a
 *   partitioned table must hold the partition key, so that rule moves to a small table of its own,
 *   `measure_response_corrections` (supersedes_id primary key), written by a trigger on every
 *   insert: a second correction of the same response still fails in the database.
 *
 * database.ts turns `uuid` and `timestamptz` values back into the strings the stores wrote (lower-
 * case UUIDs; ISO instants with milliseconds, which is how the code writes every one of these
 * times). Every row is copied; an id that is not a UUID stops the migration (nothing is changed).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (!onPostgres(db)) return;
  const now = new Date();
  const yearOf = async (table: string) => {
    const r = await sql<{ at: string | null }>`select min(created_at) as at from ${sql.table(table)}`.execute(db);
    const at = r.rows[0]?.at;
    return at && /^\d{4}/.test(at) ? Number(at.slice(0, 4)) : undefined;
  };
  // The old table's primary and unique keys, whatever they were named (0020 left the trail's as `audit_events_pkey1`).
  const dropKeys = async (table: string) => {
    const keys = await sql<{ name: string }>`
      select conname as name from pg_constraint where conrelid = ${table}::regclass and contype in ('p', 'u')`.execute(db);
    for (const k of keys.rows) await sql`alter table ${sql.table(table)} drop constraint ${sql.ref(k.name)}`.execute(db);
  };
  const oldest = { therapy_sessions: await yearOf('therapy_sessions'), measure_responses: await yearOf('measure_responses') };

  // ---- Sessions ----
  for (const [table, fk] of [
    ['progress_notes', 'progress_notes_session_id_fkey'],
    ['reflections', 'reflections_session_id_fkey'],
    ['process_notes', 'process_notes_session_id_fkey'],
  ] as const) {
    await sql`alter table ${sql.table(table)} drop constraint ${sql.raw(fk)}`.execute(db);
  }
  await dropKeys('therapy_sessions');
  await sql`alter table therapy_sessions rename to therapy_sessions_single`.execute(db);
  for (const ix of ['therapy_sessions_course', 'therapy_sessions_client', 'therapy_sessions_course_status']) await sql.raw(`drop index ${ix}`).execute(db);
  await sql`
    create table therapy_sessions (
      id uuid not null,
      course_id text not null references courses (id),
      client_id text not null,
      starts_at timestamptz not null,
      duration_minutes integer not null,
      status text not null,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      primary key (id)
    ) partition by range (id)`.execute(db);
  await sql`create table therapy_sessions_default partition of therapy_sessions default`.execute(db);

  // ---- Measure responses ----
  await dropKeys('measure_responses');
  await sql`alter table measure_responses rename to measure_responses_single`.execute(db);
  for (const ix of ['measure_responses_client', 'measure_responses_course']) await sql.raw(`drop index ${ix}`).execute(db);
  await sql`
    create table measure_responses (
      id uuid not null,
      client_id text not null references clients (id),
      course_id text references courses (id),
      session_id uuid,
      schedule_id text,
      instrument_code text not null,
      instrument_version text not null,
      respondent text not null,
      source text not null,
      entered_by text not null,
      completed_at timestamptz not null,
      created_at timestamptz not null,
      answers_enc text not null,
      valid integer not null,
      total real,
      band_label text,
      band_severity text,
      caseness integer,
      invalid_reason text,
      safety_flagged integer not null,
      supersedes_id uuid,
      seal text,
      sealed_seq bigint,
      primary key (id)
    ) partition by range (id)`.execute(db);
  await sql`create table measure_responses_default partition of measure_responses default`.execute(db);
  await sql`
    create table measure_response_corrections (
      supersedes_id uuid primary key,
      id uuid not null
    )`.execute(db);
  await sql`
    create function accord_response_corrections() returns trigger language plpgsql as $$
    begin
      if tg_op = 'INSERT' then
        if new.supersedes_id is not null then
          insert into measure_response_corrections (supersedes_id, id) values (new.supersedes_id, new.id);
        end if;
        return new;
      end if;
      delete from measure_response_corrections where supersedes_id = old.supersedes_id and id = old.id;
      return old;
    end $$`.execute(db);
  await sql`
    create trigger measure_responses_corrected_once after insert or delete on measure_responses
    for each row execute function accord_response_corrections()`.execute(db);

  await ensureYearlyPartitions(db, now, {
    ...(oldest.therapy_sessions !== undefined ? { therapy_sessions: oldest.therapy_sessions } : {}),
    ...(oldest.measure_responses !== undefined ? { measure_responses: oldest.measure_responses } : {}),
  });
  await sql`
    insert into therapy_sessions (id, course_id, client_id, starts_at, duration_minutes, status, created_at, updated_at)
    select id::uuid, course_id, client_id, starts_at::timestamptz, duration_minutes, status, created_at::timestamptz, updated_at::timestamptz
    from therapy_sessions_single`.execute(db);
  await sql`drop table therapy_sessions_single`.execute(db);
  await sql`
    insert into measure_responses (id, client_id, course_id, session_id, schedule_id, instrument_code, instrument_version, respondent, source,
      entered_by, completed_at, created_at, answers_enc, valid, total, band_label, band_severity, caseness, invalid_reason, safety_flagged,
      supersedes_id, seal, sealed_seq)
    select id::uuid, client_id, course_id, session_id::uuid, schedule_id, instrument_code, instrument_version, respondent, source,
      entered_by, completed_at::timestamptz, created_at::timestamptz, answers_enc, valid, total, band_label, band_severity, caseness, invalid_reason,
      safety_flagged, supersedes_id::uuid, seal, sealed_seq
    from measure_responses_single`.execute(db);
  await sql`drop table measure_responses_single`.execute(db);

  await sql`create index therapy_sessions_course on therapy_sessions (course_id, starts_at)`.execute(db);
  await sql`create index therapy_sessions_client on therapy_sessions (client_id, starts_at)`.execute(db);
  await sql`create index therapy_sessions_course_status on therapy_sessions (course_id, status, starts_at)`.execute(db);
  await sql`create index measure_responses_client on measure_responses (client_id, completed_at)`.execute(db);
  await sql`create index measure_responses_course on measure_responses (course_id, instrument_code, completed_at, created_at, id)`.execute(db);

  for (const table of ['progress_notes', 'reflections', 'process_notes']) {
    await sql`alter table ${sql.table(table)} alter column session_id type uuid using session_id::uuid`.execute(db);
    await sql`alter table ${sql.table(table)} add foreign key (session_id) references therapy_sessions (id)`.execute(db);
  }

  // ---- Audit trail ----
  const from = await sql<{ at: string | null }>`select min(at) as at from audit_events`.execute(db);
  const months = await sql<{ name: string }>`
    select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid join pg_class p on p.oid = i.inhparent
    where p.relname = 'audit_events'`.execute(db);
  // The old trail's keys and indexes go first (their names are the new one's), its partitions are renamed out of the way.
  for (const ix of ['audit_events_client', 'audit_events_actor', 'audit_events_lane', 'audit_events_seq']) await sql.raw(`drop index ${ix}`).execute(db);
  await dropKeys('audit_events');
  await sql`alter table audit_events rename to audit_events_text`.execute(db);
  for (const m of months.rows) await sql.raw(`alter table ${m.name} rename to ${m.name}_text`).execute(db);
  await sql`
    create table audit_events (
      seq bigint not null,
      id uuid not null,
      at timestamptz not null,
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
  await ensureAuditPartitions(db, now, from.rows[0]?.at ?? undefined);
  await sql`
    insert into audit_events (seq, id, at, actor_id, actor_role, action, resource_type, resource_id, client_id, outcome, ip, detail, prev_hash, hash, chain, chain_seq)
    select seq, id::uuid, at::timestamptz, actor_id, actor_role, action, resource_type, resource_id, client_id, outcome, ip, detail, prev_hash, hash, chain, chain_seq
    from audit_events_text`.execute(db);
  await sql`drop table audit_events_text`.execute(db);
  await sql`create index audit_events_client on audit_events (client_id, seq)`.execute(db);
  await sql`create index audit_events_actor on audit_events (actor_id, seq)`.execute(db);
  await sql`create unique index audit_events_lane on audit_events (chain, chain_seq, at)`.execute(db);
  await sql`create index audit_events_seq on audit_events (seq)`.execute(db);
}
