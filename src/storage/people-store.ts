/**
 * The Kysely implementation of the people port: clients, their data keys, courses and therapy
 * sessions. Names and contacts arrive sealed (the services seal them under the client's key).
 */
import type { DB } from './schema.ts';
import type { KyselyContext, Db } from './kysely-context.ts';
import { definedOnly } from './kysely-context.ts';
import { compiledOnce } from './compiled-query.ts';
import { queryTokens } from '../domain/name-search.ts';
import type { ClientPortalSettingsRow, ClientRow, ClientsPageQuery, CourseRow, PeopleStore, TherapySessionRow, WrappedKey } from '../services/ports.ts';
import type { Frequency, Phase, CourseStatus, EndReason, SessionStatus } from '../domain/people.ts';

const toClient = (r: DB['clients']): ClientRow => ({
  id: r.id,
  practiceId: r.practice_id,
  therapistId: r.therapist_id,
  nameEnc: r.name_enc,
  contactEnc: r.contact_enc,
  status: r.status as ClientRow['status'],
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});
const toCourse = (r: DB['courses']): CourseRow => ({
  id: r.id,
  clientId: r.client_id,
  practiceId: r.practice_id,
  therapistId: r.therapist_id,
  startedOn: r.started_on,
  endedOn: r.ended_on,
  frequency: r.frequency as Frequency,
  phase: r.phase as Phase,
  status: r.status as CourseStatus,
  endReason: r.end_reason as EndReason | null,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});
