/**
 * The Kysely implementation of the measures port: instrument definitions, schedules, responses
 * and their score series. A response is sealed as it is written (its seal covers `responseFields`,
 * which the audit store also reads to check it).
 */
import { CompiledQuery, sql } from 'kysely';
import type { RawBuilder } from 'kysely';
import type { DB } from './schema.ts';
import type { KyselyContext, Db } from './kysely-context.ts';
import { bool, definedOnly } from './kysely-context.ts';
import { compiledOnce, insertText, runFixed } from './compiled-query.ts';
import { isoOfTimestamptz } from './database.ts';
import type {
  InstrumentDefinitionRow,
  MeasuresStore,
  OutcomeCheckRow,
  RecentSeries,
  ResponseRow,
  ResponseScoreRow,
  ResponseSource,
  ScheduleRow,
  SeriesPoint,
  SeriesPointsQuery,
} from '../services/ports.ts';
import type { Cadence } from '../domain/measures/schedule.ts';

/** How many latest totals a row of measure_series keeps (the caseload's sparkline shows 12). */
const SERIES_TOTALS = 24;
/** Stand-ins compiled into the series upsert's text, replaced by the series' own values at each run. */
const COURSE = '\u0000course';
const INSTRUMENT = '\u0000instrument';
const refreshTexts: Partial<Record<'sqlite' | 'postgres', { sql: string; parameters: readonly unknown[] }>> = {};
type SeriesRow = { course_id: string; instrument_code: string; totals: string; latest: string; first: string };
type LatestPoint = [
  id: string,
  clientId: string,
  completedAt: string,
  total: number | null,
  band: string | null,
  severity: string | null,
  caseness: number | boolean | null,
];
type FirstPoint = [id: string, completedAt: string, total: number | null];

/** Every column of a response but its sealed answers. */
const SCORE_COLUMNS = [
  'id',
  'client_id',
  'course_id',
  'session_id',
  'schedule_id',
  'instrument_code',
  'instrument_version',
  'respondent',
  'source',
  'entered_by',
  'completed_at',
  'created_at',
  'valid',
  'total',
  'band_label',
  'band_severity',
  'caseness',
  'invalid_reason',
  'safety_flagged',
  'supersedes_id',
] as const;

/** The columns insertResponse writes, in the order it binds them. */
const RESPONSE_COLUMNS = [...SCORE_COLUMNS.slice(0, 12), 'answers_enc', ...SCORE_COLUMNS.slice(12), 'seal', 'sealed_seq'] as const;

type ScoreColumns = Pick<DB['measure_responses'], (typeof SCORE_COLUMNS)[number]>;

const toScoreRow = (r: ScoreColumns): ResponseScoreRow => {
  const { answersEnc: _, ...rest } = toResponse({ ...r, answers_enc: '' });
  return rest;
};

