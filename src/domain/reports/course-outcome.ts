/**
 * One course of therapy summarised for the practice report (SPEC §3 C9): attendance, the NHS
 * Talking Therapies outcome flags over PHQ-9 and GAD-7, the alliance agreed early and inferred,
 * the divergence of expectations at intake and goal consensus. A pure function of the course's
 * records, so the incremental path (after every write to a course) and a full rebuild write the
 * same row.
 *
 * Outcome definitions: NHS Talking Therapies for anxiety and depression Manual (NHS England,
 * v7 2024, "Outcome measurement") and the NHS Talking Therapies data set / IAPT data handbook
 * v2.0 (NHS Digital): caseness PHQ-9 ≥ 10, GAD-7 ≥ 8; reliable change PHQ-9 ≥ 6 points, GAD-7
 * ≥ 4 points; "finished a course of treatment" = ended having attended at least 2 treatment
 * sessions. The per-measure rules are the measures capability's own (domain/measures/outcomes.ts:
 * `reliableChange`, `recoveryAcross`), so the client's chart and the report agree.
 */
import type { AllianceType } from '../cues/types.ts';
import type { Ledger } from '../alliance/agreements.ts';
import { agreedAllianceAt } from '../alliance/agreements.ts';
import type { ExpectationsResponse } from '../alliance/expectations.ts';
import { compareExpectations } from '../alliance/divergence.ts';
import type { InferredDominant } from '../alliance/inference.ts';
import type { CourseStatus, EndReason, SessionStatus } from '../people.ts';
import type { MonitoredSeries, ScoredPoint } from '../measures/outcomes.ts';
import { recoveryAcross, reliableChange } from '../measures/outcomes.ts';
import { isCaseness } from '../measures/score.ts';

/** Report thresholds in one place (SPEC §5: "All thresholds … in one settings object"). */
export const reportDefaults = {
  /** NHS Talking Therapies: a course "finished treatment" when it ended with at least 2 attended sessions. */
  finishedMinSessions: 2,
  /** SPEC §3 C9: "alliance agreed within the first 3 sessions". */
  earlyAgreementBySession: 3,
  /**
   * Below this many courses in a denominator a rate is shown with a plain warning that it cannot
   * be read: with n < 10 a Wilson 95 % interval is wider than ±25 points for rates near 50 %.
   */
  smallN: 10,
  /**
   * Expected-response curves are drawn from the practice's own finished courses only when an
   * instrument's intake band has at least this many (docs/reports.md).
   */
  curveMinCourses: 30,
  /** The tolerance band of a curve: mean ± this many standard deviations (≈ the middle 80 % of a normal spread). */
  curveBandSd: 1.28,
  /** Curves are drawn up to this attended session. */
  curveMaxSession: 20,
  /** Intake divergence is "high" when the Expectations checks diverge by SPEC §5.2 (see `divergence_high`). */
} as const;

export type SeriesPoint = readonly [session: number, total: number];

export type CourseOutcome = {
  courseId: string;
  practiceId: string;
  therapistId: string;
  clientId: string;
  startedOn: string;
  endedOn: string | null;
  status: CourseStatus;
  endReason: EndReason | null;
  attended: number;
  finished: boolean;
  droppedOut: boolean;
  phq9First: number | null;
  phq9Last: number | null;
  gad7First: number | null;
  gad7Last: number | null;
  /** A first and a later score on PHQ-9 or GAD-7. */
  paired: boolean;
  casenessFirst: boolean | null;
  casenessLast: boolean | null;
  reliableImprovement: boolean | null;
  reliableDeterioration: boolean | null;
  recovery: boolean | null;
  reliableRecovery: boolean | null;
  agreedEarly: boolean;
  earlyType: AllianceType | null;
  agreedType: AllianceType | null;
  inferredType: AllianceType | 'mixed' | null;
  intakeDivergence: number | null;
  divergenceHigh: boolean | null;
  goalConsensus: number | null;
  phq9Series: SeriesPoint[] | null;
  gad7Series: SeriesPoint[] | null;
};

export type CourseOutcomeInput = {
  course: {
    id: string;
    practiceId: string;
    therapistId: string;
    clientId: string;
    startedOn: string;
    endedOn: string | null;
    status: CourseStatus;
    endReason: EndReason | null;
  };
  sessions: readonly { at: string; status: SessionStatus }[];
  /** PHQ-9 and GAD-7 series (others are ignored), points numbered by attended sessions before them. */
  measures: readonly MonitoredSeries[];
  ledger: Ledger;
  /** Expectations checks the analysis may read (revealed pairs). */
  expectations: readonly ExpectationsResponse[];
  inferred: InferredDominant | undefined;
  /** Agreed active goals / active goals, undefined with no active goal (domain/alliance/goals.ts `goalConsensus`). */
  goalConsensus: number | undefined;
  asOf: string;
};

