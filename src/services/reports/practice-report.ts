/**
 * The practice report and the expected-response reading of a course (SPEC §3 C9, issue 15), over
 * the `course_outcomes` summary table only: four grouped reads in one parallel round, whatever the
 * practice's size, then the domain turns the counts into rates, intervals and readings.
 *
 * Scope (POLICY 'reports:practice'): the admin reads the whole practice; a supervisor their
 * supervisees' courses and their own; a therapist their own. A therapist filter outside that
 * scope answers like an unknown therapist (not_found). The report names no client.
 */
import type { Caller } from '../../domain/access.ts';
import { DomainError } from '../../domain/errors.ts';
import type { Grouping, PracticeReport } from '../../domain/reports/practice-report.ts';
import { practiceReport } from '../../domain/reports/practice-report.ts';
import type { ExpectedCurve, PathReading } from '../../domain/reports/expected-response.ts';
import { expectedCurves, readAgainstCurve } from '../../domain/reports/expected-response.ts';
import { reportDefaults } from '../../domain/reports/course-outcome.ts';
import { toCsv } from '../../domain/data-rights/csv.ts';
import type { CsvValue } from '../../domain/data-rights/csv.ts';
import type { Rate } from '../../domain/reports/practice-report.ts';
import { findInstrument } from '../measures/instruments.ts';
import type { Deps } from '../deps.ts';
import { iso } from '../deps.ts';
import type { ReportFilter } from '../ports.ts';

/** The period is of the day a course ended, both ends included; without one, the twelve months up to today (UTC). */
export type ReportQuery = { from?: string; to?: string; grouping: Grouping; therapistId?: string };

export type PracticeReportView = PracticeReport & {
  from: string;
  to: string;
  grouping: Grouping;
  /** Whose courses: the whole practice, or the therapists named. */
  scope: 'practice' | 'therapists';
  therapists: { id: string; name: string }[];
  generatedAt: string;
};

/** The therapists whose courses the caller may read in the report; undefined = the whole practice. */
async function reach(deps: Pick<Deps, 'store'>, caller: Caller): Promise<string[] | undefined> {
  if (caller.roles.includes('admin')) return undefined;
  const ids: string[] = [];
  if (caller.roles.includes('therapist')) ids.push(caller.userId);
  if (caller.roles.includes('supervisor')) ids.push(...(await deps.store.superviseesOf(caller.userId)));
  return [...new Set(ids)];
}

export async function getPracticeReport(deps: Deps, caller: Caller, query: ReportQuery): Promise<PracticeReportView> {
  const today = iso(deps.clock.now()).slice(0, 10);
  const to = query.to ?? today;
  const from = query.from ?? `${Number(to.slice(0, 4)) - 1}${to.slice(4, 10)}`;
  const q = { ...query, from, to };
  if (q.from > q.to) throw new DomainError('invalid_input', 'The period starts after it ends.', { field: 'from' });
  const practice = await deps.store.findPractice();
  if (!practice) throw new DomainError('not_found', 'No practice.');
  const allowed = await reach(deps, caller);
  let therapistIds = allowed;
  if (q.therapistId !== undefined) {
    if (allowed && !allowed.includes(q.therapistId)) throw new DomainError('not_found', 'No such therapist.');
    therapistIds = [q.therapistId];
  }
  const filter: ReportFilter = { practiceId: practice.id, from: q.from, to: q.to, ...(therapistIds ? { therapistIds } : {}) };
  const [byTherapistMonth, byDivergenceEarly, byEarlyType, byAgreedInferred] = await Promise.all([
    deps.store.countCourseOutcomes(filter, ['therapist', 'month']),
    deps.store.countCourseOutcomes(filter, ['divergence', 'early']),
    deps.store.countCourseOutcomes(filter, ['earlyType']),
    deps.store.countCourseOutcomes(filter, ['agreedType', 'inferredType']),
  ]);
  const report = practiceReport({ byTherapistMonth, byDivergenceEarly, byEarlyType, byAgreedInferred, grouping: q.grouping });
  const names = await deps.store.displayNamesOf(report.byTherapist.map((t) => t.therapistId));
  return {
    ...report,
    byTherapist: report.byTherapist.sort((a, b) => (names.get(a.therapistId) ?? '').localeCompare(names.get(b.therapistId) ?? '')),
    from: q.from,
    to: q.to,
    grouping: q.grouping,
    scope: therapistIds ? 'therapists' : 'practice',
    therapists: [...names].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name)),
    generatedAt: iso(deps.clock.now()),
  };
}

