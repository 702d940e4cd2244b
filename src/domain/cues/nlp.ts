/**
 * The one place wink-nlp is loaded. It turns a text into the token stream the cue rules read:
 * every token with its lower-cased form, lemma, part of speech, character span and sentence.
 *
 * wink-nlp and its English model are pure JavaScript shipped in npm packages: building the
 * pipeline reads no files and no environment, so the domain stays pure. The pipeline is built
 * lazily on the first call and then reused.
 */
import winkNLP from 'wink-nlp';
import type { WinkMethods } from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import { boundaryOf } from './negation.ts';

export type Token = {
  /** Index in the analysed token stream. */
  i: number;
  /** The surface text (for expanded contractions, the part this token stands for). */
  text: string;
  /** Lower-cased, with typographic apostrophes straightened and contractions spelled out. */
  norm: string;
  lemma: string;
  /** Universal part-of-speech tag from wink-nlp (VERB, AUX, PRON, NOUN, PUNCT, …). */
  pos: string;
  /** Character span in the original text; the parts of an expanded contraction share it. */
  start: number;
  end: number;
  sentence: number;
  /** True when the token is a word (letters), not punctuation, symbol, emoji or space. */
  word: boolean;
  /** True when the token ends a clause for negation and agent purposes (negation.ts `isClauseBoundary`), computed once here. */
  boundary?: boolean;
};

export type Sentence = { first: number; last: number; start: number; end: number };

export type Analysis = { text: string; tokens: Token[]; sentences: Sentence[] };

/** The pipeline parts the rules need: sentence boundaries and parts of speech (lemmas come with them). */
export const CUE_PIPELINE = ['sbd', 'pos'] as const;

let nlp: WinkMethods | undefined;

/** Builds the wink-nlp pipeline once, on first use, so importing the domain costs nothing. */
export function winkPipeline(): WinkMethods {
  if (!nlp) nlp = winkNLP(model, [...CUE_PIPELINE]);
  return nlp;
}

/*
 * Every table below is looked up with words of the user's text, so each is a Map: a plain object
 * would answer "constructor", "toString" or "__proto__" from Object.prototype.
 */

/**
 * Informal spellings that stand for two or three words. Spelling them out lets one rule match
 * "I want to", "I wanna" and "I'm gonna" alike. Each entry: the parts as [norm, lemma, pos].
 */
const EXPANSIONS: ReadonlyMap<string, ReadonlyArray<readonly [string, string, string]>> = new Map<string, ReadonlyArray<readonly [string, string, string]>>([
  [
    'wanna',
    [
      ['want', 'want', 'VERB'],
      ['to', 'to', 'PART'],
    ],
  ],
  [
    'gonna',
    [
      ['going', 'go', 'VERB'],
      ['to', 'to', 'PART'],
    ],
  ],
  [
    'gotta',
    [
      ['got', 'get', 'VERB'],
      ['to', 'to', 'PART'],
    ],
  ],
  [
    'hafta',
    [
      ['have', 'have', 'VERB'],
      ['to', 'to', 'PART'],
    ],
  ],
  [
    'hasta',
    [
      ['has', 'have', 'VERB'],
      ['to', 'to', 'PART'],
    ],
  ],
  [
    'oughta',
    [
      ['ought', 'ought', 'AUX'],
      ['to', 'to', 'PART'],
    ],
  ],
  [
    'dunno',
    [
      ['do', 'do', 'AUX'],
      ['not', 'not', 'PART'],
      ['know', 'know', 'VERB'],
    ],
  ],
  [
    'idk',
    [
      ['i', 'i', 'PRON'],
      ['do', 'do', 'AUX'],
      ['not', 'not', 'PART'],
      ['know', 'know', 'VERB'],
    ],
  ],
  [
    'cannot',
    [
      ['can', 'can', 'AUX'],
      ['not', 'not', 'PART'],
    ],
  ],
  ['cuz', [['because', 'because', 'SCONJ']]],
  ['coz', [['because', 'because', 'SCONJ']]],
  ['cos', [['because', 'because', 'SCONJ']]],
  ["'cause", [['because', 'because', 'SCONJ']]],
]);

const CLITICS: ReadonlyMap<string, readonly [string, string]> = new Map<string, readonly [string, string]>([
  ["n't", ['not', 'not']],
  ["'m", ['am', 'be']],
  ["'re", ['are', 'be']],
  ["'s", ["'s", 'be']],
  ["'ve", ['have', 'have']],
  ["'d", ['would', 'would']],
  ["'ll", ['will', 'will']],
]);

