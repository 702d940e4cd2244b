/**
 * Test harness shared by service, HTTP and browser tests: the real storage (SQLite in memory, or a
 * fresh PostgreSQL schema when ACCORD_TEST_DB=postgres), a clock the test moves, predictable-order
 * ids, a fast argon2 hasher, and helpers to build a practice and sign people in.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import pg from 'pg';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { openStorage } from '../../src/storage/open.ts';
import type { OpenedStorage } from '../../src/storage/open.ts';
import { uuidv7 } from '../../src/storage/system.ts';
import { fileErasureLog } from '../../src/storage/erasure-log.ts';

/** The erasure log kept in a file (for a restore reading another world's log). */
export { fileErasureLog };
import { makeDeps } from '../../src/services/compose.ts';
import type { Deps } from '../../src/services/deps.ts';
import type { Clock, Ids, PasswordHasher } from '../../src/services/ports.ts';
import { buildApp } from '../../src/http/app.ts';
import { contractChecked } from './contract-check.ts';
import { createPractice } from '../../src/services/accounts/setup.ts';
import { acceptInvite, assignSupervisor, createInvite } from '../../src/services/accounts/users.ts';
import { callerOf } from '../../src/services/accounts/auth.ts';
import type { SignedIn } from '../../src/services/accounts/auth.ts';

export const PASSWORD = 'quiet meadow river stone';

export type TestClock = Clock & { set(iso: string): void; advance(minutes: number): void };
export function testClock(start = '2026-03-02T09:00:00.000Z'): TestClock {
  let t = new Date(start).getTime();
  return {
    now: () => new Date(t),
    set: (iso) => {
      t = new Date(iso).getTime();
    },
    advance: (m) => {
      t += m * 60_000;
    },
  };
}

export function testIds(clock: Clock): Ids {
  return { newId: () => uuidv7(clock.now().getTime()), token: () => randomBytes(32).toString('base64url') };
}

/** argon2id with small parameters: the same code path, a fraction of the time. */
export const fastHasher: PasswordHasher = {
  hash: (p) => hash(p, { algorithm: 2, memoryCost: 1024, timeCost: 1, parallelism: 1 }),
  verify: async (h, p) => {
    try {
      return await verify(h, p);
    } catch {
      return false;
    }
  },
};

