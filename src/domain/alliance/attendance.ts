/**
 * The attendance pattern of a course (SPEC §5.4) and the early attendance alerts. Planned breaks
 * (therapist holidays) and therapist cancellations are excluded from the rate and from the gaps:
 * they say nothing about the client.
 */
import type { Frequency, SessionRecord, SessionStatus } from './course.ts';
import { byTime, countUpTo, instant, timesInOrder } from './course.ts';
import type { Finding } from './finding.ts';
import { dayOf } from './finding.ts';
import type { AllianceSettings } from './settings.ts';
import { allianceDefaults } from './settings.ts';

export type AttendancePattern = 'regular' | 'episodic' | 'fading' | 'erratic' | 'unclear' | 'too_early';

/**
 * Order in which patterns are decided when several rules match (our choice, documented in
 * docs/alliance.md): erratic first (missed sessions are lost therapy and the most urgent thing to
 * talk about); episodic before fading (long gaps between bursts are the shape of a working
 * alliance, not a fading one); fading before regular (lengthening gaps are an early warning that
 * can hide inside the regular limits); regular; else unclear.
 */
export const PATTERN_PRECEDENCE: readonly AttendancePattern[] = ['erratic', 'episodic', 'fading', 'regular'];

export type Burst = { fromSessionId: string; toSessionId: string; from: string; to: string; sessions: number };

export type AttendanceAnalysis = {
  pattern: AttendancePattern;
  frequency: Frequency;
  /** Days in one interval; from the frequency, or the median attended gap for as_needed. */
  intervalDays: number | undefined;
  intervalSource: 'frequency' | 'median_gap' | 'unknown';
  /** Sessions that count: all but planned breaks and therapist cancellations. */
  counted: number;
  excluded: number;
  attended: number;
  /** attended / counted; undefined with nothing counted. */
  attendedRate: number | undefined;
  noShows: number;
  /** No-shows among the last 5 counted sessions. */
  recentNoShows: number;
  /** Gaps between consecutive attended sessions, in intervals, with excluded slots taken out. */
  gaps: number[];
  maxGap: number;
  /** The last (up to 5) gaps the fading rule looks at. */
  recentGaps: number[];
  bursts: Burst[];
  /** Which rules matched, so the UI can explain the pattern. */
  matches: Readonly<Record<'regular' | 'episodic' | 'fading' | 'erratic', boolean>>;
};

const EXCLUDED: readonly SessionStatus[] = ['planned_break', 'cancelled_by_therapist'];

function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

const DAY_MS = 86_400_000;

/** The sessions at or before `asOf` (all without it), in time order, and their times. */
function sessionsUpTo(sessions: readonly SessionRecord[], asOf: string | undefined): [SessionRecord[], readonly number[]] {
  const times = timesInOrder(sessions);
  if (times !== undefined) {
    const n = asOf === undefined ? times.length : countUpTo(times, instant(asOf));
    return [sessions.slice(0, n), times.slice(0, n)];
  }
  let upTo: SessionRecord[];
  if (asOf === undefined) upTo = byTime(sessions);
  else {
    const now = instant(asOf);
    upTo = byTime(sessions.filter((s) => instant(s.at) <= now));
  }
  return [upTo, upTo.map((s) => instant(s.at))];
}

/**
 * Analyses attendance up to `asOf` (SPEC §5.4) against the agreed frequency (interval: weekly 7
 * days, twice weekly 3.5, fortnightly 14, monthly 30; as needed → the median gap between attended
 * sessions):
 * - regular: ≥ 80 % attended and no gap > 2.5 intervals;
 * - episodic: ≥ 2 bursts of ≥ 2 sessions within 1.5 intervals, separated by gaps ≥ 4 intervals
 *   (the sessions are split at pauses of ≥ 4 intervals; at least 2 of the parts contain a burst);
 * - fading: the last (up to 5, at least 3) gaps never shorten, lengthen at least twice, and the
 *   last exceeds the first by ≥ 1 interval (one missed session at the end is not a trend);
 * - erratic: < 60 % attended, or ≥ 2 no-shows among the last 5 counted sessions;
 * - too_early with fewer than 4 counted sessions (or no interval yet); unclear when nothing matches.
 * Precedence when several match: PATTERN_PRECEDENCE. Each planned break or therapist cancellation
 * inside a gap removes one interval from it, never shrinking the gap below one interval (or its raw
 * length when that is shorter).
 */
