/**
 * Stored cue evidence and the rules' version (SPEC §5.5, issue 16). Goals and Expectations checks
 * keep the cues read when they were written; the version says which rules read them. Evidence from
 * another version is read again from its text, so every reader of a course — the "what the words
 * suggest" panel, the inferred alliance, the goal and Expectations views — sees the cues of the
 * rules now shipped.
 */
import { readCues } from './read-cues.ts';
import type { ReadOptions } from './read-cues.ts';
import { RULES } from './rules.ts';
import type { Cue } from './types.ts';

/**
 * Bump when the rules or the reader change what they return, and record the new fingerprint
 * below (evidence.test.ts fails until both move together). 1: before versions were kept (stored
 * as NULL); 2: issue 16 (owner, reported speech, direction, writer-aware reading); 3: issue 16's precision
 * work (aims owned by the client, conditions on another's change, doubts about the method, setbacks).
 */
export const CUE_RULES_VERSION = 3;
/** FNV-1a of the rule table as JSON, for CUE_RULES_VERSION. */
export const CUE_RULES_FINGERPRINT = '8d5d83d9';

/** A 32-bit FNV-1a hash of the rule table, in hex: changes whenever a rule's words, steps, weights or reasons change. */
export function rulesFingerprint(): string {
  const json = JSON.stringify(RULES);
  let h = 0x811c9dc5;
  for (let i = 0; i < json.length; i++) {
    h ^= json.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** Stored evidence as a row keeps it: the cues and the version of the rules that read them (null: unknown). */
export type StoredCues = { cues: readonly Cue[]; version: number | null };

/** The cues of a text: the stored ones when the current rules read them, else read again now. */
export function currentCues(stored: StoredCues | undefined, text: string, options: ReadOptions & { writer: NonNullable<ReadOptions['writer']> }): Cue[] {
  if (stored && stored.version === CUE_RULES_VERSION) return [...stored.cues];
  return readCues(text, options);
}
