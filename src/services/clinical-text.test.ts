import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it, expect, afterEach } from 'vitest';
import type { TestWorld } from '../../test/support/harness.ts';
import { makeWorld, seedPractice, PASSWORD } from '../../test/support/harness.ts';
import { createClient, getClient, updateClient } from './people/clients.ts';
import { checkMasterKeys, rotateMasterKey } from './clinical-text.ts';
import { beginTotp, signIn, verifySecondFactor } from './accounts/auth.ts';
import { base32Decode, hotp, totpStep } from '../domain/totp.ts';

const worlds: TestWorld[] = [];
afterEach(async () => {
  while (worlds.length) await worlds.pop()!.close();
});
async function world(onDisk = false) {
  const w = await makeWorld({ onDisk });
  worlds.push(w);
  return w;
}

const CANARIES = ['CANARY-ZEBRA-42', 'canary-okapi@example.org', '+44 7700 911911', 'CANARY-ÅSNE-ØYE'];

describe('clinical text at rest', () => {
  it('a raw read of the database file and its WAL shows none of the clinical text', async () => {
    const w = await world(true);
    if (w.dialect !== 'sqlite') return; // the file is SQLite's
    const p = await seedPractice(w.deps);
    for (let i = 0; i < 5; i++) {
      await createClient(w.deps, p.therapistId, {
        name: `${CANARIES[0]} ${i}`,
        contact: { email: CANARIES[1]!, phone: CANARIES[2]!, dateOfBirth: '1990-01-01' },
      });
    }
    const c = await createClient(w.deps, p.therapistId, { name: 'Plain Name', contact: { email: null, phone: null, dateOfBirth: null } });
    await updateClient(w.deps, c.id, { name: CANARIES[3] });
    expect((await getClient(w.deps, c.id)).name).toBe(CANARIES[3]); // it is really there, just sealed
    await w.deps.audit.settle();
    const files = ['accord.db', 'accord.db-wal'].map((f) => join(w.dataDir, f)).filter(existsSync);
    expect(files.length).toBeGreaterThan(0);
    const bytes = Buffer.concat(files.map((f) => readFileSync(f)));
    expect(bytes.length).toBeGreaterThan(10_000);
    for (const canary of CANARIES) {
      for (const enc of ['utf8', 'utf16le'] as const) expect(bytes.includes(Buffer.from(canary, enc)), `${canary} (${enc})`).toBe(false);
      expect(bytes.includes(Buffer.from(canary.toLowerCase(), 'utf8'))).toBe(false);
    }
    // The practice's own settings are in clear (the check is able to find text); staff emails are not.
    expect(bytes.includes(Buffer.from('Test Practice'))).toBe(true);
    expect(bytes.includes(Buffer.from('theo@test.accord'))).toBe(false);
  });

  it('a ciphertext moved to another client or another field does not open', async () => {
    const w = await world();
    const p = await seedPractice(w.deps);
    const contact = { email: null, phone: null, dateOfBirth: null };
    const a = await createClient(w.deps, p.therapistId, { name: 'Alice A', contact });
    const b = await createClient(w.deps, p.therapistId, { name: 'Bob B', contact });
    const rowA = (await w.deps.store.findClient(a.id))!;
    const rowB = (await w.deps.store.findClient(b.id))!;
    // Another record.
    await w.deps.store.updateClient(b.id, { nameEnc: rowA.nameEnc });
    await expect(getClient(w.deps, b.id)).rejects.toThrow();
    await w.deps.store.updateClient(b.id, { nameEnc: rowB.nameEnc });
    expect((await getClient(w.deps, b.id)).name).toBe('Bob B');
    // Another field of the same record.
    await w.deps.store.updateClient(a.id, { contactEnc: rowA.nameEnc });
    await expect(getClient(w.deps, a.id)).rejects.toThrow();
    await w.deps.store.updateClient(a.id, { contactEnc: rowA.contactEnc });
    // An altered ciphertext.
    const parts = rowA.nameEnc.split('.');
    const body = Buffer.from(parts[2]!, 'base64url');
    body[0] = body[0]! ^ 1;
    await w.deps.store.updateClient(a.id, { nameEnc: [parts[0], parts[1], body.toString('base64url')].join('.') });
    await expect(getClient(w.deps, a.id)).rejects.toThrow();
  });

  it('sealing the same text twice gives different ciphertexts (fresh IVs)', async () => {
    const w = await world();
    const p = await seedPractice(w.deps);
    const contact = { email: null, phone: null, dateOfBirth: null };
    const a = await createClient(w.deps, p.therapistId, { name: 'Same Name', contact });
    const before = (await w.deps.store.findClient(a.id))!.nameEnc;
    await updateClient(w.deps, a.id, { name: 'Same Name' });
    expect((await w.deps.store.findClient(a.id))!.nameEnc).not.toBe(before);
  });

  it('erasing a client’s data key makes their text unreadable (crypto-shredding)', async () => {
    const w = await world();
    const p = await seedPractice(w.deps);
    const a = await createClient(w.deps, p.therapistId, { name: 'Shred Me', contact: { email: null, phone: null, dateOfBirth: null } });
    await w.deps.store.updateClient(a.id, {});
    await w.deps.store.updateClientKey(a.id, w.deps.vault.newDataKey()); // a different key
    await expect(getClient(w.deps, a.id)).rejects.toThrow();
  });

  it('rotate-key re-wraps every data key under a new master key, retires the old one, and old data still reads', async () => {
    const w = await world();
    const p = await seedPractice(w.deps);
    const ids = [];
    for (const name of ['Rae One', 'Rae Two', 'Rae Three'])
      ids.push((await createClient(w.deps, p.therapistId, { name, contact: { email: 'r@example.org', phone: null, dateOfBirth: null } })).id);
    // A TOTP secret is sealed directly under the master key; it must survive rotation too.
    const { signedIn } = await signIn(w.deps, p.emails.therapist, PASSWORD, null);
    const { secret } = await beginTotp(w.deps, signedIn);
    const oldId = w.deps.vault.currentMasterKeyId();
    const r = await rotateMasterKey(w.deps);
    expect(r.newKeyId).not.toBe(oldId);
    expect(r.rewrapped).toBe(3);
    expect(r.retired).toEqual([oldId]);
    for (const k of await w.deps.store.listClientKeys()) expect(k.masterKeyId).toBe(r.newKeyId);
    const keyFile = JSON.parse(readFileSync(join(w.dataDir, 'master.key'), 'utf8')) as { current: string; keys: Record<string, string> };
    expect(keyFile.current).toBe(r.newKeyId);
    expect(Object.keys(keyFile.keys)).toEqual([r.newKeyId]);
    expect((await getClient(w.deps, ids[1]!)).name).toBe('Rae Two');
    const code = hotp(base32Decode(secret), totpStep(w.clock.now()));
    await verifySecondFactor(w.deps, signedIn, code, null);
    // New clients after rotation are sealed under the new key, and a second rotation works.
    const later = await createClient(w.deps, p.therapistId, { name: 'Rae Four', contact: { email: null, phone: null, dateOfBirth: null } });
    expect((await w.deps.store.findClientKey(later.id))!.masterKeyId).toBe(r.newKeyId);
    const r2 = await rotateMasterKey(w.deps);
    expect(r2.rewrapped).toBe(4);
    expect((await getClient(w.deps, later.id)).name).toBe('Rae Four');
  });

  it('verify names a damaged wrapped key and an authenticator secret under a missing master key', async () => {
    const w = await world();
    const p = await seedPractice(w.deps);
    const c = await createClient(w.deps, p.therapistId, { name: 'Damaged Key', contact: { email: null, phone: null, dateOfBirth: null } });
    const { signedIn } = await signIn(w.deps, p.emails.therapist, PASSWORD, null);
    await beginTotp(w.deps, signedIn);
    expect(await checkMasterKeys(w.deps)).toEqual({ checked: 2, problems: [] });
    const k = (await w.deps.store.findClientKey(c.id))!;
    await w.deps.store.updateClientKey(c.id, { ...k, wrapped: `${k.wrapped.slice(0, -4)}${k.wrapped.endsWith('AAAA') ? 'BBBB' : 'AAAA'}` });
    const u = (await w.deps.store.findUserById(p.therapistId))!;
    await w.deps.store.updateUser(u.id, { totpSecret: `kgone:${u.totpSecret!.slice(u.totpSecret!.indexOf(':') + 1)}` });
    const report = await checkMasterKeys(w.deps);
    expect(report.problems).toEqual([
      expect.stringMatching(new RegExp(`client ${c.id} does not open: it does not unwrap with master key`)),
      expect.stringMatching(new RegExp(`user ${u.id} does not open: it is sealed by master key kgone`)),
    ]);
  });
});
