/** The alerts part of the browser's API client. Shapes mirror src/http/routes/alerts.schema.ts. */
import { call } from '../api.ts';
import type { AlertKind, AlertSeverity, AlertStatus, Evidence, SafetyFollowUpAction } from '../../domain/alerts/alert.ts';

export type AlertView = {
  id: string; clientId: string; clientName: string; courseId: string; kind: AlertKind; severity: AlertSeverity; status: AlertStatus;
  title: string; summary: string; suggestedConversation: string; evidence: Evidence[]; raisedAt: string;
  acknowledgedAt: string | null; acknowledgedBy: string | null;
  resolution: { at: string; by: string; note: string; followUpAction: string | null } | null;
  escalatedAt: string | null; escalatedTo: string | null; escalatedToName: string | null; access: 'act' | 'read';
};
export type AlertDetail = AlertView & { history: { at: string; action: string; actorName: string | null; targetName: string | null }[] };
export type AlertCount = { active: number; safety: number | null; scope: 'practice' | 'mine' };
export type Colleague = { colleagueId: string; name: string } | null;
export type Escalation = { minutes: number; practice: Colleague; mine: Colleague; effective: Colleague };

const seg = encodeURIComponent;

export const alertsApi = {
  inbox: (status: 'active' | 'all' = 'active') => call<AlertView[]>('GET', `/api/alerts?status=${status}`),
  count: () => call<AlertCount>('GET', '/api/alerts/count'),
  alert: (id: string) => call<AlertDetail>('GET', `/api/alerts/${seg(id)}`),
  ofClient: (clientId: string, status: 'active' | 'all' = 'active') => call<AlertView[]>('GET', `/api/clients/${seg(clientId)}/alerts?status=${status}`),
  acknowledge: (id: string) => call<AlertDetail>('POST', `/api/alerts/${seg(id)}/acknowledge`),
  resolve: (id: string, note: string, followUpAction?: SafetyFollowUpAction) =>
    call<AlertDetail>('POST', `/api/alerts/${seg(id)}/resolve`, followUpAction ? { note, followUpAction } : { note }),
  escalation: () => call<Escalation>('GET', '/api/escalation'),
  setPracticeColleague: (colleagueId: string | null) => call<{ ok: true }>('PUT', '/api/escalation/practice', { colleagueId }),
  setMyColleague: (colleagueId: string | null) => call<{ ok: true }>('PUT', '/api/escalation/mine', { colleagueId }),
};
