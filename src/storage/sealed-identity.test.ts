/**
 * Account identity at rest (0006-sealed-identity): accounts and invites written in clear by an
 * older Accord are sealed when the storage is opened, on SQLite and PostgreSQL, and keep working;
 * look-ups survive master-key rotation.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { Migrator } from 'kysely';
import type { Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { TestWorld } from '../../test/support/harness.ts';
import { PASSWORD, TEST_DIALECT, fastHasher, freshPostgres, makeWorld, seedPractice, testClock, testIds } from '../../test/support/harness.ts';
import { connect } from './database.ts';
import { migrationProvider } from './migrations/index.ts';
import { openStorage } from './open.ts';
import type { OpenedStorage } from './open.ts';
import { makeDeps } from '../services/compose.ts';
import { signIn } from '../services/accounts/auth.ts';
import { acceptInvite, createInvite, listStaff } from '../services/accounts/users.ts';
import { rotateMasterKey } from '../services/clinical-text.ts';
import { tokenHash } from '../services/accounts/tokens.ts';
import { createBackup, readBackup, restoreBackup } from '../services/operations/backup.ts';
import { gzipSync } from 'node:zlib';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** A fresh database of the test dialect: its URL on PostgreSQL (dropped afterwards), undefined on SQLite. */
async function freshDatabase(): Promise<string | undefined> {
  if (TEST_DIALECT !== 'postgres') return undefined;
  const db = await freshPostgres();
  cleanups.push(db.drop);
  return db.url;
}

/** Every row of every table (named by the database's catalogue), as one lower-case text. */
async function allRowsText(dataDir: string, databaseUrl: string | undefined): Promise<string> {
  const parts: string[] = [];
  if (!databaseUrl) {
    const db = new Database(join(dataDir, 'accord.db'), { readonly: true });
    try {
      for (const { name } of db.prepare(`select name from sqlite_master where type = 'table'`).all() as { name: string }[]) {
        parts.push(JSON.stringify(db.prepare(`select * from "${name}"`).all()));
      }
    } finally {
      db.close();
    }
  } else {
    const c = new pg.Client({ connectionString: databaseUrl });
    await c.connect();
    try {
      const tables = await c.query<{ name: string }>(
        `select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`,
      );
      for (const { name } of tables.rows)
        parts.push((await c.query<{ row: string }>(`select t::text as row from "${name}" t`)).rows.map((r) => r.row).join('\n'));
    } finally {
      await c.end();
    }
  }
  return parts.join('\n').toLowerCase();
}

const LEGACY = {
  adminEmail: 'legacy-admin@example.org',
  adminName: 'Legacy Admin Name',
  portalEmail: 'legacy-portal@example.org',
  portalName: 'Legacy Portal Name',
  inviteEmail: 'legacy-invitee@example.org',
  lockedEmail: 'legacy-locked@example.org',
};

