/**
 * The only doors from the use cases to the world. Services receive these through `Deps` and never
 * import storage, HTTP or the file system directly; tests hand them the real SQLite store with a
 * fixed clock and predictable ids.
 */
import type { ScoreSource } from '../domain/measures/series.ts';
import type { Role, UserStatus, Frequency, Phase, CourseStatus, EndReason, SessionStatus } from '../domain/people.ts';
import type { AuditEvent, AuditEventInput, SealBoundary } from '../domain/audit-chain.ts';
import type { AlertKind, AlertSeverity, AlertStatus } from '../domain/alerts/alert.ts';
import type { Cadence } from '../domain/measures/schedule.ts';

export interface Clock { now(): Date }
export interface Ids { newId(): string; token(): string }

/** Envelope encryption of clinical text (AES-256-GCM, per-client data keys under a master key). */
export interface Vault {
  /** A fresh data key, wrapped by the current master key. */
  newDataKey(): WrappedKey;
  /** Encrypts text under a data key; `binding` ties the ciphertext to its record and field. */
  seal(key: WrappedKey, plaintext: string, binding: string): string;
  open(key: WrappedKey, ciphertext: string, binding: string): string;
  /** Encrypts a small secret directly under the master key (TOTP secrets). */
  sealSecret(plaintext: string, binding: string): string;
  openSecret(ciphertext: string, binding: string): string;
  /** Re-wraps a data key under the current master key (key rotation). */
  rewrap(key: WrappedKey): WrappedKey;
  currentMasterKeyId(): string;
  /** Adds a new master key and makes it current; returns its id. */
  rotateMasterKey(): string;
  /** Forgets master keys no longer used by any wrapped key. */
  retireMasterKeys(inUse: ReadonlySet<string>): string[];
  /**
   * A keyed hash (HMAC-SHA256, hex) of `text` under a key derived (HKDF) from this data key: equal
   * texts give equal hashes, so a sealed column can still be looked up, without revealing the text.
   */
  lookupHash(key: WrappedKey, text: string): string;
  /** A fresh random integrity key, sealed under the current master key (it is kept in the database). */
  newIntegrityKey(): string;
  /** Opens a sealed integrity key and derives its MAC keys (HKDF-SHA-256, one per purpose); throws when it does not open. */
  integrityKeys(sealed: string): IntegrityKeys;
  /** Re-seals an integrity key under the current master key (rotation); the key itself stays the same. */
  rewrapIntegrityKey(sealed: string): string;
  /** Whether the key file (read afresh) still holds this master key, so a restart can use it. */
  isKept(masterKeyId: string): boolean;
  /** Null when the data key unwraps with the master keys on disk; otherwise why not. */
  checkDataKey(key: WrappedKey): string | null;
  /** Null when a secret sealed by sealSecret opens with the master keys on disk; otherwise why not. */
  checkSecret(ciphertext: string, binding: string): string | null;
  /** Encrypts / decrypts whole files (backups) under a key derived from the master key. */
  sealBlob(data: Buffer): Buffer;
  openBlob(data: Buffer): Buffer;
}
export type WrappedKey = { wrapped: string; masterKeyId: string };
/** MAC keys for the audit chain and for record seals; never the encryption keys. */
export type IntegrityKeys = { chain: Uint8Array; records: Uint8Array };
export type IntegrityState = { keys: IntegrityKeys; since: SealBoundary; mac: string };
/** Immutable clinical tables whose records carry a seal. */
export type SealedTable = 'measure_responses' | 'goal_ratings' | 'alliance_ledger';
export type SealedRecord = { table: SealedTable; id: string; seal: string | null; auditSeq: number | null; fields: unknown[] };

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
}

