/**
 * The plain records of one course of therapy that the alliance analysis reads (SPEC §3 C1, §4).
 * Storage loads them; the domain never fetches anything. All times are ISO-8601 strings in UTC.
 */
import type { Cue } from '../cues/types.ts';
import type { Phase, SessionStatus as AnySessionStatus } from '../people.ts';

export type { Frequency, Phase } from '../people.ts';
export { FREQUENCIES } from '../people.ts';

/** The two people in the room. */
export type Side = 'client' | 'therapist';
export const SIDES: readonly Side[] = ['client', 'therapist'];

/** The other side: confirmations must come from it (SPEC §3 C2, C3). */
export function otherSide(side: Side): Side {
  return side === 'client' ? 'therapist' : 'client';
}

/** SPEC §3 C1: the statuses of sessions that have happened (or not); a booked session is not yet evidence. */
export type SessionStatus = Exclude<AnySessionStatus, 'scheduled'>;

export type SessionRecord = { id: string; at: string; status: SessionStatus };

/** The course entered `phase` at `at`. */
export type PhaseChange = { at: string; phase: Phase };

/**
 * A client text with the cues the cue reader found in it (SPEC §5.5). The service layer runs
 * readCues(text) and passes the result here, so the analysis never depends on the reader.
 * `sourceType` names where it came from, e.g. 'reflection', 'goal', 'expectations'.
 * Texts written by the therapist (`author: 'therapist'`) are ignored by the inference.
 */
export type CuedText = {
  sourceType: string;
  sourceId: string;
  at: string;
  text: string;
  cues: readonly Cue[];
  author?: Side;
};

/**
 * What outcome monitoring (SPEC §5.1) knows about one measure at time `at`: whether the client is
 * below caseness now, and since when (the first of the run of remitted measurements).
 */
export type SymptomCourseSummary = {
  instrument: string;
  at: string;
  remitted: boolean;
  remittedSince?: string;
  latestScore?: number;
};

/** One practice-log entry (SPEC §3 C5). */
export type PracticeEntry = {
  id: string;
  at: string;
  mode?: 'imagined' | 'role_play' | 'real_life';
  skill?: string;
};

/**
 * One tracker day (SPEC §3 C7), as the analysis reads it: kept or not, and when it was entered
 * (`at`: a day is read from the moment it was entered). Only trackers the client shares are read.
 */
export type TrackerDayEntry = { trackerId: string; day: string; kept: boolean; at: string };

/** One Support check (SPEC §3 C7): the two ratings, 0–4 each. */
export type SupportCheckEntry = { id: string; at: string; calm: number; people: number };

/** Milliseconds of an ISO time; the analysis compares instants, not strings. */
export function instant(iso: string): number {
  let t = parsed.get(iso);
  if (t === undefined) {
    t = Date.parse(iso);
    // Bounded: a long-running server sees ever new times; dropping them all now and then keeps
    // the memory flat, and the next analysis parses each of its times once again.
    if (parsed.size >= PARSED_MAX) parsed.clear();
    parsed.set(iso, t);
  }
  return t;
}

/**
 * Times parsed once: the analysis replays a course at every session, comparing the same few
 * hundred ISO strings tens of thousands of times; a look-up by string is far cheaper than
 * Date.parse. The parse is pure, so the memo changes no result.
 */
const parsed = new Map<string, number>();
const PARSED_MAX = 50_000;

/**
 * Lists known to be in time order with every time parsable, and those times: a course analysed at
 * each of its sessions cuts the same ordered lists again and again, and a list marked here is
 * neither checked nor looked up again. Marked lists are frozen, so they stay as they were marked.
 */
const ordered = new WeakMap<readonly unknown[], readonly number[]>();

/** Marks `records` as in time order, `times` being their instants (the caller has checked both); freezes it. */
export function markInTimeOrder<T extends { at: string }>(records: T[], times: readonly number[]): readonly T[] {
  ordered.set(Object.freeze(records), times);
  return records;
}

/** The instants of a list marked in time order, or undefined for any other list. */
export function timesInOrder(records: readonly { at: string }[]): readonly number[] | undefined {
  return ordered.get(records);
}

/** How many of the ascending `times` are at or before `now` (binary search). */
export function countUpTo(times: readonly number[], now: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid]! <= now) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Records sorted by time (stable), so the analysis never depends on storage order. */
export function byTime<T extends { at: string }>(records: readonly T[]): T[] {
  const out = records.slice();
  if (ordered.has(records)) return out;
  // Usually already in time order (stores return rows ordered, cuts keep the order): a stable sort
  // leaves such a list as it is, so one pass that finds it ordered is the sort. Anything else
  // (an earlier record after a later one, an unparsable time) is sorted as before.
  let previous = -Infinity;
  for (const r of out) {
    const t = instant(r.at);
    if (!(t >= previous)) return out.sort((a, b) => instant(a.at) - instant(b.at));
    previous = t;
  }
  return out;
}