const toSchedule = (r: DB['measure_schedules']): ScheduleRow => ({
  id: r.id,
  courseId: r.course_id,
  clientId: r.client_id,
  instrumentCode: r.instrument_code,
  cadence: r.cadence as Cadence,
  everyN: r.every_n === null ? null : Number(r.every_n),
  active: !!r.active,
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const listInstrumentDefinitionsQuery = compiledOnce((db: Db) => db.selectFrom('instrument_definitions').selectAll().orderBy('code').orderBy('created_at'));
export type Unsealed<T> = Omit<T, 'seal' | 'sealed_seq'>;
export const toResponse = (r: Unsealed<DB['measure_responses']>): ResponseRow => ({
  id: r.id,
  clientId: r.client_id,
  courseId: r.course_id,
  sessionId: r.session_id,
  scheduleId: r.schedule_id,
  instrumentCode: r.instrument_code,
  instrumentVersion: r.instrument_version,
  respondent: r.respondent as ResponseRow['respondent'],
  source: r.source as ResponseSource,
  enteredBy: r.entered_by,
  completedAt: r.completed_at,
  createdAt: r.created_at,
  answersEnc: r.answers_enc,
  valid: !!r.valid,
  total: r.total === null ? null : Number(r.total),
  bandLabel: r.band_label,
  bandSeverity: r.band_severity,
  caseness: r.caseness === null ? null : !!r.caseness,
  invalidReason: r.invalid_reason,
  safetyFlagged: !!r.safety_flagged,
  supersedesId: r.supersedes_id,
});

/**
 * The subquery finding the correction of response `alias` (optionally only a valid one). On SQLite
 * `measure_responses.supersedes_id` is unique, so indexed. On PostgreSQL the partitioned table has
 * no index on it (a unique key of a partitioned table must hold the partition key, migration 0023):
 * there the correction is found through `measure_response_corrections` by its primary key, and the
 * correcting row by its own. Probing the partitioned table by supersedes_id scans every partition,
 * once per response — a cost that grew with years of history (docs/scale.md).
 */
function correctedBy(dialect: string, alias: string, validOnly: boolean): string {
  if (dialect === 'postgres') {
    return validOnly
      ? `select 1 from measure_response_corrections x join measure_responses c on c.id = x.id where x.supersedes_id = ${alias}.id and c.valid = 1`
      : `select 1 from measure_response_corrections x where x.supersedes_id = ${alias}.id`;
  }
  return `select 1 from measure_responses c where c.supersedes_id = ${alias}.id${validOnly ? ' and c.valid = 1' : ''}`;
}

/**
 * The columns a response's seal covers, from the mapped record, so both dialects give the same text
 * (a float total through Math.fround: PostgreSQL keeps it as real).
 */
export const responseFields = (r: ResponseRow): unknown[] => [
  r.clientId,
  r.courseId,
  r.sessionId,
  r.scheduleId,
  r.instrumentCode,
  r.instrumentVersion,
  r.respondent,
  r.source,
  r.enteredBy,
  r.completedAt,
  r.createdAt,
  r.answersEnc,
  r.valid,
  r.total === null ? null : Math.fround(r.total),
  r.bandLabel,
  r.bandSeverity,
  r.caseness,
  r.invalidReason,
  r.safetyFlagged,
  r.supersedesId,
];

export class KyselyMeasuresStore implements MeasuresStore {
  private readonly db: Db;
  constructor(private readonly ctx: KyselyContext) {
    this.db = ctx.db;
  }

  async insertInstrumentDefinition(r: InstrumentDefinitionRow) {
    await this.db
      .insertInto('instrument_definitions')
      .values({
        id: r.id,
        code: r.code,
        version: r.version,
        definition: r.definition,
        created_by: r.createdBy,
        created_at: r.createdAt,
      })
      .execute();
  }
  async listInstrumentDefinitions() {
    // Compiled once (compiled-query.ts): the caseload and every submission read the catalogue.
    return (await listInstrumentDefinitionsQuery(this.db)).map((r) => ({
      id: r.id,
      code: r.code,
      version: r.version,
      definition: r.definition,
      createdBy: r.created_by,
      createdAt: r.created_at,
    }));
  }

  async insertSchedule(r: ScheduleRow) {
    await this.db
      .insertInto('measure_schedules')
      .values({
        id: r.id,
        course_id: r.courseId,
        client_id: r.clientId,
        instrument_code: r.instrumentCode,
        cadence: r.cadence,
        every_n: r.everyN,
        active: bool(r.active),
        created_by: r.createdBy,
        created_at: r.createdAt,
        updated_at: r.updatedAt,
      })
      .execute();
  }
  async findSchedule(id: string) {
    const r = await this.db.selectFrom('measure_schedules').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toSchedule(r);
  }
  async listSchedulesOfCourses(courseIds: readonly string[]) {
    if (!courseIds.length) return [];
    return (
      await this.db
        .selectFrom('measure_schedules')
        .selectAll()
        .where('course_id', 'in', [...courseIds])
        .orderBy('created_at')
        .execute()
    ).map(toSchedule);
  }
  async updateSchedule(id: string, p: Partial<Pick<ScheduleRow, 'active' | 'everyN' | 'cadence' | 'updatedAt'>>) {
    const set = definedOnly({ active: p.active === undefined ? undefined : bool(p.active), every_n: p.everyN, cadence: p.cadence, updated_at: p.updatedAt });
    if (Object.keys(set).length) await this.db.updateTable('measure_schedules').set(set).where('id', '=', id).execute();
  }

  async insertResponse(r: ResponseRow): Promise<void> {
    // The response and its series' row of measure_series in one transaction (the caller's, when
    // the write is part of one, as a submission is).
    if (!this.ctx.inTx) return this.ctx.inTransaction((tx) => new KyselyMeasuresStore(tx).insertResponse(r));
    // A fixed text (compiled-query.ts), not built through Kysely: every submission runs it.
    const { seal, sealed_seq } = await this.ctx.sealOf('measure_responses', r.id, responseFields(r));
    await runFixed(this.db, this.ctx.dialect, insertText('measure_responses', RESPONSE_COLUMNS, 1), [
      r.id,
      r.clientId,
      r.courseId,
      r.sessionId,
      r.scheduleId,
      r.instrumentCode,
      r.instrumentVersion,
      r.respondent,
      r.source,
      r.enteredBy,
      r.completedAt,
      r.createdAt,
      r.answersEnc,
      bool(r.valid),
      r.total,
      r.bandLabel,
      r.bandSeverity,
      r.caseness === null ? null : bool(r.caseness),
      r.invalidReason,
      bool(r.safetyFlagged),
      r.supersedesId,
      seal,
      sealed_seq,
    ]);
    // The series brought up to date. A response outside any course is in no series the caseload
    // shows; a correction also changes the series of the response it replaces (the same one,
    // unless it was recorded under another course or instrument).
    const pairs = new Map<string, readonly [string, string]>();
    if (r.courseId) pairs.set(`${r.courseId}\u0000${r.instrumentCode}`, [r.courseId, r.instrumentCode]);
    if (r.supersedesId) {
      const old = await runFixed<{ course_id: string | null; instrument_code: string }>(
        this.db,
        this.ctx.dialect,
        'select course_id, instrument_code from measure_responses where id = ?',
        [r.supersedesId],
      );
      for (const o of old) if (o.course_id) pairs.set(`${o.course_id}\u0000${o.instrument_code}`, [o.course_id, o.instrument_code]);
    }
    // An invalid response that corrects nothing leaves every series as it was (it is not a point).
    if (!r.valid && !r.supersedesId) return;
    // The usual answer on SQLite: a valid response, later than the series' latest, correcting
    // nothing. It becomes the latest point and the first of the kept totals; the rest stays.
    if (r.courseId && r.valid && !r.supersedesId && (await this.appendToSeries(r.id, r.courseId, r.instrumentCode, r.completedAt))) return;
    // In key order, so two writers locking two series (PostgreSQL) take them in the same order.
    for (const key of [...pairs.keys()].sort()) await this.refreshSeries(this.db, ...pairs.get(key)!);
  }

  /**
   * SQLite: moves a series' row on by one response that is later than its latest point, in one
   * statement that reads the response just inserted (SQLite renders its JSON, as the full refresh
   * would) and keeps the newest SERIES_TOTALS totals; false, and nothing changed, when the series
   * has no row yet or the response is not strictly later than its latest (a tie or a late entry:
   * the full refresh orders those). PostgreSQL always takes the full refresh, under its lock.
   */
  private async appendToSeries(responseId: string, courseId: string, instrumentCode: string, completedAt: string): Promise<boolean> {
    if (this.ctx.dialect !== 'sqlite') return false;
    const r = await runFixed(
      this.db,
      'sqlite',
      `update measure_series set
        totals = (select json_group_array(v order by k) from (
          select -1 as k, m.total as v from measure_responses m where m.id = ?
          union all select cast(t.key as integer), t.value from json_each(measure_series.totals) t where t.key < ?)),
        latest = (select json_array(m.id, m.client_id, m.completed_at, m.total, m.band_label, m.band_severity, m.caseness) from measure_responses m where m.id = ?)
      where course_id = ? and instrument_code = ? and json_extract(latest, '$[2]') < ?
      returning course_id`,
      [responseId, SERIES_TOTALS - 1, responseId, courseId, instrumentCode, completedAt],
    );
    return r.length === 1;
  }
  async queueOutcomeCheck(c: OutcomeCheckRow): Promise<void> {
    await runFixed(this.db, this.ctx.dialect, insertText('outcome_checks', ['id', 'client_id', 'course_id', 'queued_at'], 1), [
      c.id,
      c.clientId,
      c.courseId,
      c.queuedAt,
    ]);
  }
  async claimOutcomeCheck(id: string): Promise<boolean> {
    return (await runFixed(this.db, this.ctx.dialect, 'delete from outcome_checks where id = ? returning id', [id])).length === 1;
  }
  async listOutcomeChecks(limit: number): Promise<OutcomeCheckRow[]> {
    const rows = await runFixed<DB['outcome_checks']>(
      this.db,
      this.ctx.dialect,
      'select id, client_id, course_id, queued_at from outcome_checks order by queued_at, id limit ?',
      [limit],
    );
    return rows.map((r) => ({ id: r.id, clientId: r.client_id, courseId: r.course_id, queuedAt: r.queued_at }));
  }
  async findResponse(id: string) {
    const r = await this.db.selectFrom('measure_responses').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toResponse(r);
  }
  async listResponsesOfClients(clientIds: readonly string[]) {
    if (!clientIds.length) return [];
    const out: ResponseRow[] = [];
    for (let i = 0; i < clientIds.length; i += 500) {
      const rows = await this.db
        .selectFrom('measure_responses')
        .selectAll()
        .where('client_id', 'in', clientIds.slice(i, i + 500))
        .orderBy('completed_at')
        .orderBy('created_at')
        .execute();
      out.push(...rows.map(toResponse));
    }
    // Chunks merged in the order one query gives: completion time, then creation time.
    const order = (a: ResponseRow, b: ResponseRow) =>
      a.completedAt < b.completedAt ? -1 : a.completedAt > b.completedAt ? 1 : a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0;
    return clientIds.length > 500 ? out.sort(order) : out;
  }

  async listSeriesPoints(f: SeriesPointsQuery) {
    // Written as SQL text (a few fixed shapes, each prepared once), not built through Kysely: the
    // submission runs three to seven of these, and building them cost more than running them.
    const params: unknown[] = [];
    const p = (v: unknown) => {
      params.push(v);
      return this.ctx.dialect === 'postgres' ? `$${params.length}` : '?';
    };
    // Doubles on both databases, as JavaScript computes (totals of whole points are exact either way).
    const f8 = (n: number) => `cast(${p(n)} as double precision)`;
    const where = [
      `r.course_id = ${p(f.courseId)}`,
      `r.instrument_code = ${p(f.instrumentCode)}`,
      'r.valid = 1',
      // Current: not corrected by a valid correction (as the outcome rules read a course).
      `not exists (${correctedBy(this.ctx.dialect, 'r', true)})`,
    ];
    if (f.upTo !== undefined) where.push(`r.completed_at <= ${p(f.upTo)}`);
    if (f.totalAtLeast !== undefined) where.push(`r.total >= ${p(f.totalAtLeast)}`);
    if (f.totalAtMost !== undefined) where.push(`r.total <= ${p(f.totalAtMost)}`);
    if (f.after) where.push(`(r.completed_at, r.created_at, r.id) > (${p(f.after.completedAt)}, ${p(f.after.createdAt)}, ${p(f.after.id)})`);
    if (f.change) {
      const { from, by, toward, higherIsBetter } = f.change;
      // worse: higher is better ? from - total : total - from (and the other way round for better)
      const fromMinusTotal = (toward === 'worse') === higherIsBetter;
      where.push(fromMinusTotal ? `(${f8(from)} - r.total) >= ${f8(by)}` : `(r.total - ${f8(from)}) >= ${f8(by)}`);
    }
    const dir = f.from === 'first' ? 'asc' : 'desc';
    const text =
      `select r.id, r.completed_at, r.created_at, r.total from measure_responses r where ${where.join(' and ')}` +
      ` order by r.completed_at ${dir}, r.created_at ${dir}, r.id ${dir}` +
      (f.limit === undefined ? '' : ` limit ${p(f.limit)}`);
    const { rows } = await this.db.executeQuery<Pick<ScoreColumns, 'id' | 'completed_at' | 'created_at' | 'total'>>(CompiledQuery.raw(text, params));
    if (f.from === 'last') rows.reverse();
    return rows.map((r): SeriesPoint => ({ id: r.id, completedAt: r.completed_at, createdAt: r.created_at, total: r.total === null ? null : Number(r.total) }));
  }

  async listInstrumentsOfCourse(courseId: string) {
    // A loose index scan of measure_responses_course: one probe per instrument, not per response.
    // A fixed text (compiled-query.ts): every submission's outcome rules ask it.
    const rows = await runFixed<{ code: string }>(
      this.db,
      this.ctx.dialect,
      `with recursive s(code) as (
        select (select min(r.instrument_code) from measure_responses r where r.course_id = ?)
        union all
        select (select min(r.instrument_code) from measure_responses r where r.course_id = ? and r.instrument_code > s.code) from s where s.code is not null)
      select code from s where code is not null`,
      [courseId, courseId],
    );
    return rows.map((r) => r.code);
  }

  async listResponseScores(f: { clientIds?: readonly string[]; courseId?: string }) {
    let q = this.db.selectFrom('measure_responses').select(SCORE_COLUMNS);
    if (f.courseId) q = q.where('course_id', '=', f.courseId);
    if (f.clientIds) {
      if (!f.clientIds.length) return [];
      q = q.where('client_id', 'in', [...f.clientIds]);
    }
    const rows = await q.orderBy('completed_at').orderBy('created_at').execute();
    return rows.map(toScoreRow);
  }

  async listRecentScores(courseIds: readonly string[], lastN: number) {
    return courseIds.length ? this.recentScores('course', courseIds, lastN) : [];
  }
  async listRecentScoresOfClients(clientIds: readonly string[], lastN: number) {
    return clientIds.length ? this.recentScores('client', clientIds, lastN) : [];
  }
  /** listRecentScores for the courses named, or for every course of the clients named. */
  private async recentScores(of: 'course' | 'client', ids: readonly string[], lastN: number): Promise<RecentSeries[]> {
    const n = Math.max(1, Math.floor(lastN));
    const pg = this.ctx.dialect === 'postgres';
    // The ids are one parameter: a text[] on PostgreSQL, a JSON array read by json_each on SQLite.
    const named = pg ? 'any(cast(? as text[]))' : 'in (select value from json_each(?))';
    const courses =
      of === 'course' ? `course_id ${pg ? '= ' : ''}${named}` : `course_id in (select c.id from courses c where c.client_id ${pg ? '= ' : ''}${named})`;
    // The caseload's read: one short statement over measure_series (migration 0031), kept in each
    // response's transaction, so its cost follows the series shown, not the years behind them. A
    // request for more totals than a row keeps computes them from the responses instead.
    const rows =
      n <= SERIES_TOTALS
        ? await runFixed<SeriesRow>(
            this.db,
            this.ctx.dialect,
            `select course_id, instrument_code, totals, latest, first from measure_series where ${courses}`,
            [pg ? [...ids] : JSON.stringify(ids)],
          )
        : (await this.seriesQuery(of === 'course' ? this.ctx.idRows(ids) : this.ctx.courseIdsOfClients(ids), n).execute(this.db)).rows;
    const parse = <T>(v: string | T): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);
    // Inside JSON a timestamptz is PostgreSQL's text of it (`…T09:50:00+00:00`), not what the type
    // parser gives a column: made the ISO instant the stores wrote (migration 0023).
    const time = (v: string) => (pg ? isoOfTimestamptz(v) : v);
    const keyOf = (r: SeriesRow) => `${r.course_id}\u0000${r.instrument_code}`;
    return rows
      .sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0))
      .map((r): RecentSeries => {
        const [id, clientId, completedAt, total, bandLabel, bandSeverity, caseness] = parse<LatestPoint>(r.latest);
        const first = parse<FirstPoint>(r.first);
        return {
          clientId,
          courseId: r.course_id,
          instrumentCode: r.instrument_code,
          first: { id: first[0], completedAt: time(first[1]), total: Number(first[2]) },
          latest: {
            id,
            completedAt: time(completedAt),
            total: Number(total),
            bandLabel,
            bandSeverity,
            caseness: caseness === null ? null : !!Number(caseness),
          },
          totals: parse<(number | null)[]>(r.totals)
            .slice(0, n)
            .map((t) => Number(t))
            .reverse(),
        };
      });
  }

  async rebuildMeasureSeries() {
    return this.ctx.inTransaction(async (tx) => {
      await sql`delete from measure_series`.execute(tx.db);
      const courses = (await tx.db.selectFrom('courses').select('id').orderBy('id').execute()).map((r) => r.id);
      let kept = 0;
      // 100 courses a statement: larger ones made PostgreSQL's planner cost more than it saved.
      for (let i = 0; i < courses.length; i += 100) {
        const r = await sql`insert into measure_series (course_id, instrument_code, totals, latest, first) ${this.seriesQuery(
          this.ctx.idRows(courses.slice(i, i + 100)),
          SERIES_TOTALS,
        )}`.execute(tx.db);
        kept += Number(r.numAffectedRows ?? 0);
      }
      return kept;
    });
  }

  /**
   * Brings a series' row of measure_series up to date with its responses, in the transaction that
   * wrote them. On PostgreSQL the series is locked first (a transaction-scoped advisory lock), and
   * the row is computed by a later statement, which under READ COMMITTED sees every response
   * committed by a writer that held the lock before: two submissions to one series at once cannot
   * leave a row that misses either.
   */
  private async refreshSeries(db: Db, courseId: string, instrumentCode: string) {
    const pg = this.ctx.dialect === 'postgres';
    if (pg) await runFixed(db, 'postgres', 'select pg_advisory_xact_lock(hashtextextended(?, 31))', [`measure_series/${courseId}/${instrumentCode}`]);
    // Compiled once (a submission runs it): the upsert of the series' row from its responses.
    const upsert = (refreshTexts[this.ctx.dialect] ??= (() => {
      const c = sql`insert into measure_series (course_id, instrument_code, totals, latest, first) ${this.seriesQuery(
        sql`select cast(${COURSE} as text)`,
        SERIES_TOTALS,
        INSTRUMENT,
      )} on conflict (course_id, instrument_code) do update set totals = excluded.totals, latest = excluded.latest, first = excluded.first`.compile(this.db);
      return { sql: c.sql, parameters: c.parameters };
    })());
    const parameters = upsert.parameters.map((v) => (v === COURSE ? courseId : v === INSTRUMENT ? instrumentCode : v));
    const r = await db.executeQuery(CompiledQuery.raw(upsert.sql, parameters));
    // No valid current response left (an invalid correction of the only one): no row.
    if (!Number(r.numAffectedRows ?? 0))
      await runFixed(db, this.ctx.dialect, 'delete from measure_series where course_id = ? and instrument_code = ?', [courseId, instrumentCode]);
  }

  /**
   * The series of the courses `keys` selects (or only `instrument`'s), one row each: the totals of
   * the `n` latest valid current responses (newest first), the latest and the first such response,
   * as JSON texts; series without one are left out. The (course, instrument) pairs are found by a
   * loose index scan (one probe of measure_responses_course per pair, a recursive step to the next
   * instrument of the course); then, for each pair, index walks from each end of its series, so the
   * cost grows with the points returned, not with years of history. Each pair is one row of short
   * texts: a thousand points as rows of ten columns cost the drivers more than the query.
   */
  private seriesQuery(keys: RawBuilder<unknown>, n: number, instrument?: string) {
    const pg = this.ctx.dialect === 'postgres';
    const current = sql.raw(`m.valid = 1 and not exists (${correctedBy(this.ctx.dialect, 'm', false)})`);
    const same = sql.raw('m.course_id = s.course_id and m.instrument_code = s.instrument_code');
    const newest = sql.raw('m.completed_at desc, m.created_at desc, m.id desc');
    const oldest = sql.raw('m.completed_at, m.created_at, m.id');
    const array = (fields: string) => sql.raw(pg ? `json_build_array(${fields})` : `json_array(${fields})`);
    const one = (fields: string, order: typeof newest) =>
      sql`(select ${array(fields)} from measure_responses m where ${same} and ${current} order by ${order} limit 1)`;
    const pairs =
      instrument === undefined
        ? sql`select k.id, (select min(r.instrument_code) from measure_responses r where r.course_id = k.id) from k
          union all
          select s.course_id, (select min(r.instrument_code) from measure_responses r where r.course_id = s.course_id and r.instrument_code > s.instrument_code)
          from s where s.instrument_code is not null`
        : sql`select k.id, cast(${instrument} as text) from k`;
    return sql<SeriesRow>`
        with recursive k(id) as (${keys}),
        s(course_id, instrument_code) as (${pairs}),
        -- Materialized on PostgreSQL: inlined, its latest point was fetched twice (once for the
        -- answer, once for the filter below); 12-15 % of the statement's time.
        p(course_id, instrument_code, totals, latest, first) as ${sql.raw(pg ? 'materialized ' : '')}(
          select s.course_id, s.instrument_code,
            (select ${sql.raw(pg ? 'json_agg' : 'json_group_array')}(m.total order by ${newest}) from (
              select m.total, m.completed_at, m.created_at, m.id from measure_responses m where ${same} and ${current} order by ${newest} limit ${n}) m),
            ${one('m.id, m.client_id, m.completed_at, m.total, m.band_label, m.band_severity, m.caseness', newest)},
            ${one('m.id, m.completed_at, m.total', oldest)}
          from s where s.instrument_code is not null)
        select course_id, instrument_code, cast(totals as text) as totals, cast(latest as text) as latest, cast(first as text) as first from p where latest is not null`;
  }
}
