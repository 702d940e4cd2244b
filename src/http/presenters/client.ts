/**
 * What a client is shown of their own record: one presenter per response a client reads, each
 * building the client's shape field by field (an allow-list), never the staff shape with parts
 * deleted — so a field later added to the staff shape does not reach the client by default.
 *
 * SPEC §2 keeps two things from the client: alerts ("none — sees crisis information instead")
 * and everything derived from them, and the language cues, which are prompts for the therapist's
 * and supervisor's reflection (SPEC §5.5). So a client's projection carries:
 * - of the alliance: the agreement in force, the revealed Expectations comparison, goal consensus,
 *   GAS and the attendance pattern — not the inferred alliance, whose evidence quotes the cues
 *   and whose dominant type is what the misalliance and "magical persisting" alerts are raised on,
 *   and not the rule findings those alerts are made of;
 * - of the timeline: sessions, phases, agreements and shifts, goals — no inferred alliance or
 *   evidence per session;
 * - of scores: totals, bands, caseness, reliable change and recovery — not the deterioration and
 *   rupture marks the not-on-track and rupture alerts are raised on;
 * - of a submission: the response and the crisis information — not which alerts it raised;
 * - of the access report: who read or changed what, when — not the reads of alerts and cues,
 *   which would tell the client those exist (the admin's audit trail keeps every event);
 * - of the practice: its name, time zone and crisis information — not its alert escalation.
 * docs/security.md lists the same; src/http/client-projection.test.ts walks every route a client
 * can call and checks that no cue or alert-derived key or text reaches them.
 */
import { keptFromClient } from '../../domain/access.ts';
import type { Agreement } from '../../domain/alliance/agreements.ts';
import type { AttendanceAnalysis } from '../../domain/alliance/attendance.ts';
import type { ExpectationsComparison } from '../../domain/alliance/divergence.ts';
import type { GoalConsensus } from '../../domain/alliance/goals.ts';
import type { AuditEvent } from '../../domain/audit-chain.ts';
import type { ClientMeasureSeries, MeasureSeries } from '../../domain/measures/series.ts';
import type { AllianceSummary, AllianceTimelineView } from '../../services/alliance/alliance.ts';
import type { SubmitResult } from '../../services/measures/measures.ts';
import type { EndingReport } from '../../services/ending/report.ts';
import type { AllianceSpan } from '../../domain/ending/report.ts';

export type ClientAllianceSummary = {
  courseId: string;
  asOf: string;
  agreed: Agreement | null;
  expectations: ExpectationsComparison | null;
  goalConsensus: GoalConsensus;
  gasTScore: number | null;
  attendance: AttendanceAnalysis;
};

/** The course's alliance as the client reads it: the agreed side, not the inference or its findings. */
export function clientAllianceSummary(s: AllianceSummary): ClientAllianceSummary {
  return {
    courseId: s.courseId,
    asOf: s.asOf,
    agreed: s.agreed ?? null,
    expectations: s.expectations ?? null,
    goalConsensus: s.goalConsensus,
    gasTScore: s.gasTScore ?? null,
    attendance: clientAttendance(s.attendance),
  };
}

/** The attendance pattern with the counts behind it; the no-show findings are alerts and stay out. */
export function clientAttendance(a: AttendanceAnalysis): AttendanceAnalysis {
  return {
    pattern: a.pattern,
    frequency: a.frequency,
    intervalDays: a.intervalDays,
    intervalSource: a.intervalSource,
    counted: a.counted,
    excluded: a.excluded,
    attended: a.attended,
    attendedRate: a.attendedRate,
    noShows: a.noShows,
    recentNoShows: a.recentNoShows,
    gaps: [...a.gaps],
    maxGap: a.maxGap,
    recentGaps: [...a.recentGaps],
    bursts: a.bursts.map((b) => ({ ...b })),
    matches: { ...a.matches },
  };
}

export type ClientTimelinePoint = Pick<
  AllianceTimelineView['points'][number],
  'sessionId' | 'at' | 'status' | 'phase' | 'agreedType' | 'agreementId' | 'markers'
>;
export type ClientTimeline = Omit<AllianceTimelineView, 'points'> & { points: ClientTimelinePoint[] };

