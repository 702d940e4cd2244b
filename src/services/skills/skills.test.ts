/**
 * Skills and practice through the services on real storage, on SQLite and on PostgreSQL: a target
 * proposed by the therapist and agreed by the client, practice logged and repeated with one tap,
 * the client's sharing choice deciding what the therapist reads (and what the alliance reads), the
 * practice-stalled alert after the setting's days, trackers whose streaks lengthen across a planned
 * break, a rising Support check as consolidation — and every bad input refused with nothing written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Practice, TestWorld } from '../../../test/support/harness.ts';
import { makeWorld, seedPractice } from '../../../test/support/harness.ts';
import { tableCounts } from '../../../test/support/cast.ts';
import { DomainError } from '../../domain/errors.ts';
import { createClient, openCourse } from '../people/clients.ts';
import { getAllianceSummary } from '../alliance/alliance.ts';
import { proposeCourseGoal } from '../alliance/goals.ts';
import {
  addPlannedBreak,
  createTarget,
  createTracker,
  enterTrackerDay,
  getSkills,
  logPractice,
  setCelebrated,
  setSharing,
  setSkillsSettings,
  submitSkillsCheck,
  submitSupportCheck,
  updateTarget,
} from './skills.ts';
import { sweepStalledPractice } from './stalled.ts';

async function refusal(p: Promise<unknown>): Promise<{ code: string; reason: unknown }> {
  try {
    await p;
  } catch (e) {
    if (e instanceof DomainError) return { code: e.code, reason: (e.details as { reason?: string } | undefined)?.reason };
    throw e;
  }
  throw new Error('expected a refusal');
}

const plan = (over: Record<string, unknown> = {}) => ({
  skillId: 'courage',
  why: 'Fear keeps me from applying for jobs.',
  goalIds: [] as string[],
  situations: ['Phone calls to employers'],
  doMore: { thoughts: ['It is only a call'], feelings: [], behaviours: ['Dial before I think twice'] },
  doLess: { thoughts: [], feelings: [], behaviours: ['Put it off until tomorrow'] },
  sources: ['A chapter on exposure'],
  practicePlan: 'One imagined call every evening, one real call a week.',
  targetCount: 200,
  ...over,
});

describe.each(['sqlite', 'postgres'] as const)('skills through the services on %s', (dialect) => {
  let world: TestWorld;
  let practice: Practice;
  let courseId: string;
  let otherCourseId: string;
  let clientId: string;
  let targetId: string;
  const therapist = () => ({ userId: practice.therapistId, side: 'therapist' as const });
  beforeAll(async () => {
    world = await makeWorld({ dialect });
    practice = await seedPractice(world.deps);
    world.clock.set('2026-03-02T09:00:00.000Z');
    const c = await createClient(world.deps, practice.therapistId, { name: 'Robin Rehearsal', contact: { email: null, phone: null, dateOfBirth: null } });
    const d = await createClient(world.deps, practice.otherTherapistId, { name: 'Other', contact: { email: null, phone: null, dateOfBirth: null } });
    clientId = c.id;
    courseId = (await openCourse(world.deps, c.id, { startedOn: '2026-03-02', frequency: 'weekly' })).id;
    otherCourseId = (await openCourse(world.deps, d.id, { startedOn: '2026-03-02', frequency: 'weekly' })).id;
  });
  afterAll(async () => {
    await world?.close();
  });

  it('scores the Skills check and suggests the top priorities as targets', async () => {
    const v = await submitSkillsCheck(world.deps, courseId, [
      { skillId: 'courage', skilled: 1, help: 4 }, // 12
      { skillId: 'listening', skilled: 3, help: 2 }, // 2
      { skillId: 'self_calming', skilled: 0, help: 3 }, // 12, helps less
    ]);
    expect(v.checks[0]!.suggested.map((s) => [s.skillId, s.priority])).toEqual([
      ['courage', 12],
      ['self_calming', 12],
      ['listening', 2],
    ]);
    const stored = (await world.deps.store.listSkillsChecks(courseId))[0]!;
    expect(stored.answersEnc).not.toContain('courage');
  });

  it('a target proposed by the therapist is active once the client agrees; practice waits for that', async () => {
    const goal = await proposeCourseGoal(world.deps, courseId, therapist(), { text: 'Find work I enjoy.', focus: 'skill' });
    const v = await createTarget(world.deps, courseId, therapist(), plan({ goalIds: [goal.id] }));
    targetId = v.targets[0]!.id;
    expect(v.targets[0]).toMatchObject({ status: 'proposed', skillName: 'Facing fears that are bigger than the danger', goals: [{ id: goal.id }] });
    expect(await refusal(logPractice(world.deps, courseId, { targetId, mode: 'imagined', outcome: 'went_well' }))).toEqual({
      code: 'conflict',
      reason: 'target_not_active',
    });
    expect(await refusal(updateTarget(world.deps, courseId, targetId, 'therapist', { status: 'active' }))).toMatchObject({ reason: 'same_side' });
    const agreed = await updateTarget(world.deps, courseId, targetId, 'client', { status: 'active' });
    expect(agreed.targets[0]).toMatchObject({ status: 'active', activeSince: '2026-03-02' });
  });

  it('logs practice; a repeat copies the last entry in one call; counts, streaks and progress follow', async () => {
    const first = await logPractice(world.deps, courseId, {
      targetId,
      mode: 'imagined',
      outcome: 'went_well',
      celebrated: true,
      situation: 'Calling the bakery about the job',
      did: 'Rehearsed the first sentence',
    });
    const lastId = first.practice![0]!.id;
    world.clock.set('2026-03-03T19:00:00.000Z');
    const again = await logPractice(world.deps, courseId, { targetId, repeatOf: lastId, outcome: 'mixed' });
    expect(again.practice![0]).toMatchObject({ mode: 'imagined', situation: 'Calling the bakery about the job', outcome: 'mixed', practisedOn: '2026-03-03' });
    const t = again.targets[0]!.practice!;
    expect(t.counts.total).toBe(2);
    expect(t.counts.byMode).toEqual({ imagined: 2, role_play: 0, real_life: 0 });
    expect(t.streak).toEqual({ current: 2, longest: 2 });
    expect(t.progress).toBe(2 / 200);
    const celebrated = await setCelebrated(world.deps, courseId, again.practice![0]!.id, true);
    expect(celebrated.targets[0]!.practice!.counts.celebrated).toBe(2);
    expect((await world.deps.store.findPracticeLog(lastId))?.entryEnc).not.toContain('bakery');
  });

  it('refuses bad practice input and writes nothing', async () => {
    const before = await tableCounts(world);
    const otherTarget = await createTarget(world.deps, otherCourseId, { userId: practice.otherTherapistId, side: 'therapist' }, plan());
    const foreign = otherTarget.targets[0]!.id;
    const cases: [() => Promise<unknown>, string, string][] = [
      [() => logPractice(world.deps, courseId, { targetId: foreign, mode: 'imagined', outcome: 'went_well' }), 'invalid_input', 'not_your_target'],
      [() => logPractice(world.deps, courseId, { targetId, mode: 'imagined', outcome: 'went_well', practisedOn: '2026-03-04' }), 'invalid_input', 'future_day'],
      [() => logPractice(world.deps, courseId, { targetId, mode: 'imagined', outcome: 'went_well', practisedOn: '2026-02-30' }), 'invalid_input', 'bad_day'],
      [
        () => logPractice(world.deps, courseId, { targetId, mode: 'imagined', outcome: 'went_well', practisedOn: '2026-03-01' }),
        'invalid_input',
        'before_target',
      ],
      [() => logPractice(world.deps, courseId, { targetId, outcome: 'went_well' }), 'invalid_input', 'no_mode'],
      [() => logPractice(world.deps, courseId, { targetId, mode: 'imagined', outcome: 'hard', did: 'x'.repeat(1001) }), 'invalid_input', 'text_too_long'],
      [() => createTarget(world.deps, courseId, therapist(), plan({ targetCount: 0 })), 'invalid_input', 'bad_target_count'],
      [() => createTarget(world.deps, courseId, therapist(), plan({ skillId: 'flying' })), 'invalid_input', 'unknown_skill'],
      [() => createTarget(world.deps, courseId, therapist(), plan({ goalIds: [foreign] })), 'invalid_input', 'unknown_goal'],
      [() => submitSkillsCheck(world.deps, courseId, [{ skillId: 'joy', skilled: 5, help: 1 }]), 'invalid_input', 'rating_out_of_range'],
    ];
    for (const [p, code, reason] of cases) expect(await refusal(p())).toEqual({ code, reason });
    const after = await tableCounts(world);
    expect({ ...after, skill_targets: after.skill_targets! - 1, audit_events: 0 }).toEqual({ ...before, audit_events: 0 });
  });

  it('practice and trackers stay the client’s until shared; the alliance reads them only then', async () => {
    world.clock.set('2026-03-10T19:00:00.000Z');
    await logPractice(world.deps, courseId, { targetId, mode: 'role_play', outcome: 'went_well' });
    await logPractice(world.deps, courseId, { targetId, mode: 'real_life', outcome: 'went_well', practisedOn: '2026-03-09' });
    const hidden = await getSkills(world.deps, courseId, 'therapist');
    expect(hidden).toMatchObject({ visible: false, practice: null, trackers: null, sharing: { shared: false } });
    expect(hidden.targets[0]!.practice).toBeNull();
    expect((await getAllianceSummary(world.deps, courseId)).inferred.evidence.some((e) => e.kind === 'practice')).toBe(false);
    await setSharing(world.deps, courseId, true);
    const open = await getSkills(world.deps, courseId, 'observer');
    expect(open.visible).toBe(true);
    expect(open.targets[0]!.practice!.counts.total).toBe(4);
    const evidence = (await getAllianceSummary(world.deps, courseId)).inferred.evidence.filter((e) => e.kind === 'practice');
    expect(evidence.map((e) => [e.type, e.source?.type])).toEqual([
      ['working', 'practice_log'],
      ['therapeutic', 'practice_log'],
    ]);
  });

  it('raises “practice stalled” once after the setting’s days, with evidence and a suggested conversation', async () => {
    world.clock.set('2026-03-23T09:00:00.000Z'); // 13 days after the last practice on 03-10
    expect(await sweepStalledPractice(world.deps)).toEqual([]);
    world.clock.set('2026-03-24T09:00:00.000Z');
    const raised = await sweepStalledPractice(world.deps);
    expect(raised).toEqual([`practice_stalled|${courseId}|${targetId}|2026-03-10`]);
    expect(await sweepStalledPractice(world.deps)).toEqual([]);
    const [alert] = await world.deps.store.listAlerts({ clientIds: [clientId] });
    expect(alert).toMatchObject({ kind: 'practice_stalled', courseId, status: 'open' });
    // A shorter setting applies at the next sweep; the stall is the same, so nothing new.
    await setSkillsSettings(world.deps, practice.adminId, { catalogue: null, stalledDays: 7 });
    expect(await sweepStalledPractice(world.deps)).toEqual([]);
    expect(await refusal(setSkillsSettings(world.deps, practice.adminId, { catalogue: null, stalledDays: 1 }))).toMatchObject({ reason: 'bad_setting' });
    expect((await getSkills(world.deps, courseId, 'therapist')).targets[0]!.practice!.stalled).toBe(true);
  });

  it('trackers: today in one call, yesterday correctable, no future or repeated day; streaks across a planned break', async () => {
    const v = await createTracker(world.deps, courseId, 'A day without drinking');
    const trackerId = v.trackers![0]!.id;
    await addPlannedBreak(world.deps, courseId, practice.therapistId, { startsOn: '2026-04-06', endsOn: '2026-04-19', label: 'Easter break' });
    const days = ['2026-03-24', '2026-03-25', '2026-03-26'];
    for (const day of days) {
      world.clock.set(`${day}T20:00:00.000Z`);
      await enterTrackerDay(world.deps, courseId, trackerId, { day, kept: true }, 'new');
    }
    world.clock.set('2026-03-27T20:00:00.000Z');
    await enterTrackerDay(world.deps, courseId, trackerId, { day: '2026-03-27', kept: false }, 'new');
    const before = await tableCounts(world);
    const bad: [() => Promise<unknown>, string][] = [
      [() => enterTrackerDay(world.deps, courseId, trackerId, { day: '2026-03-28', kept: true }, 'new'), 'future_day'],
      [() => enterTrackerDay(world.deps, courseId, trackerId, { day: '2026-03-27', kept: true }, 'new'), 'duplicate_day'],
      [() => enterTrackerDay(world.deps, courseId, trackerId, { day: '2026-03-25', kept: false }, 'correct'), 'day_closed'],
      [() => enterTrackerDay(world.deps, courseId, trackerId, { day: '2026-13-01', kept: false }, 'new'), 'bad_day'],
    ];
    for (const [p, reason] of bad) expect(await refusal(p())).toEqual({ code: 'invalid_input', reason });
    expect(await tableCounts(world)).toEqual({ ...before, audit_events: before.audit_events });
    // Yesterday is correctable: it was a good day after all.
    world.clock.set('2026-03-28T08:00:00.000Z');
    await enterTrackerDay(world.deps, courseId, trackerId, { day: '2026-03-27', kept: true }, 'correct');
    // A longer run through the break.
    for (let d = 1; d <= 24; d++) {
      const day = new Date(Date.parse('2026-03-30T00:00:00Z') + d * 86_400_000).toISOString().slice(0, 10);
      world.clock.set(`${day}T20:00:00.000Z`);
      await enterTrackerDay(world.deps, courseId, trackerId, { day, kept: true }, 'new');
    }
    const t = (await getSkills(world.deps, courseId, 'client')).trackers![0]!;
    expect(t.streaks.map((s) => [s.length, s.acrossBreaks.length])).toEqual([
      [4, 0],
      [24, 1],
    ]);
    expect(t).toMatchObject({ current: 24, longest: 24, today: true });
    const consolidation = (await getAllianceSummary(world.deps, courseId)).inferred.evidence.filter((e) => e.kind === 'consolidation');
    expect(consolidation.map((e) => e.source)).toEqual([{ type: 'tracker', id: trackerId }]);
  });

  it('a rising Support check is consolidation evidence; its supports are sealed', async () => {
    await submitSupportCheck(world.deps, courseId, { calm: 1, people: 0, supports: [{ kind: 'person', name: 'My therapist only' }] });
    world.clock.advance(60 * 24 * 30);
    const v = await submitSupportCheck(world.deps, courseId, {
      calm: 3,
      people: 2,
      supports: [
        { kind: 'person', name: 'My brother' },
        { kind: 'activity', name: 'Swimming' },
      ],
    });
    expect(v.supportChecks.map((c) => c.total)).toEqual([1, 5]);
    expect((await world.deps.store.listSupportChecks(courseId))[1]!.supportsEnc).not.toContain('Swimming');
    const items = (await getAllianceSummary(world.deps, courseId)).inferred.evidence.filter((e) => e.source?.type === 'support_check');
    expect(items).toHaveLength(1);
    expect(await refusal(submitSupportCheck(world.deps, courseId, { calm: 5, people: 0, supports: [] }))).toMatchObject({ reason: 'rating_out_of_range' });
  });
});
