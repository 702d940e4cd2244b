/**
 * The data-rights port (SPEC §3 C10): the practice's retention period, holds on a client's record,
 * and erasures. Invariants: an erasure deletes the client's data key and records itself in the same
 * statement group (both or neither), at most once per client; a hold is never deleted, only
 * released, so the trail of why a record was kept stays whole.
 */
export type RetentionRow = { practiceId: string; retentionYears: number; updatedAt: string; updatedBy: string };
export type HoldRow = {
  id: string;
  clientId: string;
  reason: string;
  placedBy: string;
  placedAt: string;
  releasedAt: string | null;
  releasedBy: string | null;
};
export type ErasureRow = { id: string; clientId: string; erasedAt: string; erasedBy: string | null; basis: string };

export interface DataRightsStore {
  findRetention(practiceId: string): Promise<RetentionRow | undefined>;
  setRetention(r: RetentionRow): Promise<void>;
  insertHold(h: HoldRow): Promise<void>;
  /** A client's holds, newest first, released ones included. */
  listHolds(clientId: string): Promise<HoldRow[]>;
  /** Releases a hold still in force; false when it was released already (or is not there). */
  releaseHold(id: string, at: string, by: string): Promise<boolean>;
  /** Crypto-shredding: deletes the client's data key and records the erasure; false (and nothing written) when the key was gone already. */
  eraseClientKey(e: ErasureRow): Promise<boolean>;
  listErasures(): Promise<ErasureRow[]>;
}
