/**
 * The demo's skills story (SPEC §3 C5, C7), written through the use cases at the moments things
 * happened. Hannah Whitfield answers the Skills check in her first week; kind self-talk after
 * mistakes comes out on top, her therapist proposes it as a target with its plan and Hannah agrees.
 * She shares her practice and trackers, and rehearses most days — imagined at first, then role-play,
 * then real life — celebrating more often as it gets easier, so the count grows toward its target.
 * A second target she proposed herself (courage with phone calls) stalls after a few tries and
 * raises "practice stalled" on the day it reached 14 days. Her tracker "a day without drinking"
 * has streaks that lengthen, the longest running straight through Maya's two-week holiday
 * (a planned break), and her Support check rises from leaning on therapy alone to a sister,
 * a friend and swimming.
 */
import type { Deps } from '../deps.ts';
import {
  addPlannedBreak,
  createTarget,
  createTracker,
  enterTrackerDay,
  logPractice,
  setSharing,
  submitSkillsCheck,
  submitSupportCheck,
  updateTarget,
} from '../skills/skills.ts';
import { sweepStalledPractice } from '../skills/stalled.ts';
import type { PracticeMode } from '../../domain/skills/practice.ts';

const at = (deps: Deps, t: Date): Deps => ({ ...deps, clock: { now: () => t } });

/** What Hannah writes when she logs a new situation for "Talking kindly to myself after a mistake". */
const KIND_SITUATIONS: readonly { situation: string; did: string; howItWent: string }[] = [
  {
    situation: 'Forgot to call my sister back on her birthday',
    did: 'Told myself I can call tomorrow and mean it',
    howItWent: 'Called her the next day; she laughed it off',
  },
  {
    situation: 'Missed a deadline on the quarterly report',
    did: 'Wrote down what went wrong instead of what is wrong with me',
    howItWent: 'Slept better than I expected',
  },
  {
    situation: 'Snapped at my mum on the phone',
    did: 'Said sorry, then: one bad moment, not a bad daughter',
    howItWent: 'Still felt guilty, but only for the evening',
  },
  { situation: 'Burnt the dinner with friends coming', did: 'Ordered pizza and joked about it', howItWent: 'Nobody minded; I noticed I did not either' },
  { situation: 'A typo in an email to the whole team', did: 'Sent a one-line correction and let it go', howItWent: 'Checked my inbox less often than usual' },
  {
    situation: 'Lost my keys and was late for the dentist',
    did: 'Breathed out and spoke to myself as I would to a friend',
    howItWent: 'Mixed: the voice came back on the bus',
  },
];

/** Days (of Hannah's course) without a drink missed: the streaks between them lengthen (5, 9, 16, then the long one). */
const TRACKER_MISSES = new Set([20, 30, 47]);

