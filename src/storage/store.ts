/**
 * The Kysely implementation of the Store port, one code path for SQLite and PostgreSQL. Maps
 * snake_case rows to camelCase records; nothing outside storage/ sees a column name.
 *
 * Account identity is sealed here, below the port: users and invites store a keyed hash of the
 * normalised email (looked up and kept unique) and the address and name sealed under the
 * practice's account key; sign-in throttle keys (which name an email or an address) are stored
 * as keyed hashes too. Services see plain UserRow and InviteRow records.
 */
import { sql } from 'kysely';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from './schema.ts';
import { TABLE_ORDER } from './schema.ts';
import type {
  Store, PracticeRow, UserRow, InviteRow, AuthSessionRow, ClientRow, CourseRow, TherapySessionRow, ThrottleRow, WrappedKey, AuditQuery, AccessNoticeRow,
} from '../services/ports.ts';
import type {
  AlertEventRow, AlertFilter, AlertRow, InstrumentDefinitionRow, RecentScoreRow, ResponseRow, ResponseScoreRow, ResponseSource, ScheduleRow,
} from '../services/ports.ts';
import type { AlertKind, AlertSeverity, AlertStatus } from '../domain/alerts/alert.ts';
import type {
  AllianceSnapshotRow, ExpectationsResponseRow, GoalRatingRow, GoalRow, LedgerEntryRow, PhaseChangeRow,
} from '../services/ports.ts';
import type { Cadence } from '../domain/measures/schedule.ts';
import type { AuditEvent, AuditEventInput, AuditOutcome, SealBoundary } from '../domain/audit-chain.ts';
import { auditMac, boundaryMac, headMac } from '../domain/audit-chain.ts';
import { recordSeal } from '../domain/record-seal.ts';
import type { IntegrityKeys, IntegrityState, SealedRecord, SealedTable, Vault } from '../services/ports.ts';
import type { Role, UserStatus, Frequency, Phase, CourseStatus, EndReason, SessionStatus } from '../domain/people.ts';

type Db = Kysely<DB> | Transaction<DB>;

const bool = (v: boolean): number => (v ? 1 : 0);
const roles = (s: string): Role[] => (s ? (s.split(',') as Role[]) : []);

const toPractice = (r: DB['practices']): PracticeRow => ({
  id: r.id, name: r.name, timeZone: r.time_zone, crisisInfo: r.crisis_info, requireMfaStaff: !!r.require_mfa_staff,
  requireMfaAdmin: !!r.require_mfa_admin, escalationMinutes: Number(r.escalation_minutes), createdAt: r.created_at,
});
/** The normalised form of an email that its look-up hash is taken of. */
const normalEmail = (email: string): string => email.normalize('NFC').trim().toLowerCase();
/** The meta row holding the account key (JSON of a WrappedKey). */
const ACCOUNT_KEY = 'account_key';

type Opened<R> = Omit<R, 'email_hash' | 'email_enc' | 'display_name_enc'> & { email: string; display_name: string };
const toUser = (r: Opened<DB['users']>): UserRow => ({
  id: r.id, practiceId: r.practice_id, email: r.email, displayName: r.display_name, passwordHash: r.password_hash,
  roles: roles(r.roles), status: r.status as UserStatus, clientId: r.client_id, totpSecret: r.totp_secret,
  totpLastStep: r.totp_last_step === null ? null : Number(r.totp_last_step), mfaEnabled: !!r.mfa_enabled,
  createdAt: r.created_at, updatedAt: r.updated_at,
});
const toInvite = (r: Opened<DB['invites']>): InviteRow => ({
  id: r.id, practiceId: r.practice_id, tokenHash: r.token_hash, email: r.email, roles: roles(r.roles), clientId: r.client_id,
  createdBy: r.created_by, createdAt: r.created_at, expiresAt: r.expires_at, usedAt: r.used_at,
});
const toAuthSession = (r: DB['auth_sessions']): AuthSessionRow => ({
  idHash: r.id_hash, userId: r.user_id, createdAt: r.created_at, lastSeenAt: r.last_seen_at, expiresAt: r.expires_at,
  mfaVerified: !!r.mfa_verified, reauthAt: r.reauth_at, csrfToken: r.csrf_token,
});
const toClient = (r: DB['clients']): ClientRow => ({
  id: r.id, practiceId: r.practice_id, therapistId: r.therapist_id, nameEnc: r.name_enc, contactEnc: r.contact_enc,
  status: r.status as ClientRow['status'], createdAt: r.created_at, updatedAt: r.updated_at,
});
const toCourse = (r: DB['courses']): CourseRow => ({
  id: r.id, clientId: r.client_id, practiceId: r.practice_id, therapistId: r.therapist_id, startedOn: r.started_on,
  endedOn: r.ended_on, frequency: r.frequency as Frequency, phase: r.phase as Phase, status: r.status as CourseStatus,
  endReason: r.end_reason as EndReason | null, createdAt: r.created_at, updatedAt: r.updated_at,
});
const toSession = (r: DB['therapy_sessions']): TherapySessionRow => ({
  id: r.id, courseId: r.course_id, clientId: r.client_id, startsAt: r.starts_at, durationMinutes: Number(r.duration_minutes),
  status: r.status as SessionStatus, createdAt: r.created_at, updatedAt: r.updated_at,
});
const toAudit = (r: DB['audit_events']): AuditEvent => ({
  seq: Number(r.seq), id: r.id, at: r.at, actorId: r.actor_id, actorRole: r.actor_role, action: r.action,
  resourceType: r.resource_type, resourceId: r.resource_id, clientId: r.client_id, outcome: r.outcome as AuditOutcome,
  ip: r.ip, detail: r.detail, prevHash: r.prev_hash, hash: r.hash,
});

// ---- Measures and alerts (SPEC §3 C4, C8): row mappers ----
const toSchedule = (r: DB['measure_schedules']): ScheduleRow => ({
  id: r.id, courseId: r.course_id, clientId: r.client_id, instrumentCode: r.instrument_code, cadence: r.cadence as Cadence,
  everyN: r.every_n === null ? null : Number(r.every_n), active: !!r.active, createdBy: r.created_by, createdAt: r.created_at, updatedAt: r.updated_at,
});
type Unsealed<T> = Omit<T, 'seal' | 'sealed_seq'>;
const toResponse = (r: Unsealed<DB['measure_responses']>): ResponseRow => ({
  id: r.id, clientId: r.client_id, courseId: r.course_id, sessionId: r.session_id, scheduleId: r.schedule_id, instrumentCode: r.instrument_code,
  instrumentVersion: r.instrument_version, respondent: r.respondent as ResponseRow['respondent'], source: r.source as ResponseSource,
  enteredBy: r.entered_by, completedAt: r.completed_at, createdAt: r.created_at, answersEnc: r.answers_enc, valid: !!r.valid,
  total: r.total === null ? null : Number(r.total), bandLabel: r.band_label, bandSeverity: r.band_severity,
  caseness: r.caseness === null ? null : !!r.caseness, invalidReason: r.invalid_reason, safetyFlagged: !!r.safety_flagged, supersedesId: r.supersedes_id,
});
const toAlert = (r: DB['alerts']): AlertRow => ({
  id: r.id, clientId: r.client_id, courseId: r.course_id, therapistId: r.therapist_id, kind: r.kind as AlertKind, severity: r.severity as AlertSeverity,
  dedupeKey: r.dedupe_key, contentEnc: r.content_enc, status: r.status as AlertStatus, raisedAt: r.raised_at, acknowledgedAt: r.acknowledged_at,
  acknowledgedBy: r.acknowledged_by, resolvedAt: r.resolved_at, resolvedBy: r.resolved_by, resolutionEnc: r.resolution_enc,
  followUpAction: r.follow_up_action, escalatedAt: r.escalated_at, escalatedTo: r.escalated_to,
});

