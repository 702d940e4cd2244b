/**
 * Escalation of unacknowledged safety alerts (SPEC §3 C8: "escalate to a designated colleague
 * when unacknowledged for a configurable time"). Runs as scheduled work in every app instance;
 * each alert is claimed by one atomic conditional UPDATE, so it escalates exactly once however
 * many instances run the sweep at the same moment (on PostgreSQL the second UPDATE waits for the
 * first's row lock, then finds escalated_at set and changes nothing).
 *
 * The escalation is emailed (when the practice's mail is on) to the colleague and to the therapist's
 * supervisors, in the escalation's own transaction (services/mail/outbox.ts).
 *
 * The colleague: the therapist's own choice, else the practice's, else the therapist's first
 * supervisor. With none of those, the alert waits and the sweep reports it, so the admin can be
 * told to designate someone.
 */
import { DomainError } from '../../domain/errors.ts';
import { shouldEscalate } from '../../domain/alerts/alert.ts';
import { alertDefaults } from '../../domain/alerts/settings.ts';
import type { Deps } from '../deps.ts';
import { iso } from '../deps.ts';
import type { SignedIn } from '../accounts/auth.ts';
import { noticeToPractice, recordSelfGrant, requireFreshAuthForSelfGrant } from '../accounts/access-grants.ts';
import { queueMail } from '../mail/outbox.ts';

export type EscalationRun = { escalated: string[]; withoutColleague: string[] };

/** Who a therapist's safety alerts go to. */
export async function escalationColleagueOf(deps: Pick<Deps, 'store'>, therapistId: string): Promise<string | undefined> {
  const own = await deps.store.findEscalationColleague(therapistId);
  const practiceWide = await deps.store.findEscalationColleague('practice');
  const candidates = [own, practiceWide, ...(await deps.store.supervisorsOf(therapistId))];
  for (const id of candidates) {
    if (!id || id === therapistId) continue;
    const u = await deps.store.findUserById(id);
    if (u && u.status === 'active' && u.roles.some((r) => r === 'therapist' || r === 'supervisor')) return id;
  }
  return undefined;
}

/** One sweep: escalates every safety alert that has waited long enough. Safe to run concurrently. */
export async function escalateDueAlerts(deps: Deps): Promise<EscalationRun> {
  const practice = await deps.store.findPractice();
  const minutes = practice?.escalationMinutes ?? alertDefaults.safetyEscalateAfterMinutes;
  const now = deps.clock.now();
  const raisedBefore = iso(new Date(now.getTime() - minutes * 60_000));
  const run: EscalationRun = { escalated: [], withoutColleague: [] };
  for (const alert of await deps.store.listEscalationCandidates(raisedBefore)) {
    const candidate = { kind: alert.kind, status: alert.status, raisedAt: alert.raisedAt, ...(alert.escalatedAt ? { escalatedAt: alert.escalatedAt } : {}) };
    if (!shouldEscalate(candidate, iso(now), minutes)) continue;
    const client = await deps.store.findClient(alert.clientId);
    const colleague = await escalationColleagueOf(deps, client?.therapistId ?? alert.therapistId);
    if (!colleague) {
      run.withoutColleague.push(alert.id);
      continue;
    }
    const at = iso(now);
    const claimed = await deps.store.transaction(async (tx) => {
      if (!(await tx.claimEscalation(alert.id, at, colleague))) return false;
      await tx.insertAlertEvent({ id: deps.ids.newId(), alertId: alert.id, at, actorId: null, action: 'escalated', targetId: colleague });
      // The colleague and the therapist's supervisors are emailed, with the escalation or not at all:
      // only that an alert waits in Accord, never what it is about or whose it is.
      const therapistId = client?.therapistId ?? alert.therapistId;
      const told = new Set([colleague, ...(await tx.supervisorsOf(therapistId))]);
      for (const id of told) {
        const u = await tx.findUserById(id);
        if (u && u.status === 'active')
          await queueMail({ ...deps, store: tx }, { kind: 'safety_escalated', to: u.email, path: '/alerts', dedupeKey: `safety_escalated:${alert.id}:${id}` });
      }
      return true;
    });
    if (!claimed) continue;
    run.escalated.push(alert.id);
    await deps.audit.record({
      actorId: null,
      actorRole: 'system',
      action: 'alert:escalate',
      resourceType: 'alert',
      resourceId: alert.id,
      clientId: alert.clientId,
      outcome: 'ok',
      ip: null,
      detail: `to ${colleague}`,
    });
  }
  return run;
}

