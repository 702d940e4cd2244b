/**
 * The language-cue development set (SPEC §5.5, issue 16): sentences written for Accord by its
 * engineers, of the kinds the cue reader is given — client goals, reflections and Expectations
 * answers in the first person, therapist notes in the third person (by the client's name or a
 * pronoun). None is taken from a dataset. How they were labelled: docs/language-cues.md,
 * "The development set".
 *
 * Each entry: the text, who wrote it, the labels that MUST fire, and the labels that MAY fire
 * (genuinely arguable either way). Every other label must NOT fire. A label fires when the reader
 * returns a cue of that family with polarity +1; `ST` (sustain talk) fires when it returns a
 * self_agency cue with polarity −1.
 *
 * Every fifth entry (index 4, 9, 14, …) is held out: it was labelled with the rest of its batch,
 * before that batch was run through the reader, and its errors were not looked at while tuning; the
 * evaluation reports it apart. Batches are appended (ids 0–396, 397–496, 497–604), never inserted, so
 * every sentence keeps its id and its slice.
 */
import type { CueFamily } from '../../src/domain/cues/types.ts';

export type DevLabel = CueFamily | 'sustain';

const CODES: ReadonlyMap<string, DevLabel> = new Map<string, DevLabel>([
  ['ME', 'magical_external'],
  ['QF', 'magical_quick_fix'],
  ['W', 'working'],
  ['T', 'therapeutic'],
  ['S', 'structuralizing'],
  ['P', 'practice'],
  ['RW', 'rupture_withdrawal'],
  ['RC', 'rupture_confrontation'],
  ['A', 'self_agency'],
  ['X', 'externalising'],
  ['ST', 'sustain'],
]);

export const DEV_LABELS: readonly DevLabel[] = [...CODES.values()];

export type DevItem = {
  id: number;
  /** What the sentence tests (the list of kinds). */
  kind: string;
  text: string;
  writer: 'client' | 'therapist';
  /** For therapist notes: the client's name as the note uses it. */
  clientName?: string;
  fire: DevLabel[];
  maybe: DevLabel[];
  heldOut: boolean;
};

type Raw = { kind: string; text: string; writer: 'client' | 'therapist'; clientName?: string; labels: string };

const codes = (s: string): DevLabel[] =>
  s
    .split(/\s+/)
    .filter(Boolean)
    .map((c) => {
      const l = CODES.get(c);
      if (!l) throw new Error(`unknown label ${c}`);
      return l;
    });

let kind = '';
const raw: Raw[] = [];
/** A client's text; labels "MUST | MAY". */
const c = (text: string, labels = ''): void => void raw.push({ kind, text, writer: 'client', labels });
/** A therapist's note about the named client. */
const t = (clientName: string, text: string, labels = ''): void => void raw.push({ kind, text, writer: 'therapist', clientName, labels });

// ——— negation of harms ———
kind = 'negated harm';
c('My drinking has never affected my work.', 'ST | W');
c('Smoking does not hurt anyone but me.', 'ST | W');
c('I am not worried about my liver at all.', 'ST | W');
c('It is not a problem for me.', 'ST');
c('Gambling has not cost me anything yet.', 'ST | W');
c('I am worried about what the drinking is doing to my liver.', 'A W');
c('My spending is ruining our marriage.', 'A W');
c('I am scared I will lose my job if this goes on.', 'A');
c('It is bad for my health and I know it.', 'A');
c('Nobody has been hurt by my drinking.', 'ST | W');
c('I am not concerned about how much I eat.', 'ST | W');
c('It doesn’t bother me that I smoke.', 'ST W');
c('I’m not scared of panic attacks any more.', '| A');
c('The weed is not harming my studies.', 'ST | W');
t('Sam', 'Sam denies that his drinking affects his family.', 'ST | W');
t('Maria', 'Maria is worried that her eating is out of control.', 'A W');
t('Tom', 'He does not see his gambling as a problem.', 'ST | W');
t('Priya', 'She is concerned about what her drinking is doing to her children.', 'A W');
c('The panic is not as bad as it was.', '| ST');
c('It is not that bad, honestly.', 'ST');

// ——— negation of desires ———
kind = 'negated desire';
c('I don’t want to stop drinking.', 'ST W');
c('I don’t want to give up wine completely.', 'ST W');
c('I don’t want to quit smoking right now.', 'ST W');
c('I don’t want my kids to see me like this.', 'A');
c('I don’t want to keep living like this.', 'A');
c('I don’t want to end up like my father.', 'A | T');
c('I don’t want to lose my family over this.', 'A');
c('I don’t want to go back to how things were.', 'S | A');
c('I don’t want a quick fix.', '');
c('I don’t want to die young because of cigarettes.', 'A W');
c('I do not want to change anything about my eating.', 'ST W');
c('I have no wish to cut down.', 'ST | W');
c('I don’t want to fall back into old habits.', 'S | A');
c('I don’t want to be that angry person any more.', 'A | T');
c('I don’t really want to stop, to be honest.', 'ST');
t('Sam', 'Sam does not want to stop drinking at weekends.', 'ST W');
t('Maria', 'She does not want her daughter to grow up with a mother who drinks.', 'A | W');
t('Tom', 'Tom doesn’t want to keep losing money at the bookies.', 'A | W');
c('I’m not interested in cutting down.', 'ST | W');
c('I don’t feel like changing anything.', 'ST');

