/**
 * The master-key ring and envelope encryption behind the Vault port. Clinical text is sealed with
 * AES-256-GCM under a per-client data key; data keys are wrapped (AES-256-GCM) by a master key kept
 * outside the database: a key file created on first run with 0600 permissions, or the
 * ACCORD_MASTER_KEY environment variable. Every ciphertext carries its record-and-field binding as
 * additional authenticated data, so a value copied to another record or field fails to open.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { IntegrityKeys, Vault, WrappedKey } from '../services/ports.ts';

type KeyFile = { version: 1; current: string; keys: Record<string, string> };

const VERSION = 'v1';

function seal(key: Buffer, plaintext: Buffer, aad: string): string {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, iv);
  c.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([c.update(plaintext), c.final(), c.getAuthTag()]);
  return `${VERSION}.${iv.toString('base64url')}.${body.toString('base64url')}`;
}

function open(key: Buffer, sealed: string, aad: string): Buffer {
  const [v, ivText, bodyText] = sealed.split('.');
  if (v !== VERSION || !ivText || !bodyText) throw new Error('unreadable ciphertext');
  const body = Buffer.from(bodyText, 'base64url');
  const d = createDecipheriv('aes-256-gcm', key, Buffer.from(ivText, 'base64url'));
  d.setAAD(Buffer.from(aad, 'utf8'));
  d.setAuthTag(body.subarray(body.length - 16));
  return Buffer.concat([d.update(body.subarray(0, body.length - 16)), d.final()]);
}

/** Binary AES-256-GCM (iv, ciphertext, tag) for the segments of a streamed backup. */
function sealBinary(key: Buffer, plaintext: Buffer, aad: string): Buffer {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, iv);
  c.setAAD(Buffer.from(aad, 'utf8'));
  return Buffer.concat([iv, c.update(plaintext), c.final(), c.getAuthTag()]);
}
function openBinary(key: Buffer, sealed: Buffer, aad: string): Buffer {
  if (sealed.length < 28) throw new Error('unreadable ciphertext');
  const d = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
  d.setAAD(Buffer.from(aad, 'utf8'));
  d.setAuthTag(sealed.subarray(sealed.length - 16));
  return Buffer.concat([d.update(sealed.subarray(12, sealed.length - 16)), d.final()]);
}

export type KeyRingSource = { keyFile: string; envKey?: string | undefined };

/** There is no master key yet (no key file, no ACCORD_MASTER_KEY) and the caller asked not to make one. */
export class MasterKeyMissingError extends Error {
  constructor(keyFile: string) {
    super(`There is no master key: no key file at ${keyFile} and ACCORD_MASTER_KEY is not set.`);
    this.name = 'MasterKeyMissingError';
  }
}

/**
 * Loads (or on first run creates) the master keys. With `envKey` (base64 of 32 bytes) the ring
 * holds that one key and cannot be rotated by Accord; otherwise the key file holds
 * every master key still in use, the current one first. With `create: false` a missing key file
 * is a MasterKeyMissingError instead of a new key (restore must not invent a key).
 *
 * Several processes share one key file (`accord serve` instances and `accord rotate-key`): before
 * wrapping anything a process checks whether the file changed and re-reads it, so new data keys are
 * wrapped by the newest master key; a key id it does not hold makes it re-read the file too. Master
 * key material once loaded stays in this process's memory after another process retires it, so a
 * data key wrapped by it in the meantime can still be re-wrapped (see keepClientKey).
 */
/**
 * Opened data keys kept in memory: the most recently used ones, least recently used evicted one at
 * a time — a practice larger than the cache keeps its hot keys instead of losing them all at once.
 */
const DATA_KEYS_KEPT = 10_000;
const LOOKUP_KEYS_KEPT = 1_000;
/**
 * Opened short values (names, contact fields, scores' answers) kept in memory, least recently used
 * evicted: the same sealed text under the same data key and binding always opens to the same
 * value, and a read path opens the same few on every request. Only what this process opened is
 * kept (a changed or tampered ciphertext is a different text and is opened, or refused, afresh),
 * and nothing it holds is more than the data keys already kept beside it could open.
 */
const OPENED_KEPT = 20_000;
const OPENED_MAX_CHARS = 2_048;

/** A cached value, marked as just used (a Map iterates in insertion order: the first entry is the least recent). */
function recall<V>(cache: Map<string, V>, key: string): V | undefined {
  const v = cache.get(key);
  if (v !== undefined) {
    cache.delete(key);
    cache.set(key, v);
  }
  return v;
}

/** Caches a value, evicting the least recently used entry when the cache is full. */
export function keep<V>(cache: Map<string, V>, key: string, value: V, capacity: number): void {
  cache.delete(key);
  cache.set(key, value);
  if (cache.size > capacity) cache.delete(cache.keys().next().value!);
}

