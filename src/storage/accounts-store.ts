/**
 * The Kysely implementation of the accounts port: meta values, the practice, users, invites,
 * sign-in sessions, the throttle, supervisions, the account key and access notices. Emails and
 * names are sealed and looked up by keyed hash through the shared context (kysely-context.ts),
 * so this file maps rows but never holds a key.
 */
import type { DB } from './schema.ts';
import type { KyselyContext, Db } from './kysely-context.ts';
import { ACCOUNT_KEY, bool, definedOnly, normalEmail } from './kysely-context.ts';
import { compiledOnce, runFixed } from './compiled-query.ts';
import { queryTokens } from '../domain/name-search.ts';
import type {
  AccountsStore,
  AccessNoticeRow,
  PracticeNoticeRow,
  StaffPageQuery,
  AuthSessionRow,
  InviteRow,
  PracticeRow,
  ThrottleRow,
  UserRow,
  WrappedKey,
} from '../services/ports.ts';
import type { Role, UserStatus } from '../domain/people.ts';

const roles = (s: string): Role[] => (s ? (s.split(',') as Role[]) : []);
const toPractice = (r: DB['practices']): PracticeRow => ({
  id: r.id,
  name: r.name,
  timeZone: r.time_zone,
  locale: r.locale,
  crisisInfo: r.crisis_info,
  requireMfaStaff: !!r.require_mfa_staff,
  requireMfaAdmin: !!r.require_mfa_admin,
  escalationMinutes: Number(r.escalation_minutes),
  processNoteReauthMinutes: Number(r.process_note_reauth_minutes),
  notesRevealDays: Number(r.notes_reveal_days),
  createdAt: r.created_at,
});
type Opened<R> = Omit<R, 'email_hash' | 'email_enc' | 'display_name_enc'> & { email: string; display_name: string };
const toUser = (r: Opened<DB['users']>): UserRow => ({
  id: r.id,
  practiceId: r.practice_id,
  email: r.email,
  displayName: r.display_name,
  passwordHash: r.password_hash,
  roles: roles(r.roles),
  status: r.status as UserStatus,
  clientId: r.client_id,
  totpSecret: r.totp_secret,
  totpLastStep: r.totp_last_step === null ? null : Number(r.totp_last_step),
  mfaEnabled: !!r.mfa_enabled,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});
const toInvite = (r: Opened<DB['invites']>): InviteRow => ({
  id: r.id,
  practiceId: r.practice_id,
  tokenHash: r.token_hash,
  email: r.email,
  roles: roles(r.roles),
  clientId: r.client_id,
  createdBy: r.created_by,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  usedAt: r.used_at,
});
const toAuthSession = (r: DB['auth_sessions']): AuthSessionRow => ({
  idHash: r.id_hash,
  userId: r.user_id,
  createdAt: r.created_at,
  lastSeenAt: r.last_seen_at,
  expiresAt: r.expires_at,
  mfaVerified: !!r.mfa_verified,
  reauthAt: r.reauth_at,
  csrfToken: r.csrf_token,
});

/** Names are sealed, so accounts are ordered here (by display name, then id) rather than by the database. */
const byName = (users: UserRow[]): UserRow[] =>
  users.sort((a, b) => (a.displayName < b.displayName ? -1 : a.displayName > b.displayName ? 1 : a.id < b.id ? -1 : 1));

const SESSION_COLUMNS = ['id_hash', 'user_id', 'created_at', 'last_seen_at', 'expires_at', 'mfa_verified', 'reauth_at', 'csrf_token'] as const;
const SESSION_WITH_USER = `select u.*, ${SESSION_COLUMNS.map((c) => `s."${c}" as "s:${c}"`).join(', ')}
  from "auth_sessions" s left join "users" u on u."id" = s."user_id" where s."id_hash" = ?`;
const findPracticeQuery = compiledOnce((db: Db) => db.selectFrom('practices').selectAll().orderBy('created_at'));
/** Every request resolves its session: compiled once (compiled-query.ts). */
const findAuthSessionQuery = compiledOnce((db: Db, idHash: string) => db.selectFrom('auth_sessions').selectAll().where('id_hash', '=', idHash));

export class KyselyAccountsStore implements AccountsStore {
  private readonly db: Db;
  constructor(private readonly ctx: KyselyContext) {
    this.db = ctx.db;
  }

