/**
 * Fixed-shape queries compiled once. Kysely builds an operation tree and compiles it to SQL for
 * every query it runs; for a one-row read on SQLite that is about a third of Kysely's own time
 * (scripts/bench-statements.ts). A query whose SQL text never depends on its arguments — only
 * `where column = value` with scalar values, no `in` lists, no optional clauses — can be compiled
 * on its first run and afterwards run with the new arguments put in place of the old parameters.
 *
 * Safety: the first run checks that the compiled parameters are exactly the arguments, in order
 * (same count, each the same value). A query that adds parameters of its own, drops or reorders
 * an argument, or expands an array into a list fails that check on its first run — in the
 * storage contract suites, which run every store method on both databases — instead of running
 * with misplaced values. The compiled SQL depends on the Kysely instance's dialect (and its
 * plugins, of which Accord has none), so it is kept per dialect adapter: a database and its
 * transactions share one, SQLite and PostgreSQL each have their own.
 */
import { CompiledQuery } from 'kysely';
import type { Compilable, DialectAdapter } from 'kysely';
import type { Db } from './kysely-context.ts';

/**
 * A query, built by `build` from its arguments, compiled once per dialect; the function returned
 * runs it on `db` (a database or a transaction) with `args` and gives its rows.
 */
export function compiledOnce<A extends readonly unknown[], R>(build: (db: Db, ...args: A) => Compilable<R>): (db: Db, ...args: A) => Promise<R[]> {
  const compiled = new WeakMap<DialectAdapter, CompiledQuery<R>>();
  return async (db, ...args) => {
    const adapter = db.getExecutor().adapter;
    const known = compiled.get(adapter);
    if (known) return (await db.executeQuery<R>({ ...known, parameters: args })).rows;
    const fresh = build(db, ...args).compile();
    if (fresh.parameters.length !== args.length || fresh.parameters.some((p, i) => p !== args[i])) {
      throw new Error(`not a fixed-shape query (its parameters are not its arguments, in order): ${fresh.sql}`);
    }
    compiled.set(adapter, fresh);
    return (await db.executeQuery(fresh)).rows;
  };
}

/**
 * A fixed SQL text written with `?` placeholders, in the dialect's form (`$1`, `$2`… on
 * PostgreSQL), worked out once per text. For statements on the hot path whose text is known ahead
 * (the audit append): running it costs no operation tree and no compilation. The text must hold
 * no other `?` (no string literals, no JSON operators).
 */
const numbered = new Map<string, string>();
export function fixedText(dialect: 'sqlite' | 'postgres', text: string): string {
  if (dialect === 'sqlite') return text;
  let out = numbered.get(text);
  if (out === undefined) {
    let n = 0;
    out = text.replace(/\?/g, () => `$${++n}`);
    numbered.set(text, out);
  }
  return out;
}

/** Runs a fixed text (`fixedText`) with its parameters on `db` (a database or a transaction); its rows. */
export async function runFixed<R>(db: Db, dialect: 'sqlite' | 'postgres', text: string, parameters: readonly unknown[]): Promise<R[]> {
  return (await db.executeQuery<R>(CompiledQuery.raw(fixedText(dialect, text), [...parameters]))).rows;
}

/**
 * `insert into "table" ("a", "b") values (?, ?), (?, ?)…` for `rows` rows, as Kysely writes it
 * (so the statement cache and the row cache see the same text); kept per table, columns and count.
 */
const inserts = new Map<string, string>();
export function insertText(table: string, columns: readonly string[], rows: number): string {
  const key = `${table}\u0000${columns.join(',')}\u0000${rows}`;
  let text = inserts.get(key);
  if (text === undefined) {
    const one = `(${columns.map(() => '?').join(', ')})`;
    text = `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values ${Array.from({ length: rows }, () => one).join(', ')}`;
    if (inserts.size < 1000) inserts.set(key, text);
  }
  return text;
}
