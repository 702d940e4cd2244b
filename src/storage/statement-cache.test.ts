import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { StatementCache } from './statement-cache.ts';
import { compactSqlite, connect, migrate } from './database.ts';

const memory = () => new Database(':memory:');

describe('the SQLite statement cache', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('returns the same Statement for the same SQL text, and another for another text', () => {
    const cache = new StatementCache(memory());
    const a = cache.prepare('select 1 as one');
    expect(cache.prepare('select 1 as one')).toBe(a);
    expect(cache.prepare('select 2 as two')).not.toBe(a);
    expect(cache.size).toBe(2);
    cache.close();
  });

  it('stays within its bound, dropping the least recently used statement', () => {
    const cache = new StatementCache(memory(), 3);
    const a = cache.prepare('select 1');
    const b = cache.prepare('select 2');
    cache.prepare('select 3');
    expect(cache.prepare('select 1')).toBe(a); // now the most recently used; 'select 2' is the least
    cache.prepare('select 4');
    expect(cache.size).toBe(3);
    expect(cache.prepare('select 1')).toBe(a);
    expect(cache.prepare('select 2')).not.toBe(b); // was dropped, prepared afresh
    expect(cache.size).toBe(3);
    for (let i = 0; i < 1000; i++) cache.prepare(`select ${i} as n`);
    expect(cache.size).toBe(3);
    cache.close();
  });

  it('refuses a bound below one', () => {
    expect(() => new StatementCache(memory(), 0)).toThrow(RangeError);
  });

  it('hands out a fresh statement while the cached one is still iterating', () => {
    const db = memory();
    db.exec('create table t (n integer); insert into t values (1), (2), (3)');
    const cache = new StatementCache(db);
    const text = 'select n from t order by n';
    const cached = cache.prepare(text);
    const rows = cached.iterate();
    expect(rows.next().value).toEqual({ n: 1 });
    const other = cache.prepare(text);
    expect(other).not.toBe(cached);
    expect(other.all()).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect([...rows]).toEqual([{ n: 2 }, { n: 3 }]);
    expect(cache.prepare(text)).toBe(cached); // the iteration is over: the cached one again
    cache.close();
  });

  it('carries no parameters from one run into the next', () => {
    const db = memory();
    db.exec(`create table t (k text); insert into t values ('a'), ('a'), (null)`);
    const cache = new StatementCache(db);
    const count = (params: unknown[]) => cache.prepare('select count(*) as n from t where k is ?').all(params);
    expect(count(['a'])).toEqual([{ n: 2 }]);
    expect(count([null])).toEqual([{ n: 1 }]);
    // A run without its parameters is refused rather than served with the last run's 'a'.
    expect(() => count([])).toThrow(RangeError);
    expect(count(['a'])).toEqual([{ n: 2 }]);
    cache.close();
  });

  it('follows a schema change: a cached select * returns an added column', () => {
    const db = memory();
    db.exec(`create table t (a text); insert into t values ('x')`);
    const cache = new StatementCache(db);
    expect(cache.prepare('select * from t').all([])).toEqual([{ a: 'x' }]);
    db.exec(`alter table t add column b text default 'y'`);
    expect(cache.prepare('select * from t').all([])).toEqual([{ a: 'x', b: 'y' }]);
    cache.close();
  });

  describe('under Kysely, as connect() opens SQLite', () => {
    const dirs: string[] = [];
    afterEach(() => {
      for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
    });

    it('prepares a repeated query once', async () => {
      const conn = connect({ dataDir: '', memory: true });
      await migrate(conn.db);
      const prepare = vi.spyOn(Database.prototype, 'prepare');
      const find = () => conn.db.selectFrom('meta').select('value').where('key', '=', 'nothing').executeTakeFirst();
      await find();
      const first = prepare.mock.calls.length;
      expect(first).toBe(1);
      for (let i = 0; i < 50; i++) await find();
      expect(prepare.mock.calls.length).toBe(first);
      await conn.close();
    });

    it('keeps transactions (begun immediate) apart: a rolled-back one leaves nothing, the next commits', async () => {
      const conn = connect({ dataDir: '', memory: true });
      await migrate(conn.db);
      const insert = (key: string) => conn.db.insertInto('meta').values({ key, value: 'v' }).execute();
      await expect(
        conn.db.transaction().execute(async (tx) => {
          await tx.insertInto('meta').values({ key: 'k1', value: 'v' }).execute();
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      // The same insert fails on a duplicate key, and the statement is usable after its error.
      await insert('k2');
      await expect(insert('k2')).rejects.toThrow(/UNIQUE/);
      await conn.db.transaction().execute(async (tx) => {
        await tx.insertInto('meta').values({ key: 'k1', value: 'v' }).execute();
      });
      const keys = await conn.db.selectFrom('meta').select('key').where('key', 'in', ['k1', 'k2']).orderBy('key').execute();
      expect(keys.map((r) => r.key)).toEqual(['k1', 'k2']);
      await conn.close();
    });

    it('leaves no statement in progress: the WAL checkpoints and VACUUM runs after cached reads and writes', async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'accord-statement-cache-'));
      dirs.push(dataDir);
      const conn = connect({ dataDir });
      await migrate(conn.db);
      for (let i = 0; i < 20; i++) {
        await conn.db
          .insertInto('meta')
          .values({ key: `k${i}`, value: 'v' })
          .execute();
        await conn.db.selectFrom('meta').selectAll().where('key', '=', `k${i}`).executeTakeFirst();
      }
      const { rows } = await sql<{ busy: number }>`pragma wal_checkpoint(truncate)`.execute(conn.db);
      expect(rows[0]?.busy).toBe(0);
      await compactSqlite(conn.db); // VACUUM throws while any statement of the connection is active
      expect(await conn.db.selectFrom('meta').select('value').where('key', '=', 'k7').executeTakeFirst()).toEqual({ value: 'v' });
      await conn.close();
    });
  });
});