// ---- Records as the store returns them (camelCase; storage maps snake_case) ----
export type PracticeRow = {
  id: string; name: string; timeZone: string; crisisInfo: string; requireMfaStaff: boolean; requireMfaAdmin: boolean;
  escalationMinutes: number; createdAt: string;
};
export type UserRow = {
  id: string; practiceId: string; email: string; displayName: string; passwordHash: string | null; roles: Role[];
  status: UserStatus; clientId: string | null; totpSecret: string | null; totpLastStep: number | null; mfaEnabled: boolean;
  createdAt: string; updatedAt: string;
};
export type InviteRow = {
  id: string; practiceId: string; tokenHash: string; email: string; roles: Role[]; clientId: string | null;
  createdBy: string; createdAt: string; expiresAt: string; usedAt: string | null;
};
export type AuthSessionRow = {
  idHash: string; userId: string; createdAt: string; lastSeenAt: string; expiresAt: string; mfaVerified: boolean;
  reauthAt: string | null; csrfToken: string;
};
export type ClientRow = {
  id: string; practiceId: string; therapistId: string; nameEnc: string; contactEnc: string; status: 'active' | 'archived';
  createdAt: string; updatedAt: string;
};
export type CourseRow = {
  id: string; clientId: string; practiceId: string; therapistId: string; startedOn: string; endedOn: string | null;
  frequency: Frequency; phase: Phase; status: CourseStatus; endReason: EndReason | null; createdAt: string; updatedAt: string;
};
export type TherapySessionRow = {
  id: string; courseId: string; clientId: string; startsAt: string; durationMinutes: number; status: SessionStatus;
  createdAt: string; updatedAt: string;
};
/**
 * A notice to a therapist that someone gained access to their clients: `grantee` was made their
 * supervisor, or was given one of their clients, by `actor` (the same person when self-granted).
 */
export type AccessNoticeRow = {
  id: string; practiceId: string; userId: string; kind: 'supervisor_added' | 'client_reassigned' | 'escalation_colleague'; actorId: string; granteeId: string;
  clientId: string | null; createdAt: string; readAt: string | null;
};
export type ThrottleRow = { key: string; failures: number; firstFailureAt: string; lockedUntil: string | null };

export type AuditQuery = { clientId?: string; actorId?: string; limit: number; beforeSeq?: number };

// ---- Measures and alerts (SPEC §3 C4, C8): records ----
export type InstrumentDefinitionRow = { id: string; code: string; version: string; definition: string; createdBy: string; createdAt: string };
export type ScheduleRow = {
  id: string; courseId: string; clientId: string; instrumentCode: string; cadence: Cadence; everyN: number | null; active: boolean;
  createdBy: string; createdAt: string; updatedAt: string;
};
export type ResponseSource = ScoreSource;
/** A submitted questionnaire response: immutable; a correction is a new row that supersedes it. */
export type ResponseRow = {
  id: string; clientId: string; courseId: string | null; sessionId: string | null; scheduleId: string | null; instrumentCode: string;
  instrumentVersion: string; respondent: 'client' | 'therapist'; source: ResponseSource; enteredBy: string; completedAt: string;
  createdAt: string; answersEnc: string; valid: boolean; total: number | null; bandLabel: string | null; bandSeverity: string | null;
  caseness: boolean | null; invalidReason: string | null; safetyFlagged: boolean; supersedesId: string | null;
};
/** A stored alert: kind, severity, status and times in clear; title, summary, evidence sealed in `contentEnc`. */
export type AlertRow = {
  id: string; clientId: string; courseId: string; therapistId: string; kind: AlertKind; severity: AlertSeverity; dedupeKey: string;
  contentEnc: string; status: AlertStatus; raisedAt: string; acknowledgedAt: string | null; acknowledgedBy: string | null;
  resolvedAt: string | null; resolvedBy: string | null; resolutionEnc: string | null; followUpAction: string | null;
  escalatedAt: string | null; escalatedTo: string | null;
};
/** One point of a course's score series: the first of each instrument, or one of its latest. */
export type RecentScoreRow = {
  id: string; clientId: string; courseId: string; instrumentCode: string; completedAt: string; total: number; bandLabel: string | null;
  bandSeverity: string | null; caseness: boolean | null; isFirst: boolean; fromLatest: number;
};
/** A response without its sealed answers: what charts, the caseload and the outcome rules read. */
export type ResponseScoreRow = Omit<ResponseRow, 'answersEnc'>;
export type AlertEventRow = { id: string; alertId: string; at: string; actorId: string | null; action: string; targetId: string | null };
export type AlertFilter = {
  therapistIds?: readonly string[]; clientIds?: readonly string[]; escalatedTo?: string; statuses?: readonly AlertStatus[];
};

/** The persistence port. `transaction` gives a Store whose writes commit or roll back together. */
export interface Store {
  readonly dialect: 'sqlite' | 'postgres';
  transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T>;

  getMeta(key: string): Promise<string | undefined>;
  setMeta(key: string, value: string): Promise<void>;

  findPractice(): Promise<PracticeRow | undefined>;
  insertPractice(p: PracticeRow): Promise<void>;
  updatePractice(id: string, patch: Partial<Omit<PracticeRow, 'id' | 'createdAt'>>): Promise<void>;

