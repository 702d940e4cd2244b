/**
 * The printable ending report (SPEC §3 C6): first vs last scores per instrument with reliable
 * change, goals and their attainment (GAS), the alliance history, both lists, and the follow-up
 * check. Everything is read through the capabilities that own it — the score series of the
 * measures service (its `reliableChange` and `recovery`), the goals and GAS T-score of the alliance
 * service, its timeline and summary — and only shaped here (domain/ending/report.ts).
 */
import type { AllianceSpan, GoalOutcome, MeasureComparison } from '../../domain/ending/report.ts';
import { allianceSpans, goalOutcomes, measureComparisons } from '../../domain/ending/report.ts';
import { GOAL_FOCUS_LABELS } from '../../domain/alliance/goals.ts';
import { countsForAttendance } from '../../domain/people.ts';
import { DomainError } from '../../domain/errors.ts';
import type { Deps } from '../deps.ts';
import { iso } from '../deps.ts';
import { getClient } from '../people/clients.ts';
import { scoreSeries } from '../measures/measures.ts';
import { listGoals } from '../alliance/goals.ts';
import { getAllianceSummary, getAllianceTimeline } from '../alliance/alliance.ts';
import type { EndingView, EndingViewer } from './ending.ts';
import { presentEnding } from './ending.ts';

export type EndingReport = {
  courseId: string;
  generatedAt: string;
  practiceName: string;
  clientName: string;
  therapistName: string;
  course: { startedOn: string; endedOn: string | null; endReason: string | null; status: string; frequency: string };
  sessions: { attended: number; counted: number; noShows: number };
  measures: MeasureComparison[];
  goals: (GoalOutcome & { focusLabel: string })[];
  gasTScore: number | null;
  alliance: {
    /** The agreed alliance at the end (its type and statement), if any agreement was in force. */
    agreedAtEnd: { allianceType: string; statement: string } | null;
    /** Staff only: the inferred dominant alliance at the end (the client's projection leaves it out). */
    inferredAtEnd: string | null;
    spans: AllianceSpan[];
  };
  ending: EndingView;
  /**
   * HOOK(skills): practice totals (SPEC §3 C5) once the skills capability exists. Until then it is
   * always null and the report has no practice section — never an empty one. The skills
   * capability fills it here from its own port: `{ targets: { title; practised: number }[] }`.
   */
  practiceTotals: null;
};

/**
 * The ending report of one course for a reader. The alliance history's inferred column is the
 * staff's; a client reads the same report through the client presenter, which leaves it out.
 */
export async function getEndingReport(deps: Deps, courseId: string, viewer: EndingViewer): Promise<EndingReport> {
  const course = await deps.store.findCourse(courseId);
  if (!course) throw new DomainError('not_found', 'No such course.');
  const [client, practice, sessions, series, goals, ending] = await Promise.all([
    getClient(deps, course.clientId),
    deps.store.findPractice(),
    deps.store.listSessionsOfCourse(courseId),
    scoreSeries(deps, course.clientId, { courseId, forClient: viewer === 'client' }),
    listGoals(deps, courseId),
    deps.store.findEnding(courseId),
  ]);
  // One after the other: each makes the course's missing alliance snapshots, and two at once would both make them.
  const summary = await getAllianceSummary(deps, courseId);
  const timeline = await getAllianceTimeline(deps, courseId, viewer === 'client' ? 'client' : 'therapist');
  const therapistName = (await deps.store.displayNamesOf([course.therapistId])).get(course.therapistId) ?? '';
  const counted = sessions.filter((s) => countsForAttendance(s.status));
  return {
    courseId,
    generatedAt: iso(deps.clock.now()),
    practiceName: practice?.name ?? '',
    clientName: client.name,
    therapistName,
    course: { startedOn: course.startedOn, endedOn: course.endedOn, endReason: course.endReason, status: course.status, frequency: course.frequency },
    sessions: {
      attended: counted.filter((s) => s.status === 'attended').length,
      counted: counted.length,
      noShows: counted.filter((s) => s.status === 'no_show').length,
    },
    measures: measureComparisons(series),
    goals: goalOutcomes(goals.goals).map((g) => ({ ...g, focusLabel: GOAL_FOCUS_LABELS[g.focus as keyof typeof GOAL_FOCUS_LABELS] ?? g.focus })),
    gasTScore: goals.gasTScore,
    alliance: {
      agreedAtEnd: summary.agreed ? { allianceType: summary.agreed.terms.allianceType, statement: summary.agreed.terms.statement } : null,
      inferredAtEnd: summary.inferred.dominant,
      spans: allianceSpans(
        timeline.points.map((p) => ({
          at: p.at,
          status: p.status,
          phase: p.phase ?? null,
          agreed: p.agreedType ?? null,
          inferred: p.inferred.dominant,
        })),
      ),
    },
    ending: await presentEnding(deps, course, ending, viewer),
    practiceTotals: null,
  };
}
