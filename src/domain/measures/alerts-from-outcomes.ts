/**
 * Turns the results of scoring and of the outcome and rupture rules into alert drafts
 * (SPEC §3 C8): each with its evidence and a suggested conversation in warm, plain words —
 * a suggestion for the therapist, never an instruction.
 */
import type { AlertDraft, Evidence } from '../alerts/alert.ts';
import { alertDedupeKey } from '../alerts/alert.ts';
import type { InstrumentDefinition } from './instrument.ts';
import type { NotOnTrackResult, RemissionResult } from './outcomes.ts';
import type { RuptureResult } from './rupture.ts';
import type { Answers } from './score.ts';

export type SafetyAlertInput = {
  courseId: string;
  def: InstrumentDefinition;
  /** The stored response, valid or not: a safety answer is kept either way. */
  responseId: string;
  at: string;
  safetyFlags: readonly string[];
  answers: Answers;
  /** False when the rest of the response could not be scored. */
  responseValid: boolean;
};

/**
 * One safety alert per response with endorsed safety items (SPEC §5.1: "PHQ-9 item 9 > 0
 * creates a safety alert in the same transaction as the response"). Always critical, first in
 * the inbox (SPEC §3 C8). Keyed on the response, so raising it again from the same response
 * is idempotent. Returns undefined when nothing was flagged.
 */
export function draftSafetyAlert(input: SafetyAlertInput): AlertDraft | undefined {
  const { def, safetyFlags } = input;
  if (safetyFlags.length === 0) return undefined;
  const evidence: Evidence[] = [];
  const answered: string[] = [];
  for (const itemId of safetyFlags) {
    const index = def.items.findIndex((item) => item.id === itemId);
    const item = def.items[index];
    const value = input.answers[itemId];
    const label = item?.options.find((o) => o.value === value)?.label ?? String(value);
    answered.push(`“${label}” to “${item?.text ?? itemId}”`);
    const e: Evidence = {
      kind: 'item',
      label: `${def.title} item ${index + 1}${item ? ` “${item.text}”` : ''}: ${label}`,
      ref: { type: 'response', id: input.responseId },
    };
    if (typeof value === 'number') e.value = value;
    evidence.push(e);
  }
  if (!input.responseValid) {
    evidence.push({ kind: 'note', label: 'The rest of this response could not be scored; the safety answer is kept regardless.' });
  }
  return {
    kind: 'safety',
    severity: 'critical',
    courseId: input.courseId,
    dedupeKey: alertDedupeKey('safety', input.courseId, input.responseId),
    title: `Safety answer on ${def.title}`,
    summary: `On ${input.at.slice(0, 10)} your client answered ${answered.join('; ')}.`,
    suggestedConversation:
      'It may help to reach your client soon and ask about these thoughts directly and calmly: how often they come, whether there have been plans or intentions, and what helps keep them safe. Asking openly does not put the idea in anyone’s head, and it often comes as a relief. If you are worried, going over a safety plan together and following your practice’s risk procedure may be the next step.',
    evidence,
  };
}

/**
 * Alert drafts for a rupture and for the therapist-more-positive finding of SPEC §5.3. A
 * rupture is high severity: a strain named and repaired early tends to strengthen the alliance
 * rather than end the therapy (Safran & Muran 2000; Eubanks, Muran & Safran 2018,
 * meta-analysis of rupture repair). Keyed on the session, so one session raises one of each.
 */
