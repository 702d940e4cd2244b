/**
 * Group commit on SQLite (group-commit.ts), on a file with a second connection looking on: write
 * transactions waiting together commit together; none is answered before its group's commit is
 * durable and visible to another connection; one that fails is undone alone; a commit that fails
 * fails every transaction of its group; reads outside a transaction never see a group's writes
 * before they are committed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DB } from './schema.ts';
import { GroupCommit } from './group-commit.ts';

type T = { items: { id: number; name: string }; kids: { parent: number } };

let dir: string;
let db: Kysely<T>;
let other: Database.Database;
let group: GroupCommit;

const turn = () => new Promise<void>((r) => setImmediate(r));
/** What another connection sees, committed. */
const seen = (): number[] => (other.prepare('select id from items order by id').all() as { id: number }[]).map((r) => r.id);
const insert = (id: number) => (tx: unknown) => sql`insert into items (id, name) values (${id}, ${`item ${id}`})`.execute(tx as Kysely<T>).then(() => id);

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'accord-group-'));
  const file = join(dir, 'g.db');
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  db = new Kysely<T>({ dialect: new SqliteDialect({ database: sqlite }) });
  await sql`create table items (id integer primary key, name text not null)`.execute(db);
  // A deferred key is checked at the commit: a way to make a commit fail.
  await sql`create table kids (parent integer references items (id) deferrable initially deferred)`.execute(db);
  other = new Database(file, { readonly: true });
  group = new GroupCommit(db as unknown as Kysely<DB>);
});

afterEach(async () => {
  other.close();
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describe('group commit (SQLite)', () => {
  it('commits the transactions that wait together in one group, each answered after the commit, with its own result', async () => {
    const seenAtAnswer: number[][] = [];
    const all = [1, 2, 3, 4, 5, 6].map((id) =>
      group
        .run(async (tx) => {
          const r = await insert(id)(tx);
          // Inside the group, before its commit: another connection sees nothing of it.
          expect(seen()).toEqual([]);
          return r;
        })
        .then((r) => {
          seenAtAnswer.push(seen());
          return r;
        }),
    );
    expect(await Promise.all(all)).toEqual([1, 2, 3, 4, 5, 6]);
    // Every answer came after the commit of all six: durable and visible when it was given.
    for (const s of seenAtAnswer) expect(s).toEqual([1, 2, 3, 4, 5, 6]);
    expect(group.groups).toBe(1);
    expect(group.transactions).toBe(6);
  });

  it('gathers transactions that arrive within a turn of the event loop, and no more than maxPerGroup', async () => {
    const small = new GroupCommit(db as unknown as Kysely<DB>, 3);
    const first = small.run(insert(10));
    await Promise.resolve();
    // Arrives while the first runs: joins it (the group waits a turn before committing).
    const second = small.run(insert(11));
    const rest = [12, 13, 14].map((id) => small.run(insert(id)));
    expect(await Promise.all([first, second, ...rest])).toEqual([10, 11, 12, 13, 14]);
    expect(small.groups).toBe(2);
    expect(seen()).toEqual([10, 11, 12, 13, 14]);
  });

  it('takes no more transactions once it has been open maxGroupMs: the ones waiting go to the next group', async () => {
    const quick = new GroupCommit(db as unknown as Kysely<DB>, 64, 5);
    let firstAnsweredAt = 0;
    const slow = quick
      .run(async (tx) => {
        const id = await insert(20)(tx);
        await new Promise((r) => setTimeout(r, 20));
        return id;
      })
      .then((r) => {
        firstAnsweredAt = performance.now();
        return r;
      });
    await Promise.resolve();
    const next = quick.run(async (tx) => {
      // Runs after the first has been committed and answered, in a group of its own.
      expect(firstAnsweredAt).toBeGreaterThan(0);
      expect(seen()).toEqual([20]);
      return insert(21)(tx);
    });
    expect(await Promise.all([slow, next])).toEqual([20, 21]);
    expect(quick.groups).toBe(2);
  });

  it('undoes a failing transaction alone; the others of its group commit', async () => {
    const ok1 = group.run(insert(1));
    const bad = group.run(async (tx) => {
      await insert(2)(tx);
      throw new Error('refused by the use case');
    });
    const ok3 = group.run(insert(3));
    await expect(bad).rejects.toThrow('refused by the use case');
    expect(await Promise.all([ok1, ok3])).toEqual([1, 3]);
    expect(seen()).toEqual([1, 3]);
  });

  it('undoes a failing first transaction alone, and the ones queued behind it still commit', async () => {
    const bad = group.run(async (tx) => {
      await insert(1)(tx);
      await turn();
      throw new Error('first refused');
    });
    const ok = group.run(insert(2));
    await expect(bad).rejects.toThrow('first refused');
    expect(await ok).toBe(2);
    expect(seen()).toEqual([2]);
  });

  it('fails every transaction of a group whose commit fails, and keeps none of them', async () => {
    const a = group.run(insert(1));
    // A child of an item that does not exist: accepted now, refused at the commit (deferred key).
    const b = group.run(async (tx) => sql`insert into kids (parent) values (999)`.execute(tx).then(() => 'b'));
    const c = group.run(insert(3));
    for (const p of [a, b, c]) await expect(p).rejects.toThrow(/FOREIGN KEY/i);
    expect(seen()).toEqual([]);
    // The next group starts clean.
    expect(await group.run(insert(4))).toBe(4);
    expect(seen()).toEqual([4]);
  });

  it('a read outside a transaction waits for the group and sees its writes only once committed', async () => {
    let committed = false;
    const write = group.run(async (tx) => {
      await insert(7)(tx);
      await turn();
      return 7;
    });
    void write.then(() => (committed = true));
    await Promise.resolve();
    const read = db
      .selectFrom('items')
      .select('id')
      .execute()
      .then((rows) => ({ rows: rows.map((r) => r.id), afterCommit: committed || seen().includes(7) }));
    const r = await read;
    expect(r).toEqual({ rows: [7], afterCommit: true });
    await write;
  });
});
