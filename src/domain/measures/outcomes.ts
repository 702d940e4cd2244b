/**
 * Outcome rules over a course's series of scored responses (SPEC §5.1): reliable change,
 * recovery, reliable recovery, not on track, and remission without a current goal. Each rule is
 * a pure function returning its result together with the evidence a therapist can check: which
 * responses, which values, which threshold.
 */
import type { Evidence } from '../alerts/alert.ts';
import type { InstrumentDefinition } from './instrument.ts';
import { bandFor, isCaseness } from './score.ts';
import type { MeasuresSettings } from './settings.ts';
import { measuresDefaults } from './settings.ts';

/** One scored response in a series. */
export type ScoredPoint = {
  /** When it was completed, ISO 8601. */
  at: string;
  total: number;
  /** Attended sessions of the course when this measure was taken (intake: 0 or 1). */
  sessionIndex?: number;
  /** The stored response, so evidence can link to it. */
  responseId?: string;
};

/** One monitored measure of a course: the instrument and its responses in time order. */
export type MonitoredSeries = { def: InstrumentDefinition; series: readonly ScoredPoint[] };

export type ReliableChangeOutcome = 'reliable_improvement' | 'reliable_deterioration' | 'no_reliable_change' | 'insufficient_data';

export type ReliableChangeResult = {
  instrument: string;
  outcome: ReliableChangeOutcome;
  first?: ScoredPoint;
  latest?: ScoredPoint;
  /** latest − first, in the instrument's own direction. */
  change?: number;
  threshold?: number;
  evidence: Evidence[];
};

export type RecoveryResult = {
  instrument: string;
  /** At caseness at the first measure: only then can a course "recover". */
  applicable: boolean;
  recovered: boolean;
  reliablyRecovered: boolean;
  evidence: Evidence[];
};

export type NotOnTrackReason = 'reliable_deterioration' | 'no_reliable_improvement';

export type NotOnTrackResult = {
  instrument: string;
  notOnTrack: boolean;
  reasons: NotOnTrackReason[];
  /** Measures reliably worse than the first, oldest first. */
  deterioratedAt: ScoredPoint[];
  evidence: Evidence[];
};

export type RemissionResult = {
  /** Below caseness on every monitored measure for the whole window. */
  inRemission: boolean;
  hasActiveAgreedGoal: boolean;
  remissionWithoutGoal: boolean;
  /**
   * The measure from which every monitored measure has stayed below caseness: stable while the
   * remission lasts, so it identifies the condition (alert dedupe key).
   */
  since?: ScoredPoint;
  evidence: Evidence[];
};

/**
 * The series in time order; left as given when a time cannot be read. Each time is parsed once
 * (not twice per comparison: a course's series runs to hundreds of points), and the sort is
 * stable, so points at the same time keep the order they were given in.
 */
function chronological(series: readonly ScoredPoint[]): ScoredPoint[] {
  const times = series.map((p) => Date.parse(p.at));
  if (times.some((t) => Number.isNaN(t))) return [...series];
  // Already in order (as the store lists them): nothing to sort.
  if (times.every((t, i) => i === 0 || times[i - 1]! <= t)) return [...series];
  const order = series.map((_, i) => i).sort((a, b) => times[a]! - times[b]! || a - b);
  return order.map((i) => series[i]!);
}

/** How much worse `to` is than `from` (positive = worse), whichever direction the instrument runs. */
function worsening(def: InstrumentDefinition, from: number, to: number): number {
  return def.higherIsBetter ? from - to : to - from;
}

function pointEvidence(def: InstrumentDefinition, point: ScoredPoint, role: string): Evidence {
  const band = bandFor(def, point.total).label;
  const when = point.at.slice(0, 10);
  const session = point.sessionIndex === undefined ? '' : `, session ${point.sessionIndex}`;
  const evidence: Evidence = {
    kind: 'response',
    label: `${role}: ${def.title} ${point.total} (${band}) on ${when}${session}`,
    value: point.total,
  };
  if (point.responseId !== undefined) evidence.ref = { type: 'response', id: point.responseId };
  return evidence;
}

