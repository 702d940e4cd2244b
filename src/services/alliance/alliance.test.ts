/**
 * Whole courses run through the services on real storage (SQLite in memory, or PostgreSQL with
 * ACCORD_TEST_DB=postgres): sessions recorded, Expectations checks answered by each side, goals
 * proposed and agreed, agreements confirmed and shifted — and after each step the inferred
 * alliance, the shifts and the alerts in the shared inbox are asserted session by session.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Practice, TestWorld } from '../../../test/support/harness.ts';
import { makeWorld, seedPractice } from '../../../test/support/harness.ts';
import { createClient, openCourse, recordSession, updateSession } from '../people/clients.ts';
import type { Actor } from './alliance-records.ts';
import { getAllianceSummary, getAllianceTimeline, recomputeAlliance } from './alliance.ts';
import { compareRounds, expectationsState, submitExpectations } from './expectations.ts';
import { changeGoal, listGoals, proposeCourseGoal, rateProgress } from './goals.ts';
import { answerAgreement, getLedger, proposeAgreement } from './agreements.ts';
import { submitResponse } from '../measures/measures.ts';
import type { AllianceType } from '../../domain/cues/types.ts';
import { expectationsInstrument } from '../../domain/alliance/expectations.ts';
import { CUE_RULES_VERSION } from '../../domain/cues/evidence.ts';
import { readCues } from '../../domain/cues/read-cues.ts';
import { clientCues } from '../cues/cues.ts';
import { clientTexts } from '../clinical-text.ts';
import { bind, loadCourse } from './alliance-records.ts';

const DAY = 86_400_000;

/** Ratings for one side: three per type, in instrument order. */
function answers(side: 'client' | 'therapist', byType: Partial<Record<AllianceType, number>>): Record<string, number> {
  return Object.fromEntries(expectationsInstrument(side).statements.map((s) => [s.id, byType[s.type] ?? 0]));
}

type Course = { courseId: string; clientId: string; therapist: Actor; client: Actor; at(day: number, hour?: number): string };

async function startCourse(world: TestWorld, practice: Practice, name: string): Promise<Course> {
  const deps = world.deps;
  const client = await createClient(deps, practice.therapistId, { name, contact: { email: null, phone: null, dateOfBirth: null } });
  const course = await openCourse(deps, client.id, { startedOn: '2026-01-05', frequency: 'weekly' });
  const start = Date.parse('2026-01-05T10:00:00.000Z');
  return {
    courseId: course.id,
    clientId: client.id,
    therapist: { userId: practice.therapistId, side: 'therapist' },
    client: { userId: 'portal-user', side: 'client' },
    at: (day, hour = 0) => new Date(start + day * DAY + hour * 3_600_000).toISOString(),
  };
}

async function alertKinds(world: TestWorld, clientId: string): Promise<string[]> {
  return (await world.deps.store.listAlerts({ clientIds: [clientId] })).map((a) => a.kind).sort();
}

/** Records a session at its time and recomputes, as the HTTP route does. */
async function session(world: TestWorld, c: Course, day: number, status: 'attended' | 'no_show' | 'cancelled_late' = 'attended') {
  world.clock.set(c.at(day, 1));
  await recordSession(world.deps, c.courseId, { startsAt: c.at(day), durationMinutes: 50, status });
  return recomputeAlliance(world.deps, c.courseId);
}

