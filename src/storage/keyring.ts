/**
 * The master-key ring and envelope encryption behind the Vault port. Clinical text is sealed with
 * AES-256-GCM under a per-client data key; data keys are wrapped (AES-256-GCM) by a master key kept
 * outside the database: a key file created on first run with 0600 permissions, or the
 * ACCORD_MASTER_KEY environment variable. Every ciphertext carries its record-and-field binding as
 * additional authenticated data, so a value copied to another record or field fails to open.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
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

export type KeyRingSource = { keyFile: string; envKey?: string | undefined };

/**
 * Loads (or on first run creates) the master keys. With `envKey` (base64 of 32 bytes) the ring
 * holds that one key and rotation is done by changing the variable; otherwise the key file holds
 * every master key still in use, the current one first.
 */
export function openKeyRing(source: KeyRingSource): Vault {
  let ring = load(source);
  const dataKeys = new Map<string, Buffer>();

  function masterKey(id: string): Buffer {
    let k = ring.keys[id];
    if (!k && !source.envKey) { ring = load(source); k = ring.keys[id]; } // another process rotated
    if (!k) throw new Error(`master key ${id} is not available`);
    return Buffer.from(k, 'base64');
  }
  function unwrap(key: WrappedKey): Buffer {
    const cached = dataKeys.get(key.wrapped);
    if (cached) return cached;
    const k = open(masterKey(key.masterKeyId), key.wrapped, `datakey:${key.masterKeyId}`);
    if (dataKeys.size > 10_000) dataKeys.clear();
    dataKeys.set(key.wrapped, k);
    return k;
  }
  function wrap(raw: Buffer): WrappedKey {
    return { wrapped: seal(masterKey(ring.current), raw, `datakey:${ring.current}`), masterKeyId: ring.current };
  }
  const lookupKeys = new Map<string, Buffer>();
  function lookupKey(key: WrappedKey): Buffer {
    let k = lookupKeys.get(key.wrapped);
    if (!k) {
      k = Buffer.from(hkdfSync('sha256', unwrap(key), Buffer.alloc(0), 'accord lookup hash v1', 32));
      if (lookupKeys.size > 1000) lookupKeys.clear();
      lookupKeys.set(key.wrapped, k);
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
  const blobKey = (id: string) => createHash('sha256').update('accord-backup').update(masterKey(id)).digest();

  return {
    newDataKey: () => wrap(randomBytes(32)),
    seal: (key, plaintext, binding) => seal(unwrap(key), Buffer.from(plaintext, 'utf8'), binding),
    open: (key, ciphertext, binding) => open(unwrap(key), ciphertext, binding).toString('utf8'),
    sealSecret: (plaintext, binding) => `${ring.current}:${seal(masterKey(ring.current), Buffer.from(plaintext, 'utf8'), binding)}`,
    openSecret: (ciphertext, binding) => {
      const i = ciphertext.indexOf(':');
      return open(masterKey(ciphertext.slice(0, i)), ciphertext.slice(i + 1), binding).toString('utf8');
    },
    lookupHash: (key, text) => createHmac('sha256', lookupKey(key)).update(text, 'utf8').digest('hex'),
    rewrap: (key) => (key.masterKeyId === ring.current ? key : wrap(unwrap(key))),
    currentMasterKeyId: () => ring.current,
    rotateMasterKey: () => {
      if (source.envKey) throw new Error('The master key comes from ACCORD_MASTER_KEY; rotate it by setting a new value with the old one in ACCORD_MASTER_KEY_PREVIOUS.');
      const id = `k${Date.now().toString(36)}`;
      ring = { version: 1, current: id, keys: { [id]: randomBytes(32).toString('base64'), ...ring.keys } };
      save(source.keyFile, ring);
      return id;
    },
    retireMasterKeys: (inUse) => {
      if (source.envKey) return [];
      const retired = Object.keys(ring.keys).filter((id) => id !== ring.current && !inUse.has(id));
      for (const id of retired) delete ring.keys[id];
      if (retired.length) save(source.keyFile, ring);
      return retired;
    },
    newIntegrityKey: () => sealIntegrity(randomBytes(32)),
    integrityKeys: (sealed): IntegrityKeys => {
      const ik = openIntegrity(sealed);
      return { chain: derive(ik, 'audit chain'), records: derive(ik, 'record seal') };
    },
    rewrapIntegrityKey: (sealed) => (sealed.startsWith(`${ring.current}:`) ? sealed : sealIntegrity(openIntegrity(sealed))),
    sealBlob: (data) => {
      const sealed = seal(blobKey(ring.current), data, 'backup');
      return Buffer.from(`ACCORD-BACKUP ${ring.current} ${sealed}`, 'utf8');
    },
    openBlob: (data) => {
      const [magic, id, sealed] = data.toString('utf8').split(' ');
      if (magic !== 'ACCORD-BACKUP' || !id || !sealed) throw new Error('not an Accord backup file');
      return open(blobKey(id), sealed, 'backup');
    },
  };
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
