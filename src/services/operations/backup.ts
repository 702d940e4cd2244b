/**
 * Backups, restores and the integrity check. A backup is a consistent logical copy of every table
 * (read inside one transaction), compressed and sealed with a key derived from the master key,
 * so the same file restores into SQLite or PostgreSQL. The master key itself is never inside.
 * `verify` checks the database's own integrity, the keyed audit chain and every sealed record.
 *
 * Backups are written in format 2 (backup-stream.ts): sealed segments of newline-delimited JSON,
 * one row a line, written as the tables are paged and read back a segment at a time, so neither a
 * backup nor a restore holds the whole file or every row. Format 1 files (one sealed JSON text,
 * written before) still restore.
 */
import { gunzipSync } from 'node:zlib';
import { reapplyErasures } from '../data-rights/erasure.ts';
import type { Deps } from '../deps.ts';
import type { Store, Vault } from '../ports.ts';
import { verifyIntegrity } from './integrity.ts';
import type { IntegrityReport, VerifyScope } from './integrity.ts';
import { BackupReadError, BackupStreamWriter, readBackupStream, STREAM_MAGIC } from './backup-stream.ts';
import type { BackupProblem, StreamLimits } from './backup-stream.ts';

export { BackupReadError } from './backup-stream.ts';
export type { BackupProblem, StreamLimits } from './backup-stream.ts';

type Tables = Record<string, Record<string, unknown>[]>;
type BackupFile = { format: 'accord-backup'; version: 1 | 2; createdAt: string; dialect: string; tables: Tables };
type Header = { $: 'header'; format: 'accord-backup'; version: 1 | 2; createdAt: string; dialect: string };
type Trailer = { $: 'end'; rows: number; tables: Record<string, number> };

/** Where a backup is read from: the whole file in memory, or its bytes as they come (a file stream). */
export type BackupSource = Buffer | AsyncIterable<Uint8Array>;

/**
 * Writes a backup as it reads it: each table's pages (by key, storage's dumpTable) become lines,
 * gathered into segments that are compressed, sealed and handed to `sink` as they fill, so what is
 * held is one segment, never the rows of a table nor the file. Every table is read in one
 * transaction (a consistent copy).
 */
export async function writeBackup(
  deps: Pick<Deps, 'store' | 'vault' | 'clock'>,
  sink: (chunk: Buffer) => Promise<void> | void,
  opts: { segmentText?: number } = {},
): Promise<{ rows: number; bytes: number }> {
  const out = new BackupStreamWriter(deps.vault, sink, opts.segmentText);
  let rows = 0;
  const counts: Record<string, number> = {};
  await deps.store.transaction(async (tx) => {
    await out.line({ $: 'header', format: 'accord-backup', version: 2, createdAt: deps.clock.now().toISOString(), dialect: tx.dialect } satisfies Header);
    for (const t of tx.tables()) {
      await out.line({ $: 'table', name: t });
      let n = 0;
      for await (const page of tx.dumpTable(t)) {
        for (const r of page) await out.line(r);
        n += page.length;
      }
      counts[t] = n;
      rows += n;
    }
    await out.line({ $: 'end', rows, tables: counts } satisfies Trailer);
  });
  await out.finish();
  return { rows, bytes: out.bytes };
}

/** A backup in memory (tests, the bench): writeBackup into one buffer. The CLI streams to a file instead. */
export async function createBackup(
  deps: Pick<Deps, 'store' | 'vault' | 'clock'>,
  opts: { segmentText?: number } = {},
): Promise<{ data: Buffer; rows: number }> {
  const chunks: Buffer[] = [];
  const { rows } = await writeBackup(deps, (c) => void chunks.push(c), opts);
  return { data: Buffer.concat(chunks), rows };
}

type BackupVault = Pick<Vault, 'openBlob' | 'openBackupSegment'>;

/** The lines of a backup of either format, as format 2 writes them; throws BackupReadError. */
async function* backupLines(vault: BackupVault, source: BackupSource, limits: StreamLimits): AsyncGenerator<unknown> {
  const it: AsyncIterator<Uint8Array> = Buffer.isBuffer(source) ? toAsync([source]) : source[Symbol.asyncIterator]();
  let first = Buffer.alloc(0);
  let ended = false;
  while (first.length < STREAM_MAGIC.length + 1 && !ended) {
    const r = await it.next();
    if (r.done) ended = true;
    else first = Buffer.concat([first, r.value]);
  }
  async function* rest(): AsyncGenerator<Uint8Array> {
    try {
      if (first.length) yield first;
      while (!ended) {
        const r = await it.next();
        if (r.done) return;
        yield r.value;
      }
    } finally {
      await it.return?.();
    }
  }
  if (first.subarray(0, STREAM_MAGIC.length + 1).toString('utf8') === `${STREAM_MAGIC} `) {
    yield* readBackupStream(vault, rest(), limits);
    return;
  }
  // Format 1: one sealed JSON text (bounded by Node's largest string; never written any more).
  const all: Buffer[] = [];
  for await (const c of rest()) all.push(Buffer.from(c));
  const file = openV1(vault, Buffer.concat(all));
  yield { $: 'header', format: 'accord-backup', version: 1, createdAt: file.createdAt, dialect: file.dialect } satisfies Header;
  const counts: Record<string, number> = {};
  let rows = 0;
  for (const [name, list] of Object.entries(file.tables ?? {})) {
    yield { $: 'table', name };
    for (const r of list) yield r;
    counts[name] = list.length;
    rows += list.length;
  }
  yield { $: 'end', rows, tables: counts } satisfies Trailer;
}

