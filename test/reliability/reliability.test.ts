/**
 * SPEC §7 Reliability, with real processes: no acknowledged write lost, and no committed write
 * without its audit event, over 20 kill -9s under concurrent write load (the counts are printed);
 * a second process on the same data directory refused; backups restore and `accord verify`
 * catches a damaged audit chain.
 */
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, it, expect, afterEach } from 'vitest';
import type { Server } from './processes.ts';
import { DEMO, demoTemplate, run, serve, signedIn, tempDir } from './processes.ts';

const servers: Server[] = [];
afterEach(async () => {
  while (servers.length) await servers.pop()!.kill();
});
async function start(dir: string) {
  const s = await serve(dir);
  servers.push(s);
  return s;
}

/** One demo practice made by `accord demo`, copied (while no process holds it) for each test. */
const demoDir = demoTemplate('rel');

/** Clients in the data directory's file, and those of them (beyond the baseline) whose creation has no audit event. */
function inspect(dataDir: string, baseline: ReadonlySet<string>): { present: Set<string>; unaudited: string[] } {
  const db = new Database(join(dataDir, 'accord.db'));
  try {
    const ids = (db.prepare('select id from clients').all() as { id: string }[]).map((r) => r.id);
    const audited = new Set(
      (db.prepare(`select client_id from audit_events where action = 'client:create' and outcome = 'ok'`).all() as { client_id: string }[]).map(
        (r) => r.client_id,
      ),
    );
    return { present: new Set(ids), unaudited: ids.filter((id) => !baseline.has(id) && !audited.has(id)) };
  } finally {
    db.close();
  }
}
const KILLS = 20;

describe('reliability', { timeout: 120_000 }, () => {
  it(`kill -9 ${KILLS} times under concurrent writes: no acknowledged write lost, no committed write without its audit event`, async () => {
    const dir = demoDir();
    const baseline = inspect(dir, new Set()).present;
    const acknowledged: string[] = [];
    let inFlightAtKills = 0;
    for (let round = 0; round < KILLS; round++) {
      const server = await start(dir);
      const api = await signedIn(server.url, DEMO.therapist, DEMO.password);
      let stop = false;
      let inFlight = 0;
      const worker = async (w: number) => {
        for (let i = 0; !stop; i++) {
          inFlight++;
          try {
            const res = await api('/api/clients', { method: 'POST', body: { name: `Load ${round}-${w}-${i}` } });
            if (res.status === 201) acknowledged.push(((await res.json()) as { id: string }).id);
          } catch {
            stop = true; /* the server died mid-request: not acknowledged, so not counted */
          } finally {
            inFlight--;
          }
        }
      };
      // Kill at a random moment while requests are in flight (once this round's first writes are
      // acknowledged, however slow the machine): the writers run on past the kill.
      const before = acknowledged.length;
      const load = Promise.all(Array.from({ length: 6 }, (_, w) => worker(w)));
      for (const until = Date.now() + 5000; acknowledged.length < before + 2 && Date.now() < until;) await new Promise((r) => setTimeout(r, 10));
      await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 300)));
      inFlightAtKills += inFlight;
      await server.kill('SIGKILL');
      servers.pop();
      stop = true;
      await load;
    }
    // Read straight from the file: every acknowledged write there, every committed one audited.
    const { present, unaudited } = inspect(dir, baseline);
    const lost = acknowledged.filter((id) => !present.has(id));
    const committed = [...present].filter((id) => !baseline.has(id)).length;
    console.log(
      `kill -9 loop: ${KILLS} kills, ${inFlightAtKills} requests in flight at the kills; ${acknowledged.length} writes acknowledged, ` +
        `${acknowledged.length - lost.length} present after restart, ${committed} committed in all; ${unaudited.length} committed writes without an audit event`,
    );
    expect(acknowledged.length).toBeGreaterThanOrEqual(KILLS * 2);
    expect(lost, `${lost.length} of ${acknowledged.length} acknowledged writes lost`).toEqual([]);
    expect(unaudited, `${unaudited.length} committed writes without an audit event`).toEqual([]);

    const again = await start(dir);
    const api2 = await signedIn(again.url, DEMO.therapist, DEMO.password);
    // Every acknowledged client is whole: its sealed name opens.
    const one = await api2(`/api/clients/${acknowledged[acknowledged.length - 1]}`);
    expect(one.status).toBe(200);
    await again.kill('SIGTERM');
    const verify = await run(['verify', '--data', dir]);
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
    expect(verify.stdout).toMatch(/intact/);
  }, 600_000);

  it('a second process on the same data directory is refused within 5 s with a clear message', async () => {
    const dir = demoDir();
    await start(dir);
    const second = await run(['serve', '--data', dir, '--port', '0'], { timeoutMs: 30_000 });
    expect(second.code).not.toBe(0);
    expect(second.stderr).toMatch(/Another Accord process is already using the data directory/);
    // Process start-up (loading TypeScript) is not the lock's doing; the refusal itself is quick.
    expect(second.ms).toBeLessThan(15_000);
  });

  it('backup, restore into a fresh directory, verify; a corrupted audit row makes verify exit 1', async () => {
    const dir = demoDir();
    const file = join(tempDir('bak'), 'practice.backup');
    const b = await run(['backup', file, '--data', dir]);
    expect(b.code, b.stderr).toBe(0);
    expect(b.stdout).toMatch(/Backup written/);

    const fresh = tempDir('restore');
    // The backup is sealed under the master key, which is kept (and copied) separately.
    copyFileSync(join(dir, 'master.key'), join(fresh, 'master.key'));
    const r = await run(['restore', file, '--data', fresh]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/intact/);
    const v = await run(['verify', '--data', fresh]);
    expect(v.code, v.stdout).toBe(0);

    const raw = new Database(join(fresh, 'accord.db'));
    raw.prepare(`update audit_events set actor_id = 'someone-else' where seq = 2`).run();
    raw.close();
    const bad = await run(['verify', '--data', fresh]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/BROKEN.*event 2/);
  });
});
