import { Readable } from 'node:stream';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildDemo } from '../services/demo/demo.ts';
import { describe, it, expect, afterEach } from 'vitest';
import type { TestWorld } from '../../test/support/harness.ts';
import { makeWorld, PASSWORD, seedPractice } from '../../test/support/harness.ts';
import { createClient, openCourse } from '../services/people/clients.ts';
import type { CliHost } from './main.ts';
import { parseArgs, runCli } from './main.ts';
import { bodyOf, smtpMailer, startSmtp } from '../../test/support/smtp.ts';
import { completeAccountReset } from '../services/accounts/recovery.ts';

describe('parseArgs', () => {
  it('reads the command, positionals and --flag value / --flag=value / bare --flag', () => {
    expect(parseArgs(['backup', 'file.bak', '--data', '/tmp/x', '--port=0', '--verbose'])).toEqual({
      command: 'backup',
      positional: ['file.bak'],
      flags: { data: '/tmp/x', port: '0', verbose: true },
    });
    expect(parseArgs([])).toEqual({ command: 'help', positional: [], flags: {} });
    expect(parseArgs(['init', '--practice', 'A B', '--admin-email', 'a@b.c'])).toMatchObject({ flags: { practice: 'A B', 'admin-email': 'a@b.c' } });
  });
});