export function analyseAttendance(
  sessions: readonly SessionRecord[],
  frequency: Frequency,
  asOf?: string,
  settings: AllianceSettings = allianceDefaults,
): AttendanceAnalysis {
  const a = settings.attendance;
  const tol = settings.tolerance;
  const [upTo, upToAt] = sessionsUpTo(sessions, asOf);
  // Each time looked up once: the recompute analyses a course at every one of its sessions.
  const excluded: SessionRecord[] = [];
  const excludedAt: number[] = [];
  const counted: SessionRecord[] = [];
  const attended: SessionRecord[] = [];
  const attendedAt: number[] = [];
  for (let i = 0; i < upTo.length; i++) {
    const s = upTo[i]!;
    if (EXCLUDED.includes(s.status)) {
      excluded.push(s);
      excludedAt.push(upToAt[i]!);
    } else {
      counted.push(s);
      if (s.status === 'attended') {
        attended.push(s);
        attendedAt.push(upToAt[i]!);
      }
    }
  }
  const rawDays = (): number[] => {
    const days: number[] = [];
    for (let i = 1; i < attended.length; i++) days.push((attendedAt[i]! - attendedAt[i - 1]!) / DAY_MS);
    return days;
  };
  const intervalDays = frequency === 'as_needed' ? median(rawDays()) : a.intervalDays[frequency];
  const intervalSource = frequency !== 'as_needed' ? 'frequency' : intervalDays === undefined ? 'unknown' : 'median_gap';

  /** The gap from the (i-1)th to the ith attended session, in intervals. */
  const gapBefore = (i: number): number => {
    if (intervalDays === undefined || intervalDays <= 0) return 0;
    const from = attendedAt[i - 1]!;
    const to = attendedAt[i]!;
    const raw = (to - from) / DAY_MS / intervalDays;
    let inside = 0;
    for (const t of excludedAt) if (t > from && t < to) inside++;
    return Math.max(raw - inside, Math.min(raw, 1));
  };

  const gaps: number[] = [];
  for (let i = 1; i < attended.length; i++) gaps.push(gapBefore(i));
  const maxGap = gaps.reduce((m, g) => Math.max(m, g), 0);
  const noShows = counted.filter((s) => s.status === 'no_show').length;
  const recentNoShows = counted.slice(-a.erraticNoShowWindow).filter((s) => s.status === 'no_show').length;
  const attendedRate = counted.length === 0 ? undefined : attended.length / counted.length;

  // Bursts: runs of attended sessions each within 1.5 intervals of the previous one (a run ends
  // before the first gap that is longer, or an unknown one).
  const bursts: Burst[] = [];
  const burstIds = new Set<string>();
  for (let from = 0, i = 1; i <= attended.length; i++) {
    if (i < attended.length && gaps[i - 1]! <= a.burstMaxGapIntervals + tol) continue;
    if (i - from >= a.burstMinSessions) {
      const first = attended[from]!;
      const last = attended[i - 1]!;
      bursts.push({ fromSessionId: first.id, toSessionId: last.id, from: first.at, to: last.at, sessions: i - from });
      burstIds.add(first.id);
    }
    from = i;
  }
  // Episodes: attended sessions split at pauses of ≥ 4 intervals. Episodic needs ≥ 2 episodes that
  // each contain a burst, so middling gaps between bursts (or a no-show inside one) are judged fairly.
  let episodesWithBurst = 0;
  let withBurst = false;
  for (let i = 0; i < attended.length; i++) {
    if (i > 0 && !(gaps[i - 1]! < a.episodicSeparationIntervals - tol)) {
      if (withBurst) episodesWithBurst++;
      withBurst = false;
    }
    if (!withBurst && burstIds.has(attended[i]!.id)) withBurst = true;
  }
  if (withBurst) episodesWithBurst++;
  const episodic = episodesWithBurst >= a.episodicMinBursts;

  const recentGaps = gaps.slice(-a.fadingWindowGaps);
  const increases = recentGaps.filter((g, i) => i > 0 && g > recentGaps[i - 1]! + tol).length;
  const fading =
    recentGaps.length >= a.fadingMinGaps &&
    recentGaps.every((g, i) => i === 0 || g >= recentGaps[i - 1]! - tol) &&
    increases >= a.fadingMinIncreases &&
    recentGaps.at(-1)! - recentGaps[0]! >= a.fadingMinIncreaseIntervals - tol;

  const matches = {
    erratic: attendedRate !== undefined && (attendedRate < a.erraticAttendedRate - tol || recentNoShows >= a.erraticNoShows),
    episodic,
    fading,
    regular: attendedRate !== undefined && attendedRate >= a.regularAttendedRate - tol && maxGap <= a.regularMaxGapIntervals + tol,
  };
  const tooEarly = counted.length < a.minimumSessions || intervalDays === undefined;
  const pattern: AttendancePattern = tooEarly ? 'too_early' : (PATTERN_PRECEDENCE.find((p) => matches[p as keyof typeof matches]) ?? 'unclear');
  return {
    pattern,
    frequency,
    intervalDays,
    intervalSource,
    counted: counted.length,
    excluded: excluded.length,
    attended: attended.length,
    attendedRate,
    noShows,
    recentNoShows,
    gaps,
    maxGap,
    recentGaps,
    bursts,
    matches,
  };
}