// ——— who owns the behaviour ———
kind = 'owner of the behaviour';
c('My husband’s drinking is out of control.', '| ME');
c('My son smokes weed every day and I can’t stop him.', '| ME');
c('My wife spends all our money on clothes.', '');
c('My partner drinks too much and it scares me.', '| ME');
c('I drink too much.', 'A W');
c('I smoke twenty cigarettes a day and want to cut down.', 'A W');
c('I want my husband to stop drinking.', 'ME X');
c('My mother needs to stop criticising me.', 'ME X');
c('My boss has to change the way he treats me.', 'ME X');
c('I need to stop drinking before bed.', 'A W');
c('My dad gambled away the house when I was a child.', '| T');
c('His smoking makes the flat stink.', '');
c('My daughter needs to eat more and I worry about her.', '| ME X');
c('I want to eat better and cook at home.', 'A W');
c('My brother’s drug use is tearing the family apart.', '| ME');
t('Sam', 'Sam’s wife drinks heavily; he feels responsible for hiding it.', '');
t('Maria', 'Her partner smokes in the house, which Maria finds hard.', '| ST');
t('Tom', 'Tom wants to cut down his drinking to weekends only.', 'A W | ST');
t('Priya', 'Her father’s drinking dominated her childhood.', 'T');
t('Sam', 'He is drinking four pints most nights.', 'W');
c('My girlfriend says I should drink less.', 'X | W');
c('My flatmate is always drunk and I can’t sleep.', '| W');

// ——— reported speech ———
kind = 'reported speech';
c('My wife says I need to stop drinking.', 'X | W');
c('My doctor told me to lose weight.', 'X | W');
c('Everyone keeps telling me I should see someone.', 'X');
c('My GP said I have to cut down on salt.', 'X | W');
c('He said he would stop drinking, but he never does.', '| ME');
c('She promised she will change.', '| ME');
c('I told my boss I will finish the report by Friday.', 'W A');
c('I told my sister I am going to move out in the spring.', 'W A');
c('My mum thinks I am fine, but I know I need help.', 'A');
c('They say it is just a phase.', '');
c('The court ordered me to come here.', 'X | W');
c('I was sent here by my employer.', 'X');
t('Sam', 'Sam said his wife wants him to stop drinking.', 'X | W');
t('Maria', 'Maria said she will call her sister this weekend.', 'W A');
t('Tom', 'He reported that his manager told him to take time off.', 'X');
t('Priya', 'Priya says her mother needs to accept her choices.', 'ME X');
t('Sam', 'Sam told me he is ready to look at his part in the arguments.', 'W A T');
c('My friends say I drink no more than they do.', 'ST | W');
c('People tell me I am too hard on myself.', '| T');
c('My husband says he will change, so I am waiting.', 'ME | X');

// ——— questions ———
kind = 'question';
c('Will it last?', 'S');
c('Can you fix me?', 'QF | X');
c('Should I quit my job?', 'W');
c('Am I ever going to get better?', '| RW');
c('Why do I always push people away?', 'T');
c('What can I do about my sleep?', 'A W');
c('Do you think I should stop drinking?', '| W A');
c('How do I stop panicking in meetings?', 'A | W');
c('Is it normal to feel like this?', '');
c('Will I be able to manage on my own after therapy ends?', 'S | A');
c('Can you just tell me what to do?', 'QF');
c('Why does my mother always do this to me?', '');
c('Could I try the breathing exercise at work?', 'A | W');
c('Is there a pill for this?', '| QF');
c('What is the point of all this?', 'RW');
c('Are we going to talk about my childhood?', '| T');
c('Why can’t my husband just change?', 'ME X');
c('How long will it take to feel normal again?', '');

// ——— waiting for someone or something to change ———
kind = 'waiting';
c('I’m waiting for my husband to stop drinking.', 'ME X');
c('I am just waiting for things to get better.', 'ME | X');
c('Once my boss retires everything will be fine.', 'ME | X');
c('I keep hoping she will come back.', 'ME | X');
c('When my wife stops nagging I will be fine.', 'ME X');
c('I hope the depression will lift on its own.', 'ME | X');
c('Things should settle down after the move.', 'ME | X W');
c('I’m waiting until my divorce is final before I deal with anything.', 'ME W');
c('If only my parents understood me.', 'ME X');
c('My life will get better when he leaves.', 'ME X');
c('I am waiting for the new medication to kick in.', 'ME | X W');
c('I just need my son to start listening to me.', 'ME X');
c('It will all sort itself out in time.', 'ME | X');
c('Until my partner changes there is nothing I can do.', 'ME X | RW ST');
t('Sam', 'Sam is waiting for his wife to apologise before he will talk to her.', 'ME X');
t('Maria', 'She hopes her anxiety will go away by itself.', 'ME | X QF');
t('Tom', 'Tom believes things will improve once he changes jobs.', 'ME | X W');
t('Priya', 'Priya is waiting for her manager to notice how hard she works.', 'ME X');
c('I am not waiting for anyone else to change any more.', 'A | S');
c('I have stopped waiting for my dad to apologise.', 'A | P');

