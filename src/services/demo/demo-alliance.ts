/**
 * The alliance ledger of the demo practice (SPEC §1.5, §3 C2, C3): each course tells one of the
 * stories Accord is built to notice. Every record goes through the real services at the time it
 * would have been made (the clock is set to the story's moment), so the inferred alliance, the
 * snapshots and the alerts are the real rules' output. The words are written here, in the
 * clients' voices, for the cue reader to read. Stories: docs/demo.md and docs/alliance.md.
 */
import type { Deps } from '../deps.ts';
import type { Actor } from '../alliance/alliance-records.ts';
import { submitExpectations } from '../alliance/expectations.ts';
import { changeGoal, proposeCourseGoal, rateProgress } from '../alliance/goals.ts';
import { answerAgreement, getLedger, proposeAgreement } from '../alliance/agreements.ts';
import type { AllianceType } from '../../domain/cues/types.ts';
import type { AgreementTerms } from '../../domain/alliance/agreements.ts';
import type { GoalFocus } from '../../domain/alliance/goals.ts';
import { expectationsInstrument } from '../../domain/alliance/expectations.ts';

type Ratings = Partial<Record<AllianceType, [number, number, number]>>;
type Step =
  | { do: 'expect'; side: 'client' | 'therapist'; r: Ratings; text?: string }
  | { do: 'goal'; key: string; by: 'client' | 'therapist'; focus: GoalFocus; text: string }
  | { do: 'agreeGoal'; key: string; words: string }
  | { do: 'closeGoal'; key: string; action: 'achieve' | 'drop'; by: 'client' | 'therapist'; note?: string }
  | { do: 'progress'; key: string; value: number }
  | { do: 'propose'; by: 'client' | 'therapist'; terms: AgreementTerms; reason?: string }
  | { do: 'confirm'; words: string; recordedBy?: 'client' | 'therapist' }
  | { do: 'decline'; words: string };

/** Steps by attended session (0 = the first): `before` the session starts or `after` it. */
type Story = { at: number; when: 'before' | 'after'; steps: Step[] }[];

const rate = (side: 'client' | 'therapist', r: Ratings) => {
  const seen: Record<string, number> = {};
  return Object.fromEntries(
    expectationsInstrument(side).statements.map((s) => {
      const i = (seen[s.type] = (seen[s.type] ?? -1) + 1);
      return [s.id, r[s.type]?.[i] ?? 0];
    }),
  );
};
const terms = (statement: string, allianceType: AllianceType, frequency: AgreementTerms['frequency'] = 'weekly', sessions = 6): AgreementTerms => ({
  statement,
  allianceType,
  frequency,
  reviewPoint: { kind: 'after_sessions', sessions },
});