function toAsync(list: Buffer[]): AsyncIterator<Uint8Array> {
  let i = 0;
  return { next: async () => (i < list.length ? { done: false, value: list[i++]! } : { done: true, value: undefined }) };
}

function openV1(vault: BackupVault, data: Buffer): BackupFile {
  const [magic, masterKeyId] = data.subarray(0, 100).toString('utf8').split(' ');
  if (magic !== 'ACCORD-BACKUP' || !masterKeyId) throw new BackupReadError('not_a_backup', 'This file is not an Accord backup.');
  let plain: Buffer;
  try {
    plain = vault.openBlob(data);
  } catch {
    throw new BackupReadError('other_master_key', `This backup does not open with master key ${masterKeyId} at hand, or it was altered.`, masterKeyId);
  }
  let file: BackupFile;
  try {
    file = JSON.parse(gunzipSync(plain).toString('utf8')) as BackupFile;
  } catch {
    throw new BackupReadError('damaged', 'This backup opens but its contents are damaged.', masterKeyId);
  }
  if (file.format !== 'accord-backup' || file.version !== 1)
    throw new BackupReadError('unsupported', 'This version of Accord cannot read this backup.', masterKeyId);
  return file;
}

type BackupEvent =
  { kind: 'header'; header: Header } | { kind: 'table'; name: string } | { kind: 'row'; table: string; row: Record<string, unknown> } | { kind: 'end' };

const isControl = (v: unknown): v is { $: string } => typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as { $?: unknown }).$ === 'string';

/**
 * The backup's lines checked for shape as they come: a header of a version this Accord reads first,
 * rows only inside a table, and a trailer last whose counts match the rows read (a file whose
 * segments all open but whose writer stopped early, or a format-1 file missing rows, is refused).
 */
async function* backupEvents(lines: AsyncIterable<unknown>): AsyncGenerator<BackupEvent> {
  const counts = new Map<string, number>();
  let table: string | undefined;
  let started = false;
  let ended = false;
  for await (const v of lines) {
    if (ended) throw new BackupReadError('damaged', 'This backup has lines after its trailer.');
    if (!started) {
      const h = v as Partial<Header>;
      if (!isControl(v) || h.$ !== 'header' || h.format !== 'accord-backup')
        throw new BackupReadError('damaged', 'This backup does not start with its header.');
      if (h.version !== 1 && h.version !== 2) throw new BackupReadError('unsupported', 'This version of Accord cannot read this backup.');
      started = true;
      yield { kind: 'header', header: v as Header };
      continue;
    }
    if (isControl(v)) {
      if (v.$ === 'table') {
        table = String((v as { name?: unknown }).name);
        if (counts.has(table)) throw new BackupReadError('damaged', `This backup holds table ${table} twice.`);
        counts.set(table, 0);
        yield { kind: 'table', name: table };
      } else if (v.$ === 'end') {
        const t = v as Partial<Trailer>;
        const total = [...counts.values()].reduce((a, b) => a + b, 0);
        const wrong = [...counts].find(([name, n]) => t.tables?.[name] !== n) ?? Object.keys(t.tables ?? {}).find((name) => !counts.has(name));
        if (t.rows !== total || wrong)
          throw new BackupReadError(
            'damaged',
            `This backup's rows do not add up to its trailer's counts${wrong ? ` (table ${String(wrong[0] ?? wrong)})` : ''}.`,
          );
        ended = true;
        yield { kind: 'end' };
      } else throw new BackupReadError('damaged', `This backup holds a line this version does not know (${v.$}).`);
      continue;
    }
    if (table === undefined || typeof v !== 'object' || v === null || Array.isArray(v))
      throw new BackupReadError('damaged', 'This backup holds a row outside any table.');
    counts.set(table, counts.get(table)! + 1);
    yield { kind: 'row', table, row: v as Record<string, unknown> };
  }
  if (!started) throw new BackupReadError('damaged', 'This backup is empty.');
  if (!ended) throw new BackupReadError('truncated', 'This backup is incomplete: it has no trailer (it was cut short).');
}

export type BackupCheck =
  { ok: true; version: 1 | 2; createdAt: string; rows: number; tables: number } | { ok: false; reason: BackupProblem; message: string; masterKeyId?: string };

/**
 * Reads a whole backup without writing anything, a segment at a time: every segment opens, every
 * line parses, and the counts match. What `accord restore` runs before it writes anything, and what
 * `accord backup` runs on the file it wrote.
 */
