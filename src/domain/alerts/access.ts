/**
 * Who may see and act on one alert (SPEC §2, the Alerts row): the assigned therapist reads,
 * acknowledges and resolves; the designated colleague does the same once a safety alert has been
 * escalated to them; the supervisor of the therapist reads; the admin learns only that alerts
 * exist (a count); the client sees none (they are shown the crisis information instead).
 *
 * The escalation target is a standing toward one alert, not toward the client, so it is decided
 * here rather than in the client relations of access.ts.
 */
import type { Caller, ClientStanding } from '../access.ts';
import { relationsTo } from '../access.ts';

export type AlertAccess = 'act' | 'read' | 'none';

export function alertAccess(caller: Caller, standing: ClientStanding, alert: { escalatedTo?: string | null }): AlertAccess {
  const relations = relationsTo(caller, standing);
  if (relations.includes('assigned_therapist')) return 'act';
  const staff = caller.roles.some((r) => r === 'therapist' || r === 'supervisor');
  if (staff && alert.escalatedTo && alert.escalatedTo === caller.userId) return 'act';
  if (relations.includes('supervisor')) return 'read';
  return 'none';
}
