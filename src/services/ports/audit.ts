/**
 * The audit port: the hash-chained audit log, the database's integrity seal (the keyed chain and
 * the seals of immutable clinical records), the database's own integrity check, and every table
 * dumped and loaded for backups. Invariants: each lane of the trail is appended atomically and
 * never forks (its head row is held by one appender at a time; appenders take free lanes, so
 * instances do not queue on one row); every event has a unique trail-wide seq; once sealed, a sealed table refuses an
 * unsealed write; `tables()` lists tables parents first, so a load in that order satisfies every
 * foreign key.
 */
import type { AuditAnchor, AuditEvent, AuditEventInput, SealBoundary } from '../../domain/audit-chain.ts';
import type { IntegrityKeys } from './system.ts';

export type AuditQuery = { clientId?: string; actorId?: string; limit: number; beforeSeq?: number };
export type IntegrityState = { keys: IntegrityKeys; since: SealBoundary; mac: string };
/** Immutable clinical tables whose records carry a seal. */
export type SealedTable = 'measure_responses' | 'goal_ratings' | 'alliance_ledger' | 'progress_notes' | 'progress_note_addenda' | 'course_endings';
export type SealedRecord = { table: SealedTable; id: string; seal: string | null; auditSeq: number | null; fields: unknown[] };

export interface AuditStore {
  /** Appends events, in order, to one lane of the trail atomically; safe across processes. */
  appendAudit(events: readonly (AuditEventInput & { id: string; at: string })[]): Promise<AuditEvent[]>;
  listAudit(q: AuditQuery): Promise<AuditEvent[]>;
  /** The newest event of the whole trail: its seq and hash (0 and genesis when empty). */
  auditHead(): Promise<{ seq: number; hash: string }>;
  /** Streams the whole trail in seq order, in pages. */
  auditPages(pageSize: number): AsyncIterable<AuditEvent[]>;
  /** Lane 1's head with its keyed checkpoint, read in one go (mac null before the database is sealed). */
  auditCheckpoint(): Promise<{ seq: number; hash: string; mac: string | null }>;
  /** Every lane's head (its length, last hash and keyed checkpoint), kept apart from the events so truncation shows. */
  auditLanes(): Promise<{ chain: number; seq: number; hash: string; mac: string | null }[]>;
  /** Streams one lane in its own order (chainSeq), in pages, from the place after `after` (default: the start). */
  auditLanePages(chain: number, pageSize: number, after?: number): AsyncIterable<AuditEvent[]>;
  /**
   * Writes an anchor: every lane's head as committed now, linked into the anchor chain. Undefined
   * (nothing written) before the database is sealed or when no lane moved since the last anchor.
   */
  anchorAudit(at: string): Promise<AuditAnchor | undefined>;
  /** The anchor chain's head with its keyed checkpoint. */
  anchorCheckpoint(): Promise<{ seq: number; hash: string; mac: string | null }>;
  /** Streams the anchors in order, in pages, from the one after `after` (default: the first). */
  auditAnchorPages(pageSize: number, after?: number): AsyncIterable<AuditAnchor[]>;

  /**
   * The database's integrity seal: the MAC keys (its key opened with the key ring the store was
   * opened with; throws when it does not open) and the boundary where keyed links begin.
   * Undefined when the database has not been sealed.
   */
  integrity(): Promise<IntegrityState | undefined>;
  /**
   * Seals a database that has no integrity key yet (first start after the upgrade that brought
   * sealing, or a restore of an older backup): makes the key, checkpoints the chain as it stands,
   * and seals every record not sealed yet. True when it sealed; safe when instances start together.
   * `replace` seals afresh over an existing key (a restore of a backup that had none).
   */
  sealIntegrity(at: string, opts?: { replace?: boolean }): Promise<boolean>;
  /** Re-wraps the integrity key under the current master key (rotation). */
  rewrapIntegrityKey(): Promise<void>;
  /** The id of the master key the integrity key is sealed under (undefined before sealing). */
  integrityMasterKeyId(): Promise<string | undefined>;
  sealedTables(): readonly SealedTable[];
  /**
   * A sealed table's records in pages: the fields their seal covers, the seal and its audit length.
   * With `sealedFrom`, only the records sealed when lane 1 held at least that many events (in the
   * order of that length, by its index), for a verify that starts from its last mark.
   */
  sealedRecordPages(table: SealedTable, pageSize: number, opts?: { sealedFrom?: number }): AsyncIterable<SealedRecord[]>;

  /** Integrity check of the database itself (SQLite: PRAGMA integrity_check). */
  integrityCheck(): Promise<string[]>;
  /** Every table's rows, for backups; `tables` lists them in dependency order. */
  dumpTable(table: string): AsyncIterable<Record<string, unknown>[]>;
  loadTable(table: string, rows: readonly Record<string, unknown>[]): Promise<void>;
  tables(): readonly string[];
  /** Tables of older backups that a restore still loads (storage turns them into today's shape). */
  legacyTables(): readonly string[];
  isEmpty(): Promise<boolean>;
}
