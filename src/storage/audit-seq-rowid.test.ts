/**
 * Migration 0032 on SQLite: a trail in the old shape (`seq bigint primary key`, a unique index on
 * seq beside the rowid) is rebuilt with seq as the rowid; the events, every trail and the chain are
 * as before, the next append goes on from the last number, and one b-tree fewer holds the events.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { verifyStore } from '../services/operations/backup.ts';
import { makeWorld } from '../../test/support/harness.ts';
import { event } from './contract-support.ts';
import { connect } from './database.ts';
import { up } from './migrations/0032-audit-seq-rowid.ts';

type Index = { name: string; origin: string };

describe('audit events keyed by seq on SQLite (0032)', () => {
  it('rebuilds an old-shaped trail with seq as the rowid, keeping every event, trail and link', async () => {
    const w = await makeWorld({ dialect: 'sqlite', onDisk: true });
    const conn = connect({ dataDir: w.dataDir });
    const db = conn.db as unknown as Kysely<unknown>;
    try {
      const s = w.deps.store;
      await s.appendAudit([event(1, { clientId: 'r-1' }), event(2, { clientId: null, clientIds: ['r-1', 'r-2'], detail: 'list' })]);
      await s.appendAudit([event(3, { clientId: 'r-2', actorId: 'a-9' }), event(4)]);
      const everything = async () => (await sql`select * from audit_events order by seq`.execute(db)).rows;
      const trails = async () => ({
        r1: (await s.listAudit({ limit: 10, clientId: 'r-1' })).map((e) => e.seq),
        r2: (await s.listAudit({ limit: 10, clientId: 'r-2' })).map((e) => e.seq),
        a9: (await s.listAudit({ limit: 10, actorId: 'a-9' })).map((e) => e.seq),
      });
      const rows = await everything();
      const before = await trails();
      expect(before.r1).toHaveLength(2);

      // The shape every database had before 0032: seq a bigint key, so the table keeps a rowid of its own.
      await sql`create table audit_events_old (
        "seq" bigint primary key, "id" text not null unique, "at" text not null, "actor_id" text, "actor_role" text,
        "action" text not null, "resource_type" text not null, "resource_id" text, "client_id" text, "outcome" text not null,
        "ip" text, "detail" text, "prev_hash" text not null, "hash" text not null, "chain" integer default 1 not null,
        "chain_seq" bigint, "client_set_id" text)`.execute(db);
      await sql`insert into audit_events_old select * from audit_events`.execute(db);
      await sql`drop table audit_events`.execute(db);
      await sql`alter table audit_events_old rename to audit_events`.execute(db);
      await sql`create index audit_events_client on audit_events (client_id, seq)`.execute(db);
      await sql`create index audit_events_actor on audit_events (actor_id, seq)`.execute(db);
      await sql`create unique index audit_events_lane on audit_events (chain, chain_seq)`.execute(db);
      await sql`create index audit_events_client_set on audit_events (client_set_id, seq) where client_set_id is not null`.execute(db);
      const indexes = async () => (await sql<Index>`select name, origin from pragma_index_list('audit_events')`.execute(db)).rows;
      expect((await indexes()).filter((i) => i.origin === 'pk')).toHaveLength(1);

      await db.transaction().execute((tx) => up(tx));

      expect((await indexes()).filter((i) => i.origin === 'pk')).toHaveLength(0);
      expect((await indexes()).map((i) => i.name).sort()).toEqual(
        ['audit_events_actor', 'audit_events_client', 'audit_events_client_set', 'audit_events_lane', 'sqlite_autoindex_audit_events_1'].sort(),
      );
      const seqColumn = (
        await sql<{ name: string; type: string; pk: number }>`select name, type, pk from pragma_table_info('audit_events')`.execute(db)
      ).rows.find((c) => c.name === 'seq');
      expect(seqColumn).toMatchObject({ type: 'INTEGER', pk: 1 });
      expect(await everything()).toEqual(rows);
      expect(await trails()).toEqual(before);
      expect(await verifyStore(s)).toMatchObject({ ok: true });

      const [next] = await s.appendAudit([event(5, { clientId: 'r-1' })]);
      expect(next!.seq).toBe(Math.max(...rows.map((r) => Number((r as { seq: number }).seq))) + 1);
      expect(await verifyStore(s)).toMatchObject({ ok: true });
    } finally {
      await conn.close();
      await w.close();
    }
  });
});
