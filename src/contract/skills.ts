/**
 * The wire contract of skills and practice, supports and trackers (SPEC §3 C5, C7): the course's
 * skills view, the Skills check, target skills, the practice log, trackers and their days, planned
 * breaks, the Support check, the client's sharing choice, and the practice's settings. docs/skills.md
 * explains the fields; the shapes are the service's (src/services/skills/skills.ts).
 */
import { z } from 'zod';
import { SKILLS_ACTIONS } from '../domain/skills/access.ts';
import { PRACTICE_MODES, PRACTICE_OUTCOMES } from '../domain/skills/practice.ts';
import { SKILLS_LIMITS, skillsDefaults } from '../domain/skills/settings.ts';
import { TARGET_STATUSES } from '../domain/skills/targets.ts';

const L = SKILLS_LIMITS;
const rating = z.number().int().min(skillsDefaults.ratingMin).max(skillsDefaults.ratingMax);
const day = z.string().max(20);
const listOf = (chars: number) =>
  z.array(z.string().max(chars, `Each item is at most ${chars} characters.`)).max(L.planListItems, `At most ${L.planListItems} items.`);
const patterns = z.strictObject({ thoughts: listOf(L.planItemChars), feelings: listOf(L.planItemChars), behaviours: listOf(L.planItemChars) });

// ---- requests ----
export const courseParams = z.strictObject({ courseId: z.string().uuid() });
export const targetParams = z.strictObject({ courseId: z.string().uuid(), targetId: z.string().uuid() });
export const practiceParams = z.strictObject({ courseId: z.string().uuid(), practiceId: z.string().uuid() });
export const trackerParams = z.strictObject({ courseId: z.string().uuid(), trackerId: z.string().uuid() });
export const trackerDayParams = z.strictObject({ courseId: z.string().uuid(), trackerId: z.string().uuid(), day });

export const skillsCheckBody = z.strictObject({
  ratings: z
    .array(z.strictObject({ skillId: z.string().max(40), skilled: rating, help: rating }))
    .min(1, 'Rate at least one skill.')
    .max(L.catalogueSkills),
});
const planFields = {
  why: z.string().max(L.planTextChars),
  goalIds: z.array(z.string().uuid()).max(L.planListItems),
  situations: listOf(L.planItemChars),
  doMore: patterns,
  doLess: patterns,
  sources: listOf(L.planItemChars),
  practicePlan: z.string().max(L.planTextChars),
};
const targetCount = z.number().int().min(1).max(skillsDefaults.targetCountMax);
export const targetBody = z.strictObject({ skillId: z.string().max(40), ...planFields, targetCount });
export const targetPatch = z.strictObject({
  plan: z.strictObject(planFields).optional(),
  targetCount: targetCount.optional(),
  status: z.enum(TARGET_STATUSES).optional(),
});
const practiceText = z.string().max(L.practiceTextChars, `Each text of a practice is at most ${L.practiceTextChars} characters.`);
export const practiceBody = z.strictObject({
  targetId: z.string().uuid(),
  practisedOn: day.optional(),
  repeatOf: z.string().uuid().optional(),
  mode: z.enum(PRACTICE_MODES).optional(),
  outcome: z.enum(PRACTICE_OUTCOMES),
  celebrated: z.boolean().optional(),
  situation: practiceText.optional(),
  did: practiceText.optional(),
  howItWent: practiceText.optional(),
});
export const celebratedBody = z.strictObject({ celebrated: z.boolean() });
export const trackerBody = z.strictObject({ label: z.string().max(L.trackerLabelChars) });
export const trackerDayBody = z.strictObject({ day, kept: z.boolean() });
export const trackerCorrectionBody = z.strictObject({ kept: z.boolean() });
export const breakBody = z.strictObject({ startsOn: day, endsOn: day, label: z.string().max(L.breakLabelChars).optional() });
export const supportBody = z.strictObject({
  calm: rating,
  people: rating,
  supports: z.array(z.strictObject({ kind: z.enum(['person', 'activity']), name: z.string().max(L.supportNameChars) })).max(L.supports),
});
export const sharingBody = z.strictObject({ shared: z.boolean() });
const skill = z.strictObject({ id: z.string().max(40), group: z.string().max(L.groupNameChars), name: z.string().max(L.skillNameChars) });
export const skillsSettingsBody = z.strictObject({ catalogue: z.array(skill).max(L.catalogueSkills).nullable(), stalledDays: z.number().int() });