// ——— time frames and deadlines ———
kind = 'time frame';
c('By the end of March I want to have finished my thesis.', 'W A');
c('I’d like to decide about the job offer before Christmas.', 'W A');
c('Within six weeks I want to be sleeping through the night.', 'W A');
c('Over the next month I will apply for two jobs a week.', 'W A');
c('I want to walk for twenty minutes three times a week.', 'W A');
c('My exam is on the 14th of June and I want to be ready for it.', 'W A');
c('I’d like to be back at work by September.', 'W A');
c('I want to get through the first anniversary of Mum’s death.', 'W A');
c('Before the wedding I want to sort out things with my sister.', 'W A');
c('I have a hearing in two weeks and I need to prepare.', 'W A');
c('In the next three months I want to cut my drinking to two nights a week.', 'W A');
c('I want to stop smoking before the baby is born.', 'W A');
c('Every morning this week I will write down three things I did well.', 'W A');
c('I want to be able to give the presentation on Friday without panicking.', 'W A');
c('By summer I want to be driving again.', 'W A');
t('Sam', 'Sam aims to return to work part-time by the end of next month.', 'W A');
t('Maria', 'Maria wants to finish her dissertation by May.', 'W A');
t('Tom', 'He has a court date on the 3rd and wants help to cope with it.', 'W A');
t('Priya', 'Agreed goal: Priya to decide about the move within four sessions.', 'W A');
t('Sam', 'Goal for the next six weeks: Sam walks the dog every evening.', 'W | A');
c('I want to feel better.', 'A');
c('I want to be happy.', 'A');
c('I want to feel less anxious in general.', 'A');

// ——— "how I …" and patterns from the past ———
kind = 'how I / patterns';
c('I want to understand how I ended up in another relationship like this.', 'T A');
c('I’d like to look at how I react when someone criticises me.', 'T A');
c('I want to change the way I talk to myself.', 'T A');
c('I don’t know why I always pick partners like my father.', 'T');
c('I keep pushing people away when they get close.', 'T');
c('It’s how I was brought up: you never show weakness.', 'T');
c('I think my fear of conflict goes back to my childhood.', 'T');
c('My mother was exactly the same with me.', '| T');
c('I seem to repeat what happened between my parents.', 'T');
c('Every time I get close to someone, I end up sabotaging it.', 'T');
c('I want to learn how I can stop people-pleasing.', 'T A');
c('I always end up apologising even when it isn’t my fault.', 'T');
c('I want to work on my anger.', 'T A');
c('I want to know why I freeze when my boss raises his voice.', 'T A');
c('When I was a child I was never allowed to cry.', 'T');
c('It reminds me of how my dad used to shout at my mum.', 'T');
c('I’d like to understand myself better.', 'T A');
c('How I deal with stress has always been to drink.', 'T | W');
t('Priya', 'Priya wants to understand why she keeps choosing partners who put her down.', 'T A');
t('Sam', 'Sam noticed that he withdraws whenever his wife is upset, as his father did.', 'T');
t('Maria', 'She described a pattern of pleasing others that goes back to her childhood.', 'T');
t('Tom', 'Tom wants to look at how he handles criticism at work.', 'T A');
t('Priya', 'She links her perfectionism to her mother’s expectations.', 'T');
c('I want to stop being so hard on myself.', 'T A');
c('I want to accept myself as I am.', 'T A');

// ——— practice done ———
kind = 'practice done';
c('I used the thought record three times this week.', 'P A');
c('I tried the breathing exercise when I panicked on the bus.', 'P A');
c('I went for a walk every morning, like we planned.', 'P A');
c('I’ve been doing the grounding technique before bed.', 'P A');
c('I practised saying no to my sister, and it went okay.', 'P A');
c('I cut down to two drinks on Saturday.', 'P A W');
c('I filled in the sleep diary every night.', 'P A');
c('I called my friend instead of sitting alone at home.', 'P A');
c('Last week I managed to go to the supermarket on my own.', 'P A | S');
c('I stopped drinking on weeknights and it feels good.', 'P A W');
c('I did the homework you gave me, all of it.', 'P A');
c('I wrote in my journal after each argument.', 'P A');
c('I’ve started going to the gym twice a week.', 'P A W');
c('I caught myself catastrophising and challenged the thought.', 'P A | T');
c('I set an alarm to take my medication and haven’t missed a dose.', 'P A W');
t('Sam', 'Sam reported using the breathing exercise on three evenings.', 'P A');
t('Maria', 'Maria completed the thought record twice and brought it to the session.', 'P A');
t('Tom', 'He has been walking to work every day since our last session.', 'P A W');
t('Priya', 'She tried the assertive script with her manager on Tuesday.', 'P A');
t('Sam', 'Client practised the relaxation exercise daily.', 'P A');
t('Maria', 'She managed to reduce her drinking to weekends.', 'P A W');

// ——— practice planned, not done, or not practice ———
kind = 'practice planned / not done';
c('I stopped taking my medication without telling anyone.', '| W');
c('I stopped my antidepressants last week because I felt fine.', '| W ST');
c('I didn’t do the breathing exercise this week.', '');
c('I’m going to try the breathing exercise tomorrow.', 'W A');
c('I meant to fill in the diary but forgot.', '');
c('I never got round to the homework.', '| RW');
c('I will start the sleep diary tonight.', 'W A');
c('I plan to go for a walk after work on Monday.', 'W A');
c('I haven’t tried the grounding technique yet.', '');
c('I used to go running but I stopped years ago.', '| W');
c('I was supposed to call my sister but I didn’t.', '');
c('I might try the exercise at the weekend.', 'A | W');
c('I stopped going to my group.', '| W RW');
c('I gave up on the thought record after one day.', '| RW');
c('I skipped the walks because it was raining.', '| ST W');
t('Sam', 'Sam stopped his medication without consulting his GP.', '| W');
t('Maria', 'Maria did not complete the thought record this week.', '');
t('Tom', 'Plan: Tom to complete the sleep diary every night for two weeks.', 'W | A');
t('Priya', 'She intends to practise the grounding exercise before work.', 'W A');
t('Sam', 'He forgot to do the breathing practice again.', '');
t('Maria', 'She has not been taking her medication regularly.', '| W');
c('I stopped eating when I was stressed.', '| W');
c('I started drinking again after the funeral.', '| W');

