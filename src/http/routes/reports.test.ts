/**
 * The report routes through the real app (every answer checked against the wire contract): the
 * summary row written by a course's own writes, the report's scope for each reader, its figures,
 * the small-numbers flag, the CSV (formula-safe), the expected-response reading, every read
 * audited, and bad input a clear 4xx.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cast } from '../../../test/support/cast.ts';
import { errorOf, eventsSince, headSeq, makeCast } from '../../../test/support/cast.ts';
import type { CourseOutcomeRow } from '../../services/ports.ts';
import { createClient } from '../../services/people/clients.ts';
import { practiceReportCsv } from '../../services/reports/practice-report.ts';

const phq = (v: number) => Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`phq9_${i + 1}`, i === 8 ? 0 : v]));

describe('report routes', () => {
  let cast: Cast;
  beforeAll(async () => {
    cast = await makeCast();
  });
  afterAll(async () => {
    await cast?.close();
  });

  /** n ended courses of a therapist's new client, written straight into the summary table. */
  async function endedCourses(therapistId: string, n: number, over: (i: number) => Partial<CourseOutcomeRow>) {
    const deps = cast.world.deps;
    const client = await createClient(deps, therapistId, {
      name: `Report client ${therapistId.slice(-4)}`,
      contact: { email: null, phone: null, dateOfBirth: null },
    });
    const practiceId = (await deps.store.findPractice())!.id;
    for (let i = 0; i < n; i++) {
      const k = { id: deps.ids.newId() };
      await deps.store.insertCourse({
        id: k.id,
        clientId: client.id,
        practiceId,
        therapistId,
        startedOn: '2026-01-05',
        endedOn: '2026-02-20',
        frequency: 'weekly',
        phase: 'termination',
        status: 'ended',
        endReason: 'planned',
        createdAt: '2026-01-05T09:00:00.000Z',
        updatedAt: '2026-02-20T09:00:00.000Z',
      });
      await deps.store.upsertCourseOutcome({
        courseId: k.id,
        practiceId,
        therapistId,
        clientId: client.id,
        startedOn: '2026-01-05',
        endedOn: '2026-02-20',
        status: 'ended',
        endReason: 'planned',
        attended: 6,
        finished: true,
        droppedOut: false,
        phq9First: 15,
        phq9Last: 6,
        gad7First: null,
        gad7Last: null,
        paired: true,
        casenessFirst: true,
        casenessLast: false,
        reliableImprovement: true,
        reliableDeterioration: false,
        recovery: true,
        reliableRecovery: true,
        agreedEarly: true,
        earlyType: 'working',
        agreedType: 'working',
        inferredType: 'working',
        intakeDivergence: 0.1,
        divergenceHigh: false,
        goalConsensus: 1,
        phq9Series: [
          [0, 15],
          [3, 10],
          [6, 6],
        ],
        gad7Series: null,
        updatedAt: '2026-02-20T12:00:00.000Z',
        ...over(i),
      });
    }
  }

  it('writes a course’s summary row from its own writes (a PHQ-9 through the API)', async () => {
    const { therapist } = cast.agents;
    const res = await therapist.req('POST', `/api/clients/${cast.ids.clientC}/responses`, { instrumentCode: 'phq9', answers: phq(2), source: 'in_session' });
    expect(res.statusCode, res.body).toBe(201);
    const row = await cast.world.deps.store.findCourseOutcome(cast.ids.courseK);
    expect(row).toMatchObject({ courseId: cast.ids.courseK, status: 'active', attended: 1, phq9First: 16, phq9Last: null, paired: false, finished: false });
  });

  it('scopes the report: the admin the practice, a supervisor their supervisee, a therapist their own', async () => {
    await endedCourses(cast.practice.therapistId, 12, (i) =>
      i < 3 ? { droppedOut: true, endReason: 'drop_out', reliableImprovement: false, recovery: false, reliableRecovery: false } : {},
    );
    await endedCourses(cast.practice.otherTherapistId, 4, () => ({ divergenceHigh: true }));
    const q = '?from=2026-01-01&to=2026-03-31&grouping=month';
    const { admin, supervisor, therapist, otherTherapist, otherSupervisor, clientSelf } = cast.agents;
    const all = (await admin.req('GET', `/api/reports/practice${q}`)).json();
    expect(all).toMatchObject({ scope: 'practice', overall: { ended: 16, finished: 16, meanSessions: 6 } });
    expect(all.overall.dropOut).toMatchObject({ count: 3, of: 16, small: false });
    expect(all.byTherapist.map((t: { metrics: { ended: number } }) => t.metrics.ended).sort()).toEqual([12, 4]);
    expect(all.byPeriod).toEqual([expect.objectContaining({ period: '2026-02' })]);
    const mine = (await therapist.req('GET', `/api/reports/practice${q}`)).json();
    expect(mine).toMatchObject({ scope: 'therapists', overall: { ended: 12 } });
    expect(mine.overall.reliableImprovement).toMatchObject({ count: 9, of: 12, rate: 0.75 });
    expect((await supervisor.req('GET', `/api/reports/practice${q}`)).json().overall.ended).toBe(12);
    const small = (await otherTherapist.req('GET', `/api/reports/practice${q}`)).json();
    expect(small.overall.dropOut).toMatchObject({ of: 4, small: true });
    expect((await otherSupervisor.req('GET', `/api/reports/practice${q}`)).json().overall.ended).toBe(0);
    // Someone else's therapist: answered like an unknown one.
    expect((await therapist.req('GET', `/api/reports/practice${q}&therapistId=${cast.practice.otherTherapistId}`)).statusCode).toBe(404);
    expect((await admin.req('GET', `/api/reports/practice${q}&therapistId=${cast.practice.otherTherapistId}`)).json().overall.ended).toBe(4);
    expect((await clientSelf.req('GET', `/api/reports/practice${q}`)).statusCode).toBe(403);
  });

  it('records each read in the audit trail with the period, naming no client', async () => {
    const seq = await headSeq(cast);
    await cast.agents.admin.req('GET', '/api/reports/practice?from=2026-01-01&to=2026-03-31');
    const events = await eventsSince(cast, seq);
    expect(events).toEqual([expect.objectContaining({ action: 'reports:practice', outcome: 'ok', clientId: null, detail: 'period 2026-01-01..2026-03-31' })]);
  });

  it('exports CSV with counts, intervals and formula-looking names neutralised', async () => {
    const { admin } = cast.agents;
    const res = await admin.req('GET', '/api/reports/practice.csv?from=2026-01-01&to=2026-03-31');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const lines = res.body.trim().split('\r\n');
    expect(lines[0]).toMatch(
      /^row,label,ended,finished,mean_sessions,goal_consensus_mean,goal_consensus_courses,dropOut_count,dropOut_of,dropOut_rate,dropOut_low95/,
    );
    expect(lines[1]).toMatch(/^overall,2026-01-01 to 2026-03-31,16,16,6,1,16,3,16,0.1875,0.0659,0.4301,false,/);
    expect(lines.filter((l) => l.startsWith('therapist,'))).toHaveLength(2);
    // A therapist whose name looks like a formula is written as text.
    const view = (await admin.req('GET', '/api/reports/practice?from=2026-01-01&to=2026-03-31')).json();
    const renamed = { ...view, therapists: view.therapists.map((t: { id: string }) => ({ ...t, name: '=HYPERLINK("http://x")' })) };
    expect(practiceReportCsv(renamed)).toContain(`"'=HYPERLINK(""http://x"")"`);
  });

  it('refuses bad input with a clear 400', async () => {
    const { admin } = cast.agents;
    for (const q of ['?from=2026-13', '?from=2026-03-01&to=2026-01-01', '?grouping=week', '?therapistId=nope', '?extra=1']) {
      const res = await admin.req('GET', `/api/reports/practice${q}`);
      expect(res.statusCode, q).toBe(400);
      expect(errorOf(res)?.code).toBe('invalid_input');
    }
  });

  it('reads a course against the expected curve only once the band has 30 finished courses, with the basis', async () => {
    const { therapist, admin } = cast.agents;
    const url = `/api/courses/${cast.ids.courseK}/expected-response`;
    const before = (await therapist.req('GET', url)).json();
    expect(before.instruments[0]).toMatchObject({ code: 'phq9', offPath: false, series: [[1, 16]] });
    expect(before.instruments[0].reading).toMatch(/needs 30/);
    await endedCourses(cast.practice.otherTherapistId, 30, (i) => ({
      phq9First: 16,
      phq9Series: [
        [0, 16 + (i % 2)],
        [1, 14 + (i % 2)],
        [2, 12],
      ],
    }));
    const after = (await therapist.req('GET', url)).json();
    expect(after.instruments[0].curve).toMatchObject({ courses: 46, enough: true, from: '2026-02-20', to: '2026-02-20' });
    expect(after.instruments[0].offPath).toBe(true);
    expect(after.instruments[0].reading).toContain('from 46 finished courses');
    expect((await admin.req('GET', url)).statusCode).toBe(404);
  });
});
