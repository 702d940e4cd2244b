/**
 * The rule sets of the language-cue reader, as data, in one place (SPEC §5.5).
 *
 * A rule is a short sequence of token steps matched on lemmas, lower-cased words and parts of
 * speech from wink-nlp — never substrings of the raw text. After a match the reader checks who
 * the subject is (agent.ts) and whether a clinical negation covers the matched words
 * (negation.ts), then emits a cue with the rule's family, weight and reason.
 *
 * Sources of the word lists: the alliance types of SPEC §1.5; the client-language categories of
 * Motivational Interviewing (Miller & Rollnick, 3rd ed. 2013: desire, ability, reasons, need,
 * commitment, activation, taking steps — "DARN-CAT" — and their sustain-talk mirror; MISC 2.5
 * coding manual); the withdrawal and confrontation rupture markers of Safran & Muran (2000) and
 * the Rupture Resolution Rating System (Eubanks, Muran & Safran 2015). All lists were written by
 * hand from those sources; none was mined from an evaluation corpus.
 */
import type { CueFamily } from './types.ts';
import type { AgentKind } from './agent.ts';

export type Step = {
  /** The token's lemma is one of these. */
  lemma?: readonly string[];
  /** The token's lower-cased word is one of these. */
  norm?: readonly string[];
  /** The token's part of speech is one of these. */
  pos?: readonly string[];
  /** The lemma must not be one of these. */
  notLemma?: readonly string[];
  /** A short noun phrase ("my mother", "them"), whose kind is recorded as the cue's agent. */
  np?: readonly AgentKind[];
  /** The verb is in a past tense or a perfect ("I tried", "I have practised", "I've been using"). */
  past?: boolean;
  /** The word is an -ing form ("I keep pushing people away"). */
  ing?: boolean;
  /** Also matches a word that refers to the client: I / me / my in their own text; their name, he / she / his, "client" in a therapist's note. */
  self?: boolean;
  /** Up to this many words (fillers, adverbs) may stand before this step, within the clause. */
  gap?: number;
  /** The step may be absent. */
  optional?: boolean;
};

export type Rule = {
  /** Stable id: family group, then what it detects. Feature definitions in talk-type.ts refer to these prefixes. */
  id: string;
  family: CueFamily;
  /** Strength 0..1: how clearly these words, by themselves, suggest the family. */
  weight: number;
  /** −1 for rules whose words count against their family (sustain talk counts against self-agency). Default +1. */
  polarity?: -1;
  steps: readonly Step[];
  /** The subject's words must be one of these (lower-cased): "it", "this". */
  agentWords?: readonly string[];
  /** Subjects for which the rule fires; omitted = any. Checked on the subject of the clause, or on an `np` step. */
  agent?: readonly AgentKind[];
  /**
   * What a clinical negation over the matched words does: flip → the cue counts against its family
   * (polarity −1); drop → no cue; ignore → the rule names an undesirable thing whose negation
   * still supports the family ("I don't want to fall back"); require → fires only under a negation
   * ("I'm not drinking that much").
   */
  negation: 'flip' | 'drop' | 'ignore' | 'require';
  /** Also emit a self_agency cue (subject I/we) or an externalising cue (anyone else) over the same words. */
  agency?: boolean;
  /** The whole text may have at most this many words (minimal replies). */
  maxWords?: number;
  /** Fires only in a statement: not in a sentence an auxiliary opens ("Am I going to get better?"). */
  statement?: true;
  /** Does not fire in a sentence that ends with a question mark. */
  notQuestion?: true;
  /** Does not fire when one of these words stands earlier in the sentence. */
  notAfterInSentence?: readonly string[];
  /** Fires only when the word right before the match has one of these lemmas ("it's too hard", "I feel so tired"). */
  after?: readonly string[];
  /** The subject must be the habit itself or a pronoun for it ("Smoking helps me relax", "it helps me sleep"), not a skill or a person. */
  habitSubject?: true;
  /** Does not fire when the word right after the match is one of these ("I don't know why…" is not a short "I don't know"). */
  notFollowedBy?: readonly string[];
  /** Does not fire when the word right before the match is one of these ("want to keep using" is not "I keep using"). */
  notAfter?: readonly string[];
  /** Does not fire when the behaviour or the subject is someone else's ("my husband's drinking", "my partner drinks too much"). */
  owned?: true;
  /** Does not fire when the matched verb's object is another person ("I can't stop him", "I worry about her"). */
  objectNotOther?: true | readonly string[];
  /** Under a negation, these last matched lemmas drop the cue instead of flipping it ("I can't sleep" is a symptom, not sustain talk). */
  negatedDrop?: readonly string[];
  /** Under a negation, only these last matched lemmas flip the cue; any other drops it ("I don't want to quit" is sustain talk; "I don't want to have an overdose" is not). */
  negatedFlipOnly?: readonly string[];
  /** Does not fire after an uncertainty earlier in the sentence ("not sure", "unsure", "whether", "I doubt"). */
  notUncertain?: true;
  /** Fires only after a clause that makes it wait on another person ("When my husband gets a job, things will be easier"). */
  afterOtherCondition?: true;
  /** Under a negation in the past ("I didn't manage to", "I couldn't"), no cue: a failed attempt told, not a view against change. */
  negatedPastDrop?: true;
  /** Fires only where the sentence states an aim: a time frame counts when something is wanted, planned or set as a goal. */
  withAim?: true;
  /**
   * A behaviour that is good in itself (exercise, going out, seeing friends: direction "more", treatment aside) counts only where
   * the sentence states an aim: "I like walking by the river" names a pastime, "I want to walk three times a week" a focus.
   */
  activityNeedsAim?: true;
  /** Fires only in texts by this writer (therapist observations: "was quiet", "gave one-word answers"). */
  writer?: 'client' | 'therapist';
  /** A step of change on a behaviour: counts only when it moves the behaviour the way wanted (direction.ts; the client's goals first). */
  direction?: 'more' | 'less';
  /** The reason a therapist reads; {agent} is replaced by the subject's words. Phrased as a prompt, not a verdict. */
  reason: string;
  /** The reason when a negation flipped the cue. */
  negatedReason?: string;
};

// ——— Word lists (lemmas unless noted) ———

/** Verbs of wanting (MI "desire"). */
const DESIRE = ['want', 'wish', 'hope', 'desire', 'long', 'aim'];
/** Verbs of necessity followed by "to" (MI "need"): need to, have to, got to, ought to. */
const NEED = ['need', 'have', 'get', 'got', 'ought'];
/** Modals of necessity without "to": must, should. */
const NEED_MODALS = ['must', 'should'];
/** Modals of ability (MI "ability"). */
const ABILITY = ['can', 'could', 'able', 'manage'];
/** Commitment and activation (MI "commitment", "activation"). */
const COMMIT_NORMS = ['will', 'shall', 'going'];
const PLAN = ['plan', 'intend', 'decide', 'promise', 'commit', 'determine', 'resolve'];
const READY = ['ready', 'willing', 'prepared', 'determined', 'committed', 'motivated'];
/** Verbs that describe talk or thought rather than an action; after "I want to" they are not change talk. */
const NOT_ACTIONS = ['know', 'think', 'guess', 'mean', 'say', 'talk', 'ask', 'hear', 'see', 'wonder', 'suppose', 'be', 'have', 'go', 'come', 'let', 'tell'];
/** After "I will" / "I'm going to" almost any verb is a commitment; only verbs of thinking are not. */
const NOT_COMMITMENTS = ['know', 'think', 'guess', 'mean', 'wonder', 'suppose', 'be', 'have', 'say', 'see'];
/** Verbs of changing something; the object of change. */
const CHANGE_VERBS = [
  'change',
  'stop',
  'quit',
  'cut',
  'reduce',
  'start',
  'try',
  'work',
  'improve',
  'fix',
  'manage',
  'control',
  'handle',
  'deal',
  'cope',
  'learn',
  'lose',
  'exercise',
  'practise',
  'practice',
  'get',
  'become',
  'give',
  'take',
  'make',
  'move',
  'leave',
  'end',
  'face',
  'set',
  'find',
  'limit',
  'avoid',
  'drop',
  'kick',
  'beat',
  'overcome',
  'recover',
  'heal',
  'build',
  'keep',
  'stay',
  'eat',
  'sleep',
  'walk',
  'run',
  'join',
  'call',
  'apply',
  'decide',
  'plan',
  'prepare',
  'study',
  'finish',
  'begin',
  'commit',
  'accept',
  'forgive',
  'listen',
  'understand',
  'help',
  'sort',
  'solve',
  'treat',
  'grow',
  'settle',
  'calm',
  'go',
  'be',
  'turn',
  'fall',
];
/** What another person would do if they changed (magical: the change is theirs). */
const OTHER_CHANGES = [
  'change',
  'stop',
  'listen',
  'understand',
  'apologise',
  'apologize',
  'realise',
  'realize',
  'accept',
  'improve',
  'quit',
  'learn',
  'respect',
  'admit',
  'leave',
  'back',
];
/** Subjects that are circumstances rather than people. */
const WORLD_CHANGE = [
  'change',
  'improve',
  'get',
  'settle',
  'calm',
  'sort',
  'work',
  'go',
  'turn',
  'become',
  'resolve',
  'disappear',
  'vanish',
  'fix',
  'clear',
  'pass',
];
/** Past actions that count as doing the work between sessions (MI "taking steps"; SPEC §1.3 rehearsal). */
const PRACTICE_VERBS = [
  'try',
  'practise',
  'practice',
  'use',
  'do',
  'apply',
  'start',
  'manage',
  'remember',
  'stick',
  'write',
  'breathe',
  'walk',
  'run',
  'call',
  'take',
  'exercise',
  'meditate',
  'notice',
  'catch',
  'challenge',
  'record',
  'log',
  'plan',
  'schedule',
  'rehearse',
  'join',
  'attend',
  'replace',
  'substitute',
  'say',
  'ask',
  'reach',
  'speak',
  'set',
  'complete',
  'finish',
  'fill',
  'go',
  'make',
  'tell',
  'face',
  'list',
  'track',
  'count',
  'pause',
  'wait',
  'drink',
  'eat',
  'switch',
];
/** Skills and tasks that make a past action a practice (CBT, DBT, MI homework vocabulary). */
const SKILL_WORDS = [
  'exercise',
  'breathing',
  'breath',
  'technique',
  'skill',
  'worksheet',
  'diary',
  'journal',
  'log',
  'record',
  'homework',
  'plan',
  'mindfulness',
  'meditation',
  'grounding',
  'thought',
  'thoughts',
  'assertive',
  'script',
  'role-play',
  'relaxation',
  'walk',
  'step',
  'steps',
  'routine',
  'list',
  'tracker',
  'app',
  'gym',
  'patch',
  'alarm',
  'reminder',
  'boundary',
  'boundaries',
  'appointment',
  'meeting',
  'class',
  'group',
];
/** Concrete, bounded aims of a working alliance (SPEC §1.5: a decision, an exam, an illness, grief, a work conflict). */
const BOUNDED_AIMS = [
  'decision',
  'decide',
  'choice',
  'exam',
  'exams',
  'test',
  'interview',
  'deadline',
  'diagnosis',
  'death',
  'illness',
  'surgery',
  'operation',
  'treatment',
  'grief',
  'loss',
  'funeral',
  'bereavement',
  'divorce',
  'separation',
  'conflict',
  'dispute',
  'promotion',
  'application',
  'presentation',
  'wedding',
  'redundancy',
  'anniversary',
  'grieve',
  'grieving',
  'court',
  'hearing',
  'thesis',
  'dissertation',
  'chemo',
  'chemotherapy',
];
/**
 * Everyday behaviours that clients work on and that Motivational Interviewing was built around
 * (Miller & Rollnick 2013, ch. 1: drinking, smoking, drugs, diet, exercise, medication, sleep).
 */
