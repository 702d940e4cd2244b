/**
 * The ending of a course over HTTP (SPEC §3 C6): the client's list (portal), the therapist's
 * closing summary and closing, the follow-up check, its practice setting, and the printable report.
 * Every route about a course is recorded in the audit trail by the pipeline, reads included; the
 * services decide what the ending's state allows.
 */
import { viewerOf } from '../../domain/access.ts';
import { route } from '../route.ts';
import * as s from '../../contract/ending.ts';
import { answerFollowUp, closeEnding, getEnding, getEndingSettings, saveClientList, saveSummary, setEndingSettings } from '../../services/ending/ending.ts';
import { getEndingReport } from '../../services/ending/report.ts';
import { presentCourseCan, withCan } from '../presenters/can.ts';
import { clientEndingReport } from '../presenters/client.ts';

const ref = (p: { courseId: string }) => ({ courseId: p.courseId });

export const endingRoutes = [
  route({
    method: 'GET',
    url: '/api/courses/:courseId/ending',
    policy: 'ending:read',
    tag: 'ending',
    summary: 'The ending of a course: the client’s list, the closing summary (the client reads it once closed), the follow-up check',
    params: s.courseParams,
    clientRef: ref,
    response: s.endingView,
    handler: async ({ deps, params, relations, signedIn }) =>
      withCan(await getEnding(deps, params.courseId, viewerOf(relations)), presentCourseCan(signedIn.caller, relations)),
  }),
  route({
    method: 'PUT',
    url: '/api/courses/:courseId/ending/client-list',
    policy: 'ending:client-list',
    tag: 'ending',
    summary: 'The client writes their list of what they got out of therapy (termination phase or ended, until the ending is closed)',
    params: s.courseParams,
    body: s.clientListBody,
    clientRef: ref,
    response: s.endingView,
    handler: async ({ deps, params, body, relations, signedIn }) =>
      withCan(await saveClientList(deps, params.courseId, signedIn.user.id, body.items), presentCourseCan(signedIn.caller, relations)),
  }),
  route({
    method: 'PUT',
    url: '/api/courses/:courseId/ending/summary',
    policy: 'ending:summary',
    tag: 'ending',
    summary: 'The therapist writes the closing summary (termination phase or ended, until the ending is closed)',
    params: s.courseParams,
    body: s.summaryBody,
    clientRef: ref,
    response: s.endingView,
    handler: async ({ deps, params, body, relations, signedIn }) =>
      withCan(await saveSummary(deps, params.courseId, signedIn.user.id, body.text), presentCourseCan(signedIn.caller, relations)),
  }),
  route({
    method: 'POST',
    url: '/api/courses/:courseId/ending/close',
    policy: 'ending:summary',
    tag: 'ending',
    auditAs: 'ending:close',
    status: 200,
    summary: 'Close the ending of an ended course: the lists and summary are fixed, the follow-up check is scheduled',
    params: s.courseParams,
    body: s.closeBody,
    clientRef: ref,
    response: s.endingView,
    handler: async ({ deps, params, relations, signedIn }) =>
      withCan(await closeEnding(deps, params.courseId, signedIn.user.id), presentCourseCan(signedIn.caller, relations)),
    audit: (r) => ({ resourceIds: [r.courseId] }),
  }),
  route({
    method: 'POST',
    url: '/api/courses/:courseId/ending/follow-up',
    policy: 'ending:follow-up',
    tag: 'ending',
    summary: 'The client answers the follow-up check while it is due',
    status: 200,
    params: s.courseParams,
    body: s.followUpBody,
    clientRef: ref,
    response: s.endingView,
    handler: async ({ deps, params, body, relations, signedIn }) =>
      withCan(await answerFollowUp(deps, params.courseId, body), presentCourseCan(signedIn.caller, relations)),
    audit: (r) => ({ resourceIds: [r.courseId] }),
  }),
  route({
    method: 'GET',
    url: '/api/courses/:courseId/ending/report',
    policy: 'ending:read',
    tag: 'ending',
    auditAs: 'ending:report',
    summary: 'The printable ending report: first vs last scores with reliable change, goals and GAS, the alliance history, both lists',
    params: s.courseParams,
    clientRef: ref,
    response: s.endingReportView,
    handler: async ({ deps, params, relations }) => {
      const viewer = viewerOf(relations);
      const report = await getEndingReport(deps, params.courseId, viewer);
      return viewer === 'client' ? clientEndingReport(report) : report;
    },
  }),
  route({
    method: 'GET',
    url: '/api/practice/ending',
    policy: 'ending:settings',
    tag: 'practice',
    summary: 'The follow-up check’s setting: months after the ending (0 = off)',
    response: s.endingSettingsView,
    handler: async ({ deps }) => getEndingSettings(deps),
  }),
  route({
    method: 'PUT',
    url: '/api/practice/ending',
    policy: 'ending:settings',
    tag: 'practice',
    summary: 'Set the follow-up check: months after the ending (0 turns it off); endings closed later use it',
    body: s.endingSettingsBody,
    response: s.endingSettingsView,
    handler: async ({ deps, body, signedIn }) => setEndingSettings(deps, signedIn.user.id, body),
    audit: (_r, _p, { signedIn }) => ({ action: 'practice.ending', resourceIds: [signedIn.user.practiceId], detail: 'followUpMonths' }),
  }),
];
