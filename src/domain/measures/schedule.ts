/**
 * When a measure is due (SPEC §3 C4: "Schedules: per course, which instruments at which cadence
 * (before every session, every n sessions, at intake/termination); the portal shows what is
 * due"). A pure function of the course's schedules, sessions and responses at a given time.
 */

export type Cadence = 'intake' | 'before_every_session' | 'after_every_session' | 'every_n_sessions' | 'ending';
export const CADENCES: readonly Cadence[] = ['intake', 'before_every_session', 'after_every_session', 'every_n_sessions', 'ending'];

export const CADENCE_LABELS: Readonly<Record<Cadence, string>> = {
  intake: 'At intake',
  before_every_session: 'Before every session',
  after_every_session: 'After every session',
  every_n_sessions: 'Every few sessions',
  ending: 'At the ending',
};

export type ScheduleEntry = { id: string; instrumentCode: string; cadence: Cadence; everyN: number | null; active: boolean };
export type ScheduleSession = { id: string; startsAt: string; status: string };
export type ScheduleResponse = { instrumentCode: string; completedAt: string; sessionId: string | null };
export type ScheduleCourse = { id: string; phase: string; status: string; startedOn: string };

export type DueMeasure = {
  scheduleId: string;
  instrumentCode: string;
  cadence: Cadence;
  /** The session this answer belongs to (before/after a session), when there is one. */
  sessionId: string | null;
  /** Why it is due, in plain words for the portal and the therapist. */
  reason: string;
};

/**
 * Windows around a session. A "before every session" measure opens two days before the session
 * and stays open until two hours after it starts (clients often answer in the waiting room); an
 * "after every session" measure stays open for seven days after an attended session. Accord's
 * defaults, not clinical standards; an ending measure is due for the whole termination phase
 * unless answered in the last 28 days.
 */
export const scheduleDefaults = {
  beforeOpensHours: 48,
  beforeClosesHours: 2,
  afterOpenDays: 7,
  endingRepeatDays: 28,
} as const;

const HOUR = 3_600_000;
const t = (iso: string): number => Date.parse(iso);

/**
 * The measures due now for one course. Ended or paused courses have nothing due. Responses are
 * those of this course that still count (superseded ones removed by the caller or not: a
 * correction has the same instrument and session, so it answers the same due item either way).
 */
export function dueMeasures(input: {
  course: ScheduleCourse;
  schedules: readonly ScheduleEntry[];
  sessions: readonly ScheduleSession[];
  responses: readonly ScheduleResponse[];
  now: string;
  settings?: typeof scheduleDefaults;
}): DueMeasure[] {
  const { course, sessions, responses } = input;
  const s = input.settings ?? scheduleDefaults;
  if (course.status !== 'active') return [];
  const now = t(input.now);
  const out: DueMeasure[] = [];
  const attended = sessions.filter((x) => x.status === 'attended' && t(x.startsAt) <= now).sort((a, b) => t(a.startsAt) - t(b.startsAt));
  for (const sch of input.schedules) {
    if (!sch.active) continue;
    const mine = responses.filter((r) => r.instrumentCode === sch.instrumentCode).sort((a, b) => t(a.completedAt) - t(b.completedAt));
    const last = mine[mine.length - 1];
    const due = (sessionId: string | null, reason: string) =>
      out.push({ scheduleId: sch.id, instrumentCode: sch.instrumentCode, cadence: sch.cadence, sessionId, reason });
    switch (sch.cadence) {
      case 'intake':
        if (mine.length === 0) due(null, 'At the start of your therapy');
        break;
      case 'before_every_session': {
        const next = sessions
          .filter((x) => x.status === 'scheduled' && t(x.startsAt) - s.beforeOpensHours * HOUR <= now && now <= t(x.startsAt) + s.beforeClosesHours * HOUR)
          .sort((a, b) => t(a.startsAt) - t(b.startsAt))[0];
        if (!next) break;
        const opened = t(next.startsAt) - s.beforeOpensHours * HOUR;
        if (!mine.some((r) => r.sessionId === next.id || t(r.completedAt) >= opened)) due(next.id, 'Before your next session');
        break;
      }
      case 'after_every_session': {
        const lastSession = attended[attended.length - 1];
        if (!lastSession || now - t(lastSession.startsAt) > s.afterOpenDays * 24 * HOUR) break;
        if (!mine.some((r) => r.sessionId === lastSession.id || t(r.completedAt) >= t(lastSession.startsAt))) due(lastSession.id, 'About your last session');
        break;
      }
      case 'every_n_sessions': {
        const n = Math.max(1, sch.everyN ?? 1);
        const since = last ? attended.filter((x) => t(x.startsAt) > t(last.completedAt)).length : attended.length;
        if (!last || since >= n) due(null, last ? `Every ${n} sessions` : 'Your first check-in');
        break;
      }
      case 'ending':
        if (course.phase === 'termination' && (!last || now - t(last.completedAt) > s.endingRepeatDays * 24 * HOUR))
          due(null, 'As your therapy comes to an end');
        break;
    }
  }
  return out;
}
