import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, it, expect } from 'vitest';
import { MasterKeyMissingError, openKeyRing, keep } from './keyring.ts';
import { lockDataDir, DataDirBusyError } from './data-dir-lock.ts';
import { argon2Hasher, uuidv7 } from './system.ts';

const made: string[] = [];
const dir = () => {
  const d = mkdtempSync(join(tmpdir(), 'accord-keyring-'));
  made.push(d);
  return d;
};
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

describe('the master-key ring', () => {
  it('creates the key file on first use with 0600 permissions and reuses it after', () => {
    const keyFile = join(dir(), 'sub', 'master.key');
    const v1 = openKeyRing({ keyFile });
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const dk = v1.newDataKey();
    const sealed = v1.seal(dk, 'hello', 'clients:1:name');
    const v2 = openKeyRing({ keyFile }); // a restart
    expect(v2.open(dk, sealed, 'clients:1:name')).toBe('hello');
  });

  it('gives look-up hashes that depend on the data key only, so re-wrapping under a new master key keeps them', () => {
    const keyFile = join(dir(), 'k');
    const v = openKeyRing({ keyFile });
    const dk = v.newDataKey();
    const h = v.lookupHash(dk, 'email:ann@example.org');
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(h).not.toContain('ann');
    expect(v.lookupHash(dk, 'email:ann@example.org')).toBe(h);
    expect(v.lookupHash(dk, 'email:bob@example.org')).not.toBe(h);
    expect(v.lookupHash(v.newDataKey(), 'email:ann@example.org')).not.toBe(h);
    v.rotateMasterKey();
    const rewrapped = v.rewrap(dk);
    expect(rewrapped.masterKeyId).not.toBe(dk.masterKeyId);
    expect(openKeyRing({ keyFile }).lookupHash(rewrapped, 'email:ann@example.org')).toBe(h);
  });

  it('binds ciphertext to its record and field, and detects tampering', () => {
    const v = openKeyRing({ keyFile: join(dir(), 'k') });
    const dk = v.newDataKey();
    const sealed = v.seal(dk, 'secret text', 'clients:1:name');
    expect(() => v.open(dk, sealed, 'clients:2:name')).toThrow();
    expect(() => v.open(dk, sealed, 'clients:1:contact')).toThrow();
    expect(() => v.open(v.newDataKey(), sealed, 'clients:1:name')).toThrow();
    expect(() => v.open(dk, sealed.slice(0, -2) + (sealed.endsWith('A') ? 'BB' : 'AA'), 'clients:1:name')).toThrow();
    expect(() => v.openSecret(v.sealSecret('totp', 'users:1:totp'), 'users:2:totp')).toThrow();
  });

  it('uses a key from the environment without writing any file', () => {
    const d = dir();
    const envKey = randomBytes(32).toString('base64');
    const v = openKeyRing({ keyFile: join(d, 'master.key'), envKey });
    expect(v.currentMasterKeyId()).toBe('env');
    expect(() => statSync(join(d, 'master.key'))).toThrow();
    expect(() => openKeyRing({ keyFile: join(d, 'x'), envKey: 'too-short' })).toThrow(/32 bytes/);
    expect(() => v.rotateMasterKey()).toThrow(/ACCORD_MASTER_KEY/);
  });

  it('refuses a damaged key file', () => {
    const keyFile = join(dir(), 'master.key');
    writeFileSync(keyFile, JSON.stringify({ version: 1, current: 'k9', keys: {} }));
    expect(() => openKeyRing({ keyFile })).toThrow(/damaged/);
  });

  it('seals backups so that only the same master key opens them', () => {
    const a = openKeyRing({ keyFile: join(dir(), 'a') });
    const b = openKeyRing({ keyFile: join(dir(), 'b') });
    const blob = a.sealBlob(Buffer.from('backup body'));
    expect(blob.includes(Buffer.from('backup body'))).toBe(false);
    expect(a.openBlob(blob).toString()).toBe('backup body');
    expect(() => b.openBlob(blob)).toThrow();
  });

  it('rotation keeps old data keys readable until re-wrapped, then retires the old key', () => {
    const keyFile = join(dir(), 'k');
    const v = openKeyRing({ keyFile });
    const old = v.newDataKey();
    const sealed = v.seal(old, 'x', 'b');
    const id = v.rotateMasterKey();
    expect(v.open(old, sealed, 'b')).toBe('x');
    const re = v.rewrap(old);
    expect(re.masterKeyId).toBe(id);
    expect(v.open(re, sealed, 'b')).toBe('x');
    expect(v.retireMasterKeys(new Set([id]))).toEqual([old.masterKeyId]);
    expect(Object.keys((JSON.parse(readFileSync(keyFile, 'utf8')) as { keys: object }).keys)).toEqual([id]);
    expect(() => v.open(old, sealed, 'b')).not.toThrow(); // cached data key in this process
    expect(() => openKeyRing({ keyFile }).open(old, sealed, 'b')).toThrow(); // a fresh process cannot unwrap the old wrapping
  });
});