export async function addDemoSkills(
  deps: Deps,
  key: string,
  courseId: string,
  therapistId: string,
  clientUserId: string | null,
  day: (d: number, hour?: number) => Date,
  today: number,
): Promise<void> {
  if (key !== 'hannah' || !clientUserId) return;
  const therapist = { userId: therapistId, side: 'therapist' as const };
  const client = { userId: clientUserId, side: 'client' as const };

  await submitSkillsCheck(at(deps, day(7, 19)), courseId, [
    { skillId: 'kind_self_talk', skilled: 1, help: 4 },
    { skillId: 'courage', skilled: 1, help: 3 },
    { skillId: 'self_calming', skilled: 2, help: 3 },
    { skillId: 'listening', skilled: 3, help: 2 },
    { skillId: 'friendship', skilled: 2, help: 2 },
  ]);
  await submitSupportCheck(at(deps, day(10, 20)), courseId, { calm: 1, people: 0, supports: [{ kind: 'activity', name: 'Long walks' }] });

  const proposed = await createTarget(at(deps, day(14, 11)), courseId, therapist, {
    skillId: 'kind_self_talk',
    why: 'After a mistake at work I call myself useless for days, and then I drink to stop the noise.',
    goalIds: [],
    situations: ['After a mistake at work', 'Evenings alone when I go over the day'],
    doMore: {
      thoughts: ['Everyone gets things wrong; what would I say to a friend?'],
      feelings: ['Let the disappointment be there without adding shame'],
      behaviours: ['Write one line of what went well too'],
    },
    doLess: { thoughts: ['I am useless'], feelings: [], behaviours: ['Replaying the mistake for hours', 'A drink to stop the noise'] },
    sources: ['A self-compassion workbook chapter Maya suggested'],
    practicePlan: 'Imagine last week’s mistake each evening and answer it kindly; try it for real at work once I can. A tick on the phone each time.',
    targetCount: 150,
  });
  const kindId = proposed.targets[0]!.id;
  await updateTarget(at(deps, day(14, 19)), courseId, kindId, client.side, { status: 'active' });
  await setSharing(at(deps, day(14, 19)), courseId, true);
  const tracker = await createTracker(at(deps, day(14, 20)), courseId, 'A day without drinking');
  const trackerId = tracker.trackers![0]!.id;
  await addPlannedBreak(at(deps, day(49, 12)), courseId, therapistId, {
    startsOn: day(56).toISOString().slice(0, 10),
    endsOn: day(69).toISOString().slice(0, 10),
    label: 'Maya’s holiday',
  });

  // Daily life from day 15 to yesterday: the tracker each evening, practice on most days.
  let last: string | undefined;
  let courageId: string | undefined;
  for (let d = 15; d < today; d++) {
    const evening = at(deps, day(d, 20));
    if (d % 7 !== 3) {
      const mode: PracticeMode = d < 35 ? 'imagined' : d < 60 ? (d % 2 ? 'role_play' : 'imagined') : d % 3 ? 'real_life' : 'role_play';
      const wentWell = d >= 30 || d % 3 !== 0;
      // A new situation about once a week (written out in the portal's "Log a different practice"),
      // the one-tap "Again" on the days between.
      const fresh = d % 7 === 0 && d > 15 ? KIND_SITUATIONS[(d / 7) % KIND_SITUATIONS.length] : undefined;
      const v = fresh
        ? await logPractice(evening, courseId, { targetId: kindId, mode, outcome: wentWell ? 'went_well' : 'mixed', celebrated: wentWell, ...fresh })
        : last
          ? await logPractice(evening, courseId, {
              targetId: kindId,
              repeatOf: last,
              mode,
              outcome: wentWell ? 'went_well' : 'mixed',
              celebrated: wentWell && d % 4 !== 0,
            })
          : await logPractice(evening, courseId, {
              targetId: kindId,
              mode,
              outcome: 'mixed',
              situation: 'Sent the wrong file to my manager',
              did: 'Said to myself: a slip, not a verdict on me',
              howItWent: 'Felt forced, but the spiral was shorter',
            });
      last = v.practice![0]!.id;
    }
    if (d === 70) {
      // Hannah proposes a second target herself after the break; Maya agrees in the session.
      const v = await createTarget(at(deps, day(70, 9)), courseId, client, {
        skillId: 'courage',
        why: 'I want to apply for the job I keep looking at.',
        goalIds: [],
        situations: ['Phoning people I do not know'],
        doMore: { thoughts: [], feelings: [], behaviours: ['Dial within a minute of deciding'] },
        doLess: { thoughts: ['They will think I am stupid'], feelings: [], behaviours: ['Writing a script for an hour first'] },
        sources: [],
        practicePlan: 'Rehearse a call in my head, then make one small call a week.',
        targetCount: 40,
      });
      courageId = v.targets.at(-1)!.id;
      await updateTarget(at(deps, day(70, 11)), courseId, courageId, therapist.side, { status: 'active' });
    }
    if (courageId && (d === 71 || d === 74 || d === 78)) {
      await logPractice(evening, courseId, { targetId: courageId, mode: d === 78 ? 'real_life' : 'imagined', outcome: d === 78 ? 'hard' : 'mixed' });
    }
    await enterTrackerDay(at(deps, day(d, 21)), courseId, trackerId, { day: day(d, 21).toISOString().slice(0, 10), kept: !TRACKER_MISSES.has(d) }, 'new');
    if (d === 60)
      await submitSupportCheck(evening, courseId, {
        calm: 2,
        people: 2,
        supports: [
          { kind: 'person', name: 'My sister Jo' },
          { kind: 'activity', name: 'Long walks' },
          { kind: 'activity', name: 'Swimming on Saturdays' },
        ],
      });
    if (d === 105)
      await submitSupportCheck(evening, courseId, {
        calm: 3,
        people: 3,
        supports: [
          { kind: 'person', name: 'My sister Jo' },
          { kind: 'person', name: 'Priti from the swimming club' },
          { kind: 'activity', name: 'Long walks' },
          { kind: 'activity', name: 'Swimming on Saturdays' },
        ],
      });
    // The practice-stalled sweep runs daily: the morning the courage target reached 14 days without practice, it raised its alert.
    if (courageId && d === 92) await sweepStalledPractice(at(deps, day(d, 9)));
  }
}
