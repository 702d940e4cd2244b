/**
 * Tamper evidence beyond the database's own reach (SPEC §7). The audit chain is keyed and its head
 * carries a keyed checkpoint; immutable clinical records carry seals that also record the chain's
 * length when they were written. The key is held outside the database (sealed under the master
 * key), so someone who can write the database file but not read the master key cannot re-compute
 * any of it. `accord verify` runs verifyIntegrity; what it can and cannot see is in docs/security.md.
 */
import { GENESIS_HASH, anchorHeadMac, boundaryMac, headMac, laneOf, verifyAnchors, verifyChain } from '../../domain/audit-chain.ts';
import type { AuditAnchor, SealBoundary } from '../../domain/audit-chain.ts';
import { recordSeal } from '../../domain/record-seal.ts';
import type { IntegrityState, SealedTable, Store } from '../ports.ts';

export type IntegrityReport = {
  ok: boolean;
  /** Where keyed links begin (the first start after the upgrade that brought seals); null when unsealed. */
  sealedSince: SealBoundary | null;
  audit: { ok: boolean; events: number; chains?: number; anchors?: number; problem?: string };
  records: { ok: boolean; checked: number; problems: string[] };
};

const RECORD_NAMES: Record<SealedTable, string> = {
  measure_responses: 'measure response',
  goal_ratings: 'goal rating',
  alliance_ledger: 'alliance ledger entry',
  progress_notes: 'signed progress note',
  progress_note_addenda: 'progress note addendum',
  course_endings: 'closed ending of course',
};
const MAX_LISTED = 20;

export const NOT_SEALED =
  'the database carries no integrity key. Accord seals a database when it starts (accord serve, or any command but verify); if it has run since the upgrade, the key was removed: treat the database as tampered with';

/**
 * Checks the keyed audit chain, its head checkpoint and every sealed record. Events appended while
 * it runs are left for the next run (the walk stops at the head read first), so it is safe on a
 * live database, with several app instances writing.
 */
export async function verifyIntegrity(store: Store): Promise<IntegrityReport> {
  let state: IntegrityState | undefined;
  let keyProblem: string | undefined;
  try {
    state = await store.integrity();
    if (!state) keyProblem = NOT_SEALED;
    else if (boundaryMac(state.keys.chain, state.since) !== state.mac) keyProblem = 'the sealing checkpoint (where keyed links begin) was altered';
  } catch {
    keyProblem = 'the integrity key does not open with this master key: it was replaced, or this is not the key the database was sealed with';
  }
  const ok = !keyProblem && state ? state : undefined;
  const audit = await verifyAudit(store, ok);
  const records = ok ? await verifyRecords(store, ok) : { ok: false, checked: 0, problems: [keyProblem!] };
  if (keyProblem) {
    audit.ok = false;
    audit.problem = keyProblem;
  }
  return { ok: audit.ok && records.ok, sealedSince: ok?.since ?? null, audit, records };
}

async function verifyAudit(store: Store, state: IntegrityState | undefined): Promise<IntegrityReport['audit']> {
  // The anchors first: every lane head read after them is at least as long as any anchor names.
  let anchored: AuditAnchor | undefined;
  let anchors = 0;
  if (state) {
    const head = await store.anchorCheckpoint();
    let prev = { prevHash: GENESIS_HASH, seq: 0 };
    for await (const page of store.auditAnchorPages(1000)) {
      const upToHead = page.filter((a) => a.seq <= head.seq);
      const r = verifyAnchors(upToHead, state.keys.chain, prev);
      if (!r.ok) return { ok: false, events: 0, problem: r.problem };
      anchors += r.count;
      if (r.last) [anchored, prev] = [r.last, { prevHash: r.lastHash, seq: r.last.seq }];
      if (upToHead.length < page.length) break;
    }
    if (head.seq !== prev.seq || head.hash !== prev.prevHash) {
      return { ok: false, events: 0, problem: `the anchors end at ${prev.seq} but their head records ${head.seq}: anchors were removed` };
    }
    if (head.seq > 0 && head.mac !== anchorHeadMac(state.keys.chain, head)) {
      return { ok: false, events: 0, problem: 'the head of the anchors lacks its keyed checkpoint: it was rewound or reset, so anchors were cut off' };
    }
  }
  const pinned = new Map((anchored?.heads ?? []).map(([chain, seq, hash]) => [chain, { seq, hash }]));
  const lanes = await store.auditLanes();
  const keyed = state && { key: state.keys.chain, legacy: state.since };
  let events = 0;
  let chains = 0;
  for (const lane of lanes) {
    const r = await verifyLane(store, lane, keyed, pinned.get(lane.chain), anchored?.at ?? '');
    events += r.events;
    if (r.problem) return { ok: false, events, problem: r.problem };
    pinned.delete(lane.chain);
    if (lane.seq > 0) chains++;
  }
  for (const [chain] of pinned) return { ok: false, events, problem: `chain ${chain} was anchored at ${anchored!.at} but is gone: its events were removed` };
  if (state) {
    const head = lanes.find((l) => l.chain === 1);
    if (head && head.seq < state.since.seq) {
      return { ok: false, events, problem: `the chain ends at event ${head.seq} but held ${state.since.seq} events when it was sealed: events were removed` };
    }
  }
  return { ok: true, events, chains, anchors };
}

