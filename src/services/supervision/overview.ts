/**
 * The supervisor's overview (SPEC §3 C9; issue 15): for each supervisee, their caseload at a glance
 * — how many clients, the alliances agreed and inferred on their open courses and where the two
 * differ, the active alerts and the courses not on track — and one supervisee's clients in detail.
 *
 * Only the supervisees' clients are read: the clients come from `clientsInScope` under the alliance
 * ledger's rule (which lets the supervisor in, SPEC §2), narrowed to the supervisees; every further
 * query is by those clients' or courses' ids. Process notes are never read here: they stay behind
 * their own boundary (the author's training grant, services/process-notes).
 */
import type { Caller } from '../../domain/access.ts';
import type { AllianceType } from '../../domain/cues/types.ts';
import { DomainError } from '../../domain/errors.ts';
import type { SuperviseeClientFacts, SuperviseeFigures } from '../../domain/supervision/supervision.ts';
import { disagrees, isAllianceType, superviseeFigures } from '../../domain/supervision/supervision.ts';
import { namesOf } from '../accounts/users.ts';
import { activeAlertsByClient } from '../alerts/alerts.ts';
import { UNREADABLE, openTextsOfClients } from '../clinical-text.ts';
import type { Deps } from '../deps.ts';
import { iso } from '../deps.ts';
import { clientsInScope } from '../people/scope.ts';
import type { ClientRow, CourseRow, SupervisionNoteMeta } from '../ports.ts';
import type { SupervisionNoteSummary } from './notes.ts';
import { noteSummaries } from './notes.ts';

export type SuperviseeOverview = {
  id: string;
  name: string;
  figures: SuperviseeFigures;
  /** The notes the caller wrote to this supervisee: how many, how many not yet acknowledged, the latest. */
  notes: { count: number; unacknowledged: number; lastAt: string | null };
};
export type SupervisionOverview = { supervisees: SuperviseeOverview[] };

export type SuperviseeClientRow = {
  clientId: string;
  name: string;
  course: Pick<CourseRow, 'id' | 'status' | 'phase' | 'frequency' | 'startedOn'> | null;
  sessionsAttended: number;
  agreed: AllianceType | null;
  inferred: AllianceType | null;
  disagree: boolean;
  alerts: { kind: string; severity: string }[];
  notOnTrack: boolean;
};
export type SuperviseeDetail = {
  supervisee: { id: string; name: string };
  figures: SuperviseeFigures;
  clients: SuperviseeClientRow[];
  notes: SupervisionNoteSummary[];
};

type Facts = { client: ClientRow; course: CourseRow | null; facts: SuperviseeClientFacts };

/** The caller's supervisees' active clients, with their current course's alliance and active alerts. */
async function factsOf(deps: Deps, caller: Caller, therapistIds: ReadonlySet<string>): Promise<Facts[]> {
  if (!therapistIds.size) return [];
  const clients = (await clientsInScope(deps, caller, 'alliance:read')).filter((c) => therapistIds.has(c.therapistId) && c.status === 'active');
  const ids = clients.map((c) => c.id);
  const [courses, alerts] = await Promise.all([deps.store.listCoursesOfClients(ids), activeAlertsByClient(deps, ids)]);
  // Courses come newest first: the open one if there is one, else the latest.
  const current = new Map<string, CourseRow>();
  for (const k of courses) {
    const seen = current.get(k.clientId);
    if (!seen || (seen.status === 'ended' && k.status !== 'ended')) current.set(k.clientId, k);
  }
  const glances = new Map(
    (
      await deps.store.listCourseAllianceGlances(
        [...current.values()].map((k) => k.id),
        1,
      )
    ).map((g) => [g.courseId, g]),
  );
  const ended = new Set(courses.filter((k) => k.status === 'ended').map((k) => k.id));
  return clients.map((client) => {
    const course = current.get(client.id) ?? null;
    const glance = course ? glances.get(course.id) : undefined;
    const inferred = glance?.recent.at(-1)?.dominant ?? null;
    // As the caseload counts them: a safety alert whatever its course, others while their course is open.
    const active = (alerts.get(client.id) ?? []).filter((a) => a.kind === 'safety' || !ended.has(a.courseId));
    return {
      client,
      course,
      facts: {
        courseStatus: course?.status ?? null,
        agreed: isAllianceType(glance?.agreedType) ? glance.agreedType : null,
        inferred: isAllianceType(inferred) ? inferred : null,
        alerts: active.map((a) => ({ kind: a.kind, severity: a.severity })),
      },
    };
  });
}