/**
 * How many reliably worse answers an alert names one by one: the earliest (when it began) and the
 * latest (where it stands), with one line counting those between. A course that stays worse for
 * years would otherwise list every answer since: an unreadable alert, and its content sealed and
 * stored in full. The decision (`deterioratedAt`) still holds every one of them.
 */
export const WORSE_EVIDENCE = { first: 3, last: 2 } as const;

/** The reliably worse points as evidence, bounded (WORSE_EVIDENCE). */
function worseEvidence(def: InstrumentDefinition, worse: readonly ScoredPoint[]): Evidence[] {
  const { first, last } = WORSE_EVIDENCE;
  if (worse.length <= first + last) return worse.map((p) => pointEvidence(def, p, 'Reliably worse'));
  const between = worse.length - first - last;
  return [
    ...worse.slice(0, first).map((p) => pointEvidence(def, p, 'Reliably worse')),
    { kind: 'note', label: `${between} more reliably worse ${between === 1 ? 'answer' : 'answers'} between these`, value: between },
    ...worse.slice(-last).map((p) => pointEvidence(def, p, 'Reliably worse')),
  ];
}

function reliableThresholdEvidence(def: InstrumentDefinition, threshold: number): Evidence {
  return { kind: 'threshold', label: `${def.title} reliable change: a change of ${threshold} or more points`, value: threshold };
}

function casenessEvidence(def: InstrumentDefinition, cutOff: number): Evidence {
  const side = def.higherIsBetter ? 'at or below' : 'at or above';
  return { kind: 'threshold', label: `${def.title} clinical cut-off: ${side} ${cutOff}`, value: cutOff };
}

/**
 * Reliable improvement or deterioration, first vs latest measure (SPEC §5.1). A change counts
 * as reliable at or beyond the instrument's threshold — PHQ-9 6 points, GAD-7 4 points, as used
 * by NHS Talking Therapies. Needs two measures and a threshold, else 'insufficient_data'.
 */
export function reliableChange(def: InstrumentDefinition, series: readonly ScoredPoint[]): ReliableChangeResult {
  const points = chronological(series);
  const first = points[0];
  const latest = points[points.length - 1];
  const threshold = def.reliableChange;
  if (first === undefined || latest === undefined || points.length < 2 || threshold === undefined) {
    const evidence: Evidence[] = [];
    if (threshold === undefined) evidence.push({ kind: 'note', label: `${def.title} has no reliable-change threshold` });
    else evidence.push({ kind: 'note', label: `${def.title} needs at least two measures (has ${points.length})`, value: points.length });
    return { instrument: def.code, outcome: 'insufficient_data', evidence };
  }
  const worse = worsening(def, first.total, latest.total);
  const outcome: ReliableChangeOutcome = -worse >= threshold ? 'reliable_improvement' : worse >= threshold ? 'reliable_deterioration' : 'no_reliable_change';
  return {
    instrument: def.code,
    outcome,
    first,
    latest,
    change: latest.total - first.total,
    threshold,
    evidence: [
      pointEvidence(def, first, 'First'),
      pointEvidence(def, latest, 'Latest'),
      {
        kind: 'change',
        label: `Change first → latest: ${latest.total - first.total > 0 ? '+' : ''}${latest.total - first.total}`,
        value: latest.total - first.total,
      },
      reliableThresholdEvidence(def, threshold),
    ],
  };
}

/**
 * Recovery on one measure (SPEC §5.1): at caseness at the first measure and below the cut-off
 * at the latest. Reliable recovery: recovery together with reliable improvement (NHS Talking
 * Therapies). For the course-level rule over PHQ-9 and GAD-7 together, see
 * {@link recoveryAcross}.
 */
