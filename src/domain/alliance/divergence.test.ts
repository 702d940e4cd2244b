import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AllianceType } from '../cues/types.ts';
import type { AllianceDistribution, DominantType } from './divergence.ts';
import { canReveal, compareExpectations, dominantOf, expectationsDiverge, expectationsProfile, jensenShannonDistance } from './divergence.ts';
import type { ExpectationsResponse } from './expectations.ts';
import { expectationsInstrument } from './expectations.ts';

const dist = (magical: number, working: number, therapeutic: number, structuralizing: number): AllianceDistribution => ({
  magical,
  working,
  therapeutic,
  structuralizing,
});

function response(side: 'client' | 'therapist', byType: Partial<Record<AllianceType, number[]>>, id = `${side}-1`): ExpectationsResponse {
  const answers: Record<string, number> = {};
  for (const s of expectationsInstrument(side).statements) {
    const i = Number(
      expectationsInstrument(side)
        .statements.filter((x) => x.type === s.type)
        .indexOf(s),
    );
    answers[s.id] = byType[s.type]?.[i] ?? 0;
  }
  return { id, side, at: '2024-01-01T10:00:00Z', answers };
}

describe('jensenShannonDistance', () => {
  it.each([
    ['identical → 0', dist(0.4, 0.3, 0.2, 0.1), dist(0.4, 0.3, 0.2, 0.1), 0],
    ['disjoint → 1', dist(1, 0, 0, 0), dist(0, 1, 0, 0), 1],
    ['disjoint halves → 1', dist(0.5, 0.5, 0, 0), dist(0, 0, 0.5, 0.5), 1],
    // Hand-computed: m = (0.75, 0.25); KL(p‖m) = log2(4/3) = 0.415037; KL(q‖m) = ½log2(2/3) + ½log2(2) = 0.207519;
    // JSD = ½(0.415037 + 0.207519) = 0.311278; distance = √0.311278 = 0.557923.
    ['one-sided half overlap', dist(1, 0, 0, 0), dist(0.5, 0.5, 0, 0), 0.557923],
  ])('%s', (_name, p, q, expected) => {
    expect(jensenShannonDistance(p, q)).toBeCloseTo(expected, 5);
  });

  it('is symmetric and within 0..1 for any two distributions', () => {
    const d = fc.tuple(fc.nat(100), fc.nat(100), fc.nat(100), fc.nat(100)).map(([a, b, c, e]) => dist(a, b, c, e));
    fc.assert(
      fc.property(d, d, (p, q) => {
        const x = jensenShannonDistance(p, q);
        expect(x).toBeGreaterThanOrEqual(0);
        expect(x).toBeLessThanOrEqual(1);
        expect(x).toBeCloseTo(jensenShannonDistance(q, p), 12);
      }),
      { numRuns: 200 },
    );
  });
});

describe('dominantOf (lead ≥ 0.10)', () => {
  it.each([
    ['lead of exactly 0.10 (0.35 vs 0.25) counts', dist(0.35, 0.25, 0.2, 0.2), 'magical'],
    ['lead of exactly 0.10 (0.4 vs 0.3) counts', dist(0.3, 0.4, 0.2, 0.1), 'working'],
    ['lead of 0.09 is mixed', dist(0.34, 0.25, 0.21, 0.2), 'mixed'],
    ['a tie is mixed', dist(0.3, 0.3, 0.2, 0.2), 'mixed'],
    ['uniform is mixed', dist(0.25, 0.25, 0.25, 0.25), 'mixed'],
    ['clear structuralizing', dist(0, 0.1, 0.2, 0.7), 'structuralizing'],
  ] as const)('%s', (_name, d, expected) => {
    expect(dominantOf(d)).toBe(expected);
  });
});

describe('expectationsProfile', () => {
  it('is mean / 4 per type, normalised', () => {
    const p = expectationsProfile(response('client', { magical: [4, 4, 4], working: [2, 2, 2] }));
    expect(p.typeScores).toEqual({ magical: 1, working: 0.5, therapeutic: 0, structuralizing: 0 });
    expect(p.distribution.magical).toBeCloseTo(2 / 3);
    expect(p.distribution.working).toBeCloseTo(1 / 3);
    expect(p.dominant).toBe('magical');
    expect(p.allZero).toBe(false);
  });

  it('makes all zeros uniform and says so', () => {
    const p = expectationsProfile(response('therapist', {}));
    expect(p.distribution).toEqual(dist(0.25, 0.25, 0.25, 0.25));
    expect(p.allZero).toBe(true);
    expect(p.dominant).toBe('mixed');
  });
});

describe('expectationsDiverge (distance ≥ 0.35 or different dominant types)', () => {
  it.each<[string, number, DominantType, DominantType, boolean, string[]]>([
    ['distance exactly 0.35', 0.35, 'mixed', 'mixed', true, ['distance']],
    ['distance just below', 0.3499, 'working', 'working', false, []],
    ['dominants differ, small distance', 0.1, 'magical', 'working', true, ['dominant_types_differ']],
    ['one side mixed', 0.2, 'mixed', 'working', false, []],
    ['both reasons', 0.6, 'magical', 'therapeutic', true, ['distance', 'dominant_types_differ']],
  ])('%s', (_name, distance, clientDominant, therapistDominant, diverge, reasons) => {
    expect(expectationsDiverge({ distance, clientDominant, therapistDominant })).toEqual({ diverge, reasons });
  });
});

describe('compareExpectations', () => {
  it('reports the distance, the decision and the largest statement gaps with both ratings', () => {
    const client = response('client', { magical: [4, 3, 4], working: [1, 1, 0] });
    const therapist = response('therapist', { magical: [0, 1, 0], working: [3, 4, 3], therapeutic: [2, 2, 2] });
    const c = compareExpectations(client, therapist);
    expect(c.client.dominant).toBe('magical');
    expect(c.therapist.dominant).toBe('working');
    expect(c.diverge).toBe(true);
    expect(c.reasons).toEqual(['distance', 'dominant_types_differ']);
    expect(c.gaps.map((g) => [g.key, g.clientRating, g.therapistRating, g.higher])).toEqual([
      ['magical.others_change', 4, 0, 'client'],
      ['magical.therapist_knows', 4, 0, 'client'],
      ['working.coping', 1, 4, 'therapist'],
    ]);
  });

  it('finds nothing to report between identical answers', () => {
    const c = compareExpectations(response('client', { working: [3, 3, 3] }), response('therapist', { working: [3, 3, 3] }));
    expect(c.distance).toBe(0);
    expect(c.diverge).toBe(false);
    expect(c.gaps).toEqual([]);
  });
});

describe('canReveal (each side answers blind)', () => {
  it.each([
    [false, false, false],
    [true, false, false],
    [false, true, false],
    [true, true, true],
  ])('client done %s, therapist done %s → %s', (c, t, expected) => {
    expect(canReveal(c, t)).toBe(expected);
  });
});
