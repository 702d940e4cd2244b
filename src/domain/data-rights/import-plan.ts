/**
 * An import, read from whichever format it came in (FHIR R4, or Accord's course layout, see
 * docs/interoperability.md), as one plan of records to write; and the checks every plan passes
 * before anything is written (SPEC §3 C10: nothing written when anything is wrong). Every record
 * carries `where` — the line of the file or the resource it came from — so a dry run lists each
 * problem where a person can find it. Pure: the instruments and the time are handed in.
 */
import type { InstrumentDefinition } from '../measures/instrument.ts';
import { scoreResponse } from '../measures/score.ts';
import { COURSE_STATUSES, END_REASONS, FREQUENCIES, PHASES, SESSION_STATUSES } from '../people.ts';
import { GOAL_FOCI } from '../alliance/goals.ts';

export type Problem = { where: string; message: string };

export type PlanResponse = { where: string; instrumentCode: string; completedAt: string; answers: Record<string, number | null>; sessionKey: string | null };
export type PlanSession = { where: string; key: string; startsAt: string; durationMinutes: number; status: string };
export type PlanGoal = {
  where: string;
  key: string;
  text: string;
  focus: string;
  author: 'client' | 'therapist';
  proposedAt: string;
  state: string;
  agreement: { by: 'client' | 'therapist'; recordedBy: 'client' | 'therapist'; at: string; words: string } | null;
  closure: { state: string; at: string; by: 'client' | 'therapist'; note: string | null } | null;
  revisionOfKey: string | null;
  gas: { weight: number; descriptions: Record<string, string> } | null;
  ratings: { at: string; value: number; recordedBy: 'client' | 'therapist' }[];
  attainments: { at: string; level: number }[];
};
export type PlanCourse = {
  where: string;
  key: string;
  startedOn: string;
  endedOn: string | null;
  frequency: string;
  phase: string;
  status: string;
  endReason: string | null;
  therapistName: string | null;
  sessions: PlanSession[];
  goals: PlanGoal[];
  responses: PlanResponse[];
};
export type PlanClient = {
  where: string;
  name: string;
  contact: { email: string | null; phone: string | null; dateOfBirth: string | null };
  therapistName: string | null;
  courses: PlanCourse[];
};
/**
 * `clients`: whole records to create (an import into an empty or another practice).
 * `responses`: answers for one existing client, each going into the client's course that spans its date.
 */
