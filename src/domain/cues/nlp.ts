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

/**
 * Informal spellings that stand for two or three words. Spelling them out lets one rule match
 * "I want to", "I wanna" and "I'm gonna" alike. Each entry: the parts as [norm, lemma, pos].
 */
const EXPANSIONS: Readonly<Record<string, ReadonlyArray<readonly [string, string, string]>>> = {
  wanna: [['want', 'want', 'VERB'], ['to', 'to', 'PART']],
  gonna: [['going', 'go', 'VERB'], ['to', 'to', 'PART']],
  gotta: [['got', 'get', 'VERB'], ['to', 'to', 'PART']],
  hafta: [['have', 'have', 'VERB'], ['to', 'to', 'PART']],
  hasta: [['has', 'have', 'VERB'], ['to', 'to', 'PART']],
  oughta: [['ought', 'ought', 'AUX'], ['to', 'to', 'PART']],
  dunno: [['do', 'do', 'AUX'], ['not', 'not', 'PART'], ['know', 'know', 'VERB']],
  idk: [['i', 'i', 'PRON'], ['do', 'do', 'AUX'], ['not', 'not', 'PART'], ['know', 'know', 'VERB']],
  cannot: [['can', 'can', 'AUX'], ['not', 'not', 'PART']],
  cuz: [['because', 'because', 'SCONJ']],
  coz: [['because', 'because', 'SCONJ']],
  cos: [['because', 'because', 'SCONJ']],
  "'cause": [['because', 'because', 'SCONJ']],
};

const CLITICS: Readonly<Record<string, readonly [string, string]>> = {
  "n't": ['not', 'not'],
  "'m": ['am', 'be'],
  "'re": ['are', 'be'],
  "'s": ["'s", 'be'],
  "'ve": ['have', 'have'],
  "'d": ['would', 'would'],
  "'ll": ['will', 'will'],
};

/** Clitics that wink-nlp splits off, spelled out so rules can say "not" and "will". */
const CLITIC_NORMS: Readonly<Record<string, string>> = { "n't": 'not', "'ll": 'will', "'m": 'am', "'re": 'are', "'ve": 'have', "'d": 'would', ca: 'can', wo: 'will', sha: 'shall' };

const PRONOUN_LEMMA: Readonly<Record<string, string>> = { i: 'i', you: 'you', we: 'we', they: 'they', he: 'he', she: 'she', it: 'it', that: 'that', there: 'there' };
const WORDISH = /\p{L}/u;

const CURLY = /[\u2018\u2019\u02bc]/g;
/** Straightens typographic apostrophes, cheaply when there are none. */
function straighten(s: string): string {
  return s.includes('\u2019') || s.includes('\u2018') || s.includes('\u02bc') ? s.replace(CURLY, "'") : s;
}

type Raw = { text: string; norm: string; lemma: string; pos: string; start: number; end: number; sentence: number };

