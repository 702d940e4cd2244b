/**
 * The language-cue reader (SPEC §5.5): reads a short English text and returns cues, each with
 * the exact words that triggered it and a reason a therapist can read. Pure and deterministic.
 */
import { nounPhraseAt, subjectBefore } from './agent.ts';
import { CLIENT_WORDS_FIRST, CLIENT_WORDS_THIRD, isClientWord, whoOf } from './agent.ts';
import type { Agent, Who, Writer } from './agent.ts';
import { NEGATION_LEMMAS, NEGATION_WORDS, isClauseBoundary, negationClassOfLemma, negationClassOfNorm, negationTriggers } from './negation.ts';
import { analyse } from './nlp.ts';
import type { Analysis, Token } from './nlp.ts';
import { RULES } from './rules.ts';
import { DEFAULT_DIRECTIONS, behaviourKey } from './direction.ts';
import type { Direction } from './direction.ts';
import type { Rule, Step } from './rules.ts';
import { cueDefaults } from './settings.ts';
import { ALLIANCE_TYPES, FAMILY_ALLIANCE } from './types.ts';
import type { AllianceType, Cue, CueFamily } from './types.ts';

export type ReadOptions = {
  /** Who wrote the text: in a therapist's progress note "client", "she" and "he" are the client. Default client. */
  writer?: Writer;
  /** In a therapist's note, the client's name as the note may use it ("Sam Rivera"): its words are the client. */
  clientName?: string;
  /**
   * Which way each behaviour should move, from the client's goals (direction.ts `directionsFromGoals`);
   * behaviours not named fall back to `DEFAULT_DIRECTIONS`.
   */
  directions?: ReadonlyMap<string, Direction>;
};

/** Cues plus the token facts the talk-type classifier needs, from one pass over the text. */
export type CueReading = {
  cues: Cue[];
  words: number;
  sentences: number;
  question: boolean;
  /** Clinical negation triggers in the text. */
  negations: number;
  /** Contrasts that often carry ambivalence: but, though, however. */
  contrasts: number;
  /** First-person words (I, me, my, we, …). */
  firstPerson: number;
  /** "I don't know" / "not sure", whatever follows (ordinary uncertainty as well as a withdrawal). */
  uncertain: number;
};

const CONTRASTS: ReadonlySet<string> = new Set(['but', 'though', 'although', 'however', 'yet']);
const FIRST_PERSON: ReadonlySet<string> = new Set(['i', 'me', 'my', 'myself', 'we', 'us', 'our', 'ourselves', 'mine']);

/**
 * Every word the rules' steps name, as a small integer: a token's word and lemma are looked up once
 * per text, and each step then tests membership by indexing a byte array — no string hashing per step.
 */
const VOCAB = new Map<string, number>();
for (const r of RULES) for (const st of r.steps) for (const w of [...(st.lemma ?? []), ...(st.norm ?? [])]) if (!VOCAB.has(w)) VOCAB.set(w, VOCAB.size);
// The token facts' words too, so one look-up per token answers them all (FLAGS below).
for (const w of [...CONTRASTS, ...FIRST_PERSON, ...CLIENT_WORDS_FIRST, ...CLIENT_WORDS_THIRD]) if (!VOCAB.has(w)) VOCAB.set(w, VOCAB.size);
// And the negation triggers' words (negation.ts), so a token's negation facts are two table reads.
for (const w of [...NEGATION_WORDS, ...NEGATION_LEMMAS]) if (!VOCAB.has(w)) VOCAB.set(w, VOCAB.size);
/** Per VOCAB id: the negation facts of a token with that word (NEG_NORM) or that lemma (NEG_LEMMA). */
const NEG_NORM = new Uint8Array(VOCAB.size);
const NEG_LEMMA = new Uint8Array(VOCAB.size);
for (const [w, id] of VOCAB) {
  NEG_NORM[id] = negationClassOfNorm(w);
  NEG_LEMMA[id] = negationClassOfLemma(w);
}
const CONTRAST_FLAG = 1;
const FIRST_PERSON_FLAG = 2;
const CLIENT_FIRST_FLAG = 4;
const CLIENT_THIRD_FLAG = 8;
/** Per VOCAB id: a contrast, a first-person word, a word for the client in their own text, or in a note. */
const FLAGS = new Uint8Array(VOCAB.size);
const flag = (words: ReadonlySet<string>, f: number): void => {
  for (const w of words) {
    const id = VOCAB.get(w) as number;
    FLAGS[id] = (FLAGS[id] ?? 0) | f;
  }
};
flag(CONTRASTS, CONTRAST_FLAG);
flag(FIRST_PERSON, FIRST_PERSON_FLAG);
flag(CLIENT_WORDS_FIRST, CLIENT_FIRST_FLAG);
flag(CLIENT_WORDS_THIRD, CLIENT_THIRD_FLAG);
/** A word list as a membership table over VOCAB ids. */
function table(words: readonly string[]): Uint8Array {
  const t = new Uint8Array(VOCAB.size);
  for (const w of words) t[VOCAB.get(w) as number] = 1;
  return t;
}

/** A step with its word lists as membership tables and sets, built once when the module loads. */
type Compiled = {
  lemma: Uint8Array | undefined;
  norm: Uint8Array | undefined;
  pos: ReadonlySet<string> | undefined;
  notLemma: ReadonlySet<string> | undefined;
  /** The step also matches a word that refers to the client (I/my in their text; their name, she, his in a note). */
  self: boolean;
  step: Step;
};
const compileStep = (step: Step): Compiled => ({
  lemma: step.lemma ? table(step.lemma) : undefined,
  norm: step.norm ? table(step.norm) : undefined,
  pos: step.pos ? new Set(step.pos) : undefined,
  notLemma: step.notLemma ? new Set(step.notLemma) : undefined,
  self: step.self === true,
  step,
});
/** Each rule's steps compiled, in RULES order. */
const STEPS: ReadonlyArray<readonly Compiled[]> = RULES.map((r) => r.steps.map(compileStep));

/** Rules that ask for a context check (contextAllows), so the others skip the call. */
const NEEDS_CONTEXT = Uint8Array.from(RULES, (r) =>
  r.statement ||
  r.notQuestion ||
  r.notFollowedBy ||
  r.notAfter ||
  r.notAfterInSentence ||
  r.after ||
  r.habitSubject ||
  r.owned ||
  r.objectNotOther ||
  r.withAim ||
  r.notUncertain ||
  r.afterOtherCondition ||
  r.activityNeedsAim ||
  r.direction
    ? 1
    : 0,
);

