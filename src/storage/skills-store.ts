/**
 * The Kysely implementation of the skills port (SPEC §3 C5, C7), for both dialects. A tracker day
 * is inserted with `on conflict do nothing` against its (tracker, day) key, so two taps racing each
 * other store one day and the second learns it was a duplicate; a target's update is guarded by the
 * `updated_at` it was read at.
 */
import { sql } from 'kysely';
import type { DB } from './schema.ts';
import type { KyselyContext, Db } from './kysely-context.ts';
import type {
  PlannedBreakRow,
  PracticeLogRow,
  SkillTargetRow,
  SkillsCheckRow,
  SkillsSettingsRow,
  SkillsSharingRow,
  SkillsStore,
  SupportCheckRow,
  TrackerDayRow,
  TrackerRow,
} from '../services/ports.ts';

const toTarget = (r: DB['skill_targets']): SkillTargetRow => ({
  id: r.id,
  clientId: r.client_id,
  courseId: r.course_id,
  skillId: r.skill_id,
  planEnc: r.plan_enc,
  targetCount: Number(r.target_count),
  status: r.status as SkillTargetRow['status'],
  proposedSide: r.proposed_side as SkillTargetRow['proposedSide'],
  proposedBy: r.proposed_by,
  proposedAt: r.proposed_at,
  activeSince: r.active_since,
  updatedAt: r.updated_at,
});

const toPractice = (r: DB['practice_logs']): PracticeLogRow => ({
  id: r.id,
  targetId: r.target_id,
  clientId: r.client_id,
  courseId: r.course_id,
  practisedOn: r.practised_on,
  loggedAt: r.logged_at,
  mode: r.mode as PracticeLogRow['mode'],
  outcome: r.outcome as PracticeLogRow['outcome'],
  celebrated: Number(r.celebrated) === 1,
  entryEnc: r.entry_enc,
});

const toDay = (r: DB['tracker_days']): TrackerDayRow => ({ trackerId: r.tracker_id, day: r.day, kept: Number(r.kept) === 1, recordedAt: r.recorded_at });

export class KyselySkillsStore implements SkillsStore {
  private readonly db: Db;
  constructor(ctx: KyselyContext) {
    this.db = ctx.db;
  }

  async findSkillsSettings(practiceId: string) {
    const r = await this.db.selectFrom('skills_settings').selectAll().where('practice_id', '=', practiceId).executeTakeFirst();
    return (
      r && { practiceId: r.practice_id, catalogueJson: r.catalogue_json, stalledDays: Number(r.stalled_days), updatedAt: r.updated_at, updatedBy: r.updated_by }
    );
  }

  async setSkillsSettings(row: SkillsSettingsRow) {
    const values = { catalogue_json: row.catalogueJson, stalled_days: row.stalledDays, updated_at: row.updatedAt, updated_by: row.updatedBy };
    await this.db
      .insertInto('skills_settings')
      .values({ practice_id: row.practiceId, ...values })
      .onConflict((oc) => oc.column('practice_id').doUpdateSet(values))
      .execute();
  }

  async insertSkillsCheck(row: SkillsCheckRow) {
    await this.db
      .insertInto('skills_checks')
      .values({ id: row.id, client_id: row.clientId, course_id: row.courseId, answered_at: row.answeredAt, answers_enc: row.answersEnc })
      .execute();
  }

  async listSkillsChecks(courseId: string) {
    const rows = await this.db.selectFrom('skills_checks').selectAll().where('course_id', '=', courseId).orderBy('answered_at').orderBy('id').execute();
    return rows.map((r) => ({ id: r.id, clientId: r.client_id, courseId: r.course_id, answeredAt: r.answered_at, answersEnc: r.answers_enc }));
  }

  async insertSkillTarget(row: SkillTargetRow) {
    await this.db
      .insertInto('skill_targets')
      .values({
        id: row.id,
        client_id: row.clientId,
        course_id: row.courseId,
        skill_id: row.skillId,
        plan_enc: row.planEnc,
        target_count: row.targetCount,
        status: row.status,
        proposed_side: row.proposedSide,
        proposed_by: row.proposedBy,
        proposed_at: row.proposedAt,
        active_since: row.activeSince,
        updated_at: row.updatedAt,
      })
      .execute();
  }

