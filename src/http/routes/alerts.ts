/** The alerts inbox, one alert, acknowledge / resolve, and who safety alerts escalate to (SPEC §3 C8). */
import { route } from '../route.ts';
import * as s from '../../contract/alerts.ts';
import { okView } from '../../contract/common.ts';
import { acknowledgeAlert, acknowledgeAlerts, countAlerts, getAlert, listClientAlerts, listInbox, resolveAlert } from '../../services/alerts/alerts.ts';
import { escalationSettings, setEscalationColleague } from '../../services/alerts/escalation.ts';

export const alertRoutes = [
  route({
    method: 'GET',
    url: '/api/alerts',
    policy: 'alerts:inbox',
    tag: 'alerts',
    summary: 'The caller’s inbox, most urgent first (safety, rupture, not on track, …)',
    query: s.inboxQuery,
    response: s.alertView.array(),
    // One event naming every client whose alerts are shown (as the client list's), before the answer is sent.
    audit: (alerts) => ({ clientIds: alerts.map((a) => a.clientId), resourceIds: [null] }),
    handler: async ({ deps, signedIn, query }) => listInbox(deps, signedIn.caller, { status: query.status }),
  }),
  route({
    method: 'GET',
    url: '/api/alerts/count',
    policy: 'alerts:count',
    tag: 'alerts',
    summary: 'How many alerts are active (the admin: practice-wide, existence only)',
    response: s.countView,
    handler: async ({ deps, signedIn }) => countAlerts(deps, signedIn.caller),
  }),
  route({
    method: 'GET',
    url: '/api/alerts/:alertId',
    policy: 'alerts:act',
    tag: 'alerts',
    summary: 'One alert with its evidence and history',
    params: s.alertParams,
    response: s.alertDetail,
    handler: async ({ deps, signedIn, params, ip }) => getAlert(deps, signedIn.caller, params.alertId, ip),
  }),
  route({
    method: 'POST',
    url: '/api/alerts/:alertId/acknowledge',
    policy: 'alerts:act',
    tag: 'alerts',
    summary: 'Acknowledge an alert (stops a safety alert from escalating)',
    params: s.alertParams,
    response: s.alertDetail,
    status: 200,
    handler: async ({ deps, signedIn, params, ip }) => acknowledgeAlert(deps, signedIn.caller, params.alertId, ip),
    audit: (a) => ({ clientIds: [a.clientId] }),
  }),
  route({
    method: 'POST',
    url: '/api/alerts/acknowledge',
    policy: 'alerts:act',
    tag: 'alerts',
    summary: 'Acknowledge several alerts at once, all or none; never a safety alert (each is acknowledged on its own)',
    body: s.bulkAcknowledgeBody,
    response: s.bulkAcknowledgedView,
    status: 200,
    handler: async ({ deps, signedIn, body }) => acknowledgeAlerts(deps, signedIn.caller, body.alertIds),
    // One event per client whose alerts were acknowledged (which alerts: the alerts' own history).
    audit: (r) => ({ clientIds: r.clientIds, resourceIds: [null] }),
  }),
  route({
    method: 'POST',
    url: '/api/alerts/:alertId/resolve',
    policy: 'alerts:act',
    tag: 'alerts',
    summary: 'Resolve an alert with a note; a safety alert needs a documented follow-up (at least 20 characters and the action taken)',
    params: s.alertParams,
    body: s.resolveBody,
    response: s.alertDetail,
    status: 200,
    handler: async ({ deps, signedIn, params, body, ip }) => resolveAlert(deps, signedIn.caller, params.alertId, body, ip),
    audit: (a) => ({ clientIds: [a.clientId] }),
  }),
  route({
    method: 'GET',
    url: '/api/clients/:clientId/alerts',
    policy: 'alerts:client',
    tag: 'alerts',
    summary: 'One client’s alerts, most urgent first',
    params: s.clientParams,
    query: s.inboxQuery,
    clientRef: (p) => ({ clientId: p.clientId }),
    response: s.alertView.array(),
    handler: async ({ deps, signedIn, params, query }) => listClientAlerts(deps, signedIn.caller, params.clientId, query.status),
  }),
  route({
    method: 'GET',
    url: '/api/escalation',
    policy: 'escalation:read',
    tag: 'alerts',
    summary: 'Who unacknowledged safety alerts escalate to, and after how long',
    response: s.escalationView,
    handler: async ({ deps, signedIn }) => escalationSettings(deps, signedIn.user),
  }),
  route({
    method: 'PUT',
    url: '/api/escalation/practice',
    policy: 'escalation:manage',
    tag: 'alerts',
    summary: 'The admin designates the practice’s escalation colleague (null to clear)',
    body: s.escalationBody,
    response: okView,
    requires: [{ policy: 'escalation:practice' }],
    handler: async ({ deps, signedIn, body }) => {
      await setEscalationColleague(deps, 'practice', body.colleagueId, signedIn);
      return { ok: true as const };
    },
    audit: () => ({ resourceType: 'practice', resourceIds: ['practice'] }),
  }),
  route({
    method: 'PUT',
    url: '/api/escalation/mine',
    policy: 'escalation:manage',
    tag: 'alerts',
    summary: 'A therapist designates their own escalation colleague (null to use the practice’s)',
    body: s.escalationBody,
    response: okView,
    requires: [{ policy: 'escalation:own' }],
    handler: async ({ deps, signedIn, body }) => {
      await setEscalationColleague(deps, signedIn.user.id, body.colleagueId);
      return { ok: true as const };
    },
    audit: (_r, _p, { signedIn }) => ({ resourceType: 'user', resourceIds: [signedIn.user.id] }),
  }),
];
