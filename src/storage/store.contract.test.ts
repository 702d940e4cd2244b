/**
 * The contract of Store itself (services/ports.ts, storage/store.ts): the composition of the
 * capability stores reports its dialect and runs their writes in one transaction that commits or
 * rolls back together. Each capability's own contract is in <capability>.contract.test.ts. Run on
 * SQLite and PostgreSQL in the same run (contract-support.ts).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { TestWorld } from '../../test/support/harness.ts';
import type { Store } from '../services/ports.ts';
import { base, DIALECTS, user, world } from './contract-support.ts';

describe.each(DIALECTS)('Store contract on %s', (dialect) => {
  let w: TestWorld;
  let store: Store;
  let fx: Awaited<ReturnType<typeof base>>;
  beforeAll(async () => {
    w = await world(dialect);
    store = w.deps.store;
    fx = await base(store);
  });
  afterAll(async () => {
    await w?.close();
  });

  it('reports its dialect', () => {
    expect(store.dialect).toBe(dialect);
  });

  describe('transactions', () => {
    it('commits every write of a transaction together', async () => {
      await store.transaction(async (tx) => {
        await tx.setMeta('tx.a', '1');
        await tx.setMeta('tx.b', '2');
      });
      expect([await store.getMeta('tx.a'), await store.getMeta('tx.b')]).toEqual(['1', '2']);
    });
    it('rolls every write back when the function throws, and rethrows', async () => {
      const u = user(fx.p.id);
      await expect(
        store.transaction(async (tx) => {
          await tx.setMeta('tx.c', 'written');
          await tx.insertUser(u);
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await store.getMeta('tx.c')).toBeUndefined();
      expect(await store.findUserById(u.id)).toBeUndefined();
    });
    it('rolls back when a statement inside fails (constraint violation)', async () => {
      const u = user(fx.p.id);
      await expect(
        store.transaction(async (tx) => {
          await tx.insertUser(u);
          await tx.insertUser({ ...user(fx.p.id), email: u.email }); // unique email
        }),
      ).rejects.toThrow();
      expect(await store.findUserById(u.id)).toBeUndefined();
    });
    it('runs a nested transaction inside the outer one', async () => {
      await expect(
        store.transaction(async (tx) => {
          await tx.transaction(async (inner) => inner.setMeta('tx.nested', 'x'));
          throw new Error('outer fails');
        }),
      ).rejects.toThrow();
      expect(await store.getMeta('tx.nested')).toBeUndefined();
    });
    it('returns the function’s value', async () => {
      expect(await store.transaction(async () => 42)).toBe(42);
    });
  });
});