// ——— withdrawal vs ordinary uncertainty ———
kind = 'withdrawal vs uncertainty';
c('I don’t know.', 'RW');
c('Dunno.', 'RW');
c('Whatever.', 'RW');
c('Fine.', 'RW');
c('Not sure.', 'RW');
c('Nothing really.', 'RW');
c('I don’t know whether to take the job in Leeds.', 'W');
c('I’m not sure the new job is right for me.', '| W');
c('I don’t know what I want from therapy yet.', '');
c('I’m not sure how to explain it, but something changed when my dad got ill.', '');
c('There’s no point in any of this.', 'RW');
c('I’ve tried everything and nothing works.', 'RW');
c('I might as well give up.', 'RW');
c('Honestly I feel hopeless about it all.', 'RW');
c('I’m unsure whether I want children.', 'W');
c('I don’t know how I feel about my father.', '| T');
c('I’m not sure what the homework was meant to show me.', '');
c('Nothing will ever change.', 'RW');
c('I don’t know, I don’t really care any more.', 'RW | ST');
c('I wonder why I get so angry with my kids.', 'T');
t('Sam', 'Sam was quiet for most of the session and gave one-word answers.', 'RW');
t('Maria', 'She seemed withdrawn and said she didn’t know what to talk about.', 'RW');
t('Tom', 'Tom is unsure whether to tell his employer about his diagnosis.', 'W');
t('Priya', 'Priya said there was no point in coming if nothing changes.', 'RW');
t('Sam', 'He feels he has tried everything and wants to give up.', 'RW');
t('Maria', 'She is not sure yet which course to apply for.', 'W');
c('I’m not sure, maybe.', '| RW');
c('I don’t mind either way.', '| RW ST');

// ——— confrontation vs ordinary disagreement ———
kind = 'confrontation vs disagreement';
c('Nothing has changed at home, but I feel different.', '');
c('You’re not listening to me.', 'RC');
c('These sessions are a waste of time.', 'RC');
c('The homework is pointless.', 'RC');
c('We’re not getting anywhere.', 'RC');
c('You don’t understand what it’s like.', 'RC');
c('Therapy isn’t helping at all.', 'RC');
c('I see it differently from you, but I can tell you why.', '');
c('I don’t agree that it goes back to my childhood.', '| T');
c('My sleep is no better yet, but the diary helped me see when I wake.', '| P');
c('We meet too often; I can’t keep up with the tasks.', 'RC | ST');
c('Every week it’s the same questions and I’m still stuck.', 'RC');
c('I’m still the same as when I started.', 'RC');
c('I didn’t like what you said last week, and I want to talk about it.', '| RC A');
c('My boss doesn’t listen to me.', '');
c('The week was not better, but not worse either.', '');
c('I disagree with my husband about money.', '');
c('My mother never understood me.', '');
c('Work is not helping my mood.', '');
c('The exercises feel stupid and childish.', 'RC');
t('Sam', 'Sam said the sessions are not helping and questioned whether to continue.', 'RC');
t('Maria', 'She was angry that I had been late and said I don’t take her seriously.', 'RC');
t('Tom', 'Tom disagreed with my summary and corrected me, which we discussed.', '');
t('Priya', 'Priya complained that the homework is pointless.', 'RC');
t('Sam', 'He feels nothing has changed at work but is sleeping better.', '');
c('Nothing at work has changed, which is fine by me.', '| ST');
c('You keep telling me to breathe and it doesn’t help.', 'RC');
c('I don’t think you get me.', 'RC');

// ——— quick fix and the helper ———
kind = 'quick fix';
c('I want a quick fix.', 'QF');
c('I just want you to make it go away.', 'QF');
c('You’re the expert, you tell me.', 'QF');
c('I want a pill that makes the anxiety disappear.', 'QF | X');
c('I know there’s no magic answer and I’ll have to work at it.', 'A W');
c('I was hoping you could fix me in a couple of sessions.', 'QF | X');
c('I want the panic gone.', 'QF');
c('I need someone to sort my life out for me.', 'QF | X');
c('I’d like some help with my confidence.', 'A | T');
c('I don’t expect you to fix it for me.', '| A');
t('Sam', 'Sam hopes therapy will cure his anxiety quickly.', 'QF | X');
t('Maria', 'Maria expects me to give her the answers.', 'QF');

// ——— keeping gains and managing alone ———
kind = 'keeping gains';
c('I want to keep the progress going after we finish.', 'S A');
c('I want to be able to cope on my own.', 'S A');
c('I’m worried I’ll slip back when the sessions stop.', 'S | A');
c('I want to have a plan in case I relapse.', 'S A | W');
c('I want the changes to last this time.', 'S | A');
c('I’d like to keep using the breathing when therapy is over.', 'S A');
c('I managed the last panic attack on my own.', 'S P A');
c('I don’t want to go back to drinking every night.', 'S A | W');
c('I want to be my own therapist by the end.', 'S A');
c('I know the warning signs now and what to do about them.', 'S | A');
t('Sam', 'Sam is worried the gains won’t last once therapy ends.', 'S | A');
t('Maria', 'She wants to manage her mood independently after discharge.', 'S A');
t('Tom', 'Tom would like a relapse plan before we finish.', 'S A | W');
t('Priya', 'Priya wants to keep practising the skills on her own.', 'S A');
c('I don’t want to need therapy forever.', 'S | A');

