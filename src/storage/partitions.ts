/**
 * PostgreSQL's partitions of the large tables, made ahead of time so a write never lands in the
 * default partition (docs/scale.md, "Native partitioning"):
 *
 * - the audit trail (migration 0020): one partition per month of `at`, this month and the next
 *   three kept ready; `at` is ISO text until migration 0023 and `timestamptz` after it, and the
 *   bounds are written for whichever type the column has;
 * - sessions and measure responses (migration 0023): one partition per year of their id. Ids are
 *   UUIDv7, whose first 48 bits are the creation time in milliseconds, so a range of ids is a range
 *   of creation times: the year's bounds are the ids of its first millisecond. This year and the
 *   next are kept ready.
 *
 * Run by the migrations (from the oldest row on) and at every start on PostgreSQL. A period whose
 * rows already sit in the default partition is left there: PostgreSQL refuses to carve it out
 * (moving them is an operator's step, docs/scale.md).
 */
import type { QueryExecutorProvider } from 'kysely';
import { sql } from 'kysely';

/** Months of the audit trail kept ready beyond the current one. */
export const MONTHS_AHEAD = 3;
/** Years of sessions and measure responses kept ready beyond the current one. */
export const YEARS_AHEAD = 1;
/** The tables partitioned by year of their UUIDv7 id (migration 0023). */
export const YEARLY_TABLES = ['therapy_sessions', 'measure_responses'] as const;
export type YearlyTable = (typeof YEARLY_TABLES)[number];

const monthKey = (y: number, m: number): string => `${String(y).padStart(4, '0')}-${String(m + 1).padStart(2, '0')}`;

/**
 * The months from `from` (ISO text, or now) to now + MONTHS_AHEAD, as [partition name, lower,
 * upper]; the bounds are 'YYYY-MM' (for the text column of 0020), or with `timestamps` the first
 * instant of the month in UTC (for the timestamptz column of 0023).
 */
export function monthsToKeep(now: Date, from?: string, timestamps = false): [string, string, string][] {
  const nowIndex = now.getUTCFullYear() * 12 + now.getUTCMonth();
  const fromIndex = from && /^\d{4}-\d{2}/.test(from) ? Number(from.slice(0, 4)) * 12 + Number(from.slice(5, 7)) - 1 : nowIndex;
  const bound = (i: number) => {
    const key = monthKey(Math.floor(i / 12), i % 12);
    return timestamps ? `${key}-01T00:00:00Z` : key;
  };
  const out: [string, string, string][] = [];
  for (let i = Math.min(fromIndex, nowIndex); i <= nowIndex + MONTHS_AHEAD; i++) {
    out.push([`audit_events_${monthKey(Math.floor(i / 12), i % 12).replace('-', '_')}`, bound(i), bound(i + 1)]);
  }
  return out;
}

/** The smallest UUID whose UUIDv7 time is `ms` (its 48-bit prefix, the rest zero). */
export function uuidAtMs(ms: number): string {
  const h = Math.max(0, Math.min(ms, 2 ** 48 - 1))
    .toString(16)
    .padStart(12, '0');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-0000-0000-000000000000`;
}

/** The years from `fromYear` (or now) to now + YEARS_AHEAD of `table`, as [partition name, lower id, upper id]. */
export function yearsToKeep(table: YearlyTable, now: Date, fromYear?: number): [string, string, string][] {
  const nowYear = now.getUTCFullYear();
  const first = fromYear !== undefined && Number.isInteger(fromYear) && fromYear >= 2000 ? Math.min(fromYear, nowYear) : nowYear;
  const out: [string, string, string][] = [];
  for (let y = first; y <= nowYear + YEARS_AHEAD; y++) {
    out.push([`${table}_${y}`, uuidAtMs(Date.UTC(y, 0, 1)), uuidAtMs(Date.UTC(y + 1, 0, 1))]);
  }
  return out;
}

async function children(db: QueryExecutorProvider, parent: string): Promise<Set<string>> {
  const r = await sql<{ name: string }>`
    select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid join pg_class p on p.oid = i.inhparent
    where p.relname = ${parent}`.execute(db);
  return new Set(r.rows.map((x) => x.name));
}

async function isPartitioned(db: QueryExecutorProvider, table: string): Promise<boolean> {
  const r = await sql<{
    n: number;
  }>`select count(*)::int as n from pg_partitioned_table t join pg_class c on c.oid = t.partrelid where c.relname = ${table}`.execute(db);
  return Number(r.rows[0]?.n ?? 0) > 0;
}

/** Creates each missing partition of `parent`; returns the names made. Names and bounds are made here from numbers, never from input. */
async function makePartitions(db: QueryExecutorProvider, parent: string, wanted: [string, string, string][]): Promise<string[]> {
  const made: string[] = [];
  const have = await children(db, parent);
  for (const [name, lower, upper] of wanted) {
    if (have.has(name)) continue;
    try {
      await sql`savepoint accord_partition`.execute(db);
      await sql.raw(`create table ${name} partition of ${parent} for values from ('${lower}') to ('${upper}')`).execute(db);
      await sql`release savepoint accord_partition`.execute(db);
      made.push(name);
    } catch {
      // Rows of that period are already in the default partition, or another instance made it.
      await sql`rollback to savepoint accord_partition`.execute(db);
    }
  }
  return made;
}

/** Creates the audit trail's missing monthly partitions; returns the names made. PostgreSQL only. */
export async function ensureAuditPartitions(db: QueryExecutorProvider, now: Date, from?: string): Promise<string[]> {
  const type = await sql<{ t: string }>`
    select format_type(a.atttypid, a.atttypmod) as t from pg_attribute a join pg_class c on c.oid = a.attrelid
    where c.relname = 'audit_events' and a.attname = 'at'`.execute(db);
  const timestamps = type.rows[0]?.t === 'timestamp with time zone';
  return makePartitions(db, 'audit_events', monthsToKeep(now, from, timestamps));
}

/** Creates the missing yearly partitions of sessions and measure responses (once 0023 made them partitioned); returns the names made. PostgreSQL only. */
export async function ensureYearlyPartitions(db: QueryExecutorProvider, now: Date, fromYear?: Partial<Record<YearlyTable, number>>): Promise<string[]> {
  const made: string[] = [];
  for (const table of YEARLY_TABLES) {
    if (!(await isPartitioned(db, table))) continue;
    made.push(...(await makePartitions(db, table, yearsToKeep(table, now, fromYear?.[table]))));
  }
  return made;
}

/** Every partition kept ahead at start: the audit trail's months, the sessions' and responses' years. */
export async function ensurePartitions(db: QueryExecutorProvider, now: Date): Promise<string[]> {
  return [...(await ensureAuditPartitions(db, now)), ...(await ensureYearlyPartitions(db, now))];
}
