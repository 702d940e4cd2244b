/**
 * The contract of the alerts port (services/ports/alerts.ts, storage/alerts-store.ts): alerts (one per dedupe key), their lifecycle and history, escalation (exactly one claim wins) and escalation colleagues.
 * Run on SQLite and PostgreSQL in the same run (contract-support.ts), everything seeded through the
 * Store itself; the last test of each dialect fails when a port method was not called there.
 */
import { randomUUID } from 'node:crypto';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { TestWorld } from '../../test/support/harness.ts';
import type { AlertRow, Store } from '../services/ports.ts';
import type { Fixture } from './contract-support.ts';
import { at, clinicalBase, DIALECTS, ids, portMethodsOf, alert, world } from './contract-support.ts';
import { KyselyAlertsStore } from './alerts-store.ts';

describe.each(DIALECTS)('Alerts store contract on %s', (dialect) => {
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

  describe('alerts', () => {
    let a1: AlertRow;
    let a2: AlertRow;
    let a3: AlertRow;
    let a4: AlertRow;
    it('inserts once per dedupe key and round-trips every field', async () => {
      a1 = alert(fx.k, { raisedAt: at(10) });
      a2 = alert(fx.k, { kind: 'not_on_track', severity: 'medium', raisedAt: at(5), followUpAction: null });
      a3 = alert(fx.k3, { raisedAt: at(20) });
      a4 = alert(fx.k3, {
        kind: 'rupture',
        severity: 'high',
        raisedAt: at(1),
        status: 'resolved',
        resolvedAt: at(2),
        resolvedBy: fx.t2.id,
        resolutionEnc: 'v1.r.x',
        followUpAction: 'call',
      });
      for (const a of [a1, a2, a3, a4]) expect(await store.insertAlertIfAbsent(a)).toBe(true);
      expect(await store.insertAlertIfAbsent({ ...a1, id: randomUUID(), raisedAt: at(99) })).toBe(false);
      expect(await store.findAlert(a1.id)).toEqual(a1);
      expect(await store.findAlert(a4.id)).toEqual(a4);
      expect(await store.alertIdByDedupeKey(a1.dedupeKey)).toBe(a1.id);
      expect(await store.findAlert(randomUUID())).toBeUndefined();
      expect(await store.alertIdByDedupeKey('no-such-key')).toBeUndefined();
    });
    it('refuses an alert of a client that does not exist', async () => {
      await expect(store.insertAlertIfAbsent(alert(fx.k, { clientId: randomUUID() }))).rejects.toThrow();
    });
    it('lists and counts by therapist, client, escalation target (any of them) and status, oldest first', async () => {
      const cases: [Parameters<Store['listAlerts']>[0], AlertRow[]][] = [
        [{ therapistIds: [fx.t.id] }, [a2, a1]],
        [{ therapistIds: [fx.t.id, fx.t2.id] }, [a4, a2, a1, a3]],
        [{ clientIds: [fx.c2.id] }, [a4, a3]],
        [{ therapistIds: [fx.t.id], clientIds: [fx.c2.id] }, [a4, a2, a1, a3]],
        [{ therapistIds: [fx.t.id, fx.t2.id], statuses: ['open'] }, [a2, a1, a3]],
        [{ clientIds: [fx.c2.id], statuses: ['resolved', 'acknowledged'] }, [a4]],
        [{ therapistIds: [] }, []],
        [{ clientIds: [] }, []],
        [{ therapistIds: [fx.t.id], statuses: [] }, []],
        [{ escalatedTo: fx.t2.id }, []],
      ];
      for (const [filter, want] of cases) {
        const got = (await store.listAlerts(filter)).filter((a) => [a1, a2, a3, a4].some((x) => x.id === a.id));
        expect(ids(got), JSON.stringify(filter)).toEqual(ids(want));
        expect(await store.countAlerts(filter), JSON.stringify(filter)).toBe(want.length);
      }
      expect(typeof (await store.countAlerts({}))).toBe('number');
    });
    it('changes status only from the expected status; an empty change is a no-op', async () => {
      expect(await store.updateAlertStatus(a2.id, 'open', { status: 'acknowledged', acknowledgedAt: at(30), acknowledgedBy: fx.t.id })).toBe(true);
      expect(await store.updateAlertStatus(a2.id, 'open', { status: 'resolved', resolvedAt: at(31), resolvedBy: fx.t.id })).toBe(false);
      expect(await store.findAlert(a2.id)).toEqual({ ...a2, status: 'acknowledged', acknowledgedAt: at(30), acknowledgedBy: fx.t.id });
      expect(
        await store.updateAlertStatus(a2.id, 'acknowledged', {
          status: 'resolved',
          resolvedAt: at(32),
          resolvedBy: fx.t.id,
          resolutionEnc: 'v1.res.x',
          followUpAction: 'review',
        }),
      ).toBe(true);
      expect(await store.findAlert(a2.id)).toMatchObject({
        status: 'resolved',
        resolvedAt: at(32),
        resolutionEnc: 'v1.res.x',
        followUpAction: 'review',
        acknowledgedAt: at(30),
      });
      expect(await store.updateAlertStatus(a2.id, 'open', {})).toBe(true);
      expect(await store.updateAlertStatus(randomUUID(), 'open', { status: 'acknowledged' })).toBe(false);
    });
    it('offers open, unescalated safety alerts raised by the cut-off for escalation, and lets exactly one claim win', async () => {
      const late = alert(fx.k, { raisedAt: at(50) });
      const acked = alert(fx.k, { raisedAt: at(3), status: 'acknowledged', acknowledgedAt: at(4), acknowledgedBy: fx.t.id });
      for (const a of [late, acked]) await store.insertAlertIfAbsent(a);
      const mine = (rows: AlertRow[]) => ids(rows.filter((a) => [a1, a2, a3, a4, late, acked].some((x) => x.id === a.id)));
      expect(mine(await store.listEscalationCandidates(at(20)))).toEqual([a1.id, a3.id]); // the cut-off is inclusive
      expect(mine(await store.listEscalationCandidates(at(19)))).toEqual([a1.id]);
      const claims = await Promise.all([store.claimEscalation(a1.id, at(70), fx.t2.id), store.claimEscalation(a1.id, at(71), fx.t.id)]);
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect(await store.findAlert(a1.id)).toMatchObject({ escalatedAt: claims[0] ? at(70) : at(71), escalatedTo: claims[0] ? fx.t2.id : fx.t.id });
      expect(await store.claimEscalation(acked.id, at(72), fx.t2.id)).toBe(false);
      expect(mine(await store.listEscalationCandidates(at(60)))).toEqual([a3.id, late.id]);
      const target = (await store.findAlert(a1.id))!.escalatedTo!;
      expect(ids(await store.listAlerts({ escalatedTo: target }))).toEqual([a1.id]);
      expect(await store.countAlerts({ escalatedTo: target, statuses: ['resolved'] })).toBe(0);
    });
    it('keeps an alert history in time order (ties by id), with nulls, and refuses history of an unknown alert', async () => {
      const [x, y] = [randomUUID(), randomUUID()].sort();
      const e1 = { id: y!, alertId: a3.id, at: at(40), actorId: fx.t2.id, action: 'acknowledged', targetId: null };
      const e2 = { id: x!, alertId: a3.id, at: at(40), actorId: null, action: 'escalated', targetId: fx.t.id };
      const e0 = { id: randomUUID(), alertId: a3.id, at: at(30), actorId: null, action: 'raised', targetId: null };
      for (const e of [e1, e2, e0]) await store.insertAlertEvent(e);
      expect(await store.listAlertEvents(a3.id)).toEqual([e0, e2, e1]);
      expect(await store.listAlertEvents(a4.id)).toEqual([]);
      await expect(store.insertAlertEvent({ ...e0, id: randomUUID(), alertId: randomUUID() })).rejects.toThrow();
    });
    it('keeps one escalation colleague per scope: set, replace, clear; a colleague must be a user', async () => {
      expect(await store.findEscalationColleague('practice')).toBeUndefined();
      await store.setEscalationColleague('practice', fx.t.id, at(1));
      await store.setEscalationColleague(fx.t.id, fx.t2.id, at(1));
      expect(await store.findEscalationColleague('practice')).toBe(fx.t.id);
      await store.setEscalationColleague('practice', fx.t2.id, at(2));
      expect(await store.findEscalationColleague('practice')).toBe(fx.t2.id);
      expect(await store.findEscalationColleague(fx.t.id)).toBe(fx.t2.id);
      await store.setEscalationColleague('practice', null, at(3));
      expect(await store.findEscalationColleague('practice')).toBeUndefined();
      await store.setEscalationColleague('practice', null, at(3)); // clearing twice is fine
      await expect(store.setEscalationColleague('practice', randomUUID(), at(4))).rejects.toThrow();
      expect(await store.findEscalationColleague('practice')).toBeUndefined();
    });
  });

  it('called every alerts port method on this dialect', () => {
    expect(portMethodsOf(KyselyAlertsStore).filter((m) => !called.has(m))).toEqual([]);
  });
});
