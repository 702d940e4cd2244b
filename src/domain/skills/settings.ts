/**
 * Every threshold and limit of skills, practice, trackers and the Support check (SPEC §3 C5, C7),
 * in one documented place. docs/skills.md explains each value. The weights the inferred alliance
 * gives to practice and consolidation live with the other alliance weights
 * (domain/alliance/settings.ts), the one settings file of the analysis.
 */
export const skillsDefaults = Object.freeze({
  /** SPEC §3 C5: both halves of the Skills check are rated 0–4. */
  ratingMin: 0,
  ratingMax: 4,
  /** SPEC §3 C5: "the top ones are suggested as targets" — how many (our choice: three is a workload one can hold). */
  suggestedTargets: 3,
  /** SPEC §3 C5: "practice stalled" after 14 days without practice on an active target (a practice setting). */
  stalledDays: 14,
  /** The range the practice may set it to: under 3 days is nagging, over 90 no longer an early warning. */
  stalledDaysMin: 3,
  stalledDaysMax: 90,
  /** SPEC §3 C5: "hundreds of rehearsals are normal": a target count's default and its ceiling. */
  defaultTargetCount: 100,
  targetCountMax: 5000,
  /** A practice logged later than it happened: at most this many days back (our choice: a month is still remembered). */
  practiceBackdateDays: 30,
  /**
   * SPEC §3 C7: a tracker day is entered for today in one tap and yesterday stays correctable; days
   * before yesterday are history (a client who forgot a week is not asked to reconstruct it).
   */
  trackerEditableDays: 2,
  /** A planned break lasts at most this many days (our choice: half a year). */
  breakMaxDays: 183,
});

/** How much each text and list may hold: generous for a phone, but a pasted document is refused, not cut. */
export const SKILLS_LIMITS = Object.freeze({
  catalogueSkills: 80,
  skillNameChars: 120,
  groupNameChars: 80,
  planTextChars: 2000,
  planListItems: 12,
  planItemChars: 300,
  practiceTextChars: 1000,
  trackerLabelChars: 120,
  trackersPerCourse: 12,
  supports: 30,
  supportNameChars: 120,
  breakLabelChars: 120,
});

export type SkillsSettings = { stalledDays: number };