/**
 * False only when `analyseAttendance` cannot find the episodic pattern: sessions known to be in
 * time order (course.ts) and a fixed interval, with no gap between attended sessions as long as the
 * pause that separates episodes — a gap less the excluded sessions inside it is never longer than
 * the gap, and without a pause there is one episode at most, not the two episodic needs. True
 * whenever it cannot tell.
 */
export function mayBeEpisodic(sessions: readonly SessionRecord[], frequency: Frequency, asOf: string, settings: AllianceSettings = allianceDefaults): boolean {
  const times = timesInOrder(sessions);
  if (times === undefined || frequency === 'as_needed') return true;
  const a = settings.attendance;
  const intervalDays = a.intervalDays[frequency];
  if (!(intervalDays > 0)) return true;
  const n = countUpTo(times, instant(asOf));
  let previous: number | undefined;
  for (let i = 0; i < n; i++) {
    if (sessions[i]!.status !== 'attended') continue;
    if (previous !== undefined && !((times[i]! - previous) / DAY_MS / intervalDays < a.episodicSeparationIntervals - settings.tolerance)) return true;
    previous = times[i]!;
  }
  return false;
}

/**
 * The attendance alerts of SPEC §5.4, as findings: a no-show before the client has attended 3
 * sessions (the missed appointment would have been the 1st, 2nd or 3rd), and every run of 2
 * consecutive no-shows among counted sessions (planned breaks and therapist cancellations skipped;
 * a client cancellation breaks the run). One finding per condition, keyed by its first session.
 */
export function attendanceFindings(
  courseId: string,
  sessions: readonly SessionRecord[],
  asOf?: string,
  settings: AllianceSettings = allianceDefaults,
): Finding[] {
  const a = settings.attendance;
  const [upTo] = sessionsUpTo(sessions, asOf);
  const counted = upTo.filter((s) => !EXCLUDED.includes(s.status));
  const findings: Finding[] = [];
  let attendedSoFar = 0;
  let run: SessionRecord[] = [];
  const closeRun = (): void => {
    if (run.length >= a.consecutiveNoShows) {
      const first = run[0]!;
      const last = run.at(-1)!;
      findings.push({
        kind: 'attendance_consecutive_no_shows',
        dedupeKey: `attendance_consecutive_no_shows:${courseId}:${first.id}`,
        at: run[a.consecutiveNoShows - 1]!.at,
        title: `${run.length} missed sessions in a row`,
        summary: `The client did not come to ${run.length} sessions in a row, from ${dayOf(first.at)} to ${dayOf(last.at)}, without cancelling.`,
        suggestedConversation:
          'You might reach out warmly, without blame: “I noticed we haven’t seen each other for a while. I’d like to hear how things are, and whether our sessions still suit you.”',
        evidence: run.map((s) => ({ label: `No-show on ${dayOf(s.at)}`, source: { type: 'session', id: s.id }, at: s.at })),
      });
    }
    run = [];
  };
  for (const s of counted) {
    if (s.status === 'no_show') {
      if (attendedSoFar < a.earlyNoShowFirstSessions) {
        findings.push({
          kind: 'attendance_no_show_early',
          dedupeKey: `attendance_no_show_early:${courseId}:${s.id}`,
          at: s.at,
          title: 'A missed session early in therapy',
          summary: `The client did not come on ${dayOf(s.at)}, having attended ${attendedSoFar} session${attendedSoFar === 1 ? '' : 's'} so far. Early missed sessions often come before dropping out.`,
          suggestedConversation:
            'You might get in touch to ask how the first sessions felt: “Was there anything that made it hard to come? Does the time, or the way we have been working, suit you?”',
          evidence: [{ label: `No-show on ${dayOf(s.at)} after ${attendedSoFar} attended`, source: { type: 'session', id: s.id }, at: s.at }],
        });
      }
      run.push(s);
    } else {
      closeRun();
      if (s.status === 'attended') attendedSoFar++;
    }
  }
  closeRun();
  return findings;
}