const STORIES: Record<string, Story> = {
  // Waiting for her family to change; after the therapist names it, a working alliance.
  hannah: [
    {
      at: 0,
      when: 'before',
      steps: [
        {
          do: 'expect',
          side: 'client',
          r: { magical: [4, 3, 3], working: [1, 1, 2], therapeutic: [0, 1, 0] },
          text: 'I keep hoping my mother and my sister will finally stop blaming me. If they changed, everything would be fine. I just want someone to tell me how to make them see it.',
        },
        {
          do: 'expect',
          side: 'therapist',
          r: { magical: [2, 1, 1], working: [3, 3, 3], therapeutic: [2, 1, 1] },
          text: 'To help Hannah handle the conflict at home in a way she can live with.',
        },
      ],
    },
    {
      at: 0,
      when: 'after',
      steps: [
        { do: 'goal', key: 'family', by: 'client', focus: 'change_in_others', text: 'I want my mother and sister to stop blaming me for everything.' },
        {
          do: 'propose',
          by: 'therapist',
          terms: terms(
            'For now we meet weekly so Hannah has somewhere to talk about what is happening at home, and we find out together what would help.',
            'magical',
          ),
        },
        { do: 'confirm', words: 'Yes, I need somewhere to talk.' },
      ],
    },
    {
      at: 3,
      when: 'after',
      steps: [
        {
          do: 'propose',
          by: 'therapist',
          terms: terms(
            'Hannah works on staying steady and saying what she needs when her mother criticises her, whether or not her family changes.',
            'working',
          ),
          reason:
            'In session 4 I named that Hannah has been waiting for her family to change, and asked: if therapy could help you feel steadier at home even while they stay as they are, would you count it worthwhile? She said yes.',
        },
        { do: 'confirm', recordedBy: 'therapist', words: 'Yes. If I could stay calm when my mum starts, that would already be a lot.' },
        { do: 'closeGoal', key: 'family', action: 'drop', by: 'client', note: 'Replaced by a goal about what I can do' },
        {
          do: 'goal',
          key: 'calm',
          by: 'client',
          focus: 'skill',
          text: 'I want to stay calm and say what I need when my mother criticises me, instead of shouting or going silent.',
        },
        { do: 'agreeGoal', key: 'calm', words: 'Yes, let us practise that together.' },
      ],
    },
    {
      at: 5,
      when: 'after',
      steps: [
        {
          do: 'expect',
          side: 'client',
          r: { magical: [1, 1, 0], working: [4, 4, 3], therapeutic: [2, 1, 1] },
          text: 'I want to handle the arguments with my mum better and speak up for myself without it turning into a fight.',
        },
        {
          do: 'expect',
          side: 'therapist',
          r: { working: [4, 4, 3], therapeutic: [1, 1, 1] },
          text: 'Handling the conflicts with her mother: staying steady, asking for what she needs.',
        },
        { do: 'progress', key: 'calm', value: 4 },
      ],
    },
    { at: 9, when: 'after', steps: [{ do: 'progress', key: 'calm', value: 6 }] },
    {
      at: 11,
      when: 'after',
      steps: [
        {
          do: 'expect',
          side: 'client',
          r: { working: [4, 3, 4], therapeutic: [2, 2, 1], structuralizing: [1, 1, 0] },
          text: 'I managed to tell my mum I would call her back instead of arguing. I want to keep doing that.',
        },
        { do: 'expect', side: 'therapist', r: { working: [4, 4, 3], therapeutic: [1, 1, 1], structuralizing: [1, 0, 0] } },
        { do: 'progress', key: 'calm', value: 7 },
      ],
    },
    {
      at: 14,
      when: 'after',
      steps: [
        {
          do: 'propose',
          by: 'therapist',
          terms: terms(
            'We keep meeting weekly until the summer; Hannah goes on practising staying steady with her mother and adds saying no to her sister.',
            'working',
            'weekly',
            8,
          ),
          reason: 'Review after 12 sessions: the work on staying calm is going well, and Hannah wants to add her sister.',
        },
      ],
    },
  ],
  // Magical hopes persist without a shift; she drops out.
  rosa: [
    {
      at: 0,
      when: 'before',
      steps: [
        {
          do: 'expect',
          side: 'client',
          r: { magical: [4, 4, 4], working: [1, 0, 1] },
          text: 'I want my husband to stop drinking and my boss to stop picking on me. I hope you can tell me what to do so they change. I need this fixed quickly.',
        },
        {
          do: 'expect',
          side: 'therapist',
          r: { magical: [1, 1, 1], working: [3, 3, 2], therapeutic: [2, 2, 1] },
          text: 'Helping Rosa find what she can do about the situation at home.',
        },
      ],
    },
    {
      at: 0,
      when: 'after',
      steps: [
        { do: 'goal', key: 'husband', by: 'client', focus: 'change_in_others', text: 'I want my husband to change and stop drinking.' },
        { do: 'goal', key: 'panic', by: 'client', focus: 'symptom_relief', text: 'I want the panic to just go away.' },
      ],
    },
    {
      at: 2,
      when: 'after',
      steps: [
        {
          do: 'propose',
          by: 'therapist',
          terms: terms('We work on what Rosa can do for herself when her husband drinks, and on calming the panic.', 'working'),
        },
        { do: 'decline', words: 'I don’t see why I should be the one who changes.' },
      ],
    },
  ],
  // Comes in bursts months apart, each with its own bounded aim.
  sam: [
    {
      at: 0,
      when: 'before',
      steps: [
        {
          do: 'expect',
          side: 'client',
          r: { working: [4, 3, 4], magical: [0, 1, 1] },
          text: 'I have to decide whether to take the job in Leeds. I want help thinking it through, that is all.',
        },
        { do: 'expect', side: 'therapist', r: { working: [4, 3, 4] }, text: 'A decision about the job offer.' },
      ],
    },
    {
      at: 0,
      when: 'after',
      steps: [
        { do: 'goal', key: 'job', by: 'client', focus: 'decision_or_situation', text: 'Decide about the job offer in Leeds before the end of the month.' },
        { do: 'agreeGoal', key: 'job', words: 'Agreed: three sessions on the decision.' },
        {
          do: 'propose',
          by: 'therapist',
          terms: terms('Sam comes when something specific needs working through; we meet for a few sessions each time.', 'working', 'as_needed', 3),
        },
        { do: 'confirm', words: 'That suits me: I will come when I need to.' },
      ],
    },
    { at: 2, when: 'after', steps: [{ do: 'closeGoal', key: 'job', action: 'achieve', by: 'therapist', note: 'Decided to stay and talked to his manager.' }] },
    {
      at: 3,
      when: 'after',
      steps: [
        { do: 'goal', key: 'father', by: 'client', focus: 'decision_or_situation', text: 'Get through my father’s operation and the weeks after it.' },
        { do: 'agreeGoal', key: 'father', words: 'Yes, let us plan for those weeks.' },
      ],
    },
    {
      at: 6,
      when: 'after',
      steps: [
        { do: 'closeGoal', key: 'father', action: 'achieve', by: 'therapist', note: 'The operation went well; Sam coped.' },
        { do: 'expect', side: 'client', r: { working: [4, 4, 4] }, text: 'Each time I come with one thing to sort out, and that works for me.' },
        { do: 'expect', side: 'therapist', r: { working: [4, 4, 4] } },
      ],
    },
    {
      at: 7,
      when: 'after',
      steps: [
        { do: 'goal', key: 'lead', by: 'client', focus: 'decision_or_situation', text: 'Handle the conflict with my new team lead before my review.' },
        { do: 'agreeGoal', key: 'lead', words: 'Agreed.' },
      ],
    },
  ],
  // A working alliance becomes therapeutic: the evidence runs ahead of the agreement, then they shift.
  lena: [
    {
      at: 0,
      when: 'before',
      steps: [
        {
          do: 'expect',
          side: 'client',
          r: { working: [3, 4, 3], therapeutic: [1, 1, 0], magical: [1, 1, 0] },
          text: 'I want to cope with the stress at work and stop dreading Monday mornings.',
        },
        { do: 'expect', side: 'therapist', r: { working: [4, 4, 3], therapeutic: [1, 1, 1] } },
      ],
    },
    {
      at: 0,
      when: 'after',
      steps: [
        { do: 'propose', by: 'therapist', terms: terms('We work on Lena’s stress at work: what sets it off and what she can do about it.', 'working') },
        { do: 'confirm', recordedBy: 'therapist', words: 'Yes, that is why I came.' },
        { do: 'goal', key: 'sleep', by: 'client', focus: 'skill', text: 'I want to learn to switch off after work and sleep properly.' },
        { do: 'agreeGoal', key: 'sleep', words: 'Agreed.' },
      ],
    },
    {
      at: 5,
      when: 'after',
      steps: [
        {
          do: 'expect',
          side: 'client',
          r: { working: [3, 3, 2], therapeutic: [3, 3, 2] },
          text: 'I notice I always try to please everyone at work, just like I did with my father. I want to understand why I keep doing that.',
        },
        { do: 'expect', side: 'therapist', r: { working: [4, 3, 3], therapeutic: [2, 1, 1] } },
      ],
    },
    {
      at: 8,
      when: 'after',
      steps: [
        {
          do: 'goal',
          key: 'pattern',
          by: 'client',
          focus: 'pattern_in_myself',
          text: 'I want to understand why I keep putting everyone else first and never say what I need.',
        },
      ],
    },
    {
      at: 11,
      when: 'after',
      steps: [
        {
          do: 'expect',
          side: 'client',
          r: { therapeutic: [4, 4, 4], working: [2, 1, 1] },
          text: 'I keep repeating the same pattern in every relationship. I want to work on that; it goes back a long way, to my childhood.',
        },
        { do: 'expect', side: 'therapist', r: { working: [3, 3, 3], therapeutic: [3, 2, 2] } },
      ],
    },
    {
      at: 16,
      when: 'after',
      steps: [
        {
          do: 'propose',
          by: 'therapist',
          terms: terms(
            'We widen the work to Lena’s pattern of putting others first: where it comes from and how it plays out with the people close to her.',
            'therapeutic',
            'weekly',
            12,
          ),
          reason: 'For several weeks Lena has been bringing the pattern of pleasing others, going back to her father; the work-stress aim is largely met.',
        },
        { do: 'confirm', recordedBy: 'therapist', words: 'Yes, that is what I want to work on now.' },
        { do: 'closeGoal', key: 'sleep', action: 'achieve', by: 'therapist', note: 'Sleeping well most nights.' },
        { do: 'agreeGoal', key: 'pattern', words: 'Yes, this is the heart of it.' },
      ],
    },
    {
      at: 17,
      when: 'after',
      steps: [
        {
          do: 'expect',
          side: 'client',
          r: { therapeutic: [4, 4, 3], working: [1, 1, 1] },
          text: 'I want to understand how I relate to people and why I find it so hard to say no.',
        },
        { do: 'expect', side: 'therapist', r: { therapeutic: [4, 4, 3], working: [1, 1, 1] } },
      ],
    },
    {
      at: 30,
      when: 'after',
      steps: [
        {
          do: 'expect',
          side: 'client',
          r: { therapeutic: [4, 3, 3], structuralizing: [1, 1, 1] },
          text: 'I said no to my sister last week without feeling guilty for days. I want to keep understanding where the old pattern comes from.',
        },
        { do: 'expect', side: 'therapist', r: { therapeutic: [4, 3, 3], structuralizing: [1, 1, 0] } },
      ],
    },
  ],
  // Keeps coming after the symptoms have gone: the purpose needs naming again.
  george: [
    {
      at: 0,
      when: 'before',
      steps: [
        {
          do: 'expect',
          side: 'client',
          r: { magical: [0, 1, 1], working: [3, 3, 3] },
          text: 'Since I retired I feel low most days. I want to find a routine and feel like myself again.',
        },
        { do: 'expect', side: 'therapist', r: { working: [4, 3, 3], magical: [1, 1, 0] } },
      ],
    },
    {
      at: 0,
      when: 'after',
      steps: [
        {
          do: 'propose',
          by: 'therapist',
          terms: terms('We work on George’s low mood since his retirement: routine, activity and the people in his life.', 'working', 'fortnightly'),
        },
        { do: 'confirm', recordedBy: 'therapist', words: 'Yes, let us do that.' },
        {
          do: 'goal',
          key: 'mood',
          by: 'client',
          focus: 'skill',
          text: 'I want to build a routine since I retired that keeps me active and in touch with people.',
        },
        { do: 'agreeGoal', key: 'mood', words: 'Agreed: and we will build a routine that helps.' },
      ],
    },
    {
      at: 12,
      when: 'after',
      steps: [{ do: 'closeGoal', key: 'mood', action: 'achieve', by: 'therapist', note: 'Mood lifted; new routine with the walking group.' }],
    },
    {
      at: 18,
      when: 'after',
      steps: [
        {
          do: 'expect',
          side: 'client',
          r: { structuralizing: [3, 3, 4], working: [1, 1, 1] },
          text: 'I am doing fine now, but I like coming. I want to make sure I don’t slip back and can manage on my own.',
        },
        { do: 'expect', side: 'therapist', r: { working: [3, 2, 3], structuralizing: [2, 1, 1] } },
      ],
    },
    {
      at: 30,
      when: 'after',
      steps: [
        {
          do: 'expect',
          side: 'client',
          r: { structuralizing: [4, 3, 4], working: [1, 0, 1] },
          text: 'Things are good. I would like to keep coming for a while to keep things steady.',
        },
        { do: 'expect', side: 'therapist', r: { working: [2, 2, 2], structuralizing: [3, 2, 2] } },
      ],
    },
  ],
  // Consolidating gains: from therapeutic work to making the changes last.
  mina: [
    {
      at: 0,
      when: 'before',
      steps: [
        {
          do: 'expect',
          side: 'client',
          r: { therapeutic: [3, 3, 3], working: [2, 2, 1], magical: [1, 2, 0] },
          text: 'The panic attacks started after my divorce. I want to understand what is happening to me and why I react like this.',
        },
        { do: 'expect', side: 'therapist', r: { therapeutic: [3, 3, 3], working: [2, 2, 1] } },
      ],
    },
    {
      at: 0,
      when: 'after',
      steps: [
        {
          do: 'propose',
          by: 'therapist',
          terms: terms('We work on Mina’s panic and what lies underneath it: the fear of being left that goes back a long way.', 'therapeutic', 'weekly', 12),
        },
        { do: 'confirm', recordedBy: 'therapist', words: 'Yes, I want to get to the bottom of it.' },
        {
          do: 'goal',
          key: 'fear',
          by: 'client',
          focus: 'pattern_in_myself',
          text: 'I want to understand why I panic whenever someone close to me pulls away.',
        },
        { do: 'agreeGoal', key: 'fear', words: 'Agreed.' },
      ],
    },
    {
      at: 11,
      when: 'after',
      steps: [
        {
          do: 'expect',
          side: 'client',
          r: { structuralizing: [4, 4, 3], therapeutic: [2, 2, 1] },
          text: 'The panic has mostly gone. Will it last? I want to keep the changes and manage on my own when things get hard.',
        },
        { do: 'expect', side: 'therapist', r: { structuralizing: [4, 3, 3], therapeutic: [2, 1, 1] } },
        {
          do: 'propose',
          by: 'therapist',
          terms: terms(
            'We space the sessions out and focus on keeping what Mina has gained: noticing early signs and what she does then.',
            'structuralizing',
            'fortnightly',
            6,
          ),
          reason: 'Mina’s panic has settled and she asked whether it will last; we agreed to move from understanding to keeping the gains.',
        },
        { do: 'confirm', recordedBy: 'therapist', words: 'Yes, I want to know I can do this without you.' },
        { do: 'closeGoal', key: 'fear', action: 'achieve', by: 'therapist', note: 'Understands the pattern and notices it early.' },
        {
          do: 'goal',
          key: 'keep',
          by: 'client',
          focus: 'keeping_gains',
          text: 'Keep using my breathing and the thought diary on my own, so the panic does not come back.',
        },
        { do: 'agreeGoal', key: 'keep', words: 'Agreed.' },
      ],
    },
    {
      at: 17,
      when: 'after',
      steps: [
        {
          do: 'expect',
          side: 'client',
          r: { structuralizing: [4, 4, 4], therapeutic: [1, 1, 0] },
          text: 'I had a hard week and I managed it myself. I want to keep it that way after therapy ends.',
        },
        { do: 'expect', side: 'therapist', r: { structuralizing: [4, 4, 3] } },
        { do: 'progress', key: 'keep', value: 8 },
      ],
    },
  ],
};

