/**
 * The practice report (SPEC §3 C9): rates over courses that ended in a period, overall, by
 * therapist and by period, each with its count and denominator, a Wilson 95 % interval, and a plain
 * flag when the denominator is too small to read; the alliance overview; and what the practice's
 * own data says about drop-out and outcome by intake divergence, by an alliance agreed within the
 * first 3 sessions, and by the type agreed then. Pure: it reads group counts (the storage port's
 * `OutcomeCounts`, summed in the database) and returns numbers and sentences.
 *
 * Denominators (docs/reports.md, NHS Talking Therapies Manual and data handbook definitions):
 * - drop-out and mean sessions: every course that ended in the period;
 * - reliable improvement and reliable deterioration: finished courses (≥ 2 attended sessions) with
 *   a first and a last PHQ-9 or GAD-7;
 * - recovery and reliable recovery: those of them at caseness at the first measure.
 */
import type { AllianceType } from '../cues/types.ts';
import { reportDefaults } from './course-outcome.ts';
import { riskDifference, wilson } from './statistics.ts';

/** One group's sums, as the store returns them (services/ports/reports.ts `OutcomeCounts` is this, keyed by the report's dimensions). */
export type GroupCounts = {
  key: Partial<Record<string, string | null>>;
  ended: number;
  finished: number;
  droppedOut: number;
  attendedSum: number;
  finishedPaired: number;
  improved: number;
  deteriorated: number;
  finishedCaseness: number;
  recovered: number;
  reliablyRecovered: number;
  agreedEarly: number;
  withAgreed: number;
  withInferred: number;
  agreedMatchesInferred: number;
  consensusN: number;
  consensusSum: number;
};

export type Rate = {
  /** Courses with the outcome. */
  count: number;
  /** Courses it is a share of. */
  of: number;
  rate: number | null;
  low: number | null;
  high: number | null;
  /** Too few courses to read (n < settings.smallN). */
  small: boolean;
};

export type Metrics = {
  ended: number;
  finished: number;
  meanSessions: number | null;
  dropOut: Rate;
  reliableImprovement: Rate;
  reliableDeterioration: Rate;
  recovery: Rate;
  reliableRecovery: Rate;
  earlyAgreement: Rate;
  agreedMatchesInferred: Rate;
  goalConsensus: { mean: number | null; courses: number };
};

export type Comparison = {
  id: string;
  /** The question, in plain words. */
  question: string;
  outcome: 'drop_out' | 'reliable_improvement';
  groups: { label: string; rate: Rate }[];
  /** First group minus second, with Newcombe's 95 % interval; only for two groups with enough courses. */
  difference: { value: number; low: number; high: number } | null;
  /** What the numbers can and cannot say. */
  reading: string;
};

export type PracticeReport = {
  overall: Metrics;
  byTherapist: { therapistId: string; metrics: Metrics }[];
  byPeriod: { period: string; metrics: Metrics }[];
  alliance: {
    agreedTypes: { type: AllianceType | 'none'; courses: number }[];
    agreedVsInferred: { agreed: AllianceType; inferred: AllianceType | 'mixed' | 'none'; courses: number }[];
  };
  comparisons: Comparison[];
  smallN: number;
};

export type Grouping = 'month' | 'quarter' | 'year';

export function rateOf(count: number, of: number, smallN: number = reportDefaults.smallN): Rate {
  const w = wilson(count, of);
  return { count, of, rate: of ? count / of : null, low: w?.low ?? null, high: w?.high ?? null, small: of < smallN };
}

/** A group with nothing in it (the start of a sum; tests build groups from it). */
export const ZERO: GroupCounts = {
  key: {},
  ended: 0,
  finished: 0,
  droppedOut: 0,
  attendedSum: 0,
  finishedPaired: 0,
  improved: 0,
  deteriorated: 0,
  finishedCaseness: 0,
  recovered: 0,
  reliablyRecovered: 0,
  agreedEarly: 0,
  withAgreed: 0,
  withInferred: 0,
  agreedMatchesInferred: 0,
  consensusN: 0,
  consensusSum: 0,
};

/** The sum of several groups' counts. */
export function sumCounts(groups: readonly GroupCounts[]): GroupCounts {
  const out: GroupCounts = { ...ZERO, key: {} };
  for (const g of groups) for (const k of Object.keys(ZERO) as (keyof GroupCounts)[]) if (k !== 'key') out[k] += g[k];
  return out;
}

