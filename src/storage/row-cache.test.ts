/**
 * The SQLite row cache (row-cache.ts) never answers with what the database no longer holds: a
 * write through the store, a write in a transaction that rolls back, and a commit by another
 * connection (as another process would make) each show at the next read.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { openStorage } from './open.ts';
import type { OpenedStorage } from './open.ts';
import { tableWritten } from './row-cache.ts';
import type { DB } from './schema.ts';
import { cacheKey } from './store.ts';
import { at, clientRow, course, practice, session, user } from './contract-support.ts';

const nextTurn = () => new Promise<void>((r) => setImmediate(r));

describe('tableWritten', () => {
  it('names the table of the writes Kysely makes, null for reads and transaction control, undefined for anything else', () => {
    expect(tableWritten('insert into "users" ("id") values (?)')).toBe('users');
    expect(tableWritten('update "auth_sessions" set "last_seen_at" = ? where "id_hash" = ?')).toBe('auth_sessions');
    expect(tableWritten('delete from "supervisions" where "supervisor_id" = ?')).toBe('supervisions');
    expect(tableWritten('insert into "meta" ("key", "value") values (?, ?) on conflict ("key") do update set "value" = ?')).toBe('meta');
    expect(tableWritten('select * from "clients" where "id" = ?')).toBeNull();
    for (const t of ['begin immediate', 'commit', 'rollback', 'savepoint sp1', 'release sp1']) expect(tableWritten(t)).toBeNull();
    expect(tableWritten('create table x (id integer)')).toBeUndefined();
    expect(tableWritten('with t as (select 1) delete from "clients"')).toBeUndefined();
    expect(tableWritten('pragma wal_checkpoint(truncate)')).toBeUndefined();
  });
});

describe('the row cache over SQLite', () => {
  let dir: string;
  let s: OpenedStorage;
  let p: ReturnType<typeof practice>, t: ReturnType<typeof user>, c: ReturnType<typeof clientRow>;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'accord-rowcache-'));
    s = await openStorage({ dataDir: dir, keyFile: join(dir, 'master.key') });
    p = practice();
    t = user(p.id);
    c = clientRow(p.id, t.id);
    await s.store.insertPractice(p);
    await s.store.insertUser(t);
    await s.store.insertClient(c);
  });
  afterEach(async () => {
    await s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers a time-dependent read from memory only until the moment it may change (the next session, the last one)', async () => {
    const k = course(c);
    await s.store.insertCourse(k);
    const past = session(k, at(0), { status: 'attended' });
    const soon = session(k, at(60), { status: 'scheduled' });
    const later = session(k, at(180), { status: 'scheduled' });
    for (const x of [past, soon, later]) await s.store.insertSession(x);
    const stats = (now: string) => s.store.sessionStatsOfCourses([k.id], now);
    const last = async (now: string) => (await s.store.lastSessionsOfClients([c.id], now)).map((x) => x.id);
    expect((await stats(at(10)))[0]).toMatchObject({ attended: 1, nextStartsAt: at(60) });
    expect(await last(at(10))).toEqual([past.id]);
    // Later, but before the next session begins: the same answers, from memory.
    const cached = await stats(at(59));
    expect(cached[0]).toBe((await stats(at(30)))[0]);
    expect(await last(at(59))).toEqual([past.id]);
    // Once it has begun, the next is the one after, and it is the last one.
    expect((await stats(at(60)))[0]).toMatchObject({ nextStartsAt: at(180) });
    expect(await last(at(61))).toEqual([soon.id]);
    // A time before the one an answer was loaded at is not answered from it.
    expect((await stats(at(5)))[0]).toMatchObject({ nextStartsAt: at(60) });
    expect(await last(at(5))).toEqual([past.id]);
    // A write shows at once.
    await s.store.updateSession(later.id, { status: 'attended', updatedAt: at(5) });
    expect((await stats(at(5)))[0]).toMatchObject({ attended: 2, nextStartsAt: at(60) });
  });

  it('answers a repeated read from memory, with frozen rows and lists that are fresh copies', async () => {
    const a = await s.store.findClient(c.id);
    const b = await s.store.findClient(c.id);
    expect(b).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
    const l1 = await s.store.listClients(p.id, {});
    const l2 = await s.store.listClients(p.id, {});
    expect(l2).not.toBe(l1);
    expect(l2[0]).toBe(l1[0]);
    l1.sort(); // a caller may sort its own copy
  });

  it('keeps its answers across a `with …` read, and drops them all for a `with …` write', async () => {
    const a = await s.store.findClient(c.id);
    // The caseload's scores are a recursive walk: a read, which must not empty the cache.
    await s.store.listRecentScores(['no-such-course'], 3);
    expect(await s.store.findClient(c.id)).toBe(a);
    await sql`with t(id) as (select ${c.id}) update clients set status = 'archived' where id in (select id from t)`.execute(
      (s.store as unknown as { db: Kysely<DB> }).db,
    );
    expect((await s.store.findClient(c.id))?.status).toBe('archived');
  });

  it('shows a write through the store at the next read', async () => {
    await s.store.findClient(c.id);
    await s.store.updateClient(c.id, { status: 'archived', updatedAt: '2026-03-05T00:00:00.000Z' });
    expect((await s.store.findClient(c.id))?.status).toBe('archived');
    expect((await s.store.listClients(p.id, {}))[0]?.status).toBe('archived');
  });

  it('answers a page of the client list from memory until a client is written', async () => {
    const page = () => s.store.listClientsPage(p.id, { therapistIds: [t.id], limit: 10 });
    const a = await page();
    expect((await page())[0]).toBe(a[0]);
    await s.store.updateClient(c.id, { status: 'archived', updatedAt: '2026-03-05T00:00:00.000Z' });
    expect((await page())[0]?.status).toBe('archived');
    const d = clientRow(p.id, t.id, { createdAt: '2099-01-01T00:00:00.000Z' });
    await s.store.insertClient(d);
    expect((await page()).map((x) => x.id)).toEqual([c.id, d.id]);
  });

  it('keeps nothing a rolled-back transaction wrote', async () => {
    await s.store.findClient(c.id);
    await expect(
      s.store.transaction(async (tx) => {
        await tx.updateClient(c.id, { status: 'archived', updatedAt: '2026-03-05T00:00:00.000Z' });
        expect((await tx.findClient(c.id))?.status).toBe('archived'); // the transaction sees its write
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect((await s.store.findClient(c.id))?.status).toBe('active');
  });

  it('does not keep an answer loaded while a write to its table ran', async () => {
    const loading = s.store.findClient(c.id);
    const writing = s.store.updateClient(c.id, { status: 'archived', updatedAt: '2026-03-05T00:00:00.000Z' });
    await Promise.all([loading, writing]);
    expect((await s.store.findClient(c.id))?.status).toBe('archived');
  });

  it('drops everything when another connection commits (as another process would)', async () => {
    expect((await s.store.findClient(c.id))?.status).toBe('active');
    const other = new Database(join(dir, 'accord.db'));
    try {
      other.prepare(`update clients set status = 'archived' where id = ?`).run(c.id);
    } finally {
      other.close();
    }
    await nextTurn();
    expect((await s.store.findClient(c.id))?.status).toBe('archived');
  });
});

describe('cacheKey', () => {
  it('tells calls apart by every argument, reads a set by its members, and refuses what it cannot tell apart', () => {
    expect(cacheKey('m', [new Set(['b', 'a'])])).toBe(cacheKey('m', [new Set(['a', 'b'])]));
    expect(cacheKey('m', [new Set(['a'])])).not.toBe(cacheKey('m', [new Set(['b'])]));
    expect(cacheKey('m', [['a', 'b']])).not.toBe(cacheKey('m', [['b', 'a']]));
    expect(cacheKey('m', ['p', { therapistIds: ['t'] }])).not.toBe(cacheKey('m', ['p', {}]));
    expect(cacheKey('m', [1])).not.toBe(cacheKey('n', [1]));
    expect(cacheKey('m', [new Map([['a', 1]])])).toBeUndefined();
    expect(cacheKey('m', [new Date(0)])).toBeUndefined();
  });
});

describe('names through the cache', () => {
  it('answers each set of ids with its own names', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'accord-rowcache-'));
    const s = await openStorage({ dataDir: dir, keyFile: join(dir, 'master.key') });
    try {
      const p = practice();
      await s.store.insertPractice(p);
      const a = user(p.id, { displayName: 'Ada' });
      const b = user(p.id, { displayName: 'Bo' });
      await s.store.insertUser(a);
      await s.store.insertUser(b);
      expect([...(await s.store.displayNamesOf(new Set([a.id])))]).toEqual([[a.id, 'Ada']]);
      expect([...(await s.store.displayNamesOf(new Set([b.id])))]).toEqual([[b.id, 'Bo']]);
      const names = await s.store.displayNamesOf([a.id]);
      names.delete(a.id); // a caller's own copy
      expect((await s.store.displayNamesOf([a.id])).get(a.id)).toBe('Ada');
    } finally {
      await s.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
