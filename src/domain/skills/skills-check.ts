/**
 * The Skills check (SPEC §3 C5 "Insight"), a shipped instrument, client version. It is built on the
 * questionnaire engine's items (domain/measures/instrument.ts: an item with ascending options) but
 * its items come in pairs, one pair per skill of the practice's catalogue — "how skilled am I now"
 * and "how much would improving help my life", each 0–4 — and it is scored per pair, not as a total:
 *
 *   priority = help × (4 − skilled)          (SPEC §3 C5; 0 … 16)
 *
 * so a skill the client already has, or one that would not help, scores 0 and is never suggested.
 * The skills with the highest priority are suggested as targets. A client may leave a skill out
 * (it is not rated, not "0"), but a skill is rated with both halves or not at all.
 */
import type { AnswerOption, InstrumentItem } from '../measures/instrument.ts';
import type { Skill } from './catalogue.ts';
import { skillsDefaults } from './settings.ts';

export const SKILLS_CHECK_CODE = 'skills_check';
export const SKILLS_CHECK_VERSION = '1';

const SKILLED_OPTIONS: readonly AnswerOption[] = [
  { value: 0, label: 'Not yet' },
  { value: 1, label: 'A little' },
  { value: 2, label: 'Somewhat' },
  { value: 3, label: 'Mostly' },
  { value: 4, label: 'Very' },
];
const HELP_OPTIONS: readonly AnswerOption[] = [
  { value: 0, label: 'Not at all' },
  { value: 1, label: 'A little' },
  { value: 2, label: 'Somewhat' },
  { value: 3, label: 'A lot' },
  { value: 4, label: 'Very much' },
];

export type SkillsCheckPair = { skill: Skill; skilled: InstrumentItem; help: InstrumentItem };

export type SkillsCheckInstrument = {
  code: typeof SKILLS_CHECK_CODE;
  version: string;
  title: string;
  respondent: 'client';
  instructions: string;
  pairs: SkillsCheckPair[];
  attribution: string;
};

/** The Skills check over a catalogue: one pair of engine items per skill, ids `<skill>.skilled` and `<skill>.help`. */
export function skillsCheckInstrument(catalogue: readonly Skill[]): SkillsCheckInstrument {
  return {
    code: SKILLS_CHECK_CODE,
    version: SKILLS_CHECK_VERSION,
    title: 'Skills check',
    respondent: 'client',
    instructions: 'For each skill: how skilled are you at it now, and how much would getting better at it help your life? Leave out any that do not apply.',
    pairs: catalogue.map((skill) => ({
      skill,
      skilled: { id: `${skill.id}.skilled`, text: `How skilled am I now at: ${skill.name}?`, options: SKILLED_OPTIONS },
      help: { id: `${skill.id}.help`, text: `How much would getting better at it help my life?`, options: HELP_OPTIONS },
    })),
    attribution: 'Accord’s own instrument (SPEC §3 C5); free to use.',
  };
}

/** One skill as rated. */
export type SkillRating = { skillId: string; skilled: number; help: number };
/** A rating with its skill's name as it was and its priority. */
export type ScoredSkill = SkillRating & { name: string; group: string; priority: number };

export type SkillsCheckProblem = 'no_ratings' | 'unknown_skill' | 'duplicate_skill' | 'rating_out_of_range';
export type SkillsCheckAnswer = { ok: true; ratings: SkillRating[] } | { ok: false; reason: SkillsCheckProblem; message: string };

const inRange = (v: number) => Number.isInteger(v) && v >= skillsDefaults.ratingMin && v <= skillsDefaults.ratingMax;

/** Checks an answer against the catalogue it was given from: known skills, each once, both halves whole numbers 0–4. */
export function checkSkillsAnswer(catalogue: readonly Skill[], ratings: readonly SkillRating[]): SkillsCheckAnswer {
  if (ratings.length === 0) return { ok: false, reason: 'no_ratings', message: 'Rate at least one skill.' };
  const known = new Set(catalogue.map((s) => s.id));
  const seen = new Set<string>();
  for (const r of ratings) {
    if (!known.has(r.skillId)) return { ok: false, reason: 'unknown_skill', message: 'One of the skills rated is not in the practice’s catalogue.' };
    if (seen.has(r.skillId)) return { ok: false, reason: 'duplicate_skill', message: 'A skill is rated twice.' };
    seen.add(r.skillId);
    if (!inRange(r.skilled) || !inRange(r.help))
      return {
        ok: false,
        reason: 'rating_out_of_range',
        message: `Each rating is a whole number from ${skillsDefaults.ratingMin} to ${skillsDefaults.ratingMax}.`,
      };
  }
  return { ok: true, ratings: ratings.map(({ skillId, skilled, help }) => ({ skillId, skilled, help })) };
}

/** SPEC §3 C5: priority = help × (4 − skilled). 0 when the skill is already there or would not help; 16 at most. */
export function priorityOf(r: Pick<SkillRating, 'skilled' | 'help'>): number {
  return r.help * (skillsDefaults.ratingMax - r.skilled);
}

/**
 * Scores a Skills check: every rated skill with its priority, highest first (ties: the one that
 * would help more, then the catalogue's order), and the suggested targets — the top
 * `suggestedTargets` with a priority above 0. A skill no longer in the catalogue keeps the name
 * it was answered under (`names`).
 */
export function scoreSkillsCheck(
  ratings: readonly SkillRating[],
  names: ReadonlyMap<string, { name: string; group: string }>,
  order: readonly string[] = [...names.keys()],
  suggested: number = skillsDefaults.suggestedTargets,
): { ranked: ScoredSkill[]; suggested: ScoredSkill[] } {
  const position = new Map(order.map((id, i) => [id, i]));
  const ranked = ratings
    .map((r) => ({ ...r, name: names.get(r.skillId)?.name ?? r.skillId, group: names.get(r.skillId)?.group ?? '', priority: priorityOf(r) }))
    .sort(
      (a, b) =>
        b.priority - a.priority ||
        b.help - a.help ||
        (position.get(a.skillId) ?? Infinity) - (position.get(b.skillId) ?? Infinity) ||
        (a.skillId < b.skillId ? -1 : 1),
    );
  return { ranked, suggested: ranked.filter((r) => r.priority > 0).slice(0, suggested) };
}
