/**
 * The Store port as one object: the composition of the capability stores (accounts-store.ts,
 * people-store.ts, audit-store.ts, measures-store.ts, alerts-store.ts, alliance-store.ts, notes-store.ts, process-notes-store.ts, ending-store.ts, mail-store.ts, recovery-store.ts,
 * skills-store.ts, data-rights-store.ts, supervision-store.ts), each
 * the Kysely implementation of its port in services/ports/, one code path for SQLite and
 * PostgreSQL, mapping snake_case rows to camelCase records so nothing outside storage/ sees a
 * column name. They share one KyselyContext (kysely-context.ts): the connection or transaction,
 * the Vault, and the sealing of account identities and clinical records.
 *
 * This class only delegates. `implements Store` makes the compiler refuse it when a port method is
 * missing; each delegate takes its parameters from the port itself, so a changed signature fails
 * here too. `transaction()` gives a KyselyStore whose capability stores all run in the transaction.
 */
import type { Db, Shared } from './kysely-context.ts';
import { KyselyContext, newTransaction } from './kysely-context.ts';
import { KyselyAccountsStore } from './accounts-store.ts';
import { KyselyPeopleStore } from './people-store.ts';
import { KyselyAuditStore } from './audit-store.ts';
import { KyselyMeasuresStore } from './measures-store.ts';
import { KyselyAlertsStore } from './alerts-store.ts';
import { KyselyAllianceStore } from './alliance-store.ts';
import { KyselyProcessNotesStore } from './process-notes-store.ts';
import { KyselyNotesStore } from './notes-store.ts';
import { KyselyEndingStore } from './ending-store.ts';
import { KyselyMailStore } from './mail-store.ts';
import { KyselyRecoveryStore } from './recovery-store.ts';
import { KyselySkillsStore } from './skills-store.ts';
import { KyselyDataRightsStore } from './data-rights-store.ts';
import { KyselySupervisionStore } from './supervision-store.ts';
import { KyselyReportsStore } from './reports-store.ts';
import type {
  Store,
  Vault,
  AccountsStore,
  PeopleStore,
  AuditStore,
  MeasuresStore,
  AlertsStore,
  AllianceStore,
  ProcessNotesStore,
  NotesStore,
  EndingStore,
  MailStore,
  RecoveryStore,
  SkillsStore,
  DataRightsStore,
  SupervisionStore,
  ReportsStore,
} from '../services/ports.ts';

/**
 * The row cache's key of a call: its method and arguments, when they are strings, numbers,
 * booleans, null or undefined, arrays of them, or a set of them (as its sorted members: the
 * methods taking a set answer the same for any order). Anything else is not cached (undefined).
 */