// ---- Alliance ledger (SPEC §3 C2, C3, §5.3): row mappers ----
type SideName = 'client' | 'therapist';
const toExpectations = (r: DB['expectations_responses']): ExpectationsResponseRow => ({
  id: r.id, courseId: r.course_id, clientId: r.client_id, side: r.side as SideName, answeredAt: r.answered_at, enteredBy: r.entered_by,
  answersEnc: r.answers_enc, freeTextEnc: r.free_text_enc, cuesEnc: r.cues_enc, createdAt: r.created_at,
});
const toGoal = (r: DB['goals']): GoalRow => ({
  id: r.id, courseId: r.course_id, clientId: r.client_id, author: r.author as SideName, focus: r.focus, state: r.state, proposedAt: r.proposed_at,
  proposedBy: r.proposed_by, textEnc: r.text_enc, cuesEnc: r.cues_enc, agreedAt: r.agreed_at, agreedBy: r.agreed_by as SideName | null,
  agreementRecordedBy: r.agreement_recorded_by as SideName | null, agreementWordsEnc: r.agreement_words_enc, closedState: r.closed_state,
  closedAt: r.closed_at, closedBy: r.closed_by as SideName | null, closureNoteEnc: r.closure_note_enc, revisedTo: r.revised_to,
  revisionOf: r.revision_of, gasWeight: r.gas_weight === null ? null : Number(r.gas_weight), gasDescriptionsEnc: r.gas_descriptions_enc,
  updatedAt: r.updated_at,
});
const goalColumns = (g: Partial<GoalRow>) => definedOnly({
  state: g.state, focus: g.focus, text_enc: g.textEnc, cues_enc: g.cuesEnc, agreed_at: g.agreedAt, agreed_by: g.agreedBy,
  agreement_recorded_by: g.agreementRecordedBy, agreement_words_enc: g.agreementWordsEnc, closed_state: g.closedState, closed_at: g.closedAt,
  closed_by: g.closedBy, closure_note_enc: g.closureNoteEnc, revised_to: g.revisedTo, revision_of: g.revisionOf, gas_weight: g.gasWeight,
  gas_descriptions_enc: g.gasDescriptionsEnc, updated_at: g.updatedAt,
});
const toLedgerEntry = (r: Unsealed<DB['alliance_ledger']>): LedgerEntryRow => ({
  id: r.id, courseId: r.course_id, clientId: r.client_id, seq: Number(r.seq), kind: r.kind as LedgerEntryRow['kind'], agreementId: r.agreement_id,
  at: r.at, side: r.side as SideName, recordedBy: r.recorded_by as SideName | null, enteredBy: r.entered_by, allianceType: r.alliance_type,
  frequency: r.frequency, reviewPoint: r.review_point, supersedes: r.supersedes, statementEnc: r.statement_enc, reasonEnc: r.reason_enc,
  wordsEnc: r.words_enc,
});
const toGoalRating = (r: Unsealed<DB['goal_ratings']>): GoalRatingRow => ({
  id: r.id, goalId: r.goal_id, courseId: r.course_id, kind: r.kind as GoalRatingRow['kind'], at: r.at, value: Number(r.value),
  recordedBy: r.recorded_by as GoalRatingRow['recordedBy'],
});
const toSnapshot = (r: DB['alliance_snapshots']): AllianceSnapshotRow => ({
  id: r.id, courseId: r.course_id, clientId: r.client_id, sessionId: r.session_id, at: r.at, inputsKey: r.inputs_key, dominant: r.dominant,
  distribution: r.distribution, mass: Number(r.mass), evidenceEnc: r.evidence_enc, computedAt: r.computed_at,
});

// ---- Record seals: the columns each sealed table's seal covers, from the mapped record, so both
// dialects give the same text (float totals through Math.fround: PostgreSQL keeps them as real).
const responseFields = (r: ResponseRow): unknown[] => [
  r.clientId, r.courseId, r.sessionId, r.scheduleId, r.instrumentCode, r.instrumentVersion, r.respondent, r.source, r.enteredBy, r.completedAt,
  r.createdAt, r.answersEnc, r.valid, r.total === null ? null : Math.fround(r.total), r.bandLabel, r.bandSeverity, r.caseness, r.invalidReason,
  r.safetyFlagged, r.supersedesId,
];
const goalRatingFields = (r: GoalRatingRow): unknown[] => [r.goalId, r.courseId, r.kind, r.at, r.value, r.recordedBy];
const ledgerFields = (r: LedgerEntryRow): unknown[] => [
  r.courseId, r.clientId, r.seq, r.kind, r.agreementId, r.at, r.side, r.recordedBy, r.enteredBy, r.allianceType, r.frequency, r.reviewPoint,
  r.supersedes, r.statementEnc, r.reasonEnc, r.wordsEnc,
];
const SEALED: { [T in SealedTable]: (r: DB[T]) => unknown[] } = {
  measure_responses: (r) => responseFields(toResponse(r)),
  goal_ratings: (r) => goalRatingFields(toGoalRating(r)),
  alliance_ledger: (r) => ledgerFields(toLedgerEntry(r)),
};
const SEALED_TABLES = Object.keys(SEALED) as SealedTable[];

/** The meta row holding the sealed integrity key and the boundary where keyed links begin. */
const INTEGRITY_META = 'integrity';
type IntegrityMeta = { key: string; since: SealBoundary; mac: string };


function definedOnly<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * What a store and the stores of its transactions share: the account key once read (committed)
 * and the integrity keys once opened.
 */
type Shared = { accountKey?: WrappedKey | undefined; opened: Map<string, IntegrityKeys> };

export class KyselyStore implements Store {
  constructor(
    private readonly db: Db, readonly dialect: 'sqlite' | 'postgres', private readonly vault: Vault,
    private readonly inTx = false, private readonly shared: Shared = { opened: new Map() },
  ) {}

  async transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T> {
    if (this.inTx) return fn(this);
    return (this.db as Kysely<DB>).transaction().execute((tx) => fn(new KyselyStore(tx, this.dialect, this.vault, true, this.shared)));
  }

  // ---- Account identity at rest ----
  /**
   * The account key, created on first use (insert-if-absent, so concurrent instances agree on one).
   * With `create` false and no key yet, undefined: no account can exist without it.
   */
  private async accountKey(create: boolean): Promise<WrappedKey | undefined> {
    if (this.shared.accountKey) return this.shared.accountKey;
    let stored = await this.findAccountKey();
    let created = false;
    if (!stored && create) {
      await this.db.insertInto('meta').values({ key: ACCOUNT_KEY, value: JSON.stringify(this.vault.newDataKey()) })
        .onConflict((oc) => oc.column('key').doNothing()).execute();
      stored = await this.findAccountKey();
      created = true;
    }
    // A key created inside a transaction may still roll back: remember it only once committed.
    if (stored && !(created && this.inTx)) this.shared.accountKey = stored;
    return stored;
  }
  /**
   * Runs `fn` with the account key. A remembered key may have been re-wrapped by a rotation in
   * another process and its old master key retired: then it is read again once.
   */
  private async withAccountKey<T>(fn: (key: WrappedKey) => T, create = true): Promise<T | undefined> {
    const key = await this.accountKey(create);
    if (!key) return undefined;
    try {
      return fn(key);
    } catch (err) {
      this.shared.accountKey = undefined;
      const fresh = await this.accountKey(create);
      if (!fresh || fresh.wrapped === key.wrapped) throw err;
      return fn(fresh);
    }
  }
  private async emailHash(email: string, create = true): Promise<string | undefined> {
    return this.withAccountKey((k) => this.vault.lookupHash(k, `email:${normalEmail(email)}`), create);
  }
  private async sealField(binding: string, text: string): Promise<string> {
    return (await this.withAccountKey((k) => this.vault.seal(k, text, binding)))!;
  }
  private async openField(binding: string, sealed: string): Promise<string> {
    return (await this.withAccountKey((k) => this.vault.open(k, sealed, binding)))!;
  }
  private async openUser(r: DB['users']): Promise<UserRow> {
    const { email_hash: _h, email_enc, display_name_enc, ...rest } = r;
    if (email_enc === null) throw new Error(`the account ${r.id} has not been sealed yet`);
    const email = await this.openField(`users:${r.id}:email`, email_enc);
    return toUser({ ...rest, email, display_name: await this.openField(`users:${r.id}:display_name`, display_name_enc) });
  }
  private async openInvite(r: DB['invites']): Promise<InviteRow> {
    const { email_hash: _h, email_enc, ...rest } = r;
    if (email_enc === null) throw new Error(`the invite ${r.id} has not been sealed yet`);
    return toInvite({ ...rest, email: await this.openField(`invites:${r.id}:email`, email_enc), display_name: '' });
  }
  /** A throttle key names an email or an address: only its keyed hash is stored. */
  private async throttleKey(key: string): Promise<string> {
    return (await this.withAccountKey((k) => this.vault.lookupHash(k, `throttle:${key}`)))!;
  }

