/**
 * The Support check (SPEC §3 C7), Accord's own occasional instrument: "I can calm myself when
 * upset", "besides my therapist there are people I can turn to" (each 0–4), and the client's list
 * of supports — people and activities. Charted over time it shows the move from leaning on the
 * therapist toward calming oneself and turning to others (dependency toward interdependency).
 */
import type { AnswerOption, InstrumentItem } from '../measures/instrument.ts';
import type { Refusal } from './practice.ts';
import { SKILLS_LIMITS, skillsDefaults } from './settings.ts';

export const SUPPORT_CHECK_CODE = 'support_check';

const OPTIONS: readonly AnswerOption[] = [
  { value: 0, label: 'Not at all' },
  { value: 1, label: 'A little' },
  { value: 2, label: 'Somewhat' },
  { value: 3, label: 'Mostly' },
  { value: 4, label: 'Completely' },
];

/** The two items, in the questionnaire engine's item shape. */
export const SUPPORT_CHECK_ITEMS: readonly InstrumentItem[] = [
  { id: 'calm', text: 'I can calm myself when I am upset.', options: OPTIONS },
  { id: 'people', text: 'Besides my therapist, there are people I can turn to.', options: OPTIONS },
];

export type SupportKind = 'person' | 'activity';
export type Support = { kind: SupportKind; name: string };
export type SupportAnswer = { calm: number; people: number; supports: Support[] };

export type SupportProblem = 'rating_out_of_range' | 'too_many_supports' | 'empty_support' | 'support_too_long' | 'duplicate_support';

/** Both ratings whole numbers 0–4; supports named, each once (case and spaces ignored), within limits. */
export function checkSupportAnswer(a: SupportAnswer): { ok: true; answer: SupportAnswer } | Refusal<SupportProblem> {
  const inRange = (v: number) => Number.isInteger(v) && v >= skillsDefaults.ratingMin && v <= skillsDefaults.ratingMax;
  if (!inRange(a.calm) || !inRange(a.people))
    return {
      ok: false,
      reason: 'rating_out_of_range',
      message: `Each rating is a whole number from ${skillsDefaults.ratingMin} to ${skillsDefaults.ratingMax}.`,
    };
  if (a.supports.length > SKILLS_LIMITS.supports)
    return { ok: false, reason: 'too_many_supports', message: `List at most ${SKILLS_LIMITS.supports} supports.` };
  const seen = new Set<string>();
  const supports: Support[] = [];
  for (const s of a.supports) {
    const name = s.name.trim().replace(/\s+/g, ' ');
    if (!name) return { ok: false, reason: 'empty_support', message: 'Each support needs a name.' };
    if (name.length > SKILLS_LIMITS.supportNameChars)
      return { ok: false, reason: 'support_too_long', message: `A support’s name is at most ${SKILLS_LIMITS.supportNameChars} characters.` };
    const key = `${s.kind}|${name.toLowerCase()}`;
    if (seen.has(key)) return { ok: false, reason: 'duplicate_support', message: `“${name}” is listed twice.` };
    seen.add(key);
    supports.push({ kind: s.kind, name });
  }
  return { ok: true, answer: { calm: a.calm, people: a.people, supports } };
}

/** The check's total, 0–8: the two ratings added (higher is more interdependent). */
export const supportTotal = (a: Pick<SupportAnswer, 'calm' | 'people'>): number => a.calm + a.people;

/**
 * Whether the Support check has risen (SPEC §3 C7, §5.3 consolidation): the latest total at least
 * `minRise` above the first. Needs two checks.
 */
export function supportRise<T extends { calm: number; people: number }>(
  checks: readonly T[],
  minRise: number,
): { first: T; latest: T; rise: number } | undefined {
  if (checks.length < 2) return undefined;
  const first = checks[0]!;
  const latest = checks.at(-1)!;
  const rise = supportTotal(latest) - supportTotal(first);
  return rise >= minRise ? { first, latest, rise } : undefined;
}
