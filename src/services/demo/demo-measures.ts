/**
 * Measure histories for the demo practice (SPEC §3 C4): every answer goes through the same
 * submission path as real ones, so the demo's alerts are raised by the real rules.
 *
 * The stories: Lena recovers (PHQ-9 18 → 5, GAD-7 15 → 3, and then has no current goal);
 * Rosa deteriorates before she drops out (not on track); Hannah's Session check dips after a
 * hard session while Maya rated it well (rupture; therapist more positive), though her PHQ-9
 * and GAD-7 improved reliably (15 → 7, 12 → 6); both are due in the portal now; Daniel answered
 * "several days" to PHQ-9 item 9 at intake (an open safety alert); Mina has not improved by her
 * 6th session (not on track); George has stayed well (remission, no current goal).
 */
import type { Deps } from '../deps.ts';
import type { Submitter } from '../measures/measures.ts';
import { submitResponse } from '../measures/measures.ts';
import { addSchedule } from '../measures/schedules.ts';
import { recomputeAlliance } from '../alliance/alliance.ts';
import type { Cadence } from '../../domain/measures/schedule.ts';

/** A total spread over items as evenly as the options allow (item 9 set apart). */
function spread(prefix: string, items: number, max: number, total: number, fixed: Record<number, number> = {}): Record<string, number> {
  const out: Record<string, number> = {};
  let left = total - Object.values(fixed).reduce((a, b) => a + b, 0);
  const free = Array.from({ length: items }, (_, i) => i + 1).filter((n) => !(n in fixed));
  for (const [k, n] of free.entries()) {
    const v = Math.max(0, Math.min(max, Math.round(left / (free.length - k))));
    out[`${prefix}${n}`] = v;
    left -= v;
  }
  for (const [n, v] of Object.entries(fixed)) out[`${prefix}${n}`] = v;
  return out;
}
const phq = (total: number, item9 = 0) => spread('phq9_', 9, 3, total, { 9: item9 });
const gad = (total: number) => spread('gad7_', 7, 3, total);
const check = (heard: number, mattered: number, approach: number, overall: number) => ({ heard, mattered, approach, overall });

type Plan = {
  schedules: { code: string; cadence: Cadence; everyN?: number }[];
  /** By attended-session index: what was answered after (or at) that session. */
  answers: (index: number, count: number) => { code: string; answers: Record<string, number> }[];
};

const steady = (i: number) => check(9 - (i % 2), 9, 8 + (i % 2), 9);

const PLANS: Record<string, Plan> = {
  hannah: {
    schedules: [
      { code: 'phq9', cadence: 'every_n_sessions', everyN: 2 },
      { code: 'gad7', cadence: 'every_n_sessions', everyN: 2 },
      { code: 'session_check', cadence: 'after_every_session' },
      { code: 'session_check_therapist', cadence: 'after_every_session' },
    ],
    answers: (i, count) => {
      const out: { code: string; answers: Record<string, number> }[] = [];
      const phqSeries = [15, 12, 9, 9, 8, 8, 7];
      const gadSeries = [12, 10, 8, 8, 7, 7, 6];
      if (i % 2 === 0 && i < count - 2 && i / 2 < phqSeries.length) {
        out.push({ code: 'phq9', answers: phq(phqSeries[i / 2]!) }, { code: 'gad7', answers: gad(gadSeries[i / 2]!) });
      }
      const hard = count - 4;
      out.push({ code: 'session_check', answers: i === hard ? check(6, 5, 4, 5) : steady(i) });
      out.push({ code: 'session_check_therapist', answers: i === hard ? check(8, 8, 7, 8) : check(8, 9, 8, 8) });
      return out;
    },
  },
  rosa: {
    schedules: [
      { code: 'phq9', cadence: 'before_every_session' },
      { code: 'gad7', cadence: 'before_every_session' },
    ],
    answers: (i) => {
      const p = [12, 13, 14, 16, 17, 19, 19][i];
      const g = [9, 10, 10, 11, 12, 13, 14][i];
      return p === undefined || g === undefined
        ? []
        : [
            { code: 'phq9', answers: phq(p) },
            { code: 'gad7', answers: gad(g) },
          ];
    },
  },
  lena: {
    schedules: [
      { code: 'phq9', cadence: 'every_n_sessions', everyN: 4 },
      { code: 'gad7', cadence: 'every_n_sessions', everyN: 4 },
      { code: 'session_check', cadence: 'after_every_session' },
    ],
    answers: (i) => {
      const out: { code: string; answers: Record<string, number> }[] = [{ code: 'session_check', answers: steady(i) }];
      const p = [18, 12, 11, 10, 9, 8, 7, 6, 6, 5, 5][i / 4];
      const g = [15, 11, 10, 9, 8, 7, 6, 5, 4, 4, 3][i / 4];
      if (i % 4 === 0 && p !== undefined && g !== undefined) out.push({ code: 'phq9', answers: phq(p) }, { code: 'gad7', answers: gad(g) });
      return out;
    },
  },
  daniel: {
    schedules: [
      { code: 'phq9', cadence: 'intake' },
      { code: 'gad7', cadence: 'intake' },
      { code: 'session_check', cadence: 'after_every_session' },
    ],
    answers: (i) =>
      i === 0
        ? [
            { code: 'phq9', answers: phq(16, 1) },
            { code: 'gad7', answers: gad(13) },
          ]
        : [],
  },
  mina: {
    schedules: [
      { code: 'phq9', cadence: 'every_n_sessions', everyN: 2 },
      { code: 'gad7', cadence: 'every_n_sessions', everyN: 2 },
    ],
    answers: (i) => {
      const p = [13, 12, 13, 11, 12, 12, 11, 12, 11, 10, 11, 10, 11][i / 2];
      const g = [10, 10, 9, 10, 9, 9, 8, 9, 8, 8, 9, 8, 8][i / 2];
      return i % 2 === 0 && p !== undefined && g !== undefined
        ? [
            { code: 'phq9', answers: phq(p) },
            { code: 'gad7', answers: gad(g) },
          ]
        : [];
    },
  },
  george: {
    schedules: [{ code: 'phq9', cadence: 'every_n_sessions', everyN: 4 }],
    answers: (i) => (i % 4 === 0 ? [{ code: 'phq9', answers: phq([9, 7, 6, 5, 5, 4, 4, 3, 4][i / 4] ?? 4) }] : []),
  },
};

