/**
 * Scoring a questionnaire response against its instrument definition (SPEC §3 C4, §5.1).
 * Exact for every possible answer vector (SPEC §7), never throws, and never loses a safety
 * answer: safety flags are reported on invalid responses too.
 */
import type { Band, InstrumentDefinition } from './instrument.ts';
import { hasWholeNumberTotals } from './instrument.ts';

/** Answers by item id; null or undefined means "not answered". */
export type Answers = Readonly<Record<string, number | null | undefined>>;

export type InvalidAnswer = { itemId: string; value: unknown; message: string };

export type ValidScore = {
  valid: true;
  total: number;
  band: Band;
  /** In the clinical range by the instrument's cut-off; false when it has none. */
  caseness: boolean;
  /** Ids of safety items answered above their lowest option (PHQ-9 item 9 > 0). */
  safetyFlags: string[];
  answered: number;
  /** True when a 'sum' was prorated over answered items (only if requireAllItems is false). */
  prorated: boolean;
};

export type InvalidScore =
  | { valid: false; reason: 'missing_items'; missing: string[]; message: string; safetyFlags: string[] }
  | { valid: false; reason: 'invalid_answers'; invalid: InvalidAnswer[]; message: string; safetyFlags: string[] }
  | { valid: false; reason: 'unknown_items'; unknown: string[]; message: string; safetyFlags: string[] };

export type ScoreResult = ValidScore | InvalidScore;

const isAnswered = (v: unknown): boolean => v !== null && v !== undefined;

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return typeof value === 'object' ? 'an object' : typeof value;
}

/**
 * Whether a total is in the clinical range: at or above the cut-off when higher is worse
 * (PHQ-9 ≥ 10, Kroenke et al. 2001; GAD-7 ≥ 8, NHS Talking Therapies; SPEC §5.1), at or below it
 * when higher is better. False when the instrument has no cut-off.
 */
export function isCaseness(def: Pick<InstrumentDefinition, 'caseness' | 'higherIsBetter'>, total: number): boolean {
  if (def.caseness === undefined) return false;
  return def.higherIsBetter ? total <= def.caseness : total >= def.caseness;
}

/**
 * The band a total falls in. Bands are contiguous (validateInstrumentDefinition), so the band
 * is the last one starting at or below the total: inclusive integer ranges for whole-number
 * totals, half-open ranges for fractional ones.
 */
export function bandFor(def: Pick<InstrumentDefinition, 'bands' | 'scoring'>, total: number): Band {
  let found: Band | undefined;
  for (const band of def.bands) if (band.min <= total) found = band;
  return found ?? def.bands[0] ?? { min: def.scoring.min, max: def.scoring.max, label: 'Total', severity: 'minimal' };
}

/**
 * Safety items answered above their lowest option. SPEC §5.1: PHQ-9 item 9 > 0 creates a
 * safety alert. Deliberately conservative: any present answer that is not exactly the lowest
 * option counts, even one that is otherwise invalid, because a safety answer must never be lost.
 */
export function safetyFlagsOf(def: Pick<InstrumentDefinition, 'items'>, answers: unknown): string[] {
  const source = typeof answers === 'object' && answers !== null ? (answers as Record<string, unknown>) : {};
  const flags: string[] = [];
  for (const item of def.items) {
    if (!item.safety || !Object.hasOwn(source, item.id)) continue;
    const value = source[item.id];
    if (isAnswered(value) && value !== item.options[0]?.value) flags.push(item.id);
  }
  return flags;
}

/**
 * Scores one response (SPEC §3 C4, §5.1). With requireAllItems (PHQ-9, GAD-7) any missing item
 * makes the response invalid and the message says so in plain words (SPEC §5.1: "invalid with
 * any missing item (say so)"). Values must be one of the item's option values; answers to unknown
 * item ids are rejected (an unknown id left empty is ignored). Whatever the outcome, `safetyFlags` lists the safety items that were endorsed.
 *
 * Totals of 'mean' instruments are rounded to 2 decimals; a prorated 'sum' (requireAllItems
 * false) is the mean of the answered items × the item count, rounded to a whole number when
 * the options are whole numbers (else to 2 decimals).
 */
export function scoreResponse(def: InstrumentDefinition, answers: Answers): ScoreResult {
  const source: Record<string, unknown> = typeof answers === 'object' && answers !== null ? answers : {};
  const safetyFlags = safetyFlagsOf(def, source);
  const position = new Map(def.items.map((item, i) => [item.id, i + 1]));

  const invalid: InvalidAnswer[] = [];
  const missing: string[] = [];
  const values: number[] = [];
  for (const item of def.items) {
    const value = Object.hasOwn(source, item.id) ? source[item.id] : undefined;
    if (!isAnswered(value)) {
      missing.push(item.id);
      continue;
    }
    const n = position.get(item.id);
    const allowed = item.options.map((o) => o.value);
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      invalid.push({ itemId: item.id, value, message: `item ${n}: ${describe(value)} is not a number` });
    } else if (!allowed.includes(value)) {
      invalid.push({
        itemId: item.id,
        value,
        message: `item ${n}: ${value} is not one of its answers (${allowed.join(', ')})`,
      });
    } else {
      values.push(value);
    }
  }
  const unknown = Object.keys(source).filter((key) => !position.has(key) && isAnswered(source[key]));

  if (invalid.length > 0) {
    const count = invalid.length === 1 ? '1 answer cannot be used' : `${invalid.length} answers cannot be used`;
    return {
      valid: false,
      reason: 'invalid_answers',
      invalid,
      message: `${count}: ${invalid.map((i) => i.message).join('; ')}. ${def.title} was not scored.`,
      safetyFlags,
    };
  }
  if (unknown.length > 0) {
    const shown = unknown
      .slice(0, 5)
      .map((k) => JSON.stringify(k))
      .join(', ');
    return {
      valid: false,
      reason: 'unknown_items',
      unknown,
      message: `${unknown.length === 1 ? 'An answer refers' : `${unknown.length} answers refer`} to no item of ${def.title} (${shown}${unknown.length > 5 ? ', …' : ''}). ${def.title} was not scored.`,
      safetyFlags,
    };
  }
  const itemCount = def.items.length;
  if (missing.length > 0 && (def.scoring.requireAllItems || values.length === 0)) {
    const numbers = missing.map((id) => position.get(id)).join(', ');
    const howMany =
      missing.length === 1
        ? `1 of ${itemCount} answers is missing (item ${numbers})`
        : `${missing.length} of ${itemCount} answers are missing (items ${numbers})`;
    const why = def.scoring.requireAllItems
      ? `${def.title} cannot be scored with any item missing`
      : `${def.title} needs at least one answered item to be scored`;
    return { valid: false, reason: 'missing_items', missing, message: `${howMany}; ${why}.`, safetyFlags };
  }

  const sum = values.reduce((a, b) => a + b, 0);
  let total: number;
  let prorated = false;
  if (def.scoring.method === 'mean') {
    total = Math.round((sum / values.length) * 100) / 100;
  } else if (values.length === itemCount) {
    total = sum;
  } else {
    prorated = true;
    total = (sum / values.length) * itemCount;
  }
  if (def.scoring.method === 'sum') total = hasWholeNumberTotals(def) ? Math.round(total) : Math.round(total * 100) / 100;
  total = Math.min(def.scoring.max, Math.max(def.scoring.min, total));

  return {
    valid: true,
    total,
    band: bandFor(def, total),
    caseness: isCaseness(def, total),
    safetyFlags,
    answered: values.length,
    prorated,
  };
}
