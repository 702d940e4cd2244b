/** Practice settings, staff, invites, supervision and the audit trail (the admin's screens). */
import { DomainError } from '../../domain/errors.ts';
import { route } from '../route.ts';
import * as s from '../../contract/admin.ts';
import { userView } from '../../contract/account.ts';
import { okView } from '../../contract/common.ts';
import { publicUser } from '../../services/auth.ts';
import type { SignedIn } from '../../services/auth.ts';
import { assignSupervisor, createInvite, listOpenInvites, listStaff, listSupervisions, removeSupervisor, updateStaff } from '../../services/users.ts';
import { isTimeZone } from '../../services/setup.ts';
import type { Deps } from '../../services/deps.ts';
import type { AuditEvent } from '../../domain/audit-chain.ts';
import { clientPractice } from '../presenters/client.ts';

const need = (si: SignedIn | undefined): SignedIn => { if (!si) throw new DomainError('unauthenticated', 'Please sign in.'); return si; };

export async function auditRows(deps: Deps, events: AuditEvent[]) {
  const practice = await deps.store.findPractice();
  const names = new Map(practice ? (await deps.store.listUsers(practice.id)).map((u) => [u.id, u.displayName]) : []);
  return events.map((e) => ({
    seq: e.seq, at: e.at, actorId: e.actorId, actorName: e.actorId ? names.get(e.actorId) ?? null : null, action: e.action, resourceType: e.resourceType,
    resourceId: e.resourceId, clientId: e.clientId, outcome: e.outcome, ip: e.ip, detail: e.detail,
  }));
}

export const adminRoutes = [
  route({
    method: 'GET', url: '/api/practice', policy: 'practice:read', tag: 'practice', summary: 'The practice and its settings (a client: name, time zone and crisis information)',
    response: s.practiceView,
    handler: async ({ deps, signedIn }) => {
      const p = await deps.store.findPractice();
      if (!p) throw new DomainError('not_found', 'The practice has not been set up yet.');
      if (!signedIn?.caller.roles.some((r) => r !== 'client')) return clientPractice(p);
      return { id: p.id, name: p.name, timeZone: p.timeZone, crisisInfo: p.crisisInfo, requireMfaStaff: p.requireMfaStaff, requireMfaAdmin: p.requireMfaAdmin, escalationMinutes: p.escalationMinutes };
    },
  }),
  route({
    method: 'PATCH', url: '/api/practice', policy: 'practice:update', tag: 'practice', summary: 'Change practice settings and crisis information',
    body: s.practicePatch, response: okView,
    handler: async ({ deps, body, signedIn }) => {
      if (body.timeZone && !isTimeZone(body.timeZone)) throw new DomainError('invalid_input', `Unknown time zone: ${body.timeZone}`, { field: 'timeZone' });
      const p = await deps.store.findPractice();
      if (!p) throw new DomainError('not_found', 'The practice has not been set up yet.');
      await deps.store.updatePractice(p.id, body);
      await deps.audit.record({ actorId: need(signedIn).user.id, actorRole: 'admin', action: 'practice.update', resourceType: 'practice', resourceId: p.id, clientId: null, outcome: 'ok', ip: null, detail: Object.keys(body).join(',') });
      return { ok: true };
    },
  }),
  route({
    method: 'GET', url: '/api/users', policy: 'users:list', tag: 'users', summary: 'Staff of the practice',
    response: userView.array(),
    handler: async ({ deps }) => (await listStaff(deps)).map(publicUser),
  }),
  route({
    method: 'POST', url: '/api/users/invites', policy: 'users:manage', tag: 'users', summary: 'Invite a staff member (one-time link)',
    body: s.staffInviteBody, response: s.inviteView,
    handler: async ({ deps, body, signedIn }) => {
      const { token, invite } = await createInvite(deps, need(signedIn).user.id, { email: body.email, roles: body.roles });
      return { id: invite.id, email: invite.email, roles: invite.roles, expiresAt: invite.expiresAt, path: `/invite/${token}` };
    },
  }),
  route({
    method: 'GET', url: '/api/users/invites', policy: 'users:manage', tag: 'users', summary: 'Open staff invites',
    response: s.inviteView.array(),
    handler: async ({ deps }) => (await listOpenInvites(deps)).map((i) => ({ id: i.id, email: i.email, roles: i.roles, expiresAt: i.expiresAt })),
  }),
  route({
    method: 'PATCH', url: '/api/users/:userId', policy: 'users:manage', tag: 'users', summary: 'Change a staff member’s roles, name or status',
    params: s.userParams, body: s.userPatch, response: userView,
    handler: async ({ deps, params, body, signedIn }) => publicUser(await updateStaff(deps, need(signedIn), params.userId, body)),
  }),
  route({
    method: 'GET', url: '/api/supervisions', policy: 'users:list', tag: 'users', summary: 'Who supervises whom',
    response: s.supervisionView.array(),
    handler: async ({ deps }) => listSupervisions(deps),
  }),
  route({
    method: 'POST', url: '/api/supervisions', policy: 'supervision:manage', tag: 'users', summary: 'Assign a supervisor to a therapist',
    body: s.supervisionBody, response: okView,
    handler: async ({ deps, body, signedIn }) => { await assignSupervisor(deps, need(signedIn), body.supervisorId, body.therapistId); return { ok: true }; },
  }),
  route({
    method: 'DELETE', url: '/api/supervisions/:supervisorId/:therapistId', policy: 'supervision:manage', tag: 'users', summary: 'End a supervision',
    params: s.supervisionParams, response: okView,
    handler: async ({ deps, params, signedIn }) => { await removeSupervisor(deps, need(signedIn), params.supervisorId, params.therapistId); return { ok: true }; },
  }),
  route({
    method: 'GET', url: '/api/audit', policy: 'audit:read', tag: 'audit', summary: 'The audit trail, newest first',
    query: s.auditQuery, response: s.auditView.array(),
    handler: async ({ deps, query, signedIn, ip }) => {
      const rows = await deps.audit.list({ clientId: query.clientId, actorId: query.actorId, limit: query.limit, beforeSeq: query.before });
      await deps.audit.record({ actorId: need(signedIn).user.id, actorRole: 'admin', action: 'audit.read', resourceType: 'audit', resourceId: null, clientId: query.clientId ?? null, outcome: 'ok', ip, detail: null });
      return auditRows(deps, rows);
    },
  }),
];
