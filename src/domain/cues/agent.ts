/**
 * Agent detection: who is the subject of a change, the client (I / we) or someone or something
 * else (they, my boss, my mother, things, the therapist)? SPEC §5.5 asks for it because the same
 * words mean different things with a different subject: "I need to change" is self-agency,
 * "my husband needs to change" expects the change of someone else.
 */
import { isClauseBoundary } from './negation.ts';
import type { Token } from './nlp.ts';

/**
 * self: the client (I, we, me; in a therapist's note also "client", "patient", he, she);
 * helper: the therapist, therapy, a pill — someone expected to do the changing for the client;
 * world: circumstances (it, things, life, everything);
 * other: another person (they, he, my boss, my mother);
 * implicit: no subject written ("Went for a walk"), read as the writer in diary-style text.
 */
export type AgentKind = 'self' | 'helper' | 'world' | 'other' | 'implicit';

export type Agent = { kind: AgentKind; words: string; start: number; end: number };

/** Whose text is read: a client writes "I", a therapist's progress note says "client", the client's name, or "she". */
export type Writer = 'client' | 'therapist';

/**
 * Who wrote the text and how it names the client. A client writes in the first person; a
 * therapist's note names the client ("Sam", "the client") or uses a third-person pronoun, and
 * its "I" is the therapist.
 */
export type Who = { writer: Writer; names: ReadonlySet<string> };

/** The words of a client's name as a note may use them ("Sam Rivera" → sam, rivera). */
const CLIENT_WRITER: Who = { writer: 'client', names: new Set() };

export function whoOf(writer: Writer, clientName?: string): Who {
  if (writer === 'client') return CLIENT_WRITER;
  const names = new Set<string>();
  if (writer === 'therapist' && clientName)
    for (const w of clientName.toLowerCase().split(/[^\p{L}\p{M}'’-]+/u)) if (w.length > 1) names.add(w.replace(/[’']s$/, ''));
  return { writer, names };
}

export const CLIENT_WORDS_FIRST: ReadonlySet<string> = new Set(['i', 'me', 'my', 'myself', 'mine', 'we', 'us', 'our', 'ourselves']);
export const CLIENT_WORDS_THIRD: ReadonlySet<string> = new Set([
  'he',
  'she',
  'they',
  'him',
  'her',
  'them',
  'his',
  'their',
  'hers',
  'theirs',
  'himself',
  'herself',
  'themselves',
  'themself',
  'client',
  'patient',
  'pt',
  'cl',
  'we',
  'us',
  'our',
  'ourselves',
]);
/** True when a (lower-cased) word refers to the client: the first person in their own text; their name, a pronoun or "client" in a therapist's. */
export function isClientWord(norm: string, who: Who): boolean {
  return who.writer === 'client' ? CLIENT_WORDS_FIRST.has(norm) : CLIENT_WORDS_THIRD.has(norm) || who.names.has(norm);
}
/** The therapist's own "I" in a note: the helper, not the client. */
const THERAPIST_SELF: ReadonlySet<string> = new Set(['i', 'me', 'my', 'myself', 'mine']);

