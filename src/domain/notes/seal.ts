/**
 * Sealed by default (SPEC §3 C6): neither side sees the other's entry on a session until both have
 * written theirs, or until the reveal period (7 days by default, a practice setting) has passed
 * since the session. Decided per viewer, on what that viewer could ever see of the other side:
 * for the client the therapist's entry is a signed note shared with them; for the therapist (and
 * the supervisor reading over their shoulder) the client's entry is a reflection shared with them.
 * So a private reflection never tells the therapist it exists, and an unshared note never tells
 * the client; and the side that writes first cannot read the other before writing.
 */
export type PairState = { open: true; why: 'both_written' | 'period_passed'; opensAt: string } | { open: false; why: 'waiting'; opensAt: string };

const DAY_MS = 24 * 60 * 60 * 1000;

/** When the reveal period of a session ends: `days` after the session's start. */
export function revealAt(sessionAt: string, days: number): string {
  return new Date(Date.parse(sessionAt) + days * DAY_MS).toISOString();
}

/**
 * Whether the pair is open for one viewer at `now`. `mine`: the viewer's own entry is written (the
 * therapist's note signed; the client's reflection saved). `theirs`: the other side's entry, as
 * the viewer could see it, exists.
 */
export function pairState(input: { sessionAt: string; now: string; revealDays: number; mine: boolean; theirs: boolean }): PairState {
  const opensAt = revealAt(input.sessionAt, input.revealDays);
  if (input.mine && input.theirs) return { open: true, why: 'both_written', opensAt };
  if (Date.parse(input.now) >= Date.parse(opensAt)) return { open: true, why: 'period_passed', opensAt };
  return { open: false, why: 'waiting', opensAt };
}
