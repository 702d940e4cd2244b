/**
 * The contract of the data-rights port (services/ports/data-rights.ts, storage/data-rights-store.ts):
 * one retention setting per practice, holds placed and released once, an erasure that deletes the
 * client's key and records itself, once. Run on SQLite and PostgreSQL in the same run; the last
 * test of each dialect fails when a port method was not called there.
 */
import { randomUUID } from 'node:crypto';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { TestWorld } from '../../test/support/harness.ts';
import type { Store } from '../services/ports.ts';
import type { Fixture } from './contract-support.ts';
import { at, clinicalBase, DIALECTS, portMethodsOf, world } from './contract-support.ts';
import { KyselyDataRightsStore } from './data-rights-store.ts';

describe.each(DIALECTS)('Data-rights store contract on %s', (dialect) => {
  let w: TestWorld;
  let store: Store;
  let fx: Fixture;
  const called = new Set<string>();
  beforeAll(async () => {
    w = await world(dialect, undefined, called);
    store = w.deps.store;
    fx = await clinicalBase(store);
  });
  afterAll(async () => {
    await w?.close();
  });

  it('keeps one retention setting per practice: set, replace; the setter must be a user', async () => {
    expect(await store.findRetention(fx.p.id)).toBeUndefined();
    await store.setRetention({ practiceId: fx.p.id, retentionYears: 8, updatedAt: at(1), updatedBy: fx.t.id });
    expect(await store.findRetention(fx.p.id)).toEqual({ practiceId: fx.p.id, retentionYears: 8, updatedAt: at(1), updatedBy: fx.t.id });
    await store.setRetention({ practiceId: fx.p.id, retentionYears: 10, updatedAt: at(2), updatedBy: fx.t2.id });
    expect(await store.findRetention(fx.p.id)).toMatchObject({ retentionYears: 10, updatedBy: fx.t2.id });
    await expect(store.setRetention({ practiceId: fx.p.id, retentionYears: 1, updatedAt: at(3), updatedBy: randomUUID() })).rejects.toThrow();
  });

  it('places holds and releases each once, newest first', async () => {
    const a = { id: randomUUID(), clientId: fx.c.id, reason: 'Complaint under review', placedBy: fx.t.id, placedAt: at(1), releasedAt: null, releasedBy: null };
    const b = { ...a, id: randomUUID(), reason: 'Court order', placedAt: at(2) };
    await store.insertHold(a);
    await store.insertHold(b);
    expect(await store.listHolds(fx.c.id)).toEqual([b, a]);
    expect(await store.releaseHold(a.id, at(3), fx.t2.id)).toBe(true);
    expect(await store.releaseHold(a.id, at(4), fx.t.id)).toBe(false);
    expect((await store.listHolds(fx.c.id))[1]).toEqual({ ...a, releasedAt: at(3), releasedBy: fx.t2.id });
    expect(await store.listHolds(fx.c2.id)).toEqual([]);
    await expect(store.insertHold({ ...a, id: randomUUID(), clientId: randomUUID() })).rejects.toThrow();
  });

  it('erases a client’s key once: the key is gone (cached reads included) and the erasure recorded', async () => {
    expect(await store.findClientKey(fx.c2.id)).toBeDefined();
    const e = { id: randomUUID(), clientId: fx.c2.id, erasedAt: at(5), erasedBy: fx.t.id, basis: 'retention ended 2020-01-01' };
    expect(await store.eraseClientKey(e)).toBe(true);
    expect(await store.findClientKey(fx.c2.id)).toBeUndefined();
    expect((await store.findClientKeys([fx.c.id, fx.c2.id])).has(fx.c2.id)).toBe(false);
    expect(await store.eraseClientKey({ ...e, id: randomUUID() })).toBe(false);
    expect(await store.listErasures()).toEqual([e]);
  });

  it('called every data-rights port method on this dialect', () => {
    expect(portMethodsOf(KyselyDataRightsStore).filter((m) => !called.has(m))).toEqual([]);
  });
});
