/**
 * The Kysely implementation of the alliance port: Expectations checks, goals and ratings, the
 * ledger, phase changes and snapshots. Goal ratings and ledger entries are sealed as they are
 * written (their seals cover `goalRatingFields` and `ledgerFields`, which the audit store also
 * reads to check them).
 */
import { sql } from 'kysely';
import type { DB } from './schema.ts';
import type { KyselyContext, Db } from './kysely-context.ts';
import { definedOnly } from './kysely-context.ts';
import { runFixed } from './compiled-query.ts';
import type { Unsealed } from './measures-store.ts';
import type {
  AllianceSnapshotRow,
  AllianceStore,
  CourseAllianceGlance,
  ExpectationsResponseRow,
  GoalRatingRow,
  GoalRow,
  LedgerEntryRow,
  PhaseChangeRow,
} from '../services/ports.ts';
import type { Phase } from '../domain/people.ts';

type SideName = 'client' | 'therapist';
const toExpectations = (r: DB['expectations_responses']): ExpectationsResponseRow => ({
  id: r.id,
  courseId: r.course_id,
  clientId: r.client_id,
  side: r.side as SideName,
  answeredAt: r.answered_at,
  enteredBy: r.entered_by,
  answersEnc: r.answers_enc,
  freeTextEnc: r.free_text_enc,
  cuesEnc: r.cues_enc,
  cuesVersion: r.cues_version === null || r.cues_version === undefined ? null : Number(r.cues_version),
  createdAt: r.created_at,
});
const toGoal = (r: DB['goals']): GoalRow => ({
  id: r.id,
  courseId: r.course_id,
  clientId: r.client_id,
  author: r.author as SideName,
  focus: r.focus,
  state: r.state,
  proposedAt: r.proposed_at,
  proposedBy: r.proposed_by,
  textEnc: r.text_enc,
  cuesEnc: r.cues_enc,
  cuesVersion: r.cues_version === null || r.cues_version === undefined ? null : Number(r.cues_version),
  agreedAt: r.agreed_at,
  agreedBy: r.agreed_by as SideName | null,
  agreementRecordedBy: r.agreement_recorded_by as SideName | null,
  agreementWordsEnc: r.agreement_words_enc,
  closedState: r.closed_state,
  closedAt: r.closed_at,
  closedBy: r.closed_by as SideName | null,
  closureNoteEnc: r.closure_note_enc,
  revisedTo: r.revised_to,
  revisionOf: r.revision_of,
  gasWeight: r.gas_weight === null ? null : Number(r.gas_weight),
  gasDescriptionsEnc: r.gas_descriptions_enc,
  updatedAt: r.updated_at,
  proposalRecordedAt: r.proposal_recorded_at ?? null,
  agreementRecordedAt: r.agreement_recorded_at ?? null,
  closureRecordedAt: r.closure_recorded_at ?? null,
});
const goalColumns = (g: Partial<GoalRow>) =>
  definedOnly({
    state: g.state,
    focus: g.focus,
    text_enc: g.textEnc,
    cues_enc: g.cuesEnc,
    cues_version: g.cuesVersion,
    agreed_at: g.agreedAt,
    agreed_by: g.agreedBy,
    agreement_recorded_by: g.agreementRecordedBy,
    agreement_words_enc: g.agreementWordsEnc,
    closed_state: g.closedState,
    closed_at: g.closedAt,
    closed_by: g.closedBy,
    closure_note_enc: g.closureNoteEnc,
    revised_to: g.revisedTo,
    revision_of: g.revisionOf,
    gas_weight: g.gasWeight,
    gas_descriptions_enc: g.gasDescriptionsEnc,
    updated_at: g.updatedAt,
    proposal_recorded_at: g.proposalRecordedAt,
    agreement_recorded_at: g.agreementRecordedAt,
    closure_recorded_at: g.closureRecordedAt,
  });