  private async openUser(r: DB['users']): Promise<UserRow> {
    const { email_hash: _h, email_enc, display_name_enc, ...rest } = r;
    if (email_enc === null) throw new Error(`the account ${r.id} has not been sealed yet`);
    const email = await this.ctx.openField(`users:${r.id}:email`, email_enc);
    return toUser({ ...rest, email, display_name: await this.ctx.openField(`users:${r.id}:display_name`, display_name_enc) });
  }
  private async openInvite(r: DB['invites']): Promise<InviteRow> {
    const { email_hash: _h, email_enc, ...rest } = r;
    if (email_enc === null) throw new Error(`the invite ${r.id} has not been sealed yet`);
    return toInvite({ ...rest, email: await this.ctx.openField(`invites:${r.id}:email`, email_enc), display_name: '' });
  }

  async findAccountKey() {
    return this.ctx.readAccountKey();
  }
  async updateAccountKey(key: WrappedKey) {
    await this.db
      .updateTable('meta')
      .set({ value: JSON.stringify(key) })
      .where('key', '=', ACCOUNT_KEY)
      .execute();
    this.ctx.shared.accountKey = undefined;
  }

  /**
   * Converts accounts, invites and throttle rows written before 0006-sealed-identity (clear email
   * and name) in one transaction; a no-op once done. Returns how many rows it converted.
   */
  async sealAccountIdentities(): Promise<number> {
    let converted = 0;
    await this.ctx.inTransaction(async (tx) => {
      for (const r of await tx.db.selectFrom('users').selectAll().where('email_enc', 'is', null).execute()) {
        const email = normalEmail(r.email_hash);
        const res = await tx.db
          .updateTable('users')
          .set({
            email_hash: (await tx.emailHash(email))!,
            email_enc: await tx.sealField(`users:${r.id}:email`, email),
            display_name_enc: await tx.sealField(`users:${r.id}:display_name`, r.display_name_enc),
          })
          .where('id', '=', r.id)
          .where('email_enc', 'is', null)
          .executeTakeFirst();
        converted += Number(res.numUpdatedRows);
      }
      for (const r of await tx.db.selectFrom('invites').selectAll().where('email_enc', 'is', null).execute()) {
        const email = normalEmail(r.email_hash);
        const res = await tx.db
          .updateTable('invites')
          .set({
            email_hash: (await tx.emailHash(email))!,
            email_enc: await tx.sealField(`invites:${r.id}:email`, email),
          })
          .where('id', '=', r.id)
          .where('email_enc', 'is', null)
          .executeTakeFirst();
        converted += Number(res.numUpdatedRows);
      }
      // Hashed keys are hex; a key with a colon ('acct:…', 'addr:…', 'mfa:…') is a clear one.
      for (const r of await tx.db.selectFrom('login_throttle').selectAll().where('key', 'like', '%:%').execute()) {
        await tx.db
          .insertInto('login_throttle')
          .values({ ...r, key: await tx.throttleKey(r.key) })
          .onConflict((oc) => oc.column('key').doNothing())
          .execute();
        const res = await tx.db.deleteFrom('login_throttle').where('key', '=', r.key).executeTakeFirst();
        converted += Number(res.numDeletedRows);
      }
    });
    return converted;
  }

  async getMeta(key: string) {
    return this.ctx.getMeta(key);
  }
  async setMeta(key: string, value: string) {
    await this.ctx.setMeta(key, value);
  }

  async findPractice() {
    // Compiled once (compiled-query.ts): every signed-in request reads it (on PostgreSQL, with no row cache, from the database).
    const [r] = await findPracticeQuery(this.db);
    return r && toPractice(r);
  }
  async insertPractice(p: PracticeRow) {
    await this.db
      .insertInto('practices')
      .values({
        id: p.id,
        name: p.name,
        time_zone: p.timeZone,
        locale: p.locale,
        crisis_info: p.crisisInfo,
        require_mfa_staff: bool(p.requireMfaStaff),
        require_mfa_admin: bool(p.requireMfaAdmin),
        escalation_minutes: p.escalationMinutes,
        process_note_reauth_minutes: p.processNoteReauthMinutes,
        notes_reveal_days: p.notesRevealDays,
        created_at: p.createdAt,
      })
      .execute();
  }
  async updatePractice(id: string, p: Partial<Omit<PracticeRow, 'id' | 'createdAt'>>) {
    const set = definedOnly({
      name: p.name,
      time_zone: p.timeZone,
      locale: p.locale,
      crisis_info: p.crisisInfo,
      require_mfa_staff: p.requireMfaStaff === undefined ? undefined : bool(p.requireMfaStaff),
      require_mfa_admin: p.requireMfaAdmin === undefined ? undefined : bool(p.requireMfaAdmin),
      escalation_minutes: p.escalationMinutes,
      process_note_reauth_minutes: p.processNoteReauthMinutes,
      notes_reveal_days: p.notesRevealDays,
    });
    if (Object.keys(set).length) await this.db.updateTable('practices').set(set).where('id', '=', id).execute();
  }

