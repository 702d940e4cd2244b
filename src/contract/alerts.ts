/** The wire contract of the alerts inbox, one alert, acknowledge / resolve, and escalation (SPEC §3 C8). */
import { z } from 'zod';
import { ALERT_SEVERITIES, ALERT_URGENCY, SAFETY_FOLLOW_UP_ACTIONS } from '../domain/alerts/alert.ts';

// ---- requests ----
export const alertParams = z.strictObject({ alertId: z.string().uuid() });
export const clientParams = z.strictObject({ clientId: z.string().uuid() });
export const inboxQuery = z.strictObject({ status: z.enum(['active', 'all']).default('active') });
export const resolveBody = z.strictObject({
  note: z.string().max(4000),
  followUpAction: z.enum(SAFETY_FOLLOW_UP_ACTIONS).optional(),
});
export const bulkAcknowledgeBody = z.strictObject({ alertIds: z.array(z.string().uuid()).min(1).max(200) });
export const escalationBody = z.strictObject({ colleagueId: z.string().uuid().nullable() });

// ---- responses ----
export const alertEvidence = z.object({
  kind: z.string(),
  label: z.string(),
  value: z.union([z.string(), z.number()]).optional(),
  ref: z.object({ type: z.string(), id: z.string() }).optional(),
});
export const alertView = z.object({
  id: z.string(),
  clientId: z.string(),
  clientName: z.string(),
  courseId: z.string(),
  kind: z.enum(ALERT_URGENCY),
  severity: z.enum(ALERT_SEVERITIES),
  status: z.enum(['open', 'acknowledged', 'resolved']),
  title: z.string(),
  summary: z.string(),
  suggestedConversation: z.string(),
  evidence: z.array(alertEvidence),
  raisedAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  acknowledgedBy: z.string().nullable(),
  acknowledgedByName: z.string().nullable(),
  resolution: z.object({ at: z.string(), by: z.string(), byName: z.string().nullable(), note: z.string(), followUpAction: z.string().nullable() }).nullable(),
  escalatedAt: z.string().nullable(),
  escalatedTo: z.string().nullable(),
  escalatedToName: z.string().nullable(),
  access: z.enum(['act', 'read']),
  reader: z.enum(['therapist', 'supervisor', 'colleague']),
  courseEnded: z.boolean(),
});
export const alertDetail = alertView.extend({
  history: z.array(z.object({ at: z.string(), action: z.string(), actorName: z.string().nullable(), targetName: z.string().nullable() })),
});
export const bulkAcknowledgedView = z.object({ acknowledged: z.array(z.string()), clientIds: z.array(z.string()) });
export const countView = z.object({ active: z.number(), safety: z.number().nullable(), scope: z.enum(['practice', 'mine']) });
export const colleagueView = z.object({ colleagueId: z.string(), name: z.string() });
export const escalationView = z.object({
  minutes: z.number(),
  practice: colleagueView.nullable(),
  mine: colleagueView.nullable(),
  effective: colleagueView.nullable(),
});
