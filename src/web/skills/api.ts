/**
 * Skills, practice, trackers and supports in the browser's API client (SPEC §3 C5, C7). Shapes are
 * the wire contract's (src/contract/skills.ts).
 */
import type { z } from 'zod';
import { call } from '../api.ts';
import type * as skills from '../../contract/skills.ts';

export type Skills = z.infer<typeof skills.skillsView>;
export type Target = z.infer<typeof skills.targetView>;
export type Tracker = z.infer<typeof skills.trackerView>;
export type SkillsSettings = z.infer<typeof skills.skillsSettingsView>;
export type TargetInput = z.input<typeof skills.targetBody>;
export type PracticeInput = z.input<typeof skills.practiceBody>;
export type SupportInput = z.input<typeof skills.supportBody>;

const base = (courseId: string) => `/api/courses/${encodeURIComponent(courseId)}/skills`;

export const skillsApi = {
  get: (courseId: string) => call<Skills>('GET', base(courseId)),
  check: (courseId: string, ratings: { skillId: string; skilled: number; help: number }[]) => call<Skills>('POST', `${base(courseId)}/checks`, { ratings }),
  propose: (courseId: string, input: TargetInput) => call<Skills>('POST', `${base(courseId)}/targets`, input),
  updateTarget: (courseId: string, targetId: string, patch: { status?: Target['status']; targetCount?: number }) =>
    call<Skills>('PATCH', `${base(courseId)}/targets/${encodeURIComponent(targetId)}`, patch),
  practise: (courseId: string, input: PracticeInput) => call<Skills>('POST', `${base(courseId)}/practice`, input),
  celebrated: (courseId: string, practiceId: string, celebrated: boolean) =>
    call<Skills>('PUT', `${base(courseId)}/practice/${encodeURIComponent(practiceId)}/celebrated`, { celebrated }),
  addTracker: (courseId: string, label: string) => call<Skills>('POST', `${base(courseId)}/trackers`, { label }),
  enterDay: (courseId: string, trackerId: string, day: string, kept: boolean) =>
    call<Skills>('POST', `${base(courseId)}/trackers/${encodeURIComponent(trackerId)}/days`, { day, kept }),
  correctDay: (courseId: string, trackerId: string, day: string, kept: boolean) =>
    call<Skills>('PUT', `${base(courseId)}/trackers/${encodeURIComponent(trackerId)}/days/${encodeURIComponent(day)}`, { kept }),
  addBreak: (courseId: string, startsOn: string, endsOn: string, label: string) =>
    call<Skills>('POST', `${base(courseId)}/breaks`, label ? { startsOn, endsOn, label } : { startsOn, endsOn }),
  support: (courseId: string, input: SupportInput) => call<Skills>('POST', `${base(courseId)}/support`, input),
  share: (courseId: string, shared: boolean) => call<Skills>('PUT', `${base(courseId)}/sharing`, { shared }),
  settings: () => call<SkillsSettings>('GET', '/api/practice/skills'),
  saveSettings: (catalogue: SkillsSettings['catalogue'] | null, stalledDays: number) =>
    call<SkillsSettings>('PUT', '/api/practice/skills', { catalogue, stalledDays }),
};
