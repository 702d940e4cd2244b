/**
 * The Kysely implementation of the audit port: the hash-chained audit log and its keyed head, the
 * integrity seal of the database (making it, re-wrapping it, reading every sealed record back),
 * the database's own integrity check, and dump/load of every table for backups. The fields each
 * sealed table's seal covers come from that table's capability store (measures, alliance).
 */
import { sql } from 'kysely';
import type { DB } from './schema.ts';
import { TABLE_ORDER } from './schema.ts';
import type { KyselyContext, Db, IntegrityMeta } from './kysely-context.ts';
import { INTEGRITY_META } from './kysely-context.ts';
import { responseFields, toResponse } from './measures-store.ts';
import { goalRatingFields, ledgerFields, toGoalRating, toLedgerEntry } from './alliance-store.ts';
import { addendumFields, noteFields, toAddendum, toNote } from './notes-store.ts';
import { endingFields, toEnding } from './ending-store.ts';
import type { AuditQuery, AuditStore, IntegrityState, SealedRecord, SealedTable } from '../services/ports.ts';
import type { AuditEvent, AuditEventInput, AuditOutcome, SealBoundary } from '../domain/audit-chain.ts';
import { auditMac, boundaryMac, headMac, namedClients } from '../domain/audit-chain.ts';
import { recordSeal } from '../domain/record-seal.ts';

const toAudit = (r: DB['audit_events']): AuditEvent => ({
  seq: Number(r.seq),
  id: r.id,
  at: r.at,
  actorId: r.actor_id,
  actorRole: r.actor_role,
  action: r.action,
  resourceType: r.resource_type,
  resourceId: r.resource_id,
  clientId: r.client_id,
  outcome: r.outcome as AuditOutcome,
  ip: r.ip,
  detail: r.detail,
  prevHash: r.prev_hash,
  hash: r.hash,
});

/** Per sealed table: the fields its seal covers, read from a stored row. */
const SEALED: { [T in SealedTable]: (r: DB[T]) => unknown[] } = {
  measure_responses: (r) => responseFields(toResponse(r)),
  goal_ratings: (r) => goalRatingFields(toGoalRating(r)),
  alliance_ledger: (r) => ledgerFields(toLedgerEntry(r)),
  progress_notes: (r) => noteFields(toNote(r)),
  progress_note_addenda: (r) => addendumFields(toAddendum(r)),
  course_endings: (r) => endingFields(toEnding(r)),
};
/** Sealed tables keyed by another column than `id`. */
const SEALED_KEY: Partial<Record<SealedTable, string>> = { course_endings: 'course_id' };
/** Sealed tables whose rows are sealed from a point in their life on: an ending once it is closed. */
const SEALED_FROM: Partial<Record<SealedTable, string>> = { course_endings: 'closed_at', progress_notes: 'signed_at' };
/** How a sealed table's rows are found: their key column, the condition for a row to be sealed, a row's id. */
function sealedRows(table: SealedTable) {
  const key = SEALED_KEY[table] ?? 'id';
  const from = SEALED_FROM[table];
  return {
    key,
    sealedOnly: from ? sql`and ${sql.ref(from)} is not null` : sql``,
    idOf: (r: unknown) => String((r as Record<string, unknown>)[key]),
  };
}
const SEALED_TABLES = Object.keys(SEALED) as SealedTable[];

/** Rows per page of a backup dump. */
const DUMP_PAGE = 1000;
/** The primary key of each table a dump pages by, where it is not `id`. */
const DUMP_KEYS: Partial<Record<(typeof TABLE_ORDER)[number], readonly string[]>> = {
  meta: ['key'],
  audit_events: ['seq'],
  audit_event_clients: ['seq', 'client_id'],
  supervisions: ['supervisor_id', 'therapist_id'],
  auth_sessions: ['id_hash'],
  login_throttle: ['key'],
  client_keys: ['client_id'],
  course_endings: ['course_id'],
  course_outcomes: ['course_id'],
  ending_settings: ['practice_id'],
  client_portal_settings: ['client_id'],
  skills_settings: ['practice_id'],
  tracker_days: ['tracker_id', 'day'],
  skills_sharing: ['client_id'],
  mail_settings: ['practice_id'],
  mail_preferences: ['user_id'],
  recovery_codes: ['user_id', 'code_hash'],
  retention_settings: ['practice_id'],
};