const SELF: ReadonlySet<string> = new Set(['i', 'we', 'me', 'us', 'myself', 'ourselves', 'my', 'our']);
const CLIENT_NOUNS: ReadonlySet<string> = new Set(['client', 'patient', 'pt', 'cl', 'service-user', 'user']);
const THIRD_PERSON: ReadonlySet<string> = new Set(['he', 'she', 'they', 'him', 'her', 'them', 'himself', 'herself', 'themselves']);
const HELPER: ReadonlySet<string> = new Set([
  'you',
  'yourself',
  'therapist',
  'therapy',
  'counsellor',
  'counselor',
  'counselling',
  'counseling',
  'doctor',
  'psychologist',
  'psychiatrist',
  'treatment',
  'medication',
  'medicine',
  'pill',
  'pills',
  'session',
  'sessions',
  'someone',
  'somebody',
]);
const WORLD: ReadonlySet<string> = new Set([
  'it',
  'this',
  'that',
  'things',
  'thing',
  'everything',
  'life',
  'situation',
  'world',
  'time',
  'stuff',
  'circumstances',
  'nothing',
  'problem',
  'problems',
  'pain',
  'feeling',
  'feelings',
  'anxiety',
  'depression',
  'mood',
  'symptoms',
  'there',
  'work',
  'job',
  'panic',
  'stress',
  'worry',
  'worries',
  'fear',
  'fears',
  'sadness',
  'grief',
  'attacks',
  'thoughts',
  'memories',
  'nightmares',
  'insomnia',
  'illness',
  // Quarrels are circumstances, not people: "I want the arguments to stop".
  'argument',
  'arguments',
  'arguing',
  'fighting',
  'fights',
  'rows',
  'tension',
]);
/** Words that may stand between a subject and its verb without ending the search: auxiliaries, adverbs, fillers. */
const TRANSPARENT_POS: ReadonlySet<string> = new Set(['AUX', 'PART', 'ADV', 'INTJ']);
const TRANSPARENT_WORDS: ReadonlySet<string> = new Set([
  'really',
  'just',
  'also',
  'still',
  'finally',
  'actually',
  'um',
  'uh',
  'er',
  'erm',
  'like',
  'kind',
  'sort',
  'of',
  'maybe',
  'probably',
  'definitely',
  'never',
  'not',
  'always',
  'then',
  'now',
  'even',
  'already',
  'totally',
  'truly',
  'honestly',
  'only',
  'seriously',
  'personally',
  'myself',
  'yourself',
  'ever',
  'certainly',
  'guess',
  'think',
  'suppose',
  'mean',
  'know',
  'feel',
  // "People keep telling me", "she kept saying": the subject of "keep" is the subject of what is kept up.
  'keep',
  'keeps',
  'kept',
  'keeping',
]);
const NOMINATIVE: ReadonlySet<string> = new Set(['i', 'we', 'you', 'he', 'she', 'they', 'it', 'this', 'that', 'there', 'me', 'us']);
const POSSESSIVE_DETERMINERS: ReadonlySet<string> = new Set(['my', 'our', 'his', 'her', 'their', 'your', 'its']);
/** Nouns for a person, after which a word in -s is the person's verb ("my wife stops"), not a compound ("panic attacks"). */
const PERSON_NOUNS: ReadonlySet<string> = new Set([
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
  'brother',
  'sister',
  'friend',
  'boss',
  'manager',
  'ex',
  'baby',
  'child',
  'kid',
  'colleague',
  'flatmate',
  'landlord',
  'teacher',
  'family',
]);
const NP_LEFT: ReadonlySet<string> = new Set(['the', 'a', 'an', 'my', 'his', 'her', 'their', 'our', 'your', 'this', 'that', 'these', 'those', "'s", 'own']);

/** Classifies the head word of a noun phrase. */
export function classifyHead(norm: string, pos: string, who: Who): AgentKind {
  if (who.writer === 'therapist') {
    if (THERAPIST_SELF.has(norm)) return 'helper';
    if (THIRD_PERSON.has(norm) || who.names.has(norm)) return 'self';
  }
  if (SELF.has(norm)) return 'self';
  if (CLIENT_NOUNS.has(norm)) return 'self';
  if (HELPER.has(norm)) return 'helper';
  if (WORLD.has(norm)) return 'world';
  if (pos === 'PRON' || pos === 'NOUN' || pos === 'PROPN' || THIRD_PERSON.has(norm)) return 'other';
  return 'world';
}

/** Extends a head noun leftwards over determiners, possessives and adjectives: "my older brother". */
function phraseStart(tokens: readonly Token[], head: number): number {
  let s = head;
  while (s > 0) {
    const p = tokens[s - 1];
    if (!p || p.sentence !== tokens[head]?.sentence) break;
    if (NP_LEFT.has(p.norm) || ((p.pos === 'ADJ' || p.pos === 'NOUN' || p.pos === 'PROPN') && s - 1 >= head - 3)) s--;
    else break;
  }
  return s;
}

function agentOf(tokens: readonly Token[], text: string, from: number, head: number, who: Who): Agent {
  const h = tokens[head];
  const f = tokens[from];
  if (!h || !f) return { kind: 'implicit', words: '', start: 0, end: 0 };
  return { kind: classifyHead(h.norm, h.pos, who), words: text.slice(f.start, h.end), start: f.start, end: h.end };
}

/**
 * The subject of the clause that the word at `at` belongs to: the nearest pronoun or noun phrase
 * to its left, looking through auxiliaries, negations and fillers ("I really don't want to"),
 * and stopping at a clause boundary. Across "and" only a pronoun is accepted ("I went out and
 * tried it"), because the nearer nouns there are objects.
 */
