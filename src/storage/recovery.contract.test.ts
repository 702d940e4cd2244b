/**
 * The contract of the recovery port (services/ports/recovery.ts, storage/recovery-store.ts):
 * recovery codes replaced as a set and used once each; reset links found by their token's hash and
 * used once. Run on SQLite and PostgreSQL in the same run (contract-support.ts).
 */
import { randomUUID } from 'node:crypto';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { TestWorld } from '../../test/support/harness.ts';
import type { AccountResetRow, PracticeRow, Store, UserRow } from '../services/ports.ts';
import { at, base, DIALECTS, portMethodsOf, user, world } from './contract-support.ts';
import { KyselyRecoveryStore } from './recovery-store.ts';

describe.each(DIALECTS)('Recovery store contract on %s', (dialect) => {
  let w: TestWorld;
  let store: Store;
  let p: PracticeRow;
  let t: UserRow;
  const called = new Set<string>();
  beforeAll(async () => {
    w = await world(dialect, undefined, called);
    store = w.deps.store;
    ({ p, t } = await base(store));
  });
  afterAll(async () => {
    await w?.close();
  });

  it('replaces a person’s codes as a set and uses each once, even when two uses race', async () => {
    expect(await store.countRecoveryCodes(t.id)).toBe(0);
    await store.replaceRecoveryCodes(t.id, ['h1', 'h2', 'h3'], at(0));
    expect(await store.countRecoveryCodes(t.id)).toBe(3);
    const race = await Promise.all([store.useRecoveryCode(t.id, 'h1', at(1)), store.useRecoveryCode(t.id, 'h1', at(1))]);
    expect(race.filter(Boolean)).toHaveLength(1);
    expect(await store.useRecoveryCode(t.id, 'nope', at(1))).toBe(false);
    const other = user(p.id);
    await store.insertUser(other);
    expect(await store.useRecoveryCode(other.id, 'h2', at(1))).toBe(false);
    expect(await store.countRecoveryCodes(t.id)).toBe(2);
    await store.replaceRecoveryCodes(t.id, ['h4'], at(2));
    expect(await store.useRecoveryCode(t.id, 'h2', at(3))).toBe(false);
    expect(await store.countRecoveryCodes(t.id)).toBe(1);
    await store.replaceRecoveryCodes(t.id, [], at(4));
    expect(await store.countRecoveryCodes(t.id)).toBe(0);
  });

  it('keeps reset links by their token’s hash and uses each once', async () => {
    const r: AccountResetRow = {
      id: randomUUID(),
      practiceId: p.id,
      userId: t.id,
      kind: 'second_factor',
      tokenHash: 'hash-of-token',
      createdBy: null,
      createdAt: at(0),
      expiresAt: at(60),
      usedAt: null,
    };
    await store.insertAccountReset(r);
    expect(await store.findAccountResetByTokenHash('hash-of-token')).toEqual(r);
    expect(await store.findAccountResetByTokenHash('other')).toBeUndefined();
    await expect(store.insertAccountReset({ ...r, id: randomUUID() })).rejects.toThrow();
    const race = await Promise.all([store.useAccountReset(r.id, at(1)), store.useAccountReset(r.id, at(1))]);
    expect(race.filter(Boolean)).toHaveLength(1);
    expect(await store.findAccountResetByTokenHash('hash-of-token')).toMatchObject({ usedAt: at(1) });
  });

  it('called every recovery port method on this dialect', () => {
    expect(portMethodsOf(KyselyRecoveryStore).filter((m) => !called.has(m))).toEqual([]);
  });
});
