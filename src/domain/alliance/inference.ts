/**
 * The inferred alliance (SPEC §5.3, §3 C3): a transparent, deterministic weighted sum of evidence
 * into a distribution over the four alliance types, with every contribution kept as an evidence
 * item. Evidence comes from a list of providers; a new kind of evidence plugs in by adding a
 * provider, without touching the others. Every weight lives in settings.ts.
 */
import type { AllianceType } from '../cues/types.ts';
import { ALLIANCE_TYPES, FAMILY_ALLIANCE } from '../cues/types.ts';
import type { Ledger } from './agreements.ts';
import { agreedAllianceAt } from './agreements.ts';
import { analyseAttendance, mayBeEpisodic } from './attendance.ts';
import type { CuedText, Frequency, PhaseChange, PracticeEntry, SessionRecord, SupportCheckEntry, SymptomCourseSummary, TrackerDayEntry } from './course.ts';
import { lengthening, streaksOf } from '../skills/trackers.ts';
import { supportRise, supportTotal } from '../skills/support-check.ts';
import { byTime, countUpTo, instant, markInTimeOrder, timesInOrder } from './course.ts';
import type { AllianceDistribution } from './divergence.ts';
import { dominantOf, expectationsProfile, normaliseScores } from './divergence.ts';
import type { ExpectationsResponse } from './expectations.ts';
import { expectationsInstrument } from './expectations.ts';
import { dayOf } from './finding.ts';
import type { Goal } from './goals.ts';
import { FOCUS_ALLIANCE, GOAL_FOCUS_LABELS, goalAsOf, isActiveGoal } from './goals.ts';
import type { AllianceSettings } from './settings.ts';
import { allianceDefaults } from './settings.ts';

/**
 * Everything the analysis knows about one course, as plain data. Every function reads only the
 * records at or before `asOf` (recordsAsOf), so a per-session history is
 * `sessions.map((s) => inferAlliance(records, s.at))`.
 */
export type CourseRecords = {
  courseId: string;
  asOf: string;
  /** The course's agreed frequency (SPEC §3 C1), used when no agreement in force states one. */
  frequency?: Frequency;
  phases?: readonly PhaseChange[];
  sessions: readonly SessionRecord[];
  expectations: readonly ExpectationsResponse[];
  goals: readonly Goal[];
  ledger: Ledger;
  /** Client texts with their cues: reflections, goal texts, expectation free texts (SPEC §5.3). */
  texts: readonly CuedText[];
  symptoms?: readonly SymptomCourseSummary[];
  practice?: readonly PracticeEntry[];
  /** Tracker days the client shares (SPEC §3 C7): lengthening streaks are consolidation. */
  trackerDays?: readonly TrackerDayEntry[];
  /** Support checks (SPEC §3 C7): a rising one is consolidation. */
  supportChecks?: readonly SupportCheckEntry[];
};

export type EvidenceKind = 'expectations' | 'goal_focus' | 'language' | 'attendance' | 'symptom_course' | 'practice' | 'consolidation';

/** One contribution to the inferred alliance: what, for which type, how much, and from where. */
export type EvidenceItem = {
  /** An EvidenceKind, or the kind of a provider added later. */
  kind: EvidenceKind | (string & {});
  type: AllianceType;
  /** Signed: a negated cue ("not a quick fix") counts against its type. */
  weight: number;
  /** Plain words a therapist can read. */
  label: string;
  quote?: string;
  source?: { type: string; id: string };
  at?: string;
};

/** A provider: a pure function from records (already cut at asOf) to evidence items. */
export type EvidenceProvider = (records: CourseRecords, settings: AllianceSettings) => EvidenceItem[];

export type InferredDominant = AllianceType | 'mixed' | 'not_enough_evidence';

/**
 * How sure the inference is, in plain words (settings.inference.certainty): not enough evidence
 * to name a type; evidence pointing several ways (mixed); or a dominant type read tentatively,
 * fairly surely or quite surely.
 */
