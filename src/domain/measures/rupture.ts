/**
 * The rupture rule over Session check history (SPEC §5.3): a sudden fall in the client's
 * rating, any item rated low, or withdrawal/confrontation language means the alliance may have
 * been strained in this session; and a therapist rating well above the client's is reported
 * gently as a possible blind spot.
 */
import type { Evidence } from '../alerts/alert.ts';
import { SESSION_CHECK, SESSION_CHECK_THERAPIST } from './builtin/session-check.ts';
import type { MeasuresSettings } from './settings.ts';
import { measuresDefaults } from './settings.ts';

/** One scored Session check (client or therapist version) for one session. */
export type SessionCheckEntry = {
  sessionId: string;
  at: string;
  responseId?: string;
  /** Item values by item id: 'heard', 'mattered', 'approach', 'overall'. */
  items: Readonly<Record<string, number>>;
  total: number;
};

/**
 * What the language-cue reader (src/domain/cues) found in the client's reflection on this
 * session: whether a withdrawal or confrontation cue fired, the words, and where they are.
 */
export type RuptureCueInput = { hasRuptureCue: boolean; quote?: string; ref?: { type: string; id: string } };

export type RuptureInput = {
  /** The client's Session checks in time order; the last one is the session evaluated. */
  clientHistory: readonly SessionCheckEntry[];
  /** The therapist's Session check for the same session, when there is one. */
  therapist?: SessionCheckEntry;
  cue?: RuptureCueInput;
};

export type RuptureReason = 'drop_below_median' | 'low_item' | 'language_cue';

export type RuptureResult = {
  /** The session evaluated (the latest client entry, else the therapist's). */
  sessionId?: string;
  rupture: boolean;
  reasons: RuptureReason[];
  evidence: Evidence[];
  /** The therapist rated the session ≥ therapistOptimismGap points above the client. */
  therapistMorePositive: boolean;
  /** Therapist total − client total for the session, when both exist. */
  therapistGap?: number;
  therapistEvidence: Evidence[];
};

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function entryEvidence(entry: SessionCheckEntry, who: 'Client' | 'Therapist', role: string): Evidence {
  const evidence: Evidence = {
    kind: 'response',
    label: `${role}: ${who} Session check ${entry.total}/40 on ${entry.at.slice(0, 10)}`,
    value: entry.total,
  };
  if (entry.responseId !== undefined) evidence.ref = { type: 'response', id: entry.responseId };
  return evidence;
}

const itemText = (id: string): string => SESSION_CHECK.items.find((item) => item.id === id)?.text ?? id;

/**
 * Reads the latest client Session check against the client's own history (SPEC §5.3):
 * rupture when the total falls ≥ 4 (`ruptureDrop`) below the median of the previous 3
 * (`ruptureMedianOf`) totals, when any item is ≤ 5 (`ruptureItemMax`), or when the cue reader
 * found withdrawal or confrontation language. The drop rule needs the full 3 previous totals;
 * with fewer the client's usual level is not yet known. Separately, a therapist total ≥ 8
 * (`therapistOptimismGap`) above the client's for the same session is reported as
 * "you may be seeing the session more positively than the client".
 */
export function detectRupture(input: RuptureInput, settings: MeasuresSettings = measuresDefaults): RuptureResult {
  const history = input.clientHistory;
  const latest = history[history.length - 1];
  const result: RuptureResult = {
    rupture: false,
    reasons: [],
    evidence: [],
    therapistMorePositive: false,
    therapistEvidence: [],
  };
  const sessionId = latest?.sessionId ?? input.therapist?.sessionId;
  if (sessionId !== undefined) result.sessionId = sessionId;

  if (latest !== undefined) {
    const previous = history.slice(0, -1).slice(-settings.ruptureMedianOf);
    if (previous.length === settings.ruptureMedianOf) {
      const usual = median(previous.map((e) => e.total));
      const drop = usual - latest.total;
      if (drop >= settings.ruptureDrop) {
        result.reasons.push('drop_below_median');
        result.evidence.push(
          entryEvidence(latest, 'Client', 'This session'),
          ...previous.map((e) => entryEvidence(e, 'Client', 'Earlier')),
          { kind: 'median', label: `Median of the previous ${previous.length} totals: ${usual}`, value: usual },
          { kind: 'threshold', label: `A fall of ${settings.ruptureDrop} or more below that median (this one: ${drop})`, value: settings.ruptureDrop },
        );
      }
    }
    const low = Object.entries(latest.items).filter(([, value]) => typeof value === 'number' && value <= settings.ruptureItemMax);
    if (low.length > 0) {
      result.reasons.push('low_item');
      if (!result.reasons.includes('drop_below_median')) result.evidence.push(entryEvidence(latest, 'Client', 'This session'));
      for (const [id, value] of low) {
        const evidence: Evidence = { kind: 'item', label: `“${itemText(id)}” rated ${value} of 10`, value };
        if (latest.responseId !== undefined) evidence.ref = { type: 'response', id: latest.responseId };
        result.evidence.push(evidence);
      }
      result.evidence.push({ kind: 'threshold', label: `Any item at ${settings.ruptureItemMax} or below`, value: settings.ruptureItemMax });
    }
  }
  if (input.cue?.hasRuptureCue === true) {
    result.reasons.push('language_cue');
    const evidence: Evidence = {
      kind: 'quote',
      label: input.cue.quote ? `In the client's words: “${input.cue.quote}”` : "Withdrawal or confrontation language in the client's reflection",
    };
    if (input.cue.quote) evidence.value = input.cue.quote;
    if (input.cue.ref) evidence.ref = input.cue.ref;
    result.evidence.push(evidence);
  }
  result.rupture = result.reasons.length > 0;

  const therapist = input.therapist;
  if (therapist !== undefined && latest !== undefined && therapist.sessionId === latest.sessionId) {
    const gap = therapist.total - latest.total;
    result.therapistGap = gap;
    if (gap >= settings.therapistOptimismGap) {
      result.therapistMorePositive = true;
      result.therapistEvidence.push(entryEvidence(latest, 'Client', 'This session'), entryEvidence(therapist, 'Therapist', 'This session'), {
        kind: 'threshold',
        label: `Therapist ${gap} points above the client (${settings.therapistOptimismGap} or more is noted)`,
        value: gap,
      });
      for (const item of SESSION_CHECK_THERAPIST.items) {
        const t = therapist.items[item.id];
        const c = latest.items[item.id];
        if (typeof t === 'number' && typeof c === 'number' && t > c) {
          result.therapistEvidence.push({ kind: 'item', label: `“${itemText(item.id)}”: client ${c}, you ${t}`, value: t - c });
        }
      }
    }
  }
  return result;
}
