/**
 * A real SMTP server for the mail tests (smtp-server, in this process, on a free port): it keeps
 * every message it accepts, raw, with its envelope. `reject` makes it refuse recipients with a
 * given reply (a 4xx is temporary, a 5xx permanent) until cleared; `auth` makes it require a user
 * name and password (over plain SMTP: the test server allows it, a real one would not).
 */
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import type { SmtpServer } from '../../src/services/ports.ts';
import { openStorage } from '../../src/storage/open.ts';
import type { OpenedStorage } from '../../src/storage/open.ts';
import type { TestWorld } from './harness.ts';

/** The real SMTP adapter, for the tests of services and the CLI (which may not import storage themselves). */
export { smtpMailer } from '../../src/storage/smtp-mailer.ts';

/** A second connection to a PostgreSQL world's database, as another app instance would have. */
export function anotherInstance(w: TestWorld): Promise<OpenedStorage> {
  if (!w.databaseUrl) throw new Error('another instance needs a PostgreSQL world');
  return openStorage({ dataDir: w.dataDir, databaseUrl: w.databaseUrl, keyFile: join(w.dataDir, 'master.key') });
}

export type Received = { from: string; to: string[]; raw: string };

export type TestSmtp = {
  received: Received[];
  server: SmtpServer;
  reject: { code: number; message: string } | null;
  /** While true, every message is held at MAIL FROM without an answer (a server that hangs); `held` counts them. */
  hold: boolean;
  held: number;
  /** Resolves when `n` messages in all have been received. */
  waitFor(n: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
};

export async function startSmtp(opts: { auth?: { user: string; pass: string } } = {}): Promise<TestSmtp> {
  const received: Received[] = [];
  let total = 0; // every message accepted, even after a test emptied `received`
  const t = { received, reject: null, hold: false, held: 0 } as unknown as TestSmtp;
  const server = new SMTPServer({
    disabledCommands: opts.auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    authOptional: !opts.auth,
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, cb) {
      if (opts.auth && auth.username === opts.auth.user && auth.password === opts.auth.pass) return cb(null, { user: auth.username });
      return cb(new Error('Invalid username or password'));
    },
    onMailFrom(_address, _session, cb) {
      if (t.hold) {
        t.held++;
        return; // never answered: the sender waits until it is killed
      }
      return cb();
    },
    onRcptTo(_address, _session, cb) {
      if (t.reject) return cb(Object.assign(new Error(t.reject.message), { responseCode: t.reject.code }));
      return cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        total++;
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as { port: number }).port;
  t.server = {
    host: '127.0.0.1',
    port,
    security: 'none',
    sender: 'Harbour Practice <practice@harbour.test>',
    username: opts.auth?.user ?? null,
    password: opts.auth?.pass ?? null,
  };
  t.waitFor = async (n, timeoutMs = 5_000) => {
    const until = Date.now() + timeoutMs;
    while (received.length < n) {
      if (Date.now() > until) throw new Error(`expected ${n} messages, received ${received.length}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  t.close = async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    // For the report of how many messages the tests sent: ACCORD_MAIL_COUNT_FILE=path appends each server's count.
    if (process.env.ACCORD_MAIL_COUNT_FILE) appendFileSync(process.env.ACCORD_MAIL_COUNT_FILE, `${total}\n`);
  };
  return t;
}

/** The decoded text body of a raw message (quoted-printable soft breaks joined). */
export function bodyOf(raw: string): string {
  return raw
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
    .replace(/\r\n/g, '\n');
}
