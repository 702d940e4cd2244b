/**
 * A course's ending through the services on real storage (SQLite in memory, or PostgreSQL with
 * ACCORD_TEST_DB=postgres): a twelve-session course with PHQ-9 at both ends and an agreed goal with
 * attainment scaling moves into its termination phase, both sides write their part, the course
 * ends, the ending is closed, the follow-up check falls due and is answered — and the report
 * gathers it all. Refusals leave the stored ending as it was.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Practice, TestWorld } from '../../../test/support/harness.ts';
import { makeWorld, seedPractice } from '../../../test/support/harness.ts';
import { DomainError } from '../../domain/errors.ts';
import { createClient, openCourse, recordSession, updateCourse } from '../people/clients.ts';
import { submitResponse } from '../measures/measures.ts';
import { changeGoal, proposeCourseGoal, recordAttainment, setGoalScale } from '../alliance/goals.ts';
import { answerFollowUp, closeEnding, getEnding, saveClientList, saveSummary, setEndingSettings } from './ending.ts';
import { getEndingReport } from './report.ts';

const DAY = 86_400_000;
const START = Date.parse('2026-01-05T10:00:00.000Z');
const at = (day: number, hour = 0) => new Date(START + day * DAY + hour * 3_600_000).toISOString();
const phq9 = (each: number) => Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`phq9_${i + 1}`, i === 8 ? 0 : each]));

async function refusal(p: Promise<unknown>): Promise<{ code: string; reason: unknown }> {
  try {
    await p;
  } catch (e) {
    if (e instanceof DomainError) return { code: e.code, reason: (e.details as { reason?: string } | undefined)?.reason };
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('the ending of a course through the services', () => {
  let world: TestWorld;
  let practice: Practice;
  beforeEach(async () => {
    world = await makeWorld();
    practice = await seedPractice(world.deps);
  });
  afterEach(async () => {
    await world.close();
  });

  it('runs from the termination phase to the answered follow-up, and the report gathers it all', async () => {
    const deps = world.deps;
    const t = practice.therapistId;
    const client = await createClient(deps, t, { name: 'Robin Ending', contact: { email: null, phone: null, dateOfBirth: null } });
    const course = await openCourse(deps, client.id, { startedOn: '2026-01-05', frequency: 'weekly' });
    const k = course.id;
    const therapist = { userId: t, side: 'therapist' as const };
    const clientSide = { userId: 'portal-user', side: 'client' as const };

    world.clock.set(at(0, 1));
    await recordSession(deps, k, { startsAt: at(0), durationMinutes: 50, status: 'attended' });
    await submitResponse(
      deps,
      client.id,
      { userId: t, as: 'therapist' },
      { instrumentCode: 'phq9', answers: phq9(2), source: 'in_session', completedAt: at(0, 1) },
    );
    const goal = await proposeCourseGoal(deps, k, therapist, { text: 'Sleep through most nights.', focus: 'symptom_relief' });
    await changeGoal(deps, k, goal.id, clientSide, { kind: 'agree', words: 'Yes, that is what I want.' });
    await setGoalScale(deps, k, goal.id, { weight: 1 });
    for (let w = 1; w < 12; w++) {
      world.clock.set(at(7 * w, 1));
      await recordSession(deps, k, { startsAt: at(7 * w), durationMinutes: 50, status: 'attended' });
    }
    await submitResponse(
      deps,
      client.id,
      { userId: t, as: 'therapist' },
      { instrumentCode: 'phq9', answers: phq9(0), source: 'in_session', completedAt: at(77, 1) },
    );
    await recordAttainment(deps, k, goal.id, therapist, 1);
    await changeGoal(deps, k, goal.id, therapist, { kind: 'achieve' });

    // Not yet: the ending opens with the termination phase.
    expect(await refusal(saveClientList(deps, k, 'portal-user', ['Too early']))).toEqual({ code: 'conflict', reason: 'course_not_ending' });
    await updateCourse(deps, k, { phase: 'termination' });
    await saveClientList(deps, k, 'portal-user', ['I sleep most nights.', 'I ask for help sooner.']);
    await saveSummary(deps, k, t, 'Twelve weekly sessions on sleep; PHQ-9 from 16 to 0.');
    expect((await getEnding(deps, k, 'client')).summary).toBeNull();

    // Closing needs an ended course.
    expect(await refusal(closeEnding(deps, k, t))).toEqual({ code: 'conflict', reason: 'course_not_ended' });
    world.clock.set(at(78));
    await updateCourse(deps, k, { status: 'ended', endReason: 'planned', endedOn: '2026-03-23' });
    const closed = await closeEnding(deps, k, t);
    expect(closed).toMatchObject({ open: false, followUp: { state: 'scheduled', dueOn: '2026-06-23' } });
    expect(await refusal(closeEnding(deps, k, t))).toEqual({ code: 'conflict', reason: 'already_closed' });

    // Nothing is written after the closing, and a refused write leaves the record as it was.
    const stored = await deps.store.findEnding(k);
    expect(await refusal(saveClientList(deps, k, 'portal-user', ['Late']))).toEqual({ code: 'conflict', reason: 'ending_closed' });
    expect(await refusal(saveSummary(deps, k, t, 'Rewritten'))).toEqual({ code: 'conflict', reason: 'ending_closed' });
    expect(await refusal(answerFollowUp(deps, k, { rating: 1 }))).toEqual({ code: 'conflict', reason: 'follow_up_not_due' });
    expect(await deps.store.findEnding(k)).toEqual(stored);

    // Three months on, the follow-up is due, answered once.
    world.clock.set('2026-06-24T08:00:00.000Z');
    expect((await getEnding(deps, k, 'client')).followUp.state).toBe('due');
    const answered = await answerFollowUp(deps, k, { rating: 2, words: 'Still sleeping well.' });
    expect(answered.followUp).toMatchObject({ state: 'done', rating: 2, words: 'Still sleeping well.' });
    expect(await refusal(answerFollowUp(deps, k, { rating: 1 }))).toEqual({ code: 'conflict', reason: 'follow_up_done' });

    const report = await getEndingReport(deps, k, 'therapist');
    expect(report).toMatchObject({
      clientName: 'Robin Ending',
      practiceName: 'Test Practice',
      course: { startedOn: '2026-01-05', endedOn: '2026-03-23', endReason: 'planned' },
      sessions: { attended: 12, counted: 12, noShows: 0 },
      gasTScore: 60,
      practiceTotals: null,
      ending: {
        clientList: { items: ['I sleep most nights.', 'I ask for help sooner.'] },
        summary: { text: 'Twelve weekly sessions on sleep; PHQ-9 from 16 to 0.' },
        followUp: { state: 'done', rating: 2 },
      },
    });
    expect(report.measures).toEqual([
      expect.objectContaining({
        code: 'phq9',
        count: 2,
        first: expect.objectContaining({ total: 16 }),
        last: expect.objectContaining({ total: 0 }),
        change: -16,
        outcome: 'reliable_improvement',
      }),
    ]);
    expect(report.goals).toEqual([expect.objectContaining({ id: goal.id, state: 'achieved', gasLevel: 1, focusLabel: expect.any(String) })]);
    expect(report.alliance.spans.reduce((n, s) => n + s.sessions, 0)).toBe(12);
  });

  it('schedules no follow-up when the practice has it off', async () => {
    const deps = world.deps;
    const t = practice.therapistId;
    await setEndingSettings(deps, practice.adminId, { followUpMonths: 0 });
    const client = await createClient(deps, t, { name: 'Sam Off', contact: { email: null, phone: null, dateOfBirth: null } });
    const course = await openCourse(deps, client.id, { startedOn: '2026-01-05', frequency: 'weekly' });
    world.clock.set(at(30));
    await updateCourse(deps, course.id, { status: 'ended', endReason: 'drop_out', endedOn: '2026-02-01' });
    expect(await refusal(closeEnding(deps, course.id, t))).toEqual({ code: 'conflict', reason: 'summary_missing' });
    await saveSummary(deps, course.id, t, 'Stopped coming after three sessions.');
    expect((await closeEnding(deps, course.id, t)).followUp).toEqual({ state: 'off', dueOn: null, answeredAt: null, rating: null, words: null });
    expect(await refusal(setEndingSettings(deps, practice.adminId, { followUpMonths: -1 }))).toMatchObject({ code: 'invalid_input' });
  });
});
