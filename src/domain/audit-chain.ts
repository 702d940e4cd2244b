/**
 * The audit trail is an append-only, hash-chained log (SPEC §7 Security): each event's hash
 * covers its content and the previous event's hash, so removing, reordering or altering any
 * event breaks every later link. `accord verify` walks the chain with verifyChain.
 *
 * So that app instances do not queue on one head, the trail is several chains (lanes) side by
 * side: an append takes whichever lane is free and links into that lane only. `seq` numbers every
 * event of the trail (unique, increasing in the order appends took their numbers); `chainSeq`
 * numbers the events of one lane without gaps. Lane 1 is the chain written before lanes existed;
 * an event of lane 1 whose two numbers agree keeps the single-chain text it always had. Anchors
 * (anchorMac) commit every lane's head at a moment into one practice-wide chain of their own, so a
 * whole lane cannot vanish unseen.
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
   * with `clientId` null. Kept beside the event (as a set of clients stored once, however many
   * events name it: storage/client-sets.ts) so each client's trail finds it, and covered by the
   * event's link like every other field. Absent or empty: none.
   */
  clientIds?: readonly string[] | undefined;
};

export type AuditEvent = AuditEventInput & {
  seq: number;
  id: string;
  at: string;
  prevHash: string;
  hash: string;
  /** The lane (chain) the event links into; 1 when absent. */
  chain?: number;
  /** The event's place in its lane (1, 2, …); `seq` when absent. */
  chainSeq?: number;
};

/** The lane an event links into and its place there. */
export const laneOf = (e: Pick<AuditEvent, 'seq' | 'chain' | 'chainSeq'>): { chain: number; chainSeq: number } => ({
  chain: e.chain ?? 1,
  chainSeq: e.chainSeq ?? e.seq,
});

export const GENESIS_HASH = '0'.repeat(64);

/**
 * The canonical text hashed for an event: fixed field order, JSON-escaped values. The clients an
 * event names beside it (`clientIds`, sorted as stored) close the array when there are any, so
 * events naming none hash as they always have.
 */
export function auditCanonical(e: Omit<AuditEvent, 'hash'>): string {
  const { chain, chainSeq } = laneOf(e);
  const fields: unknown[] = [e.id, e.at, e.actorId, e.actorRole, e.action, e.resourceType, e.resourceId, e.clientId, e.outcome, e.ip, e.detail, e.prevHash];
  if (e.clientIds?.length) fields.push(e.clientIds);
  // The single-chain text (lane 1, numbers agreeing) or the lane's text, which starts with a word:
  // neither can stand in for the other, so moving an event between lanes or renumbering it shows.
  if (chain === 1 && chainSeq === e.seq) return JSON.stringify([e.seq, ...fields]);
  return JSON.stringify(['lane', chain, chainSeq, e.seq, ...fields]);
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
export function headMac(key: MacKey, h: { seq: number; hash: string; chain?: number }): string {
  const chain = h.chain ?? 1;
  return mac(key, JSON.stringify(chain === 1 ? ['head', h.seq, h.hash] : ['head', chain, h.seq, h.hash]));
}

/** The number of lanes (audit_head rows 1…AUDIT_LANES); row 0 is the head of the anchor chain. */
export const AUDIT_LANES = 16;

/** One anchor: every lane's head (lane, chainSeq, hash) as committed at `at`, linked to the anchor before. */
export type AuditAnchor = { seq: number; at: string; heads: [number, number, string][]; prevHash: string; hash: string };

/** The keyed link of an anchor (anchors are written only once a database is sealed). */
export function anchorMac(key: MacKey, a: Omit<AuditAnchor, 'hash'>): string {
  return mac(key, JSON.stringify(['anchor', a.seq, a.at, a.heads, a.prevHash]));
}
/** The keyed checkpoint of the anchor chain's head (audit_head row 0). */
export function anchorHeadMac(key: MacKey, h: { seq: number; hash: string }): string {
  return mac(key, JSON.stringify(['anchor-head', h.seq, h.hash]));
}

export type AnchorCheck = { ok: true; count: number; last: AuditAnchor | undefined; lastHash: string } | { ok: false; count: number; problem: string };

/** Verifies a run of anchors in seq order, starting after `start` (genesis and 0 for the first). */
export function verifyAnchors(
  anchors: Iterable<AuditAnchor>,
  key: MacKey,
  start: { prevHash: string; seq: number } = { prevHash: GENESIS_HASH, seq: 0 },
): AnchorCheck {
  let prev = start.prevHash;
  let count = 0;
  let last: AuditAnchor | undefined;
  for (const a of anchors) {
    const expect = start.seq + count + 1;
    if (a.seq !== expect) return { ok: false, count, problem: `anchor ${expect} is missing (found ${a.seq})` };
    if (a.prevHash !== prev) return { ok: false, count, problem: `anchor ${a.seq} does not link to the anchor before it` };
    if (anchorMac(key, a) !== a.hash) return { ok: false, count, problem: `anchor ${a.seq} was altered` };
    prev = a.hash;
    last = a;
    count++;
  }
  return { ok: true, count, last, lastHash: prev };
}

/**
 * Where `accord verify` last found everything intact: an anchor it checked (every lane's prefix up to
 * that anchor's heads, and every record sealed before `recordsFrom`), keyed so that only the holder
 * of the key can move it on. `accord verify --since-last` starts there.
 */
export type VerifiedMark = { anchorSeq: number; anchorHash: string; anchorAt: string; recordsFrom: number; verifiedAt: string };

export function verifiedMarkMac(key: MacKey, m: VerifiedMark): string {
  return mac(key, JSON.stringify(['verified', m.anchorSeq, m.anchorHash, m.anchorAt, m.recordsFrom, m.verifiedAt]));
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
    // Places are counted within the event's lane; the legacy boundary is a place in lane 1.
    const { chain, chainSeq: at } = laneOf(e);
    const name = chain === 1 ? `event ${at}` : `event ${at} of chain ${chain}`;
    const missing = chain === 1 ? `event ${expectSeq}` : `event ${expectSeq} of chain ${chain}`;
    if (at !== expectSeq) return { ok: false, count, brokenAt: at, problem: `${missing} is missing (found ${at})` };
    if (e.prevHash !== prev) return { ok: false, count, brokenAt: at, problem: `${name} does not link to the event before it` };
    const legacySeq = chain === 1 ? (keyed?.legacy.seq ?? 0) : 0;
    const expected = keyed && at > legacySeq ? auditMac(keyed.key, e) : auditHash(e);
    if (expected !== e.hash) return { ok: false, count, brokenAt: at, problem: `${name} was altered` };
    if (keyed && chain === 1 && at === keyed.legacy.seq && e.hash !== keyed.legacy.hash) {
      return { ok: false, count, brokenAt: at, problem: `events up to ${at} (written before the database was sealed) were altered and re-hashed` };
    }
    prev = e.hash;
    expectSeq++;
    count++;
  }
  return { ok: true, count, lastHash: prev };
}
