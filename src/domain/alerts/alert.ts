/**
 * The alert model shared by every capability that tells a therapist something needs a look
 * (SPEC §3 C8): what kinds exist, in which order of urgency the inbox shows them, and the pure
 * lifecycle transitions open → acknowledged → resolved.
 *
 * Alerts carry their evidence and a suggested conversation, never an instruction (SPEC §3 C8).
 */
import { alertDefaults } from './settings.ts';

export type AlertKind =
  | 'safety'
  | 'rupture'
  | 'not_on_track'
  | 'misalliance'
  | 'magical_persisting'
  | 'expectations_diverge'
  | 'remission_without_goal'
  | 'attendance'
  | 'practice_stalled'
  | 'measure_due'
  | 'therapist_more_positive';

/**
 * Inbox order, most urgent first. SPEC §3 C8: "safety, rupture, not-on-track, misalliance,
 * magical alliance persisting, expectations diverge, remission without a current goal,
 * attendance pattern, practice stalled, due measures". The therapist-more-positive finding of
 * SPEC §5.3 is a gentle prompt for reflection, so it comes last.
 */
export const ALERT_URGENCY: readonly AlertKind[] = [
  'safety',
  'rupture',
  'not_on_track',
  'misalliance',
  'magical_persisting',
  'expectations_diverge',
  'remission_without_goal',
  'attendance',
  'practice_stalled',
  'measure_due',
  'therapist_more_positive',
];

export type AlertSeverity = 'critical' | 'high' | 'medium' | 'low';
export const ALERT_SEVERITIES: readonly AlertSeverity[] = ['critical', 'high', 'medium', 'low'];

export type AlertStatus = 'open' | 'acknowledged' | 'resolved';

/**
 * One piece of evidence behind an alert or an analysis result: what it is (`kind`, e.g.
 * 'response', 'threshold', 'quote'), a line a therapist can read (`label`), the value that
 * mattered, and a link to the record it came from (`ref`, e.g. { type: 'response', id }).
 */
export type Evidence = {
  kind: string;
  label: string;
  value?: string | number;
  ref?: { type: string; id: string };
};

/** What a rule produces: everything an alert needs except its identity and lifecycle. */
export type AlertDraft = {
  kind: AlertKind;
  severity: AlertSeverity;
  courseId: string;
  /** Same condition → same key, so raising twice stores one alert (see {@link alertDedupeKey}). */
  dedupeKey: string;
  title: string;
  summary: string;
  /** A gentle suggestion for the next conversation, never an instruction. */
  suggestedConversation: string;
  evidence: Evidence[];
};

/** What a safety alert's documented follow-up was (SPEC §3 C8). */
export type SafetyFollowUpAction =
  | 'contacted_client'
  | 'risk_assessed_in_session'
  | 'safety_plan_reviewed'
  | 'referred_to_crisis_service'
  | 'emergency_services_contacted'
  | 'consulted_colleague'
  | 'other';

export const SAFETY_FOLLOW_UP_ACTIONS: readonly SafetyFollowUpAction[] = [
  'contacted_client',
  'risk_assessed_in_session',
  'safety_plan_reviewed',
  'referred_to_crisis_service',
  'emergency_services_contacted',
  'consulted_colleague',
  'other',
];

export type AlertResolution = {
  by: string;
  at: string;
  note: string;
  followUpAction?: SafetyFollowUpAction;
};

/** A raised alert as services store it. Times are ISO 8601 strings in UTC. */
export type Alert = AlertDraft & {
  id: string;
  status: AlertStatus;
  raisedAt: string;
  acknowledgedAt?: string;
  acknowledgedBy?: string;
  resolution?: AlertResolution;
  escalatedAt?: string;
  escalatedTo?: string;
};

export type AlertTransitionFailure = {
  ok: false;
  reason: 'already_resolved' | 'note_required' | 'safety_note_too_short' | 'safety_follow_up_required' | 'invalid_time';
  message: string;
};
export type AlertTransition = { ok: true; alert: Alert } | AlertTransitionFailure;

/**
 * Builds the idempotency key of an alert from its kind, course and the parts that identify the
 * condition (e.g. the response id and item id of a safety answer). Raising the same condition
 * again yields the same key, so storage keeps one alert (SPEC §5.1: no safety alert may be lost,
 * and none should be doubled either).
 */
export function alertDedupeKey(kind: AlertKind, courseId: string, ...parts: readonly (string | number)[]): string {
  return [kind, courseId, ...parts].map((p) => String(p).replaceAll('|', '/')).join('|');
}

/** Creates the stored form of a draft; id and time come from the caller (injected Ids, Clock). */
export function raiseAlert(draft: AlertDraft, id: string, raisedAt: string): Alert {
  return { ...draft, evidence: [...draft.evidence], id, status: 'open', raisedAt };
}

/**
 * Marks an alert as seen. Acknowledging stops a safety alert from escalating (SPEC §3 C8);
 * acknowledging twice keeps the first acknowledgement, and a resolved alert cannot be
 * acknowledged again.
 */
