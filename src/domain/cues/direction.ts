/**
 * Which way a behaviour should move: more of it, or less (SPEC §5.5, issue 16). "I stopped
 * drinking" is a step taken; "I stopped my antidepressants" is not; "I stopped eating" depends on
 * what the client is working on. The reader knows a default for the everyday behaviours of
 * Motivational Interviewing, and the client's own goals override it where they say which way
 * ("Eat three meals a day" → more eating; "Cut down on coffee" → less caffeine).
 */
import { analyse } from './nlp.ts';
import type { Token } from './nlp.ts';

export type Direction = 'more' | 'less';

/** Behaviour words (lemmas or lower-cased words) grouped under one key. */
const BEHAVIOUR_WORDS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['alcohol', ['drink', 'drinking', 'drinks', 'alcohol', 'beer', 'beers', 'wine', 'pint', 'pints', 'booze', 'vodka', 'spirits']],
  ['smoking', ['smoke', 'smoking', 'cigarette', 'cigarettes', 'fag', 'fags', 'vape', 'vaping', 'tobacco', 'nicotine']],
  ['drugs', ['drug', 'drugs', 'weed', 'cannabis', 'cocaine', 'joint', 'joints', 'pills', 'heroin', 'ketamine']],
  ['gambling', ['gamble', 'gambling', 'betting', 'bet', 'bets', 'bookies', 'casino', 'slots']],
  ['caffeine', ['caffeine', 'coffee', 'energy']],
  ['sugar', ['sugar', 'sweets', 'chocolate', 'takeaway', 'takeaways', 'snacking', 'snacks']],
  ['food', ['eat', 'eating', 'meal', 'meals', 'food', 'breakfast', 'lunch', 'dinner']],
  ['bingeing', ['binge', 'bingeing', 'binging', 'purge', 'purging']],
  ['exercise', ['exercise', 'exercising', 'walk', 'walking', 'walks', 'run', 'running', 'gym', 'swim', 'swimming', 'cycling', 'yoga']],
  ['medication', ['medication', 'medicine', 'meds', 'tablets', 'antidepressant', 'antidepressants', 'insulin', 'inhaler', 'dose', 'doses', 'treatment']],
  ['sleep', ['sleep', 'sleeping', 'bed', 'bedtime']],
  ['spending', ['spending', 'shopping', 'spend']],
  ['screen', ['screen', 'phone', 'scrolling', 'gaming', 'social']],
  ['self-harm', ['cutting', 'self-harm', 'self-harming']],
  ['contact', ['group', 'class', 'classes', 'meeting', 'meetings', 'friends', 'therapy', 'sessions', 'appointments', 'work']],
];

const KEY_OF: ReadonlyMap<string, string> = new Map(BEHAVIOUR_WORDS.flatMap(([key, words]) => words.map((w): [string, string] => [w, key])));

/** The behaviour a token names, if any. */
export function behaviourKey(t: Token): string | undefined {
  return KEY_OF.get(t.norm) ?? KEY_OF.get(t.lemma);
}

/** Without a goal that says otherwise: the way MI and CBT usually mean these behaviours to move. Food and sleep have no default. */
export const DEFAULT_DIRECTIONS: ReadonlyMap<string, Direction> = new Map<string, Direction>([
  ['alcohol', 'less'],
  ['smoking', 'less'],
  ['drugs', 'less'],
  ['gambling', 'less'],
  ['caffeine', 'less'],
  ['sugar', 'less'],
  ['bingeing', 'less'],
  ['spending', 'less'],
  ['screen', 'less'],
  ['self-harm', 'less'],
  ['exercise', 'more'],
  ['medication', 'more'],
  ['contact', 'more'],
]);

const LESS_WORDS: ReadonlySet<string> = new Set([
  'stop',
  'quit',
  'cut',
  'reduce',
  'less',
  'fewer',
  'limit',
  'avoid',
  'lower',
  'no',
  'give',
  'drop',
  'kick',
  'without',
  'never',
]);
const MORE_WORDS: ReadonlySet<string> = new Set([
  'more',
  'start',
  'increase',
  'regular',
  'regularly',
  'every',
  'each',
  'daily',
  'back',
  'three',
  'two',
  'proper',
  'enough',
  'keep',
  'take',
  'go',
  'join',
  'begin',
]);

/**
 * The directions a client's goals state, by behaviour: a word of less (stop, cut down, fewer…)
 * or of more (start, more, regular, every day…) within four words before the behaviour. A goal
 * that says both ways about one behaviour says nothing about it.
 */
export function directionsFromGoals(goalTexts: readonly string[]): Map<string, Direction> {
  const seen = new Map<string, Direction | 'both'>();
  for (const text of goalTexts) {
    const { tokens } = analyse(text.slice(0, 2000));
    tokens.forEach((t, i) => {
      const key = behaviourKey(t);
      if (!key) return;
      let dir: Direction | undefined;
      for (let j = i - 1; j >= 0 && j >= i - 4; j--) {
        const u = tokens[j] as Token;
        if (u.sentence !== t.sentence) break;
        if (LESS_WORDS.has(u.lemma) || LESS_WORDS.has(u.norm)) {
          dir = 'less';
          break;
        }
        if (MORE_WORDS.has(u.lemma) || MORE_WORDS.has(u.norm)) {
          dir = 'more';
          break;
        }
      }
      // "Eat three meals a day", "Sleep eight hours": a behaviour that opens the goal as its verb is wanted.
      if (!dir && t.pos === 'VERB' && tokens.findIndex((u) => u.sentence === t.sentence && u.word) === i) dir = 'more';
      if (!dir) return;
      const before = seen.get(key);
      seen.set(key, before && before !== dir ? 'both' : dir);
    });
  }
  const out = new Map<string, Direction>();
  for (const [k, v] of seen) if (v !== 'both') out.set(k, v);
  return out;
}
