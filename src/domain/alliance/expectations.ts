/**
 * The Expectations check: Accord's own instrument (SPEC §3 C2). Client and therapist answer
 * separately; each statement says something about one of the four alliances (SPEC §1.5) and is
 * rated 0 (not at all) … 4 (very much). Client and therapist statements correspond pairwise by
 * their key (the id without the side prefix), so gaps can be reported statement by statement.
 */
import type { AllianceType } from '../cues/types.ts';
import type { SessionRecord, Side } from './course.ts';
import { byTime, instant } from './course.ts';
import type { AllianceSettings } from './settings.ts';
import { allianceDefaults } from './settings.ts';

export type ExpectationStatement = {
  /** Stable id: `${side}.${key}`, e.g. 'client.magical.others_change'. */
  id: string;
  /** Shared by the corresponding client and therapist statements. */
  key: string;
  side: Side;
  type: AllianceType;
  text: string;
};

export type ExpectationsInstrument = {
  side: Side;
  title: string;
  instructions: string;
  statements: readonly ExpectationStatement[];
  freeTextQuestion: string;
};

/** The answer scale, shown beside every statement. */
export const EXPECTATION_SCALE: readonly { value: 0 | 1 | 2 | 3 | 4; label: string }[] = [
  { value: 0, label: 'Not at all' },
  { value: 1, label: 'A little' },
  { value: 2, label: 'Somewhat' },
  { value: 3, label: 'Quite a lot' },
  { value: 4, label: 'Very much' },
];

type Pair = { key: string; type: AllianceType; client: string; therapist: string };

const PAIRS: readonly Pair[] = [
  {
    key: 'magical.others_change',
    type: 'magical',
    client: 'I hope the people around me, or my situation, will change so that things get easier for me.',
    therapist: 'The client hopes mainly that other people or their circumstances will change.',
  },
  {
    key: 'magical.quick_relief',
    type: 'magical',
    client: 'I am hoping for something that makes the problem go away quickly.',
    therapist: 'The client is looking for quick relief from the problem itself.',
  },
  {
    key: 'magical.therapist_knows',
    type: 'magical',
    client: 'I am hoping my therapist will know what to do and sort things out for me.',
    therapist: 'The client expects me to have the answer and to put things right.',
  },
  {
    key: 'working.decision',
    type: 'working',
    client: 'There is a particular decision or situation I want help to handle.',
    therapist: 'We are working on a particular decision or situation the client faces.',
  },
  {
    key: 'working.coping',
    type: 'working',
    client: 'I want to cope better with something specific, like work, an exam, an illness or a loss.',
    therapist: 'The aim is to cope better with something specific, like work, an exam, an illness or a loss.',
  },
  {
    key: 'working.enough',
    type: 'working',
    client: 'If I could handle one particular thing better, that would be enough for now.',
    therapist: 'Handling one particular thing better would be enough for this therapy.',
  },
  {
    key: 'therapeutic.patterns',
    type: 'therapeutic',
    client: 'I want to understand the patterns in myself that keep repeating.',
    therapist: 'We aim to understand and change patterns that keep repeating in the client’s life.',
  },
  {
    key: 'therapeutic.relating',
    type: 'therapeutic',
    client: 'I am ready to look at how I relate to people, even when that is uncomfortable.',
    therapist: 'We will look at how the client relates to people, even when that is uncomfortable.',
  },
  {
    key: 'therapeutic.old_hurts',
    type: 'therapeutic',
    client: 'I want to work on old hurts that still shape my life.',
    therapist: 'We will work on long-standing hurts that still shape the client’s life.',
  },
  {
    key: 'structuralizing.last',
    type: 'structuralizing',
    client: 'Things have changed for me, and I want the changes to last.',
    therapist: 'The client has changed, and the work now is making the changes last.',
  },
  {
    key: 'structuralizing.own_feet',
    type: 'structuralizing',
    client: 'I want to be able to manage on my own when things get hard.',
    therapist: 'The aim is for the client to manage on their own when things get hard.',
  },
  {
    key: 'structuralizing.steady',
    type: 'structuralizing',
    client: 'I would like to keep coming for a while, to make sure things stay steady.',
    therapist: 'We continue for a while so that things stay steady.',
  },
];

function statementsFor(side: Side): ExpectationStatement[] {
  return PAIRS.map((p) => ({ id: `${side}.${p.key}`, key: p.key, side, type: p.type, text: p[side] }));
}

/** The client version (SPEC §3 C2). */
export const CLIENT_EXPECTATIONS: ExpectationsInstrument = {
  side: 'client',
  title: 'What I hope for from therapy',
  instructions:
    'There are no right answers. For each sentence, choose how much it fits what you hope for from therapy right now. Your therapist answers their own version and will not see your answers until you have both finished.',
  statements: statementsFor('client'),
  freeTextQuestion: 'What would make therapy worthwhile for you?',
};

