/**
 * The demo's ended course (SPEC §3 C6), written through the use cases at the times things
 * happened: Ellen Marsh came for low mood and for saying no at work; her PHQ-9 and GAD-7 fell
 * below the cut-off, both goals were met with attainment scaled, the course moved into its
 * termination phase, she wrote her list of what she got out of therapy in the portal, her
 * therapist wrote the closing summary and closed the ending two days after the last session. The
 * follow-up check three months later is due now in her portal.
 */
import type { Deps } from '../deps.ts';
import { updateCourse } from '../people/clients.ts';
import { submitResponse } from '../measures/measures.ts';
import { changeGoal, proposeCourseGoal, rateProgress, recordAttainment, setGoalScale } from '../alliance/goals.ts';
import { answerAgreement, proposeAgreement } from '../alliance/agreements.ts';
import { closeEnding, saveClientList, saveSummary } from '../ending/ending.ts';

const at = (deps: Deps, ms: number): Deps => ({ ...deps, clock: { now: () => new Date(ms) } });
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Answers summing to `total` over `n` items (each 0–3), item 9 of PHQ-9 always 0. */
function answersOf(code: 'phq9' | 'gad7', total: number): Record<string, number> {
  const n = code === 'phq9' ? 8 : 7;
  const out: Record<string, number> = {};
  for (let i = 0; i < (code === 'phq9' ? 9 : 7); i++) {
    const v = i < n ? Math.min(3, Math.max(0, Math.floor(total / n) + (i < total % n ? 1 : 0))) : 0;
    out[`${code}_${i + 1}`] = v;
  }
  return out;
}

/** Scores at attended sessions 0, 5, 10 and 15: a steady fall below both cut-offs. */
const SCORES: readonly { session: number; phq9: number; gad7: number }[] = [
  { session: 0, phq9: 17, gad7: 13 },
  { session: 5, phq9: 11, gad7: 9 },
  { session: 10, phq9: 8, gad7: 6 },
  { session: 15, phq9: 5, gad7: 4 },
];

export async function addDemoEnding(
  deps: Deps,
  key: string,
  courseId: string,
  clientId: string,
  therapistId: string,
  clientUserId: string | null,
): Promise<void> {
  if (key !== 'ellen' || !clientUserId) return;
  const course = (await deps.store.findCourse(courseId))!;
  const attended = (await deps.store.listSessionsOfCourse(courseId))
    .filter((s) => s.status === 'attended')
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  const when = (i: number, hours = 1) => Date.parse(attended[i]!.startsAt) + hours * HOUR;
  const therapist = { userId: therapistId, side: 'therapist' as const };
  const client = { userId: clientUserId, side: 'client' as const };

  for (const s of SCORES) {
    for (const code of ['phq9', 'gad7'] as const) {
      await submitResponse(
        at(deps, when(s.session)),
        clientId,
        { userId: therapistId, as: 'therapist' },
        {
          instrumentCode: code,
          answers: answersOf(code, s[code]),
          courseId,
          sessionId: attended[s.session]!.id,
          source: 'in_session',
          completedAt: new Date(when(s.session)).toISOString(),
        },
        { recomputeAlliance: false },
      );
    }
  }
  const sayNo = await proposeCourseGoal(at(deps, when(0)), courseId, client, {
    text: 'Say no to extra work without feeling sick about it for days.',
    focus: 'skill',
  });
  await changeGoal(at(deps, when(0, 1.1)), courseId, sayNo.id, therapist, { kind: 'agree', words: 'Yes — we will practise it in the sessions.' });
  const mood = await proposeCourseGoal(at(deps, when(1)), courseId, therapist, {
    text: 'Get back to the things that used to give Ellen energy: choir, walks.',
    focus: 'symptom_relief',
  });
  await changeGoal(at(deps, when(1, 1.1)), courseId, mood.id, client, { kind: 'agree', words: 'Yes, I miss choir.' });
  await setGoalScale(at(deps, when(1, 1.2)), courseId, sayNo.id, { weight: 2 });
  await setGoalScale(at(deps, when(1, 1.3)), courseId, mood.id, { weight: 1 });
  const ledger = await proposeAgreement(at(deps, when(1, 1.4)), courseId, therapist, {
    terms: {
      statement: 'Weekly sessions on saying no at work and getting back to choir and walks; we review after six sessions.',
      allianceType: 'working',
      frequency: 'weekly',
      reviewPoint: { kind: 'after_sessions', sessions: 6 },
    },
  });
  await answerAgreement(at(deps, when(1, 1.5)), courseId, ledger.entries.at(-1)!.agreementId, client, {
    confirm: true,
    words: 'Yes, that is what I came for.',
  });
  for (const [i, value] of [
    [4, 3],
    [8, 6],
    [12, 8],
  ] as const) {
    await rateProgress(at(deps, when(i, 1.2)), courseId, sayNo.id, client, value);
    await rateProgress(at(deps, when(i, 1.3)), courseId, mood.id, client, value - 1);
  }
  await recordAttainment(at(deps, when(15, 1.2)), courseId, sayNo.id, therapist, 1);
  await recordAttainment(at(deps, when(15, 1.3)), courseId, mood.id, therapist, 0);
  await changeGoal(at(deps, when(15, 1.4)), courseId, sayNo.id, therapist, { kind: 'achieve', note: 'Ellen turned down the weekend rota twice this month.' });
  await changeGoal(at(deps, when(15, 1.5)), courseId, mood.id, therapist, { kind: 'achieve' });

  // The ending: the course was in its termination phase for its last sessions (the demo ended it
  // already; the phase is what it was then), the client's list, the summary, the closing.
  await updateCourse(deps, courseId, { phase: 'termination' });
  await saveClientList(at(deps, when(14, 20)), courseId, clientUserId, [
    'I can say no at work and the sky does not fall in.',
    'I notice the Sunday-evening dread early and go for a walk instead of checking email.',
    'I went back to choir, and I sing the alto line again.',
    'I know my mood dips in February and I plan for it now.',
  ]);
  const endedAt = Date.parse(`${course.endedOn}T12:00:00.000Z`);
  await saveSummary(
    at(deps, endedAt),
    courseId,
    therapistId,
    'Sixteen weekly sessions for low mood and difficulty setting limits at work. Ellen practised saying no in graded steps and rebuilt activity around choir and walking. PHQ-9 fell from 17 to 5 and GAD-7 from 13 to 4, both reliable improvements to below the cut-off. Both agreed goals were met. Relapse signature discussed: the February dip and the Sunday-evening dread; plan agreed. Planned ending.',
  );
  await closeEnding(at(deps, endedAt + 2 * DAY), courseId, therapistId);
}
