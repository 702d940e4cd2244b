/**
 * Reading the audit trail back: the admin's whole trail (actors and clients named) and one client's
 * access report (actors named). Recording a read of the trail is the request pipeline's work, like
 * any other read.
 */
import type { AuditEvent } from '../domain/audit-chain.ts';
import type { Deps } from './deps.ts';
import { namesOf } from './accounts/users.ts';
import { UNREADABLE, clientNamesOf } from './clinical-text.ts';

export type AuditTrailRow = {
  seq: number;
  at: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  resourceType: string;
  resourceId: string | null;
  clientId: string | null;
  outcome: string;
  ip: string | null;
  detail: string | null;
};

/** An id as Accord writes them (UUIDs), where an event's detail refers to someone by theirs. */
const ID_IN_DETAIL = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;

/**
 * The people a page of the trail names: the events' actors, and the staff an event's detail refers to
 * by id (the colleague a safety alert escalated to, a grant's grantee, the therapist supervised).
 * Ids that are no account's (a client's, a record's) find no name and stay as they are.
 */
const peopleOf = (events: readonly AuditEvent[]) => events.flatMap((e) => [e.actorId, ...(e.detail?.match(ID_IN_DETAIL) ?? [])]);

/** A detail with the ids of people in it replaced by their names (the stored detail, which the chain covers, is unchanged). */
const namedDetail = (detail: string | null, names: ReadonlyMap<string, string>) =>
  detail?.replace(ID_IN_DETAIL, (id) => names.get(id.toLowerCase()) ?? id) ?? null;

/** Events with their actors' names (a deleted or unknown actor stays unnamed), and the people their details refer to named. */
export function namedRows(events: readonly AuditEvent[], names: ReadonlyMap<string, string>): AuditTrailRow[] {
  return events.map((e) => ({
    seq: e.seq,
    at: e.at,
    actorId: e.actorId,
    actorName: e.actorId ? (names.get(e.actorId) ?? null) : null,
    action: e.action,
    resourceType: e.resourceType,
    resourceId: e.resourceId,
    clientId: e.clientId,
    outcome: e.outcome,
    ip: e.ip,
    detail: namedDetail(e.detail, names),
  }));
}

/** A row of the admin's trail: also the client's name, null when there is no client or it was erased. */
export type AdminAuditRow = AuditTrailRow & { clientName: string | null };

/**
 * The trail, newest first, filtered by client or actor and paged by sequence number, with the
 * actors' and the clients' names (an admin reads client identity, SPEC §2; the route's audit event
 * names every client whose name the page shows).
 */
export async function readAuditTrail(
  deps: Pick<Deps, 'store' | 'audit' | 'vault'>,
  filter: { clientId?: string | undefined; actorId?: string | undefined; limit: number; before?: number | undefined },
): Promise<AdminAuditRow[]> {
  const events = await deps.audit.list({ clientId: filter.clientId, actorId: filter.actorId, limit: filter.limit, beforeSeq: filter.before });
  const [actors, clients] = await Promise.all([
    namesOf(deps, peopleOf(events)),
    clientNamesOf(
      deps,
      events.map((e) => e.clientId),
    ),
  ]);
  return namedRows(events, actors).map((r) => {
    const name = r.clientId ? clients.get(r.clientId) : undefined;
    return { ...r, clientName: name === UNREADABLE ? '(unreadable)' : (name ?? null) };
  });
}

/** The last 200 events about one client, with their actors' names (the access report is presented from these). */
export async function clientTrail(deps: Pick<Deps, 'store' | 'audit'>, clientId: string): Promise<{ events: AuditEvent[]; names: Map<string, string> }> {
  const events = await deps.audit.list({ clientId, limit: 200 });
  return { events, names: await namesOf(deps, peopleOf(events)) };
}
