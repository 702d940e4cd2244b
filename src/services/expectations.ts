/**
 * The Expectations check, two sides answering blind (SPEC §3 C2): what is due for whom, submitting
 * one side's answers (ratings and free text sealed; cues of the client's words read once and
 * sealed beside them), and the comparison — which shows the other side's answers only once both
 * have answered that round (`canReveal`), enforced here whatever the caller asks for.
 */
import { DomainError } from '../domain/errors.ts';
import type { Side } from '../domain/alliance/course.ts';
import { canReveal, compareExpectations, expectationsProfile } from '../domain/alliance/divergence.ts';
import type { ExpectationsComparison, ExpectationsProfile } from '../domain/alliance/divergence.ts';
import type { ExpectationsDue, ExpectationsInstrument } from '../domain/alliance/expectations.ts';
import { EXPECTATION_SCALE, expectationsDue, expectationsInstrument, validateExpectationAnswers } from '../domain/alliance/expectations.ts';
import type { Cue } from '../domain/cues/types.ts';
import type { Deps } from './deps.ts';
import { iso } from './deps.ts';
import type { Actor, StoredExpectations } from './alliance-records.ts';
import { assertOpenAt } from './alliance-records.ts';
import { bind, cuesOf, expectationsOf, getCourse, sessionRecords } from './alliance-records.ts';
import { clientTexts } from './clinical-text.ts';
import { recomputeAlliance } from './alliance.ts';

export type ExpectationsResponseView = {
  id: string; side: Side; at: string; answers: Record<string, number>; freeText: string | null; profile: ExpectationsProfile;
  /** The language cues in a client's free text (SPEC §5.5), for the therapist's and supervisor's view only. */
  freeTextCues?: Cue[];
};

export type ExpectationsState = {
  instrument: ExpectationsInstrument;
  scale: typeof EXPECTATION_SCALE;
  due: ExpectationsDue;
  /** Whether the other side's check of the current round is in (never its answers). */
  otherSideAnswered: boolean;
  mine: ExpectationsResponseView[];
};

function view(e: StoredExpectations): ExpectationsResponseView {
  return { id: e.id, side: e.side, at: e.at, answers: { ...e.answers }, freeText: e.freeText ?? null, profile: expectationsProfile(e) };
}

async function stored(deps: Deps, courseId: string): Promise<{ all: StoredExpectations[]; clientId: string; sessions: ReturnType<typeof sessionRecords> }> {
  const { course, client } = await getCourse(deps, courseId);
  const texts = await clientTexts(deps, client.id);
  const [rows, sessions] = await Promise.all([deps.store.listExpectationsResponses(course.id), deps.store.listSessionsOfCourse(course.id)]);
  return { all: expectationsOf(rows, texts), clientId: client.id, sessions: sessionRecords(sessions) };
}

/** The caller's own version of the check, whether it is due, and their earlier answers. */
export async function expectationsState(deps: Deps, courseId: string, side: Side): Promise<ExpectationsState> {
  const { all, sessions } = await stored(deps, courseId);
  const mine = all.filter((e) => e.side === side);
  const other = all.filter((e) => e.side !== side);
  return {
    instrument: expectationsInstrument(side),
    scale: EXPECTATION_SCALE,
    due: expectationsDue(side, all, sessions, iso(deps.clock.now())),
    otherSideAnswered: other.length > mine.length,
    mine: mine.map(view),
  };
}

/**
 * Stores one side's completed check (immutable once submitted) and recomputes the alliance.
 * Refused when not due: one answer per round keeps the pairing of the two sides honest.
 */
export async function submitExpectations(
  deps: Deps, courseId: string, actor: Actor, input: { answers: Record<string, unknown>; freeText?: string | undefined },
): Promise<ExpectationsResponseView> {
  const { course, client } = await getCourse(deps, courseId);
  assertOpenAt(course, deps.clock.now());
  const v = validateExpectationAnswers(actor.side, input.answers, input.freeText);
  if (!v.ok) throw new DomainError('invalid_input', 'Please answer every statement with a rating from 0 to 4.', { problems: v.problems });
  const { all, sessions } = await stored(deps, courseId);
  const now = iso(deps.clock.now());
  if (!expectationsDue(actor.side, all, sessions, now).due) {
    throw new DomainError('conflict', 'The Expectations check is not due yet: it comes at intake and then every 6 attended sessions.');
  }
  const texts = await clientTexts(deps, client.id);
  const id = deps.ids.newId();
  const cues = actor.side === 'client' && v.freeText ? cuesOf(v.freeText) : [];
  await deps.store.insertExpectationsResponse({
    id, courseId, clientId: client.id, side: actor.side, answeredAt: now, enteredBy: actor.userId, createdAt: now,
    answersEnc: texts.seal(bind('expectations_responses', id, 'answers'), JSON.stringify(v.answers)),
    freeTextEnc: v.freeText ? texts.seal(bind('expectations_responses', id, 'free_text'), v.freeText) : null,
    cuesEnc: cues.length ? texts.seal(bind('expectations_responses', id, 'cues'), JSON.stringify(cues)) : null,
  });
  await recomputeAlliance(deps, courseId);
  const mine = (await stored(deps, courseId)).all.find((e) => e.id === id)!;
  return view(mine);
}

export type ExpectationsRound = {
  round: number;
  client: ExpectationsResponseView | null;
  therapist: ExpectationsResponseView | null;
  /** Both answered: the comparison is shown. */
  revealed: boolean;
  comparison: ExpectationsComparison | null;
};

/**
 * The two sides' checks round by round, as the viewer may see them (SPEC §3 C2 blindness): the
 * viewer's own answers always; the other side's only in rounds both have completed. A supervisor
 * (viewer 'observer') sees completed rounds only.
 */
export async function compareRounds(deps: Deps, courseId: string, viewer: Side | 'observer'): Promise<{ rounds: ExpectationsRound[]; latest: ExpectationsRound | null }> {
  // The cues are the clinician's prompts: read afresh (as the cues route does) and never sent to the client.
  const withCues = (v: ExpectationsResponseView): ExpectationsResponseView =>
    viewer !== 'client' && v.side === 'client' && v.freeText ? { ...v, freeTextCues: cuesOf(v.freeText) } : v;
  const { all } = await stored(deps, courseId);
  const client = all.filter((e) => e.side === 'client');
  const therapist = all.filter((e) => e.side === 'therapist');
  const rounds: ExpectationsRound[] = [];
  for (let k = 0; k < Math.max(client.length, therapist.length); k++) {
    const c = client[k];
    const t = therapist[k];
    const revealed = canReveal(c !== undefined, t !== undefined);
    const shows = (side: Side) => revealed || viewer === side;
    rounds.push({
      round: k + 1,
      client: c && shows('client') ? withCues(view(c)) : null,
      therapist: t && shows('therapist') ? view(t) : null,
      revealed,
      comparison: revealed ? compareExpectations(c!, t!) : null,
    });
  }
  const visible = rounds.filter((r) => r.revealed || r.client || r.therapist);
  return { rounds: visible, latest: [...visible].reverse().find((r) => r.revealed) ?? null };
}