// Index the rules by the words and lemmas their first step can match, so each token only tries
// the few rules that could start on it (rule indexes in RULES order).
const byWord: Array<number[] | undefined> = new Array<number[] | undefined>(VOCAB.size);
/** Rules whose first step is a word for the client ("Sam to write…", "her perfectionism"), tried on every such word. */
const bySelf: number[] = [];
RULES.forEach((rule, k) => {
  const first = rule.steps[0];
  if (!first) return;
  if (first.self) bySelf.push(k);
  for (const key of new Set([...(first.lemma ?? []), ...(first.norm ?? [])])) {
    const id = VOCAB.get(key) as number;
    const list = byWord[id];
    if (list) list.push(k);
    else byWord[id] = [k];
  }
});

const SAME_FORM_PAST: ReadonlySet<string> = new Set(['cut', 'quit', 'set', 'put']);
const SUBJECT_BEFORE_PAST: ReadonlySet<string> = new Set(['i', 'we', 'he', 'she', 'they', 'finally', 'also', 'then', 'just', 'actually']);

const byIndex = (x: number, y: number): number => x - y;
const THERAPIST_WORDS: ReadonlySet<string> = new Set(['i', 'me', 'myself']);

/** Past tense or perfect, from the word form and its lemma (wink-nlp gives universal tags only). */
function isPast(tokens: readonly Token[], i: number): boolean {
  const t = tokens[i];
  if (!t) return false;
  const prev = tokens[i - 1];
  const prev2 = tokens[i - 2];
  // "I used to drink" is a habit, not a step taken.
  if (t.norm === 'used' && tokens[i + 1]?.norm === 'to') return false;
  // "to practise", "will practise": an infinitive is never past, whatever its spelling.
  if (prev && (prev.norm === 'to' || (prev.pos === 'AUX' && prev.lemma !== 'have' && prev.lemma !== 'be' && prev.lemma !== 'do'))) return false;
  // "I cut down", "she quit", "I set an alarm": verbs whose past is their base form, right after their subject.
  if (t.norm === t.lemma && SAME_FORM_PAST.has(t.norm) && prev && SUBJECT_BEFORE_PAST.has(prev.norm)) return true;
  if (t.norm.endsWith('ing')) return prev?.norm === 'been' && (prev2?.lemma === 'have' || prev2?.lemma === 'would');
  if (prev && (prev.lemma === 'have' || prev.lemma === 'had') && t.norm !== t.lemma) return true;
  if (t.norm === t.lemma) return false;
  const l = t.lemma;
  if (t.norm === `${l}s` || t.norm === `${l}es` || (l.endsWith('y') && t.norm === `${l.slice(0, -1)}ies`)) return false;
  return true;
}

function stepMatches(c: Compiled, tokens: readonly Token[], i: number, ids: Ids): boolean {
  const t = tokens[i];
  if (!t) return false;
  if (c.lemma !== undefined || c.norm !== undefined || c.self) {
    const l = ids.lemma[i] as number;
    const n = ids.norm[i] as number;
    if (!((l >= 0 && c.lemma?.[l] === 1) || (n >= 0 && c.norm?.[n] === 1) || (c.self && ids.client[i] === 1))) return false;
  }
  if (c.pos !== undefined && !c.pos.has(t.pos)) return false;
  if (c.notLemma !== undefined && c.notLemma.has(t.lemma)) return false;
  if (c.step.past && !isPast(tokens, i)) return false;
  if (c.step.ing && !t.norm.endsWith('ing')) return false;
  return true;
}

type Match = { first: number; last: number; matched: number[]; agent?: Agent };

/** Per token of the text: the VOCAB ids of its word and lemma (−1: no rule names it), and whether it refers to the client. */
type Ids = { norm: Int32Array; lemma: Int32Array; client: Uint8Array };

function matchRule(steps: readonly Compiled[], a: Analysis, at: number, who: Who, ids: Ids): Match | undefined {
  const { tokens, text } = a;
  const sentence = tokens[at]?.sentence;
  let pos = at;
  let matched: number[] | undefined;
  let agent: Agent | undefined;
  for (let s = 0; s < steps.length; s++) {
    const c = steps[s] as Compiled;
    const step = c.step;
    const maxGap = s === 0 ? 0 : (step.gap ?? 0);
    let found = -1;
    let nextPos = -1;
    for (let g = 0, j = pos; g <= maxGap && j < tokens.length; j++) {
      const t = tokens[j] as Token;
      if (t.sentence !== sentence) break;
      if (step.np) {
        const np = nounPhraseAt(tokens, text, j, who);
        if (np && step.np.includes(np.agent.kind)) {
          found = j;
          nextPos = np.next;
          agent = np.agent;
          break;
        }
      } else if (stepMatches(c, tokens, j, ids)) {
        found = j;
        nextPos = j + 1;
        break;
      }
      if (isClauseBoundary(t)) break;
      if (t.word) g++;
    }
    if (found < 0) {
      if (step.optional) continue;
      return undefined;
    }
    matched ??= [];
    for (let k = found; k < nextPos; k++) matched.push(k);
    pos = nextPos;
  }
  if (!matched || matched.length === 0) return undefined;
  const first = matched[0] as number;
  const last = matched[matched.length - 1] as number;
  return agent ? { first, last, matched, agent } : { first, last, matched };
}

/**
 * The subject of the matched words: the phrase before them, or — when an auxiliary opens the
 * sentence ("Will it last?", "Can you fix this?") — the phrase right after it (a question).
 */
function subjectOf(a: Analysis, first: number, who: Who): Agent {
  const { tokens, text, sentences } = a;
  const t = tokens[first] as Token;
  if (t.pos === 'AUX' && sentences[t.sentence]?.first === first) {
    const np = nounPhraseAt(tokens, text, first + 1, who);
    if (np) return np.agent;
  }
  return subjectBefore(tokens, text, first, who);
}

const DETERMINERS: ReadonlySet<string> = new Set(['my', 'our', 'his', 'her', 'their', 'your', 'the', 'a', 'an', 'everyone', 'people']);
/** Words quoted inside a reason: "My girlfriend" reads "my girlfriend" there; names keep their capitals. */
function inSentence(words: string): string {
  const first = words.split(' ', 1)[0] ?? '';
  return DETERMINERS.has(first.toLowerCase()) ? first.toLowerCase() + words.slice(first.length) : words;
}

/** Object forms of subject pronouns, for a reason that names the agent after a verb or preposition ("come from him"). */
const OBJECT_FORM: ReadonlyMap<string, string> = new Map([
  ['he', 'him'],
  ['she', 'her'],
  ['they', 'them'],
  ['we', 'us'],
  ['i', 'me'],
]);

function fillReason(template: string, agent: Agent): string {
  // In a note the therapist's "I" / "me" is the helper: the reason names them as the therapist.
  const who =
    agent.kind === 'helper' && THERAPIST_WORDS.has(agent.words.toLowerCase())
      ? 'the therapist'
      : agent.words || (agent.kind === 'implicit' ? 'unstated' : agent.kind);
  const at = template.indexOf('{agent}');
  if (at < 0) return template;
  const after = template.slice(at + 7);
  // "hopes he will…", "wishes she were…", "(subject: he)" keep the subject form; elsewhere the agent is an object.
  const subject = after.startsWith(' will') || after.startsWith(' were') || after.startsWith(')');
  // A parenthesis quotes the subject as written: "(subject: My mother)".
  const named = after.startsWith(')') ? who : subject ? inSentence(who) : (OBJECT_FORM.get(who.toLowerCase()) ?? inSentence(who));
  return template.slice(0, at) + named + after;
}

