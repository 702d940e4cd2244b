/**
 * The Kysely implementation of the reports port: the `course_outcomes` summary table (migration
 * 0018). The report's reads are single GROUP BY statements over the table's indexes
 * (`course_outcomes_practice_ended`, `course_outcomes_therapist_ended`), sums of 0/1 columns, so
 * both dialects answer them alike and nothing but the group totals leaves the database.
 */
import { sql } from 'kysely';
import type { RawBuilder } from 'kysely';
import type { DB } from './schema.ts';
import type { Db, KyselyContext } from './kysely-context.ts';
import { bool } from './kysely-context.ts';
import type { CourseOutcomeRow, OutcomeCounts, OutcomeSeriesRow, ReportDimension, ReportFilter, ReportsStore } from '../services/ports.ts';
import type { SeriesPoint } from '../domain/reports/course-outcome.ts';
import type { CourseStatus, EndReason } from '../domain/people.ts';
import type { AllianceType } from '../domain/cues/types.ts';

type Row = DB['course_outcomes'];

const flag = (v: number | null): boolean | null => (v === null ? null : Number(v) === 1);
const num = (v: number | string | null): number | null => (v === null ? null : Number(v));
const series = (v: string | null): SeriesPoint[] | null => (v === null ? null : (JSON.parse(v) as SeriesPoint[]));

export const toCourseOutcome = (r: Row): CourseOutcomeRow => ({
  courseId: r.course_id,
  practiceId: r.practice_id,
  therapistId: r.therapist_id,
  clientId: r.client_id,
  startedOn: r.started_on,
  endedOn: r.ended_on,
  status: r.status as CourseStatus,
  endReason: r.end_reason as EndReason | null,
  attended: Number(r.attended),
  finished: Number(r.finished) === 1,
  droppedOut: Number(r.dropped_out) === 1,
  phq9First: num(r.phq9_first),
  phq9Last: num(r.phq9_last),
  gad7First: num(r.gad7_first),
  gad7Last: num(r.gad7_last),
  paired: Number(r.paired) === 1,
  casenessFirst: flag(r.caseness_first),
  casenessLast: flag(r.caseness_last),
  reliableImprovement: flag(r.reliable_improvement),
  reliableDeterioration: flag(r.reliable_deterioration),
  recovery: flag(r.recovery),
  reliableRecovery: flag(r.reliable_recovery),
  agreedEarly: Number(r.agreed_early) === 1,
  earlyType: r.early_type as AllianceType | null,
  agreedType: r.agreed_type as AllianceType | null,
  inferredType: r.inferred_type as AllianceType | 'mixed' | null,
  intakeDivergence: num(r.intake_divergence),
  divergenceHigh: flag(r.divergence_high),
  goalConsensus: num(r.goal_consensus),
  phq9Series: series(r.phq9_series),
  gad7Series: series(r.gad7_series),
  updatedAt: r.updated_at,
});

const flagOf = (v: boolean | null): number | null => (v === null ? null : bool(v));

export const fromCourseOutcome = (o: CourseOutcomeRow): Row => ({
  course_id: o.courseId,
  practice_id: o.practiceId,
  therapist_id: o.therapistId,
  client_id: o.clientId,
  started_on: o.startedOn,
  ended_on: o.endedOn,
  status: o.status,
  end_reason: o.endReason,
  attended: o.attended,
  finished: bool(o.finished),
  dropped_out: bool(o.droppedOut),
  phq9_first: o.phq9First,
  phq9_last: o.phq9Last,
  gad7_first: o.gad7First,
  gad7_last: o.gad7Last,
  paired: bool(o.paired),
  caseness_first: flagOf(o.casenessFirst),
  caseness_last: flagOf(o.casenessLast),
  reliable_improvement: flagOf(o.reliableImprovement),
  reliable_deterioration: flagOf(o.reliableDeterioration),
  recovery: flagOf(o.recovery),
  reliable_recovery: flagOf(o.reliableRecovery),
  agreed_early: bool(o.agreedEarly),
  early_type: o.earlyType,
  agreed_type: o.agreedType,
  inferred_type: o.inferredType,
  intake_divergence: o.intakeDivergence,
  divergence_high: flagOf(o.divergenceHigh),
  goal_consensus: o.goalConsensus,
  phq9_series: o.phq9Series === null ? null : JSON.stringify(o.phq9Series),
  gad7_series: o.gad7Series === null ? null : JSON.stringify(o.gad7Series),
  updated_at: o.updatedAt,
});

/** The SQL expression of each dimension (a closed set: user text never reaches it). */
const DIMENSION_SQL: Readonly<Record<ReportDimension, RawBuilder<string | null>>> = {
  therapist: sql<string>`therapist_id`,
  month: sql<string>`substr(ended_on, 1, 7)`,
  divergence: sql<string | null>`cast(divergence_high as text)`,
  early: sql<string>`cast(agreed_early as text)`,
  earlyType: sql<string | null>`early_type`,
  agreedType: sql<string | null>`agreed_type`,
  inferredType: sql<string | null>`inferred_type`,
};

const count = (cond: RawBuilder<unknown>) => sql<number | string>`sum(case when ${cond} then 1 else 0 end)`;

