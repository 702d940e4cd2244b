/**
 * Loads one course's alliance records from the store into the plain `CourseRecords` the domain
 * analysis reads (SPEC §3 C2, C3, §5.3), opening the sealed texts with one key look-up. Also maps
 * domain goals and ledger entries back to rows, so every service writes them the same way.
 *
 * Blindness (SPEC §3 C2): the k-th client Expectations check pairs with the k-th therapist check;
 * a check is revealed to the other side — and read by the analysis — only once its pair exists
 * (the domain's rule, domain/alliance/rounds.ts).
 */
import type { Cue } from '../../domain/cues/types.ts';
import { readCues } from '../../domain/cues/read-cues.ts';
import type { ReadOptions } from '../../domain/cues/read-cues.ts';
import { CUE_RULES_VERSION, currentCues } from '../../domain/cues/evidence.ts';
import { directionsFromGoals } from '../../domain/cues/direction.ts';
import type { Direction } from '../../domain/cues/direction.ts';
import type { LedgerEntry, ReviewPoint } from '../../domain/alliance/agreements.ts';
import type { CuedText, PhaseChange, SessionRecord, Side } from '../../domain/alliance/course.ts';
import type { ExpectationsResponse } from '../../domain/alliance/expectations.ts';
import type { GasLevel, Goal, GoalFocus, GoalState } from '../../domain/alliance/goals.ts';
import type { CourseRecords } from '../../domain/alliance/inference.ts';
import type { AllianceType } from '../../domain/cues/types.ts';
import type { Frequency } from '../../domain/people.ts';
import { DomainError } from '../../domain/errors.ts';
import { startOfDayIn, whenItHappened } from '../../domain/dated.ts';
import type { Deps } from '../deps.ts';
import { revealedChecks } from '../../domain/alliance/rounds.ts';
import type { ReflectionAnswers } from '../../domain/notes/reflection.ts';
import { reflectionText } from '../../domain/notes/reflection.ts';
import type {
  ClientRow,
  CourseRow,
  ExpectationsResponseRow,
  GoalRatingRow,
  GoalRow,
  LedgerEntryRow,
  PhaseChangeRow,
  ReflectionRow,
  ResponseRow,
  SkillsAllianceRows,
  TherapySessionRow,
} from '../ports.ts';
import type { Binding } from '../clinical-text.ts';
import { clientTexts } from '../clinical-text.ts';
import { symptomSummaries } from './alliance-symptoms.ts';

export type Texts = { seal(b: Binding, text: string): string; open(b: Binding, sealed: string): string };

/** Who acts: the signed-in user and the side of the room they speak for. */
export type Actor = { userId: string; side: Side };

export const bind = (table: string, id: string, field: string): Binding => ({ table, id, field });

/**
 * Cues of a text (SPEC §5.5), read as its writer wrote it: a client's own words in the first
 * person, a therapist's in the third (by the client's name or a pronoun). Every caller says which.
 */
export function cuesOf(text: string, options: ReadOptions & { writer: NonNullable<ReadOptions['writer']> }): Cue[] {
  return readCues(text, options);
}

/** The version stored beside cue evidence written now: the rules' version for a text read, null when none was read. */
export const cuesVersionOf = (read: boolean): number | null => (read ? CUE_RULES_VERSION : null);

/**
 * Which way the behaviours a client works on should move, from their goals (their own and the
 * agreed ones): "Eat three meals a day" makes "I stopped eating" no step taken.
 */
export function goalDirections(goals: readonly Goal[]): Map<string, Direction> {
  return directionsFromGoals(goals.filter((g) => g.author === 'client' || g.state === 'agreed').map((g) => g.text));
}

/** A goal's cue evidence: stored when the current rules read it, else read again (a client's goal only). */
export function goalCues(row: GoalRow, text: string, texts: Texts, directions?: ReadonlyMap<string, Direction>): Cue[] {
  if (row.author !== 'client') return [];
  const stored = row.cuesEnc ? (JSON.parse(texts.open(bind('goals', row.id, 'cues'), row.cuesEnc)) as Cue[]) : [];
  return currentCues({ cues: stored, version: row.cuesVersion }, text, { writer: 'client', ...(directions ? { directions } : {}) });
}

export type StoredExpectations = ExpectationsResponse & { enteredBy: string; revealed: boolean; cues: readonly Cue[] };

/**
 * The stored rows a course's records are made of, each read once. A use case that already loaded
 * some of them (in its transaction, with its own write applied) hands them to the recompute that
 * follows it, which loads only the rest (see unit-of-work.ts).
 */
