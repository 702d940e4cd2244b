/**
 * The Expectations check, two sides answering blind (SPEC §3 C2): what is due for whom, submitting
 * one side's answers (ratings and free text sealed; cues of the client's words read once and
 * sealed beside them), and the comparison — which shows the other side's answers only once both
 * have answered that round — the domain's blind pairing (domain/alliance/rounds.ts), applied here
 * whatever the caller asks for.
 */
import { DomainError } from '../../domain/errors.ts';
import type { Side } from '../../domain/alliance/course.ts';
import { compareExpectations, expectationsProfile } from '../../domain/alliance/divergence.ts';
import { pairRounds, roundSeenBy } from '../../domain/alliance/rounds.ts';
import type { ExpectationsComparison, ExpectationsProfile } from '../../domain/alliance/divergence.ts';
import type { ExpectationsDue, ExpectationsInstrument } from '../../domain/alliance/expectations.ts';
import { EXPECTATION_SCALE, expectationsDue, expectationsInstrument, validateExpectationAnswers } from '../../domain/alliance/expectations.ts';
import type { Cue } from '../../domain/cues/types.ts';
import type { Deps } from '../deps.ts';
import { iso } from '../deps.ts';
import type { ClientRow, CourseRow, ExpectationsResponseRow } from '../ports.ts';
import type { Actor, CourseRows, StoredExpectations } from './alliance-records.ts';
import { assertOpenAt, occurredAt } from './alliance-records.ts';
import { bind, cuesOf, cuesVersionOf, expectationsOf, getCourse, sessionRecords } from './alliance-records.ts';
import { clientTexts } from '../clinical-text.ts';
import { unitOfWork } from '../unit-of-work.ts';

export type ExpectationsResponseView = {
  id: string;
  side: Side;
  at: string;
  answers: Record<string, number>;
  freeText: string | null;
  profile: ExpectationsProfile;
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

type Stored = {
  all: StoredExpectations[];
  clientId: string;
  sessions: ReturnType<typeof sessionRecords>;
  /** The rows read, for the recompute that follows a new check. */
  rows: Pick<CourseRows, 'course' | 'client' | 'texts' | 'expectationRows' | 'sessionRows'>;
};

async function stored(deps: Deps, courseId: string, known?: { course: CourseRow; client: ClientRow }): Promise<Stored> {
  const { course, client } = known ?? (await getCourse(deps, courseId));
  const [texts, expectationRows, sessionRows] = await Promise.all([
    clientTexts(deps, client.id),
    deps.store.listExpectationsResponses(course.id),
    deps.store.listSessionsOfCourse(course.id),
  ]);
  return {
    all: expectationsOf(expectationRows, texts),
    clientId: client.id,
    sessions: sessionRecords(sessionRows),
    rows: { course, client, texts, expectationRows, sessionRows },
  };
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
 * Stores one side's completed check (immutable once submitted); the alliance recompute follows
 * the commit (unit-of-work.ts), handed the rows read here. Refused when not due: one answer per
 * round keeps the pairing of the two sides honest.
 */
export async function submitExpectations(
  deps: Deps,
  courseId: string,
  actor: Actor,
  input: { answers: Record<string, unknown>; freeText?: string | undefined; occurredAt?: string | undefined },
): Promise<ExpectationsResponseView> {
  return unitOfWork(
    deps,
    async (d) => {
      const { course, client } = await getCourse(d, courseId);
      const at = await occurredAt(d, course, actor, input.occurredAt, d.clock.now());
      assertOpenAt(course, new Date(at));
      const v = validateExpectationAnswers(actor.side, input.answers, input.freeText);
      if (!v.ok) throw new DomainError('invalid_input', 'Please answer every statement with a rating from 0 to 4.', { problems: v.problems });
      const { all, sessions, rows } = await stored(d, courseId, { course, client });
      const now = iso(d.clock.now());
      // Due as of when it was answered (a check entered after the fact is placed at its time), and
      // not crowding the side's next check, if one was entered already (issue 14).
      if (!expectationsDue(actor.side, all, sessions, at).due || crowdsNext(actor.side, all, sessions, at)) {
        throw new DomainError('conflict', 'The Expectations check is not due yet: it comes at intake and then every 6 attended sessions.');
      }
      const { texts } = rows;
      const id = d.ids.newId();
      // A client's free text is read in their own words (first person); the therapist's is not read for cues.
      const read = actor.side === 'client' && !!v.freeText;
      const cues = read && v.freeText ? cuesOf(v.freeText, { writer: 'client' }) : [];
      const row: ExpectationsResponseRow = {
        id,
        courseId,
        clientId: client.id,
        side: actor.side,
        answeredAt: at,
        enteredBy: actor.userId,
        createdAt: now,
        answersEnc: texts.seal(bind('expectations_responses', id, 'answers'), JSON.stringify(v.answers)),
        freeTextEnc: v.freeText ? texts.seal(bind('expectations_responses', id, 'free_text'), v.freeText) : null,
        cuesEnc: cues.length ? texts.seal(bind('expectations_responses', id, 'cues'), JSON.stringify(cues)) : null,
        cuesVersion: cuesVersionOf(read),
      };
      await d.store.insertExpectationsResponse(row);
      // The course's checks as the store lists them now (answer time, then id), this one included.
      const expectationRows = [...rows.expectationRows, row].sort((a, b) =>
        a.answeredAt < b.answeredAt ? -1 : a.answeredAt > b.answeredAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
      );
      d.after.queue({ kind: 'alliance', courseId, known: { ...rows, expectationRows } });
      return view(expectationsOf(expectationRows, texts).find((e) => e.id === id)!);
    },
    { oneWrite: true },
  );
}

/**
 * Whether a check of `side` dated `at` would come too soon before the side's next check already
 * in: the next one must still be due after it (at least the cadence's attended sessions later).
 */
function crowdsNext(side: Side, all: readonly StoredExpectations[], sessions: Stored['sessions'], at: string): boolean {
  const t = Date.parse(at);
  const next = all.filter((e) => e.side === side && Date.parse(e.at) >= t).sort((a, b) => Date.parse(a.at) - Date.parse(b.at))[0];
  if (next === undefined) return false;
  return !expectationsDue(side, [{ ...next, at }], sessions, next.at).due;
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
export async function compareRounds(
  deps: Deps,
  courseId: string,
  viewer: Side | 'observer',
): Promise<{ rounds: ExpectationsRound[]; latest: ExpectationsRound | null }> {
  // The cues are the clinician's prompts, never sent to the client: the evidence the cues panel and the
  // inferred alliance read (stored when the current rules read it, else read again).
  const withCues = (stored: StoredExpectations): ExpectationsResponseView => {
    const v = view(stored);
    return viewer !== 'client' && v.side === 'client' && v.freeText ? { ...v, freeTextCues: [...stored.cues] } : v;
  };
  const { all } = await stored(deps, courseId);
  const rounds = pairRounds(all).map((round): ExpectationsRound => {
    const seen = roundSeenBy(round, viewer);
    return {
      round: round.round,
      client: seen.client ? withCues(seen.client) : null,
      therapist: seen.therapist ? view(seen.therapist) : null,
      revealed: round.revealed,
      comparison: round.revealed ? compareExpectations(round.client!, round.therapist!) : null,
    };
  });
  const visible = rounds.filter((r) => r.revealed || r.client || r.therapist);
  return { rounds: visible, latest: [...visible].reverse().find((r) => r.revealed) ?? null };
}
