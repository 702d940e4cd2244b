/**
 * Clients, their courses of therapy and sessions (SPEC §3 C1). Identity and contact are sealed
 * with the client's data key. Access decisions are made by the HTTP pipeline from the policy
 * table; `standingOf` gives it what it needs, and list queries are narrowed here to the clients a
 * caller may see.
 */
import { DomainError } from '../../domain/errors.ts';
import type { Caller, ClientStanding } from '../../domain/access.ts';
import type { CourseStatus, EndReason, Frequency, Phase, SessionStatus } from '../../domain/people.ts';
import { checkCourseChange, checkSessionTime } from '../../domain/people.ts';
import type { Deps } from '../deps.ts';
import { iso } from '../deps.ts';
import type { ClientRow, CourseRow, TherapySessionRow } from '../ports.ts';
import { UNREADABLE, createClientKey, keepClientKey, openText, openTextsOfClients, sealText } from '../clinical-text.ts';
import type { SignedIn } from '../accounts/auth.ts';
import { clientsInScopePage } from './scope.ts';
import { LIST_PAGE } from '../../domain/name-search.ts';
import type { Page, PageRequest } from './scope.ts';
import { namesOf } from '../accounts/users.ts';
import { noticeToTherapist, recordSelfGrant, requireFreshAuthForSelfGrant } from '../accounts/access-grants.ts';

export type Contact = { email: string | null; phone: string | null; dateOfBirth: string | null };
export type ClientView = {
  id: string;
  name: string;
  contact: Contact;
  therapistId: string;
  therapistName: string;
  status: ClientRow['status'];
  portal: 'none' | 'active' | 'disabled';
  createdAt: string;
};
export type CourseView = Omit<CourseRow, 'practiceId' | 'createdAt' | 'updatedAt'> & { therapistName: string };
export type SessionView = Omit<TherapySessionRow, 'createdAt' | 'updatedAt'>;
export type CaseloadRow = {
  id: string;
  name: string;
  therapistId: string;
  therapistName: string;
  status: ClientRow['status'];
  course: Pick<CourseView, 'id' | 'frequency' | 'phase' | 'status' | 'startedOn'> | null;
  lastSession: Pick<SessionView, 'startsAt' | 'status'> | null;
  nextSession: Pick<SessionView, 'startsAt'> | null;
  sessionsAttended: number;
};

/** Stands in for an id that led nowhere, so a missing object costs the same queries as a found one. */
export const NO_ID = '00000000-0000-0000-0000-000000000000';

/**
 * Who can see this client and how: the facts the access policy needs. The same queries run
 * whether or not the object exists, so a missing id and an out-of-scope one take the same work.
 */
export async function standingOf(
  deps: Pick<Deps, 'store'>,
  ref: { clientId?: string; courseId?: string; sessionId?: string },
): Promise<ClientStanding | undefined> {
  let clientId = ref.clientId;
  if (!clientId && ref.courseId) clientId = (await deps.store.findCourse(ref.courseId))?.clientId ?? NO_ID;
  if (!clientId && ref.sessionId) clientId = (await deps.store.findSession(ref.sessionId))?.clientId ?? NO_ID;
  const client = await deps.store.findClient(clientId ?? NO_ID);
  const supervisorIdsOfTherapist = await deps.store.supervisorsOf(client?.therapistId ?? NO_ID);
  if (!client) return undefined;
  return { clientId: client.id, therapistId: client.therapistId, supervisorIdsOfTherapist };
}

const clientBinding = (id: string, field: string) => ({ table: 'clients', id, field });

async function nameOf(deps: Deps, c: ClientRow): Promise<string> {
  return openText(deps, c.id, clientBinding(c.id, 'name'), c.nameEnc);
}

export type NewClient = { name: string; contact: Contact };

export async function createClient(deps: Deps, therapistId: string, input: NewClient): Promise<ClientView> {
  const practice = await deps.store.findPractice();
  if (!practice) throw new DomainError('not_found', 'The practice has not been set up yet.');
  const id = deps.ids.newId();
  const now = iso(deps.clock.now());
  await deps.store.transaction(async (tx) => {
    const d = { ...deps, store: tx };
    await createClientKey(d, id);
    await tx.insertClient({
      id,
      practiceId: practice.id,
      therapistId,
      status: 'active',
      createdAt: now,
      updatedAt: now,
      nameEnc: await sealText(d, id, clientBinding(id, 'name'), input.name),
      contactEnc: await sealText(d, id, clientBinding(id, 'contact'), JSON.stringify(input.contact)),
    });
    await tx.indexClientName(id, input.name);
  });
  await keepClientKey(deps, id); // a key rotation may have retired the master key meanwhile
  return getClient(deps, id);
}

