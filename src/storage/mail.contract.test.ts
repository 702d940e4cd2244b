/**
 * The contract of the mail port (services/ports/mail.ts, storage/mail-store.ts): the practice's SMTP
 * settings (password sealed), the outbox (dedupe, claims with leases, only the claimer marks), and the
 * digest preferences. Run on SQLite and PostgreSQL in the same run (contract-support.ts); on
 * PostgreSQL two claimers racing get disjoint rows.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { DB } from './schema.ts';
import type { TestWorld } from '../../test/support/harness.ts';
import type { OutboxRow, Store } from '../services/ports.ts';
import { at, base, DIALECTS, portMethodsOf, user, world } from './contract-support.ts';
import { KyselyMailStore } from './mail-store.ts';
import type { PracticeRow, UserRow } from '../services/ports.ts';

/** The world's database itself, to look at what is stored (KyselyStore keeps it private). */
const raw = (w: TestWorld) => (w.storage.store as unknown as { db: Kysely<DB> }).db;

let n = 0;
const message = (practiceId: string, over: Partial<OutboxRow> = {}): OutboxRow => ({
  id: `00000000-0000-7000-8000-${String(++n).padStart(12, '0')}`,
  practiceId,
  kind: 'staff_invite',
  to: `person${n}@test.accord`,
  path: `/invite/token-${n}`,
  dedupeKey: null,
  status: 'queued',
  attempts: 0,
  nextAttemptAt: at(0),
  leaseUntil: null,
  claimedBy: null,
  lastError: null,
  createdAt: at(0),
  sentAt: null,
  ...over,
});