// ——— commitment, ability, need (first person) ———
kind = 'change talk';
c('I’m going to tell my manager that I need fewer hours.', 'W A');
c('I can do this.', 'A');
c('I could ask my sister to help with the kids.', 'A');
c('I have to find a new job.', 'A W');
c('I’m ready to stop.', 'A W');
c('I’ve decided to leave him.', 'A W');
c('It’s time I did something about my weight.', 'A W');
c('I really want to be a better father.', 'A');
c('I need help with my drinking.', 'A W');
c('Honestly, I’m sick of feeling like this.', 'A');
c('I’m fed up with being anxious all the time.', 'A');
c('It would make my life so much easier if I slept properly.', 'A W');
c('I’m already trying to eat less sugar.', 'A W');
c('I’d like to get back to swimming.', 'A | W');
c('For my kids’ sake I need to stop.', 'A');
t('Sam', 'Sam is determined to stop drinking before his daughter’s wedding.', 'A W');
t('Maria', 'She can ask her colleague for help.', 'A');
t('Tom', 'He needs to find a way to sleep better.', 'A W');
t('Priya', 'Priya has decided to end the relationship.', 'A W');
t('Sam', 'Sam wants to be a calmer dad.', 'A');
t('Maria', 'They are ready to start looking for work again.', 'A W');

// ——— sustain talk (first person) ———
kind = 'sustain talk';
c('I like drinking with my friends on a Friday.', 'ST W');
c('I enjoy a glass of wine in the evening.', 'ST W');
c('Smoking helps me relax after work.', 'ST W');
c('I love my kids more than anything.', '');
c('I like the idea of cutting down.', 'A | W');
c('I love running and want to get back into it.', 'A W');
c('I enjoy my job, it’s the commute I hate.', '');
c('A joint helps me sleep.', 'ST W');
c('I only have a couple of beers.', 'ST W');
c('Everyone at work drinks like this.', 'ST | W');
c('I’m fine as I am.', 'ST');
c('I’m too busy to exercise.', 'ST | W');
c('I can’t afford a gym.', 'ST | W');
c('It’s my life.', 'ST');
c('I drink less than most of my friends.', 'ST W');
c('Gambling is fun and I always stop before it gets bad.', 'ST W');
c('I like how wine takes the edge off.', 'ST W');
c('I don’t think I can stop completely.', 'ST | W');
t('Sam', 'Sam enjoys smoking and sees no reason to stop.', 'ST W');
t('Tom', 'Tom says cannabis helps him relax and he does not want to stop.', 'ST W');
t('Maria', 'She likes her evening wine and does not see it as a problem.', 'ST W');
c('I love my partner but we argue a lot.', '');
c('I like walking by the river.', '');

// ——— therapist notes, other kinds ———
kind = 'therapist note';
t('Sam', 'Sam arrived on time and we reviewed his week.', '');
t('Maria', 'Maria discussed her mother’s illness and her fear of losing her.', '| W T');
t('Tom', 'Tom said his partner needs to change before things can improve.', 'ME X');
t('Priya', 'She keeps cancelling sessions at short notice.', '| RW');
t('Sam', 'He said he does not know why he keeps losing his temper with his son.', 'T');
t('Maria', 'Reviewed risk: no thoughts of self-harm.', '');
t('Tom', 'Tom was tearful when talking about his brother’s death.', '| W');
t('Priya', 'Priya’s husband wants her to stop working so late.', 'X');
t('Sam', 'His wife says he is drinking more than before.', '| W');
t('Maria', 'She plans to speak to her GP about her medication on Monday.', 'W A');
t('Tom', 'He does not want to talk about his childhood yet.', '| T');
t('Priya', 'She has stopped waiting for her ex to change.', 'A | P');
t('Sam', 'Homework agreed: Sam to write down three worries each evening.', 'W | A');
t('Maria', 'Maria thinks her boss should apologise to her.', 'ME X');
t('Tom', 'They were quiet and answered mostly “I don’t know”.', 'RW');
t('Priya', 'Priya feels therapy is going well and wants to keep the momentum.', 'S | A');
t('Sam', 'Session focused on grief; Sam talked about his father’s funeral.', 'W | T');
t('Maria', 'Her sister keeps telling her she should leave her husband.', 'X');
t('Tom', 'He feels the sessions are too short to get anywhere.', 'RC');
t('Priya', 'Priya brought her completed worksheet.', 'P | A');

// ——— ordinary sentences with no cue ———
kind = 'no cue expected';
c('We went to the seaside on Sunday.', '');
c('My sister came to visit.', '');
c('Work was busy this week.', '| ST');
c('I had a long talk with my friend about films.', '');
c('The weather has been awful.', '');
c('My cat is ill again.', '');
c('I read a book about the war.', '');
c('It was my birthday on Tuesday.', '');
c('The train was late so I missed the start of the meeting.', '');
c('My mother cooked dinner for everyone.', '');
c('Nothing much happened this week.', '| RW');
c('I met an old friend from school.', '');

