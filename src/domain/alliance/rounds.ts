/**
 * The blind pairing of Expectations checks (SPEC §3 C2): each side answers blind; the k-th
 * client check and the k-th therapist check make round k. A check is revealed — to the other
 * side, and to the analysis — only once its round is complete (`canReveal`); until then only
 * its own side sees it, and an observer (a supervisor) sees complete rounds only.
 */
import type { Side } from './course.ts';
import { canReveal } from './divergence.ts';

/** One round: the k-th check of each side (either may be missing yet). */
export type Round<T> = { round: number; client: T | undefined; therapist: T | undefined; revealed: boolean };

/** The checks of both sides paired into rounds, in the order each side answered. */
export function pairRounds<T extends { side: Side }>(checks: readonly T[]): Round<T>[] {
  const client = checks.filter((e) => e.side === 'client');
  const therapist = checks.filter((e) => e.side === 'therapist');
  return Array.from({ length: Math.max(client.length, therapist.length) }, (_, k) => ({
    round: k + 1,
    client: client[k],
    therapist: therapist[k],
    revealed: canReveal(client[k] !== undefined, therapist[k] !== undefined),
  }));
}

/** Each check with whether its round is complete (in the order given). */
export function revealedChecks<T extends { side: Side }>(checks: readonly T[]): (T & { revealed: boolean })[] {
  const revealed = new Set<T>(
    pairRounds(checks)
      .filter((r) => r.revealed)
      .flatMap((r) => [r.client!, r.therapist!]),
  );
  return checks.map((e) => ({ ...e, revealed: revealed.has(e) }));
}

/**
 * A round as `viewer` may see it: their own side's check always, the other side's only once the
 * round is complete; an observer sees complete rounds only.
 */
export function roundSeenBy<T>(round: Round<T>, viewer: Side | 'observer'): Round<T> {
  const shows = (side: Side) => round.revealed || viewer === side;
  return { ...round, client: shows('client') ? round.client : undefined, therapist: shows('therapist') ? round.therapist : undefined };
}