export function metricsOf(c: GroupCounts, smallN: number = reportDefaults.smallN): Metrics {
  return {
    ended: c.ended,
    finished: c.finished,
    meanSessions: c.ended ? Math.round((c.attendedSum / c.ended) * 10) / 10 : null,
    dropOut: rateOf(c.droppedOut, c.ended, smallN),
    reliableImprovement: rateOf(c.improved, c.finishedPaired, smallN),
    reliableDeterioration: rateOf(c.deteriorated, c.finishedPaired, smallN),
    recovery: rateOf(c.recovered, c.finishedCaseness, smallN),
    reliableRecovery: rateOf(c.reliablyRecovered, c.finishedCaseness, smallN),
    earlyAgreement: rateOf(c.agreedEarly, c.ended, smallN),
    agreedMatchesInferred: rateOf(c.agreedMatchesInferred, c.withAgreed, smallN),
    goalConsensus: { mean: c.consensusN ? Math.round((c.consensusSum / c.consensusN) * 1000) / 1000 : null, courses: c.consensusN },
  };
}

/** The period a month ('YYYY-MM') falls in. */
export function periodOf(month: string, grouping: Grouping): string {
  if (grouping === 'month') return month;
  const year = month.slice(0, 4);
  if (grouping === 'year') return year;
  return `${year}-Q${Math.floor((Number(month.slice(5, 7)) - 1) / 3) + 1}`;
}

