/**
 * The Kysely implementation of the audit port: the hash-chained audit log and its keyed head, the
 * integrity seal of the database (making it, re-wrapping it, reading every sealed record back),
 * the database's own integrity check, and dump/load of every table for backups. The fields each
 * sealed table's seal covers come from that table's capability store (measures, alliance).
 */
import { sql } from 'kysely';
import type { RawBuilder } from 'kysely';
import type { DB } from './schema.ts';
import { TABLE_ORDER } from './schema.ts';
import type { KyselyContext, Db, IntegrityMeta } from './kysely-context.ts';
import { INTEGRITY_META } from './kysely-context.ts';
import { responseFields, toResponse } from './measures-store.ts';
import { goalRatingFields, ledgerFields, toGoalRating, toLedgerEntry } from './alliance-store.ts';
import { addendumFields, noteFields, toAddendum, toNote } from './notes-store.ts';
import { endingFields, toEnding } from './ending-store.ts';
import type { AuditQuery, AuditStore, IntegrityState, SealedRecord, SealedTable } from '../services/ports.ts';
import type { AuditAnchor, AuditEvent, AuditEventInput, AuditOutcome, SealBoundary } from '../domain/audit-chain.ts';
import { AUDIT_LANES, GENESIS_HASH, anchorHeadMac, anchorMac, auditMac, boundaryMac, headMac, namedClients } from '../domain/audit-chain.ts';
import { recordSeal } from '../domain/record-seal.ts';
import { insertText, runFixed } from './compiled-query.ts';
import { attachClientSet, clientSetId } from './client-sets.ts';

