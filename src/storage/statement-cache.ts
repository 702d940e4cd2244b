/**
 * A prepared-statement cache for SQLite. Kysely's SQLite driver calls `prepare(sql)` for every
 * query it runs, and preparing (parsing and planning the SQL) costs more than running a one-row
 * read; the queries of a store have a few hundred distinct texts, each run many times. This wraps
 * the better-sqlite3 Database handed to Kysely so that `prepare` returns one Statement per SQL
 * text, kept in a bounded least-recently-used map.
 *
 * Why reusing a Statement is safe here:
 * - better-sqlite3 resets a statement and clears its bindings at the end of every `all`/`run`/`get`
 *   (on error too), so a cached statement carries no parameters, no open cursor and no read
 *   snapshot from one query into the next: it holds no lock, and WAL checkpoints and VACUUM are not
 *   blocked by it.
 * - better-sqlite3 is synchronous and Kysely's SQLite driver runs one query at a time on its one
 *   connection, so a statement is never run while it is running. The one way a statement stays
 *   open between calls is an iterator (Kysely's `stream()`): while one is open the statement is
 *   `busy`, and the cache then hands out a freshly prepared statement instead of the busy one.
 * - Statements are prepared with sqlite3_prepare_v3, which re-prepares by itself after a schema
 *   change (a migration, VACUUM), and better-sqlite3 reads the column names of each result as it
 *   builds the rows, so a cached `select *` follows an added column.
 * - Only Kysely sees this wrapper, and Kysely never switches a statement's modes (raw, pluck,
 *   expand, safeIntegers) nor binds parameters for good, so a shared statement behaves the same
 *   for every caller. Whatever else needs the Database (pragmas at open) uses it directly.
 * - The cache is per Database: statements belong to their connection and are dropped on close.
 */
import type Database from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';
import { RowCache, tableWritten } from './row-cache.ts';

/** Enough for every distinct query text of the stores, migrations aside, with room for `in` lists of varying length. */
export const STATEMENT_CACHE_SIZE = 500;

export class StatementCache implements SqliteDatabase {
  /** Statements by SQL text, least recently used first (a Map iterates in insertion order). */
  readonly #statements = new Map<string, Database.Statement>();

  /** The answers cached above this connection (row-cache.ts): told of every write before it runs. */
  readonly rows: RowCache;
  /** What each SQL text writes (row-cache.ts's `tableWritten`), worked out once per text. */
  readonly #writes = new Map<string, string | undefined | null>();

  constructor(
    readonly database: Database.Database,
    readonly capacity = STATEMENT_CACHE_SIZE,
  ) {
    if (!(capacity >= 1)) throw new RangeError(`a statement cache holds at least one statement, not ${capacity}`);
    const dataVersion = database.prepare('pragma data_version').pluck();
    this.rows = new RowCache(() => dataVersion.get() as number);
  }

  /** The cached Statement for `sql`, prepared on first use; a fresh, uncached one while the cached one is iterating. */
  prepare(sql: string): Database.Statement {
    // Kysely runs what it prepares at once (synchronously), so a write is announced just before it runs.
    const stmt = this.#statement(sql);
    let writes = this.#writes.get(sql);
    if (writes === undefined && !this.#writes.has(sql)) {
      writes = tableWritten(sql);
      // A `with …` read (a recursive walk, a values list) names no table by its first word; SQLite
      // itself says whether the statement can write (sqlite3_stmt_readonly). Without this every
      // such read counted as an unknown write and emptied the whole cache.
      if (writes === undefined && /^\s*with\b/i.test(sql) && stmt.readonly) writes = null;
      if (this.#writes.size < 4 * this.capacity) this.#writes.set(sql, writes);
    }
    if (writes !== null) this.rows.written(writes);
    return stmt;
  }

  #statement(sql: string): Database.Statement {
    const cached = this.#statements.get(sql);
    if (cached) {
      if (cached.busy) return this.database.prepare(sql);
      // Moved to the most recently used end.
      this.#statements.delete(sql);
      this.#statements.set(sql, cached);
      return cached;
    }
    const stmt = this.database.prepare(sql);
    this.#statements.set(sql, stmt);
    if (this.#statements.size > this.capacity) {
      // The least recently used statement goes; better-sqlite3 finalises it when it is collected.
      for (const oldest of this.#statements.keys()) {
        this.#statements.delete(oldest);
        break;
      }
    }
    return stmt;
  }

  /** How many statements are cached. */
  get size(): number {
    return this.#statements.size;
  }

  /** Drops the cached statements and closes the database. */
  close(): void {
    this.#statements.clear();
    this.database.close();
  }
}
