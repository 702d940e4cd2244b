/**
 * Agreements and the ledger (SPEC §3 C3): one side proposes in plain words what the two work on
 * (its alliance type, frequency and review point), the other confirms — the client in the portal,
 * or the therapist recording the client's words said in session. A proposal while an agreement is
 * in force is a shift and carries its reason. The ledger is append-only: the domain's
 * `appendToLedger` decides every entry; the store refuses a second entry at the same position, so
 * two concurrent appends cannot fork the history.
 */
import { DomainError } from '../../domain/errors.ts';
import type { Agreement, AgreementTerms, LedgerEntry, LedgerRefusal, Shift } from '../../domain/alliance/agreements.ts';
import { agreementsOf, appendToLedger, ledgerShifts, reviewDue } from '../../domain/alliance/agreements.ts';
import { otherSide } from '../../domain/alliance/course.ts';
import type { Deps } from '../deps.ts';
import { iso } from '../deps.ts';
import type { LedgerEntryRow } from '../ports.ts';
import type { Actor, LoadedCourse } from './alliance-records.ts';
import { assertOpenAt, occurredAt } from './alliance-records.ts';
import { bind, ledgerEntryOf, loadCourse } from './alliance-records.ts';
import type { FollowUps } from '../unit-of-work.ts';
import { unitOfWork } from '../unit-of-work.ts';

export type LedgerView = {
  agreements: (Agreement & { reviewDue: boolean })[];
  inForce: Agreement | null;
  shifts: Shift[];
  /** Each entry with when it was recorded (`at` is when it happened: issue 14), where known. */
  entries: (LedgerEntry & { recordedAt?: string })[];
  /** A proposal waiting for the caller's side to answer. */
  awaiting: Agreement[];
};

const CODE_OF: Partial<Record<LedgerRefusal, 'forbidden' | 'not_found' | 'invalid_input'>> = {
  not_the_other_side: 'forbidden',
  cannot_record_for_therapist: 'forbidden',
  unknown_agreement: 'not_found',
  invalid_terms: 'invalid_input',
  shift_needs_reason: 'invalid_input',
  empty_words: 'invalid_input',
};

/** The ledger of a course as the viewer sees it (both sides read all of it). */
export async function getLedger(deps: Deps, courseId: string, viewer: 'client' | 'therapist' | 'observer'): Promise<LedgerView> {
  const loaded = await loadCourse(deps, courseId);
  return ledgerView(loaded.ledger, loaded.records.sessions, loaded.records.asOf, viewer, loaded.ledgerRows);
}

function ledgerView(
  ledger: readonly LedgerEntry[],
  sessions: LoadedCourse['records']['sessions'],
  now: string,
  viewer: 'client' | 'therapist' | 'observer',
  rows: readonly LedgerEntryRow[],
): LedgerView {
  const agreements = agreementsOf(ledger);
  const recorded = new Map(rows.map((r) => [r.id, r.recordedAt]));
  return {
    agreements: agreements.map((a) => ({ ...a, reviewDue: a.status === 'in_force' && reviewDue(a, sessions, now) })),
    inForce: agreements.find((a) => a.status === 'in_force') ?? null,
    shifts: ledgerShifts(ledger),
    entries: ledger.map((e) => {
      const recordedAt = recorded.get(e.entryId);
      return recordedAt ? { ...e, recordedAt } : e;
    }),
    awaiting: viewer === 'observer' ? [] : agreements.filter((a) => a.status === 'pending' && a.proposedBy !== viewer),
  };
}

/**
 * Appends one entry, load once → decide → persist once: the course was read once by the caller
 * (which decided the entry from it); the domain's `appendToLedger` decides whether it may be
 * appended; the row is written; the alliance recompute follows the commit, handed every row
 * already read (with this entry); and the caller's view of the ledger is made from the same
 * rows, with the entry as a reload would read it.
 */