/** Clitics that wink-nlp splits off, spelled out so rules can say "not" and "will". */
const CLITIC_NORMS: ReadonlyMap<string, string> = new Map([
  ["n't", 'not'],
  ["'ll", 'will'],
  ["'m", 'am'],
  ["'re", 'are'],
  ["'ve", 'have'],
  ["'d", 'would'],
  ['ca', 'can'],
  ['wo', 'will'],
  ['sha', 'shall'],
]);

const PRONOUN_LEMMA: ReadonlyMap<string, string> = new Map(['i', 'you', 'we', 'they', 'he', 'she', 'it', 'that', 'there'].map((p) => [p, p]));
const WORDISH = /\p{L}/u;

const CURLY = /[\u2018\u2019\u02bc]/g;
/** Straightens typographic apostrophes, cheaply when there are none. */
function straighten(s: string): string {
  return s.includes('\u2019') || s.includes('\u2018') || s.includes('\u02bc') ? s.replace(CURLY, "'") : s;
}

const CLITIC_SUFFIXES = ["n't", "'m", "'re", "'s", "'ve", "'d", "'ll"] as const;
const NOT_SPELLED: ReadonlyMap<string, string> = new Map([
  ['wo', 'will'],
  ['ca', 'can'],
  ['sha', 'shall'],
]);
const AUX_LEMMA: ReadonlyMap<string, string> = new Map([
  ['does', 'do'],
  ['did', 'do'],
  ['is', 'be'],
  ['are', 'be'],
  ['was', 'be'],
  ['were', 'be'],
  ['has', 'have'],
  ['had', 'have'],
]);

/** Splits "i'm" → ["i", "'m"] and "isn't" → ["is", "n't"] when wink-nlp left them whole; undefined otherwise. */
function splitClitic(norm: string): readonly [string, string] | undefined {
  const q = norm.indexOf("'");
  if (q <= 0) return undefined;
  for (const suffix of CLITIC_SUFFIXES) {
    if (!norm.endsWith(suffix)) continue;
    const base = norm.slice(0, norm.length - suffix.length);
    if (base.length === 0) return undefined;
    for (let k = 0; k < base.length; k++) {
      const c = base.charCodeAt(k);
      if (c < 97 || c > 122) return undefined;
    }
    return [base, suffix];
  }
  return undefined;
}

/** Per-token columns of the text being analysed, reused by every call (they grow, never shrink). */
const columns = { lower: [] as string[], starts: new Int32Array(64), ends: new Int32Array(64) };

/** The tokens being built; index, sentence, word and boundary are settled in a last pass. */
type Columns = Token[];

/** Pushes a token, spelling out contractions that wink-nlp left whole (e.g. "I’m" after a stammer). */
function pushToken(out: Columns, text: string, norm: string, lemma: string, pos: string, start: number, end: number, sentence: number): void {
  const expansion = EXPANSIONS.get(norm);
  if (expansion) {
    for (const [n, l, p] of expansion) pushRaw(out, text, n, l, p, start, end, sentence);
    return;
  }
  const split = splitClitic(norm);
  if (split) {
    const [stem, suffix] = split;
    if (PRONOUN_LEMMA.has(stem) || suffix === "n't") {
      const base = suffix === "n't" ? (NOT_SPELLED.get(stem) ?? stem) : stem;
      const clitic = CLITICS.get(suffix) ?? [suffix, suffix];
      const pronoun = PRONOUN_LEMMA.get(base);
      pushRaw(out, text, base, pronoun ?? AUX_LEMMA.get(base) ?? base, pronoun ? 'PRON' : 'AUX', start, end, sentence);
      pushRaw(out, text, clitic[0], clitic[1], suffix === "n't" ? 'PART' : 'AUX', start, end, sentence);
      return;
    }
  }
  pushRaw(out, text, norm, lemma, pos, start, end, sentence);
}

function pushRaw(out: Columns, text: string, norm: string, lemma: string, pos: string, start: number, end: number, sentence: number): void {
  out.push({ i: 0, text, norm, lemma, pos, start, end, sentence, word: false, boundary: false });
}

function isWordish(norm: string): boolean {
  const c = norm.charCodeAt(0);
  return (c >= 97 && c <= 122) || (c > 127 && WORDISH.test(norm));
}

/**
 * Tokenises a text with wink-nlp and returns tokens with exact character spans.
 * Stammered repeats ("I-I-I", "to-to") are folded into one token so rules see fluent speech,
 * contractions are spelled out, and the spans always index the original text.
 *
 * wink's columns (values, parts of speech, lemmas, sentence spans) are read once for
 * the whole document; the tokens are then built in one pass.
 */
