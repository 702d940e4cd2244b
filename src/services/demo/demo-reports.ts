/**
 * The demo practice's history (issue 15): past clients of Maya, Tom and Inés whose courses ended
 * over the last two years, so the practice report has something to say and the expected-response
 * curves have their 30 courses per band. Every record is written through the use cases, at the
 * moment it happened, as the UI would have made it: the client added, the course opened, sessions
 * recorded, PHQ-9 and GAD-7 entered in session every other session, the Expectations checks of
 * both sides at intake, an agreement proposed and confirmed (by the 3rd session in most courses),
 * the course ended and the client archived. One course is one unit of work, so its recompute (and
 * its report row) runs once.
 *
 * Each course also has goals, proposed by the therapist in the first sessions and agreed in the
 * client's words said in session (or left unagreed, more often when the two sides' expectations
 * diverge), so the report's goal consensus reads believable figures. They draw on a generator of
 * their own, so the courses' outcomes stay the same whatever the goals do.
 *
 * Believable, not real: intake severity spread over the bands; about half recover; drop-out about
 * one in five, likelier when the two sides' expectations diverge at intake and when no alliance
 * is agreed early — the kind of pattern the report's comparisons are there to show or not show.
 * A seeded generator makes the same history every time.
 */
import type { Deps } from '../deps.ts';
import { iso } from '../deps.ts';
import type { AllianceType } from '../../domain/cues/types.ts';
import { expectationsInstrument } from '../../domain/alliance/expectations.ts';
import { createClient, openCourse, recordSession, updateClient, updateCourse } from '../people/clients.ts';
import { submitResponse } from '../measures/measures.ts';
import { submitExpectations } from '../alliance/expectations.ts';
import { answerAgreement, proposeAgreement } from '../alliance/agreements.ts';
import { changeGoal, proposeCourseGoal } from '../alliance/goals.ts';
import type { GoalFocus } from '../../domain/alliance/goals.ts';
import { unitOfWork } from '../unit-of-work.ts';

const DAY = 86_400_000;
const TYPES: readonly AllianceType[] = ['magical', 'working', 'therapeutic', 'structuralizing'];
const FIRST = ['Alex', 'Sam', 'Jo', 'Robin', 'Kit', 'Morgan', 'Ari', 'Lee', 'Noor', 'Ezra', 'Cal', 'Rae', 'Ira', 'Tess', 'Wren', 'Jude'];
const GOALS: readonly { text: string; focus: GoalFocus }[] = [
  { text: 'Sleep through most nights again.', focus: 'symptom_relief' },
  { text: 'Go back to work three days a week.', focus: 'decision_or_situation' },
  { text: 'Notice the spiral early and use the breathing exercise.', focus: 'skill' },
  { text: 'Understand why I keep saying yes when I mean no.', focus: 'pattern_in_myself' },
  { text: 'Worry less about the children every evening.', focus: 'symptom_relief' },
  { text: 'See friends at least once a week.', focus: 'decision_or_situation' },
  { text: 'Keep the gains going after we finish.', focus: 'keeping_gains' },
];
const LAST = ['Hale', 'Moss', 'Reid', 'Frost', 'Lane', 'Park', 'Shaw', 'Vale', 'Quinn', 'Hart', 'Cole', 'Finch', 'Brook', 'Ward'];

/**
 * The name of the `i`-th past client: every first name with every surname before any repeats
 * (16 × 14 = 224 distinct names; the surname moves on by one each round of first names).
 */
export function historyName(i: number): string {
  const round = Math.floor(i / FIRST.length);
  return `${FIRST[i % FIRST.length]} ${LAST[(i + round) % LAST.length]}`;
}

/** A small seeded generator (mulberry32): the same history on every build. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Item answers 0–3 summing to `total` (the safety item of the PHQ-9 left at 0). */
function answersFor(code: 'phq9' | 'gad7', total: number): Record<string, number> {
  const items = code === 'phq9' ? 8 : 7;
  const out: Record<string, number> = {};
  let left = Math.max(0, Math.min(items * 3, total));
  for (let i = 1; i <= items; i++) {
    const v = Math.min(3, Math.ceil(left / (items - i + 1)));
    out[`${code}_${i}`] = v;
    left -= v;
  }
  if (code === 'phq9') out['phq9_9'] = 0;
  return out;
}

/** An Expectations check leaning to one type (that type's statements 3–4, the rest 0–1). */
function leaning(side: 'client' | 'therapist', type: AllianceType, rnd: () => number): Record<string, number> {
  return Object.fromEntries(expectationsInstrument(side).statements.map((s) => [s.id, s.type === type ? 3 + Math.round(rnd()) : Math.round(rnd())]));
}

/**
 * Adds `count` past courses spread over the therapists, ended between 2 years and 2 weeks ago.
 * Returns how many it made.
 */
