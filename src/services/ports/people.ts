/**
 * The people port: clients (their name and contact sealed under the client's own data key), those
 * data keys, courses of therapy and their sessions. Invariants: a client, course or session refers
 * to records that exist (foreign keys); a client's data key is written before anything sealed
 * under it and only ever re-wrapped, never replaced.
 */
import type { Frequency, Phase, CourseStatus, EndReason, SessionStatus } from '../../domain/people.ts';
import type { WrappedKey } from './system.ts';
import type { PageKey } from '../../domain/name-search.ts';

export type ClientRow = {
  id: string;
  practiceId: string;
  therapistId: string;
  nameEnc: string;
  contactEnc: string;
  status: 'active' | 'archived';
  createdAt: string;
  updatedAt: string;
};
export type CourseRow = {
  id: string;
  clientId: string;
  practiceId: string;
  therapistId: string;
  startedOn: string;
  endedOn: string | null;
  frequency: Frequency;
  phase: Phase;
  status: CourseStatus;
  endReason: EndReason | null;
  createdAt: string;
  updatedAt: string;
};
export type TherapySessionRow = {
  id: string;
  courseId: string;
  clientId: string;
  startsAt: string;
  durationMinutes: number;
  status: SessionStatus;
  createdAt: string;
  updatedAt: string;
};

/**
 * One page of a practice's clients, in (created at, id) order: those of `therapistIds` when given,
 * those whose name holds every word of `search` (domain/name-search.ts) when given, after the
 * key `after`, at most `limit`.
 */
export type ClientsPageQuery = { therapistIds?: readonly string[]; search?: string; after?: PageKey; limit: number };

/** What one client's portal shows, as the therapist chose (no row: the defaults). */
export type ClientPortalSettingsRow = { clientId: string; hideScores: boolean; updatedAt: string; updatedBy: string };

export interface PeopleStore {
  insertClientKey(clientId: string, key: WrappedKey, at: string): Promise<void>;
  findClientKey(clientId: string): Promise<WrappedKey | undefined>;
  /** Several clients' data keys in one query (lists that show many clients' names). */
  findClientKeys(clientIds: readonly string[]): Promise<Map<string, WrappedKey>>;
  listClientKeys(): Promise<(WrappedKey & { clientId: string })[]>;
  updateClientKey(clientId: string, key: WrappedKey): Promise<void>;

  insertClient(c: ClientRow): Promise<void>;
  findClient(id: string): Promise<ClientRow | undefined>;
  listClients(practiceId: string, filter: { therapistIds?: readonly string[] }): Promise<ClientRow[]>;
  /** One page of the practice's clients (keyset paging, optional name search): never the whole practice. */
  listClientsPage(practiceId: string, q: ClientsPageQuery): Promise<ClientRow[]>;
  /** Replaces the client's name index (keyed hashes of its words, under the account key) by that of `name`. */
  indexClientName(clientId: string, name: string): Promise<void>;
  /** Clients with no name index yet, by id after `after` (the index built for rows written before 0025). */
  clientsWithoutNameIndex(after: string | null, limit: number): Promise<ClientRow[]>;
  updateClient(id: string, patch: Partial<Pick<ClientRow, 'nameEnc' | 'contactEnc' | 'status' | 'therapistId' | 'updatedAt'>>): Promise<void>;

  insertCourse(c: CourseRow): Promise<void>;
  findCourse(id: string): Promise<CourseRow | undefined>;
  listCoursesOfClient(clientId: string): Promise<CourseRow[]>;
  listCoursesOfClients(clientIds: readonly string[]): Promise<CourseRow[]>;
  updateCourse(id: string, patch: Partial<Omit<CourseRow, 'id' | 'clientId' | 'practiceId' | 'createdAt'>>): Promise<void>;

  insertSession(s: TherapySessionRow): Promise<void>;
  findSession(id: string): Promise<TherapySessionRow | undefined>;
  listSessionsOfCourse(courseId: string): Promise<TherapySessionRow[]>;
  /** The start times of a course's attended sessions, in order (what a measure's session index counts; read from an index alone). */
  attendedStartsOfCourse(courseId: string): Promise<string[]>;
  /** The most recent session (not after `before`) of each of these clients. */
  lastSessionsOfClients(clientIds: readonly string[], before: string): Promise<TherapySessionRow[]>;
  /** Per course: attended sessions, and the first scheduled session after `now`. */
  sessionStatsOfCourses(courseIds: readonly string[], now: string): Promise<{ courseId: string; attended: number; nextStartsAt: string | null }[]>;
  updateSession(id: string, patch: Partial<Pick<TherapySessionRow, 'startsAt' | 'durationMinutes' | 'status' | 'updatedAt'>>): Promise<void>;

  findClientPortalSettings(clientId: string): Promise<ClientPortalSettingsRow | undefined>;
  /** Inserts or replaces the client's portal settings. */
  putClientPortalSettings(r: ClientPortalSettingsRow): Promise<void>;
}