export type CourseRows = {
  course: CourseRow;
  client: ClientRow;
  texts: Texts;
  /** Every session of the course, scheduled ones included. */
  sessionRows: TherapySessionRow[];
  expectationRows: ExpectationsResponseRow[];
  goalRows: GoalRow[];
  ratings: GoalRatingRow[];
  ledgerRows: LedgerEntryRow[];
  phaseRows: PhaseChangeRow[];
  /** Every response of the client (all courses), in the store's order. */
  responseRows: ResponseRow[];
  /** The reflections the client shared with their therapist (SPEC §3 C6); a private one is never loaded for the analysis. */
  reflectionRows: ReflectionRow[];
  /**
   * Practice, tracker days and Support checks (SPEC §3 C5, C7, §5.3) with the client's sharing
   * choice: practice and trackers are read only while the client shares them (SPEC §2).
   */
  skillsRows: SkillsAllianceRows;
};

export type LoadedCourse = CourseRows & {
  expectations: StoredExpectations[];
  goals: Goal[];
  ledger: LedgerEntry[];
  /** What the analysis reads, cut at the clock's now. */
  records: CourseRecords;
};

/** The course, or not_found (the HTTP pipeline has already checked the caller's standing). */
export async function getCourse(deps: Pick<Deps, 'store'>, courseId: string): Promise<{ course: CourseRow; client: ClientRow }> {
  const course = await deps.store.findCourse(courseId);
  const client = course && (await deps.store.findClient(course.clientId));
  if (!course || !client) throw new DomainError('not_found', 'No such course.');
  return { course, client };
}

export function expectationsOf(rows: readonly ExpectationsResponseRow[], texts: Texts): StoredExpectations[] {
  const all = rows.map((r): StoredExpectations => {
    const freeText = r.freeTextEnc ? texts.open(bind('expectations_responses', r.id, 'free_text'), r.freeTextEnc) : undefined;
    return {
      id: r.id,
      side: r.side,
      at: r.answeredAt,
      enteredBy: r.enteredBy,
      revealed: false,
      answers: JSON.parse(texts.open(bind('expectations_responses', r.id, 'answers'), r.answersEnc)) as Record<string, number>,
      // A client's free text: the stored evidence when the current rules read it, else read again.
      cues:
        r.side === 'client' && freeText
          ? currentCues(
              { cues: r.cuesEnc ? (JSON.parse(texts.open(bind('expectations_responses', r.id, 'cues'), r.cuesEnc)) as Cue[]) : [], version: r.cuesVersion },
              freeText,
              { writer: 'client' },
            )
          : [],
      ...(freeText === undefined ? {} : { freeText }),
    };
  });
  return revealedChecks(all);
}

export function goalOf(row: GoalRow, ratings: readonly GoalRatingRow[], texts: Texts): Goal {
  const mine = ratings.filter((r) => r.goalId === row.id);
  const open = (field: string, sealed: string) => texts.open(bind('goals', row.id, field), sealed);
  const note = row.closureNoteEnc ? open('closure_note', row.closureNoteEnc) : undefined;
  const descriptions = row.gasDescriptionsEnc ? (JSON.parse(open('gas_descriptions', row.gasDescriptionsEnc)) as Record<string, string>) : undefined;
  return {
    id: row.id,
    author: row.author,
    text: open('text', row.textEnc),
    focus: row.focus as GoalFocus,
    proposedAt: row.proposedAt,
    state: row.state as GoalState,
    ratings: mine.filter((r) => r.kind === 'progress').map((r) => ({ at: r.at, value: r.value, recordedBy: r.recordedBy })),
    ...(row.agreedAt && row.agreedBy && row.agreementWordsEnc
      ? {
          agreement: {
            by: row.agreedBy,
            recordedBy: row.agreementRecordedBy ?? row.agreedBy,
            at: row.agreedAt,
            words: open('agreement_words', row.agreementWordsEnc),
          },
        }
      : {}),
    ...(row.closedState && row.closedAt && row.closedBy
      ? {
          closure: {
            state: row.closedState as 'achieved' | 'revised' | 'dropped',
            at: row.closedAt,
            by: row.closedBy,
            ...(note === undefined ? {} : { note }),
            ...(row.revisedTo ? { revisedTo: row.revisedTo } : {}),
          },
        }
      : {}),
    ...(row.revisionOf ? { revisionOf: row.revisionOf } : {}),
    ...(row.gasWeight !== null
      ? {
          gas: {
            weight: row.gasWeight,
            ...(descriptions ? { descriptions } : {}),
            attainments: mine.filter((r) => r.kind === 'gas').map((r) => ({ at: r.at, level: r.value as GasLevel })),
          },
        }
      : {}),
  };
}