  findUserById(id: string): Promise<UserRow | undefined>;
  findUserByEmail(email: string): Promise<UserRow | undefined>;
  findUserByClientId(clientId: string): Promise<UserRow | undefined>;
  listUsers(practiceId: string): Promise<UserRow[]>;
  insertUser(u: UserRow): Promise<void>;
  updateUser(id: string, patch: Partial<Omit<UserRow, 'id' | 'practiceId' | 'createdAt'>>): Promise<void>;

  insertInvite(i: InviteRow): Promise<void>;
  findInviteByTokenHash(hash: string): Promise<InviteRow | undefined>;
  /** Marks an unused invite used; false when it was already used (replay). */
  useInvite(id: string, at: string): Promise<boolean>;
  listOpenInvites(practiceId: string, now: string): Promise<InviteRow[]>;

  insertAuthSession(s: AuthSessionRow): Promise<void>;
  findAuthSession(idHash: string): Promise<AuthSessionRow | undefined>;
  touchAuthSession(idHash: string, patch: Partial<Pick<AuthSessionRow, 'lastSeenAt' | 'mfaVerified' | 'reauthAt'>>): Promise<void>;
  deleteAuthSession(idHash: string): Promise<void>;
  deleteAuthSessionsOfUser(userId: string): Promise<void>;
  deleteExpiredAuthSessions(now: string, idleBefore: string): Promise<number>;

  findThrottle(key: string): Promise<ThrottleRow | undefined>;
  putThrottle(t: ThrottleRow): Promise<void>;
  clearThrottle(key: string): Promise<void>;

  listSupervisions(practiceId: string): Promise<{ supervisorId: string; therapistId: string }[]>;
  supervisorsOf(therapistId: string): Promise<string[]>;
  superviseesOf(supervisorId: string): Promise<string[]>;
  addSupervision(practiceId: string, supervisorId: string, therapistId: string, at: string): Promise<void>;
  removeSupervision(supervisorId: string, therapistId: string): Promise<void>;

  /**
   * The practice's account key: seals every account's email and name (users, invites) and keys the
   * hash their email is looked up by. Created on first use; master-key rotation re-wraps it.
   */
  findAccountKey(): Promise<WrappedKey | undefined>;
  updateAccountKey(key: WrappedKey): Promise<void>;
  insertAccessNotice(n: AccessNoticeRow): Promise<void>;
  /** A person's notices, newest first. */
  listAccessNotices(userId: string, limit: number): Promise<AccessNoticeRow[]>;
  markAccessNoticesRead(userId: string, at: string): Promise<void>;

  insertClientKey(clientId: string, key: WrappedKey, at: string): Promise<void>;
  findClientKey(clientId: string): Promise<WrappedKey | undefined>;
  /** Several clients' data keys in one query (lists that show many clients' names). */
  findClientKeys(clientIds: readonly string[]): Promise<Map<string, WrappedKey>>;
  listClientKeys(): Promise<(WrappedKey & { clientId: string })[]>;
  updateClientKey(clientId: string, key: WrappedKey): Promise<void>;

  insertClient(c: ClientRow): Promise<void>;
  findClient(id: string): Promise<ClientRow | undefined>;
  listClients(practiceId: string, filter: { therapistIds?: readonly string[] }): Promise<ClientRow[]>;
  updateClient(id: string, patch: Partial<Pick<ClientRow, 'nameEnc' | 'contactEnc' | 'status' | 'therapistId' | 'updatedAt'>>): Promise<void>;

  insertCourse(c: CourseRow): Promise<void>;
  findCourse(id: string): Promise<CourseRow | undefined>;
  listCoursesOfClient(clientId: string): Promise<CourseRow[]>;
  listCoursesOfClients(clientIds: readonly string[]): Promise<CourseRow[]>;
  updateCourse(id: string, patch: Partial<Omit<CourseRow, 'id' | 'clientId' | 'practiceId' | 'createdAt'>>): Promise<void>;

  insertSession(s: TherapySessionRow): Promise<void>;
  findSession(id: string): Promise<TherapySessionRow | undefined>;
  listSessionsOfCourse(courseId: string): Promise<TherapySessionRow[]>;
  /** The most recent session (not after `before`) of each of these clients. */
  lastSessionsOfClients(clientIds: readonly string[], before: string): Promise<TherapySessionRow[]>;
  /** Per course: attended sessions, and the first scheduled session after `now`. */
  sessionStatsOfCourses(courseIds: readonly string[], now: string): Promise<{ courseId: string; attended: number; nextStartsAt: string | null }[]>;
  updateSession(id: string, patch: Partial<Pick<TherapySessionRow, 'startsAt' | 'durationMinutes' | 'status' | 'updatedAt'>>): Promise<void>;

