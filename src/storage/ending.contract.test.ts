/**
 * The contract of the ending port (services/ports/ending.ts, storage/ending-store.ts): one ending
 * per course, written while open, closed once, a follow-up answered once; the practice's follow-up
 * setting. Run on SQLite and PostgreSQL in the same run (contract-support.ts); the last test of each
 * dialect fails when a port method was not called there.
 */
import { randomUUID } from 'node:crypto';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { TestWorld } from '../../test/support/harness.ts';
import type { EndingRow, Store } from '../services/ports.ts';
import type { Fixture } from './contract-support.ts';
import { at, clinicalBase, DIALECTS, portMethodsOf, world } from './contract-support.ts';
import { KyselyEndingStore } from './ending-store.ts';
import { verifyStore } from '../services/operations/backup.ts';

const open = (courseId: string, clientId: string, over: Partial<EndingRow> = {}): EndingRow => ({
  courseId,
  clientId,
  clientListEnc: null,
  clientListAt: null,
  clientListBy: null,
  summaryEnc: null,
  summaryAt: null,
  summaryBy: null,
  closedAt: null,
  closedBy: null,
  followUpDueOn: null,
  followUpAt: null,
  followUpRating: null,
  followUpWordsEnc: null,
  updatedAt: at(0),
  ...over,
});

describe.each(DIALECTS)('Ending store contract on %s', (dialect) => {
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

  it('creates an ending on the first write and updates its open part after; round-trips every field', async () => {
    expect(await store.findEnding(fx.k.id)).toBeUndefined();
    const first = open(fx.k.id, fx.c.id, { clientListEnc: 'v1.list.1', clientListAt: at(1), clientListBy: fx.t.id, updatedAt: at(1) });
    expect(await store.saveOpenEnding(first)).toBe(true);
    expect(await store.findEnding(fx.k.id)).toEqual(first);
    const second = { ...first, summaryEnc: 'v1.sum.1', summaryAt: at(2), summaryBy: fx.t.id, updatedAt: at(2) };
    expect(await store.saveOpenEnding(second)).toBe(true);
    expect(await store.findEnding(fx.k.id)).toEqual(second);
  });

  it('refuses an ending of a course or client that does not exist', async () => {
    await expect(store.saveOpenEnding(open(randomUUID(), fx.c.id))).rejects.toThrow();
    await expect(store.saveOpenEnding(open(fx.k2.id, randomUUID()))).rejects.toThrow();
  });

  it('closes once, only with a summary, and then refuses writes to the open part', async () => {
    expect(await store.saveOpenEnding(open(fx.k2.id, fx.c.id, { clientListEnc: 'v1.list.2', clientListAt: at(3), clientListBy: fx.t.id }))).toBe(true);
    expect(await store.closeEnding(fx.k2.id, at(4), fx.t.id, '2026-06-02')).toBe(false); // no summary yet
    expect(await store.closeEnding(randomUUID(), at(4), fx.t.id, null)).toBe(false);
    expect(await store.closeEnding(fx.k.id, at(5), fx.t.id, '2026-06-02')).toBe(true);
    expect(await store.closeEnding(fx.k.id, at(6), fx.t2.id, '2026-07-02')).toBe(false);
    const closed = await store.findEnding(fx.k.id);
    expect(closed).toMatchObject({ closedAt: at(5), closedBy: fx.t.id, followUpDueOn: '2026-06-02', updatedAt: at(5) });
    expect(await store.saveOpenEnding({ ...closed!, clientListEnc: 'v1.late', updatedAt: at(7) })).toBe(false);
    expect((await store.findEnding(fx.k.id))?.clientListEnc).toBe('v1.list.1');
  });

  it('seals a closed ending (not an open one); the seal still holds after the follow-up answer', async () => {
    const sealed: { id: string; seal: string | null }[] = [];
    for await (const page of store.sealedRecordPages('course_endings', 10)) sealed.push(...page.map((r) => ({ id: r.id, seal: r.seal })));
    expect(sealed).toEqual([{ id: fx.k.id, seal: expect.any(String) }]);
  });

  it('takes one follow-up answer, on a closed ending only', async () => {
    expect(await store.answerFollowUp(fx.k2.id, { at: at(8), rating: 1, wordsEnc: null })).toBe(false); // not closed
    expect(await store.answerFollowUp(fx.k.id, { at: at(9), rating: -1, wordsEnc: 'v1.words' })).toBe(true);
    expect(await store.answerFollowUp(fx.k.id, { at: at(10), rating: 2, wordsEnc: null })).toBe(false);
    expect(await store.findEnding(fx.k.id)).toMatchObject({ followUpAt: at(9), followUpRating: -1, followUpWordsEnc: 'v1.words' });
    expect((await verifyStore(store)).records).toMatchObject({ ok: true });
  });

  it('lists the endings of one client', async () => {
    const mine = await store.listEndingsOfClient(fx.c.id);
    expect(mine.map((e) => e.courseId).sort()).toEqual([fx.k.id, fx.k2.id].sort());
    expect(await store.listEndingsOfClient(fx.c2.id)).toEqual([]);
  });

  it('keeps one follow-up setting per practice: set, replace; the setter must be a user', async () => {
    expect(await store.findEndingSettings(fx.p.id)).toBeUndefined();
    await store.setEndingSettings({ practiceId: fx.p.id, followUpMonths: 3, updatedAt: at(1), updatedBy: fx.t.id });
    expect(await store.findEndingSettings(fx.p.id)).toEqual({ practiceId: fx.p.id, followUpMonths: 3, updatedAt: at(1), updatedBy: fx.t.id });
    await store.setEndingSettings({ practiceId: fx.p.id, followUpMonths: 0, updatedAt: at(2), updatedBy: fx.t2.id });
    expect(await store.findEndingSettings(fx.p.id)).toMatchObject({ followUpMonths: 0, updatedBy: fx.t2.id });
    await expect(store.setEndingSettings({ practiceId: fx.p.id, followUpMonths: 1, updatedAt: at(3), updatedBy: randomUUID() })).rejects.toThrow();
  });

  it('called every ending port method on this dialect', () => {
    expect(portMethodsOf(KyselyEndingStore).filter((m) => !called.has(m))).toEqual([]);
  });
});