const REPORT_VERBS: ReadonlySet<string> = new Set([
  'say',
  'tell',
  'think',
  'reckon',
  'insist',
  'claim',
  'believe',
  'suggest',
  'warn',
  'nag',
  'want',
  'expect',
  'ask',
  'advise',
  'urge',
  'warn',
  'recommend',
]);
/** Nouns for people: an object that is one of these (or a pronoun or a name) is another person. */
const PEOPLE: ReadonlySet<string> = new Set([
  'mother',
  'father',
  'mum',
  'mom',
  'dad',
  'son',
  'daughter',
  'wife',
  'husband',
  'partner',
  'boyfriend',
  'girlfriend',
  'kids',
  'children',
  'child',
  'kid',
  'brother',
  'sister',
  'friend',
  'friends',
  'boss',
  'manager',
  'colleague',
  'colleagues',
  'family',
  'parents',
  'ex',
  'baby',
  'people',
  'everyone',
  'someone',
  'him',
  'her',
  'them',
  'he',
  'she',
  'they',
  'flatmate',
  'teacher',
]);
const POSSESSIVES: ReadonlySet<string> = new Set(['my', 'our', 'his', 'her', 'their', 'your', 'its']);
const AIM_WORDS: ReadonlySet<string> = new Set([
  'want',
  'wants',
  'will',
  "'ll",
  'going',
  'plan',
  'plans',
  'aim',
  'aims',
  'goal',
  'goals',
  'intend',
  'intends',
  'need',
  'needs',
  'hope',
  'hopes',
  'would',
  'like',
  'agreed',
  'homework',
  'try',
  'must',
  'should',
  'target',
  'deadline',
]);
const WAS: ReadonlySet<string> = new Set(['was', 'were', 'been']);
/** Aim words that are nouns or a note's wording: they set an aim whoever the subject. */
const AIM_NOUNS: ReadonlySet<string> = new Set(['goal', 'goals', 'homework', 'target', 'deadline', 'agreed', 'aim', 'aims', 'plan']);

/** The subject of the aim verb at `j` is the client (or unstated, as in a goal that opens with its verb). */
function aimIsClients(a: Analysis, j: number, who: Who): boolean {
  const { tokens, text } = a;
  let kind = subjectBefore(tokens, text, j, who).kind;
  if (kind === 'implicit') {
    // "My brother drinks every night and won't listen": after "and" the subject is the first clause's.
    const sentence = (tokens[j] as Token).sentence;
    let verb = -1;
    let and = false;
    for (let k = j - 1; k >= 0 && (tokens[k] as Token).sentence === sentence; k--) {
      const u = tokens[k] as Token;
      if (u.norm === 'and' || u.norm === 'but' || u.norm === 'or') and = true;
      else if (and && (u.pos === 'VERB' || u.pos === 'AUX')) verb = k;
    }
    if (verb >= 0) kind = subjectBefore(tokens, text, verb, who).kind;
  }
  return kind === 'self' || kind === 'implicit';
}

const NO_LONGER: ReadonlySet<string> = new Set(['anymore', 'longer']);

/** True when "any more", "anymore" or "no longer" stands in the sentence of the token. */
function noLonger(a: Analysis, at: number): boolean {
  const s = a.sentences[(a.tokens[at] as Token).sentence];
  if (!s) return false;
  for (let j = s.first; j <= s.last; j++) {
    const t = a.tokens[j] as Token;
    if (NO_LONGER.has(t.norm) && (t.norm === 'anymore' || a.tokens[j - 1]?.norm === 'no')) return true;
    if (t.norm === 'more' && a.tokens[j - 1]?.norm === 'any') return true;
  }
  return false;
}

/**
 * Reported speech: the nearest verb of saying or thinking to the left of the match in its
 * sentence ("My wife says I need to stop", "Her sister keeps telling her she should leave"), and
 * who says it when that is not the client. Stops at a full stop, semicolon, "and", "but", "because".
 */
function reporterOf(a: Analysis, first: number, who: Who): Agent | undefined {
  const { tokens, text } = a;
  const sentence = (tokens[first] as Token).sentence;
  for (let j = first - 1; j >= 0; j--) {
    const t = tokens[j] as Token;
    if (t.sentence !== sentence) return undefined;
    if (t.pos === 'PUNCT' && t.norm !== ',' && t.norm !== '"' && t.norm !== '“' && t.norm !== '”' && t.norm !== ':') return undefined;
    if (t.pos === 'CCONJ' || (t.pos === 'SCONJ' && t.norm !== 'that')) return undefined;
    if (REPORT_VERBS.has(t.lemma) && (t.pos === 'VERB' || t.pos === 'AUX')) {
      // "keeps telling me": the subject stands before "keep".
      const at = tokens[j - 1]?.lemma === 'keep' ? j - 1 : j;
      const by = subjectBefore(tokens, text, at, who);
      // "Do you think I should…?" asks the therapist; it reports nobody's view.
      const s = a.sentences[sentence];
      if (by.kind === 'helper' && s && /\?\s*$/.test(text.slice(s.start, s.end))) return undefined;
      return by.kind === 'other' || by.kind === 'helper' ? by : undefined;
    }
  }
  return undefined;
}

/** The index of the token of the sentence around `near` whose start (or end) is at `offset`, or -1. */
function tokenAt(tokens: readonly Token[], near: number, offset: number, side: 'start' | 'end'): number {
  const sentence = (tokens[near] as Token).sentence;
  for (let k = near; k >= 0; k--) {
    const u = tokens[k] as Token;
    if (u.sentence !== sentence) break;
    if (u[side] === offset) return k;
  }
  return -1;
}

/** A person other than the client: a pronoun or name that is not the client's, or a noun for a person. */
function isOtherPerson(t: Token | undefined, who: Who): boolean {
  if (!t || isClientWord(t.norm, who)) return false;
  return PEOPLE.has(t.norm) || t.pos === 'PROPN';
}

/**
 * Who owns the words at `at`: "my husband's drinking", "her drinking" (a possessive), "my partner
 * drinks" (a person right before), "I want my husband to stop drinking" (the person before "to"),
 * else the subject of the clause. A word that is neither a behaviour nor a verb is judged by the
 * nearest behaviour or verb before it in its clause ("drinks too much").
 */