export type InferenceCertainty = 'not_enough_evidence' | 'mixed' | 'tentative' | 'fairly_sure' | 'quite_sure';

/** The words the web app shows for each certainty. */
export const CERTAINTY_WORDS: Readonly<Record<InferenceCertainty, string>> = {
  not_enough_evidence: 'not enough evidence yet',
  mixed: 'the evidence points more than one way',
  tentative: 'a tentative reading',
  fairly_sure: 'fairly sure',
  quite_sure: 'quite sure',
};

export type AllianceInference = {
  asOf: string;
  distribution: AllianceDistribution;
  dominant: InferredDominant;
  /** Signed sum of weights per type before clamping negatives to zero. */
  totals: Readonly<Record<AllianceType, number>>;
  /** Sum of the clamped totals; below settings.inference.minimumEvidenceMass → not_enough_evidence. */
  mass: number;
  /** Pieces of evidence (distinct records with a positive contribution, countEvidence) and how many kinds they come from. */
  pieces: number;
  kinds: number;
  /** How far the dominant type leads the next one (0 when there is none). */
  lead: number;
  certainty: InferenceCertainty;
  /** Every contribution, largest |weight| first. */
  evidence: EvidenceItem[];
};

/** The records as they stood at `asOf`: later records dropped, goals replayed to their state then. */
export function recordsAsOf(records: CourseRecords, asOf: string): CourseRecords {
  const now = instant(asOf);
  const upTo = <T extends { at: string }>(xs: readonly T[] | undefined): T[] => (xs ?? []).filter((x) => instant(x.at) <= now);
  return {
    ...records,
    asOf,
    ...(records.phases === undefined ? {} : { phases: upTo(records.phases) }),
    sessions: upTo(records.sessions),
    expectations: upTo(records.expectations),
    goals: records.goals.map((g) => goalAsOf(g, asOf)).filter((g): g is Goal => g !== undefined),
    ledger: upTo(records.ledger),
    texts: upTo(records.texts),
    ...(records.symptoms === undefined ? {} : { symptoms: upTo(records.symptoms) }),
    ...(records.practice === undefined ? {} : { practice: upTo(records.practice) }),
    ...(records.trackerDays === undefined ? {} : { trackerDays: upTo(records.trackerDays) }),
    ...(records.supportChecks === undefined ? {} : { supportChecks: upTo(records.supportChecks) }),
  };
}

/**
 * `recordsAsOf` for many times over the same records (a course's inference at each of its
 * sessions): the times of every list are looked up once, and a list already in time order is cut
 * by binary search instead of being filtered. Each cut equals `recordsAsOf(records, asOf)`.
 */
export function recordsAsOfEach(records: CourseRecords): (asOf: string) => CourseRecords {
  const sessions = cutter(records.sessions, true);
  const expectations = cutter(records.expectations);
  const ledger = cutter(records.ledger);
  const texts = cutter(records.texts);
  const phases = records.phases === undefined ? undefined : cutter(records.phases);
  const symptoms = records.symptoms === undefined ? undefined : cutter(records.symptoms);
  const practice = records.practice === undefined ? undefined : cutter(records.practice);
  const trackerDays = records.trackerDays === undefined ? undefined : cutter(records.trackerDays);
  const supportChecks = records.supportChecks === undefined ? undefined : cutter(records.supportChecks);
  const goals = records.goals.map(goalCutter);
  return (asOf) => {
    const now = instant(asOf);
    return {
      ...records,
      asOf,
      ...(phases === undefined ? {} : { phases: phases(now) }),
      sessions: sessions(now),
      expectations: expectations(now),
      goals: goals.map((g) => g(asOf, now)).filter((g): g is Goal => g !== undefined),
      ledger: ledger(now),
      texts: texts(now),
      ...(symptoms === undefined ? {} : { symptoms: symptoms(now) }),
      ...(practice === undefined ? {} : { practice: practice(now) }),
      ...(trackerDays === undefined ? {} : { trackerDays: trackerDays(now) }),
      ...(supportChecks === undefined ? {} : { supportChecks: supportChecks(now) }),
    };
  };
}

