/**
 * The alliance ledger (SPEC §3 C3): what the two are working on, in plain words, proposed by one
 * side and confirmed by the other. Every change is a shift with a reason; the ledger is the history
 * and is append-only: entries are never edited or removed, later entries supersede earlier ones.
 */
import type { AllianceType } from '../cues/types.ts';
import { ALLIANCE_TYPES } from '../cues/types.ts';
import type { Frequency, SessionRecord, Side } from './course.ts';
import { FREQUENCIES, instant, otherSide } from './course.ts';

/** When the agreement is to be looked at again: on a date, or after N attended sessions. */
export type ReviewPoint = { kind: 'date'; date: string } | { kind: 'after_sessions'; sessions: number };

export type AgreementTerms = {
  /** What the two work on, in plain words. */
  statement: string;
  allianceType: AllianceType;
  frequency: Frequency;
  reviewPoint: ReviewPoint;
};

export type LedgerEntry =
  | {
      kind: 'proposal';
      entryId: string;
      agreementId: string;
      at: string;
      by: Side;
      terms: AgreementTerms;
      /** The agreement in force that this one would replace: a proposed shift. */
      supersedes?: string;
      /** Why the shift: required when `supersedes` is set. */
      reason?: string;
    }
  | { kind: 'confirmation'; entryId: string; agreementId: string; at: string; by: Side; recordedBy: Side; words: string }
  | { kind: 'decline'; entryId: string; agreementId: string; at: string; by: Side; recordedBy: Side; words?: string };

/** The ledger: entries in the order they were appended. */
export type Ledger = readonly LedgerEntry[];

export type AgreementStatus = 'pending' | 'declined' | 'in_force' | 'superseded';

/** An agreement as the ledger's entries make it up. */
export type Agreement = {
  id: string;
  terms: AgreementTerms;
  proposedBy: Side;
  proposedAt: string;
  supersedes?: string;
  reason?: string;
  status: AgreementStatus;
  confirmation?: { by: Side; recordedBy: Side; at: string; words: string };
  decline?: { by: Side; recordedBy: Side; at: string; words?: string };
  /** When a later confirmed agreement replaced this one. */
  supersededAt?: string;
};

export type LedgerRefusal =
  | 'duplicate_entry'
  | 'out_of_order'
  | 'invalid_terms'
  | 'duplicate_agreement'
  | 'shift_must_supersede_agreement_in_force'
  | 'shift_needs_reason'
  | 'unknown_agreement'
  | 'not_pending'
  | 'not_the_other_side'
  | 'cannot_record_for_therapist'
  | 'empty_words'
  | 'stale_proposal';

export type LedgerResult = { ok: true; ledger: Ledger } | { ok: false; reason: LedgerRefusal; detail: string };

function refuse(reason: LedgerRefusal, detail: string): { ok: false; reason: LedgerRefusal; detail: string } {
  return { ok: false, reason, detail };
}

/** Plain-word checks on proposed terms; the reason names the first problem found. */
export function validateTerms(terms: AgreementTerms): string | undefined {
  if (terms.statement.trim() === '') return 'An agreement says in plain words what the two work on.';
  if (!ALLIANCE_TYPES.includes(terms.allianceType)) return `Unknown alliance type "${String(terms.allianceType)}".`;
  if (!FREQUENCIES.includes(terms.frequency)) return `Unknown frequency "${String(terms.frequency)}".`;
  const rp = terms.reviewPoint;
  if (rp.kind === 'date' && Number.isNaN(instant(rp.date))) return 'The review date is not a date.';
  if (rp.kind === 'after_sessions' && !(Number.isInteger(rp.sessions) && rp.sessions > 0)) return 'Review after a positive whole number of sessions.';
  return undefined;
}

/** Replays the ledger into agreements, in proposal order. */
export function agreementsOf(ledger: Ledger): Agreement[] {
  const byId = new Map<string, Agreement>();
  let inForce: Agreement | undefined;
  for (const e of ledger) {
    if (e.kind === 'proposal') {
      byId.set(e.agreementId, {
        id: e.agreementId,
        terms: e.terms,
        proposedBy: e.by,
        proposedAt: e.at,
        status: 'pending',
        ...(e.supersedes === undefined ? {} : { supersedes: e.supersedes }),
        ...(e.reason === undefined ? {} : { reason: e.reason }),
      });
      continue;
    }
    const a = byId.get(e.agreementId);
    if (a === undefined || a.status !== 'pending') continue;
    if (e.kind === 'decline') {
      byId.set(a.id, {
        ...a,
        status: 'declined',
        decline: { by: e.by, recordedBy: e.recordedBy, at: e.at, ...(e.words === undefined ? {} : { words: e.words }) },
      });
      continue;
    }
    if (inForce !== undefined) byId.set(inForce.id, { ...inForce, status: 'superseded', supersededAt: e.at });
    inForce = { ...a, status: 'in_force', confirmation: { by: e.by, recordedBy: e.recordedBy, at: e.at, words: e.words } };
    byId.set(a.id, inForce);
  }
  return [...byId.values()];
}

/**
 * Appends one entry to the ledger, refusing anything that would rewrite history (SPEC §3 C3):
 * entries come in time order with unique ids; a confirmation or decline comes from the other side
 * than the proposer (the therapist may record the client's words said in session; the client
 * cannot record the therapist's); a proposal made while an agreement is in force is a shift and
 * must name the agreement it supersedes and give a reason; a proposal overtaken by another
 * confirmed agreement can no longer be confirmed.
 */
