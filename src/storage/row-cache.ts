/**
 * A read-through cache of store answers for SQLite, where one process owns the database file
 * (the data-directory lock) and every write goes through one connection whose statements this
 * process prepares. It keeps what the hot read paths ask for on every request — the signed-in
 * session and its user, the practice, supervisions, a client, its data key, its courses — so an
 * audited read costs its audit event and little else.
 *
 * Why an answer is never stale:
 * - Every statement is prepared through the StatementCache, which tells this cache which table a
 *   write touches (`insert into "t"`, `update "t"`, `delete from "t"`) before it runs; anything it
 *   cannot name (DDL, a restore's raw SQL) drops everything. Entries are tagged with the tables
 *   they were read from and dropped with them. The schema has no triggers and no cascades, so a
 *   write touches only the table it names.
 * - A commit by another connection (another process such as `accord rotate-key`, a second
 *   connection in this one) moves SQLite's `data_version`, which is checked at the first look-up of
 *   each turn of the event loop (reading it costs a look at the WAL index, so not at every one):
 *   any change drops everything. Look-ups within one turn answer as of that check, as reads made
 *   at that moment would; a request's reads are not one snapshot either way (they are not in a
 *   transaction).
 * - An answer loaded while a write ran (between the query and its continuation) is not kept: each
 *   table has a generation that a write moves, and a load is kept only if none of its tables moved.
 * - Reads inside a transaction never use the cache (they may see the transaction's own writes,
 *   which could still roll back).
 * - Rows are frozen (a caller that tried to change a cached row would throw, not corrupt it), and a
 *   list or a map is handed out as a fresh copy each time, so changing it in place is safe.
 * - The key of an entry is its method and arguments (store.ts `cacheKey`): only strings, numbers,
 *   booleans, null, arrays and sets of them; a call with any other argument is not cached.
 *
 * PostgreSQL has no such cache: several instances may write, and none of them sees the others'
 * statements.
 */

export class RowCache {
  readonly #entries = new Map<string, { value: unknown; tables: readonly string[] }>();
  /** The keys of the entries read from each table. */
  readonly #byTable = new Map<string, Set<string>>();
  readonly #generations = new Map<string, number>();
  #everything = 0;
  #dataVersion: number | undefined;
  /** Whether data_version was read in this turn of the event loop. */
  #checked = false;

  constructor(
    /** SQLite's `pragma data_version` on the connection the stores use. */
    private readonly dataVersion: () => number,
    readonly capacity = 20_000,
  ) {}

  /** A write to `table` is about to run (or, with no table, a statement whose effect is not known). */
  written(table: string | undefined): void {
    if (table === undefined) {
      this.#everything++;
      this.#entries.clear();
      this.#byTable.clear();
      return;
    }
    this.#generations.set(table, (this.#generations.get(table) ?? 0) + 1);
    const keys = this.#byTable.get(table);
    if (!keys) return; // the common case: a table nothing cached was read from (the audit trail)
    this.#byTable.delete(table);
    for (const key of keys) this.#drop(key);
  }

  #drop(key: string): void {
    const e = this.#entries.get(key);
    if (!e) return;
    this.#entries.delete(key);
    for (const t of e.tables) this.#byTable.get(t)?.delete(key);
  }

  /** The cached answer for `key`, or `load()`'s, kept when no write to `tables` ran meanwhile. */
  async get<T>(tables: readonly string[], key: string, load: () => Promise<T>): Promise<T> {
    this.#checkOthers();
    const hit = this.#entries.get(key);
    if (hit) {
      this.#entries.delete(key);
      this.#entries.set(key, hit);
      return handOut(hit.value) as T;
    }
    const before = this.#stamp(tables);
    const value = await load();
    this.#checkOthers();
    if (this.#stamp(tables) === before) this.#keep(key, freezeRows(value), tables);
    return handOut(value);
  }

  #keep(key: string, value: unknown, tables: readonly string[]): void {
    this.#entries.delete(key);
    this.#entries.set(key, { value, tables });
    for (const t of tables) {
      let keys = this.#byTable.get(t);
      if (!keys) this.#byTable.set(t, (keys = new Set()));
      keys.add(key);
    }
    if (this.#entries.size > this.capacity) this.#drop(this.#entries.keys().next().value!);
  }

  /**
   * An answer that depends on the time of the call as well as on the rows: `load` gives the answer
   * at `at` and the first moment it may change without a write (`until`, or null for never). It is
   * answered from the cache for any time in [the time it was loaded at, `until`), so "the next
   * session after now" is read once until that session begins or a session is written.
   */
  async getAt<T>(tables: readonly string[], key: string, at: string, load: () => Promise<{ value: T; until: string | null }>): Promise<T> {
    this.#checkOthers();
    const hit = this.#entries.get(key);
    const timed = hit?.value as { value: T; from: string; until: string | null } | undefined;
    if (hit && timed && timed.from <= at && (timed.until === null || at < timed.until)) {
      this.#entries.delete(key);
      this.#entries.set(key, hit);
      return handOut(timed.value);
    }
    const before = this.#stamp(tables);
    const { value, until } = await load();
    this.#checkOthers();
    if (this.#stamp(tables) === before) this.#keep(key, { value: freezeRows(value), from: at, until }, tables);
    return handOut(value);
  }

  get size(): number {
    return this.#entries.size;
  }

  #stamp(tables: readonly string[]): string {
    let s = `${this.#everything}`;
    for (const t of tables) s += `:${this.#generations.get(t) ?? 0}`;
    return s;
  }

  #checkOthers(): void {
    if (this.#checked) return;
    this.#checked = true;
    setImmediate(() => (this.#checked = false));
    const v = this.dataVersion();
    if (v !== this.#dataVersion) {
      if (this.#dataVersion !== undefined) this.written(undefined);
      this.#dataVersion = v;
    }
  }
}

/** The table a write statement names, `undefined` for a statement that writes something unknown, `null` for one that does not write. */
export function tableWritten(sqlText: string): string | undefined | null {
  const m = /^\s*(\w+)/.exec(sqlText);
  const verb = m?.[1]?.toLowerCase();
  if (verb === 'select' || verb === 'begin' || verb === 'commit' || verb === 'rollback' || verb === 'savepoint' || verb === 'release') return null;
  const w = /^\s*(?:insert\s+(?:or\s+\w+\s+)?into|update|delete\s+from|replace\s+into)\s+"?([A-Za-z_][A-Za-z0-9_]*)"?/i.exec(sqlText);
  return w ? w[1]!.toLowerCase() : undefined;
}

/** Freezes every object in a value (rows, their nested values); arrays are copied on the way out instead. */
function freezeRows<T>(v: T): T {
  if (v && typeof v === 'object') {
    if (!Array.isArray(v)) Object.freeze(v);
    for (const x of Object.values(v)) freezeRows(x);
  }
  return v;
}

/** A list or a map as a fresh one (its rows shared and frozen); anything else as it is. */
function handOut<T>(v: T): T {
  return (Array.isArray(v) ? [...v] : v instanceof Map ? new Map(v) : v) as T;
}