export async function getClient(deps: Deps, id: string): Promise<ClientView> {
  const c = await deps.store.findClient(id);
  if (!c) throw new DomainError('not_found', 'No such client.');
  const [name, contactText, names, portalUser] = await Promise.all([
    nameOf(deps, c),
    openText(deps, c.id, clientBinding(c.id, 'contact'), c.contactEnc),
    namesOf(deps, [c.therapistId]),
    deps.store.findUserByClientId(c.id),
  ]);
  return {
    id: c.id,
    name,
    contact: JSON.parse(contactText) as Contact,
    therapistId: c.therapistId,
    therapistName: names.get(c.therapistId) ?? '',
    status: c.status,
    portal: portalUser ? (portalUser.status === 'active' ? 'active' : 'disabled') : 'none',
    createdAt: c.createdAt,
  };
}

/**
 * Changes a client's identity, contact, status or therapist. A reassignment is shown to the
 * therapist the client leaves; reassigning a client to oneself (`by`) needs a fresh authentication.
 */
export async function updateClient(
  deps: Deps,
  id: string,
  patch: { name?: string; contact?: Contact; status?: ClientRow['status']; therapistId?: string },
  by?: SignedIn,
): Promise<ClientView> {
  const c = await deps.store.findClient(id);
  if (!c) throw new DomainError('not_found', 'No such client.');
  if (patch.therapistId) {
    const t = await deps.store.findUserById(patch.therapistId);
    if (!t || !t.roles.includes('therapist') || t.status !== 'active')
      throw new DomainError('invalid_input', 'Choose an active therapist.', { field: 'therapistId' });
  }
  const reassigned = patch.therapistId !== undefined && patch.therapistId !== c.therapistId ? patch.therapistId : undefined;
  const self = !!by && reassigned === by.user.id;
  if (self) await requireFreshAuthForSelfGrant(deps, by, { kind: 'client', clientId: id, fromTherapistId: c.therapistId });
  const nameEnc = patch.name === undefined ? undefined : await sealText(deps, id, clientBinding(id, 'name'), patch.name);
  const contactEnc = patch.contact === undefined ? undefined : await sealText(deps, id, clientBinding(id, 'contact'), JSON.stringify(patch.contact));
  await deps.store.transaction(async (tx) => {
    await tx.updateClient(id, { nameEnc, contactEnc, status: patch.status, therapistId: patch.therapistId, updatedAt: iso(deps.clock.now()) });
    if (patch.name !== undefined) await tx.indexClientName(id, patch.name);
  });
  if (reassigned) {
    if (self) await recordSelfGrant(deps, by, { kind: 'client', clientId: id, fromTherapistId: c.therapistId });
    await noticeToTherapist(deps, {
      therapistId: c.therapistId,
      kind: 'client_reassigned',
      actorId: by?.user.id ?? reassigned,
      granteeId: reassigned,
      clientId: id,
    });
  }
  return getClient(deps, id);
}

/**
 * One page of the clients a staff caller may read, as caseload rows (assigned, supervised, or all
 * for the admin): keyset paging in the order clients were added, an optional name search
 * (domain/name-search.ts), the page's rows sorted by name. A therapist's caseload (about 40)
 * fits one page of the default size; the admin's list of a national service pages.
 */
