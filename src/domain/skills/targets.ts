/**
 * A target skill (SPEC §3 C5 "Decision"): agreed by client and therapist, with its why (the goals
 * it would help), the situations, the patterns to do more and less of, sources worth reading, how
 * the client will practise and stay motivated, and a target count. Its page answers the three
 * questions of the SPEC. One side proposes; the target becomes active once the other side agrees.
 */
import { SKILLS_LIMITS, skillsDefaults } from './settings.ts';
import type { Refusal } from './practice.ts';

export type TargetStatus = 'proposed' | 'active' | 'paused' | 'done';
export const TARGET_STATUSES: readonly TargetStatus[] = ['proposed', 'active', 'paused', 'done'];

/** The patterns of a target, each a short list: thoughts, feelings and behaviours to do more and less of. */
export type Patterns = { thoughts: string[]; feelings: string[]; behaviours: string[] };

/** The sealed part of a target: everything the client and therapist wrote. */
export type TargetPlan = {
  /** The skill's name when the target was made (the catalogue may change later). */
  skillName: string;
  why: string;
  /** Goals of the course this target serves (ids; checked against the course's goals). */
  goalIds: string[];
  situations: string[];
  doMore: Patterns;
  doLess: Patterns;
  sources: string[];
  /** How I will practise and keep myself motivated. */
  practicePlan: string;
};

export type TargetProblem = 'text_too_long' | 'too_many_items' | 'item_too_long' | 'bad_target_count' | 'empty_why' | 'bad_transition' | 'same_side';

const trimList = (xs: readonly string[]) => xs.map((x) => x.trim()).filter((x) => x.length > 0);

/** Checks and trims a plan: texts and lists within limits, a why written, blank list items dropped. */
export function checkPlan(plan: TargetPlan): { ok: true; plan: TargetPlan } | Refusal<TargetProblem> {
  const L = SKILLS_LIMITS;
  const why = plan.why.trim();
  if (!why) return { ok: false, reason: 'empty_why', message: 'Say why this skill matters: what it would help with.' };
  if ([why, plan.practicePlan, plan.skillName].some((t) => t.length > L.planTextChars))
    return { ok: false, reason: 'text_too_long', message: `Each text of a target is at most ${L.planTextChars} characters.` };
  const lists = [plan.situations, plan.sources, ...Object.values(plan.doMore), ...Object.values(plan.doLess)];
  if (lists.some((l) => l.length > L.planListItems))
    return { ok: false, reason: 'too_many_items', message: `Each list holds at most ${L.planListItems} items.` };
  if (lists.some((l) => l.some((x) => x.length > L.planItemChars)))
    return { ok: false, reason: 'item_too_long', message: `Each item of a list is at most ${L.planItemChars} characters.` };
  const patterns = (p: Patterns): Patterns => ({ thoughts: trimList(p.thoughts), feelings: trimList(p.feelings), behaviours: trimList(p.behaviours) });
  return {
    ok: true,
    plan: {
      skillName: plan.skillName.trim(),
      why,
      goalIds: [...new Set(plan.goalIds)],
      situations: trimList(plan.situations),
      doMore: patterns(plan.doMore),
      doLess: patterns(plan.doLess),
      sources: trimList(plan.sources),
      practicePlan: plan.practicePlan.trim(),
    },
  };
}

export function checkTargetCount(n: number): { ok: true } | Refusal<TargetProblem> {
  return Number.isInteger(n) && n >= 1 && n <= skillsDefaults.targetCountMax
    ? { ok: true }
    : { ok: false, reason: 'bad_target_count', message: `The target count is a whole number from 1 to ${skillsDefaults.targetCountMax}.` };
}

export type Side = 'client' | 'therapist';

/**
 * The lifecycle: a proposal is agreed by the other side (proposed → active); either side may pause
 * an active target, resume it, or mark it done; a done target stays done.
 */
export function checkTransition(from: TargetStatus, to: TargetStatus, by: Side, proposedBy: Side): { ok: true } | Refusal<TargetProblem> {
  if (from === 'proposed' && to === 'active') {
    return by === proposedBy
      ? { ok: false, reason: 'same_side', message: 'A target is agreed by the other side: the one who proposed it waits for their agreement.' }
      : { ok: true };
  }
  const allowed: Partial<Record<TargetStatus, readonly TargetStatus[]>> = { active: ['paused', 'done'], paused: ['active', 'done'], proposed: ['done'] };
  return allowed[from]?.includes(to) ? { ok: true } : { ok: false, reason: 'bad_transition', message: `A ${from} target cannot become ${to}.` };
}

/** The three questions each target answers (SPEC §3 C5), as the target page asks them. */
export const THREE_QUESTIONS = [
  'What do I want to get better at, and why?',
  'Which patterns, in which situations?',
  'How will I practise and keep myself motivated?',
] as const;
