/**
 * The contract between the language-cue reader and everything that uses its output
 * (the inferred alliance, the rupture rule, the "what the words suggest" panel).
 * SPEC §5.5: every cue explains itself by the words it matched.
 */

/** The four alliance types of SPEC §1.5. */
export type AllianceType = 'magical' | 'working' | 'therapeutic' | 'structuralizing';
export const ALLIANCE_TYPES: readonly AllianceType[] = ['magical', 'working', 'therapeutic', 'structuralizing'];

export type CueFamily =
  | 'magical_external' // change expected of others, the world, or waiting for it
  | 'magical_quick_fix' // a quick fix or an omnipotent helper
  | 'working' // a concrete, bounded aim; commitment and activation
  | 'therapeutic' // the self as the object of change; patterns from the past
  | 'structuralizing' // making gains last, managing on one's own
  | 'practice' // a skill practised (past-tense action)
  | 'rupture_withdrawal' // minimal replies, "I don't know", hopelessness
  | 'rupture_confrontation' // complaints about therapist, tasks, frequency, progress
  | 'self_agency' // I / we as the agent of change
  | 'externalising'; // others or circumstances as the agent of change

export type Cue = {
  family: CueFamily;
  /** +1 the cue supports its family; -1 it counts against it (e.g. negated: "not a quick fix"). */
  polarity: 1 | -1;
  /** Strength in 0..1, from the rule set. */
  weight: number;
  /** Character span in the analysed text: text.slice(start, end) === words. */
  start: number;
  end: number;
  words: string;
  /** One line a therapist can read, e.g. "expects someone else to change (subject: my mother)". */
  reason: string;
  /** Id of the rule that fired, stable across versions for tests and evaluation. */
  rule: string;
};

/** Which alliance type a cue family is evidence for, if any. */
export const FAMILY_ALLIANCE: Readonly<Partial<Record<CueFamily, AllianceType>>> = {
  magical_external: 'magical',
  magical_quick_fix: 'magical',
  working: 'working',
  therapeutic: 'therapeutic',
  structuralizing: 'structuralizing',
};
