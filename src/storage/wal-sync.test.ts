import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connect } from './database.ts';
import type { Connection } from './database.ts';
import { WalSync } from './wal-sync.ts';

describe('group commit on SQLite (wal-sync.ts)', () => {
  let dir: string;
  let conn: Connection;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'accord-wal-'));
    conn = connect({ dataDir: dir, groupCommit: true });
    await sql`create table t (id integer primary key, v text)`.execute(conn.db);
    await conn.durable();
  });
  afterEach(async () => {
    await conn.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const flushes = () => conn.wal!.flushes;

  it('commits without waiting for the disk on a file, and flushes before durable() resolves', async () => {
    const mode = await sql<{ synchronous: number }>`pragma synchronous`.execute(conn.db);
    expect(mode.rows[0]!.synchronous).toBe(1); // NORMAL: the WalSync does the flushing
    const before = flushes();
    await sql`insert into t (v) values ('a')`.execute(conn.db);
    await conn.durable();
    expect(flushes()).toBe(before + 1);
    // Nothing committed since: no flush.
    await sql`select * from t`.execute(conn.db);
    await conn.durable();
    expect(flushes()).toBe(before + 1);
  });

  it('counts a transaction once, at its commit, and not while it is open', async () => {
    const before = flushes();
    await conn.db.transaction().execute(async (tx) => {
      await sql`insert into t (v) values ('in')`.execute(tx);
      await conn.durable(); // the insert is not committed yet: nothing to wait for
      expect(flushes()).toBe(before);
    });
    await conn.durable();
    expect(flushes()).toBe(before + 1);
  });

  it('joins the commits made while a flush runs into the next one', async () => {
    const before = flushes();
    const waits: Promise<void>[] = [];
    for (let i = 0; i < 50; i++) {
      await sql`insert into t (v) values (${String(i)})`.execute(conn.db);
      waits.push(conn.durable());
    }
    await Promise.all(waits);
    // 50 commits, each awaited: at most one flush in flight plus one queued behind it at any time.
    expect(flushes() - before).toBeGreaterThanOrEqual(1);
    expect(flushes() - before).toBeLessThanOrEqual(3);
  });

  it('treats a missing WAL file as flushed (the last connection checkpointed it away)', async () => {
    const w = new WalSync(join(dir, 'nothing-wal'));
    w.committed();
    await w.durable();
    expect(w.flushes).toBe(1);
  });

  it('refuses every waiter when the flush fails', async () => {
    // A descriptor that cannot be synced (a /proc file refuses fsync).
    const bad = new WalSync('/proc/self/status');
    bad.committed();
    const waits = [bad.durable(), bad.durable()];
    await expect(waits[0]).rejects.toThrow();
    await expect(waits[1]).rejects.toThrow();
  });

  it('is off unless asked for: commits are on disk when they return (FULL)', async () => {
    const full = connect({ dataDir: mkdtempSync(join(tmpdir(), 'accord-full-')) });
    const mode = await sql<{ synchronous: number }>`pragma synchronous`.execute(full.db);
    expect(mode.rows[0]!.synchronous).toBe(2);
    expect(full.wal).toBeUndefined();
    await full.close();
  });

  it('does nothing in memory', async () => {
    const mem = connect({ dataDir: dir, memory: true });
    await sql`create table m (id integer)`.execute(mem.db);
    await mem.durable();
    expect(mem.wal).toBeUndefined();
    await mem.close();
  });
});
