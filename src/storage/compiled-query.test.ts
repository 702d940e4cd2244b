import { describe, expect, it } from 'vitest';
import { connect, migrate } from './database.ts';
import { compiledOnce, fixedText, insertText, runFixed } from './compiled-query.ts';
import type { Db } from './kysely-context.ts';

describe('queries compiled once', () => {
  it('compiles a fixed-shape query on its first run and runs it with each call’s arguments, in transactions too', async () => {
    const conn = connect({ dataDir: '', memory: true });
    await migrate(conn.db);
    await conn.db
      .insertInto('meta')
      .values([
        { key: 'a', value: '1' },
        { key: 'b', value: '2' },
      ])
      .execute();
    let builds = 0;
    const byKey = compiledOnce((db: Db, key: string) => {
      builds++;
      return db.selectFrom('meta').select('value').where('key', '=', key);
    });
    expect(await byKey(conn.db, 'a')).toEqual([{ value: '1' }]);
    expect(await byKey(conn.db, 'b')).toEqual([{ value: '2' }]);
    expect(await byKey(conn.db, 'c')).toEqual([]);
    await conn.db.transaction().execute(async (tx) => {
      await tx.updateTable('meta').set({ value: '3' }).where('key', '=', 'b').execute();
      expect(await byKey(tx, 'b')).toEqual([{ value: '3' }]); // sees the transaction's own write
    });
    expect(builds).toBe(1);
    await conn.close();
  });

  it('refuses, on its first run, a query whose parameters are not exactly its arguments in order', async () => {
    const conn = connect({ dataDir: '', memory: true });
    await migrate(conn.db);
    const extra = compiledOnce((db: Db, key: string) => db.selectFrom('meta').select('value').where('key', '=', key).where('value', '=', 'x'));
    await expect(extra(conn.db, 'a')).rejects.toThrow(/not a fixed-shape query/);
    const list = compiledOnce((db: Db, keys: string[]) => db.selectFrom('meta').select('value').where('key', 'in', keys));
    await expect(list(conn.db, ['a', 'b'])).rejects.toThrow(/not a fixed-shape query/);
    const swapped = compiledOnce((db: Db, a: string, b: string) => db.selectFrom('meta').select('value').where('value', '=', b).where('key', '=', a));
    await expect(swapped(conn.db, 'k', 'v')).rejects.toThrow(/not a fixed-shape query/);
    await conn.close();
  });
});

describe('fixed SQL texts', () => {
  it('numbers placeholders for PostgreSQL, writes inserts as Kysely does, and runs them', async () => {
    expect(fixedText('sqlite', 'select 1 where a = ? and b = ?')).toBe('select 1 where a = ? and b = ?');
    expect(fixedText('postgres', 'select 1 where a = ? and b = ?')).toBe('select 1 where a = $1 and b = $2');
    const conn = connect({ dataDir: '', memory: true });
    await migrate(conn.db);
    const kysely = conn.db
      .insertInto('meta')
      .values([
        { key: 'a', value: '1' },
        { key: 'b', value: '2' },
      ])
      .compile().sql;
    expect(insertText('meta', ['key', 'value'], 2)).toBe(kysely);
    await runFixed(conn.db, 'sqlite', insertText('meta', ['key', 'value'], 2), ['a', '1', 'b', '2']);
    expect(await runFixed(conn.db, 'sqlite', 'select "value" from "meta" where "key" = ?', ['b'])).toEqual([{ value: '2' }]);
    await conn.close();
  });
});
