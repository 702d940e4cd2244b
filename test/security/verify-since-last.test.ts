/**
 * `accord verify --since-last`: checks what follows the verified mark (the anchor a run found intact,
 * at least ten minutes old) and that the mark's anchor and its lane heads are still as they were.
 * Someone who can write the database but not read the master key: tampering after the mark is found;
 * the mark itself cannot be forged or moved on (it is keyed); tampering before the mark is a full
 * verify's job (shown here: --since-last passes, the full run finds it). SQLite and PostgreSQL.
 */
import { join } from 'node:path';
import { Readable } from 'node:stream';
import Database from 'better-sqlite3';
import pg from 'pg';
import { describe, it, expect, afterEach } from 'vitest';
import type { TestWorld } from '../support/harness.ts';
import { makeWorld, seedPractice, PASSWORD } from '../support/harness.ts';
import { runCli } from '../../src/cli/main.ts';
import type { CliHost } from '../../src/cli/main.ts';
import { createClient, openCourse } from '../../src/services/people/clients.ts';
import { submitResponse } from '../../src/services/measures/measures.ts';
import { signIn } from '../../src/services/accounts/auth.ts';
import { VERIFIED_META } from '../../src/services/operations/integrity.ts';

const worlds: TestWorld[] = [];
afterEach(async () => {
  while (worlds.length) await worlds.pop()!.close();
});

const phq = (): Record<string, number> => Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`phq9_${i + 1}`, 1]));

async function sql(w: TestWorld, q: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
  if (w.dialect === 'postgres') {
    const c = new pg.Client({ connectionString: w.databaseUrl });
    await c.connect();
    try {
      let n = 0;
      return (
        await c.query(
          q.replace(/\?/g, () => `$${++n}`),
          params,
        )
      ).rows as Record<string, unknown>[];
    } finally {
      await c.end();
    }
  }
  const db = new Database(join(w.dataDir, 'accord.db'));
  try {
    const st = db.prepare(q);
    return st.reader ? (st.all(...params) as Record<string, unknown>[]) : (st.run(...params), []);
  } finally {
    db.close();
  }
}

async function verify(w: TestWorld, ...args: string[]): Promise<{ code: number; text: string }> {
  const lines: string[] = [];
  const h: CliHost = {
    openRuntime: async () => ({ deps: w.deps, close: async () => {} }),
    openMasterKeys: () => w.deps.vault,
    serve: async () => {},
    baseUrl: 'http://127.0.0.1:3000',
    dataDir: w.dataDir,
    stdin: Readable.from([]),
    out: (l) => lines.push(l),
    err: (l) => lines.push(l),
  };
  const code = await runCli(['verify', ...args], h);
  return { code, text: lines.join('\n') };
}

/**
 * A practice with history, anchored; twenty minutes on, a full verify records its mark (that anchor);
 * then more history (a response sealed, events appended) and a newer anchor.
 */
async function markedWorld() {
  const w = await makeWorld({ onDisk: true });
  worlds.push(w);
  const p = await seedPractice(w.deps);
  const client = await createClient(w.deps, p.therapistId, { name: 'Marked Person', contact: { email: null, phone: null, dateOfBirth: null } });
  await openCourse(w.deps, client.id, { startedOn: '2026-01-05', frequency: 'weekly' });
  const before = await submitResponse(w.deps, client.id, { userId: 'client-user', as: 'client' }, { instrumentCode: 'phq9', answers: phq() });
  await signIn(w.deps, p.emails.supervisor, PASSWORD, null); // the trail moves past the response's seal
  await w.deps.audit.settle();
  const anchored = (await w.deps.store.anchorAudit(w.clock.now().toISOString()))!;
  w.clock.advance(20);
  const first = await verify(w);
  expect(first.code, first.text).toBe(0);
  expect(first.text).toMatch(new RegExp(`Verified mark: anchor ${anchored.seq} `));
  const lastBefore = Number((await sql(w, `select max(seq) as n from audit_events`))[0]!.n);
  // After the mark: a sealed response, sign-ins, a newer anchor.
  const after = await submitResponse(w.deps, client.id, { userId: 'client-user', as: 'client' }, { instrumentCode: 'phq9', answers: phq() });
  await signIn(w.deps, p.emails.therapist, PASSWORD, null);
  await w.deps.audit.settle();
  await w.deps.store.anchorAudit(w.clock.now().toISOString());
  return { w, beforeId: before.response.id, afterId: after.response.id, lastBefore };
}

