/**
 * Expectation profiles and the divergence between the two sides (SPEC §5.2, §1.1: "two goals at
 * variance" — record both sides separately and measure their distance).
 */
import type { AllianceType } from '../cues/types.ts';
import { ALLIANCE_TYPES } from '../cues/types.ts';
import type { Side } from './course.ts';
import type { ExpectationsResponse } from './expectations.ts';
import { expectationsInstrument } from './expectations.ts';
import type { AllianceSettings } from './settings.ts';
import { allianceDefaults } from './settings.ts';

/** A share per alliance type; the four shares sum to 1. */
export type AllianceDistribution = Readonly<Record<AllianceType, number>>;

/** The leading type, or 'mixed' when no type leads clearly (SPEC §5.2). */
export type DominantType = AllianceType | 'mixed';

export const UNIFORM_DISTRIBUTION: AllianceDistribution = { magical: 0.25, working: 0.25, therapeutic: 0.25, structuralizing: 0.25 };

/**
 * Turns non-negative per-type scores into a distribution. All zero carries no information, so it
 * becomes uniform and `uniform: true` says so (SPEC §5.2; the UI shows "no preference expressed").
 */
export function normaliseScores(scores: Readonly<Record<AllianceType, number>>): { distribution: AllianceDistribution; uniform: boolean } {
  const clamped = ALLIANCE_TYPES.map((t) => Math.max(0, scores[t]));
  const total = clamped.reduce((a, b) => a + b, 0);
  if (!(total > 0)) return { distribution: UNIFORM_DISTRIBUTION, uniform: true };
  const distribution = Object.fromEntries(ALLIANCE_TYPES.map((t, i) => [t, (clamped[i] ?? 0) / total])) as Record<AllianceType, number>;
  return { distribution, uniform: false };
}

/** Types from largest share to smallest; ties keep the order magical, working, therapeutic, structuralizing. */
export function rankTypes(distribution: AllianceDistribution): AllianceType[] {
  return [...ALLIANCE_TYPES].sort((a, b) => distribution[b] - distribution[a]);
}

/**
 * The dominant type: the largest share if it leads the second by at least 0.10, else 'mixed'
 * (SPEC §5.2; settings.divergence.dominanceLead). The comparison tolerates floating-point error, so
 * a lead of exactly 0.10 (0.35 vs 0.25) counts.
 */
export function dominantOf(distribution: AllianceDistribution, settings: AllianceSettings = allianceDefaults): DominantType {
  const [first, second] = rankTypes(distribution) as [AllianceType, AllianceType];
  const lead = distribution[first] - distribution[second];
  return lead >= settings.divergence.dominanceLead - settings.tolerance ? first : 'mixed';
}

export type ExpectationsProfile = {
  side: Side;
  responseId: string;
  at: string;
  /** Mean rating of each type's statements / 4, in 0..1. */
  typeScores: Readonly<Record<AllianceType, number>>;
  distribution: AllianceDistribution;
  /** True when every rating was 0: the distribution is uniform by convention, not by answer. */
  allZero: boolean;
  dominant: DominantType;
};

/**
 * A side's profile: the mean of each type's items divided by 4, normalised to a distribution over
 * the four types, with its dominant type (SPEC §5.2). Unanswered statements are left out of the
 * mean (validateExpectationAnswers refuses them at submission, so this only matters for imports).
 */
export function expectationsProfile(response: ExpectationsResponse, settings: AllianceSettings = allianceDefaults): ExpectationsProfile {
  const statements = expectationsInstrument(response.side).statements;
  const typeScores = Object.fromEntries(
    ALLIANCE_TYPES.map((type) => {
      const ratings = statements
        .filter((s) => s.type === type)
        .map((s) => response.answers[s.id])
        .filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
      const mean = ratings.length === 0 ? 0 : ratings.reduce((a, b) => a + b, 0) / ratings.length;
      return [type, mean / settings.expectations.ratingMax];
    }),
  ) as Record<AllianceType, number>;
  const { distribution, uniform } = normaliseScores(typeScores);
  return {
    side: response.side,
    responseId: response.id,
    at: response.at,
    typeScores,
    distribution,
    allZero: uniform,
    dominant: uniform ? 'mixed' : dominantOf(distribution, settings),
  };
}

/**
 * Jensen–Shannon distance with base-2 logarithms: sqrt(JSD), bounded 0 (identical) … 1 (disjoint)
 * (SPEC §5.2). Zero shares are handled by the convention 0·log 0 = 0. Inputs are normalised first;
 * an all-zero input is treated as uniform.
 */