describe('accounts written in clear before 0006', () => {
  it('are sealed when the storage opens, and sign-in, invites and throttling still work', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'accord-legacy-'));
    cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
    const databaseUrl = await freshDatabase();
    // An Accord database as the release before sealed identities left it.
    const old = connect({ dataDir, databaseUrl });
    const migrator = new Migrator({
      db: old.db,
      provider: migrationProvider,
      migrationTableName: 'accord_migrations',
      migrationLockTableName: 'accord_migrations_lock',
    });
    expect((await migrator.migrateTo('0004-session-status-index')).error).toBeUndefined();
    const at = '2026-01-01T00:00:00.000Z';
    const raw = old.db as never as Kysely<Record<string, Record<string, unknown>>>;
    await raw
      .insertInto('practices')
      .values({
        id: 'p1',
        name: 'Old Practice',
        time_zone: 'Europe/London',
        crisis_info: 'Call 999.',
        require_mfa_staff: 0,
        require_mfa_admin: 0,
        escalation_minutes: 60,
        created_at: at,
      })
      .execute();
    const user = (id: string, email: string, name: string, roles: string, clientId: string | null, passwordHash: string) => ({
      id,
      practice_id: 'p1',
      email,
      display_name: name,
      password_hash: passwordHash,
      roles,
      status: 'active',
      client_id: clientId,
      totp_secret: null,
      totp_last_step: null,
      mfa_enabled: 0,
      created_at: at,
      updated_at: at,
    });
    const hash = await fastHasher.hash(PASSWORD);
    await raw
      .insertInto('users')
      .values([
        user('u1', LEGACY.adminEmail, LEGACY.adminName, 'admin', null, hash),
        user('u2', LEGACY.portalEmail, LEGACY.portalName, 'client', 'c-legacy', hash),
      ])
      .execute();
    await raw
      .insertInto('invites')
      .values({
        id: 'i1',
        practice_id: 'p1',
        token_hash: tokenHash('legacy-token'),
        email: LEGACY.inviteEmail,
        roles: 'therapist',
        client_id: null,
        created_by: 'u1',
        created_at: at,
        expires_at: '2026-03-09T00:00:00.000Z',
        used_at: null,
      })
      .execute();
    await raw
      .insertInto('login_throttle')
      .values({ key: `acct:${LEGACY.lockedEmail}`, failures: 3, first_failure_at: '2026-03-02T08:55:00.000Z', locked_until: null })
      .execute();
    await old.close();

    const storage = await openStorage({ dataDir, databaseUrl, keyFile: join(dataDir, 'master.key') });
    let opened: OpenedStorage | undefined = storage;
    cleanups.push(async () => {
      await opened?.close();
    });
    const clock = testClock();
    const deps = makeDeps({ store: storage.store, vault: storage.vault, clock, ids: testIds(clock), hasher: fastHasher });

    expect(await deps.store.findUserByEmail(' Legacy-Admin@Example.org ')).toMatchObject({ id: 'u1', email: LEGACY.adminEmail, displayName: LEGACY.adminName });
    expect(await deps.store.findUserByClientId('c-legacy')).toMatchObject({ email: LEGACY.portalEmail, displayName: LEGACY.portalName });
    expect((await signIn(deps, LEGACY.portalEmail, PASSWORD, null)).signedIn.user.id).toBe('u2');
    expect((await deps.store.findInviteByTokenHash(tokenHash('legacy-token')))?.email).toBe(LEGACY.inviteEmail);
    expect((await deps.store.findThrottle(`acct:${LEGACY.lockedEmail}`))?.failures).toBe(3);
    // The open invite is still usable, and the new account signs in.
    await acceptInvite(deps, 'legacy-token', { displayName: 'Newly Joined', password: PASSWORD });
    expect((await listStaff(deps)).map((u) => u.displayName)).toEqual([LEGACY.adminName, 'Newly Joined']);
    await deps.audit.settle();

    const text = await allRowsText(dataDir, databaseUrl);
    expect(text).toContain('old practice'); // the search finds clear text
    for (const clear of Object.values(LEGACY)) expect(text, clear).not.toContain(clear.toLowerCase());
    if (!databaseUrl) {
      const bytes = Buffer.concat(
        ['accord.db', 'accord.db-wal']
          .map((f) => join(dataDir, f))
          .filter(existsSync)
          .map((f) => readFileSync(f)),
      )
        .toString('latin1')
        .toLowerCase();
      for (const clear of Object.values(LEGACY)) expect(bytes.includes(clear.toLowerCase()), clear).toBe(false);
    }

    // Opening again converts nothing more and changes nothing.
    const before = await allRowsText(dataDir, databaseUrl);
    await storage.close();
    opened = await openStorage({ dataDir, databaseUrl, keyFile: join(dataDir, 'master.key') });
    expect(await allRowsText(dataDir, databaseUrl)).toBe(before);
    expect(await opened.store.findUserByEmail(LEGACY.adminEmail)).toMatchObject({ id: 'u1' });
  }, 60_000);
});

