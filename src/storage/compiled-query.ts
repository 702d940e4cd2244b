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
import type { Compilable, CompiledQuery, DialectAdapter } from 'kysely';
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
