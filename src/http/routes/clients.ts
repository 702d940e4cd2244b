/** Clients, portal invitations, courses of therapy and sessions. */
import { route } from '../route.ts';
import * as s from '../../contract/clients.ts';
import { okView, pageQuery } from '../../contract/common.ts';
import {
  createClient,
  getClient,
  listCaseload,
  listCourses,
  openCourse,
  recordSession,
  standingOf,
  updateClient,
  updateCourse,
  updateSession,
} from '../../services/people/clients.ts';
import { inviteClientToPortal, setPortalStatus } from '../../services/accounts/users.ts';
import { clientTrail, namedRows } from '../../services/audit-trail.ts';
import { afterCourseChange } from '../../services/alliance/alliance.ts';
import { clientAccessReport } from '../presenters/client.ts';
import { presentClientCan, presentCourseCan, withCan } from '../presenters/can.ts';
import { relationsTo } from '../../domain/access.ts';
import type { Relation } from '../../domain/access.ts';
import type { Deps } from '../../services/deps.ts';
import type { SignedIn } from '../../services/accounts/auth.ts';

/** The caller's relations to a client as they stand now (after a write that may have changed them: a new client, a reassignment). */
async function relationsNow(deps: Deps, si: SignedIn, clientId: string): Promise<Relation[]> {
  const standing = await standingOf(deps, { clientId });
  return standing ? relationsTo(si.caller, standing) : [];
}

