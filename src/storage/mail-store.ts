/**
 * The Kysely implementation of the mail port. A message's recipient and link are sealed together
 * (`message_enc`) under the practice's account key, as are the SMTP password; kinds, states and
 * times stay in clear so the sender can find due work without opening anything.
 *
 * Claiming is one transaction: select the due rows, then stamp them with the claimer and a lease.
 * On PostgreSQL the select takes row locks and skips rows already locked (FOR UPDATE SKIP LOCKED), so
 * two instances claiming at the same moment get disjoint rows and neither waits for the other; on
 * SQLite one process owns the database (data-dir-lock.ts) and the write transaction is exclusive.
 */
import { sql } from 'kysely';
import type { DB } from './schema.ts';
import type { Db, KyselyContext } from './kysely-context.ts';
import { bool } from './kysely-context.ts';
import type { MailKind } from '../domain/mail/messages.ts';
import type { MailEnvelope } from '../domain/mail/messages.ts';
import type { MailPreferenceRow, MailSettingsRow, MailStore, OutboxRow, OutboxStatus, SmtpSecurity } from '../services/ports.ts';

type OutboxDbRow = DB['mail_outbox'];

export class KyselyMailStore implements MailStore {
  private readonly db: Db;
  constructor(private readonly ctx: KyselyContext) {
    this.db = ctx.db;
  }

  private async openOutbox(r: OutboxDbRow): Promise<OutboxRow> {
    const m = JSON.parse(await this.ctx.openField(`mail_outbox:${r.id}:message`, r.message_enc)) as MailEnvelope;
    return {
      id: r.id,
      practiceId: r.practice_id,
      kind: r.kind as MailKind,
      to: m.to,
      path: m.path,
      dedupeKey: r.dedupe_key,
      status: r.status as OutboxStatus,
      attempts: Number(r.attempts),
      nextAttemptAt: r.next_attempt_at,
      leaseUntil: r.lease_until,
      claimedBy: r.claimed_by,
      lastError: r.last_error,
      createdAt: r.created_at,
      sentAt: r.sent_at,
    };
  }

  async findMailSettings(practiceId: string) {
    const r = await this.db.selectFrom('mail_settings').selectAll().where('practice_id', '=', practiceId).executeTakeFirst();
    if (!r) return undefined;
    const row: MailSettingsRow = {
      practiceId: r.practice_id,
      enabled: !!Number(r.enabled),
      host: r.host,
      port: Number(r.port),
      security: r.security as SmtpSecurity,
      sender: r.sender,
      username: r.username,
      password: r.password_enc === null ? null : await this.ctx.openField(`mail_settings:${r.practice_id}:password`, r.password_enc),
      updatedAt: r.updated_at,
      updatedBy: r.updated_by,
    };
    return row;
  }

  async setMailSettings(row: MailSettingsRow) {
    const v = {
      enabled: bool(row.enabled),
      host: row.host,
      port: row.port,
      security: row.security,
      sender: row.sender,
      username: row.username,
      password_enc: row.password === null ? null : await this.ctx.sealField(`mail_settings:${row.practiceId}:password`, row.password),
      updated_at: row.updatedAt,
      updated_by: row.updatedBy,
    };
    await this.db
      .insertInto('mail_settings')
      .values({ practice_id: row.practiceId, ...v })
      .onConflict((oc) => oc.column('practice_id').doUpdateSet(v))
      .execute();
  }