/** The course session by session with its agreements and shifts; no inferred alliance, no evidence. */
export function clientTimeline(t: AllianceTimelineView): ClientTimeline {
  return {
    courseId: t.courseId,
    startedOn: t.startedOn,
    endedOn: t.endedOn,
    asOf: t.asOf,
    points: t.points.map((p) => ({
      sessionId: p.sessionId,
      at: p.at,
      status: p.status,
      phase: p.phase,
      agreedType: p.agreedType,
      agreementId: p.agreementId,
      markers: p.markers,
    })),
    earlierMarkers: t.earlierMarkers,
    phases: t.phases,
    goals: t.goals,
    expectations: t.expectations,
    practice: t.practice,
    streaks: t.streaks,
  };
}

/** Score series without the deterioration and rupture marks (the not-on-track and rupture alerts' inputs). */
export function clientScores(series: readonly MeasureSeries[]): ClientMeasureSeries[] {
  return series.map((s) => ({
    code: s.code,
    title: s.title,
    version: s.version,
    respondent: s.respondent,
    min: s.min,
    max: s.max,
    bands: s.bands,
    caseness: s.caseness,
    reliableChange: s.reliableChange,
    higherIsBetter: s.higherIsBetter,
    attribution: s.attribution,
    points: s.points,
    change: s.change,
    recovery: s.recovery,
  }));
}

export type ClientSubmitResult = Omit<SubmitResult, 'alertsRaised'>;

/** A client's own submission: the response and, after a safety answer, the crisis information — never the alerts raised. */
export function clientSubmitResult(r: SubmitResult): ClientSubmitResult {
  return { response: r.response, message: r.message, crisis: r.crisis };
}

export type ClientAccessEntry = { seq: number; at: string; actorName: string | null; action: string; resourceType: string; outcome: string };

/** Whether an audit event is about something SPEC §2 keeps from the client (domain/access.ts). */
export const hiddenFromClient = keptFromClient;

/** The client's own access report: who, when, what and whether it was allowed; no ids, addresses or details. */
export function clientAccessReport(events: readonly AuditEvent[], names: ReadonlyMap<string, string>): ClientAccessEntry[] {
  return events
    .filter((e) => !hiddenFromClient(e.action))
    .map((e) => ({
      seq: e.seq,
      at: e.at,
      actorName: e.actorId ? (names.get(e.actorId) ?? null) : null,
      action: e.action,
      resourceType: e.resourceType,
      outcome: e.outcome,
    }));
}

export type ClientPractice = { id: string; name: string; timeZone: string; locale: string; crisisInfo: string };

/** The practice as a client needs it: whom to call in a crisis, and the clock and date format the portal shows. */
export function clientPractice(p: ClientPractice): ClientPractice {
  return { id: p.id, name: p.name, timeZone: p.timeZone, locale: p.locale, crisisInfo: p.crisisInfo };
}

export type ClientEndingReport = Omit<EndingReport, 'alliance'> & {
  alliance: { agreedAtEnd: EndingReport['alliance']['agreedAtEnd']; spans: Omit<AllianceSpan, 'inferred'>[] };
};

/**
 * The ending report as the client reads it (SPEC §3 C6): the same report without the inferred
 * alliance (at the end and per span), for the reason the alliance summary leaves it out above.
 */
export function clientEndingReport(r: EndingReport): ClientEndingReport {
  return {
    courseId: r.courseId,
    generatedAt: r.generatedAt,
    practiceName: r.practiceName,
    clientName: r.clientName,
    therapistName: r.therapistName,
    course: { ...r.course },
    sessions: { ...r.sessions },
    measures: r.measures.map((m) => ({ ...m })),
    goals: r.goals.map((g) => ({ ...g })),
    gasTScore: r.gasTScore,
    alliance: {
      agreedAtEnd: r.alliance.agreedAtEnd,
      spans: r.alliance.spans.map((s) => ({ from: s.from, to: s.to, sessions: s.sessions, phase: s.phase, agreed: s.agreed })),
    },
    ending: r.ending,
    practiceTotals: r.practiceTotals,
  };
}
