import { describe, expect, it } from 'vitest';
import type { AgreementTerms, Ledger, LedgerEntry } from './agreements.ts';
import { agreedAllianceAt, agreementsOf, appendToLedger, buildLedger, ledgerShifts, reviewDue } from './agreements.ts';

const working: AgreementTerms = {
  statement: 'Find ways to cope with the conflict at work',
  allianceType: 'working',
  frequency: 'weekly',
  reviewPoint: { kind: 'after_sessions', sessions: 6 },
};
const therapeutic: AgreementTerms = {
  statement: 'Understand why I keep ending up with people who belittle me',
  allianceType: 'therapeutic',
  frequency: 'weekly',
  reviewPoint: { kind: 'date', date: '2024-09-01T00:00:00Z' },
};

const propose = (n: number, at: string, by: 'client' | 'therapist', terms: AgreementTerms, extra: Partial<LedgerEntry> = {}): LedgerEntry =>
  ({ kind: 'proposal', entryId: `e${n}`, agreementId: `a${n}`, at, by, terms, ...extra }) as LedgerEntry;
const confirm = (n: number, agreement: number, at: string, by: 'client' | 'therapist', recordedBy = by, words = 'Yes, that is it.'): LedgerEntry => ({
  kind: 'confirmation',
  entryId: `e${n}`,
  agreementId: `a${agreement}`,
  at,
  by,
  recordedBy,
  words,
});

function ledgerOf(entries: LedgerEntry[]): Ledger {
  const r = buildLedger(entries);
  if (!r.ok) throw new Error(r.detail);
  return r.ledger;
}

const base = ledgerOf([propose(1, '2024-01-01T10:00:00Z', 'therapist', working), confirm(2, 1, '2024-01-01T10:30:00Z', 'client', 'therapist')]);

describe('appendToLedger', () => {
  it('puts a proposal in force once the other side confirms it', () => {
    expect(agreementsOf(base)).toMatchObject([
      { id: 'a1', status: 'in_force', proposedBy: 'therapist', confirmation: { by: 'client', recordedBy: 'therapist' } },
    ]);
  });

  it.each<[string, Ledger, LedgerEntry, string]>([
    ['the proposer confirms', [propose(1, '2024-01-01T10:00:00Z', 'client', working)], confirm(2, 1, '2024-01-02T10:00:00Z', 'client'), 'not_the_other_side'],
    [
      'the client records the therapist’s words',
      [propose(1, '2024-01-01T10:00:00Z', 'client', working)],
      confirm(2, 1, '2024-01-02T10:00:00Z', 'therapist', 'client'),
      'cannot_record_for_therapist',
    ],
    [
      'a confirmation has no words',
      [propose(1, '2024-01-01T10:00:00Z', 'client', working)],
      confirm(2, 1, '2024-01-02T10:00:00Z', 'therapist', 'therapist', ' '),
      'empty_words',
    ],
    [
      'an entry is dated before the last one',
      base,
      propose(3, '2023-12-01T10:00:00Z', 'client', therapeutic, { supersedes: 'a1', reason: 'r' }),
      'out_of_order',
    ],
    ['an entry id repeats', base, { ...confirm(2, 1, '2024-02-01T10:00:00Z', 'client'), entryId: 'e1' }, 'duplicate_entry'],
    [
      'a shift names no agreement in force',
      base,
      propose(3, '2024-02-01T10:00:00Z', 'client', therapeutic, { reason: 'deeper' }),
      'shift_must_supersede_agreement_in_force',
    ],
    ['a shift has no reason', base, propose(3, '2024-02-01T10:00:00Z', 'client', therapeutic, { supersedes: 'a1' }), 'shift_needs_reason'],
    ['an agreement is confirmed twice', base, confirm(3, 1, '2024-02-01T10:00:00Z', 'client'), 'not_pending'],
    ['an unknown agreement is confirmed', base, confirm(3, 7, '2024-02-01T10:00:00Z', 'client'), 'unknown_agreement'],
    ['the terms have no words', [], propose(1, '2024-01-01T10:00:00Z', 'client', { ...working, statement: '' }), 'invalid_terms'],
    [
      'the review point is zero sessions',
      [],
      propose(1, '2024-01-01T10:00:00Z', 'client', { ...working, reviewPoint: { kind: 'after_sessions', sessions: 0 } }),
      'invalid_terms',
    ],
  ])('refuses when %s', (_name, ledger, entry, reason) => {
    expect(appendToLedger(ledger, entry)).toMatchObject({ ok: false, reason });
  });

  it('never changes the ledger it was given', () => {
    const before = [...base];
    appendToLedger(base, propose(3, '2024-02-01T10:00:00Z', 'client', therapeutic, { supersedes: 'a1', reason: 'deeper' }));
    expect(base).toEqual(before);
  });

  it('refuses to confirm a proposal overtaken by another agreement', () => {
    const r = buildLedger([
      propose(1, '2024-01-01T10:00:00Z', 'therapist', working),
      propose(2, '2024-01-01T10:05:00Z', 'client', therapeutic),
      confirm(3, 1, '2024-01-01T10:30:00Z', 'client'),
      confirm(4, 2, '2024-01-01T10:40:00Z', 'therapist'),
    ]);
    expect(r).toMatchObject({ ok: false, reason: 'stale_proposal' });
  });
});