export async function listCaseload(deps: Deps, caller: Caller, page: PageRequest = { limit: LIST_PAGE.default }): Promise<Page<CaseloadRow>> {
  const { items: visible, next } = await clientsInScopePage(deps, caller, 'client:read', page);
  const ids = visible.map((c) => c.id);
  const now = iso(deps.clock.now());
  const [courses, last, staff] = await Promise.all([
    deps.store.listCoursesOfClients(ids),
    deps.store.lastSessionsOfClients(ids, now),
    namesOf(
      deps,
      visible.map((c) => c.therapistId),
    ),
  ]);
  const current = new Map<string, CourseRow>();
  for (const k of courses) {
    const seen = current.get(k.clientId);
    if (!seen || (seen.status === 'ended' && k.status !== 'ended')) current.set(k.clientId, k);
  }
  const stats = new Map(
    (
      await deps.store.sessionStatsOfCourses(
        [...current.values()].map((k) => k.id),
        now,
      )
    ).map((x) => [x.courseId, x]),
  );
  const names = await openTextsOfClients(
    deps,
    visible.map((c) => ({ clientId: c.id, binding: clientBinding(c.id, 'name'), sealed: c.nameEnc })),
  );
  const lastOf = new Map<string, TherapySessionRow>();
  for (const s of last) if (!lastOf.has(s.clientId)) lastOf.set(s.clientId, s);
  const rows: CaseloadRow[] = [];
  for (let i = 0; i < visible.length; i++) {
    const c = visible[i]!;
    const course = current.get(c.id) ?? null;
    const lastSession = lastOf.get(c.id) ?? null;
    const stat = course ? stats.get(course.id) : undefined;
    rows.push({
      id: c.id,
      name: nameText(names[i]),
      therapistId: c.therapistId,
      therapistName: staff.get(c.therapistId) ?? '',
      status: c.status,
      course: course && { id: course.id, frequency: course.frequency, phase: course.phase, status: course.status, startedOn: course.startedOn },
      lastSession: lastSession && { startsAt: lastSession.startsAt, status: lastSession.status },
      nextSession: stat?.nextStartsAt ? { startsAt: stat.nextStartsAt } : null,
      sessionsAttended: stat?.attended ?? 0,
    });
  }
  return { items: rows.sort((a, b) => byName(a.name, b.name)), next };
}

/**
 * `a.localeCompare(b)` without locales or options, which ECMA-402 defines as comparing with
 * `new Intl.Collator()`: one collator made once instead of one looked up per comparison.
 */
const byName = new Intl.Collator().compare;

/** A caseload name: the client's, or why it cannot be shown (the rest of the list still can). */
function nameText(name: string | typeof UNREADABLE | null | undefined): string {
  if (name === UNREADABLE) return '(unreadable — the admin should run accord verify)';
  return name ?? '(erased)';
}

const courseView = (c: CourseRow, names: Map<string, string>): CourseView => ({
  id: c.id,
  clientId: c.clientId,
  therapistId: c.therapistId,
  therapistName: names.get(c.therapistId) ?? '',
  startedOn: c.startedOn,
  endedOn: c.endedOn,
  frequency: c.frequency,
  phase: c.phase,
  status: c.status,
  endReason: c.endReason,
});
/** One course with its therapist's name (only that name is looked up). */
async function namedCourse(deps: Pick<Deps, 'store'>, c: CourseRow): Promise<CourseView> {
  return courseView(c, await namesOf(deps, [c.therapistId]));
}
const sessionView = (s: TherapySessionRow): SessionView => ({
  id: s.id,
  courseId: s.courseId,
  clientId: s.clientId,
  startsAt: s.startsAt,
  durationMinutes: s.durationMinutes,
  status: s.status,
});

export async function listCourses(deps: Deps, clientId: string): Promise<(CourseView & { sessions: SessionView[] })[]> {
  const courses = await deps.store.listCoursesOfClient(clientId);
  const names = await namesOf(
    deps,
    courses.map((c) => c.therapistId),
  );
  return Promise.all(courses.map(async (c) => ({ ...courseView(c, names), sessions: (await deps.store.listSessionsOfCourse(c.id)).map(sessionView) })));
}

export async function openCourse(deps: Deps, clientId: string, input: { startedOn: string; frequency: Frequency; phase?: Phase }): Promise<CourseView> {
  const client = await deps.store.findClient(clientId);
  if (!client) throw new DomainError('not_found', 'No such client.');
  const id = deps.ids.newId();
  const now = iso(deps.clock.now());
  await deps.store.transaction(async (tx) => {
    const open = (await tx.listCoursesOfClient(clientId)).find((c) => c.status !== 'ended');
    if (open) throw new DomainError('conflict', 'This client already has an open course. End it before opening another.');
    await tx.insertCourse({
      id,
      clientId,
      practiceId: client.practiceId,
      therapistId: client.therapistId,
      startedOn: input.startedOn,
      endedOn: null,
      frequency: input.frequency,
      phase: input.phase ?? 'beginning',
      status: 'active',
      endReason: null,
      createdAt: now,
      updatedAt: now,
    });
  });
  return namedCourse(deps, (await deps.store.findCourse(id))!);
}

