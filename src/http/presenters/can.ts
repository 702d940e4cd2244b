/**
 * What the caller may do, presented with each object the server returns (`can`), decided by the
 * domain from POLICY and the same relations the pipeline decided the request on — so the web app
 * shows what the server would allow instead of re-deriving it from roles.
 *
 * A client's own projection (./client.ts) holds here too: a client account is never told about
 * alerts, language cues or the alert escalation, not even that they may not see them — those keys
 * are left out of what it is presented, not set to false.
 */
import type { Caller, ClientAction, CourseAction, Relation, SecondFactorSettings, SessionCan } from '../../domain/access.ts';
import { CLIENT_ACTIONS, COURSE_ACTIONS, permitted, sessionCan } from '../../domain/access.ts';
import { hiddenFromClient } from './client.ts';

/** Keys a client account is not presented (SPEC §2: no alerts or anything derived from them, no process notes; SPEC §5.5: no cues). */
export const hiddenKeyFromClient = (key: string): boolean => hiddenFromClient(key) || key.startsWith('escalation:') || key.startsWith('process-notes:');

/** The keys of CLIENT_ACTIONS and SESSION_ACTIONS a client account is never presented (the schemas make them optional). */
export type ClientHidden =
  | 'alerts:client'
  | 'cues:read'
  | 'escalation:own'
  | 'escalation:practice'
  | 'process-notes:list'
  | 'process-notes:write'
  | 'process-notes:grant'
  | 'process-notes:export';
/** A `can` as presented: the keys a client account is not shown are optional. */
export type Presented<T> = Omit<T, ClientHidden> & Partial<Pick<T, Extract<keyof T, ClientHidden>>>;

const isClientAccount = (caller: Caller | undefined) => !!caller && caller.roles.every((r) => r === 'client');

function projected<T extends Record<string, boolean>>(can: T, caller: Caller | undefined): Presented<T> {
  if (!isClientAccount(caller)) return can;
  return Object.fromEntries(Object.entries(can).filter(([k]) => !hiddenKeyFromClient(k))) as Presented<T>;
}

/** The session's `can`: practice actions and client actions open to the caller toward some client. */
export function presentSessionCan(caller: Caller, settings: SecondFactorSettings | undefined): Presented<SessionCan> {
  return projected(sessionCan(caller, settings), caller);
}

/** A client record's `can`, from the caller's relations to that client. */
export function presentClientCan(caller: Caller | undefined, relations: readonly Relation[]): Presented<Record<ClientAction, boolean>> {
  return projected(permitted(CLIENT_ACTIONS, caller, relations), caller);
}

/** A course's `can` (the relations are those to the course's client). */
export function presentCourseCan(caller: Caller | undefined, relations: readonly Relation[]): Presented<Record<CourseAction, boolean>> {
  return projected(permitted(COURSE_ACTIONS, caller, relations), caller);
}

/** The object with what the caller may do with it. */
export const withCan = <T extends object, C>(object: T, can: C): T & { can: C } => ({ ...object, can });