// ——— empty, emoji-only and very long texts ———
kind = 'empty / emoji / long';
c('', '');
c('   ', '');
c('🙂', '| RW');
c('👍👍', '| RW');
c('😭😭😭', '| RW');
c('...', '| RW');
c('🙂 I will try the walk tomorrow 🙂', 'W A');
c(
  'This week was a mixed one. On Monday I was too tired to do much and stayed in bed until lunch, which I hate. ' +
    'On Tuesday my sister rang and we talked for an hour about Mum, and I noticed that I went quiet the moment she mentioned Dad, ' +
    'which is what I always do. Wednesday I tried the breathing exercise before the team meeting and it helped a bit. ' +
    'Thursday was hard: my manager criticised the report in front of everyone and I felt about ten years old again. ' +
    'I didn’t drink that evening, which I am proud of. Friday and the weekend were quieter. ' +
    'I want to keep doing the breathing and I want to understand why criticism hits me so hard. ' +
    'I am going to ask my manager for feedback in private from now on.',
  'P A T W | S ST RW',
);
c(
  'I have been thinking about what we said. Honestly, I am not sure therapy is for me. ' +
    'I turn up every week, we talk, and then I go home and everything is exactly the same. ' +
    'My husband still drinks, my son still won’t talk to me, and I still lie awake at night. ' +
    'I know you want me to do the diary, but I don’t see what writing things down will change. ' +
    'Maybe I am expecting too much. Maybe I just need him to stop drinking and then I would be fine.',
  'RC ME X | RW ST W',
);
c('word '.repeat(400).trim(), '');
c(`${'I will walk the dog every morning. '.repeat(60).trim()}`, 'W A');

// ——— mixed and everyday goal wordings ———
kind = 'goal wording';
c('Feel less anxious at work.', '| A');
c('Sleep through the night at least four nights a week.', 'W | A');
c('Be able to go to the shops on my own.', 'S A | W');
c('Stop drinking during the week.', 'W | A');
c('Decide whether to stay in my marriage.', 'W | A');
c('Grieve for my brother without falling apart.', 'W | A');
c('Understand why I get so jealous.', 'T | A');
c('Get my husband to see a counsellor.', 'ME X | A');
c('Have fewer arguments with my teenage son.', '| A W');
c('Stop feeling like a failure.', '| A');
c('Go back to work by the end of the year.', 'W | A');
c('Learn to say no without feeling guilty.', 'A | T W');
c('Not let my anxiety stop me from seeing friends.', '| A');
c('Get through my exams in May.', 'W | A');
c('Cut down to ten cigarettes a day.', 'W | A');