/** Pushes a token, spelling out contractions that wink-nlp left whole (e.g. "I’m" after a stammer). */
function pushToken(out: Raw[], raw: Raw): void {
  const expansion = EXPANSIONS[raw.norm];
  if (expansion) {
    for (const [norm, lemma, pos] of expansion) out.push({ ...raw, norm, lemma, pos });
    return;
  }
  const m = /^([a-z]+)(n't|'m|'re|'s|'ve|'d|'ll)$/.exec(raw.norm);
  if (m && m[1] && m[2] && (PRONOUN_LEMMA[m[1]] || m[2] === "n't")) {
    const base = m[2] === "n't" ? m[1].replace(/^wo$/, 'will').replace(/^ca$/, 'can').replace(/^sha$/, 'shall') : m[1];
    const clitic = CLITICS[m[2]] ?? [m[2], m[2]];
    const baseLemma = PRONOUN_LEMMA[base] ?? (base === 'does' || base === 'did' ? 'do' : base === 'is' || base === 'are' || base === 'was' || base === 'were' ? 'be' : base === 'has' || base === 'had' ? 'have' : base);
    out.push({ ...raw, norm: base, lemma: baseLemma, pos: PRONOUN_LEMMA[base] ? 'PRON' : 'AUX' });
    out.push({ ...raw, norm: clitic[0], lemma: clitic[1], pos: m[2] === "n't" ? 'PART' : 'AUX' });
    return;
  }
  out.push(raw);
}

/**
 * Tokenises a text with wink-nlp and returns tokens with exact character spans.
 * Stammered repeats ("I-I-I", "to-to") are folded into one token so rules see fluent speech,
 * contractions are spelled out, and the spans always index the original text.
 */
export function analyse(text: string): Analysis {
  const pipeline = winkPipeline();
  const its = pipeline.its;
  const doc = pipeline.readDoc(text);
  const tokens = doc.tokens();
  const values = tokens.out() as string[];
  const spaces = tokens.out(its.precedingSpaces as unknown as typeof its.value) as string[];
  const pos = tokens.out(its.pos) as string[];
  const lemmas = tokens.out(its.lemma as unknown as typeof its.value) as string[];
  const sentenceSpans = doc.sentences().out(its.span) as unknown as Array<[number, number]>;

  const sentenceOf = new Array<number>(values.length).fill(0);
  sentenceSpans.forEach(([a, b], s) => {
    for (let k = a; k <= b && k < values.length; k++) sentenceOf[k] = s;
  });

  const raw: Raw[] = [];
  let cursor = 0;
  for (let k = 0; k < values.length; k++) {
    const value = values[k] ?? '';
    cursor += (spaces[k] ?? '').length;
    let start = cursor;
    if (!text.startsWith(value, start)) {
      const found = text.indexOf(value, Math.max(0, start - 2));
      start = found >= 0 ? found : Math.min(start, text.length);
    }
    const end = Math.min(text.length, start + value.length);
    cursor = end;
    const lower = straighten(value.toLowerCase());
    const clitic = CLITIC_NORMS[lower];
    const norm = clitic && (lower.startsWith("'") || lower === "n't" || straighten((values[k + 1] ?? '').toLowerCase()) === "n't") ? clitic : lower;
    const lemma = straighten((lemmas[k] ?? norm).toLowerCase());
    raw.push({ text: value, norm, lemma: lemma === 'themself' ? 'themselves' : lemma, pos: pos[k] ?? 'X', start, end, sentence: sentenceOf[k] ?? 0 });
  }

  const folded: Raw[] = [];
  for (let k = 0; k < raw.length; k++) {
    const a = raw[k];
    const dash = raw[k + 1];
    const b = raw[k + 2];
    // "I-I-I" → "I": drop a word that is immediately repeated after a hyphen.
    if (a && dash && b && dash.norm === '-' && dash.start === a.end && b.start === dash.end && a.norm === b.norm && WORDISH.test(a.norm)) {
      k += 1;
      continue;
    }
    if (a) pushToken(folded, a);
  }

  const out: Token[] = new Array<Token>(folded.length);
  for (let i = 0; i < folded.length; i++) {
    const t = folded[i] as Raw;
    const c = t.norm.charCodeAt(0);
    const word = (c >= 97 && c <= 122) || (c > 127 && WORDISH.test(t.norm));
    out[i] = { i, text: t.text, norm: t.norm, lemma: t.lemma, pos: t.pos, start: t.start, end: t.end, sentence: t.sentence, word };
  }
  const sentences: Sentence[] = [];
  for (const t of out) {
    const last = sentences[sentences.length - 1];
    if (last && t.sentence === sentences.length - 1) {
      last.last = t.i;
      last.end = t.end;
    } else {
      while (sentences.length <= t.sentence) sentences.push({ first: t.i, last: t.i, start: t.start, end: t.end });
    }
  }
  for (const t of out) t.sentence = Math.min(t.sentence, Math.max(0, sentences.length - 1));
  return { text, tokens: out, sentences };
}