export function ledgerEntryOf(row: LedgerEntryRow, texts: Texts): LedgerEntry {
  const open = (field: string, sealed: string | null) => (sealed ? texts.open(bind('alliance_ledger', row.id, field), sealed) : undefined);
  if (row.kind === 'proposal') {
    const reason = open('reason', row.reasonEnc);
    return {
      kind: 'proposal',
      entryId: row.id,
      agreementId: row.agreementId,
      at: row.at,
      by: row.side,
      terms: {
        statement: open('statement', row.statementEnc) ?? '',
        allianceType: row.allianceType as AllianceType,
        frequency: row.frequency as Frequency,
        reviewPoint: JSON.parse(row.reviewPoint ?? '{"kind":"after_sessions","sessions":6}') as ReviewPoint,
      },
      ...(row.supersedes ? { supersedes: row.supersedes } : {}),
      ...(reason === undefined ? {} : { reason }),
    };
  }
  const words = open('words', row.wordsEnc);
  if (row.kind === 'confirmation') {
    return {
      kind: 'confirmation',
      entryId: row.id,
      agreementId: row.agreementId,
      at: row.at,
      by: row.side,
      recordedBy: row.recordedBy ?? row.side,
      words: words ?? '',
    };
  }
  return {
    kind: 'decline',
    entryId: row.id,
    agreementId: row.agreementId,
    at: row.at,
    by: row.side,
    recordedBy: row.recordedBy ?? row.side,
    ...(words === undefined ? {} : { words }),
  };
}

/**
 * Refuses new ledger records on a course that has ended — except those dated on or before its last
 * day (what happened before the end, entered afterwards).
 */
export function assertOpenAt(course: CourseRow, now: Date): void {
  if (course.status === 'ended' && now.toISOString().slice(0, 10) > (course.endedOn ?? '')) {
    throw new DomainError('conflict', 'This course has ended.');
  }
}

/** Midnight UTC of the day the course started. */
export const courseStart = (course: CourseRow): string => `${course.startedOn}T00:00:00.000Z`;

/**
 * When a record being entered happened (issue 14): now, or the time a staff member gives, within
 * the course and not in the future (domain/dated.ts); a client's own entries are dated by the
 * server, so a time sent by a client is refused. The refusal is a 400 whose `details.reason`
 * names it: occurred_at_malformed, occurred_in_future, occurred_before_course, occurred_at_staff_only.
 */
export async function occurredAt(deps: Pick<Deps, 'store'>, course: CourseRow, actor: Actor, given: string | undefined, now: Date): Promise<string> {
  // The course began at midnight of its first day in the practice's zone; the practice is read only
  // when a staff member gives a time (a record dated now needs no check).
  const staffGave = given !== undefined && actor.side !== 'client';
  const zone = staffGave ? ((await deps.store.findPractice())?.timeZone ?? 'UTC') : 'UTC';
  const r = whenItHappened({
    occurredAt: given,
    enteredBy: actor.side === 'client' ? 'client' : 'staff',
    courseStart: startOfDayIn(course.startedOn, zone),
    courseStartedOn: course.startedOn,
    now: now.toISOString(),
  });
  if (!r.ok) throw new DomainError('invalid_input', r.detail, { reason: r.reason });
  return r.at;
}