export type Dialect = 'sqlite' | 'postgres';
export const TEST_DIALECT: Dialect = process.env.ACCORD_TEST_DB === 'postgres' ? 'postgres' : 'sqlite';
export const PG_URL = process.env.ACCORD_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * A fresh, empty PostgreSQL database on the test server (PG_URL): its URL, and `drop`, which
 * removes it once its connections have closed (makeWorld's `close` calls it).
 */
export async function freshPostgres(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `accord_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = PG_URL.replace(/\/[^/]*$/, `/${name}`);
  return {
    url,
    drop: async () => {
      // Without FORCE first: a pool's connections may still be closing, and terminating them
      // makes the closed pool emit an error nobody listens to any more.
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      try {
        for (let i = 0; ; i++) {
          try {
            await c.query(`drop database if exists ${name}`);
            break;
          } catch (err) {
            if ((err as { code?: string }).code !== '55006' || i >= 50) {
              await c.query(`drop database if exists ${name} with (force)`);
              break;
            }
            await new Promise((r) => setTimeout(r, 100));
          }
        }
      } finally {
        await c.end();
      }
    },
  };
}

export type TestWorld = {
  deps: Deps;
  clock: TestClock;
  storage: OpenedStorage;
  dataDir: string;
  dialect: Dialect;
  /** The PostgreSQL database of this world (undefined on SQLite). */
  databaseUrl: string | undefined;
  close(): Promise<void>;
};

/**
 * `onDisk`: SQLite in dataDir/accord.db (WAL) instead of in memory, for tests that read the file.
 * `keyFile`: another world's master-key file (a restore or copy that must open the same account and
 * integrity keys).
 */
export async function makeWorld(opts: { dialect?: Dialect; onDisk?: boolean; keyFile?: string } = {}): Promise<TestWorld> {
  const dialect = opts.dialect ?? TEST_DIALECT;
  const dataDir = mkdtempSync(join(tmpdir(), 'accord-test-'));
  const pgdb = dialect === 'postgres' ? await freshPostgres() : undefined;
  const storage = await openStorage({
    dataDir,
    databaseUrl: pgdb?.url,
    keyFile: opts.keyFile ?? join(dataDir, 'master.key'),
    memory: dialect === 'sqlite' && !opts.onDisk,
  });
  const clock = testClock();
  const deps = makeDeps({
    store: storage.store,
    vault: storage.vault,
    clock,
    ids: testIds(clock),
    hasher: fastHasher,
    erasureLog: fileErasureLog(join(dataDir, 'erasures.log')),
  });
  return {
    deps,
    clock,
    storage,
    dataDir,
    dialect,
    databaseUrl: pgdb?.url,
    close: async () => {
      await deps.audit.settle();
      await storage.close();
      await pgdb?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export type Practice = {
  adminId: string;
  therapistId: string;
  otherTherapistId: string;
  supervisorId: string;
  otherSupervisorId: string;
  emails: Record<'admin' | 'therapist' | 'otherTherapist' | 'supervisor' | 'otherSupervisor', string>;
  actor(userId: string): Promise<SignedIn>;
};

/** A practice with an admin, two therapists, a supervisor of the first and a supervisor of nobody. */
export async function seedPractice(deps: Deps): Promise<Practice> {
  const { adminId } = await createPractice(deps, {
    token: null,
    practiceName: 'Test Practice',
    timeZone: 'Europe/London',
    adminEmail: 'admin@test.accord',
    adminName: 'Ada Admin',
    password: PASSWORD,
    // The fixtures sign staff in with a password alone; tests of the second factor turn it on.
    requireSecondFactor: false,
  });
  const admin = await deps.store.findUserById(adminId);
  await deps.store.updatePractice(admin!.practiceId, { requireMfaAdmin: false });
  const invite = async (email: string, name: string, roles: ('therapist' | 'supervisor' | 'admin')[]) => {
    const { token } = await createInvite(deps, adminId, { email, roles });
    return (await acceptInvite(deps, token, { displayName: name, password: PASSWORD })).id;
  };
  const therapistId = await invite('theo@test.accord', 'Theo Therapist', ['therapist']);
  const otherTherapistId = await invite('olga@test.accord', 'Olga Other', ['therapist']);
  const supervisorId = await invite('sue@test.accord', 'Sue Supervisor', ['supervisor']);
  const otherSupervisorId = await invite('sid@test.accord', 'Sid Elsewhere', ['supervisor']);
  const actor = async (id: string): Promise<SignedIn> => {
    const u = (await deps.store.findUserById(id))!;
    return { user: u, caller: callerOf(u), session: null as never, mfaPending: null };
  };
  await assignSupervisor(deps, await actor(adminId), supervisorId, therapistId);
  return {
    adminId,
    therapistId,
    otherTherapistId,
    supervisorId,
    otherSupervisorId,
    actor,
    emails: {
      admin: 'admin@test.accord',
      therapist: 'theo@test.accord',
      otherTherapist: 'olga@test.accord',
      supervisor: 'sue@test.accord',
      otherSupervisor: 'sid@test.accord',
    },
  };
}

/** The app over the world's storage; every answer its `inject` returns is checked against the wire contract (contract-check.ts). */
export async function makeApp(world: TestWorld, opts: { webDir?: string } = {}): Promise<FastifyInstance> {
  return contractChecked(await buildApp({ deps: world.deps, webDir: opts.webDir, secureCookies: false, logger: false, version: 'test' }));
}

/** A signed-in HTTP agent over app.inject: keeps the cookie and sends the CSRF token. */
export type Agent = {
  csrf: string;
  req(method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
};

export async function signInAgent(app: FastifyInstance, email: string, password = PASSWORD): Promise<Agent> {
  const res = await app.inject({ method: 'POST', url: '/api/session', payload: { email, password } });
  if (res.statusCode !== 201) throw new Error(`sign-in of ${email} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'accord_session')!;
  const csrf = (res.json() as { csrfToken: string }).csrfToken;
  return {
    csrf,
    req: (method, url, body, headers = {}) =>
      app.inject({
        method: method as 'GET',
        url,
        ...(body === undefined ? {} : { payload: body as object }),
        headers: { cookie: `accord_session=${cookie.value}`, 'x-csrf-token': csrf, ...headers },
      }),
  };
}