const TARGET_BEHAVIOURS = [
  'drink',
  'drinking',
  'alcohol',
  'beer',
  'wine',
  'smoke',
  'smoking',
  'cigarette',
  'cigarettes',
  'vape',
  'vaping',
  'drug',
  'drugs',
  'weed',
  'cannabis',
  'cocaine',
  'gamble',
  'gambling',
  'eat',
  'eating',
  'food',
  'diet',
  'sugar',
  'weight',
  'exercise',
  'walk',
  'walking',
  'gym',
  'run',
  'running',
  'medication',
  'medicine',
  'meds',
  'insulin',
  'inhaler',
  'sleep',
  'sleeping',
  'caffeine',
  'coffee',
  'binge',
  'purge',
  'cut',
  'cutting',
  'spending',
  'screen',
  'phone',
  'gaming',
  'bet',
  'betting',
];
const TIME_UNITS = [
  'day',
  'days',
  'week',
  'weeks',
  'month',
  'months',
  'morning',
  'evening',
  'night',
  'weekend',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
  'session',
  'sessions',
  'appointment',
  'year',
  'years',
  'month',
  'summer',
  'spring',
  'autumn',
  'winter',
  'christmas',
  'easter',
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
/** Things of the client's own that therapy can change (SPEC §1.5 therapeutic: deeper patterns). */
const SELF_PATTERNS = [
  'pattern',
  'patterns',
  'habit',
  'tendency',
  'reaction',
  'reactions',
  'part',
  'role',
  'way',
  'ways',
  'childhood',
  'anger',
  'temper',
  'self-esteem',
  'confidence',
  'insecurity',
  'insecurities',
  'fear',
  'fears',
  'need',
  'needs',
  'feelings',
  'past',
  'history',
  'attachment',
  'relationships',
  'defences',
  'defenses',
  'shame',
  'guilt',
  'perfectionism',
  'behaviour',
  'behavior',
  'choices',
];
const EARLY_FIGURES = [
  'mother',
  'father',
  'mum',
  'mom',
  'dad',
  'parents',
  'parent',
  'family',
  'childhood',
  'brother',
  'sister',
  'grandmother',
  'grandfather',
  'stepfather',
  'stepmother',
];
/** Gains that should last (SPEC §1.5 structuralizing). */
const GAINS = ['gain', 'progress', 'change', 'improvement', 'recovery', 'well-being', 'wellbeing', 'skill', 'momentum'];
const RELAPSE = ['relapse', 'slip', 'backslide', 'setback', 'lapse'];
const ENDING = ['therapy', 'treatment', 'session', 'sessions', 'counselling', 'counseling', 'we', 'this'];
/** Nouns for the end of treatment itself: "after discharge". */
const ENDING_NOUNS = ['discharge', 'discharged'];
/** Quick-fix objects and adjectives (SPEC §1.5 magical: a quick fix, an omnipotent therapist). */
const QUICK = ['quick', 'fast', 'instant', 'easy', 'simple', 'magic', 'magical', 'overnight', 'immediate', 'miracle'];
const SOLUTIONS = ['fix', 'solution', 'cure', 'answer', 'answers', 'way', 'pill', 'wand', 'remedy', 'trick', 'result', 'results'];
const FIX_VERBS = ['fix', 'cure', 'solve', 'sort', 'heal', 'repair'];
const VANISH = ['go', 'disappear', 'vanish', 'stop', 'end', 'leave'];
/** Hopelessness (withdrawal). */
const HOPELESS_WORDS = ['hopeless', 'pointless', 'useless', 'meaningless', 'futile', 'helpless'];
/** Complaint objects (confrontation). */
const TASKS = [
  'homework',
  'exercise',
  'exercises',
  'task',
  'tasks',
  'worksheet',
  'worksheets',
  'diary',
  'journal',
  'assignment',
  'assignments',
  'form',
  'forms',
  'questionnaire',
  'questionnaires',
  'tracker',
];
const THERAPY_WORDS = ['therapy', 'session', 'sessions', 'this', 'it', 'counselling', 'counseling', 'treatment', 'appointment', 'appointments'];
const NEGATIVE_JUDGEMENT = [
  'pointless',
  'useless',
  'stupid',
  'boring',
  'silly',
  'waste',
  'rubbish',
  'nonsense',
  'childish',
  'patronising',
  'patronizing',
  'annoying',
  'irrelevant',
  'meaningless',
];
const THERAPIST_FAILS = ['listen', 'understand', 'help', 'care', 'get', 'hear', 'believe', 'remember', 'take'];
/** Reasons for change in the client's own words (MI "reasons"): worries and harms. */
const WORRY = ['worry', 'worried', 'concern', 'concerned', 'scared', 'afraid', 'frightened', 'fear', 'terrified', 'anxious', 'nervous'];
const HARM_VERBS = ['affect', 'hurt', 'ruin', 'damage', 'cost', 'harm', 'destroy', 'kill', 'wreck', 'mess'];
const PROBLEM_NOUNS = ['problem', 'issue', 'addiction', 'habit'];
/** Sustain talk (MI): the benefits of the status quo, minimising, barriers. */
const ENJOY = ['like', 'love', 'enjoy'];
const SOOTHE = ['relax', 'calm', 'cope', 'unwind', 'sleep', 'forget', 'focus', 'function', 'relieve', 'destress', 'de-stress'];
const MINOR = [
  'bad',
  'serious',
  'big',
  'much',
  'many',
  'often',
  'problem',
  'issue',
  'addict',
  'alcoholic',
  'worried',
  'concerned',
  'harmful',
  'dangerous',
  'deal',
  'lot',
  'wrong',
  'overweight',
  'addicted',
  'dependent',
  'hooked',
  'unhealthy',
  'risky',
  'excessive',
  'harm',
  'heavy',
  'regular',
  'binge',
  'drinker',
  'smoker',
  'user',
  'junkie',
];
/** Discontent with how things are (MI "reasons": the status quo is costly): "sick of", "tired of", "fed up". */
const DISCONTENT = ['sick', 'tired', 'weary', 'ashamed', 'embarrassed', 'disgusted', 'unhappy', 'frustrated', 'bored'];
/** What someone may want or need from outside without naming an action: "I'd like some help". */
const HELP_OBJECTS = ['help', 'support', 'change', 'advice', 'plan', 'break', 'difference', 'fresh', 'start'];
/** What one is not keen on (sustain: low desire or readiness). */
const NOT_KEEN = ['interested', 'bothered', 'keen', 'fussed', 'ready', 'willing', 'motivated'];
/** What the current way gives (sustain: its benefits). */
const FUN = ['fun', 'enjoyable', 'relaxing', 'social', 'nice', 'pleasure', 'treat', 'escape', 'reward'];
/** Barriers named without an intensifier. */
const BARRIER_WORDS = ['busy', 'expensive', 'exhausting', 'inconvenient', 'schedule', 'afford', 'hassle'];
const FINE = ['fine', 'okay', 'ok', 'alright', 'normal', 'control', 'healthy'];
const BARRIERS = ['busy', 'hard', 'difficult', 'expensive', 'tired', 'stressed', 'late', 'old', 'complicated'];
/**
 * What a client may say they enjoy that keeps the habit going (MI sustain talk: the benefits of the
 * status quo) — the habit itself or what it gives. Enjoying one's children, job or a walk is not
 * sustain talk.
 */
const HABIT_PLEASURES = [
  'drink',
  'drinking',
  'drinks',
  'alcohol',
  'beer',
  'beers',
  'wine',
  'pint',
  'pints',
  'smoke',
  'smoking',
  'cigarette',
  'cigarettes',
  'vape',
  'vaping',
  'weed',
  'cannabis',
  'joint',
  'joints',
  'high',
  'buzz',
  'taste',
  'gamble',
  'gambling',
  'betting',
  'bet',
  'flutter',
  'party',
  'partying',
  'sugar',
  'chocolate',
  'it',
];
/** Verbs whose negated wish is a reason to change, not sustain talk: "I don't want to keep living like this", "to end up like my father". */
const UNWANTED_COURSE = [
  'keep',
  'continue',
  'carry',
  'end',
  'lose',
  'die',
  'be',
  'become',
  'fall',
  'let',
  'hurt',
  'ruin',
  'waste',
  'live',
  'spend',
  'feel',
  'go',
  'need',
  'repeat',
  'turn',
  'make',
  'act',
  'drink',
  'smoke',
  'gamble',
  'binge',
];
/** The steps of changing a habit: only a negated wish for one of these is sustain talk ("I don't want to quit"). */
const CHANGE_STEPS = [
  'stop',
  'quit',
  'give',
  'cut',
  'change',
  'reduce',
  'limit',
  'try',
  'start',
  'exercise',
  'control',
  'deal',
  'face',
  'attend',
  'join',
  'diet',
  'abstain',
];
/** Complaints and symptoms: a negated ability with these is distress, not doubt about changing ("I can't sleep"). */
/** Verbs whose object, when another person, is the one to change: "I can't stop him", "I could make her listen". */
const CONTROL_VERBS = ['stop', 'change', 'make', 'control', 'fix', 'force', 'get', 'save', 'cure', 'help'];
const SYMPTOM_VERBS = ['sleep', 'concentrate', 'focus', 'breathe', 'relax', 'think', 'eat', 'cope', 'function', 'remember', 'switch'];
/** Verbs that are not a pattern after "I keep": hoping, waiting and trying are not repetitions of a way of being. */
const NOT_PATTERNS = ['hope', 'wish', 'wait', 'think', 'wonder', 'try', 'go', 'get', 'use', 'do', 'practise', 'practice', 'work', 'cancel'];

const PRONOUN_SUBJECT_SELF: readonly AgentKind[] = ['self', 'implicit'];

/**
 * The rules. Order does not matter; overlapping cues of one family keep the strongest.
 * Ids group by what they detect: magical.*, fix.*, working.*, therapeutic.*, structure.*,
 * practice.*, withdrawal.*, confront.*, agency.* (desire/ability/need/reason/sustain).
 */
export const RULES: readonly Rule[] = [
  // ——— magical: change expected of others or the world ———
  // "my husband needs to change", "they have to stop": someone else must do the changing.
  {
    id: 'magical.other-must-change',
    family: 'magical_external',
    weight: 0.8,
    agent: ['other'],
    negation: 'flip',
    agency: true,
    steps: [{ lemma: NEED }, { norm: ['to'] }, { lemma: [...CHANGE_VERBS, ...OTHER_CHANGES], gap: 2 }],
    // "The kids need to be at school by nine": a place and a time, not a change of the person.
    notFollowedBy: ['at', 'in', 'there', 'here', 'home', 'ready'],
    reason: 'expects someone else to change (subject: {agent})',
    negatedReason: 'does not expect {agent} to change',
  },
  {
    id: 'magical.other-should-change',
    family: 'magical_external',
    weight: 0.7,
    agent: ['other'],
    negation: 'flip',
    agency: true,
    steps: [{ norm: NEED_MODALS }, { lemma: [...CHANGE_VERBS, ...OTHER_CHANGES], gap: 2 }],
    // "The kids need to be at school by nine": a place and a time, not a change of the person.
    notFollowedBy: ['at', 'in', 'there', 'here', 'home', 'ready'],
    reason: 'expects someone else to change (subject: {agent})',
    negatedReason: 'does not expect {agent} to change',
  },
  // "I want my mother to listen", "I wish they would stop": the wished-for change lies in another person.
  {
    id: 'magical.wish-other-changes',
    family: 'magical_external',
    weight: 0.8,
    negation: 'drop',
    agency: true,
    steps: [
      { lemma: [...DESIRE, 'need', 'expect'] },
      { np: ['other'] },
      { norm: ['to', 'would', 'will', 'could', 'might'] },
      { lemma: [...CHANGE_VERBS, ...OTHER_CHANGES, 'come', 'notice', 'retire', 'ring', 'phone', 'text', 'visit', 'forgive', 'return'], gap: 1 },
    ],
    reason: 'hopes the change will come from {agent}',
  },
  // "I'd like my family to understand", "I would love him to stop": the wished-for change lies in another person.
  {
    id: 'magical.would-like-other',
    family: 'magical_external',
    weight: 0.7,
    negation: 'drop',
    agency: true,
    after: ['would', "'d"],
    steps: [{ lemma: ['like', 'love', 'prefer'] }, { np: ['other'] }, { norm: ['to'] }, { lemma: [...CHANGE_VERBS, ...OTHER_CHANGES, 'notice'], gap: 1 }],
    reason: 'hopes the change will come from {agent}',
  },
  // "waiting for my husband to stop drinking", "waiting for the medication to kick in": the change is to come from elsewhere.
  // "It's up to my husband to change, not me": the change placed with another person.
  {
    id: 'magical.up-to-other',
    family: 'magical_external',
    weight: 0.7,
    negation: 'flip',
    agency: true,
    steps: [{ norm: ['up'] }, { norm: ['to'] }, { np: ['other'] }, { norm: ['to'] }, { lemma: [...CHANGE_VERBS, ...OTHER_CHANGES], gap: 1 }],
    reason: 'places the change with {agent}',
    negatedReason: 'does not place the change with {agent}',
  },
  {
    id: 'magical.waiting-for',
    family: 'magical_external',
    weight: 0.7,
    negation: 'flip',
    agency: true,
    steps: [{ lemma: ['wait'] }, { norm: ['for', 'on'] }, { np: ['other', 'helper', 'world'] }, { norm: ['to'] }, { pos: ['VERB', 'AUX'], gap: 1 }],
    reason: 'waiting for {agent} to bring the change',
    negatedReason: 'no longer waits for {agent} to change',
  },
  // "I'm waiting until the divorce is final": the change put off until something else happens.
  {
    id: 'magical.waiting-until',
    family: 'magical_external',
    weight: 0.5,
    negation: 'flip',
    steps: [{ lemma: ['wait'] }, { norm: ['until', 'till', 'til'] }],
    reason: 'puts the change off until something else has happened',
    negatedReason: 'does not put the change off',
  },
  // "Why can't my husband just change?": a question that asks for another person's change.
  {
    id: 'magical.why-other',
    family: 'magical_external',
    weight: 0.6,
    negation: 'ignore',
    agency: true,
    steps: [
      { norm: ['why', 'when'] },
      { lemma: ['can', 'will', 'do', 'would', 'could'] },
      { norm: ['not'], optional: true },
      { np: ['other'] },
      { lemma: [...OTHER_CHANGES, 'change', 'stop'], gap: 1 },
    ],
    reason: 'asks when or why {agent} will change',
  },
  // "waiting for things to get better", "hope it will go away": circumstances expected to change by themselves.
  {
    id: 'magical.waiting',
    family: 'magical_external',
    weight: 0.7,
    negation: 'flip',
    agency: true,
    steps: [
      { lemma: ['wait', 'hope', 'pray', 'wish', 'expect'] },
      { norm: ['for', 'that'], optional: true },
      { np: ['world'] },
      { norm: ['to', 'will', 'would', "'ll", 'might'], optional: true },
      { lemma: [...WORLD_CHANGE, 'lift', 'ease', 'fade', 'stop', 'end'], gap: 1 },
    ],
    reason: 'waiting for circumstances to change ({agent})',
    negatedReason: 'not waiting for things to change by themselves',
  },
  {
    id: 'magical.things-will-change',
    family: 'magical_external',
    weight: 0.5,
    agent: ['world'],
    negation: 'flip',
    steps: [
      { norm: ['will', 'would', 'should', 'need', 'needs', 'has', 'have'] },
      { norm: ['to'], optional: true },
      { lemma: WORLD_CHANGE, gap: 1 },
      { norm: ['better', 'away', 'easier', 'right', 'sorted', 'itself', 'themselves', 'out', 'on', 'by', 'down', 'up', 'in', 'off'], gap: 1 },
    ],
    reason: 'expects circumstances to change ({agent})',
    negatedReason: 'does not expect circumstances to change by themselves',
  },
  // "things will improve", "it should pass": circumstances changing with no one doing it.
  {
    id: 'magical.things-will-change-bare',
    family: 'magical_external',
    weight: 0.5,
    agent: ['world'],
    negation: 'flip',
    steps: [
      { norm: ['will', 'would', 'should', "'ll", 'might'] },
      { lemma: ['improve', 'settle', 'resolve', 'disappear', 'vanish', 'pass', 'lift', 'ease', 'fade', 'clear'], gap: 1 },
    ],
    reason: 'expects circumstances to change ({agent})',
    negatedReason: 'does not expect circumstances to change by themselves',
  },
  // "if only he would…": wishful, the other person holds the key.
  {
    id: 'magical.if-only',
    family: 'magical_external',
    weight: 0.6,
    negation: 'drop',
    agency: true,
    steps: [{ norm: ['if'] }, { norm: ['only'] }, { np: ['other', 'world', 'helper'] }],
    reason: 'wishes {agent} were different',
  },
  // "if they changed, everything would be fine", "so they change": the other person's change as the condition.
  {
    id: 'magical.if-other-changes',
    family: 'magical_external',
    weight: 0.6,
    negation: 'flip',
    agency: true,
    steps: [
      { norm: ['if', 'so', 'until', 'unless', 'once', 'when', 'till'] },
      { np: ['other'] },
      { norm: ['would', 'will', 'could', 'can', 'just', 'only', 'finally'], optional: true },
      { lemma: [...OTHER_CHANGES, 'retire', 'go', 'move', 'grow'], gap: 1 },
    ],
    reason: 'makes things depend on a change by {agent}',
    negatedReason: 'does not make it depend on {agent}',
  },
  // "Things will be better once the baby sleeps", "I will be fine when she stops": well-being waits on another's change.
  {
    id: 'magical.better-once',
    family: 'magical_external',
    weight: 0.6,
    negation: 'flip',
    agency: true,
    steps: [
      { norm: ['will', 'would', "'ll"] },
      { lemma: ['be', 'get', 'feel'], gap: 1 },
      { norm: ['better', 'fine', 'ok', 'okay', 'easier', 'good', 'alright', 'right', 'happy', 'happier'], gap: 1 },
      { norm: ['once', 'when', 'after', 'if', 'as'], gap: 1 },
      { norm: ['soon'], optional: true },
      { norm: ['as'], optional: true },
      { np: ['other', 'world', 'helper'] },
    ],
    reason: 'expects things to be better once {agent} changes',
    negatedReason: 'does not make it depend on {agent}',
  },
  // "When my husband gets a job things will be easier": well-being made to wait on another's step.
  {
    id: 'magical.better-after-other',
    family: 'magical_external',
    weight: 0.6,
    agent: ['world'],
    negation: 'flip',
    afterOtherCondition: true,
    steps: [
      { norm: ['will', 'would', "'ll"] },
      { lemma: ['be', 'get', 'feel'], gap: 1 },
      { norm: ['better', 'fine', 'ok', 'okay', 'easier', 'good', 'alright', 'right', 'happier'], gap: 1 },
    ],
    reason: 'expects things to be better once someone else changes',
    negatedReason: 'does not make it depend on someone else',
  },
  // "he makes me drink", "she made me angry": own actions and feelings attributed to someone else.
  {
    id: 'magical.other-makes-me',
    family: 'externalising',
    weight: 0.6,
    agent: ['other', 'world'],
    negation: 'drop',
    // "made me feel welcome": a kindness received is not a cause blamed.
    notFollowedBy: [
      'welcome',
      'safe',
      'happy',
      'better',
      'good',
      'proud',
      'comfortable',
      'calm',
      'relaxed',
      'hopeful',
      'special',
      'loved',
      'heard',
      'valued',
      'understood',
    ],
    steps: [
      { lemma: ['make', 'force', 'drive', 'push'] },
      { norm: ['me', 'us'] },
      // "feel welcome", "laugh": a kindness received is not a cause blamed.
      {
        pos: ['VERB', 'ADJ', 'NOUN'],
        notLemma: ['welcome', 'laugh', 'smile', 'safe', 'happy', 'better', 'good', 'proud', 'comfortable', 'calm', 'relaxed', 'hopeful', 'special'],
        gap: 1,
      },
    ],
    reason: 'sees {agent} as the cause of own actions or feelings',
  },
  {
    id: 'magical.fault',
    family: 'externalising',
    weight: 0.6,
    negation: 'flip',
    steps: [{ norm: ['his', 'her', 'their', 'its', 'your'] }, { norm: ['fault'] }],
    reason: 'places the responsibility with someone else',
    negatedReason: 'does not blame someone else',
  },

  // ——— magical: quick fix, omnipotent helper ———
  {
    id: 'fix.quick-fix',
    family: 'magical_quick_fix',
    weight: 0.9,
    negation: 'flip',
    steps: [{ lemma: QUICK }, { lemma: SOLUTIONS, gap: 1 }],
    reason: 'hopes for a quick or magical solution',
    negatedReason: 'does not expect a quick fix',
  },
  {
    id: 'fix.fix-it',
    family: 'magical_quick_fix',
    weight: 0.7,
    agent: ['helper', 'implicit', 'other', 'world'],
    negation: 'flip',
    steps: [{ lemma: FIX_VERBS }, { norm: ['it', 'me', 'this', 'everything', 'things', 'that', 'us'] }],
    reason: 'hopes someone will fix it (subject: {agent})',
    negatedReason: 'does not expect to be fixed',
  },
  {
    id: 'fix.get-it-fixed',
    family: 'magical_quick_fix',
    weight: 0.7,
    negation: 'flip',
    steps: [
      { lemma: ['need', 'want', 'get', 'have'] },
      { norm: ['it', 'this', 'that', 'me', 'everything', 'things'] },
      { norm: ['fixed', 'sorted', 'cured', 'solved', 'gone', 'over'] },
    ],
    reason: 'wants it fixed',
    negatedReason: 'does not expect to be fixed',
  },
  {
    id: 'fix.make-it-go-away',
    family: 'magical_quick_fix',
    weight: 0.8,
    negation: 'flip',
    steps: [
      { lemma: ['make', 'want', 'need', 'wish'] },
      { np: ['world'] },
      { norm: ['to'], optional: true },
      { lemma: VANISH, gap: 1 },
      { norm: ['away', 'off', 'forever', 'disappear'], optional: true },
    ],
    reason: 'wishes the problem would simply vanish ({agent})',
    negatedReason: 'does not expect the problem simply to vanish',
  },
  {
    id: 'fix.tell-me-what-to-do',
    family: 'magical_quick_fix',
    weight: 0.8,
    negation: 'flip',
    steps: [
      { lemma: ['tell', 'show', 'give'] },
      { norm: ['me', 'us'] },
      { norm: ['what', 'how', 'the'] },
      { norm: ['to', 'answer', 'answers', 'solution'] },
      { lemma: ['do', 'fix', 'live', 'feel', 'handle'], optional: true },
    ],
    reason: 'asks to be told what to do',
    negatedReason: 'does not want to be told what to do',
  },
  {
    id: 'fix.helper-will-fix',
    family: 'magical_quick_fix',
    weight: 0.7,
    agent: ['helper'],
    negation: 'flip',
    agency: true,
    steps: [
      { norm: ['can', 'will', 'should', 'must', 'could', 'would', 'need', 'have'] },
      { norm: ['to'], optional: true },
      { lemma: [...FIX_VERBS, 'tell', 'change', 'make', 'take', 'give'], gap: 1 },
    ],
    reason: 'expects {agent} to do the changing',
    negatedReason: 'does not expect {agent} to do the changing',
  },
  // "I was hoping you could fix me", "I need someone to sort my life out": the helper expected to do the changing.
  {
    id: 'fix.wish-helper-fixes',
    family: 'magical_quick_fix',
    weight: 0.7,
    negation: 'flip',
    agency: true,
    steps: [
      { lemma: [...DESIRE, 'need', 'expect', 'wait'] },
      { np: ['helper'] },
      { norm: ['to', 'would', 'will', 'could', 'might', 'can'] },
      { lemma: [...FIX_VERBS, 'sort', 'make', 'take', 'change', 'cure', 'tell', 'give'], gap: 1 },
    ],
    reason: 'hopes {agent} will do the changing',
    negatedReason: 'does not expect {agent} to do the changing',
  },
  // "I want the panic gone": the problem simply removed.
  {
    id: 'fix.want-it-gone',
    family: 'magical_quick_fix',
    weight: 0.7,
    negation: 'flip',
    steps: [{ lemma: ['want', 'need', 'wish'] }, { np: ['world'] }, { norm: ['gone', 'over', 'fixed', 'cured', 'sorted'] }],
    reason: 'wishes {agent} simply gone',
    negatedReason: 'does not expect {agent} simply to vanish',
  },
  {
    id: 'fix.expert',
    family: 'magical_quick_fix',
    weight: 0.6,
    negation: 'flip',
    steps: [{ norm: ['you'] }, { lemma: ['be', 'know'] }, { norm: ['the', 'best'] }, { norm: ['expert', 'professional', 'doctor'], optional: true }],
    reason: 'places the answers with the therapist',
    negatedReason: 'does not place the answers with the therapist',
  },

  // ——— working: a concrete, bounded aim; commitment and activation ———
  {
    id: 'working.commit',
    family: 'working',
    weight: 0.8,
    agent: PRONOUN_SUBJECT_SELF,
    negation: 'flip',
    agency: true,
    statement: true,
    // "I'm not sure I'm ready to give it up", "not sure I want to stop": a doubt, not the change talk it holds.
    notUncertain: true,
    steps: [
      { norm: COMMIT_NORMS },
      { norm: ['to'], optional: true },
      {
        pos: ['VERB'],
        notLemma: [...NOT_COMMITMENTS, 'slip', 'fall', 'relapse', 'lose', 'fail', 'die', 'forget', 'miss', 'need', 'want', 'like', 'feel', 'get'],
        gap: 2,
      },
    ],
    // "I was going to go for a walk": an intention in the past, not a commitment now.
    notAfter: ['was', 'were', 'been'],
    // "I'm scared I will go back to my old ways": a future feared, not an action committed to.
    notAfterInSentence: WORRY,
    reason: 'commits to an action ("I will", "I’m going to")',
    negatedReason: 'says they will not act',
  },
  {
    id: 'working.plan',
    family: 'working',
    weight: 0.7,
    agent: PRONOUN_SUBJECT_SELF,
    negation: 'flip',
    agency: true,
    // "I'm not sure I'm ready to give it up", "not sure I want to stop": a doubt, not the change talk it holds.
    notUncertain: true,
    steps: [{ lemma: PLAN }, { norm: ['to', 'on'] }, { pos: ['VERB'], gap: 1 }],
    reason: 'plans or decides to act',
    negatedReason: 'does not plan to act',
  },
  {
    id: 'working.ready',
    family: 'working',
    weight: 0.6,
    agent: PRONOUN_SUBJECT_SELF,
    negation: 'flip',
    agency: true,
    // "I'm not sure I'm ready to give it up", "not sure I want to stop": a doubt, not the change talk it holds.
    notUncertain: true,
    steps: [{ lemma: READY }, { norm: ['to', 'for'] }],
    reason: 'sounds ready to act',
    negatedReason: 'does not feel ready yet',
  },
  {
    id: 'working.bounded-aim',
    family: 'working',
    weight: 0.4,
    negation: 'drop',
    owned: true,
    // "she avoids conflict" names a way of coping, not a situation to work on.
    notAfter: ['avoid', 'avoids', 'avoided', 'avoiding'],
    steps: [{ norm: BOUNDED_AIMS, pos: ['NOUN', 'PROPN', 'VERB'] }],
    reason: 'names a concrete, bounded situation',
  },
  // "a new job", "another flat": a concrete, bounded change.
  {
    id: 'working.new-situation',
    family: 'working',
    weight: 0.4,
    negation: 'drop',
    steps: [{ norm: ['new', 'another', 'different'] }, { norm: ['job', 'house', 'flat', 'home', 'school', 'course', 'career', 'place'] }],
    reason: 'names a concrete, bounded change',
  },
  // "whether to take the job", "unsure whether I want children": a decision to make.
  {
    id: 'working.decision',
    family: 'working',
    weight: 0.5,
    negation: 'ignore',
    steps: [
      { norm: ['unsure', 'undecided', 'torn', 'know', 'sure', 'decide', 'deciding', 'choose', 'choosing', 'wondering'] },
      { norm: ['whether', 'which', 'between'], gap: 2 },
    ],
    reason: 'faces a decision',
  },
  // "I don't know if I should move back home": a decision to make.
  {
    id: 'working.decision-if',
    family: 'working',
    weight: 0.5,
    negation: 'ignore',
    steps: [
      { norm: ['unsure', 'undecided', 'know', 'sure', 'wondering', 'decide'] },
      { norm: ['if', 'whether'] },
      { self: true },
      { norm: ['should', 'ought', 'can', 'could'] },
    ],
    reason: 'faces a decision',
  },
  {
    id: 'working.behaviour',
    family: 'working',
    weight: 0.3,
    negation: 'ignore',
    owned: true,
    // "the breathing exercise", "a grounding exercise": the head of a skill's name is not the behaviour.
    notAfter: ['breathing', 'relaxation', 'grounding', 'mindfulness', 'thought', 'the', 'this', 'that'],
    // "cut down", "cut back": the step, not the behaviour (cutting as self-harm stays).
    notFollowedBy: ['down', 'back', 'out'],
    activityNeedsAim: true,
    steps: [{ lemma: TARGET_BEHAVIOURS, norm: TARGET_BEHAVIOURS }],
    reason: 'names a behaviour of their own — a possible focus for the work',
  },
  {
    id: 'working.doing-now',
    family: 'working',
    weight: 0.6,
    agent: ['self'],
    statement: true,
    negation: 'flip',
    agency: true,
    // "what I'm going through", "I'm going out": not a step being taken.
    notFollowedBy: ['to', 'through', 'out', 'mad', 'crazy', 'under', 'round', 'around', 'on'],
    steps: [
      { norm: ['am', 'are', "'m", "'re"] },
      {
        norm: [
          'trying',
          'working',
          'cutting',
          'starting',
          'taking',
          'walking',
          'exercising',
          'getting',
          'reducing',
          'quitting',
          'stopping',
          'practising',
          'practicing',
          'eating',
          'learning',
          'using',
          'going',
        ],
        gap: 1,
      },
    ],
    reason: 'is already working on it',
    negatedReason: 'is not working on it now',
  },
  // "I'm thinking about cutting down", "considering going back to the gym": a concrete step weighed.
  {
    id: 'working.considering',
    family: 'working',
    weight: 0.4,
    agent: PRONOUN_SUBJECT_SELF,
    negation: 'drop',
    agency: true,
    steps: [
      { norm: ['thinking', 'considering'] },
      { norm: ['about', 'of'], optional: true },
      { lemma: CHANGE_VERBS, ing: true, notLemma: ['be', 'go', 'get'] },
    ],
    reason: 'weighs a concrete step',
  },
  {
    id: 'working.time-frame',
    family: 'working',
    weight: 0.3,
    negation: 'drop',
    withAim: true,
    steps: [
      { norm: ['by', 'before', 'this', 'next', 'every', 'each', 'twice', 'once', 'within', 'on', 'in', 'over', 'for', 'until'] },
      { norm: ['a', 'the', 'end', 'of'], optional: true },
      { norm: TIME_UNITS, gap: 3 },
    ],
    reason: 'sets a time frame for an aim',
  },
  {
    id: 'working.time-word',
    family: 'working',
    weight: 0.3,
    negation: 'drop',
    withAim: true,
    steps: [{ norm: ['tomorrow', 'tonight', 'daily', 'weekly', 'deadline'] }],
    reason: 'sets a time frame for an aim',
  },
  // "Plan: Sam to complete the diary", "Priya to decide about the move": a goal set in a note.
  {
    id: 'working.note-goal',
    family: 'working',
    weight: 0.5,
    writer: 'therapist',
    negation: 'drop',
    agency: true,
    steps: [{ self: true, pos: ['PROPN', 'NOUN'] }, { norm: ['to'] }, { pos: ['VERB'], notLemma: ['be', 'have'] }],
    reason: 'a step the client is to take, set in the note',
  },

  // ——— therapeutic: the self as the object of change; patterns from the past ———
  {
    id: 'therapeutic.understand-why',
    family: 'therapeutic',
    weight: 0.8,
    // "I'd like my family to understand what I'm going through": their understanding, not the client's.
    agent: PRONOUN_SUBJECT_SELF,
    negation: 'drop',
    steps: [
      { lemma: ['understand', 'figure', 'find', 'know', 'learn', 'explore', 'see', 'work', 'wonder', 'look'] },
      { norm: ['out', 'at'], optional: true },
      { norm: ['why', 'how', 'what'] },
      { self: true, gap: 2 },
    ],
    reason: 'wants to understand their own part',
  },
  {
    id: 'therapeutic.i-keep',
    family: 'therapeutic',
    weight: 0.7,
    agent: ['self'],
    negation: 'drop',
    notAfter: ['to'],
    steps: [{ lemma: ['keep', 'end'] }, { norm: ['on', 'up'], optional: true }, { pos: ['VERB', 'NOUN', 'ADJ'], ing: true, notLemma: NOT_PATTERNS, gap: 1 }],
    reason: 'notices a repeating pattern in themselves',
  },
  {
    id: 'therapeutic.always-end-up',
    family: 'therapeutic',
    weight: 0.6,
    agent: PRONOUN_SUBJECT_SELF,
    negation: 'drop',
    steps: [
      { norm: ['always', 'constantly', 'repeatedly'] },
      { lemma: ['end', 'fall', 'pick', 'choose', 'push', 'sabotage', 'let', 'repeat', 'attract', 'get', 'fall'] },
    ],
    reason: 'describes something they always do',
  },
  // "I always shut down when…", "I tend to freeze": a habitual way of reacting.
  {
    id: 'therapeutic.habitual-reaction',
    family: 'therapeutic',
    weight: 0.6,
    agent: PRONOUN_SUBJECT_SELF,
    negation: 'drop',
    steps: [
      { norm: ['always', 'usually', 'tend', 'often'] },
      { norm: ['to'], optional: true },
      {
        lemma: [
          'shut',
          'freeze',
          'panic',
          'snap',
          'withdraw',
          'explode',
          'overreact',
          'apologise',
          'apologize',
          'blame',
          'clam',
          'lash',
          'cave',
          'avoid',
          'go',
        ],
        gap: 1,
      },
      { norm: ['down', 'up', 'out', 'quiet', 'silent', 'blank', 'myself', 'in'], optional: true },
    ],
    reason: 'describes a way they habitually react — a pattern to look at',
  },
  // "that still affects me", "it still haunts me": the past still at work in the present.
  {
    id: 'therapeutic.still-affects',
    family: 'therapeutic',
    weight: 0.6,
    negation: 'drop',
    steps: [
      { norm: ['still'] },
      { lemma: ['affect', 'haunt', 'shape', 'follow', 'hurt', 'bother', 'colour', 'color'] },
      { norm: ['me', 'us', 'how'], self: true },
    ],
    reason: 'the past still at work in the present',
  },
  // "stop being such a people pleaser", "stop being so hard on myself": a way of being to change.
  {
    id: 'therapeutic.stop-being',
    family: 'therapeutic',
    weight: 0.6,
    agent: PRONOUN_SUBJECT_SELF,
    negation: 'drop',
    steps: [{ lemma: ['stop', 'quit'] }, { norm: ['being'] }, { norm: ['so', 'such', 'too', 'that', 'always', 'the'] }],
    reason: 'wants to change a way they are',
  },
  // "gets defensive whenever her partner criticises her": a reaction that comes each time.
  {
    id: 'therapeutic.whenever',
    family: 'therapeutic',
    weight: 0.6,
    agent: PRONOUN_SUBJECT_SELF,
    negation: 'drop',
    steps: [
      { lemma: ['get', 'become', 'go', 'feel', 'freeze', 'panic', 'snap', 'react', 'withdraw', 'shut', 'overreact'] },
      { pos: ['ADJ', 'ADV', 'ADP'], optional: true, gap: 1 },
      { norm: ['whenever'] },
    ],
    reason: 'describes a way they react each time — a pattern',
  },
  // "I get that from my dad", "I learned it from my mother": a way of being traced to a parent.
  {
    id: 'therapeutic.from-parent',
    family: 'therapeutic',
    weight: 0.6,
    negation: 'drop',
    steps: [
      { lemma: ['get', 'learn', 'inherit', 'pick', 'take'] },
      { norm: ['that', 'it', 'this'], optional: true },
      { norm: ['up'], optional: true },
      { norm: ['from'] },
      { self: true, norm: ['my', 'our'] },
      { lemma: EARLY_FIGURES },
    ],
    reason: 'links their way to a parent’s or family’s',
  },
  {
    id: 'therapeutic.my-pattern',
    family: 'therapeutic',
    weight: 0.6,
    negation: 'drop',
    steps: [
      { norm: ['my', 'our'], self: true },
      { lemma: SELF_PATTERNS, pos: ['NOUN', 'PROPN'], gap: 1 },
    ],
    reason: 'names something in themselves to work on (a pattern, a trait, a feeling)',
  },
  // "how I react", "how she handles criticism": the client's own way of doing things.
  {
    id: 'therapeutic.how-i',
    family: 'therapeutic',
    weight: 0.5,
    negation: 'drop',
    steps: [
      { norm: ['how'] },
      { self: true },
      { pos: ['VERB', 'AUX'], notLemma: ['be', 'do', 'can', 'will', 'should', 'could', 'would', 'get', 'stop', 'go'], gap: 1 },
    ],
    reason: 'looks at how they do things',
  },
  // "I seem to repeat what happened between my parents".
  {
    id: 'therapeutic.repeat',
    family: 'therapeutic',
    weight: 0.6,
    agent: ['self', 'implicit'],
    negation: 'drop',
    steps: [
      { lemma: ['repeat', 'recreate', 'replay', 'mirror', 'copy'] },
      { norm: ['what', 'the', 'my', 'same', 'pattern', 'patterns', 'history', 'mistakes', 'it'], self: true, gap: 1 },
    ],
    reason: 'sees themselves repeating something from the past',
  },
  // "as his father did", "like my mother": the client's way linked to a parent's.
  {
    id: 'therapeutic.like-parent',
    family: 'therapeutic',
    weight: 0.5,
    negation: 'drop',
    // "like" as a comparison, not the verb ("I'd like my family to understand").
    notAfter: ['would', 'should'],
    steps: [{ norm: ['as', 'like'], pos: ['ADP', 'SCONJ', 'ADV'] }, { self: true }, { lemma: EARLY_FIGURES }],
    reason: 'links their way to a parent’s or family’s',
  },
  // "so hard on myself", "kinder to herself": how the client treats themselves.
  {
    id: 'therapeutic.self-relation',
    family: 'therapeutic',
    weight: 0.6,
    negation: 'ignore',
    steps: [
      { norm: ['hard', 'harsh', 'critical', 'tough', 'strict', 'kind', 'kinder', 'gentle', 'gentler', 'patient', 'mean', 'cruel'] },
      { norm: ['on', 'with', 'to', 'towards'] },
      { norm: ['myself', 'ourselves', 'himself', 'herself', 'themselves', 'themself'] },
    ],
    reason: 'looks at how they treat themselves',
  },
  {
    id: 'therapeutic.the-way-i',
    family: 'therapeutic',
    weight: 0.6,
    negation: 'drop',
    steps: [{ norm: ['the'] }, { norm: ['way'] }, { norm: ['i', 'we'] }, { pos: ['VERB', 'AUX'], gap: 1 }],
    reason: 'looks at the way they do things',
  },
  {
    id: 'therapeutic.change-myself',
    family: 'therapeutic',
    weight: 0.8,
    negation: 'flip',
    agency: true,
    steps: [
      { lemma: ['change', 'understand', 'accept', 'work', 'know', 'love', 'forgive', 'trust', 'look'] },
      { norm: ['on', 'at'], optional: true },
      { norm: ['myself', 'ourselves', 'himself', 'herself', 'themselves', 'themself'] },
    ],
    reason: 'makes themselves the object of change',
    negatedReason: 'does not want to change themselves',
  },
  {
    id: 'therapeutic.early-years',
    family: 'therapeutic',
    weight: 0.6,
    negation: 'drop',
    steps: [
      { norm: ['when', 'since', 'as'] },
      { norm: ['i', 'a', 'he', 'she', 'they'] },
      { norm: ['was', 'were'], optional: true },
      { norm: ['child', 'kid', 'teenager', 'little', 'young', 'growing', 'small', 'baby', 'boy', 'girl', 'teen', 'at'], gap: 1 },
    ],
    reason: 'links the present to their early years',
  },
  {
    id: 'therapeutic.growing-up',
    family: 'therapeutic',
    weight: 0.6,
    negation: 'drop',
    steps: [{ norm: ['growing', 'childhood', 'upbringing'] }, { norm: ['up'], optional: true }],
    reason: 'links the present to their upbringing',
  },
  {
    id: 'therapeutic.reminds-of',
    family: 'therapeutic',
    weight: 0.6,
    negation: 'drop',
    steps: [
      { lemma: ['remind', 'like', 'same', 'repeat', 'just'] },
      { norm: ['me', 'as', 'of', 'like', 'what'], gap: 1 },
      { norm: ['my'], self: true, gap: 3 },
      { lemma: EARLY_FIGURES },
    ],
    reason: 'links a present relationship to an early one',
  },

  // ——— structuralizing: making gains last, managing on one's own ———
  {
    id: 'structure.keep-gains',
    family: 'structuralizing',
    weight: 0.8,
    negation: 'flip',
    steps: [
      { lemma: ['keep', 'maintain', 'sustain', 'hold', 'protect', 'consolidate', 'preserve', 'build'] },
      { norm: ['on', 'onto', 'up', 'to'], optional: true },
      { lemma: GAINS, pos: ['NOUN'], gap: 2 },
    ],
    reason: 'wants the gains to last',
    negatedReason: 'does not speak of keeping the gains',
  },
  {
    id: 'structure.make-it-last',
    family: 'structuralizing',
    weight: 0.8,
    negation: 'flip',
    steps: [
      { lemma: ['make', 'keep'] },
      { norm: ['it', 'this', 'that', 'things', 'them', 'the', 'these', 'my'] },
      { norm: ['last', 'stick', 'up', 'going'], gap: 1 },
    ],
    reason: 'wants the change to last',
    negatedReason: 'does not expect the change to last',
  },
  // "make sure this sticks", "make sure it lasts".
  {
    id: 'structure.make-sure-it-lasts',
    family: 'structuralizing',
    weight: 0.7,
    negation: 'flip',
    steps: [{ norm: ['sure'] }, { norm: ['this', 'it', 'that', 'things', 'the', 'changes', 'progress'], gap: 1 }, { lemma: ['stick', 'last', 'hold'], gap: 1 }],
    reason: 'thinks about whether the change will last',
    negatedReason: 'worries the change may not last',
  },
  {
    id: 'structure.last',
    family: 'structuralizing',
    weight: 0.8,
    negation: 'flip',
    steps: [{ lemma: ['last', 'stick', 'hold'] }, { norm: ['for', 'long', 'after', 'when', 'this', 'time', 'once'], gap: 1 }],
    reason: 'thinks about whether the change will last',
    negatedReason: 'worries the change may not last',
  },
  // "Will it last?", "the gains won't last": whether the change holds.
  {
    id: 'structure.will-last',
    family: 'structuralizing',
    weight: 0.7,
    negation: 'ignore',
    steps: [{ norm: ['will', 'would', "'ll", 'might', 'can', 'could'] }, { norm: ['last'], pos: ['VERB'], gap: 2 }],
    reason: 'thinks about whether the change will last',
  },
  // "be my own therapist": keeping the work going without the therapist.
  {
    id: 'structure.own-therapist',
    family: 'structuralizing',
    weight: 0.8,
    negation: 'ignore',
    steps: [{ norm: ['own'] }, { norm: ['therapist', 'coach', 'counsellor', 'counselor', 'support'] }],
    reason: 'wants to carry on the work without the therapist',
  },
  {
    id: 'structure.for-good',
    family: 'structuralizing',
    weight: 0.6,
    negation: 'flip',
    steps: [{ norm: ['for'] }, { norm: ['good', 'ever'] }],
    reason: 'wants the change for good',
    negatedReason: 'does not expect the change to be for good',
  },
  {
    id: 'structure.long-term',
    family: 'structuralizing',
    weight: 0.5,
    negation: 'flip',
    steps: [{ norm: ['long', 'longer'] }, { norm: ['term', 'run', 'haul'] }],
    reason: 'thinks about the long term',
    negatedReason: 'does not think about the long term',
  },
  {
    id: 'structure.long-term-word',
    family: 'structuralizing',
    weight: 0.5,
    negation: 'flip',
    steps: [{ norm: ['long-term', 'longer-term'] }],
    reason: 'thinks about the long term',
    negatedReason: 'does not think about the long term',
  },
  // Keeping up what works: "keep using the breathing", "carry on practising".
  {
    id: 'structure.keep-doing',
    family: 'structuralizing',
    weight: 0.6,
    negation: 'flip',
    // "I want to keep doing the exercises" keeps up a gain; "I keep going back to the same thought" is a loop, not an aim.
    withAim: true,
    notFollowedBy: ['back'],
    steps: [
      { lemma: ['keep', 'continue', 'carry'] },
      { norm: ['on', 'up'], optional: true },
      {
        norm: [
          'using',
          'doing',
          'practising',
          'practicing',
          'going',
          'working',
          'trying',
          'applying',
          'exercising',
          'walking',
          'meditating',
          'writing',
          'coming',
          'it',
          'this',
          'that',
          'things',
        ],
        gap: 1,
      },
    ],
    reason: 'wants to keep up what works',
    negatedReason: 'does not expect to keep it up',
  },
  {
    id: 'structure.on-my-own',
    family: 'structuralizing',
    weight: 0.8,
    negation: 'ignore',
    agency: true,
    steps: [
      {
        lemma: [
          'cope',
          'manage',
          'handle',
          'deal',
          'do',
          'carry',
          'continue',
          'keep',
          'work',
          'go',
          'stand',
          'calm',
          'soothe',
          'look',
          'use',
          'practise',
          'practice',
          'apply',
        ],
      },
      { norm: ['it', 'this', 'things', 'on', 'with', 'after', 'going', 'myself', 'down'], optional: true, gap: 2 },
      { norm: ['own', 'myself', 'alone', 'independently', 'without', 'herself', 'himself', 'themselves'], gap: 6 },
    ],
    reason: 'speaks of managing on their own',
  },
  {
    id: 'structure.no-falling-back',
    family: 'structuralizing',
    weight: 0.8,
    negation: 'ignore',
    steps: [{ lemma: ['fall', 'slip', 'slide', 'drift'] }, { norm: ['back'] }, { norm: ['into', 'to'], optional: true }],
    reason: 'thinks about not falling back',
  },
  // "How do I stop it coming back?", "prevent it from happening again": keeping the problem from returning.
  {
    id: 'structure.stop-it-returning',
    family: 'structuralizing',
    weight: 0.7,
    negation: 'ignore',
    steps: [{ lemma: ['stop', 'prevent'] }, { norm: ['coming', 'creeping', 'returning', 'happening'], gap: 3 }, { norm: ['back', 'again'] }],
    reason: 'wants to keep the problem from returning',
  },
  // "stay well", "keep myself well", "stay sober": holding on to a change made.
  {
    id: 'structure.stay-well',
    family: 'structuralizing',
    weight: 0.6,
    agent: PRONOUN_SUBJECT_SELF,
    negation: 'flip',
    steps: [
      { lemma: ['stay', 'keep', 'remain'] },
      { norm: ['myself', 'ourselves'], self: true, optional: true },
      { norm: ['well', 'sober', 'clean', 'healthy', 'abstinent'] },
    ],
    reason: 'wants to hold on to the change',
    negatedReason: 'does not speak of holding on to the change',
  },
  // "what to do if the panic comes back", "in case the low mood creeps back": planning for a return.
  {
    id: 'structure.if-it-returns',
    family: 'structuralizing',
    weight: 0.7,
    negation: 'ignore',
    steps: [{ norm: ['if', 'when', 'case'] }, { np: ['world'] }, { lemma: ['come', 'creep', 'start'], gap: 1 }, { norm: ['back', 'again'] }],
    reason: 'thinks ahead to the problem returning',
  },
  {
    id: 'structure.no-going-back',
    family: 'structuralizing',
    weight: 0.7,
    negation: 'ignore',
    steps: [
      // "go back to my old ways", "end up back where I started".
      { lemma: ['go', 'end', 'slide', 'slip'] },
      { norm: ['up'], optional: true },
      { norm: ['back'] },
      { norm: ['into', 'to', 'where'] },
      { norm: ['old', 'square', 'how', 'where', 'being', 'drinking', 'smoking', 'using', 'feeling', 'i', 'we'], gap: 1 },
    ],
    reason: 'thinks about not falling back',
  },
  {
    id: 'structure.relapse',
    family: 'structuralizing',
    weight: 0.7,
    negation: 'ignore',
    steps: [{ lemma: RELAPSE }],
    reason: 'thinks about setbacks and relapse prevention',
  },
  {
    id: 'structure.old-ways',
    family: 'structuralizing',
    weight: 0.6,
    negation: 'ignore',
    steps: [{ norm: ['old'] }, { lemma: ['way', 'habit', 'pattern', 'self'] }],
    reason: 'thinks about not returning to old ways',
  },
  // "after discharge", "before I am discharged": the end of treatment named as such.
  // "anxious about ending therapy", "scared of finishing the sessions": the end of therapy in view.
  {
    id: 'structure.ending-therapy',
    family: 'structuralizing',
    weight: 0.7,
    negation: 'ignore',
    steps: [
      { norm: ['about', 'of', 'after', 'before'] },
      { norm: ['ending', 'finishing', 'leaving', 'stopping'] },
      { norm: ['therapy', 'treatment', 'counselling', 'counseling', 'sessions', 'the'] },
      { norm: ['sessions', 'therapy', 'treatment'], optional: true },
    ],
    reason: 'thinks about life after therapy ends',
  },
  // "make sure this sticks", "the warning signs": holding on to the change, seeing a relapse coming.
  {
    id: 'structure.warning-signs',
    family: 'structuralizing',
    weight: 0.7,
    negation: 'ignore',
    steps: [{ norm: ['warning', 'early'] }, { norm: ['signs', 'sign', 'signals'] }],
    reason: 'watches for the signs of a setback',
  },
  {
    id: 'structure.after-discharge',
    family: 'structuralizing',
    weight: 0.7,
    negation: 'ignore',
    steps: [{ norm: ['after', 'before', 'at', 'until', 'till', 'beyond'] }, { norm: ENDING_NOUNS, gap: 2 }],
    reason: 'thinks about life after therapy ends',
  },
  // "a plan for when things get hard again", "a plan for if I slip": preparing for setbacks ahead.
  {
    id: 'structure.setback-plan',
    family: 'structuralizing',
    weight: 0.7,
    negation: 'flip',
    steps: [{ lemma: ['plan', 'strategy'] }, { norm: ['for'] }, { norm: ['when', 'if', 'setbacks', 'bad', 'hard', 'difficult'] }],
    reason: 'prepares for setbacks ahead',
    negatedReason: 'does not plan for setbacks',
  },
  {
    id: 'structure.after-therapy',
    family: 'structuralizing',
    weight: 0.8,
    negation: 'ignore',
    steps: [
      { norm: ['after', 'once', 'when'] },
      { lemma: ENDING, gap: 1 },
      { norm: ['end', 'ends', 'ended', 'finish', 'finishes', 'finished', 'stop', 'stops', 'over', 'done'], gap: 1 },
    ],
    reason: 'thinks about life after therapy ends',
  },

  // ——— practice: skills practised, past-tense action ———
  {
    id: 'practice.past-action',
    family: 'practice',
    weight: 0.8,
    agent: PRONOUN_SUBJECT_SELF,
    negation: 'flip',
    agency: true,
    steps: [
      { lemma: PRACTICE_VERBS, past: true },
      { norm: SKILL_WORDS, lemma: SKILL_WORDS, gap: 3 },
    ],
    reason: 'describes a skill or step put into practice',
    negatedReason: 'did not get to practise',
  },
  {
    id: 'practice.tried',
    family: 'practice',
    weight: 0.7,
    agent: PRONOUN_SUBJECT_SELF,
    negation: 'flip',
    agency: true,
    steps: [
      { lemma: ['try', 'practise', 'practice', 'rehearse', 'manage', 'remember'], past: true },
      { norm: ['to'], optional: true },
      { pos: ['VERB', 'NOUN'], notLemma: ['be', 'everything', 'anything', 'all', 'nothing'], gap: 1 },
    ],
    reason: 'describes something they tried',
    negatedReason: 'did not try it this time',
  },
  {
    id: 'practice.changed',
    family: 'practice',
    weight: 0.6,
    agent: PRONOUN_SUBJECT_SELF,
    negation: 'flip',
    agency: true,
    direction: 'less',
    steps: [{ lemma: ['cut', 'quit', 'stop', 'reduce', 'limit', 'drop'], past: true }],
    reason: 'describes a change already made: less of a behaviour they want less of',
    negatedReason: 'has not made this change',
  },
  {
    id: 'practice.started',
    family: 'practice',
    weight: 0.6,
    agent: PRONOUN_SUBJECT_SELF,
    negation: 'flip',
    agency: true,
    direction: 'more',
    steps: [{ lemma: ['start', 'begin', 'join', 'restart', 'resume', 'increase'], past: true }],
    reason: 'describes a change already made: more of something they want more of',
    negatedReason: 'has not made this change',
  },
  {
    id: 'practice.swapped',
    family: 'practice',
    weight: 0.6,
    agent: PRONOUN_SUBJECT_SELF,
    negation: 'flip',
    agency: true,
    steps: [{ lemma: ['switch', 'substitute', 'replace', 'swap'], past: true }],
    reason: 'describes a change already made',
    negatedReason: 'has not made this change',
  },
  // "He has been walking to work every day", "I've been meditating": a practice kept up.
  {
    id: 'practice.kept-up',
    family: 'practice',
    weight: 0.7,
    agent: PRONOUN_SUBJECT_SELF,
    negation: 'flip',
    agency: true,
    steps: [
      { lemma: ['walk', 'run', 'exercise', 'meditate', 'practise', 'practice', 'journal', 'swim', 'cycle', 'stretch', 'breathe'], past: true, ing: true },
    ],
    reason: 'describes a practice kept up',
    negatedReason: 'has not kept this up',
  },
  {
    id: 'practice.reported',
    family: 'practice',
    weight: 0.7,
    negation: 'flip',
    agency: true,
    steps: [
      { lemma: ['report', 'describe', 'mention'], past: true },
      { lemma: ['practise', 'practice', 'use', 'try', 'complete', 'apply'], ing: true, gap: 3 },
    ],
    reason: 'reports a practice since last time',
    negatedReason: 'reports not practising',
  },

  // ——— rupture: withdrawal ———
  {
    id: 'withdrawal.dont-know',
    family: 'rupture_withdrawal',
    weight: 0.5,
    negation: 'ignore',
    maxWords: 12,
    // "I don't know why I…", "…whether to take the job": ordinary uncertainty about something named, not a withdrawal.
    notFollowedBy: ['why', 'what', 'how', 'whether', 'if', 'where', 'when', 'who', 'which', 'about', 'that', 'yet', 'the'],
    steps: [{ lemma: ['do'] }, { norm: ['not'] }, { lemma: ['know', 'care', 'mind'] }],
    reason: 'a short "I don’t know" may be a withdrawal; worth asking about',
  },
  {
    id: 'withdrawal.not-sure',
    family: 'rupture_withdrawal',
    weight: 0.4,
    negation: 'ignore',
    maxWords: 6,
    notFollowedBy: ['why', 'what', 'how', 'whether', 'if', 'where', 'when', 'who', 'which', 'about', 'that'],
    steps: [{ norm: ['not'] }, { norm: ['sure', 'really'] }],
    reason: 'a short, noncommittal reply',
  },
  {
    id: 'withdrawal.minimal',
    family: 'rupture_withdrawal',
    weight: 0.4,
    negation: 'ignore',
    maxWords: 2,
    steps: [
      {
        norm: [
          'fine',
          'ok',
          'okay',
          'nothing',
          'whatever',
          'nope',
          'same',
          'meh',
          'dunno',
          'nah',
          'no',
          'yeah',
          'yes',
          'sure',
          'alright',
          'n/a',
          'nothing',
          'good',
        ],
      },
    ],
    reason: 'a minimal reply; there may be more to say',
  },
  {
    id: 'withdrawal.whatever',
    family: 'rupture_withdrawal',
    weight: 0.5,
    negation: 'ignore',
    steps: [{ norm: ['whatever', 'meh'] }],
    reason: 'sounds disengaged',
  },
  {
    id: 'withdrawal.hopeless',
    family: 'rupture_withdrawal',
    weight: 0.8,
    negation: 'flip',
    steps: [{ norm: HOPELESS_WORDS }],
    reason: 'sounds hopeless',
    negatedReason: 'says it is not hopeless',
  },
  // "Nothing to say", "she had nothing to talk about": little offered in the session.
  {
    id: 'withdrawal.nothing-to-say',
    family: 'rupture_withdrawal',
    weight: 0.6,
    negation: 'ignore',
    steps: [{ norm: ['nothing'] }, { norm: ['to'] }, { lemma: ['say', 'talk', 'add', 'tell', 'share'] }],
    reason: 'has nothing to say; there may be more behind it',
  },
  // "Not much to report", "not much to say": little offered.
  {
    id: 'withdrawal.not-much-to-say',
    family: 'rupture_withdrawal',
    weight: 0.5,
    negation: 'ignore',
    steps: [
      { norm: ['not'] },
      { norm: ['much', 'a', 'lot'] },
      { norm: ['lot'], optional: true },
      { norm: ['to'] },
      { lemma: ['say', 'report', 'talk', 'add', 'tell'] },
    ],
    reason: 'has little to say; there may be more behind it',
  },
  // "Can we talk about something else?", "I'd rather not talk about that": steering away from the subject.
  {
    id: 'withdrawal.change-subject',
    family: 'rupture_withdrawal',
    weight: 0.6,
    negation: 'ignore',
    steps: [{ lemma: ['talk', 'move', 'go'] }, { norm: ['about', 'on', 'onto', 'to'] }, { norm: ['something', 'anything'] }, { norm: ['else'] }],
    reason: 'steers away from the subject',
  },
  {
    id: 'withdrawal.rather-not',
    family: 'rupture_withdrawal',
    weight: 0.6,
    negation: 'ignore',
    steps: [{ norm: ['rather'] }, { norm: ['not'] }, { lemma: ['talk', 'discuss', 'go', 'get', 'say'] }],
    reason: 'steers away from the subject',
  },
  {
    id: 'withdrawal.no-point',
    family: 'rupture_withdrawal',
    weight: 0.8,
    negation: 'ignore',
    // "did not use the breathing": "use" the verb is no doubt about any point.
    steps: [{ norm: ['no', 'the', 'not'] }, { norm: ['point', 'use', 'sense'], pos: ['NOUN'] }],
    reason: 'doubts there is any point',
  },
  {
    id: 'withdrawal.give-up',
    family: 'rupture_withdrawal',
    weight: 0.7,
    negation: 'flip',
    // "give up smoking" is change talk, not giving up.
    notFollowedBy: [
      ...TARGET_BEHAVIOURS,
      'the',
      'my',
      'his',
      'her',
      'their',
      'our',
      'your',
      'a',
      'an',
      'this',
      'that',
      'alcohol',
      'booze',
      'meat',
      'sugar',
      'fags',
      // "I've given up waiting for him to change" gives up a wait, not the work.
      'waiting',
      'hoping',
      'expecting',
      'worrying',
    ],
    steps: [{ lemma: ['give'] }, { norm: ['up'] }, { norm: ['on', 'trying', 'hope'], optional: true }],
    reason: 'speaks of giving up',
    negatedReason: 'is not giving up',
  },
  {
    id: 'withdrawal.nothing-works',
    family: 'rupture_withdrawal',
    weight: 0.7,
    // "They will never change" is about another person, not a loss of hope in the work.
    agent: ['self', 'implicit', 'world', 'helper'],
    negation: 'ignore',
    // "Nothing will change until my partner stops drinking" makes it wait on another (magical), not a loss of hope.
    notFollowedBy: ['at', 'in', 'with', 'about', 'but', 'yet', 'until', 'unless', 'till'],
    steps: [
      { norm: ['nothing', 'never'] },
      { norm: ['will', 'ever', 'really', 'seems', 'is', 'has'], optional: true, gap: 1 },
      { lemma: ['work', 'help', 'change', 'get'], pos: ['VERB'], gap: 1 },
      { norm: ['better', 'different', 'anything', 'any'], optional: true },
    ],
    reason: 'sounds as if nothing will help',
  },
  // In a note: "was quiet", "seemed withdrawn", "gave one-word answers" (a therapist's observation of the client).
  // "said little", "spoke very little": a note of little offered.
  {
    id: 'withdrawal.said-little',
    family: 'rupture_withdrawal',
    weight: 0.6,
    writer: 'therapist',
    agent: ['self'],
    negation: 'drop',
    steps: [{ lemma: ['say', 'speak', 'talk', 'offer', 'share'] }, { norm: ['very'], optional: true }, { norm: ['little'] }],
    reason: 'the note describes the client withdrawing',
  },
  {
    id: 'withdrawal.observed',
    family: 'rupture_withdrawal',
    weight: 0.7,
    writer: 'therapist',
    agent: ['self'],
    negation: 'drop',
    steps: [
      { lemma: ['be', 'seem', 'appear', 'become', 'look', 'go', 'fall'] },
      { norm: ['quiet', 'withdrawn', 'silent', 'disengaged', 'distant', 'guarded', 'closed', 'detached', 'monosyllabic', 'shut'], gap: 2 },
    ],
    reason: 'the note describes the client withdrawing',
  },
  {
    id: 'withdrawal.short-answers',
    family: 'rupture_withdrawal',
    weight: 0.6,
    writer: 'therapist',
    negation: 'drop',
    steps: [{ norm: ['one-word', 'minimal', 'short', 'brief', 'monosyllabic'] }, { norm: ['answers', 'replies', 'responses', 'answer'] }],
    reason: 'the note describes minimal replies',
  },
  {
    id: 'withdrawal.tried-everything',
    family: 'rupture_withdrawal',
    weight: 0.6,
    agent: PRONOUN_SUBJECT_SELF,
    negation: 'ignore',
    steps: [{ lemma: ['try'], past: true }, { norm: ['everything', 'it', 'all'] }, { norm: ['before', 'already', 'everything'], optional: true }],
    reason: 'feels they have tried everything already',
  },

  // "I only came because my wife made me", "I'm here because my doctor sent me": attendance on someone else's say-so.
  {
    id: 'agency.sent-by-others',
    family: 'externalising',
    weight: 0.6,
    negation: 'drop',
    steps: [
      { norm: ['because', 'cause', 'since'] },
      { np: ['other', 'helper'] },
      { lemma: ['make', 'send', 'force', 'tell', 'want', 'refer', 'ask'] },
      { norm: ['me', 'us'], self: true },
    ],
    reason: 'came because {agent} asked it, not yet their own choice',
  },
  // ——— rupture: confrontation ———
  {
    id: 'confront.therapist-fails',
    family: 'rupture_confrontation',
    weight: 0.9,
    agent: ['helper'],
    negation: 'ignore',
    steps: [{ lemma: ['do', 'be', 'will', 'can'] }, { norm: ['not', 'never'] }, { lemma: THERAPIST_FAILS, gap: 1 }],
    reason: 'a complaint about the therapist or the therapy ({agent})',
  },
  {
    id: 'confront.not-helping',
    family: 'rupture_confrontation',
    weight: 0.8,
    agent: ['helper'],
    negation: 'ignore',
    steps: [{ norm: ['not', 'never'] }, { norm: ['helping', 'working', 'help', 'work', 'helped', 'worked'], gap: 1 }],
    reason: 'says the therapy is not helping ({agent})',
  },
  // "It isn't helping", "this doesn't work": a pronoun for the work itself.
  {
    id: 'confront.it-not-helping',
    family: 'rupture_confrontation',
    weight: 0.6,
    negation: 'ignore',
    agentWords: ['it', 'this', 'that'],
    steps: [{ norm: ['not', 'never'] }, { norm: ['helping', 'working', 'help', 'work'] }],
    reason: 'says it is not helping',
  },
  // "I don't think you get me", "you never listen": negated therapist verbs with "you" as subject.
  // "You never let me finish", "you don't let me explain": a complaint about how the therapist listens.
  {
    id: 'confront.you-dont-let',
    family: 'rupture_confrontation',
    weight: 0.8,
    negation: 'require',
    steps: [
      { norm: ['you'] },
      { lemma: ['let', 'allow', 'give'], gap: 1 },
      { norm: ['me'] },
      { lemma: ['finish', 'speak', 'talk', 'say', 'explain', 'chance', 'time'], gap: 2 },
    ],
    reason: 'a complaint about the therapist',
  },
  // "I don't see how talking about my childhood will help", "I don't see what the diary will change": doubt about the therapy's method.
  {
    id: 'confront.doubts-method',
    family: 'rupture_confrontation',
    weight: 0.7,
    negation: 'require',
    steps: [
      { lemma: ['see', 'understand'] },
      { norm: ['how', 'what', 'why'] },
      { norm: [...THERAPY_WORDS, ...TASKS, 'talking', 'writing', 'going', 'coming', 'doing', 'breathing'], gap: 1 },
      { lemma: ['help', 'change', 'work', 'do', 'matter', 'fix'], gap: 6 },
    ],
    reason: 'doubts the therapy’s way of working will help',
  },
  // "The homework is too much", "the exercises are too hard": a complaint about the tasks' load.
  {
    id: 'confront.tasks-too',
    family: 'rupture_confrontation',
    weight: 0.7,
    negation: 'flip',
    steps: [
      { norm: TASKS },
      { lemma: ['be', 'feel', 'seem'], gap: 1 },
      { norm: ['too'], gap: 1 },
      { norm: ['much', 'hard', 'difficult', 'long', 'many', 'complicated', 'demanding', 'stressful'] },
    ],
    reason: 'a complaint about the tasks',
    negatedReason: 'finds the tasks manageable',
  },
  // "Talking about it just makes it worse": the method itself blamed.
  {
    id: 'confront.makes-worse',
    family: 'rupture_confrontation',
    weight: 0.7,
    negation: 'drop',
    steps: [
      { norm: ['talking', 'therapy', 'session', 'sessions', 'counselling', 'counseling', 'coming', 'homework', 'exercises', 'treatment'] },
      { lemma: ['make'], gap: 3 },
      { norm: ['it', 'me', 'things', 'everything'] },
      { norm: ['worse'], gap: 1 },
    ],
    reason: 'says the therapy makes things worse',
  },
  // "I think you've got me wrong", "you've misread me": the therapist's understanding disputed.
  {
    id: 'confront.got-me-wrong',
    family: 'rupture_confrontation',
    weight: 0.7,
    negation: 'drop',
    steps: [{ norm: ['you'] }, { lemma: ['get', 'read', 'judge', 'see'], gap: 2 }, { norm: ['me'] }, { norm: ['wrong', 'wrongly'], gap: 1 }],
    reason: 'a complaint about the therapist',
  },
  {
    id: 'confront.you-dont',
    family: 'rupture_confrontation',
    weight: 0.8,
    negation: 'require',
    steps: [{ norm: ['you'] }, { lemma: THERAPIST_FAILS, gap: 1 }, { norm: ['me', 'what', 'how', 'it'], optional: true }],
    reason: 'a complaint about the therapist',
  },
  {
    id: 'confront.waste',
    family: 'rupture_confrontation',
    weight: 0.8,
    negation: 'flip',
    steps: [{ norm: ['waste'] }, { norm: ['of'] }, { norm: ['time', 'money', 'energy', 'my'] }],
    reason: 'calls the work a waste',
    negatedReason: 'says it is not a waste',
  },
  {
    id: 'confront.tasks',
    family: 'rupture_confrontation',
    weight: 0.8,
    negation: 'flip',
    steps: [{ norm: TASKS }, { lemma: ['be', 'feel', 'seem', 'sound'], gap: 1 }, { norm: NEGATIVE_JUDGEMENT, gap: 2 }],
    reason: 'a complaint about the tasks',
    negatedReason: 'finds the tasks worthwhile',
  },
  {
    id: 'confront.therapy-judgement',
    family: 'rupture_confrontation',
    weight: 0.7,
    negation: 'flip',
    steps: [{ norm: THERAPY_WORDS }, { lemma: ['be', 'feel', 'seem'], gap: 1 }, { norm: NEGATIVE_JUDGEMENT, gap: 2 }],
    reason: 'a complaint about the sessions',
    negatedReason: 'does not find the sessions pointless',
  },
  {
    id: 'confront.frequency',
    family: 'rupture_confrontation',
    weight: 0.7,
    negation: 'drop',
    steps: [
      { norm: ['too', 'not'] },
      { norm: ['many', 'often', 'much', 'frequent', 'frequently', 'few', 'enough', 'rarely', 'long', 'short'] },
      { norm: ['sessions', 'appointments', 'meetings', 'weeks', 'time', 'session'], gap: 2 },
    ],
    reason: 'a complaint about the frequency of sessions',
  },
  // "We meet too often", "the sessions are too short".
  {
    id: 'confront.meet-too',
    family: 'rupture_confrontation',
    weight: 0.7,
    negation: 'drop',
    steps: [{ lemma: ['meet', 'come'] }, { norm: ['too'], gap: 2 }, { norm: ['often', 'much', 'rarely', 'little', 'seldom', 'early', 'late'] }],
    reason: 'a complaint about the frequency of sessions',
  },
  {
    id: 'confront.sessions-too',
    family: 'rupture_confrontation',
    weight: 0.7,
    negation: 'drop',
    steps: [
      { norm: ['sessions', 'session', 'appointments', 'appointment', 'meetings'] },
      { lemma: ['be', 'feel', 'seem'], gap: 1 },
      { norm: ['too'], gap: 1 },
      { norm: ['short', 'long', 'few', 'many', 'rare', 'far', 'frequent', 'infrequent', 'expensive'] },
    ],
    reason: 'a complaint about the sessions’ length or frequency',
  },
  {
    id: 'confront.no-progress',
    family: 'rupture_confrontation',
    weight: 0.8,
    negation: 'ignore',
    // "Nothing has changed at home, but I feel different": a report qualified by a contrast, not a complaint.
    notFollowedBy: ['at', 'in', 'with', 'about', 'but', 'yet', 'either', ','],
    steps: [
      { norm: ['no', 'not', 'never', 'nowhere', 'nothing'] },
      { norm: ['progress', 'better', 'anywhere', 'different', 'difference', 'changed', 'improving', 'improved', 'forward'], gap: 2 },
    ],
    reason: 'says things are not moving',
  },
  {
    id: 'confront.still-same',
    family: 'rupture_confrontation',
    weight: 0.6,
    negation: 'ignore',
    steps: [{ norm: ['still'] }, { norm: ['the', 'exactly'], optional: true }, { norm: ['same', 'stuck'] }],
    reason: 'feels nothing has changed',
  },

  // ——— self-agency vs externalising (MI change talk and its sustain mirror) ———
  // Desire: "I want to cut down", "I'd like to be healthier".
  {
    id: 'agency.desire',
    family: 'self_agency',
    weight: 0.7,
    agent: PRONOUN_SUBJECT_SELF,
    negation: 'flip',
    // "I don't want to keep living like this" is a reason to change: agency.reason-unwanted reads it.
    negatedFlipOnly: CHANGE_STEPS,
    // "I'm not sure I'm ready to give it up", "not sure I want to stop": a doubt, not the change talk it holds.
    notUncertain: true,
    steps: [{ lemma: DESIRE }, { norm: ['to'] }, { pos: ['VERB', 'AUX', 'NOUN'], notLemma: NOT_ACTIONS.filter((v) => v !== 'be' && v !== 'go'), gap: 2 }],
    reason: 'wants to make or keep up a change themselves',
    negatedReason: 'does not want to make this change (sustain talk)',
  },
  // "I don't want to keep living like this", "…to end up like my father", "…to lose my family": a course not wanted.
  {
    id: 'agency.reason-unwanted',
    family: 'self_agency',
    weight: 0.6,
    agent: PRONOUN_SUBJECT_SELF,
    negation: 'require',
    // "I don't want to ever go back"; but "I don't want to stop going out" does not want to stop (sustain talk).
    steps: [{ lemma: DESIRE }, { norm: ['to'] }, { pos: ['ADV'], optional: true }, { lemma: UNWANTED_COURSE }],
    reason: 'does not want things to go on this way — a reason for change',
  },
  // "I don't want my kids to see me like this": what the habit would do to others, not wanted.
  {
    id: 'agency.reason-unwanted-for-others',
    family: 'self_agency',
    weight: 0.6,
    negation: 'require',
    steps: [
      { lemma: DESIRE },
      { np: ['other'] },
      { norm: ['to'] },
      { lemma: ['see', 'watch', 'grow', 'suffer', 'worry', 'find', 'lose', 'know', 'go', 'have'] },
    ],
    reason: 'does not want {agent} to be affected — a reason for change',
  },
  // "I've stopped waiting for him to change": no longer waiting on others.
  {
    id: 'agency.stopped-waiting',
    family: 'self_agency',
    weight: 0.6,
    agent: PRONOUN_SUBJECT_SELF,
    negation: 'drop',
    steps: [
      { lemma: ['stop', 'quit', 'give', 'finish'], norm: ['done', 'finished', 'through'] },
      { norm: ['up', 'with'], optional: true },
      { norm: ['waiting', 'expecting', 'hoping'] },
    ],
    reason: 'no longer waits for others to change',
  },
  // "I like the idea of cutting down".
  {
    id: 'agency.desire-idea',
    family: 'self_agency',
    weight: 0.5,
    agent: PRONOUN_SUBJECT_SELF,
    negation: 'flip',
    steps: [{ lemma: ['like', 'love'] }, { norm: ['the'] }, { norm: ['idea', 'thought', 'sound'] }, { norm: ['of'] }],
    reason: 'warms to the idea of the change',
    negatedReason: 'does not like the idea of the change (sustain talk)',
  },
  // A goal written as its verb: "Learn to say no", "Stop drinking during the week".
  {
    id: 'agency.goal-verb',
    family: 'self_agency',
    weight: 0.4,
    agent: ['implicit'],
    // "My husband is trying to cut down": the goal is his.
    owned: true,
    negation: 'drop',
    steps: [
      { lemma: ['learn', 'stop', 'quit', 'cut', 'reduce', 'start', 'find', 'build', 'become', 'decide', 'leave', 'manage', 'face', 'accept'], pos: ['VERB'] },
      { pos: ['VERB', 'ADP', 'PART', 'DET', 'NOUN', 'PRON', 'ADV'] },
    ],
    reason: 'a goal in their own words: something they mean to do',
  },
  // "I'd like to …" is a wish; a plain "I like to …" is a habit enjoyed, so "like" and "love" need "would".
  {
    id: 'agency.desire-would-like',
    family: 'self_agency',
    weight: 0.7,
    agent: PRONOUN_SUBJECT_SELF,
    negation: 'flip',
    steps: [
      { norm: ['would', 'should'] },
      { lemma: ['like', 'love'], gap: 1 },
      { norm: ['to'] },
      { pos: ['VERB', 'AUX', 'NOUN'], notLemma: NOT_ACTIONS.filter((v) => v !== 'be' && v !== 'go'), gap: 2 },
    ],
    reason: 'wants to make or keep up a change themselves',
    negatedReason: 'does not want to change this (sustain talk)',
  },
  // Ability: "I could cut down", "I can do it".
  {
    id: 'agency.ability',
    family: 'self_agency',
    weight: 0.6,
    agent: PRONOUN_SUBJECT_SELF,
    negation: 'flip',
    objectNotOther: CONTROL_VERBS,
    negatedDrop: SYMPTOM_VERBS,
    negatedPastDrop: true,
    // "I'm not sure I'm ready to give it up", "not sure I want to stop": a doubt, not the change talk it holds.
    notUncertain: true,
    steps: [{ lemma: ABILITY }, { norm: ['to'], optional: true }, { pos: ['VERB', 'AUX'], notLemma: NOT_ACTIONS.filter((v) => v !== 'be'), gap: 2 }],
    reason: 'speaks of what they can do — ability to change',
    negatedReason: 'doubts they can change this (sustain talk)',
  },
  // Need: "I need to stop", "I have to", "I should".
  {
    id: 'agency.need',
    family: 'self_agency',
    weight: 0.6,
    agent: PRONOUN_SUBJECT_SELF,
    negation: 'flip',
    statement: true,
    // "I'm not sure I'm ready to give it up", "not sure I want to stop": a doubt, not the change talk it holds.
    notUncertain: true,
    steps: [{ lemma: NEED }, { norm: ['to'] }, { pos: ['VERB', 'AUX'], notLemma: NOT_ACTIONS.filter((v) => v !== 'be'), gap: 2 }],
    reason: 'sees a need to change something themselves',
    negatedReason: 'sees no need to change this (sustain talk)',
  },
  {
    id: 'agency.need-modal',
    family: 'self_agency',
    weight: 0.5,
    agent: PRONOUN_SUBJECT_SELF,
    negation: 'flip',
    statement: true,
    steps: [{ norm: NEED_MODALS }, { pos: ['VERB', 'AUX'], notLemma: NOT_ACTIONS.filter((v) => v !== 'be'), gap: 2 }],
    reason: 'sees a need to change something themselves',
    negatedReason: 'sees no need to change this (sustain talk)',
  },
  // Reasons: worries and harms in the client's own words ("I'm worried about my liver").
  {
    id: 'agency.reason-worry',
    family: 'self_agency',
    weight: 0.5,
    agent: PRONOUN_SUBJECT_SELF,
    negation: 'flip',
    objectNotOther: true,
    // An adjective or verb ("I'm worried", "I worry"): "write down three worries" names a task.
    steps: [{ lemma: WORRY, pos: ['ADJ', 'VERB', 'AUX'] }],
    reason: 'names a worry — a reason for change',
    negatedReason: 'is not worried (sustain talk)',
  },
  {
    id: 'agency.reason-harm',
    family: 'self_agency',
    weight: 0.5,
    negation: 'flip',
    owned: true,
    steps: [{ lemma: HARM_VERBS }, { norm: ['the', 'things', 'anyone', 'anybody', 'others', 'people', 'everyone'], self: true, gap: 1 }],
    reason: 'names a harm — a reason for change',
    negatedReason: 'sees no harm (sustain talk)',
  },
  {
    id: 'agency.reason-problem',
    family: 'self_agency',
    weight: 0.4,
    negation: 'flip',
    steps: [{ norm: ['a', 'the', 'my', 'big', 'real', 'serious'] }, { lemma: PROBLEM_NOUNS, gap: 1 }],
    reason: 'calls it a problem',
    negatedReason: 'does not see it as a problem (sustain talk)',
  },
  {
    id: 'agency.reason-better',
    family: 'self_agency',
    weight: 0.5,
    negation: 'flip',
    statement: true,
    // Present or infinitive forms: "I did well", "I felt better" report the past.
    steps: [
      { norm: ['feel', 'feels', 'feeling', 'get', 'gets', 'getting', 'look', 'looks', 'do', 'doing', 'help', 'helps', 'make', 'makes'] },
      { norm: ['better', 'healthier', 'fitter', 'stronger', 'happier', 'good', 'well', 'easier', 'proud', 'happy'], gap: 2 },
    ],
    reason: 'speaks of being better off',
    negatedReason: 'does not expect to be better off (sustain talk)',
  },
  {
    id: 'agency.reason-better-off',
    family: 'self_agency',
    weight: 0.5,
    negation: 'drop',
    // Present or future only: "the week was not better" is a report, not a view of change.
    steps: [
      { norm: ['be', 'is', 'am', 'are', "'s", "'m", "'re", 'being', 'been'] },
      { norm: ['better', 'healthier', 'fitter', 'stronger', 'happier', 'easier', 'safer', 'off'], gap: 1 },
    ],
    reason: 'speaks of being better off',
  },
  // Possibility in the first person: "I could …", "I might …", "maybe I'd …" (MI "ability", hypothetical change).
  {
    id: 'agency.modal',
    family: 'self_agency',
    weight: 0.3,
    agent: ['self'],
    negation: 'flip',
    objectNotOther: CONTROL_VERBS,
    negatedDrop: SYMPTOM_VERBS,
    steps: [
      { norm: ['could', 'might', 'would', 'can', 'may'] },
      { pos: ['VERB', 'AUX'], notLemma: ['know', 'think', 'guess', 'mean', 'say', 'suppose', 'imagine', 'tell', 'see', 'be', 'have', 'talk'], gap: 2 },
    ],
    reason: 'considers something they could do',
    negatedReason: 'sees something they could not do (sustain talk)',
  },
  // Who or what the change is for: "for my kids", "for my health".
  {
    id: 'agency.reason-for',
    family: 'self_agency',
    weight: 0.5,
    negation: 'drop',
    steps: [
      { norm: ['for', 'about', 'around'] },
      { norm: ['my', 'our'] },
      {
        norm: [
          'kids',
          'children',
          'family',
          'health',
          'wife',
          'husband',
          'son',
          'daughter',
          'baby',
          'future',
          'grandchildren',
          'partner',
          'girlfriend',
          'boyfriend',
          'job',
          'body',
          'heart',
          'liver',
          'lungs',
        ],
        gap: 1,
      },
    ],
    reason: 'names who or what a change would be for',
  },
  {
    id: 'agency.reason-value',
    family: 'self_agency',
    weight: 0.4,
    negation: 'flip',
    // "I'm not sure the job is right for me": a doubt, not a reason.
    notAfterInSentence: ['sure', 'unsure', 'whether', 'if', 'wonder', 'wondering'],
    // "too hard right now": "right" of time is no judgement.
    notFollowedBy: ['now', 'away', 'there', 'here'],
    steps: [{ lemma: ['be', 'make', 'sound', 'seem'] }, { norm: ['important', 'sense', 'worth', 'idea', 'right', 'necessary', 'helpful', 'good'], gap: 2 }],
    reason: 'calls it important, worthwhile or good — perhaps a reason for change',
    negatedReason: 'does not call it important or worthwhile (sustain talk)',
  },
  // Elliptical commitment or ability: "I will.", "I could."
  {
    id: 'agency.elliptic',
    family: 'self_agency',
    weight: 0.4,
    agent: ['self'],
    negation: 'flip',
    // "I've always smoked and I always will" keeps the habit; it is no yes to change.
    notAfter: ['always'],
    steps: [{ norm: ['will', 'would', 'can', 'could', 'shall', 'should', 'must'] }, { pos: ['PUNCT'] }],
    reason: 'a short yes to doing it',
    negatedReason: 'a short no to doing it (sustain talk)',
  },
  {
    id: 'agency.own-choice',
    family: 'self_agency',
    weight: 0.6,
    negation: 'flip',
    steps: [{ norm: ['my', 'our'] }, { norm: ['choice', 'decision', 'responsibility', 'call'] }],
    reason: 'owns the decision',
    negatedReason: 'does not see it as their decision',
  },
  // Sustain: the benefits of the status quo ("I like the way it makes me feel", "it helps me relax").
  {
    id: 'agency.sustain-enjoy',
    family: 'self_agency',
    polarity: -1,
    weight: 0.5,
    agent: PRONOUN_SUBJECT_SELF,
    negation: 'drop',
    // The habit or what it gives must be what is enjoyed: "I love my kids" and "I like walking" are not sustain talk;
    // "I'd like…" is a wish, "I like it that we go step by step" approves a plan, "What do I like about it?" asks.
    notAfter: ['would', "'d", 'should', 'what', 'not'],
    notFollowedBy: ['that', 'was', 'when', 'if'],
    notQuestion: true,
    steps: [
      { lemma: ENJOY, pos: ['VERB'] },
      { norm: HABIT_PLEASURES, lemma: HABIT_PLEASURES, gap: 3 },
    ],
    reason: 'enjoys the habit or what it gives them (sustain talk)',
  },
  {
    id: 'agency.sustain-soothes',
    family: 'self_agency',
    polarity: -1,
    weight: 0.5,
    agent: ['world', 'other', 'implicit'],
    habitSubject: true,
    negation: 'drop',
    steps: [{ lemma: ['help', 'let', 'make'] }, { norm: ['me', 'us'] }, { lemma: SOOTHE, gap: 1 }],
    reason: 'the current way seems to help them (sustain talk)',
  },
  {
    id: 'agency.sustain-soothes-me',
    family: 'self_agency',
    polarity: -1,
    weight: 0.5,
    agent: ['world', 'other'],
    habitSubject: true,
    negation: 'drop',
    steps: [{ lemma: ['relax', 'calm', 'soothe', 'comfort', 'settle', 'help'] }, { norm: ['me', 'us'] }],
    reason: 'the current way seems to help them (sustain talk)',
  },
  {
    id: 'agency.sustain-not-that-much',
    family: 'self_agency',
    polarity: -1,
    weight: 0.5,
    negation: 'require',
    steps: [
      { norm: ['that', 'so', 'too', 'very', 'really'] },
      { norm: ['much', 'many', 'often', 'bad', 'big', 'serious', 'heavy', 'heavily', 'important', 'worried', 'concerned'] },
    ],
    reason: 'plays the problem down (sustain talk)',
  },
  // Sustain: minimising ("it's not that bad", "I'm not an alcoholic", "I'm fine").
  {
    id: 'agency.sustain-minimise',
    family: 'self_agency',
    polarity: -1,
    weight: 0.6,
    negation: 'ignore',
    // "Nothing much happened this week" reports a quiet week.
    notFollowedBy: ['happened', 'happens', 'has', 'going', 'else', 'new', 'changed', 'to'],
    steps: [
      { norm: ['not', 'no', 'never', 'nothing'] },
      { norm: ['that', 'so', 'too', 'really', 'a', 'an', 'such', 'very', 'any', 'big', 'real'], optional: true, gap: 1 },
      { norm: MINOR },
    ],
    reason: 'plays the problem down (sustain talk)',
  },
  {
    id: 'agency.sustain-minimise-amount',
    family: 'self_agency',
    polarity: -1,
    weight: 0.4,
    negation: 'drop',
    steps: [
      { norm: ['only', 'just', 'barely'] },
      { norm: ['a', 'one', 'two', 'three', 'couple', 'few', 'once', 'twice', 'occasionally', 'socially', 'little', 'bit'], pos: ['NUM'], gap: 2 },
    ],
    reason: 'keeps the amount small (sustain talk)',
  },
  {
    id: 'agency.sustain-need-it',
    family: 'self_agency',
    polarity: -1,
    weight: 0.5,
    agent: ['self'],
    negation: 'drop',
    notFollowedBy: ['to'],
    steps: [
      { lemma: ['need', 'gotta', 'got'] },
      { norm: ['my', 'it', 'that', 'them', 'a'] },
      { pos: ['NOUN', 'PUNCT', 'ADP', 'SCONJ', 'CCONJ'], optional: true },
    ],
    reason: 'speaks of needing the current habit (sustain talk)',
  },
  {
    id: 'agency.sustain-everyone',
    family: 'self_agency',
    polarity: -1,
    weight: 0.5,
    negation: 'drop',
    steps: [
      { norm: ['everybody', 'everyone', 'anybody', 'anyone', 'all', 'people', 'friends', 'nobody'] },
      { lemma: ['do', 'drink', 'smoke', 'eat', 'use', 'go'], gap: 2 },
    ],
    reason: 'points to what everyone does (sustain talk)',
  },
  {
    id: 'agency.sustain-fine',
    family: 'self_agency',
    polarity: -1,
    weight: 0.5,
    agent: ['self', 'world'],
    negation: 'drop',
    // "Will I be okay once we finish?" asks; it says nothing is fine.
    notQuestion: true,
    steps: [
      { lemma: ['be', 'feel'] },
      { norm: ['under', 'perfectly', 'totally', 'completely', 'pretty', 'absolutely', 'in'], optional: true, gap: 1 },
      { norm: FINE },
    ],
    reason: 'says things are fine as they are (sustain talk)',
  },
  // Sustain: barriers ("I don't have time", "it's too hard").
  {
    id: 'agency.sustain-barrier',
    family: 'self_agency',
    polarity: -1,
    weight: 0.5,
    negation: 'drop',
    // "so hard on myself" is how they treat themselves, and "it hits me so hard" says how much: neither is a barrier.
    notFollowedBy: ['on', 'with', 'to', 'towards'],
    after: ['be', 'feel', 'seem', 'get', 'look', 'sound', 'it', 'just', 'always', 'far', 'way', 'been'],
    steps: [{ norm: ['too', 'so', 'really'] }, { norm: BARRIERS }],
    reason: 'names a barrier to change (sustain talk)',
  },
  {
    id: 'agency.sustain-hard-to',
    family: 'self_agency',
    polarity: -1,
    weight: 0.4,
    negation: 'drop',
    steps: [{ norm: ['hard', 'difficult', 'tough', 'impossible'] }, { norm: ['to', 'for'] }],
    reason: 'names a barrier to change (sustain talk)',
  },
  {
    id: 'agency.sustain-no-time',
    family: 'self_agency',
    polarity: -1,
    weight: 0.5,
    negation: 'ignore',
    steps: [{ norm: ['no', 'not', 'any', 'enough'] }, { norm: ['time', 'money', 'energy', 'way', 'choice', 'option'], gap: 2 }],
    reason: 'names a barrier to change (sustain talk)',
  },
  // Desire or need for help or a change, without a verb: "I'd like some help", "I need a change".
  {
    id: 'agency.desire-help',
    family: 'self_agency',
    weight: 0.5,
    agent: PRONOUN_SUBJECT_SELF,
    negation: 'flip',
    steps: [{ lemma: [...DESIRE, 'need', 'like'] }, { norm: ['some', 'a', 'more', 'any', 'the', 'real', 'to'], optional: true }, { norm: HELP_OBJECTS }],
    reason: 'asks for help or a change',
    negatedReason: 'does not want help or a change (sustain talk)',
  },
  // Reasons: discontent with the status quo ("I'm sick of being tired", "I'm fed up with it", "I've had enough").
  {
    id: 'agency.reason-discontent',
    family: 'self_agency',
    weight: 0.6,
    agent: PRONOUN_SUBJECT_SELF,
    negation: 'flip',
    steps: [{ norm: DISCONTENT }, { norm: ['of', 'with'] }],
    reason: 'is unhappy with how things are — a reason for change',
    negatedReason: 'is content with how things are (sustain talk)',
  },
  {
    id: 'agency.reason-fed-up',
    family: 'self_agency',
    weight: 0.6,
    negation: 'flip',
    steps: [{ norm: ['fed', 'had'] }, { norm: ['up', 'enough'] }],
    reason: 'has had enough — a reason for change',
    negatedReason: 'has not had enough (sustain talk)',
  },
  // Reasons: disliking one's own current way ("I don't like how much I drink", "I hate feeling like this").
  {
    id: 'agency.reason-dislike',
    family: 'self_agency',
    weight: 0.5,
    agent: PRONOUN_SUBJECT_SELF,
    negation: 'require',
    steps: [
      { lemma: ['like', 'enjoy'], pos: ['VERB'] },
      { norm: ['how', 'what', 'being', 'feeling', 'myself', 'the', 'that', 'it', 'this', 'when'] },
      { norm: ['way', 'amount', 'much', 'i', 'it', 'feel', 'feeling', 'person', 'person', 'like', 'makes', 'does'], optional: true },
    ],
    reason: 'dislikes something about the current way — a reason for change',
  },
  {
    id: 'agency.reason-hate',
    family: 'self_agency',
    weight: 0.5,
    agent: PRONOUN_SUBJECT_SELF,
    negation: 'flip',
    steps: [
      { lemma: ['hate', 'regret', 'dread'] },
      { norm: ['how', 'what', 'being', 'feeling', 'myself', 'the', 'that', 'it', 'this', 'when', 'having', 'waking'] },
    ],
    reason: 'dislikes something about the current way — a reason for change',
    negatedReason: 'does not mind the current way (sustain talk)',
  },
  // Reasons: the problem named as too much, worse, or out of control ("I drink too much", "it's getting worse").
  {
    id: 'agency.reason-too-much',
    family: 'self_agency',
    weight: 0.5,
    negation: 'flip',
    owned: true,
    // "I enjoy it too much" is the enjoyment's measure, not the habit's.
    notAfterInSentence: ['enjoy', 'enjoyed', 'enjoying', 'love', 'loved'],
    steps: [{ norm: ['too', 'way'] }, { norm: ['much', 'many', 'often', 'heavily'] }, { pos: ['PUNCT', 'CCONJ', 'SCONJ'] }],
    reason: 'sees it as too much — a reason for change',
    negatedReason: 'does not see it as too much (sustain talk)',
  },
  {
    id: 'agency.reason-worse',
    family: 'self_agency',
    weight: 0.5,
    negation: 'flip',
    steps: [{ lemma: ['get', 'go', 'be', 'become', 'feel', 'make', 'grow'] }, { norm: ['worse', 'harder'], gap: 2 }],
    reason: 'sees things getting worse — a reason for change',
    negatedReason: 'does not see it getting worse (sustain talk)',
  },
  {
    id: 'agency.reason-out-of-control',
    family: 'self_agency',
    weight: 0.6,
    negation: 'flip',
    owned: true,
    steps: [{ norm: ['out'] }, { norm: ['of'] }, { norm: ['control', 'hand'] }],
    reason: 'sees it as out of control — a reason for change',
    negatedReason: 'sees it as under control (sustain talk)',
  },
  // Desire or need stated without its verb: "I want to.", "I need to." (the verb is the counsellor's).
  {
    id: 'agency.desire-elliptic',
    family: 'self_agency',
    weight: 0.5,
    agent: PRONOUN_SUBJECT_SELF,
    negation: 'flip',
    steps: [{ lemma: [...DESIRE, 'need', 'like', 'love'] }, { norm: ['to'] }, { pos: ['PUNCT'] }],
    reason: 'a short yes to wanting it',
    negatedReason: 'a short no to wanting it (sustain talk)',
  },
  // Reasons: benefits of change pictured ("that would really help", "it'd make everything easier").
  {
    id: 'agency.reason-would-help',
    family: 'self_agency',
    weight: 0.5,
    // "My sister will help me move": another person's help, not a benefit of the client's change.
    agent: ['self', 'implicit', 'world', 'helper'],
    negation: 'flip',
    steps: [
      { norm: ['would', 'will', 'could', 'might'] },
      { lemma: ['help', 'work', 'make'], gap: 1 },
      { norm: ['easier', 'great', 'good', 'nice', 'better', 'helpful', 'healthier', 'safer', 'happier', 'proud', 'easy'], gap: 2, optional: true },
    ],
    statement: true,
    reason: 'pictures a benefit of the change',
    negatedReason: 'sees no benefit in the change (sustain talk)',
  },
  {
    id: 'agency.reason-would-be',
    family: 'self_agency',
    weight: 0.5,
    negation: 'flip',
    statement: true,
    steps: [
      { norm: ['would', 'will', 'could', 'might'] },
      { lemma: ['be'], gap: 1 },
      { norm: ['easier', 'great', 'good', 'nice', 'better', 'helpful', 'healthier', 'safer', 'happier', 'proud', 'easy'], gap: 2 },
    ],
    reason: 'pictures a benefit of the change',
    negatedReason: 'sees no benefit in the change (sustain talk)',
  },
  // Reasons: health ("health reasons", "it's bad for my health").
  {
    id: 'agency.reason-health',
    family: 'self_agency',
    weight: 0.5,
    negation: 'flip',
    steps: [{ norm: ['health', 'medical'] }, { norm: ['reasons', 'reason', 'concerns', 'concern', 'problems', 'problem', 'risk', 'risks', 'issues', 'scare'] }],
    reason: 'names a health reason for change',
    negatedReason: 'sees no health reason (sustain talk)',
  },
  {
    id: 'agency.reason-bad-for',
    family: 'self_agency',
    weight: 0.5,
    negation: 'flip',
    steps: [{ norm: ['bad', 'harmful', 'unhealthy', 'dangerous', 'terrible', 'awful'] }, { norm: ['for'] }],
    reason: 'names a harm — a reason for change',
    negatedReason: 'sees no harm (sustain talk)',
  },
  // Reasons: less of the habit pictured ("maybe less wine in the house", "fewer cigarettes").
  {
    id: 'agency.reason-less',
    family: 'self_agency',
    weight: 0.4,
    negation: 'flip',
    steps: [{ norm: ['less', 'fewer', 'lower'] }, { pos: ['NOUN', 'ADP', 'PUNCT', 'SCONJ'], notLemma: ['than'] }],
    reason: 'pictures less of it',
    negatedReason: 'does not picture less of it (sustain talk)',
  },
  // Activation: "it's time to do something", "a first step".
  {
    id: 'agency.activation',
    family: 'self_agency',
    weight: 0.6,
    negation: 'flip',
    notAfter: ['every', 'each', 'any', 'some', 'first', 'last', 'next', 'one', 'same', 'the', 'a'],
    steps: [
      { norm: ['time'] },
      { norm: ['to', 'for'], self: true },
      { lemma: ['do', 'make', 'change', 'stop', 'start', 'act', 'get', 'quit', 'cut', 'move', 'try', 'a'] },
    ],
    reason: 'feels it is time to act',
    negatedReason: 'does not feel it is time to act (sustain talk)',
  },
  {
    id: 'agency.first-step',
    family: 'self_agency',
    weight: 0.6,
    negation: 'flip',
    steps: [{ norm: ['first', 'big', 'next', 'small', 'good', 'right'] }, { norm: ['step', 'steps', 'move'] }],
    reason: 'speaks of a step taken or to take',
    negatedReason: 'does not see a step (sustain talk)',
  },
  // Sustain: low desire or readiness ("I don't feel like it", "I'm not interested").
  // "I have no intention of stopping", "no plans to cut down": change ruled out.
  {
    id: 'agency.sustain-no-intention',
    family: 'self_agency',
    polarity: -1,
    weight: 0.6,
    agent: PRONOUN_SUBJECT_SELF,
    negation: 'ignore',
    steps: [
      { norm: ['no'] },
      { norm: ['intention', 'intentions', 'plan', 'plans', 'desire', 'reason', 'need'] },
      { norm: ['of', 'to'] },
      { lemma: ['stop', 'quit', 'cut', 'change', 'give', 'reduce', 'stopping', 'quitting', 'cutting', 'changing', 'giving', 'reducing'] },
    ],
    reason: 'rules the change out (sustain talk)',
  },
  // "Drinking is the only way I can relax", "the only thing that calms me down": the habit as the only way to cope.
  {
    id: 'agency.sustain-only-way',
    family: 'self_agency',
    polarity: -1,
    weight: 0.6,
    negation: 'drop',
    steps: [{ norm: ['only'] }, { norm: ['way', 'thing'] }, { lemma: [...SOOTHE, 'soothe', 'help', 'settle', 'switch', 'feel', 'get'], gap: 3 }],
    reason: 'the current way seems the only way to cope (sustain talk)',
  },
  // "I don't see why I should stop": the need for change questioned.
  {
    id: 'agency.sustain-why-should',
    family: 'self_agency',
    polarity: -1,
    weight: 0.6,
    negation: 'ignore',
    steps: [
      { norm: ['not'] },
      { lemma: ['see', 'know', 'understand'] },
      { norm: ['why'] },
      { norm: ['should', 'need', 'must', 'have'], gap: 2 },
      { norm: ['to'], optional: true },
      { pos: ['VERB'], gap: 1 },
    ],
    reason: 'questions the need to change (sustain talk)',
  },
  // "I can stop whenever I want": no need to change now.
  {
    id: 'agency.sustain-any-time',
    family: 'self_agency',
    polarity: -1,
    weight: 0.6,
    agent: PRONOUN_SUBJECT_SELF,
    negation: 'ignore',
    steps: [{ lemma: ['can', 'could'] }, { lemma: ['stop', 'quit', 'cut', 'give', 'change'], gap: 1 }, { norm: ['whenever', 'anytime', 'any'], gap: 2 }],
    reason: 'says they could change any time they chose (sustain talk)',
  },
  // "I'm quite happy drinking at weekends": content with the habit as it is.
  {
    id: 'agency.sustain-content',
    family: 'self_agency',
    polarity: -1,
    weight: 0.5,
    agent: PRONOUN_SUBJECT_SELF,
    negation: 'drop',
    steps: [{ norm: ['happy', 'content', 'comfortable'] }, { lemma: HABIT_PLEASURES, norm: HABIT_PLEASURES, ing: true }],
    reason: 'is content with the habit as it is (sustain talk)',
  },
  // "I don't see the point in stopping", "no use trying to cut down": the change itself seen as pointless.
  {
    id: 'agency.sustain-no-point-in-change',
    family: 'self_agency',
    polarity: -1,
    weight: 0.6,
    negation: 'ignore',
    steps: [
      { norm: ['point', 'use', 'sense'] },
      { norm: ['in', 'of'] },
      { norm: ['stopping', 'quitting', 'changing', 'cutting', 'giving', 'trying', 'reducing'] },
    ],
    reason: 'sees no point in changing (sustain talk)',
  },
  {
    id: 'agency.sustain-not-keen',
    family: 'self_agency',
    polarity: -1,
    weight: 0.5,
    agent: ['self', 'implicit'],
    negation: 'require',
    steps: [{ norm: NOT_KEEN }],
    reason: 'does not feel keen or ready (sustain talk)',
  },
  {
    id: 'agency.sustain-not-feel-like',
    family: 'self_agency',
    polarity: -1,
    weight: 0.5,
    agent: PRONOUN_SUBJECT_SELF,
    negation: 'require',
    steps: [{ lemma: ['feel'] }, { norm: ['like'] }, { norm: ['it', 'that', 'doing', 'going', 'changing', 'stopping', 'quitting'] }],
    reason: 'does not feel like changing (sustain talk)',
  },
  // Sustain: doubt that the change will happen ("I just don't see it happening", "I don't think so").
  {
    id: 'agency.sustain-doubt',
    family: 'self_agency',
    polarity: -1,
    weight: 0.4,
    negation: 'ignore',
    // "does not see it as a problem" plays the problem down (agency.reason-problem reads it); it doubts nothing.
    // "I don't see the point of the exercises" judges a task (confrontation or withdrawal read it), not the change.
    notFollowedBy: ['as', 'point', 'use', 'sense', 'need'],
    steps: [{ norm: ['not'] }, { lemma: ['see', 'think', 'believe'] }, { norm: ['it', 'that', 'how', 'myself', 'i', 'so', 'me', 'why', 'the', 'any'] }],
    reason: 'doubts the change will happen (sustain talk)',
  },
  // Sustain: low importance ("I don't care", "it doesn't bother me") and "no more than two".
  {
    id: 'agency.sustain-dont-care',
    family: 'self_agency',
    polarity: -1,
    weight: 0.4,
    negation: 'ignore',
    steps: [{ lemma: ['do'] }, { norm: ['not'] }, { lemma: ['care', 'mind', 'bother', 'matter'] }],
    reason: 'it does not seem to matter to them much (sustain talk)',
  },
  {
    id: 'agency.sustain-no-more-than',
    family: 'self_agency',
    polarity: -1,
    weight: 0.4,
    negation: 'ignore',
    // "no more than twice a week" sets a limit (a goal), it does not compare with others.
    notFollowedBy: ['once', 'twice', 'one', 'two', 'three', 'four', 'five', 'a', 'an', 'ten', 'half'],
    // "I don't drink any more than my friends do": "any more than" under a negation.
    steps: [{ norm: ['not', 'no', 'never', 'any'] }, { norm: ['more'] }, { norm: ['than'] }],
    reason: 'keeps the amount small (sustain talk)',
  },
  {
    id: 'agency.sustain-not-easy',
    family: 'self_agency',
    polarity: -1,
    weight: 0.4,
    negation: 'require',
    steps: [{ norm: ['easy', 'simple', 'realistic', 'possible', 'practical'] }],
    reason: 'names a barrier to change (sustain talk)',
  },
  // Sustain: the pleasures of the current way ("it's fun", "it's my treat").
  {
    id: 'agency.sustain-fun',
    family: 'self_agency',
    polarity: -1,
    weight: 0.4,
    negation: 'drop',
    steps: [{ lemma: ['be', 'have', 'find'] }, { norm: FUN, gap: 3 }],
    reason: 'speaks of what the current way gives them (sustain talk)',
  },
  // Sustain: barriers without an intensifier ("I have a busy schedule", "I can't afford it").
  {
    id: 'agency.sustain-barrier-plain',
    family: 'self_agency',
    polarity: -1,
    weight: 0.4,
    negation: 'ignore',
    steps: [{ norm: BARRIER_WORDS, lemma: BARRIER_WORDS }],
    reason: 'names a barrier to change (sustain talk)',
  },
  // Sustain: comparing with others who do worse ("I drink less than most people").
  {
    id: 'agency.sustain-others-worse',
    family: 'self_agency',
    polarity: -1,
    weight: 0.5,
    negation: 'drop',
    steps: [
      { norm: ['worse', 'more', 'less', 'heavier', 'harder', 'fewer'] },
      { norm: ['than'] },
      { norm: ['most', 'others', 'everyone', 'everybody', 'other', 'people', 'lots', 'half', 'some', 'my', 'him', 'her', 'them', 'they'] },
    ],
    reason: 'compares with others who do worse (sustain talk)',
  },
  // Sustain: defending autonomy over the current way ("it's my life", "it's my body").
  {
    id: 'agency.sustain-my-life',
    family: 'self_agency',
    polarity: -1,
    weight: 0.5,
    negation: 'drop',
    steps: [{ lemma: ['be'] }, { norm: ['my', 'our'] }, { norm: ['life', 'body', 'business', 'thing', 'right'] }, { pos: ['PUNCT'] }],
    reason: 'defends their own way (sustain talk)',
  },
  // Externalising: change asked for by others ("they want me to stop", "my doctor told me to").
  {
    id: 'agency.others-want-me',
    family: 'externalising',
    weight: 0.6,
    agent: ['other', 'helper', 'world'],
    negation: 'drop',
    steps: [
      {
        lemma: [
          'want',
          'tell',
          'make',
          'force',
          'expect',
          'ask',
          'push',
          'nag',
          'send',
          'order',
          'say',
          'advise',
          'urge',
          'encourage',
          'warn',
          'beg',
          'pressure',
        ],
      },
      { norm: ['me', 'us'], self: true },
      // "told me I have to go": the demand may follow a short clause.
      { norm: ['to', 'that'], gap: 2 },
    ],
    reason: 'the change is asked for by {agent}, not yet their own',
  },
  {
    id: 'agency.supposed-to',
    family: 'externalising',
    weight: 0.5,
    agent: PRONOUN_SUBJECT_SELF,
    negation: 'drop',
    // "I was supposed to practise but…" is a plan not kept, not someone else's decision.
    notAfter: ['was', 'were'],
    steps: [{ norm: ['supposed', 'told', 'made', 'forced', 'ordered', 'sent', 'referred'] }, { norm: ['to', 'here', 'by'], gap: 1 }],
    reason: 'is here because someone else decided',
  },
];

/** Rule ids whose polarity −1 (after negation) or sustain wording marks sustain talk; used by talk-type.ts. */
export const SUSTAIN_RULE_PREFIX = 'agency.sustain-';
