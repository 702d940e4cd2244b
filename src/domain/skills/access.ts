/** What a course's skills view presents as `can`: the skills actions of POLICY, decided from the caller's relations to the client. */
import type { ActionKey } from '../access.ts';

export const SKILLS_ACTIONS = [
  'skills:check',
  'skills:targets',
  'skills:practice',
  'skills:trackers',
  'skills:breaks',
  'skills:support',
  'skills:share',
] as const satisfies readonly ActionKey[];
export type SkillsAction = (typeof SKILLS_ACTIONS)[number];