  /** Rows of a backup made before 0006-sealed-identity: their clear emails and names are sealed as they load. */
  private async sealLegacyRows(t: string, rows: readonly Record<string, unknown>[]): Promise<readonly Record<string, unknown>[]> {
    if (t === 'login_throttle') return Promise.all(rows.map(async (r) => (String(r.key).includes(':') ? { ...r, key: await this.throttleKey(String(r.key)) } : r)));
    if (t !== 'users' && t !== 'invites') return rows;
    return Promise.all(rows.map(async (r) => {
      if (!('email' in r)) return r;
      const { email: clear, display_name: name, ...rest } = r;
      const email = normalEmail(String(clear));
      const sealed: Record<string, unknown> = { ...rest, email_hash: await this.emailHash(email), email_enc: await this.sealField(`${t}:${String(r.id)}:email`, email) };
      if (t === 'users') sealed.display_name_enc = await this.sealField(`users:${String(r.id)}:display_name`, String(name));
      return sealed;
    }));
  }

  async findAccountKey() {
    const v = await this.getMeta(ACCOUNT_KEY);
    return v ? (JSON.parse(v) as WrappedKey) : undefined;
  }
  async updateAccountKey(key: WrappedKey) {
    await this.db.updateTable('meta').set({ value: JSON.stringify(key) }).where('key', '=', ACCOUNT_KEY).execute();
    this.shared.accountKey = undefined;
  }

  /**
   * Converts accounts, invites and throttle rows written before 0006-sealed-identity (clear email
   * and name) in one transaction; a no-op once done. Returns how many rows it converted.
   */
  async sealAccountIdentities(): Promise<number> {
    let converted = 0;
    await this.transaction(async (t) => {
      const tx = t as KyselyStore;
      for (const r of await tx.db.selectFrom('users').selectAll().where('email_enc', 'is', null).execute()) {
        const email = normalEmail(r.email_hash);
        const res = await tx.db.updateTable('users').set({
          email_hash: (await tx.emailHash(email))!, email_enc: await tx.sealField(`users:${r.id}:email`, email),
          display_name_enc: await tx.sealField(`users:${r.id}:display_name`, r.display_name_enc),
        }).where('id', '=', r.id).where('email_enc', 'is', null).executeTakeFirst();
        converted += Number(res.numUpdatedRows);
      }
      for (const r of await tx.db.selectFrom('invites').selectAll().where('email_enc', 'is', null).execute()) {
        const email = normalEmail(r.email_hash);
        const res = await tx.db.updateTable('invites').set({
          email_hash: (await tx.emailHash(email))!, email_enc: await tx.sealField(`invites:${r.id}:email`, email),
        }).where('id', '=', r.id).where('email_enc', 'is', null).executeTakeFirst();
        converted += Number(res.numUpdatedRows);
      }
      // Hashed keys are hex; a key with a colon ('acct:…', 'addr:…', 'mfa:…') is a clear one.
      for (const r of await tx.db.selectFrom('login_throttle').selectAll().where('key', 'like', '%:%').execute()) {
        await tx.db.insertInto('login_throttle').values({ ...r, key: await tx.throttleKey(r.key) }).onConflict((oc) => oc.column('key').doNothing()).execute();
        const res = await tx.db.deleteFrom('login_throttle').where('key', '=', r.key).executeTakeFirst();
        converted += Number(res.numDeletedRows);
      }
    });
    return converted;
  }

  // ---- Integrity: the keyed chain and record seals (SPEC §7) ----
  private async integrityMeta(): Promise<IntegrityMeta | undefined> {
    const v = await this.getMeta(INTEGRITY_META);
    return v ? JSON.parse(v) as IntegrityMeta : undefined;
  }
  private openKeys(sealed: string): IntegrityKeys {
    let keys = this.shared.opened.get(sealed);
    if (!keys) {
      keys = this.vault.integrityKeys(sealed);
      if (this.shared.opened.size > 16) this.shared.opened.clear();
      this.shared.opened.set(sealed, keys);
    }
    return keys;
  }
  /** The keys every write is sealed with; a database without them refuses writes that must be sealed. */
  private async writeKeys(): Promise<IntegrityKeys> {
    const meta = await this.integrityMeta();
    if (!meta) throw new Error('This database has no integrity key (it is sealed when Accord starts); refusing an unsealed write.');
    return this.openKeys(meta.key);
  }
  /** The seal of a record written now: it also records how long the audit chain is at this moment. */
  private async sealOf(table: SealedTable, id: string, fields: readonly unknown[]): Promise<{ seal: string; sealed_seq: number }> {
    const keys = await this.writeKeys();
    const head = await this.db.selectFrom('audit_head').select('seq').where('id', '=', 1).executeTakeFirstOrThrow();
    const seq = Number(head.seq);
    return { seal: recordSeal(keys.records, table, id, seq, fields), sealed_seq: seq };
  }
  async integrity(): Promise<IntegrityState | undefined> {
    const meta = await this.integrityMeta();
    return meta && { keys: this.openKeys(meta.key), since: meta.since, mac: meta.mac };
  }
  async sealIntegrity(at: string, opts: { replace?: boolean } = {}): Promise<boolean> {
    if (!opts.replace && (await this.integrityMeta())) return false; // the common case: no write at all
    return this.transaction(async (t) => {
      const tx = t as KyselyStore;
      // The head row lock serialises instances starting together; the second finds the key.
      const head = await tx.db.updateTable('audit_head').set({ seq: sql`seq` }).where('id', '=', 1).returning(['seq', 'hash']).executeTakeFirstOrThrow();
      if (!opts.replace && (await tx.integrityMeta())) return false;
      const key = this.vault.newIntegrityKey();
      const keys = tx.openKeys(key);
      const since: SealBoundary = { seq: Number(head.seq), hash: head.hash, at };
      await tx.setMeta(INTEGRITY_META, JSON.stringify({ key, since, mac: boundaryMac(keys.chain, since) } satisfies IntegrityMeta));
      await tx.db.updateTable('audit_head').set({ mac: headMac(keys.chain, since) }).where('id', '=', 1).execute();
      // Records written before sealing are sealed now, at the chain's current length.
      for (const table of SEALED_TABLES) {
        for (;;) {
          const rows = await sql<DB[typeof table]>`select * from ${sql.table(table)} where seal is null order by id limit 500`.execute(tx.db);
          if (!rows.rows.length) break;
          for (const r of rows.rows) {
            const seal = recordSeal(keys.records, table, r.id, since.seq, (SEALED[table] as (x: unknown) => unknown[])(r));
            await sql`update ${sql.table(table)} set seal = ${seal}, sealed_seq = ${since.seq} where id = ${r.id}`.execute(tx.db);
          }
        }
      }
      return true;
    });
  }
  async rewrapIntegrityKey(): Promise<void> {
    await this.transaction(async (t) => {
      const tx = t as KyselyStore;
      const meta = await tx.integrityMeta();
      if (!meta) return;
      const key = this.vault.rewrapIntegrityKey(meta.key);
      if (key !== meta.key) await tx.setMeta(INTEGRITY_META, JSON.stringify({ ...meta, key }));
    });
  }
  async integrityMasterKeyId(): Promise<string | undefined> {
    const meta = await this.integrityMeta();
    return meta ? meta.key.slice(0, meta.key.indexOf(':')) : undefined;
  }
  sealedTables() { return SEALED_TABLES; }
  async *sealedRecordPages(table: SealedTable, pageSize: number): AsyncIterable<SealedRecord[]> {
    let after = '';
    for (;;) {
      const rows = await sql<DB[typeof table]>`select * from ${sql.table(table)} where id > ${after} order by id limit ${pageSize}`.execute(this.db);
      if (!rows.rows.length) return;
      yield rows.rows.map((r) => ({
        table, id: r.id, seal: r.seal, auditSeq: r.sealed_seq === null ? null : Number(r.sealed_seq), fields: (SEALED[table] as (x: unknown) => unknown[])(r),
      }));
      after = rows.rows[rows.rows.length - 1]!.id;
    }
  }