export const toLedgerEntry = (r: Unsealed<DB['alliance_ledger']>): LedgerEntryRow => ({
  id: r.id,
  courseId: r.course_id,
  clientId: r.client_id,
  seq: Number(r.seq),
  kind: r.kind as LedgerEntryRow['kind'],
  agreementId: r.agreement_id,
  at: r.at,
  side: r.side as SideName,
  recordedBy: r.recorded_by as SideName | null,
  enteredBy: r.entered_by,
  allianceType: r.alliance_type,
  frequency: r.frequency,
  reviewPoint: r.review_point,
  supersedes: r.supersedes,
  statementEnc: r.statement_enc,
  reasonEnc: r.reason_enc,
  wordsEnc: r.words_enc,
  recordedAt: r.recorded_at ?? null,
});
export const toGoalRating = (r: Unsealed<DB['goal_ratings']>): GoalRatingRow => ({
  id: r.id,
  goalId: r.goal_id,
  courseId: r.course_id,
  kind: r.kind as GoalRatingRow['kind'],
  at: r.at,
  value: Number(r.value),
  recordedBy: r.recorded_by as GoalRatingRow['recordedBy'],
  recordedAt: r.recorded_at ?? null,
});
const snapshotValues = (r: AllianceSnapshotRow) => ({
  id: r.id,
  course_id: r.courseId,
  client_id: r.clientId,
  session_id: r.sessionId,
  at: r.at,
  inputs_key: r.inputsKey,
  dominant: r.dominant,
  distribution: r.distribution,
  mass: r.mass,
  evidence_enc: r.evidenceEnc,
  computed_at: r.computedAt,
});
const SNAPSHOTS_PER_INSERT = 200;
const toSnapshot = (r: DB['alliance_snapshots']): AllianceSnapshotRow => ({
  id: r.id,
  courseId: r.course_id,
  clientId: r.client_id,
  sessionId: r.session_id,
  at: r.at,
  inputsKey: r.inputs_key,
  dominant: r.dominant,
  distribution: r.distribution,
  mass: Number(r.mass),
  evidenceEnc: r.evidence_enc,
  computedAt: r.computed_at,
});

/** The columns the seals of goal ratings and ledger entries cover, from the mapped records. */
export const goalRatingFields = (r: GoalRatingRow): unknown[] => [r.goalId, r.courseId, r.kind, r.at, r.value, r.recordedBy];
export const ledgerFields = (r: LedgerEntryRow): unknown[] => [
  r.courseId,
  r.clientId,
  r.seq,
  r.kind,
  r.agreementId,
  r.at,
  r.side,
  r.recordedBy,
  r.enteredBy,
  r.allianceType,
  r.frequency,
  r.reviewPoint,
  r.supersedes,
  r.statementEnc,
  r.reasonEnc,
  r.wordsEnc,
];

export class KyselyAllianceStore implements AllianceStore {
  private readonly db: Db;
  constructor(private readonly ctx: KyselyContext) {
    this.db = ctx.db;
  }

