/**
 * The audit trail is an append-only, hash-chained log (SPEC §7 Security): each event's hash
 * covers its content and the previous event's hash, so removing, reordering or altering any
 * event breaks every later link. `accord verify` walks the chain with verifyChain.
 *
 * The links are keyed (HMAC-SHA-256 under a key held outside the database, passed in by the
 * caller): whoever can write the database but not read the key cannot re-compute the chain after
 * editing an event. Events written before a database was sealed keep their plain SHA-256 links up
 * to a keyed boundary checkpoint (`legacy`), which fixes the hash the old part must end in.
 */
import { createHash, createHmac } from 'node:crypto';

export type AuditOutcome = 'ok' | 'denied' | 'failed';

export type AuditEventInput = {
  actorId: string | null;
  actorRole: string | null;
  action: string; // e.g. 'client.read', 'login', 'export'
  resourceType: string;
  resourceId: string | null;
  clientId: string | null;
  outcome: AuditOutcome;
  ip: string | null;
  detail: string | null; // never clinical text: codes and ids only
  /**
   * An event about several clients at once (a list read, a caseload export): the clients it names,
   * with `clientId` null. Kept beside the event (audit_event_clients) so each client's trail finds
   * it, and covered by the event's link like every other field. Absent or empty: none.
   */
  clientIds?: readonly string[] | undefined;
};

export type AuditEvent = AuditEventInput & { seq: number; id: string; at: string; prevHash: string; hash: string };

export const GENESIS_HASH = '0'.repeat(64);

/**
 * The canonical text hashed for an event: fixed field order, JSON-escaped values. The clients an
 * event names beside it (`clientIds`, sorted as stored) close the array when there are any, so
 * events naming none hash as they always have.
 */
export function auditCanonical(e: Omit<AuditEvent, 'hash'>): string {
  const fields: unknown[] = [
    e.seq,
    e.id,
    e.at,
    e.actorId,
    e.actorRole,
    e.action,
    e.resourceType,
    e.resourceId,
    e.clientId,
    e.outcome,
    e.ip,
    e.detail,
    e.prevHash,
  ];
  if (e.clientIds?.length) fields.push(e.clientIds);
  return JSON.stringify(fields);
}

/** The clients an event names beside it, as stored and hashed: each once, sorted. */
export function namedClients(ids: readonly string[] | undefined): string[] {
  return ids?.length ? [...new Set(ids)].sort() : [];
}

export function auditHash(e: Omit<AuditEvent, 'hash'>): string {
  return createHash('sha256').update(auditCanonical(e)).digest('hex');
}

/** A key for HMAC-SHA-256, never the encryption key itself (see storage/keyring.ts). */
export type MacKey = Uint8Array;

const mac = (key: MacKey, text: string): string => createHmac('sha256', key).update(text).digest('hex');

/** The keyed link of an event: HMAC over the same canonical text. */
export function auditMac(key: MacKey, e: Omit<AuditEvent, 'hash'>): string {
  return mac(key, auditCanonical(e));
}

/**
 * The keyed checkpoint of the chain head (`audit_head`). Its text starts with a word where an
 * event's starts with a number, so no event hash can stand in for it: rewinding the head to an
 * earlier event needs a checkpoint only the key can make.
 */
export function headMac(key: MacKey, h: { seq: number; hash: string }): string {
  return mac(key, JSON.stringify(['head', h.seq, h.hash]));
}

/** Where keyed links begin: events up to `seq` are plain SHA-256 and must end in `hash`. */
export type SealBoundary = { seq: number; hash: string; at: string };

export function boundaryMac(key: MacKey, b: SealBoundary): string {
  return mac(key, JSON.stringify(['boundary', b.seq, b.hash, b.at]));
}

export type ChainCheck = { ok: true; count: number; lastHash: string } | { ok: false; count: number; brokenAt: number; problem: string };

/**
 * Verifies a run of events in seq order, starting from `prevHash` (genesis for the first). With
 * `keyed`, events after `keyed.legacy.seq` must carry their HMAC under `keyed.key`, and the event
 * at the boundary must end the plain part in the boundary's hash; without it every link is plain
 * SHA-256 (a database not sealed yet).
 */
export function verifyChain(
  events: Iterable<AuditEvent>,
  start: { prevHash: string; seq: number } = { prevHash: GENESIS_HASH, seq: 0 },
  keyed?: { key: MacKey; legacy: SealBoundary },
): ChainCheck {
  let prev = start.prevHash;
  let expectSeq = start.seq + 1;
  let count = 0;
  for (const e of events) {
    if (e.seq !== expectSeq) return { ok: false, count, brokenAt: e.seq, problem: `event ${expectSeq} is missing (found ${e.seq})` };
    if (e.prevHash !== prev) return { ok: false, count, brokenAt: e.seq, problem: `event ${e.seq} does not link to the event before it` };
    const expected = keyed && e.seq > keyed.legacy.seq ? auditMac(keyed.key, e) : auditHash(e);
    if (expected !== e.hash) return { ok: false, count, brokenAt: e.seq, problem: `event ${e.seq} was altered` };
    if (keyed && e.seq === keyed.legacy.seq && e.hash !== keyed.legacy.hash) {
      return { ok: false, count, brokenAt: e.seq, problem: `events up to ${e.seq} (written before the database was sealed) were altered and re-hashed` };
    }
    prev = e.hash;
    expectSeq++;
    count++;
  }
  return { ok: true, count, lastHash: prev };
}