function ownerOf(a: Analysis, at: number, who: Who, clientAt: Uint8Array): 'client' | 'other' | 'unknown' {
  const client = clientAt;
  const { tokens, text } = a;
  let i = at;
  const begin = tokens[at] as Token;
  if (behaviourKey(begin) === undefined && begin.pos !== 'VERB' && begin.pos !== 'NOUN') {
    for (let k = at - 1; k >= 0; k--) {
      const u = tokens[k] as Token;
      if (u.sentence !== begin.sentence || isClauseBoundary(u)) break;
      if (behaviourKey(u) !== undefined || u.pos === 'VERB') {
        i = k;
        break;
      }
    }
  }
  const t = tokens[i] as Token;
  let j = i - 1;
  while (j >= 0 && (tokens[j] as Token).sentence === t.sentence && ((tokens[j] as Token).pos === 'ADJ' || (tokens[j] as Token).pos === 'ADV')) j--;
  const p = tokens[j];
  if (p && p.sentence === t.sentence) {
    if (p.norm === "'s" || p.norm === '’s') return client[j - 1] === 1 ? 'client' : 'other';
    if (POSSESSIVES.has(p.norm)) return client[j] === 1 ? 'client' : 'other';
    // "my partner drinks", "Sam's wife drinks": a person right before the behaviour does it.
    if (behaviourKey(t) !== undefined && isOtherPerson(p, who)) return 'other';
    // "want my husband to stop drinking": the person before "to" is the one to act.
    if (p.norm === 'to') {
      if (isOtherPerson(tokens[j - 1], who)) return 'other';
      if (client[j - 1] === 1) return 'client';
    }
  }
  // The clause's verb: the word itself when it is a verb, else the nearest verb before it.
  let v = t.pos === 'VERB' ? i : -1;
  for (let k = i - 1; v < 0 && k >= 0; k--) {
    const u = tokens[k] as Token;
    if (u.sentence !== t.sentence || isClauseBoundary(u)) break;
    if (u.pos === 'VERB' || u.pos === 'AUX') v = k;
  }
  if (v < 0) return 'unknown';
  // "stop drinking" after "to": the person before "to", else the subject of the verb before it.
  if (tokens[v - 1]?.norm === 'to' && isOtherPerson(tokens[v - 2], who)) return 'other';
  // "My daughter needs to eat": an infinitive's subject is the subject of the verb it follows.
  const governing = tokens[v - 1]?.norm === 'to' && (tokens[v - 2]?.pos === 'VERB' || tokens[v - 2]?.pos === 'AUX') ? v - 2 : v;
  const agent = subjectBefore(tokens, text, governing, who);
  // The subject phrase may itself be owned: "My husband's drinking is out of control".
  const head = tokenAt(tokens, v, agent.start, 'start');
  if (head >= 0) {
    let last = head;
    for (let k = head; k < tokens.length && (tokens[k] as Token).end <= agent.end; k++) {
      last = k;
      const u = tokens[k] as Token;
      if (u.norm === "'s" || u.norm === '’s') return client[k - 1] === 1 ? 'client' : 'other';
    }
    // "my drinking", "the weed": a behaviour as the subject is judged by its possessive, if any.
    if (behaviourKey(tokens[last] as Token) !== undefined) {
      const d = tokens[head] as Token;
      return POSSESSIVES.has(d.norm) ? (client[head] === 1 ? 'client' : 'other') : 'unknown';
    }
  }
  if (agent.kind === 'self') return 'client';
  // Only a person owns a behaviour: "a way to sleep better" is not someone else's sleep.
  const named = tokenAt(tokens, v, agent.end, 'end');
  if (agent.kind === 'other' && named >= 0 && (isOtherPerson(tokens[named], who) || (tokens[named] as Token).pos === 'PRON')) return 'other';
  return 'unknown';
}

/** The context checks a rule asks for (rules.ts: statement, notFollowedBy, notAfter, owned, objectNotOther, withAim, direction). */
function contextAllows(
  rule: Rule,
  m: Match,
  a: Analysis,
  who: Who,
  agent: Agent,
  directions: ReadonlyMap<string, Direction> | undefined,
  client: Uint8Array,
): boolean {
  const { tokens, text } = a;
  const first = tokens[m.first] as Token;

  if (rule.statement) {
    // A question opened by an auxiliary ("Am I going to get better?") or with the subject after the modal ("How long will it take?").
    const s = a.sentences[first.sentence];
    const opener = s ? tokens[s.first] : undefined;
    const asks = !!s && /\?\s*$/.test(text.slice(s.start, s.end));
    if (asks && opener && (opener.pos === 'AUX' || tokens[m.first + 1]?.pos === 'PRON')) return false;
  }
  if (rule.notQuestion) {
    const s = a.sentences[first.sentence];
    if (s && /\?\s*$/.test(text.slice(s.start, s.end))) return false;
  }
  if (rule.notAfterInSentence) {
    for (let j = m.first - 1; j >= 0 && (tokens[j] as Token).sentence === first.sentence; j--)
      if (rule.notAfterInSentence.includes((tokens[j] as Token).norm)) return false;
  }
  if (rule.after) {
    const prev = tokens[m.first - 1];
    if (!prev || prev.sentence !== first.sentence || !(rule.after.includes(prev.lemma) || rule.after.includes(prev.norm))) return false;
  }
  if (rule.habitSubject) {
    const w = agent.words.toLowerCase();
    const head = tokenAt(tokens, m.first, agent.end, 'end');
    if (!(w === 'it' || w === 'that' || w === 'this' || (head >= 0 && behaviourKey(tokens[head] as Token) !== undefined))) return false;
  }
  if (rule.notFollowedBy) {
    const next = tokens[m.last + 1];
    if (next && next.sentence === first.sentence && rule.notFollowedBy.includes(next.norm)) return false;
  }
  if (rule.notAfter) {
    const prev = tokens[m.first - 1];
    if (prev && prev.sentence === first.sentence && rule.notAfter.includes(prev.norm)) return false;
  }
  if (rule.owned && agent.kind !== 'self' && ownerOf(a, m.first, who, client) === 'other') return false;
  if (rule.objectNotOther && (rule.objectNotOther === true || rule.objectNotOther.includes((tokens[m.last] as Token).lemma))) {
    let j = m.last + 1;
    while (j < tokens.length && ['about', 'for', 'with', 'on'].includes((tokens[j] as Token).norm)) j++;
    // The object: a pronoun or name, or a possessive and a noun for a person ("my son", "her").
    const o = tokens[j];
    if (o && o.sentence === first.sentence) {
      if (isOtherPerson(o, who) && !POSSESSIVES.has(o.norm)) return false;
      if (POSSESSIVES.has(o.norm) && isOtherPerson(tokens[j + 1], who)) return false;
      if (o.norm === 'her' && !isClientWord('her', who) && tokens[j + 1]?.pos !== 'NOUN') return false;
    }
  }
  if (rule.withAim && !hasAim(a, first.sentence, who)) return false;
  if (rule.afterOtherCondition && !otherCondition(a, m.first, who)) return false;
  if (rule.notUncertain && uncertainBefore(a, m.first)) return false;
  if (rule.activityNeedsAim) {
    const key = behaviourKey(tokens[m.last] as Token);
    if (key !== undefined && key !== 'medication' && DEFAULT_DIRECTIONS.get(key) === 'more' && !hasAim(a, first.sentence, who)) return false;
  }
  if (rule.direction) {
    let words = 0;
    for (let j = m.last + 1; j < tokens.length && words < 5; j++) {
      const u = tokens[j] as Token;
      if (u.sentence !== first.sentence || isClauseBoundary(u)) break;
      const key = behaviourKey(u);
      if (key) return (directions?.get(key) ?? DEFAULT_DIRECTIONS.get(key)) === rule.direction;
      if (u.pos === 'PUNCT') break;
      if (u.word) words++;
      // Something else is stopped or started ("stopped waiting", "started the job"): not a step on a behaviour.
      if ((u.pos === 'NOUN' || u.pos === 'PROPN' || (u.pos === 'VERB' && u.norm.endsWith('ing'))) && u.norm !== 'down') return false;
    }
    // "I quit", "I've cut down" name no object; a start needs one ("as when I started" starts nothing).
    return rule.direction === 'less';
  }
  return true;
}

