/**
 * When clinical records are dated (SPEC §3 C10), through the real app: the portal's answers are
 * stamped by the server, so a client cannot move one before the course and rewrite their outcome;
 * staff may date answers and sessions back within the course, never ahead; a future session can
 * be booked but not marked attended; and a response may name only its own course's schedule of
 * the same instrument. Runs on SQLite, and on PostgreSQL with ACCORD_TEST_DB=postgres.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { PASSWORD, makeApp, makeWorld, seedPractice, signInAgent } from '../../../test/support/harness.ts';
import type { Agent, Practice, TestWorld } from '../../../test/support/harness.ts';
import { createClient, openCourse } from '../../services/people/clients.ts';
import { addSchedule } from '../../services/measures/schedules.ts';
import { acceptInvite, createInvite } from '../../services/accounts/users.ts';

let world: TestWorld;
let app: FastifyInstance;
let p: Practice;
const ids = { c: '', d: '', course: '', courseD: '' };
const a = {} as Record<'therapist' | 'clientC', Agent>;
const NOW = '2026-03-02T09:00:00.000Z'; // the test clock

/** PHQ-9 answers with the given total and item 9 at 0 (no safety alert in these stories). */
const phq = (total: number) =>
  Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`phq9_${i + 1}`, i === 8 ? 0 : Math.max(0, Math.min(3, total - 3 * i))]));
const contact = { email: null, phone: null, dateOfBirth: null };

beforeAll(async () => {
  world = await makeWorld();
  const deps = world.deps;
  p = await seedPractice(deps);
  ids.c = (await createClient(deps, p.therapistId, { name: 'Casey Client', contact })).id;
  ids.d = (await createClient(deps, p.otherTherapistId, { name: 'Dana Other', contact })).id;
  ids.course = (await openCourse(deps, ids.c, { startedOn: '2026-01-05', frequency: 'weekly' })).id;
  ids.courseD = (await openCourse(deps, ids.d, { startedOn: '2026-01-05', frequency: 'weekly' })).id;
  const { token } = await createInvite(deps, p.therapistId, { email: 'casey@example.org', roles: ['client'], clientId: ids.c });
  await acceptInvite(deps, token, { displayName: 'Casey', password: PASSWORD });
  app = await makeApp(world);
  a.therapist = await signInAgent(app, p.emails.therapist);
  a.clientC = await signInAgent(app, 'casey@example.org');
});
afterAll(async () => {
  await app?.close();
  await world?.close();
});

const responsesOfC = async () =>
  (await a.therapist.req('GET', `/api/clients/${ids.c}/responses`)).json() as { id: string; completedAt: string; source: string }[];

describe('dates of answers', () => {
  it('a client cannot date a portal answer: 1900-01-01 is refused, nothing is stored, and the outcome stays right', async () => {
    // Intake on paper below caseness, then a low score in the portal: no recovery to claim.
    expect(
      (
        await a.therapist.req('POST', `/api/clients/${ids.c}/responses`, {
          instrumentCode: 'phq9',
          answers: phq(9),
          source: 'paper',
          completedAt: '2026-01-05T10:00:00Z',
        })
      ).statusCode,
    ).toBe(201);
    expect((await a.clientC.req('POST', `/api/clients/${ids.c}/responses`, { instrumentCode: 'phq9', answers: phq(3) })).statusCode).toBe(201);
    const before = await responsesOfC();

    // A severe answer dated before the course would become the "first" measure: reliably recovered.
    const res = await a.clientC.req('POST', `/api/clients/${ids.c}/responses`, {
      instrumentCode: 'phq9',
      answers: phq(22),
      completedAt: '1900-01-01T00:00:00Z',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'invalid_input', details: { field: 'completedAt', reason: 'server_stamped' } });
    expect(res.json().error.message).toMatch(/dated when you send them/);

    expect(await responsesOfC()).toEqual(before);
    const series = (await a.therapist.req('GET', `/api/clients/${ids.c}/scores`)).json() as {
      code: string;
      points: { at: string }[];
      recovery: { reliablyRecovered: boolean; recovered: boolean };
    }[];
    const phq9 = series.find((s) => s.code === 'phq9')!;
    expect(phq9.points.map((pt) => pt.at)).toEqual(['2026-01-05T10:00:00.000Z', NOW]);
    expect(phq9.recovery).toMatchObject({ recovered: false, reliablyRecovered: false });
  });

  it('the portal answer carries the server’s time', async () => {
    world.clock.advance(3);
    const res = await a.clientC.req('POST', `/api/clients/${ids.c}/responses`, {
      instrumentCode: 'gad7',
      answers: Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`gad7_${i + 1}`, 0])),
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().response).toMatchObject({ source: 'portal', completedAt: world.clock.now().toISOString() });
  });

  it('staff date answers within the course and not ahead of now', async () => {
    const submit = (completedAt: string) =>
      a.therapist.req('POST', `/api/clients/${ids.c}/responses`, { instrumentCode: 'phq9', answers: phq(8), source: 'paper', completedAt });
    const now = world.clock.now().getTime();
    const cases: [string, number, string | null][] = [
      ['1900-01-01T00:00:00.000Z', 400, 'before_course_start'],
      ['2026-01-04T23:59:59.999Z', 400, 'before_course_start'],
      ['2026-01-05T00:00:00.000Z', 201, null],
      [new Date(now + 1).toISOString(), 400, 'in_future'],
      [new Date(now).toISOString(), 201, null],
    ];
    for (const [at, status, reason] of cases) {
      const res = await submit(at);
      expect(res.statusCode, at).toBe(status);
      if (reason) expect(res.json().error, at).toMatchObject({ code: 'invalid_input', details: { field: 'completedAt', reason } });
      else expect(res.json().response.completedAt, at).toBe(at);
    }
  });

  it('an import with one answer outside the course stores none of them', async () => {
    const before = (await responsesOfC()).length;
    const body = {
      responses: [
        { instrumentCode: 'phq9', answers: phq(12), completedAt: '2026-01-12T10:00:00Z' },
        { instrumentCode: 'phq9', answers: phq(11), completedAt: '2025-12-01T10:00:00Z' },
      ],
    };
    const res = await a.therapist.req('POST', `/api/clients/${ids.c}/responses/import`, body);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'invalid_input', details: { index: 1, field: 'completedAt', reason: 'before_course_start' } });
    expect(await responsesOfC()).toHaveLength(before);
    body.responses[1]!.completedAt = '2026-01-19T10:00:00Z';
    expect((await a.therapist.req('POST', `/api/clients/${ids.c}/responses/import`, body)).statusCode).toBe(201);
    expect(await responsesOfC()).toHaveLength(before + 2);
  });
});

