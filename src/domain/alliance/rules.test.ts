import { describe, expect, it } from 'vitest';
import type { AllianceType } from '../cues/types.ts';
import type { AgreementTerms, Ledger, LedgerEntry } from './agreements.ts';
import { buildLedger } from './agreements.ts';
import type { SessionRecord, SessionStatus } from './course.ts';
import type { ExpectationsResponse } from './expectations.ts';
import { expectationsInstrument } from './expectations.ts';
import type { CourseRecords, EvidenceProvider } from './inference.ts';
import { allianceFindings, courseAllianceSummary, expectationsDivergeFinding, goalConsensusAt, magicalPersistingFinding, misallianceFinding } from './rules.ts';
import { allianceTimeline } from './timeline.ts';
import { proposeGoal } from './goals.ts';

const day = (n: number): string => new Date(Date.UTC(2024, 0, 1, 10) + n * 86_400_000).toISOString();
/** A type (from enough evidence), 'mixed', '-' (no evidence), or 'thin': one strong magical item alone, too little to read. */
type Script = (AllianceType | 'mixed' | '-' | 'thin')[];

/** Weekly sessions; the scripted provider makes the inference at session i exactly script[i]. */
function course(
  script: Script,
  opts: { ledger?: Ledger; statuses?: SessionStatus[]; expectations?: ExpectationsResponse[] } = {},
): { records: CourseRecords; providers: EvidenceProvider[] } {
  const sessions: SessionRecord[] = script.map((_, i) => ({ id: `s${i + 1}`, at: day(7 * i), status: opts.statuses?.[i] ?? 'attended' }));
  const scripted: EvidenceProvider = (records) => {
    const i = sessions.findIndex((s) => s.at === records.asOf);
    const t = script[i];
    if (t === undefined || t === '-') return [];
    if (t === 'thin') return [{ kind: 'test', type: 'magical', weight: 5, label: 'one strong item' }];
    if (t === 'mixed') {
      return [
        { kind: 'test', type: 'working', weight: 1, label: 'w' },
        { kind: 'test', type: 'therapeutic', weight: 1, label: 't' },
        { kind: 'other', type: 'working', weight: 0.5, label: 'w2' },
        { kind: 'other', type: 'therapeutic', weight: 0.5, label: 't2' },
      ];
    }
    // Enough evidence: three pieces from two kinds.
    return [
      { kind: 'test', type: t, weight: 1, label: `scripted ${t}` },
      { kind: 'test', type: t, weight: 0.5, label: `scripted ${t} again` },
      { kind: 'other', type: t, weight: 0.5, label: `another kind: ${t}` },
    ];
  };
  return {
    records: {
      courseId: 'c1',
      asOf: sessions.at(-1)!.at,
      frequency: 'weekly',
      sessions,
      expectations: opts.expectations ?? [],
      goals: [],
      ledger: opts.ledger ?? [],
      texts: [],
    },
    providers: [scripted],
  };
}

const terms = (allianceType: AllianceType): AgreementTerms => ({
  statement: `work ${allianceType}`,
  allianceType,
  frequency: 'weekly',
  reviewPoint: { kind: 'after_sessions', sessions: 6 },
});
function ledger(...steps: [number, AllianceType][]): Ledger {
  const entries: LedgerEntry[] = [];
  steps.forEach(([dayN, type], i) => {
    entries.push({
      kind: 'proposal',
      entryId: `p${i}`,
      agreementId: `a${i}`,
      at: day(dayN),
      by: 'therapist',
      terms: terms(type),
      ...(i === 0 ? {} : { supersedes: `a${i - 1}`, reason: 'we talked it over' }),
    });
    entries.push({ kind: 'confirmation', entryId: `c${i}`, agreementId: `a${i}`, at: day(dayN), by: 'client', recordedBy: 'therapist', words: 'Yes.' });
  });
  const r = buildLedger(entries);
  if (!r.ok) throw new Error(r.detail);
  return r.ledger;
}

describe('misalliance: inferred ≠ agreed for 3 consecutive attended sessions', () => {
  it.each<[string, Script, Ledger, string | undefined, SessionStatus[]?]>([
    ['2 sessions are not enough', ['working', 'magical', 'magical'], ledger([0, 'working']), undefined],
    ['3 sessions are', ['magical', 'magical', 'magical'], ledger([0, 'working']), 'misalliance:c1:s1'],
    ['the key stays on the first session of the run', ['working', 'magical', 'magical', 'therapeutic', 'magical'], ledger([0, 'working']), 'misalliance:c1:s2'],
    ['a mixed session breaks the run', ['magical', 'magical', 'mixed', 'magical', 'magical'], ledger([0, 'working']), undefined],
    ['too little evidence breaks the run', ['magical', '-', 'magical', 'magical'], ledger([0, 'working']), undefined],
    ['one strong item alone is not enough evidence, and breaks the run', ['magical', 'thin', 'magical', 'magical'], ledger([0, 'working']), undefined],
    ['no agreement, no misalliance', ['magical', 'magical', 'magical'], [], undefined],
    ['a shift to the inferred type ends it', ['magical', 'magical', 'magical', 'magical'], ledger([0, 'working'], [21, 'magical']), undefined],
    [
      'missed sessions are skipped, not counted',
      ['magical', 'magical', 'magical', 'magical'],
      ledger([0, 'working']),
      undefined,
      ['attended', 'no_show', 'no_show', 'attended'],
    ],
  ])('%s', (_name, script, l, key, statuses) => {
    const { records, providers } = course(script, { ledger: l, ...(statuses ? { statuses } : {}) });
    const f = misallianceFinding(records, undefined, { providers });
    expect(f?.dedupeKey).toBe(key);
    if (f !== undefined) {
      expect(f.evidence.length).toBeGreaterThanOrEqual(3);
      expect(f.suggestedConversation).toContain('?');
    }
  });
});