function groupBy(rows: readonly GroupCounts[], keyOf: (g: GroupCounts) => string): Map<string, GroupCounts[]> {
  const out = new Map<string, GroupCounts[]>();
  for (const r of rows) {
    const k = keyOf(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}

const pct = (x: number) => `${Math.round(x * 100)} %`;
const points = (x: number) => `${x > 0 ? '+' : x < 0 ? '−' : ''}${Math.abs(Math.round(x * 100))} points`;

/**
 * One two-group comparison with honest words: a difference is named only when both groups have
 * enough courses, and an interval that excludes no difference is still called an association in
 * this practice's past courses, never a cause (the groups may differ in ways the data do not show).
 */
export function compareTwo(
  input: {
    id: string;
    question: string;
    outcome: Comparison['outcome'];
    a: { label: string; count: number; of: number };
    b: { label: string; count: number; of: number };
  },
  smallN: number = reportDefaults.smallN,
): Comparison {
  const ra = rateOf(input.a.count, input.a.of, smallN);
  const rb = rateOf(input.b.count, input.b.of, smallN);
  const what = input.outcome === 'drop_out' ? 'dropped out' : 'improved reliably';
  const groups = [
    { label: input.a.label, rate: ra },
    { label: input.b.label, rate: rb },
  ];
  if (ra.small || rb.small) {
    return {
      id: input.id,
      question: input.question,
      outcome: input.outcome,
      groups,
      difference: null,
      reading: `Too few courses to compare: ${input.a.of} ${input.a.label.toLowerCase()} and ${input.b.of} ${input.b.label.toLowerCase()} (at least ${smallN} in each are needed). Nothing can be read from these numbers yet.`,
    };
  }
  const d = riskDifference(input.a.count, input.a.of, input.b.count, input.b.of)!;
  const both = `${pct(ra.rate!)} ${what} (${input.a.count} of ${input.a.of}) ${input.a.label.toLowerCase()}, ${pct(rb.rate!)} (${input.b.count} of ${input.b.of}) ${input.b.label.toLowerCase()}`;
  const interval = `difference ${points(d.difference)}, 95 % interval ${points(d.low)} to ${points(d.high)}`;
  const reading =
    d.low <= 0 && d.high >= 0
      ? `${both}; ${interval}. The interval includes no difference: these courses cannot tell whether the two go together here.`
      : `${both}; ${interval}. In this practice’s past courses the two go together, beyond what chance alone would readily give. This is an association, not proof of a cause: the clients in the two groups may differ in other ways.`;
  return { id: input.id, question: input.question, outcome: input.outcome, groups, difference: { value: d.difference, low: d.low, high: d.high }, reading };
}

/** Drop-out (of ended courses) or reliable improvement (of finished courses with paired scores) of a group. */
const outcomeOf = (c: GroupCounts, outcome: Comparison['outcome']) =>
  outcome === 'drop_out' ? { count: c.droppedOut, of: c.ended } : { count: c.improved, of: c.finishedPaired };

const TYPES: readonly AllianceType[] = ['magical', 'working', 'therapeutic', 'structuralizing'];

/** Several groups (the agreed types): rates with intervals, and a reading that names no difference the intervals cannot carry. */
function compareMany(
  id: string,
  question: string,
  outcome: Comparison['outcome'],
  groups: { label: string; counts: GroupCounts }[],
  smallN: number,
): Comparison {
  const rated = groups.map((g) => {
    const o = outcomeOf(g.counts, outcome);
    return { label: g.label, rate: rateOf(o.count, o.of, smallN) };
  });
  const readable = rated.filter((g) => !g.rate.small);
  let reading: string;
  if (readable.length < 2) {
    reading = `Too few courses to compare the types: at least two types need ${smallN} or more courses each. Nothing can be read from these numbers yet.`;
  } else {
    const sorted = [...readable].sort((a, b) => a.rate.rate! - b.rate.rate!);
    const lo = sorted[0]!;
    const hi = sorted.at(-1)!;
    reading =
      lo.rate.high! < hi.rate.low!
        ? `Among the types with enough courses, ${hi.label.toLowerCase()} has the highest rate (${pct(hi.rate.rate!)}) and ${lo.label.toLowerCase()} the lowest (${pct(lo.rate.rate!)}), and their intervals do not overlap. An association in this practice’s past courses, not a cause.`
        : `The intervals of the types with enough courses overlap: these courses cannot tell the types apart on this.`;
  }
  return { id, question, outcome, groups: rated, difference: null, reading };
}

/**
 * The report from the store's group counts: `byTherapistMonth` grouped by therapist and month,
 * `byDivergenceEarly` by divergence and early agreement, `byEarlyType` by the type agreed early,
 * `byAgreedInferred` by the type agreed last and the type inferred last.
 */
export function practiceReport(
  input: {
    byTherapistMonth: readonly GroupCounts[];
    byDivergenceEarly: readonly GroupCounts[];
    byEarlyType: readonly GroupCounts[];
    byAgreedInferred: readonly GroupCounts[];
    grouping: Grouping;
  },
  smallN: number = reportDefaults.smallN,
): PracticeReport {
  const overall = metricsOf(sumCounts(input.byTherapistMonth), smallN);
  const byTherapist = [...groupBy(input.byTherapistMonth, (g) => g.key['therapist'] ?? '')].map(([therapistId, gs]) => ({
    therapistId,
    metrics: metricsOf(sumCounts(gs), smallN),
  }));
  const byPeriod = [...groupBy(input.byTherapistMonth, (g) => periodOf(g.key['month'] ?? '0000-01', input.grouping))]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([period, gs]) => ({ period, metrics: metricsOf(sumCounts(gs), smallN) }));

  const agreedTypes = [...TYPES, 'none' as const].map((type) => ({
    type,
    courses: input.byAgreedInferred.filter((g) => (g.key['agreedType'] ?? 'none') === type).reduce((s, g) => s + g.ended, 0),
  }));
  const agreedVsInferred = input.byAgreedInferred
    .filter((g) => g.key['agreedType'])
    .map((g) => ({
      agreed: g.key['agreedType'] as AllianceType,
      inferred: (g.key['inferredType'] ?? 'none') as AllianceType | 'mixed' | 'none',
      courses: g.ended,
    }))
    .sort((a, b) => (a.agreed === b.agreed ? (a.inferred < b.inferred ? -1 : 1) : a.agreed < b.agreed ? -1 : 1));

  const where = (pred: (g: GroupCounts) => boolean) => sumCounts(input.byDivergenceEarly.filter(pred));
  const high = where((g) => g.key['divergence'] === '1');
  const low = where((g) => g.key['divergence'] === '0');
  const early = where((g) => g.key['early'] === '1');
  const notEarly = where((g) => g.key['early'] === '0');
  const two = (id: string, question: string, outcome: Comparison['outcome'], a: [string, GroupCounts], b: [string, GroupCounts]) =>
    compareTwo({ id, question, outcome, a: { label: a[0], ...outcomeOf(a[1], outcome) }, b: { label: b[0], ...outcomeOf(b[1], outcome) } }, smallN);
  const typed = TYPES.map((t) => ({ label: `Agreed ${t}`, counts: sumCounts(input.byEarlyType.filter((g) => g.key['earlyType'] === t)) }));
  const comparisons: Comparison[] = [
    two(
      'dropout_by_divergence',
      'Do courses whose expectations diverged at intake end early more often?',
      'drop_out',
      ['Diverging at intake', high],
      ['Not diverging', low],
    ),
    two('improvement_by_divergence', 'Do they improve reliably less often?', 'reliable_improvement', ['Diverging at intake', high], ['Not diverging', low]),
    two(
      'dropout_by_early_agreement',
      'Do courses with an alliance agreed by the 3rd session end early less often?',
      'drop_out',
      ['Agreed by session 3', early],
      ['Not agreed by session 3', notEarly],
    ),
    two(
      'improvement_by_early_agreement',
      'Do they improve reliably more often?',
      'reliable_improvement',
      ['Agreed by session 3', early],
      ['Not agreed by session 3', notEarly],
    ),
    compareMany('dropout_by_type', 'Drop-out by the alliance type agreed by the 3rd session', 'drop_out', typed, smallN),
    compareMany('improvement_by_type', 'Reliable improvement by the alliance type agreed by the 3rd session', 'reliable_improvement', typed, smallN),
  ];
  return { overall, byTherapist, byPeriod, alliance: { agreedTypes, agreedVsInferred }, comparisons, smallN };
}