export function openKeyRing(source: KeyRingSource, opts: { create?: boolean } = {}): Vault {
  if (!source.envKey && opts.create === false && !existsSync(source.keyFile)) throw new MasterKeyMissingError(source.keyFile);
  let ring = load(source);
  let stamp = fileStamp(source);
  const known = new Map<string, string>(Object.entries(ring.keys));
  const dataKeys = new Map<string, Buffer>();
  // Keyed by the sealed text itself (the string the row holds, so its hash is computed once, not a
  // new key string per call); the data key and binding it was opened under are checked on every hit.
  const opened = new Map<string, { wrapped: string; binding: string; text: string }>();

  function reload(): void {
    if (!source.envKey && !existsSync(source.keyFile)) return; // moved away meanwhile: keep what we hold, never invent a key
    ring = load(source);
    stamp = fileStamp(source);
    for (const [id, k] of Object.entries(ring.keys)) known.set(id, k);
  }
  /** Re-reads the key file if another process changed it (a cheap stat otherwise). */
  function fresh(): void {
    if (!source.envKey && fileStamp(source) !== stamp) reload();
  }
  function masterKey(id: string): Buffer {
    let k = ring.keys[id];
    if (!k && !source.envKey) {
      reload();
      k = ring.keys[id];
    } // another process rotated
    k ??= known.get(id); // retired by another process after this one loaded it
    if (!k) throw new Error(`master key ${id} is not available`);
    return Buffer.from(k, 'base64');
  }
  function unwrap(key: WrappedKey): Buffer {
    const cached = recall(dataKeys, key.wrapped);
    if (cached) return cached;
    const k = open(masterKey(key.masterKeyId), key.wrapped, `datakey:${key.masterKeyId}`);
    keep(dataKeys, key.wrapped, k, DATA_KEYS_KEPT);
    return k;
  }
  function wrap(raw: Buffer): WrappedKey {
    fresh();
    return { wrapped: seal(masterKey(ring.current), raw, `datakey:${ring.current}`), masterKeyId: ring.current };
  }
  const lookupKeys = new Map<string, Buffer>();
  function lookupKey(key: WrappedKey): Buffer {
    let k = recall(lookupKeys, key.wrapped);
    if (!k) {
      k = Buffer.from(hkdfSync('sha256', unwrap(key), Buffer.alloc(0), 'accord lookup hash v1', 32));
      keep(lookupKeys, key.wrapped, k, LOOKUP_KEYS_KEPT);
    }
    return k;
  }
  // The integrity key: random, sealed under a master key like a data key (so rotation re-wraps
  // it and history never needs re-MACing); its MAC keys are derived per purpose with HKDF.
  const integrityAad = (id: string) => `integritykey:${id}`;
  const sealIntegrity = (raw: Buffer) => `${ring.current}:${seal(masterKey(ring.current), raw, integrityAad(ring.current))}`;
  const openIntegrity = (sealed: string): Buffer => {
    const i = sealed.indexOf(':');
    if (i < 1) throw new Error('unreadable integrity key');
    const id = sealed.slice(0, i);
    return open(masterKey(id), sealed.slice(i + 1), integrityAad(id));
  };
  const derive = (ik: Buffer, purpose: string) => Buffer.from(hkdfSync('sha256', ik, Buffer.alloc(0), `accord ${purpose} v1`, 32));
  // Streamed backups (format 2) have a key of their own, derived per purpose like the MAC keys.
  const backupStreamKey = (id: string) => Buffer.from(hkdfSync('sha256', masterKey(id), Buffer.alloc(0), 'accord backup stream v2', 32));
  const blobKey = (id: string) => createHash('sha256').update('accord-backup').update(masterKey(id)).digest();

  return {
    newDataKey: () => wrap(randomBytes(32)),
    seal: (key, plaintext, binding) => seal(unwrap(key), Buffer.from(plaintext, 'utf8'), binding),
    open: (key, ciphertext, binding) => {
      if (ciphertext.length > OPENED_MAX_CHARS) return open(unwrap(key), ciphertext, binding).toString('utf8');
      const hit = recall(opened, ciphertext);
      if (hit && hit.wrapped === key.wrapped && hit.binding === binding) return hit.text;
      const text = open(unwrap(key), ciphertext, binding).toString('utf8');
      keep(opened, ciphertext, { wrapped: key.wrapped, binding, text }, OPENED_KEPT);
      return text;
    },
    forget: (key) => {
      dataKeys.delete(key.wrapped);
      lookupKeys.delete(key.wrapped);
      for (const [sealed, v] of [...opened]) if (v.wrapped === key.wrapped) opened.delete(sealed);
    },
    sealSecret: (plaintext, binding) => {
      fresh();
      return `${ring.current}:${seal(masterKey(ring.current), Buffer.from(plaintext, 'utf8'), binding)}`;
    },
    openSecret: (ciphertext, binding) => {
      const i = ciphertext.indexOf(':');
      return open(masterKey(ciphertext.slice(0, i)), ciphertext.slice(i + 1), binding).toString('utf8');
    },
    lookupHash: (key, text) => createHmac('sha256', lookupKey(key)).update(text, 'utf8').digest('hex'),
    rewrap: (key) => {
      fresh();
      return key.masterKeyId === ring.current ? key : wrap(unwrap(key));
    },
    currentMasterKeyId: () => {
      fresh();
      return ring.current;
    },
    isKept: (masterKeyId) => {
      if (!source.envKey) reload();
      return masterKeyId in ring.keys;
    },
    checkDataKey: (key) => {
      if (!source.envKey) fresh();
      if (!(key.masterKeyId in ring.keys))
        return `it is wrapped by master key ${key.masterKeyId}, which is not in ${source.envKey ? 'ACCORD_MASTER_KEY' : source.keyFile}`;
      try {
        open(Buffer.from(ring.keys[key.masterKeyId]!, 'base64'), key.wrapped, `datakey:${key.masterKeyId}`);
        return null;
      } catch {
        return `it does not unwrap with master key ${key.masterKeyId} (the wrapped key is damaged)`;
      }
    },
    checkSecret: (ciphertext, binding) => {
      if (!source.envKey) fresh();
      const id = ciphertext.slice(0, Math.max(0, ciphertext.indexOf(':')));
      if (!(id in ring.keys)) return `it is sealed by master key ${id || '(none)'}, which is not in ${source.envKey ? 'ACCORD_MASTER_KEY' : source.keyFile}`;
      try {
        open(Buffer.from(ring.keys[id]!, 'base64'), ciphertext.slice(id.length + 1), binding);
        return null;
      } catch {
        return `it does not open with master key ${id} (damaged)`;
      }
    },
    rotateMasterKey: () => {
      if (source.envKey) throw new Error('The master key comes from ACCORD_MASTER_KEY; rotate-key works on the key file only.');
      reload(); // add to what the file holds now, not to what this process read earlier
      let id = `k${Date.now().toString(36)}`;
      while (id in ring.keys || known.has(id)) id = `k${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
      const raw = randomBytes(32).toString('base64');
      ring = { version: 1, current: id, keys: { [id]: raw, ...ring.keys } };
      known.set(id, raw);
      save(source.keyFile, ring);
      stamp = fileStamp(source);
      return id;
    },
    retireMasterKeys: (inUse) => {
      if (source.envKey) return [];
      reload();
      const retired = Object.keys(ring.keys).filter((id) => id !== ring.current && !inUse.has(id));
      for (const id of retired) delete ring.keys[id];
      if (retired.length) {
        save(source.keyFile, ring);
        stamp = fileStamp(source);
      }
      return retired;
    },
    newIntegrityKey: () => {
      fresh();
      return sealIntegrity(randomBytes(32));
    },
    integrityKeys: (sealed): IntegrityKeys => {
      const ik = openIntegrity(sealed);
      return { chain: derive(ik, 'audit chain'), records: derive(ik, 'record seal') };
    },
    rewrapIntegrityKey: (sealed) => {
      fresh();
      return sealed.startsWith(`${ring.current}:`) ? sealed : sealIntegrity(openIntegrity(sealed));
    },
    sealBlob: (data) => {
      fresh();
      const sealed = seal(blobKey(ring.current), data, 'backup');
      return Buffer.from(`ACCORD-BACKUP ${ring.current} ${sealed}`, 'utf8');
    },
    openBlob: (data) => {
      const [magic, id, sealed] = data.toString('utf8').split(' ');
      if (magic !== 'ACCORD-BACKUP' || !id || !sealed) throw new Error('not an Accord backup file');
      return open(blobKey(id), sealed, 'backup');
    },
    backupMasterKeyId: () => {
      fresh();
      return ring.current;
    },
    sealBackupSegment: (masterKeyId, data, binding) => sealBinary(backupStreamKey(masterKeyId), data, binding),
    openBackupSegment: (masterKeyId, sealed, binding) => openBinary(backupStreamKey(masterKeyId), sealed, binding),
  };
}

/** What identifies one version of the key file: it changes whenever a process saves the file. */
function fileStamp(source: KeyRingSource): string {
  if (source.envKey) return 'env';
  try {
    const s = statSync(source.keyFile, { bigint: true });
    return `${s.ino}:${s.mtimeNs}:${s.size}`;
  } catch {
    return 'missing';
  }
}

function load(source: KeyRingSource): KeyFile {
  if (source.envKey) {
    const raw = Buffer.from(source.envKey, 'base64');
    if (raw.length !== 32) throw new Error('ACCORD_MASTER_KEY must be 32 bytes, base64-encoded.');
    return { version: 1, current: 'env', keys: { env: source.envKey } };
  }
  if (!existsSync(source.keyFile)) {
    const id = 'k0';
    const ring: KeyFile = { version: 1, current: id, keys: { [id]: randomBytes(32).toString('base64') } };
    save(source.keyFile, ring);
    return ring;
  }
  const parsed = JSON.parse(readFileSync(source.keyFile, 'utf8')) as KeyFile;
  if (parsed.version !== 1 || !parsed.keys[parsed.current]) throw new Error(`The key file ${source.keyFile} is damaged.`);
  return parsed;
}

function save(file: string, ring: KeyFile): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, JSON.stringify(ring, null, 2), { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
}