/** One lane: its events linked in order up to its head, the head's keyed checkpoint, and the last anchor's pin on it. */
async function verifyLane(
  store: Store,
  head: { chain: number; seq: number; hash: string; mac: string | null },
  keyed: { key: Uint8Array; legacy: SealBoundary } | undefined,
  pin: { seq: number; hash: string } | undefined,
  anchoredAt: string,
): Promise<{ events: number; problem?: string }> {
  const name = (n: number) => (head.chain === 1 ? `event ${n}` : `event ${n} of chain ${head.chain}`);
  let prev = { prevHash: GENESIS_HASH, seq: 0 };
  let events = 0;
  let pinnedHash = pin && pin.seq === 0 ? GENESIS_HASH : undefined;
  for await (const page of store.auditLanePages(head.chain, 5000)) {
    const upToHead = page.filter((e) => laneOf(e).chainSeq <= head.seq);
    const r = verifyChain(upToHead, prev, keyed);
    events += r.count;
    if (!r.ok) return { events, problem: r.problem };
    if (pin) pinnedHash ??= upToHead.find((e) => laneOf(e).chainSeq === pin.seq)?.hash;
    if (upToHead.length) prev = { prevHash: r.lastHash, seq: laneOf(upToHead[upToHead.length - 1]!).chainSeq };
    if (upToHead.length < page.length) break;
  }
  if (head.seq !== prev.seq || head.hash !== prev.prevHash) {
    return { events, problem: `the chain ends at ${name(prev.seq)} but its head records ${name(head.seq)}: events were removed` };
  }
  if (keyed && (head.chain === 1 || head.seq > 0 || head.mac !== null) && head.mac !== headMac(keyed.key, head)) {
    return {
      events,
      problem: `the head (${name(head.seq)}) lacks its keyed checkpoint: it was rewound or reset, so events were cut off the end or the log was wiped`,
    };
  }
  if (pin && pin.seq > head.seq) {
    return { events, problem: `${name(pin.seq)} was anchored at ${anchoredAt} but the chain now ends at ${name(head.seq)}: events were removed` };
  }
  if (pin && pinnedHash !== pin.hash) return { events, problem: `${name(pin.seq)} is not the event anchored at ${anchoredAt}: the chain was rewritten` };
  return { events };
}

async function verifyRecords(store: Store, state: IntegrityState): Promise<IntegrityReport['records']> {
  const problems: string[] = [];
  let checked = 0;
  let found = 0;
  const note = (p: string) => {
    found++;
    if (problems.length < MAX_LISTED) problems.push(p);
  };
  let longest = { seq: 0, name: '' };
  for (const table of store.sealedTables()) {
    for await (const page of store.sealedRecordPages(table, 1000)) {
      for (const r of page) {
        checked++;
        const name = `${RECORD_NAMES[table]} ${r.id}`;
        if (r.seal === null || r.auditSeq === null) {
          note(`${name} has no seal`);
          continue;
        }
        if (recordSeal(state.keys.records, table, r.id, r.auditSeq, r.fields) !== r.seal) {
          note(`${name} was altered`);
          continue;
        }
        if (r.auditSeq > longest.seq) longest = { seq: r.auditSeq, name };
      }
    }
  }
  // Read after the records: a record written meanwhile has a head at least as long.
  const head = await store.auditCheckpoint();
  if (longest.seq > head.seq) {
    note(`${longest.name} was written when the audit chain held ${longest.seq} events, but it now ends at event ${head.seq}: events were removed`);
  }
  if (found > problems.length) problems.push(`… and ${found - problems.length} more`);
  return { ok: found === 0, checked, problems };
}

/** Rotation: the integrity key is re-wrapped under the new master key; history is not re-MACed. */
export async function rewrapIntegrityKey(deps: { store: Store }): Promise<void> {
  await deps.store.rewrapIntegrityKey();
}