export function appendToLedger(ledger: Ledger, entry: LedgerEntry): LedgerResult {
  if (ledger.some((e) => e.entryId === entry.entryId)) return refuse('duplicate_entry', 'This entry is already in the ledger.');
  const last = ledger.at(-1);
  if (last !== undefined && instant(entry.at) < instant(last.at))
    return refuse(
      'out_of_order',
      `The ledger only grows forward in time: an entry is dated on or after its latest entry (${last.at.slice(0, 16).replace('T', ' ')} UTC).`,
    );
  const agreements = agreementsOf(ledger);
  const inForce = agreements.find((a) => a.status === 'in_force');
  if (entry.kind === 'proposal') {
    const problem = validateTerms(entry.terms);
    if (problem !== undefined) return refuse('invalid_terms', problem);
    if (agreements.some((a) => a.id === entry.agreementId)) return refuse('duplicate_agreement', 'An agreement is proposed once.');
    if (inForce !== undefined && entry.supersedes !== inForce.id) {
      return refuse('shift_must_supersede_agreement_in_force', 'A change to the agreement names the agreement in force that it replaces.');
    }
    if (inForce === undefined && entry.supersedes !== undefined) {
      return refuse('shift_must_supersede_agreement_in_force', 'There is no agreement in force to replace.');
    }
    if (entry.supersedes !== undefined && (entry.reason ?? '').trim() === '') return refuse('shift_needs_reason', 'Every shift carries its reason.');
    return { ok: true, ledger: [...ledger, entry] };
  }
  const target = agreements.find((a) => a.id === entry.agreementId);
  if (target === undefined) return refuse('unknown_agreement', 'No such proposal in this ledger.');
  if (target.status !== 'pending') return refuse('not_pending', `This agreement is already ${target.status.replace('_', ' ')}.`);
  if (entry.by !== otherSide(target.proposedBy)) {
    return refuse('not_the_other_side', `A proposal by the ${target.proposedBy} is answered by the ${otherSide(target.proposedBy)}.`);
  }
  if (entry.recordedBy !== entry.by && !(entry.by === 'client' && entry.recordedBy === 'therapist')) {
    return refuse('cannot_record_for_therapist', 'Only the therapist may record the other side’s words (the client’s, said in session).');
  }
  if (entry.kind === 'confirmation') {
    if (entry.words.trim() === '') return refuse('empty_words', 'A confirmation is recorded in the words it was given.');
    if ((target.supersedes ?? undefined) !== inForce?.id) return refuse('stale_proposal', 'Another agreement came into force since this was proposed.');
  }
  return { ok: true, ledger: [...ledger, entry] };
}

/** Appends several entries in order; stops at the first refusal. */
export function buildLedger(entries: readonly LedgerEntry[], start: Ledger = []): LedgerResult {
  let ledger = start;
  for (const e of entries) {
    const r = appendToLedger(ledger, e);
    if (!r.ok) return r;
    ledger = r.ledger;
  }
  return { ok: true, ledger };
}

/**
 * The agreement in force at a time: the most recently confirmed one whose confirmation is at or
 * before `at` (SPEC §3 C3, used to set the agreed type beside the inferred one for each session).
 */
export function agreedAllianceAt(ledger: Ledger, at: string): Agreement | undefined {
  const now = instant(at);
  const upTo = ledger.filter((e) => instant(e.at) <= now);
  return agreementsOf(upTo).find((a) => a.status === 'in_force');
}

/** A confirmed change of the agreement (SPEC §3 C3). */
export type Shift = {
  at: string;
  agreementId: string;
  fromAgreementId: string;
  from: AgreementTerms;
  to: AgreementTerms;
  reason: string;
  /** True when the alliance type changed, not just the terms. */
  typeChanged: boolean;
  words: string;
};

/** Every confirmed shift, in time order. */
export function ledgerShifts(ledger: Ledger): Shift[] {
  const agreements = agreementsOf(ledger);
  const shifts: Shift[] = [];
  for (const a of agreements) {
    if (a.supersedes === undefined || a.confirmation === undefined) continue;
    const from = agreements.find((x) => x.id === a.supersedes);
    if (from === undefined) continue;
    shifts.push({
      at: a.confirmation.at,
      agreementId: a.id,
      fromAgreementId: from.id,
      from: from.terms,
      to: a.terms,
      reason: a.reason ?? '',
      typeChanged: from.terms.allianceType !== a.terms.allianceType,
      words: a.confirmation.words,
    });
  }
  return shifts.sort((x, y) => instant(x.at) - instant(y.at));
}

/**
 * Whether an agreement's review point has come: its date has passed, or the agreed number of
 * sessions has been attended since it was confirmed (SPEC §3 C3).
 */
export function reviewDue(agreement: Agreement, sessions: readonly SessionRecord[], asOf: string): boolean {
  if (agreement.confirmation === undefined) return false;
  const now = instant(asOf);
  const rp = agreement.terms.reviewPoint;
  if (rp.kind === 'date') return instant(rp.date) <= now;
  const since = instant(agreement.confirmation.at);
  const attended = sessions.filter((s) => s.status === 'attended' && instant(s.at) > since && instant(s.at) <= now).length;
  return attended >= rp.sessions;
}
