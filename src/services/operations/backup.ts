/**
 * Backups, restores and the integrity check. A backup is a consistent logical copy of every table
 * (read inside one transaction), compressed and sealed with a key derived from the master key,
 * so the same file restores into SQLite or PostgreSQL. The master key itself is never inside.
 * `verify` checks the database's own integrity, the keyed audit chain and every sealed record.
 */
import { createGzip, gunzipSync } from 'node:zlib';
import { reapplyErasures } from '../data-rights/erasure.ts';
import type { Deps } from '../deps.ts';
import type { Store, Vault } from '../ports.ts';
import { verifyIntegrity } from './integrity.ts';
import type { IntegrityReport } from './integrity.ts';

type BackupFile = { format: 'accord-backup'; version: 1; createdAt: string; dialect: string; tables: Record<string, Record<string, unknown>[]> };

/**
 * Writes the backup as it reads it: each table's pages (by key, storage's dumpTable) are turned into
 * JSON and compressed as they come, so what is held is the compressed file, never every row as
 * objects nor one JSON text of the whole database (Node's largest string would bound the backup at
 * about 512 MB of JSON). The file is the same version-1 file as before.
 */
export async function createBackup(deps: Pick<Deps, 'store' | 'vault' | 'clock'>): Promise<{ data: Buffer; rows: number }> {
  let rows = 0;
  const gzip = createGzip();
  const chunks: Buffer[] = [];
  gzip.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    gzip.once('end', resolve);
    gzip.once('error', reject);
  });
  const write = (text: string) => new Promise<void>((resolve) => (gzip.write(text) ? resolve() : gzip.once('drain', resolve)));
  await deps.store.transaction(async (tx) => {
    const head = { format: 'accord-backup', version: 1, createdAt: deps.clock.now().toISOString(), dialect: tx.dialect } satisfies Omit<BackupFile, 'tables'>;
    await write(`${JSON.stringify(head).slice(0, -1)},"tables":{`);
    for (const [i, t] of tx.tables().entries()) {
      await write(`${i ? ',' : ''}${JSON.stringify(t)}:[`);
      let first = true;
      for await (const page of tx.dumpTable(t)) {
        if (!page.length) continue;
        await write(`${first ? '' : ','}${page.map((r) => JSON.stringify(r)).join(',')}`);
        first = false;
        rows += page.length;
      }
      await write(']');
    }
    await write('}}');
  });
  gzip.end();
  await ended;
  return { data: deps.vault.sealBlob(Buffer.concat(chunks)), rows };
}

export type BackupReading =
  { ok: true; file: BackupFile } | { ok: false; reason: 'not_a_backup' | 'other_master_key' | 'damaged' | 'unsupported'; masterKeyId?: string };

/**
 * Opens a backup file without writing anything, saying why it does not open: not a backup at all,
 * sealed under another master key than the ones at hand (the usual case: restoring without the
 * practice's key), or damaged.
 */
export function readBackup(vault: Pick<Vault, 'openBlob'>, data: Buffer): BackupReading {
  const [magic, masterKeyId] = data.subarray(0, 100).toString('utf8').split(' ');
  if (magic !== 'ACCORD-BACKUP' || !masterKeyId) return { ok: false, reason: 'not_a_backup' };
  let plain: Buffer;
  try {
    plain = vault.openBlob(data);
  } catch {
    return { ok: false, reason: 'other_master_key', masterKeyId };
  }
  let file: BackupFile;
  try {
    file = JSON.parse(gunzipSync(plain).toString('utf8')) as BackupFile;
  } catch {
    return { ok: false, reason: 'damaged', masterKeyId };
  }
  if (file.format !== 'accord-backup' || file.version !== 1) return { ok: false, reason: 'unsupported', masterKeyId };
  return { ok: true, file };
}

/** Restores into an empty database; the whole restore is one transaction. */
/**
 * Loads a backup into an empty database, in one transaction. With the erasure log at hand, the
 * erasures made since the backup are re-applied in the same transaction (their data keys deleted
 * again), so a restore never brings an erased record back.
 */
export async function restoreBackup(
  deps: Pick<Deps, 'store' | 'vault' | 'clock'> & Partial<Pick<Deps, 'ids' | 'erasureLog'>>,
  data: Buffer,
): Promise<{ rows: number; erasuresReapplied: number }> {
  const read = readBackup(deps.vault, data);
  if (!read.ok)
    throw new Error(
      read.reason === 'other_master_key' ? 'This backup was made under another master key.' : 'This file is not an Accord backup this version can read.',
    );
  const file = read.file;
  let rows = 0;
  let erasuresReapplied = 0;
  await deps.store.transaction(async (tx) => {
    if (!(await tx.isEmpty())) throw new Error('The target database already holds a practice. Restore into an empty data directory or database.');
    for (const t of tx.tables()) {
      const list = file.tables[t] ?? [];
      if (t === 'meta') continue; // migrations wrote their own meta rows; keep the backup's below
      await tx.loadTable(t, list);
      rows += list.length;
    }
    for (const row of file.tables.meta ?? []) await tx.setMeta(String(row.key), String(row.value));
    // A backup from before integrity seals: seal what it holds now (its history starts unsealed).
    if (!(file.tables.meta ?? []).some((row) => row.key === 'integrity')) await tx.sealIntegrity(deps.clock.now().toISOString(), { replace: true });
    if (deps.ids && deps.erasureLog) erasuresReapplied = await reapplyErasures({ store: tx, ids: deps.ids, erasureLog: deps.erasureLog });
  });
  return { rows, erasuresReapplied };
}

export type VerifyReport = { ok: boolean; database: string[] } & Omit<IntegrityReport, 'ok'>;

export async function verifyStore(store: Store): Promise<VerifyReport> {
  const database = await store.integrityCheck();
  const { ok, ...integrity } = await verifyIntegrity(store);
  return { ok: database.length === 0 && ok, database, ...integrity };
}
