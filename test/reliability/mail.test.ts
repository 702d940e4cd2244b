/**
 * The outbox under kill -9, with real processes and a real SMTP server: `accord serve` claims the
 * queued invitations and hangs on the server (which never answers); it is killed with SIGKILL while
 * holding the claims. A second `accord serve` on the same data directory delivers every message once
 * the claims' lease has run out (shortened to two seconds here with ACCORD_MAIL_LEASE_SECONDS):
 * none is lost, none is sent twice.
 */
import { describe, it, expect, afterEach } from 'vitest';
import type { Server } from './processes.ts';
import { run, serve, tempDir } from './processes.ts';
import { startSmtp } from '../support/smtp.ts';
import type { TestSmtp } from '../support/smtp.ts';

const PASSWORD = 'tidal harbour beacon rope';
const servers: Server[] = [];
let smtp: TestSmtp | undefined;
afterEach(async () => {
  while (servers.length) await servers.pop()!.kill();
  await smtp?.close();
});

async function until(what: string, ok: () => boolean, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the outbox under kill -9', { timeout: 120_000 }, () => {
  it('a sender killed while holding claimed messages loses none: the next instance delivers each exactly once', async () => {
    smtp = await startSmtp();
    const dir = tempDir('mail-kill');
    const data = ['--data', dir];
    expect(
      (await run(['init', '--practice', 'Harbour', '--admin-email', 'admin@harbour.test', '--time-zone', 'UTC', ...data], { stdin: `${PASSWORD}\n` })).code,
    ).toBe(0);
    const set = await run([
      'mail',
      'set',
      '--host',
      '127.0.0.1',
      '--port',
      String(smtp.server.port),
      '--security',
      'none',
      '--sender',
      'practice@harbour.test',
      ...data,
    ]);
    expect(set.code, set.stderr).toBe(0);
    const invited = ['ana', 'ben', 'cleo', 'dev'].map((n) => `${n}@harbour.test`);
    for (const email of invited) expect((await run(['user', 'invite', '--email', email, '--role', 'therapist', ...data])).code).toBe(0);

    const env = { ACCORD_MAIL_LEASE_SECONDS: '2' };
    smtp.hold = true;
    const first = await serve(dir, { env });
    servers.push(first);
    await until('the first send to hang', () => smtp!.held >= 1);
    await first.kill('SIGKILL');
    servers.pop();
    expect(smtp.received).toHaveLength(0);

    smtp.hold = false;
    const second = await serve(dir, { env });
    servers.push(second);
    await until('all four invitations', () => smtp!.received.length >= invited.length);
    // A little longer: nothing further arrives (no copy of any message).
    await new Promise((r) => setTimeout(r, 3_000));
    expect(smtp.received.map((m) => m.to[0]).sort()).toEqual(invited.sort());
  });
});