/**
 * Adds the alliance story of one demo client: each step at its moment, through the services. The
 * demo then replays the measures session by session, recomputing the alliance as of each session
 * (demo-measures.ts) — which raises Daniel's early no-show alert at that session — and once more
 * as of now.
 */
export async function addDemoAlliance(deps: Deps, key: string, courseId: string, therapistId: string, clientUserId: string | null): Promise<void> {
  const story = STORIES[key] ?? [];
  const attended = (await deps.store.listSessionsOfCourse(courseId))
    .filter((s) => s.status === 'attended')
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  // The phase history: the demo sets a long course's phase to 'middle' after its sessions; date the
  // change at its 21st attended session, so the timeline's phase strip tells it in the right place.
  const course = (await deps.store.findCourse(courseId))!;
  if (course.phase !== 'beginning' && attended[20] && !(await deps.store.listPhaseChanges(courseId)).length) {
    await deps.store.insertPhaseChange({ id: deps.ids.newId(), courseId, at: `${course.startedOn}T00:00:00.000Z`, phase: 'beginning' });
    await deps.store.insertPhaseChange({ id: deps.ids.newId(), courseId, at: attended[20].startsAt, phase: course.phase });
  }
  const goals = new Map<string, string>();
  let minute = 0;
  for (const moment of story) {
    const session = attended[moment.at];
    if (!session) continue;
    const base = Date.parse(session.startsAt) + (moment.when === 'before' ? -90 : 60) * 60_000;
    for (const step of moment.steps) {
      const d: Deps = { ...deps, clock: { now: () => new Date(base + minute++ * 60_000) } };
      const actor = (side: 'client' | 'therapist'): Actor => ({ userId: side === 'therapist' ? therapistId : (clientUserId ?? therapistId), side });
      switch (step.do) {
        case 'expect':
          await submitExpectations(d, courseId, actor(step.side), { answers: rate(step.side, step.r), ...(step.text ? { freeText: step.text } : {}) });
          break;
        case 'goal':
          goals.set(step.key, (await proposeCourseGoal(d, courseId, actor(step.by), { text: step.text, focus: step.focus })).id);
          break;
        case 'agreeGoal': {
          const goal = (await deps.store.findGoal(goals.get(step.key)!))!;
          await changeGoal(d, courseId, goal.id, actor(goal.author === 'client' ? 'therapist' : 'client'), { kind: 'agree', words: step.words });
          break;
        }
        case 'closeGoal':
          await changeGoal(d, courseId, goals.get(step.key)!, actor(step.by), { kind: step.action, ...(step.note ? { note: step.note } : {}) });
          break;
        case 'progress':
          await rateProgress(d, courseId, goals.get(step.key)!, actor('client'), step.value);
          break;
        case 'propose':
          await proposeAgreement(d, courseId, actor(step.by), { terms: step.terms, ...(step.reason ? { reason: step.reason } : {}) });
          break;
        case 'confirm':
        case 'decline': {
          const pending = (await getLedger(d, courseId, 'observer')).agreements.filter((a) => a.status === 'pending').at(-1)!;
          const answerer = pending.proposedBy === 'therapist' ? 'client' : 'therapist';
          const recorder = step.do === 'confirm' ? (step.recordedBy ?? answerer) : 'therapist';
          await answerAgreement(d, courseId, pending.id, actor(recorder), { confirm: step.do === 'confirm', words: step.words });
          break;
        }
      }
    }
  }
}
