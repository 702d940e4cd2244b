/**
 * Escalation runs in every app instance; on PostgreSQL several instances share one database.
 * This test opens two independent storages (two connection pools, as two processes would) on the
 * same PostgreSQL database and runs their sweeps at the same moment, many times over: every
 * safety alert must escalate exactly once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PG_URL, fastHasher, seedPractice, testClock, testIds } from '../support/harness.ts';
import { openStorage } from '../../src/storage/open.ts';
import type { OpenedStorage } from '../../src/storage/open.ts';
import { makeDeps } from '../../src/services/compose.ts';
import type { Deps } from '../../src/services/deps.ts';
import { createClient, openCourse } from '../../src/services/people/clients.ts';
import { submitResponse } from '../../src/services/measures/measures.ts';
import { escalateDueAlerts, setEscalationColleague } from '../../src/services/alerts/escalation.ts';

async function pgAvailable(): Promise<boolean> {
  const c = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}
const available = await pgAvailable();

describe.skipIf(!available)('escalation on PostgreSQL with two app instances', () => {
  const name = `accord_esc_${randomBytes(5).toString('hex')}`;
  const url = PG_URL.replace(/\/[^/]*$/, `/${name}`);
  const dir = mkdtempSync(join(tmpdir(), 'accord-esc-'));
  const clock = testClock();
  let a: OpenedStorage;
  let b: OpenedStorage;
  let depsA: Deps;
  let depsB: Deps;

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    a = await openStorage({ dataDir: dir, databaseUrl: url, keyFile: join(dir, 'master.key') });
    b = await openStorage({ dataDir: dir, databaseUrl: url, keyFile: join(dir, 'master.key') });
    depsA = makeDeps({ store: a.store, vault: a.vault, clock, ids: testIds(clock), hasher: fastHasher });
    depsB = makeDeps({ store: b.store, vault: b.vault, clock, ids: testIds(clock), hasher: fastHasher });
  });
  afterAll(async () => {
    await depsA?.audit.settle();
    await depsB?.audit.settle();
    await a?.close();
    await b?.close();
    // The pools are closed; dropping without FORCE avoids killing connections still winding down
    // (a killed pooled connection surfaces as an unhandled error). Retry while they finish.
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    for (let i = 0; ; i++) {
      try {
        await c.query(`drop database if exists ${name}`);
        break;
      } catch (err) {
        if ((err as { code?: string }).code !== '55006' || i >= 50) throw err;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    await c.end();
    rmSync(dir, { recursive: true, force: true });
  });

  it('two concurrent escalators escalate each alert exactly once', async () => {
    const p = await seedPractice(depsA);
    await setEscalationColleague(depsA, 'practice', p.otherTherapistId);
    const alerts = 12;
    for (let i = 0; i < alerts; i++) {
      const c = await createClient(depsA, p.therapistId, { name: `Client ${i}`, contact: { email: null, phone: null, dateOfBirth: null } });
      await openCourse(depsA, c.id, { startedOn: '2026-01-05', frequency: 'weekly' });
      const answers = Object.fromEntries(Array.from({ length: 9 }, (_, k) => [`phq9_${k + 1}`, k === 8 ? 1 : 0]));
      await submitResponse(depsA, c.id, { userId: 'client', as: 'client' }, { instrumentCode: 'phq9', answers });
    }
    clock.advance(61);
    const runs = await Promise.all([escalateDueAlerts(depsA), escalateDueAlerts(depsB), escalateDueAlerts(depsA), escalateDueAlerts(depsB)]);
    const escalated = runs.flatMap((r) => r.escalated);
    expect(escalated).toHaveLength(alerts);
    expect(new Set(escalated).size).toBe(alerts);
    const rows = await depsB.store.listAlerts({ statuses: ['open'] });
    expect(rows).toHaveLength(alerts);
    for (const row of rows) {
      expect(row.escalatedTo).toBe(p.otherTherapistId);
      expect((await depsB.store.listAlertEvents(row.id)).filter((e) => e.action === 'escalated')).toHaveLength(1);
    }
    // A later sweep finds nothing left to do.
    expect((await Promise.all([escalateDueAlerts(depsA), escalateDueAlerts(depsB)])).flatMap((r) => r.escalated)).toEqual([]);
  });
});
