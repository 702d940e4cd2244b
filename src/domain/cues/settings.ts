/**
 * Tunable defaults of the language-cue reader (SPEC §5: thresholds live in one settings object).
 * The per-rule weights are in rules.ts, beside the words they weigh; the fitted talk-type weights
 * are in talk-type.ts with the record of how they were fitted.
 */
export const cueDefaults = {
  /** Longest text read, in characters: cues are for short texts; longer input is cut, which bounds the time taken. */
  maxChars: 20_000,
  /** Weight of the agency cue that accompanies a family cue, as a fraction of that cue's weight. */
  agencyWeight: 0.6,
  /** Sessions of client text the "what the words suggest" panel and the alliance inference look back over (SPEC §5.3). */
  lookbackSessions: 6,
} as const;
