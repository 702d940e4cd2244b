/**
 * Tunable defaults of the twice-told session (SPEC §3 C6). The reveal period is also a practice
 * setting (`notesRevealDays`); this is its default and the bounds an admin may choose within.
 */
export const notesDefaults = {
  /** Days after the session's date after which a sealed pair opens even if one side never wrote (SPEC §3 C6: 7 days). */
  revealAfterDays: 7,
  /** The shortest and longest reveal period a practice may choose. */
  revealDaysMin: 1,
  revealDaysMax: 60,
  /** Longest progress note or addendum, in characters (a long session note is a few thousand). */
  maxNoteChars: 20_000,
  /** Longest answer to one reflection question, in characters. */
  maxReflectionChars: 4_000,
} as const;