const toSession = (r: DB['therapy_sessions']): TherapySessionRow => ({
  id: r.id,
  courseId: r.course_id,
  clientId: r.client_id,
  startsAt: r.starts_at,
  durationMinutes: Number(r.duration_minutes),
  status: r.status as SessionStatus,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

// The hottest reads (every client route), compiled once: see compiled-query.ts.
const attendedStartsQuery = compiledOnce((db: Db, courseId: string, status: SessionStatus) =>
  db.selectFrom('therapy_sessions').select('starts_at').where('course_id', '=', courseId).where('status', '=', status).orderBy('starts_at'),
);
const findClientQuery = compiledOnce((db: Db, id: string) => db.selectFrom('clients').selectAll().where('id', '=', id));
/** Every sealed write and read of a client's texts opens their data key: compiled once. */
const clientKeyQuery = compiledOnce((db: Db, clientId: string) => db.selectFrom('client_keys').selectAll().where('client_id', '=', clientId));
const coursesOfClientQuery = compiledOnce((db: Db, clientId: string) =>
  db.selectFrom('courses').selectAll().where('client_id', '=', clientId).orderBy('started_on', 'desc'),
);

export class KyselyPeopleStore implements PeopleStore {
  private readonly db: Db;
  constructor(private readonly ctx: KyselyContext) {
    this.db = ctx.db;
  }

  async insertClientKey(clientId: string, key: WrappedKey, at: string) {
    await this.db.insertInto('client_keys').values({ client_id: clientId, wrapped_key: key.wrapped, master_key_id: key.masterKeyId, created_at: at }).execute();
  }
  async findClientKey(clientId: string) {
    const [r] = await clientKeyQuery(this.db, clientId);
    return r && { wrapped: r.wrapped_key, masterKeyId: r.master_key_id };
  }
  async findClientKeys(clientIds: readonly string[]) {
    const out = new Map<string, WrappedKey>();
    for (let i = 0; i < clientIds.length; i += 500) {
      const rows = await this.db
        .selectFrom('client_keys')
        .selectAll()
        .where('client_id', 'in', clientIds.slice(i, i + 500))
        .execute();
      for (const r of rows) out.set(r.client_id, { wrapped: r.wrapped_key, masterKeyId: r.master_key_id });
    }
    return out;
  }
  async listClientKeys() {
    return (await this.db.selectFrom('client_keys').selectAll().execute()).map((r) => ({
      clientId: r.client_id,
      wrapped: r.wrapped_key,
      masterKeyId: r.master_key_id,
    }));
  }
  async updateClientKey(clientId: string, key: WrappedKey) {
    await this.db.updateTable('client_keys').set({ wrapped_key: key.wrapped, master_key_id: key.masterKeyId }).where('client_id', '=', clientId).execute();
  }

  async insertClient(c: ClientRow) {
    await this.db
      .insertInto('clients')
      .values({
        id: c.id,
        practice_id: c.practiceId,
        therapist_id: c.therapistId,
        name_enc: c.nameEnc,
        contact_enc: c.contactEnc,
        status: c.status,
        created_at: c.createdAt,
        updated_at: c.updatedAt,
      })
      .execute();
  }
  async findClient(id: string) {
    const [r] = await findClientQuery(this.db, id);
    return r && toClient(r);
  }
  async listClients(practiceId: string, filter: { therapistIds?: readonly string[] }) {
    let q = this.db.selectFrom('clients').selectAll().where('practice_id', '=', practiceId);
    if (filter.therapistIds) {
      if (filter.therapistIds.length === 0) return [];
      q = q.where('therapist_id', 'in', [...filter.therapistIds]);
    }
    return (await q.orderBy('created_at').execute()).map(toClient);
  }
  async listClientsPage(practiceId: string, q: ClientsPageQuery) {
    let query = this.db.selectFrom('clients').selectAll().where('practice_id', '=', practiceId);
    if (q.therapistIds) {
      if (q.therapistIds.length === 0) return [];
      query = query.where('therapist_id', 'in', [...q.therapistIds]);
    }
    if (q.search !== undefined) {
      const tokens = queryTokens(q.search);
      const hashes = tokens.length ? await this.ctx.nameTokenHashes(tokens, false) : undefined;
      if (!hashes) return []; // no word to look for, or no account key yet (nothing indexed)
      for (const h of hashes)
        query = query.where('id', 'in', (eb) => eb.selectFrom('name_tokens').select('owner_id').where('kind', '=', 'client').where('token', '=', h));
    }
    if (q.after) {
      const a = q.after;
      query = query.where((eb) => eb(eb.refTuple('created_at', 'id'), '>', eb.tuple(a.createdAt, a.id)));
    }
    return (await query.orderBy('created_at').orderBy('id').limit(q.limit).execute()).map(toClient);
  }
  async indexClientName(clientId: string, name: string) {
    await this.ctx.inTransaction((tx) => tx.indexName('client', clientId, name));
  }
  async clientsWithoutNameIndex(after: string | null, limit: number) {
    let query = this.db
      .selectFrom('clients')
      .selectAll()
      .where((eb) => eb.not(eb.exists(eb.selectFrom('name_tokens').select('owner_id').where('kind', '=', 'client').whereRef('owner_id', '=', 'clients.id'))));
    if (after !== null) query = query.where('id', '>', after);
    return (await query.orderBy('id').limit(limit).execute()).map(toClient);
  }
  async updateClient(id: string, p: Partial<Pick<ClientRow, 'nameEnc' | 'contactEnc' | 'status' | 'therapistId' | 'updatedAt'>>) {
    const set = definedOnly({ name_enc: p.nameEnc, contact_enc: p.contactEnc, status: p.status, therapist_id: p.therapistId, updated_at: p.updatedAt });
    if (Object.keys(set).length) await this.db.updateTable('clients').set(set).where('id', '=', id).execute();
  }

  async insertCourse(c: CourseRow) {
    await this.db
      .insertInto('courses')
      .values({
        id: c.id,
        client_id: c.clientId,
        practice_id: c.practiceId,
        therapist_id: c.therapistId,
        started_on: c.startedOn,
        ended_on: c.endedOn,
        frequency: c.frequency,
        phase: c.phase,
        status: c.status,
        end_reason: c.endReason,
        created_at: c.createdAt,
        updated_at: c.updatedAt,
      })
      .execute();
  }
  async findCourse(id: string) {
    const r = await this.db.selectFrom('courses').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toCourse(r);
  }
  async listCoursesOfClient(clientId: string) {
    return (await coursesOfClientQuery(this.db, clientId)).map(toCourse);
  }
  async listCoursesOfClients(clientIds: readonly string[]) {
    if (!clientIds.length) return [];
    return (
      await this.db
        .selectFrom('courses')
        .selectAll()
        .where('client_id', 'in', [...clientIds])
        .orderBy('started_on', 'desc')
        .execute()
    ).map(toCourse);
  }
  async updateCourse(id: string, c: Partial<Omit<CourseRow, 'id' | 'clientId' | 'practiceId' | 'createdAt'>>) {
    const set = definedOnly({
      therapist_id: c.therapistId,
      started_on: c.startedOn,
      ended_on: c.endedOn,
      frequency: c.frequency,
      phase: c.phase,
      status: c.status,
      end_reason: c.endReason,
      updated_at: c.updatedAt,
    });
    if (Object.keys(set).length) await this.db.updateTable('courses').set(set).where('id', '=', id).execute();
  }

  async insertSession(s: TherapySessionRow) {
    await this.db
      .insertInto('therapy_sessions')
      .values({
        id: s.id,
        course_id: s.courseId,
        client_id: s.clientId,
        starts_at: s.startsAt,
        duration_minutes: s.durationMinutes,
        status: s.status,
        created_at: s.createdAt,
        updated_at: s.updatedAt,
      })
      .execute();
  }
  async findSession(id: string) {
    const r = await this.db.selectFrom('therapy_sessions').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toSession(r);
  }
  async listSessionsOfCourse(courseId: string) {
    return (await this.db.selectFrom('therapy_sessions').selectAll().where('course_id', '=', courseId).orderBy('starts_at').execute()).map(toSession);
  }
  async attendedStartsOfCourse(courseId: string) {
    return (await attendedStartsQuery(this.db, courseId, 'attended')).map((r) => r.starts_at);
  }
  async lastSessionsOfClients(clientIds: readonly string[], before: string) {
    if (!clientIds.length) return [];
    // One index seek per client on (client_id, starts_at), ties broken by id, so exactly one row
    // per client; then those rows by primary key.
    const latest = await this.db
      .selectFrom('clients as c')
      .where('c.id', 'in', [...clientIds])
      .select((eb) =>
        eb
          .selectFrom('therapy_sessions as t')
          .select('t.id')
          .whereRef('t.client_id', '=', 'c.id')
          .where('t.starts_at', '<=', before)
          .orderBy('t.starts_at', 'desc')
          .orderBy('t.id', 'desc')
          .limit(1)
          .as('session_id'),
      )
      .execute();
    const ids = latest.map((r) => r.session_id).filter((id): id is string => typeof id === 'string');
    if (!ids.length) return [];
    return (await this.db.selectFrom('therapy_sessions').selectAll().where('id', 'in', ids).execute()).map(toSession);
  }
  /** When the first session of any of these clients after `at` begins (null if none): how long `lastSessionsOfClients(…, at)` holds. */
  async firstSessionAfter(clientIds: readonly string[], at: string): Promise<string | null> {
    if (!clientIds.length) return null;
    const r = await this.db
      .selectFrom('therapy_sessions')
      .where('client_id', 'in', [...clientIds])
      .where('starts_at', '>', at)
      .select((eb) => eb.fn.min<string>('starts_at').as('first'))
      .executeTakeFirst();
    return r?.first ?? null;
  }
  async sessionStatsOfCourses(courseIds: readonly string[], now: string) {
    if (!courseIds.length) return [];
    const ids = [...courseIds];
    // Two index-only lookups on (course_id, status, starts_at).
    const [attended, next] = await Promise.all([
      this.db
        .selectFrom('therapy_sessions')
        .where('course_id', 'in', ids)
        .where('status', '=', 'attended')
        .groupBy('course_id')
        .select((eb) => ['course_id', eb.fn.countAll<number>().as('n')])
        .execute(),
      this.db
        .selectFrom('therapy_sessions')
        .where('course_id', 'in', ids)
        .where('status', '=', 'scheduled')
        .where('starts_at', '>', now)
        .groupBy('course_id')
        .select((eb) => ['course_id', eb.fn.min<string>('starts_at').as('next')])
        .execute(),
    ]);
    const counts = new Map(attended.map((r) => [r.course_id, Number(r.n)]));
    const nexts = new Map(next.map((r) => [r.course_id, r.next]));
    return ids.map((courseId) => ({ courseId, attended: counts.get(courseId) ?? 0, nextStartsAt: nexts.get(courseId) ?? null }));
  }
  async updateSession(id: string, p: Partial<Pick<TherapySessionRow, 'startsAt' | 'durationMinutes' | 'status' | 'updatedAt'>>) {
    const set = definedOnly({ starts_at: p.startsAt, duration_minutes: p.durationMinutes, status: p.status, updated_at: p.updatedAt });
    if (Object.keys(set).length) await this.db.updateTable('therapy_sessions').set(set).where('id', '=', id).execute();
  }
  async findClientPortalSettings(clientId: string) {
    const r = await this.db.selectFrom('client_portal_settings').selectAll().where('client_id', '=', clientId).executeTakeFirst();
    return r && { clientId: r.client_id, hideScores: Number(r.hide_scores) === 1, updatedAt: r.updated_at, updatedBy: r.updated_by };
  }
  async putClientPortalSettings(r: ClientPortalSettingsRow) {
    const row = { client_id: r.clientId, hide_scores: r.hideScores ? 1 : 0, updated_at: r.updatedAt, updated_by: r.updatedBy };
    await this.db
      .insertInto('client_portal_settings')
      .values(row)
      .onConflict((oc) => oc.column('client_id').doUpdateSet({ hide_scores: row.hide_scores, updated_at: row.updated_at, updated_by: row.updated_by }))
      .execute();
  }
}
