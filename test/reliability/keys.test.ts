/**
 * Master keys with real processes: `accord rotate-key` while `accord serve` (one instance on
 * SQLite, two on one PostgreSQL database) keeps creating clients; after a restart every client
 * opens and `accord verify` is clean; a broken wrap makes verify fail and name the client, while the
 * caseload still lists the others. `accord restore` without the right master key says where the
 * key goes and writes nothing.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { describe, it, expect, afterEach } from 'vitest';
import type { Server } from './processes.ts';
import { DEMO, demoTemplate, run, serve, signedIn, tempDir } from './processes.ts';
import { freshPostgres } from '../support/harness.ts';

const servers: Server[] = [];
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (servers.length) await servers.pop()!.kill();
  while (cleanups.length) await cleanups.pop()!();
});
async function start(dir: string, env?: Record<string, string>) {
  const s = await serve(dir, { env });
  servers.push(s);
  return s;
}

const demoDir = demoTemplate('keys');

/** A fresh PostgreSQL database for the processes, dropped after the test: its URL. */
async function freshDatabaseUrl(): Promise<string> {
  const db = await freshPostgres();
  cleanups.push(db.drop);
  return db.url;
}

type Api = Awaited<ReturnType<typeof signedIn>>;

/** Creates clients through every instance until `stop()`; returns the ids acknowledged. */
function createClients(apis: Api[]) {
  const ids: string[] = [];
  const failures: string[] = [];
  let running = true;
  const work = Promise.all(
    apis.flatMap((api, a) =>
      [0, 1].map(async (w) => {
        for (let i = 0; running; i++) {
          const res = await api('/api/clients', { method: 'POST', body: { name: `Rotation ${a}-${w}-${i}` } });
          if (res.status === 201) ids.push(((await res.json()) as { id: string }).id);
          else failures.push(`${res.status} ${await res.text()}`);
        }
      }),
    ),
  );
  return {
    ids,
    failures,
    stop: async () => {
      running = false;
      await work;
    },
  };
}

/**
 * Rotates while the instances create clients, then once more while they are idle (nothing is in
 * flight, so the old key is retired at once), then creates more: the instances must have learnt
 * the new key instead of wrapping with the one just retired.
 */
async function rotateWhileCreating(dir: string, env: Record<string, string>, apis: Api[]): Promise<string[]> {
  const rotate = async () => {
    const r = await run(['rotate-key', '--data', dir], { env });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/New master key/);
    return r.stdout;
  };
  const busy = createClients(apis);
  await rotate();
  await busy.stop();
  expect(await rotate()).not.toMatch(/retired: none/);
  const after = createClients(apis);
  await new Promise((r) => setTimeout(r, 1500));
  await after.stop();
  expect(
    [...busy.failures, ...after.failures],
    servers
      .map((s) => s.output())
      .join('\n')
      .slice(-6000),
  ).toEqual([]);
  expect(busy.ids.length).toBeGreaterThan(5);
  expect(after.ids.length).toBeGreaterThan(5);
  return [...after.ids, ...busy.ids];
}

/** Every page of the client list (it pages by key: hundreds of clients are several pages). */
async function allClients(api: Api): Promise<{ id: string; name: string }[]> {
  const rows: { id: string; name: string }[] = [];
  let after: string | null = null;
  do {
    const list = await api(`/api/clients?limit=500${after ? `&after=${encodeURIComponent(after)}` : ''}`);
    expect(list.status, await list.clone().text()).toBe(200);
    const page = (await list.json()) as { items: { id: string; name: string }[]; next: string | null };
    rows.push(...page.items);
    after = page.next;
  } while (after);
  return rows;
}

async function expectAllReadable(api: Api, ids: string[]) {
  const rows = await allClients(api);
  const listed = new Set(rows.map((r) => r.id));
  expect(ids.filter((id) => !listed.has(id))).toEqual([]);
  expect(rows.filter((r) => r.name.startsWith('(')).map((r) => r.id)).toEqual([]);
  const unreadable: string[] = [];
  for (const id of ids) if ((await api(`/api/clients/${id}`)).status !== 200) unreadable.push(id);
  expect(unreadable).toEqual([]);
}