  async enqueueMail(row: OutboxRow) {
    const envelope: MailEnvelope = { to: row.to, path: row.path };
    const res = await this.db
      .insertInto('mail_outbox')
      .values({
        id: row.id,
        practice_id: row.practiceId,
        kind: row.kind,
        message_enc: await this.ctx.sealField(`mail_outbox:${row.id}:message`, JSON.stringify(envelope)),
        dedupe_key: row.dedupeKey,
        status: row.status,
        attempts: row.attempts,
        next_attempt_at: row.nextAttemptAt,
        lease_until: row.leaseUntil,
        claimed_by: row.claimedBy,
        last_error: row.lastError,
        created_at: row.createdAt,
        sent_at: row.sentAt,
      })
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .executeTakeFirst();
    return Number(res.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  async claimMail(now: string, leaseUntil: string, claimer: string, limit: number) {
    const due = (db: Db) =>
      db
        .selectFrom('mail_outbox')
        .select('id')
        .where('status', '=', 'queued')
        .where('next_attempt_at', '<=', now)
        .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', now)]))
        .orderBy('next_attempt_at')
        .orderBy('id');
    // The sender asks every few seconds and usually nothing is due: a plain read answers that
    // without opening a write transaction (on SQLite, the database's one writer slot).
    if (!this.ctx.inTx && !(await due(this.db).limit(1).executeTakeFirst())) return [];
    const claimed = await this.ctx.inTransaction(async (tx) => {
      let q = due(tx.db).limit(limit);
      if (tx.dialect === 'postgres') q = q.forUpdate().skipLocked();
      const ids = (await q.execute()).map((r) => r.id);
      if (!ids.length) return [];
      await tx.db
        .updateTable('mail_outbox')
        .set({ lease_until: leaseUntil, claimed_by: claimer, attempts: sql<number>`attempts + 1` })
        .where('id', 'in', ids)
        .execute();
      return tx.db.selectFrom('mail_outbox').selectAll().where('id', 'in', ids).orderBy('next_attempt_at').orderBy('id').execute();
    });
    return Promise.all(claimed.map((r) => this.openOutbox(r)));
  }

  async markMailSent(id: string, claimer: string, at: string) {
    const res = await this.db
      .updateTable('mail_outbox')
      .set({ status: 'sent', sent_at: at, lease_until: null, last_error: null })
      .where('id', '=', id)
      .where('claimed_by', '=', claimer)
      .where('status', '=', 'queued')
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  async markMailFailed(id: string, claimer: string, failure: { nextAttemptAt: string | null; error: string }) {
    const res = await this.db
      .updateTable('mail_outbox')
      .set(
        failure.nextAttemptAt === null
          ? { status: 'failed', lease_until: null, last_error: failure.error }
          : { next_attempt_at: failure.nextAttemptAt, lease_until: null, last_error: failure.error },
      )
      .where('id', '=', id)
      .where('claimed_by', '=', claimer)
      .where('status', '=', 'queued')
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  async listOutbox(practiceId: string, limit: number) {
    const rows = await this.db
      .selectFrom('mail_outbox')
      .selectAll()
      .where('practice_id', '=', practiceId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return Promise.all(rows.map((r) => this.openOutbox(r)));
  }

  async findMailPreference(userId: string) {
    const r = await this.db.selectFrom('mail_preferences').selectAll().where('user_id', '=', userId).executeTakeFirst();
    const row: MailPreferenceRow | undefined = r && { userId: r.user_id, dailyDigest: !!Number(r.daily_digest), updatedAt: r.updated_at };
    return row;
  }

  async setMailPreference(row: MailPreferenceRow) {
    const v = { daily_digest: bool(row.dailyDigest), updated_at: row.updatedAt };
    await this.db
      .insertInto('mail_preferences')
      .values({ user_id: row.userId, ...v })
      .onConflict((oc) => oc.column('user_id').doUpdateSet(v))
      .execute();
  }

  async listDigestSubscribers(practiceId: string) {
    const rows = await this.db
      .selectFrom('mail_preferences')
      .innerJoin('users', 'users.id', 'mail_preferences.user_id')
      .select('users.id')
      .where('users.practice_id', '=', practiceId)
      .where('users.status', '=', 'active')
      .where('mail_preferences.daily_digest', '=', 1)
      .orderBy('users.id')
      .execute();
    return rows.map((r) => r.id);
  }

  async listPortalAccounts(practiceId: string) {
    const rows = await this.db
      .selectFrom('users')
      .select(['id', 'client_id'])
      .where('practice_id', '=', practiceId)
      .where('status', '=', 'active')
      .where('client_id', 'is not', null)
      .orderBy('id')
      .execute();
    return rows.map((r) => ({ userId: r.id, clientId: r.client_id! }));
  }
}
