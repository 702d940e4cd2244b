/**
 * Clinical negation, written for Accord rather than taken from wink-nlp (whose negation flag is
 * too broad for clinical text). The approach follows NegEx (Chapman et al., "A simple algorithm
 * for identifying negated findings and diseases in discharge summaries", J Biomed Inform 2001):
 * trigger words open a scope over the following words of the same clause; pseudo-triggers
 * ("not only", "no doubt") open none; a few triggers look backwards ("self-harm: denied").
 */
import type { Token } from './nlp.ts';

/** Words that negate what follows them in the clause. */
const PRE_TRIGGERS: ReadonlySet<string> = new Set([
  'not',
  'never',
  'no',
  'nobody',
  'none',
  'nothing',
  'neither',
  'nor',
  'without',
  'hardly',
  'barely',
  'rarely',
  'seldom',
]);
/** Lemmas that negate what follows them: "denies thoughts of self-harm", "refused to practise". */
const PRE_TRIGGER_LEMMAS: ReadonlySet<string> = new Set(['deny', 'refuse']);
/** Two-word triggers: "free of pain", "negative for", "rather than", "instead of", "no longer". */
const PAIR_TRIGGERS: ReadonlyArray<readonly [string, string]> = [
  ['free', 'of'],
  ['negative', 'for'],
  ['absence', 'of'],
  ['rather', 'than'],
  ['instead', 'of'],
];
/** The pair triggers by their first word, so each token costs one look-up. */
const PAIR_FIRST: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  [...new Set(PAIR_TRIGGERS.map(([a]) => a))].map((a) => [a, new Set(PAIR_TRIGGERS.filter(([x]) => x === a).map(([, b]) => b))]),
);
/** A trigger followed by one of these is not a negation: "not only", "no doubt", "can't wait"; "not sure" is uncertainty, not denial. */
const PSEUDO_NEXT: ReadonlySet<string> = new Set(['only', 'just', 'doubt', 'matter', 'mind', 'mention', 'wait', 'but', 'sure']);
/** Words that look back over the clause before them when they end it: "suicidal ideation denied". */
const POST_TRIGGERS: ReadonlySet<string> = new Set(['denied', 'absent', 'unlikely']);
/** Words that close a negation scope: a new clause or a contrast begins. */
const TERMINATORS: ReadonlySet<string> = new Set([
  'but',
  'yet',
  'however',
  'although',
  'though',
  'except',
  'because',
  'since',
  'unless',
  // "Nothing will change until my partner stops": the clause after "until" is not denied.
  'until',
  'till',
  'while',
  'whereas',
  'so',
  'why',
  'how',
  'what',
  'where',
  'when',
  'whether',
  'if',
  'who',
  'which',
  'whatever',
]);
const SUBJECT_PRONOUNS: ReadonlySet<string> = new Set(['i', 'we', 'you', 'he', 'she', 'they', 'it']);
/** Longest forward scope in words (NegEx uses five; clinical sentences in therapy texts run longer). */
const MAX_SCOPE = 8;
const MAX_BACK_SCOPE = 6;

/** True for a token that ends a clause for negation and agent purposes. */
export function isClauseBoundary(t: Token): boolean {
  if (t.boundary !== undefined) return t.boundary;
  return boundaryOf(t.pos, t.norm);
}

/** The clause-boundary test itself, from a token's part of speech and word (nlp.ts stores it on each token). */
export function boundaryOf(pos: string, norm: string): boolean {
  if (pos === 'PUNCT') return norm !== '-' && norm !== "'" && norm !== '"';
  return TERMINATORS.has(norm);
}

/** A token's negation facts as bits (negationClass): what the trigger tests ask of its word and lemma. */
export const NEG_PRE = 1;
export const NEG_PSEUDO_NEXT = 2;
export const NEG_POST = 4;
export const NEG_SUBJECT = 8;
export const NEG_AND_OR = 16;
export const NEG_PAIR_FIRST = 32;
export const NEG_NO = 64;

/** Every word the negation facts name (a caller with integer word ids gives each of them one). */
export const NEGATION_WORDS: readonly string[] = [
  ...new Set([...PRE_TRIGGERS, ...PSEUDO_NEXT, ...POST_TRIGGERS, ...SUBJECT_PRONOUNS, ...PAIR_FIRST.keys(), 'and', 'or', 'no', 'nope']),
];
export const NEGATION_LEMMAS: readonly string[] = [...PRE_TRIGGER_LEMMAS];

