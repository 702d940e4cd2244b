import { describe, it, expect, afterEach } from 'vitest';
import type { TestWorld } from '../../test/support/harness.ts';
import { makeWorld, testClock, testIds } from '../../test/support/harness.ts';
import type { AuditEventInput } from '../domain/audit-chain.ts';
import { AuditLog } from './audit-log.ts';
import { verifyStore } from './operations/backup.ts';
import type { Store } from './ports.ts';

let w: TestWorld;
afterEach(async () => {
  await w.close();
});

const ev = (n: number): AuditEventInput => ({
  actorId: null,
  actorRole: null,
  action: 'client:read',
  resourceType: 'clients',
  resourceId: String(n),
  clientId: `c${n}`,
  outcome: 'ok',
  ip: null,
  detail: null,
});

/** The real store, counting its appendAudit transactions and optionally failing them. */
function counting(store: Store) {
  const state = { calls: 0, sizes: [] as number[], fail: false };
  const wrapped = new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === 'appendAudit') {
        return async (events: Parameters<Store['appendAudit']>[0]) => {
          state.calls++;
          state.sizes.push(events.length);
          if (state.fail) throw new Error('disk full');
          return target.appendAudit(events);
        };
      }
      const v = Reflect.get(target, prop, receiver) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
  return { store: wrapped, state };
}

describe('AuditLog (grouped, durable audit writes)', () => {
  it('anchors the lanes when due, and an event recorded while the anchor is written is still written', async () => {
    w = await makeWorld();
    const clock = testClock();
    // Due at every drain: each record awaited one after the other lands while the last drain anchors.
    const log = new AuditLog(w.deps.store, clock, testIds(clock), 500, 0);
    for (let i = 0; i < 5; i++) await log.record(ev(i));
    await log.settle();
    expect((await w.deps.store.auditHead()).seq).toBe(5);
    expect((await w.deps.store.anchorCheckpoint()).seq).toBeGreaterThanOrEqual(1);
    expect(await verifyStore(w.deps.store)).toMatchObject({ ok: true, audit: { ok: true, events: 5 } });
  });
  it('writes events recorded together in one transaction, in order, and resolves each once durable', async () => {
    w = await makeWorld();
    const { store, state } = counting(w.deps.store);
    const clock = testClock();
    const log = new AuditLog(store, clock, testIds(clock));
    await Promise.all(Array.from({ length: 200 }, (_, i) => log.record(ev(i))));
    expect(state.calls).toBe(1);
    expect((await w.deps.store.auditHead()).seq).toBe(200);
    const events = await w.deps.store.listAudit({ limit: 500 });
    expect(events.map((e) => e.resourceId).reverse()).toEqual(Array.from({ length: 200 }, (_, i) => String(i)));
    expect((await verifyStore(w.deps.store)).ok).toBe(true);
  });

  it('waits a few turns of the event loop while events keep arriving, then writes them in one batch; one that arrives later waits for the next', async () => {
    w = await makeWorld();
    const { store, state } = counting(w.deps.store);
    const clock = testClock();
    const log = new AuditLog(store, clock, testIds(clock));
    const turn = () => new Promise<void>((r) => setImmediate(r));
    // Requests in flight reach their audit point one turn after another: they share one commit.
    const gathered = [log.record(ev(1))];
    for (let i = 2; i <= 4; i++) {
      await turn();
      gathered.push(log.record(ev(i)));
    }
    await Promise.all(gathered);
    expect(state.sizes).toEqual([4]);
    // A quiet turn ends the gathering at once: an event two turns after the last is not waited for.
    const alone = log.record(ev(5));
    await turn();
    await turn();
    await turn();
    const after = log.record(ev(6));
    await Promise.all([alone, after]);
    expect(state.sizes).toEqual([4, 1, 1]);
    expect((await verifyStore(w.deps.store)).ok).toBe(true);
  });

  it('splits very large groups into batches of at most maxBatch', async () => {
    w = await makeWorld();
    const { store, state } = counting(w.deps.store);
    const clock = testClock();
    const log = new AuditLog(store, clock, testIds(clock), 10);
    await Promise.all(Array.from({ length: 25 }, (_, i) => log.record(ev(i))));
    expect(state.sizes).toEqual([10, 10, 5]);
  });

  it('events recorded while a batch is being written join the next batch', async () => {
    w = await makeWorld();
    const { store, state } = counting(w.deps.store);
    const clock = testClock();
    const log = new AuditLog(store, clock, testIds(clock));
    const first = log.record(ev(1));
    await new Promise((r) => setImmediate(r));
    const later = Array.from({ length: 5 }, (_, i) => log.record(ev(10 + i)));
    await Promise.all([first, ...later]);
    expect(state.calls).toBeLessThanOrEqual(3);
    expect((await w.deps.store.auditHead()).seq).toBe(6);
  });

  it('rejects every waiting caller when the write fails, writes nothing, and recovers afterwards', async () => {
    w = await makeWorld();
    const { store, state } = counting(w.deps.store);
    const clock = testClock();
    const log = new AuditLog(store, clock, testIds(clock));
    state.fail = true;
    const results = await Promise.allSettled(Array.from({ length: 5 }, (_, i) => log.record(ev(i))));
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    expect((await w.deps.store.auditHead()).seq).toBe(0);
    state.fail = false;
    await log.record(ev(99));
    await log.settle();
    expect((await w.deps.store.auditHead()).seq).toBe(1);
  });

  it('stamps each event with the injected clock and a fresh id', async () => {
    w = await makeWorld();
    const clock = testClock('2026-05-01T12:00:00.000Z');
    const log = new AuditLog(w.deps.store, clock, testIds(clock));
    await Promise.all([log.record(ev(1)), log.record(ev(2))]);
    const events = await log.list({ limit: 10 });
    expect(events.map((e) => e.at)).toEqual(['2026-05-01T12:00:00.000Z', '2026-05-01T12:00:00.000Z']);
    expect(new Set(events.map((e) => e.id)).size).toBe(2);
  });
});
