/**
 * The thresholds of outcome monitoring and the rupture rule, in one place (SPEC §5: "All
 * thresholds below are defaults in one settings object, documented, and covered by tests").
 *
 * Per-instrument numbers — bands, caseness cut-offs, reliable-change thresholds — live in the
 * instrument definitions themselves (builtin/phq9.ts: Kroenke et al. 2001; builtin/gad7.ts:
 * Spitzer et al. 2006; reliable change as used by NHS Talking Therapies), so a practice's own
 * instrument brings its own.
 */
export const measuresDefaults = {
  /**
   * Not on track when at caseness at intake and no reliable improvement by this attended
   * session (SPEC §5.1: "by the 6th attended session").
   */
  notOnTrackBySession: 6,
  /**
   * Remission without a current goal looks at this many latest measurements of every monitored
   * measure (SPEC §5.1: "for the last 3 measurements").
   */
  remissionWindow: 3,
  /**
   * Rupture when the client's Session check total falls at least this far below the median of
   * their previous totals (SPEC §5.3: "falls ≥ 4 points below").
   */
  ruptureDrop: 4,
  /** Rupture when any client Session check item is at or below this (SPEC §5.3: "any item ≤ 5"). */
  ruptureItemMax: 5,
  /** How many previous client totals the rupture median is taken over (SPEC §5.3: "previous 3"). */
  ruptureMedianOf: 3,
  /**
   * The therapist's Session check total this far or more above the client's for the same
   * session is reported gently (SPEC §5.3: "Therapist rating ≥ 8 points above the client's").
   */
  therapistOptimismGap: 8,
} as const;

export type MeasuresSettings = { readonly [K in keyof typeof measuresDefaults]: number };

/** The most clients one request for the caseload's measures may name (a page or a few of a paged client list). */
export const CASELOAD_MEASURES_MAX_CLIENTS = 500;