export async function addDemoHistory(deps: Deps, therapistIds: readonly string[], count: number): Promise<number> {
  const rnd = seeded(20261201);
  const goalRnd = seeded(20261202);
  const now = deps.clock.now().getTime();
  for (let i = 0; i < count; i++) {
    const therapistId = therapistIds[i % therapistIds.length]!;
    const name = historyName(i);
    // The course: started 2 years to 4 months ago, weekly, at 10:00 on a weekday.
    const startAgo = 120 + Math.floor(rnd() * 600);
    const start = new Date(now - startAgo * DAY);
    start.setUTCHours(10, 0, 0, 0);
    while (start.getUTCDay() === 0 || start.getUTCDay() === 6) start.setTime(start.getTime() - DAY);
    const diverge = rnd() < 0.35;
    const clientType = TYPES[Math.floor(rnd() * 4)]!;
    const therapistType = diverge ? TYPES[(TYPES.indexOf(clientType) + 1 + Math.floor(rnd() * 3)) % 4]! : clientType;
    const agreedEarly = rnd() < (diverge ? 0.45 : 0.75);
    // Drop-out: likelier with diverging expectations and without an early agreement.
    const dropOut = rnd() < 0.08 + (diverge ? 0.15 : 0) + (agreedEarly ? 0 : 0.15);
    const sessions = dropOut ? 1 + Math.floor(rnd() * 4) : 6 + Math.floor(rnd() * 9);
    const phqStart = 6 + Math.floor(rnd() * 17);
    const gadStart = Math.max(3, Math.min(21, phqStart - 3 + Math.floor(rnd() * 6)));
    // Improvement over the course: most improve, better with an early agreement; a few worsen.
    const worsen = rnd() < 0.06;
    const gain = worsen ? -(4 + Math.floor(rnd() * 4)) : Math.round((0.12 + rnd() * 0.6 + (agreedEarly ? 0.1 : 0)) * phqStart);
    const scoreAt = (first: number, k: number, max: number) => {
      const share = sessions <= 1 ? 0 : k / (sessions - 1);
      const noise = Math.round((rnd() - 0.5) * 3);
      return Math.max(0, Math.min(max, Math.round(first - gain * share * (first / Math.max(phqStart, 1))) + noise));
    };
    await unitOfWork(deps, async (d) => {
      const at = (t: number): Deps => ({ ...d, clock: { now: () => new Date(t) } });
      const client = await createClient(at(start.getTime() - DAY), therapistId, { name, contact: { email: null, phone: null, dateOfBirth: null } });
      const course = await openCourse(d, client.id, { startedOn: iso(start).slice(0, 10), frequency: 'weekly' });
      const who = { userId: therapistId, as: 'therapist' as const };
      const t0 = start.getTime();
      await submitExpectations(at(t0 - 30 * 60_000), course.id, { userId: therapistId, side: 'client' }, { answers: leaning('client', clientType, rnd) });
      await submitExpectations(
        at(t0 - 25 * 60_000),
        course.id,
        { userId: therapistId, side: 'therapist' },
        { answers: leaning('therapist', therapistType, rnd) },
      );
      let last = t0;
      let pendingGoals: { id: string; at: number }[] = [];
      for (let k = 0; k < sessions; k++) {
        const t = t0 + k * 7 * DAY;
        last = t;
        const s = await recordSession(d, course.id, { startsAt: iso(new Date(t)), durationMinutes: 50, status: 'attended' });
        if (k % 2 === 0 || k === sessions - 1) {
          const when = t + 5 * 60_000;
          await submitResponse(at(when), client.id, who, {
            instrumentCode: 'phq9',
            answers: answersFor('phq9', scoreAt(phqStart, k, 24)),
            source: 'in_session',
            sessionId: s.id,
            completedAt: iso(new Date(when)),
          });
          await submitResponse(at(when + 60_000), client.id, who, {
            instrumentCode: 'gad7',
            answers: answersFor('gad7', scoreAt(gadStart, k, 21)),
            source: 'in_session',
            sessionId: s.id,
            completedAt: iso(new Date(when + 60_000)),
          });
        }
        // Goals: the first proposed in the first session, a second in the third; each agreed a
        // session later in the client's words, or never.
        if ((k === 0 || k === 2) && k < sessions) {
          const g = GOALS[Math.floor(goalRnd() * GOALS.length)]!;
          const agrees = goalRnd() < (diverge ? 0.5 : 0.85);
          const goal = await proposeCourseGoal(at(t + 45 * 60_000), course.id, { userId: therapistId, side: 'therapist' }, g);
          if (agrees && k + 1 < sessions) pendingGoals.push({ id: goal.id, at: t + 7 * DAY + 46 * 60_000 });
        }
        for (const p of pendingGoals.filter((p) => p.at <= t + 60 * 60_000)) {
          await changeGoal(
            at(p.at),
            course.id,
            p.id,
            { userId: therapistId, side: 'therapist' },
            { kind: 'agree', words: 'Yes, that is what I want from this.' },
          );
        }
        pendingGoals = pendingGoals.filter((p) => p.at > t + 60 * 60_000);
        const agreeAt = agreedEarly ? 1 : 4;
        if (k === agreeAt) {
          const type = agreedEarly ? clientType : therapistType;
          const proposedAt = t + 40 * 60_000;
          const ledger = await proposeAgreement(
            at(proposedAt),
            course.id,
            { userId: therapistId, side: 'therapist' },
            {
              terms: {
                statement: 'What we work on together, weekly, reviewed after six sessions.',
                allianceType: type,
                frequency: 'weekly',
                reviewPoint: { kind: 'after_sessions', sessions: 6 },
              },
            },
          );
          await answerAgreement(
            at(proposedAt + 60_000),
            course.id,
            ledger.entries.at(-1)!.agreementId,
            { userId: therapistId, side: 'therapist' },
            { confirm: true, words: 'Yes, that is it.' },
          );
        }
      }
      const endedOn = iso(new Date(last + (dropOut ? 14 : 2) * DAY)).slice(0, 10);
      await updateCourse(d, course.id, { status: 'ended', endReason: dropOut ? (rnd() < 0.5 ? 'drop_out' : 'unplanned') : 'planned', endedOn });
      await updateClient(d, client.id, { status: 'archived' });
      d.after.queue({ kind: 'alliance', courseId: course.id });
    });
  }
  return count;
}