describe('runCli over the real services', () => {
  let w: TestWorld;
  afterEach(async () => {
    await w.close();
  });

  function host(stdin = ''): CliHost & { lines: string[]; errors: string[] } {
    const lines: string[] = [],
      errors: string[] = [];
    return {
      lines,
      errors,
      openRuntime: async () => ({ deps: w.deps, close: async () => {} }),
      openMasterKeys: () => w.deps.vault,
      serve: async () => {},
      mailer: smtpMailer,
      baseUrl: 'http://127.0.0.1:3000',
      dataDir: w.dataDir,
      stdin: Readable.from([Buffer.from(stdin)]),
      out: (l) => lines.push(l),
      err: (l) => errors.push(l),
    };
  }

  it('init reads the password from standard input, creates the practice once, and refuses a second time', async () => {
    w = await makeWorld();
    const h = host(`${PASSWORD}\n`);
    expect(await runCli(['init', '--practice', 'Quay Practice', '--admin-email', 'q@test.accord', '--time-zone', 'UTC'], h)).toBe(0);
    expect((await w.deps.store.findPractice())?.name).toBe('Quay Practice');
    expect((await w.deps.store.findUserByEmail('q@test.accord'))?.roles).toEqual(['admin']);
    const again = host(`${PASSWORD}\n`);
    expect(await runCli(['init', '--practice', 'Other', '--admin-email', 'o@test.accord'], again)).toBe(1);
    expect(again.errors.join()).toMatch(/already has a practice/);
  });

  it('init --therapist makes the admin of a solo practice its therapist too', async () => {
    w = await makeWorld();
    expect(await runCli(['init', '--practice', 'Solo', '--admin-email', 's@test.accord', '--time-zone', 'UTC', '--therapist'], host(`${PASSWORD}\n`))).toBe(0);
    expect((await w.deps.store.findUserByEmail('s@test.accord'))?.roles).toEqual(['admin', 'therapist']);
  });

  it('init --locale sets how dates are written, and refuses one Accord does not know', async () => {
    w = await makeWorld();
    await expect(runCli(['init', '--practice', 'P', '--admin-email', 'l@test.accord', '--locale', 'xx-XX'], host(`${PASSWORD}\n`))).rejects.toThrow(
      /Unknown locale/,
    );
    expect(await w.deps.store.findPractice()).toBeUndefined();
    expect(await runCli(['init', '--practice', 'P', '--admin-email', 'l@test.accord', '--locale', 'fr-FR'], host(`${PASSWORD}\n`))).toBe(0);
    expect((await w.deps.store.findPractice())?.locale).toBe('fr-FR');
  });

  it('init refuses the admin’s own email as the password', async () => {
    w = await makeWorld();
    await expect(
      runCli(['init', '--practice', 'P', '--admin-email', 'alex.morgan@example-practice.org'], host('Alex.Morgan@example-practice.org\n')),
    ).rejects.toThrow(/too close to your name, email/);
    expect(await w.deps.store.findPractice()).toBeUndefined();
  });

  it('init refuses a weak password and needs its flags', async () => {
    w = await makeWorld();
    await expect(runCli(['init', '--practice', 'P', '--admin-email', 'a@test.accord'], host('short\n'))).rejects.toThrow(/15 characters/);
    expect(await runCli(['init', '--practice', 'P'], host())).toBe(2);
    expect(await w.deps.store.findPractice()).toBeUndefined();
  });

  it('user invite prints a one-time link; user disable ends sessions; verify reports an intact chain', async () => {
    w = await makeWorld();
    await runCli(['init', '--practice', 'Quay', '--admin-email', 'q@test.accord', '--time-zone', 'UTC'], host(`${PASSWORD}\n`));
    const h = host();
    expect(await runCli(['user', 'invite', '--email', 'T@test.accord', '--role', 'therapist'], h)).toBe(0);
    expect(h.lines.join('\n')).toMatch(/http:\/\/127\.0\.0\.1:3000\/invite\/[\w-]{20,}/);
    expect(await runCli(['user', 'invite', '--email', 'x@test.accord', '--role', 'client'], host())).toBe(2);
    expect(await runCli(['user', 'disable', '--email', 'nobody@test.accord'], host())).toBe(1);
    const v = host();
    expect(await runCli(['verify'], v)).toBe(0);
    expect(v.lines.join('\n')).toMatch(/Audit chain: \d+ events, intact/);
  });

  it('init makes a practice that requires a second factor of all staff, unless told otherwise', async () => {
    w = await makeWorld();
    await runCli(['init', '--practice', 'Quay', '--admin-email', 'q@test.accord', '--time-zone', 'UTC'], host(`${PASSWORD}\n`));
    expect((await w.deps.store.findPractice())!.requireMfaStaff).toBe(true);
    await w.close();
    w = await makeWorld();
    await runCli(
      ['init', '--practice', 'Quay', '--admin-email', 'q@test.accord', '--time-zone', 'UTC', '--staff-without-second-factor'],
      host(`${PASSWORD}\n`),
    );
    expect((await w.deps.store.findPractice())!.requireMfaStaff).toBe(false);
  });

  it('user reset prints a one-time link for a lone admin locked out; it replaces their password', async () => {
    w = await makeWorld();
    await runCli(['init', '--practice', 'Quay', '--admin-email', 'q@test.accord', '--time-zone', 'UTC'], host(`${PASSWORD}\n`));
    expect(await runCli(['user', 'reset', '--email', 'q@test.accord'], host())).toBe(2);
    expect(await runCli(['user', 'reset', '--email', 'q@test.accord', '--second-factor'], host())).toBe(1); // none set up yet
    const h = host();
    expect(await runCli(['user', 'reset', '--email', 'q@test.accord', '--password'], h)).toBe(0);
    const token = /\/reset\/([\w-]{20,})/.exec(h.lines.join('\n'))![1]!;
    await completeAccountReset(w.deps, token, { newPassword: 'the operator reset this one' }, null);
    const trail = await w.deps.store.listAudit({ limit: 50 });
    expect(trail.find((e) => e.action === 'account.reset.create')).toMatchObject({ actorRole: 'operator', actorId: null });
  });

  it('mail set, status, test and off: a test message reaches a real SMTP server', async () => {
    const smtp = await startSmtp();
    try {
      w = await makeWorld();
      await runCli(['init', '--practice', 'Quay', '--admin-email', 'q@test.accord', '--time-zone', 'UTC'], host(`${PASSWORD}\n`));
      const off = host();
      expect(await runCli(['mail', 'test', 'me@quay.test'], off)).toBe(1);
      expect(off.errors.join()).toMatch(/Mail is off/);
      expect(
        await runCli(['mail', 'set', '--host', '127.0.0.1', '--port', String(smtp.server.port), '--security', 'none', '--sender', 'quay@quay.test'], host()),
      ).toBe(0);
      const st = host();
      expect(await runCli(['mail', 'status'], st)).toBe(0);
      expect(st.lines.join()).toContain(`Mail is on: 127.0.0.1:${smtp.server.port} (none), from quay@quay.test`);
      const t = host();
      expect(await runCli(['mail', 'test', 'me@quay.test'], t)).toBe(0);
      expect(smtp.received).toHaveLength(1);
      expect(smtp.received[0]!.to).toEqual(['me@quay.test']);
      expect(bodyOf(smtp.received[0]!.raw)).toContain('This is a test message from Quay on Accord');
      smtp.reject = { code: 550, message: 'No such user' };
      const bad = host();
      expect(await runCli(['mail', 'test', 'nobody@quay.test'], bad)).toBe(1);
      expect(bad.errors.join()).toMatch(/not sent \(smtp_550\)/);
      expect(await runCli(['mail', 'off'], host())).toBe(0);
      const st2 = host();
      await runCli(['mail', 'status'], st2);
      expect(st2.lines.join()).toBe('Mail is off.');
      const trail = await w.deps.store.listAudit({ limit: 50 });
      expect(trail.filter((e) => e.action === 'mail.settings').map((e) => `${e.actorRole}:${e.detail}`)).toEqual(
        expect.arrayContaining(['operator:on', 'operator:off']),
      );
      expect(trail.filter((e) => e.action === 'mail.test').map((e) => e.outcome)).toEqual(expect.arrayContaining(['ok', 'failed']));
    } finally {
      await smtp.close();
    }
  });

  it('export writes the demo practice as FHIR and as three CSV tables, audited, and refuses a wrong invocation', async () => {
    w = await makeWorld();
    await buildDemo(w.deps);
    const out = join(w.dataDir, 'practice.json');
    const h = host();
    expect(await runCli(['export', '--practice', '--format', 'fhir', '--out', out], h)).toBe(0);
    expect(h.lines.join()).toMatch(/Exported 9 client records \(no process notes\): .*practice\.json \(\d+ resources\)/);
    const bundle = JSON.parse(readFileSync(out, 'utf8')) as { resourceType: string; entry: unknown[] };
    expect(bundle.resourceType).toBe('Bundle');
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(await runCli(['export', '--practice', '--format', 'csv', '--out', join(w.dataDir, 'practice.csv')], host())).toBe(0);
    expect(readFileSync(join(w.dataDir, 'practice.outcomes.csv'), 'utf8')).toMatch(/^client_id,client_name,course_id,instrument/);
    await w.deps.audit.settle();
    expect((await w.deps.audit.list({ limit: 100 })).filter((e) => e.action === 'export:cli')).toHaveLength(18);
    expect(await runCli(['export', '--format', 'fhir', '--out', out], host())).toBe(2);
    expect(await runCli(['export', '--practice', '--format', 'pdf', '--out', out], host())).toBe(2);
    const missing = host();
    expect(await runCli(['export', '--client', '00000000-0000-0000-0000-000000000001', '--out', out], missing)).toBe(1);
    expect(missing.errors.join()).toMatch(/Nothing was exported/);
  });

  it('import: a dry run lists the problems by line and writes nothing; a good file is imported', async () => {
    w = await makeWorld();
    await runCli(['init', '--practice', 'Quay', '--admin-email', 'q@test.accord', '--time-zone', 'UTC', '--therapist'], host(`${PASSWORD}\n`));
    const layout = (minutes: unknown) => ({
      format: 'accord-courses/1',
      clients: [
        {
          name: 'Ann Example',
          courses: [
            {
              startedOn: '2026-01-05',
              frequency: 'weekly',
              phase: 'middle',
              status: 'active',
              sessions: [{ id: 's1', startsAt: '2026-01-05T10:00:00Z', durationMinutes: minutes, status: 'attended' }],
              responses: [
                {
                  instrument: 'gad7',
                  completedAt: '2026-01-05T10:50:00Z',
                  session: 's1',
                  answers: Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`gad7_${i + 1}`, 2])),
                },
              ],
            },
          ],
        },
      ],
    });
    const bad = join(w.dataDir, 'bad.json');
    writeFileSync(bad, JSON.stringify(layout(0), null, 2));
    const dry = host();
    expect(await runCli(['import', bad, '--dry-run'], dry)).toBe(1);
    expect(dry.errors.join('\n')).toMatch(/line 13 \(clients\[0\]\.courses\[0\]\.sessions\[0\]\): length 0 is not a whole number of minutes/);
    expect(await runCli(['import', bad], host())).toBe(1);
    expect(await w.deps.store.listClients((await w.deps.store.findPractice())!.id, {})).toEqual([]);
    const good = join(w.dataDir, 'good.json');
    writeFileSync(good, JSON.stringify(layout(50)));
    const h = host();
    expect(await runCli(['import', good], h)).toBe(0);
    expect(h.lines.join()).toMatch(/Imported .*: 1 clients, 1 courses, 1 sessions, 1 answers, 0 goals \(0 duplicates skipped\)/);
    expect(await w.deps.store.listClients((await w.deps.store.findPractice())!.id, {})).toHaveLength(1);
  });

  it('reports rebuild writes the practice report’s summary row of every course', async () => {
    w = await makeWorld();
    const p = await seedPractice(w.deps);
    const c = await createClient(w.deps, p.therapistId, { name: 'Rebuilt Client', contact: { email: null, phone: null, dateOfBirth: null } });
    const k = await openCourse(w.deps, c.id, { startedOn: '2026-01-05', frequency: 'weekly' });
    expect(await w.deps.store.findCourseOutcome(k.id)).toBeUndefined();
    const h = host();
    expect(await runCli(['reports', 'rebuild'], h)).toBe(0);
    expect(h.lines).toEqual(['Practice report: 1 courses summarised.']);
    expect(await w.deps.store.findCourseOutcome(k.id)).toMatchObject({ courseId: k.id, status: 'active', attended: 0 });
    expect(await runCli(['reports'], host())).toBe(2);
  });

  it('unknown commands print the help and exit 2', async () => {
    w = await makeWorld();
    const h = host();
    expect(await runCli(['frobnicate'], h)).toBe(2);
    expect(h.errors.join()).toMatch(/Unknown command: frobnicate/);
  });
});