const byAt = <T extends { at: string }>(xs: readonly T[]): T[] => [...xs].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));

function seriesOf(m: MonitoredSeries | undefined): { first: ScoredPoint | undefined; last: ScoredPoint | undefined; points: ScoredPoint[] } {
  const points = m ? byAt(m.series) : [];
  return { first: points[0], last: points.length >= 2 ? points[points.length - 1] : undefined, points };
}

/**
 * Drop-out (docs/reports.md): the course ended and the ending was not agreed — `unplanned` or
 * `drop_out` (SPEC §3 C1 end reasons). NHS Talking Therapies counts a referral as ending
 * "not agreed" on the same ground.
 */
export function isDropOut(status: CourseStatus, endReason: EndReason | null): boolean {
  return status === 'ended' && (endReason === 'drop_out' || endReason === 'unplanned');
}

/** The course's summary row (see the file comment for the definitions and their sources). */
export function courseOutcome(input: CourseOutcomeInput, settings = reportDefaults): CourseOutcome {
  const { course } = input;
  const attendedAt = byAt(input.sessions.filter((s) => s.status === 'attended')).map((s) => s.at);
  const attended = attendedAt.length;
  const ended = course.status === 'ended';
  const phq = input.measures.find((m) => m.def.code === 'phq9');
  const gad = input.measures.find((m) => m.def.code === 'gad7');
  const p = seriesOf(phq);
  const g = seriesOf(gad);
  const used = [phq, gad].filter((m): m is MonitoredSeries => m !== undefined && m.series.length >= 2);
  const paired = used.length > 0;
  let casenessFirst: boolean | null = null;
  let casenessLast: boolean | null = null;
  let improved: boolean | null = null;
  let deteriorated: boolean | null = null;
  let recovered: boolean | null = null;
  let reliablyRecovered: boolean | null = null;
  if (paired) {
    const changes = used.map((m) => reliableChange(m.def, m.series).outcome);
    const across = recoveryAcross(used);
    casenessFirst = used.some((m) => isCaseness(m.def, byAt(m.series)[0]!.total));
    casenessLast = used.some((m) => isCaseness(m.def, byAt(m.series).at(-1)!.total));
    deteriorated = changes.includes('reliable_deterioration');
    // Reliable improvement: a reliable decrease on at least one measure, a reliable increase on none.
    improved = changes.includes('reliable_improvement') && !deteriorated;
    recovered = across.recovered;
    reliablyRecovered = across.reliablyRecovered;
  }
  const earlyCut = attendedAt[settings.earlyAgreementBySession - 1] ?? (ended ? `${course.endedOn ?? course.startedOn}T23:59:59.999Z` : input.asOf);
  const early = agreedAllianceAt(input.ledger, earlyCut);
  const agreed = agreedAllianceAt(input.ledger, input.asOf);
  // Intake divergence: the first Expectations check of each side (SPEC §3 C2, given at intake).
  const firstOf = (side: 'client' | 'therapist') => byAt(input.expectations.filter((e) => e.side === side))[0];
  const c = firstOf('client');
  const t = firstOf('therapist');
  const comparison = c && t ? compareExpectations(c, t) : undefined;
  const inferred = input.inferred === undefined || input.inferred === 'not_enough_evidence' ? null : input.inferred;
  const compact = (pts: ScoredPoint[]): SeriesPoint[] | null => (pts.length ? pts.map((x) => [x.sessionIndex ?? 0, x.total] as const) : null);
  return {
    courseId: course.id,
    practiceId: course.practiceId,
    therapistId: course.therapistId,
    clientId: course.clientId,
    startedOn: course.startedOn,
    endedOn: ended ? course.endedOn : null,
    status: course.status,
    endReason: ended ? course.endReason : null,
    attended,
    finished: ended && attended >= settings.finishedMinSessions,
    droppedOut: isDropOut(course.status, course.endReason),
    phq9First: p.first?.total ?? null,
    phq9Last: p.last?.total ?? null,
    gad7First: g.first?.total ?? null,
    gad7Last: g.last?.total ?? null,
    paired,
    casenessFirst,
    casenessLast,
    reliableImprovement: improved,
    reliableDeterioration: deteriorated,
    recovery: recovered,
    reliableRecovery: reliablyRecovered,
    agreedEarly: early !== undefined,
    earlyType: early?.terms.allianceType ?? null,
    agreedType: agreed?.terms.allianceType ?? null,
    inferredType: inferred,
    intakeDivergence: comparison ? Math.round(comparison.distance * 1000) / 1000 : null,
    divergenceHigh: comparison ? comparison.diverge : null,
    goalConsensus: input.goalConsensus === undefined ? null : Math.round(input.goalConsensus * 1000) / 1000,
    phq9Series: compact(p.points),
    gad7Series: compact(g.points),
  };
}