const UNCERTAIN: ReadonlySet<string> = new Set(['unsure', 'whether', 'doubt', 'wonder', 'wondering']);
/** An uncertainty before `at` in its sentence: "not sure", "unsure", "whether", "I doubt", "I wonder". */
function uncertainBefore(a: Analysis, at: number): boolean {
  const { tokens } = a;
  const sentence = (tokens[at] as Token).sentence;
  for (let j = at - 1; j >= 0 && (tokens[j] as Token).sentence === sentence; j--) {
    const t = tokens[j] as Token;
    if (UNCERTAIN.has(t.norm) || (t.norm === 'sure' && tokens[j - 1]?.norm === 'not')) return true;
  }
  return false;
}

const CONDITIONS: ReadonlySet<string> = new Set(['when', 'once', 'if', 'until', 'after']);
/** True when, before `at` in its sentence, a clause opens with "when / once / if / until / after" and another person. */
function otherCondition(a: Analysis, at: number, who: Who): boolean {
  const { tokens, text } = a;
  const sentence = (tokens[at] as Token).sentence;
  for (let j = at - 1; j >= 0 && (tokens[j] as Token).sentence === sentence; j--) {
    if (!CONDITIONS.has((tokens[j] as Token).norm)) continue;
    const np = nounPhraseAt(tokens, text, j + 1, who);
    if (np && np.agent.kind === 'other') return true;
  }
  return false;
}

/** A sentence that states an aim: a word of wanting, planning or a goal, or a goal that opens with its verb ("Go back to work by May"). */
function hasAim(a: Analysis, sentence: number, who: Who): boolean {
  const s = a.sentences[sentence];
  if (!s) return false;
  let firstWord = true;
  for (let j = s.first; j <= s.last; j++) {
    const t = a.tokens[j] as Token;
    if (AIM_WORDS.has(t.norm) && (t.norm !== 'like' || a.tokens[j - 1]?.norm === 'would' || a.tokens[j - 1]?.norm === "'d")) {
      // "going to the gym" is a place, "going to walk" an aim, "I was going to walk" an aim given up; "I said I would" an echo, not an aim.
      const aim =
        (t.norm !== 'going' || (a.tokens[j + 1]?.norm === 'to' && a.tokens[j + 2]?.pos === 'VERB' && !WAS.has(a.tokens[j - 1]?.norm ?? ''))) &&
        (t.norm !== 'would' || a.tokens[j + 1]?.word === true);
      // A verb of aiming counts when the aim is the client's: "my brother won't listen" sets no aim of theirs.
      if (aim && (AIM_NOUNS.has(t.norm) || aimIsClients(a, j, who))) return true;
    }
    if (t.word) {
      if (firstWord && t.pos === 'VERB' && t.norm === t.lemma) return true;
      firstWord = false;
    }
  }
  return false;
}

/**
 * Cues that other cues explain away: "pointless" judging the homework is a complaint, not
 * hopelessness; "get better" inside "waiting for things to get better" is the wait, not the
 * client's change talk; change talk or doubt inside a complaint ("we meet too often", "I don't see
 * how talking will help") is the complaint; "I can move on" in a sentence that makes it wait on
 * another's change ("when she apologises I can move on", "waiting for his wife to apologise before he
 * will talk to her") is that wait, not a commitment; "I'm done waiting for
 * others to fix things" is no longer waiting; "back to my old ways" is a relapse feared, not a
 * trait explored; "that still affects me" is the past at work, not a reason to change a habit.
 */
function settle(cues: Cue[], a: Analysis): Cue[] {
  let explaining = false;
  for (const c of cues)
    if (
      (c.polarity === 1 &&
        (c.family === 'magical_external' ||
          c.family === 'rupture_confrontation' ||
          c.family === 'rupture_withdrawal' ||
          c.family === 'structuralizing' ||
          c.family === 'therapeutic')) ||
      c.rule === 'agency.stopped-waiting' ||
      SUSTAIN_OVER_WITHDRAWAL.has(c.rule) ||
      SUSTAIN_FRAMES.has(c.rule)
    )
      explaining = true;
  if (!explaining) return cues;
  const kept: Cue[] = [];
  for (const c of cues) {
    let drop = false;
    for (const o of cues) {
      if (o === c || c.rule === 'agency.stopped-waiting') continue;
      const overlap = o.start < c.end && c.start < o.end;
      // "the only way I can relax", "why I should stop", "I can stop whenever I want": the change talk inside is the sustain talk's.
      if (overlap && c.family === 'rupture_withdrawal' && SUSTAIN_OVER_WITHDRAWAL.has(o.rule)) {
        drop = true;
        break;
      }
      if (overlap && c.family === 'self_agency' && c.polarity === 1 && SUSTAIN_FRAMES.has(o.rule)) {
        drop = true;
        break;
      }
      if ((c.family === 'self_agency' || c.family === 'therapeutic') && overlap && o.polarity === 1 && o.family === 'rupture_confrontation') drop = true;
      else if (c.polarity !== 1 || o.polarity !== 1) {
        // only the cases below, all between cues that count for their family
      } else if (overlap && c.family === 'rupture_withdrawal' && o.family === 'rupture_confrontation') drop = true;
      // "You keep telling me to breathe and it doesn't help": what the therapist asks, inside a complaint, is the complaint.
      else if (c.family === 'externalising' && o.family === 'rupture_confrontation' && sameSentence(a, o, c)) drop = true;
      else if (overlap && c.family === 'self_agency' && (o.family === 'magical_external' || o.family === 'rupture_withdrawal')) drop = true;
      else if (overlap && c.family === 'self_agency' && o.rule === 'therapeutic.still-affects') drop = true;
      else if (overlap && c.rule === 'therapeutic.my-pattern' && o.family === 'structuralizing') drop = true;
      else if (
        (c.family === 'self_agency' || c.rule === 'working.commit') &&
        o.family === 'magical_external' &&
        o.start < c.start &&
        o.rule !== 'magical.waiting-until' &&
        sameSentence(a, o, c)
      )
        drop = true;
      else if (
        o.rule === 'agency.stopped-waiting' &&
        (c.family === 'magical_external' || c.family === 'externalising' || c.family === 'magical_quick_fix') &&
        sameSentence(a, o, c)
      )
        drop = true;
      if (drop) break;
    }
    if (!drop) kept.push(c);
  }
  return kept;
}

