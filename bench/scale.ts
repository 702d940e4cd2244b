/**
 * `npm run bench:scale`: the national-scale simulation on PostgreSQL (issue 15, SPEC §7).
 *
 * Generates a national-sized service in a database of its own (`accord_scale`, dropped at the end
 * unless --keep): about 2 million referrals a year, about 8 sessions each, a PHQ-9 every session,
 * therapists (≈ 170 courses a year each) and supervisors (one to eight therapists) in proportion,
 * with believable courses: about a third drop out after 1–4 sessions, the others run 7–15 sessions,
 * most improve and some recover, an alliance agreed early in about half of them. The schema is made
 * by Accord's own migrations (openStorage); the rows are written with set-based SQL
 * (generate_series, INSERT … SELECT), not through the use cases — a year through the services would
 * take days on this machine. Then it measures and prints ONE JSON object on stdout (progress on stderr):
 *
 * - `report_10m_s`: the practice report as the service makes it (its four grouped reads of the
 *   `course_outcomes` summary table through the real store, in one parallel round, and the
 *   domain's rates and intervals) over the whole generated period, median of 3 warm runs;
 *   `report_cold_s` the first run. Target ≤ 5 s over ≥ 10 M sessions.
 * - `audit_scaling_2x`: audited write transactions per second (each appends 2 events through the
 *   real audit store) with two app instances (processes, own pools) ÷ one. Target ≥ 1.6.
 * - `generation_rows_per_s`, per table rows and seconds.
 * - `sizes_per_year`: table, index and total bytes per table, divided by the years generated.
 *
 * Flags: --scale F (fraction of the national size; 1 = 2 M referrals a year; default 1),
 * --years N (default 1), --audit-per-session N (audit events generated per session, default 1),
 * --audit-seconds S (each audit measurement, default 10), --keep (keep the database),
 * --db NAME, --skip-audit, --audit-rounds N (default 3), --audit-concurrency N (appenders per
 * instance, default 1), --no-measures (generate no measure responses: the report never reads them), --measure-only DIR (measure a database kept with --keep again; DIR is the
 * key folder that run printed). Needs PostgreSQL at ACCORD_SCALE_PG_URL (default the test server,
 * postgres://postgres@127.0.0.1:5432/postgres). docs/scale.md has the figures and what they mean.
 *
 * What the generated rows are not: sealed text (names, contacts and answers are placeholders that
 * do not open) and a verifiable audit chain (hashes are the right size, not keyed links). They are
 * the right shape and size for the schema, the indexes and the report.
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openStorage } from '../src/storage/open.ts';
import { YEARLY_TABLES, monthsToKeep, yearsToKeep } from '../src/storage/partitions.ts';
import { practiceReport } from '../src/domain/reports/practice-report.ts';
import type { Store } from '../src/services/ports.ts';

const args = process.argv.slice(2);
const flag = (name: string, fallback: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : fallback;
};
const ADMIN_URL = process.env.ACCORD_SCALE_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB = flag('db', 'accord_scale');
if (!/^[a-z_][a-z0-9_]*$/.test(DB)) throw new Error('--db must be a plain lower-case name');
const SCALE = Number(flag('scale', '1'));
const YEARS = Number(flag('years', '1'));
const AUDIT_PER_SESSION = Number(flag('audit-per-session', '1'));
const AUDIT_SECONDS = Number(flag('audit-seconds', '10'));
/**
 * Appenders per instance. One, as in the app: an instance's audit log writes one batch at a time
 * (services/audit-log.ts), so what two instances add over one is exactly what a shared head row
 * would take away.
 */
const AUDIT_CONCURRENCY = Number(flag('audit-concurrency', '1'));
const AUDIT_ROUNDS = Number(flag('audit-rounds', '3'));
const KEEP = args.includes('--keep');
const MEASURE_ONLY = args.includes('--measure-only') ? flag('measure-only', '') : '';
const SKIP_AUDIT = args.includes('--skip-audit');
/**
 * Generate no measure responses (the report reads course_outcomes and its rollup, never the
 * measures; measures are more than half of the generation's time): for a report figure on a busy
 * machine. Their size a year is then not measured.
 */
const NO_MEASURES = args.includes('--no-measures');
const REFERRALS_PER_YEAR = 2_000_000;
const COURSES_PER_THERAPIST_YEAR = 170; // 40 active clients, courses of about 12 weeks
const THERAPISTS_PER_SUPERVISOR = 8;
const LANES = 16;