  async insertExpectationsResponse(r: ExpectationsResponseRow) {
    await this.db
      .insertInto('expectations_responses')
      .values({
        id: r.id,
        course_id: r.courseId,
        client_id: r.clientId,
        side: r.side,
        answered_at: r.answeredAt,
        entered_by: r.enteredBy,
        answers_enc: r.answersEnc,
        free_text_enc: r.freeTextEnc,
        cues_enc: r.cuesEnc,
        cues_version: r.cuesVersion,
        created_at: r.createdAt,
      })
      .execute();
  }
  async listExpectationsResponses(courseId: string) {
    return (
      await this.db.selectFrom('expectations_responses').selectAll().where('course_id', '=', courseId).orderBy('answered_at').orderBy('id').execute()
    ).map(toExpectations);
  }
  async insertGoal(g: GoalRow) {
    await this.db
      .insertInto('goals')
      .values({
        id: g.id,
        course_id: g.courseId,
        client_id: g.clientId,
        author: g.author,
        proposed_at: g.proposedAt,
        proposed_by: g.proposedBy,
        // The columns a goal's later steps may change, from the one mapping the updates use.
        ...(goalColumns(g) as Required<ReturnType<typeof goalColumns>>),
      })
      .execute();
  }
  async findGoal(id: string) {
    const r = await this.db.selectFrom('goals').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toGoal(r);
  }
  async listGoals(courseId: string) {
    return (await this.db.selectFrom('goals').selectAll().where('course_id', '=', courseId).orderBy('proposed_at').orderBy('id').execute()).map(toGoal);
  }
  async courseHasAgreedGoal(courseId: string) {
    const rows = await runFixed<{ one: number }>(
      this.db,
      this.ctx.dialect,
      `select 1 as "one" from "goals" where "course_id" = ? and "state" = 'agreed' limit 1`,
      [courseId],
    );
    return rows.length > 0;
  }
  async updateGoal(id: string, fromState: string, patch: Partial<Omit<GoalRow, 'id' | 'courseId' | 'clientId' | 'author' | 'proposedAt' | 'proposedBy'>>) {
    const set = goalColumns(patch);
    if (!Object.keys(set).length) return true;
    const r = await this.db.updateTable('goals').set(set).where('id', '=', id).where('state', '=', fromState).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }
  async insertGoalRating(r: GoalRatingRow) {
    await this.db
      .insertInto('goal_ratings')
      .values({
        id: r.id,
        goal_id: r.goalId,
        course_id: r.courseId,
        kind: r.kind,
        at: r.at,
        value: r.value,
        recorded_by: r.recordedBy,
        recorded_at: r.recordedAt ?? null,
        ...(await this.ctx.sealOf('goal_ratings', r.id, goalRatingFields(r))),
      })
      .execute();
  }
  async listGoalRatings(courseId: string) {
    return (await this.db.selectFrom('goal_ratings').selectAll().where('course_id', '=', courseId).orderBy('at').orderBy('id').execute()).map(toGoalRating);
  }
  async appendLedgerEntry(r: LedgerEntryRow) {
    const values = {
      id: r.id,
      course_id: r.courseId,
      client_id: r.clientId,
      seq: r.seq,
      kind: r.kind,
      agreement_id: r.agreementId,
      at: r.at,
      side: r.side,
      recorded_by: r.recordedBy,
      entered_by: r.enteredBy,
      alliance_type: r.allianceType,
      frequency: r.frequency,
      review_point: r.reviewPoint,
      supersedes: r.supersedes,
      statement_enc: r.statementEnc,
      reason_enc: r.reasonEnc,
      words_enc: r.wordsEnc,
      recorded_at: r.recordedAt ?? null,
      ...(await this.ctx.sealOf('alliance_ledger', r.id, ledgerFields(r))),
    };
    const insert = () => this.db.insertInto('alliance_ledger').values(values).execute();
    if (!this.ctx.inTx) {
      await insert();
      return;
    }
    // Within a transaction a refused append (its seq taken by a concurrent one) must leave the
    // transaction usable: PostgreSQL refuses every later statement of an aborted transaction,
    // including the read that tells the caller the ledger moved meanwhile.
    await sql`savepoint ledger_append`.execute(this.db);
    try {
      await insert();
    } catch (err) {
      await sql`rollback to savepoint ledger_append`.execute(this.db);
      throw err;
    }
    await sql`release savepoint ledger_append`.execute(this.db);
  }
  async listLedger(courseId: string) {
    return (await this.db.selectFrom('alliance_ledger').selectAll().where('course_id', '=', courseId).orderBy('seq').execute()).map(toLedgerEntry);
  }
  async insertPhaseChange(r: PhaseChangeRow) {
    await this.db.insertInto('course_phase_changes').values({ id: r.id, course_id: r.courseId, at: r.at, phase: r.phase }).execute();
  }
  async listPhaseChanges(courseId: string) {
    return (await this.db.selectFrom('course_phase_changes').selectAll().where('course_id', '=', courseId).orderBy('at').orderBy('id').execute()).map((r) => ({
      id: r.id,
      courseId: r.course_id,
      at: r.at,
      phase: r.phase as Phase,
    }));
  }
  async putAllianceSnapshot(r: AllianceSnapshotRow) {
    const values = snapshotValues(r);
    // The id is replaced too: the evidence is sealed bound to the id it was written with.
    const { course_id: _c, session_id: _s, ...update } = values;
    await this.db
      .insertInto('alliance_snapshots')
      .values(values)
      .onConflict((oc) => oc.columns(['course_id', 'session_id']).doUpdateSet(update))
      .execute();
  }
  async putAllianceSnapshots(rows: readonly AllianceSnapshotRow[]) {
    // A few hundred rows a statement: well inside both databases' limits on bound parameters.
    for (let i = 0; i < rows.length; i += SNAPSHOTS_PER_INSERT) {
      await this.db
        .insertInto('alliance_snapshots')
        .values(rows.slice(i, i + SNAPSHOTS_PER_INSERT).map(snapshotValues))
        .onConflict((oc) =>
          oc.columns(['course_id', 'session_id']).doUpdateSet((eb) => ({
            // The id too: the evidence is sealed bound to the id it was written with, so a row
            // replaced by a concurrent recompute (which chose its own id) must take that id with it.
            id: eb.ref('excluded.id'),
            client_id: eb.ref('excluded.client_id'),
            at: eb.ref('excluded.at'),
            inputs_key: eb.ref('excluded.inputs_key'),
            dominant: eb.ref('excluded.dominant'),
            distribution: eb.ref('excluded.distribution'),
            mass: eb.ref('excluded.mass'),
            evidence_enc: eb.ref('excluded.evidence_enc'),
            computed_at: eb.ref('excluded.computed_at'),
          })),
        )
        .execute();
    }
  }
  async listAllianceSnapshots(courseId: string) {
    return (await this.db.selectFrom('alliance_snapshots').selectAll().where('course_id', '=', courseId).orderBy('at').execute()).map(toSnapshot);
  }
  async listAllianceSnapshotKeys(courseId: string) {
    return (
      await this.db
        .selectFrom('alliance_snapshots')
        .select(['session_id', 'at', 'inputs_key'])
        .where('course_id', '=', courseId)
        .orderBy('at')
        .orderBy('session_id')
        .execute()
    ).map((r) => ({ sessionId: r.session_id, at: r.at, inputsKey: r.inputs_key }));
  }
  async deleteAllianceSnapshots(courseId: string, sessionIds: readonly string[]) {
    if (!sessionIds.length) return;
    await this.db
      .deleteFrom('alliance_snapshots')
      .where('course_id', '=', courseId)
      .where('session_id', 'in', [...sessionIds])
      .execute();
  }
  async listCourseAllianceGlances(courseIds: readonly string[], lastN: number) {
    return courseIds.length ? this.glances('course', [...new Set(courseIds)], lastN) : [];
  }
  async listCourseAllianceGlancesOfClients(clientIds: readonly string[], lastN: number) {
    return clientIds.length ? this.glances('client', [...new Set(clientIds)], lastN) : [];
  }
  /** The glances of the courses named (each answered, read or not), or of every course of the clients named. */
  private async glances(of: 'course' | 'client', ids: readonly string[], lastN: number): Promise<CourseAllianceGlance[]> {
    const n = Math.max(1, Math.floor(lastN));
    // One statement of fixed text (the course ids are one parameter: an array on PostgreSQL, a JSON
    // array read by json_each on SQLite), one row a course with two aggregates: its ledger's
    // proposals and confirmations without their texts (a handful of entries), and its latest
    // inferences from the (course_id, at, dominant) index alone — the first lastN entries of one
    // backward walk (a few index entries a course, whatever the course's length).
    const pg = this.ctx.dialect === 'postgres';
    // By client on PostgreSQL the courses are found once, first (materialized): inlined, the planner of
    // a freshly restored database (no statistics yet) ran the per-course subqueries from a scan of
    // courses and took 9 ms instead of 3 on the bench's practice.
    const keys = of === 'client' ? this.ctx.courseIdsOfClients(ids) : this.ctx.idRows(ids);
    const agg = (fields: string, order: string) =>
      pg ? sql.raw(`json_agg(json_build_array(${fields}) order by ${order})`) : sql.raw(`json_group_array(json_array(${fields}) order by ${order})`);
    const rows = (
      await sql<{
        id: string;
        ledger: string | Entry[] | null;
        recent: string | [string, string][] | null;
      }>`with k(id) as ${pg && of === 'client' ? sql`materialized ` : sql``}(${keys})
        select k.id,
          (select ${agg('l.seq, l.kind, l.agreement_id, l.alliance_type', 'l.seq')} from alliance_ledger l
            where l.course_id = k.id and l.kind in ('proposal', 'confirmation')) as ledger,
          (select ${sql.raw(pg ? 'json_agg(json_build_array(x.at, x.dominant))' : 'json_group_array(json_array(x.at, x.dominant))')} from (
            select s.at, s.dominant from alliance_snapshots s where s.course_id = k.id order by s.at desc, s.dominant desc limit ${n}) x) as recent
        from k`.execute(this.db)
    ).rows;
    type Entry = [seq: number, kind: string, agreementId: string, allianceType: string | null];
    const parse = <T>(v: string | T[] | null): T[] => (v === null ? [] : typeof v === 'string' ? (JSON.parse(v) as T[]) : v);
    const out = new Map<string, CourseAllianceGlance>(
      (of === 'course' ? ids : rows.map((r) => r.id)).map((courseId) => [courseId, { courseId, agreedType: null, recent: [] }]),
    );
    for (const r of rows) {
      const g = out.get(r.id);
      if (!g) continue;
      const proposed = new Map<string, string | null>();
      for (const [, kind, agreementId, allianceType] of parse<Entry>(r.ledger)) {
        if (kind === 'proposal') proposed.set(agreementId, allianceType);
        // Only a pending agreement can be confirmed, so the latest confirmation names the agreement in force.
        else g.agreedType = proposed.get(agreementId) ?? null;
      }
      // The latest lastN in (time, type) order, read newest first from one backward walk of the
      // covering index; put in order here (an ordered aggregate on PostgreSQL sorted each course's
      // handful under the database's collation, about half the statement). Both are ISO times and
      // type names, so code-unit order is the same order.
      const points = parse<[string, string]>(r.recent);
      points.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
      g.recent = points.map(([at, dominant]) => ({ at, dominant }));
    }
    return [...out.values()];
  }
}
