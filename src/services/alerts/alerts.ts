/**
 * Alerts (SPEC §3 C8), shared by every capability: `raiseAlert` stores a draft once per
 * condition (the dedupe key is unique, so raising again is a no-op), the inbox lists what the
 * caller may see in order of urgency, and acknowledge / resolve apply the domain lifecycle.
 *
 * Titles, summaries and evidence may quote clinical text, so they are sealed with the client's
 * data key; kind, severity, status and times stay in clear for ordering, counting and escalation.
 */
import { DomainError } from '../../domain/errors.ts';
import type { Alert, AlertDraft, AlertStatus, Evidence, SafetyFollowUpAction } from '../../domain/alerts/alert.ts';
import { acknowledge, compareAlerts, raiseAlert as draftToAlert, resolve } from '../../domain/alerts/alert.ts';
import type { AlertAccess } from '../../domain/alerts/access.ts';
import { alertAccess } from '../../domain/alerts/access.ts';
import type { Caller, ClientStanding } from '../../domain/access.ts';
import type { Deps } from '../deps.ts';
import { iso } from '../deps.ts';
import type { AlertRow, ClientRow } from '../ports.ts';
import type { Binding } from '../clinical-text.ts';
import { clientTexts, openText, sealText } from '../clinical-text.ts';
import { NO_ID } from '../people/clients.ts';
import { clientsInScope } from '../people/scope.ts';
import { namesOf } from '../accounts/users.ts';
import { forReader } from '../../domain/alerts/reader-words.ts';

type AlertContent = { title: string; summary: string; suggestedConversation: string; evidence: Evidence[] };

const contentBinding = (id: string) => ({ table: 'alerts', id, field: 'content' });
const resolutionBinding = (id: string) => ({ table: 'alerts', id, field: 'resolution' });

export type AlertView = {
  id: string;
  clientId: string;
  clientName: string;
  courseId: string;
  kind: Alert['kind'];
  severity: Alert['severity'];
  status: AlertStatus;
  title: string;
  summary: string;
  suggestedConversation: string;
  evidence: Evidence[];
  raisedAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  acknowledgedByName: string | null;
  resolution: { at: string; by: string; byName: string | null; note: string; followUpAction: string | null } | null;
  escalatedAt: string | null;
  escalatedTo: string | null;
  escalatedToName: string | null;
  /** What the caller may do with it: act (acknowledge, resolve) or read. */
  access: Exclude<AlertAccess, 'none'>;
  /** How the caller stands to the client, so the words fit the reader: their own client, a supervisee's, or escalated to them. */
  reader: 'therapist' | 'supervisor' | 'colleague';
  /** The alert's course has ended: shown quietly (a safety alert never is). */
  courseEnded: boolean;
};

/**
 * Stores an alert unless the same condition was raised before (SPEC §3 C8: raised idempotently).
 * Pass a transaction's deps to raise it atomically with the record that caused it — the safety
 * alert is raised in the same transaction as the response (SPEC §5.1).
 */
export async function raiseAlert(
  deps: Pick<Deps, 'store' | 'vault' | 'clock' | 'ids'>,
  draft: AlertDraft,
  who: { clientId: string; therapistId: string },
): Promise<{ created: boolean; alertId: string }> {
  const existing = await deps.store.alertIdByDedupeKey(draft.dedupeKey);
  if (existing) return { created: false, alertId: existing };
  const stored = await storeAlert(deps, await clientTexts(deps, who.clientId), draft, who);
  if (!stored.created) return { created: false, alertId: (await deps.store.alertIdByDedupeKey(draft.dedupeKey))! };
  return { created: true, alertId: stored.alertId };
}

/**
 * Stores a new alert with its 'raised' event, sealing its content with the client's texts already
 * opened by the caller (no key look-up, no read first): for use cases that decided their alerts
 * from what they loaded and write them in their own transaction. The unique dedupe key still makes
 * a second raise of the same condition a no-op; returns whether this one was stored.
 */