export function recovery(def: InstrumentDefinition, series: readonly ScoredPoint[]): RecoveryResult {
  const points = chronological(series);
  const first = points[0];
  const latest = points[points.length - 1];
  const cutOff = def.caseness;
  if (cutOff === undefined || first === undefined || latest === undefined || points.length < 2) {
    const label = cutOff === undefined ? `${def.title} has no clinical cut-off` : `${def.title} needs at least two measures`;
    return { instrument: def.code, applicable: false, recovered: false, reliablyRecovered: false, evidence: [{ kind: 'note', label }] };
  }
  const applicable = isCaseness(def, first.total);
  const recovered = applicable && !isCaseness(def, latest.total);
  const change = reliableChange(def, points);
  const reliablyRecovered = recovered && change.outcome === 'reliable_improvement';
  const evidence = [pointEvidence(def, first, 'First'), pointEvidence(def, latest, 'Latest'), casenessEvidence(def, cutOff)];
  if (def.reliableChange !== undefined) evidence.push(reliableThresholdEvidence(def, def.reliableChange));
  return { instrument: def.code, applicable, recovered, reliablyRecovered, evidence };
}

/**
 * Course-level recovery over several measures, as SPEC §5.1 states it for PHQ-9 with GAD-7:
 * at caseness on at least one measure at the first measure, and below every cut-off at the
 * latest. Reliable recovery adds reliable improvement on at least one measure and reliable
 * deterioration on none — the paired definition used by NHS Talking Therapies. Measures
 * without a cut-off or with fewer than two responses take no part.
 */
export function recoveryAcross(measures: readonly MonitoredSeries[]): Omit<RecoveryResult, 'instrument'> & { instruments: string[] } {
  const used = measures.filter((m) => m.def.caseness !== undefined && m.series.length >= 2);
  const evidence: Evidence[] = [];
  let applicable = false;
  let allBelow = used.length > 0;
  let anyImproved = false;
  let anyDeteriorated = false;
  for (const { def, series } of used) {
    const one = recovery(def, series);
    const change = reliableChange(def, series);
    const points = chronological(series);
    const latest = points[points.length - 1] as ScoredPoint;
    applicable ||= one.applicable;
    allBelow &&= !isCaseness(def, latest.total);
    anyImproved ||= change.outcome === 'reliable_improvement';
    anyDeteriorated ||= change.outcome === 'reliable_deterioration';
    evidence.push(...one.evidence);
  }
  if (used.length === 0) evidence.push({ kind: 'note', label: 'No measure with a cut-off and at least two responses' });
  const recovered = applicable && allBelow;
  return {
    instruments: used.map((m) => m.def.code),
    applicable,
    recovered,
    reliablyRecovered: recovered && anyImproved && !anyDeteriorated,
    evidence,
  };
}

/**
 * Not on track (SPEC §5.1): reliable deterioration at any point compared with the first
 * measure; or at caseness at intake with no reliable improvement by the 6th attended session
 * (`settings.notOnTrackBySession`). The second condition needs a measure after intake, looks at
 * the measures taken up to that session, and clears once the latest measure shows reliable
 * improvement. `attendedSessions` is the course's attended sessions now, when known; otherwise
 * the highest sessionIndex in the series is used.
 */
