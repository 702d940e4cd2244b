/**
 * The alerts port (SPEC §3 C8): alerts (kind, severity, status and times in clear; their content
 * sealed), each alert's history, and the escalation colleague of a scope. Invariants: one alert per
 * dedupe key; a status change applies only from the status the caller saw; exactly one caller,
 * across processes, claims an alert for escalation.
 */
import type { AlertKind, AlertSeverity, AlertStatus } from '../../domain/alerts/alert.ts';

/** A stored alert: kind, severity, status and times in clear; title, summary, evidence sealed in `contentEnc`. */
export type AlertRow = {
  id: string;
  clientId: string;
  courseId: string;
  therapistId: string;
  kind: AlertKind;
  severity: AlertSeverity;
  dedupeKey: string;
  contentEnc: string;
  status: AlertStatus;
  raisedAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  resolvedAt: string | null;
  resolvedBy: string | null;
  resolutionEnc: string | null;
  followUpAction: string | null;
  escalatedAt: string | null;
  escalatedTo: string | null;
};
export type AlertEventRow = { id: string; alertId: string; at: string; actorId: string | null; action: string; targetId: string | null };
export type AlertFilter = {
  therapistIds?: readonly string[];
  clientIds?: readonly string[];
  escalatedTo?: string;
  statuses?: readonly AlertStatus[];
};

export interface AlertsStore {
  /** Inserts the alert unless one with the same dedupe key exists; true when inserted. */
  insertAlertIfAbsent(r: AlertRow): Promise<boolean>;
  findAlert(id: string): Promise<AlertRow | undefined>;
  /** The id of the alert raised under this dedupe key, if any (its row is not read: only whether it exists). */
  alertIdByDedupeKey(key: string): Promise<string | undefined>;
  listAlerts(filter: AlertFilter): Promise<AlertRow[]>;
  countAlerts(filter: AlertFilter): Promise<number>;
  /** Applies a lifecycle change only if the alert is still in `fromStatus`; false when it moved meanwhile. */
  updateAlertStatus(
    id: string,
    fromStatus: AlertStatus,
    patch: Partial<Pick<AlertRow, 'status' | 'acknowledgedAt' | 'acknowledgedBy' | 'resolvedAt' | 'resolvedBy' | 'resolutionEnc' | 'followUpAction'>>,
  ): Promise<boolean>;
  /** Open safety alerts raised at or before `raisedBefore` and not yet escalated. */
  listEscalationCandidates(raisedBefore: string): Promise<AlertRow[]>;
  /**
   * Claims an alert for escalation atomically: sets escalated_at/escalated_to only while it is
   * still open and unescalated. Exactly one caller, across processes, gets true.
   */
  claimEscalation(id: string, at: string, to: string): Promise<boolean>;
  insertAlertEvent(e: AlertEventRow): Promise<void>;
  listAlertEvents(alertId: string): Promise<AlertEventRow[]>;

  /** The designated colleague for a scope: 'practice' or a therapist's user id. */
  findEscalationColleague(scope: string): Promise<string | undefined>;
  setEscalationColleague(scope: string, colleagueId: string | null, at: string): Promise<void>;
}
