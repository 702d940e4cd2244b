/**
 * Instrument definitions as data (SPEC §3 C4): a questionnaire engine over items, options,
 * scoring, bands, cut-offs and reliable-change thresholds, so that a practice holding a licence
 * can add its own instruments (ORS/SRS, WAI, OQ-45 …) without code. Accord ships none of those.
 */
import { BUILTIN_CODES } from './builtin/index.ts';

export type Respondent = 'client' | 'therapist';
export const RESPONDENTS: readonly Respondent[] = ['client', 'therapist'];

export type AnswerOption = { value: number; label: string };

export type InstrumentItem = {
  id: string;
  text: string;
  /** Ascending by value; may differ from item to item. */
  options: readonly AnswerOption[];
  /**
   * A safety item: any answer above its lowest option raises a safety alert (SPEC §5.1,
   * PHQ-9 item 9).
   */
  safety?: boolean;
};

export type ScoringMethod = 'sum' | 'mean';

export type Scoring = {
  method: ScoringMethod;
  /** Lowest and highest possible total. */
  min: number;
  max: number;
  /**
   * true: any missing item makes the response invalid (PHQ-9, GAD-7 — SPEC §5.1).
   * false: a 'sum' is prorated over the answered items (mean of answered × item count,
   * rounded); a 'mean' is the mean of the answered items. At least one item must be answered.
   */
  requireAllItems: boolean;
};

export type BandSeverity = 'minimal' | 'mild' | 'moderate' | 'moderately_severe' | 'severe';
export const BAND_SEVERITIES: readonly BandSeverity[] = ['minimal', 'mild', 'moderate', 'moderately_severe', 'severe'];

/**
 * A range of totals with its label. For totals that are always whole numbers ('sum' of whole
 * option values) both ends are included and the next band starts at max + 1. Otherwise bands
 * are half-open — from min up to but not including max, the last band including its max — and
 * the next band starts at this band's max.
 */
export type Band = { min: number; max: number; label: string; severity: BandSeverity };

export type InstrumentDefinition = {
  /** Stable identifier, lower case, e.g. 'phq9'. */
  code: string;
  version: string;
  title: string;
  respondent: Respondent;
  instructions: string;
  items: readonly InstrumentItem[];
  scoring: Scoring;
  /** Ascending, covering scoring.min..scoring.max without gaps or overlaps. */
  bands: readonly Band[];
  /**
   * Clinical cut-off. When higher is worse, a total at or above it is in the clinical range
   * ("caseness"); when higher is better, a total at or below it is.
   */
  caseness?: number;
  /** Smallest change in total, first vs latest, that counts as reliable. */
  reliableChange?: number;
  higherIsBetter: boolean;
  /** Who made it and on what terms it may be used — shown wherever the instrument is shown. */
  attribution: string;
  /** The practice's licence for a licensed instrument (free text: holder, number, terms). */
  licence?: string;
  loinc?: { panel?: string; total?: string };
};

export type DefinitionError = { path: string; message: string };
export type DefinitionValidation = { ok: true; value: InstrumentDefinition } | { ok: false; errors: DefinitionError[] };

const KNOWN_FIELDS = [
  'code',
  'version',
  'title',
  'respondent',
  'instructions',
  'items',
  'scoring',
  'bands',
  'caseness',
  'reliableChange',
  'higherIsBetter',
  'attribution',
  'licence',
  'loinc',
] as const;

const CODE_PATTERN = /^[a-z][a-z0-9_]{1,39}$/;
const ITEM_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/;
const LOINC_PATTERN = /^\d{1,7}-\d$/;

type Rec = Record<string, unknown>;
const isRecord = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isNonEmptyString = (v: unknown): v is string => typeof v === 'string' && v.trim().length > 0;