/** Sustain talk that explains away a withdrawal cue over the same words ("no point in stopping" is no loss of hope). */
const SUSTAIN_OVER_WITHDRAWAL: ReadonlySet<string> = new Set(['agency.sustain-no-point-in-change']);
const SUSTAIN_FRAMES: ReadonlySet<string> = new Set([
  'agency.sustain-only-way',
  'agency.sustain-why-should',
  'agency.sustain-any-time',
  // "Cutting down would be too hard": a benefit word inside a barrier is the barrier.
  'agency.sustain-barrier',
]);

/** True when two cues start in the same sentence. */
function sameSentence(a: Analysis, x: Cue, y: Cue): boolean {
  for (const s of a.sentences) if (s.start <= x.start && x.start < s.end) return s.start <= y.start && y.start < s.end;
  return false;
}

/** Scratch arrays reused by every reading (the reader is synchronous, so one set serves all calls). */
const scratch = {
  normIds: new Int32Array(64),
  lemmaIds: new Int32Array(64),
  client: new Uint8Array(64),
  /** Per token: its negation facts (negation.ts NEG_* bits), from its word and lemma ids. */
  negation: new Uint8Array(64),
  /** Per token: the negation trigger whose scope covers it (negationTriggers), or -1. */
  negatedBy: new Int32Array(64),
  /** present[id] === text: the word or lemma `id` stands in the current text. */
  present: new Int32Array(VOCAB.size),
  /** checked[k] === text: rule k's telling step was looked up in this text; feasible[k] holds the answer. */
  checked: new Int32Array(RULES.length),
  feasible: new Uint8Array(RULES.length),
  text: 0,
};

/**
 * For each rule, the ids of its most telling required step after the first: the one with the
 * fewest words that is neither optional, nor a noun phrase, nor a word for the client. A rule
 * whose telling step has no word in the text cannot match there, so it is not tried at any token.
 */
const TELLING: ReadonlyArray<Int32Array | undefined> = RULES.map((r) => {
  let best: readonly string[] | undefined;
  for (const st of r.steps.slice(1)) {
    if (st.optional || st.np || st.self || (st.lemma === undefined && st.norm === undefined)) continue;
    const words = [...new Set([...(st.lemma ?? []), ...(st.norm ?? [])])];
    if (!best || words.length < best.length) best = words;
  }
  return best ? Int32Array.from(best, (w) => VOCAB.get(w) as number) : undefined;
});

/** Whether rule k's telling step has a word in the current text (looked up once per text). */
function feasible(k: number): boolean {
  if (scratch.checked[k] === scratch.text) return scratch.feasible[k] === 1;
  scratch.checked[k] = scratch.text;
  const ids = TELLING[k];
  let ok = true;
  if (ids !== undefined) {
    ok = false;
    const present = scratch.present;
    const text = scratch.text;
    for (let j = 0; j < ids.length; j++)
      if (present[ids[j] as number] === text) {
        ok = true;
        break;
      }
  }
  scratch.feasible[k] = ok ? 1 : 0;
  return ok;
}

/**
 * The rules a token could start, per distinct word: those indexed by its word, by its lemma and,
 * for a word for the client in a note, those that open on one — without duplicates, in RULES
 * order (the order they are tried in, which the cues' order follows), and without the rules for
 * the other writer. Computed once per distinct (word id, lemma id, client word, writer) and kept:
 * the keys are bounded by the vocabulary, not by the texts read.
 */
const CANDIDATES = new Map<number, Int32Array>();
const NO_CANDIDATES = new Int32Array(0);
function candidatesOf(n: number, l: number, self: boolean, writerBit: number): Int32Array {
  const lemma = l === n ? -1 : l;
  const key = (((n + 1) * (VOCAB.size + 1) + (lemma + 1)) * 2 + (self ? 1 : 0)) * 2 + writerBit;
  const cached = CANDIDATES.get(key);
  if (cached !== undefined) return cached;
  const writer: Writer = writerBit === 1 ? 'therapist' : 'client';
  const set = new Set<number>([...(n >= 0 ? (byWord[n] ?? []) : []), ...(lemma >= 0 ? (byWord[lemma] ?? []) : []), ...(self ? bySelf : [])]);
  const list = [...set].filter((k) => {
    const w = (RULES[k] as Rule).writer;
    return w === undefined || w === writer;
  });
  const out = list.length === 0 ? NO_CANDIDATES : Int32Array.from(list.sort(byIndex));
  CANDIDATES.set(key, out);
  return out;
}

/**
 * Per rule, its second step when a cheap test can rule the rule out before the full match: both
 * of its first two steps are required single words (no noun phrase) and the second names words or
 * the client. The second step must then find its word in the window the full match searches.
 */
const SECOND: ReadonlyArray<Compiled | undefined> = STEPS.map((steps) => {
  const [first, second] = steps;
  if (!first || !second || first.step.optional || first.step.np || second.step.optional || second.step.np) return undefined;
  return second.lemma !== undefined || second.norm !== undefined || second.self ? second : undefined;
});

/**
 * False when the second step cannot match after a first step matched on word `at`: none of the
 * tokens matchRule would try for it (same sentence, up to its gap in words, not past a clause
 * boundary) has one of its words. True when it may (matchRule decides).
 */
function secondMayMatch(c: Compiled, tokens: readonly Token[], at: number, ids: Ids): boolean {
  const sentence = (tokens[at] as Token).sentence;
  const maxGap = c.step.gap ?? 0;
  const lemmaTable = c.lemma;
  const normTable = c.norm;
  for (let g = 0, j = at + 1; g <= maxGap && j < tokens.length; j++) {
    const t = tokens[j] as Token;
    if (t.sentence !== sentence) return false;
    const l = ids.lemma[j] as number;
    const n = ids.norm[j] as number;
    if ((l >= 0 && lemmaTable?.[l] === 1) || (n >= 0 && normTable?.[n] === 1) || (c.self && ids.client[j] === 1)) return true;
    if (isClauseBoundary(t)) return false;
    if (t.word) g++;
  }
  return false;
}