function noteCounts(notes: readonly SupervisionNoteMeta[]): SuperviseeOverview['notes'] {
  return {
    count: notes.length,
    unacknowledged: notes.filter((n) => n.acknowledgedAt === null && n.withdrawnAt === null).length,
    lastAt: notes[0]?.createdAt ?? null,
  };
}

/** Each of the caller's supervisees with the figures of their caseload, by name. */
export async function supervisionOverview(deps: Deps, caller: Caller): Promise<SupervisionOverview> {
  const superviseeIds = await deps.store.superviseesOf(caller.userId);
  const [facts, names, notes] = await Promise.all([
    factsOf(deps, caller, new Set(superviseeIds)),
    namesOf(deps, superviseeIds),
    deps.store.listSupervisionNotes({ supervisorId: caller.userId, superviseeIds }),
  ]);
  return {
    supervisees: superviseeIds
      .map((id) => ({
        id,
        name: names.get(id) ?? '',
        figures: superviseeFigures(facts.filter((f) => f.client.therapistId === id).map((f) => f.facts)),
        notes: noteCounts(notes.filter((n) => n.superviseeId === id)),
      }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  };
}

/**
 * One supervisee's clients as the overview reads them, with their names (clinical identity: the
 * route audits every client listed), and the notes the caller wrote to them. Someone the caller
 * does not supervise is not found, exactly like a missing id.
 */
export async function superviseeDetail(deps: Deps, caller: Caller, therapistId: string): Promise<SuperviseeDetail> {
  const superviseeIds = await deps.store.superviseesOf(caller.userId);
  if (!superviseeIds.includes(therapistId)) throw new DomainError('not_found', 'No such supervisee.');
  const facts = await factsOf(deps, caller, new Set([therapistId]));
  const now = iso(deps.clock.now());
  const [names, stats, clientNames, notes] = await Promise.all([
    namesOf(deps, [therapistId]),
    deps.store.sessionStatsOfCourses(
      facts.flatMap((f) => (f.course ? [f.course.id] : [])),
      now,
    ),
    openTextsOfClients(
      deps,
      facts.map((f) => ({ clientId: f.client.id, binding: { table: 'clients', id: f.client.id, field: 'name' }, sealed: f.client.nameEnc })),
    ),
    deps.store.listSupervisionNotes({ supervisorId: caller.userId, superviseeIds: [therapistId] }),
  ]);
  const attended = new Map(stats.map((s) => [s.courseId, s.attended]));
  const clients: SuperviseeClientRow[] = facts.map((f, i) => {
    const name = clientNames[i];
    return {
      clientId: f.client.id,
      name: name === UNREADABLE ? '(unreadable — the admin should run accord verify)' : (name ?? '(erased)'),
      course: f.course && { id: f.course.id, status: f.course.status, phase: f.course.phase, frequency: f.course.frequency, startedOn: f.course.startedOn },
      sessionsAttended: f.course ? (attended.get(f.course.id) ?? 0) : 0,
      agreed: f.facts.agreed,
      inferred: f.facts.inferred,
      disagree: disagrees(f.facts),
      alerts: [...f.facts.alerts],
      notOnTrack: f.facts.alerts.some((a) => a.kind === 'not_on_track'),
    };
  });
  clients.sort((a, b) => Number(b.disagree || b.notOnTrack) - Number(a.disagree || a.notOnTrack) || a.name.localeCompare(b.name));
  return {
    supervisee: { id: therapistId, name: names.get(therapistId) ?? '' },
    figures: superviseeFigures(facts.map((f) => f.facts)),
    clients,
    notes: await noteSummaries(deps, notes, new Map(clients.map((c) => [c.clientId, c.name]))),
  };
}
