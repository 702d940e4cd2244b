/**
 * Opens Accord's storage: takes the data-directory lock (SQLite), connects, applies migrations,
 * keeps PostgreSQL's partitions ahead (the audit trail's months, the sessions' and responses' years), opens the master-key ring, seals account identities still in clear from before 0006, and seals
 * a database that has no integrity key yet (the first start after the upgrade that brought seals).
 * The caller gets the Store and Vault ports and one close(). `seal: false` opens without sealing
 * (verify must report an unsealed database, not seal it).
 */
import { KyselyStore } from './store.ts';
import { GroupCommit } from './group-commit.ts';
import { compactSqlite, connect, migrate } from './database.ts';
import { lockDataDir } from './data-dir-lock.ts';
import type { DataDirLock } from './data-dir-lock.ts';
import { openKeyRing } from './keyring.ts';
import { ensurePartitions } from './partitions.ts';
import type { Store, Vault } from '../services/ports.ts';

export type OpenedStorage = { store: Store; vault: Vault; dialect: 'sqlite' | 'postgres'; migrated: string[]; close(): Promise<void> };

export async function openStorage(opts: {
  dataDir: string;
  databaseUrl?: string | undefined;
  /** A streaming read replica of databaseUrl, read by the reports (PostgreSQL only). */
  databaseReadUrl?: string | undefined;
  keyFile: string;
  masterKey?: string | undefined;
  memory?: boolean;
  lock?: boolean;
  seal?: boolean;
}): Promise<OpenedStorage> {
  let lock: DataDirLock | undefined;
  if (!opts.databaseUrl && !opts.memory && opts.lock !== false) lock = lockDataDir(opts.dataDir);
  try {
    if (opts.databaseReadUrl && !opts.databaseUrl) throw new Error('DATABASE_READ_URL names a replica of a PostgreSQL primary: set DATABASE_URL too.');
    const conn = connect({ databaseUrl: opts.databaseUrl, databaseReadUrl: opts.databaseReadUrl, dataDir: opts.dataDir, memory: opts.memory ?? false });
    const migrated = await migrate(conn.db);
    // PostgreSQL: the audit trail's monthly partitions kept three months ahead, the sessions' and responses' yearly ones a year ahead (partitions.ts).
    if (conn.dialect === 'postgres') await conn.db.transaction().execute((tx) => ensurePartitions(tx, new Date()));
    const vault = openKeyRing({ keyFile: opts.keyFile, envKey: opts.masterKey });
    const store = new KyselyStore(conn.db, conn.dialect, vault, false, {
      opened: new Map(),
      rows: conn.rows,
      reads: conn.reads,
      group: conn.dialect === 'sqlite' ? new GroupCommit(conn.db) : undefined,
    });
    // Migration 0031 adds the caseload's per-series summary: filled from the responses already held.
    if (migrated.includes('0031-measure-series')) await store.rebuildMeasureSeries();
    if (opts.seal !== false) {
      try {
        // Accounts written before identities were sealed are sealed now; on SQLite the file is then
        // rebuilt so the clear text does not linger in free pages or the WAL.
        if ((await store.sealAccountIdentities()) > 0 && conn.dialect === 'sqlite') await compactSqlite(conn.db);
        await store.sealIntegrity(new Date().toISOString());
      } catch (err) {
        await conn.close();
        throw err;
      }
    }
    return {
      store,
      vault,
      dialect: conn.dialect,
      migrated,
      close: async () => {
        await conn.close();
        lock?.release();
      },
    };
  } catch (err) {
    lock?.release();
    throw err;
  }
}