/** The comparison form of a code: 'PHQ-9', 'phq_9' and 'phq9' are the same instrument. */
export function normaliseInstrumentCode(code: string): string {
  return code.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Whether totals of this instrument are always whole numbers (decides how bands join). */
export function hasWholeNumberTotals(def: Pick<InstrumentDefinition, 'scoring' | 'items'>): boolean {
  return def.scoring.method === 'sum' && def.items.every((item) => item.options.every((o) => Number.isInteger(o.value)));
}

/**
 * Checks a practice-supplied instrument definition (SPEC §3 C4: "the engine must let a
 * practice that holds a licence add its own definitions") and returns a clean copy, or every
 * problem found, each with the path of the field and a message a practice admin can act on.
 *
 * A definition may not reuse a built-in code ('phq9', 'gad7', the Session check …): otherwise
 * a practice could replace PHQ-9 with a copy without item 9, and SPEC §5.1 says that safety
 * item cannot be removed. `reservedCodes` defaults to the built-in codes; tests of the
 * built-ins themselves pass an empty list.
 */
export function validateInstrumentDefinition(input: unknown, options: { reservedCodes?: readonly string[] } = {}): DefinitionValidation {
  const errors: DefinitionError[] = [];
  const fail = (path: string, message: string): void => {
    errors.push({ path, message });
  };
  if (!isRecord(input)) {
    return { ok: false, errors: [{ path: '', message: 'An instrument definition must be a JSON object.' }] };
  }
  for (const key of Object.keys(input)) {
    if (!(KNOWN_FIELDS as readonly string[]).includes(key)) {
      fail(key, `Unknown field "${key}"; the fields are: ${KNOWN_FIELDS.join(', ')}.`);
    }
  }

  const reserved = (options.reservedCodes ?? BUILTIN_CODES).map(normaliseInstrumentCode);
  const code = input['code'];
  if (typeof code !== 'string' || !CODE_PATTERN.test(code)) {
    fail('code', 'code must be 2–40 characters: lower-case letters, digits and "_", starting with a letter (e.g. "ors").');
  } else if (reserved.includes(normaliseInstrumentCode(code))) {
    fail(
      'code',
      `code "${code}" belongs to an instrument built into Accord. A practice definition cannot replace a built-in one (its safety item could be lost); choose another code.`,
    );
  }
  for (const field of ['version', 'title', 'attribution'] as const) {
    if (!isNonEmptyString(input[field])) fail(field, `${field} must be a non-empty text.`);
  }
  if (typeof input['instructions'] !== 'string') fail('instructions', 'instructions must be a text (it may be empty).');
  if (input['licence'] !== undefined && !isNonEmptyString(input['licence'])) {
    fail('licence', 'licence, when given, must be a non-empty text.');
  }
  const respondent = input['respondent'];
  if (!RESPONDENTS.includes(respondent as Respondent)) {
    fail('respondent', `respondent must be one of: ${RESPONDENTS.join(', ')}.`);
  }
  if (typeof input['higherIsBetter'] !== 'boolean') fail('higherIsBetter', 'higherIsBetter must be true or false.');

  const items = validateItems(input['items'], fail);
  const scoring = validateScoring(input['scoring'], items, fail);
  const bands = validateBands(input['bands'], scoring, items, fail);

  const bounds = scoring ? { min: scoring.min, max: scoring.max } : undefined;
  const caseness = input['caseness'];
  if (caseness !== undefined) {
    if (!isFiniteNumber(caseness)) fail('caseness', 'caseness, when given, must be a number.');
    else if (bounds && (caseness < bounds.min || caseness > bounds.max)) {
      fail('caseness', `caseness ${caseness} is outside the possible totals ${bounds.min}–${bounds.max}.`);
    }
  }
  const reliableChange = input['reliableChange'];
  if (reliableChange !== undefined) {
    if (!isFiniteNumber(reliableChange) || reliableChange <= 0) {
      fail('reliableChange', 'reliableChange, when given, must be a number above 0.');
    } else if (bounds && reliableChange > bounds.max - bounds.min) {
      fail('reliableChange', `reliableChange ${reliableChange} is larger than the whole range of totals (${bounds.max - bounds.min}).`);
    }
  }
  const loinc = validateLoinc(input['loinc'], fail);

  if (errors.length > 0 || !items || !scoring || !bands) {
    return { ok: false, errors };
  }
  const value: InstrumentDefinition = {
    code: code as string,
    version: (input['version'] as string).trim(),
    title: (input['title'] as string).trim(),
    respondent: respondent as Respondent,
    instructions: input['instructions'] as string,
    items,
    scoring,
    bands,
    higherIsBetter: input['higherIsBetter'] as boolean,
    attribution: (input['attribution'] as string).trim(),
  };
  if (caseness !== undefined) value.caseness = caseness as number;
  if (reliableChange !== undefined) value.reliableChange = reliableChange as number;
  if (input['licence'] !== undefined) value.licence = (input['licence'] as string).trim();
  if (loinc !== undefined) value.loinc = loinc;
  return { ok: true, value };
}

function validateItems(raw: unknown, fail: (path: string, message: string) => void): InstrumentItem[] | undefined {
  if (!Array.isArray(raw) || raw.length === 0) {
    fail('items', 'items must be a list with at least one item.');
    return undefined;
  }
  const items: InstrumentItem[] = [];
  const seen = new Map<string, number>();
  let ok = true;
  raw.forEach((item: unknown, i) => {
    const at = `items[${i}]`;
    if (!isRecord(item)) {
      fail(at, 'Each item must be an object with id, text and options.');
      ok = false;
      return;
    }
    const id = item['id'];
    if (typeof id !== 'string' || !ITEM_ID_PATTERN.test(id)) {
      fail(`${at}.id`, 'Item id must be 1–40 characters: letters, digits, "_", "-" or ".", starting with a letter or digit.');
      ok = false;
    } else if (seen.has(id)) {
      fail(`${at}.id`, `Item id "${id}" is used twice (also items[${seen.get(id)}]); item ids must be unique.`);
      ok = false;
    } else {
      seen.set(id, i);
    }
    if (!isNonEmptyString(item['text'])) {
      fail(`${at}.text`, 'Item text must be a non-empty text.');
      ok = false;
    }
    if (item['safety'] !== undefined && typeof item['safety'] !== 'boolean') {
      fail(`${at}.safety`, 'safety, when given, must be true or false.');
      ok = false;
    }
    const rawOptions = item['options'];
    const options: AnswerOption[] = [];
    if (!Array.isArray(rawOptions) || rawOptions.length < 2) {
      fail(`${at}.options`, 'An item needs at least two answer options.');
      ok = false;
    } else {
      rawOptions.forEach((option: unknown, j) => {
        const op = `${at}.options[${j}]`;
        if (!isRecord(option) || !isFiniteNumber(option['value']) || !isNonEmptyString(option['label'])) {
          fail(op, 'Each option needs a numeric value and a non-empty label.');
          ok = false;
          return;
        }
        const previous = options[options.length - 1];
        if (previous !== undefined && option['value'] <= previous.value) {
          fail(`${op}.value`, `Option values must be in ascending order without repeats: ${option['value']} follows ${previous.value}.`);
          ok = false;
        }
        options.push({ value: option['value'], label: option['label'].trim() });
      });
    }
    const clean: InstrumentItem = { id: id as string, text: typeof item['text'] === 'string' ? item['text'].trim() : '', options };
    if (item['safety'] === true) clean.safety = true;
    items.push(clean);
  });
  return ok ? items : undefined;
}

function validateScoring(raw: unknown, items: InstrumentItem[] | undefined, fail: (path: string, message: string) => void): Scoring | undefined {
  if (!isRecord(raw)) {
    fail('scoring', 'scoring must be an object with method, min, max and requireAllItems.');
    return undefined;
  }
  let ok = true;
  const method = raw['method'];
  if (method !== 'sum' && method !== 'mean') {
    fail('scoring.method', 'scoring.method must be "sum" or "mean".');
    ok = false;
  }
  const { min, max } = raw;
  if (!isFiniteNumber(min) || !isFiniteNumber(max)) {
    fail('scoring', 'scoring.min and scoring.max must be numbers.');
    ok = false;
  } else if (min >= max) {
    fail('scoring.max', `scoring.max (${max}) must be above scoring.min (${min}).`);
    ok = false;
  }
  if (typeof raw['requireAllItems'] !== 'boolean') {
    fail('scoring.requireAllItems', 'scoring.requireAllItems must be true or false.');
    ok = false;
  }
  if (!ok) return undefined;
  const scoring: Scoring = {
    method: method as ScoringMethod,
    min: min as number,
    max: max as number,
    requireAllItems: raw['requireAllItems'] as boolean,
  };
  if (items) {
    const lows = items.map((item) => item.options[0]?.value ?? 0);
    const highs = items.map((item) => item.options[item.options.length - 1]?.value ?? 0);
    const possible =
      scoring.method === 'sum'
        ? { min: lows.reduce((a, b) => a + b, 0), max: highs.reduce((a, b) => a + b, 0) }
        : { min: Math.min(...lows), max: Math.max(...highs) };
    if (scoring.min !== possible.min) {
      fail('scoring.min', `scoring.min is ${scoring.min} but the lowest possible ${scoring.method} of the items is ${possible.min}.`);
      ok = false;
    }
    if (scoring.max !== possible.max) {
      fail('scoring.max', `scoring.max is ${scoring.max} but the highest possible ${scoring.method} of the items is ${possible.max}.`);
      ok = false;
    }
  }
  return ok ? scoring : undefined;
}

function validateBands(
  raw: unknown,
  scoring: Scoring | undefined,
  items: InstrumentItem[] | undefined,
  fail: (path: string, message: string) => void,
): Band[] | undefined {
  if (!Array.isArray(raw) || raw.length === 0) {
    fail('bands', 'bands must be a list with at least one band covering every possible total.');
    return undefined;
  }
  const bands: Band[] = [];
  let ok = true;
  raw.forEach((band: unknown, i) => {
    const at = `bands[${i}]`;
    if (!isRecord(band) || !isFiniteNumber(band['min']) || !isFiniteNumber(band['max']) || !isNonEmptyString(band['label'])) {
      fail(at, 'Each band needs a numeric min and max and a non-empty label.');
      ok = false;
      return;
    }
    if (!BAND_SEVERITIES.includes(band['severity'] as BandSeverity)) {
      fail(`${at}.severity`, `Band severity must be one of: ${BAND_SEVERITIES.join(', ')}.`);
      ok = false;
    }
    if (band['min'] > band['max']) {
      fail(at, `Band "${band['label']}" runs backwards: min ${band['min']} is above max ${band['max']}.`);
      ok = false;
    }
    bands.push({ min: band['min'], max: band['max'], label: band['label'].trim(), severity: band['severity'] as BandSeverity });
  });
  if (!ok || !scoring || !items) return ok ? bands : undefined;

  const whole = hasWholeNumberTotals({ scoring, items });
  const first = bands[0];
  const last = bands[bands.length - 1];
  if (first && first.min !== scoring.min) {
    fail('bands[0].min', `The first band must start at the lowest total ${scoring.min}, not ${first.min}.`);
    ok = false;
  }
  if (last && last.max !== scoring.max) {
    fail(`bands[${bands.length - 1}].max`, `The last band must end at the highest total ${scoring.max}, not ${last.max}.`);
    ok = false;
  }
  for (let i = 1; i < bands.length; i++) {
    const prev = bands[i - 1] as Band;
    const band = bands[i] as Band;
    const expected = whole ? prev.max + 1 : prev.max;
    if (band.min > expected) {
      const gap =
        whole && prev.max + 1 === band.min - 1
          ? `total ${band.min - 1} belongs`
          : `totals ${whole ? `${prev.max + 1}–${band.min - 1}` : `between ${prev.max} and ${band.min}`} belong`;
      fail(`bands[${i}].min`, `Gap between bands "${prev.label}" and "${band.label}": ${gap} to no band.`);
      ok = false;
    } else if (band.min < expected) {
      fail(
        `bands[${i}].min`,
        whole
          ? `Bands "${prev.label}" and "${band.label}" overlap: "${band.label}" must start at ${expected}, not ${band.min}.`
          : `Bands "${prev.label}" and "${band.label}" overlap: with mean (or fractional) totals each band must start exactly where the previous one ends (${expected}).`,
      );
      ok = false;
    }
  }
  return ok ? bands : undefined;
}

function validateLoinc(raw: unknown, fail: (path: string, message: string) => void): InstrumentDefinition['loinc'] {
  if (raw === undefined) return undefined;
  if (!isRecord(raw)) {
    fail('loinc', 'loinc, when given, must be an object with optional "panel" and "total" codes.');
    return undefined;
  }
  const out: { panel?: string; total?: string } = {};
  for (const key of Object.keys(raw)) {
    if (key !== 'panel' && key !== 'total') fail(`loinc.${key}`, `Unknown field "${key}" in loinc; use "panel" and "total".`);
  }
  for (const key of ['panel', 'total'] as const) {
    const v = raw[key];
    if (v === undefined) continue;
    if (typeof v !== 'string' || !LOINC_PATTERN.test(v)) fail(`loinc.${key}`, `loinc.${key} must be a LOINC code like "44261-6".`);
    else out[key] = v;
  }
  return out;
}