describe('look-ups and master-key rotation', () => {
  let w: TestWorld;
  afterEach(async () => {
    await w?.close();
  });

  it('the account key is re-wrapped, not replaced: sign-in by email works after rotate-key and the old master key is retired', async () => {
    w = await makeWorld();
    const p = await seedPractice(w.deps);
    const oldId = w.deps.vault.currentMasterKeyId();
    expect((await w.deps.store.findAccountKey())?.masterKeyId).toBe(oldId);
    const r = await rotateMasterKey(w.deps);
    expect(r.retired).toEqual([oldId]);
    expect((await w.deps.store.findAccountKey())?.masterKeyId).toBe(r.newKeyId);
    // Only the new master key is left; look-ups, sign-in and new accounts work under it.
    const keyFile = JSON.parse(readFileSync(join(w.dataDir, 'master.key'), 'utf8')) as { keys: Record<string, string> };
    expect(Object.keys(keyFile.keys)).toEqual([r.newKeyId]);
    expect((await signIn(w.deps, p.emails.therapist, PASSWORD, null)).signedIn.user.displayName).toBe('Theo Therapist');
    expect((await w.deps.store.findUserByEmail(p.emails.admin))?.displayName).toBe('Ada Admin');
    const { token } = await createInvite(w.deps, p.adminId, { email: 'after-rotation@test.accord', roles: ['therapist'] });
    await acceptInvite(w.deps, token, { displayName: 'After Rotation', password: PASSWORD });
    expect((await signIn(w.deps, 'AFTER-ROTATION@test.accord', PASSWORD, null)).signedIn.user.displayName).toBe('After Rotation');
    // An existing email is still refused for a second account.
    await expect(createInvite(w.deps, p.adminId, { email: 'Theo@Test.Accord', roles: ['therapist'] })).rejects.toThrow(/already has an account/);
  });
});

describe('a backup made before 0006', () => {
  it('restores with its clear emails and names sealed as they load, and its accounts sign in', async () => {
    const src = await makeWorld();
    cleanups.push(() => src.close());
    const p = await seedPractice(src.deps);
    await src.deps.store.putThrottle({ key: 'acct:locked@test.accord', failures: 2, firstFailureAt: '2026-03-02T08:59:00.000Z', lockedUntil: null });
    const { data } = await createBackup(src.deps);
    // Rewrite the file into the old shape: clear email and name columns, clear throttle keys.
    const read = await readBackup(src.deps.vault, data);
    if (!read.ok) throw new Error('the backup did not read');
    const file = { ...read.file, version: 1 };
    const users = await src.deps.store.listUsers((await src.deps.store.findPractice())!.id);
    file.tables.users = file.tables.users!.map(({ email_hash: _h, email_enc: _e, display_name_enc: _n, ...r }) => {
      const u = users.find((x) => x.id === r.id)!;
      return { ...r, email: u.email, display_name: u.displayName };
    });
    file.tables.invites = file.tables.invites!.map(({ email_hash: _h, email_enc: _e, ...r }) => ({ ...r, email: 'someone@test.accord' }));
    file.tables.login_throttle = [{ key: 'acct:locked@test.accord', failures: 2, first_failure_at: '2026-03-02T08:59:00.000Z', locked_until: null }];
    file.tables.meta = file.tables.meta!.filter((m) => m.key !== 'account_key');
    const legacy = src.deps.vault.sealBlob(gzipSync(Buffer.from(JSON.stringify(file), 'utf8')));

    const dst = await makeWorld({ keyFile: join(src.dataDir, 'master.key') });
    cleanups.push(() => dst.close());
    await restoreBackup(dst.deps, legacy);
    expect((await signIn(dst.deps, p.emails.therapist, PASSWORD, null)).signedIn.user.displayName).toBe('Theo Therapist');
    expect((await dst.deps.store.findThrottle('acct:locked@test.accord'))?.failures).toBe(2);
    const dumped: string[] = [];
    for (const t of ['users', 'invites', 'login_throttle']) for await (const page of dst.deps.store.dumpTable(t)) dumped.push(JSON.stringify(page));
    expect(dumped.join('\n')).not.toMatch(/@test\.accord|Theo Therapist/);
  });
});