  async findUserById(id: string) {
    const r = await this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return r && this.openUser(r);
  }
  async findUserByEmail(email: string) {
    const hash = await this.ctx.emailHash(email, false);
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
    return byName(await Promise.all(rows.map((r) => this.openUser(r))));
  }
  async listStaffUsers(practiceId: string) {
    // Roles are stored comma-separated and 'client' is never combined with another role (nor is it
    // part of another role's name), so the portal accounts are left out before any is opened.
    const rows = await this.db.selectFrom('users').selectAll().where('practice_id', '=', practiceId).where('roles', 'not like', '%client%').execute();
    return byName(await Promise.all(rows.map((r) => this.openUser(r))));
  }
  async listStaffPage(practiceId: string, q: StaffPageQuery) {
    let query = this.db.selectFrom('users').selectAll().where('practice_id', '=', practiceId).where('roles', 'not like', '%client%');
    if (q.search !== undefined) {
      if (q.search.includes('@')) {
        // An address is found by its keyed hash, exactly (the sign-in look-up).
        const hash = await this.ctx.emailHash(q.search, false);
        if (!hash) return [];
        query = query.where('email_hash', '=', hash);
      } else {
        const tokens = queryTokens(q.search);
        const hashes = tokens.length ? await this.ctx.nameTokenHashes(tokens, false) : undefined;
        if (!hashes) return [];
        for (const h of hashes)
          query = query.where('id', 'in', (eb) => eb.selectFrom('name_tokens').select('owner_id').where('kind', '=', 'user').where('token', '=', h));
      }
    }
    if (q.after) {
      const a = q.after;
      query = query.where((eb) => eb(eb.refTuple('created_at', 'id'), '>', eb.tuple(a.createdAt, a.id)));
    }
    const rows = await query.orderBy('created_at').orderBy('id').limit(q.limit).execute();
    return Promise.all(rows.map((r) => this.openUser(r)));
  }
  async staffWithoutNameIndex(after: string | null, limit: number) {
    let query = this.db
      .selectFrom('users')
      .selectAll()
      .where('roles', 'not like', '%client%')
      .where('email_enc', 'is not', null)
      .where((eb) => eb.not(eb.exists(eb.selectFrom('name_tokens').select('owner_id').where('kind', '=', 'user').whereRef('owner_id', '=', 'users.id'))));
    if (after !== null) query = query.where('id', '>', after);
    const rows = await query.orderBy('id').limit(limit).execute();
    return Promise.all(rows.map((r) => this.openUser(r)));
  }
  async indexStaffName(userId: string, name: string) {
    await this.ctx.inTransaction((tx) => tx.indexName('user', userId, name));
  }
  async displayNamesOf(ids: Iterable<string>) {
    const wanted = [...new Set(ids)];
    const names = new Map<string, string>();
    // Chunked like the other id lists, so a very long list stays under the databases' parameter limits.
    for (let i = 0; i < wanted.length; i += 500) {
      const rows = await this.db
        .selectFrom('users')
        .select(['id', 'email_enc', 'display_name_enc'])
        .where('id', 'in', wanted.slice(i, i + 500))
        .execute();
      for (const r of rows) {
        if (r.email_enc === null) throw new Error(`the account ${r.id} has not been sealed yet`);
        names.set(r.id, await this.ctx.openField(`users:${r.id}:display_name`, r.display_name_enc));
      }
    }
    return names;
  }
  async insertUser(u: UserRow) {
    const email = normalEmail(u.email);
    await this.db
      .insertInto('users')
      .values({
        id: u.id,
        practice_id: u.practiceId,
        email_hash: (await this.ctx.emailHash(email))!,
        email_enc: await this.ctx.sealField(`users:${u.id}:email`, email),
        display_name_enc: await this.ctx.sealField(`users:${u.id}:display_name`, u.displayName),
        password_hash: u.passwordHash,
        roles: u.roles.join(','),
        status: u.status,
        client_id: u.clientId,
        totp_secret: u.totpSecret,
        totp_last_step: u.totpLastStep,
        mfa_enabled: bool(u.mfaEnabled),
        created_at: u.createdAt,
        updated_at: u.updatedAt,
      })
      .execute();
    // Staff are found by name (the staff list's search): their name's keyed hashes. Portal accounts are not listed there.
    if (!u.roles.includes('client')) await this.ctx.indexName('user', u.id, u.displayName);
  }
  async updateUser(id: string, u: Partial<Omit<UserRow, 'id' | 'practiceId' | 'createdAt'>>) {
    const email = u.email === undefined ? undefined : normalEmail(u.email);
    const set = definedOnly({
      email_hash: email === undefined ? undefined : await this.ctx.emailHash(email),
      email_enc: email === undefined ? undefined : await this.ctx.sealField(`users:${id}:email`, email),
      display_name_enc: u.displayName === undefined ? undefined : await this.ctx.sealField(`users:${id}:display_name`, u.displayName),
      password_hash: u.passwordHash,
      roles: u.roles?.join(','),
      status: u.status,
      client_id: u.clientId,
      totp_secret: u.totpSecret,
      totp_last_step: u.totpLastStep,
      mfa_enabled: u.mfaEnabled === undefined ? undefined : bool(u.mfaEnabled),
      updated_at: u.updatedAt,
    });
    if (Object.keys(set).length) await this.db.updateTable('users').set(set).where('id', '=', id).execute();
    if (u.displayName !== undefined) {
      const r = await this.db.selectFrom('users').select('roles').where('id', '=', id).executeTakeFirst();
      if (r && !roles(r.roles).includes('client')) await this.ctx.indexName('user', id, u.displayName);
    }
  }