export async function updateCourse(
  deps: Deps,
  courseId: string,
  patch: { frequency?: Frequency; phase?: Phase; status?: CourseStatus; endedOn?: string | null; endReason?: EndReason | null },
): Promise<CourseView> {
  const course = await deps.store.findCourse(courseId);
  if (!course) throw new DomainError('not_found', 'No such course.');
  if (patch.status !== undefined || patch.endedOn !== undefined || patch.endReason !== undefined) {
    const status = patch.status ?? course.status;
    const check = checkCourseChange(
      course,
      {
        status,
        endedOn: patch.endedOn ?? (status === 'ended' ? course.endedOn : null),
        endReason: patch.endReason ?? (status === 'ended' ? course.endReason : null),
      },
      iso(deps.clock.now()).slice(0, 10),
    );
    if (!check.ok) throw new DomainError('invalid_input', check.reason);
  }
  const ending = (patch.status ?? course.status) === 'ended';
  await deps.store.updateCourse(courseId, {
    frequency: patch.frequency,
    phase: patch.phase,
    status: patch.status,
    endedOn: ending ? (patch.endedOn ?? course.endedOn) : null,
    endReason: ending ? (patch.endReason ?? course.endReason) : null,
    updatedAt: iso(deps.clock.now()),
  });
  return namedCourse(deps, (await deps.store.findCourse(courseId))!);
}

/**
 * A session's time and status checked by the course rules (`checkSessionTime`): within the course,
 * and attended or no-show only once it has started. Returns the time normalised.
 */
function sessionTimeOrThrow(course: CourseRow, session: { startsAt: string; status: SessionStatus }, now: Date, opts: { timeGiven?: boolean } = {}): string {
  const r = checkSessionTime(course, session, now, opts);
  if (r.ok) return r.at;
  if (r.reason === 'session_in_future') throw new DomainError('conflict', r.message, { field: 'status', reason: r.reason });
  throw new DomainError('invalid_input', r.message.replace('The date', 'The session'), { field: 'startsAt', reason: r.reason });
}

export async function recordSession(
  deps: Deps,
  courseId: string,
  input: { startsAt: string; durationMinutes: number; status: SessionStatus },
): Promise<SessionView> {
  const course = await deps.store.findCourse(courseId);
  if (!course) throw new DomainError('not_found', 'No such course.');
  if (course.status === 'ended') throw new DomainError('conflict', 'This course has ended; sessions can no longer be added.');
  const startsAt = sessionTimeOrThrow(course, input, deps.clock.now());
  const now = iso(deps.clock.now());
  const row: TherapySessionRow = {
    id: deps.ids.newId(),
    courseId,
    clientId: course.clientId,
    startsAt,
    durationMinutes: input.durationMinutes,
    status: input.status,
    createdAt: now,
    updatedAt: now,
  };
  await deps.store.insertSession(row);
  return sessionView(row);
}

export async function updateSession(
  deps: Deps,
  sessionId: string,
  patch: { startsAt?: string; durationMinutes?: number; status?: SessionStatus },
): Promise<SessionView> {
  const s = await deps.store.findSession(sessionId);
  if (!s) throw new DomainError('not_found', 'No such session.');
  const course = await deps.store.findCourse(s.courseId);
  if (!course) throw new DomainError('not_found', 'No such session.');
  const startsAt =
    patch.startsAt !== undefined || patch.status !== undefined
      ? sessionTimeOrThrow(course, { startsAt: patch.startsAt ?? s.startsAt, status: patch.status ?? s.status }, deps.clock.now(), {
          timeGiven: patch.startsAt !== undefined,
        })
      : s.startsAt;
  await deps.store.updateSession(sessionId, { ...patch, ...(patch.startsAt === undefined ? {} : { startsAt }), updatedAt: iso(deps.clock.now()) });
  return sessionView((await deps.store.findSession(sessionId))!);
}

export async function clientIdOfCaller(caller: Caller): Promise<string> {
  if (!caller.clientId) throw new DomainError('not_found', 'This account has no client record.');
  return caller.clientId;
}