// ---- responses ----
const skillView = z.object({ id: z.string(), group: z.string(), name: z.string() });
const scored = z.object({ skillId: z.string(), skilled: z.number(), help: z.number(), name: z.string(), group: z.string(), priority: z.number() });
const modeCounts = z.object({ imagined: z.number(), role_play: z.number(), real_life: z.number() });
const patternsView = z.object({ thoughts: z.array(z.string()), feelings: z.array(z.string()), behaviours: z.array(z.string()) });
export const practiceEntryView = z.object({
  id: z.string(),
  targetId: z.string(),
  practisedOn: z.string(),
  loggedAt: z.string(),
  mode: z.enum(PRACTICE_MODES),
  outcome: z.enum(PRACTICE_OUTCOMES),
  celebrated: z.boolean(),
  situation: z.string(),
  did: z.string(),
  howItWent: z.string(),
});
export const targetView = z.object({
  id: z.string(),
  skillId: z.string(),
  skillName: z.string(),
  why: z.string(),
  goals: z.array(z.object({ id: z.string(), text: z.string() })),
  situations: z.array(z.string()),
  doMore: patternsView,
  doLess: patternsView,
  sources: z.array(z.string()),
  practicePlan: z.string(),
  targetCount: z.number(),
  status: z.enum(TARGET_STATUSES),
  proposedSide: z.enum(['client', 'therapist']),
  proposedAt: z.string(),
  activeSince: z.string().nullable(),
  awaitingMe: z.boolean(),
  practice: z
    .object({
      counts: z.object({
        total: z.number(),
        byMode: modeCounts,
        byWeek: z.array(modeCounts.extend({ weekOf: z.string(), total: z.number() })),
        wentWell: z.number(),
        celebrated: z.number(),
      }),
      streak: z.object({ current: z.number(), longest: z.number() }),
      progress: z.number(),
      lastPractisedOn: z.string().nullable(),
      stalled: z.boolean(),
      daysSincePractice: z.number().nullable(),
      last: practiceEntryView.nullable(),
    })
    .nullable(),
});
const streak = z.object({ from: z.string(), to: z.string(), length: z.number(), ongoing: z.boolean(), acrossBreaks: z.array(z.string()) });
export const trackerView = z.object({
  id: z.string(),
  label: z.string(),
  createdAt: z.string(),
  days: z.array(z.object({ day: z.string(), kept: z.boolean() })),
  streaks: z.array(streak),
  current: z.number(),
  longest: z.number(),
  today: z.boolean().nullable(),
  yesterday: z.boolean().nullable(),
});
export const skillsCan = z.object(Object.fromEntries(SKILLS_ACTIONS.map((k) => [k, z.boolean()])) as Record<(typeof SKILLS_ACTIONS)[number], z.ZodBoolean>);
export const skillsView = z.object({
  courseId: z.string(),
  today: z.string(),
  viewer: z.enum(['client', 'therapist', 'observer']),
  catalogue: z.array(skillView),
  stalledDays: z.number(),
  sharing: z.object({ shared: z.boolean(), updatedAt: z.string().nullable() }),
  visible: z.boolean(),
  goals: z.array(z.object({ id: z.string(), text: z.string() })),
  checks: z.array(z.object({ id: z.string(), answeredAt: z.string(), ranked: z.array(scored), suggested: z.array(scored) })),
  targets: z.array(targetView),
  practice: z.array(practiceEntryView).nullable(),
  trackers: z.array(trackerView).nullable(),
  breaks: z.array(z.object({ id: z.string(), startsOn: z.string(), endsOn: z.string(), label: z.string() })),
  supportChecks: z.array(
    z.object({
      id: z.string(),
      answeredAt: z.string(),
      calm: z.number(),
      people: z.number(),
      total: z.number(),
      supports: z.array(z.object({ kind: z.enum(['person', 'activity']), name: z.string() })),
    }),
  ),
  can: skillsCan,
});
export const skillsSettingsView = z.object({
  catalogue: z.array(skillView),
  custom: z.boolean(),
  stalledDays: z.number(),
  stalledDaysMin: z.number(),
  stalledDaysMax: z.number(),
});