export async function storeAlert(
  deps: Pick<Deps, 'store' | 'clock' | 'ids'>,
  texts: { seal(b: Binding, text: string): string },
  draft: AlertDraft,
  who: { clientId: string; therapistId: string },
): Promise<{ created: boolean; alertId: string }> {
  const id = deps.ids.newId();
  const at = iso(deps.clock.now());
  const alert = draftToAlert(draft, id, at);
  const content: AlertContent = { title: alert.title, summary: alert.summary, suggestedConversation: alert.suggestedConversation, evidence: alert.evidence };
  const created = await deps.store.insertAlertIfAbsent({
    id,
    clientId: who.clientId,
    courseId: draft.courseId,
    therapistId: who.therapistId,
    kind: draft.kind,
    severity: draft.severity,
    dedupeKey: draft.dedupeKey,
    contentEnc: texts.seal(contentBinding(id), JSON.stringify(content)),
    status: 'open',
    raisedAt: at,
    acknowledgedAt: null,
    acknowledgedBy: null,
    resolvedAt: null,
    resolvedBy: null,
    resolutionEnc: null,
    followUpAction: null,
    escalatedAt: null,
    escalatedTo: null,
  });
  if (created) await deps.store.insertAlertEvent({ id: deps.ids.newId(), alertId: id, at, actorId: null, action: 'raised', targetId: null });
  return { created, alertId: id };
}

async function standingFor(deps: Pick<Deps, 'store'>, client: ClientRow): Promise<ClientStanding> {
  return { clientId: client.id, therapistId: client.therapistId, supervisorIdsOfTherapist: await deps.store.supervisorsOf(client.therapistId) };
}

/** The users an alert view names (escalated to, acknowledged and resolved by). */
const namedIn = (rows: readonly AlertRow[]) => rows.flatMap((r) => [r.escalatedTo, r.acknowledgedBy, r.resolvedBy]);

function readerOf(caller: Caller, client: ClientRow, row: AlertRow): AlertView['reader'] {
  if (client.therapistId === caller.userId) return 'therapist';
  return row.escalatedTo === caller.userId ? 'colleague' : 'supervisor';
}

async function toView(
  deps: Deps,
  row: AlertRow,
  client: ClientRow,
  access: Exclude<AlertAccess, 'none'>,
  names: Map<string, string>,
  ctx: { caller: Caller; endedCourses: ReadonlySet<string> },
): Promise<AlertView> {
  const content = JSON.parse(await openText(deps, row.clientId, contentBinding(row.id), row.contentEnc)) as AlertContent;
  const note = row.resolutionEnc ? await openText(deps, row.clientId, resolutionBinding(row.id), row.resolutionEnc) : null;
  const reader = readerOf(ctx.caller, client, row);
  return {
    id: row.id,
    clientId: row.clientId,
    clientName: await openText(deps, client.id, { table: 'clients', id: client.id, field: 'name' }, client.nameEnc),
    courseId: row.courseId,
    kind: row.kind,
    severity: row.severity,
    status: row.status,
    ...content,
    title: forReader(content.title, reader),
    summary: forReader(content.summary, reader),
    suggestedConversation: forReader(content.suggestedConversation, reader),
    raisedAt: row.raisedAt,
    acknowledgedAt: row.acknowledgedAt,
    acknowledgedBy: row.acknowledgedBy,
    acknowledgedByName: row.acknowledgedBy ? (names.get(row.acknowledgedBy) ?? null) : null,
    resolution:
      row.resolvedAt && row.resolvedBy
        ? { at: row.resolvedAt, by: row.resolvedBy, byName: names.get(row.resolvedBy) ?? null, note: note ?? '', followUpAction: row.followUpAction }
        : row.resolvedAt
          ? // Withdrawn by Accord itself (records dated later no longer bear it out): no person resolved it.
            { at: row.resolvedAt, by: 'accord', byName: 'Accord', note: note ?? '', followUpAction: row.followUpAction }
          : null,
    escalatedAt: row.escalatedAt,
    escalatedTo: row.escalatedTo,
    escalatedToName: row.escalatedTo ? (names.get(row.escalatedTo) ?? null) : null,
    access,
    reader,
    courseEnded: ctx.endedCourses.has(row.courseId),
  };
}

async function auditShown(deps: Deps, caller: Caller, action: string, clientIds: Iterable<string>, ip: string | null): Promise<void> {
  try {
    await Promise.all(
      [...new Set(clientIds)].map((clientId) =>
        deps.audit.record({
          actorId: caller.userId,
          actorRole: caller.roles.join(','),
          action,
          resourceType: 'alerts',
          resourceId: null,
          clientId,
          outcome: 'ok',
          ip,
          detail: null,
        }),
      ),
    );
  } catch {
    throw new DomainError('audit_unavailable', 'The access could not be recorded, so it was refused. Please try again shortly.');
  }
}