describe('shifts and the agreement in force', () => {
  const shifted = ledgerOf([
    ...base,
    propose(3, '2024-03-01T10:00:00Z', 'client', therapeutic, { supersedes: 'a1', reason: 'The work conflict is settled; the pattern behind it is not.' }),
    confirm(4, 3, '2024-03-08T10:00:00Z', 'therapist'),
  ]);

  it.each([
    ['before any agreement', '2023-12-31T00:00:00Z', undefined],
    ['right after the first confirmation', '2024-01-01T10:30:00Z', 'working'],
    ['while a shift is only proposed', '2024-03-05T00:00:00Z', 'working'],
    ['after the shift is confirmed', '2024-03-08T10:00:00Z', 'therapeutic'],
  ])('%s', (_name, at, type) => {
    expect(agreedAllianceAt(shifted, at)?.terms.allianceType).toBe(type);
  });

  it('lists the shift with its reason and whether the type changed', () => {
    expect(ledgerShifts(shifted)).toEqual([
      expect.objectContaining({
        at: '2024-03-08T10:00:00Z',
        fromAgreementId: 'a1',
        agreementId: 'a3',
        typeChanged: true,
        reason: 'The work conflict is settled; the pattern behind it is not.',
      }),
    ]);
    expect(agreementsOf(shifted).map((a) => a.status)).toEqual(['superseded', 'in_force']);
  });
});

describe('reviewDue', () => {
  const sessions = Array.from({ length: 8 }, (_, i) => ({
    id: `s${i}`,
    at: new Date(Date.UTC(2024, 0, 8 + 7 * i)).toISOString(),
    status: 'attended' as const,
  }));
  it('comes after the agreed number of attended sessions', () => {
    const a = agreedAllianceAt(base, '2024-01-02T00:00:00Z')!;
    expect(reviewDue(a, sessions, '2024-02-11T00:00:00Z')).toBe(false); // 5 attended since
    expect(reviewDue(a, sessions, '2024-02-12T00:00:00Z')).toBe(true); // the 6th
  });
  it('comes on the review date', () => {
    const l = ledgerOf([propose(1, '2024-01-01T10:00:00Z', 'client', therapeutic), confirm(2, 1, '2024-01-02T10:00:00Z', 'therapist')]);
    const a = agreedAllianceAt(l, '2024-01-03T00:00:00Z')!;
    expect(reviewDue(a, [], '2024-08-31T23:59:59Z')).toBe(false);
    expect(reviewDue(a, [], '2024-09-01T00:00:00Z')).toBe(true);
  });
});