export function acknowledge(alert: Alert, input: { by: string; at: string }): AlertTransition {
  if (alert.status === 'resolved') {
    return { ok: false, reason: 'already_resolved', message: 'This alert is already resolved.' };
  }
  if (alert.status === 'acknowledged') return { ok: true, alert };
  if (Number.isNaN(Date.parse(input.at))) {
    return { ok: false, reason: 'invalid_time', message: 'The acknowledgement time is not a valid date.' };
  }
  return { ok: true, alert: { ...alert, status: 'acknowledged', acknowledgedAt: input.at, acknowledgedBy: input.by } };
}

/**
 * Closes an alert with a note. SPEC §3 C8: "safety alerts need a documented follow-up to
 * close" — a safety alert needs a note of at least `safetyNoteMinChars` characters (default
 * {@link alertDefaults.safetyResolveNoteMinChars}) and a follow-up action; other alerts need a
 * non-empty note. Resolving an open alert also acknowledges it.
 */
export function resolve(
  alert: Alert,
  input: { by: string; at: string; note: string; followUpAction?: SafetyFollowUpAction },
  safetyNoteMinChars: number = alertDefaults.safetyResolveNoteMinChars,
): AlertTransition {
  if (alert.status === 'resolved') {
    return { ok: false, reason: 'already_resolved', message: 'This alert is already resolved.' };
  }
  if (Number.isNaN(Date.parse(input.at))) {
    return { ok: false, reason: 'invalid_time', message: 'The resolution time is not a valid date.' };
  }
  const note = typeof input.note === 'string' ? input.note.trim() : '';
  if (alert.kind === 'safety') {
    if (note.length < safetyNoteMinChars) {
      return {
        ok: false,
        reason: 'safety_note_too_short',
        message: `A safety alert closes only with a documented follow-up: write at least ${safetyNoteMinChars} characters on what was done (you wrote ${note.length}).`,
      };
    }
    if (input.followUpAction === undefined || !SAFETY_FOLLOW_UP_ACTIONS.includes(input.followUpAction)) {
      return {
        ok: false,
        reason: 'safety_follow_up_required',
        message: 'A safety alert closes only with a documented follow-up: choose the follow-up action that was taken.',
      };
    }
  } else if (note.length === 0) {
    return { ok: false, reason: 'note_required', message: 'Add a short note on how this was handled.' };
  }
  const resolution: AlertResolution = { by: input.by, at: input.at, note };
  if (input.followUpAction !== undefined) resolution.followUpAction = input.followUpAction;
  return {
    ok: true,
    alert: {
      ...alert,
      status: 'resolved',
      acknowledgedAt: alert.acknowledgedAt ?? input.at,
      acknowledgedBy: alert.acknowledgedBy ?? input.by,
      resolution,
    },
  };
}

function rank<T>(order: readonly T[], value: T): number {
  const i = order.indexOf(value);
  return i === -1 ? order.length : i;
}

/**
 * Inbox order (SPEC §3 C8): by urgency of the kind (safety first), then severity, then the
 * oldest first so nothing waits longest unseen; the id breaks ties so the order is stable.
 */
export function compareAlerts(a: Pick<Alert, 'kind' | 'severity' | 'raisedAt' | 'id'>, b: Pick<Alert, 'kind' | 'severity' | 'raisedAt' | 'id'>): number {
  const byKind = rank(ALERT_URGENCY, a.kind) - rank(ALERT_URGENCY, b.kind);
  if (byKind !== 0) return byKind;
  const bySeverity = rank(ALERT_SEVERITIES, a.severity) - rank(ALERT_SEVERITIES, b.severity);
  if (bySeverity !== 0) return bySeverity;
  const ta = Date.parse(a.raisedAt);
  const tb = Date.parse(b.raisedAt);
  if (ta !== tb && !Number.isNaN(ta) && !Number.isNaN(tb)) return ta - tb;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Whether a safety alert has waited unacknowledged long enough to go to the designated
 * colleague (SPEC §3 C8: "escalate to a designated colleague when unacknowledged for a
 * configurable time"). Only open safety alerts that have not yet been escalated qualify; an
 * unreadable time escalates, because a safety alert must never be lost (SPEC §7).
 */
export function shouldEscalate(
  alert: Pick<Alert, 'kind' | 'status' | 'raisedAt' | 'escalatedAt'>,
  now: string,
  escalateAfterMinutes: number = alertDefaults.safetyEscalateAfterMinutes,
): boolean {
  if (alert.kind !== 'safety' || alert.status !== 'open' || alert.escalatedAt !== undefined) return false;
  const waited = Date.parse(now) - Date.parse(alert.raisedAt);
  if (Number.isNaN(waited)) return true;
  return waited >= escalateAfterMinutes * 60_000;
}

/** Records that an alert was escalated, so {@link shouldEscalate} does not fire twice. */
export function markEscalated(alert: Alert, input: { at: string; to: string }): Alert {
  return { ...alert, escalatedAt: input.at, escalatedTo: input.to };
}
