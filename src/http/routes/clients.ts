/** Clients, portal invitations, courses of therapy and sessions. */
import { DomainError } from '../../domain/errors.ts';
import { route } from '../route.ts';
import * as s from '../../contract/clients.ts';
import { okView } from '../../contract/common.ts';
import { auditRows } from './admin.ts';
import type { SignedIn } from '../../services/auth.ts';
import {
  createClient, getClient, listCaseload, listCourses, openCourse, recordSession, updateClient, updateCourse, updateSession,
} from '../../services/clients.ts';
import { createInvite, setPortalStatus } from '../../services/users.ts';
import { afterCourseChange } from '../../services/alliance.ts';
import { clientAccessReport } from '../presenters/client.ts';

const need = (si: SignedIn | undefined): SignedIn => { if (!si) throw new DomainError('unauthenticated', 'Please sign in.'); return si; };

export const clientRoutes = [
  route({
    method: 'GET', url: '/api/clients', policy: 'clients:list', tag: 'clients', summary: 'The caseload: every client the caller may see',
    response: s.caseloadRow.array(),
    handler: async ({ deps, signedIn }) => listCaseload(deps, need(signedIn).caller),
    // Every client on the list is named in the audit trail (their access report shows the read).
    audit: (rows) => ({ clientIds: rows.map((r) => r.id), resourceIds: [null] }),
  }),
  route({
    method: 'POST', url: '/api/clients', policy: 'clients:create', tag: 'clients', summary: 'Add a client to the caller’s caseload',
    body: s.newClientBody, response: s.clientView,
    auditAs: 'client:create',
    handler: async ({ deps, body, signedIn }) => createClient(deps, need(signedIn).user.id, { name: body.name, contact: body.contact }),
    audit: (client) => ({ clientIds: [client.id], resourceIds: [client.id] }),
  }),
  route({
    method: 'GET', url: '/api/clients/:clientId', policy: 'client:read', tag: 'clients', summary: 'A client’s identity and contact',
    params: s.clientParams, clientRef: (p) => ({ clientId: p.clientId }), response: s.clientView,
    handler: async ({ deps, params }) => getClient(deps, params.clientId),
  }),
  route({
    method: 'PATCH', url: '/api/clients/:clientId', policy: 'client:update', tag: 'clients', summary: 'Change a client’s identity, contact, status or therapist',
    params: s.clientParams, body: s.clientPatch, clientRef: (p) => ({ clientId: p.clientId }), response: s.clientView,
    handler: async ({ deps, params, body, relations, signedIn }) => {
      if (body.therapistId && !relations.includes('admin')) throw new DomainError('forbidden', 'Only the admin reassigns clients.');
      return updateClient(deps, params.clientId, body, need(signedIn));
    },
  }),
  route({
    method: 'POST', url: '/api/clients/:clientId/portal-invite', policy: 'client:invite', tag: 'clients', summary: 'Invite the client to the portal (one-time link)',
    params: s.clientParams, body: s.portalInviteBody, clientRef: (p) => ({ clientId: p.clientId }),
    response: s.portalInviteView,
    handler: async ({ deps, params, body, signedIn }) => {
      if (await deps.store.findUserByClientId(params.clientId)) throw new DomainError('conflict', 'This client already has a portal account.');
      // The same answer whether or not the email already has an account (no account enumeration).
      const { token, invite } = await createInvite(deps, need(signedIn).user.id, { email: body.email, roles: ['client'], clientId: params.clientId }, { quietAboutEmail: true });
      return { email: invite.email, expiresAt: invite.expiresAt, path: `/invite/${token}` };
    },
  }),
  route({
    method: 'PUT', url: '/api/clients/:clientId/portal', policy: 'client:update', tag: 'clients', summary: 'Enable or disable the client’s portal account',
    params: s.clientParams, body: s.portalStatusBody, clientRef: (p) => ({ clientId: p.clientId }), response: okView,
    handler: async ({ deps, params, body, signedIn }) => { await setPortalStatus(deps, need(signedIn), params.clientId, body.status); return { ok: true }; },
  }),
  route({
    method: 'GET', url: '/api/clients/:clientId/access-report', policy: 'client:access-report', tag: 'clients', summary: 'Who has read or changed this client’s record (the client’s own report leaves out reads of alerts and language cues)',
    params: s.clientParams, clientRef: (p) => ({ clientId: p.clientId }), response: s.accessReportView,
    handler: async ({ deps, params, relations }) => {
      const events = await deps.audit.list({ clientId: params.clientId, limit: 200 });
      if (relations.includes('assigned_therapist') || !relations.includes('client_self')) return auditRows(deps, events);
      const practice = await deps.store.findPractice();
      const names = new Map(practice ? (await deps.store.listUsers(practice.id)).map((u) => [u.id, u.displayName]) : []);
      return clientAccessReport(events, names);
    },
  }),
  route({
    method: 'GET', url: '/api/clients/:clientId/courses', policy: 'course:read', tag: 'courses', summary: 'The client’s courses of therapy with their sessions',
    params: s.clientParams, clientRef: (p) => ({ clientId: p.clientId }), response: s.courseWithSessions.array(),
    handler: async ({ deps, params }) => listCourses(deps, params.clientId),
  }),
  route({
    method: 'POST', url: '/api/clients/:clientId/courses', policy: 'course:write', tag: 'courses', summary: 'Open a course of therapy',
    params: s.clientParams, body: s.newCourseBody, clientRef: (p) => ({ clientId: p.clientId }), response: s.courseView,
    handler: async ({ deps, params, body }) => openCourse(deps, params.clientId, body),
  }),
  route({
    method: 'PATCH', url: '/api/courses/:courseId', policy: 'course:write', tag: 'courses', summary: 'Change a course’s frequency, phase or status (ending needs a reason)',
    params: s.courseParams, body: s.coursePatch, clientRef: (p) => ({ courseId: p.courseId }), response: s.courseView,
    handler: async ({ deps, params, body }) => afterCourseChange(deps, params.courseId, await updateCourse(deps, params.courseId, body)),
  }),
  route({
    method: 'POST', url: '/api/courses/:courseId/sessions', policy: 'course:write', tag: 'courses', summary: 'Record a session',
    params: s.courseParams, body: s.newSessionBody, clientRef: (p) => ({ courseId: p.courseId }), response: s.sessionView,
    handler: async ({ deps, params, body }) => afterCourseChange(deps, params.courseId, await recordSession(deps, params.courseId, body)),
  }),
  route({
    method: 'PATCH', url: '/api/sessions/:sessionId', policy: 'course:write', tag: 'courses', summary: 'Change a session’s time, length or status',
    params: s.sessionParams, body: s.sessionPatch, clientRef: (p) => ({ sessionId: p.sessionId }), response: s.sessionView,
    handler: async ({ deps, params, body }) => { const session = await updateSession(deps, params.sessionId, body); return afterCourseChange(deps, session.courseId, session); },
  }),
];