/** The columns of an audit event row, in the order the append binds them. */
const AUDIT_COLUMNS = [
  'seq',
  'id',
  'at',
  'actor_id',
  'actor_role',
  'action',
  'resource_type',
  'resource_id',
  'client_id',
  'outcome',
  'ip',
  'detail',
  'prev_hash',
  'hash',
  'chain',
  'chain_seq',
  'client_set_id',
] as const;

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
  chain: Number(r.chain ?? 1),
  chainSeq: r.chain_seq === null || r.chain_seq === undefined ? Number(r.seq) : Number(r.chain_seq),
});
const toAnchor = (r: DB['audit_anchors']): AuditAnchor => ({
  seq: Number(r.seq),
  at: r.at,
  heads: JSON.parse(r.heads) as AuditAnchor['heads'],
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
  audit_client_set_members: ['set_id', 'client_id'],
  audit_anchors: ['seq'],
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
  name_tokens: ['kind', 'token', 'owner_id'],
  notice_marks: ['user_id'],
};

/** Tables of older backups loaded into today's shape: 0022's one row per event and named client. */
const LEGACY_TABLES = ['audit_event_clients'] as const;

/** Rolls an anchor back when no lane moved since the last one. */
class NothingToAnchor extends Error {}

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
      // Every other lane and the anchors' head are checkpointed as they stand (empty, or restored).
      const others = await tx.db.selectFrom('audit_head').select(['id', 'seq', 'hash']).where('id', '!=', 1).execute();
      for (const h of others) {
        const at = { seq: Number(h.seq), hash: h.hash };
        const mac = h.id === 0 ? anchorHeadMac(keys.chain, at) : headMac(keys.chain, { ...at, chain: h.id });
        await tx.db.updateTable('audit_head').set({ mac }).where('id', '=', h.id).execute();
      }
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
  async *sealedRecordPages(table: SealedTable, pageSize: number, opts: { sealedFrom?: number } = {}): AsyncIterable<SealedRecord[]> {
    const { key, sealedOnly, idOf } = sealedRows(table);
    const toRecord = (r: DB[typeof table]): SealedRecord => ({
      table,
      id: idOf(r),
      seal: r.seal,
      auditSeq: r.sealed_seq === null ? null : Number(r.sealed_seq),
      fields: (SEALED[table] as (x: unknown) => unknown[])(r),
    });
    if (opts.sealedFrom !== undefined) {
      // By (sealed_seq, key) from the mark on: the sealed_seq index (0026) finds them without reading the rest.
      // The first page has no key bound: on PostgreSQL a measure response's id is a uuid, which '' is not.
      let from: [number, string] | undefined;
      for (;;) {
        const where =
          from === undefined
            ? sql`sealed_seq >= ${opts.sealedFrom}`
            : sql`(sealed_seq > ${from[0]} or (sealed_seq = ${from[0]} and ${sql.ref(key)} > ${from[1]}))`;
        const rows = await sql<DB[typeof table]>`select * from ${sql.table(table)}
          where ${where} ${sealedOnly}
          order by sealed_seq, ${sql.ref(key)} limit ${pageSize}`.execute(this.db);
        if (!rows.rows.length) return;
        yield rows.rows.map(toRecord);
        const end = rows.rows[rows.rows.length - 1]!;
        from = [Number(end.sealed_seq), idOf(end)];
      }
    }
    // No lower bound on the first page: on PostgreSQL a measure response's id is a uuid, which '' is not.
    let after: string | undefined;
    for (;;) {
      const from = after === undefined ? sql`true` : sql`${sql.ref(key)} > ${after}`;
      const rows = await sql<
        DB[typeof table]
      >`select * from ${sql.table(table)} where ${from} ${sealedOnly} order by ${sql.ref(key)} limit ${pageSize}`.execute(this.db);
      if (!rows.rows.length) return;
      yield rows.rows.map(toRecord);
      after = idOf(rows.rows[rows.rows.length - 1]!);
    }
  }

  async appendAudit(events: readonly (AuditEventInput & { id: string; at: string })[]): Promise<AuditEvent[]> {
    if (!events.length) return [];
    // The audit log gathered its batch already: its group commits as soon as it is written.
    return this.ctx.inTransaction(async (tx) => new KyselyAuditStore(tx).appendAuditInTx(events), { gather: false });
  }
  private async appendAuditInTx(events: readonly (AuditEventInput & { id: string; at: string })[]): Promise<AuditEvent[]> {
    const lane = await this.takeLane(events.length);
    const key = (lane.integrity === undefined ? await this.ctx.writeKeys() : this.ctx.writeKeysOf(lane.integrity)).chain;
    const seqs = lane.seqs ?? (await this.nextSeqs(events.length));
    let chainSeq = lane.seq - events.length;
    let prev = lane.hash;
    const out: AuditEvent[] = [];
    /** The sets of clients the events name (by id), and each event's set. */
    const sets = new Map<string, string[]>();
    const setOf: (string | null)[] = [];
    for (const [i, e] of events.entries()) {
      chainSeq++;
      const seq = seqs[i]!;
      const clientIds = namedClients(e.clientIds);
      const setId = clientIds.length ? clientSetId(clientIds) : null;
      if (setId !== null) sets.set(setId, clientIds);
      setOf.push(setId);
      const base = { ...e, clientIds: clientIds.length ? clientIds : undefined, seq, chain: lane.id, chainSeq, prevHash: prev };
      const full: AuditEvent = { ...base, hash: auditMac(key, base) };
      out.push(full);
      prev = full.hash;
    }
    const newHead = { hash: prev, mac: headMac(key, { seq: chainSeq, hash: prev, chain: lane.id }) };
    const members = [...sets.values()].reduce((n, c) => n + c.length, 0);
    if (this.ctx.dialect === 'postgres' && out.length <= 200 && members <= 400) {
      // One round trip for the events, the sets of clients they name (each inserted if absent, its
      // members only with it) and the lane's new head (a batch of the audit log is usually a few
      // events): data-modifying CTEs, run together.
      const rows = out.map((e, i) => ({
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
        chain: lane.id,
        chain_seq: e.chainSeq!,
        client_set_id: setOf[i] ?? null,
      }));
      const q = this.db.with('appended', (db) => db.insertInto('audit_events').values(rows));
      if (sets.size) {
        // A set another transaction is inserting at the same time: this one waits on its unique id, then leaves it as that one wrote it.
        const given = [...sets].flatMap(([id, clients]) => clients.map((c) => sql`(${id}::text, ${c}::text)`));
        await q
          .with('new_sets', (db) =>
            db
              .insertInto('audit_client_sets')
              .values([...sets.keys()].map((id) => ({ id })))
              .onConflict((oc) => oc.doNothing())
              .returning('id'),
          )
          .with('new_members', (db) =>
            db
              .insertInto('audit_client_set_members')
              .columns(['set_id', 'client_id'])
              .expression(sql`select g.set_id, g.client_id from (values ${sql.join(given)}) as g (set_id, client_id) join new_sets on new_sets.id = g.set_id`),
          )
          .updateTable('audit_head')
          .set(newHead)
          .where('id', '=', lane.id)
          .execute();
      } else await q.updateTable('audit_head').set(newHead).where('id', '=', lane.id).execute();
      return out;
    }
    // Fixed texts (compiled-query.ts), not built through Kysely: every audited request runs these.
    const d = this.ctx.dialect;
    for (let i = 0; i < out.length; i += 200) {
      const part = out.slice(i, i + 200);
      const params: unknown[] = [];
      for (const [j, e] of part.entries()) {
        params.push(e.seq, e.id, e.at, e.actorId, e.actorRole, e.action, e.resourceType, e.resourceId, e.clientId, e.outcome, e.ip, e.detail);
        params.push(e.prevHash, e.hash, lane.id, e.chainSeq!, setOf[i + j] ?? null);
      }
      await runFixed(this.db, d, insertText('audit_events', AUDIT_COLUMNS, part.length), params);
    }
    // The set of clients a list read or an export names beside its one event, covered by the
    // event's link: written once, the first time those clients are named together (its members
    // only when its id was not there yet); named again, the set is found by its unique id and left.
    for (const [id, clients] of sets) {
      const fresh = await runFixed(this.db, d, 'insert into "audit_client_sets" ("id") values (?) on conflict do nothing returning "id"', [id]);
      if (!fresh.length) continue;
      for (let i = 0; i < clients.length; i += 400) {
        const part = clients.slice(i, i + 400);
        await runFixed(
          this.db,
          d,
          insertText('audit_client_set_members', ['set_id', 'client_id'], part.length),
          part.flatMap((c) => [id, c]),
        );
      }
    }
    await runFixed(this.db, d, 'update "audit_head" set "hash" = ?, "mac" = ? where "id" = ?', [newHead.hash, newHead.mac, lane.id]);
    return out;
  }
  /**
   * Takes a lane for this transaction and moves its head on by `n` places (returned: the lane, its
   * new length and the hash the appended events link from, with the integrity key read in the same
   * statement, and on SQLite the events' trail-wide numbers). SQLite has one writer: always lane 1.
   * On PostgreSQL the first lane no other transaction holds (SKIP LOCKED), so instances and
   * concurrent transactions append side by side;
   * lane 1 first, so a quiet practice keeps one chain. Only when every lane is held does an append
   * wait, on a lane of its own choosing.
   */
  private async takeLane(n: number): Promise<{ id: number; seq: number; hash: string; integrity?: string | null; seqs?: number[] }> {
    if (this.ctx.dialect === 'postgres') {
      // One round trip: the lane taken and moved on, the integrity key and the events' numbers.
      const free = await sql<{ id: number; seq: number; hash: string; integrity: string | null; seqs: (number | string)[] }>`
        with lane as (select id from audit_head where id >= 1 order by id limit 1 for update skip locked)
        update audit_head h set seq = h.seq + ${n} from lane where h.id = lane.id
        returning h.id, h.seq, h.hash,
          (select value from meta where key = ${INTEGRITY_META}) as integrity,
          (select array_agg(x order by x) from (select nextval('audit_event_seq') as x from generate_series(1, ${n})) q) as seqs`.execute(this.db);
      const lane = free.rows[0];
      if (lane) return { id: Number(lane.id), seq: Number(lane.seq), hash: lane.hash, integrity: lane.integrity, seqs: lane.seqs.map(Number) };
    }
    const pg = this.ctx.dialect === 'postgres';
    const id = pg ? 1 + Math.floor(Math.random() * AUDIT_LANES) : 1;
    // On SQLite the events' trail-wide numbers come with it (the next after the highest: one writer).
    const [head] = await runFixed<{ seq: number; hash: string; integrity: string | null; top?: number | null }>(
      this.db,
      this.ctx.dialect,
      'update "audit_head" set "seq" = seq + ? where "id" = ? returning "seq", "hash", (select "value" from "meta" where "key" = ?) as "integrity"' +
        (pg ? '' : ', (select max("seq") from "audit_events") as "top"'),
      [n, id, INTEGRITY_META],
    );
    if (!head) throw new Error(`audit lane ${id} has no head`);
    const top = Number(head.top ?? 0);
    return { id, seq: Number(head.seq), hash: head.hash, integrity: head.integrity, ...(pg ? {} : { seqs: Array.from({ length: n }, (_, i) => top + i + 1) }) };
  }
  /** The trail-wide numbers of `n` new events on PostgreSQL, from a sequence (no lock); SQLite's come with its lane. */
  private async nextSeqs(n: number): Promise<number[]> {
    const r = await sql<{ seq: number }>`select nextval('audit_event_seq') as seq from generate_series(1, ${n}) order by 1`.execute(this.db);
    return r.rows.map((x) => Number(x.seq));
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
      // Each side walked from its own index, newest first; without an actor filter no more than
      // `limit` of each can be on the page, so no more are read.
      const before = q.beforeSeq ? sql`and seq < ${q.beforeSeq}` : sql``;
      const limit = q.actorId ? sql`` : sql`limit ${q.limit}`;
      const about = sql<number>`(select seq from (select seq from audit_events where client_id = ${clientId} ${before} order by seq desc ${limit}) as about)`;
      const naming = await this.namingSeqs(clientId, before, limit, q.actorId ? undefined : q.limit);
      query = query.where((eb) => (naming.length ? eb.or([eb('seq', 'in', about), eb('seq', 'in', naming)]) : eb('seq', 'in', about)));
    }
    if (q.actorId) query = query.where('actor_id', '=', q.actorId);
    if (q.beforeSeq) query = query.where('seq', '<', q.beforeSeq);
    const rows = (await query.orderBy('seq', 'desc').limit(q.limit).execute()).map(toAudit);
    return clientId ? rows.map((e) => (e.clientId === null ? { ...e, clientId } : e)) : rows;
  }
  /**
   * The events naming a client in a set, newest first: the sets it is a member of (few: a list's
   * clients change seldom), then each set's newest events from its (client_set_id, seq) index — at
   * most `limit` of each, and of all, when a limit is given.
   */
  private async namingSeqs(clientId: string, before: RawBuilder<unknown>, limit: RawBuilder<unknown>, most: number | undefined): Promise<number[]> {
    const sets = await this.db.selectFrom('audit_client_set_members').select('set_id').where('client_id', '=', clientId).execute();
    const seqs: number[] = [];
    for (let i = 0; i < sets.length; i += 100) {
      const sides = sets
        .slice(i, i + 100)
        .map((x) => sql`select seq from (select seq from audit_events where client_set_id = ${x.set_id} ${before} order by seq desc ${limit}) as naming`);
      const r = await sql<{ seq: number | string }>`${sql.join(sides, sql` union all `)}`.execute(this.db);
      for (const x of r.rows) seqs.push(Number(x.seq));
    }
    seqs.sort((a, b) => b - a);
    return most === undefined ? seqs : seqs.slice(0, most);
  }
  async auditHead() {
    // The newest event of the whole trail (what a caller reads before a request to find its events after).
    const r = await this.db.selectFrom('audit_events').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
    return r ? { seq: Number(r.seq), hash: r.hash } : { seq: 0, hash: GENESIS_HASH };
  }
  async auditCheckpoint() {
    const r = await this.db.selectFrom('audit_head').select(['seq', 'hash', 'mac']).where('id', '=', 1).executeTakeFirstOrThrow();
    return { seq: Number(r.seq), hash: r.hash, mac: r.mac };
  }
  async auditLanes() {
    const rows = await this.db.selectFrom('audit_head').select(['id', 'seq', 'hash', 'mac']).where('id', '>=', 1).orderBy('id').execute();
    return rows.map((r) => ({ chain: Number(r.id), seq: Number(r.seq), hash: r.hash, mac: r.mac }));
  }
  async *auditPages(pageSize: number): AsyncIterable<AuditEvent[]> {
    let after = 0;
    for (;;) {
      const rows = await this.db.selectFrom('audit_events').selectAll().where('seq', '>', after).orderBy('seq').limit(pageSize).execute();
      if (!rows.length) return;
      const page = rows.map(toAudit);
      await this.withNamedClients(page, rows);
      yield page;
      after = page[page.length - 1]!.seq;
    }
  }
  /** Gives a page's events (read from `rows`) the clients their sets name, so their links can be checked. */
  private async withNamedClients(page: AuditEvent[], rows: readonly DB['audit_events'][]): Promise<void> {
    const ids = [...new Set(rows.map((r) => r.client_set_id).filter((x): x is string => x !== null && x !== undefined))];
    if (!ids.length) return;
    const bySet = new Map<string, string[]>();
    for (let i = 0; i < ids.length; i += 500) {
      const named = await this.db
        .selectFrom('audit_client_set_members')
        .select(['set_id', 'client_id'])
        .where('set_id', 'in', ids.slice(i, i + 500))
        .orderBy('set_id')
        .orderBy('client_id')
        .execute();
      for (const n of named) {
        const list = bySet.get(n.set_id);
        if (list) list.push(n.client_id);
        else bySet.set(n.set_id, [n.client_id]);
      }
    }
    for (const list of bySet.values()) list.sort(); // as hashed (namedClients), whatever the database's collation
    for (const [i, r] of rows.entries()) if (r.client_set_id) page[i]!.clientIds = bySet.get(r.client_set_id);
  }
  async *auditLanePages(chain: number, pageSize: number, from = 0): AsyncIterable<AuditEvent[]> {
    let after = from;
    for (;;) {
      const rows = await this.db
        .selectFrom('audit_events')
        .selectAll()
        .where('chain', '=', chain)
        .where('chain_seq', '>', after)
        .orderBy('chain_seq')
        .limit(pageSize)
        .execute();
      if (!rows.length) return;
      const page = rows.map(toAudit);
      await this.withNamedClients(page, rows);
      yield page;
      after = page[page.length - 1]!.chainSeq!;
    }
  }
  async anchorAudit(at: string): Promise<AuditAnchor | undefined> {
    return this.ctx
      .inTransaction(async (tx) => {
        const meta = await tx.integrityMeta();
        if (!meta) return undefined; // anchors are keyed: none before the database is sealed
        const key = tx.openKeys(meta.key).chain;
        // The anchors' head row orders anchor writers; lane heads are read as committed, without locks.
        const head = await tx.db
          .updateTable('audit_head')
          .set({ seq: sql`seq + 1` })
          .where('id', '=', 0)
          .returning(['seq', 'hash'])
          .executeTakeFirstOrThrow();
        const lanes = await tx.db.selectFrom('audit_head').select(['id', 'seq', 'hash']).where('id', '>=', 1).where('seq', '>', 0).orderBy('id').execute();
        const heads: AuditAnchor['heads'] = lanes.map((l) => [Number(l.id), Number(l.seq), l.hash]);
        const last = await tx.db.selectFrom('audit_anchors').select('heads').orderBy('seq', 'desc').limit(1).executeTakeFirst();
        if (last && last.heads === JSON.stringify(heads)) throw new NothingToAnchor();
        const base = { seq: Number(head.seq), at, heads, prevHash: head.hash };
        const anchor: AuditAnchor = { ...base, hash: anchorMac(key, base) };
        await tx.db
          .insertInto('audit_anchors')
          .values({ seq: anchor.seq, at, heads: JSON.stringify(heads), prev_hash: anchor.prevHash, hash: anchor.hash })
          .execute();
        await tx.db
          .updateTable('audit_head')
          .set({ hash: anchor.hash, mac: anchorHeadMac(key, anchor) })
          .where('id', '=', 0)
          .execute();
        return anchor;
      })
      .catch((err: unknown) => {
        if (err instanceof NothingToAnchor) return undefined;
        throw err;
      });
  }
  async anchorCheckpoint() {
    const r = await this.db.selectFrom('audit_head').select(['seq', 'hash', 'mac']).where('id', '=', 0).executeTakeFirst();
    return r ? { seq: Number(r.seq), hash: r.hash, mac: r.mac } : { seq: 0, hash: GENESIS_HASH, mac: null };
  }
  async *auditAnchorPages(pageSize: number, from = 0): AsyncIterable<AuditAnchor[]> {
    let after = from;
    for (;;) {
      const rows = await this.db.selectFrom('audit_anchors').selectAll().where('seq', '>', after).orderBy('seq').limit(pageSize).execute();
      if (!rows.length) return;
      const page = rows.map(toAnchor);
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
  legacyTables() {
    return LEGACY_TABLES;
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
    if (table === 'audit_event_clients') return this.loadNamedClients(given);
    const t = table as (typeof TABLE_ORDER)[number];
    if (t === 'audit_head' || t === 'meta') await this.db.deleteFrom(t).execute();
    if (t === 'meta') this.ctx.shared.accountKey = undefined; // a restore brings the backup's keys
    let rows = await this.ctx.sealLegacyRows(t, given);
    // A backup from before lanes: every event is lane 1 at the place its seq gives it.
    if (t === 'audit_events') rows = rows.map((r) => (r.chain_seq === undefined || r.chain_seq === null ? { ...r, chain: 1, chain_seq: r.seq } : r));
    for (let i = 0; i < rows.length; i += 100) {
      await this.db
        .insertInto(t)
        .values(rows.slice(i, i + 100))
        .execute();
    }
    if (t === 'audit_head') {
      // A backup from before lanes holds lane 1 only: the other lanes and the anchors' head start empty.
      const have = new Set((await this.db.selectFrom('audit_head').select('id').execute()).map((r) => Number(r.id)));
      for (let id = 0; id <= AUDIT_LANES; id++) {
        if (!have.has(id)) await this.db.insertInto('audit_head').values({ id, seq: 0, hash: GENESIS_HASH, mac: null }).execute();
      }
    }
    if (t === 'audit_events' && this.ctx.dialect === 'postgres') {
      await sql`select setval('audit_event_seq', coalesce((select max(seq) from audit_events), 0) + 1, false)`.execute(this.db);
    }
  }
  /**
   * Rows of `audit_event_clients` from a backup made before 0030 (its events already loaded): each
   * event's clients become a set, inserted if absent, and the event gets its id. An event whose
   * clients a batch boundary split keeps the union of what both batches named.
   */
  private async loadNamedClients(rows: readonly Record<string, unknown>[]): Promise<void> {
    const bySeq = new Map<number, string[]>();
    for (const r of rows) {
      const seq = Number(r.seq);
      const list = bySeq.get(seq);
      if (list) list.push(String(r.client_id));
      else bySeq.set(seq, [String(r.client_id)]);
    }
    for (const [seq, clients] of bySeq) {
      const event = await this.db.selectFrom('audit_events').select('client_set_id').where('seq', '=', seq).executeTakeFirst();
      if (event?.client_set_id) {
        const had = await this.db.selectFrom('audit_client_set_members').select('client_id').where('set_id', '=', event.client_set_id).execute();
        clients.push(...had.map((m) => m.client_id));
      }
      await attachClientSet(this.db, seq, namedClients(clients));
    }
  }
  async isEmpty() {
    const r = await this.db.selectFrom('practices').select('id').limit(1).execute();
    return r.length === 0;
  }
}
