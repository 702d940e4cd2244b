/**
 * Backups of format 2 (backup-stream.ts): a practice large enough to span many segments and several
 * dump pages restores equal, a segment at a time (what the reader holds is measured against a limit
 * far below the backup's size); a file cut short, altered, re-ordered or extended is refused and
 * nothing is written; and a format-1 file, written by the writer this format replaced (kept below),
 * still restores. Runs on SQLite and, with ACCORD_TEST_DB=postgres, on PostgreSQL.
 */
import { join } from 'node:path';
import { createGzip } from 'node:zlib';
import { describe, it, expect, afterEach } from 'vitest';
import type { TestWorld } from '../../../test/support/harness.ts';
import { makeWorld, seedPractice, fastHasher, testClock, testIds } from '../../../test/support/harness.ts';
import { checkBackup, createBackup, restoreBackup, verifyStore } from './backup.ts';
import { createClient, openCourse, recordSession } from '../people/clients.ts';
import { makeDeps } from '../compose.ts';
import type { Deps } from '../deps.ts';
import type { Store } from '../ports.ts';

const worlds: TestWorld[] = [];
afterEach(async () => {
  while (worlds.length) await worlds.pop()!.close();
});
async function world(opts: { keyFile?: string } = {}) {
  const w = await makeWorld(opts);
  worlds.push(w);
  return w;
}

/** A practice with a client, sessions and `events` audit events (several dump pages of the trail). */
async function populated(w: TestWorld, events: number) {
  const p = await seedPractice(w.deps);
  const c = await createClient(w.deps, p.therapistId, { name: 'Stream Person', contact: { email: 'sp@example.org', phone: null, dateOfBirth: null } });
  const k = await openCourse(w.deps, c.id, { startedOn: '2026-01-05', frequency: 'weekly' });
  for (let i = 0; i < 6; i++)
    await recordSession(w.deps, k.id, {
      startsAt: new Date(Date.parse('2026-01-05T10:00:00.000Z') + i * 7 * 86_400_000).toISOString(),
      durationMinutes: 50,
      status: 'attended',
    });
  for (let done = 0; done < events; done += 500) {
    await w.deps.store.appendAudit(
      Array.from({ length: Math.min(500, events - done) }, (_, i) => ({
        id: w.deps.ids.newId(),
        at: w.deps.clock.now().toISOString(),
        actorId: p.therapistId,
        actorRole: 'therapist',
        action: 'client.read',
        resourceType: 'client',
        resourceId: c.id,
        clientId: c.id,
        outcome: 'ok' as const,
        ip: '127.0.0.1',
        detail: `read ${done + i}`,
      })),
    );
  }
  await w.deps.audit.settle();
  return { p, c };
}

async function emptyWorldWithKey(src: TestWorld): Promise<{ store: Store; deps: Deps }> {
  const t = await world({ keyFile: join(src.dataDir, 'master.key') });
  const clock = testClock();
  return { store: t.deps.store, deps: makeDeps({ store: t.deps.store, vault: t.deps.vault, clock, ids: testIds(clock), hasher: fastHasher }) };
}

/** Every table's rows as storage dumps them (the comparison of two databases). */
async function everything(store: Store): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const t of store.tables()) {
    out[t] = [];
    for await (const page of store.dumpTable(t)) out[t].push(...page);
  }
  return out;
}

/** Format 2's parts: the clear line, then each segment with its length. */
function segmentsOf(data: Buffer): { header: Buffer; segments: Buffer[] } {
  const end = data.indexOf(10) + 1;
  const segments: Buffer[] = [];
  for (let at = end; at < data.length;) {
    const size = data.readUInt32BE(at);
    segments.push(data.subarray(at, at + 4 + size));
    at += 4 + size;
  }
  return { header: data.subarray(0, end), segments };
}

/**
 * The writer format 2 replaced, as it was (format 1: one JSON text of every table, gzip, sealed
 * whole): the fixture that proves backups made before still restore.
 */
async function formerBackup(deps: Pick<Deps, 'store' | 'vault' | 'clock'>): Promise<Buffer> {
  const gzip = createGzip();
  const chunks: Buffer[] = [];
  gzip.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    gzip.once('end', resolve);
    gzip.once('error', reject);
  });
  const write = (text: string) => new Promise<void>((resolve) => (gzip.write(text) ? resolve() : gzip.once('drain', resolve)));
  await deps.store.transaction(async (tx) => {
    const head = { format: 'accord-backup', version: 1, createdAt: deps.clock.now().toISOString(), dialect: tx.dialect };
    await write(`${JSON.stringify(head).slice(0, -1)},"tables":{`);
    for (const [i, t] of tx.tables().entries()) {
      await write(`${i ? ',' : ''}${JSON.stringify(t)}:[`);
      let first = true;
      for await (const page of tx.dumpTable(t)) {
        if (!page.length) continue;
        await write(`${first ? '' : ','}${page.map((r) => JSON.stringify(r)).join(',')}`);
        first = false;
      }
      await write(']');
    }
    await write('}}');
  });
  gzip.end();
  await ended;
  return deps.vault.sealBlob(Buffer.concat(chunks));
}