/**
 * Runs the sweep every `everyMs` (default one minute) until stopped. A sweep never overlaps the
 * previous one in this process; other processes are kept out by the claim.
 */
export function startEscalator(
  deps: Deps,
  opts: { everyMs?: number; onError?: (err: unknown) => void; onRun?: (r: EscalationRun) => void } = {},
): () => Promise<void> {
  let running: Promise<void> | null = null;
  const tick = () => {
    if (running) return;
    running = escalateDueAlerts(deps)
      .then(
        (r) => opts.onRun?.(r),
        (err: unknown) => opts.onError?.(err),
      )
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, opts.everyMs ?? 60_000);
  timer.unref();
  setImmediate(tick);
  return async () => {
    clearInterval(timer);
    if (running) await running;
  };
}

/**
 * Sets the designated colleague: the practice's (admin) or a therapist's own (that therapist).
 * An admin naming themselves the practice's colleague (`by`) gives themselves other therapists'
 * safety alerts: a self-grant (fresh authentication, audited, the therapists are told).
 */
export async function setEscalationColleague(deps: Deps, scope: string, colleagueId: string | null, by?: SignedIn): Promise<void> {
  if (colleagueId !== null) {
    const u = await deps.store.findUserById(colleagueId);
    if (!u || u.status !== 'active' || !u.roles.some((r) => r === 'therapist' || r === 'supervisor')) {
      throw new DomainError('invalid_input', 'Choose an active therapist or supervisor as the escalation colleague.', { field: 'colleagueId' });
    }
    if (colleagueId === scope) throw new DomainError('invalid_input', 'Choose someone other than yourself.', { field: 'colleagueId' });
  }
  const self = scope === 'practice' && !!by && colleagueId === by.user.id && (await deps.store.findEscalationColleague('practice')) !== colleagueId;
  if (self) await requireFreshAuthForSelfGrant(deps, by, { kind: 'escalation' });
  await deps.store.setEscalationColleague(scope, colleagueId, iso(deps.clock.now()));
  if (self) {
    await recordSelfGrant(deps, by, { kind: 'escalation' });
    // Every staff member learns of it from one practice notice (written once, read by each), not a
    // row per therapist: the request's work does not grow with the practice (docs/scale.md).
    await noticeToPractice(deps, { practiceId: by.user.practiceId, kind: 'escalation_colleague', actorId: by.user.id, granteeId: by.user.id });
  }
}

export type EscalationColleague = { colleagueId: string; name: string } | null;
export type EscalationSettings = { minutes: number; practice: EscalationColleague; mine: EscalationColleague; effective: EscalationColleague };

async function named(deps: Pick<Deps, 'store'>, id: string | undefined): Promise<EscalationColleague> {
  if (!id) return null;
  const u = await deps.store.findUserById(id);
  return u ? { colleagueId: u.id, name: u.displayName } : null;
}

/** Who unacknowledged safety alerts escalate to, and after how long, as one staff member sees it (their own choice only if they are a therapist). */
export async function escalationSettings(deps: Pick<Deps, 'store'>, me: { id: string; roles: readonly string[] }): Promise<EscalationSettings> {
  const practice = await deps.store.findPractice();
  const therapist = me.roles.includes('therapist');
  return {
    minutes: practice?.escalationMinutes ?? alertDefaults.safetyEscalateAfterMinutes,
    practice: await named(deps, await deps.store.findEscalationColleague('practice')),
    mine: therapist ? await named(deps, await deps.store.findEscalationColleague(me.id)) : null,
    effective: therapist ? await named(deps, await escalationColleagueOf(deps, me.id)) : null,
  };
}