/** Deps whose clock reads the given moment: the demo makes each record at the time it happened. */
const at = (deps: Deps, ms: number): Deps => ({ ...deps, clock: { now: () => new Date(ms) } });

/**
 * Schedules and answers for one demo client's course, replayed in time: each answer is given
 * through the real submission path at its moment (the portal stamps it then, as it would), and
 * after each session that has happened the alliance is recomputed as of that evening. So every
 * alert the rules raise — safety, not on track, rupture, attendance, misalliance — carries the
 * time of the clinical event behind it, not the time the demo was built.
 */
export async function addDemoMeasures(deps: Deps, key: string, clientId: string, therapistId: string): Promise<void> {
  const plan = PLANS[key];
  const course = (await deps.store.listCoursesOfClient(clientId))[0];
  if (!course) return;
  const portalUser = await deps.store.findUserByClientId(clientId);
  const now = deps.clock.now().getTime();
  const sessions = (await deps.store.listSessionsOfCourse(course.id)).sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  const attendedCount = sessions.filter((s) => s.status === 'attended').length;
  let i = 0;
  for (const session of sessions) {
    const start = Date.parse(session.startsAt);
    if (start > now || session.status === 'scheduled') continue;
    if (session.status === 'attended') {
      for (const a of plan?.answers(i, attendedCount) ?? []) {
        const therapistAnswers = a.code === 'session_check_therapist';
        const who: Submitter = therapistAnswers || !portalUser ? { userId: therapistId, as: 'therapist' } : { userId: portalUser.id, as: 'client' };
        // Before-session measures are answered the day before; the rest just after the session.
        const offset = a.code === 'phq9' || a.code === 'gad7' ? (i === 0 ? 5 : -20 * 60) : 55 + (therapistAnswers ? 5 : 0);
        await submitResponse(
          at(deps, start + offset * 60_000),
          clientId,
          who,
          {
            instrumentCode: a.code,
            answers: a.answers,
            courseId: course.id,
            sessionId: session.id,
            ...(who.as === 'therapist' ? { source: therapistAnswers ? 'in_session' : 'paper' } : {}),
          },
          { recomputeAlliance: false },
        );
      }
      i++;
    }
    await recomputeAlliance(at(deps, start + 2 * 3_600_000), course.id);
  }
  if (plan && course.status !== 'ended') {
    for (const s of plan.schedules) await addSchedule(deps, course.id, { instrumentCode: s.code, cadence: s.cadence, everyN: s.everyN ?? null }, therapistId);
  }
}