/** Rules whose words, in someone else's mouth, praise the client rather than ask a change of them. */
const REPORTED_PRAISE: ReadonlySet<string> = new Set(['agency.reason-better', 'agency.reason-better-off']);

/** What one pass over a text shares with the rules tried on it. */
type Pass = {
  a: Analysis;
  input: string;
  who: Who;
  client: Uint8Array;
  ids: Ids;
  negatedBy: Int32Array;
  words: number;
  directions: ReadonlyMap<string, Direction> | undefined;
  cues: Cue[];
};

/** Adds the cue of a rule that fired, and its agency companion. */
function emit(rule: Rule, m: Match, agent: Agent, flip: boolean, pass: Pass): void {
  const { a, input, who, cues } = pass;
  const { tokens } = a;
  const start = (tokens[m.first] as Token).start;
  const end = (tokens[m.last] as Token).end;
  const polarity = ((rule.polarity ?? 1) * (flip ? -1 : 1)) as 1 | -1;
  const matchedWords = input.slice(start, end);
  const self = agent.kind === 'self' || agent.kind === 'implicit';
  // "My wife says I need to stop": change talk in someone else's words is their wish, not yet the client's.
  const reporter = self && (rule.family === 'self_agency' || rule.agency) ? reporterOf(a, m.first, who) : undefined;
  if (reporter && rule.family === 'self_agency') {
    // "My sister says I'm doing well": praise reported is neither the client's change talk nor a change asked of them.
    if (polarity === 1 && !REPORTED_PRAISE.has(rule.id))
      cues.push({
        polarity: 1,
        start,
        end,
        words: matchedWords,
        family: 'externalising',
        weight: cueDefaults.agencyWeight * rule.weight,
        reason: `the change is what ${inSentence(reporter.words)} says, not yet their own`,
        rule: `${rule.id}/reported`,
      });
    return;
  }
  cues.push({
    polarity,
    start,
    end,
    words: matchedWords,
    family: rule.family,
    weight: rule.weight,
    reason: fillReason(flip ? (rule.negatedReason ?? `not: ${rule.reason}`) : rule.reason, agent),
    rule: rule.id,
  });
  // A negated step is no evidence of agency either way ("Maria did not complete the record").
  if (rule.agency && !flip) {
    const family: CueFamily = self && !reporter ? 'self_agency' : 'externalising';
    const name = agent.kind === 'helper' && THERAPIST_WORDS.has(agent.words.toLowerCase()) ? 'the therapist' : agent.words || 'unstated subject';
    const reason = reporter
      ? `the change is what ${inSentence(reporter.words)} says, not yet their own`
      : self
        ? `the client as the agent of change (${name})`
        : `the change is located in “${name}”, not the client`;
    cues.push({ polarity, start, end, words: matchedWords, family, weight: cueDefaults.agencyWeight * rule.weight, reason, rule: `${rule.id}/agent` });
  }
}

/** Tries rule `k` at token `i` and adds its cues (kept apart from the token loop so each stays small enough to optimise). */
function tryRule(k: number, i: number, pass: Pass): void {
  const { a, who, client, negatedBy, words, directions } = pass;
  const { tokens } = a;
  const rule = RULES[k] as Rule;
  if (rule.maxWords !== undefined && words > rule.maxWords) return;
  if (rule.writer !== undefined && rule.writer !== who.writer) return;
  // A first step on a word moves the match on by one token; the second must have its word within reach.
  const second = SECOND[k];
  if (second !== undefined && (tokens[i] as Token).word && !secondMayMatch(second, tokens, i, pass.ids)) return;
  const m = matchRule(STEPS[k] as readonly Compiled[], a, i, who, pass.ids);
  if (!m) return;
  // A rule that opens on the client's name ("Sam to write…") has the client as its subject.
  const opener = tokens[m.first] as Token;
  const agent =
    m.agent ??
    (client[m.first] === 1 && (STEPS[k] as readonly Compiled[])[0]?.self
      ? { kind: 'self' as const, words: opener.text, start: opener.start, end: opener.end }
      : subjectOf(a, m.first, who));
  if (rule.agent && !rule.agent.includes(agent.kind)) return;
  if (rule.agentWords && !rule.agentWords.includes(agent.words.toLowerCase())) return;
  if (NEEDS_CONTEXT[k] === 1 && !contextAllows(rule, m, a, who, agent, directions, client)) return;
  let negated = false;
  for (const j of m.matched) {
    const by = negatedBy[j] ?? -1;
    if (by >= 0 && !m.matched.includes(by)) {
      negated = true;
      break;
    }
  }
  if (negated && rule.negation === 'drop') return;
  if (!negated && rule.negation === 'require') return;
  if (negated && rule.negation === 'flip' && rule.negatedDrop?.includes((tokens[m.last] as Token).lemma)) return;
  if (negated && rule.negation === 'flip' && rule.negatedFlipOnly && !rule.negatedFlipOnly.includes((tokens[m.last] as Token).lemma)) return;
  // "I'm not scared of it any more": a state that has ended is a gain, not a view against change.
  if (negated && rule.negation === 'flip' && noLonger(a, m.first)) return;
  // "I didn't manage to do the exercise", "I couldn't": a failed attempt told, not a view against change.
  if (negated && rule.negatedPastDrop && pastNegation(tokens, m.first, negatedBy)) return;
  emit(rule, m, agent, negated && rule.negation === 'flip', pass);
}

const PAST_ABILITY: ReadonlySet<string> = new Set(['could', 'managed', 'was', 'were']);
/** The negation over the words at `first` is in the past: "did not manage", "couldn't", "wasn't able to". */
function pastNegation(tokens: readonly Token[], first: number, negatedBy: Int32Array): boolean {
  const t = tokens[first] as Token;
  if (PAST_ABILITY.has(t.norm)) return true;
  const by = negatedBy[first] ?? -1;
  const before = by > 0 ? tokens[by - 1] : undefined;
  return before !== undefined && (before.norm === 'did' || PAST_ABILITY.has(before.norm));
}

/**
 * Reads a text and returns its cues together with its size, for callers (the talk-type
 * classifier) that also weigh how long the reply is.
 */