export function draftRuptureAlerts(courseId: string, result: RuptureResult): AlertDraft[] {
  const drafts: AlertDraft[] = [];
  const session = result.sessionId ?? 'unknown_session';
  if (result.rupture) {
    const why: string[] = [];
    if (result.reasons.includes('drop_below_median')) why.push('their Session check fell well below their usual rating');
    if (result.reasons.includes('low_item')) why.push('they gave at least one Session check item a low rating');
    if (result.reasons.includes('language_cue')) why.push('their reflection has words that can signal withdrawal or frustration');
    drafts.push({
      kind: 'rupture',
      severity: 'high',
      courseId,
      dedupeKey: alertDedupeKey('rupture', courseId, session),
      title: 'Possible strain in the last session',
      summary: `Something may not have felt right for your client: ${why.join('; ')}.`,
      suggestedConversation:
        'Next time, you might make some room for how the last session felt — for example: “I had a sense something in our last session may not have sat right with you. I would really like to hear about it, even if it is hard to say.” Welcoming the criticism, and your own part in it, is often what turns a strain into a stronger working relationship.',
      evidence: [...result.evidence],
    });
  }
  if (result.therapistMorePositive) {
    drafts.push({
      kind: 'therapist_more_positive',
      severity: 'low',
      courseId,
      dedupeKey: alertDedupeKey('therapist_more_positive', courseId, session),
      title: 'You may be seeing the session more positively than the client',
      summary: `Your Session check for this session is ${result.therapistGap ?? 'several'} points above your client’s.`,
      suggestedConversation:
        'This is common and not a fault. It may be worth asking your client, gently and with real curiosity, what would have made the session more useful for them — and noticing which of the four questions you see differently.',
      evidence: [...result.therapistEvidence],
    });
  }
  return drafts;
}

/**
 * Alert draft for a not-on-track result (SPEC §5.1). Reliable deterioration is high severity,
 * no reliable improvement by the 6th session medium. Keyed on the instrument and the condition:
 * the first reliably-worse response, or the missing improvement.
 */
/**
 * The dedupe key of the not-on-track alert a reliable deterioration raises: it names the first
 * reliably worse measurement, so a course's deterioration is raised once however many follow.
 */
export function deteriorationAlertKey(courseId: string, instrumentCode: string, firstWorse: { responseId?: string; at: string }): string {
  return alertDedupeKey('not_on_track', courseId, instrumentCode, `worse_${firstWorse.responseId ?? firstWorse.at}`);
}

export function draftNotOnTrackAlert(courseId: string, def: InstrumentDefinition, result: NotOnTrackResult): AlertDraft | undefined {
  if (!result.notOnTrack) return undefined;
  const worse = result.reasons.includes('reliable_deterioration');
  const firstWorse = result.deterioratedAt[0];
  return {
    kind: 'not_on_track',
    severity: worse ? 'high' : 'medium',
    courseId,
    dedupeKey:
      worse && firstWorse
        ? deteriorationAlertKey(courseId, def.code, firstWorse)
        : alertDedupeKey('not_on_track', courseId, def.code, 'no_reliable_improvement'),
    title: worse ? `Not on track: ${def.title} reliably worse than at the start` : `Not on track: no reliable improvement on ${def.title} yet`,
    summary: worse
      ? `Your client’s ${def.title} has risen by at least ${def.reliableChange} points compared with their first measure.`
      : `Your client started in the clinical range on ${def.title} and, several sessions in, has not yet improved reliably.`,
    suggestedConversation: worse
      ? 'It may help to look at the scores together with your client and ask what has changed for them — in their life and in the therapy. Asking whether the work feels like the right work, at the right pace, often opens the most useful conversation.'
      : 'This is a good moment to review together: is what we are working on what matters most to them, and is the way we work suiting them? Clients who are not improving often know why, and saying it out loud can change the course.',
    evidence: [...result.evidence],
  };
}

/**
 * Alert draft for remission without a current goal (SPEC §5.1; SPEC §1 idea 4: when symptoms
 * have gone, the purpose of the work needs naming again — maintenance, growth, consolidation or
 * ending). Low severity; keyed on the measure where the remission began, so it is raised once
 * per remission.
 */
export function draftRemissionAlert(courseId: string, result: RemissionResult): AlertDraft | undefined {
  if (!result.remissionWithoutGoal) return undefined;
  const since = result.since;
  return {
    kind: 'remission_without_goal',
    severity: 'low',
    courseId,
    dedupeKey: alertDedupeKey('remission_without_goal', courseId, since?.responseId ?? since?.at ?? 'current'),
    title: 'Symptoms in remission, and no current agreed goal',
    summary: 'Your client’s recent measures have all been below the clinical cut-off, and there is no active goal you have both agreed.',
    suggestedConversation:
      'It may be a good time to name together what the work is for now: keeping the gains, growing further, consolidating, or planning an ending. You might ask: “You have been feeling better for a while — what would make continuing worthwhile for you?”',
    evidence: [...result.evidence],
  };
}
