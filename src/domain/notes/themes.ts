/**
 * The themes both sides mention (SPEC §3 C6): once a pair has opened, the words and short phrases
 * the therapist's note and the client's reflection share are marked in both texts, so a reader can
 * see exactly why two entries are said to meet — never a similarity score.
 *
 * Words are compared by lemma ("meetings" meets "meeting", "argued" meets "argue"), lower-cased, and only content
 * words count: nouns, proper nouns, verbs, adjectives and adverbs, at least three letters, minus a
 * short list of words every session text has ("session", "think", "really"). Two shared words that
 * stand next to each other in both texts form one phrase ("eye contact"). Tokens and lemmas come
 * from the cue reader's pipeline (domain/cues/nlp.ts).
 */
import { analyse } from '../cues/nlp.ts';
import type { Token } from '../cues/nlp.ts';

/** A marked span of one text part: characters [start, end) belong to `theme`. */
export type Mark = { start: number; end: number; theme: string };

/** A theme both sides mention: its key (lemmas), the words as written on each side, and how often. */
export type Theme = { key: string; leftWords: string[]; rightWords: string[]; left: number; right: number };

export type SharedThemes = { themes: Theme[]; left: Mark[][]; right: Mark[][] };

const CONTENT_POS = new Set(['NOUN', 'PROPN', 'VERB', 'ADJ', 'ADV']);

/** Words that carry no theme in a session text; kept short and visible so what is marked stays explainable. */
export const THEME_STOP_WORDS: ReadonlySet<string> = new Set([
  // Verbs nearly every session text uses about itself ("we talked", "she felt", "I will try").
  'feel',
  'talk',
  'try',
  'keep',
  'need',
  'like',
  'look',
  'be',
  'have',
  'do',
  'get',
  'got',
  'go',
  'make',
  'say',
  'tell',
  'think',
  'know',
  'want',
  'seem',
  'come',
  'take',
  'let',
  'put',
  'thing',
  'lot',
  'way',
  'bit',
  'kind',
  'sort',
  'really',
  'just',
  'also',
  'very',
  'still',
  'much',
  'even',
  'quite',
  'maybe',
  'today',
  'week',
  'time',
  'session',
  'client',
  'therapist',
  'therapy',
  'then',
  'now',
  'again',
  'well',
  'more',
  'less',
  'there',
  'here',
  'not',
  'never',
  'always',
  'only',
  'back',
  'some',
  'something',
  'anything',
  'everything',
  'lot',
  'day',
]);

type Word = { key: string; token: Token };

function contentWords(text: string): Word[][] {
  // One run per sentence-contiguous stretch: a phrase never crosses a non-content word.
  const runs: Word[][] = [];
  let run: Word[] = [];
  let last: Token | undefined;
  for (const t of analyse(text).tokens) {
    const key = (t.lemma || t.norm).toLowerCase();
    const content = t.word && CONTENT_POS.has(t.pos) && key.length >= 3 && !THEME_STOP_WORDS.has(key) && !THEME_STOP_WORDS.has(t.norm);
    if (!content || (last && (last.sentence !== t.sentence || last.i + 1 !== t.i))) {
      if (run.length) runs.push(run);
      run = [];
    }
    if (content) run.push({ key, token: t });
    last = t;
  }
  if (run.length) runs.push(run);
  return runs;
}

const bigrams = (runs: readonly Word[][]): Set<string> => {
  const out = new Set<string>();
  for (const run of runs) for (let i = 0; i + 1 < run.length; i++) out.add(`${run[i]!.key} ${run[i + 1]!.key}`);
  return out;
};

/** Marks one text part: a shared phrase as one span, else each shared word. */
function markPart(runs: readonly Word[][], words: ReadonlySet<string>, phrases: ReadonlySet<string>, seen: Map<string, Set<string>>): Mark[] {
  const marks: Mark[] = [];
  const note = (theme: string, surface: string) => {
    const set = seen.get(theme) ?? new Set<string>();
    set.add(surface.toLowerCase());
    seen.set(theme, set);
  };
  for (const run of runs) {
    for (let i = 0; i < run.length; i++) {
      const a = run[i]!;
      const b = run[i + 1];
      const pair = b ? `${a.key} ${b.key}` : '';
      if (b && phrases.has(pair)) {
        marks.push({ start: a.token.start, end: b.token.end, theme: pair });
        note(pair, `${a.token.text} ${b.token.text}`);
        i++;
      } else if (words.has(a.key)) {
        marks.push({ start: a.token.start, end: a.token.end, theme: a.key });
        note(a.key, a.token.text);
      }
    }
  }
  return marks;
}

/**
 * The themes two sets of texts share (left: the note and its addenda; right: the reflection's
 * answers), with the marks to show in each text part. Deterministic: themes ordered by how often
 * both sides mention them, then alphabetically.
 */
export function sharedThemes(left: readonly string[], right: readonly string[]): SharedThemes {
  const leftRuns = left.map(contentWords);
  const rightRuns = right.map(contentWords);
  const keys = (parts: Word[][][]) => new Set(parts.flat(2).map((w) => w.key));
  const leftKeys = keys(leftRuns);
  const words = new Set([...keys(rightRuns)].filter((k) => leftKeys.has(k)));
  const leftPairs = bigrams(leftRuns.flat());
  const phrases = new Set([...bigrams(rightRuns.flat())].filter((p) => leftPairs.has(p)));
  const leftSeen = new Map<string, Set<string>>();
  const rightSeen = new Map<string, Set<string>>();
  const leftMarks = leftRuns.map((runs) => markPart(runs, words, phrases, leftSeen));
  const rightMarks = rightRuns.map((runs) => markPart(runs, words, phrases, rightSeen));
  const count = (marks: Mark[][], theme: string) => marks.flat().filter((m) => m.theme === theme).length;
  const themes: Theme[] = [...leftSeen.keys()]
    .filter((k) => rightSeen.has(k))
    .map((key) => ({
      key,
      leftWords: [...leftSeen.get(key)!].sort(),
      rightWords: [...rightSeen.get(key)!].sort(),
      left: count(leftMarks, key),
      right: count(rightMarks, key),
    }))
    .sort((a, b) => b.left + b.right - (a.left + a.right) || a.key.localeCompare(b.key));
  // A word marked on one side only (its phrase partner matched there but not here) is not a theme: unmark it.
  const keep = new Set(themes.map((t) => t.key));
  return { themes, left: leftMarks.map((m) => m.filter((x) => keep.has(x.theme))), right: rightMarks.map((m) => m.filter((x) => keep.has(x.theme))) };
}
