/**
 * One Accord process per data directory. The lock is an exclusive SQLite lock on a small file
 * beside the database: the operating system releases it when the process dies (even on kill -9),
 * so a stale lock never blocks a restart, and a second process is refused at once.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

export type DataDirLock = { release(): void };

export class DataDirBusyError extends Error {
  constructor(dir: string) {
    super(`Another Accord process is already using the data directory ${dir}. Stop it first, or give this one its own --data directory.`);
    this.name = 'DataDirBusyError';
  }
}

export function lockDataDir(dir: string): DataDirLock {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const db = new Database(join(dir, 'accord.lock'), { timeout: 2000 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('create table if not exists holder (pid integer)');
    db.exec('begin exclusive');
    db.prepare('delete from holder').run();
    db.prepare('insert into holder (pid) values (?)').run(process.pid);
  } catch (err) {
    db.close();
    if (err instanceof Error && /locked|busy/i.test(err.message)) throw new DataDirBusyError(dir);
    throw err;
  }
  return {
    release: () => {
      try {
        db.exec('rollback');
      } catch {
        /* already closed */
      }
      db.close();
    },
  };
}
