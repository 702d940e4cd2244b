/**
 * `accord rotate-key` in another process while this one runs (two key rings over one key file and
 * one database): this process learns the new key before wrapping, and a data key it wrapped with
 * the old key just before the rotation retired it is caught by verify and re-wrapped.
 */
import { join } from 'node:path';
import { describe, it, expect, afterEach } from 'vitest';
import type { TestWorld } from '../../test/support/harness.ts';
import { makeWorld, seedPractice } from '../../test/support/harness.ts';
import { createClient, getClient, listCaseload } from '../services/people/clients.ts';
import { checkMasterKeys, keepClientKey, rotateMasterKey } from '../services/clinical-text.ts';
import { openKeyRing } from './keyring.ts';

const worlds: TestWorld[] = [];
afterEach(async () => {
  while (worlds.length) await worlds.pop()!.close();
});

describe('master-key rotation across processes', () => {
  it('a rotation by another process while this one runs: new clients get the new key, a late straggler is re-wrapped, verify tells', async () => {
    const w = await makeWorld();
    worlds.push(w);
    const p = await seedPractice(w.deps);
    const keyFile = join(w.dataDir, 'master.key');
    const other = { ...w.deps, vault: openKeyRing({ keyFile }) }; // `accord rotate-key` in another process
    const before = await createClient(w.deps, p.therapistId, { name: 'Before Rotation', contact: { email: null, phone: null, dateOfBirth: null } });
    // This process wraps a data key just before the rotation and commits it just after (the worst interleaving).
    const straggler = w.deps.vault.newDataKey();
    const r = await rotateMasterKey(other);
    expect(r.retired).toEqual([straggler.masterKeyId]);
    const late = await createClient(w.deps, p.therapistId, { name: 'Late Commit', contact: { email: null, phone: null, dateOfBirth: null } });
    await w.deps.store.updateClientKey(late.id, straggler);
    await w.deps.store.updateClient(late.id, {
      nameEnc: w.deps.vault.seal(straggler, 'Late Commit', `clients:${late.id}:name`),
      contactEnc: w.deps.vault.seal(straggler, JSON.stringify({ email: null, phone: null, dateOfBirth: null }), `clients:${late.id}:contact`),
    });
    // A restarted Accord (a fresh key ring from the file) could not open it: verify says which client.
    const restarted = () => ({ ...w.deps, vault: openKeyRing({ keyFile }) });
    const report = await checkMasterKeys(restarted());
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0]).toMatch(new RegExp(`client ${late.id} does not open: it is wrapped by master key ${straggler.masterKeyId}, which is not in`));
    // ...and the caseload still lists everyone else.
    const rows = (await listCaseload(restarted(), { userId: p.therapistId, roles: ['therapist'], clientId: null })).items;
    expect(rows.find((x) => x.id === late.id)?.name).toMatch(/unreadable/);
    expect(rows.find((x) => x.id === before.id)?.name).toBe('Before Rotation');
    // The instance that wrapped it still holds the retired key and re-wraps it once it notices.
    await keepClientKey(w.deps, late.id);
    expect((await w.deps.store.findClientKey(late.id))!.masterKeyId).toBe(r.newKeyId);
    expect(await checkMasterKeys(restarted())).toEqual({ checked: 2, problems: [] });
    expect((await getClient(restarted() as typeof w.deps, late.id)).name).toBe('Late Commit');
    // This process learnt the new key from the file without meeting it first: new clients use it.
    const after = await createClient(w.deps, p.therapistId, { name: 'After Rotation', contact: { email: null, phone: null, dateOfBirth: null } });
    expect((await w.deps.store.findClientKey(after.id))!.masterKeyId).toBe(r.newKeyId);
    expect((await getClient(restarted() as typeof w.deps, after.id)).name).toBe('After Rotation');
  });
});