/**
 * The caller's inbox (SPEC §3 C8): alerts of their own clients, alerts escalated to them, and —
 * to read — those of the therapists they supervise; ordered by `compareAlerts` (safety first).
 * An admin who is not also a therapist or supervisor sees none (SPEC §2: existence only).
 * The route records the read as one event naming every client whose alerts are shown (a list
 * read, http/routes/alerts.ts), durable before anything is sent.
 */
export async function listInbox(deps: Deps, caller: Caller, opts: { status: 'active' | 'all' } = { status: 'active' }): Promise<AlertView[]> {
  const clients = await clientsInScope(deps, caller, 'alerts:client');
  const staff = caller.roles.some((r) => r === 'therapist' || r === 'supervisor');
  if (!staff) return [];
  const statuses: AlertStatus[] = opts.status === 'all' ? ['open', 'acknowledged', 'resolved'] : ['open', 'acknowledged'];
  const rows = await deps.store.listAlerts({ clientIds: clients.map((c) => c.id), escalatedTo: caller.userId, statuses });
  return viewsFor(deps, caller, rows);
}

async function endedCoursesOf(deps: Pick<Deps, 'store'>, clientIds: readonly string[]): Promise<Set<string>> {
  const ids = [...new Set(clientIds)];
  if (!ids.length) return new Set();
  return new Set((await deps.store.listCoursesOfClients(ids)).filter((k) => k.status === 'ended').map((k) => k.id));
}

async function viewsFor(deps: Deps, caller: Caller, rows: readonly AlertRow[]): Promise<AlertView[]> {
  const names = await namesOf(deps, namedIn(rows));
  const endedCourses = await endedCoursesOf(
    deps,
    rows.map((r) => r.clientId),
  );
  const clientCache = new Map<string, { client: ClientRow; standing: ClientStanding } | null>();
  const out: AlertView[] = [];
  for (const row of rows) {
    if (!clientCache.has(row.clientId)) {
      const client = await deps.store.findClient(row.clientId);
      clientCache.set(row.clientId, client ? { client, standing: await standingFor(deps, client) } : null);
    }
    const c = clientCache.get(row.clientId);
    if (!c) continue;
    const access = alertAccess(caller, c.standing, row);
    if (access === 'none') continue;
    out.push(await toView(deps, row, c.client, access, names, { caller, endedCourses }));
  }
  return out.sort(compareAlerts);
}

/** One client's alerts (the client page), for the assigned therapist and the supervisor. */
export async function listClientAlerts(deps: Deps, caller: Caller, clientId: string, status: 'active' | 'all'): Promise<AlertView[]> {
  const statuses: AlertStatus[] = status === 'all' ? ['open', 'acknowledged', 'resolved'] : ['open', 'acknowledged'];
  const rows = await deps.store.listAlerts({ clientIds: [clientId], statuses });
  const names = await namesOf(deps, namedIn(rows));
  const endedCourses = await endedCoursesOf(deps, [clientId]);
  const client = await deps.store.findClient(clientId);
  if (!client) throw new DomainError('not_found', 'Not found.');
  const standing = await standingFor(deps, client);
  const out: AlertView[] = [];
  for (const row of rows) {
    const access = alertAccess(caller, standing, row);
    if (access !== 'none') out.push(await toView(deps, row, client, access, names, { caller, endedCourses }));
  }
  return out.sort(compareAlerts);
}

async function loadScoped(deps: Deps, caller: Caller, alertId: string): Promise<{ row: AlertRow; client: ClientRow; access: Exclude<AlertAccess, 'none'> }> {
  // The same queries whether or not the alert exists: out of scope answers exactly like missing
  // (SPEC §2), after the same work. Only the audit trail learns whose alert it was.
  const row = await deps.store.findAlert(alertId);
  const client = await deps.store.findClient(row?.clientId ?? NO_ID);
  const supervisorIdsOfTherapist = await deps.store.supervisorsOf(client?.therapistId ?? NO_ID);
  const access = row && client ? alertAccess(caller, { clientId: client.id, therapistId: client.therapistId, supervisorIdsOfTherapist }, row) : 'none';
  if (!row || !client || access === 'none') {
    const refused = new DomainError('not_found', 'Not found.');
    refused.auditClientId = client?.id ?? null;
    throw refused;
  }
  return { row, client, access };
}

/** One alert with its lifecycle history, as the alert's page shows it (also the answer to acknowledging or resolving it). */
export type AlertDetail = AlertView & { history: { at: string; action: string; actorName: string | null; targetName: string | null }[] };

