/**
 * `accord <command>`: the command-line interface over the same services the web app uses.
 * The composition root (src/main.ts) hands in how to open storage and start the server, so this
 * file knows nothing of databases or HTTP.
 */
import { readFileSync, writeFileSync, existsSync, statSync, createReadStream, renameSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline/promises';
import type { Deps } from '../services/deps.ts';
import type { Role } from '../domain/people.ts';
import type { PracticeLocale } from '../domain/locale.ts';
import { createPractice, issueSetupToken, needsSetup } from '../services/accounts/setup.ts';
import { createInvite, listStaff, updateStaff } from '../services/accounts/users.ts';
import { checkBackup, restoreBackup, verifyStore, writeBackup } from '../services/operations/backup.ts';
import type { VerifyReport } from '../services/operations/backup.ts';
import { checkMasterKeys, rotateMasterKey } from '../services/clinical-text.ts';
import type { Mailer, SmtpSecurity, Vault } from '../services/ports.ts';
import { createAccountReset } from '../services/accounts/recovery.ts';
import { activeSmtpServer, mailSettings, updateMailSettings } from '../services/mail/settings.ts';
import { renderMail } from '../domain/mail/messages.ts';
import { failureOf } from '../services/mail/sender.ts';
import { getPractice } from '../services/accounts/practice.ts';
import { buildDemo, DEMO_HISTORY } from '../services/demo/demo.ts';
import { importInstrument } from '../services/measures/instruments.ts';
import { callerOf } from '../services/accounts/auth.ts';
import { exportClient, exportPractice, recordOperatorExport } from '../services/data-rights/export.ts';
import type { PracticeExport } from '../services/data-rights/export.ts';
import { CSV_TABLES, csvTable } from '../services/data-rights/csv-tables.ts';
import { toFhirBundle } from '../fhir/bundle.ts';
import { IMPORT_MAX_BYTES, readImportFile } from '../fhir/import-file.ts';
import { importRecords, recordOperatorImport } from '../services/data-rights/import.ts';
import type { ImportOutcome } from '../services/data-rights/import.ts';
import { DomainError } from '../domain/errors.ts';
import { rebuildCourseOutcomes } from '../services/reports/course-outcomes.ts';
import { forgetRecomputes, recomputeAlliance } from '../services/alliance/alliance.ts';

export type Runtime = { deps: Deps; close(): Promise<void> };
export type CliHost = {
  /** `seal: false` opens without sealing an unsealed database (verify reports it instead). */
  openRuntime(opts?: { lock?: boolean; seal?: boolean }): Promise<Runtime>;
  /** The master keys at hand (key file or ACCORD_MASTER_KEY) without creating any; throws MasterKeyMissingError when there are none. */
  openMasterKeys(): Vault;
  serve(): Promise<void>;
  /** Sends mail (`accord mail test`): the SMTP adapter, or in tests one pointed at a test server. */
  mailer?: Mailer | undefined;
  baseUrl: string;
  dataDir: string;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  out: (line: string) => void;
  err: (line: string) => void;
};

export type ParsedArgs = { command: string; positional: string[]; flags: Record<string, string | boolean> };

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const flags: Record<string, string | boolean> = {};
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('--')) {
      const [k, v] = a.slice(2).split('=', 2) as [string, string | undefined];
      if (v !== undefined) flags[k] = v;
      else if (argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('--')) flags[k] = argv[++i]!;
      else flags[k] = true;
    } else positional.push(a);
  }
  return { command: positional.shift() ?? 'help', positional, flags };
}

