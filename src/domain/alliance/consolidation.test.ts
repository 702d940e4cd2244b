/** The consolidation source of the inferred alliance (SPEC §3 C7, §5.3): lengthening streaks and a rising Support check. */
import { describe, expect, it } from 'vitest';
import type { CourseRecords } from './inference.ts';
import { consolidationEvidence, inferAlliance } from './inference.ts';
import { practiceAndStreaks } from './timeline.ts';
import { allianceDefaults as s } from './settings.ts';

const day = (n: number): string => new Date(Date.UTC(2026, 0, 1) + n * 86_400_000).toISOString();
const records = (over: Partial<CourseRecords> = {}): CourseRecords => ({
  courseId: 'k',
  asOf: day(60),
  sessions: [],
  expectations: [],
  goals: [],
  ledger: [],
  texts: [],
  ...over,
});
/** Kept days n…m (inclusive) of tracker `id`, each entered that evening. */
const run = (id: string, from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => ({ trackerId: id, day: day(from + i).slice(0, 10), kept: true, at: day(from + i) }));

describe('consolidation evidence', () => {
  it('a tracker whose latest streak is the longest yet (a week or more) is structuralizing evidence, with its source', () => {
    const trackerDays = [...run('t1', 0, 3), ...run('t1', 10, 20)];
    const items = consolidationEvidence(records({ trackerDays }), s);
    expect(items).toEqual([
      expect.objectContaining({
        kind: 'consolidation',
        type: 'structuralizing',
        weight: s.inference.weights.consolidationStreak,
        source: { type: 'tracker', id: 't1' },
      }),
    ]);
    expect(items[0]!.label).toMatch(/11 days \(the best before was 4\)/);
  });

  it('no trend from one streak, a shorter latest one, or one under a week', () => {
    expect(consolidationEvidence(records({ trackerDays: run('t1', 0, 20) }), s)).toEqual([]);
    expect(consolidationEvidence(records({ trackerDays: [...run('t1', 0, 20), ...run('t1', 30, 40)] }), s)).toEqual([]);
    expect(consolidationEvidence(records({ trackerDays: [...run('t1', 0, 2), ...run('t1', 10, 14)] }), s)).toEqual([]);
  });

  it('a Support check that rose at least 2 points is structuralizing evidence; a flat one is not', () => {
    const supportChecks = [
      { id: 'a', at: day(1), calm: 1, people: 1 },
      { id: 'b', at: day(30), calm: 2, people: 2 },
    ];
    expect(consolidationEvidence(records({ supportChecks }), s)).toEqual([
      expect.objectContaining({ type: 'structuralizing', source: { type: 'support_check', id: 'b' }, label: expect.stringMatching(/from 2 to 4 of 8/) }),
    ]);
    expect(consolidationEvidence(records({ supportChecks: [supportChecks[0]!, { ...supportChecks[1]!, calm: 1 }] }), s)).toEqual([]);
  });

  it('reads only what was there at asOf, and joins the inference with the other sources', () => {
    const trackerDays = [...run('t1', 0, 3), ...run('t1', 10, 20)];
    expect(inferAlliance(records({ trackerDays }), day(12)).evidence).toEqual([]);
    const later = inferAlliance(records({ trackerDays }), day(21));
    expect(later.evidence.map((e) => e.kind)).toEqual(['consolidation']);
  });

  it('the timeline draws practice per day and every streak', () => {
    const t = practiceAndStreaks(
      records({
        practice: [
          { id: 'p1', at: day(2) },
          { id: 'p2', at: day(2) },
          { id: 'p3', at: day(5) },
        ],
        trackerDays: [...run('t1', 0, 3), ...run('t1', 10, 12)],
      }),
    );
    expect(t.practice).toEqual([
      { day: day(2).slice(0, 10), count: 2 },
      { day: day(5).slice(0, 10), count: 1 },
    ]);
    expect(t.streaks.map((x) => x.length)).toEqual([4, 3]);
  });
});
