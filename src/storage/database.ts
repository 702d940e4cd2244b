/**
 * Connection factories: embedded SQLite (better-sqlite3; WAL, synchronous=FULL, foreign keys on, statements prepared once per SQL text through statement-cache.ts) by default, PostgreSQL when a
 * DATABASE_URL is given. Both run the same migrations and are used through the same Kysely store.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { CompiledQuery, Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import type { Driver } from 'kysely';
import type { DB } from './schema.ts';
import { migrationProvider } from './migrations/index.ts';
import { StatementCache } from './statement-cache.ts';
import type { RowCache } from './row-cache.ts';

/** `rows`: the answers cached above a SQLite connection (row-cache.ts); none on PostgreSQL. */
export type Connection = {
  db: Kysely<DB>;
  /** PostgreSQL with DATABASE_READ_URL: the read replica's pool, for reports (kysely-context.ts readDb). */
  reads?: Kysely<DB>;
  dialect: 'sqlite' | 'postgres';
  rows?: RowCache;
  close(): Promise<void>;
};

/**
 * PostgreSQL session settings of Accord's connections. `work_mem` (per sort or hash, default 4 MB)
 * is raised so the practice report's grouped reads aggregate in memory: at national size its
 * therapist × month grouping has about 100,000 groups, which spilled to disk and doubled the report's
 * time (docs/scale.md). A cap per operation, not an allocation. `jit` is off: Accord's statements are
 * index walks of a few milliseconds at most, and when the planner's estimate of one crosses
 * jit_above_cost, compiling it (≈ 17 ms, measured on the caseload's scores) costs more than running it.
 */
const PG_SESSION_OPTIONS = '-c work_mem=64MB -c jit=off -c TimeZone=UTC';

/**
 * A `timestamptz` as the ISO instant the stores wrote (`2026-03-02T09:00:00.000Z`, always with
 * milliseconds, as `Date.toISOString` writes every time kept in these columns): PostgreSQL prints
 * `2026-03-02 09:00:00+00` (microseconds when there are some, in the session's time zone). Anything
 * else (infinity, years before 1 or after 9999) comes back as PostgreSQL prints it.
 */