export async function checkBackup(vault: BackupVault, source: BackupSource, limits: StreamLimits = {}): Promise<BackupCheck> {
  let header: Header | undefined;
  let rows = 0;
  let tables = 0;
  try {
    for await (const e of backupEvents(backupLines(vault, source, limits))) {
      if (e.kind === 'header') header = e.header;
      else if (e.kind === 'table') tables++;
      else if (e.kind === 'row') rows++;
    }
  } catch (err) {
    if (!(err instanceof BackupReadError)) throw err;
    return { ok: false, reason: err.reason, message: err.message, ...(err.masterKeyId ? { masterKeyId: err.masterKeyId } : {}) };
  }
  return { ok: true, version: header!.version, createdAt: header!.createdAt, rows, tables };
}

export type BackupReading = { ok: true; file: BackupFile } | { ok: false; reason: BackupProblem; masterKeyId?: string };

/**
 * The whole backup as one object, every row in memory: for tests and small files only (restore and
 * the CLI read a segment at a time).
 */
export async function readBackup(vault: BackupVault, data: BackupSource): Promise<BackupReading> {
  let file: BackupFile | undefined;
  try {
    for await (const e of backupEvents(backupLines(vault, data, {}))) {
      if (e.kind === 'header')
        file = { format: 'accord-backup', version: e.header.version, createdAt: e.header.createdAt, dialect: e.header.dialect, tables: {} };
      else if (e.kind === 'table') file!.tables[e.name] = [];
      else if (e.kind === 'row') file!.tables[e.table]!.push(e.row);
    }
  } catch (err) {
    if (!(err instanceof BackupReadError)) throw err;
    return { ok: false, reason: err.reason, ...(err.masterKeyId ? { masterKeyId: err.masterKeyId } : {}) };
  }
  return { ok: true, file: file! };
}

/** Rows loaded per insert batch: what a restore holds of a table at once. */
const RESTORE_BATCH = 500;
/** Tables loaded in one call (storage replaces them whole): a handful of rows each. */
const LOADED_WHOLE = new Set(['meta', 'audit_head']);

/**
 * Loads a backup (either format) into an empty database, in one transaction, a segment at a time:
 * rows are inserted in batches as they are read, so what is held is one segment and one batch.
 * Any problem — the target holds a practice, a segment does not open, the file is cut short, the
 * counts do not add up — rolls the whole transaction back: nothing is written. With the erasure log
 * at hand, the erasures made since the backup are re-applied in the same transaction (their data
 * keys deleted again), so a restore never brings an erased record back.
 */
export async function restoreBackup(
  deps: Pick<Deps, 'store' | 'vault' | 'clock'> & Partial<Pick<Deps, 'ids' | 'erasureLog'>>,
  data: BackupSource,
  limits: StreamLimits = {},
): Promise<{ rows: number; erasuresReapplied: number }> {
  let rows = 0;
  let erasuresReapplied = 0;
  await deps.store.transaction(async (tx) => {
    if (!(await tx.isEmpty())) throw new Error('The target database already holds a practice. Restore into an empty data directory or database.');
    const known = new Set([...tx.tables(), ...tx.legacyTables()]);
    const meta: Record<string, unknown>[] = [];
    let batch: Record<string, unknown>[] = [];
    let current: string | undefined;
    const flush = async () => {
      if (current && current !== 'meta' && batch.length) {
        await tx.loadTable(current, batch);
        rows += batch.length;
      }
      batch = [];
    };
    for await (const e of backupEvents(backupLines(deps.vault, data, limits))) {
      if (e.kind === 'table' || e.kind === 'end') {
        await flush();
        current = e.kind === 'table' && known.has(e.name) ? e.name : undefined; // a table this version does not have is skipped
      } else if (e.kind === 'row' && current) {
        if (current === 'meta')
          meta.push(e.row); // migrations wrote their own meta rows; the backup's are set below
        else batch.push(e.row);
        if (batch.length >= RESTORE_BATCH && !LOADED_WHOLE.has(current)) await flush();
      }
    }
    for (const row of meta) await tx.setMeta(String(row.key), String(row.value));
    // A backup from before integrity seals: seal what it holds now (its history starts unsealed).
    if (!meta.some((row) => row.key === 'integrity')) await tx.sealIntegrity(deps.clock.now().toISOString(), { replace: true });
    if (deps.ids && deps.erasureLog) erasuresReapplied = await reapplyErasures({ store: tx, ids: deps.ids, erasureLog: deps.erasureLog });
    // The caseload's per-series summary is derived, not backed up: made again from the responses.
    await tx.rebuildMeasureSeries();
  });
  return { rows, erasuresReapplied };
}

export type VerifyReport = { ok: boolean; database: string[] } & Omit<IntegrityReport, 'ok'>;

export async function verifyStore(store: Store, scope?: VerifyScope): Promise<VerifyReport> {
  const database = await store.integrityCheck();
  const { ok, ...integrity } = await verifyIntegrity(store, scope);
  return { ok: database.length === 0 && ok, database, ...integrity };
}
