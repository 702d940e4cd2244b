/**
 * Erasure (SPEC §3 C10): crypto-shredding after the retention check, refused with its reason while
 * a hold applies or the period runs; afterwards nothing of the record opens, in this process (key
 * ring and row cache dropped) or in a restore of an older backup (the erasure log re-applies it);
 * what remains says that an erasure happened and by whom, without clinical content.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileErasureLog, makeWorld, seedPractice } from '../../../test/support/harness.ts';
import type { Practice, TestWorld } from '../../../test/support/harness.ts';
import { createClient, getClient, listCaseload, openCourse, recordSession, updateCourse } from '../people/clients.ts';
import { submitResponse } from '../measures/measures.ts';
import { openTextsOfClients } from '../clinical-text.ts';
import { createBackup, restoreBackup } from '../operations/backup.ts';
import { eraseClient, erasureState, placeHold, releaseHold, setRetention } from './erasure.ts';
import { exportPractice } from './export.ts';

let world: TestWorld;
let practice: Practice;
const phq = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`phq9_${i + 1}`, i === 8 ? 0 : 2]));

/** A client whose only course ran in `year` and ended. */
async function pastClient(name: string, year: number) {
  const d = world.deps;
  const c = await createClient(d, practice.therapistId, {
    name,
    contact: { email: `${name.split(' ')[0]!.toLowerCase()}@example.org`, phone: null, dateOfBirth: null },
  });
  const k = await openCourse(d, c.id, { startedOn: `${year}-01-06`, frequency: 'weekly' });
  await recordSession(d, k.id, { startsAt: `${year}-01-06T10:00:00.000Z`, durationMinutes: 50, status: 'attended' });
  await submitResponse(
    d,
    c.id,
    { userId: practice.therapistId, as: 'therapist' },
    { instrumentCode: 'phq9', answers: phq, source: 'paper', completedAt: `${year}-01-06T10:55:00.000Z` },
  );
  await updateCourse(d, k.id, { status: 'ended', endedOn: `${year}-03-30`, endReason: 'planned' });
  return c;
}

beforeAll(async () => {
  world = await makeWorld();
  practice = await seedPractice(world.deps);
});
afterAll(async () => {
  await world?.close();
});

describe('erasure', () => {
  it('is refused before the retention period ends, and while a hold applies, each with its reason', async () => {
    const recent = await pastClient('Rita Recent', 2024);
    const state = await erasureState(world.deps, recent.id);
    expect(state.decision).toMatchObject({ erasable: false, reason: 'retention', keptUntil: '2031-03-30' });
    await expect(eraseClient(world.deps, recent.id, practice.adminId)).rejects.toThrow(
      /must be kept until 2031-03-30: 7 years after the last contact on 2024-03-30/,
    );
    await setRetention(world.deps, practice.adminId, 1);
    const held = await placeHold(world.deps, recent.id, practice.adminId, 'Complaint under review');
    await expect(eraseClient(world.deps, recent.id, practice.adminId)).rejects.toThrow(/under a hold placed on .* \(Complaint under review\)/);
    await releaseHold(world.deps, recent.id, held.holds[0]!.id, practice.adminId);
    expect((await erasureState(world.deps, recent.id)).decision.erasable).toBe(true);
    await setRetention(world.deps, practice.adminId, 7);
  });

  it('crypto-shreds the record: nothing opens, caches included; the trail keeps who and when, without content', async () => {
    const old = await pastClient('Olive Oldrecord', 2017);
    const keep = await pastClient('Kim Kept', 2017);
    const backup = await createBackup(world.deps);
    // Read once, so the key ring and the row cache hold the client's key and name.
    expect((await getClient(world.deps, old.id)).name).toBe('Olive Oldrecord');
    const after = await eraseClient(world.deps, old.id, practice.adminId);
    expect(after.erased).toMatchObject({ byName: 'Ada Admin' });
    expect(await world.deps.store.findClientKey(old.id)).toBeUndefined();
    await expect(getClient(world.deps, old.id)).rejects.toThrow(/erased/);
    const c = (await world.deps.store.findClient(old.id))!;
    expect(await openTextsOfClients(world.deps, [{ clientId: old.id, binding: { table: 'clients', id: old.id, field: 'name' }, sealed: c.nameEnc }])).toEqual([
      null,
    ]);
    // The caseload and the practice export carry on without it.
    const caseload = (await listCaseload(world.deps, (await practice.actor(practice.therapistId)).caller)).items;
    expect(caseload.some((r) => r.name === 'Kim Kept')).toBe(true);
    expect(JSON.stringify(caseload)).not.toContain('Olive');
    const x = await exportPractice(world.deps, null);
    expect(x.clients.map((k) => k.client.name)).not.toContain('Olive Oldrecord');
    await expect(eraseClient(world.deps, old.id, practice.adminId)).rejects.toThrow(/was erased on/);
    // What remains: the erasure, who and when; the log has ids and times only.
    expect(await world.deps.store.listErasures()).toEqual([expect.objectContaining({ clientId: old.id, erasedBy: practice.adminId })]);
    const log = readFileSync(join(world.dataDir, 'erasures.log'), 'utf8');
    expect(log).toContain(old.id);
    expect(log).not.toContain('Olive');

    // A restore of the backup made before the erasure erases the record again.
    const restored = await makeWorld({ keyFile: join(world.dataDir, 'master.key') });
    try {
      const r = await restoreBackup({ ...restored.deps, erasureLog: fileErasureLog(join(world.dataDir, 'erasures.log')) }, backup.data);
      expect(r.erasuresReapplied).toBe(1);
      expect(await restored.deps.store.findClientKey(old.id)).toBeUndefined();
      expect((await getClient(restored.deps, keep.id)).name).toBe('Kim Kept');
      expect((await restored.deps.store.listErasures())[0]).toMatchObject({ clientId: old.id, erasedBy: null });
    } finally {
      await restored.close();
    }
  });
});