export function notOnTrack(
  def: InstrumentDefinition,
  series: readonly ScoredPoint[],
  options: { attendedSessions?: number; settings?: MeasuresSettings } = {},
): NotOnTrackResult {
  const settings = options.settings ?? measuresDefaults;
  const points = chronological(series);
  const first = points[0];
  const threshold = def.reliableChange;
  const result: NotOnTrackResult = { instrument: def.code, notOnTrack: false, reasons: [], deterioratedAt: [], evidence: [] };
  if (first === undefined || threshold === undefined || points.length < 2) {
    result.evidence.push({
      kind: 'note',
      label: threshold === undefined ? `${def.title} has no reliable-change threshold` : `${def.title} needs at least two measures`,
    });
    return result;
  }
  const later = points.slice(1);
  result.deterioratedAt = later.filter((p) => worsening(def, first.total, p.total) >= threshold);
  if (result.deterioratedAt.length > 0) {
    result.reasons.push('reliable_deterioration');
    result.evidence.push(pointEvidence(def, first, 'First'));
    result.evidence.push(...worseEvidence(def, result.deterioratedAt));
    result.evidence.push(reliableThresholdEvidence(def, threshold));
  }

  const by = settings.notOnTrackBySession;
  const indices = points.map((p) => p.sessionIndex).filter((n): n is number => n !== undefined);
  const attendedNow = Math.max(options.attendedSessions ?? -Infinity, ...indices);
  const improved = (p: ScoredPoint): boolean => -worsening(def, first.total, p.total) >= threshold;
  const latest = points[points.length - 1] as ScoredPoint;
  const improvedByThen = later.some((p) => p.sessionIndex !== undefined && p.sessionIndex <= by && improved(p));
  if (isCaseness(def, first.total) && attendedNow >= by && !improvedByThen && !improved(latest)) {
    result.reasons.push('no_reliable_improvement');
    if (result.deterioratedAt.length === 0) result.evidence.push(pointEvidence(def, first, 'First'));
    if (def.caseness !== undefined) result.evidence.push(casenessEvidence(def, def.caseness));
    if (!result.deterioratedAt.includes(latest)) result.evidence.push(pointEvidence(def, latest, 'Latest'));
    result.evidence.push({ kind: 'sessions', label: `Attended sessions: ${attendedNow} (rule looks at session ${by})`, value: attendedNow });
    if (!result.reasons.includes('reliable_deterioration')) result.evidence.push(reliableThresholdEvidence(def, threshold));
  }
  result.notOnTrack = result.reasons.length > 0;
  return result;
}

/**
 * Remission without a current goal (SPEC §5.1, idea 4 of SPEC §1 "goals can go quiet"): below
 * caseness on every monitored measure for each of the last 3 measurements
 * (`settings.remissionWindow`), and no active agreed goal — time to name the purpose of the
 * work again. Only measures with a clinical cut-off are monitored; a measure with fewer than
 * the window's measurements means remission cannot be established yet.
 */
export function remissionWithoutGoal(
  measures: readonly MonitoredSeries[],
  hasActiveAgreedGoal: boolean,
  settings: MeasuresSettings = measuresDefaults,
): RemissionResult {
  const window = settings.remissionWindow;
  const monitored = measures.filter((m) => m.def.caseness !== undefined);
  const evidence: Evidence[] = [];
  let inRemission = monitored.length > 0;
  let since: ScoredPoint | undefined;
  for (const { def, series } of monitored) {
    const points = chronological(series);
    const last = points.slice(-window);
    const below = last.length === window && last.every((p) => !isCaseness(def, p.total));
    if (!below) {
      inRemission = false;
      evidence.push({
        kind: 'note',
        label:
          last.length < window
            ? `${def.title}: ${last.length} of the ${window} measurements needed`
            : `${def.title}: not below the cut-off on each of the last ${window} measurements`,
      });
      continue;
    }
    for (const p of last) evidence.push(pointEvidence(def, p, 'Below cut-off'));
    evidence.push(casenessEvidence(def, def.caseness as number));
    let start = points.length - 1;
    while (start > 0 && !isCaseness(def, (points[start - 1] as ScoredPoint).total)) start--;
    const runStart = points[start] as ScoredPoint;
    // The latest start across measures; on a tie (measures answered together) the smaller response
    // id, so every caller — whatever order it lists the measures in — names the same start (the
    // alert's dedupe key).
    const later =
      since === undefined ||
      Date.parse(runStart.at) > Date.parse(since.at) ||
      (Date.parse(runStart.at) === Date.parse(since.at) && (runStart.responseId ?? '') < (since.responseId ?? ''));
    if (later) since = runStart;
  }
  if (monitored.length === 0) {
    evidence.push({ kind: 'note', label: 'No monitored measure with a clinical cut-off' });
  }
  evidence.push({
    kind: 'goal',
    label: hasActiveAgreedGoal ? 'There is an active agreed goal' : 'No active agreed goal',
    value: hasActiveAgreedGoal ? 'yes' : 'no',
  });
  const result: RemissionResult = {
    inRemission,
    hasActiveAgreedGoal,
    remissionWithoutGoal: inRemission && !hasActiveAgreedGoal,
    evidence,
  };
  if (inRemission && since !== undefined) result.since = since;
  return result;
}