/** Sessions as the analysis sees them: the ones that have happened (scheduled ones left out). */
export function sessionRecords(rows: readonly TherapySessionRow[]): SessionRecord[] {
  return rows
    .filter((s) => s.status !== 'scheduled')
    .map((s) => ({ id: s.id, at: s.startsAt, status: s.status as SessionRecord['status'] }))
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

/**
 * Loads the rows of a course that `known` does not already hold, in one round of parallel reads
 * (ratings belong to goals: a course known to have none has none).
 */
export async function loadCourseRows(deps: Pick<Deps, 'store' | 'vault'>, courseId: string, known: Partial<CourseRows> = {}): Promise<CourseRows> {
  const { course, client } = known.course && known.client ? { course: known.course, client: known.client } : await getCourse(deps, courseId);
  const texts = known.texts ?? (await clientTexts(deps, client.id));
  const [sessionRows, expectationRows, goalRows, ratings, ledgerRows, phaseRows, responseRows, reflectionRows, skillsRows] = await Promise.all([
    known.sessionRows ?? deps.store.listSessionsOfCourse(courseId),
    known.expectationRows ?? deps.store.listExpectationsResponses(courseId),
    known.goalRows ?? deps.store.listGoals(courseId),
    known.ratings ?? (known.goalRows?.length === 0 ? [] : deps.store.listGoalRatings(courseId)),
    known.ledgerRows ?? deps.store.listLedger(courseId),
    known.phaseRows ?? deps.store.listPhaseChanges(courseId),
    known.responseRows ?? deps.store.listResponsesOfClients([client.id]),
    known.reflectionRows ?? deps.store.listSharedReflectionsOfCourse(courseId),
    known.skillsRows ?? deps.store.loadSkillsForAlliance(courseId, client.id),
  ]);
  return { course, client, texts, sessionRows, expectationRows, goalRows, ratings, ledgerRows, phaseRows, responseRows, reflectionRows, skillsRows };
}

/**
 * What the analysis reads of skills (SPEC §5.3): practice and tracker days only while the client
 * shares them (SPEC §2: they are the client's); Support checks, an instrument like the others, always.
 */
export function skillsRecords(rows: SkillsAllianceRows): Pick<CourseRecords, 'practice' | 'trackerDays' | 'supportChecks'> {
  return {
    practice: rows.shared ? rows.practice.map((p) => ({ id: p.id, at: p.loggedAt, mode: p.mode })) : [],
    trackerDays: rows.shared ? rows.trackerDays.map((d) => ({ trackerId: d.trackerId, day: d.day, kept: d.kept, at: d.recordedAt })) : [],
    supportChecks: rows.supportChecks.map((c) => ({ id: c.id, at: c.answeredAt, calm: c.calm, people: c.people })),
  };
}

/** Loads a course's records (SPEC §5.3 inputs) as they stand now. */
export async function loadCourse(deps: Pick<Deps, 'store' | 'vault' | 'clock'>, courseId: string, known: Partial<CourseRows> = {}): Promise<LoadedCourse> {
  return courseOf(await loadCourseRows(deps, courseId, known), deps.clock.now().toISOString());
}

/** A course's rows as the records the analysis reads, cut at `asOf` (texts opened; nothing read). */
export function courseOf(rows: CourseRows, asOf: string): LoadedCourse {
  const { course, texts, sessionRows, expectationRows, goalRows, ratings, ledgerRows, phaseRows } = rows;
  const expectations = expectationsOf(expectationRows, texts);
  const goals = goalRows.map((g) => goalOf(g, ratings, texts));
  const ledger = ledgerRows.map((r) => ledgerEntryOf(r, texts));
  const revealed = expectations.filter((e) => e.revealed);
  const directions = goalDirections(goals);
  const cued: CuedText[] = [
    ...goals
      .filter((g) => g.author === 'client')
      .map((g): CuedText => {
        const row = goalRows.find((r) => r.id === g.id)!;
        return { sourceType: 'goal', sourceId: g.id, at: g.proposedAt, text: g.text, cues: goalCues(row, g.text, texts, directions), author: 'client' };
      }),
    ...revealed
      .filter((e) => e.side === 'client' && e.freeText)
      .map((e): CuedText => ({
        sourceType: 'expectations_response',
        sourceId: e.id,
        at: e.at,
        text: e.freeText!,
        cues: e.cues,
        author: 'client',
      })),
    // SPEC §5.3: the client's shared reflections are read for cues, dated when they were written.
    ...rows.reflectionRows
      .filter((r) => r.shared)
      .map((r): CuedText => {
        const text = reflectionText(JSON.parse(texts.open(bind('reflections', r.id, 'answers'), r.answersEnc)) as ReflectionAnswers);
        return { sourceType: 'reflection', sourceId: r.id, at: r.writtenAt, text, cues: cuesOf(text, { writer: 'client', directions }), author: 'client' };
      }),
  ];
  // The phase history is observed by recomputeAlliance; before anything was observed, the course's phase stands from its start.
  const phases: PhaseChange[] = phaseRows.length ? phaseRows.map((p) => ({ at: p.at, phase: p.phase })) : [{ at: courseStart(course), phase: course.phase }];
  const records: CourseRecords = {
    courseId: course.id,
    asOf,
    frequency: course.frequency,
    phases,
    sessions: sessionRecords(sessionRows),
    expectations: revealed.map(({ id, side, at, answers, freeText }) => ({ id, side, at, answers, ...(freeText === undefined ? {} : { freeText }) })),
    goals,
    ledger,
    texts: cued,
    symptoms: symptomSummaries(rows.responseRows, course),
    ...skillsRecords(rows.skillsRows),
  };
  return { ...rows, expectations, goals, ledger, records };
}
