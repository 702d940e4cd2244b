/**
 * Tamper evidence beyond the database's own reach (SPEC §7). The audit chain is keyed and its head
 * carries a keyed checkpoint; immutable clinical records carry seals that also record the chain's
 * length when they were written. The key is held outside the database (sealed under the master
 * key), so someone who can write the database file but not read the master key cannot re-compute
 * any of it. `accord verify` runs verifyIntegrity; what it can and cannot see is in docs/security.md.
 */
import { GENESIS_HASH, anchorHeadMac, anchorMac, boundaryMac, headMac, laneOf, verifiedMarkMac, verifyAnchors, verifyChain } from '../../domain/audit-chain.ts';
import type { AuditAnchor, AuditEvent, SealBoundary, VerifiedMark } from '../../domain/audit-chain.ts';
import { recordSeal } from '../../domain/record-seal.ts';
import type { IntegrityState, SealedTable, Store } from '../ports.ts';

export type IntegrityReport = {
  ok: boolean;
  /** Where keyed links begin (the first start after the upgrade that brought seals); null when unsealed. */
  sealedSince: SealBoundary | null;
  audit: { ok: boolean; events: number; chains?: number; anchors?: number; problem?: string };
  records: { ok: boolean; checked: number; problems: string[] };
  /** `full`, or `since-last`: from the verified mark on (`from`: that mark). */
  mode: 'full' | 'since-last';
  from?: VerifiedMark;
  /** Why a run asked for since-last checked everything (no mark recorded yet). */
  fullBecause?: string;
  /** The mark this run recorded (when asked to and intact), or why none was. */
  recorded?: VerifiedMark;
  notRecorded?: string;
};

/**
 * How much `verifyIntegrity` checks. `sinceLast`: from the verified mark on (a full run when there
 * is none). `record`: when everything checked is intact, move the mark to the newest anchor written
 * at least MARK_MARGIN_MS before `now` (the run's start).
 */
export type VerifyScope = { sinceLast?: boolean; record?: boolean; now?: Date };

/** The meta row holding the verified mark (keyed: see verifiedMarkMac). */
export const VERIFIED_META = 'verified_mark';
/**
 * A mark is an anchor at least this old when the run starts: a record's seal reads lane 1's length
 * inside its write's transaction, so a transaction still open when an anchor was written could seal
 * with a length below the anchor's; ten minutes is far longer than any write's transaction, so a
 * record sealed below the mark was committed, and checked, by the run that recorded the mark.
 */
export const MARK_MARGIN_MS = 10 * 60_000;

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
export async function verifyIntegrity(store: Store, scope: VerifyScope = {}): Promise<IntegrityReport> {
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
  const now = scope.now ?? new Date();
  let from: VerifiedMark | undefined;
  let fullBecause: string | undefined;
  let markProblem: string | undefined;
  if (scope.sinceLast && ok) {
    const read = await readMark(store, ok);
    if (read.mark) from = read.mark;
    else if (read.problem) markProblem = read.problem;
    else fullBecause = 'no verified mark yet (a run of accord verify records one)';
  }
  const cutoff = new Date(now.getTime() - MARK_MARGIN_MS).toISOString();
  const audit: Awaited<ReturnType<typeof verifyAudit>> = markProblem
    ? { ok: false, events: 0, problem: markProblem }
    : await verifyAudit(store, ok, from, cutoff);
  const { candidate, ...auditReport } = audit;
  const records = ok ? await verifyRecords(store, ok, from?.recordsFrom) : { ok: false, checked: 0, problems: [keyProblem!] };
  if (keyProblem) {
    auditReport.ok = false;
    auditReport.problem = keyProblem;
  }
  const report: IntegrityReport = {
    ok: auditReport.ok && records.ok,
    sealedSince: ok?.since ?? null,
    audit: auditReport,
    records,
    mode: from ? 'since-last' : 'full',
    ...(from ? { from } : {}),
    ...(fullBecause ? { fullBecause } : {}),
  };
  if (scope.record && report.ok && ok) {
    if (!candidate) report.notRecorded = `no anchor was written before ${cutoff} (a mark is an anchor at least ten minutes old)`;
    else if (from && candidate.seq <= from.anchorSeq) report.notRecorded = `no anchor newer than the mark's and older than ${cutoff}: the mark stays`;
    else {
      const mark: VerifiedMark = {
        anchorSeq: candidate.seq,
        anchorHash: candidate.hash,
        anchorAt: candidate.at,
        recordsFrom: candidate.heads.find(([chain]) => chain === 1)?.[1] ?? 0,
        verifiedAt: now.toISOString(),
      };
      try {
        await store.setMeta(VERIFIED_META, JSON.stringify({ ...mark, mac: verifiedMarkMac(ok.keys.chain, mark) }));
        report.recorded = mark;
      } catch (err) {
        report.notRecorded = `the mark could not be written (${(err as Error).message}); a read-only copy cannot hold one`;
      }
    }
  }
  return report;
}