export function cacheKey(method: string, args: readonly unknown[]): string | undefined {
  // The common case, one id: the same text as below, without walking the arguments.
  if (args.length === 1 && typeof args[0] === 'string') return `${method}:[${JSON.stringify(args[0])}]`;
  // Ids and lists of ids (the lists' calls): `plain` would give them back unchanged, so the same text.
  if (args.every((a) => typeof a === 'string' || (Array.isArray(a) && a.every((x) => typeof x === 'string')))) return `${method}:${JSON.stringify(args)}`;
  const plain = (v: unknown): unknown => {
    if (v === null || v === undefined || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v ?? null;
    if (Array.isArray(v)) return v.map(plain);
    if (v instanceof Set) return { set: [...(v as Set<unknown>)].map(plain).sort() };
    if (Object.getPrototypeOf(v) === Object.prototype) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
    throw new TypeError('not cacheable');
  };
  try {
    return `${method}:${JSON.stringify(args.map(plain))}`;
  } catch {
    return undefined;
  }
}

export class KyselyStore implements Store {
  private readonly accounts: KyselyAccountsStore;
  private readonly people: KyselyPeopleStore;
  private readonly audit: KyselyAuditStore;
  private readonly measures: KyselyMeasuresStore;
  private readonly alerts: KyselyAlertsStore;
  private readonly alliance: KyselyAllianceStore;
  private readonly processNotes: KyselyProcessNotesStore;
  private readonly notes: KyselyNotesStore;
  private readonly ending: KyselyEndingStore;
  private readonly mail: KyselyMailStore;
  private readonly recovery: KyselyRecoveryStore;
  private readonly skills: KyselySkillsStore;
  private readonly dataRights: KyselyDataRightsStore;
  private readonly supervision: KyselySupervisionStore;
  private readonly reports: KyselyReportsStore;

  constructor(
    private readonly db: Db,
    readonly dialect: 'sqlite' | 'postgres',
    private readonly vault: Vault,
    private readonly inTx = false,
    private readonly shared: Shared = { opened: new Map() },
  ) {
    const ctx = new KyselyContext(db, dialect, vault, inTx, shared);
    this.accounts = new KyselyAccountsStore(ctx);
    this.people = new KyselyPeopleStore(ctx);
    this.audit = new KyselyAuditStore(ctx);
    this.measures = new KyselyMeasuresStore(ctx);
    this.alerts = new KyselyAlertsStore(ctx);
    this.alliance = new KyselyAllianceStore(ctx);
    this.processNotes = new KyselyProcessNotesStore(ctx);
    this.notes = new KyselyNotesStore(ctx);
    this.ending = new KyselyEndingStore(ctx);
    this.mail = new KyselyMailStore(ctx);
    this.recovery = new KyselyRecoveryStore(ctx);
    this.skills = new KyselySkillsStore(ctx);
    this.dataRights = new KyselyDataRightsStore(ctx);
    this.supervision = new KyselySupervisionStore(ctx);
    this.reports = new KyselyReportsStore(ctx);
  }

  /**
   * A read answered from the SQLite row cache when there is one (row-cache.ts), outside
   * transactions only; tagged with the tables the answer comes from.
   */
  private cached<T>(tables: readonly string[], method: string, args: readonly unknown[], load: () => Promise<T>): Promise<T> {
    const rows = this.inTx ? undefined : this.shared.rows;
    const key = rows && cacheKey(method, args);
    return rows && key ? rows.get(tables, key, load) : load();
  }

  /**
   * A read that depends on the time `at` as well as the rows (row-cache.ts `getAt`): `load` says
   * until when its answer holds without a write.
   */
  private cachedAt<T>(
    tables: readonly string[],
    method: string,
    args: readonly unknown[],
    at: string,
    load: () => Promise<{ value: T; until: string | null }>,
  ): Promise<T> {
    const rows = this.inTx ? undefined : this.shared.rows;
    const key = rows && cacheKey(method, args);
    return rows && key ? rows.getAt(tables, key, at, load) : load().then((r) => r.value);
  }

  async transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T> {
    if (this.inTx) return fn(this);
    return newTransaction(this.db, this.shared, (tx) => fn(new KyselyStore(tx, this.dialect, this.vault, true, this.shared)));
  }

  /** Seals account identities written before 0006-sealed-identity (run by open.ts); see KyselyAccountsStore. */
  sealAccountIdentities(): Promise<number> {
    return this.accounts.sealAccountIdentities();
  }

  // ---- AccountsStore ----
  getMeta(...a: Parameters<AccountsStore['getMeta']>) {
    return this.accounts.getMeta(...a);
  }
  setMeta(...a: Parameters<AccountsStore['setMeta']>) {
    return this.accounts.setMeta(...a);
  }
  findPractice(...a: Parameters<AccountsStore['findPractice']>) {
    return this.cached(['practices'], 'findPractice', a, () => this.accounts.findPractice(...a));
  }
  insertPractice(...a: Parameters<AccountsStore['insertPractice']>) {
    return this.accounts.insertPractice(...a);
  }
  updatePractice(...a: Parameters<AccountsStore['updatePractice']>) {
    return this.accounts.updatePractice(...a);
  }
  findUserById(...a: Parameters<AccountsStore['findUserById']>) {
    return this.cached(['users', 'meta'], 'findUserById', a, () => this.accounts.findUserById(...a));
  }
  findUserByEmail(...a: Parameters<AccountsStore['findUserByEmail']>) {
    return this.accounts.findUserByEmail(...a);
  }
  findUserByClientId(...a: Parameters<AccountsStore['findUserByClientId']>) {
    return this.cached(['users', 'meta'], 'findUserByClientId', a, () => this.accounts.findUserByClientId(...a));
  }
  listUsers(...a: Parameters<AccountsStore['listUsers']>) {
    return this.accounts.listUsers(...a);
  }
  listStaffUsers(...a: Parameters<AccountsStore['listStaffUsers']>) {
    return this.cached(['users', 'meta'], 'listStaffUsers', a, () => this.accounts.listStaffUsers(...a));
  }
  displayNamesOf(...a: Parameters<AccountsStore['displayNamesOf']>) {
    return this.cached(['users', 'meta'], 'displayNamesOf', a, () => this.accounts.displayNamesOf(...a));
  }
  insertUser(...a: Parameters<AccountsStore['insertUser']>) {
    return this.accounts.insertUser(...a);
  }
  updateUser(...a: Parameters<AccountsStore['updateUser']>) {
    return this.accounts.updateUser(...a);
  }
  insertInvite(...a: Parameters<AccountsStore['insertInvite']>) {
    return this.accounts.insertInvite(...a);
  }
  findInviteByTokenHash(...a: Parameters<AccountsStore['findInviteByTokenHash']>) {
    return this.accounts.findInviteByTokenHash(...a);
  }
  useInvite(...a: Parameters<AccountsStore['useInvite']>) {
    return this.accounts.useInvite(...a);
  }
  listOpenInvites(...a: Parameters<AccountsStore['listOpenInvites']>) {
    return this.accounts.listOpenInvites(...a);
  }
  insertAuthSession(...a: Parameters<AccountsStore['insertAuthSession']>) {
    return this.accounts.insertAuthSession(...a);
  }
  findAuthSession(...a: Parameters<AccountsStore['findAuthSession']>) {
    return this.cached(['auth_sessions'], 'findAuthSession', a, () => this.accounts.findAuthSession(...a));
  }
  findSessionWithUser(...a: Parameters<AccountsStore['findSessionWithUser']>) {
    return this.cached(['users', 'meta', 'auth_sessions'], 'findSessionWithUser', a, () => this.accounts.findSessionWithUser(...a));
  }
  touchAuthSession(...a: Parameters<AccountsStore['touchAuthSession']>) {
    return this.accounts.touchAuthSession(...a);
  }
  deleteAuthSession(...a: Parameters<AccountsStore['deleteAuthSession']>) {
    return this.accounts.deleteAuthSession(...a);
  }
  deleteAuthSessionsOfUser(...a: Parameters<AccountsStore['deleteAuthSessionsOfUser']>) {
    return this.accounts.deleteAuthSessionsOfUser(...a);
  }
  deleteExpiredAuthSessions(...a: Parameters<AccountsStore['deleteExpiredAuthSessions']>) {
    return this.accounts.deleteExpiredAuthSessions(...a);
  }
  findThrottle(...a: Parameters<AccountsStore['findThrottle']>) {
    return this.accounts.findThrottle(...a);
  }
  putThrottle(...a: Parameters<AccountsStore['putThrottle']>) {
    return this.accounts.putThrottle(...a);
  }
  clearThrottle(...a: Parameters<AccountsStore['clearThrottle']>) {
    return this.accounts.clearThrottle(...a);
  }
  listSupervisions(...a: Parameters<AccountsStore['listSupervisions']>) {
    return this.accounts.listSupervisions(...a);
  }
  supervisorsOf(...a: Parameters<AccountsStore['supervisorsOf']>) {
    return this.cached(['supervisions'], 'supervisorsOf', a, () => this.accounts.supervisorsOf(...a));
  }
  superviseesOf(...a: Parameters<AccountsStore['superviseesOf']>) {
    return this.cached(['supervisions'], 'superviseesOf', a, () => this.accounts.superviseesOf(...a));
  }
  addSupervision(...a: Parameters<AccountsStore['addSupervision']>) {
    return this.accounts.addSupervision(...a);
  }
  removeSupervision(...a: Parameters<AccountsStore['removeSupervision']>) {
    return this.accounts.removeSupervision(...a);
  }
  findAccountKey(...a: Parameters<AccountsStore['findAccountKey']>) {
    return this.accounts.findAccountKey(...a);
  }
  updateAccountKey(...a: Parameters<AccountsStore['updateAccountKey']>) {
    return this.accounts.updateAccountKey(...a);
  }
  listStaffPage(...a: Parameters<AccountsStore['listStaffPage']>) {
    return this.accounts.listStaffPage(...a);
  }
  staffWithoutNameIndex(...a: Parameters<AccountsStore['staffWithoutNameIndex']>) {
    return this.accounts.staffWithoutNameIndex(...a);
  }
  indexStaffName(...a: Parameters<AccountsStore['indexStaffName']>) {
    return this.accounts.indexStaffName(...a);
  }
  insertPracticeNotice(...a: Parameters<AccountsStore['insertPracticeNotice']>) {
    return this.accounts.insertPracticeNotice(...a);
  }
  listPracticeNotices(...a: Parameters<AccountsStore['listPracticeNotices']>) {
    return this.accounts.listPracticeNotices(...a);
  }
  findNoticeMark(...a: Parameters<AccountsStore['findNoticeMark']>) {
    return this.accounts.findNoticeMark(...a);
  }
  insertAccessNotice(...a: Parameters<AccountsStore['insertAccessNotice']>) {
    return this.accounts.insertAccessNotice(...a);
  }
  listAccessNotices(...a: Parameters<AccountsStore['listAccessNotices']>) {
    return this.accounts.listAccessNotices(...a);
  }
  markAccessNoticesRead(...a: Parameters<AccountsStore['markAccessNoticesRead']>) {
    return this.accounts.markAccessNoticesRead(...a);
  }

  // ---- PeopleStore ----
  insertClientKey(...a: Parameters<PeopleStore['insertClientKey']>) {
    return this.people.insertClientKey(...a);
  }
  findClientKey(...a: Parameters<PeopleStore['findClientKey']>) {
    return this.cached(['client_keys'], 'findClientKey', a, () => this.people.findClientKey(...a));
  }
  findClientKeys(...a: Parameters<PeopleStore['findClientKeys']>) {
    return this.cached(['client_keys'], 'findClientKeys', a, () => this.people.findClientKeys(...a));
  }
  listClientKeys(...a: Parameters<PeopleStore['listClientKeys']>) {
    return this.people.listClientKeys(...a);
  }
  updateClientKey(...a: Parameters<PeopleStore['updateClientKey']>) {
    return this.people.updateClientKey(...a);
  }
  insertClient(...a: Parameters<PeopleStore['insertClient']>) {
    return this.people.insertClient(...a);
  }
  findClient(...a: Parameters<PeopleStore['findClient']>) {
    return this.cached(['clients'], 'findClient', a, () => this.people.findClient(...a));
  }
  listClients(...a: Parameters<PeopleStore['listClients']>) {
    return this.cached(['clients'], 'listClients', a, () => this.people.listClients(...a));
  }
  listClientsPage(...a: Parameters<PeopleStore['listClientsPage']>) {
    // A page without a search reads the clients table alone; a search also reads the name index
    // and the account key its hashes come from, so it is not kept.
    return a[1].search === undefined
      ? this.cached(['clients'], 'listClientsPage', a, () => this.people.listClientsPage(...a))
      : this.people.listClientsPage(...a);
  }
  indexClientName(...a: Parameters<PeopleStore['indexClientName']>) {
    return this.people.indexClientName(...a);
  }
  clientsWithoutNameIndex(...a: Parameters<PeopleStore['clientsWithoutNameIndex']>) {
    return this.people.clientsWithoutNameIndex(...a);
  }
  updateClient(...a: Parameters<PeopleStore['updateClient']>) {
    return this.people.updateClient(...a);
  }
  insertCourse(...a: Parameters<PeopleStore['insertCourse']>) {
    return this.people.insertCourse(...a);
  }
  findCourse(...a: Parameters<PeopleStore['findCourse']>) {
    return this.cached(['courses'], 'findCourse', a, () => this.people.findCourse(...a));
  }
  listCoursesOfClient(...a: Parameters<PeopleStore['listCoursesOfClient']>) {
    return this.cached(['courses'], 'listCoursesOfClient', a, () => this.people.listCoursesOfClient(...a));
  }
  listCoursesOfClients(...a: Parameters<PeopleStore['listCoursesOfClients']>) {
    return this.cached(['courses'], 'listCoursesOfClients', a, () => this.people.listCoursesOfClients(...a));
  }
  updateCourse(...a: Parameters<PeopleStore['updateCourse']>) {
    return this.people.updateCourse(...a);
  }
  insertSession(...a: Parameters<PeopleStore['insertSession']>) {
    return this.people.insertSession(...a);
  }
  findSession(...a: Parameters<PeopleStore['findSession']>) {
    return this.people.findSession(...a);
  }
  listSessionsOfCourse(...a: Parameters<PeopleStore['listSessionsOfCourse']>) {
    return this.people.listSessionsOfCourse(...a);
  }
  attendedStartsOfCourse(...a: Parameters<PeopleStore['attendedStartsOfCourse']>) {
    return this.people.attendedStartsOfCourse(...a);
  }
  lastSessionsOfClients(...a: Parameters<PeopleStore['lastSessionsOfClients']>) {
    const [clientIds, before] = a;
    // Holds until the next session of any of these clients begins (or a session is written).
    return this.cachedAt(['therapy_sessions'], 'lastSessionsOfClients', [clientIds], before, async () => {
      const [value, until] = await Promise.all([this.people.lastSessionsOfClients(...a), this.people.firstSessionAfter(clientIds, before)]);
      return { value, until };
    });
  }
  /** Storage's own: when the first session of any of these clients after `at` begins (how long a `lastSessionsOfClients` answer holds). */
  firstSessionAfter(clientIds: readonly string[], at: string): Promise<string | null> {
    return this.people.firstSessionAfter(clientIds, at);
  }
  sessionStatsOfCourses(...a: Parameters<PeopleStore['sessionStatsOfCourses']>) {
    const [courseIds, now] = a;
    // The attended counts do not change with time; each "next session" holds until it begins.
    return this.cachedAt(['therapy_sessions'], 'sessionStatsOfCourses', [courseIds], now, async () => {
      const value = await this.people.sessionStatsOfCourses(...a);
      let until: string | null = null;
      for (const v of value) if (v.nextStartsAt !== null && (until === null || v.nextStartsAt < until)) until = v.nextStartsAt;
      return { value, until };
    });
  }
  updateSession(...a: Parameters<PeopleStore['updateSession']>) {
    return this.people.updateSession(...a);
  }
  findClientPortalSettings(...a: Parameters<PeopleStore['findClientPortalSettings']>) {
    return this.people.findClientPortalSettings(...a);
  }
  putClientPortalSettings(...a: Parameters<PeopleStore['putClientPortalSettings']>) {
    return this.people.putClientPortalSettings(...a);
  }

  // ---- AuditStore ----
  appendAudit(...a: Parameters<AuditStore['appendAudit']>) {
    return this.audit.appendAudit(...a);
  }
  listAudit(...a: Parameters<AuditStore['listAudit']>) {
    return this.audit.listAudit(...a);
  }
  auditHead(...a: Parameters<AuditStore['auditHead']>) {
    return this.audit.auditHead(...a);
  }
  auditPages(...a: Parameters<AuditStore['auditPages']>) {
    return this.audit.auditPages(...a);
  }
  auditCheckpoint(...a: Parameters<AuditStore['auditCheckpoint']>) {
    return this.audit.auditCheckpoint(...a);
  }
  auditLanes(...a: Parameters<AuditStore['auditLanes']>) {
    return this.audit.auditLanes(...a);
  }
  auditLanePages(...a: Parameters<AuditStore['auditLanePages']>) {
    return this.audit.auditLanePages(...a);
  }
  anchorAudit(...a: Parameters<AuditStore['anchorAudit']>) {
    return this.audit.anchorAudit(...a);
  }
  anchorCheckpoint(...a: Parameters<AuditStore['anchorCheckpoint']>) {
    return this.audit.anchorCheckpoint(...a);
  }
  auditAnchorPages(...a: Parameters<AuditStore['auditAnchorPages']>) {
    return this.audit.auditAnchorPages(...a);
  }
  integrity(...a: Parameters<AuditStore['integrity']>) {
    return this.audit.integrity(...a);
  }
  sealIntegrity(...a: Parameters<AuditStore['sealIntegrity']>) {
    return this.audit.sealIntegrity(...a);
  }
  rewrapIntegrityKey(...a: Parameters<AuditStore['rewrapIntegrityKey']>) {
    return this.audit.rewrapIntegrityKey(...a);
  }
  integrityMasterKeyId(...a: Parameters<AuditStore['integrityMasterKeyId']>) {
    return this.audit.integrityMasterKeyId(...a);
  }
  sealedTables(...a: Parameters<AuditStore['sealedTables']>) {
    return this.audit.sealedTables(...a);
  }
  sealedRecordPages(...a: Parameters<AuditStore['sealedRecordPages']>) {
    return this.audit.sealedRecordPages(...a);
  }
  integrityCheck(...a: Parameters<AuditStore['integrityCheck']>) {
    return this.audit.integrityCheck(...a);
  }
  dumpTable(...a: Parameters<AuditStore['dumpTable']>) {
    return this.audit.dumpTable(...a);
  }
  loadTable(...a: Parameters<AuditStore['loadTable']>) {
    return this.audit.loadTable(...a);
  }
  tables(...a: Parameters<AuditStore['tables']>) {
    return this.audit.tables(...a);
  }
  legacyTables(...a: Parameters<AuditStore['legacyTables']>) {
    return this.audit.legacyTables(...a);
  }
  isEmpty(...a: Parameters<AuditStore['isEmpty']>) {
    return this.audit.isEmpty(...a);
  }

  // ---- MeasuresStore ----
  insertInstrumentDefinition(...a: Parameters<MeasuresStore['insertInstrumentDefinition']>) {
    return this.measures.insertInstrumentDefinition(...a);
  }
  listInstrumentDefinitions(...a: Parameters<MeasuresStore['listInstrumentDefinitions']>) {
    return this.measures.listInstrumentDefinitions(...a);
  }
  insertSchedule(...a: Parameters<MeasuresStore['insertSchedule']>) {
    return this.measures.insertSchedule(...a);
  }
  findSchedule(...a: Parameters<MeasuresStore['findSchedule']>) {
    return this.measures.findSchedule(...a);
  }
  listSchedulesOfCourses(...a: Parameters<MeasuresStore['listSchedulesOfCourses']>) {
    return this.measures.listSchedulesOfCourses(...a);
  }
  updateSchedule(...a: Parameters<MeasuresStore['updateSchedule']>) {
    return this.measures.updateSchedule(...a);
  }
  insertResponse(...a: Parameters<MeasuresStore['insertResponse']>) {
    return this.measures.insertResponse(...a);
  }
  findResponse(...a: Parameters<MeasuresStore['findResponse']>) {
    return this.measures.findResponse(...a);
  }
  listResponsesOfClients(...a: Parameters<MeasuresStore['listResponsesOfClients']>) {
    return this.measures.listResponsesOfClients(...a);
  }
  listResponseScores(...a: Parameters<MeasuresStore['listResponseScores']>) {
    return this.measures.listResponseScores(...a);
  }
  listSeriesPoints(...a: Parameters<MeasuresStore['listSeriesPoints']>) {
    return this.measures.listSeriesPoints(...a);
  }
  listInstrumentsOfCourse(...a: Parameters<MeasuresStore['listInstrumentsOfCourse']>) {
    return this.measures.listInstrumentsOfCourse(...a);
  }
  queueOutcomeCheck(...a: Parameters<MeasuresStore['queueOutcomeCheck']>) {
    return this.measures.queueOutcomeCheck(...a);
  }
  claimOutcomeCheck(...a: Parameters<MeasuresStore['claimOutcomeCheck']>) {
    return this.measures.claimOutcomeCheck(...a);
  }
  listOutcomeChecks(...a: Parameters<MeasuresStore['listOutcomeChecks']>) {
    return this.measures.listOutcomeChecks(...a);
  }
  listRecentScores(...a: Parameters<MeasuresStore['listRecentScores']>) {
    return this.measures.listRecentScores(...a);
  }
  listRecentScoresOfClients(...a: Parameters<MeasuresStore['listRecentScoresOfClients']>) {
    return this.measures.listRecentScoresOfClients(...a);
  }
  rebuildMeasureSeries(...a: Parameters<MeasuresStore['rebuildMeasureSeries']>) {
    return this.measures.rebuildMeasureSeries(...a);
  }

  // ---- AlertsStore ----
  insertAlertIfAbsent(...a: Parameters<AlertsStore['insertAlertIfAbsent']>) {
    return this.alerts.insertAlertIfAbsent(...a);
  }
  findAlert(...a: Parameters<AlertsStore['findAlert']>) {
    return this.alerts.findAlert(...a);
  }
  alertIdByDedupeKey(...a: Parameters<AlertsStore['alertIdByDedupeKey']>) {
    return this.alerts.alertIdByDedupeKey(...a);
  }
  listAlerts(...a: Parameters<AlertsStore['listAlerts']>) {
    return this.alerts.listAlerts(...a);
  }
  countAlerts(...a: Parameters<AlertsStore['countAlerts']>) {
    return this.alerts.countAlerts(...a);
  }
  updateAlertStatus(...a: Parameters<AlertsStore['updateAlertStatus']>) {
    return this.alerts.updateAlertStatus(...a);
  }
  listEscalationCandidates(...a: Parameters<AlertsStore['listEscalationCandidates']>) {
    return this.alerts.listEscalationCandidates(...a);
  }
  claimEscalation(...a: Parameters<AlertsStore['claimEscalation']>) {
    return this.alerts.claimEscalation(...a);
  }
  insertAlertEvent(...a: Parameters<AlertsStore['insertAlertEvent']>) {
    return this.alerts.insertAlertEvent(...a);
  }
  listAlertEvents(...a: Parameters<AlertsStore['listAlertEvents']>) {
    return this.alerts.listAlertEvents(...a);
  }
  findEscalationColleague(...a: Parameters<AlertsStore['findEscalationColleague']>) {
    return this.alerts.findEscalationColleague(...a);
  }
  setEscalationColleague(...a: Parameters<AlertsStore['setEscalationColleague']>) {
    return this.alerts.setEscalationColleague(...a);
  }

  // ---- AllianceStore ----
  insertExpectationsResponse(...a: Parameters<AllianceStore['insertExpectationsResponse']>) {
    return this.alliance.insertExpectationsResponse(...a);
  }
  listExpectationsResponses(...a: Parameters<AllianceStore['listExpectationsResponses']>) {
    return this.alliance.listExpectationsResponses(...a);
  }
  insertGoal(...a: Parameters<AllianceStore['insertGoal']>) {
    return this.alliance.insertGoal(...a);
  }
  findGoal(...a: Parameters<AllianceStore['findGoal']>) {
    return this.alliance.findGoal(...a);
  }
  listGoals(...a: Parameters<AllianceStore['listGoals']>) {
    return this.alliance.listGoals(...a);
  }
  courseHasAgreedGoal(...a: Parameters<AllianceStore['courseHasAgreedGoal']>) {
    return this.alliance.courseHasAgreedGoal(...a);
  }
  updateGoal(...a: Parameters<AllianceStore['updateGoal']>) {
    return this.alliance.updateGoal(...a);
  }
  insertGoalRating(...a: Parameters<AllianceStore['insertGoalRating']>) {
    return this.alliance.insertGoalRating(...a);
  }
  listGoalRatings(...a: Parameters<AllianceStore['listGoalRatings']>) {
    return this.alliance.listGoalRatings(...a);
  }
  appendLedgerEntry(...a: Parameters<AllianceStore['appendLedgerEntry']>) {
    return this.alliance.appendLedgerEntry(...a);
  }
  listLedger(...a: Parameters<AllianceStore['listLedger']>) {
    return this.alliance.listLedger(...a);
  }
  insertPhaseChange(...a: Parameters<AllianceStore['insertPhaseChange']>) {
    return this.alliance.insertPhaseChange(...a);
  }
  listPhaseChanges(...a: Parameters<AllianceStore['listPhaseChanges']>) {
    return this.alliance.listPhaseChanges(...a);
  }
  putAllianceSnapshot(...a: Parameters<AllianceStore['putAllianceSnapshot']>) {
    return this.alliance.putAllianceSnapshot(...a);
  }
  listAllianceSnapshots(...a: Parameters<AllianceStore['listAllianceSnapshots']>) {
    return this.alliance.listAllianceSnapshots(...a);
  }
  putAllianceSnapshots(...a: Parameters<AllianceStore['putAllianceSnapshots']>) {
    return this.alliance.putAllianceSnapshots(...a);
  }
  listAllianceSnapshotKeys(...a: Parameters<AllianceStore['listAllianceSnapshotKeys']>) {
    return this.alliance.listAllianceSnapshotKeys(...a);
  }
  deleteAllianceSnapshots(...a: Parameters<AllianceStore['deleteAllianceSnapshots']>) {
    return this.alliance.deleteAllianceSnapshots(...a);
  }
  listCourseAllianceGlances(...a: Parameters<AllianceStore['listCourseAllianceGlances']>) {
    return this.cached(['alliance_ledger', 'alliance_snapshots'], 'listCourseAllianceGlances', a, () => this.alliance.listCourseAllianceGlances(...a));
  }
  listCourseAllianceGlancesOfClients(...a: Parameters<AllianceStore['listCourseAllianceGlancesOfClients']>) {
    return this.cached(['alliance_ledger', 'alliance_snapshots', 'courses'], 'listCourseAllianceGlancesOfClients', a, () =>
      this.alliance.listCourseAllianceGlancesOfClients(...a),
    );
  }

  // ---- ProcessNotesStore ----
  insertProcessNote(...a: Parameters<ProcessNotesStore['insertProcessNote']>) {
    return this.processNotes.insertProcessNote(...a);
  }
  findProcessNote(...a: Parameters<ProcessNotesStore['findProcessNote']>) {
    return this.processNotes.findProcessNote(...a);
  }
  updateProcessNote(...a: Parameters<ProcessNotesStore['updateProcessNote']>) {
    return this.processNotes.updateProcessNote(...a);
  }
  listProcessNotes(...a: Parameters<ProcessNotesStore['listProcessNotes']>) {
    return this.processNotes.listProcessNotes(...a);
  }
  listProcessNotesOfAuthor(...a: Parameters<ProcessNotesStore['listProcessNotesOfAuthor']>) {
    return this.processNotes.listProcessNotesOfAuthor(...a);
  }
  insertProcessNoteGrant(...a: Parameters<ProcessNotesStore['insertProcessNoteGrant']>) {
    return this.processNotes.insertProcessNoteGrant(...a);
  }
  findProcessNoteGrant(...a: Parameters<ProcessNotesStore['findProcessNoteGrant']>) {
    return this.processNotes.findProcessNoteGrant(...a);
  }
  listProcessNoteGrants(...a: Parameters<ProcessNotesStore['listProcessNoteGrants']>) {
    return this.processNotes.listProcessNoteGrants(...a);
  }
  revokeProcessNoteGrant(...a: Parameters<ProcessNotesStore['revokeProcessNoteGrant']>) {
    return this.processNotes.revokeProcessNoteGrant(...a);
  }
  // ---- NotesStore ----
  insertProgressNote(...a: Parameters<NotesStore['insertProgressNote']>) {
    return this.notes.insertProgressNote(...a);
  }
  findProgressNoteOfSession(...a: Parameters<NotesStore['findProgressNoteOfSession']>) {
    return this.notes.findProgressNoteOfSession(...a);
  }
  listProgressNotesOfClient(...a: Parameters<NotesStore['listProgressNotesOfClient']>) {
    return this.notes.listProgressNotesOfClient(...a);
  }
  updateProgressNoteDraft(...a: Parameters<NotesStore['updateProgressNoteDraft']>) {
    return this.notes.updateProgressNoteDraft(...a);
  }
  signProgressNote(...a: Parameters<NotesStore['signProgressNote']>) {
    return this.notes.signProgressNote(...a);
  }
  setProgressNoteShared(...a: Parameters<NotesStore['setProgressNoteShared']>) {
    return this.notes.setProgressNoteShared(...a);
  }
  insertNoteAddendum(...a: Parameters<NotesStore['insertNoteAddendum']>) {
    return this.notes.insertNoteAddendum(...a);
  }
  listNoteAddenda(...a: Parameters<NotesStore['listNoteAddenda']>) {
    return this.notes.listNoteAddenda(...a);
  }
  insertReflection(...a: Parameters<NotesStore['insertReflection']>) {
    return this.notes.insertReflection(...a);
  }
  findReflectionOfSession(...a: Parameters<NotesStore['findReflectionOfSession']>) {
    return this.notes.findReflectionOfSession(...a);
  }
  updateReflection(...a: Parameters<NotesStore['updateReflection']>) {
    return this.notes.updateReflection(...a);
  }
  listSharedReflectionsOfCourse(...a: Parameters<NotesStore['listSharedReflectionsOfCourse']>) {
    return this.notes.listSharedReflectionsOfCourse(...a);
  }
  // ---- EndingStore ----
  findEnding(...a: Parameters<EndingStore['findEnding']>) {
    return this.ending.findEnding(...a);
  }
  listEndingsOfClient(...a: Parameters<EndingStore['listEndingsOfClient']>) {
    return this.ending.listEndingsOfClient(...a);
  }
  saveOpenEnding(...a: Parameters<EndingStore['saveOpenEnding']>) {
    return this.ending.saveOpenEnding(...a);
  }
  closeEnding(...a: Parameters<EndingStore['closeEnding']>) {
    return this.ending.closeEnding(...a);
  }
  answerFollowUp(...a: Parameters<EndingStore['answerFollowUp']>) {
    return this.ending.answerFollowUp(...a);
  }
  findEndingSettings(...a: Parameters<EndingStore['findEndingSettings']>) {
    return this.ending.findEndingSettings(...a);
  }
  setEndingSettings(...a: Parameters<EndingStore['setEndingSettings']>) {
    return this.ending.setEndingSettings(...a);
  }

  // ---- MailStore ----
  findMailSettings(...a: Parameters<MailStore['findMailSettings']>) {
    return this.mail.findMailSettings(...a);
  }
  setMailSettings(...a: Parameters<MailStore['setMailSettings']>) {
    return this.mail.setMailSettings(...a);
  }
  enqueueMail(...a: Parameters<MailStore['enqueueMail']>) {
    return this.mail.enqueueMail(...a);
  }
  claimMail(...a: Parameters<MailStore['claimMail']>) {
    return this.mail.claimMail(...a);
  }
  markMailSent(...a: Parameters<MailStore['markMailSent']>) {
    return this.mail.markMailSent(...a);
  }
  markMailFailed(...a: Parameters<MailStore['markMailFailed']>) {
    return this.mail.markMailFailed(...a);
  }
  listOutbox(...a: Parameters<MailStore['listOutbox']>) {
    return this.mail.listOutbox(...a);
  }
  findMailPreference(...a: Parameters<MailStore['findMailPreference']>) {
    return this.mail.findMailPreference(...a);
  }
  setMailPreference(...a: Parameters<MailStore['setMailPreference']>) {
    return this.mail.setMailPreference(...a);
  }
  listDigestSubscribers(...a: Parameters<MailStore['listDigestSubscribers']>) {
    return this.mail.listDigestSubscribers(...a);
  }
  listPortalAccounts(...a: Parameters<MailStore['listPortalAccounts']>) {
    return this.mail.listPortalAccounts(...a);
  }

  // ---- RecoveryStore ----
  replaceRecoveryCodes(...a: Parameters<RecoveryStore['replaceRecoveryCodes']>) {
    return this.recovery.replaceRecoveryCodes(...a);
  }
  useRecoveryCode(...a: Parameters<RecoveryStore['useRecoveryCode']>) {
    return this.recovery.useRecoveryCode(...a);
  }
  countRecoveryCodes(...a: Parameters<RecoveryStore['countRecoveryCodes']>) {
    return this.recovery.countRecoveryCodes(...a);
  }
  insertAccountReset(...a: Parameters<RecoveryStore['insertAccountReset']>) {
    return this.recovery.insertAccountReset(...a);
  }
  findAccountResetByTokenHash(...a: Parameters<RecoveryStore['findAccountResetByTokenHash']>) {
    return this.recovery.findAccountResetByTokenHash(...a);
  }
  useAccountReset(...a: Parameters<RecoveryStore['useAccountReset']>) {
    return this.recovery.useAccountReset(...a);
  }

  // ---- SkillsStore ----
  findSkillsSettings(...a: Parameters<SkillsStore['findSkillsSettings']>) {
    return this.skills.findSkillsSettings(...a);
  }
  setSkillsSettings(...a: Parameters<SkillsStore['setSkillsSettings']>) {
    return this.skills.setSkillsSettings(...a);
  }
  insertSkillsCheck(...a: Parameters<SkillsStore['insertSkillsCheck']>) {
    return this.skills.insertSkillsCheck(...a);
  }
  listSkillsChecks(...a: Parameters<SkillsStore['listSkillsChecks']>) {
    return this.skills.listSkillsChecks(...a);
  }
  insertSkillTarget(...a: Parameters<SkillsStore['insertSkillTarget']>) {
    return this.skills.insertSkillTarget(...a);
  }
  findSkillTarget(...a: Parameters<SkillsStore['findSkillTarget']>) {
    return this.skills.findSkillTarget(...a);
  }
  listSkillTargets(...a: Parameters<SkillsStore['listSkillTargets']>) {
    return this.skills.listSkillTargets(...a);
  }
  updateSkillTarget(...a: Parameters<SkillsStore['updateSkillTarget']>) {
    return this.skills.updateSkillTarget(...a);
  }
  listActiveTargetSummaries(...a: Parameters<SkillsStore['listActiveTargetSummaries']>) {
    return this.skills.listActiveTargetSummaries(...a);
  }
  insertPracticeLog(...a: Parameters<SkillsStore['insertPracticeLog']>) {
    return this.skills.insertPracticeLog(...a);
  }
  findPracticeLog(...a: Parameters<SkillsStore['findPracticeLog']>) {
    return this.skills.findPracticeLog(...a);
  }
  listPracticeLogs(...a: Parameters<SkillsStore['listPracticeLogs']>) {
    return this.skills.listPracticeLogs(...a);
  }
  setPracticeCelebrated(...a: Parameters<SkillsStore['setPracticeCelebrated']>) {
    return this.skills.setPracticeCelebrated(...a);
  }
  insertTracker(...a: Parameters<SkillsStore['insertTracker']>) {
    return this.skills.insertTracker(...a);
  }
  listTrackers(...a: Parameters<SkillsStore['listTrackers']>) {
    return this.skills.listTrackers(...a);
  }
  insertTrackerDay(...a: Parameters<SkillsStore['insertTrackerDay']>) {
    return this.skills.insertTrackerDay(...a);
  }
  updateTrackerDay(...a: Parameters<SkillsStore['updateTrackerDay']>) {
    return this.skills.updateTrackerDay(...a);
  }
  listTrackerDays(...a: Parameters<SkillsStore['listTrackerDays']>) {
    return this.skills.listTrackerDays(...a);
  }
  insertPlannedBreak(...a: Parameters<SkillsStore['insertPlannedBreak']>) {
    return this.skills.insertPlannedBreak(...a);
  }
  listPlannedBreaks(...a: Parameters<SkillsStore['listPlannedBreaks']>) {
    return this.skills.listPlannedBreaks(...a);
  }
  insertSupportCheck(...a: Parameters<SkillsStore['insertSupportCheck']>) {
    return this.skills.insertSupportCheck(...a);
  }
  listSupportChecks(...a: Parameters<SkillsStore['listSupportChecks']>) {
    return this.skills.listSupportChecks(...a);
  }
  findSkillsSharing(...a: Parameters<SkillsStore['findSkillsSharing']>) {
    return this.skills.findSkillsSharing(...a);
  }
  setSkillsSharing(...a: Parameters<SkillsStore['setSkillsSharing']>) {
    return this.skills.setSkillsSharing(...a);
  }
  loadSkillsForAlliance(...a: Parameters<SkillsStore['loadSkillsForAlliance']>) {
    return this.skills.loadSkillsForAlliance(...a);
  }

  // ---- DataRightsStore ----
  findRetention(...a: Parameters<DataRightsStore['findRetention']>) {
    return this.dataRights.findRetention(...a);
  }
  setRetention(...a: Parameters<DataRightsStore['setRetention']>) {
    return this.dataRights.setRetention(...a);
  }
  insertHold(...a: Parameters<DataRightsStore['insertHold']>) {
    return this.dataRights.insertHold(...a);
  }
  listHolds(...a: Parameters<DataRightsStore['listHolds']>) {
    return this.dataRights.listHolds(...a);
  }
  releaseHold(...a: Parameters<DataRightsStore['releaseHold']>) {
    return this.dataRights.releaseHold(...a);
  }
  eraseClientKey(...a: Parameters<DataRightsStore['eraseClientKey']>) {
    return this.dataRights.eraseClientKey(...a);
  }
  listErasures(...a: Parameters<DataRightsStore['listErasures']>) {
    return this.dataRights.listErasures(...a);
  }

  // ---- SupervisionStore ----
  insertSupervisionNote(...a: Parameters<SupervisionStore['insertSupervisionNote']>) {
    return this.supervision.insertSupervisionNote(...a);
  }
  findSupervisionNote(...a: Parameters<SupervisionStore['findSupervisionNote']>) {
    return this.supervision.findSupervisionNote(...a);
  }
  listSupervisionNotes(...a: Parameters<SupervisionStore['listSupervisionNotes']>) {
    return this.supervision.listSupervisionNotes(...a);
  }
  acknowledgeSupervisionNote(...a: Parameters<SupervisionStore['acknowledgeSupervisionNote']>) {
    return this.supervision.acknowledgeSupervisionNote(...a);
  }
  amendSupervisionNote(...a: Parameters<SupervisionStore['amendSupervisionNote']>) {
    return this.supervision.amendSupervisionNote(...a);
  }
  withdrawSupervisionNote(...a: Parameters<SupervisionStore['withdrawSupervisionNote']>) {
    return this.supervision.withdrawSupervisionNote(...a);
  }
  listSupervisionNoteVersions(...a: Parameters<SupervisionStore['listSupervisionNoteVersions']>) {
    return this.supervision.listSupervisionNoteVersions(...a);
  }
  insertSupervisionReply(...a: Parameters<SupervisionStore['insertSupervisionReply']>) {
    return this.supervision.insertSupervisionReply(...a);
  }
  listSupervisionReplies(...a: Parameters<SupervisionStore['listSupervisionReplies']>) {
    return this.supervision.listSupervisionReplies(...a);
  }

  // ---- ReportsStore ----
  upsertCourseOutcome(...a: Parameters<ReportsStore['upsertCourseOutcome']>) {
    return this.reports.upsertCourseOutcome(...a);
  }
  findCourseOutcome(...a: Parameters<ReportsStore['findCourseOutcome']>) {
    return this.reports.findCourseOutcome(...a);
  }
  countCourseOutcomes(...a: Parameters<ReportsStore['countCourseOutcomes']>) {
    return this.reports.countCourseOutcomes(...a);
  }
  listOutcomeSeries(...a: Parameters<ReportsStore['listOutcomeSeries']>) {
    return this.reports.listOutcomeSeries(...a);
  }
  listCourseIdsAfter(...a: Parameters<ReportsStore['listCourseIdsAfter']>) {
    return this.reports.listCourseIdsAfter(...a);
  }
}