async function append(
  deps: Deps & { after: FollowUps },
  loaded: LoadedCourse,
  actor: Actor,
  entry: LedgerEntry,
  sealed: { statement?: string; reason?: string; words?: string },
): Promise<LedgerView> {
  const courseId = loaded.course.id;
  assertOpenAt(loaded.course, new Date(entry.at));
  const r = appendToLedger(loaded.ledger, entry);
  if (!r.ok) throw new DomainError(CODE_OF[r.reason] ?? 'conflict', r.detail, { reason: r.reason });
  const seal = (field: string, text: string | undefined) =>
    text === undefined ? null : loaded.texts.seal(bind('alliance_ledger', entry.entryId, field), text);
  const row: LedgerEntryRow = {
    id: entry.entryId,
    courseId,
    clientId: loaded.client.id,
    seq: loaded.ledgerRows.length + 1,
    kind: entry.kind,
    agreementId: entry.agreementId,
    at: entry.at,
    side: entry.by,
    recordedBy: entry.kind === 'proposal' ? null : entry.recordedBy,
    enteredBy: actor.userId,
    allianceType: entry.kind === 'proposal' ? entry.terms.allianceType : null,
    frequency: entry.kind === 'proposal' ? entry.terms.frequency : null,
    reviewPoint: entry.kind === 'proposal' ? JSON.stringify(entry.terms.reviewPoint) : null,
    supersedes: entry.kind === 'proposal' ? (entry.supersedes ?? null) : null,
    statementEnc: seal('statement', sealed.statement),
    reasonEnc: seal('reason', sealed.reason),
    wordsEnc: seal('words', sealed.words),
    recordedAt: iso(deps.clock.now()),
  };
  try {
    await deps.store.appendLedgerEntry(row);
  } catch (err) {
    if ((await deps.store.listLedger(courseId)).some((e) => e.seq === row.seq))
      throw new DomainError('conflict', 'The ledger changed meanwhile; reload and try again.');
    throw err;
  }
  const { course, client, texts, sessionRows, expectationRows, goalRows, ratings, ledgerRows, phaseRows, responseRows, reflectionRows, skillsRows } = loaded;
  deps.after.queue({
    kind: 'alliance',
    courseId,
    known: {
      course,
      client,
      texts,
      sessionRows,
      expectationRows,
      goalRows,
      ratings,
      ledgerRows: [...ledgerRows, row],
      phaseRows,
      responseRows,
      reflectionRows,
      skillsRows,
    },
  });
  return ledgerView([...loaded.ledger, ledgerEntryOf(row, texts)], loaded.records.sessions, iso(deps.clock.now()), actor.side, [...ledgerRows, row]);
}

/**
 * Proposes an agreement. While one is in force the proposal is a shift: it names the agreement it
 * replaces (the one in force, filled in here) and must say why.
 */
export async function proposeAgreement(
  deps: Deps,
  courseId: string,
  actor: Actor,
  input: { terms: AgreementTerms; reason?: string | undefined; occurredAt?: string | undefined },
): Promise<LedgerView> {
  return unitOfWork(
    deps,
    async (d) => {
      const loaded = await loadCourse(d, courseId);
      const at = await occurredAt(d, loaded.course, actor, input.occurredAt, d.clock.now());
      const inForce = agreementsOf(loaded.ledger).find((a) => a.status === 'in_force');
      const id = d.ids.newId();
      const reason = input.reason?.trim() || undefined;
      const terms: AgreementTerms = { ...input.terms, statement: input.terms.statement.trim() };
      const entry: LedgerEntry = {
        kind: 'proposal',
        entryId: id,
        agreementId: id,
        at,
        by: actor.side,
        terms,
        ...(inForce ? { supersedes: inForce.id } : {}),
        ...(reason ? { reason } : {}),
      };
      return append(d, loaded, actor, entry, { statement: terms.statement, ...(reason ? { reason } : {}) });
    },
    { oneWrite: true },
  );
}

/**
 * Confirms or declines a pending proposal. The answer is the other side's: a client answers in the
 * portal; a therapist answers a client's proposal, or records the client's words said in session
 * when answering their own.
 */
export async function answerAgreement(
  deps: Deps,
  courseId: string,
  agreementId: string,
  actor: Actor,
  input: { confirm: boolean; words?: string | undefined; occurredAt?: string | undefined },
): Promise<LedgerView> {
  return unitOfWork(
    deps,
    async (d) => {
      const loaded = await loadCourse(d, courseId);
      const target = agreementsOf(loaded.ledger).find((a) => a.id === agreementId);
      if (!target) throw new DomainError('not_found', 'No such agreement.');
      const at = await occurredAt(d, loaded.course, actor, input.occurredAt, d.clock.now());
      const words = input.words?.trim() || undefined;
      const base = { entryId: d.ids.newId(), agreementId, at, by: otherSide(target.proposedBy), recordedBy: actor.side };
      const entry: LedgerEntry = input.confirm
        ? { kind: 'confirmation', ...base, words: words ?? '' }
        : { kind: 'decline', ...base, ...(words ? { words } : {}) };
      return append(d, loaded, actor, entry, words ? { words } : {});
    },
    { oneWrite: true },
  );
}