// ——— second batch (rules version 3): written and labelled in one sitting before any rule was changed for
// it; appended so every earlier sentence keeps its id and its slice ———
kind = 'negated harm';
c('My smoking isn’t hurting anybody.', 'ST | W');
c('I don’t think my gambling is a problem.', 'ST | W');
c('Cannabis has never done me any harm.', 'ST | W');
c('I am worried my drinking is hurting the kids.', 'A W');
t('Tom', 'Tom is not worried about his weight.', 'ST | W');
kind = 'negated desire';
c('I don’t want to cut down yet.', 'ST | W');
c('I don’t want to keep letting my kids down.', 'A');
c('I don’t want to spend another year feeling like this.', 'A');
t('Priya', 'Priya does not want to give up her evening glass of wine.', 'ST W');
c('I have no intention of stopping.', 'ST');
kind = 'owner of the behaviour';
c('My brother drinks every night and won’t listen.', '| ME');
c('My partner’s gambling has put us in debt.', '| ME');
c('I want my dad to stop smoking in the house.', 'ME X');
c('I want to stop smoking in the house.', 'A W');
t('Sam', 'His son’s drug use keeps him awake at night.', '');
c('My wife needs to cut back on her spending.', 'ME X');
kind = 'reported speech';
c('My doctor says I need to exercise more.', 'X | W');
c('My mum keeps saying I should get a job.', 'X | W');
t('Maria', 'Maria’s GP advised her to cut down on alcohol.', 'X | W');
c('I told my husband I am going to start driving again.', 'W A');
c('My sister thinks I drink too much, but I don’t agree.', 'ST | W X');
t('Tom', 'Tom said he wants to find a new job this year.', 'W A');
kind = 'question';
c('Can you give me something to stop the panic?', 'QF | X');
c('Should I tell my boss about my anxiety?', '| W A');
c('Will the change last once we stop meeting?', 'S');
c('Why do I keep picking fights with people I love?', 'T');
c('How can I stop snacking at night?', 'A | W');
c('Is this ever going to get easier?', '| RW');
c('When will my husband realise he needs help?', 'ME X');
kind = 'waiting';
c('I am waiting for my boss to give me a better shift.', 'ME X');
c('Things will be better once the baby sleeps through.', 'ME | X');
c('I’m hoping my mum will stop interfering.', 'ME X');
t('Sam', 'Sam is waiting for the court case to be over before he makes any changes.', 'ME | X W');
c('I keep waiting for the right moment to start.', 'ME | X A W');
c('I am done waiting for other people to fix things.', 'A | S');
c('Maybe when she apologises I can move on.', 'ME X');
kind = 'time frame';
c('By Easter I want to have cleared my credit card.', 'W A');
c('I will go to bed by eleven every night this week.', 'W A');
c('I want to run a 5k in the spring.', 'W A');
t('Priya', 'Priya plans to visit her father before the end of the month.', 'W A');
c('Next Tuesday I am going to ask for a pay rise.', 'W A');
c('In two months I want to be off the sleeping pills.', 'W A');
t('Tom', 'Goal: Tom to attend three job interviews by June.', 'W | A');
kind = 'how I / patterns';
c('I want to understand why I get so defensive.', 'T A');
c('I always shut down when someone raises their voice.', 'T');
c('My dad never said he loved me and I think that still affects me.', 'T');
c('I want to change how I react when my kids don’t listen.', 'T A');
t('Maria', 'Maria recognised that she avoids conflict the way her mother did.', 'T');
c('I learned as a kid to keep quiet and I still do.', 'T');
c('I want to work out why I sabotage good things.', 'T A');
kind = 'practice done';
c('I did the breathing exercise twice before work.', 'P A');
c('On Sunday I went for a run like I said I would.', 'P A');
c('I wrote down my worries every evening.', 'P A');
t('Tom', 'Tom practised the relaxation tape four times this week.', 'P A');
c('I tried saying no to my boss and it worked.', 'P A');
t('Priya', 'She used the thought record when she felt criticised.', 'P A');
c('I’ve been going to bed at the same time every night.', 'P A | W');
kind = 'practice planned / not done';
c('I didn’t get round to the diary this week.', '| RW');
c('I forgot to do the exercise.', '');
c('I am going to try the thought record tonight.', 'W A');
t('Sam', 'Sam did not practise the breathing this week.', '');
c('I was going to go for a walk but it rained.', '');
c('I stopped seeing my friends after the accident.', '| W');
c('I haven’t done any of the homework.', '| RW');
kind = 'withdrawal vs uncertainty';
c('Don’t know.', 'RW');
c('Nothing to say really.', 'RW');
c('I don’t know if I should move back home.', 'W | A');
c('I’m not sure what caused it.', '');
c('What’s the point.', 'RW');
c('Nothing ever helps.', 'RW');
t('Priya', 'Priya shrugged and said she had nothing to say.', 'RW');
c('I am not sure I understand the question.', '');
kind = 'confrontation vs disagreement';
c('Therapy is not working for me.', 'RC');
c('You never let me finish.', 'RC');
c('I don’t see how talking about my childhood will help.', 'RC | T');
c('I don’t agree with my sister about Mum’s care.', '');
c('My partner isn’t helping with the kids.', '');
c('The exercises are too hard and I don’t see the point of them.', 'RC');
t('Tom', 'Tom said the sessions feel pointless.', 'RC');
c('I see what you mean, but I think it’s more complicated.', '');
c('Nothing has changed since I started coming here.', 'RC');
kind = 'quick fix';
c('I just want it fixed fast.', 'QF');
c('Can’t you just give me the answer?', 'QF');
c('I know you can’t fix it for me.', '| A');
c('I want something that makes the cravings stop straight away.', 'QF');
kind = 'keeping gains';
c('I want to keep going to the gym after therapy ends.', 'S A | W');
c('I’m scared I will go back to my old ways.', 'S | A');
c('I want to handle setbacks by myself.', 'S A');
t('Sam', 'Sam wants to keep his drinking down after discharge.', 'S A | W');
c('I want a plan for when things get hard again.', 'S A | W');
kind = 'change talk';
c('I need to get my drinking under control.', 'A W');
c('I’m going to stop buying lottery tickets.', 'A W');
c('I can’t see myself ever quitting.', 'ST');
c('Smoking is the only thing that calms me down.', 'ST W');
c('I enjoy going out drinking too much to stop.', 'ST W');
c('I’m thinking about cutting down.', 'A W');
kind = 'no cue expected';
c('My daughter started school this week.', '');
c('We painted the kitchen on Saturday.', '');
t('Maria', 'Maria attended with her sister.', '');
c('My boss retired last month.', '');