/** The therapist version (SPEC §3 C2). */
export const THERAPIST_EXPECTATIONS: ExpectationsInstrument = {
  side: 'therapist',
  title: 'What this therapy is for',
  instructions:
    'Rate how much each sentence fits this course of therapy as you see it now. The client answers their own version; neither of you sees the other’s answers until both are finished.',
  statements: statementsFor('therapist'),
  freeTextQuestion: 'What is this therapy for?',
};

/** The instrument one side answers. */
export function expectationsInstrument(side: Side): ExpectationsInstrument {
  return side === 'client' ? CLIENT_EXPECTATIONS : THERAPIST_EXPECTATIONS;
}

/** Ratings by statement id, 0..4. */
export type ExpectationAnswers = Readonly<Record<string, number>>;

/** One completed Expectations check. Immutable once submitted (SPEC §2). */
export type ExpectationsResponse = {
  id: string;
  side: Side;
  at: string;
  answers: ExpectationAnswers;
  freeText?: string;
};

export type ExpectationAnswerProblem = {
  statementId?: string;
  reason: 'missing' | 'not_an_integer' | 'out_of_range' | 'unknown_statement' | 'free_text_not_a_string';
};

export type ExpectationAnswersValidation =
  { ok: true; answers: ExpectationAnswers; freeText?: string } | { ok: false; reason: 'invalid_answers'; problems: ExpectationAnswerProblem[] };

/**
 * Checks a submitted Expectations check before it is stored: every statement of the side's
 * version answered with an integer 0–4 (SPEC §3 C2), no foreign statements, optional free text.
 * The profile (SPEC §5.2) is a mean per type, so a missing item would silently change it:
 * incomplete answers are refused rather than scored.
 */
export function validateExpectationAnswers(
  side: Side,
  answers: Readonly<Record<string, unknown>>,
  freeText?: unknown,
  settings: AllianceSettings = allianceDefaults,
): ExpectationAnswersValidation {
  const problems: ExpectationAnswerProblem[] = [];
  const instrument = expectationsInstrument(side);
  const known = new Set(instrument.statements.map((s) => s.id));
  const clean: Record<string, number> = {};
  for (const s of instrument.statements) {
    const value = answers[s.id];
    if (value === undefined || value === null) problems.push({ statementId: s.id, reason: 'missing' });
    else if (typeof value !== 'number' || !Number.isInteger(value)) problems.push({ statementId: s.id, reason: 'not_an_integer' });
    else if (value < 0 || value > settings.expectations.ratingMax) problems.push({ statementId: s.id, reason: 'out_of_range' });
    else clean[s.id] = value;
  }
  for (const id of Object.keys(answers)) {
    if (!known.has(id)) problems.push({ statementId: id, reason: 'unknown_statement' });
  }
  if (freeText !== undefined && typeof freeText !== 'string') problems.push({ reason: 'free_text_not_a_string' });
  if (problems.length > 0) return { ok: false, reason: 'invalid_answers', problems };
  const text = typeof freeText === 'string' && freeText.trim() !== '' ? freeText.trim() : undefined;
  return text === undefined ? { ok: true, answers: clean } : { ok: true, answers: clean, freeText: text };
}

/** The statements of one type for one side, in instrument order. */
export function statementsOfType(side: Side, type: AllianceType): ExpectationStatement[] {
  return expectationsInstrument(side).statements.filter((s) => s.type === type);
}

export type ExpectationsDue = { due: boolean; reason: 'intake' | 'cadence' | 'not_yet'; attendedSinceLast: number };

/**
 * Whether a side's Expectations check is due at `asOf`: at intake (never answered) and then after
 * every 6 attended sessions (SPEC §3 C2, configurable via settings.expectations.everyAttendedSessions).
 */
export function expectationsDue(
  side: Side,
  responses: readonly ExpectationsResponse[],
  sessions: readonly SessionRecord[],
  asOf: string,
  settings: AllianceSettings = allianceDefaults,
): ExpectationsDue {
  const now = instant(asOf);
  const mine = byTime(responses.filter((r) => r.side === side && instant(r.at) <= now));
  const last = mine.at(-1);
  const attended = sessions.filter((s) => s.status === 'attended' && instant(s.at) <= now);
  if (last === undefined) return { due: true, reason: 'intake', attendedSinceLast: attended.length };
  const since = attended.filter((s) => instant(s.at) > instant(last.at)).length;
  return since >= settings.expectations.everyAttendedSessions
    ? { due: true, reason: 'cadence', attendedSinceLast: since }
    : { due: false, reason: 'not_yet', attendedSinceLast: since };
}
