/**
 * The audit trail is an append-only, hash-chained log (SPEC §7 Security): each event's hash
 * covers its content and the previous event's hash, so removing, reordering or altering any
 * event breaks every later link. `accord verify` walks the chain with verifyChain.
 */
import { createHash } from 'node:crypto';

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
};

export type AuditEvent = AuditEventInput & { seq: number; id: string; at: string; prevHash: string; hash: string };

export const GENESIS_HASH = '0'.repeat(64);

/** The canonical text hashed for an event: fixed field order, JSON-escaped values. */
export function auditCanonical(e: Omit<AuditEvent, 'hash'>): string {
  return JSON.stringify([e.seq, e.id, e.at, e.actorId, e.actorRole, e.action, e.resourceType, e.resourceId, e.clientId, e.outcome, e.ip, e.detail, e.prevHash]);
}

export function auditHash(e: Omit<AuditEvent, 'hash'>): string {
  return createHash('sha256').update(auditCanonical(e)).digest('hex');
}

export type ChainCheck = { ok: true; count: number; lastHash: string } | { ok: false; count: number; brokenAt: number; problem: string };

/** Verifies a run of events in seq order, starting from `prevHash` (genesis for the first). */
export function verifyChain(events: Iterable<AuditEvent>, start: { prevHash: string; seq: number } = { prevHash: GENESIS_HASH, seq: 0 }): ChainCheck {
  let prev = start.prevHash;
  let expectSeq = start.seq + 1;
  let count = 0;
  for (const e of events) {
    if (e.seq !== expectSeq) return { ok: false, count, brokenAt: e.seq, problem: `event ${expectSeq} is missing (found ${e.seq})` };
    if (e.prevHash !== prev) return { ok: false, count, brokenAt: e.seq, problem: `event ${e.seq} does not link to the event before it` };
    if (auditHash(e) !== e.hash) return { ok: false, count, brokenAt: e.seq, problem: `event ${e.seq} was altered` };
    prev = e.hash;
    expectSeq++;
    count++;
  }
  return { ok: true, count, lastHash: prev };
}