describe('magical persisting: inferred magical for 6 attended sessions with no shift', () => {
  it.each<[string, Script, Ledger, string | undefined]>([
    ['5 sessions are not enough', ['magical', 'magical', 'magical', 'magical', 'magical'], [], undefined],
    ['6 sessions are', ['magical', 'magical', 'magical', 'magical', 'magical', 'magical'], [], 'magical_persisting:c1:s1'],
    [
      'an agreement confirmed in between restarts the count',
      ['magical', 'magical', 'magical', 'magical', 'magical', 'magical', 'magical'],
      ledger([0, 'working'], [15, 'working']),
      undefined,
    ],
    [
      'a confirmation before the run does not',
      ['working', 'magical', 'magical', 'magical', 'magical', 'magical', 'magical'],
      ledger([0, 'working']),
      'magical_persisting:c1:s2',
    ],
    ['a mixed session breaks the run', ['magical', 'magical', 'magical', 'mixed', 'magical', 'magical'], [], undefined],
    ['a session with not enough evidence breaks the run', ['magical', 'magical', 'thin', 'magical', 'magical', 'magical', 'magical'], [], undefined],
  ])('%s', (_name, script, l, key) => {
    const { records, providers } = course(script, { ledger: l });
    expect(magicalPersistingFinding(records, undefined, { providers })?.dedupeKey).toBe(key);
  });
});

function expectations(side: 'client' | 'therapist', id: string, at: string, byType: Partial<Record<AllianceType, number>>): ExpectationsResponse {
  return { id, side, at, answers: Object.fromEntries(expectationsInstrument(side).statements.map((s) => [s.id, byType[s.type] ?? 0])) };
}

describe('expectations diverge', () => {
  it('needs both sides (blindness) and reports the gaps', () => {
    const client = expectations('client', 'ec', day(-1), { magical: 4, working: 1 });
    const therapist = expectations('therapist', 'et', day(-1), { working: 3, therapeutic: 3 });
    const one = course(['-'], { expectations: [client] });
    expect(expectationsDivergeFinding(one.records)).toBeUndefined();
    const both = course(['-'], { expectations: [client, therapist] });
    const f = expectationsDivergeFinding(both.records);
    expect(f).toMatchObject({ kind: 'expectations_diverge', dedupeKey: 'expectations_diverge:c1:ec:et' });
    expect(f?.evidence[0]?.label).toMatch(/client 4 of 4, therapist 0 of 4/);
  });

  it('is quiet when the two sides agree', () => {
    const same = course(['-'], {
      expectations: [expectations('client', 'ec', day(-1), { working: 3 }), expectations('therapist', 'et', day(-1), { working: 3 })],
    });
    expect(expectationsDivergeFinding(same.records)).toBeUndefined();
  });
});

describe('allianceFindings and the course summary', () => {
  it('gathers every rule, sorted by time', () => {
    const { records, providers } = course(['magical', 'magical', 'magical', 'magical', 'magical', 'magical', 'magical', 'magical'], {
      ledger: ledger([0, 'working']),
      statuses: ['no_show', 'attended', 'attended', 'attended', 'attended', 'attended', 'attended', 'attended'],
    });
    expect(allianceFindings(records, undefined, { providers }).map((f) => f.kind)).toEqual(['attendance_no_show_early', 'misalliance', 'magical_persisting']);
    const summary = courseAllianceSummary(records, undefined, { providers });
    expect(summary.agreed?.terms.allianceType).toBe('working');
    expect(summary.inferred.dominant).toBe('magical');
    expect(summary.attendance.pattern).toBe('regular');
  });

  it('goal consensus comes with the goals behind it', () => {
    const { records } = course(['-']);
    const g = proposeGoal({ id: 'g1', author: 'client', text: 'Sleep again', focus: 'symptom_relief', at: day(-1) });
    const c = goalConsensusAt({ ...records, goals: g.ok ? [g.goal] : [] });
    expect(c).toMatchObject({ active: 1, agreed: 0, consensus: 0 });
    expect(c.evidence[0]?.label).toContain('Proposed, not yet agreed');
  });
});

describe('allianceTimeline', () => {
  it('gives every session its agreed and inferred alliance, phase and ledger markers', () => {
    const { records, providers } = course(['magical', 'magical', 'working', 'working'], {
      ledger: ledger([0, 'working'], [10, 'magical'], [14, 'working']),
      statuses: ['attended', 'attended', 'no_show', 'attended'],
    });
    const t = allianceTimeline(
      {
        ...records,
        phases: [
          { at: day(0), phase: 'beginning' },
          { at: day(14), phase: 'middle' },
        ],
      },
      { providers },
    );
    expect(t.rows.map((r) => [r.sessionId, r.status, r.phase, r.agreedType, r.inferred.dominant])).toEqual([
      ['s1', 'attended', 'beginning', 'working', 'magical'],
      ['s2', 'attended', 'beginning', 'working', 'magical'],
      ['s3', 'no_show', 'middle', 'working', 'working'],
      ['s4', 'attended', 'middle', 'working', 'working'],
    ]);
    expect(t.rows.map((r) => r.markers.map((m) => [m.kind, m.fromType, m.type]))).toEqual([
      [['agreement', undefined, 'working']],
      [['shift', 'working', 'magical']],
      [['shift', 'magical', 'working']],
      [],
    ]);
    expect(t.earlierMarkers).toEqual([]);
  });
});
