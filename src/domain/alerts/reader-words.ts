/**
 * An alert's words fit its reader (issue 13: "a supervisor is not told 'your client'"). Alerts are
 * written for the client's therapist ("your client", "you may be seeing the session more
 * positively"); a supervisor reading a supervisee's alert, or a colleague a safety alert escalated
 * to them, reads the same facts about "the client" and "the therapist". The rewrites are a closed
 * list, each matching a phrase the alert rules write (measures/alerts-from-outcomes.ts,
 * alliance/rules.ts); a new phrase in a rule needs its line here, and reader-words.test.ts reads
 * every rule's wording to catch one that is missed.
 */
export type AlertReader = 'therapist' | 'supervisor' | 'colleague';

const REWRITES: readonly (readonly [RegExp, string])[] = [
  [/\bYou may be seeing the session\b/g, 'The therapist may be seeing the session'],
  [/\bYou and the client\b/g, 'The therapist and the client'],
  [/\bYour Session check\b/g, 'The therapist’s Session check'],
  [/\bno active goal you have both agreed\b/g, 'no active goal the two have agreed'],
  [/\bYour client\b/g, 'The client'],
  [/\byour client\b/g, 'the client'],
  [/\byour practice’s\b/g, 'the practice’s'],
];

/** The text as the reader should read it: unchanged for the client's therapist. */
export function forReader(text: string, reader: AlertReader): string {
  if (reader === 'therapist') return text;
  let out = text;
  for (const [pattern, words] of REWRITES) out = out.replace(pattern, words);
  return out;
}
