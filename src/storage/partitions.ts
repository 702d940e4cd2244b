/**
 * PostgreSQL's monthly partitions of the audit trail (migration 0020): one per month, made ahead
 * of time so an append never lands in the default partition. Run by migration 0020 (from the
 * oldest event on) and at every start on PostgreSQL (this month and the next three). A month whose
 * rows already sit in the default partition is left there: PostgreSQL refuses to carve it out
 * (moving them is an operator's step, docs/scale.md).
 */
import type { QueryExecutorProvider } from 'kysely';
import { sql } from 'kysely';

/** Months kept ready beyond the current one. */
export const MONTHS_AHEAD = 3;

const monthKey = (y: number, m: number): string => `${String(y).padStart(4, '0')}-${String(m + 1).padStart(2, '0')}`;

/** The months from `from` (ISO text, or now) to now + MONTHS_AHEAD, as [partition name, lower, upper]. */
export function monthsToKeep(now: Date, from?: string): [string, string, string][] {
  const nowIndex = now.getUTCFullYear() * 12 + now.getUTCMonth();
  const fromIndex = from && /^\d{4}-\d{2}/.test(from) ? Number(from.slice(0, 4)) * 12 + Number(from.slice(5, 7)) - 1 : nowIndex;
  const out: [string, string, string][] = [];
  for (let i = Math.min(fromIndex, nowIndex); i <= nowIndex + MONTHS_AHEAD; i++) {
    const lower = monthKey(Math.floor(i / 12), i % 12);
    out.push([`audit_events_${lower.replace('-', '_')}`, lower, monthKey(Math.floor((i + 1) / 12), (i + 1) % 12)]);
  }
  return out;
}

/** Creates the missing monthly partitions; returns the names made. PostgreSQL only. */
export async function ensureAuditPartitions(db: QueryExecutorProvider, now: Date, from?: string): Promise<string[]> {
  const made: string[] = [];
  const existing = await sql<{ name: string }>`
    select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid join pg_class p on p.oid = i.inhparent
    where p.relname = 'audit_events'`.execute(db);
  const have = new Set(existing.rows.map((r) => r.name));
  for (const [name, lower, upper] of monthsToKeep(now, from)) {
    if (have.has(name)) continue;
    try {
      // Names and bounds are made here from numbers, never from input.
      await sql`savepoint accord_partition`.execute(db);
      await sql.raw(`create table ${name} partition of audit_events for values from ('${lower}') to ('${upper}')`).execute(db);
      await sql`release savepoint accord_partition`.execute(db);
      made.push(name);
    } catch {
      // Rows of that month are already in the default partition, or another instance made it.
      await sql`rollback to savepoint accord_partition`.execute(db);
    }
  }
  return made;
}