/**
 * `goalAsOf` of one goal, replayed once for each of its states: what it returns depends only on
 * which of the goal's times (proposed, agreed, closed, each rating and attainment) are at or before
 * `asOf`, so cuts between the same two of them share one answer (views are read, never changed).
 */
function goalCutter(goal: Goal): (asOf: string, now: number) => Goal | undefined {
  const times = [goal.proposedAt, goal.agreement?.at, goal.closure?.at, ...goal.ratings.map((r) => r.at), ...(goal.gas?.attainments ?? []).map((a) => a.at)]
    .filter((at): at is string => at !== undefined)
    .map(instant);
  if (times.some((t) => Number.isNaN(t))) return (asOf) => goalAsOf(goal, asOf);
  times.sort((a, b) => a - b);
  const states = new Map<number, Goal | undefined>();
  return (asOf, now) => {
    if (Number.isNaN(now)) return goalAsOf(goal, asOf);
    const k = countUpTo(times, now);
    if (!states.has(k)) states.set(k, goalAsOf(goal, asOf));
    return states.get(k);
  };
}

/** The records of `xs` at or before a time, in their order: a prefix when `xs` is in time order. */
function cutter<T extends { at: string }>(xs: readonly T[], mark = false): (now: number) => T[] {
  const times = xs.map((x) => instant(x.at));
  let ordered = true;
  for (let i = 1; i < times.length && ordered; i++) ordered = times[i]! >= times[i - 1]!;
  if (times.some((t) => Number.isNaN(t))) ordered = false;
  if (!ordered) return (now) => xs.filter((_, i) => times[i]! <= now);
  if (!mark) return (now) => xs.slice(0, countUpTo(times, now));
  // A cut of an ordered list is ordered: the sessions, read by several providers, are marked so,
  // and the analysis neither sorts nor parses them again.
  return (now) => {
    const n = countUpTo(times, now);
    return markInTimeOrder(xs.slice(0, n), times.slice(0, n)) as T[];
  };
}

/** The frequency that applies at asOf: the agreement in force, else the course's, else as needed. */
export function frequencyAt(records: CourseRecords, asOf: string = records.asOf): Frequency {
  return agreedAllianceAt(records.ledger, asOf)?.terms.frequency ?? records.frequency ?? 'as_needed';
}

function attendedSessions(records: CourseRecords): SessionRecord[] {
  return byTime(records.sessions.filter((s) => s.status === 'attended'));
}

/** The time of the n-th most recent attended session; -Infinity while fewer have been attended. */
function nthLastAttendedAt(sessions: readonly SessionRecord[], n: number): number {
  const times = timesInOrder(sessions);
  if (times === undefined) {
    const attended = byTime(sessions.filter((s) => s.status === 'attended'));
    return attended.length >= n ? instant(attended[attended.length - n]!.at) : -Infinity;
  }
  // In time order already: the n-th attended one counting from the end.
  let seen = 0;
  for (let i = sessions.length - 1; i >= 0; i--) if (sessions[i]!.status === 'attended' && ++seen === n) return times[i]!;
  return -Infinity;
}

/**
 * The client texts inside the language window: those written at or after the 6th most recent
 * attended session (SPEC §5.3 "over the last 6 sessions"); all texts while fewer have been attended.
 * Therapist-written texts are left out.
 */
export function textsInWindow(records: CourseRecords, settings: AllianceSettings = allianceDefaults): CuedText[] {
  const n = settings.inference.languageWindowSessions;
  const start = nthLastAttendedAt(records.sessions, n);
  return byTime(records.texts.filter((t) => t.author !== 'therapist' && instant(t.at) >= start));
}

