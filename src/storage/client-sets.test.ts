/**
 * Migration 0030 on both dialects: the clients events named as rows of `audit_event_clients`
 * (0022's shape) become content-addressed sets, the events get their sets' ids, and the chain
 * still verifies with each client's trail unchanged.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { verifyStore } from '../services/operations/backup.ts';
import { clientSetId } from './client-sets.ts';
import { makeWorld } from '../../test/support/harness.ts';
import { DIALECTS, event } from './contract-support.ts';
import { connect } from './database.ts';
import { moveNamedClients } from './migrations/0030-audit-client-sets.ts';

describe.each(DIALECTS)('audit client sets on %s', (dialect) => {
  it('a set’s id is the digest of its sorted clients: the same clients, the same id', () => {
    expect(clientSetId(['a', 'b'])).toBe(clientSetId(['a', 'b']));
    expect(clientSetId(['a', 'b'])).not.toBe(clientSetId(['a', 'c']));
    expect(clientSetId(['a', 'b'])).not.toBe(clientSetId(['ab']));
  });

  it('0030 moves 0022’s rows into sets: shared sets once, every trail and the chain as before', async () => {
    const w = await makeWorld({ dialect, onDisk: true });
    const conn = connect({ dataDir: w.dataDir, databaseUrl: w.databaseUrl });
    const db = conn.db as unknown as Kysely<unknown>;
    try {
      const s = w.deps.store;
      const [a, b] = await s.appendAudit([
        event(1, { clientId: null, clientIds: ['m-1', 'm-2', 'm-3'], detail: 'list' }),
        event(2, { clientId: null, clientIds: ['m-2', 'm-4'], detail: 'list' }),
      ]);
      const [c] = await s.appendAudit([event(3, { clientId: null, clientIds: ['m-3', 'm-2', 'm-1'], detail: 'list' }), event(4, { clientId: 'm-4' })]);
      const trails = async () => {
        const out: Record<string, number[]> = {};
        for (const m of ['m-1', 'm-2', 'm-3', 'm-4']) out[m] = (await s.listAudit({ limit: 10, clientId: m })).map((e) => e.seq);
        return out;
      };
      const before = await trails();
      expect(before['m-2']).toEqual([c!.seq, b!.seq, a!.seq]);

      // 0022's shape, as a database written before 0030 holds it.
      await sql`create table audit_event_clients (seq bigint not null, client_id text not null, primary key (seq, client_id))`.execute(db);
      await sql`insert into audit_event_clients (seq, client_id)
        select e.seq, m.client_id from audit_events e join audit_client_set_members m on m.set_id = e.client_set_id`.execute(db);
      await sql`update audit_events set client_set_id = null`.execute(db);
      await sql`delete from audit_client_set_members`.execute(db);
      await sql`delete from audit_client_sets`.execute(db);
      expect(await verifyStore(s)).toMatchObject({ ok: false });

      await moveNamedClients(db);
      const sets = await sql<{ id: string }>`select id from audit_client_sets order by id`.execute(db);
      expect(sets.rows.map((r) => r.id).sort()).toEqual([clientSetId(['m-1', 'm-2', 'm-3']), clientSetId(['m-2', 'm-4'])].sort());
      const members = await sql<{ n: number | string }>`select count(*) as n from audit_client_set_members`.execute(db);
      expect(Number(members.rows[0]!.n)).toBe(5);
      expect(await trails()).toEqual(before);
      expect(await verifyStore(s)).toMatchObject({ ok: true });
    } finally {
      await conn.close();
      await w.close();
    }
  });
});
