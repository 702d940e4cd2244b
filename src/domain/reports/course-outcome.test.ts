import { describe, expect, it } from 'vitest';
import { courseOutcome } from './course-outcome.ts';
import type { CourseOutcomeInput } from './course-outcome.ts';
import { findBuiltin } from '../measures/builtin/index.ts';
import type { InstrumentDefinition } from '../measures/instrument.ts';
import type { LedgerEntry } from '../alliance/agreements.ts';

const PHQ9 = findBuiltin('phq9') as InstrumentDefinition;
const GAD7 = findBuiltin('gad7') as InstrumentDefinition;
const day = (d: number) => `2026-01-${String(d).padStart(2, '0')}T10:00:00.000Z`;
const weekly = (n: number) => Array.from({ length: n }, (_, i) => ({ at: day(1 + i * 3), status: 'attended' as const }));
const series = (def: InstrumentDefinition, totals: number[]) => ({
  def,
  series: totals.map((total, i) => ({ at: day(1 + i * 3), total, sessionIndex: i + 1 })),
});

function input(over: Partial<CourseOutcomeInput> = {}): CourseOutcomeInput {
  return {
    course: {
      id: 'k1',
      practiceId: 'p',
      therapistId: 't',
      clientId: 'c',
      startedOn: '2026-01-01',
      endedOn: '2026-02-01',
      status: 'ended',
      endReason: 'planned',
    },
    sessions: weekly(6),
    measures: [series(PHQ9, [16, 14, 9]), series(GAD7, [12, 10, 7])],
    ledger: [],
    expectations: [],
    inferred: 'working',
    goalConsensus: 0.5,
    asOf: '2026-02-02T00:00:00.000Z',
    ...over,
  };
}

const proposal = (at: string, type: 'working' | 'magical'): LedgerEntry => ({
  kind: 'proposal',
  entryId: `a-${at}`,
  agreementId: `ag-${at}`,
  at,
  by: 'therapist',
  terms: { statement: 'Work on sleep', allianceType: type, frequency: 'weekly', reviewPoint: { kind: 'after_sessions', sessions: 6 } },
});
const confirm = (proposedAt: string, at: string): LedgerEntry => ({
  kind: 'confirmation',
  entryId: `c-${at}`,
  agreementId: `ag-${proposedAt}`,
  at,
  by: 'client',
  recordedBy: 'client',
  words: 'Yes',
});

describe('course outcome (NHS Talking Therapies definitions)', () => {
  it('PHQ-9 16 → 9 and GAD-7 12 → 7: reliable improvement (−7, −5), recovery (both below 10 and 8), reliable recovery', () => {
    const o = courseOutcome(input());
    expect(o).toMatchObject({
      attended: 6,
      finished: true,
      droppedOut: false,
      phq9First: 16,
      phq9Last: 9,
      gad7First: 12,
      gad7Last: 7,
      paired: true,
      casenessFirst: true,
      casenessLast: false,
      reliableImprovement: true,
      reliableDeterioration: false,
      recovery: true,
      reliableRecovery: true,
      inferredType: 'working',
      goalConsensus: 0.5,
    });
    expect(o.phq9Series).toEqual([
      [1, 16],
      [2, 14],
      [3, 9],
    ]);
  });

  it('GAD-7 below caseness at last but PHQ-9 still 10: no recovery; PHQ-9 −5 and GAD-7 −4: reliable improvement on GAD-7 only', () => {
    const o = courseOutcome(input({ measures: [series(PHQ9, [15, 10]), series(GAD7, [11, 7])] }));
    expect(o).toMatchObject({ reliableImprovement: true, recovery: false, reliableRecovery: false, casenessLast: true });
  });

  it('a reliable improvement on one measure with a reliable deterioration on the other is not reliable improvement', () => {
    const o = courseOutcome(input({ measures: [series(PHQ9, [16, 9]), series(GAD7, [3, 8])] }));
    expect(o).toMatchObject({ reliableImprovement: false, reliableDeterioration: true, recovery: false, reliableRecovery: false });
  });

  it('below caseness at first on both: recovery does not apply (false, outside the recovery denominator by caseness_first)', () => {
    const o = courseOutcome(input({ measures: [series(PHQ9, [8, 2]), series(GAD7, [6, 1])] }));
    expect(o).toMatchObject({ casenessFirst: false, recovery: false, reliableImprovement: true });
  });

  it('one attended session and a drop-out ending: not finished, dropped out; one score: nothing paired', () => {
    const o = courseOutcome(input({ sessions: weekly(1), measures: [series(PHQ9, [18])], course: { ...input().course, endReason: 'drop_out' } }));
    expect(o).toMatchObject({
      attended: 1,
      finished: false,
      droppedOut: true,
      paired: false,
      phq9First: 18,
      phq9Last: null,
      reliableImprovement: null,
      recovery: null,
    });
  });

  it('an open course is neither finished nor dropped out and has no end', () => {
    const o = courseOutcome(input({ course: { ...input().course, status: 'active', endedOn: null, endReason: null } }));
    expect(o).toMatchObject({ finished: false, droppedOut: false, endedOn: null, endReason: null });
  });

  it('agreed within the first 3 attended sessions: confirmed by the 3rd session’s time, with its type; later confirmation is not early', () => {
    const early = courseOutcome(input({ ledger: [proposal(day(2), 'working'), confirm(day(2), day(5))] }));
    expect(early).toMatchObject({ agreedEarly: true, earlyType: 'working', agreedType: 'working' });
    const late = courseOutcome(input({ ledger: [proposal(day(2), 'magical'), confirm(day(2), day(12))] }));
    expect(late).toMatchObject({ agreedEarly: false, earlyType: null, agreedType: 'magical' });
  });

  it('intake divergence from the first pair of Expectations checks (identical answers: distance 0, not diverging)', () => {
    const answers = { a: 1 };
    const o = courseOutcome(
      input({
        expectations: [
          { id: 'e1', side: 'client', at: day(1), answers },
          { id: 'e2', side: 'therapist', at: day(1), answers },
        ],
      }),
    );
    expect(o.intakeDivergence).toBe(0);
    expect(o.divergenceHigh).toBe(false);
    expect(courseOutcome(input()).intakeDivergence).toBeNull();
  });
});