const log = (line: string) => process.stderr.write(`${line}\n`);
const dbUrl = (name: string) => ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);
const seconds = (t0: number) => (performance.now() - t0) / 1000;

// ---------------------------------------------------------------------------------------------
// A worker: one app instance appending audited writes for a while (audit_scaling_2x).

if (args[0] === '--worker') {
  const [, url, keyFile, startAt, durationMs, concurrency] = args;
  const dir = mkdtempSync(join(tmpdir(), 'accord-scale-worker-'));
  const opened = await openStorage({ dataDir: dir, databaseUrl: url, keyFile: keyFile!, seal: false });
  const ev = (n: number) => ({
    actorId: null,
    actorRole: 'therapist',
    action: 'course:write',
    resourceType: 'course',
    resourceId: null,
    clientId: null,
    outcome: 'ok' as const,
    ip: '127.0.0.1',
    detail: null,
    id: `${process.pid}-${n}-${Math.random().toString(36).slice(2)}`,
    at: new Date().toISOString(),
  });
  await new Promise((r) => setTimeout(r, Math.max(0, Number(startAt) - Date.now())));
  const end = Date.now() + Number(durationMs);
  let appends = 0;
  let n = 0;
  const loop = async () => {
    while (Date.now() < end) {
      // One audited write: its transaction appends its events last, as the app's unit of work does.
      await opened.store.transaction((tx) => tx.appendAudit([ev(n++), ev(n++)]));
      appends++;
    }
  };
  await Promise.all(Array.from({ length: Number(concurrency) }, loop));
  process.send!({ appends, seconds: Number(durationMs) / 1000 });
  await opened.close();
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}

// ---------------------------------------------------------------------------------------------

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: ADMIN_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/**
 * Drops the simulation's database: without FORCE while its connections may still be closing (a
 * closed pool's connection ended by the server would raise an error nobody hears), FORCE only if it
 * stays in use for five seconds.
 */
