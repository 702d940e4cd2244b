/**
 * Every threshold and weight of the alliance analysis, in one documented place (SPEC §5: "All
 * thresholds below are defaults in one settings object, documented, and covered by tests").
 * docs/alliance.md explains each value; a practice may pass its own copy (same shape) to the
 * functions that take `settings`.
 */

type Widen<T> = T extends number ? number : T extends string ? string : T extends boolean ? boolean : { readonly [K in keyof T]: Widen<T[K]> };

export const allianceDefaults = {
  expectations: {
    /** SPEC §3 C2: the Expectations check is given at intake and then every 6 attended sessions. */
    everyAttendedSessions: 6,
    /** Ratings are 0 (not at all) … 4 (very much). */
    ratingMax: 4,
  },
  divergence: {
    /** SPEC §5.2: expectations diverge when the Jensen–Shannon distance is ≥ 0.35. */
    distanceThreshold: 0.35,
    /** SPEC §5.2: a profile's dominant type must lead the second by ≥ 0.10, else "mixed". */
    dominanceLead: 0.1,
    /** SPEC §5.2 "report the statements with the largest gaps": how many to report. */
    topStatementGaps: 3,
  },
  goals: {
    /** SPEC §3 C2: progress is rated 0–10 by the client at review points. */
    progressMin: 0,
    progressMax: 10,
    /** SPEC §3 C2, Kiresuk & Sherman (1968): the standard inter-goal correlation ρ = 0.3. */
    gasInterGoalCorrelation: 0.3,
  },
  attendance: {
    /** Days between sessions for each agreed frequency (SPEC §3 C1, §5.4); as_needed uses the median gap. */
    intervalDays: { weekly: 7, twice_weekly: 3.5, fortnightly: 14, monthly: 30 },
    /** Below this many counted sessions the pattern is "too_early" (our choice: one month of weekly work). */
    minimumSessions: 4,
    /** SPEC §5.4 regular: ≥ 80 % attended … */
    regularAttendedRate: 0.8,
    /** … and no gap longer than 2.5 intervals. */
    regularMaxGapIntervals: 2.5,
    /** SPEC §5.4 episodic: sessions within 1.5 intervals of each other form a burst … */
    burstMaxGapIntervals: 1.5,
    /** … of at least 2 sessions … */
    burstMinSessions: 2,
    /** … at least 2 such bursts … */
    episodicMinBursts: 2,
    /** … separated by gaps of at least 4 intervals. */
    episodicSeparationIntervals: 4,
    /** SPEC §5.4 fading: gaps lengthening over the last 5 intervals (gaps between attended sessions). */
    fadingWindowGaps: 5,
    /** Our choice: at least 3 gaps are needed to call a trend. */
    fadingMinGaps: 3,
    /** Our choice: the gaps must lengthen at least twice (one missed session at the end is not a trend) … */
    fadingMinIncreases: 2,
    /** … and the last gap must exceed the first of the window by at least one interval. */
    fadingMinIncreaseIntervals: 1,
    /** SPEC §5.4 erratic: < 60 % attended … */
    erraticAttendedRate: 0.6,
    /** … or ≥ 2 no-shows among the last 5 counted sessions. */
    erraticNoShowWindow: 5,
    erraticNoShows: 2,
    /** SPEC §5.4 alert: a no-show before the 3rd session (the missed one would have been the 1st, 2nd or 3rd). */
    earlyNoShowFirstSessions: 3,
    /** SPEC §5.4 alert: 2 consecutive no-shows. */
    consecutiveNoShows: 2,
  },
  inference: {
    /** Below this total of positive evidence the inference is "not_enough_evidence" (SPEC §5.3). */
    minimumEvidenceMass: 1,
    /**
     * Our choice: a type is named only from at least 2 separate pieces of evidence — a piece is one
     * record: an Expectations check, a goal, a text, an attendance or symptom pattern, however many
     * items it gives (a goal and the cues in its words are one piece) …
     */
    minimumEvidencePieces: 2,
    /** … of at least 2 kinds (SPEC §5.3's list), so no single kind of source decides alone. */
    minimumEvidenceKinds: 2,
    /**
     * How sure the inference is, in plain words, once there is enough evidence (a dominant type):
     * "tentative" when it leads the next type by less than `fairlySureLead` or rests on fewer than
     * `fairlySurePieces` pieces; "fairly sure" from there; "quite sure" with a lead of at least
     * `quiteSureLead` from at least `quiteSurePieces` pieces of `quiteSureKinds` kinds. Never
     * "certain": the inference is a prompt for a conversation, not a verdict.
     */
    certainty: { fairlySureLead: 0.2, fairlySurePieces: 4, quiteSureLead: 0.4, quiteSurePieces: 6, quiteSureKinds: 3 },
    /** SPEC §5.3: language cues count over the last 6 attended sessions. */
    languageWindowSessions: 6,
    /** SPEC §3 C3: "the top items are shown" — how many a finding carries. */
    topEvidence: 5,
    weights: {
      /** The latest client Expectations check spreads this much mass by its profile. */
      expectations: 2,
      /** Each active goal's focus (SPEC §5.2 map): agreed goals count more than proposals. */
      goalAgreed: 1,
      goalProposed: 0.5,
      /** Each language cue contributes polarity × cue.weight × this. */
      languageCue: 0.4,
      /** SPEC §1.5, §5.3: attendance in bursts is evidence of a working alliance. */
      attendanceEpisodic: 1,
      /** SPEC §1.4, §5.3: still coming after the symptoms have remitted → structuralizing. */
      remittedContinuing: 1,
      /** … strengthened when the client speaks of keeping the gains. */
      remittedKeepGainsCues: 0.5,
      /** SPEC §1.3, §5.3: regular practice is engagement in self-change, working and therapeutic. */
      practiceWorking: 0.6,
      practiceTherapeutic: 0.3,
      /** SPEC §3 C7, §5.3: a tracker's streaks lengthening is evidence that gains consolidate (structuralizing). */
      consolidationStreak: 0.6,
      /** SPEC §3 C7, §5.3: a rising Support check — calming oneself, people besides the therapist — likewise. */
      consolidationSupport: 0.6,
    },
    /**
     * SPEC §5.1: remitted means below caseness on each of the last 3 measurements of every
     * monitored measure — the same window as the remission alert (measures' remissionWindow).
     */
    remittedMeasurements: 3,
    /** Attended sessions after remission needed to call it "continuing". */
    remittedContinuingSessions: 2,
    /** Regular practice: at least 4 entries over the last 28 days, in at least 2 different weeks. */
    practiceWindowDays: 28,
    practiceRegularMinEntries: 4,
    practiceRegularMinWeeks: 2,
    /** Consolidation (our choice): the latest streak counts once it is at least a week long and longer than every earlier one … */
    consolidationStreakMinDays: 7,
    /** … and the Support check counts once its total (0–8) has risen at least 2 above the first. */
    consolidationSupportRise: 2,
  },
  rules: {
    /** SPEC §5.3 misalliance: inferred ≠ agreed for 3 consecutive attended sessions. */
    misallianceSessions: 3,
    /** SPEC §5.3 magical persisting: inferred magical for 6 attended sessions with no shift. */
    magicalPersistingSessions: 6,
  },
  /** Comparisons with thresholds tolerate this much floating-point error, so 0.35 − 0.25 counts as a 0.10 lead. */
  tolerance: 1e-9,
} as const;

/** The shape of the settings, with the default values widened so a practice can pass its own. */
export type AllianceSettings = Widen<typeof allianceDefaults>;
