/**
 * The practice report over HTTP (SPEC §3 C9, issue 15): the report for a period as JSON and as CSV,
 * and a course's expected-response reading. The report is scoped in the service (the admin the
 * whole practice, a supervisor their supervisees and own, a therapist their own); it names no
 * client, and every read is recorded in the audit trail with the period asked for.
 */
import { route } from '../route.ts';
import * as s from '../../contract/reports.ts';
import { getExpectedResponse, getPracticeReport, practiceReportCsv } from '../../services/reports/practice-report.ts';

const query = (q: { from?: string | undefined; to?: string | undefined; grouping: 'month' | 'quarter' | 'year'; therapistId?: string | undefined }) => ({
  ...(q.from === undefined ? {} : { from: q.from }),
  ...(q.to === undefined ? {} : { to: q.to }),
  grouping: q.grouping,
  ...(q.therapistId === undefined ? {} : { therapistId: q.therapistId }),
});
const detail = (r: { from: string; to: string }, q: { therapistId?: string | undefined }) =>
  `period ${r.from}..${r.to}${q.therapistId ? `, therapist ${q.therapistId}` : ''}`;

export const reportRoutes = [
  route({
    method: 'GET',
    url: '/api/reports/practice',
    policy: 'reports:practice',
    tag: 'reports',
    summary:
      'The practice report for courses ended in a period: outcomes (NHS Talking Therapies definitions), drop-out, sessions, alliance and goal consensus, by therapist and period, with counts and Wilson 95 % intervals, and what the practice’s own data says',
    query: s.reportQuery,
    response: s.practiceReportView,
    handler: async ({ deps, query: q, signedIn }) => getPracticeReport(deps, signedIn.caller, query(q)),
    audit: (r, _p, { query: q }) => ({ resourceIds: [null], detail: detail(r, q) }),
  }),
  route({
    method: 'GET',
    url: '/api/reports/practice.csv',
    policy: 'reports:practice',
    tag: 'reports',
    auditAs: 'reports:csv',
    summary: 'The practice report as CSV (text/csv): counts, denominators, rates and intervals per row; cells that could start a formula are neutralised',
    query: s.reportQuery,
    response: s.reportCsv,
    handler: async ({ deps, query: q, signedIn, reply }) => {
      const report = await getPracticeReport(deps, signedIn.caller, query(q));
      reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="accord-practice-report-${report.from}-${report.to}.csv"`);
      return practiceReportCsv(report);
    },
    audit: (_r, _p, { query: q }) => ({ resourceIds: [null], detail: `period ${q.from ?? 'last 12 months'}..${q.to ?? 'today'}` }),
  }),
  route({
    method: 'GET',
    url: '/api/courses/:courseId/expected-response',
    policy: 'reports:expected',
    tag: 'reports',
    summary:
      'A course’s PHQ-9 and GAD-7 against the expected-response curve of its intake band, from the practice’s own finished courses, with the basis of each curve',
    params: s.courseParams,
    clientRef: (p) => ({ courseId: p.courseId }),
    response: s.expectedResponseView,
    handler: async ({ deps, params }) => getExpectedResponse(deps, params.courseId),
  }),
];