  /** Appends events to the hash chain atomically, in order; safe across processes. */
  appendAudit(events: readonly (AuditEventInput & { id: string; at: string })[]): Promise<AuditEvent[]>;
  listAudit(q: AuditQuery): Promise<AuditEvent[]>;
  /** The chain head: the last seq and hash, kept apart from the events so truncation shows. */
  auditHead(): Promise<{ seq: number; hash: string }>;
  /** Streams the whole chain in seq order, in pages. */
  auditPages(pageSize: number): AsyncIterable<AuditEvent[]>;
  /** The head with its keyed checkpoint, read in one go (mac null before the database is sealed). */
  auditCheckpoint(): Promise<{ seq: number; hash: string; mac: string | null }>;

  /**
   * The database's integrity seal: the MAC keys (its key opened with the key ring the store was
   * opened with; throws when it does not open) and the boundary where keyed links begin.
   * Undefined when the database has not been sealed.
   */
  integrity(): Promise<IntegrityState | undefined>;
  /**
   * Seals a database that has no integrity key yet (first start after the upgrade that brought
   * sealing, or a restore of an older backup): makes the key, checkpoints the chain as it stands,
   * and seals every record not sealed yet. True when it sealed; safe when instances start together.
   * `replace` seals afresh over an existing key (a restore of a backup that had none).
   */
  sealIntegrity(at: string, opts?: { replace?: boolean }): Promise<boolean>;
  /** Re-wraps the integrity key under the current master key (rotation). */
  rewrapIntegrityKey(): Promise<void>;
  /** The id of the master key the integrity key is sealed under (undefined before sealing). */
  integrityMasterKeyId(): Promise<string | undefined>;
  sealedTables(): readonly SealedTable[];
  /** A sealed table's records in pages: the fields their seal covers, the seal and its audit length. */
  sealedRecordPages(table: SealedTable, pageSize: number): AsyncIterable<SealedRecord[]>;

  /** Integrity check of the database itself (SQLite: PRAGMA integrity_check). */
  integrityCheck(): Promise<string[]>;
  /** Every table's rows, for backups; `tables` lists them in dependency order. */
  dumpTable(table: string): AsyncIterable<Record<string, unknown>[]>;
  loadTable(table: string, rows: readonly Record<string, unknown>[]): Promise<void>;
  tables(): readonly string[];
  isEmpty(): Promise<boolean>;

  // ---- Measures and alerts (SPEC §3 C4, C8) ----
  insertInstrumentDefinition(r: InstrumentDefinitionRow): Promise<void>;
  listInstrumentDefinitions(): Promise<InstrumentDefinitionRow[]>;

  insertSchedule(r: ScheduleRow): Promise<void>;
  findSchedule(id: string): Promise<ScheduleRow | undefined>;
  listSchedulesOfCourses(courseIds: readonly string[]): Promise<ScheduleRow[]>;
  updateSchedule(id: string, patch: Partial<Pick<ScheduleRow, 'active' | 'everyN' | 'cadence' | 'updatedAt'>>): Promise<void>;

  /** Inserts a response; a second correction of the same response fails (supersedes_id is unique). */
  insertResponse(r: ResponseRow): Promise<void>;
  findResponse(id: string): Promise<ResponseRow | undefined>;
  /** Every response of these clients (superseded ones included), oldest first. */
  listResponsesOfClients(clientIds: readonly string[]): Promise<ResponseRow[]>;
  /** Scores only (no answers) of these clients, or of one course, oldest first. */
  listResponseScores(filter: { clientIds?: readonly string[]; courseId?: string }): Promise<ResponseScoreRow[]>;
  /**
   * For each course and instrument, the first valid current response and the `lastN` latest
   * (fromLatest 1 = the latest), superseded responses left out — the caseload's sparklines.
   */
  listRecentScores(courseIds: readonly string[], lastN: number): Promise<RecentScoreRow[]>;