const pct = (x: number): string => `${Math.round(x * 100)} %`;

/** SPEC §5.3: the latest client Expectations check, its profile spread over the four types. */
export const expectationsEvidence: EvidenceProvider = (records, settings) => {
  const latest = byTime(records.expectations.filter((r) => r.side === 'client')).at(-1);
  if (latest === undefined) return [];
  // A course is analysed at each of its sessions, most of them reading the same check.
  const weight = settings.inference.weights.expectations;
  const ratingMax = settings.expectations.ratingMax;
  const known = expectationsItems.get(latest);
  if (known !== undefined && known.weight === weight && known.ratingMax === ratingMax) return known.items.map((i) => ({ ...i, source: { ...i.source! } }));
  const items = expectationsItemsOf(latest, settings);
  expectationsItems.set(latest, { weight, ratingMax, items: items.map((i) => ({ ...i, source: { ...i.source! } })) });
  return items;
};

/**
 * The evidence of each check, worked out once: a check is immutable once submitted (SPEC §2), and
 * its evidence depends on it and on two settings only (the weight, and the rating scale its profile
 * is read on), which are checked on every use. Handed out as copies.
 */
const expectationsItems = new WeakMap<ExpectationsResponse, { weight: number; ratingMax: number; items: readonly EvidenceItem[] }>();

function expectationsItemsOf(latest: ExpectationsResponse, settings: AllianceSettings): EvidenceItem[] {
  const profile = expectationsProfile(latest, settings);
  if (profile.allZero) return [];
  const statements = expectationsInstrument('client').statements;
  return ALLIANCE_TYPES.filter((t) => profile.distribution[t] > 0).map((type) => {
    const strongest = statements
      .filter((s) => s.type === type)
      .map((s) => ({ s, r: latest.answers[s.id] ?? 0 }))
      .sort((a, b) => b.r - a.r)[0];
    return {
      kind: 'expectations',
      type,
      weight: settings.inference.weights.expectations * profile.distribution[type],
      label: `Expectations check of ${dayOf(latest.at)}: ${pct(profile.distribution[type])} ${type}${strongest && strongest.r > 0 ? ` (rated ${strongest.r} of 4: “${strongest.s.text}”)` : ''}`,
      source: { type: 'expectations_response', id: latest.id },
      at: latest.at,
    };
  });
}

/**
 * SPEC §5.3, §5.2 focus map: the focus of each active goal. The client's own goals count from the
 * moment they are proposed; the therapist's only once the client has agreed to them.
 */
export const goalFocusEvidence: EvidenceProvider = (records, settings) =>
  records.goals
    .filter((g) => isActiveGoal(g) && (g.author === 'client' || g.state === 'agreed'))
    .map((g) => ({
      kind: 'goal_focus',
      type: FOCUS_ALLIANCE[g.focus],
      weight: g.state === 'agreed' ? settings.inference.weights.goalAgreed : settings.inference.weights.goalProposed,
      label: `${g.state === 'agreed' ? 'Agreed' : 'Proposed'} goal about ${GOAL_FOCUS_LABELS[g.focus]}`,
      quote: g.text,
      source: { type: 'goal', id: g.id },
      at: g.agreement?.at ?? g.proposedAt,
    }));

/**
 * SPEC §5.3, §5.5: language cues in the client's texts inside the window; each cue adds
 * polarity × cue.weight × the language weight to the type its family stands for (FAMILY_ALLIANCE).
 */
export const languageEvidence: EvidenceProvider = (records, settings) =>
  textsInWindow(records, settings).flatMap((t) =>
    t.cues.flatMap((cue) => {
      const type = FAMILY_ALLIANCE[cue.family];
      if (type === undefined) return [];
      return [
        {
          kind: 'language',
          type,
          weight: cue.polarity * cue.weight * settings.inference.weights.languageCue,
          label: cue.reason,
          quote: cue.words,
          source: { type: t.sourceType, id: t.sourceId },
          at: t.at,
        },
      ];
    }),
  );

