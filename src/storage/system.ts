/** The real clock, id source and password hasher behind the Clock, Ids and PasswordHasher ports. */
import { randomBytes, randomFillSync } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { Clock, Ids, PasswordHasher } from '../services/ports.ts';

export const systemClock: Clock = { now: () => new Date() };

/** UUIDv7 (RFC 9562): time-ordered, opaque, never a sequential integer in a URL. */
/** Random bytes drawn 4 kB at a time (one call to the system's generator per 256 ids, not one per id). */
const POOL = Buffer.alloc(4096);
let poolAt = POOL.length;

export function uuidv7(ms: number = Date.now()): string {
  if (poolAt + 16 > POOL.length) {
    randomFillSync(POOL);
    poolAt = 0;
  }
  // A copy: the pool's bytes are used once each and never handed out.
  const b = Buffer.from(POOL.subarray(poolAt, poolAt + 16));
  poolAt += 16;
  b.writeUIntBE(ms, 0, 6);
  b[6] = (b[6]! & 0x0f) | 0x70;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export const systemIds: Ids = { newId: () => uuidv7(), token: () => randomBytes(32).toString('base64url') };

/** argon2id with the OWASP-recommended minimum (19 MiB, 2 iterations, 1 lane). */
export const argon2Hasher: PasswordHasher = {
  hash: (password) => hash(password, { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 }),
  verify: async (h, password) => {
    try {
      return await verify(h, password);
    } catch {
      return false;
    }
  },
};
