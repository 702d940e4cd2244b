/**
 * Measure schedules per course and what is due now (SPEC §3 C4): the therapist sets which
 * instruments come at which cadence; the portal shows the client what is due; the therapist sees
 * the same list (their own Session check included) to administer in session.
 */
import { DomainError } from '../../domain/errors.ts';
import type { Cadence, DueMeasure } from '../../domain/measures/schedule.ts';
import { dueMeasures } from '../../domain/measures/schedule.ts';
import type { InstrumentDefinition } from '../../domain/measures/instrument.ts';
import type { Deps } from '../deps.ts';
import { iso } from '../deps.ts';
import type { ScheduleRow } from '../ports.ts';
import { findInstrument } from './instruments.ts';
import { currentResponses } from '../../domain/measures/course-responses.ts';

export type ScheduleView = Omit<ScheduleRow, 'createdBy' | 'updatedAt'> & { instrumentTitle: string };

export async function listSchedules(deps: Pick<Deps, 'store'>, courseId: string): Promise<ScheduleView[]> {
  const rows = await deps.store.listSchedulesOfCourses([courseId]);
  const out: ScheduleView[] = [];
  for (const r of rows) {
    if (!r.active) continue;
    out.push({
      id: r.id,
      courseId: r.courseId,
      clientId: r.clientId,
      instrumentCode: r.instrumentCode,
      cadence: r.cadence,
      everyN: r.everyN,
      active: r.active,
      createdAt: r.createdAt,
      instrumentTitle: (await findInstrument(deps, r.instrumentCode))?.title ?? r.instrumentCode,
    });
  }
  return out;
}

/** Adds an instrument to a course's schedule. The same instrument at the same cadence twice is a conflict. */
export async function addSchedule(
  deps: Deps,
  courseId: string,
  input: { instrumentCode: string; cadence: Cadence; everyN?: number | null },
  by: string,
): Promise<ScheduleView> {
  const course = await deps.store.findCourse(courseId);
  if (!course) throw new DomainError('not_found', 'No such course.');
  if (course.status === 'ended') throw new DomainError('conflict', 'This course has ended.');
  const def = await findInstrument(deps, input.instrumentCode);
  if (!def) throw new DomainError('invalid_input', `There is no instrument "${input.instrumentCode}".`, { field: 'instrumentCode' });
  const everyN = input.cadence === 'every_n_sessions' ? (input.everyN ?? null) : null;
  if (input.cadence === 'every_n_sessions' && (everyN === null || everyN < 1 || everyN > 52)) {
    throw new DomainError('invalid_input', 'Say after how many sessions (1–52).', { field: 'everyN' });
  }
  const existing = (await deps.store.listSchedulesOfCourses([courseId])).find((s) => s.active && s.instrumentCode === def.code && s.cadence === input.cadence);
  if (existing) throw new DomainError('conflict', `${def.title} is already scheduled at this cadence.`);
  const now = iso(deps.clock.now());
  const row: ScheduleRow = {
    id: deps.ids.newId(),
    courseId,
    clientId: course.clientId,
    instrumentCode: def.code,
    cadence: input.cadence,
    everyN,
    active: true,
    createdBy: by,
    createdAt: now,
    updatedAt: now,
  };
  await deps.store.insertSchedule(row);
  return {
    id: row.id,
    courseId,
    clientId: row.clientId,
    instrumentCode: row.instrumentCode,
    cadence: row.cadence,
    everyN,
    active: true,
    createdAt: now,
    instrumentTitle: def.title,
  };
}

/** Stops a schedule (kept, inactive, so the history of what was asked stays). */
export async function removeSchedule(deps: Deps, courseId: string, scheduleId: string): Promise<void> {
  const s = await deps.store.findSchedule(scheduleId);
  if (!s || s.courseId !== courseId) throw new DomainError('not_found', 'No such schedule.');
  await deps.store.updateSchedule(scheduleId, { active: false, updatedAt: iso(deps.clock.now()) });
}

export type DueView = DueMeasure & { courseId: string; instrument: InstrumentDefinition };

/**
 * What is due now for the client's open course. `respondent` narrows to what the client answers
 * (the portal) or what the therapist answers; without it, both.
 */
export async function dueForClient(deps: Pick<Deps, 'store' | 'clock'>, clientId: string, respondent?: 'client' | 'therapist'): Promise<DueView[]> {
  const course = (await deps.store.listCoursesOfClient(clientId)).find((c) => c.status !== 'ended');
  if (!course) return [];
  const [schedules, sessions, responses] = await Promise.all([
    deps.store.listSchedulesOfCourses([course.id]),
    deps.store.listSessionsOfCourse(course.id),
    deps.store.listResponseScores({ courseId: course.id }),
  ]);
  const due = dueMeasures({
    course: { id: course.id, phase: course.phase, status: course.status, startedOn: course.startedOn },
    schedules: schedules.map((s) => ({ id: s.id, instrumentCode: s.instrumentCode, cadence: s.cadence, everyN: s.everyN, active: s.active })),
    sessions: sessions.map((s) => ({ id: s.id, startsAt: s.startsAt, status: s.status })),
    responses: currentResponses(responses).map((r) => ({ instrumentCode: r.instrumentCode, completedAt: r.completedAt, sessionId: r.sessionId })),
    now: iso(deps.clock.now()),
  });
  const out: DueView[] = [];
  for (const d of due) {
    const def = await findInstrument(deps, d.instrumentCode);
    if (!def || (respondent && def.respondent !== respondent)) continue;
    out.push({ ...d, courseId: course.id, instrument: def });
  }
  return out;
}