/** SPEC §1.5, §5.3: attendance in bursts months apart is the shape of a working alliance. */
export const attendanceEvidence: EvidenceProvider = (records, settings) => {
  const frequency = frequencyAt(records);
  // Most courses have no pause long enough to part two episodes: no analysis needed to say so.
  if (!mayBeEpisodic(records.sessions, frequency, records.asOf, settings)) return [];
  const analysis = analyseAttendance(records.sessions, frequency, records.asOf, settings);
  if (analysis.pattern !== 'episodic') return [];
  const last = records.sessions.length === 0 ? undefined : byTime(records.sessions).at(-1);
  return [
    {
      kind: 'attendance',
      type: 'working',
      weight: settings.inference.weights.attendanceEpisodic,
      label: `Comes in bursts: ${analysis.bursts.map((b) => `${b.sessions} sessions from ${dayOf(b.from)}`).join('; ')}`,
      ...(last === undefined ? {} : { at: last.at, source: { type: 'session', id: last.id } }),
    },
  ];
};

/**
 * SPEC §1.4, §5.3: still coming after every monitored measure has remitted (SPEC §5.1: below
 * caseness on each of its last 3 measurements, settings.inference.remittedMeasurements) points to a
 * structuralizing alliance ("will it last?"); words about keeping the gains since then strengthen it.
 */
export const symptomCourseEvidence: EvidenceProvider = (records, settings) => {
  const byInstrument = new Map<string, SymptomCourseSummary[]>();
  for (const s of byTime(records.symptoms ?? [])) byInstrument.set(s.instrument, [...(byInstrument.get(s.instrument) ?? []), s]);
  const series = [...byInstrument.values()];
  const n = settings.inference.remittedMeasurements;
  // SPEC §5.1: remitted = below caseness on each of the last n measurements of every measure.
  if (series.length === 0 || !series.every((xs) => xs.length >= n && xs.slice(-n).every((s) => s.remitted))) return [];
  const latest = series.map((xs) => xs.at(-1)!);
  const since = Math.max(...latest.map((s) => instant(s.remittedSince ?? s.at)));
  const after = attendedSessions(records).filter((s) => instant(s.at) > since);
  if (after.length < settings.inference.remittedContinuingSessions) return [];
  const sinceIso = new Date(since).toISOString();
  const items: EvidenceItem[] = [
    {
      kind: 'symptom_course',
      type: 'structuralizing',
      weight: settings.inference.weights.remittedContinuing,
      label: `Symptoms below caseness since ${dayOf(sinceIso)} (${latest.map((s) => s.instrument).join(', ')}), and ${after.length} sessions attended since`,
      at: after.at(-1)!.at,
    },
  ];
  const keepGains = textsInWindow(records, settings)
    .filter((t) => instant(t.at) >= since)
    .flatMap((t) => t.cues.filter((c) => c.family === 'structuralizing' && c.polarity > 0).map((c) => ({ t, c })));
  const first = keepGains[0];
  if (first !== undefined) {
    items.push({
      kind: 'symptom_course',
      type: 'structuralizing',
      weight: settings.inference.weights.remittedKeepGainsCues,
      label: `Speaks of keeping the gains since the symptoms remitted (${keepGains.length} time${keepGains.length === 1 ? '' : 's'})`,
      quote: first.c.words,
      source: { type: first.t.sourceType, id: first.t.sourceId },
      at: first.t.at,
    });
  }
  return items;
};

/**
 * SPEC §1.3, §5.3: regular practice between sessions (at least 4 entries over the last 28 days, in
 * at least 2 different weeks) is engagement in changing oneself: working, and to a lesser degree
 * therapeutic. No practice log, no evidence.
 */