export function isoOfTimestamptz(v: string): string {
  // The usual case, read without a regular expression (every time of every row passes here): a UTC
  // session's text, `2026-03-02 09:00:00[.ffffff]+00`, or JSON's, `2026-03-02T09:00:00[.ffffff]+00:00`.
  const end = v.endsWith('+00') ? v.length - 3 : v.endsWith('+00:00') ? v.length - 6 : -1;
  if (
    (end === 19 || (end >= 21 && end <= 26 && v.charCodeAt(19) === 46)) &&
    v.charCodeAt(4) === 45 &&
    v.charCodeAt(7) === 45 &&
    (v.charCodeAt(10) === 32 || v.charCodeAt(10) === 84) &&
    v.charCodeAt(13) === 58 &&
    v.charCodeAt(16) === 58
  )
    return `${v.slice(0, 10)}T${v.slice(11, 19)}.${end === 19 ? '000' : (v.slice(20, end) + '00').slice(0, 3)}Z`;
  const m = /^(\d{4})-(\d\d)-(\d\d)[ T](\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?(?:([+-])(\d\d)(?::?(\d\d))?(?::?(\d\d))?)?$/.exec(v);
  if (!m) return v;
  const [, y, mo, d, h, mi, s, frac, sign, oh, om, os] = m;
  const date = new Date(0);
  date.setUTCFullYear(Number(y), Number(mo) - 1, Number(d));
  date.setUTCHours(Number(h), Number(mi), Number(s), Number((frac ?? '').padEnd(3, '0').slice(0, 3)));
  const offset = sign ? (sign === '-' ? -1 : 1) * (Number(oh) * 3600 + Number(om ?? 0) * 60 + Number(os ?? 0)) * 1000 : 0;
  return new Date(date.getTime() - offset).toISOString();
}

/**
 * The values of PostgreSQL's own types as the stores expect them (migration 0023 made the large
 * tables' ids `uuid` and their times `timestamptz`; SQLite keeps both as text): a uuid as its
 * lower-case text (how UUIDv7 ids are written), a timestamptz as its ISO instant, a bigint (the
 * audit seq) as a number. Set on the pg module, so every client of the process reads them alike.
 */
export function setPgTypeParsers(): void {
  pg.types.setTypeParser(20, (v) => Number(v));
  pg.types.setTypeParser(2950, (v) => v);
  pg.types.setTypeParser(1184, isoOfTimestamptz);
}

export type ConnectOptions = {
  databaseUrl?: string | undefined;
  /** A streaming read replica of `databaseUrl` (PostgreSQL only), read by the reports. */
  databaseReadUrl?: string | undefined;
  dataDir: string;
  memory?: boolean;
};

export function connect(opts: ConnectOptions): Connection {
  if (opts.databaseUrl) {
    setPgTypeParsers();
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 10, options: PG_SESSION_OPTIONS });
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    // An idle connection the server ends (a restart, a terminated backend) is dropped by the pool and
    // the next query opens a new one; unheard, the pool's 'error' event would end the whole process.
    pool.on('error', () => undefined);
    const readPool = opts.databaseReadUrl ? new pg.Pool({ connectionString: opts.databaseReadUrl, max: 5, options: PG_SESSION_OPTIONS }) : undefined;
    readPool?.on('error', () => undefined);
    const reads = readPool ? new Kysely<DB>({ dialect: new PostgresDialect({ pool: readPool }) }) : undefined;
    // PostgreSQL's commit returns once its WAL is flushed (synchronous_commit on, the default).
    return {
      db,
      dialect: 'postgres',
      ...(reads ? { reads } : {}),
      close: async () => {
        await reads?.destroy();
        await db.destroy();
      },
    };
  }
  let file = ':memory:';
  if (!opts.memory) {
    mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
    file = join(opts.dataDir, 'accord.db');
  }
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  // A commit is on disk when it returns: nothing that depends on it can be answered before.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // SQLite's own page cache, per connection: 64 MiB instead of the default 2 MiB, so the pages a
  // practice reads over and over (a course's responses, sessions and goals, the audit trail's
  // tail) stay in memory rather than being read back from the operating system's cache at every
  // request. It is an upper bound, filled only as pages are read (docs/performance.md).
  sqlite.pragma('cache_size = -65536');
  // Kysely prepares every query it runs: the cache makes that one statement per SQL text.
  const statements = new StatementCache(sqlite);
  const db = new Kysely<DB>({ dialect: new ImmediateSqliteDialect({ database: statements }) });
  return {
    db,
    dialect: 'sqlite',
    rows: statements.rows,
    close: () => db.destroy(),
  };
}

/**
 * SQLite transactions begin IMMEDIATE: they take the write lock at the start (waiting up to the
 * busy timeout for another process, such as `accord rotate-key`), instead of failing at once with
 * SQLITE_BUSY when a transaction that has read tries to write after another process committed.
 */
class ImmediateSqliteDialect extends SqliteDialect {
  override createDriver(): Driver {
    const driver = super.createDriver();
    driver.beginTransaction = async (connection) => {
      await connection.executeQuery(CompiledQuery.raw('begin immediate'));
    };
    return driver;
  }
}

/** Applies pending migrations; throws with the failing migration's name, leaving nothing half-done. */
export async function migrate(db: Kysely<DB>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: migrationProvider, migrationTableName: 'accord_migrations', migrationLockTableName: 'accord_migrations_lock' });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${error instanceof Error ? error.message : JSON.stringify(error)}`);
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/**
 * Rewrites the SQLite file and empties its WAL, so text deleted or overwritten in place (e.g. by
 * sealing rows that were in clear) is gone from the disk file, not only from the tables.
 */
export async function compactSqlite(db: Kysely<DB>): Promise<void> {
  await sql`pragma wal_checkpoint(truncate)`.execute(db);
  await sql`vacuum`.execute(db);
  await sql`pragma wal_checkpoint(truncate)`.execute(db);
}