export async function getAlert(deps: Deps, caller: Caller, alertId: string, ip: string | null = null): Promise<AlertDetail> {
  const { row, client, access } = await loadScoped(deps, caller, alertId);
  // Same-instant events keep their lifecycle order.
  const order = ['raised', 'escalated', 'acknowledged', 'resolved'];
  const events = (await deps.store.listAlertEvents(row.id)).sort((x, y) =>
    x.at === y.at ? order.indexOf(x.action) - order.indexOf(y.action) : x.at < y.at ? -1 : 1,
  );
  const names = await namesOf(deps, [...namedIn([row]), ...events.flatMap((e) => [e.actorId, e.targetId])]);
  const course = await deps.store.findCourse(row.courseId);
  const view = await toView(deps, row, client, access, names, { caller, endedCourses: new Set(course?.status === 'ended' ? [course.id] : []) });
  const history = events.map((e) => ({
    at: e.at,
    action: e.action,
    actorName: e.actorId ? (names.get(e.actorId) ?? null) : null,
    targetName: e.targetId ? (names.get(e.targetId) ?? null) : null,
  }));
  await auditShown(deps, caller, 'alert:read', [row.clientId], ip);
  return { ...view, history };
}

function domainAlert(row: AlertRow): Alert {
  const a: Alert = {
    id: row.id,
    kind: row.kind,
    severity: row.severity,
    courseId: row.courseId,
    dedupeKey: row.dedupeKey,
    title: '',
    summary: '',
    suggestedConversation: '',
    evidence: [],
    status: row.status,
    raisedAt: row.raisedAt,
  };
  if (row.acknowledgedAt) a.acknowledgedAt = row.acknowledgedAt;
  if (row.acknowledgedBy) a.acknowledgedBy = row.acknowledgedBy;
  if (row.escalatedAt) a.escalatedAt = row.escalatedAt;
  if (row.escalatedTo) a.escalatedTo = row.escalatedTo;
  return a;
}

async function act(deps: Deps, caller: Caller, alertId: string): Promise<{ row: AlertRow; client: ClientRow }> {
  const { row, client, access } = await loadScoped(deps, caller, alertId);
  if (access !== 'act') throw new DomainError('forbidden', 'Only the client’s therapist, or the colleague it was escalated to, can act on this alert.');
  return { row, client };
}

/** "I have seen it": stops a safety alert from escalating (SPEC §3 C8). */
export async function acknowledgeAlert(deps: Deps, caller: Caller, alertId: string, ip: string | null = null): Promise<AlertDetail> {
  const { row } = await act(deps, caller, alertId);
  const at = iso(deps.clock.now());
  const t = acknowledge(domainAlert(row), { by: caller.userId, at });
  if (!t.ok) throw new DomainError('conflict', t.message, { reason: t.reason });
  if (row.status === 'open') {
    await deps.store.transaction(async (tx) => {
      if (!(await tx.updateAlertStatus(row.id, 'open', { status: 'acknowledged', acknowledgedAt: at, acknowledgedBy: caller.userId }))) {
        throw new DomainError('conflict', 'This alert changed meanwhile; reload and try again.');
      }
      await tx.insertAlertEvent({ id: deps.ids.newId(), alertId: row.id, at, actorId: caller.userId, action: 'acknowledged', targetId: null });
    });
  }
  return getAlert(deps, caller, alertId, ip);
}

/** How many alerts one bulk acknowledgement may name (an inbox page's worth). */
export const BULK_ACKNOWLEDGE_MAX = 200;

/**
 * "I have seen these": acknowledges several alerts at once, all or none (issue 13: bulk
 * acknowledge). Safety alerts are never acknowledged in bulk — each is seen and acknowledged on its
 * own (SPEC §3 C8: no safety alert can be lost in a batch) — so a list naming one is refused
 * whole, as is one naming an alert the caller may not act on. Alerts already acknowledged are
 * left as they are.
 */
