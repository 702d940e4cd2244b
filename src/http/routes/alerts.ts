/** The alerts inbox, one alert, acknowledge / resolve, and who safety alerts escalate to (SPEC §3 C8). */
import { DomainError } from '../../domain/errors.ts';
import { route } from '../route.ts';
import * as s from '../../contract/alerts.ts';
import { okView } from '../../contract/common.ts';
import type { SignedIn } from '../../services/auth.ts';
import type { Deps } from '../../services/deps.ts';
import { acknowledgeAlert, countAlerts, getAlert, listClientAlerts, listInbox, resolveAlert } from '../../services/alerts.ts';
import { escalationColleagueOf, setEscalationColleague } from '../../services/escalation.ts';
import { alertDefaults } from '../../domain/alerts/settings.ts';

const need = (si: SignedIn | undefined): SignedIn => { if (!si) throw new DomainError('unauthenticated', 'Please sign in.'); return si; };

async function named(deps: Deps, id: string | undefined) {
  if (!id) return null;
  const u = await deps.store.findUserById(id);
  return u ? { colleagueId: u.id, name: u.displayName } : null;
}

export const alertRoutes = [
  route({
    method: 'GET', url: '/api/alerts', policy: 'alerts:inbox', tag: 'alerts', summary: 'The caller’s inbox, most urgent first (safety, rupture, not on track, …)',
    query: s.inboxQuery, response: s.alertView.array(),
    handler: async ({ deps, signedIn, query, ip }) => listInbox(deps, need(signedIn).caller, { status: query.status, ip }),
  }),
  route({
    method: 'GET', url: '/api/alerts/count', policy: 'alerts:count', tag: 'alerts', summary: 'How many alerts are active (the admin: practice-wide, existence only)',
    response: s.countView,
    handler: async ({ deps, signedIn }) => countAlerts(deps, need(signedIn).caller),
  }),
  route({
    method: 'GET', url: '/api/alerts/:alertId', policy: 'alerts:act', tag: 'alerts', summary: 'One alert with its evidence and history',
    params: s.alertParams, response: s.alertDetail,
    handler: async ({ deps, signedIn, params, ip }) => getAlert(deps, need(signedIn).caller, params.alertId, ip),
  }),
  route({
    method: 'POST', url: '/api/alerts/:alertId/acknowledge', policy: 'alerts:act', tag: 'alerts', summary: 'Acknowledge an alert (stops a safety alert from escalating)',
    params: s.alertParams, response: s.alertDetail, status: 200,
    handler: async ({ deps, signedIn, params, ip }) => acknowledgeAlert(deps, need(signedIn).caller, params.alertId, ip),
    audit: (a) => ({ clientIds: [a.clientId] }),
  }),
  route({
    method: 'POST', url: '/api/alerts/:alertId/resolve', policy: 'alerts:act', tag: 'alerts',
    summary: 'Resolve an alert with a note; a safety alert needs a documented follow-up (at least 20 characters and the action taken)',
    params: s.alertParams, body: s.resolveBody, response: s.alertDetail, status: 200,
    handler: async ({ deps, signedIn, params, body, ip }) => resolveAlert(deps, need(signedIn).caller, params.alertId, body, ip),
    audit: (a) => ({ clientIds: [a.clientId] }),
  }),
  route({
    method: 'GET', url: '/api/clients/:clientId/alerts', policy: 'alerts:client', tag: 'alerts', summary: 'One client’s alerts, most urgent first',
    params: s.clientParams, query: s.inboxQuery, clientRef: (p) => ({ clientId: p.clientId }), response: s.alertView.array(),
    handler: async ({ deps, signedIn, params, query }) => listClientAlerts(deps, need(signedIn).caller, params.clientId, query.status),
  }),
  route({
    method: 'GET', url: '/api/escalation', policy: 'escalation:read', tag: 'alerts', summary: 'Who unacknowledged safety alerts escalate to, and after how long',
    response: s.escalationView,
    handler: async ({ deps, signedIn }) => {
      const me = need(signedIn).user;
      const practice = await deps.store.findPractice();
      return {
        minutes: practice?.escalationMinutes ?? alertDefaults.safetyEscalateAfterMinutes,
        practice: await named(deps, await deps.store.findEscalationColleague('practice')),
        mine: me.roles.includes('therapist') ? await named(deps, await deps.store.findEscalationColleague(me.id)) : null,
        effective: me.roles.includes('therapist') ? await named(deps, await escalationColleagueOf(deps, me.id)) : null,
      };
    },
  }),
  route({
    method: 'PUT', url: '/api/escalation/practice', policy: 'escalation:manage', tag: 'alerts', summary: 'The admin designates the practice’s escalation colleague (null to clear)',
    body: s.escalationBody, response: okView,
    handler: async ({ deps, signedIn, body, ip }) => {
      const me = need(signedIn).user;
      if (!me.roles.includes('admin')) throw new DomainError('forbidden', 'Only the admin sets the practice’s escalation colleague.');
      await setEscalationColleague(deps, 'practice', body.colleagueId, need(signedIn));
      await deps.audit.record({ actorId: me.id, actorRole: me.roles.join(','), action: 'escalation:manage', resourceType: 'practice', resourceId: 'practice', clientId: null, outcome: 'ok', ip, detail: null });
      return { ok: true };
    },
  }),
  route({
    method: 'PUT', url: '/api/escalation/mine', policy: 'escalation:manage', tag: 'alerts', summary: 'A therapist designates their own escalation colleague (null to use the practice’s)',
    body: s.escalationBody, response: okView,
    handler: async ({ deps, signedIn, body, ip }) => {
      const me = need(signedIn).user;
      if (!me.roles.includes('therapist')) throw new DomainError('forbidden', 'Only a therapist designates their own escalation colleague.');
      await setEscalationColleague(deps, me.id, body.colleagueId);
      await deps.audit.record({ actorId: me.id, actorRole: me.roles.join(','), action: 'escalation:manage', resourceType: 'user', resourceId: me.id, clientId: null, outcome: 'ok', ip, detail: null });
      return { ok: true };
    },
  }),
];
