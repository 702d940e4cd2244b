/**
 * What the ending report gathers (SPEC §3 C6), shaped for print from what the other capabilities
 * already computed: first vs last score per instrument with the reliable-change outcome the
 * measures rules gave (domain/measures/outcomes.ts — never re-scored here), each goal's final state
 * with its last progress rating and GAS level (domain/alliance/goals.ts), and the alliance history
 * as runs of sessions with the same agreed and inferred alliance.
 */
import type { MeasureSeries } from '../measures/series.ts';
import type { Goal } from '../alliance/goals.ts';

export type ScoreAt = { at: string; total: number; band: string };

export type MeasureComparison = {
  code: string;
  title: string;
  higherIsBetter: boolean;
  count: number;
  first: ScoreAt;
  last: ScoreAt;
  /** last − first, in the instrument's units. */
  change: number;
  /** The outcome the measures rules gave (reliable_improvement, reliable_deterioration, no_reliable_change, insufficient_data). */
  outcome: string;
  reliableChange: number | null;
  recovered: boolean | null;
  reliablyRecovered: boolean | null;
};

/**
 * First vs last per instrument, for every series with at least one score. The change outcome and
 * recovery are read from the series (the measures service computed them with `reliableChange` and
 * `recovery`); a single score is "insufficient_data".
 */
export function measureComparisons(
  series: readonly Pick<MeasureSeries, 'code' | 'title' | 'higherIsBetter' | 'reliableChange' | 'points' | 'change' | 'recovery'>[],
): MeasureComparison[] {
  const out: MeasureComparison[] = [];
  for (const s of series) {
    const first = s.points[0];
    const last = s.points.at(-1);
    if (!first || !last) continue;
    out.push({
      code: s.code,
      title: s.title,
      higherIsBetter: s.higherIsBetter,
      count: s.points.length,
      first: { at: first.at, total: first.total, band: first.band },
      last: { at: last.at, total: last.total, band: last.band },
      change: last.total - first.total,
      outcome: s.points.length >= 2 ? (s.change?.outcome ?? 'insufficient_data') : 'insufficient_data',
      reliableChange: s.reliableChange,
      recovered: s.recovery?.applicable ? s.recovery.recovered : null,
      reliablyRecovered: s.recovery?.applicable ? s.recovery.reliablyRecovered : null,
    });
  }
  return out;
}

export type GoalOutcome = {
  id: string;
  author: 'client' | 'therapist';
  text: string;
  focus: string;
  state: string;
  agreedAt: string | null;
  closedAt: string | null;
  /** The last 0–10 progress rating, if any. */
  lastRating: number | null;
  /** The last GAS level (−2…+2), if the goal was scaled and rated. */
  gasLevel: number | null;
  gasWeight: number | null;
};

/**
 * Each goal's outcome for the report: goals that were only proposed and never agreed, and goals
 * replaced by a revision, are left out (the revision carries on); achieved, agreed and dropped
 * goals are shown as they ended.
 */
export function goalOutcomes(goals: readonly Goal[]): GoalOutcome[] {
  return goals
    .filter((g) => g.agreement !== undefined && g.state !== 'revised')
    .map((g) => ({
      id: g.id,
      author: g.author,
      text: g.text,
      focus: g.focus,
      state: g.state,
      agreedAt: g.agreement?.at ?? null,
      closedAt: g.closure?.at ?? null,
      lastRating: g.ratings.at(-1)?.value ?? null,
      gasLevel: g.gas?.attainments.at(-1)?.level ?? null,
      gasWeight: g.gas?.weight ?? null,
    }));
}

export type AllianceSessionPoint = { at: string; status: string; phase: string | null; agreed: string | null; inferred: string };
export type AllianceSpan = { from: string; to: string; sessions: number; phase: string | null; agreed: string | null; inferred: string };

/**
 * The alliance history as spans: consecutive attended sessions with the same phase, agreed
 * alliance and inferred dominant alliance are one span, so a course of forty sessions prints as a
 * handful of lines that show each shift. Sessions not attended carry no new evidence and are left
 * out (the attendance figures say how many there were).
 */
export function allianceSpans(points: readonly AllianceSessionPoint[]): AllianceSpan[] {
  const out: AllianceSpan[] = [];
  for (const p of points) {
    if (p.status !== 'attended') continue;
    const last = out.at(-1);
    if (last && last.phase === p.phase && last.agreed === p.agreed && last.inferred === p.inferred) {
      last.to = p.at;
      last.sessions += 1;
    } else {
      out.push({ from: p.at, to: p.at, sessions: 1, phase: p.phase, agreed: p.agreed, inferred: p.inferred });
    }
  }
  return out;
}