describe('master keys', { timeout: 400_000 }, () => {
  it('rotate-key while the server creates clients: after a restart every client opens and verify is clean; a broken wrap fails verify', async () => {
    const dir = demoDir();
    const server = await start(dir);
    const ids = await rotateWhileCreating(dir, {}, [await signedIn(server.url, DEMO.therapist, DEMO.password)]);
    await servers.pop()!.kill('SIGTERM');

    const again = await start(dir);
    await expectAllReadable(await signedIn(again.url, DEMO.therapist, DEMO.password), ids);
    await servers.pop()!.kill('SIGTERM');
    const ok = await run(['verify', '--data', dir]);
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/Data keys: \d+ .*all open/);

    // Break two wraps: one names a master key that is gone, one is altered.
    const [gone, altered] = ids;
    const db = new Database(join(dir, 'accord.db'));
    db.prepare(`update client_keys set master_key_id = 'k0' where client_id = ?`).run(gone);
    const w = (db.prepare(`select wrapped_key from client_keys where client_id = ?`).get(altered) as { wrapped_key: string }).wrapped_key;
    db.prepare(`update client_keys set wrapped_key = ? where client_id = ?`).run(`${w.slice(0, -4)}${w.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`, altered);
    db.close();
    const bad = await run(['verify', '--data', dir]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/Data keys: BROKEN — 2 of \d+ do not open/);
    expect(bad.stdout).toContain(`client ${gone}`);
    expect(bad.stdout).toMatch(/master key k0, which is not in/);
    expect(bad.stdout).toContain(`client ${altered}`);

    // One unreadable client does not take the therapist's whole list down.
    const third = await start(dir);
    const api = await signedIn(third.url, DEMO.therapist, DEMO.password);
    const rows = await allClients(api);
    expect(rows.find((r) => r.id === gone)?.name).toMatch(/unreadable/);
    expect(rows.filter((r) => r.name.startsWith('Rotation')).length).toBe(ids.length - 2);
    const one = await api(`/api/clients/${gone}`);
    expect(one.status).toBe(503);
    expect(((await one.json()) as { error: { message: string } }).error.message).toMatch(/accord verify/);
  });

  it('PostgreSQL, two instances: rotate-key while both create clients; after restarts every client opens and verify is clean', async () => {
    const dir = tempDir('keys-pg');
    const env = { DATABASE_URL: await freshDatabaseUrl() };
    const demo = await run(['demo', '--data', dir], { env });
    expect(demo.code, demo.stderr).toBe(0);
    const a = await start(dir, env),
      b = await start(dir, env);
    const ids = await rotateWhileCreating(dir, env, [
      await signedIn(a.url, DEMO.therapist, DEMO.password),
      await signedIn(b.url, DEMO.therapist, DEMO.password),
    ]);
    while (servers.length) await servers.pop()!.kill('SIGTERM');

    const again = await start(dir, env);
    await expectAllReadable(await signedIn(again.url, DEMO.therapist, DEMO.password), ids);
    const keyFile = JSON.parse(readFileSync(join(dir, 'master.key'), 'utf8')) as { keys: Record<string, string> };
    expect(Object.keys(keyFile.keys)).toHaveLength(1);
    const ok = await run(['verify', '--data', dir], { env });
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/Data keys: \d+ .*all open/);
  });

  it('restore without the master key, or with another one, says where the key goes, writes nothing and exits 1', async () => {
    const dir = demoDir();
    const file = join(tempDir('keys-bak'), 'practice.backup');
    expect((await run(['backup', file, '--data', dir])).code).toBe(0);

    const empty = tempDir('keys-nokey');
    const missing = await run(['restore', file, '--data', empty]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/Nothing was restored: there is no master key here/);
    expect(missing.stderr).toContain(`${empty}/master.key`);
    expect(missing.stderr).toMatch(/ACCORD_MASTER_KEY/);
    expect(missing.stderr).not.toMatch(/unable to authenticate|Unsupported state|at .*\.ts/);
    expect(readdirSync(empty)).toEqual([]);

    const wrong = tempDir('keys-wrongkey');
    const otherKey = `${JSON.stringify({ version: 1, current: 'k0', keys: { k0: randomBytes(32).toString('base64') } })}`;
    writeFileSync(join(wrong, 'master.key'), otherKey, { mode: 0o600 });
    const other = await run(['restore', file, '--data', wrong]);
    expect(other.code).toBe(1);
    expect(other.stderr).toMatch(/Nothing was restored: .* was made under another master key \(k0\)/);
    expect(other.stderr).toContain(`${wrong}/master.key`);
    expect(other.stderr).not.toMatch(/unable to authenticate|Unsupported state/);
    expect(readdirSync(wrong)).toEqual(['master.key']);
    expect(readFileSync(join(wrong, 'master.key'), 'utf8')).toBe(otherKey);

    const envWrong = tempDir('keys-envkey');
    const viaEnv = await run(['restore', file, '--data', envWrong], { env: { ACCORD_MASTER_KEY: randomBytes(32).toString('base64') } });
    expect(viaEnv.code).toBe(1);
    expect(viaEnv.stderr).toMatch(/another master key \(k0\) than the one in ACCORD_MASTER_KEY/);
    expect(readdirSync(envWrong)).toEqual([]);

    // With the right key it restores.
    copyFileSync(join(dir, 'master.key'), join(wrong, 'master.key'));
    const right = await run(['restore', file, '--data', wrong]);
    expect(right.code, right.stdout + right.stderr).toBe(0);
    expect(existsSync(join(wrong, 'accord.db'))).toBe(true);
  });
});