export const practiceEvidence: EvidenceProvider = (records, settings) => {
  const p = settings.inference;
  const now = instant(records.asOf);
  const windowMs = p.practiceWindowDays * 86_400_000;
  const recent = (records.practice ?? []).filter((e) => now - instant(e.at) < windowMs);
  const weeks = new Set(recent.map((e) => Math.floor((now - instant(e.at)) / (7 * 86_400_000))));
  if (recent.length < p.practiceRegularMinEntries || weeks.size < p.practiceRegularMinWeeks) return [];
  const label = `Practised ${recent.length} times over the last ${p.practiceWindowDays} days`;
  const last = byTime(recent).at(-1)!;
  const source = { type: 'practice_log', id: last.id };
  return [
    { kind: 'practice', type: 'working', weight: p.weights.practiceWorking, label, at: last.at, source },
    { kind: 'practice', type: 'therapeutic', weight: p.weights.practiceTherapeutic, label, at: last.at, source },
  ];
};

/**
 * SPEC §3 C7, §5.3: gains consolidating (structuralizing). Two sources, each its own evidence item:
 * a tracker whose latest streak is the longest yet (at least `consolidationStreakMinDays`, longer
 * than every streak before it), and a Support check whose latest total has risen at least
 * `consolidationSupportRise` above the first — calming oneself and turning to others more than to
 * the therapist. Only what the client shares reaches the records.
 */
export const consolidationEvidence: EvidenceProvider = (records, settings) => {
  const p = settings.inference;
  const items: EvidenceItem[] = [];
  const today = records.asOf.slice(0, 10);
  const byTracker = new Map<string, TrackerDayEntry[]>();
  for (const d of records.trackerDays ?? []) byTracker.set(d.trackerId, [...(byTracker.get(d.trackerId) ?? []), d]);
  for (const [trackerId, days] of byTracker) {
    const trend = lengthening(streaksOf(days, today), p.consolidationStreakMinDays);
    if (!trend) continue;
    const lastDay = byTime(days).at(-1)!;
    items.push({
      kind: 'consolidation',
      type: 'structuralizing',
      weight: p.weights.consolidationStreak,
      label: `Longest streak yet on a tracker: ${trend.latest.length} days (the best before was ${trend.previousBest})`,
      source: { type: 'tracker', id: trackerId },
      at: lastDay.at,
    });
  }
  const rise = supportRise(byTime(records.supportChecks ?? []), p.consolidationSupportRise);
  if (rise) {
    items.push({
      kind: 'consolidation',
      type: 'structuralizing',
      weight: p.weights.consolidationSupport,
      label: `Support check rose from ${supportTotal(rise.first)} to ${supportTotal(rise.latest)} of 8 (calming oneself, people to turn to)`,
      source: { type: 'support_check', id: rise.latest.id },
      at: rise.latest.at,
    });
  }
  return items;
};

/** The providers SPEC §5.3 names, in the order their evidence is listed on ties. */
export const DEFAULT_EVIDENCE_PROVIDERS: readonly EvidenceProvider[] = [
  expectationsEvidence,
  goalFocusEvidence,
  languageEvidence,
  attendanceEvidence,
  symptomCourseEvidence,
  practiceEvidence,
  consolidationEvidence,
];

/**
 * Infers the de-facto alliance at `asOf` (SPEC §5.3): runs every provider over the records as they
 * stood then, sums the weights per type, clamps negative totals to zero and normalises. The
 * dominant type follows the profile rule (leads by ≥ 0.10, else 'mixed'); with less positive
 * evidence than settings.inference.minimumEvidenceMass, or fewer pieces of evidence than
 * minimumEvidencePieces, or from fewer kinds than minimumEvidenceKinds, it is
 * 'not_enough_evidence' — one goal alone must not read as "structuralizing 100 %". Deterministic:
 * the same records give the same result and the same evidence order.
 */
