/**
 * The Kysely implementation of the alerts port: alerts, their history and escalation colleagues.
 * Status changes and escalation claims are single conditional UPDATEs, so concurrent instances
 * never both win.
 */
import type { DB } from './schema.ts';
import type { KyselyContext, Db } from './kysely-context.ts';
import { definedOnly } from './kysely-context.ts';
import { compiledOnce } from './compiled-query.ts';
import type { AlertEventRow, AlertFilter, AlertRow, AlertsStore } from '../services/ports.ts';
import type { AlertKind, AlertSeverity, AlertStatus } from '../domain/alerts/alert.ts';

// The id alone: an alert's sealed content (its evidence) can be large, and the dedupe checks of every submission only ask whether it exists.
const alertIdByDedupeKey = compiledOnce((db: Db, key: string) => db.selectFrom('alerts').select('id').where('dedupe_key', '=', key));

const toAlert = (r: DB['alerts']): AlertRow => ({
  id: r.id,
  clientId: r.client_id,
  courseId: r.course_id,
  therapistId: r.therapist_id,
  kind: r.kind as AlertKind,
  severity: r.severity as AlertSeverity,
  dedupeKey: r.dedupe_key,
  contentEnc: r.content_enc,
  status: r.status as AlertStatus,
  raisedAt: r.raised_at,
  acknowledgedAt: r.acknowledged_at,
  acknowledgedBy: r.acknowledged_by,
  resolvedAt: r.resolved_at,
  resolvedBy: r.resolved_by,
  resolutionEnc: r.resolution_enc,
  followUpAction: r.follow_up_action,
  escalatedAt: r.escalated_at,
  escalatedTo: r.escalated_to,
});

export class KyselyAlertsStore implements AlertsStore {
  private readonly db: Db;
  constructor(private readonly ctx: KyselyContext) {
    this.db = ctx.db;
  }

  async insertAlertIfAbsent(r: AlertRow) {
    const res = await this.db
      .insertInto('alerts')
      .values({
        id: r.id,
        client_id: r.clientId,
        course_id: r.courseId,
        therapist_id: r.therapistId,
        kind: r.kind,
        severity: r.severity,
        dedupe_key: r.dedupeKey,
        content_enc: r.contentEnc,
        status: r.status,
        raised_at: r.raisedAt,
        acknowledged_at: r.acknowledgedAt,
        acknowledged_by: r.acknowledgedBy,
        resolved_at: r.resolvedAt,
        resolved_by: r.resolvedBy,
        resolution_enc: r.resolutionEnc,
        follow_up_action: r.followUpAction,
        escalated_at: r.escalatedAt,
        escalated_to: r.escalatedTo,
      })
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .executeTakeFirst();
    return Number(res.numInsertedOrUpdatedRows ?? 0) === 1;
  }
  async findAlert(id: string) {
    const r = await this.db.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toAlert(r);
  }
  async alertIdByDedupeKey(key: string) {
    const [r] = await alertIdByDedupeKey(this.db, key);
    return r?.id;
  }
  private alertQuery(f: AlertFilter) {
    let q = this.db.selectFrom('alerts');
    if (f.statuses) q = q.where('status', 'in', f.statuses.length ? [...f.statuses] : ['-']);
    const scopes: ('therapist' | 'client' | 'escalated')[] = [];
    if (f.therapistIds) scopes.push('therapist');
    if (f.clientIds) scopes.push('client');
    if (f.escalatedTo) scopes.push('escalated');
    if (scopes.length) {
      q = q.where((eb) =>
        eb.or(
          scopes.map((sc) =>
            sc === 'therapist'
              ? eb('therapist_id', 'in', f.therapistIds!.length ? [...f.therapistIds!] : ['-'])
              : sc === 'client'
                ? eb('client_id', 'in', f.clientIds!.length ? [...f.clientIds!] : ['-'])
                : eb('escalated_to', '=', f.escalatedTo!),
          ),
        ),
      );
    }
    return q;
  }
  async listAlerts(f: AlertFilter) {
    return (await this.alertQuery(f).selectAll().orderBy('raised_at').execute()).map(toAlert);
  }
  async countAlerts(f: AlertFilter) {
    const r = await this.alertQuery(f)
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  }
  async updateAlertStatus(
    id: string,
    fromStatus: AlertStatus,
    p: Partial<Pick<AlertRow, 'status' | 'acknowledgedAt' | 'acknowledgedBy' | 'resolvedAt' | 'resolvedBy' | 'resolutionEnc' | 'followUpAction'>>,
  ) {
    const set = definedOnly({
      status: p.status,
      acknowledged_at: p.acknowledgedAt,
      acknowledged_by: p.acknowledgedBy,
      resolved_at: p.resolvedAt,
      resolved_by: p.resolvedBy,
      resolution_enc: p.resolutionEnc,
      follow_up_action: p.followUpAction,
    });
    if (!Object.keys(set).length) return true;
    const r = await this.db.updateTable('alerts').set(set).where('id', '=', id).where('status', '=', fromStatus).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }
  async listEscalationCandidates(raisedBefore: string) {
    return (
      await this.db
        .selectFrom('alerts')
        .selectAll()
        .where('kind', '=', 'safety')
        .where('status', '=', 'open')
        .where('escalated_at', 'is', null)
        .where('raised_at', '<=', raisedBefore)
        .orderBy('raised_at')
        .limit(500)
        .execute()
    ).map(toAlert);
  }
  async claimEscalation(id: string, at: string, to: string) {
    // One conditional UPDATE: on PostgreSQL a second instance blocks on the row lock, then
    // re-checks the WHERE clause against the committed row and updates nothing.
    const r = await this.db
      .updateTable('alerts')
      .set({ escalated_at: at, escalated_to: to })
      .where('id', '=', id)
      .where('escalated_at', 'is', null)
      .where('status', '=', 'open')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }
  async insertAlertEvent(e: AlertEventRow) {
    await this.db
      .insertInto('alert_events')
      .values({ id: e.id, alert_id: e.alertId, at: e.at, actor_id: e.actorId, action: e.action, target_id: e.targetId })
      .execute();
  }
  async listAlertEvents(alertId: string) {
    return (await this.db.selectFrom('alert_events').selectAll().where('alert_id', '=', alertId).orderBy('at').orderBy('id').execute()).map((r) => ({
      id: r.id,
      alertId: r.alert_id,
      at: r.at,
      actorId: r.actor_id,
      action: r.action,
      targetId: r.target_id,
    }));
  }

  async findEscalationColleague(scope: string) {
    return (await this.db.selectFrom('escalation_colleagues').select('colleague_id').where('id', '=', scope).executeTakeFirst())?.colleague_id;
  }
  async setEscalationColleague(scope: string, colleagueId: string | null, at: string) {
    if (colleagueId === null) {
      await this.db.deleteFrom('escalation_colleagues').where('id', '=', scope).execute();
      return;
    }
    await this.db
      .insertInto('escalation_colleagues')
      .values({ id: scope, colleague_id: colleagueId, updated_at: at })
      .onConflict((oc) => oc.column('id').doUpdateSet({ colleague_id: colleagueId, updated_at: at }))
      .execute();
  }
}