/** The negation facts of a word (as a token's norm), as NEG_* bits. */
export function negationClassOfNorm(norm: string): number {
  return (
    (PRE_TRIGGERS.has(norm) ? NEG_PRE : 0) |
    (PSEUDO_NEXT.has(norm) ? NEG_PSEUDO_NEXT : 0) |
    (POST_TRIGGERS.has(norm) ? NEG_POST : 0) |
    (SUBJECT_PRONOUNS.has(norm) ? NEG_SUBJECT : 0) |
    (norm === 'and' || norm === 'or' ? NEG_AND_OR : 0) |
    (PAIR_FIRST.has(norm) ? NEG_PAIR_FIRST : 0) |
    (norm === 'no' || norm === 'nope' ? NEG_NO : 0)
  );
}
/** The negation facts a token's lemma adds (a trigger lemma: "denies", "refused"). */
export function negationClassOfLemma(lemma: string): number {
  return PRE_TRIGGER_LEMMAS.has(lemma) ? NEG_PRE : 0;
}

/** Per token, its negation facts from its word and lemma (the string look-ups, for callers without word ids). */
function classesOf(tokens: readonly Token[]): Uint8Array {
  const c = new Uint8Array(tokens.length);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    c[i] = negationClassOfNorm(t.norm) | negationClassOfLemma(t.lemma);
  }
  return c;
}

/** A word that opens a clause of its own after "and": a modal or auxiliary, or a subject pronoun. */
function startsClause(tokens: readonly Token[], classes: Uint8Array, j: number): boolean {
  const t = tokens[j];
  return t !== undefined && (t.pos === 'AUX' || ((classes[j] as number) & NEG_SUBJECT) !== 0);
}

function isTrigger(tokens: readonly Token[], classes: Uint8Array, i: number): number {
  const t = tokens[i];
  if (!t) return 0;
  const c = classes[i] as number;
  if ((c & (NEG_PRE | NEG_PAIR_FIRST)) === 0) return 0;
  const next = tokens[i + 1];
  const nc = next ? (classes[i + 1] as number) : 0;
  if ((c & NEG_PRE) !== 0) {
    if ((nc & NEG_PSEUDO_NEXT) !== 0) return 0;
    // "No, I want to…" / "No I will": an answer, not a negation of what follows.
    if ((c & NEG_NO) !== 0 && (t.pos === 'INTJ' || !next || (nc & NEG_SUBJECT) !== 0 || next.pos === 'PUNCT')) return 0;
    return 1;
  }
  const second = PAIR_FIRST.get(t.norm);
  if (second !== undefined && next !== undefined && second.has(next.norm)) return 2;
  return 0;
}

/**
 * For every token, the index of the trigger whose scope covers it, or -1.
 * A trigger does not negate itself, so a rule that names its own negation ("I don't know")
 * can see that its words were not negated by something else. `classes` (each token's NEG_* bits,
 * negationClassOfNorm | negationClassOfLemma) saves the string look-ups when the caller has them.
 * `into`, when given, is filled instead of a new array (its first tokens.length entries are the answer).
 */
export function negationTriggers(tokens: readonly Token[], classes: Uint8Array = classesOf(tokens), into?: Int32Array): Int32Array {
  const by = into !== undefined && into.length >= tokens.length ? into.fill(-1, 0, tokens.length) : new Int32Array(tokens.length).fill(-1);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (!t) continue;
    const c = classes[i] as number;
    const ruledOut = t.norm === 'out' && tokens[i - 1]?.lemma === 'rule';
    // Most tokens are neither a trigger nor a word that looks back.
    if ((c & (NEG_PRE | NEG_PAIR_FIRST | NEG_POST)) === 0 && !ruledOut) continue;
    const next = tokens[i + 1];
    const endsClause = !next || next.sentence !== t.sentence || isClauseBoundary(next);
    const width = endsClause && (c & NEG_POST) !== 0 ? 0 : isTrigger(tokens, classes, i);
    if (width > 0) {
      let words = 0;
      for (let j = i + width; j < tokens.length && words < MAX_SCOPE; j++) {
        const u = tokens[j];
        if (!u || u.sentence !== t.sentence || isClauseBoundary(u)) break;
        // "and" / "or" before a new verb phrase starts a new clause: "I don't slip back and can manage".
        if (((classes[j] as number) & NEG_AND_OR) !== 0 && startsClause(tokens, classes, j + 1)) break;
        if (by[j] === -1) by[j] = i;
        if (u.word) words++;
      }
      i += width - 1;
      continue;
    }
    if (((c & NEG_POST) !== 0 || ruledOut) && endsClause) {
      let words = 0;
      for (let j = i - (ruledOut ? 2 : 1); j >= 0 && words < MAX_BACK_SCOPE; j--) {
        const u = tokens[j];
        if (u && u.norm === ':' && j === i - 1) continue;
        if (!u || u.sentence !== t.sentence || isClauseBoundary(u)) break;
        if (by[j] === -1) by[j] = i;
        if (u.word) words++;
      }
    }
  }
  return by;
}