// ——— third batch (rules version 3): written and labelled in one sitting, after the second batch's tuning
// and before any rule was changed for it; appended, so earlier ids and slices stay ———
kind = 'negated harm';
c('Weed doesn’t affect my work at all.', 'ST | W');
c('My gambling isn’t hurting the family.', 'ST | W');
c('I’m scared the drinking is damaging my heart.', 'A W');
t('Ana', 'Ana does not believe her smoking harms her children.', 'ST | W');
c('Honestly, a few beers never hurt anyone.', 'ST | W');
kind = 'negated desire';
c('I don’t want to stop going out with my mates.', 'ST | W');
c('I don’t want to be stuck like this for ever.', 'A');
c('I don’t want to give up my evening smoke.', 'ST W');
t('Ana', 'Ana does not want to lose her job over her drinking.', 'A | W');
c('I don’t want to hurt my family any more.', 'A');
c('I don’t want to change, I just want the arguments to stop.', 'ST | ME QF X');
kind = 'owner of the behaviour';
c('My dad drinks a bottle of whisky a day.', '');
c('My flatmate smokes in the kitchen and it drives me mad.', '| X');
c('I want my son to cut down on his gaming.', 'ME X');
c('I want to cut down on my gaming.', 'A W');
t('Ana', 'Her brother’s gambling worries her.', '');
c('My husband needs to stop shouting at the kids.', 'ME X');
kind = 'reported speech';
c('My doctor says I have to lose some weight.', 'X | W');
c('My wife wants me to go to AA.', 'X');
c('My son keeps asking me to stop smoking.', 'X | W');
t('Ana', 'Ana’s employer has told her she must attend therapy.', 'X');
c('I told my friend I am going to stop drinking for January.', 'W A');
c('My mum says I am too hard on myself.', '| T');
c('My partner thinks I am drinking too much.', 'X | W');
kind = 'question';
c('Can you make the nightmares stop?', 'QF | X');
c('What should I do about my drinking?', 'A | W');
c('Why do I always end up shouting at my kids?', 'T');
c('Is it going to be like this forever?', '| RW');
c('Will I be okay once we finish?', 'S');
c('Why won’t my wife listen to me?', 'ME X');
c('How long before the tablets work?', '| ME X');
kind = 'waiting';
c('I’m just waiting for my ex to leave me alone.', 'ME X');
c('Once the divorce is over I will feel better.', 'ME | X');
c('I keep hoping my dad will ring.', 'ME | X');
t('Ana', 'Ana is waiting for the council to rehouse her before she looks for work.', 'ME | X W');
c('When my husband gets a job things will be easier.', 'ME X');
c('I’ve given up waiting for my brother to change.', 'A');
c('I’m not going to wait for my boss to notice me any more.', 'A | W');
kind = 'time frame';
c('By next Friday I want to have sent three applications.', 'W A');
c('I will ring the GP tomorrow morning.', 'W A');
c('Within a month I want to be sleeping in my own bed again.', 'W A');
t('Ana', 'Ana aims to be drinking no more than twice a week by March.', 'W A');
c('Before my birthday I want to be smoke free.', 'W A');
c('I’ve got a job interview on Monday and I want to be calm for it.', 'W A');
t('Ana', 'Goal: Ana to go to one social event a week for the next month.', 'W | A');
kind = 'how I / patterns';
c('I want to understand why I always need everyone to like me.', 'T A');
c('I tend to go quiet when I’m upset.', 'T');
c('My mum was always anxious and I think I learned it from her.', 'T');
c('I want to stop being such a people pleaser.', 'T A');
t('Ana', 'Ana noticed she gets defensive whenever her partner criticises her.', 'T');
c('I get that from my dad, he never talked about his feelings.', 'T');
c('I want to look at why I push people away.', 'T A');
kind = 'practice done';
c('I did the thought record on Tuesday and Thursday.', 'P A');
c('I practised the breathing every night before bed.', 'P A');
c('I went to the gym three times this week.', 'P A | W');
t('Ana', 'Ana used the grounding exercise during a panic attack at work.', 'P A');
c('I managed to say no to my mum on Sunday.', 'P A');
c('I’ve been writing in the diary every day.', 'P A');
t('Ana', 'She completed all of the homework.', 'P A');
kind = 'practice planned / not done';
c('I didn’t manage to do the exercise this week.', '');
c('I’ll try the diary again this week.', 'W A');
t('Ana', 'Ana did not use the breathing exercise.', '');
c('I meant to go for a run but I didn’t.', '');
c('I haven’t been to the gym since Christmas.', '| W');
c('I was supposed to practise but I was too tired.', '| ST');
c('I’m going to do the homework every evening this week.', 'W A');
kind = 'withdrawal vs uncertainty';
c('Meh.', 'RW');
c('Don’t really know what to say.', 'RW');
c('I’m not sure which flat to take.', 'W');
c('I don’t know how to tell my wife.', '| W');
c('There’s no point trying any more.', 'RW');
t('Ana', 'Ana said little and kept looking at the clock.', 'RW');
c('I’m not sure if the medication is helping.', '');
kind = 'confrontation vs disagreement';
c('You don’t listen to anything I say.', 'RC');
c('This therapy is a waste of my money.', 'RC');
c('I don’t agree with my doctor about the tablets.', '');
c('The homework is too much on top of everything else.', 'RC | ST');
t('Ana', 'Ana said she feels judged by me.', 'RC');
c('My friend doesn’t understand me.', '');
c('Talking about it just makes it worse.', 'RC | ST');
c('I think you’ve got me wrong.', 'RC');
kind = 'quick fix';
c('I want you to fix my anxiety.', 'QF | X');
c('Is there a quick way to stop panicking?', 'QF');
c('I just need a pill to sort me out.', 'QF | X');
c('I know this will take time.', '| A');
c('Just tell me what to do and I’ll do it.', 'QF | W A');
kind = 'keeping gains';
c('I want to keep feeling like this after therapy finishes.', 'S A');
c('I’m afraid of relapsing once I’m on my own.', 'S | A');
c('I want to know what to do if the panic comes back.', 'S A');
t('Ana', 'Ana wants a plan for handling setbacks after discharge.', 'S A');
c('I need to keep up the walking even when I feel better.', 'S A | W');
c('I want to stay sober after I leave rehab.', 'S A | W');
kind = 'change talk';
c('I have to do something about my temper.', 'A | T');
c('I’m determined to get my life back.', 'A');
c('I could cut down to one drink a night.', 'A W');
c('I really need to start sleeping better.', 'A W');
t('Ana', 'She is ready to make some changes.', 'A | W');
kind = 'sustain talk';
c('Smoking is the only thing I do for myself.', 'ST W');
c('I enjoy a bet on the horses now and then.', 'ST W');
c('I don’t drink any more than my friends do.', 'ST W');
c('I haven’t got time to go to the gym.', 'ST | W');
c('It helps me switch off after a long day.', 'ST');
c('I’m happy with how things are.', 'ST');
kind = 'no cue expected';
c('We had a barbecue at my brother’s.', '');
c('The car broke down on the motorway.', '');
t('Ana', 'Ana attended on time.', '');
c('My son passed his driving test.', '');
c('I went to the dentist on Monday.', '');

export const DEV_SET: readonly DevItem[] = raw.map((r, id) => {
  const [must = '', may = ''] = r.labels.split('|');
  return {
    id,
    kind: r.kind,
    text: r.text,
    writer: r.writer,
    ...(r.clientName ? { clientName: r.clientName } : {}),
    fire: codes(must),
    maybe: codes(may),
    heldOut: id % 5 === 4,
  };
});