export function analyse(text: string): Analysis {
  const pipeline = winkPipeline();
  const its = pipeline.its;
  const doc = pipeline.readDoc(text);
  const tokens = doc.tokens();
  const values: string[] = tokens.out();
  const pos = tokens.out<string>(its.pos);
  const lemmas = tokens.out<string>(its.lemma as unknown as typeof its.value);
  const sentenceSpans = doc.sentences().out(its.span) as unknown as Array<[number, number]>;
  const n = values.length;
  const curly = text.includes('\u2019') || text.includes('\u2018') || text.includes('\u02bc');

  // Lower-cased forms and spans, one pass, into arrays reused from text to text (analyse is synchronous).
  if (columns.starts.length < n + 1) {
    const size = Math.max(n + 1, 2 * columns.starts.length);
    columns.starts = new Int32Array(size);
    columns.ends = new Int32Array(size);
  }
  const { lower, starts, ends } = columns;
  let cursor = 0;
  for (let k = 0; k < n; k++) {
    const value = values[k] ?? '';
    // Tokens come in text order: the next occurrence from the cursor is this token's span.
    let found = value.length > 0 ? text.indexOf(value, cursor) : -1;
    // Only whitespace may lie between two tokens; otherwise wink changed the token's text.
    if (found > cursor + 1 && text.slice(cursor, found).trim() !== '') found = -1;
    const start = found >= 0 ? found : Math.min(cursor, text.length);
    const end = Math.min(text.length, start + value.length);
    cursor = end;
    starts[k] = start;
    ends[k] = end;
    const l = value.toLowerCase();
    lower[k] = curly ? straighten(l) : l;
  }
  // normOf looks one past the last token: nothing from a longer text may stand there.
  lower[n] = '';

  const out: Columns = [];
  let sentence = 0;
  let sentenceEnd = sentenceSpans[0]?.[1] ?? n;
  for (let k = 0; k < n; k++) {
    while (k > sentenceEnd && sentence < sentenceSpans.length - 1) {
      sentence++;
      sentenceEnd = sentenceSpans[sentence]?.[1] ?? n;
    }
    // "I-I-I" → "I": drop a word that is immediately repeated after a hyphen.
    if (
      k + 2 < n &&
      lower[k + 1] === '-' &&
      starts[k + 1] === ends[k] &&
      starts[k + 2] === ends[k + 1] &&
      normOf(lower, k + 2) === normOf(lower, k) &&
      WORDISH.test(normOf(lower, k))
    ) {
      k += 1;
      continue;
    }
    const norm = normOf(lower, k);
    const lemmaRaw = lemmas[k];
    let lemma = lemmaRaw === undefined ? norm : lemmaRaw.toLowerCase();
    if (curly && lemmaRaw !== undefined) lemma = straighten(lemma);
    if (lemma === 'themself') lemma = 'themselves';
    pushToken(out, values[k] ?? '', norm, lemma, pos[k] ?? 'X', starts[k] as number, ends[k] as number, sentence);
  }

  const m = out.length;
  const sentences: Sentence[] = [];
  for (let i = 0; i < m; i++) {
    const t = out[i] as Token;
    const { norm, start, end } = t;
    let s = t.sentence;
    const last = sentences[sentences.length - 1];
    if (last && s === sentences.length - 1) {
      last.last = i;
      last.end = end;
    } else {
      while (sentences.length <= s) sentences.push({ first: i, last: i, start, end });
    }
    s = Math.min(s, Math.max(0, sentences.length - 1));
    t.i = i;
    t.sentence = s;
    t.word = isWordish(norm);
    t.boundary = boundaryOf(t.pos, norm);
  }
  // "so angry", "so much": "so" as an intensifier joins its clause; as a conjunction ("so I left") it ends one.
  for (let i = 0; i + 1 < m; i++) {
    const t = out[i] as Token;
    const next = out[i + 1] as Token;
    if (t.norm === 'so' && next.sentence === t.sentence && (next.pos === 'ADJ' || next.pos === 'ADV')) t.boundary = false;
  }
  return { text, tokens: out, sentences };
}

/** The lower-cased word with clitics spelled out: "n't" → not, "'ll" → will, and "ca"/"wo" before "n't". */
function normOf(lower: readonly string[], k: number): string {
  const l = lower[k] as string;
  const clitic = CLITIC_NORMS.get(l);
  if (!clitic) return l;
  return l.startsWith("'") || l === "n't" || lower[k + 1] === "n't" ? clitic : l;
}
