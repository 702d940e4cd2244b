/**
 * The composition root: reads the configuration, builds the real ports (storage, key ring, clock,
 * ids, hasher), and hands them to the CLI and the HTTP app. Nothing imports this file.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from './config.ts';
import { parseArgs, runCli } from './cli/main.ts';
import type { Runtime } from './cli/main.ts';
import { openStorage } from './storage/open.ts';
import { openKeyRing } from './storage/keyring.ts';
import { fileErasureLog } from './storage/erasure-log.ts';
import { argon2Hasher, systemClock, systemIds } from './storage/system.ts';
import { makeDeps } from './services/compose.ts';
import { buildApp } from './http/app.ts';
import { issueSetupToken } from './services/accounts/setup.ts';
import { startEscalator } from './services/alerts/escalation.ts';
import { recheckAlliance } from './services/unit-of-work.ts';
import { runOwedOutcomeChecks } from './services/measures/outcome-checks.ts';
import { startStalledSweep } from './services/skills/stalled.ts';
import { Background } from './services/background.ts';
import { startMailSender } from './services/mail/sender.ts';
import { indexMissingNames } from './services/people/name-index.ts';
import { sweepMail } from './services/mail/sweeps.ts';
import { smtpMailer } from './storage/smtp-mailer.ts';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';

const argv = process.argv.slice(2);
const { flags } = parseArgs(argv);
const version = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

let config;
try {
  config = loadConfig(flags);
} catch (err) {
  console.error((err as Error).message);
  process.exit(2);
}
const cfg = config;

async function openRuntime(opts?: { lock?: boolean; seal?: boolean }): Promise<Runtime> {
  const storage = await openStorage({
    dataDir: cfg.dataDir,
    databaseUrl: cfg.databaseUrl,
    databaseReadUrl: cfg.databaseReadUrl,
    keyFile: cfg.keyFile,
    masterKey: cfg.masterKey,
    lock: opts?.lock,
    seal: opts?.seal,
  });
  const deps = makeDeps({
    store: storage.store,
    vault: storage.vault,
    clock: systemClock,
    ids: systemIds,
    hasher: argon2Hasher,
    erasureLog: fileErasureLog(join(cfg.dataDir, 'erasures.log')),
  });
  return { deps, close: storage.close };
}

async function serve(): Promise<void> {
  const rt = await openRuntime();
  const app = await buildApp({
    deps: rt.deps,
    webDir: cfg.webDir,
    secureCookies: cfg.secureCookies,
    logger: cfg.logLevel === 'silent' ? false : { level: cfg.logLevel },
    version,
    trustProxy: cfg.trustProxy,
  });
  rt.deps.onLateError = (what, err) => app.log.error({ err: { type: (err as Error)?.name } }, `${what} failed`);
  // Alliance recomputes run shortly after the answer, coalesced per course (services/background.ts).
  const background = new Background(() => rt.deps);
  rt.deps.background = background;
  await app.listen({ port: cfg.port, host: cfg.host });
  // Follow-ups a stopped process never ran are caught up now, in the background: the outcome
  // checks its responses still owe (kept in their table until decided), then the alliance of every
  // open course (re-derived rather than at each course's next write).
  void runOwedOutcomeChecks(rt.deps)
    .then((raised) => app.log.info({ raised: raised.length }, 'outcome checks caught up'))
    .then(() => recheckAlliance(rt.deps))
    .then((raised) => app.log.info({ raised: raised.length }, 'alliance re-checked'))
    .catch((err: unknown) => app.log.error({ err: { type: (err as Error)?.name } }, 'catching up follow-ups failed'));
  // An outcome check whose follow-up failed (a busy database, say) stays owed: tried again every
  // five minutes, each decided once whichever instance claims it.
  let sweepingChecks: Promise<unknown> = Promise.resolve();
  const owedChecks = setInterval(() => {
    sweepingChecks = runOwedOutcomeChecks(rt.deps).catch((err: unknown) => app.log.error({ err: { type: (err as Error)?.name } }, 'outcome checks failed'));
  }, 5 * 60_000);
  owedChecks.unref();
  // Names written before the name index (0025) are indexed for the lists' search, in the background.
  void indexMissingNames(rt.deps)
    .then((n) => app.log.info(n, 'name index built'))
    .catch((err: unknown) => app.log.error({ err: { type: (err as Error)?.name } }, 'name index failed'));
  // Safety alerts left unacknowledged escalate to the designated colleague (exactly once across instances).
  const stopEscalator = startEscalator(rt.deps, { onError: (err) => app.log.error({ err: { type: (err as Error).name } }, 'escalation sweep failed') });
  // Targets without practice for the practice's setting raise "practice stalled" (at start, then hourly).
  const stopStalledSweep = startStalledSweep(rt.deps, {
    onError: (err) => app.log.error({ err: { type: (err as Error).name } }, 'practice-stalled sweep failed'),
  });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : cfg.port;
  const base = cfg.publicUrl ?? `http://${cfg.host === '0.0.0.0' ? 'localhost' : cfg.host}:${port}`;
  // The outbox is delivered by every instance (claims keep them apart); reminders and digests are
  // decided every few minutes (services/mail/sender.ts). With mail off it finds nothing to send.
  const stopMailer = startMailSender(rt.deps, {
    mailer: smtpMailer,
    baseUrl: base,
    claimer: `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`,
    leaseSeconds: cfg.mailLeaseSeconds,
    sweep: () => sweepMail(rt.deps),
    onError: (err) => app.log.error({ err: { type: (err as Error).name } }, 'mail sender failed'),
  });
  console.log(`Accord is running at ${base}  (data: ${cfg.databaseUrl ? 'PostgreSQL' : cfg.dataDir})`);
  const token = await issueSetupToken(rt.deps);
  if (token)
    console.log(`First run: create your practice at ${base}/setup/${token}\n  (or stop Accord and run: accord init --practice NAME --admin-email EMAIL)`);
  const stop = async () => {
    await stopEscalator();
    await stopMailer();
    await stopStalledSweep();
    clearInterval(owedChecks);
    await sweepingChecks;
    await app.close();
    await background.close();
    await rt.deps.audit.settle();
    await rt.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

runCli(argv, {
  openRuntime,
  serve,
  openMasterKeys: () => openKeyRing({ keyFile: cfg.keyFile, envKey: cfg.masterKey }, { create: false }),
  mailer: smtpMailer,
  baseUrl: cfg.baseUrl,
  dataDir: cfg.dataDir,
  stdin: process.stdin,
  out: (l) => console.log(l),
  err: (l) => console.error(l),
})
  .then((code) => {
    if (code !== 0 || !['serve'].includes(parseArgs(argv).command)) process.exitCode = code;
    if (parseArgs(argv).command !== 'serve') setTimeout(() => process.exit(code), 50).unref();
  })
  .catch((err: unknown) => {
    const e = err as Error;
    console.error(e.name === 'DataDirBusyError' || e.name === 'DomainError' ? e.message : `accord: ${e.message}`);
    process.exit(1);
  });