export function subjectBefore(tokens: readonly Token[], text: string, at: number, who: Who): Agent {
  const sentence = tokens[at]?.sentence;
  let crossedAnd = false;
  for (let j = at - 1; j >= 0; j--) {
    const t = tokens[j];
    if (!t || t.sentence !== sentence) break;
    if (t.norm === 'and' || t.norm === 'then') {
      crossedAnd = true;
      continue;
    }
    if (isClauseBoundary(t) || (t.norm === 'that' && t.pos === 'SCONJ')) break;
    // "My brother drinks… and won't listen": a possessive opens the subject phrase; its noun is the head, not the possessive.
    if (POSSESSIVE_DETERMINERS.has(t.norm)) {
      let head = -1;
      for (let k = j + 1; k < at && k <= j + 4; k++) {
        const u = tokens[k] as Token;
        if (u.pos === 'NOUN' || u.pos === 'PROPN') head = k;
        else if (u.pos !== 'ADJ' || head >= 0) break;
      }
      if (head >= 0) return agentOf(tokens, text, j, head, who);
    }
    if (NOMINATIVE.has(t.norm) || CLIENT_NOUNS.has(t.norm) || (t.pos === 'PRON' && !TRANSPARENT_WORDS.has(t.norm))) {
      return agentOf(tokens, text, j, j, who);
    }
    if (crossedAnd) continue;
    if (TRANSPARENT_WORDS.has(t.norm) || TRANSPARENT_POS.has(t.pos)) continue;
    if (t.pos === 'NOUN' || t.pos === 'PROPN') return agentOf(tokens, text, phraseStart(tokens, j), j, who);
    if (t.pos === 'VERB') break;
  }
  return { kind: 'implicit', words: '', start: tokens[at]?.start ?? 0, end: tokens[at]?.start ?? 0 };
}

/**
 * Reads a short noun phrase starting at `at` ("my mother", "him", "things") for rules that name
 * an agent inside the pattern ("I want my husband to change"). Returns the agent and the index
 * after the phrase, or undefined when no noun phrase starts there.
 */
export function nounPhraseAt(tokens: readonly Token[], text: string, at: number, who: Who): { agent: Agent; next: number } | undefined {
  const t = tokens[at];
  if (!t || !t.word) return undefined;
  if (t.pos === 'PRON' || NOMINATIVE.has(t.norm) || THIRD_PERSON.has(t.norm)) {
    if (NP_LEFT.has(t.norm) && t.norm !== 'this' && t.norm !== 'that') {
      // "my mother", "their attitude": a possessive starts a longer phrase.
      return longPhrase(tokens, text, at, who);
    }
    return { agent: agentOf(tokens, text, at, at, who), next: at + 1 };
  }
  return longPhrase(tokens, text, at, who);
}

function longPhrase(tokens: readonly Token[], text: string, at: number, who: Who): { agent: Agent; next: number } | undefined {
  let j = at;
  while (j < tokens.length && j < at + 4) {
    const u = tokens[j];
    if (!u) break;
    if (NP_LEFT.has(u.norm) || u.pos === 'ADJ' || u.pos === 'DET') {
      j++;
      continue;
    }
    break;
  }
  let head = -1;
  while (j < tokens.length && j < at + 5) {
    const u = tokens[j];
    // "my partner stops drinking": wink-nlp may tag a verb after a person as a plural noun; a person's phrase ends there.
    if (
      head >= 0 &&
      u &&
      u.norm.endsWith('s') &&
      u.lemma !== u.norm &&
      classifyHead((tokens[head] as Token).norm, 'NOUN', who) === 'other' &&
      PERSON_NOUNS.has((tokens[head] as Token).norm)
    )
      break;
    // After a determiner a word wink-nlp could not tag ("my ex") is the noun.
    if (u && (u.pos === 'NOUN' || u.pos === 'PROPN' || (u.pos === 'X' && j > at)) && u.norm !== 'to') {
      head = j;
      j++;
    } else break;
  }
  if (head < 0) return undefined;
  // "my mother and my sister", "my boss or my wife": a coordinated phrase is one agent, classified by its first head.
  const and = tokens[head + 1];
  if (and && (and.norm === 'and' || and.norm === 'or') && tokens[head + 2]?.sentence === tokens[head]?.sentence) {
    const more = longPhrase(tokens, text, head + 2, who);
    if (more) {
      const first = agentOf(tokens, text, at, head, who);
      return { agent: { ...first, words: text.slice(first.start, more.agent.end), end: more.agent.end }, next: more.next };
    }
  }
  return { agent: agentOf(tokens, text, at, head, who), next: head + 1 };
}