export const HELP = `accord — a self-hosted system for psychotherapy practices

Usage: accord <command> [options]

  serve [--port N] [--host H]            run the web app (default port 3000; env PORT)
  init --practice NAME --admin-email E [--admin-name N] [--time-zone TZ] [--locale L] [--therapist]
       [--staff-without-second-factor]   create the practice and its admin; the password is read
                                         from standard input (asked for when on a terminal);
                                         --therapist: the admin also sees clients (a solo practice);
                                         every staff member must set up a second factor unless
                                         --staff-without-second-factor is given
  demo                                   create a demo practice with synthetic clients; prints logins
  user list                              list staff
  user invite --email E --role R[,R]     print a one-time invite link (roles: admin, therapist, supervisor)
  user disable|enable --email E          disable (ends sessions at once) or re-enable a staff account
  user reset --email E --password|--second-factor
                                         print a one-time link (24 h) that replaces the person's
                                         password, or removes their second factor (they confirm
                                         their password); the escape hatch for a lone admin
  mail status                            whether mail is on, and through which server
  mail set --host H [--port N] [--security tls|starttls|none] --sender E [--username U]
                                         turn mail on (the SMTP password, if any, is read from
                                         standard input); mail off turns it off
  mail test ADDRESS                      send a test message now and say what the server answered
  backup <file>                          write an encrypted, consistent backup and verify it
  restore <file>                         restore a backup into an empty data directory or database
                                         (the backup's master key must be in place first)
  verify [--since-last]                  check database integrity, the audit chain and that every data
                                         key opens with the master keys on disk (exit 1 on damage);
                                         everything by default; --since-last: only what follows the
                                         last verified mark (docs/security.md); either records the mark
  rotate-key                             make a new master key and re-wrap every client data key
  reports rebuild                        rewrite the practice report's summary row of every course
  import-instrument FILE.json            add a practice instrument definition (validated; see docs/measures.md)
  export --client ID | --practice --format fhir|csv --out FILE
                                         a client's record or the whole practice as a FHIR R4 Bundle
                                         (FILE) or as CSV (FILE's name + .sessions/.scores/.outcomes.csv);
                                         never process notes; audited (docs/interoperability.md)
  import FILE [--dry-run] [--client ID] [--therapist EMAIL]
                                         FHIR R4 JSON or Accord's course layout: whole records as new
                                         clients (of the therapist of the same name, else --therapist
                                         or the first therapist), or with --client answers into that
                                         client; every problem listed; nothing written on any problem

Every command takes --data DIR (default ./data; env ACCORD_DATA_DIR).
Set DATABASE_URL=postgres://… to use PostgreSQL instead of the embedded database.`;