export class KyselyAuditStore implements AuditStore {
  private readonly db: Db;
  constructor(private readonly ctx: KyselyContext) {
    this.db = ctx.db;
  }

  async integrity(): Promise<IntegrityState | undefined> {
    const meta = await this.ctx.integrityMeta();
    return meta && { keys: this.ctx.openKeys(meta.key), since: meta.since, mac: meta.mac };
  }
  async sealIntegrity(at: string, opts: { replace?: boolean } = {}): Promise<boolean> {
    if (!opts.replace && (await this.ctx.integrityMeta())) return false; // the common case: no write at all
    return this.ctx.inTransaction(async (tx) => {
      // The head row lock serialises instances starting together; the second finds the key.
      const head = await tx.db
        .updateTable('audit_head')
        .set({ seq: sql`seq` })
        .where('id', '=', 1)
        .returning(['seq', 'hash'])
        .executeTakeFirstOrThrow();
      if (!opts.replace && (await tx.integrityMeta())) return false;
      const key = this.ctx.vault.newIntegrityKey();
      const keys = tx.openKeys(key);
      const since: SealBoundary = { seq: Number(head.seq), hash: head.hash, at };
      await tx.setMeta(INTEGRITY_META, JSON.stringify({ key, since, mac: boundaryMac(keys.chain, since) } satisfies IntegrityMeta));
      await tx.db
        .updateTable('audit_head')
        .set({ mac: headMac(keys.chain, since) })
        .where('id', '=', 1)
        .execute();
      // Records written before sealing are sealed now, at the chain's current length.
      for (const table of SEALED_TABLES) {
        const { key, sealedOnly, idOf } = sealedRows(table);
        for (;;) {
          const rows = await sql<
            DB[typeof table]
          >`select * from ${sql.table(table)} where seal is null ${sealedOnly} order by ${sql.ref(key)} limit 500`.execute(tx.db);
          if (!rows.rows.length) break;
          for (const r of rows.rows) {
            const seal = recordSeal(keys.records, table, idOf(r), since.seq, (SEALED[table] as (x: unknown) => unknown[])(r));
            await sql`update ${sql.table(table)} set seal = ${seal}, sealed_seq = ${since.seq} where ${sql.ref(key)} = ${idOf(r)}`.execute(tx.db);
          }
        }
      }
      return true;
    });
  }
  async rewrapIntegrityKey(): Promise<void> {
    await this.ctx.inTransaction(async (tx) => {
      const meta = await tx.integrityMeta();
      if (!meta) return;
      const key = this.ctx.vault.rewrapIntegrityKey(meta.key);
      if (key !== meta.key) await tx.setMeta(INTEGRITY_META, JSON.stringify({ ...meta, key }));
    });
  }
  async integrityMasterKeyId(): Promise<string | undefined> {
    const meta = await this.ctx.integrityMeta();
    return meta ? meta.key.slice(0, meta.key.indexOf(':')) : undefined;
  }
  sealedTables() {
    return SEALED_TABLES;
  }
  async *sealedRecordPages(table: SealedTable, pageSize: number): AsyncIterable<SealedRecord[]> {
    let after = '';
    const { key, sealedOnly, idOf } = sealedRows(table);
    for (;;) {
      const rows = await sql<
        DB[typeof table]
      >`select * from ${sql.table(table)} where ${sql.ref(key)} > ${after} ${sealedOnly} order by ${sql.ref(key)} limit ${pageSize}`.execute(this.db);
      if (!rows.rows.length) return;
      yield rows.rows.map((r) => ({
        table,
        id: idOf(r),
        seal: r.seal,
        auditSeq: r.sealed_seq === null ? null : Number(r.sealed_seq),
        fields: (SEALED[table] as (x: unknown) => unknown[])(r),
      }));
      after = idOf(rows.rows[rows.rows.length - 1]!);
    }
  }

