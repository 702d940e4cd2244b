/**
 * The client's reflection on one session (SPEC §3 C6): what stood out, what I take away, what was
 * left unsaid — each optional, at least one written — kept private or shared with the therapist.
 * A shared reflection is the client's own account the inferred alliance reads (SPEC §5.3);
 * a private one is read by no one else and by no analysis.
 */
import { notesDefaults } from './settings.ts';

export const REFLECTION_FIELDS = ['stoodOut', 'takeAway', 'leftUnsaid'] as const;
export type ReflectionField = (typeof REFLECTION_FIELDS)[number];

/** The three questions, in the client's order. */
export const REFLECTION_QUESTIONS: Readonly<Record<ReflectionField, string>> = {
  stoodOut: 'What stood out for me',
  takeAway: 'What I take away',
  leftUnsaid: 'What was left unsaid',
};

export type ReflectionAnswers = Readonly<Record<ReflectionField, string>>;

export type Reflection = {
  id: string;
  sessionId: string;
  answers: ReflectionAnswers;
  shared: boolean;
  writtenAt: string;
  updatedAt: string;
};

export type ReflectionResult = { ok: true; value: ReflectionAnswers } | { ok: false; reason: 'empty' | 'too_long'; message: string };

/** Trims each answer; refuses a reflection with nothing written, or an answer over `max` characters. */
export function checkReflection(input: Partial<Record<ReflectionField, string>>, max: number = notesDefaults.maxReflectionChars): ReflectionResult {
  const answers = Object.fromEntries(REFLECTION_FIELDS.map((f) => [f, (input[f] ?? '').trim()])) as Record<ReflectionField, string>;
  const long = REFLECTION_FIELDS.find((f) => answers[f].length > max);
  if (long) return { ok: false, reason: 'too_long', message: `“${REFLECTION_QUESTIONS[long]}” is at most ${max} characters; it has ${answers[long].length}.` };
  if (REFLECTION_FIELDS.every((f) => answers[f].length === 0)) return { ok: false, reason: 'empty', message: 'Write at least one of the three answers.' };
  return { ok: true, value: answers };
}

/** The reflection as one text for the cue reader and the themes: the written answers, one per paragraph. */
export function reflectionText(answers: ReflectionAnswers): string {
  return REFLECTION_FIELDS.map((f) => answers[f])
    .filter((t) => t.length > 0)
    .join('\n\n');
}

/**
 * What the rupture rule (SPEC §5.3, domain/measures/rupture.ts) reads of a shared reflection:
 * whether a withdrawal or confrontation cue fired, and the client's words that fired it, quoted.
 * Cues that count against their family (negated: "I did not feel unheard") do not fire.
 */
export function ruptureCueOf(
  cues: readonly { family: string; polarity: number; words: string }[],
  ref: { type: string; id: string },
): { hasRuptureCue: boolean; quote?: string; ref?: { type: string; id: string } } {
  const fired = cues.filter((c) => (c.family === 'rupture_withdrawal' || c.family === 'rupture_confrontation') && c.polarity > 0);
  if (fired.length === 0) return { hasRuptureCue: false };
  return { hasRuptureCue: true, quote: [...new Set(fired.map((c) => c.words))].join(' … '), ref };
}
