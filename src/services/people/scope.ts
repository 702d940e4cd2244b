/**
 * "Which clients may this caller see", written once: every list of clients (the caseload, the
 * caseload's measures, the alerts inbox and its count) narrows through `clientsInScope`, so a
 * list can never show a client the same caller would be refused one by one.
 */
import type { Caller, ClientRule, PolicyKey } from '../../domain/access.ts';
import { POLICY, allows, reachOf, relationsTo } from '../../domain/access.ts';
import type { Deps } from '../deps.ts';
import type { ClientRow } from '../ports.ts';

/** The policy keys about one client, the ones a list can be narrowed by. */
export type ClientPolicyKey = { [K in PolicyKey]: (typeof POLICY)[K] extends { about: 'client' } ? K : never }[PolicyKey];

/**
 * The clients of the practice the caller may reach under one client rule (e.g. `client:read`
 * for the caseload, `measures:read` for its scores): the caseloads the rule reaches (`reachOf`:
 * all for the admin where the rule lets the admin in, else the caller's own and their
 * supervisees'), each client then checked against the rule exactly as a request about that one
 * client would be. Practice order (as the store lists them).
 */
export async function clientsInScope(deps: Pick<Deps, 'store'>, caller: Caller, key: ClientPolicyKey): Promise<ClientRow[]> {
  const rule: ClientRule = POLICY[key];
  const practice = await deps.store.findPractice();
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