export function readCuesDetailed(text: string, options: ReadOptions = {}): CueReading {
  const who = whoOf(options.writer ?? 'client', options.clientName);
  const directions = options.directions;
  // Rules that open on a word for the client are for notes ("Sam to write…"); in the client's own text those words are indexed as words.
  const therapist = who.writer === 'therapist';
  const input = text.length > cueDefaults.maxChars ? text.slice(0, cueDefaults.maxChars) : text;
  const a = analyse(input);
  const { tokens } = a;
  let words = 0;
  const n = tokens.length;
  // Per-token scratch, reused from text to text (a typed array's allocation costs more than the rules on a short text).
  if (scratch.normIds.length < n) {
    const size = Math.max(n, 2 * scratch.normIds.length);
    scratch.normIds = new Int32Array(size);
    scratch.lemmaIds = new Int32Array(size);
    scratch.client = new Uint8Array(size);
    scratch.negation = new Uint8Array(size);
    scratch.negatedBy = new Int32Array(size);
  }
  const negation = scratch.negation;
  const client = scratch.client;
  client.fill(0, 0, n);
  const normIds = scratch.normIds;
  const lemmaIds = scratch.lemmaIds;
  // A new stamp for this text's words (checked[] and present[] compare with it, so nothing is cleared).
  if (scratch.text > 2_000_000_000) {
    scratch.text = 0;
    scratch.present.fill(0);
    scratch.checked.fill(0);
  }
  const textStamp = ++scratch.text;
  const present = scratch.present;
  // One pass for the token facts: words, word ids, the client's words, contrasts, first person, "don't know" / "not sure".
  let contrasts = 0;
  let firstPerson = 0;
  let uncertain = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    const norm = t.norm;
    if (t.word) words++;
    const id = VOCAB.get(norm) ?? -1;
    normIds[i] = id;
    const lemmaId = t.lemma === norm ? id : (VOCAB.get(t.lemma) ?? -1);
    lemmaIds[i] = lemmaId;
    if (id >= 0) present[id] = textStamp;
    if (lemmaId >= 0) present[lemmaId] = textStamp;
    negation[i] = (id >= 0 ? (NEG_NORM[id] as number) : 0) | (lemmaId >= 0 ? (NEG_LEMMA[lemmaId] as number) : 0);
    const flags = id >= 0 ? (FLAGS[id] as number) : 0;
    // isClientWord, from the flags: the first person in the client's text; a pronoun, "client" or the name in a note.
    if (therapist ? (flags & CLIENT_THIRD_FLAG) !== 0 || who.names.has(norm) : (flags & CLIENT_FIRST_FLAG) !== 0) client[i] = 1;
    if ((flags & CONTRAST_FLAG) !== 0) contrasts++;
    else if ((flags & FIRST_PERSON_FLAG) !== 0) firstPerson++;
    else if (norm === 'not' && ((tokens[i + 1]?.lemma === 'know' && tokens[i - 1]?.lemma === 'do') || tokens[i + 1]?.norm === 'sure')) uncertain++;
  }
  const negatedBy = negationTriggers(tokens, negation, scratch.negatedBy);
  const cues: Cue[] = [];
  const pass: Pass = { a, input, who, client, ids: { norm: normIds, lemma: lemmaIds, client }, negatedBy, words, directions, cues };
  const writerBit = therapist ? 1 : 0;
  for (let i = 0; i < tokens.length; i++) {
    const n = normIds[i] as number;
    const l = lemmaIds[i] as number;
    const self = therapist && client[i] === 1;
    if (n < 0 && l < 0 && !self) continue;
    const candidates = candidatesOf(n, l, self, writerBit);
    for (let c = 0; c < candidates.length; c++) {
      const k = candidates[c] as number;
      if (feasible(k)) tryRule(k, i, pass);
    }
  }
  let negations = 0;
  let last = -1;
  for (let i = 0; i < n; i++) {
    const by = negatedBy[i] as number;
    if (by >= 0 && by !== last) {
      negations++;
      last = by;
    }
  }

  return { cues: dedupe(settle(cues, a)), words, sentences: a.sentences.length, question: /\?\s*$/.test(input), negations, contrasts, firstPerson, uncertain };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const strongestFirst = (x: Cue, y: Cue): number => y.weight - x.weight || y.end - y.start - (x.end - x.start) || x.start - y.start || cmp(x.rule, y.rule);
const byPosition = (x: Cue, y: Cue): number => x.start - y.start || x.end - y.end || cmp(x.family, y.family) || cmp(x.rule, y.rule);

/** Keeps the strongest of overlapping cues of one family and polarity, and sorts by position (the array given is the reading's own and is sorted in place). */
function dedupe(cues: Cue[]): Cue[] {
  const sorted = cues.length > 1 ? cues.sort(strongestFirst) : cues;
  const kept: Cue[] = [];
  for (const c of sorted) {
    let clash = false;
    for (const k of kept)
      if (k.family === c.family && k.polarity === c.polarity && k.start < c.end && c.start < k.end) {
        clash = true;
        break;
      }
    if (!clash) kept.push(c);
  }
  return kept.length > 1 ? kept.sort(byPosition) : kept;
}

/**
 * Reads a short English text (an expectation answer, a goal, a reflection, a progress note —
 * never a process note) and returns its language cues sorted by start. Each cue carries the
 * words it matched so the UI can highlight them, and a reason framed as a prompt for reflection.
 */
export function readCues(text: string, options: ReadOptions = {}): Cue[] {
  return readCuesDetailed(text, options).cues;
}

export type CueSummary = {
  /** Per family: how many cues, and the signed sum of their weights (polarity × weight). */
  families: Record<CueFamily, { count: number; score: number }>;
  /** Per alliance type: the signed weight of the cues that are evidence for it, floored at 0. */
  alliance: Record<AllianceType, number>;
  /** Signed self-agency minus externalising weight: > 0 the client speaks as the agent of change. */
  agency: number;
  /** True when any withdrawal or confrontation cue counts for its family (SPEC §5.3 rupture rule). */
  rupture: boolean;
};

const FAMILIES: readonly CueFamily[] = [
  'magical_external',
  'magical_quick_fix',
  'working',
  'therapeutic',
  'structuralizing',
  'practice',
  'rupture_withdrawal',
  'rupture_confrontation',
  'self_agency',
  'externalising',
];

/**
 * Per-family totals and per-alliance-type scores, so the inferred alliance (SPEC §5.3) can weigh
 * language as one evidence item among others without re-reading the text.
 */
export function summariseCues(cues: readonly Cue[]): CueSummary {
  const families = Object.fromEntries(FAMILIES.map((f) => [f, { count: 0, score: 0 }])) as Record<CueFamily, { count: number; score: number }>;
  for (const c of cues) {
    const f = families[c.family];
    f.count += 1;
    f.score += c.polarity * c.weight;
  }
  const alliance = Object.fromEntries(ALLIANCE_TYPES.map((t) => [t, 0])) as Record<AllianceType, number>;
  for (const family of FAMILIES) {
    const type = FAMILY_ALLIANCE[family];
    if (type) alliance[type] += families[family].score;
  }
  for (const t of ALLIANCE_TYPES) alliance[t] = Math.max(0, round(alliance[t]));
  for (const f of FAMILIES) families[f].score = round(families[f].score);
  const rupture = cues.some((c) => (c.family === 'rupture_withdrawal' || c.family === 'rupture_confrontation') && c.polarity === 1);
  return { families, alliance, agency: round(families.self_agency.score - families.externalising.score), rupture };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