async function dropDatabase(): Promise<void> {
  await admin(async (c) => {
    for (let i = 0; ; i++) {
      try {
        await c.query(`drop database if exists ${DB}`);
        return;
      } catch (err) {
        if ((err as { code?: string }).code !== '55006' || i >= 50) {
          await c.query(`drop database if exists ${DB} with (force)`);
          return;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  });
}

const referrals = Math.max(200, Math.round(REFERRALS_PER_YEAR * SCALE * YEARS));
const therapists = Math.max(2, Math.ceil(referrals / YEARS / COURSES_PER_THERAPIST_YEAR));
const supervisors = Math.max(1, Math.ceil(therapists / THERAPISTS_PER_SUPERVISOR));
const now = new Date();
const periodStart = new Date(Date.UTC(now.getUTCFullYear() - YEARS, now.getUTCMonth(), 1));
const days = Math.round((Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1) - periodStart.getTime()) / 86_400_000);
const startDay = periodStart.toISOString().slice(0, 10);

async function main(): Promise<void> {
  log(`scale: ${referrals} referrals over ${YEARS} year(s) from ${startDay}, ${therapists} therapists, ${supervisors} supervisors, into database ${DB}`);
  const url = dbUrl(DB);
  if (MEASURE_ONLY) {
    // A database kept by an earlier run (--keep): measure it again, generate nothing.
    const opened = await openStorage({ dataDir: MEASURE_ONLY, databaseUrl: url, keyFile: join(MEASURE_ONLY, 'master.key') });
    const out: Record<string, unknown> = {};
    try {
      Object.assign(out, await timeReport(opened.store));
    } finally {
      await opened.close();
    }
    if (!SKIP_AUDIT) Object.assign(out, await auditScaling(url, MEASURE_ONLY));
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return;
  }
  await admin(async (c) => {
    await c.query(`drop database if exists ${DB} with (force)`);
    await c.query(`create database ${DB}`);
  });
  const dir = mkdtempSync(join(tmpdir(), 'accord-scale-'));
  const out: Record<string, unknown> = { scale: SCALE, years: YEARS, referrals, therapists, supervisors, period_start: startDay, measures: !NO_MEASURES };
  let opened: Awaited<ReturnType<typeof openStorage>> | undefined;
  try {
    // The schema, by Accord's own migrations, and the integrity seal, as `accord serve` would.
    opened = await openStorage({ dataDir: dir, databaseUrl: url, keyFile: join(dir, 'master.key') });
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      const gen = await generate(c);
      Object.assign(out, gen);
      log('vacuum analyze');
      await c.query('vacuum analyze');
      out.sizes_per_year = await sizes(c);
      out.sessions = Number((await c.query('select count(*)::bigint as n from therapy_sessions')).rows[0].n);
    } finally {
      await c.end();
    }
    Object.assign(out, await timeReport(opened.store));
    await opened.close();
    opened = undefined;
    if (!SKIP_AUDIT) Object.assign(out, await auditScaling(url, dir));
  } catch (err) {
    log(`failed: ${err instanceof Error ? err.message : String(err)}`);
    throw err;
  } finally {
    await opened?.close();
    if (!KEEP) {
      await dropDatabase();
      rmSync(dir, { recursive: true, force: true });
    } else log(`kept: database ${DB}, master key in ${dir} (measure again with --measure-only ${dir})`);
  }
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
}

/** The generation, table by table; returns rows and seconds of each and the overall rate. */
async function generate(c: pg.Client): Promise<Record<string, unknown>> {
  const tables: Record<string, { rows: number; seconds: number }> = {};
  const t0 = performance.now();
  const step = async (name: string, text: string, params: unknown[] = []) => {
    const t = performance.now();
    const r = await c.query(text, params);
    tables[name] = { rows: (tables[name]?.rows ?? 0) + (r.rowCount ?? 0), seconds: (tables[name]?.seconds ?? 0) + seconds(t) };
    log(`  ${name}: ${r.rowCount ?? 0} rows in ${seconds(t).toFixed(1)} s`);
  };
  // Bulk-load settings for this session only: no FK triggers (rows are valid by construction), no
  // wait for the WAL flush per statement, memory for sorts and index builds.
  await c.query(`set session_replication_role = replica`);
  await c.query(`set synchronous_commit = off`);
  await c.query(`set maintenance_work_mem = '1GB'`);
  await c.query(`set work_mem = '256MB'`);
  // A time-ordered id like Accord's UUIDv7: milliseconds first, then hashed bits.
  // A time-ordered id like Accord's UUIDv7: milliseconds first, then hashed bits (one expression,
  // so PostgreSQL inlines it).
  await c.query(`
    create function scale_id(ms bigint, salt text) returns text language sql immutable as $$
      select (lpad(to_hex(ms), 12, '0') || '7' || substr(md5(salt), 1, 3) || 'a' || substr(md5(salt), 4, 15))::uuid::text
    $$`);
  // The secondary indexes are dropped and made again after the load (much faster than row by row).
  const loaded = ['users', 'supervisions', 'clients', 'courses', 'therapy_sessions', 'measure_responses', 'course_outcomes', 'audit_events'];
  const idx = await c.query<{ indexname: string; indexdef: string; tablename: string }>(
    `select i.indexname, i.indexdef, i.tablename from pg_indexes i
     where i.schemaname = 'public' and i.tablename = any($1)
       and not exists (select 1 from pg_constraint k where k.conname = i.indexname)`,
    [loaded],
  );
  const parentIdx = idx.rows.filter((r) => !/^audit_events_\d/.test(r.tablename) && r.tablename !== 'audit_events_default');
  for (const r of parentIdx) await c.query(`drop index if exists ${r.indexname}`);

  // The audit trail's monthly partitions for the generated period (a start makes only the months from now on).
  const parts = await c.query<{ name: string }>(`select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid`);
  const have = new Set(parts.rows.map((r) => r.name));
  for (const [name, lower, upper] of monthsToKeep(now, startDay, true)) {
    if (!have.has(name)) await c.query(`create table ${name} partition of audit_events for values from ('${lower}') to ('${upper}')`);
  }
  // And the sessions' and responses' yearly partitions (by the time in their UUIDv7 ids, migration 0023).
  for (const table of YEARLY_TABLES) {
    for (const [name, lower, upper] of yearsToKeep(table, now, Number(startDay.slice(0, 4)))) {
      if (!have.has(name)) await c.query(`create table ${name} partition of ${table} for values from ('${lower}') to ('${upper}')`);
    }
  }
  const practiceId = '00000000-0000-7000-a000-000000000001';
  const at0 = `${startDay}T08:00:00.000Z`;
  await step(
    'practices',
    `insert into practices (id, name, time_zone, locale, crisis_info, require_mfa_staff, require_mfa_admin, escalation_minutes, process_note_reauth_minutes, notes_reveal_days, created_at)
     values ($1, 'National service (simulated)', 'Europe/London', 'en-GB', 'Call 999 or go to A&E.', 1, 1, 60, 15, 7, $2)`,
    [practiceId, at0],
  );
  // Therapists 0…T-1, supervisors T…T+S-1, then 10 administrators.
  await step(
    'users',
    `insert into users (id, practice_id, email_hash, email_enc, display_name_enc, password_hash, roles, status, client_id, totp_secret, totp_last_step, mfa_enabled, created_at, updated_at)
     select scale_id(0, 'u' || u), $1, md5('email' || u) || md5('e2' || u), 'sealed:' || md5('em' || u), 'sealed:' || md5('name' || u), null,
            case when u < ${therapists} then 'therapist' when u < ${therapists + supervisors} then 'supervisor' else 'admin' end, 'active', null, null, null, 1, $2, $2
     from generate_series(0, ${therapists + supervisors + 9}) u`,
    [practiceId, at0],
  );
  await step(
    'supervisions',
    `insert into supervisions (supervisor_id, therapist_id, practice_id, created_at)
     select scale_id(0, 'u' || (${therapists} + t / ${THERAPISTS_PER_SUPERVISOR})), scale_id(0, 'u' || t), $1, $2 from generate_series(0, ${therapists - 1}) t`,
    [practiceId, at0],
  );
  // Each referral's course, drawn once: start day, therapist, drop-out, length, first score and slope, alliance.
  await c.query(`select setseed(0.15)`);
  await c.query(`
    create unlogged table scale_courses as
    select i, th, day, dropout, n, s0, slope, agreed, kind, inferred_same, divergence, consensus,
           (date '${startDay}' + day)::text as started_on,
           case when day + 7 * (n - 1) < ${days} then (date '${startDay}' + day + 7 * (n - 1))::text end as ended_on
    from (
      select i, (i % ${therapists}) as th, floor(random() * ${days})::int as day, d as dropout,
             case when d then 1 + floor(random() * 4)::int else 7 + floor(random() * 9)::int end as n,
             8 + floor(random() * 17)::int as s0,
             case when random() < 0.65 then -0.6 - random() * 1.2 else random() * 0.6 - 0.3 end as slope,
             random() < 0.55 as agreed,
             (array['working', 'therapeutic', 'structuralizing', 'magical'])[1 + floor(random() * random() * 4)::int] as kind,
             random() < 0.7 as inferred_same, random() * 0.7 as divergence, random() as consensus
      from (select i, random() < 0.33 as d from generate_series(0, ${referrals - 1}) i) g
    ) x`);
  await c.query(`create index on scale_courses (i)`);
  const clientId = `scale_id(((extract(epoch from date '${startDay}') + s.day * 86400) * 1000)::bigint, 'c' || s.i)`;
  const courseId = `scale_id(((extract(epoch from date '${startDay}') + s.day * 86400) * 1000)::bigint + 1, 'k' || s.i)`;
  const therapistId = `scale_id(0, 'u' || s.th)`;
  await step(
    'clients',
    `insert into clients (id, practice_id, therapist_id, name_enc, contact_enc, status, created_at, updated_at)
     select ${clientId}, $1, ${therapistId}, 'sealed:' || md5('n' || s.i), 'sealed:' || md5('k' || s.i) || md5('p' || s.i),
            case when s.ended_on is null then 'active' else 'discharged' end, s.started_on || 'T09:00:00.000Z', s.started_on || 'T09:00:00.000Z'
     from scale_courses s`,
    [practiceId],
  );
  await step(
    'courses',
    `insert into courses (id, client_id, practice_id, therapist_id, started_on, ended_on, frequency, phase, status, end_reason, created_at, updated_at)
     select ${courseId}, ${clientId}, $1, ${therapistId}, s.started_on, s.ended_on, 'weekly',
            case when s.ended_on is null then 'middle' else 'termination' end,
            case when s.ended_on is null then 'active' else 'ended' end,
            case when s.ended_on is null then null when s.dropout then 'drop_out' else 'planned' end,
            s.started_on || 'T09:00:00.000Z', coalesce(s.ended_on, s.started_on) || 'T11:00:00.000Z'
     from scale_courses s`,
    [practiceId],
  );
  // A course's PHQ-9 total at its k-th session: the first score moved by the slope, a little noise.
  const total = `greatest(0, least(27, s.s0 + round(s.slope * (k - 1))::int + ((s.i * 31 + k * 17) % 3) - 1))`;
  // Sessions', responses' and events' ids are uuid and their times timestamptz on PostgreSQL (migration 0023).
  const sessionAt = `((date '${startDay}' + s.day + 7 * (k - 1))::text || 'T10:00:00.000Z')::timestamptz`;
  const sessionId = `scale_id(((extract(epoch from date '${startDay}') + (s.day + 7 * (k - 1)) * 86400 + 36000) * 1000)::bigint, 's' || s.i || '-' || k)`;
  // In slices, so one statement's sort and WAL stay bounded.
  const slice = 250_000;
  for (let from = 0; from < referrals; from += slice) {
    const range = [from, Math.min(referrals, from + slice) - 1];
    await step(
      'therapy_sessions',
      `insert into therapy_sessions (id, course_id, client_id, starts_at, duration_minutes, status, created_at, updated_at)
       select ${sessionId}::uuid, ${courseId}, ${clientId}, ${sessionAt}, 50, 'attended', ${sessionAt}, ${sessionAt}
       from scale_courses s, generate_series(1, s.n) k
       where s.i between $1::int and $2::int and s.day + 7 * (k - 1) < ${days}`,
      range,
    );
    if (!NO_MEASURES)
      await step(
        'measure_responses',
        `insert into measure_responses (id, client_id, course_id, session_id, schedule_id, instrument_code, instrument_version, respondent, source, entered_by,
                                      completed_at, created_at, answers_enc, valid, total, band_label, band_severity, caseness, invalid_reason, safety_flagged, supersedes_id, seal, sealed_seq)
       select scale_id(((extract(epoch from date '${startDay}') + (s.day + 7 * (k - 1)) * 86400 + 35700) * 1000)::bigint, 'r' || s.i || '-' || k)::uuid,
              ${clientId}, ${courseId}, ${sessionId}::uuid, null, 'phq9', '1', 'client', 'portal', ${clientId}, ${sessionAt}, ${sessionAt},
              'sealed:' || repeat(md5(s.i || '-' || k), 3), 1, t,
              case when t >= 20 then 'Severe' when t >= 15 then 'Moderately severe' when t >= 10 then 'Moderate' when t >= 5 then 'Mild' else 'Minimal' end,
              case when t >= 20 then 'severe' when t >= 15 then 'moderately_severe' when t >= 10 then 'moderate' when t >= 5 then 'mild' else 'none' end,
              case when t >= 10 then 1 else 0 end, null, case when (s.i + k) % 97 = 0 then 1 else 0 end, null,
              repeat(md5('seal' || s.i || '-' || k), 2), 0
       from scale_courses s, generate_series(1, s.n) k, lateral (select ${total} as t) x
       where s.i between $1::int and $2::int and s.day + 7 * (k - 1) < ${days}`,
        range,
      );
    if (AUDIT_PER_SESSION > 0) {
      // Events spread over the lanes in turn; each lane's places run without gaps.
      await step(
        'audit_events',
        `insert into audit_events (seq, id, at, actor_id, actor_role, action, resource_type, resource_id, client_id, outcome, ip, detail, prev_hash, hash, chain, chain_seq)
         select g, scale_id(((extract(epoch from date '${startDay}') + (s.day + 7 * (k - 1)) * 86400 + 36000 + e) * 1000)::bigint, 'a' || g)::uuid,
                ${sessionAt}, ${therapistId}, 'therapist', case e when 0 then 'course:write' else 'client:read' end, 'course', ${courseId}, ${clientId},
                'ok', '10.0.0.1', null, repeat(md5('p' || g), 2), repeat(md5('h' || g), 2), 1 + (g - 1) % ${LANES}, 1 + (g - 1) / ${LANES}
         from (
           select s.*, k, e, (select coalesce(max(seq), 0) from audit_events) + row_number() over () as g
           from scale_courses s, generate_series(1, s.n) k, generate_series(0, ${AUDIT_PER_SESSION - 1}) e
           where s.i between $1::int and $2::int and s.day + 7 * (k - 1) < ${days}
         ) s`,
        range,
      );
    }
  }
  await step(
    'course_outcomes',
    `insert into course_outcomes (course_id, practice_id, therapist_id, client_id, started_on, ended_on, status, end_reason, attended, finished, dropped_out,
                                  phq9_first, phq9_last, gad7_first, gad7_last, paired, caseness_first, caseness_last, reliable_improvement, reliable_deterioration,
                                  recovery, reliable_recovery, agreed_early, early_type, agreed_type, inferred_type, intake_divergence, divergence_high,
                                  goal_consensus, phq9_series, gad7_series, updated_at)
     select ${courseId}, $1, ${therapistId}, ${clientId}, s.started_on, s.ended_on, case when s.ended_on is null then 'active' else 'ended' end,
            case when s.ended_on is null then null when s.dropout then 'drop_out' else 'planned' end,
            a.attended, case when s.ended_on is not null and a.attended >= 2 then 1 else 0 end,
            case when s.ended_on is not null and s.dropout then 1 else 0 end,
            f.first, l.last, null, null, case when a.attended >= 2 then 1 else 0 end,
            case when a.attended >= 2 then (f.first >= 10)::int end, case when a.attended >= 2 then (l.last >= 10)::int end,
            case when a.attended >= 2 then (f.first - l.last >= 6)::int end, case when a.attended >= 2 then (l.last - f.first >= 6)::int end,
            case when a.attended >= 2 then (f.first >= 10 and l.last < 10)::int end,
            case when a.attended >= 2 then (f.first >= 10 and l.last < 10 and f.first - l.last >= 6)::int end,
            case when s.agreed and a.attended >= 3 then 1 else 0 end, case when s.agreed then s.kind end, case when s.agreed then s.kind end,
            case when a.attended >= 3 then case when s.inferred_same then s.kind else 'working' end end,
            s.divergence, (s.divergence >= 0.35)::int, case when s.agreed then round(s.consensus::numeric, 2) end,
            '[' || array_to_string(array(select '[' || k || ',' || ${total} || ']' from generate_series(1, a.attended) k), ',') || ']', null, $2
     from scale_courses s,
          lateral (select least(s.n, greatest(1, ${days} - s.day + 6) / 7) as attended) a,
          lateral (select greatest(0, least(27, s.s0 + ((s.i * 31 + 17) % 3) - 1)) as first) f,
          lateral (select greatest(0, least(27, s.s0 + round(s.slope * (a.attended - 1))::int + ((s.i * 31 + a.attended * 17) % 3) - 1)) as last) l`,
    [practiceId, now.toISOString()],
  );
  const tIdx = performance.now();
  // A partitioned table's index is listed as `on only` its parent: made again on the parent, it is made on every partition.
  for (const r of parentIdx) await c.query(r.indexdef.replace(' ON ONLY ', ' ON '));
  log(`  indexes: ${parentIdx.length} made again in ${seconds(tIdx).toFixed(1)} s`);
  await c.query(`select setval('audit_event_seq', coalesce((select max(seq) from audit_events), 0) + 1, false)`);
  // The lanes' heads where the generated events end (not keyed links: see the header).
  for (let lane = 1; lane <= LANES; lane++) {
    await c.query(
      `update audit_head set seq = coalesce((select max(chain_seq) from audit_events where chain = $1), 0),
                             hash = coalesce((select hash from audit_events where chain = $1 order by chain_seq desc limit 1), hash) where id = $1`,
      [lane],
    );
  }
  await c.query(`drop table scale_courses`);
  await c.query(`drop function scale_id(bigint, text)`);
  await c.query(`set session_replication_role = origin`);
  const total_s = seconds(t0);
  const rows = Object.values(tables).reduce((n, t) => n + t.rows, 0);
  return { generation: { seconds: Math.round(total_s), rows, tables }, generation_rows_per_s: Math.round(rows / total_s) };
}

/** Bytes per year of every table with rows (partitions summed into their table). */
async function sizes(c: pg.Client): Promise<Record<string, { rows: number; table_mb: number; index_mb: number; total_mb: number }>> {
  const r = await c.query<{ name: string; rows: string; heap: string; idx: string; total: string }>(`
    select coalesce(p.relname, c.relname) as name, sum(c.reltuples)::bigint as rows,
           sum(pg_table_size(c.oid))::bigint as heap, sum(pg_indexes_size(c.oid))::bigint as idx, sum(pg_total_relation_size(c.oid))::bigint as total
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
    left join pg_inherits i on i.inhrelid = c.oid
    left join pg_class p on p.oid = i.inhparent
    where c.relkind = 'r'
    group by 1 having sum(greatest(c.reltuples, 0)) > 0 order by 5 desc`);
  const mb = (b: string) => Math.round((Number(b) / YEARS / 1048576) * 10) / 10;
  const out: Record<string, { rows: number; table_mb: number; index_mb: number; total_mb: number }> = {};
  for (const x of r.rows) out[x.name] = { rows: Math.round(Number(x.rows) / YEARS), table_mb: mb(x.heap), index_mb: mb(x.idx), total_mb: mb(x.total) };
  return out;
}

/**
 * The practice report as the service makes it (services/reports/practice-report.ts getPracticeReport):
 * its four grouped reads of `course_outcomes` in one parallel round, then the domain's rates,
 * intervals and readings. The names of the therapists are left out (the generated names are
 * placeholders that do not open); opening 12,000 names is a few AES-GCM operations each.
 */
export async function practiceReportReads(store: Store, practiceId: string, from: string, to: string): Promise<number> {
  const filter = { practiceId, from, to };
  const [byTherapistMonth, byDivergenceEarly, byEarlyType, byAgreedInferred] = await Promise.all([
    store.countCourseOutcomes(filter, ['therapist', 'month']),
    store.countCourseOutcomes(filter, ['divergence', 'early']),
    store.countCourseOutcomes(filter, ['earlyType']),
    store.countCourseOutcomes(filter, ['agreedType', 'inferredType']),
  ]);
  const report = practiceReport({ byTherapistMonth, byDivergenceEarly, byEarlyType, byAgreedInferred, grouping: 'month' });
  return report.byTherapist.length + report.byPeriod.length;
}

async function timeReport(store: Store): Promise<Record<string, unknown>> {
  const practice = await store.findPractice();
  const from = startDay;
  const to = now.toISOString().slice(0, 10);
  const runs: number[] = [];
  let groups = 0;
  for (let i = 0; i < 4; i++) {
    const t = performance.now();
    groups = await practiceReportReads(store, practice!.id, from, to);
    runs.push(seconds(t));
    log(`  report run ${i + 1}: ${runs[i]!.toFixed(2)} s (${groups} groups)`);
  }
  const warm = runs.slice(1).sort((a, b) => a - b);
  return { report_10m_s: Number(warm[1]!.toFixed(2)), report_cold_s: Number(runs[0]!.toFixed(2)), report_groups: groups, report_target_s: 5 };
}

/** Audited write transactions per second with one app instance, then two (processes started together). */
async function auditScaling(url: string, dir: string): Promise<Record<string, unknown>> {
  const run = async (instances: number): Promise<number> => {
    const startAt = Date.now() + 3000;
    const results = await Promise.all(
      Array.from(
        { length: instances },
        () =>
          new Promise<{ appends: number; seconds: number }>((resolve, reject) => {
            const child = fork(
              fileURLToPath(import.meta.url),
              ['--worker', url, join(dir, 'master.key'), String(startAt), String(AUDIT_SECONDS * 1000), String(AUDIT_CONCURRENCY)],
              {
                execArgv: ['--import', 'tsx'],
              },
            );
            child.on('message', (m) => resolve(m as { appends: number; seconds: number }));
            child.on('exit', (code) => (code ? reject(new Error(`worker exited ${code}`)) : undefined));
          }),
      ),
    );
    return results.reduce((n, r) => n + r.appends / r.seconds, 0);
  };
  // Interleaved rounds (one, two, one, two, …), medians: the machine is shared, so single runs are noisy.
  const ones: number[] = [];
  const twos: number[] = [];
  for (let round = 0; round < AUDIT_ROUNDS; round++) {
    ones.push(await run(1));
    twos.push(await run(2));
    log(`  audit round ${round + 1}: one instance ${ones.at(-1)!.toFixed(0)}/s, two ${twos.at(-1)!.toFixed(0)}/s`);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const one = median(ones);
  const two = median(twos);
  return {
    audit_appends_per_s_1: Math.round(one),
    audit_appends_per_s_2: Math.round(two),
    audit_scaling_2x: Number((two / one).toFixed(2)),
    audit_scaling_target: 1.6,
    audit_rounds: { one: ones.map(Math.round), two: twos.map(Math.round) },
  };
}

await main();
