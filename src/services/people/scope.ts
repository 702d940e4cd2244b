/**
 * "Which clients may this caller see", written once: every list of clients (the caseload, the
 * caseload's measures, the alerts inbox and its count) narrows through `clientsInScope`, so a
 * list can never show a client the same caller would be refused one by one.
 */
import type { Caller, ClientRule, PolicyKey } from '../../domain/access.ts';
import { POLICY, allows, reachOf, relationsTo } from '../../domain/access.ts';
import type { Deps } from '../deps.ts';
import type { ClientRow } from '../ports.ts';
import type { PageKey } from '../../domain/name-search.ts';
import { decodeCursor, encodeCursor, queryTokens } from '../../domain/name-search.ts';
import { DomainError } from '../../domain/errors.ts';

/** The policy keys about one client, the ones a list can be narrowed by. */
export type ClientPolicyKey = { [K in PolicyKey]: (typeof POLICY)[K] extends { about: 'client' } ? K : never }[PolicyKey];

/**
 * The clients of the practice the caller may reach under one client rule (e.g. `client:read`
 * for the caseload, `measures:read` for its scores): the caseloads the rule reaches (`reachOf`:
 * all for the admin where the rule lets the admin in, else the caller's own and their
 * supervisees'), each client then checked against the rule exactly as a request about that one
 * client would be. Practice order (as the store lists them).
 */
export async function clientsInScope(deps: Pick<Deps, 'store'>, caller: Caller, key: ClientPolicyKey, practiceId?: string): Promise<ClientRow[]> {
  const rule: ClientRule = POLICY[key];
  // The practice's id, when the request already knows it (the signed-in user's: one practice an
  // installation), saves a read; on PostgreSQL, a round trip.
  const practice = practiceId ? { id: practiceId } : await deps.store.findPractice();
  if (!practice) return [];
  const reach = reachOf(rule, caller);
  let filter: { therapistIds?: string[] } = {};
  // The therapists the caller supervises, read once: the only supervision relationsTo asks about is
  // the caller's own, so no per-therapist look-up is needed (one query, not one per therapist of the practice).
  const supervisees = new Set(caller.roles.includes('supervisor') ? await deps.store.superviseesOf(caller.userId) : []);
  if (!reach.all) {
    const therapistIds: string[] = [];
    if (reach.own) therapistIds.push(caller.userId);
    if (reach.supervisees) therapistIds.push(...supervisees);
    if (!therapistIds.length) return [];
    filter = { therapistIds };
  }
  const clients = await deps.store.listClients(practice.id, filter);
  const supervisors = (therapistId: string) => (supervisees.has(therapistId) ? [caller.userId] : []);
  return clients.filter((c) =>
    allows(rule, relationsTo(caller, { clientId: c.id, therapistId: c.therapistId, supervisorIdsOfTherapist: supervisors(c.therapistId) })),
  );
}

/**
 * The clients among `ids` the caller may reach under one client rule, each checked exactly as a
 * request about that one client would be; unknown ids and clients of other practices are left out.
 * Reads the named clients only (at most as many as named), never the practice.
 */
export async function clientsInScopeOf(deps: Pick<Deps, 'store'>, caller: Caller, key: ClientPolicyKey, ids: readonly string[]): Promise<ClientRow[]> {
  const rule: ClientRule = POLICY[key];
  const practice = await deps.store.findPractice();
  if (!practice || !ids.length) return [];
  const supervisees = new Set(caller.roles.includes('supervisor') ? await deps.store.superviseesOf(caller.userId) : []);
  const supervisors = (therapistId: string) => (supervisees.has(therapistId) ? [caller.userId] : []);
  const rows = await Promise.all([...new Set(ids)].map((id) => deps.store.findClient(id)));
  return rows.filter(
    (c): c is ClientRow =>
      !!c &&
      c.practiceId === practice.id &&
      allows(rule, relationsTo(caller, { clientId: c.id, therapistId: c.therapistId, supervisorIdsOfTherapist: supervisors(c.therapistId) })),
  );
}

/** A page request of a client list: how many, after which cursor, optionally a name search. */
export type PageRequest = { limit: number; after?: string | undefined; q?: string | undefined };
/** One page: the rows and the cursor of the next page (null: this was the last). */
export type Page<T> = { items: T[]; next: string | null };

/** Reads a cursor and a search of a request, refusing (400, never 500) what no list gave out. */
export function pageQuery(req: PageRequest): { after?: PageKey; search?: string } {
  const out: { after?: PageKey; search?: string } = {};
  if (req.after !== undefined) {
    const key = decodeCursor(req.after);
    if (!key) throw new DomainError('invalid_input', 'The cursor `after` is not one this list gave out: start again from the first page.', { field: 'after' });
    out.after = key;
  }
  if (req.q !== undefined) {
    if (!queryTokens(req.q).length) throw new DomainError('invalid_input', 'Search by name: type some letters or digits.', { field: 'q' });
    out.search = req.q;
  }
  return out;
}

/**
 * One page of `clientsInScope`: the same reach and the same per-client check, but the store reads
 * one page (keyset by created at and id, `limit` rows, optionally a name search), never the whole
 * practice. A client the rule refuses is left out of its page, so a page may be shorter than the
 * limit; `next` follows the last row read, so no client is skipped or shown twice.
 */
export async function clientsInScopePage(deps: Pick<Deps, 'store'>, caller: Caller, key: ClientPolicyKey, req: PageRequest): Promise<Page<ClientRow>> {
  const { after, search } = pageQuery(req);
  const rule: ClientRule = POLICY[key];
  const practice = await deps.store.findPractice();
  if (!practice) return { items: [], next: null };
  const reach = reachOf(rule, caller);
  const supervisees = new Set(caller.roles.includes('supervisor') ? await deps.store.superviseesOf(caller.userId) : []);
  let therapistIds: string[] | undefined;
  if (!reach.all) {
    therapistIds = [];
    if (reach.own) therapistIds.push(caller.userId);
    if (reach.supervisees) therapistIds.push(...supervisees);
    if (!therapistIds.length) return { items: [], next: null };
  }
  const rows = await deps.store.listClientsPage(practice.id, {
    ...(therapistIds ? { therapistIds } : {}),
    ...(search !== undefined ? { search } : {}),
    ...(after ? { after } : {}),
    limit: req.limit + 1,
  });
  const more = rows.length > req.limit;
  const read = more ? rows.slice(0, req.limit) : rows;
  const last = read.at(-1);
  const supervisors = (therapistId: string) => (supervisees.has(therapistId) ? [caller.userId] : []);
  return {
    items: read.filter((c) =>
      allows(rule, relationsTo(caller, { clientId: c.id, therapistId: c.therapistId, supervisorIdsOfTherapist: supervisors(c.therapistId) })),
    ),
    next: more && last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : null,
  };
}