describe('accord verify --since-last', () => {
  it('checks only what follows the mark, and moves the mark on; a plain verify still checks everything', async () => {
    const { w } = await markedWorld();
    const total = Number((await sql(w, `select count(*) as n from audit_events`))[0]!.n);
    const since = await verify(w, '--since-last');
    expect(since.code, since.text).toBe(0);
    expect(since.text).toMatch(/Checked since the verified mark: anchor 1 /);
    const walked = Number(/Audit chain: (\d+) events since the mark/.exec(since.text)![1]);
    expect(walked).toBeGreaterThan(0);
    expect(walked).toBeLessThan(total);
    expect(since.text).toMatch(/Sealed records: 1 checked \(sealed since the mark\), intact/);
    expect(since.text).toMatch(/Verified mark: not moved \(no anchor newer than the mark's/);
    w.clock.advance(20);
    const later = await verify(w, '--since-last');
    expect(later.text).toMatch(/Verified mark: anchor 2 /);
    const full = await verify(w);
    expect(full.code).toBe(0);
    expect(full.text).toMatch(new RegExp(`Audit chain: ${total} events, intact`));
  });

  it('without a mark it checks everything and records one', async () => {
    const w = await makeWorld({ onDisk: true });
    worlds.push(w);
    await seedPractice(w.deps);
    await w.deps.audit.settle();
    await w.deps.store.anchorAudit(w.clock.now().toISOString());
    w.clock.advance(11);
    const v = await verify(w, '--since-last');
    expect(v.code, v.text).toBe(0);
    expect(v.text).toMatch(/Checked everything: no verified mark yet/);
    expect(v.text).toMatch(/Verified mark: anchor 1 /);
  });

  it('finds tampering after the mark: an event edited, a sealed response edited, an event removed', async () => {
    for (const [what, attack, expected] of [
      ['an event edited', `update audit_events set outcome = 'denied' where seq = (select max(seq) from audit_events)`, /BROKEN — .*was altered/],
      ['a response sealed after the mark edited', `update measure_responses set total = total + 5 where id = ?`, /measure response .* was altered/],
      ['the newest events cut off', `delete from audit_events where seq = (select max(seq) from audit_events)`, /BROKEN — .*events were removed/],
    ] as const) {
      const { w, afterId } = await markedWorld();
      await sql(w, attack, attack.includes('?') ? [afterId] : []);
      const v = await verify(w, '--since-last');
      expect(v.code, what).toBe(1);
      expect(v.text, what).toMatch(expected);
      expect(v.text, what).not.toMatch(/Verified mark: anchor/);
    }
  });

  it('finds the mark forged, moved or its anchor or pinned event altered', async () => {
    const { w, lastBefore } = await markedWorld();
    const stored = String((await sql(w, `select value from meta where key = ?`, [VERIFIED_META]))[0]!.value);
    // Moved on to the newest anchor without the key: the keyed check fails.
    const anchors = await sql(w, `select seq, hash, at from audit_anchors order by seq desc`);
    const moved = { ...JSON.parse(stored), anchorSeq: Number(anchors[0]!.seq), anchorHash: anchors[0]!.hash, anchorAt: anchors[0]!.at };
    await sql(w, `update meta set value = ? where key = ?`, [JSON.stringify(moved), VERIFIED_META]);
    let v = await verify(w, '--since-last');
    expect(v.code).toBe(1);
    expect(v.text).toMatch(/the verified mark lacks its keyed check: it was altered or forged/);
    // The mark put back; the event its anchor pins for lane 1 edited.
    await sql(w, `update meta set value = ? where key = ?`, [stored, VERIFIED_META]);
    expect((await verify(w, '--since-last')).code).toBe(0);
    await sql(w, `update audit_events set detail = 'x' where seq = ?`, [lastBefore]);
    v = await verify(w, '--since-last');
    expect(v.code).toBe(1);
    expect(v.text).toMatch(/where the last verify ended, was altered or removed/);
  });

  it('tampering before the mark is a full verify’s job: --since-last does not read it, the default run finds it', async () => {
    const { w, beforeId } = await markedWorld();
    await sql(w, `update audit_events set outcome = 'denied' where seq = 2`);
    await sql(w, `update measure_responses set total = total + 5 where id = ?`, [beforeId]);
    const since = await verify(w, '--since-last');
    expect(since.code, since.text).toBe(0);
    const full = await verify(w);
    expect(full.code).toBe(1);
    expect(full.text).toMatch(/event 2 was altered/);
    expect(full.text).toMatch(new RegExp(`measure response ${beforeId} was altered`));
  });
});