describe('streamed backups (format 2)', () => {
  it('a backup spanning many segments and dump pages restores equal, holding one small segment at a time', async () => {
    const src = await world();
    await populated(src, 2600);
    const { data, rows } = await createBackup(src.deps, { segmentText: 8 * 1024 });
    expect(rows).toBeGreaterThan(2600);
    const { segments } = segmentsOf(data);
    expect(segments.length).toBeGreaterThan(50);
    expect(data.includes(Buffer.from('Stream Person'))).toBe(false);

    const dst = await emptyWorldWithKey(src);
    const sizes: number[] = [];
    const limit = 64 * 1024;
    // Fed a chunk at a time, as a file stream would.
    async function* chunks() {
      for (let at = 0; at < data.length; at += 4096) yield data.subarray(at, at + 4096);
    }
    const restored = await restoreBackup(dst.deps, chunks(), { maxSegmentBytes: limit, onSegment: (n) => sizes.push(n) });
    expect(restored.rows).toBeGreaterThan(2600);
    const total = sizes.reduce((a, b) => a + b, 0);
    // The backup's JSON is far larger than anything the reader held at once.
    expect(total).toBeGreaterThan(20 * limit);
    expect(Math.max(...sizes)).toBeLessThan(limit);
    expect(await everything(dst.store)).toEqual(await everything(src.deps.store));
    expect(await verifyStore(dst.store)).toMatchObject({ ok: true, audit: { ok: true } });
  });

  it('a backup written by the former writer (format 1) still restores, equal', async () => {
    const src = await world();
    await populated(src, 1200);
    const former = await formerBackup(src.deps);
    expect(former.subarray(0, 14).toString()).toBe('ACCORD-BACKUP ');
    expect(await checkBackup(src.deps.vault, former)).toMatchObject({ ok: true, version: 1 });
    const dst = await emptyWorldWithKey(src);
    await restoreBackup(dst.deps, former);
    expect(await everything(dst.store)).toEqual(await everything(src.deps.store));
    expect((await verifyStore(dst.store)).ok).toBe(true);
  });

  it('a file cut short, altered, re-ordered, spliced or extended is refused with its reason, and nothing is written', async () => {
    const src = await world();
    await populated(src, 600);
    const { data } = await createBackup(src.deps, { segmentText: 4 * 1024 });
    const { header, segments } = segmentsOf(data);
    expect(segments.length).toBeGreaterThan(8);
    const other = (await createBackup(src.deps, { segmentText: 4 * 1024 })).data;
    const flip = (b: Buffer, at: number) => {
      const c = Buffer.from(b);
      c[at] = c[at]! ^ 1;
      return c;
    };
    const mid = header.length + segments.slice(0, 4).reduce((n, s) => n + s.length, 0) + 40;
    const bad: [string, Buffer, string, RegExp][] = [
      ['cut inside a segment', data.subarray(0, data.length - 100), 'truncated', /incomplete/],
      ['cut at a segment boundary (the last segment dropped)', Buffer.concat([header, ...segments.slice(0, -1)]), 'truncated', /incomplete/],
      ['a byte altered in the fifth segment', flip(data, mid), 'damaged', /Part 5 .* altered/],
      ['two segments swapped', Buffer.concat([header, segments[0]!, segments[2]!, segments[1]!, ...segments.slice(3)]), 'damaged', /Part 2 .* altered/],
      [
        'a segment of another backup spliced in',
        Buffer.concat([header, segments[0]!, segmentsOf(other).segments[1]!, ...segments.slice(2)]),
        'damaged',
        /altered/,
      ],
      ['bytes after the last segment', Buffer.concat([data, Buffer.from('more')]), 'damaged', /after its last part/],
      ['not a backup at all', Buffer.from('hello\n'), 'not_a_backup', /not an Accord backup/],
      [
        'an altered clear line',
        Buffer.concat([Buffer.from(header.toString().replace(/ (\S+)\n$/, ' AAAAAAAAAAAAAAAAAAAAAA\n')), ...segments]),
        'other_master_key',
        /altered/,
      ],
    ];
    const dst = await emptyWorldWithKey(src);
    const before = await everything(dst.store);
    for (const [what, file, reason, message] of bad) {
      const check = await checkBackup(dst.deps.vault, file);
      expect(check, what).toMatchObject({ ok: false, reason });
      if (!check.ok) expect(check.message, what).toMatch(message);
      // Restoring it anyway (without the check first): the transaction rolls back, nothing is left.
      await expect(restoreBackup(dst.deps, file), what).rejects.toThrow(message);
      expect(await dst.store.isEmpty(), what).toBe(true);
      expect(await everything(dst.store), what).toEqual(before);
    }
    // Restoring the intact file afterwards works: the failed attempts left nothing behind.
    await restoreBackup(dst.deps, data);
    expect((await verifyStore(dst.store)).ok).toBe(true);
  });

  it('refuses a part larger than the reader allows, before opening it', async () => {
    const src = await world();
    await populated(src, 10);
    const { data } = await createBackup(src.deps);
    expect(await checkBackup(src.deps.vault, data, { maxSegmentBytes: 1024 })).toMatchObject({ ok: false, reason: 'too_large' });
  });
});