const RATE_COLUMNS = [
  'dropOut',
  'reliableImprovement',
  'reliableDeterioration',
  'recovery',
  'reliableRecovery',
  'earlyAgreement',
  'agreedMatchesInferred',
] as const;

/**
 * The report as CSV (one row per row of the report: overall, each therapist, each period), with
 * count, denominator, rate and interval beside every rate; written by the one CSV writer that
 * neutralises formula-looking cells (domain/data-rights/csv.ts).
 */
export function practiceReportCsv(r: PracticeReportView): string {
  const header = ['row', 'label', 'ended', 'finished', 'mean_sessions', 'goal_consensus_mean', 'goal_consensus_courses'];
  for (const c of RATE_COLUMNS) header.push(`${c}_count`, `${c}_of`, `${c}_rate`, `${c}_low95`, `${c}_high95`, `${c}_too_few`);
  const names = new Map(r.therapists.map((t) => [t.id, t.name]));
  const r4 = (x: number | null) => (x === null ? null : Math.round(x * 10000) / 10000);
  const line = (kind: string, label: string, m: PracticeReport['overall']): CsvValue[] => {
    const out: CsvValue[] = [kind, label, m.ended, m.finished, m.meanSessions, m.goalConsensus.mean, m.goalConsensus.courses];
    for (const c of RATE_COLUMNS) {
      const x: Rate = m[c];
      out.push(x.count, x.of, r4(x.rate), r4(x.low), r4(x.high), x.small);
    }
    return out;
  };
  const rows: CsvValue[][] = [line('overall', `${r.from} to ${r.to}`, r.overall)];
  for (const t of r.byTherapist) rows.push(line('therapist', names.get(t.therapistId) ?? t.therapistId, t.metrics));
  for (const p of r.byPeriod) rows.push(line('period', p.period, p.metrics));
  return toCsv(header, rows);
}

export type ExpectedResponseView = {
  courseId: string;
  minCourses: number;
  instruments: { code: string; title: string; curve: ExpectedCurve | null; reading: string; offPath: boolean; series: [number, number][] }[];
};

/** How many of the practice's latest finished courses the curves are drawn from (enough for stable means; bounded at any size). */
const CURVE_SAMPLE = 2000;

/**
 * The expected-response reading of a course: for PHQ-9 and GAD-7, the curve of the course's intake
 * band from the practice's own finished courses (with its basis), and whether the course's latest
 * score is off that path. The course's series is its summary row's.
 */
export async function getExpectedResponse(deps: Deps, courseId: string): Promise<ExpectedResponseView> {
  const [row, practice] = await Promise.all([deps.store.findCourseOutcome(courseId), deps.store.findPractice()]);
  if (!practice) throw new DomainError('not_found', 'No practice.');
  const instruments: ExpectedResponseView['instruments'] = [];
  for (const code of ['phq9', 'gad7'] as const) {
    const def = await findInstrument(deps, code);
    if (!def) continue;
    const series = ((code === 'phq9' ? row?.phq9Series : row?.gad7Series) ?? []).map(([s, t]) => [s, t] as [number, number]);
    const curves = expectedCurves(def, await deps.store.listOutcomeSeries(practice.id, code, CURVE_SAMPLE));
    const reading: PathReading = readAgainstCurve(def, series, curves);
    instruments.push({ code, title: def.title, curve: reading.curve ?? null, reading: reading.reading, offPath: reading.offPath, series });
  }
  return { courseId, minCourses: reportDefaults.curveMinCourses, instruments };
}