export async function acknowledgeAlerts(deps: Deps, caller: Caller, alertIds: readonly string[]): Promise<{ acknowledged: string[]; clientIds: string[] }> {
  const ids = [...new Set(alertIds)];
  const rows: AlertRow[] = [];
  for (const id of ids) rows.push((await act(deps, caller, id)).row);
  if (rows.some((r) => r.kind === 'safety')) {
    throw new DomainError('invalid_input', 'Safety alerts are acknowledged one at a time, each on its own card.', { reason: 'safety_not_in_bulk' });
  }
  if (rows.some((r) => r.status === 'resolved')) throw new DomainError('conflict', 'One of these alerts was resolved meanwhile; reload and try again.');
  const at = iso(deps.clock.now());
  const open = rows.filter((r) => r.status === 'open');
  await deps.store.transaction(async (tx) => {
    for (const row of open) {
      if (!(await tx.updateAlertStatus(row.id, 'open', { status: 'acknowledged', acknowledgedAt: at, acknowledgedBy: caller.userId }))) {
        throw new DomainError('conflict', 'One of these alerts changed meanwhile; reload and try again.');
      }
      await tx.insertAlertEvent({ id: deps.ids.newId(), alertId: row.id, at, actorId: caller.userId, action: 'acknowledged', targetId: null });
    }
  });
  return { acknowledged: open.map((r) => r.id), clientIds: [...new Set(rows.map((r) => r.clientId))] };
}

/**
 * Closes an alert with a note (SPEC §3 C8). A safety alert closes only with a documented
 * follow-up: a note of at least 20 characters and the action taken (domain `resolve`).
 */
export async function resolveAlert(
  deps: Deps,
  caller: Caller,
  alertId: string,
  input: { note: string; followUpAction?: SafetyFollowUpAction },
  ip: string | null = null,
): Promise<AlertDetail> {
  const { row } = await act(deps, caller, alertId);
  const at = iso(deps.clock.now());
  const t = resolve(domainAlert(row), { by: caller.userId, at, note: input.note, ...(input.followUpAction ? { followUpAction: input.followUpAction } : {}) });
  if (!t.ok) throw new DomainError(t.reason === 'already_resolved' ? 'conflict' : 'invalid_input', t.message, { reason: t.reason });
  const resolution = t.alert.resolution!;
  await deps.store.transaction(async (tx) => {
    const ok = await tx.updateAlertStatus(row.id, row.status, {
      status: 'resolved',
      acknowledgedAt: t.alert.acknowledgedAt,
      acknowledgedBy: t.alert.acknowledgedBy,
      resolvedAt: at,
      resolvedBy: caller.userId,
      resolutionEnc: await sealText({ ...deps, store: tx }, row.clientId, resolutionBinding(row.id), resolution.note),
      followUpAction: resolution.followUpAction ?? null,
    });
    if (!ok) throw new DomainError('conflict', 'This alert changed meanwhile; reload and try again.');
    await tx.insertAlertEvent({ id: deps.ids.newId(), alertId: row.id, at, actorId: caller.userId, action: 'resolved', targetId: null });
  });
  return getAlert(deps, caller, alertId, ip);
}

/**
 * How many alerts are open or acknowledged. The admin (SPEC §2: "existence only") gets the
 * practice-wide number and nothing else; staff get the number in their own scope, without the
 * quietened alerts of ended courses (a safety alert always counts).
 */
export async function countAlerts(deps: Deps, caller: Caller): Promise<{ active: number; safety: number | null; scope: 'practice' | 'mine' }> {
  const statuses: AlertStatus[] = ['open', 'acknowledged'];
  const clinical = caller.roles.some((r) => r === 'therapist' || r === 'supervisor');
  if (!clinical && caller.roles.includes('admin')) return { active: await deps.store.countAlerts({ statuses }), safety: null, scope: 'practice' };
  const rows = await listInboxRowsQuiet(deps, caller);
  // Alerts of ended courses are quietened (issue 13): not counted, unless about safety.
  const ended = await endedCoursesOf(
    deps,
    rows.map((r) => r.clientId),
  );
  const visible = rows.filter((r) => r.kind === 'safety' || !ended.has(r.courseId));
  return { active: visible.length, safety: visible.filter((a) => a.kind === 'safety').length, scope: 'mine' };
}

async function listInboxRowsQuiet(deps: Deps, caller: Caller): Promise<AlertRow[]> {
  const clients = await clientsInScope(deps, caller, 'alerts:client');
  return deps.store.listAlerts({ clientIds: clients.map((c) => c.id), escalatedTo: caller.userId, statuses: ['open', 'acknowledged'] });
}

/** Active alerts per client, for the caseload (kinds and counts only, no content). */
export async function activeAlertsByClient(deps: Pick<Deps, 'store'>, clientIds: readonly string[]): Promise<Map<string, AlertRow[]>> {
  const rows = await deps.store.listAlerts({ clientIds, statuses: ['open', 'acknowledged'] });
  const out = new Map<string, AlertRow[]>();
  for (const r of rows) out.set(r.clientId, [...(out.get(r.clientId) ?? []), r]);
  for (const list of out.values()) list.sort(compareAlerts);
  return out;
}