/** The verified mark, when there is one and its keyed check holds. */
async function readMark(store: Store, state: IntegrityState): Promise<{ mark?: VerifiedMark; problem?: string }> {
  const raw = await store.getMeta(VERIFIED_META);
  if (!raw) return {};
  let stored: VerifiedMark & { mac?: string };
  try {
    stored = JSON.parse(raw) as VerifiedMark & { mac?: string };
  } catch {
    return { problem: 'the verified mark is not readable: it was altered. Run a full accord verify' };
  }
  const { mac, ...mark } = stored;
  const m: VerifiedMark = {
    anchorSeq: mark.anchorSeq,
    anchorHash: mark.anchorHash,
    anchorAt: mark.anchorAt,
    recordsFrom: mark.recordsFrom,
    verifiedAt: mark.verifiedAt,
  };
  if (mac !== verifiedMarkMac(state.keys.chain, m)) {
    return { problem: 'the verified mark lacks its keyed check: it was altered or forged. Run a full accord verify' };
  }
  return { mark: m };
}

async function verifyAudit(
  store: Store,
  state: IntegrityState | undefined,
  from: VerifiedMark | undefined,
  cutoff: string,
): Promise<IntegrityReport['audit'] & { candidate?: AuditAnchor }> {
  // The anchors first: every lane head read after them is at least as long as any anchor names.
  let anchored: AuditAnchor | undefined;
  /** The newest anchor written before the cutoff: where a mark recorded by this run would be. */
  let candidate: AuditAnchor | undefined;
  let starts = new Map<number, { seq: number; hash: string }>();
  let anchors = 0;
  if (state) {
    const head = await store.anchorCheckpoint();
    let prev = { prevHash: GENESIS_HASH, seq: 0 };
    if (from) {
      // The anchor the mark names must still be there, as it was: every lane starts at its heads.
      let marked: AuditAnchor | undefined;
      for await (const page of store.auditAnchorPages(1, from.anchorSeq - 1)) {
        marked = page[0];
        break;
      }
      if (!marked || marked.seq !== from.anchorSeq || marked.hash !== from.anchorHash || anchorMac(state.keys.chain, marked) !== marked.hash) {
        return { ok: false, events: 0, problem: `anchor ${from.anchorSeq}, where the last verify ended, was altered or removed: run a full accord verify` };
      }
      anchored = candidate = marked;
      starts = new Map(marked.heads.map(([chain, seq, hash]) => [chain, { seq, hash }]));
      prev = { prevHash: marked.hash, seq: marked.seq };
    }
    for await (const page of store.auditAnchorPages(1000, prev.seq)) {
      const upToHead = page.filter((a) => a.seq <= head.seq);
      const r = verifyAnchors(upToHead, state.keys.chain, prev);
      if (!r.ok) return { ok: false, events: 0, problem: r.problem };
      anchors += r.count;
      for (const a of upToHead) if (a.at <= cutoff) candidate = a;
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
    const r = await verifyLane(store, lane, keyed, pinned.get(lane.chain), anchored?.at ?? '', starts.get(lane.chain));
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
  return { ok: true, events, chains, anchors, ...(candidate ? { candidate } : {}) };
}

/**
 * One lane: its events linked in order up to its head, the head's keyed checkpoint, and the last
 * anchor's pin on it. With `start` (a verified mark's head for this lane) the walk begins after
 * that event, which must still be there with the hash the mark's anchor committed and its own link.
 */
async function verifyLane(
  store: Store,
  head: { chain: number; seq: number; hash: string; mac: string | null },
  keyed: { key: Uint8Array; legacy: SealBoundary } | undefined,
  pin: { seq: number; hash: string } | undefined,
  anchoredAt: string,
  start?: { seq: number; hash: string },
): Promise<{ events: number; problem?: string }> {
  const name = (n: number) => (head.chain === 1 ? `event ${n}` : `event ${n} of chain ${head.chain}`);
  let prev = { prevHash: GENESIS_HASH, seq: 0 };
  let events = 0;
  if (start && start.seq > 0) {
    let at: AuditEvent | undefined;
    for await (const page of store.auditLanePages(head.chain, 1, start.seq - 1)) {
      at = page[0];
      break;
    }
    const own = at && verifyChain([at], { prevHash: at.prevHash, seq: start.seq - 1 }, keyed);
    if (!at || laneOf(at).chainSeq !== start.seq || at.hash !== start.hash || !own?.ok) {
      return { events, problem: `${name(start.seq)}, where the last verify ended, was altered or removed: run a full accord verify` };
    }
    prev = { prevHash: start.hash, seq: start.seq };
  }
  let pinnedHash = pin && pin.seq === prev.seq ? prev.prevHash : undefined;
  for await (const page of store.auditLanePages(head.chain, 5000, prev.seq)) {
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

async function verifyRecords(store: Store, state: IntegrityState, sealedFrom?: number): Promise<IntegrityReport['records']> {
  const problems: string[] = [];
  let checked = 0;
  let found = 0;
  const note = (p: string) => {
    found++;
    if (problems.length < MAX_LISTED) problems.push(p);
  };
  let longest = { seq: 0, name: '' };
  for (const table of store.sealedTables()) {
    for await (const page of store.sealedRecordPages(table, 1000, sealedFrom === undefined ? {} : { sealedFrom })) {
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