describe('the master-key ring shared by processes', () => {
  it('a running ring wraps with a key another process rotated in, without meeting it first', () => {
    const keyFile = join(dir(), 'master.key');
    const server = openKeyRing({ keyFile });
    const rotator = openKeyRing({ keyFile });
    const before = server.newDataKey();
    const id = rotator.rotateMasterKey();
    expect(server.newDataKey().masterKeyId).toBe(id);
    expect(server.sealSecret('s', 'users:1:totp').startsWith(`${id}:`)).toBe(true);
    // The old key, retired by the other process, stays usable in this one's memory (to re-wrap), but is not kept on disk.
    expect(rotator.retireMasterKeys(new Set([id]))).toEqual([before.masterKeyId]);
    expect(server.isKept(before.masterKeyId)).toBe(false);
    expect(server.rewrap(before).masterKeyId).toBe(id);
    expect(openKeyRing({ keyFile }).checkDataKey(before)).toMatch(/not in/);
    expect(openKeyRing({ keyFile }).checkDataKey(server.rewrap(before))).toBeNull();
  });

  it('a running ring whose key file is moved away keeps its keys and never invents a new one', () => {
    const keyFile = join(dir(), 'master.key');
    const v = openKeyRing({ keyFile });
    const id = v.currentMasterKeyId();
    rmSync(keyFile);
    expect(v.newDataKey().masterKeyId).toBe(id);
    expect(() => statSync(keyFile)).toThrow();
  });

  it('with create: false a missing key file is an error, and nothing is written', () => {
    const d = dir();
    expect(() => openKeyRing({ keyFile: join(d, 'master.key') }, { create: false })).toThrow(MasterKeyMissingError);
    expect(() => statSync(join(d, 'master.key'))).toThrow();
    expect(openKeyRing({ keyFile: join(d, 'x'), envKey: randomBytes(32).toString('base64') }, { create: false }).currentMasterKeyId()).toBe('env');
  });
});

describe('the data-directory lock', () => {
  it('refuses a second holder at once with a clear message, and frees on release', () => {
    const d = dir();
    const first = lockDataDir(d);
    const t0 = Date.now();
    expect(() => lockDataDir(d)).toThrow(DataDirBusyError);
    expect(Date.now() - t0).toBeLessThan(5000);
    try {
      lockDataDir(d);
    } catch (e) {
      expect((e as Error).message).toMatch(/Another Accord process is already using the data directory/);
    }
    first.release();
    lockDataDir(d).release();
  });
});

describe('the integrity key', () => {
  it('is sealed under the master key, derives two distinct MAC keys, and keeps them through rotation', () => {
    const keyFile = join(dir(), 'k');
    const v = openKeyRing({ keyFile });
    const sealed = v.newIntegrityKey();
    const keys = v.integrityKeys(sealed);
    expect(keys.chain).toHaveLength(32);
    expect(Buffer.from(keys.chain).equals(Buffer.from(keys.records))).toBe(false);
    expect(() => openKeyRing({ keyFile: join(dir(), 'other') }).integrityKeys(sealed)).toThrow();
    expect(() => v.integrityKeys(sealed.slice(0, -2) + (sealed.endsWith('A') ? 'BB' : 'AA'))).toThrow();
    v.rotateMasterKey();
    const rewrapped = v.rewrapIntegrityKey(sealed);
    expect(rewrapped).not.toBe(sealed);
    expect(v.rewrapIntegrityKey(rewrapped)).toBe(rewrapped);
    v.retireMasterKeys(new Set());
    const restarted = openKeyRing({ keyFile });
    expect(Buffer.from(restarted.integrityKeys(rewrapped).chain).equals(Buffer.from(keys.chain))).toBe(true);
    expect(() => restarted.integrityKeys(sealed)).toThrow(/not available/);
  });
});

describe('system ports', () => {
  it('uuidv7 ids are UUIDs, ordered by time', () => {
    const a = uuidv7(1_700_000_000_000),
      b = uuidv7(1_700_000_000_001);
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a < b).toBe(true);
  });
  it('argon2id hashes the whole password: no truncation at 72 bytes or anywhere', async () => {
    const long = 'correct lantern '.repeat(13).slice(0, 199) + 'A';
    const h = await argon2Hasher.hash(long);
    expect(h).toMatch(/^\$argon2id\$/);
    expect(await argon2Hasher.verify(h, long)).toBe(true);
    expect(await argon2Hasher.verify(h, `${long.slice(0, 199)}B`)).toBe(false);
    expect(await argon2Hasher.verify(h, long.slice(0, 72))).toBe(false);
    expect(await argon2Hasher.verify('not a hash', long)).toBe(false);
  });
});

describe('the opened-key cache', () => {
  it('evicts the least recently used entry one at a time, keeping the hot ones', () => {
    const cache = new Map<string, number>();
    for (let i = 0; i < 3; i++) keep(cache, `k${i}`, i, 3);
    cache.get('k0'); // a plain read does not refresh; keep() and the ring's own reads do
    keep(cache, 'k0', 0, 3); // used again: now the most recent
    keep(cache, 'k3', 3, 3);
    expect([...cache.keys()]).toEqual(['k2', 'k0', 'k3']);
    expect(cache.size).toBe(3);
  });
});

describe('the opened-value cache', () => {
  it('answers a sealed text from memory only under the data key and binding it was opened with', () => {
    const v = openKeyRing({ keyFile: join(dir(), 'k') });
    const dk = v.newDataKey();
    const other = v.newDataKey();
    const sealed = v.seal(dk, 'Ann Example', 'clients:1:name');
    expect(v.open(dk, sealed, 'clients:1:name')).toBe('Ann Example');
    expect(v.open(dk, sealed, 'clients:1:name')).toBe('Ann Example'); // from memory
    expect(() => v.open(dk, sealed, 'clients:2:name')).toThrow();
    expect(() => v.open(other, sealed, 'clients:1:name')).toThrow();
    expect(v.open(dk, sealed, 'clients:1:name')).toBe('Ann Example');
    v.forget(dk);
    expect(v.open(dk, sealed, 'clients:1:name')).toBe('Ann Example');
  });
});
