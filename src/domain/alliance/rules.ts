/**
 * Course-level alliance rules (SPEC §5.2, §5.3, §5.4, §3 C8): each turns the records of a course
 * into findings with their evidence and a suggested conversation. Pure: the service layer maps
 * findings to alerts and persists them.
 */
import type { AllianceType } from '../cues/types.ts';
import type { Agreement } from './agreements.ts';
import { agreedAllianceAt } from './agreements.ts';
import type { AttendanceAnalysis } from './attendance.ts';
import { analyseAttendance, attendanceFindings } from './attendance.ts';
import type { SessionRecord } from './course.ts';
import { byTime, instant } from './course.ts';
import type { ExpectationsComparison } from './divergence.ts';
import { canReveal, compareExpectations } from './divergence.ts';
import type { Finding, FindingEvidence } from './finding.ts';
import { dayOf } from './finding.ts';
import type { GoalConsensus } from './goals.ts';
import { courseGasTScore, goalConsensus } from './goals.ts';
import type { AllianceInference, CourseRecords, EvidenceProvider } from './inference.ts';
import { frequencyAt, inferAlliance, recordsAsOf } from './inference.ts';
import type { AllianceSettings } from './settings.ts';
import { allianceDefaults } from './settings.ts';

export type RuleOptions = { settings?: AllianceSettings; providers?: readonly EvidenceProvider[] };

/** One attended session with the agreement in force and the inference as of that session. */
export type AttendedAlliance = { session: SessionRecord; agreed: Agreement | undefined; inference: AllianceInference };

/**
 * The agreed and inferred alliance at each attended session up to `asOf`, newest last. Walking
 * backwards from the latest, it stops after `limit` sessions or as soon as `keepGoing` fails, so
 * the rules only compute the inferences they need.
 */
export function attendedAllianceHistory(
  records: CourseRecords,
  asOf: string = records.asOf,
  options: RuleOptions & { limit?: number; keepGoing?: (a: AttendedAlliance) => boolean } = {},
): AttendedAlliance[] {
  const now = instant(asOf);
  const attended = byTime(records.sessions.filter((s) => s.status === 'attended' && instant(s.at) <= now));
  const out: AttendedAlliance[] = [];
  for (let i = attended.length - 1; i >= 0 && out.length < (options.limit ?? Infinity); i--) {
    const session = attended[i]!;
    const entry: AttendedAlliance = {
      session,
      agreed: agreedAllianceAt(records.ledger, session.at),
      inference: inferAlliance(records, session.at, options),
    };
    if (options.keepGoing !== undefined && !options.keepGoing(entry)) break;
    out.push(entry);
  }
  return out.reverse();
}

const CONVERSATION_TOWARD: Readonly<Record<AllianceType, string>> = {
  magical: '“If therapy could help you feel safer and steadier, even while the people around you stay as they are, would you count it worthwhile?”',
  working:
    '“It sounds as if what matters most right now is getting through this particular situation. Shall we make that our focus for a while, and come back to the bigger questions later?”',
  therapeutic:
    '“You have been telling me about patterns that go back a long way. Would you like our work to include understanding those, not only the problem that brought you?”',
  structuralizing:
    '“Things seem steadier now. What would you like our sessions to be for from here: keeping what you have gained, growing further, or planning an ending together?”',
};

function topEvidence(inference: AllianceInference, settings: AllianceSettings): FindingEvidence[] {
  return inference.evidence.filter((e) => e.weight > 0 && e.type === inference.dominant).slice(0, settings.inference.topEvidence);
}

function inferredType(a: AttendedAlliance): AllianceType | undefined {
  const d = a.inference.dominant;
  return d === 'mixed' || d === 'not_enough_evidence' ? undefined : d;
}

/**
 * Misalliance (SPEC §5.3): the inferred dominant type differs from the agreed type for 3
 * consecutive attended sessions (settings.rules.misallianceSessions). A session with no agreement
 * in force, or an inference that is 'mixed' or 'not_enough_evidence', breaks the run: there is
 * nothing clear to differ. Keyed by the first session of the run.
 */
