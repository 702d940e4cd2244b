/**
 * Group commit for SQLite: commits are written to the WAL without waiting for the disk, and the
 * WAL is flushed (fsync) off the event loop, once for every commit made while the previous flush
 * ran. Nothing is answered before it is durable: `durable()` resolves once every commit made
 * before the call is on disk, and the HTTP layer awaits it before any response leaves (app.ts), as
 * the audit log does before a read's data is handed back and a unit of work does after its commit.
 *
 * Why this is as durable as `synchronous = FULL`:
 * - In WAL mode FULL differs from NORMAL only in that each commit syncs the WAL file before it
 *   returns. Here the connection runs with NORMAL and the WAL is synced by this class before any
 *   answer that could depend on the commit is sent. A commit whose answer was never sent may be lost
 *   in a power failure, as with FULL (it had not returned); SQLite's WAL recovery checks every frame's
 *   checksum, so a torn tail is ignored, never half applied.
 * - A killed process loses nothing: a committed transaction is in the operating system's cache once
 *   its write calls return, whatever the sync setting.
 * - Checkpoints sync the WAL before copying it and the database file after, with NORMAL too.
 * - fsync applies to the file, not to the descriptor: flushing our own read-only descriptor of the
 *   `-wal` file flushes what SQLite's connection wrote to it.
 *
 * What counts as a commit is decided as each statement is prepared (statement-cache.ts): Kysely
 * runs a statement synchronously right after preparing it, so no other JavaScript runs between the
 * two, and a flush scheduled afterwards covers it.
 */
import { closeSync, fsync, openSync } from 'node:fs';

type Waiter = { target: number; resolve: () => void; reject: (e: unknown) => void };

export class WalSync {
  /** Commits made so far (COMMIT statements, and writes that ran outside a transaction). */
  #commits = 0;
  /** Every commit up to this count is on disk. */
  #synced = 0;
  #flushing = false;
  #waiters: Waiter[] = [];
  #fd: number | undefined;
  /** Flushes run (for the tests and the benchmark's notes). */
  flushes = 0;

  constructor(readonly walFile: string) {}

  /** Called as a committing statement is prepared. */
  committed(): void {
    this.#commits++;
  }

  /** Resolves when every commit made so far is on disk. */
  durable(): Promise<void> {
    const target = this.#commits;
    if (this.#synced >= target) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.#waiters.push({ target, resolve, reject });
      if (!this.#flushing) this.#flush();
    });
  }

  #flush(): void {
    this.#flushing = true;
    const upTo = this.#commits;
    const done = (err: NodeJS.ErrnoException | null): void => {
      this.#flushing = false;
      this.flushes++;
      if (err) {
        // A failed flush leaves unknown what reached the disk: every waiter is refused, and the next
        // call opens the file again.
        this.#closeFd();
        const waiters = this.#waiters;
        this.#waiters = [];
        for (const w of waiters) w.reject(err);
        return;
      }
      this.#synced = Math.max(this.#synced, upTo);
      const waiting: Waiter[] = [];
      for (const w of this.#waiters) {
        if (w.target <= this.#synced) w.resolve();
        else waiting.push(w);
      }
      this.#waiters = waiting;
      if (waiting.length) this.#flush();
    };
    let fd: number;
    try {
      fd = this.#fd ??= openSync(this.walFile, 'r');
    } catch (err) {
      // No WAL file: the last connection closed and SQLite checkpointed it into the database file,
      // which the checkpoint synced. Nothing is waiting on the disk.
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return done(null);
      return done(err as NodeJS.ErrnoException);
    }
    fsync(fd, done);
  }

  #closeFd(): void {
    if (this.#fd === undefined) return;
    try {
      closeSync(this.#fd);
    } catch {
      /* already gone */
    }
    this.#fd = undefined;
  }

  /** Waits for what is pending, then lets the descriptor go (the connection is closing). */
  async close(): Promise<void> {
    await this.durable().catch(() => undefined);
    this.#closeFd();
  }
}
