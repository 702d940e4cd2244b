/**
 * The "practice stalled" alert (SPEC §3 C5, C8): an active target without practice for the
 * practice's setting (14 days by default). It carries its evidence and a suggested conversation,
 * never an instruction. One alert per stall: the key names the day practice stopped, so practice
 * that resumes and stalls again raises a new one.
 */
import type { AlertDraft } from '../alerts/alert.ts';
import { alertDedupeKey } from '../alerts/alert.ts';
import type { StalledState } from './practice.ts';

export type StalledTarget = { id: string; courseId: string; skillName: string; targetCount: number; activeSince: string };

export function stalledDraft(
  target: StalledTarget,
  state: StalledState,
  practice: { total: number; lastPractisedOn: string | undefined },
  stalledDays: number,
): AlertDraft | undefined {
  if (!state.stalled) return undefined;
  const evidence: AlertDraft['evidence'] = [
    {
      kind: 'practice',
      label: practice.lastPractisedOn
        ? `Last practice on ${practice.lastPractisedOn}`
        : `No practice logged since the target was agreed on ${target.activeSince}`,
      value: state.days,
      ref: { type: 'skill_target', id: target.id },
    },
    { kind: 'progress', label: `${practice.total} of ${target.targetCount} rehearsals so far`, value: practice.total },
    { kind: 'threshold', label: `Practice counts as stalled after ${stalledDays} days (the practice’s setting)`, value: stalledDays },
  ];
  return {
    kind: 'practice_stalled',
    severity: 'low',
    courseId: target.courseId,
    dedupeKey: alertDedupeKey('practice_stalled', target.courseId, target.id, state.since),
    title: `Practice stalled: ${target.skillName}`,
    summary: `No practice on this target skill for ${state.days} days.`,
    suggestedConversation:
      'You might ask how practising has been going, and what got in the way: is the skill still the right one, are the situations too hard to start with, or would a smaller, imagined rehearsal be a way back in?',
    evidence,
  };
}