  async appendAudit(events: readonly (AuditEventInput & { id: string; at: string })[]): Promise<AuditEvent[]> {
    if (!events.length) return [];
    return this.ctx.inTransaction(async (tx) => new KyselyAuditStore(tx).appendAuditInTx(events));
  }
  private async appendAuditInTx(events: readonly (AuditEventInput & { id: string; at: string })[]): Promise<AuditEvent[]> {
    // The single head row serialises appenders: on PostgreSQL the UPDATE takes a row lock that
    // other instances wait on and then re-read; on SQLite the write transaction is exclusive. The
    // integrity key comes back with it (one statement, not two).
    const head = await this.db
      .updateTable('audit_head')
      .set({ seq: sql`seq + ${events.length}` })
      .where('id', '=', 1)
      .returning(['seq', 'hash', (eb) => eb.selectFrom('meta').select('value').where('key', '=', INTEGRITY_META).as('integrity')])
      .executeTakeFirstOrThrow();
    const key = this.ctx.writeKeysOf(head.integrity).chain;
    let seq = Number(head.seq) - events.length;
    let prev = head.hash;
    const out: AuditEvent[] = [];
    const named: { seq: number; client_id: string }[] = [];
    for (const e of events) {
      seq++;
      const clientIds = namedClients(e.clientIds);
      for (const c of clientIds) named.push({ seq, client_id: c });
      const base = { ...e, clientIds: clientIds.length ? clientIds : undefined, seq, prevHash: prev };
      const full: AuditEvent = { ...base, hash: auditMac(key, base) };
      out.push(full);
      prev = full.hash;
    }
    const rows = (from: number) =>
      out.slice(from, from + 200).map((e) => ({
        seq: e.seq,
        id: e.id,
        at: e.at,
        actor_id: e.actorId,
        actor_role: e.actorRole,
        action: e.action,
        resource_type: e.resourceType,
        resource_id: e.resourceId,
        client_id: e.clientId,
        outcome: e.outcome,
        ip: e.ip,
        detail: e.detail,
        prev_hash: e.prevHash,
        hash: e.hash,
      }));
    const newHead = { hash: prev, mac: headMac(key, { seq, hash: prev }) };
    if (this.ctx.dialect === 'postgres' && out.length <= 200 && named.length <= 400) {
      // One round trip for the events, the clients they name and the head (a batch of the audit
      // log is usually a few events): the sub-statements run together, the foreign keys checked at its end.
      const q = this.db.with('appended', (db) => db.insertInto('audit_events').values(rows(0)));
      if (named.length)
        await q
          .with('named', (db) => db.insertInto('audit_event_clients').values(named))
          .updateTable('audit_head')
          .set(newHead)
          .where('id', '=', 1)
          .execute();
      else await q.updateTable('audit_head').set(newHead).where('id', '=', 1).execute();
      return out;
    }
    for (let i = 0; i < out.length; i += 200) await this.db.insertInto('audit_events').values(rows(i)).execute();
    for (let i = 0; i < named.length; i += 400) {
      await this.db
        .insertInto('audit_event_clients')
        .values(named.slice(i, i + 400))
        .execute();
    }
    await this.db.updateTable('audit_head').set(newHead).where('id', '=', 1).execute();
    return out;
  }
  /**
   * Events newest first. Filtered by client: the events about that client and those naming it
   * beside them (a list read), the latter shown as about that client alone — one client's trail
   * never lists the other clients a list named.
   */
  async listAudit(q: AuditQuery) {
    let query = this.db.selectFrom('audit_events').selectAll();
    const clientId = q.clientId;
    if (clientId) {
      // Each side walked from its own (client_id, seq) index, newest first; without an actor filter
      // no more than `limit` of each can be on the page, so no more are read.
      const side = (table: 'audit_events' | 'audit_event_clients', alias: string) => {
        const before = q.beforeSeq ? sql`and seq < ${q.beforeSeq}` : sql``;
        const limit = q.actorId ? sql`` : sql`limit ${q.limit}`;
        return sql`select seq from (select seq from ${sql.table(table)} where client_id = ${clientId} ${before} order by seq desc ${limit}) as ${sql.raw(alias)}`;
      };
      query = query.where('seq', 'in', sql<number>`(${side('audit_events', 'about')} union all ${side('audit_event_clients', 'naming')})`);
    }
    if (q.actorId) query = query.where('actor_id', '=', q.actorId);
    if (q.beforeSeq) query = query.where('seq', '<', q.beforeSeq);
    const rows = (await query.orderBy('seq', 'desc').limit(q.limit).execute()).map(toAudit);
    return clientId ? rows.map((e) => (e.clientId === null ? { ...e, clientId } : e)) : rows;
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
      // The clients the page's events name beside them, so their links can be checked.
      const named = await this.db
        .selectFrom('audit_event_clients')
        .select(['seq', 'client_id'])
        .where('seq', '>=', page[0]!.seq)
        .where('seq', '<=', page[page.length - 1]!.seq)
        .orderBy('seq')
        .orderBy('client_id')
        .execute();
      if (named.length) {
        const bySeq = new Map<number, string[]>();
        for (const n of named) {
          const list = bySeq.get(Number(n.seq));
          if (list) list.push(n.client_id);
          else bySeq.set(Number(n.seq), [n.client_id]);
        }
        for (const e of page) e.clientIds = bySeq.get(e.seq);
      }
      yield page;
      after = page[page.length - 1]!.seq;
    }
  }

  async integrityCheck(): Promise<string[]> {
    if (this.ctx.dialect === 'sqlite') {
      const r = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(this.db);
      const fk = await sql<Record<string, unknown>>`pragma foreign_key_check`.execute(this.db);
      const problems = r.rows.map((x) => x.integrity_check).filter((x) => x !== 'ok');
      return problems.concat(fk.rows.map((x) => `foreign key: ${JSON.stringify(x)}`));
    }
    await sql`select 1`.execute(this.db);
    return [];
  }
  tables() {
    return TABLE_ORDER;
  }
  async *dumpTable(table: string): AsyncIterable<Record<string, unknown>[]> {
    const t = table as (typeof TABLE_ORDER)[number];
    // Pages by key (each page starts after the last row's key), so a dump costs the same per row
    // however far into a large table it is — OFFSET would rescan every earlier row (quadratic on the audit trail).
    const keys = (DUMP_KEYS[t] ?? ['id']).map((k) => sql.ref(k));
    let last: unknown[] | undefined;
    for (;;) {
      const after = last ? sql`where (${sql.join(keys)}) > (${sql.join(last)})` : sql``;
      const rows = await sql<Record<string, unknown>>`select * from ${sql.table(t)} ${after} order by ${sql.join(keys)} limit ${DUMP_PAGE}`.execute(this.db);
      if (!rows.rows.length) return;
      yield rows.rows;
      const end = rows.rows[rows.rows.length - 1]!;
      last = (DUMP_KEYS[t] ?? ['id']).map((k) => end[k]);
    }
  }
  async loadTable(table: string, given: readonly Record<string, unknown>[]) {
    if (!given.length) return;
    const t = table as (typeof TABLE_ORDER)[number];
    if (t === 'audit_head' || t === 'meta') await this.db.deleteFrom(t).execute();
    if (t === 'meta') this.ctx.shared.accountKey = undefined; // a restore brings the backup's keys
    const rows = await this.ctx.sealLegacyRows(t, given);
    for (let i = 0; i < rows.length; i += 100) {
      await this.db
        .insertInto(t)
        .values(rows.slice(i, i + 100))
        .execute();
    }
  }
  async isEmpty() {
    const r = await this.db.selectFrom('practices').select('id').limit(1).execute();
    return r.length === 0;
  }
}
