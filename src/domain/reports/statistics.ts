/**
 * The few statistics the practice report uses, written out so every figure can be checked by hand.
 *
 * - Wilson score interval for a proportion (Wilson 1927; recommended over the simple ±1.96·SE
 *   "Wald" interval for small n and rates near 0 or 1 by Brown, Cai & DasGupta 2001, Statistical
 *   Science 16:101–133).
 * - Newcombe's hybrid score interval for a difference of two independent proportions (Newcombe
 *   1998, Statistics in Medicine 17:873–890, method 10), built from the two Wilson intervals.
 */

/** z for a two-sided 95 % interval. */
export const Z95 = 1.959963984540054;

export type Interval = { low: number; high: number };

/** Wilson score interval of k successes in n trials; undefined when n = 0. */
export function wilson(k: number, n: number, z = Z95): Interval | undefined {
  if (n <= 0) return undefined;
  const p = k / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // At 0 % and 100 % the bound on that side is exact (floating point leaves it a hair short).
  return { low: k === 0 ? 0 : Math.max(0, centre - half), high: k === n ? 1 : Math.min(1, centre + half) };
}

export type RiskDifference = { difference: number; low: number; high: number };

/** p1 − p2 with Newcombe's hybrid score 95 % interval; undefined when either group is empty. */
export function riskDifference(k1: number, n1: number, k2: number, n2: number, z = Z95): RiskDifference | undefined {
  const a = wilson(k1, n1, z);
  const b = wilson(k2, n2, z);
  if (!a || !b) return undefined;
  const p1 = k1 / n1;
  const p2 = k2 / n2;
  const d = p1 - p2;
  const low = d - Math.sqrt((p1 - a.low) ** 2 + (b.high - p2) ** 2);
  const high = d + Math.sqrt((a.high - p1) ** 2 + (p2 - b.low) ** 2);
  return { difference: d, low, high };
}
