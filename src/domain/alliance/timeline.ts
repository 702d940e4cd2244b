/**
 * The alliance timeline (SPEC §3 C3): per session, the agreed and the inferred alliance, the phase,
 * and markers where the agreement was made or shifted — the data the timeline band draws.
 */
import type { AllianceType } from '../cues/types.ts';
import { agreedAllianceAt, agreementsOf } from './agreements.ts';
import type { Phase, SessionStatus } from './course.ts';
import { byTime, instant } from './course.ts';
import type { AllianceDistribution } from './divergence.ts';
import type { CourseRecords, EvidenceProvider, InferredDominant } from './inference.ts';
import { inferAlliance } from './inference.ts';
import type { AllianceSettings } from './settings.ts';
import { streaksOf } from '../skills/trackers.ts';

export type LedgerMarker = {
  /** 'agreement': the first agreement came into force; 'shift': a later one replaced it. */
  kind: 'agreement' | 'shift';
  at: string;
  agreementId: string;
  type: AllianceType;
  fromType?: AllianceType;
  typeChanged: boolean;
  statement: string;
  reason?: string;
};

export type TimelineRow = {
  sessionId: string;
  at: string;
  status: SessionStatus;
  phase: Phase | undefined;
  agreedType: AllianceType | undefined;
  agreementId: string | undefined;
  inferred: { distribution: AllianceDistribution; dominant: InferredDominant; mass: number };
  /**
   * Ledger markers from this session's start until the next session: what was agreed or shifted in
   * (or after) this session. `agreedType` is the agreement in force as the session began.
   */
  markers: LedgerMarker[];
};

export type AllianceTimeline = {
  courseId: string;
  rows: TimelineRow[];
  /** Markers before the first session (an agreement made at intake). */
  earlierMarkers: LedgerMarker[];
};

/** Every confirmed agreement as a marker, in time order. */
export function ledgerMarkers(records: CourseRecords): LedgerMarker[] {
  const agreements = agreementsOf(records.ledger);
  const markers: LedgerMarker[] = [];
  for (const a of agreements) {
    if (a.confirmation === undefined) continue;
    const from = a.supersedes === undefined ? undefined : agreements.find((x) => x.id === a.supersedes);
    markers.push({
      kind: from === undefined ? 'agreement' : 'shift',
      at: a.confirmation.at,
      agreementId: a.id,
      type: a.terms.allianceType,
      typeChanged: from !== undefined && from.terms.allianceType !== a.terms.allianceType,
      statement: a.terms.statement,
      ...(from === undefined ? {} : { fromType: from.terms.allianceType }),
      ...(a.reason === undefined ? {} : { reason: a.reason }),
    });
  }
  return byTime(markers);
}

/**
 * Builds the timeline of a course up to records.asOf: one row per session of any status (the band
 * shows attendance too), each with the agreement in force and the inference as of that session.
 */
export function allianceTimeline(
  records: CourseRecords,
  options: { settings?: AllianceSettings; providers?: readonly EvidenceProvider[] } = {},
): AllianceTimeline {
  const now = instant(records.asOf);
  const sessions = byTime(records.sessions.filter((s) => instant(s.at) <= now));
  const phases = byTime(records.phases ?? []);
  const markers = ledgerMarkers(records).filter((m) => instant(m.at) <= now);
  const rows = sessions.map((s, i): TimelineRow => {
    const t = instant(s.at);
    const next = sessions[i + 1];
    const until = next === undefined ? Infinity : instant(next.at);
    const agreed = agreedAllianceAt(records.ledger, s.at);
    const inference = inferAlliance(records, s.at, options);
    return {
      sessionId: s.id,
      at: s.at,
      status: s.status,
      phase: phases.filter((p) => instant(p.at) <= t).at(-1)?.phase,
      agreedType: agreed?.terms.allianceType,
      agreementId: agreed?.id,
      inferred: { distribution: inference.distribution, dominant: inference.dominant, mass: inference.mass },
      markers: markers.filter((m) => instant(m.at) >= t && instant(m.at) < until),
    };
  });
  const first = sessions[0] === undefined ? Infinity : instant(sessions[0].at);
  return { courseId: records.courseId, rows, earlierMarkers: markers.filter((m) => instant(m.at) < first) };
}

/** Practice per day and every tracker's streaks, up to records.asOf: what the timeline draws beside the sessions (SPEC §3 C5, C7). */
export type PracticeAndStreaks = {
  practice: { day: string; count: number }[];
  streaks: { trackerId: string; from: string; to: string; length: number }[];
};

/** The practice entries and tracker days in the records (only what the client shares reaches them), as the timeline draws them. */
export function practiceAndStreaks(records: CourseRecords): PracticeAndStreaks {
  const now = instant(records.asOf);
  const perDay = new Map<string, number>();
  for (const p of records.practice ?? []) if (instant(p.at) <= now) perDay.set(p.at.slice(0, 10), (perDay.get(p.at.slice(0, 10)) ?? 0) + 1);
  const byTracker = new Map<string, { day: string; kept: boolean }[]>();
  for (const d of records.trackerDays ?? []) if (instant(d.at) <= now) byTracker.set(d.trackerId, [...(byTracker.get(d.trackerId) ?? []), d]);
  const today = records.asOf.slice(0, 10);
  return {
    practice: [...perDay].sort(([a], [b]) => (a < b ? -1 : 1)).map(([day, count]) => ({ day, count })),
    streaks: [...byTracker].flatMap(([trackerId, days]) => streaksOf(days, today).map((s) => ({ trackerId, from: s.from, to: s.to, length: s.length }))),
  };
}
