import type { Kysely } from 'kysely';
import { PostgresAdapter, sql } from 'kysely';

/** Whether a migration runs on PostgreSQL (the same files serve both dialects). */
export const onPostgres = (db: Kysely<unknown>): boolean => db.getExecutor().adapter instanceof PostgresAdapter;

const GENESIS = '0'.repeat(64);
/** audit_head rows 1…16 are the lanes; row 0 is the head of the anchor chain (domain/audit-chain.ts AUDIT_LANES). */
const LANES = 16;

/**
 * The audit trail as several chains side by side (issue 15, scale), so app instances do not queue
 * on one head row:
 * - `audit_events.chain` (the lane an event links into) and `chain_seq` (its place there, without
 *   gaps); every event written before is lane 1 at the place its seq gives it.
 * - `audit_head` rows 2…16 are the further lanes, row 0 the head of the anchor chain.
 * - `audit_anchors`: the anchor chain, each anchor committing every lane's head at a moment.
 * - PostgreSQL: `seq` comes from a sequence (`audit_event_seq`), so numbering an event takes no lock;
 *   SQLite has one writer and numbers from the highest seq.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('audit_events')
    .addColumn('chain', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.alterTable('audit_events').addColumn('chain_seq', 'bigint').execute();
  await sql`update audit_events set chain_seq = seq`.execute(db);
  await db.schema.createIndex('audit_events_lane').on('audit_events').columns(['chain', 'chain_seq']).unique().execute();
  await sql`insert into audit_head (id, seq, hash) values (0, 0, ${GENESIS})`.execute(db);
  for (let id = 2; id <= LANES; id++) await sql`insert into audit_head (id, seq, hash) values (${id}, 0, ${GENESIS})`.execute(db);
  await db.schema
    .createTable('audit_anchors')
    .addColumn('seq', 'bigint', (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('heads', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  if (onPostgres(db)) {
    await sql`create sequence audit_event_seq as bigint`.execute(db);
    await sql`select setval('audit_event_seq', coalesce((select max(seq) from audit_events), 0) + 1, false)`.execute(db);
  }
}