export function inferAlliance(
  records: CourseRecords,
  asOf: string = records.asOf,
  options: { providers?: readonly EvidenceProvider[]; settings?: AllianceSettings } = {},
): AllianceInference {
  const settings = options.settings ?? allianceDefaults;
  const providers = options.providers ?? DEFAULT_EVIDENCE_PROVIDERS;
  const view = recordsAsOf(records, asOf);
  const collected = providers.flatMap((provide, order) => provide(view, settings).map((item, index) => ({ item, order, index })));
  const { distribution, dominant, totals, mass, pieces, kinds } = weighEvidence(
    collected.map((x) => x.item),
    settings,
  );
  const evidence = collected.sort((a, b) => Math.abs(b.item.weight) - Math.abs(a.item.weight) || a.order - b.order || a.index - b.index).map((x) => x.item);
  const shares = ALLIANCE_TYPES.map((t) => distribution[t]).sort((a, b) => b - a);
  const lead = dominant === 'not_enough_evidence' || dominant === 'mixed' ? 0 : shares[0]! - shares[1]!;
  return { asOf, distribution, dominant, totals, mass, pieces, kinds, lead, certainty: certaintyOf(dominant, lead, pieces, kinds, settings), evidence };
}

/**
 * What inferAlliance reads from the evidence it collected (in provider order), before ranking it:
 * the totals, the distribution, the mass, the pieces and kinds, and the dominant type. A caller
 * that has the evidence already (the recompute, which stores it) needs nothing more.
 */
export function weighEvidence(
  items: readonly EvidenceItem[],
  settings: AllianceSettings = allianceDefaults,
): Pick<AllianceInference, 'distribution' | 'dominant' | 'totals' | 'mass' | 'pieces' | 'kinds'> {
  const totals: Record<AllianceType, number> = { magical: 0, working: 0, therapeutic: 0, structuralizing: 0 };
  for (const item of items) totals[item.type] += item.weight;
  const clamped = Object.fromEntries(ALLIANCE_TYPES.map((t) => [t, Math.max(0, totals[t])])) as Record<AllianceType, number>;
  const mass = ALLIANCE_TYPES.reduce((sum, t) => sum + clamped[t], 0);
  const { distribution } = normaliseScores(clamped);
  const { pieces, kinds } = countEvidence(items);
  const p = settings.inference;
  const enough = mass >= p.minimumEvidenceMass - settings.tolerance && pieces >= p.minimumEvidencePieces && kinds >= p.minimumEvidenceKinds;
  const dominant: InferredDominant = enough ? dominantOf(distribution, settings) : 'not_enough_evidence';
  return { distribution, dominant, totals, mass, pieces, kinds };
}

/**
 * Counts the evidence the way the minimum reads it: a piece is one record behind positive
 * evidence — one Expectations check, one goal, one text, one pattern — named by its source (or, with
 * none, by its kind and label), so a goal and the cues in its own words are one piece; kinds are
 * the distinct `kind`s of the positive items.
 */
export function countEvidence(items: readonly EvidenceItem[]): { pieces: number; kinds: number } {
  const positive = items.filter((e) => e.weight > 0);
  const pieces = new Set(positive.map((e) => (e.source ? `${e.source.type}:${e.source.id}` : `${e.kind}|${e.label}`)));
  return { pieces: pieces.size, kinds: new Set(positive.map((e) => e.kind)).size };
}

/** How sure, in plain words (settings.inference.certainty). */
export function certaintyOf(
  dominant: InferredDominant,
  lead: number,
  pieces: number,
  kinds: number,
  settings: AllianceSettings = allianceDefaults,
): InferenceCertainty {
  if (dominant === 'not_enough_evidence' || dominant === 'mixed') return dominant;
  const c = settings.inference.certainty;
  const tol = settings.tolerance;
  if (lead >= c.quiteSureLead - tol && pieces >= c.quiteSurePieces && kinds >= c.quiteSureKinds) return 'quite_sure';
  return lead >= c.fairlySureLead - tol && pieces >= c.fairlySurePieces ? 'fairly_sure' : 'tentative';
}