async function readPassword(host: CliHost, prompt = 'Admin password (at least 15 characters): '): Promise<string> {
  if (host.stdin.isTTY) {
    const rl = createInterface({ input: host.stdin, output: process.stderr, terminal: true });
    const pw = await rl.question(prompt);
    rl.close();
    return pw;
  }
  const chunks: Buffer[] = [];
  for await (const c of host.stdin) chunks.push(Buffer.from(c as Buffer));
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

const systemActor = (deps: Deps, admin: { id: string }) =>
  deps.store.findUserById(admin.id).then((u) => ({ user: u!, caller: callerOf(u!), session: null as never, mfaPending: null }));

async function firstAdmin(deps: Deps) {
  const admin = (await listStaff(deps)).find((u) => u.roles.includes('admin') && u.status === 'active');
  if (!admin) throw new Error('The practice has no active admin. Run `accord init` first.');
  return admin;
}

/**
 * Why a backup cannot be restored with the master keys at hand, or null when it can. Nothing is
 * written either way, so a failed attempt leaves the target as it was.
 */
async function restoreProblem(host: CliHost, file: string): Promise<string | null> {
  const where = `put the key file of the Accord the backup was made on at ${host.dataDir}/master.key (mode 0600), or set ACCORD_MASTER_KEY to that Accord's key, then run accord restore again`;
  let vault: Vault;
  try {
    vault = host.openMasterKeys();
  } catch (err) {
    if ((err as Error).name !== 'MasterKeyMissingError') return `Nothing was restored: ${(err as Error).message}`;
    return `Nothing was restored: there is no master key here, and a backup opens only with the master key it was made under. To restore, ${where}.`;
  }
  // The whole file is read and opened, a segment at a time, before anything is written.
  const read = await checkBackup(vault, createReadStream(file));
  if (read.ok) return null;
  if (read.reason === 'not_a_backup') return `Nothing was restored: ${file} is not an Accord backup file.`;
  if (read.reason === 'other_master_key') {
    const here = vault.currentMasterKeyId() === 'env' ? 'the one in ACCORD_MASTER_KEY' : `the one in ${host.dataDir}/master.key`;
    return `Nothing was restored: ${file} was made under another master key (${read.masterKeyId}) than ${here}, or the file was altered. To restore, ${where} (if the key was rotated since the backup, the key file from before the rotation).`;
  }
  if (read.reason === 'unsupported') return `Nothing was restored: ${file} opens with this master key but this version of Accord cannot read it.`;
  return `Nothing was restored: ${file} opens with this master key but cannot be used: ${read.message}`;
}

/** Prints whether every data key and authenticator secret opens with the master keys on disk. */
async function reportMasterKeys(deps: Deps, host: CliHost): Promise<boolean> {
  const { checked, problems } = await checkMasterKeys(deps);
  if (!problems.length) {
    host.out(`Data keys: ${checked} data keys and secrets checked, all open`);
    return true;
  }
  host.out(`Data keys: BROKEN — ${problems.length} of ${checked} do not open:`);
  for (const p of problems) host.out(`  ${p}`);
  return false;
}

/** Runs one command; returns the process exit code. */
export async function runCli(argv: readonly string[], host: CliHost): Promise<number> {
  const { command, positional, flags } = parseArgs(argv);
  const withRuntime = async <T>(fn: (rt: Runtime) => Promise<T>, opts?: { lock?: boolean; seal?: boolean }): Promise<T> => {
    const rt = await host.openRuntime(opts);
    try {
      return await fn(rt);
    } finally {
      await rt.deps.audit.settle();
      await rt.close();
    }
  };
  switch (command) {
    case 'help':
    case '--help':
    case '-h':
      host.out(HELP);
      return 0;
    case 'serve':
      await host.serve();
      return 0;
    case 'init': {
      const practice = flags.practice,
        email = flags['admin-email'];
      if (typeof practice !== 'string' || typeof email !== 'string') {
        host.err('accord init needs --practice NAME and --admin-email EMAIL.');
        return 2;
      }
      const password = await readPassword(host);
      return withRuntime(async ({ deps }) => {
        if (!(await needsSetup(deps))) {
          host.err('This Accord already has a practice.');
          return 1;
        }
        await createPractice(deps, {
          token: null,
          practiceName: practice,
          adminEmail: email,
          password,
          adminName: typeof flags['admin-name'] === 'string' ? flags['admin-name'] : email.split('@')[0]!,
          timeZone: typeof flags['time-zone'] === 'string' ? flags['time-zone'] : Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC',
          locale: typeof flags.locale === 'string' ? (flags.locale as PracticeLocale) : undefined,
          alsoTherapist: flags.therapist === true,
          requireSecondFactor: flags['staff-without-second-factor'] !== true,
        });
        host.out(`Created the practice “${practice}” with admin ${email}. Start Accord with: accord serve`);
        return 0;
      });
    }
    case 'demo':
      return withRuntime(async ({ deps }) => {
        if (!(await needsSetup(deps))) {
          host.err('This data directory already holds a practice; the demo needs an empty one (use --data DIR).');
          return 1;
        }
        const logins = await buildDemo(deps, { history: DEMO_HISTORY });
        host.out('Demo practice created. Sign-ins (synthetic people, no real data):');
        for (const l of logins) host.out(`  ${l.role.padEnd(22)} ${l.email.padEnd(32)} ${l.password}`);
        host.out(`Start it with: accord serve${flags.data ? ` --data ${String(flags.data)}` : ''}`);
        return 0;
      });
    case 'user':
      return withRuntime(async ({ deps }) => {
        const sub = positional[0];
        if (sub === 'list') {
          for (const u of await listStaff(deps)) host.out(`${u.email.padEnd(36)} ${u.roles.join(',').padEnd(28)} ${u.status}${u.mfaEnabled ? ' mfa' : ''}`);
          return 0;
        }
        const email = typeof flags.email === 'string' ? flags.email : undefined;
        if (!email) {
          host.err('Give the person’s --email.');
          return 2;
        }
        const admin = await firstAdmin(deps);
        if (sub === 'invite') {
          const roles = String(flags.role ?? '')
            .split(',')
            .filter(Boolean) as Role[];
          if (!roles.length || roles.some((r) => !['admin', 'therapist', 'supervisor'].includes(r))) {
            host.err('Give --role admin, therapist or supervisor (comma-separated).');
            return 2;
          }
          const { token, invite, emailed } = await createInvite(deps, admin.id, { email, roles });
          host.out(`Invite for ${invite.email} (${roles.join(', ')}), valid until ${invite.expiresAt}:`);
          host.out(`  ${host.baseUrl}/invite/${token}`);
          if (emailed) host.out('It has also been emailed to them.');
          return 0;
        }
        if (sub === 'disable' || sub === 'enable') {
          const u = await deps.store.findUserByEmail(email);
          if (!u) {
            host.err(`No account for ${email}.`);
            return 1;
          }
          await updateStaff(deps, await systemActor(deps, admin), u.id, { status: sub === 'disable' ? 'disabled' : 'active' });
          host.out(`${email} is now ${sub === 'disable' ? 'disabled; their sessions have ended' : 'active'}.`);
          return 0;
        }
        if (sub === 'reset') {
          const kind = flags['second-factor'] === true ? 'second_factor' : flags.password === true ? 'password' : undefined;
          if (!kind) {
            host.err('Give --password (a new password) or --second-factor (remove the authenticator).');
            return 2;
          }
          const u = await deps.store.findUserByEmail(email);
          if (!u) {
            host.err(`No account for ${email}.`);
            return 1;
          }
          let r;
          try {
            r = await createAccountReset(deps, null, u.id, kind);
          } catch (err) {
            if ((err as Error).name !== 'DomainError') throw err;
            host.err((err as Error).message);
            return 1;
          }
          host.out(`Reset link for ${r.email} (${kind === 'password' ? 'a new password' : 'remove the second factor'}), valid until ${r.expiresAt}:`);
          host.out(`  ${host.baseUrl}/reset/${r.token}`);
          if (r.emailed) host.out('It has also been emailed to them.');
          return 0;
        }
        host.err('Usage: accord user list | invite | disable | enable | reset');
        return 2;
      });
    case 'mail':
      return withRuntime(async ({ deps }) => {
        const sub = positional[0];
        if (sub === 'status') {
          const m = await mailSettings(deps);
          host.out(m.enabled ? `Mail is on: ${m.host}:${m.port} (${m.security}), from ${m.sender}${m.username ? `, as ${m.username}` : ''}.` : 'Mail is off.');
          return 0;
        }
        const audited = (detail: string) =>
          deps.audit.record({
            actorId: null,
            actorRole: 'operator',
            action: 'mail.settings',
            resourceType: 'practice',
            resourceId: null,
            clientId: null,
            outcome: 'ok',
            ip: null,
            detail,
          });
        if (sub === 'off') {
          const m = await mailSettings(deps);
          await updateMailSettings(deps, null, { ...m, enabled: false });
          await audited('off');
          host.out('Mail is off. Invitation and reset links are still shown to copy.');
          return 0;
        }
        if (sub === 'set') {
          const security = String(flags.security ?? 'starttls') as SmtpSecurity;
          if (typeof flags.host !== 'string' || typeof flags.sender !== 'string' || !['tls', 'starttls', 'none'].includes(security)) {
            host.err('accord mail set needs --host H and --sender E (and --security tls, starttls or none).');
            return 2;
          }
          const port = Number(flags.port ?? (security === 'tls' ? 465 : 587));
          if (!Number.isInteger(port) || port < 1 || port > 65535) {
            host.err('--port must be a port number.');
            return 2;
          }
          const username = typeof flags.username === 'string' ? flags.username : null;
          const password = username ? (await readPassword(host, 'SMTP password: ')) || null : null;
          await updateMailSettings(deps, null, { enabled: true, host: flags.host, port, security, sender: flags.sender, username, password });
          await audited('on');
          host.out(`Mail is on through ${flags.host}:${port}. Try it with: accord mail test ADDRESS`);
          return 0;
        }
        if (sub === 'test') {
          const to = positional[1];
          if (!to || !/^[^@\s]+@[^@\s]+$/.test(to)) {
            host.err('Usage: accord mail test ADDRESS');
            return 2;
          }
          const practice = await getPractice(deps);
          const server = await activeSmtpServer(deps, practice.id);
          if (!server || !host.mailer) {
            host.err('Mail is off: set it up on the admin’s Mail page or with accord mail set.');
            return 1;
          }
          let outcome: string | null = null;
          try {
            await host.mailer.send(server, { to, ...renderMail('test', practice.name, host.baseUrl) });
          } catch (err) {
            outcome = failureOf(err).code;
          }
          await deps.audit.record({
            actorId: null,
            actorRole: 'operator',
            action: 'mail.test',
            resourceType: 'mail',
            resourceId: null,
            clientId: null,
            outcome: outcome ? 'failed' : 'ok',
            ip: null,
            detail: outcome,
          });
          if (outcome) {
            host.err(`The test message was not sent (${outcome}). Check the host, port, security and sign-in.`);
            return 1;
          }
          host.out(`Sent a test message to ${to} through ${server.host}:${server.port}.`);
          return 0;
        }
        host.err('Usage: accord mail status | set | off | test ADDRESS');
        return 2;
      });
    case 'backup': {
      const file = positional[0];
      if (!file) {
        host.err('Usage: accord backup <file>');
        return 2;
      }
      return withRuntime(
        async ({ deps }) => {
          // Written to a file beside the target as it is read, then checked and renamed into place.
          const partial = `${file}.partial`;
          const out = await open(partial, 'w', 0o600);
          let written: { rows: number; bytes: number };
          try {
            written = await writeBackup(deps, async (chunk) => {
              await out.write(chunk);
            });
            await out.sync();
          } catch (err) {
            await out.close();
            rmSync(partial, { force: true });
            throw err;
          }
          await out.close();
          // Verify: the file reads back, every segment opens and every table's rows are there.
          const check = await checkBackup(deps.vault, createReadStream(partial));
          if (!check.ok || check.rows !== written.rows) {
            rmSync(partial, { force: true });
            host.err(`The backup file did not read back correctly${check.ok ? '' : `: ${check.message}`}.`);
            return 1;
          }
          renameSync(partial, file);
          host.out(
            `Backup written to ${file}: ${written.rows} rows, ${written.bytes} bytes, encrypted. Keep the master key (${host.dataDir}/master.key or ACCORD_MASTER_KEY) safe separately: the backup cannot be read without it.`,
          );
          return 0;
        },
        { lock: false },
      );
    }
    case 'restore': {
      const file = positional[0];
      if (!file || !existsSync(file)) {
        host.err('Usage: accord restore <file> (the file must exist)');
        return 2;
      }
      // Check the backup opens before anything is written: no key file, no database.
      const problem = await restoreProblem(host, file);
      if (problem) {
        host.err(problem);
        return 1;
      }
      return withRuntime(async ({ deps }) => {
        const { rows, erasuresReapplied } = await restoreBackup(deps, createReadStream(file));
        const report = await verifyStore(deps.store);
        host.out(`Restored ${rows} rows. Audit chain: ${report.audit.events} events, ${report.ok ? 'intact' : 'DAMAGED'}.`);
        if (erasuresReapplied) host.out(`Erasures made since the backup, re-applied from ${host.dataDir}/erasures.log: ${erasuresReapplied}.`);
        const keysOk = await reportMasterKeys(deps, host);
        return report.ok && keysOk ? 0 : 1;
      });
    }
    case 'verify':
      return withRuntime(
        async ({ deps }) => {
          const sinceLast = flags['since-last'] === true;
          const report = await verifyStore(deps.store, { sinceLast, record: true, now: deps.clock.now() });
          host.out(`Database: ${report.database.length ? report.database.join('; ') : 'ok'}`);
          if (report.mode === 'since-last' && report.from)
            host.out(
              `Checked since the verified mark: anchor ${report.from.anchorSeq} (${report.from.anchorAt}), recorded by the run of ${report.from.verifiedAt}; what lies before it was checked then (a full accord verify checks it again)`,
            );
          else if (sinceLast) host.out(`Checked everything: ${report.fullBecause ?? 'the verified mark could not be used'}`);
          const counted = report.mode === 'since-last' ? `${report.audit.events} events since the mark` : `${report.audit.events} events`;
          host.out(`Audit chain: ${counted}, ${report.audit.ok ? 'intact' : `BROKEN — ${report.audit.problem}`}`);
          if (report.audit.ok && report.audit.chains !== undefined)
            host.out(
              `Audit lanes: ${report.audit.chains} in use, ${report.audit.anchors ?? 0} anchors${report.mode === 'since-last' ? ' since the mark' : ''}, every lane and the last anchor intact`,
            );
          if (report.mode === 'since-last') host.out(`Audit events in all: ${(await deps.store.auditLanes()).reduce((n, l) => n + l.seq, 0)}`);
          printSeals(host, report);
          const keysOk = await reportMasterKeys(deps, host);
          if (report.recorded)
            host.out(`Verified mark: anchor ${report.recorded.anchorSeq} (${report.recorded.anchorAt}); accord verify --since-last starts there`);
          else if (report.notRecorded) host.out(`Verified mark: not moved (${report.notRecorded})`);
          return report.ok && keysOk ? 0 : 1;
        },
        { lock: false, seal: false },
      );
    case 'import-instrument': {
      // A practice's own (e.g. licensed) instrument definition, validated with every problem listed.
      const file = positional[0];
      if (!file) {
        host.err('Usage: accord import-instrument FILE.json');
        return 2;
      }
      let definition: unknown;
      try {
        definition = JSON.parse(readFileSync(file, 'utf8'));
      } catch (e) {
        host.err(`${file} is not readable JSON: ${(e as Error).message}`);
        return 1;
      }
      return withRuntime(async ({ deps }) => {
        try {
          const def = await importInstrument(deps, definition, (await firstAdmin(deps)).id);
          host.out(`Added ${def.title} (${def.code}) version ${def.version}: ${def.items.length} items.`);
          return 0;
        } catch (e) {
          const details = (e as { details?: { errors?: { path: string; message: string }[] } }).details;
          if (details?.errors) {
            host.err(`${file} was not imported:`);
            for (const x of details.errors) host.err(`  ${x.path || '(top)'}: ${x.message}`);
            return 1;
          }
          throw e;
        }
      });
    }
    case 'export': {
      const format = flags.format ?? 'fhir';
      const out = flags.out;
      const clientId = typeof flags.client === 'string' ? flags.client : undefined;
      if ((format !== 'fhir' && format !== 'csv') || typeof out !== 'string' || (!clientId && flags.practice !== true) || (clientId && flags.practice)) {
        host.err('Usage: accord export --client ID | --practice --format fhir|csv --out FILE');
        return 2;
      }
      return withRuntime(
        async ({ deps }) => {
          let x: PracticeExport;
          try {
            x = clientId ? await exportClient(deps, clientId, 'staff') : await exportPractice(deps, null);
          } catch (e) {
            if ((e as { code?: string }).code === 'not_found') {
              host.err(`Nothing was exported: ${(e as Error).message}`);
              return 1;
            }
            throw e;
          }
          const written: string[] = [];
          if (format === 'fhir') {
            const bundle = toFhirBundle(x, deps.ids.newId());
            writeFileSync(out, JSON.stringify(bundle, null, 2), { mode: 0o600 });
            written.push(`${out} (${bundle.entry.length} resources)`);
          } else {
            const base = out.replace(/\.csv$/i, '');
            for (const t of CSV_TABLES) {
              writeFileSync(`${base}.${t}.csv`, csvTable(x, t), { mode: 0o600 });
              written.push(`${base}.${t}.csv`);
            }
          }
          await recordOperatorExport(deps, x, `${format}: ${clientId ? 'client' : 'practice'}`);
          host.out(`Exported ${x.clients.length} client record${x.clients.length === 1 ? '' : 's'} (no process notes): ${written.join(', ')}.`);
          return 0;
        },
        { lock: false },
      );
    }
    case 'import': {
      const file = positional[0];
      if (!file || !existsSync(file)) {
        host.err('Usage: accord import FILE [--dry-run] [--client ID] [--therapist EMAIL] (the file must exist)');
        return 2;
      }
      const size = statSync(file).size;
      if (size > IMPORT_MAX_BYTES) {
        host.err(
          `Nothing was imported: ${file} is ${Math.round(size / 1048576)} MB; an import takes at most ${IMPORT_MAX_BYTES / 1048576} MB (split it by client).`,
        );
        return 1;
      }
      const clientId = typeof flags.client === 'string' ? flags.client : undefined;
      const dryRun = flags['dry-run'] === true;
      return withRuntime(async ({ deps }) => {
        const practice = await deps.store.findPractice();
        const therapists = practice ? (await deps.store.listStaffUsers(practice.id)).filter((u) => u.roles.includes('therapist') && u.status === 'active') : [];
        const named = typeof flags.therapist === 'string' ? therapists.find((u) => u.email === String(flags.therapist).toLowerCase()) : therapists[0];
        if (!named) {
          host.err(
            typeof flags.therapist === 'string'
              ? `No active therapist with the email ${String(flags.therapist)}.`
              : 'The practice has no active therapist to give the records to.',
          );
          return 1;
        }
        const read = readImportFile(readFileSync(file, 'utf8'), { forClient: clientId !== undefined });
        let r: ImportOutcome;
        try {
          r = await importRecords(deps, read, clientId ? { kind: 'client', clientId } : { kind: 'practice', therapistId: named.id, byName: true }, {
            dryRun,
            importedBy: named.id,
          });
        } catch (e) {
          if (!(e instanceof DomainError)) throw e;
          const details = e.details as { problems?: { where: string; message: string }[] } | undefined;
          host.err(
            details?.problems
              ? `Nothing was imported from ${file}: ${details.problems.length} problem${details.problems.length === 1 ? '' : 's'}.`
              : `Nothing was imported: ${e.message}`,
          );
          for (const p of details?.problems ?? []) host.err(`  ${p.where}: ${p.message}`);
          return 1;
        }
        const c = r.counts;
        const what = `${c.clients} clients, ${c.courses} courses, ${c.sessions} sessions, ${c.responses} answers, ${c.goals} goals (${c.duplicates} duplicates skipped)`;
        for (const n of r.notes) host.out(`  note: ${n}`);
        if (r.problems.length) {
          host.err(`${file} has ${r.problems.length} problem${r.problems.length === 1 ? '' : 's'}; nothing would be imported:`);
          for (const p of r.problems) host.err(`  ${p.where}: ${p.message}`);
          return 1;
        }
        await recordOperatorImport(deps, r, named.id);
        host.out(dryRun ? `Dry run: ${file} reads without a problem: ${what}. Nothing was written.` : `Imported ${file}: ${what}.`);
        return 0;
      });
    }
    case 'rotate-key':
      return withRuntime(
        async ({ deps }) => {
          const r = await rotateMasterKey(deps);
          host.out(`New master key ${r.newKeyId}; ${r.rewrapped} client keys re-wrapped; retired: ${r.retired.join(', ') || 'none'}.`);
          return 0;
        },
        { lock: false },
      );
    case 'reports':
      if (positional[0] !== 'rebuild') {
        host.err(`Usage: accord reports rebuild\n\n${HELP}`);
        return 2;
      }
      return withRuntime(async ({ deps }) => {
        // The same recompute every write runs, forced (nothing remembered lets it skip a course).
        const r = await rebuildCourseOutcomes(deps, (d, id) => {
          forgetRecomputes(d.store, [id]);
          return recomputeAlliance(d, id);
        });
        host.out(`Practice report: ${r.courses} courses summarised.`);
        return 0;
      });
    default:
      host.err(`Unknown command: ${command}\n\n${HELP}`);
      return 2;
  }
}

/** The sealed-records part of `accord verify`: what was checked, since when, and what failed. */
function printSeals(host: CliHost, report: VerifyReport): void {
  const since = report.sealedSince;
  host.out(
    `Sealed records: ${report.records.checked} checked${report.mode === 'since-last' ? ' (sealed since the mark)' : ''}, ${report.records.ok ? 'intact' : 'ALTERED'}`,
  );
  for (const p of report.records.ok ? [] : report.records.problems) host.out(`  - ${p}`);
  host.out(since ? `Sealed since: event ${since.seq} (${since.at}); tampering before then cannot be seen` : 'Sealed since: NOT SEALED');
}

export { issueSetupToken };