describe.each(DIALECTS)('Mail store contract on %s', (dialect) => {
  let w: TestWorld;
  let store: Store;
  let p: PracticeRow;
  let t: UserRow;
  const called = new Set<string>();
  beforeAll(async () => {
    w = await world(dialect, undefined, called);
    store = w.deps.store;
    ({ p, t } = await base(store));
  });
  afterAll(async () => {
    await w?.close();
  });

  it('keeps one set of SMTP settings per practice, the password sealed and kept or removed', async () => {
    expect(await store.findMailSettings(p.id)).toBeUndefined();
    const s = {
      practiceId: p.id,
      enabled: true,
      host: 'smtp.example.org',
      port: 587,
      security: 'starttls' as const,
      sender: 'Practice <practice@example.org>',
      username: 'practice',
      password: 'app password 1',
      updatedAt: at(1),
      updatedBy: t.id,
    };
    await store.setMailSettings(s);
    expect(await store.findMailSettings(p.id)).toEqual(s);
    const rawRows = await sql<{ password_enc: string }>`select password_enc from mail_settings`.execute(raw(w));
    expect(rawRows.rows[0]!.password_enc).not.toContain('app password');
    await store.setMailSettings({ ...s, enabled: false, password: null, username: null, updatedBy: null, updatedAt: at(2) });
    expect(await store.findMailSettings(p.id)).toMatchObject({ enabled: false, password: null, username: null, updatedBy: null });
  });

  it('queues a message once per dedupe key and seals its recipient and link', async () => {
    const a = message(p.id, { dedupeKey: 'measure_due:s1:x1', kind: 'measure_due', path: '/portal' });
    expect(await store.enqueueMail(a)).toBe(true);
    expect(await store.enqueueMail(message(p.id, { dedupeKey: 'measure_due:s1:x1' }))).toBe(false);
    const rawRows = await sql<{ message_enc: string }>`select message_enc from mail_outbox`.execute(raw(w));
    expect(rawRows.rows.map((r) => r.message_enc).join()).not.toContain('@test.accord');
    expect((await store.listOutbox(p.id, 10)).map((r) => r.id)).toEqual([a.id]);
    expect((await store.listOutbox(p.id, 10))[0]).toEqual(a);
  });

  it('claims due messages with a lease; only the claimer marks them; a lapsed lease is claimed again', async () => {
    const later = message(p.id, { nextAttemptAt: at(30) });
    const b = message(p.id);
    await store.enqueueMail(later);
    await store.enqueueMail(b);
    const first = await store.claimMail(at(1), at(6), 'sender-a', 10);
    expect(first.map((r) => r.id).sort()).toEqual([b.id, (await store.listOutbox(p.id, 10)).find((r) => r.kind === 'measure_due')!.id].sort());
    expect(first.every((r) => r.claimedBy === 'sender-a' && r.leaseUntil === at(6) && r.attempts === 1)).toBe(true);
    // Held: nobody else claims them before the lease runs out.
    expect(await store.claimMail(at(2), at(7), 'sender-b', 10)).toEqual([]);
    expect(await store.markMailSent(b.id, 'sender-b', at(2))).toBe(false);
    expect(await store.markMailSent(b.id, 'sender-a', at(2))).toBe(true);
    expect(await store.markMailSent(b.id, 'sender-a', at(3))).toBe(false);
    // The other one's sender died: after its lease it is claimed again, with a second attempt counted.
    const again = await store.claimMail(at(7), at(12), 'sender-b', 10);
    expect(again).toHaveLength(1);
    expect(again[0]).toMatchObject({ claimedBy: 'sender-b', attempts: 2 });
    expect(await store.markMailFailed(again[0]!.id, 'sender-a', { nextAttemptAt: at(20), error: 'x' })).toBe(false);
    expect(await store.markMailFailed(again[0]!.id, 'sender-b', { nextAttemptAt: at(20), error: 'smtp_421' })).toBe(true);
    expect(await store.claimMail(at(19), at(24), 'sender-c', 10)).toEqual([]);
    const third = await store.claimMail(at(20), at(25), 'sender-c', 10);
    expect(third).toHaveLength(1);
    expect(third[0]).toMatchObject({ lastError: 'smtp_421', attempts: 3 });
    expect(await store.markMailFailed(third[0]!.id, 'sender-c', { nextAttemptAt: null, error: 'smtp_550' })).toBe(true);
    const all = await store.listOutbox(p.id, 10);
    expect(all.find((r) => r.id === b.id)).toMatchObject({ status: 'sent', sentAt: at(2), leaseUntil: null });
    expect(all.find((r) => r.id === third[0]!.id)).toMatchObject({ status: 'failed', lastError: 'smtp_550' });
    // Not due before its time; due after.
    expect(await store.claimMail(at(29), at(34), 'sender-a', 10)).toEqual([]);
    expect((await store.claimMail(at(30), at(35), 'sender-a', 10)).map((r) => r.id)).toEqual([later.id]);
    expect(await store.markMailSent(later.id, 'sender-a', at(31))).toBe(true);
  });

  it('hands rows claimed at the same moment to one claimer each', async () => {
    const rows = Array.from({ length: 20 }, () => message(p.id, { nextAttemptAt: at(40) }));
    for (const r of rows) await store.enqueueMail(r);
    const claims = await Promise.all(['x', 'y', 'z', 'w'].map((c) => store.claimMail(at(41), at(46), c, 7)));
    const ids = claims.flat().map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of claims.flat()) expect(await store.markMailSent(r.id, r.claimedBy!, at(42))).toBe(true);
  });

  it('keeps digest choices and lists the active subscribers and portal accounts', async () => {
    const t2 = user(p.id);
    await store.insertUser(t2);
    expect(await store.findMailPreference(t.id)).toBeUndefined();
    await store.setMailPreference({ userId: t.id, dailyDigest: true, updatedAt: at(1) });
    await store.setMailPreference({ userId: t2.id, dailyDigest: true, updatedAt: at(1) });
    expect(await store.findMailPreference(t.id)).toEqual({ userId: t.id, dailyDigest: true, updatedAt: at(1) });
    expect((await store.listDigestSubscribers(p.id)).sort()).toEqual([t.id, t2.id].sort());
    await store.setMailPreference({ userId: t2.id, dailyDigest: false, updatedAt: at(2) });
    await store.updateUser(t.id, { status: 'disabled' });
    expect(await store.listDigestSubscribers(p.id)).toEqual([]);
    const c = (await store.listClients(p.id, {}))[0]!;
    const portal = user(p.id, { roles: ['client'], clientId: c.id });
    await store.insertUser(portal);
    expect(await store.listPortalAccounts(p.id)).toEqual([{ userId: portal.id, clientId: c.id }]);
  });

  it('called every mail port method on this dialect', () => {
    expect(portMethodsOf(KyselyMailStore).filter((m) => !called.has(m))).toEqual([]);
  });
});