  /** Inserts the alert unless one with the same dedupe key exists; true when inserted. */
  insertAlertIfAbsent(r: AlertRow): Promise<boolean>;
  findAlert(id: string): Promise<AlertRow | undefined>;
  findAlertByDedupeKey(key: string): Promise<AlertRow | undefined>;
  listAlerts(filter: AlertFilter): Promise<AlertRow[]>;
  countAlerts(filter: AlertFilter): Promise<number>;
  /** Applies a lifecycle change only if the alert is still in `fromStatus`; false when it moved meanwhile. */
  updateAlertStatus(id: string, fromStatus: AlertStatus, patch: Partial<Pick<AlertRow, 'status' | 'acknowledgedAt' | 'acknowledgedBy' | 'resolvedAt' | 'resolvedBy' | 'resolutionEnc' | 'followUpAction'>>): Promise<boolean>;
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

  // ---- Alliance ledger (SPEC §3 C2, C3, §5.3) ----
  insertExpectationsResponse(r: ExpectationsResponseRow): Promise<void>;
  /** Every Expectations check of a course, oldest first. */
  listExpectationsResponses(courseId: string): Promise<ExpectationsResponseRow[]>;
  insertGoal(r: GoalRow): Promise<void>;
  findGoal(id: string): Promise<GoalRow | undefined>;
  listGoals(courseId: string): Promise<GoalRow[]>;
  /** Applies a lifecycle change only if the goal is still in `fromState`; false when it moved meanwhile. */
  updateGoal(id: string, fromState: string, patch: Partial<Omit<GoalRow, 'id' | 'courseId' | 'clientId' | 'author' | 'proposedAt' | 'proposedBy'>>): Promise<boolean>;
  insertGoalRating(r: GoalRatingRow): Promise<void>;
  listGoalRatings(courseId: string): Promise<GoalRatingRow[]>;
  /** Appends one ledger entry; fails when `seq` is taken (a concurrent append), so the ledger never forks. */
  appendLedgerEntry(r: LedgerEntryRow): Promise<void>;
  /** The ledger of a course in append order. */
  listLedger(courseId: string): Promise<LedgerEntryRow[]>;
  insertPhaseChange(r: PhaseChangeRow): Promise<void>;
  listPhaseChanges(courseId: string): Promise<PhaseChangeRow[]>;
  /** Inserts or replaces the snapshot of (courseId, sessionId). */
  putAllianceSnapshot(r: AllianceSnapshotRow): Promise<void>;
  listAllianceSnapshots(courseId: string): Promise<AllianceSnapshotRow[]>;
  deleteAllianceSnapshots(courseId: string, sessionIds: readonly string[]): Promise<void>;
}

// ---- Alliance ledger (SPEC §3 C2, C3, §5.3): records. Texts are sealed (`*Enc`). ----
export type ExpectationsResponseRow = {
  id: string; courseId: string; clientId: string; side: 'client' | 'therapist'; answeredAt: string; enteredBy: string;
  answersEnc: string; freeTextEnc: string | null; cuesEnc: string | null; createdAt: string;
};
export type GoalRow = {
  id: string; courseId: string; clientId: string; author: 'client' | 'therapist'; focus: string; state: string; proposedAt: string;
  proposedBy: string; textEnc: string; cuesEnc: string | null; agreedAt: string | null; agreedBy: 'client' | 'therapist' | null;
  agreementRecordedBy: 'client' | 'therapist' | null; agreementWordsEnc: string | null; closedState: string | null; closedAt: string | null;
  closedBy: 'client' | 'therapist' | null; closureNoteEnc: string | null; revisedTo: string | null; revisionOf: string | null;
  gasWeight: number | null; gasDescriptionsEnc: string | null; updatedAt: string;
};
export type GoalRatingRow = {
  id: string; goalId: string; courseId: string; kind: 'progress' | 'gas'; at: string; value: number; recordedBy: 'client' | 'therapist';
};
export type LedgerEntryRow = {
  id: string; courseId: string; clientId: string; seq: number; kind: 'proposal' | 'confirmation' | 'decline'; agreementId: string; at: string;
  side: 'client' | 'therapist'; recordedBy: 'client' | 'therapist' | null; enteredBy: string; allianceType: string | null; frequency: string | null;
  /** JSON of the review point: { kind: 'date', date } or { kind: 'after_sessions', sessions }. */
  reviewPoint: string | null; supersedes: string | null; statementEnc: string | null; reasonEnc: string | null; wordsEnc: string | null;
};
export type PhaseChangeRow = { id: string; courseId: string; at: string; phase: Phase };
export type AllianceSnapshotRow = {
  id: string; courseId: string; clientId: string; sessionId: string; at: string; inputsKey: string; dominant: string;
  /** JSON of the distribution over the four types (numbers only). */
  distribution: string; mass: number; evidenceEnc: string; computedAt: string;
};
