/**
 * Tamper evidence beyond the database's own reach (SPEC §7). The audit chain is keyed and its head
 * carries a keyed checkpoint; immutable clinical records carry seals that also record the chain's
 * length when they were written. The key is held outside the database (sealed under the master
 * key), so someone who can write the database file but not read the master key cannot re-compute
 * any of it. `accord verify` runs verifyIntegrity; what it can and cannot see is in docs/security.md.
 */
import { GENESIS_HASH, boundaryMac, headMac, verifyChain } from '../../domain/audit-chain.ts';
import type { SealBoundary } from '../../domain/audit-chain.ts';
import { recordSeal } from '../../domain/record-seal.ts';
import type { IntegrityState, SealedTable, Store } from '../ports.ts';

export type IntegrityReport = {
  ok: boolean;
  /** Where keyed links begin (the first start after the upgrade that brought seals); null when unsealed. */
  sealedSince: SealBoundary | null;
  audit: { ok: boolean; events: number; problem?: string };
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
  const head = await store.auditCheckpoint();
  const keyed = state && { key: state.keys.chain, legacy: state.since };
  let prev = { prevHash: GENESIS_HASH, seq: 0 };
  let events = 0;
  walk: for await (const page of store.auditPages(5000)) {
    const upToHead = page.filter((e) => e.seq <= head.seq);
    const r = verifyChain(upToHead, prev, keyed);
    events += r.count;
    if (!r.ok) return { ok: false, events, problem: r.problem };
    if (upToHead.length) prev = { prevHash: r.lastHash, seq: upToHead[upToHead.length - 1]!.seq };
    if (upToHead.length < page.length) break walk;
  }
  if (head.seq !== prev.seq || head.hash !== prev.prevHash) {
    return { ok: false, events, problem: `the chain ends at event ${prev.seq} but its head records event ${head.seq}: events were removed` };
  }
  if (state) {
    if (head.seq < state.since.seq) {
      return { ok: false, events, problem: `the chain ends at event ${head.seq} but held ${state.since.seq} events when it was sealed: events were removed` };
    }
    if (head.mac !== headMac(state.keys.chain, head)) {
      return {
        ok: false,
        events,
        problem: `the head (event ${head.seq}) lacks its keyed checkpoint: it was rewound or reset, so events were cut off the end or the log was wiped`,
      };
    }
  }
  return { ok: true, events };
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