describe('dates of sessions', () => {
  it('a future session can be booked but not marked attended or no-show until it starts', async () => {
    const startsAt = new Date(world.clock.now().getTime() + 20 * 60_000).toISOString();
    const attended = await a.therapist.req('POST', `/api/courses/${ids.course}/sessions`, { startsAt, status: 'attended' });
    expect(attended.statusCode).toBe(409);
    expect(attended.json().error).toMatchObject({ code: 'conflict', details: { field: 'status', reason: 'session_in_future' } });
    const booked = await a.therapist.req('POST', `/api/courses/${ids.course}/sessions`, { startsAt, status: 'scheduled' });
    expect(booked.statusCode).toBe(201);
    const id = booked.json().id as string;
    for (const status of ['attended', 'no_show']) {
      const res = await a.therapist.req('PATCH', `/api/sessions/${id}`, { status });
      expect(res.statusCode, status).toBe(409);
      expect(res.json().error.details.reason).toBe('session_in_future');
    }
    expect((await a.therapist.req('PATCH', `/api/sessions/${id}`, { status: 'cancelled_early' })).statusCode).toBe(200);
    world.clock.set(startsAt); // (within the sign-in's idle time)
    expect((await a.therapist.req('PATCH', `/api/sessions/${id}`, { status: 'attended' })).json().status).toBe('attended');
  });

  it('a session cannot be dated before its course, nor moved there', async () => {
    const res = await a.therapist.req('POST', `/api/courses/${ids.course}/sessions`, { startsAt: '2026-01-04T23:59:59.999Z', status: 'attended' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'invalid_input', details: { field: 'startsAt', reason: 'before_course_start' } });
    const ok = await a.therapist.req('POST', `/api/courses/${ids.course}/sessions`, { startsAt: '2026-01-05T00:00:00.000Z', status: 'attended' });
    expect(ok.statusCode).toBe(201);
    const moved = await a.therapist.req('PATCH', `/api/sessions/${ok.json().id}`, { startsAt: '1900-01-01T10:00:00Z' });
    expect(moved.statusCode).toBe(400);
    expect(moved.json().error.details.reason).toBe('before_course_start');
  });

  it('a course cannot be ended on a future date', async () => {
    const res = await a.therapist.req('PATCH', `/api/courses/${ids.courseD}`, { status: 'ended', endReason: 'planned', endedOn: '2026-03-03' });
    // Dana's course is another therapist's: out of scope answers like missing; Casey's is ours.
    expect(res.statusCode).toBe(404);
    const mine = await a.therapist.req('PATCH', `/api/courses/${ids.course}`, { status: 'ended', endReason: 'planned', endedOn: '2026-03-03' });
    expect(mine.statusCode).toBe(400);
    expect(mine.json().error.message).toMatch(/in the future/);
  });
});

describe('the schedule a response names', () => {
  it('must be this course’s schedule of this instrument; any other answers like a missing one', async () => {
    const deps = world.deps;
    const own = await addSchedule(deps, ids.course, { instrumentCode: 'phq9', cadence: 'before_every_session' }, p.therapistId);
    const otherInstrument = await addSchedule(deps, ids.course, { instrumentCode: 'gad7', cadence: 'before_every_session' }, p.therapistId);
    const otherCourse = await addSchedule(deps, ids.courseD, { instrumentCode: 'phq9', cadence: 'before_every_session' }, p.otherTherapistId);
    const before = (await responsesOfC()).length;
    for (const scheduleId of [otherCourse.id, otherInstrument.id, '01890000-0000-7000-8000-000000000000']) {
      const res = await a.clientC.req('POST', `/api/clients/${ids.c}/responses`, { instrumentCode: 'phq9', answers: phq(4), scheduleId });
      expect(res.statusCode, scheduleId).toBe(404);
      expect(res.json().error).toMatchObject({ code: 'not_found', details: { field: 'scheduleId' } });
    }
    expect(await responsesOfC()).toHaveLength(before);
    expect((await a.clientC.req('POST', `/api/clients/${ids.c}/responses`, { instrumentCode: 'phq9', answers: phq(4), scheduleId: own.id })).statusCode).toBe(
      201,
    );
  });
});
