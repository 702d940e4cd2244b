/**
 * The audit chain under concurrent writes and reads through the app: each write appends its event
 * inside its own transaction, reads append theirs in groups, and on PostgreSQL a second app
 * instance (its own connection pool) writes to the same database at the same time. Every request
 * must have its event and every lane of the trail must stay one unbroken sequence, each event
 * linked to the one before it in its lane. Runs on SQLite, and on PostgreSQL with ACCORD_TEST_DB=postgres.
 */
import { join } from 'node:path';
import { describe, it, expect } from 'vitest';
import { eventsSince, headSeq, makeCast } from '../support/cast.ts';
import { fastHasher, signInAgent, testIds } from '../support/harness.ts';
import { openStorage } from '../../src/storage/open.ts';
import { makeDeps } from '../../src/services/compose.ts';
import { buildApp } from '../../src/http/app.ts';
import { verifyStore } from '../../src/services/operations/backup.ts';

describe('concurrent writes and reads', () => {
  it('keep one unbroken chain: every write and read has its event, each linked to the one before', async () => {
    const cast = await makeCast();
    // On PostgreSQL a second app instance (its own connection pool) writes to the same database.
    const second = cast.world.databaseUrl
      ? await openStorage({ dataDir: cast.world.dataDir, databaseUrl: cast.world.databaseUrl, keyFile: join(cast.world.dataDir, 'master.key') })
      : undefined;
    const app2 =
      second &&
      (await buildApp({
        deps: makeDeps({ store: second.store, vault: second.vault, clock: cast.world.clock, ids: testIds(cast.world.clock), hasher: fastHasher }),
        secureCookies: false,
        logger: false,
        version: 'test',
      }));
    try {
      const agents = [cast.agents.therapist, ...(app2 ? [await signInAgent(app2, cast.practice.emails.therapist)] : [])];
      const seq = await headSeq(cast);
      const results = await Promise.all(
        Array.from({ length: 24 }, (_, i) => {
          const theo = agents[i % agents.length]!;
          return i % 3 === 0
            ? theo.req('GET', `/api/clients/${cast.ids.clientC}`)
            : theo.req('POST', `/api/courses/${cast.ids.courseK}/sessions`, { startsAt: `2026-02-${String(1 + i).padStart(2, '0')}T10:00:00Z` });
        }),
      );
      await app2?.close();
      expect(results.map((r) => r.statusCode).sort()).toEqual([...Array(16).fill(201), ...Array(8).fill(200)].sort());
      const events = await eventsSince(cast, seq);
      expect(events.filter((e) => e.action === 'course:write')).toHaveLength(16);
      expect(events.filter((e) => e.action === 'client:read')).toHaveLength(8);
      // Appenders take free lanes side by side (one instance alone mostly keeps to lane 1): every
      // lane is one unbroken chain, each event linked to the one before it in its lane, ending at its head.
      const trail = (await cast.world.deps.audit.list({ limit: 10_000 })).reverse();
      expect(new Set(trail.map((e) => e.seq)).size).toBe(trail.length);
      const lanes = await cast.world.deps.store.auditLanes();
      for (const lane of lanes) {
        const chain = trail.filter((e) => (e.chain ?? 1) === lane.chain).sort((a, b) => a.chainSeq! - b.chainSeq!);
        for (const [i, e] of chain.entries()) {
          expect(e.chainSeq).toBe(i + 1);
          if (i > 0) expect(e.prevHash, `event ${e.seq}`).toBe(chain[i - 1]!.hash);
        }
        expect({ seq: lane.seq, hash: lane.hash }).toEqual(
          chain.length ? { seq: chain.at(-1)!.chainSeq, hash: chain.at(-1)!.hash } : { seq: 0, hash: lane.hash },
        );
      }
      expect(await cast.world.deps.store.auditHead()).toEqual({ seq: trail.at(-1)!.seq, hash: trail.at(-1)!.hash });
      expect((await verifyStore(cast.world.deps.store)).ok).toBe(true);
    } finally {
      await second?.close();
      await cast.close();
    }
  });
});