  async insertInvite(i: InviteRow) {
    const email = normalEmail(i.email);
    await this.db
      .insertInto('invites')
      .values({
        id: i.id,
        practice_id: i.practiceId,
        token_hash: i.tokenHash,
        email_hash: (await this.ctx.emailHash(email))!,
        email_enc: await this.ctx.sealField(`invites:${i.id}:email`, email),
        roles: i.roles.join(','),
        client_id: i.clientId,
        created_by: i.createdBy,
        created_at: i.createdAt,
        expires_at: i.expiresAt,
        used_at: i.usedAt,
      })
      .execute();
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
    return Promise.all(
      (
        await this.db
          .selectFrom('invites')
          .selectAll()
          .where('practice_id', '=', practiceId)
          .where('used_at', 'is', null)
          .where('expires_at', '>', now)
          .orderBy('created_at', 'desc')
          .execute()
      ).map((r) => this.openInvite(r)),
    );
  }

  async insertAuthSession(s: AuthSessionRow) {
    await this.db
      .insertInto('auth_sessions')
      .values({
        id_hash: s.idHash,
        user_id: s.userId,
        created_at: s.createdAt,
        last_seen_at: s.lastSeenAt,
        expires_at: s.expiresAt,
        mfa_verified: bool(s.mfaVerified),
        reauth_at: s.reauthAt,
        csrf_token: s.csrfToken,
      })
      .execute();
  }
  async findAuthSession(idHash: string) {
    const [r] = await findAuthSessionQuery(this.db, idHash);
    return r && toAuthSession(r);
  }
  async findSessionWithUser(idHash: string) {
    // A fixed text (compiled-query.ts): every signed-in request runs it. The session's columns come
    // under names of their own beside the user's (a user that is gone leaves the user's null).
    const [r] = await runFixed<DB['users'] & { [K in keyof DB['auth_sessions'] as `s:${K}`]: DB['auth_sessions'][K] }>(
      this.db,
      this.ctx.dialect,
      SESSION_WITH_USER,
      [idHash],
    );
    if (!r) return undefined;
    const session = toAuthSession({
      id_hash: r['s:id_hash'],
      user_id: r['s:user_id'],
      created_at: r['s:created_at'],
      last_seen_at: r['s:last_seen_at'],
      expires_at: r['s:expires_at'],
      mfa_verified: r['s:mfa_verified'],
      reauth_at: r['s:reauth_at'],
      csrf_token: r['s:csrf_token'],
    });
    return { session, user: r.id === null ? undefined : await this.openUser(r) };
  }
  async touchAuthSession(idHash: string, p: Partial<Pick<AuthSessionRow, 'lastSeenAt' | 'mfaVerified' | 'reauthAt'>>) {
    const set = definedOnly({ last_seen_at: p.lastSeenAt, mfa_verified: p.mfaVerified === undefined ? undefined : bool(p.mfaVerified), reauth_at: p.reauthAt });
    if (Object.keys(set).length) await this.db.updateTable('auth_sessions').set(set).where('id_hash', '=', idHash).execute();
  }
  async deleteAuthSession(idHash: string) {
    await this.db.deleteFrom('auth_sessions').where('id_hash', '=', idHash).execute();
  }
  async deleteAuthSessionsOfUser(userId: string) {
    await this.db.deleteFrom('auth_sessions').where('user_id', '=', userId).execute();
  }
  async deleteExpiredAuthSessions(now: string, idleBefore: string) {
    const r = await this.db
      .deleteFrom('auth_sessions')
      .where((eb) => eb.or([eb('expires_at', '<=', now), eb('last_seen_at', '<', idleBefore)]))
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  async findThrottle(key: string) {
    const r = await this.db
      .selectFrom('login_throttle')
      .selectAll()
      .where('key', '=', await this.ctx.throttleKey(key))
      .executeTakeFirst();
    return r && { key, failures: Number(r.failures), firstFailureAt: r.first_failure_at, lockedUntil: r.locked_until };
  }
  async putThrottle(t: ThrottleRow) {
    const v = { failures: t.failures, first_failure_at: t.firstFailureAt, locked_until: t.lockedUntil };
    await this.db
      .insertInto('login_throttle')
      .values({ key: await this.ctx.throttleKey(t.key), ...v })
      .onConflict((oc) => oc.column('key').doUpdateSet(v))
      .execute();
  }
  async clearThrottle(key: string) {
    await this.db
      .deleteFrom('login_throttle')
      .where('key', '=', await this.ctx.throttleKey(key))
      .execute();
  }

  async listSupervisions(practiceId: string) {
    return (await this.db.selectFrom('supervisions').select(['supervisor_id', 'therapist_id']).where('practice_id', '=', practiceId).execute()).map((r) => ({
      supervisorId: r.supervisor_id,
      therapistId: r.therapist_id,
    }));
  }
  async supervisorsOf(therapistId: string) {
    return (await this.db.selectFrom('supervisions').select('supervisor_id').where('therapist_id', '=', therapistId).execute()).map((r) => r.supervisor_id);
  }
  async superviseesOf(supervisorId: string) {
    return (await this.db.selectFrom('supervisions').select('therapist_id').where('supervisor_id', '=', supervisorId).execute()).map((r) => r.therapist_id);
  }
  async addSupervision(practiceId: string, supervisorId: string, therapistId: string, at: string) {
    await this.db
      .insertInto('supervisions')
      .values({ practice_id: practiceId, supervisor_id: supervisorId, therapist_id: therapistId, created_at: at })
      .onConflict((oc) => oc.columns(['supervisor_id', 'therapist_id']).doNothing())
      .execute();
  }
  async removeSupervision(supervisorId: string, therapistId: string) {
    await this.db.deleteFrom('supervisions').where('supervisor_id', '=', supervisorId).where('therapist_id', '=', therapistId).execute();
  }

  async insertAccessNotice(n: AccessNoticeRow) {
    await this.db
      .insertInto('access_notices')
      .values({
        id: n.id,
        practice_id: n.practiceId,
        user_id: n.userId,
        kind: n.kind,
        actor_id: n.actorId,
        grantee_id: n.granteeId,
        client_id: n.clientId,
        created_at: n.createdAt,
        read_at: n.readAt,
      })
      .execute();
  }
  async listAccessNotices(userId: string, limit: number) {
    const rows = await this.db
      .selectFrom('access_notices')
      .selectAll()
      .where('user_id', '=', userId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r): AccessNoticeRow => ({
      id: r.id,
      practiceId: r.practice_id,
      userId: r.user_id,
      kind: r.kind as AccessNoticeRow['kind'],
      actorId: r.actor_id,
      granteeId: r.grantee_id,
      clientId: r.client_id,
      createdAt: r.created_at,
      readAt: r.read_at,
    }));
  }
  async markAccessNoticesRead(userId: string, at: string) {
    await this.db.updateTable('access_notices').set({ read_at: at }).where('user_id', '=', userId).where('read_at', 'is', null).execute();
    await this.db
      .insertInto('notice_marks')
      .values({ user_id: userId, read_at: at })
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ read_at: at }))
      .execute();
  }
  async insertPracticeNotice(n: PracticeNoticeRow) {
    await this.db
      .insertInto('practice_notices')
      .values({ id: n.id, practice_id: n.practiceId, kind: n.kind, actor_id: n.actorId, grantee_id: n.granteeId, created_at: n.createdAt })
      .execute();
  }
  async listPracticeNotices(practiceId: string, limit: number) {
    const rows = await this.db
      .selectFrom('practice_notices')
      .selectAll()
      .where('practice_id', '=', practiceId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r): PracticeNoticeRow => ({
      id: r.id,
      practiceId: r.practice_id,
      kind: r.kind as PracticeNoticeRow['kind'],
      actorId: r.actor_id,
      granteeId: r.grantee_id,
      createdAt: r.created_at,
    }));
  }
  async findNoticeMark(userId: string) {
    return (await this.db.selectFrom('notice_marks').select('read_at').where('user_id', '=', userId).executeTakeFirst())?.read_at;
  }
}
