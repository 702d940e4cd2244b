/** Practice settings, staff, invites, supervision and the audit trail (the admin's screens). */
import { route } from '../route.ts';
import * as s from '../../contract/admin.ts';
import { userPage, userView } from '../../contract/account.ts';
import { okView, pageQuery } from '../../contract/common.ts';
import { publicUser } from '../../services/accounts/auth.ts';
import {
  assignSupervisor,
  createInvite,
  listOpenInvites,
  listStaffPage,
  listSupervisions,
  removeSupervisor,
  updateStaff,
} from '../../services/accounts/users.ts';
import { getPractice, updatePracticeSettings } from '../../services/accounts/practice.ts';
import { readAuditTrail } from '../../services/audit-trail.ts';
import { clientPractice } from '../presenters/client.ts';
import { createAccountReset } from '../../services/accounts/recovery.ts';

export const adminRoutes = [
  route({
    method: 'GET',
    url: '/api/practice',
    policy: 'practice:read',
    tag: 'practice',
    summary: 'The practice and its settings (a client: name, time zone and crisis information)',
    response: s.practiceView,
    handler: async ({ deps, signedIn }) => {
      const p = await getPractice(deps);
      if (!signedIn.caller.roles.some((r) => r !== 'client')) return clientPractice(p);
      return {
        id: p.id,
        name: p.name,
        timeZone: p.timeZone,
        locale: p.locale,
        crisisInfo: p.crisisInfo,
        requireMfaStaff: p.requireMfaStaff,
        requireMfaAdmin: p.requireMfaAdmin,
        escalationMinutes: p.escalationMinutes,
        processNoteReauthMinutes: p.processNoteReauthMinutes,
        notesRevealDays: p.notesRevealDays,
      };
    },
  }),
  route({
    method: 'PATCH',
    url: '/api/practice',
    policy: 'practice:update',
    tag: 'practice',
    summary: 'Change practice settings and crisis information',
    body: s.practicePatch,
    response: okView,
    handler: async ({ deps, body }) => {
      await updatePracticeSettings(deps, body);
      return { ok: true as const };
    },
    // The practice is the signed-in admin's own (one practice per instance); the trail names the settings changed, never their values.
    audit: (_r, _p, { body, signedIn }) => ({ action: 'practice.update', resourceIds: [signedIn.user.practiceId], detail: Object.keys(body).join(',') }),
  }),
  route({
    method: 'GET',
    url: '/api/users',
    policy: 'users:list',
    tag: 'users',
    summary: 'Staff of the practice, one page at a time (keyset cursor `after`, `limit`, search `q` by name words or exact email)',
    query: pageQuery,
    response: userPage,
    handler: async ({ deps, query }) => {
      const page = await listStaffPage(deps, query);
      return { items: page.items.map(publicUser), next: page.next };
    },
  }),
  route({
    method: 'POST',
    url: '/api/users/invites',
    policy: 'users:manage',
    tag: 'users',
    summary: 'Invite a staff member (one-time link)',
    body: s.staffInviteBody,
    response: s.inviteView,
    handler: async ({ deps, body, signedIn }) => {
      const r = await createInvite(deps, signedIn.user.id, { email: body.email, roles: body.roles });
      const { token, invite, emailed } = r;
      return { id: invite.id, email: invite.email, roles: invite.roles, expiresAt: invite.expiresAt, path: `/invite/${token}`, emailed };
    },
  }),
  route({
    method: 'GET',
    url: '/api/users/invites',
    policy: 'users:manage',
    tag: 'users',
    summary: 'Open staff invites',
    response: s.inviteView.array(),
    handler: async ({ deps }) => (await listOpenInvites(deps)).map((i) => ({ id: i.id, email: i.email, roles: i.roles, expiresAt: i.expiresAt })),
  }),
  route({
    method: 'PATCH',
    url: '/api/users/:userId',
    policy: 'users:manage',
    tag: 'users',
    summary: 'Change a staff member’s roles, name or status',
    params: s.userParams,
    body: s.userPatch,
    response: userView,
    handler: async ({ deps, params, body, signedIn }) => publicUser(await updateStaff(deps, signedIn, params.userId, body)),
  }),
  route({
    method: 'POST',
    url: '/api/users/:userId/reset',
    policy: 'users:manage',
    tag: 'users',
    summary: 'Make a one-time link that replaces a person’s password or second factor (needs recent re-authentication)',
    params: s.userParams,
    body: s.resetCreateBody,
    response: s.resetView,
    handler: async ({ deps, params, body, signedIn }) => {
      const r = await createAccountReset(deps, signedIn, params.userId, body.kind);
      return { path: `/reset/${r.token}`, expiresAt: r.expiresAt, emailed: r.emailed, email: r.email };
    },
    // Recorded by the use case (account.reset.create, with the kind and whether it was emailed), in this request's transaction.
  }),
  route({
    method: 'GET',
    url: '/api/supervisions',
    policy: 'users:list',
    tag: 'users',
    summary: 'Who supervises whom',
    response: s.supervisionView.array(),
    handler: async ({ deps }) => listSupervisions(deps),
  }),
  route({
    method: 'POST',
    url: '/api/supervisions',
    policy: 'supervision:manage',
    tag: 'users',
    summary: 'Assign a supervisor to a therapist',
    body: s.supervisionBody,
    response: okView,
    handler: async ({ deps, body, signedIn }) => {
      await assignSupervisor(deps, signedIn, body.supervisorId, body.therapistId);
      return { ok: true };
    },
  }),
  route({
    method: 'DELETE',
    url: '/api/supervisions/:supervisorId/:therapistId',
    policy: 'supervision:manage',
    tag: 'users',
    summary: 'End a supervision',
    params: s.supervisionParams,
    response: okView,
    handler: async ({ deps, params, signedIn }) => {
      await removeSupervisor(deps, signedIn, params.supervisorId, params.therapistId);
      return { ok: true };
    },
  }),
  route({
    method: 'GET',
    url: '/api/audit',
    policy: 'audit:read',
    tag: 'audit',
    summary: 'The audit trail, newest first',
    query: s.auditQuery,
    response: s.adminAuditView.array(),
    handler: async ({ deps, query }) => readAuditTrail(deps, query),
    // Reading the trail is itself recorded, before the rows are sent: one event naming the client it
    // was filtered to and every client whose name the page shows.
    audit: (rows, _p, { query }) => ({
      action: 'audit.read',
      clientIds: [...new Set([...(query.clientId ? [query.clientId] : []), ...rows.flatMap((r) => (r.clientId && r.clientName !== null ? [r.clientId] : []))])],
      resourceIds: [null],
    }),
  }),
];
