/**
 * Group commit for SQLite (issue 10): the write transactions that are waiting for the one
 * connection when a transaction starts run inside it, one after another, each under a savepoint of
 * its own, and commit together — one commit, one fsync and one copy of each page they share (the
 * audit trail's, the lane's head, a table's last page) for all of them, where each used to commit
 * and sync alone.
 *
 * What does not change:
 * - **Nothing is answered before it is durable.** A transaction's `run` resolves only after the
 *   commit of its group has returned (synchronous = FULL: the WAL is on disk), so its caller — the
 *   request, its audit event, the follow-ups queued after it — goes on only then.
 * - **Nothing uncommitted is seen outside the group.** The group holds the connection from its
 *   `begin immediate` to its commit; reads outside a transaction wait for it, as they waited for a
 *   single transaction (Kysely's connection lock). The transactions of one group run one at a time.
 * - **A transaction that fails is undone alone**: its savepoint is rolled back and its caller gets
 *   its error; the others of the group go on. If the commit itself fails (a full disk), none of the
 *   group holds, and every one of them gets the error.
 * - Nested use is unchanged: inside a transaction, `transaction()` runs in it (store.ts).
 *
 * A group takes the transactions that are queued by the time the one before finishes, up to
 * `maxPerGroup` and for at most `maxGroupMs` (so a transaction done early in a group does not wait
 * long for the others); one that arrives while the commit runs starts the next group. A transaction that
 * arrives alone (a quiet practice) is a group of one: the same statements as before (the first of
 * a group needs no savepoint), and one turn of the event loop before its commit. PostgreSQL has no group here: it runs its own transactions side by
 * side and groups their WAL flushes itself.
 */
import { sql } from 'kysely';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from './schema.ts';

type Waiting = {
  fn: (tx: Transaction<DB>) => Promise<unknown>;
  gather: boolean;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
};

/** The first transaction of a group failed: the whole transaction is rolled back, it alone is told its error. */
class FirstFailed extends Error {
  constructor(readonly error: unknown) {
    super('the first transaction of a group failed');
  }
}

export class GroupCommit {
  #queue: Waiting[] = [];
  #running = false;
  /** Groups committed and the transactions they held (for tests and measurements). */
  groups = 0;
  transactions = 0;

  constructor(
    private readonly db: Kysely<DB>,
    readonly maxPerGroup = 64,
    /** A group takes no more transactions once it has been open this long: the ones done wait for its commit. */
    readonly maxGroupMs = 25,
  ) {}

  /**
   * Runs `fn` in the next group's transaction; resolves with its result once the group has
   * committed. `gather: false` (the audit log's batches, which gathered their events already): the
   * group does not wait a turn for others on its account.
   */
  run<T>(fn: (tx: Transaction<DB>) => Promise<T>, opts: { gather?: boolean } = {}): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ fn, gather: opts.gather ?? true, resolve: resolve as (v: unknown) => void, reject });
      if (!this.#running) void this.#drain();
    });
  }

  async #drain(): Promise<void> {
    this.#running = true;
    try {
      while (this.#queue.length) await this.#group();
    } finally {
      this.#running = false;
    }
  }

  async #group(): Promise<void> {
    const done: [Waiting, unknown][] = [];
    let current: Waiting | undefined;
    let gather = false;
    const opened = performance.now();
    const full = () => done.length >= this.maxPerGroup || performance.now() - opened > this.maxGroupMs;
    try {
      await this.db.transaction().execute(async (tx) => {
        for (;;) {
          if (!this.#queue.length && gather && !full()) {
            // A transaction runs to its end without giving other requests a turn (the statements
            // are synchronous underneath): one turn of the event loop lets the requests already
            // read off their sockets reach their transactions and join this group before it commits.
            gather = false;
            await new Promise<void>((r) => setImmediate(r));
          }
          if (!this.#queue.length || (done.length > 0 && full())) break;
          current = this.#queue.shift()!;
          gather ||= current.gather;
          // The first of a group needs no savepoint: if it fails, the whole transaction is undone.
          const first = done.length === 0;
          if (!first) await sql`savepoint g`.execute(tx);
          let result: unknown;
          try {
            result = await current.fn(tx);
          } catch (err) {
            if (first) throw new FirstFailed(err);
            // Undone alone, and its caller told at once; if the undoing fails, the group ends here.
            await sql`rollback to g`.execute(tx);
            await sql`release g`.execute(tx);
            current.reject(err);
            current = undefined;
            continue;
          }
          if (!first) await sql`release g`.execute(tx);
          done.push([current, result]);
          current = undefined;
        }
      });
    } catch (err) {
      if (err instanceof FirstFailed) {
        current?.reject(err.error);
        return;
      }
      // The commit (or an undo) failed: nothing of this group holds.
      current?.reject(err);
      for (const [w] of done) w.reject(err);
      return;
    }
    this.groups++;
    this.transactions += done.length;
    for (const [w, result] of done) w.resolve(result);
  }
}
