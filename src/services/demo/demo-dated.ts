/**
 * Records dated when they happened, in the demo practice (issue 14): Jonas Berg transferred to Tom
 * from a practice that kept his record on paper. Tom typed his first nine weeks in today, from the
 * paper notes — his own Expectations check at intake, the goal and the agreement made at the
 * second session with Jonas's words as he said them there, the progress ratings Jonas gave in
 * session, and the shift agreed at the sixth session — each with the date and time it happened,
 * in no particular order. Every record goes through the same services as the ledger page's forms
 * with their "When did this happen?" fields (a therapist can make each of them in the UI). The
 * timeline and the inference read his course as if it had been recorded live. docs/demo.md.
 */
import type { Deps } from '../deps.ts';
import type { Actor } from '../alliance/alliance-records.ts';
import { submitExpectations } from '../alliance/expectations.ts';
import { changeGoal, proposeCourseGoal, rateProgress } from '../alliance/goals.ts';
import { answerAgreement, getLedger, proposeAgreement } from '../alliance/agreements.ts';
import { recomputeAlliance } from '../alliance/alliance.ts';
import { expectationsInstrument } from '../../domain/alliance/expectations.ts';
import type { AllianceType } from '../../domain/cues/types.ts';

const MINUTE = 60_000;

export async function addDemoDated(deps: Deps, key: string, courseId: string, therapistId: string): Promise<void> {
  if (key !== 'jonas') return;
  const attended = (await deps.store.listSessionsOfCourse(courseId))
    .filter((s) => s.status === 'attended')
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  if (attended.length < 9) return;
  /** During attended session `n` (0 = the first), `minutes` after it began. */
  const during = (n: number, minutes: number) => new Date(Date.parse(attended[n]!.startsAt) + minutes * MINUTE).toISOString();
  const tom: Actor = { userId: therapistId, side: 'therapist' };
  const ratings = (byType: Partial<Record<AllianceType, number>>) =>
    Object.fromEntries(expectationsInstrument('therapist').statements.map((s) => [s.id, byType[s.type] ?? 1]));
  const agreementStatement = (statement: string) => async () =>
    (await getLedger(deps, courseId, 'therapist')).agreements.find((a) => a.terms.statement === statement)!.id;
  const first = 'We work on getting Jonas back to work: one small step a week, and what gets in the way.';
  const shift = 'We look at why Jonas holds back with people at work, the pattern behind the sick days.';

  // Entered today, in the order Tom found them in the notes, each dated when it happened.
  const goal = await proposeCourseGoal(deps, courseId, tom, {
    text: 'Back at work three days a week',
    focus: 'decision_or_situation',
    occurredAt: during(1, 20),
  });
  await submitExpectations(deps, courseId, tom, { answers: ratings({ working: 4, magical: 2 }), occurredAt: during(0, -30) });
  await proposeAgreement(deps, courseId, tom, {
    terms: { statement: first, allianceType: 'working', frequency: 'weekly', reviewPoint: { kind: 'after_sessions', sessions: 6 } },
    occurredAt: during(1, 30),
  });
  await changeGoal(deps, courseId, goal.id, tom, { kind: 'agree', words: 'Yes. Three days would already feel like a lot.', occurredAt: during(1, 25) });
  await answerAgreement(deps, courseId, await agreementStatement(first)(), tom, {
    confirm: true,
    words: 'That sounds right. Small steps.',
    occurredAt: during(1, 35),
  });
  await rateProgress(deps, courseId, goal.id, tom, 6, { occurredAt: during(7, 40) });
  await rateProgress(deps, courseId, goal.id, tom, 2, { occurredAt: during(3, 40) });
  await proposeAgreement(deps, courseId, tom, {
    terms: { statement: shift, allianceType: 'therapeutic', frequency: 'weekly', reviewPoint: { kind: 'after_sessions', sessions: 8 } },
    reason: 'Jonas is back two days a week; what still stops him is how he is with colleagues, an old pattern.',
    occurredAt: during(5, 30),
  });
  await answerAgreement(deps, courseId, await agreementStatement(shift)(), tom, {
    confirm: true,
    words: 'Yes. It is always the same with people, not only at work.',
    occurredAt: during(5, 40),
  });
  await rateProgress(deps, courseId, goal.id, tom, 4, { occurredAt: during(5, 45) });
  await recomputeAlliance(deps, courseId);
}
