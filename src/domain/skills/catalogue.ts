/**
 * The catalogue of psychological skills (SPEC §3 C5), in groups, editable per practice. The
 * default is the SPEC's list in Accord's own words. A skill's id is stable: targets and Skills
 * checks refer to it, and keep the skill's name as it was when they were made, so renaming or
 * removing a skill from the catalogue never rewrites a client's record.
 */
import { SKILLS_LIMITS } from './settings.ts';

export type Skill = { id: string; group: string; name: string };

const g = {
  doing: 'Getting things done',
  feelings: 'Feelings and calm',
  others: 'With other people',
  self: 'Looking after yourself',
};

/** SPEC §3 C5's list of skills, worded by Accord. */
export const DEFAULT_CATALOGUE: readonly Skill[] = Object.freeze([
  { id: 'productivity', group: g.doing, name: 'Focusing and getting work done' },
  { id: 'self_discipline', group: g.doing, name: 'Keeping to what I set out to do' },
  { id: 'own_decisions', group: g.doing, name: 'Making my own decisions' },
  { id: 'joy', group: g.feelings, name: 'Enjoying what goes well and what I achieve' },
  { id: 'emotion_regulation', group: g.feelings, name: 'Handling strong feelings and frustration' },
  { id: 'self_calming', group: g.feelings, name: 'Relaxing and calming myself' },
  { id: 'courage', group: g.feelings, name: 'Facing fears that are bigger than the danger' },
  { id: 'kind_self_talk', group: g.feelings, name: 'Talking kindly to myself after a mistake' },
  { id: 'kindness', group: g.others, name: 'Being kind' },
  { id: 'joint_decisions', group: g.others, name: 'Deciding together and settling conflicts (speaking up, meeting halfway)' },
  { id: 'respectful_talk', group: g.others, name: 'Talking respectfully, without force' },
  { id: 'friendship', group: g.others, name: 'Making and keeping friends' },
  { id: 'listening', group: g.others, name: 'Listening' },
  { id: 'health_habits', group: g.self, name: 'Healthy and safe habits' },
]);

const ID_PATTERN = /^[a-z][a-z0-9_]{1,39}$/;

export type CatalogueProblem = 'empty_catalogue' | 'too_many_skills' | 'bad_skill_id' | 'duplicate_skill' | 'empty_name' | 'name_too_long';
export type CatalogueCheck = { ok: true; skills: Skill[] } | { ok: false; reason: CatalogueProblem; message: string };

/** Checks a practice's catalogue and returns it trimmed; every problem names the skill it is about. */
export function checkCatalogue(input: readonly Skill[]): CatalogueCheck {
  if (input.length === 0) return { ok: false, reason: 'empty_catalogue', message: 'The catalogue needs at least one skill.' };
  if (input.length > SKILLS_LIMITS.catalogueSkills)
    return { ok: false, reason: 'too_many_skills', message: `The catalogue holds at most ${SKILLS_LIMITS.catalogueSkills} skills.` };
  const seen = new Set<string>();
  const skills: Skill[] = [];
  for (const [i, s] of input.entries()) {
    if (!ID_PATTERN.test(s.id))
      return { ok: false, reason: 'bad_skill_id', message: `Skill ${i + 1}: its id is 2–40 lower-case letters, digits or "_", starting with a letter.` };
    if (seen.has(s.id)) return { ok: false, reason: 'duplicate_skill', message: `Skill id "${s.id}" is used twice.` };
    seen.add(s.id);
    const name = s.name.trim();
    const group = s.group.trim();
    if (!name || !group) return { ok: false, reason: 'empty_name', message: `Skill ${i + 1} needs a name and a group.` };
    if (name.length > SKILLS_LIMITS.skillNameChars || group.length > SKILLS_LIMITS.groupNameChars)
      return {
        ok: false,
        reason: 'name_too_long',
        message: `Skill ${i + 1}: a name is at most ${SKILLS_LIMITS.skillNameChars} characters, a group ${SKILLS_LIMITS.groupNameChars}.`,
      };
    skills.push({ id: s.id, group, name });
  }
  return { ok: true, skills };
}

/** The catalogue's groups in the order they first appear, each with its skills. */
export function groupsOf(skills: readonly Skill[]): { group: string; skills: Skill[] }[] {
  const groups = new Map<string, Skill[]>();
  for (const s of skills) groups.set(s.group, [...(groups.get(s.group) ?? []), s]);
  return [...groups].map(([group, list]) => ({ group, skills: list }));
}