export type ImportPlan = { clients: PlanClient[]; responses: PlanResponse[] };

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const isInstant = (s: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(s) && !Number.isNaN(Date.parse(s));
const isDate = (s: string) => DATE.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`));

/** Checks one set of answers against its instrument: known items, answers among the options, complete where it must be. */
export function answerProblems(where: string, def: InstrumentDefinition | undefined, code: string, answers: Record<string, number | null>): Problem[] {
  if (!def) return [{ where, message: `unknown questionnaire "${code}" (Accord imports PHQ-9, GAD-7 and the practice’s own instruments)` }];
  const out: Problem[] = [];
  const items = new Map(def.items.map((it) => [it.id, it]));
  for (const [id, v] of Object.entries(answers)) {
    const item = items.get(id);
    if (!item) out.push({ where, message: `${def.title} has no item "${id}"` });
    else if (v !== null && !item.options.some((o) => o.value === v))
      out.push({ where, message: `${def.title} item ${id}: ${v} is out of range (${item.options.map((o) => o.value).join(', ')})` });
  }
  if (out.length) return out;
  const score = scoreResponse(def, answers);
  if (!score.valid && score.safetyFlags.length === 0) out.push({ where, message: `${def.title}: ${score.message}` });
  return out;
}

/**
 * Every problem of a plan: types and codes, dates (valid, in order, never in the future, within
 * their course), answers against their instruments, references between records.
 */
export function planProblems(plan: ImportPlan, instruments: ReadonlyMap<string, InstrumentDefinition>, now: string): Problem[] {
  const out: Problem[] = [];
  const p = (where: string, message: string) => out.push({ where, message });
  const instant = (where: string, what: string, at: string, notAfter?: string) => {
    if (!isInstant(at)) return p(where, `${what} "${at}" is not a date and time (ISO 8601 with a zone, e.g. 2025-03-04T10:00:00Z)`);
    if (Date.parse(at) > Date.parse(now)) p(where, `${what} ${at} is in the future`);
    else if (notAfter && Date.parse(at) > Date.parse(notAfter)) p(where, `${what} ${at} is after the end of its course`);
  };
  const checkResponse = (r: PlanResponse, course: PlanCourse | null) => {
    instant(r.where, 'the answers’ date', r.completedAt);
    if (course && isInstant(r.completedAt) && r.completedAt.slice(0, 10) < course.startedOn)
      p(r.where, `answers dated ${r.completedAt} are before their course began (${course.startedOn})`);
    if (course?.endedOn && isInstant(r.completedAt) && r.completedAt.slice(0, 10) > course.endedOn)
      p(r.where, `answers dated ${r.completedAt} are after their course ended (${course.endedOn})`);
    out.push(...answerProblems(r.where, instruments.get(r.instrumentCode), r.instrumentCode, r.answers));
  };
  for (const c of plan.clients) {
    if (!c.name.trim()) p(c.where, 'the client has no name');
    if (c.contact.dateOfBirth !== null && !isDate(c.contact.dateOfBirth)) p(c.where, `date of birth "${c.contact.dateOfBirth}" is not a date (YYYY-MM-DD)`);
    if (!c.courses.length) p(c.where, 'the client has no course of therapy to import');
    for (const k of c.courses) {
      if (!isDate(k.startedOn)) p(k.where, `start "${k.startedOn}" is not a date (YYYY-MM-DD)`);
      else if (k.startedOn > now.slice(0, 10)) p(k.where, `the course starts in the future (${k.startedOn})`);
      if (!(FREQUENCIES as readonly string[]).includes(k.frequency)) p(k.where, `unknown frequency "${k.frequency}" (${FREQUENCIES.join(', ')})`);
      if (!(PHASES as readonly string[]).includes(k.phase)) p(k.where, `unknown phase "${k.phase}" (${PHASES.join(', ')})`);
      if (!(COURSE_STATUSES as readonly string[]).includes(k.status)) p(k.where, `unknown course status "${k.status}" (${COURSE_STATUSES.join(', ')})`);
      if (k.status === 'ended') {
        if (k.endedOn === null || !isDate(k.endedOn)) p(k.where, 'an ended course needs its end date (YYYY-MM-DD)');
        else if (k.endedOn < k.startedOn) p(k.where, `the course ends (${k.endedOn}) before it starts (${k.startedOn})`);
        else if (k.endedOn > now.slice(0, 10)) p(k.where, `the course ends in the future (${k.endedOn})`);
        if (k.endReason === null || !(END_REASONS as readonly string[]).includes(k.endReason))
          p(k.where, `an ended course needs its end reason (${END_REASONS.join(', ')})`);
      } else if (k.endedOn !== null) p(k.where, 'only an ended course has an end date');
      const end = k.status === 'ended' && k.endedOn ? `${k.endedOn}T23:59:59.999Z` : undefined;
      const sessionKeys = new Set<string>();
      for (const s of k.sessions) {
        sessionKeys.add(s.key);
        if (!(SESSION_STATUSES as readonly string[]).includes(s.status)) p(s.where, `unknown session status "${s.status}" (${SESSION_STATUSES.join(', ')})`);
        if (!Number.isInteger(s.durationMinutes) || s.durationMinutes < 1 || s.durationMinutes > 600)
          p(s.where, `length ${s.durationMinutes} is not a whole number of minutes from 1 to 600`);
        if (!isInstant(s.startsAt)) p(s.where, `start "${s.startsAt}" is not a date and time`);
        else {
          if (s.startsAt.slice(0, 10) < k.startedOn) p(s.where, `the session (${s.startsAt}) is before its course began (${k.startedOn})`);
          if (end && s.startsAt > end) p(s.where, `the session (${s.startsAt}) is after its course ended`);
          if (s.status !== 'scheduled' && s.status !== 'planned_break' && Date.parse(s.startsAt) > Date.parse(now))
            p(s.where, `a session in the future (${s.startsAt}) cannot be ${s.status.replace(/_/g, ' ')}`);
        }
      }
      for (const r of k.responses) {
        if (r.sessionKey !== null && !sessionKeys.has(r.sessionKey)) p(r.where, `the answers name a session that is not in this course (${r.sessionKey})`);
        checkResponse(r, k);
      }
      const goalKeys = new Set(k.goals.map((g) => g.key));
      for (const g of k.goals) {
        if (!g.text.trim()) p(g.where, 'the goal has no text');
        if (!(GOAL_FOCI as readonly string[]).includes(g.focus)) p(g.where, `unknown goal focus "${g.focus}" (${GOAL_FOCI.join(', ')})`);
        instant(g.where, 'the goal’s proposal', g.proposedAt, end);
        const states = ['proposed', 'agreed', 'achieved', 'revised', 'dropped'];
        if (!states.includes(g.state)) p(g.where, `unknown goal state "${g.state}" (${states.join(', ')})`);
        if (g.state !== 'proposed' && g.state !== 'dropped' && !g.agreement)
          p(g.where, `a goal ${g.state} needs its agreement (who agreed, when, in what words)`);
        if (g.agreement) instant(g.where, 'the agreement', g.agreement.at, end);
        if (['achieved', 'revised', 'dropped'].includes(g.state) !== (g.closure !== null))
          p(g.where, `a goal ${g.state} ${g.closure ? 'has no closure' : 'needs its closure (when, by whom)'}`);
        if (g.closure) {
          instant(g.where, 'the closure', g.closure.at, end);
          if (g.closure.state !== g.state) p(g.where, `the closure says ${g.closure.state} but the goal is ${g.state}`);
        }
        if (g.revisionOfKey !== null && !goalKeys.has(g.revisionOfKey)) p(g.where, `the goal revises a goal that is not in this course (${g.revisionOfKey})`);
        for (const r of g.ratings) {
          instant(g.where, 'a progress rating', r.at, end);
          if (!Number.isInteger(r.value) || r.value < 0 || r.value > 10) p(g.where, `progress rating ${r.value} is out of range (0–10)`);
        }
        if (g.gas && !(g.gas.weight > 0)) p(g.where, `the GAS weight ${g.gas.weight} must be above 0`);
        for (const a of g.attainments) {
          instant(g.where, 'a GAS attainment', a.at, end);
          if (!g.gas) p(g.where, 'a GAS attainment needs the goal’s GAS scale');
          if (![-2, -1, 0, 1, 2].includes(a.level)) p(g.where, `GAS level ${a.level} is out of range (−2…+2)`);
        }
      }
    }
  }
  for (const r of plan.responses) checkResponse(r, null);
  return out;
}

/** Two answers are the same record when instrument, time and answers agree (a file imported twice, or a response twice in one file). */
export const responseKey = (r: { instrumentCode: string; completedAt: string; answers: Record<string, number | null> }): string =>
  JSON.stringify([
    r.instrumentCode,
    new Date(r.completedAt).toISOString(),
    Object.entries(r.answers)
      .filter(([, v]) => v !== null)
      .sort(([a], [b]) => a.localeCompare(b)),
  ]);