export function misallianceFinding(records: CourseRecords, asOf: string = records.asOf, options: RuleOptions = {}): Finding | undefined {
  const settings = options.settings ?? allianceDefaults;
  const mismatched = (a: AttendedAlliance): boolean => {
    const inferred = inferredType(a);
    return a.agreed !== undefined && inferred !== undefined && inferred !== a.agreed.terms.allianceType;
  };
  const run = attendedAllianceHistory(records, asOf, { ...options, keepGoing: mismatched });
  if (run.length < settings.rules.misallianceSessions) return undefined;
  const first = run[0]!;
  const last = run.at(-1)!;
  const inferred = inferredType(last)!;
  const agreed = last.agreed!;
  return {
    kind: 'misalliance',
    dedupeKey: `misalliance:${records.courseId}:${first.session.id}`,
    at: run[settings.rules.misallianceSessions - 1]!.session.at,
    title: 'The agreed and the inferred alliance differ',
    summary: `For the last ${run.length} attended sessions (since ${dayOf(first.session.at)}) the evidence points to a ${inferred} alliance, while the agreement in force is ${agreed.terms.allianceType}: “${agreed.terms.statement}”.`,
    suggestedConversation: `It may be worth naming what each of you is working toward. For example: ${CONVERSATION_TOWARD[inferred]}`,
    evidence: [
      ...run.map((a) => ({
        label: `${dayOf(a.session.at)}: agreed ${a.agreed!.terms.allianceType}, inferred ${String(a.inference.dominant)} (${Math.round(a.inference.distribution[inferredType(a)!] * 100)} %)`,
        source: { type: 'session', id: a.session.id },
        at: a.session.at,
      })),
      ...topEvidence(last.inference, settings),
    ],
  };
}

/**
 * Magical alliance persisting (SPEC §5.3, §1.5: brief and occasional it can help, prolonged without
 * movement it ends in despair or drop-out): the inferred dominant type is magical for 6 attended
 * sessions (settings.rules.magicalPersistingSessions) with no shift — any agreement confirmed in
 * the ledger restarts the count, since the two have then negotiated explicitly.
 */
export function magicalPersistingFinding(records: CourseRecords, asOf: string = records.asOf, options: RuleOptions = {}): Finding | undefined {
  const settings = options.settings ?? allianceDefaults;
  const confirmations = records.ledger.filter((e) => e.kind === 'confirmation' && instant(e.at) <= instant(asOf)).map((e) => instant(e.at));
  const lastConfirmation = confirmations.length === 0 ? -Infinity : Math.max(...confirmations);
  const run = attendedAllianceHistory(records, asOf, {
    ...options,
    keepGoing: (a) => a.inference.dominant === 'magical' && instant(a.session.at) > lastConfirmation,
  });
  if (run.length < settings.rules.magicalPersistingSessions) return undefined;
  const first = run[0]!;
  const last = run.at(-1)!;
  return {
    kind: 'magical_persisting',
    dedupeKey: `magical_persisting:${records.courseId}:${first.session.id}`,
    at: run[settings.rules.magicalPersistingSessions - 1]!.session.at,
    title: 'Hopes of a change from outside have persisted',
    summary: `For ${run.length} attended sessions since ${dayOf(first.session.at)} the evidence has pointed to a magical alliance — hoping that others, the world or the symptom will change — with no shift agreed in between.`,
    suggestedConversation: `A gentle way to open a shift toward working together: ${CONVERSATION_TOWARD.magical}`,
    evidence: [
      ...run.map((a) => ({
        label: `${dayOf(a.session.at)}: inferred magical (${Math.round(a.inference.distribution.magical * 100)} %)`,
        source: { type: 'session', id: a.session.id },
        at: a.session.at,
      })),
      ...topEvidence(last.inference, settings),
    ],
  };
}

/** The latest client and therapist Expectations checks at asOf, compared, once both sides are done (SPEC §3 C2 blindness). */
export function latestExpectationsComparison(
  records: CourseRecords,
  asOf: string = records.asOf,
  settings: AllianceSettings = allianceDefaults,
): ExpectationsComparison | undefined {
  const now = instant(asOf);
  const latest = (side: 'client' | 'therapist') => byTime(records.expectations.filter((r) => r.side === side && instant(r.at) <= now)).at(-1);
  const client = latest('client');
  const therapist = latest('therapist');
  if (!canReveal(client !== undefined, therapist !== undefined) || client === undefined || therapist === undefined) return undefined;
  return compareExpectations(client, therapist, settings);
}

/**
 * Expectations diverge (SPEC §5.2): Jensen–Shannon distance ≥ 0.35 between the latest client and
 * therapist profiles, or both have a dominant type and they differ; the statements with the largest
 * gaps are the evidence. Keyed by the pair of responses compared.
 */