export const clientRoutes = [
  route({
    method: 'GET',
    url: '/api/clients',
    policy: 'clients:list',
    tag: 'clients',
    summary: 'The clients the caller may see, one page at a time (keyset cursor `after`, `limit`, name search `q`)',
    query: pageQuery,
    response: s.caseloadPage,
    handler: async ({ deps, signedIn, query }) => listCaseload(deps, signedIn.caller, query),
    // Every client on the page is named in the audit trail (their access report shows the read).
    audit: (page) => ({ clientIds: page.items.map((r) => r.id), resourceIds: [null] }),
  }),
  route({
    method: 'POST',
    url: '/api/clients',
    policy: 'clients:create',
    tag: 'clients',
    summary: 'Add a client to the caller’s caseload',
    body: s.newClientBody,
    response: s.clientView,
    auditAs: 'client:create',
    handler: async ({ deps, body, signedIn }) => {
      const client = await createClient(deps, signedIn.user.id, { name: body.name, contact: body.contact });
      return withCan(client, presentClientCan(signedIn.caller, await relationsNow(deps, signedIn, client.id)));
    },
    audit: (client) => ({ clientIds: [client.id], resourceIds: [client.id] }),
  }),
  route({
    method: 'GET',
    url: '/api/clients/:clientId',
    policy: 'client:read',
    tag: 'clients',
    summary: 'A client’s identity and contact',
    params: s.clientParams,
    clientRef: (p) => ({ clientId: p.clientId }),
    response: s.clientView,
    handler: async ({ deps, params, signedIn, relations }) => withCan(await getClient(deps, params.clientId), presentClientCan(signedIn.caller, relations)),
  }),
  route({
    method: 'PATCH',
    url: '/api/clients/:clientId',
    policy: 'client:update',
    tag: 'clients',
    summary: 'Change a client’s identity, contact, status or therapist',
    params: s.clientParams,
    body: s.clientPatch,
    clientRef: (p) => ({ clientId: p.clientId }),
    response: s.clientView,
    // Naming a new therapist asks more than client:update gives: only the admin reassigns.
    requires: [{ policy: 'client:reassign', when: ({ body }) => !!body.therapistId }],
    handler: async ({ deps, params, body, relations, signedIn }) => {
      const client = await updateClient(deps, params.clientId, body, signedIn);
      return withCan(client, presentClientCan(signedIn.caller, body.therapistId ? await relationsNow(deps, signedIn, client.id) : relations));
    },
  }),
  route({
    method: 'POST',
    url: '/api/clients/:clientId/portal-invite',
    policy: 'client:invite',
    tag: 'clients',
    summary: 'Invite the client to the portal (one-time link)',
    params: s.clientParams,
    body: s.portalInviteBody,
    clientRef: (p) => ({ clientId: p.clientId }),
    response: s.portalInviteView,
    handler: async ({ deps, params, body, signedIn }) => {
      const { token, invite, emailed } = await inviteClientToPortal(deps, signedIn.user.id, params.clientId, body.email);
      return { email: invite.email, expiresAt: invite.expiresAt, path: `/invite/${token}`, emailed };
    },
  }),
  route({
    method: 'PUT',
    url: '/api/clients/:clientId/portal',
    policy: 'client:update',
    tag: 'clients',
    summary: 'Enable or disable the client’s portal account',
    params: s.clientParams,
    body: s.portalStatusBody,
    clientRef: (p) => ({ clientId: p.clientId }),
    response: okView,
    handler: async ({ deps, params, body, signedIn }) => {
      await setPortalStatus(deps, signedIn, params.clientId, body.status);
      return { ok: true };
    },
  }),
  route({
    method: 'GET',
    url: '/api/clients/:clientId/access-report',
    policy: 'client:access-report',
    tag: 'clients',
    summary: 'Who has read or changed this client’s record (the client’s own report leaves out reads of alerts and language cues)',
    params: s.clientParams,
    clientRef: (p) => ({ clientId: p.clientId }),
    response: s.accessReportView,
    handler: async ({ deps, params, via }) => {
      const { events, names } = await clientTrail(deps, params.clientId);
      // The client's own report (let in as the client, not as their therapist) leaves out what SPEC §2 keeps from them.
      return via === 'client_self' ? clientAccessReport(events, names) : namedRows(events, names);
    },
  }),
  route({
    method: 'GET',
    url: '/api/clients/:clientId/courses',
    policy: 'course:read',
    tag: 'courses',
    summary: 'The client’s courses of therapy with their sessions',
    params: s.clientParams,
    clientRef: (p) => ({ clientId: p.clientId }),
    response: s.courseWithSessions.array(),
    handler: async ({ deps, params, signedIn, relations }) => {
      const can = presentCourseCan(signedIn.caller, relations);
      return (await listCourses(deps, params.clientId)).map((k) => withCan(k, can));
    },
  }),
  route({
    method: 'POST',
    url: '/api/clients/:clientId/courses',
    policy: 'course:write',
    tag: 'courses',
    summary: 'Open a course of therapy',
    params: s.clientParams,
    body: s.newCourseBody,
    clientRef: (p) => ({ clientId: p.clientId }),
    response: s.courseView,
    handler: async ({ deps, params, body, signedIn, relations }) =>
      withCan(await openCourse(deps, params.clientId, body), presentCourseCan(signedIn.caller, relations)),
  }),
  route({
    method: 'PATCH',
    url: '/api/courses/:courseId',
    policy: 'course:write',
    tag: 'courses',
    summary: 'Change a course’s frequency, phase or status (ending needs a reason)',
    params: s.courseParams,
    body: s.coursePatch,
    clientRef: (p) => ({ courseId: p.courseId }),
    response: s.courseView,
    handler: async ({ deps, params, body, signedIn, relations }) =>
      withCan(await afterCourseChange(deps, params.courseId, await updateCourse(deps, params.courseId, body)), presentCourseCan(signedIn.caller, relations)),
  }),
  route({
    method: 'POST',
    url: '/api/courses/:courseId/sessions',
    policy: 'course:write',
    tag: 'courses',
    summary: 'Record a session',
    params: s.courseParams,
    body: s.newSessionBody,
    clientRef: (p) => ({ courseId: p.courseId }),
    response: s.sessionView,
    handler: async ({ deps, params, body }) => afterCourseChange(deps, params.courseId, await recordSession(deps, params.courseId, body)),
  }),
  route({
    method: 'PATCH',
    url: '/api/sessions/:sessionId',
    policy: 'course:write',
    tag: 'courses',
    summary: 'Change a session’s time, length or status',
    params: s.sessionParams,
    body: s.sessionPatch,
    clientRef: (p) => ({ sessionId: p.sessionId }),
    response: s.sessionView,
    handler: async ({ deps, params, body }) => {
      const session = await updateSession(deps, params.sessionId, body);
      return afterCourseChange(deps, session.courseId, session);
    },
  }),
];