export class KyselyReportsStore implements ReportsStore {
  private readonly db: Db;
  constructor(private readonly ctx: KyselyContext) {
    this.db = ctx.db;
  }

  async upsertCourseOutcome(row: CourseOutcomeRow) {
    const values = fromCourseOutcome(row);
    const { course_id: _id, ...rest } = values;
    await this.db
      .insertInto('course_outcomes')
      .values(values)
      .onConflict((oc) => oc.column('course_id').doUpdateSet(rest))
      .execute();
  }

  async findCourseOutcome(courseId: string) {
    const r = await this.db.selectFrom('course_outcomes').selectAll().where('course_id', '=', courseId).executeTakeFirst();
    return r && toCourseOutcome(r);
  }

  async countCourseOutcomes(filter: ReportFilter, groupBy: readonly ReportDimension[]): Promise<OutcomeCounts[]> {
    if (filter.therapistIds && filter.therapistIds.length === 0) return [];
    const dims = [...new Set(groupBy)];
    // The report's aggregates read the replica when one is configured (DATABASE_READ_URL).
    let q = this.ctx.readDb
      .selectFrom('course_outcomes')
      .where('practice_id', '=', filter.practiceId)
      .where('ended_on', '>=', filter.from)
      .where('ended_on', '<=', filter.to)
      .where('status', '=', 'ended');
    if (filter.therapistIds) q = q.where('therapist_id', 'in', [...filter.therapistIds]);
    const rows = await q
      .select((eb) => [
        ...dims.map((d, i) => DIMENSION_SQL[d].as(`d${i}`)),
        eb.fn.countAll<number | string>().as('ended'),
        count(sql`finished = 1`).as('finished'),
        count(sql`dropped_out = 1`).as('dropped_out'),
        sql<number | string>`coalesce(sum(attended), 0)`.as('attended_sum'),
        count(sql`finished = 1 and paired = 1`).as('finished_paired'),
        count(sql`finished = 1 and paired = 1 and reliable_improvement = 1`).as('improved'),
        count(sql`finished = 1 and paired = 1 and reliable_deterioration = 1`).as('deteriorated'),
        count(sql`finished = 1 and paired = 1 and caseness_first = 1`).as('finished_caseness'),
        count(sql`finished = 1 and paired = 1 and caseness_first = 1 and recovery = 1`).as('recovered'),
        count(sql`finished = 1 and paired = 1 and caseness_first = 1 and reliable_recovery = 1`).as('reliably_recovered'),
        count(sql`agreed_early = 1`).as('agreed_early'),
        count(sql`agreed_type is not null`).as('with_agreed'),
        count(sql`inferred_type is not null`).as('with_inferred'),
        count(sql`agreed_type is not null and agreed_type = inferred_type`).as('agreed_matches'),
        count(sql`goal_consensus is not null`).as('consensus_n'),
        sql<number | string>`coalesce(sum(goal_consensus), 0)`.as('consensus_sum'),
      ])
      .$if(dims.length > 0, (qb) => qb.groupBy(dims.map((d) => DIMENSION_SQL[d])))
      .execute();
    return rows.map((r) => {
      const raw = r as unknown as Record<string, number | string | null>;
      const key: Partial<Record<ReportDimension, string | null>> = {};
      dims.forEach((d, i) => {
        const v = raw[`d${i}`];
        key[d] = v === null || v === undefined ? null : String(v);
      });
      const n = (k: string) => Number(raw[k] ?? 0);
      return {
        key,
        ended: n('ended'),
        finished: n('finished'),
        droppedOut: n('dropped_out'),
        attendedSum: n('attended_sum'),
        finishedPaired: n('finished_paired'),
        improved: n('improved'),
        deteriorated: n('deteriorated'),
        finishedCaseness: n('finished_caseness'),
        recovered: n('recovered'),
        reliablyRecovered: n('reliably_recovered'),
        agreedEarly: n('agreed_early'),
        withAgreed: n('with_agreed'),
        withInferred: n('with_inferred'),
        agreedMatchesInferred: n('agreed_matches'),
        consensusN: n('consensus_n'),
        consensusSum: n('consensus_sum'),
      };
    });
  }

  async listOutcomeSeries(practiceId: string, instrument: 'phq9' | 'gad7', limit: number): Promise<OutcomeSeriesRow[]> {
    const column = instrument === 'phq9' ? 'phq9_series' : 'gad7_series';
    const rows = await this.ctx.readDb
      .selectFrom('course_outcomes')
      .select(['course_id', 'ended_on', column])
      .where('practice_id', '=', practiceId)
      .where('status', '=', 'ended')
      .where('finished', '=', 1)
      .where(column, 'is not', null)
      .orderBy('ended_on', 'desc')
      .orderBy('course_id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      courseId: r.course_id,
      endedOn: r.ended_on ?? '',
      series: JSON.parse((r as Record<string, string>)[column]!) as [number, number][],
    }));
  }

  async listCourseIdsAfter(afterId: string | null, limit: number) {
    let q = this.db.selectFrom('courses').select('id').orderBy('id').limit(limit);
    if (afterId !== null) q = q.where('id', '>', afterId);
    return (await q.execute()).map((r) => r.id);
  }
}