export function expectationsDivergeFinding(records: CourseRecords, asOf: string = records.asOf, options: RuleOptions = {}): Finding | undefined {
  const settings = options.settings ?? allianceDefaults;
  const c = latestExpectationsComparison(records, asOf, settings);
  if (c === undefined || !c.diverge) return undefined;
  const why = [
    ...(c.reasons.includes('distance') ? [`their profiles are far apart (distance ${c.distance.toFixed(2)})`] : []),
    ...(c.reasons.includes('dominant_types_differ') ? [`the client leans ${String(c.client.dominant)} while you lean ${String(c.therapist.dominant)}`] : []),
  ].join(', and ');
  const at = instant(c.client.at) > instant(c.therapist.at) ? c.client.at : c.therapist.at;
  return {
    kind: 'expectations_diverge',
    dedupeKey: `expectations_diverge:${records.courseId}:${c.client.responseId}:${c.therapist.responseId}`,
    at,
    title: 'You and the client expect different things',
    summary: `In the Expectations checks, ${why}.`,
    suggestedConversation:
      'You might share the statements where you differ most and ask: “Here you hoped for something I had not put first. Can you tell me more about what would make therapy worthwhile for you?”',
    evidence: c.gaps.map((g) => ({
      label: `“${g.clientText}” — client ${g.clientRating} of 4, therapist ${g.therapistRating} of 4`,
      type: g.type,
      source: { type: 'expectations_response', id: c.client.responseId },
      at: c.client.at,
    })),
  };
}

/** Goal consensus at asOf (SPEC §5.2) with the goals behind it. */
export function goalConsensusAt(records: CourseRecords, asOf: string = records.asOf): GoalConsensus & { evidence: FindingEvidence[] } {
  const goals = recordsAsOf(records, asOf).goals;
  const c = goalConsensus(goals);
  const evidence = goals
    .filter((g) => g.state === 'proposed' || g.state === 'agreed')
    .map((g) => ({
      label: `${g.state === 'agreed' ? 'Agreed' : 'Proposed, not yet agreed'} (${g.author}): ${g.text}`,
      source: { type: 'goal', id: g.id },
      at: g.agreement?.at ?? g.proposedAt,
    }));
  return { ...c, evidence };
}

/**
 * Every alliance finding at asOf: misalliance, magical persisting, expectations diverge, and the
 * attendance alerts (SPEC §5.2–§5.4). Sorted by time, then kind, for a stable order.
 */
export function allianceFindings(records: CourseRecords, asOf: string = records.asOf, options: RuleOptions = {}): Finding[] {
  const settings = options.settings ?? allianceDefaults;
  const findings = [
    misallianceFinding(records, asOf, options),
    magicalPersistingFinding(records, asOf, options),
    expectationsDivergeFinding(records, asOf, options),
    ...attendanceFindings(records.courseId, records.sessions, asOf, settings),
  ].filter((f): f is Finding => f !== undefined);
  return findings.sort((a, b) => instant(a.at) - instant(b.at) || a.kind.localeCompare(b.kind));
}

/** What the caseload and course views show at asOf, computed in one call. */
export type CourseAllianceSummary = {
  asOf: string;
  agreed: Agreement | undefined;
  inferred: AllianceInference;
  expectations: ExpectationsComparison | undefined;
  goalConsensus: GoalConsensus;
  gasTScore: number | undefined;
  attendance: AttendanceAnalysis;
  findings: Finding[];
};

/** The alliance state of a course at asOf (SPEC §3 C3, C8 caseload view). */
export function courseAllianceSummary(records: CourseRecords, asOf: string = records.asOf, options: RuleOptions = {}): CourseAllianceSummary {
  const settings = options.settings ?? allianceDefaults;
  const view = recordsAsOf(records, asOf);
  return {
    asOf,
    agreed: agreedAllianceAt(records.ledger, asOf),
    inferred: inferAlliance(records, asOf, options),
    expectations: latestExpectationsComparison(records, asOf, settings),
    goalConsensus: goalConsensus(view.goals),
    gasTScore: courseGasTScore(records.goals, asOf, settings),
    attendance: analyseAttendance(records.sessions, frequencyAt(records, asOf), asOf, settings),
    findings: allianceFindings(records, asOf, options),
  };
}
