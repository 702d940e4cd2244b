/** The alerts part of the browser's API client. Shapes are the wire contract's (src/contract/alerts.ts). */
import type { z } from 'zod';
import { call } from '../api.ts';
import type { Ok } from '../api.ts';
import type { SafetyFollowUpAction } from '../../domain/alerts/alert.ts';
import type * as alerts from '../../contract/alerts.ts';

export type AlertView = z.infer<typeof alerts.alertView>;
export type AlertDetail = z.infer<typeof alerts.alertDetail>;
export type AlertCount = z.infer<typeof alerts.countView>;
export type Colleague = z.infer<typeof alerts.colleagueView> | null;
export type Escalation = z.infer<typeof alerts.escalationView>;

const seg = encodeURIComponent;

export const alertsApi = {
  inbox: (status: 'active' | 'all' = 'active') => call<AlertView[]>('GET', `/api/alerts?status=${status}`),
  count: () => call<AlertCount>('GET', '/api/alerts/count'),
  alert: (id: string) => call<AlertDetail>('GET', `/api/alerts/${seg(id)}`),
  ofClient: (clientId: string, status: 'active' | 'all' = 'active') => call<AlertView[]>('GET', `/api/clients/${seg(clientId)}/alerts?status=${status}`),
  acknowledgeMany: (alertIds: string[]) => call<z.infer<typeof alerts.bulkAcknowledgedView>>('POST', '/api/alerts/acknowledge', { alertIds }),
  acknowledge: (id: string) => call<AlertDetail>('POST', `/api/alerts/${seg(id)}/acknowledge`),
  resolve: (id: string, note: string, followUpAction?: SafetyFollowUpAction) =>
    call<AlertDetail>('POST', `/api/alerts/${seg(id)}/resolve`, followUpAction ? { note, followUpAction } : { note }),
  escalation: () => call<Escalation>('GET', '/api/escalation'),
  setPracticeColleague: (colleagueId: string | null) => call<Ok>('PUT', '/api/escalation/practice', { colleagueId }),
  setMyColleague: (colleagueId: string | null) => call<Ok>('PUT', '/api/escalation/mine', { colleagueId }),
};