export function jensenShannonDistance(p: AllianceDistribution, q: AllianceDistribution): number {
  const a = normaliseScores(p).distribution;
  const b = normaliseScores(q).distribution;
  let divergence = 0;
  for (const t of ALLIANCE_TYPES) {
    const m = (a[t] + b[t]) / 2;
    if (a[t] > 0) divergence += 0.5 * a[t] * Math.log2(a[t] / m);
    if (b[t] > 0) divergence += 0.5 * b[t] * Math.log2(b[t] / m);
  }
  return Math.min(1, Math.sqrt(Math.max(0, divergence)));
}

export type DivergenceReason = 'distance' | 'dominant_types_differ';

/**
 * The "expectations diverge" decision (SPEC §5.2): distance ≥ 0.35 (settings.divergence.distanceThreshold),
 * or both sides have a dominant type and the two differ. 'mixed' on either side never counts as a
 * difference of dominant types.
 */
export function expectationsDiverge(
  input: { distance: number; clientDominant: DominantType; therapistDominant: DominantType },
  settings: AllianceSettings = allianceDefaults,
): { diverge: boolean; reasons: DivergenceReason[] } {
  const reasons: DivergenceReason[] = [];
  if (input.distance >= settings.divergence.distanceThreshold - settings.tolerance) reasons.push('distance');
  if (input.clientDominant !== 'mixed' && input.therapistDominant !== 'mixed' && input.clientDominant !== input.therapistDominant) {
    reasons.push('dominant_types_differ');
  }
  return { diverge: reasons.length > 0, reasons };
}

export type StatementGap = {
  key: string;
  type: AllianceType;
  clientStatementId: string;
  therapistStatementId: string;
  clientText: string;
  therapistText: string;
  clientRating: number;
  therapistRating: number;
  /** |client − therapist|, 1..4 */
  gap: number;
  higher: Side;
};

export type ExpectationsComparison = {
  client: ExpectationsProfile;
  therapist: ExpectationsProfile;
  distance: number;
  diverge: boolean;
  reasons: DivergenceReason[];
  /** The statements where the two differ most, largest first (ties in instrument order); equal ratings are left out. */
  gaps: StatementGap[];
};

/**
 * Compares the client's and the therapist's Expectations checks (SPEC §5.2, §3 C2): both profiles,
 * their Jensen–Shannon distance, whether they diverge and why, and the top statement gaps with both
 * ratings. Call only when canReveal(...) holds: each side answers blind.
 */
export function compareExpectations(
  client: ExpectationsResponse,
  therapist: ExpectationsResponse,
  settings: AllianceSettings = allianceDefaults,
): ExpectationsComparison {
  const cp = expectationsProfile(client, settings);
  const tp = expectationsProfile(therapist, settings);
  const distance = jensenShannonDistance(cp.distribution, tp.distribution);
  const { diverge, reasons } = expectationsDiverge({ distance, clientDominant: cp.dominant, therapistDominant: tp.dominant }, settings);
  const clientStatements = expectationsInstrument('client').statements;
  const therapistStatements = expectationsInstrument('therapist').statements;
  const gaps: StatementGap[] = [];
  clientStatements.forEach((cs, index) => {
    const ts = therapistStatements[index];
    const cr = client.answers[cs.id];
    const tr = ts === undefined ? undefined : therapist.answers[ts.id];
    if (ts === undefined || cr === undefined || tr === undefined || cr === tr) return;
    gaps.push({
      key: cs.key,
      type: cs.type,
      clientStatementId: cs.id,
      therapistStatementId: ts.id,
      clientText: cs.text,
      therapistText: ts.text,
      clientRating: cr,
      therapistRating: tr,
      gap: Math.abs(cr - tr),
      higher: cr > tr ? 'client' : 'therapist',
    });
  });
  const top = gaps
    .map((g, i) => ({ g, i }))
    .sort((a, b) => b.g.gap - a.g.gap || a.i - b.i)
    .slice(0, settings.divergence.topStatementGaps)
    .map((x) => x.g);
  return { client: cp, therapist: tp, distance, diverge, reasons, gaps: top };
}

/**
 * The blindness rule (SPEC §3 C2 "each side answers without seeing the other's answers"): the two
 * sides' answers are revealed to each other, and compared, only once both are done.
 */
export function canReveal(clientDone: boolean, therapistDone: boolean): boolean {
  return clientDone && therapistDone;
}