  async getMeta(key: string) {
    return (await this.db.selectFrom('meta').select('value').where('key', '=', key).executeTakeFirst())?.value;
  }
  async setMeta(key: string, value: string) {
    await this.db.insertInto('meta').values({ key, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute();
    if (key === ACCOUNT_KEY) this.shared.accountKey = undefined; // a restore brings the backup's key
  }

  async findPractice() {
    const r = await this.db.selectFrom('practices').selectAll().orderBy('created_at').executeTakeFirst();
    return r && toPractice(r);
  }
  async insertPractice(p: PracticeRow) {
    await this.db.insertInto('practices').values({
      id: p.id, name: p.name, time_zone: p.timeZone, crisis_info: p.crisisInfo, require_mfa_staff: bool(p.requireMfaStaff),
      require_mfa_admin: bool(p.requireMfaAdmin), escalation_minutes: p.escalationMinutes, created_at: p.createdAt,
    }).execute();
  }
  async updatePractice(id: string, p: Partial<Omit<PracticeRow, 'id' | 'createdAt'>>) {
    const set = definedOnly({
      name: p.name, time_zone: p.timeZone, crisis_info: p.crisisInfo,
      require_mfa_staff: p.requireMfaStaff === undefined ? undefined : bool(p.requireMfaStaff),
      require_mfa_admin: p.requireMfaAdmin === undefined ? undefined : bool(p.requireMfaAdmin),
      escalation_minutes: p.escalationMinutes,
    });
    if (Object.keys(set).length) await this.db.updateTable('practices').set(set).where('id', '=', id).execute();
  }

  async findUserById(id: string) {
    const r = await this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return r && this.openUser(r);
  }
  async findUserByEmail(email: string) {
    const hash = await this.emailHash(email, false);
    if (!hash) return undefined; // no account key yet, so no account
    const r = await this.db.selectFrom('users').selectAll().where('email_hash', '=', hash).executeTakeFirst();
    return r && this.openUser(r);
  }
  async findUserByClientId(clientId: string) {
    const r = await this.db.selectFrom('users').selectAll().where('client_id', '=', clientId).executeTakeFirst();
    return r && this.openUser(r);
  }
  async listUsers(practiceId: string) {
    const rows = await this.db.selectFrom('users').selectAll().where('practice_id', '=', practiceId).execute();
    const users = await Promise.all(rows.map((r) => this.openUser(r)));
    // Names are sealed, so they are ordered here rather than by the database.
    return users.sort((a, b) => (a.displayName < b.displayName ? -1 : a.displayName > b.displayName ? 1 : a.id < b.id ? -1 : 1));
  }
  async insertUser(u: UserRow) {
    const email = normalEmail(u.email);
    await this.db.insertInto('users').values({
      id: u.id, practice_id: u.practiceId, email_hash: (await this.emailHash(email))!, email_enc: await this.sealField(`users:${u.id}:email`, email),
      display_name_enc: await this.sealField(`users:${u.id}:display_name`, u.displayName), password_hash: u.passwordHash,
      roles: u.roles.join(','), status: u.status, client_id: u.clientId, totp_secret: u.totpSecret, totp_last_step: u.totpLastStep,
      mfa_enabled: bool(u.mfaEnabled), created_at: u.createdAt, updated_at: u.updatedAt,
    }).execute();
  }
  async updateUser(id: string, u: Partial<Omit<UserRow, 'id' | 'practiceId' | 'createdAt'>>) {
    const email = u.email === undefined ? undefined : normalEmail(u.email);
    const set = definedOnly({
      email_hash: email === undefined ? undefined : await this.emailHash(email),
      email_enc: email === undefined ? undefined : await this.sealField(`users:${id}:email`, email),
      display_name_enc: u.displayName === undefined ? undefined : await this.sealField(`users:${id}:display_name`, u.displayName),
      password_hash: u.passwordHash, roles: u.roles?.join(','),
      status: u.status, client_id: u.clientId, totp_secret: u.totpSecret, totp_last_step: u.totpLastStep,
      mfa_enabled: u.mfaEnabled === undefined ? undefined : bool(u.mfaEnabled), updated_at: u.updatedAt,
    });
    if (Object.keys(set).length) await this.db.updateTable('users').set(set).where('id', '=', id).execute();
  }

  async insertInvite(i: InviteRow) {
    const email = normalEmail(i.email);
    await this.db.insertInto('invites').values({
      id: i.id, practice_id: i.practiceId, token_hash: i.tokenHash, email_hash: (await this.emailHash(email))!,
      email_enc: await this.sealField(`invites:${i.id}:email`, email), roles: i.roles.join(','),
      client_id: i.clientId, created_by: i.createdBy, created_at: i.createdAt, expires_at: i.expiresAt, used_at: i.usedAt,
    }).execute();
  }
  async findInviteByTokenHash(hash: string) {
    const r = await this.db.selectFrom('invites').selectAll().where('token_hash', '=', hash).executeTakeFirst();
    return r && this.openInvite(r);
  }
  async useInvite(id: string, at: string) {
    const res = await this.db.updateTable('invites').set({ used_at: at }).where('id', '=', id).where('used_at', 'is', null).executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }
  async listOpenInvites(practiceId: string, now: string) {
    return Promise.all((await this.db.selectFrom('invites').selectAll().where('practice_id', '=', practiceId).where('used_at', 'is', null)
      .where('expires_at', '>', now).orderBy('created_at', 'desc').execute()).map((r) => this.openInvite(r)));
  }

  async insertAuthSession(s: AuthSessionRow) {
    await this.db.insertInto('auth_sessions').values({
      id_hash: s.idHash, user_id: s.userId, created_at: s.createdAt, last_seen_at: s.lastSeenAt, expires_at: s.expiresAt,
      mfa_verified: bool(s.mfaVerified), reauth_at: s.reauthAt, csrf_token: s.csrfToken,
    }).execute();
  }
  async findAuthSession(idHash: string) {
    const r = await this.db.selectFrom('auth_sessions').selectAll().where('id_hash', '=', idHash).executeTakeFirst();
    return r && toAuthSession(r);
  }
  async touchAuthSession(idHash: string, p: Partial<Pick<AuthSessionRow, 'lastSeenAt' | 'mfaVerified' | 'reauthAt'>>) {
    const set = definedOnly({ last_seen_at: p.lastSeenAt, mfa_verified: p.mfaVerified === undefined ? undefined : bool(p.mfaVerified), reauth_at: p.reauthAt });
    if (Object.keys(set).length) await this.db.updateTable('auth_sessions').set(set).where('id_hash', '=', idHash).execute();
  }
  async deleteAuthSession(idHash: string) { await this.db.deleteFrom('auth_sessions').where('id_hash', '=', idHash).execute(); }
  async deleteAuthSessionsOfUser(userId: string) { await this.db.deleteFrom('auth_sessions').where('user_id', '=', userId).execute(); }
  async deleteExpiredAuthSessions(now: string, idleBefore: string) {
    const r = await this.db.deleteFrom('auth_sessions').where((eb) => eb.or([eb('expires_at', '<=', now), eb('last_seen_at', '<', idleBefore)])).executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  async findThrottle(key: string) {
    const r = await this.db.selectFrom('login_throttle').selectAll().where('key', '=', await this.throttleKey(key)).executeTakeFirst();
    return r && { key, failures: Number(r.failures), firstFailureAt: r.first_failure_at, lockedUntil: r.locked_until };
  }
  async putThrottle(t: ThrottleRow) {
    const v = { failures: t.failures, first_failure_at: t.firstFailureAt, locked_until: t.lockedUntil };
    await this.db.insertInto('login_throttle').values({ key: await this.throttleKey(t.key), ...v }).onConflict((oc) => oc.column('key').doUpdateSet(v)).execute();
  }
  async clearThrottle(key: string) { await this.db.deleteFrom('login_throttle').where('key', '=', await this.throttleKey(key)).execute(); }

  async listSupervisions(practiceId: string) {
    return (await this.db.selectFrom('supervisions').select(['supervisor_id', 'therapist_id']).where('practice_id', '=', practiceId).execute())
      .map((r) => ({ supervisorId: r.supervisor_id, therapistId: r.therapist_id }));
  }
  async supervisorsOf(therapistId: string) {
    return (await this.db.selectFrom('supervisions').select('supervisor_id').where('therapist_id', '=', therapistId).execute()).map((r) => r.supervisor_id);
  }
  async superviseesOf(supervisorId: string) {
    return (await this.db.selectFrom('supervisions').select('therapist_id').where('supervisor_id', '=', supervisorId).execute()).map((r) => r.therapist_id);
  }
  async addSupervision(practiceId: string, supervisorId: string, therapistId: string, at: string) {
    await this.db.insertInto('supervisions').values({ practice_id: practiceId, supervisor_id: supervisorId, therapist_id: therapistId, created_at: at })
      .onConflict((oc) => oc.columns(['supervisor_id', 'therapist_id']).doNothing()).execute();
  }
  async removeSupervision(supervisorId: string, therapistId: string) {
    await this.db.deleteFrom('supervisions').where('supervisor_id', '=', supervisorId).where('therapist_id', '=', therapistId).execute();
  }

  async insertAccessNotice(n: AccessNoticeRow) {
    await this.db.insertInto('access_notices').values({
      id: n.id, practice_id: n.practiceId, user_id: n.userId, kind: n.kind, actor_id: n.actorId, grantee_id: n.granteeId,
      client_id: n.clientId, created_at: n.createdAt, read_at: n.readAt,
    }).execute();
  }
  async listAccessNotices(userId: string, limit: number) {
    const rows = await this.db.selectFrom('access_notices').selectAll().where('user_id', '=', userId)
      .orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
    return rows.map((r): AccessNoticeRow => ({
      id: r.id, practiceId: r.practice_id, userId: r.user_id, kind: r.kind as AccessNoticeRow['kind'], actorId: r.actor_id, granteeId: r.grantee_id,
      clientId: r.client_id, createdAt: r.created_at, readAt: r.read_at,
    }));
  }
  async markAccessNoticesRead(userId: string, at: string) {
    await this.db.updateTable('access_notices').set({ read_at: at }).where('user_id', '=', userId).where('read_at', 'is', null).execute();
  }

  async insertClientKey(clientId: string, key: WrappedKey, at: string) {
    await this.db.insertInto('client_keys').values({ client_id: clientId, wrapped_key: key.wrapped, master_key_id: key.masterKeyId, created_at: at }).execute();
  }
  async findClientKey(clientId: string) {
    const r = await this.db.selectFrom('client_keys').selectAll().where('client_id', '=', clientId).executeTakeFirst();
    return r && { wrapped: r.wrapped_key, masterKeyId: r.master_key_id };
  }
  async findClientKeys(clientIds: readonly string[]) {
    const out = new Map<string, WrappedKey>();
    for (let i = 0; i < clientIds.length; i += 500) {
      const rows = await this.db.selectFrom('client_keys').selectAll().where('client_id', 'in', clientIds.slice(i, i + 500)).execute();
      for (const r of rows) out.set(r.client_id, { wrapped: r.wrapped_key, masterKeyId: r.master_key_id });
    }
    return out;
  }
  async listClientKeys() {
    return (await this.db.selectFrom('client_keys').selectAll().execute()).map((r) => ({ clientId: r.client_id, wrapped: r.wrapped_key, masterKeyId: r.master_key_id }));
  }
  async updateClientKey(clientId: string, key: WrappedKey) {
    await this.db.updateTable('client_keys').set({ wrapped_key: key.wrapped, master_key_id: key.masterKeyId }).where('client_id', '=', clientId).execute();
  }

  async insertClient(c: ClientRow) {
    await this.db.insertInto('clients').values({
      id: c.id, practice_id: c.practiceId, therapist_id: c.therapistId, name_enc: c.nameEnc, contact_enc: c.contactEnc,
      status: c.status, created_at: c.createdAt, updated_at: c.updatedAt,
    }).execute();
  }
  async findClient(id: string) {
    const r = await this.db.selectFrom('clients').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toClient(r);
  }
  async listClients(practiceId: string, filter: { therapistIds?: readonly string[] }) {
    let q = this.db.selectFrom('clients').selectAll().where('practice_id', '=', practiceId);
    if (filter.therapistIds) {
      if (filter.therapistIds.length === 0) return [];
      q = q.where('therapist_id', 'in', [...filter.therapistIds]);
    }
    return (await q.orderBy('created_at').execute()).map(toClient);
  }
  async updateClient(id: string, p: Partial<Pick<ClientRow, 'nameEnc' | 'contactEnc' | 'status' | 'therapistId' | 'updatedAt'>>) {
    const set = definedOnly({ name_enc: p.nameEnc, contact_enc: p.contactEnc, status: p.status, therapist_id: p.therapistId, updated_at: p.updatedAt });
    if (Object.keys(set).length) await this.db.updateTable('clients').set(set).where('id', '=', id).execute();
  }

  async insertCourse(c: CourseRow) {
    await this.db.insertInto('courses').values({
      id: c.id, client_id: c.clientId, practice_id: c.practiceId, therapist_id: c.therapistId, started_on: c.startedOn,
      ended_on: c.endedOn, frequency: c.frequency, phase: c.phase, status: c.status, end_reason: c.endReason,
      created_at: c.createdAt, updated_at: c.updatedAt,
    }).execute();
  }
  async findCourse(id: string) {
    const r = await this.db.selectFrom('courses').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toCourse(r);
  }
  async listCoursesOfClient(clientId: string) {
    return (await this.db.selectFrom('courses').selectAll().where('client_id', '=', clientId).orderBy('started_on', 'desc').execute()).map(toCourse);
  }
  async listCoursesOfClients(clientIds: readonly string[]) {
    if (!clientIds.length) return [];
    return (await this.db.selectFrom('courses').selectAll().where('client_id', 'in', [...clientIds]).orderBy('started_on', 'desc').execute()).map(toCourse);
  }
  async updateCourse(id: string, c: Partial<Omit<CourseRow, 'id' | 'clientId' | 'practiceId' | 'createdAt'>>) {
    const set = definedOnly({
      therapist_id: c.therapistId, started_on: c.startedOn, ended_on: c.endedOn, frequency: c.frequency, phase: c.phase,
      status: c.status, end_reason: c.endReason, updated_at: c.updatedAt,
    });
    if (Object.keys(set).length) await this.db.updateTable('courses').set(set).where('id', '=', id).execute();
  }

  async insertSession(s: TherapySessionRow) {
    await this.db.insertInto('therapy_sessions').values({
      id: s.id, course_id: s.courseId, client_id: s.clientId, starts_at: s.startsAt, duration_minutes: s.durationMinutes,
      status: s.status, created_at: s.createdAt, updated_at: s.updatedAt,
    }).execute();
  }
  async findSession(id: string) {
    const r = await this.db.selectFrom('therapy_sessions').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toSession(r);
  }
  async listSessionsOfCourse(courseId: string) {
    return (await this.db.selectFrom('therapy_sessions').selectAll().where('course_id', '=', courseId).orderBy('starts_at').execute()).map(toSession);
  }
  async lastSessionsOfClients(clientIds: readonly string[], before: string) {
    if (!clientIds.length) return [];
    // One index seek per client on (client_id, starts_at), ties broken by id, so exactly one row
    // per client; then those rows by primary key.
    const latest = await this.db.selectFrom('clients as c').where('c.id', 'in', [...clientIds])
      .select((eb) => eb.selectFrom('therapy_sessions as t').select('t.id').whereRef('t.client_id', '=', 'c.id').where('t.starts_at', '<=', before)
        .orderBy('t.starts_at', 'desc').orderBy('t.id', 'desc').limit(1).as('session_id'))
      .execute();
    const ids = latest.map((r) => r.session_id).filter((id): id is string => typeof id === 'string');
    if (!ids.length) return [];
    return (await this.db.selectFrom('therapy_sessions').selectAll().where('id', 'in', ids).execute()).map(toSession);
  }
  async sessionStatsOfCourses(courseIds: readonly string[], now: string) {
    if (!courseIds.length) return [];
    const ids = [...courseIds];
    // Two index-only lookups on (course_id, status, starts_at).
    const [attended, next] = await Promise.all([
      this.db.selectFrom('therapy_sessions').where('course_id', 'in', ids).where('status', '=', 'attended').groupBy('course_id')
        .select((eb) => ['course_id', eb.fn.countAll<number>().as('n')]).execute(),
      this.db.selectFrom('therapy_sessions').where('course_id', 'in', ids).where('status', '=', 'scheduled').where('starts_at', '>', now).groupBy('course_id')
        .select((eb) => ['course_id', eb.fn.min<string>('starts_at').as('next')]).execute(),
    ]);
    const counts = new Map(attended.map((r) => [r.course_id, Number(r.n)]));
    const nexts = new Map(next.map((r) => [r.course_id, r.next]));
    return ids.map((courseId) => ({ courseId, attended: counts.get(courseId) ?? 0, nextStartsAt: nexts.get(courseId) ?? null }));
  }
  async updateSession(id: string, p: Partial<Pick<TherapySessionRow, 'startsAt' | 'durationMinutes' | 'status' | 'updatedAt'>>) {
    const set = definedOnly({ starts_at: p.startsAt, duration_minutes: p.durationMinutes, status: p.status, updated_at: p.updatedAt });
    if (Object.keys(set).length) await this.db.updateTable('therapy_sessions').set(set).where('id', '=', id).execute();
  }

  async appendAudit(events: readonly (AuditEventInput & { id: string; at: string })[]): Promise<AuditEvent[]> {
    if (!events.length) return [];
    return this.transaction(async (tx) => (tx as KyselyStore).appendAuditInTx(events));
  }
  private async appendAuditInTx(events: readonly (AuditEventInput & { id: string; at: string })[]): Promise<AuditEvent[]> {
    // The single head row serialises appenders: on PostgreSQL the UPDATE takes a row lock that
    // other instances wait on and then re-read; on SQLite the write transaction is exclusive.
    const head = await this.db.updateTable('audit_head').set({ seq: sql`seq + ${events.length}` }).where('id', '=', 1)
      .returning(['seq', 'hash']).executeTakeFirstOrThrow();
    const key = (await this.writeKeys()).chain;
    let seq = Number(head.seq) - events.length;
    let prev = head.hash;
    const out: AuditEvent[] = [];
    for (const e of events) {
      seq++;
      const base = { ...e, seq, prevHash: prev };
      const full: AuditEvent = { ...base, hash: auditMac(key, base) };
      out.push(full);
      prev = full.hash;
    }
    for (let i = 0; i < out.length; i += 200) {
      await this.db.insertInto('audit_events').values(out.slice(i, i + 200).map((e) => ({
        seq: e.seq, id: e.id, at: e.at, actor_id: e.actorId, actor_role: e.actorRole, action: e.action, resource_type: e.resourceType,
        resource_id: e.resourceId, client_id: e.clientId, outcome: e.outcome, ip: e.ip, detail: e.detail, prev_hash: e.prevHash, hash: e.hash,
      }))).execute();
    }
    await this.db.updateTable('audit_head').set({ hash: prev, mac: headMac(key, { seq, hash: prev }) }).where('id', '=', 1).execute();
    return out;
  }
  async listAudit(q: AuditQuery) {
    let query = this.db.selectFrom('audit_events').selectAll();
    if (q.clientId) query = query.where('client_id', '=', q.clientId);
    if (q.actorId) query = query.where('actor_id', '=', q.actorId);
    if (q.beforeSeq) query = query.where('seq', '<', q.beforeSeq);
    return (await query.orderBy('seq', 'desc').limit(q.limit).execute()).map(toAudit);
  }
  async auditHead() {
    const r = await this.db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirstOrThrow();
    return { seq: Number(r.seq), hash: r.hash };
  }
  async auditCheckpoint() {
    const r = await this.db.selectFrom('audit_head').select(['seq', 'hash', 'mac']).where('id', '=', 1).executeTakeFirstOrThrow();
    return { seq: Number(r.seq), hash: r.hash, mac: r.mac };
  }
  async *auditPages(pageSize: number): AsyncIterable<AuditEvent[]> {
    let after = 0;
    for (;;) {
      const rows = await this.db.selectFrom('audit_events').selectAll().where('seq', '>', after).orderBy('seq').limit(pageSize).execute();
      if (!rows.length) return;
      const page = rows.map(toAudit);
      yield page;
      after = page[page.length - 1]!.seq;
    }
  }

  async integrityCheck(): Promise<string[]> {
    if (this.dialect === 'sqlite') {
      const r = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(this.db);
      const fk = await sql<Record<string, unknown>>`pragma foreign_key_check`.execute(this.db);
      const problems = r.rows.map((x) => x.integrity_check).filter((x) => x !== 'ok');
      return problems.concat(fk.rows.map((x) => `foreign key: ${JSON.stringify(x)}`));
    }
    await sql`select 1`.execute(this.db);
    return [];
  }
  tables() { return TABLE_ORDER; }
  async *dumpTable(table: string): AsyncIterable<Record<string, unknown>[]> {
    const t = table as (typeof TABLE_ORDER)[number];
    let offset = 0;
    const key = t === 'audit_events' ? 'seq' : t === 'meta' ? 'key' : t === 'supervisions' ? 'supervisor_id' : t === 'auth_sessions' ? 'id_hash'
      : t === 'login_throttle' ? 'key' : t === 'client_keys' ? 'client_id' : 'id';
    for (;;) {
      const rows = await sql<Record<string, unknown>>`select * from ${sql.table(t)} order by ${sql.ref(key)} limit 1000 offset ${offset}`.execute(this.db);
      if (!rows.rows.length) return;
      yield rows.rows;
      offset += rows.rows.length;
    }
  }
  async loadTable(table: string, given: readonly Record<string, unknown>[]) {
    if (!given.length) return;
    const t = table as (typeof TABLE_ORDER)[number];
    if (t === 'audit_head' || t === 'meta') await this.db.deleteFrom(t).execute();
    if (t === 'meta') this.shared.accountKey = undefined; // a restore brings the backup's keys
    const rows = await this.sealLegacyRows(t, given);
    for (let i = 0; i < rows.length; i += 100) {
      await this.db.insertInto(t).values(rows.slice(i, i + 100) as never).execute();
    }
  }
  async isEmpty() {
    const r = await this.db.selectFrom('practices').select('id').limit(1).execute();
    return r.length === 0;
  }
  // ---- Measures and alerts (SPEC §3 C4, C8) ----
  async insertInstrumentDefinition(r: InstrumentDefinitionRow) {
    await this.db.insertInto('instrument_definitions').values({
      id: r.id, code: r.code, version: r.version, definition: r.definition, created_by: r.createdBy, created_at: r.createdAt,
    }).execute();
  }
  async listInstrumentDefinitions() {
    return (await this.db.selectFrom('instrument_definitions').selectAll().orderBy('code').orderBy('created_at').execute()).map((r) => ({
      id: r.id, code: r.code, version: r.version, definition: r.definition, createdBy: r.created_by, createdAt: r.created_at,
    }));
  }

  async insertSchedule(r: ScheduleRow) {
    await this.db.insertInto('measure_schedules').values({
      id: r.id, course_id: r.courseId, client_id: r.clientId, instrument_code: r.instrumentCode, cadence: r.cadence, every_n: r.everyN,
      active: bool(r.active), created_by: r.createdBy, created_at: r.createdAt, updated_at: r.updatedAt,
    }).execute();
  }
  async findSchedule(id: string) {
    const r = await this.db.selectFrom('measure_schedules').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toSchedule(r);
  }
  async listSchedulesOfCourses(courseIds: readonly string[]) {
    if (!courseIds.length) return [];
    return (await this.db.selectFrom('measure_schedules').selectAll().where('course_id', 'in', [...courseIds]).orderBy('created_at').execute()).map(toSchedule);
  }
  async updateSchedule(id: string, p: Partial<Pick<ScheduleRow, 'active' | 'everyN' | 'cadence' | 'updatedAt'>>) {
    const set = definedOnly({ active: p.active === undefined ? undefined : bool(p.active), every_n: p.everyN, cadence: p.cadence, updated_at: p.updatedAt });
    if (Object.keys(set).length) await this.db.updateTable('measure_schedules').set(set).where('id', '=', id).execute();
  }

  async insertResponse(r: ResponseRow) {
    await this.db.insertInto('measure_responses').values({
      id: r.id, client_id: r.clientId, course_id: r.courseId, session_id: r.sessionId, schedule_id: r.scheduleId, instrument_code: r.instrumentCode,
      instrument_version: r.instrumentVersion, respondent: r.respondent, source: r.source, entered_by: r.enteredBy, completed_at: r.completedAt,
      created_at: r.createdAt, answers_enc: r.answersEnc, valid: bool(r.valid), total: r.total, band_label: r.bandLabel, band_severity: r.bandSeverity,
      caseness: r.caseness === null ? null : bool(r.caseness), invalid_reason: r.invalidReason, safety_flagged: bool(r.safetyFlagged),
      supersedes_id: r.supersedesId, ...(await this.sealOf('measure_responses', r.id, responseFields(r))),
    }).execute();
  }
  async findResponse(id: string) {
    const r = await this.db.selectFrom('measure_responses').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toResponse(r);
  }
  async listResponsesOfClients(clientIds: readonly string[]) {
    if (!clientIds.length) return [];
    const out: ResponseRow[] = [];
    for (let i = 0; i < clientIds.length; i += 500) {
      const rows = await this.db.selectFrom('measure_responses').selectAll().where('client_id', 'in', clientIds.slice(i, i + 500))
        .orderBy('completed_at').orderBy('created_at').execute();
      out.push(...rows.map(toResponse));
    }
    // Chunks merged in the order one query gives: completion time, then creation time.
    const order = (a: ResponseRow, b: ResponseRow) => (a.completedAt < b.completedAt ? -1 : a.completedAt > b.completedAt ? 1
      : a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0);
    return clientIds.length > 500 ? out.sort(order) : out;
  }

  async listResponseScores(f: { clientIds?: readonly string[]; courseId?: string }) {
    const columns = ['id', 'client_id', 'course_id', 'session_id', 'schedule_id', 'instrument_code', 'instrument_version', 'respondent', 'source',
      'entered_by', 'completed_at', 'created_at', 'valid', 'total', 'band_label', 'band_severity', 'caseness', 'invalid_reason', 'safety_flagged',
      'supersedes_id'] as const;
    let q = this.db.selectFrom('measure_responses').select(columns);
    if (f.courseId) q = q.where('course_id', '=', f.courseId);
    if (f.clientIds) {
      if (!f.clientIds.length) return [];
      q = q.where('client_id', 'in', [...f.clientIds]);
    }
    const rows = await q.orderBy('completed_at').orderBy('created_at').execute();
    return rows.map((r): ResponseScoreRow => {
      const { answersEnc: _, ...rest } = toResponse({ ...r, answers_enc: '' });
      return rest;
    });
  }

  async listRecentScores(courseIds: readonly string[], lastN: number) {
    if (!courseIds.length) return [];
    // Index walks from both ends of each (course, instrument) series: the cost grows with the
    // points returned, not with years of history (index measure_responses_course).
    const pairs: { course_id: string; instrument_code: string }[] = [];
    for (let i = 0; i < courseIds.length; i += 500) {
      pairs.push(...await this.db.selectFrom('measure_responses').select(['course_id', 'instrument_code']).distinct()
        .where('course_id', 'in', courseIds.slice(i, i + 500)).execute() as { course_id: string; instrument_code: string }[]);
    }
    const out: RecentScoreRow[] = [];
    const columns = ['id', 'client_id', 'course_id', 'instrument_code', 'completed_at', 'created_at', 'total', 'band_label', 'band_severity', 'caseness'] as const;
    for (const pair of pairs) {
      const base = this.db.selectFrom('measure_responses as m').select(columns.map((c) => `m.${c}` as const))
        .where('m.course_id', '=', pair.course_id).where('m.instrument_code', '=', pair.instrument_code).where('m.valid', '=', 1)
        .where((eb) => eb.not(eb.exists(eb.selectFrom('measure_responses as c').select('c.id').whereRef('c.supersedes_id', '=', 'm.id'))));
      const latest = await base.orderBy('m.completed_at', 'desc').orderBy('m.created_at', 'desc').orderBy('m.id', 'desc').limit(lastN).execute();
      const first = await base.orderBy('m.completed_at').orderBy('m.created_at').orderBy('m.id').limit(1).executeTakeFirst();
      const rows = latest.reverse();
      if (first && !rows.some((r) => r.id === first.id)) rows.unshift(first);
      rows.forEach((r, i) => out.push({
        id: r.id, clientId: r.client_id, courseId: r.course_id!, instrumentCode: r.instrument_code, completedAt: r.completed_at, total: Number(r.total),
        bandLabel: r.band_label, bandSeverity: r.band_severity, caseness: r.caseness === null ? null : !!Number(r.caseness),
        isFirst: r.id === first?.id, fromLatest: rows.length - i,
      }));
    }
    return out;
  }

  async insertAlertIfAbsent(r: AlertRow) {
    const res = await this.db.insertInto('alerts').values({
      id: r.id, client_id: r.clientId, course_id: r.courseId, therapist_id: r.therapistId, kind: r.kind, severity: r.severity, dedupe_key: r.dedupeKey,
      content_enc: r.contentEnc, status: r.status, raised_at: r.raisedAt, acknowledged_at: r.acknowledgedAt, acknowledged_by: r.acknowledgedBy,
      resolved_at: r.resolvedAt, resolved_by: r.resolvedBy, resolution_enc: r.resolutionEnc, follow_up_action: r.followUpAction,
      escalated_at: r.escalatedAt, escalated_to: r.escalatedTo,
    }).onConflict((oc) => oc.column('dedupe_key').doNothing()).executeTakeFirst();
    return Number(res.numInsertedOrUpdatedRows ?? 0) === 1;
  }
  async findAlert(id: string) {
    const r = await this.db.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toAlert(r);
  }
  async findAlertByDedupeKey(key: string) {
    const r = await this.db.selectFrom('alerts').selectAll().where('dedupe_key', '=', key).executeTakeFirst();
    return r && toAlert(r);
  }
  private alertQuery(f: AlertFilter) {
    let q = this.db.selectFrom('alerts');
    if (f.statuses) q = q.where('status', 'in', f.statuses.length ? [...f.statuses] : ['-']);
    const scopes: ('therapist' | 'client' | 'escalated')[] = [];
    if (f.therapistIds) scopes.push('therapist');
    if (f.clientIds) scopes.push('client');
    if (f.escalatedTo) scopes.push('escalated');
    if (scopes.length) {
      q = q.where((eb) => eb.or(scopes.map((sc) =>
        sc === 'therapist' ? eb('therapist_id', 'in', f.therapistIds!.length ? [...f.therapistIds!] : ['-'])
          : sc === 'client' ? eb('client_id', 'in', f.clientIds!.length ? [...f.clientIds!] : ['-'])
            : eb('escalated_to', '=', f.escalatedTo!))));
    }
    return q;
  }
  async listAlerts(f: AlertFilter) {
    return (await this.alertQuery(f).selectAll().orderBy('raised_at').execute()).map(toAlert);
  }
  async countAlerts(f: AlertFilter) {
    const r = await this.alertQuery(f).select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
    return Number(r?.n ?? 0);
  }
  async updateAlertStatus(id: string, fromStatus: AlertStatus, p: Partial<Pick<AlertRow, 'status' | 'acknowledgedAt' | 'acknowledgedBy' | 'resolvedAt' | 'resolvedBy' | 'resolutionEnc' | 'followUpAction'>>) {
    const set = definedOnly({
      status: p.status, acknowledged_at: p.acknowledgedAt, acknowledged_by: p.acknowledgedBy, resolved_at: p.resolvedAt, resolved_by: p.resolvedBy,
      resolution_enc: p.resolutionEnc, follow_up_action: p.followUpAction,
    });
    if (!Object.keys(set).length) return true;
    const r = await this.db.updateTable('alerts').set(set).where('id', '=', id).where('status', '=', fromStatus).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }
  async listEscalationCandidates(raisedBefore: string) {
    return (await this.db.selectFrom('alerts').selectAll().where('kind', '=', 'safety').where('status', '=', 'open')
      .where('escalated_at', 'is', null).where('raised_at', '<=', raisedBefore).orderBy('raised_at').limit(500).execute()).map(toAlert);
  }
  async claimEscalation(id: string, at: string, to: string) {
    // One conditional UPDATE: on PostgreSQL a second instance blocks on the row lock, then
    // re-checks the WHERE clause against the committed row and updates nothing.
    const r = await this.db.updateTable('alerts').set({ escalated_at: at, escalated_to: to }).where('id', '=', id)
      .where('escalated_at', 'is', null).where('status', '=', 'open').executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }
  async insertAlertEvent(e: AlertEventRow) {
    await this.db.insertInto('alert_events').values({ id: e.id, alert_id: e.alertId, at: e.at, actor_id: e.actorId, action: e.action, target_id: e.targetId }).execute();
  }
  async listAlertEvents(alertId: string) {
    return (await this.db.selectFrom('alert_events').selectAll().where('alert_id', '=', alertId).orderBy('at').orderBy('id').execute())
      .map((r) => ({ id: r.id, alertId: r.alert_id, at: r.at, actorId: r.actor_id, action: r.action, targetId: r.target_id }));
  }

  async findEscalationColleague(scope: string) {
    return (await this.db.selectFrom('escalation_colleagues').select('colleague_id').where('id', '=', scope).executeTakeFirst())?.colleague_id;
  }
  async setEscalationColleague(scope: string, colleagueId: string | null, at: string) {
    if (colleagueId === null) {
      await this.db.deleteFrom('escalation_colleagues').where('id', '=', scope).execute();
      return;
    }
    await this.db.insertInto('escalation_colleagues').values({ id: scope, colleague_id: colleagueId, updated_at: at })
      .onConflict((oc) => oc.column('id').doUpdateSet({ colleague_id: colleagueId, updated_at: at })).execute();
  }

  // ---- Alliance ledger (SPEC §3 C2, C3, §5.3) ----
  async insertExpectationsResponse(r: ExpectationsResponseRow) {
    await this.db.insertInto('expectations_responses').values({
      id: r.id, course_id: r.courseId, client_id: r.clientId, side: r.side, answered_at: r.answeredAt, entered_by: r.enteredBy,
      answers_enc: r.answersEnc, free_text_enc: r.freeTextEnc, cues_enc: r.cuesEnc, created_at: r.createdAt,
    }).execute();
  }
  async listExpectationsResponses(courseId: string) {
    return (await this.db.selectFrom('expectations_responses').selectAll().where('course_id', '=', courseId).orderBy('answered_at').orderBy('id').execute()).map(toExpectations);
  }
  async insertGoal(g: GoalRow) {
    await this.db.insertInto('goals').values({
      id: g.id, course_id: g.courseId, client_id: g.clientId, author: g.author, focus: g.focus, state: g.state, proposed_at: g.proposedAt,
      proposed_by: g.proposedBy, text_enc: g.textEnc, cues_enc: g.cuesEnc, agreed_at: g.agreedAt, agreed_by: g.agreedBy,
      agreement_recorded_by: g.agreementRecordedBy, agreement_words_enc: g.agreementWordsEnc, closed_state: g.closedState, closed_at: g.closedAt,
      closed_by: g.closedBy, closure_note_enc: g.closureNoteEnc, revised_to: g.revisedTo, revision_of: g.revisionOf, gas_weight: g.gasWeight,
      gas_descriptions_enc: g.gasDescriptionsEnc, updated_at: g.updatedAt,
    }).execute();
  }
  async findGoal(id: string) {
    const r = await this.db.selectFrom('goals').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toGoal(r);
  }
  async listGoals(courseId: string) {
    return (await this.db.selectFrom('goals').selectAll().where('course_id', '=', courseId).orderBy('proposed_at').orderBy('id').execute()).map(toGoal);
  }
  async updateGoal(id: string, fromState: string, patch: Partial<Omit<GoalRow, 'id' | 'courseId' | 'clientId' | 'author' | 'proposedAt' | 'proposedBy'>>) {
    const set = goalColumns(patch);
    if (!Object.keys(set).length) return true;
    const r = await this.db.updateTable('goals').set(set).where('id', '=', id).where('state', '=', fromState).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }
  async insertGoalRating(r: GoalRatingRow) {
    await this.db.insertInto('goal_ratings').values({
      id: r.id, goal_id: r.goalId, course_id: r.courseId, kind: r.kind, at: r.at, value: r.value, recorded_by: r.recordedBy,
      ...(await this.sealOf('goal_ratings', r.id, goalRatingFields(r))),
    }).execute();
  }
  async listGoalRatings(courseId: string) {
    return (await this.db.selectFrom('goal_ratings').selectAll().where('course_id', '=', courseId).orderBy('at').orderBy('id').execute()).map(toGoalRating);
  }
  async appendLedgerEntry(r: LedgerEntryRow) {
    await this.db.insertInto('alliance_ledger').values({
      id: r.id, course_id: r.courseId, client_id: r.clientId, seq: r.seq, kind: r.kind, agreement_id: r.agreementId, at: r.at, side: r.side,
      recorded_by: r.recordedBy, entered_by: r.enteredBy, alliance_type: r.allianceType, frequency: r.frequency, review_point: r.reviewPoint,
      supersedes: r.supersedes, statement_enc: r.statementEnc, reason_enc: r.reasonEnc, words_enc: r.wordsEnc,
      ...(await this.sealOf('alliance_ledger', r.id, ledgerFields(r))),
    }).execute();
  }
  async listLedger(courseId: string) {
    return (await this.db.selectFrom('alliance_ledger').selectAll().where('course_id', '=', courseId).orderBy('seq').execute()).map(toLedgerEntry);
  }
  async insertPhaseChange(r: PhaseChangeRow) {
    await this.db.insertInto('course_phase_changes').values({ id: r.id, course_id: r.courseId, at: r.at, phase: r.phase }).execute();
  }
  async listPhaseChanges(courseId: string) {
    return (await this.db.selectFrom('course_phase_changes').selectAll().where('course_id', '=', courseId).orderBy('at').orderBy('id').execute())
      .map((r) => ({ id: r.id, courseId: r.course_id, at: r.at, phase: r.phase as Phase }));
  }
  async putAllianceSnapshot(r: AllianceSnapshotRow) {
    const values = {
      id: r.id, course_id: r.courseId, client_id: r.clientId, session_id: r.sessionId, at: r.at, inputs_key: r.inputsKey, dominant: r.dominant,
      distribution: r.distribution, mass: r.mass, evidence_enc: r.evidenceEnc, computed_at: r.computedAt,
    };
    const { id: _id, course_id: _c, session_id: _s, ...update } = values;
    await this.db.insertInto('alliance_snapshots').values(values)
      .onConflict((oc) => oc.columns(['course_id', 'session_id']).doUpdateSet(update)).execute();
  }
  async listAllianceSnapshots(courseId: string) {
    return (await this.db.selectFrom('alliance_snapshots').selectAll().where('course_id', '=', courseId).orderBy('at').execute()).map(toSnapshot);
  }
  async deleteAllianceSnapshots(courseId: string, sessionIds: readonly string[]) {
    if (!sessionIds.length) return;
    await this.db.deleteFrom('alliance_snapshots').where('course_id', '=', courseId).where('session_id', 'in', [...sessionIds]).execute();
  }
}