describe('alliance scenarios through the services', () => {
  let world: TestWorld;
  let practice: Practice;
  beforeEach(async () => {
    world = await makeWorld();
    practice = await seedPractice(world.deps);
  });
  afterEach(async () => {
    await world.close();
  });

  it('Rosa: magical hopes persist for 6 attended sessions with no shift, then two no-shows', async () => {
    const deps = world.deps;
    const c = await startCourse(world, practice, 'Rosa Test');
    world.clock.set(c.at(0, -1));
    await submitExpectations(deps, c.courseId, c.client, {
      answers: answers('client', { magical: 4, working: 1 }),
      freeText:
        'If my husband would finally stop criticising me and my family understood me, everything would be fine. I hope you can tell me how to make them see it.',
    });
    // Blind: the therapist has not answered, so nothing of the client's is shown to them yet.
    const blind = await compareRounds(deps, c.courseId, 'therapist');
    expect(blind.rounds).toEqual([]);
    expect((await expectationsState(deps, c.courseId, 'therapist')).otherSideAnswered).toBe(true);
    await submitExpectations(deps, c.courseId, c.therapist, { answers: answers('therapist', { working: 3, therapeutic: 3, magical: 1 }) });
    const revealed = await compareRounds(deps, c.courseId, 'client');
    expect(revealed.latest?.comparison?.diverge).toBe(true);
    expect(await alertKinds(world, c.clientId)).toEqual(['expectations_diverge']);

    await proposeCourseGoal(deps, c.courseId, c.client, {
      text: 'I want my husband to stop shouting at me and my mother to leave me alone.',
      focus: 'change_in_others',
    });

    const dominant: string[] = [];
    for (let k = 0; k < 6; k++) {
      const r = await session(world, c, k * 7);
      dominant.push(r.summary.inferred.dominant);
      const kinds = r.summary.findings.map((f) => f.kind);
      if (k < 5) expect(kinds, `session ${k + 1}`).not.toContain('magical_persisting');
      else expect(kinds, `session ${k + 1}`).toContain('magical_persisting');
    }
    expect(dominant).toEqual(['magical', 'magical', 'magical', 'magical', 'magical', 'magical']);
    expect(await alertKinds(world, c.clientId)).toEqual(['expectations_diverge', 'magical_persisting']);

    // The same condition next week raises nothing new (one alert per condition).
    const again = await session(world, c, 42);
    expect(again.alertsRaised).toEqual([]);
    await session(world, c, 49, 'no_show');
    expect(await alertKinds(world, c.clientId)).toEqual(['expectations_diverge', 'magical_persisting']);
    const last = await session(world, c, 56, 'no_show');
    expect(last.summary.findings.map((f) => f.kind)).toContain('attendance_consecutive_no_shows');
    expect(await alertKinds(world, c.clientId)).toEqual(['attendance', 'expectations_diverge', 'magical_persisting']);

    // Snapshots: one per session, drawn on the timeline with the agreed band empty (no agreement).
    const timeline = await getAllianceTimeline(deps, c.courseId, 'therapist');
    expect(timeline.points.map((p) => p.status)).toEqual([...Array(7).fill('attended'), 'no_show', 'no_show']);
    expect(timeline.points.every((p) => p.agreedType === undefined)).toBe(true);
    expect(timeline.points[0]!.topEvidence[0]?.kind).toBe('expectations');
  });

  it('Hannah: misalliance after 3 sessions, the therapist names it, a shift to working, the inference follows', async () => {
    const deps = world.deps;
    const c = await startCourse(world, practice, 'Hannah Test');
    world.clock.set(c.at(0, -1));
    await submitExpectations(deps, c.courseId, c.client, {
      answers: answers('client', { magical: 3, working: 2 }),
      freeText: 'I am waiting for my family to change. If they stopped blaming me things would get better.',
    });
    await submitExpectations(deps, c.courseId, c.therapist, { answers: answers('therapist', { working: 3, magical: 2 }) });
    // The therapist proposes a working agreement at intake; the client confirms it in the portal.
    await proposeAgreement(deps, c.courseId, c.therapist, {
      terms: {
        statement: 'We work on how Hannah handles the arguments at home.',
        allianceType: 'working',
        frequency: 'weekly',
        reviewPoint: { kind: 'after_sessions', sessions: 6 },
      },
    });
    const pending = await getLedger(deps, c.courseId, 'client');
    expect(pending.awaiting).toHaveLength(1);
    await answerAgreement(deps, c.courseId, pending.awaiting[0]!.id, c.client, { confirm: true, words: 'OK, I can try that.' });
    const goal = await proposeCourseGoal(deps, c.courseId, c.client, {
      text: 'I want my mother to stop criticising me all the time.',
      focus: 'change_in_others',
    });

    const rows: { inferred: string; agreed: string | undefined; findings: string[] }[] = [];
    const step = async (day: number) => {
      const r = await session(world, c, day);
      rows.push({ inferred: r.summary.inferred.dominant, agreed: r.summary.agreed?.terms.allianceType, findings: r.summary.findings.map((f) => f.kind) });
    };
    await step(0);
    await step(7);
    expect(rows.map((r) => r.findings.includes('misalliance'))).toEqual([false, false]);
    await step(14);
    expect(rows[2]).toEqual({ inferred: 'magical', agreed: 'working', findings: ['expectations_diverge', 'misalliance'] });
    expect(await alertKinds(world, c.clientId)).toContain('misalliance');

    // Session 4: the therapist names it; the shift is recorded with its reason and the client's words.
    world.clock.set(c.at(21, 0.5));
    await proposeAgreement(deps, c.courseId, c.therapist, {
      terms: {
        statement: 'Hannah learns to stay steady and say what she needs when her mother criticises her, whether or not her family changes.',
        allianceType: 'working',
        frequency: 'weekly',
        reviewPoint: { kind: 'after_sessions', sessions: 6 },
      },
      reason: 'Named that Hannah has been waiting for her family to change; asked if feeling steadier at home would make therapy worthwhile.',
    });
    const shift = (await getLedger(deps, c.courseId, 'therapist')).awaiting;
    expect(shift).toEqual([]); // the therapist's own proposal waits for the client
    const forClient = (await getLedger(deps, c.courseId, 'client')).awaiting[0]!;
    await answerAgreement(deps, c.courseId, forClient.id, c.therapist, {
      confirm: true,
      words: 'Yes — if I felt steadier at home I would count it worthwhile.',
    });
    await changeGoal(deps, c.courseId, goal.id, c.therapist, { kind: 'agree', words: 'I understand that is what you hope for.' });
    await changeGoal(deps, c.courseId, goal.id, c.therapist, {
      kind: 'revise',
      text: 'I want to stay calm and say what I need when my mother criticises me.',
      focus: 'skill',
      note: 'Reworded together in session 4',
    });
    const { goals } = await listGoals(deps, c.courseId);
    const revised = goals.find((g) => g.revisionOf === goal.id)!;
    expect(revised).toMatchObject({ author: 'therapist', state: 'proposed', focus: 'skill' });
    await changeGoal(deps, c.courseId, revised.id, c.client, { kind: 'agree', words: 'Yes, that is what I want.' });
    await step(21);
    await step(28);
    await step(35);
    // Six attended sessions: the next Expectations check is due for both; the client now hopes to handle it herself.
    world.clock.set(c.at(35, 2));
    expect((await expectationsState(deps, c.courseId, 'client')).due).toMatchObject({ due: true, reason: 'cadence' });
    await submitExpectations(deps, c.courseId, c.client, {
      answers: answers('client', { working: 4, magical: 1, therapeutic: 1 }),
      freeText: 'I want to handle the arguments with my mother better and speak up for myself.',
    });
    await submitExpectations(deps, c.courseId, c.therapist, { answers: answers('therapist', { working: 4, therapeutic: 1 }) });
    await rateProgress(deps, c.courseId, revised.id, c.client, 6);
    await step(42);
    await step(49);

    // Named in session 4: the revised goal and the second check move the evidence to working. Her first check's
    // "waiting for my family to change" is read as waiting on others (cue rules 2), so the magical evidence holds until then.
    expect(rows.map((r) => r.inferred)).toEqual(['magical', 'magical', 'magical', 'magical', 'magical', 'working', 'working', 'working']);
    expect(rows.map((r) => r.agreed)).toEqual(Array(8).fill('working'));
    expect(rows.at(-1)!.findings).toEqual([]);
    const ledger = await getLedger(deps, c.courseId, 'therapist');
    expect(ledger.shifts).toHaveLength(1);
    expect(ledger.shifts[0]).toMatchObject({ typeChanged: false, words: 'Yes — if I felt steadier at home I would count it worthwhile.' });
    const timeline = await getAllianceTimeline(deps, c.courseId, 'therapist');
    expect(timeline.points[3]!.markers.map((m) => m.kind)).toEqual(['shift']);
    const summary = await getAllianceSummary(deps, c.courseId);
    expect(summary.goalConsensus).toMatchObject({ active: 1, agreed: 1, consensus: 1 });
    expect(summary.inferred.evidence.some((e) => e.kind === 'goal_focus' && e.quote?.includes('stay calm'))).toBe(true);
  });

  it('George: a new measure recomputes the alliance at once — symptoms below caseness for 3 measurements with no agreed goal', async () => {
    const deps = world.deps;
    const c = await startCourse(world, practice, 'George Test');
    world.clock.set(c.at(43));
    const sessions: { id: string }[] = [];
    for (let w = 0; w < 7; w++) sessions.push(await recordSession(deps, c.courseId, { startsAt: c.at(w * 7), durationMinutes: 50, status: 'attended' }));
    const phq = (total: number) =>
      Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`phq9_${i + 1}`, i < 8 && i < total ? 1 : 0])) as Record<string, number>;
    const submit = (w: number, total: number) =>
      submitResponse(
        deps,
        c.clientId,
        { userId: practice.therapistId, as: 'therapist' },
        {
          instrumentCode: 'phq9',
          answers: total > 8 ? { ...phq(8), phq9_1: total - 7 } : phq(total),
          courseId: c.courseId,
          sessionId: sessions[w]!.id,
          source: 'in_session',
          completedAt: c.at(w * 7, 1),
        },
      );
    await submit(0, 10);
    await submit(1, 10);
    // Snapshots exist already: the submissions recomputed the course (the test never calls recomputeAlliance).
    const inferredAtLast = async () => {
      const rows = await deps.store.listAllianceSnapshots(c.courseId);
      expect(rows).toHaveLength(7);
      return rows.find((r) => r.sessionId === sessions[6]!.id)!.dominant;
    };
    expect(await inferredAtLast()).toBe('not_enough_evidence');
    // Remission needs 3 measurements below caseness (SPEC §5.1), for the alert and for the evidence alike.
    await submit(2, 4);
    await submit(3, 3);
    expect(await alertKinds(world, c.clientId)).not.toContain('remission_without_goal');
    expect((await getAllianceSummary(deps, c.courseId)).inferred.evidence).toEqual([]);

    // The third measurement below caseness: no goal, no alliance write — the alert and the evidence are there at once.
    const third = await submit(4, 3);
    expect(await alertKinds(world, c.clientId)).toContain('remission_without_goal');
    expect(third.alertsRaised).toContain('remission_without_goal');
    const summary = await getAllianceSummary(deps, c.courseId);
    expect(summary.inferred.evidence.map((e) => e.kind)).toEqual(['symptom_course']);
    // One piece of evidence of one kind: said as such, never "structuralizing 100 %".
    expect(summary.inferred).toMatchObject({ dominant: 'not_enough_evidence', certainty: 'not_enough_evidence', pieces: 1, kinds: 1 });
    expect(await inferredAtLast()).toBe('not_enough_evidence');
  });

  it('recomputes only what changed: an unchanged course keeps its snapshots, a back-dated session redraws from that point', async () => {
    const deps = world.deps;
    const c = await startCourse(world, practice, 'Ira Test');
    for (let k = 0; k < 4; k++) await session(world, c, k * 7);
    const first = await deps.store.listAllianceSnapshots(c.courseId);
    await recomputeAlliance(deps, c.courseId);
    expect((await deps.store.listAllianceSnapshots(c.courseId)).map((s) => s.computedAt)).toEqual(first.map((s) => s.computedAt));
    world.clock.set(c.at(30));
    await recordSession(deps, c.courseId, { startsAt: c.at(10), durationMinutes: 50, status: 'no_show' });
    await recomputeAlliance(deps, c.courseId);
    const after = await deps.store.listAllianceSnapshots(c.courseId);
    expect(after).toHaveLength(5);
    const changed = after.filter((s) => s.computedAt === c.at(30)).map((s) => s.at);
    expect(changed).toEqual([c.at(10), c.at(14), c.at(21)]);
  });

  it('two reads that recompute the same course at once leave snapshots every later read can open', async () => {
    const deps = world.deps;
    const c = await startCourse(world, practice, 'Noor Test');
    for (let k = 0; k < 3; k++) await session(world, c, k * 7);
    // Stale snapshots (as after a follow-up that never ran): both reads plan new rows, each with its own ids.
    await deps.store.deleteAllianceSnapshots(
      c.courseId,
      (await deps.store.listAllianceSnapshots(c.courseId)).map((s) => s.sessionId),
    );
    await Promise.all([getAllianceSummary(deps, c.courseId), getAllianceTimeline(deps, c.courseId, 'therapist')]);
    const summary = await getAllianceSummary(deps, c.courseId);
    expect(summary.courseId).toBe(c.courseId);
    await getAllianceTimeline(deps, c.courseId, 'therapist');
  });

  it('skips a recompute whose inputs have not changed — the same answer — and recomputes when a record changes, comes into view, or a snapshot goes', async () => {
    const deps = world.deps;
    const c = await startCourse(world, practice, 'Skip Test');
    for (let k = 0; k < 4; k++) await session(world, c, k * 7);
    world.clock.set(c.at(22));
    // A session entered ahead of its time: out of view until day 40.
    const ahead = await recordSession(deps, c.courseId, { startsAt: c.at(40), durationMinutes: 50, status: 'planned_break' });
    const full = await recomputeAlliance(deps, c.courseId);
    const snapshots = await deps.store.listAllianceSnapshots(c.courseId);
    expect(snapshots).toHaveLength(4);
    const alerts = await deps.store.listAlerts({ clientIds: [c.clientId] });
    world.clock.set(c.at(23));
    const skipped = await recomputeAlliance(deps, c.courseId);
    // What a full run computes now: the read path's summary, from the same records.
    expect(skipped.summary).toEqual(await getAllianceSummary(deps, c.courseId));
    expect(skipped.summary).toEqual({ ...full.summary, asOf: c.at(23), inferred: { ...full.summary.inferred, asOf: c.at(23) } });
    expect(skipped.alertsRaised).toEqual([]);
    expect(await deps.store.listAllianceSnapshots(c.courseId)).toEqual(snapshots);
    expect(await deps.store.listAlerts({ clientIds: [c.clientId] })).toEqual(alerts);
    // A changed record, the clock standing still: recomputed.
    const attended = skipped.summary.attendance.attended;
    const third = snapshots.at(-2)!;
    await updateSession(deps, third.sessionId, { status: 'no_show' });
    expect((await recomputeAlliance(deps, c.courseId)).summary.attendance.attended).toBe(attended - 1);
    // Time passing brings the session ahead into view: recomputed, with its snapshot.
    world.clock.set(c.at(41));
    const later = await recomputeAlliance(deps, c.courseId);
    expect(later.snapshots.map((s) => s.sessionId)).toContain(ahead.id);
    expect(await deps.store.listAllianceSnapshots(c.courseId)).toHaveLength(5);
    // Snapshots dropped behind its back: recomputed and written again.
    await deps.store.deleteAllianceSnapshots(c.courseId, [ahead.id]);
    await recomputeAlliance(deps, c.courseId);
    expect(await deps.store.listAllianceSnapshots(c.courseId)).toHaveLength(5);
  });

  it('sealed at rest: goal words, free text, agreement statements and evidence are not in the database in clear', async () => {
    const deps = world.deps;
    const c = await startCourse(world, practice, 'Sealed Test');
    world.clock.set(c.at(0, -1));
    await submitExpectations(deps, c.courseId, c.client, { answers: answers('client', { working: 3 }), freeText: 'CANARY-FREE-TEXT about my exam' });
    await proposeCourseGoal(deps, c.courseId, c.client, { text: 'CANARY-GOAL pass my driving test', focus: 'skill' });
    await proposeAgreement(deps, c.courseId, c.therapist, {
      terms: { statement: 'CANARY-AGREEMENT the exam', allianceType: 'working', frequency: 'weekly', reviewPoint: { kind: 'date', date: '2026-03-01' } },
    });
    await session(world, c, 0);
    for (const table of ['expectations_responses', 'goals', 'alliance_ledger', 'alliance_snapshots']) {
      let dump = '';
      for await (const page of deps.store.dumpTable(table)) dump += JSON.stringify(page);
      expect(dump.length, table).toBeGreaterThan(0);
      expect(dump, table).not.toMatch(/CANARY|exam|driving/);
    }
  });
  it('stores cue evidence with the rules’ version and reads older evidence again, so the panel, the views and the inferred alliance agree', async () => {
    const deps = world.deps;
    const c = await startCourse(world, practice, 'Version Test');
    world.clock.set(c.at(0, -1));
    const text = 'I want my husband to stop drinking.';
    await submitExpectations(deps, c.courseId, c.client, { answers: answers('client', { magical: 3 }), freeText: text });
    await submitExpectations(deps, c.courseId, c.therapist, { answers: answers('therapist', { working: 3 }) });
    const goal = await proposeCourseGoal(deps, c.courseId, c.client, { text, focus: 'skill' });
    const row = (await deps.store.findGoal(goal.id))!;
    expect(row.cuesVersion).toBe(CUE_RULES_VERSION);
    const versions = new Map((await deps.store.listExpectationsResponses(c.courseId)).map((r) => [r.side, r.cuesVersion]));
    expect(versions).toEqual(
      new Map([
        ['client', CUE_RULES_VERSION],
        ['therapist', null],
      ]),
    );

    // Evidence written by older rules: the husband's drinking read as the client's behaviour.
    const texts = await clientTexts(deps, c.clientId);
    const stale = [
      {
        family: 'working',
        polarity: 1,
        weight: 0.3,
        start: 27,
        end: 35,
        words: 'drinking',
        reason: 'names a concrete behaviour to work on',
        rule: 'working.behaviour',
      },
    ];
    await deps.store.updateGoal(goal.id, row.state, {
      cuesEnc: texts.seal(bind('goals', goal.id, 'cues'), JSON.stringify(stale)),
      cuesVersion: 1,
      updatedAt: row.updatedAt,
    });

    const fresh = readCues(text, { writer: 'client' });
    expect(fresh.some((cue) => cue.rule === 'working.behaviour')).toBe(false);
    world.clock.set(c.at(1));
    const loaded = await loadCourse(deps, c.courseId);
    expect(loaded.records.texts.map((t) => t.cues)).toEqual([fresh, fresh]);
    const panel = await clientCues(deps, c.clientId);
    expect(panel.items.map((i) => i.cues)).toEqual([fresh, fresh]);
    expect((await listGoals(deps, c.courseId, { cues: true })).goals[0]!.cues).toEqual(fresh);
    expect((await compareRounds(deps, c.courseId, 'therapist')).latest!.client!.freeTextCues).toEqual(fresh);
  });
});