  async findSkillTarget(id: string) {
    const r = await this.db.selectFrom('skill_targets').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toTarget(r);
  }

  async listSkillTargets(courseId: string) {
    return (await this.db.selectFrom('skill_targets').selectAll().where('course_id', '=', courseId).orderBy('proposed_at').orderBy('id').execute()).map(
      toTarget,
    );
  }

  async updateSkillTarget(row: SkillTargetRow, expectedUpdatedAt: string) {
    const res = await this.db
      .updateTable('skill_targets')
      .set({ plan_enc: row.planEnc, target_count: row.targetCount, status: row.status, active_since: row.activeSince, updated_at: row.updatedAt })
      .where('id', '=', row.id)
      .where('updated_at', '=', expectedUpdatedAt)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  async listActiveTargetSummaries() {
    const rows = await this.db
      .selectFrom('skill_targets as t')
      .leftJoin('practice_logs as p', 'p.target_id', 't.id')
      .selectAll('t')
      .select([sql<string | null>`max(p.practised_on)`.as('last_practised_on'), sql<number | string>`count(p.id)`.as('total')])
      .where('t.status', '=', 'active')
      .groupBy([
        't.id',
        't.client_id',
        't.course_id',
        't.skill_id',
        't.plan_enc',
        't.target_count',
        't.status',
        't.proposed_side',
        't.proposed_by',
        't.proposed_at',
        't.active_since',
        't.updated_at',
      ])
      .orderBy('t.id')
      .execute();
    return rows.map((r) => ({ target: toTarget(r), lastPractisedOn: r.last_practised_on, total: Number(r.total) }));
  }

  async insertPracticeLog(row: PracticeLogRow) {
    await this.db
      .insertInto('practice_logs')
      .values({
        id: row.id,
        target_id: row.targetId,
        client_id: row.clientId,
        course_id: row.courseId,
        practised_on: row.practisedOn,
        logged_at: row.loggedAt,
        mode: row.mode,
        outcome: row.outcome,
        celebrated: row.celebrated ? 1 : 0,
        entry_enc: row.entryEnc,
      })
      .execute();
  }

  async findPracticeLog(id: string) {
    const r = await this.db.selectFrom('practice_logs').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toPractice(r);
  }

  async listPracticeLogs(courseId: string) {
    const rows = await this.db
      .selectFrom('practice_logs')
      .selectAll()
      .where('course_id', '=', courseId)
      .orderBy('practised_on')
      .orderBy('logged_at')
      .orderBy('id')
      .execute();
    return rows.map(toPractice);
  }

  async setPracticeCelebrated(id: string, celebrated: boolean) {
    const res = await this.db
      .updateTable('practice_logs')
      .set({ celebrated: celebrated ? 1 : 0 })
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  async insertTracker(row: TrackerRow) {
    await this.db
      .insertInto('trackers')
      .values({ id: row.id, client_id: row.clientId, course_id: row.courseId, label_enc: row.labelEnc, created_at: row.createdAt })
      .execute();
  }

  async listTrackers(courseId: string) {
    const rows = await this.db.selectFrom('trackers').selectAll().where('course_id', '=', courseId).orderBy('created_at').orderBy('id').execute();
    return rows.map((r) => ({ id: r.id, clientId: r.client_id, courseId: r.course_id, labelEnc: r.label_enc, createdAt: r.created_at }));
  }

  async insertTrackerDay(row: TrackerDayRow) {
    const res = await this.db
      .insertInto('tracker_days')
      .values({ tracker_id: row.trackerId, day: row.day, kept: row.kept ? 1 : 0, recorded_at: row.recordedAt })
      .onConflict((oc) => oc.columns(['tracker_id', 'day']).doNothing())
      .executeTakeFirst();
    return Number(res.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  async updateTrackerDay(row: TrackerDayRow) {
    const res = await this.db
      .updateTable('tracker_days')
      .set({ kept: row.kept ? 1 : 0, recorded_at: row.recordedAt })
      .where('tracker_id', '=', row.trackerId)
      .where('day', '=', row.day)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  async listTrackerDays(courseId: string) {
    const rows = await this.db
      .selectFrom('tracker_days as d')
      .innerJoin('trackers as t', 't.id', 'd.tracker_id')
      .selectAll('d')
      .where('t.course_id', '=', courseId)
      .orderBy('d.tracker_id')
      .orderBy('d.day')
      .execute();
    return rows.map(toDay);
  }

  async insertPlannedBreak(row: PlannedBreakRow) {
    await this.db
      .insertInto('planned_breaks')
      .values({
        id: row.id,
        client_id: row.clientId,
        course_id: row.courseId,
        starts_on: row.startsOn,
        ends_on: row.endsOn,
        label_enc: row.labelEnc,
        created_at: row.createdAt,
        created_by: row.createdBy,
      })
      .execute();
  }

  async listPlannedBreaks(courseId: string) {
    const rows = await this.db.selectFrom('planned_breaks').selectAll().where('course_id', '=', courseId).orderBy('starts_on').orderBy('id').execute();
    return rows.map((r) => ({
      id: r.id,
      clientId: r.client_id,
      courseId: r.course_id,
      startsOn: r.starts_on,
      endsOn: r.ends_on,
      labelEnc: r.label_enc,
      createdAt: r.created_at,
      createdBy: r.created_by,
    }));
  }

  async insertSupportCheck(row: SupportCheckRow) {
    await this.db
      .insertInto('support_checks')
      .values({
        id: row.id,
        client_id: row.clientId,
        course_id: row.courseId,
        answered_at: row.answeredAt,
        calm: row.calm,
        people: row.people,
        supports_enc: row.supportsEnc,
      })
      .execute();
  }

  async listSupportChecks(courseId: string) {
    const rows = await this.db.selectFrom('support_checks').selectAll().where('course_id', '=', courseId).orderBy('answered_at').orderBy('id').execute();
    return rows.map((r) => ({
      id: r.id,
      clientId: r.client_id,
      courseId: r.course_id,
      answeredAt: r.answered_at,
      calm: Number(r.calm),
      people: Number(r.people),
      supportsEnc: r.supports_enc,
    }));
  }

  async findSkillsSharing(clientId: string) {
    const r = await this.db.selectFrom('skills_sharing').selectAll().where('client_id', '=', clientId).executeTakeFirst();
    return r && { clientId: r.client_id, shared: Number(r.shared) === 1, updatedAt: r.updated_at };
  }

  async setSkillsSharing(row: SkillsSharingRow) {
    const values = { shared: row.shared ? 1 : 0, updated_at: row.updatedAt };
    await this.db
      .insertInto('skills_sharing')
      .values({ client_id: row.clientId, ...values })
      .onConflict((oc) => oc.column('client_id').doUpdateSet(values))
      .execute();
  }

  async loadSkillsForAlliance(courseId: string, clientId: string) {
    const [sharing, practice, days, checks] = await Promise.all([
      this.findSkillsSharing(clientId),
      this.db.selectFrom('practice_logs').select(['id', 'logged_at', 'mode']).where('course_id', '=', courseId).orderBy('logged_at').orderBy('id').execute(),
      this.listTrackerDays(courseId),
      this.db
        .selectFrom('support_checks')
        .select(['id', 'answered_at', 'calm', 'people'])
        .where('course_id', '=', courseId)
        .orderBy('answered_at')
        .orderBy('id')
        .execute(),
    ]);
    return {
      shared: sharing?.shared ?? false,
      practice: practice.map((r) => ({ id: r.id, loggedAt: r.logged_at, mode: r.mode as PracticeLogRow['mode'] })),
      trackerDays: days,
      supportChecks: checks.map((r) => ({ id: r.id, answeredAt: r.answered_at, calm: Number(r.calm), people: Number(r.people) })),
    };
  }
}
