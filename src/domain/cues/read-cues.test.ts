import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { readCues, readCuesDetailed, summariseCues } from './read-cues.ts';
import type { Cue, CueFamily } from './types.ts';
import { directionsFromGoals } from './direction.ts';

const has = (cues: Cue[], family: CueFamily, polarity: 1 | -1 = 1): boolean => cues.some((c) => c.family === family && c.polarity === polarity);
const find = (text: string, family: CueFamily): Cue | undefined => readCues(text).find((c) => c.family === family);

describe('readCues: every cue explains itself', () => {
  it('gives spans that index the original text exactly, sorted by start', () => {
    const text = 'I don’t want a quick fix. My mother needs to change!! I’ve been using the thought record.';
    const cues = readCues(text);
    expect(cues.length).toBeGreaterThan(2);
    for (const c of cues) {
      expect(text.slice(c.start, c.end)).toBe(c.words);
      expect(c.reason.length).toBeGreaterThan(5);
      expect(c.weight).toBeGreaterThan(0);
      expect(c.weight).toBeLessThanOrEqual(1);
    }
    expect(cues.map((c) => c.start)).toEqual([...cues.map((c) => c.start)].sort((a, b) => a - b));
  });

  it('is deterministic', () => {
    const text = 'I keep pushing people away, and I want to understand why I do it.';
    expect(readCues(text)).toEqual(readCues(text));
  });
});

describe('magical: change expected of others or the world', () => {
  it('finds another person as the one who must change, naming them', () => {
    const cue = find('My mother needs to change.', 'magical_external');
    expect(cue?.polarity).toBe(1);
    expect(cue?.reason).toContain('My mother');
    expect(has(readCues('My mother needs to change.'), 'externalising')).toBe(true);
  });
  it('does not read "I need to change" as magical: the agent is the client', () => {
    const cues = readCues('I need to change.');
    expect(has(cues, 'magical_external')).toBe(false);
    expect(has(cues, 'self_agency')).toBe(true);
  });
  it('reads waiting for things to get better', () => {
    expect(has(readCues('I am just waiting for things to get better.'), 'magical_external')).toBe(true);
  });
  it('flips when negated', () => {
    expect(find('My boss does not need to change.', 'magical_external')?.polarity).toBe(-1);
  });
});

describe('magical: quick fix and omnipotent helper', () => {
  it('reads a quick fix, and counts its negation against magical', () => {
    expect(find('I want a quick fix.', 'magical_quick_fix')?.polarity).toBe(1);
    const negated = find("I don't want a quick fix.", 'magical_quick_fix');
    expect(negated?.polarity).toBe(-1);
    expect(negated?.words).toBe('quick fix');
  });
  it('reads "just tell me what to do" and "make it go away"', () => {
    expect(has(readCues('Just tell me what to do.'), 'magical_quick_fix')).toBe(true);
    expect(has(readCues('I want you to make it go away.'), 'magical_quick_fix')).toBe(true);
  });
  it('reads the therapist as the one expected to fix it, but not the client fixing it', () => {
    expect(has(readCues('You can fix this.'), 'magical_quick_fix')).toBe(true);
    expect(has(readCues('I will fix it myself.'), 'magical_quick_fix')).toBe(false);
  });
});

describe('working: concrete, bounded aims and commitment', () => {
  it('reads commitment with the client as agent', () => {
    const cues = readCues("I'm going to talk to my boss on Friday about the conflict.");
    expect(has(cues, 'working')).toBe(true);
    expect(cues.some((c) => c.rule === 'working.commit')).toBe(true);
    expect(cues.some((c) => c.rule === 'working.time-frame')).toBe(true);
    expect(has(cues, 'self_agency')).toBe(true);
  });
  it('flips a negated commitment', () => {
    expect(readCues('I will not study for the exam.').find((c) => c.rule === 'working.commit')?.polarity).toBe(-1);
  });
  it('does not read someone else’s commitment as the client’s', () => {
    expect(readCues('She will study for the exam.').some((c) => c.rule === 'working.commit')).toBe(false);
  });
});

describe('therapeutic: the self as the object of change', () => {
  it('reads "understand why I" and "I keep"', () => {
    const cues = readCues('I want to understand why I keep pushing people away.');
    expect(cues.filter((c) => c.family === 'therapeutic').map((c) => c.rule)).toEqual(
      expect.arrayContaining(['therapeutic.understand-why', 'therapeutic.i-keep']),
    );
  });
  it('reads links to early relationships', () => {
    expect(has(readCues('It reminds me of my father.'), 'therapeutic')).toBe(true);
  });
  it('does not read someone else’s habit as the client’s pattern', () => {
    expect(readCues('He keeps shouting at me.').some((c) => c.rule === 'therapeutic.i-keep')).toBe(false);
  });
});

describe('structuralizing: making gains last, managing alone', () => {
  it('reads keeping gains, managing on my own and not falling back', () => {
    const cues = readCues('I want to keep the progress after therapy ends, manage on my own and not fall back.');
    const rules = cues.filter((c) => c.family === 'structuralizing' && c.polarity === 1).map((c) => c.rule);
    expect(rules).toEqual(expect.arrayContaining(['structure.keep-gains', 'structure.after-therapy', 'structure.on-my-own', 'structure.no-falling-back']));
  });
  it('keeps "not falling back" as support: the negated thing is the undesirable one', () => {
    expect(find("I don't want to slip back into old habits.", 'structuralizing')?.polarity).toBe(1);
  });
});

describe('practice: past-tense action with a skill', () => {
  it('reads a skill used in the past tense', () => {
    const cue = find('I tried the breathing exercise when my boss shouted.', 'practice');
    expect(cue?.polarity).toBe(1);
    expect(cue?.words).toContain('tried');
  });
  it('reads a progress note about the client', () => {
    expect(has(readCues('Client reported practising the breathing exercise.', { writer: 'therapist' }), 'practice')).toBe(true);
  });
  it('does not read a plan, a habit of the past or another person’s action as practice', () => {
    expect(has(readCues('I will try the breathing exercise.'), 'practice')).toBe(false);
    expect(has(readCues('I used to drink a lot.'), 'practice')).toBe(false);
    expect(has(readCues('My sister tried the breathing exercise.'), 'practice')).toBe(false);
  });
  it('flips when negated', () => {
    expect(find("I didn't use the thought record this week.", 'practice')?.polarity).toBe(-1);
  });
});

describe('rupture markers', () => {
  it('reads withdrawal: a short "I don’t know", a minimal reply, hopelessness', () => {
    expect(has(readCues("I don't know."), 'rupture_withdrawal')).toBe(true);
    expect(has(readCues('Whatever.'), 'rupture_withdrawal')).toBe(true);
    expect(has(readCues('It all feels hopeless.'), 'rupture_withdrawal')).toBe(true);
    expect(find('It is not hopeless.', 'rupture_withdrawal')?.polarity).toBe(-1);
  });
  it('does not read "I don’t know why I keep…" as withdrawal in a long reflection', () => {
    const text = "I don't know why I keep going back to him even though every time I end up feeling small and I hate it.";
    expect(has(readCues(text), 'rupture_withdrawal')).toBe(false);
    expect(has(readCues(text), 'therapeutic')).toBe(true);
  });
  it('reads confrontation about the therapist, the tasks, the frequency and the progress', () => {
    expect(has(readCues("You don't listen to me."), 'rupture_confrontation')).toBe(true);
    expect(has(readCues('The homework is pointless.'), 'rupture_confrontation')).toBe(true);
    expect(has(readCues('There are too many sessions.'), 'rupture_confrontation')).toBe(true);
    expect(has(readCues("We're not making any progress."), 'rupture_confrontation')).toBe(true);
  });
  it('does not read a complaint about someone else as a complaint about the therapist', () => {
    expect(has(readCues("My husband doesn't listen to me."), 'rupture_confrontation')).toBe(false);
  });
});

describe('self-agency vs externalising', () => {
  it('reads the client as agent, and a negated wish as counting against it', () => {
    expect(find('I want to cut down.', 'self_agency')?.polarity).toBe(1);
    expect(find("I don't want to cut down.", 'self_agency')?.polarity).toBe(-1);
    expect(find("I can't stop.", 'self_agency')?.polarity).toBe(-1);
  });
  it('reads change asked for by others as externalising', () => {
    const cue = find('They want me to stop drinking.', 'externalising');
    expect(cue?.reason).toBe('the change is asked for by them, not yet their own');
  });
  it('reads sustain talk as counting against self-agency', () => {
    expect(find("It's not that bad.", 'self_agency')?.polarity).toBe(-1);
    expect(find('I like beer, it helps me relax.', 'self_agency')?.polarity).toBe(-1);
  });
});

describe('summariseCues', () => {
  it('totals families and scores alliance types from the cues', () => {
    const s = summariseCues(readCues('I want a quick fix. My husband needs to change. I tried the breathing exercise.'));
    expect(s.families.magical_quick_fix.count).toBe(1);
    expect(s.alliance.magical).toBeGreaterThan(1);
    expect(s.alliance.magical).toBeGreaterThan(s.alliance.working);
    expect(s.families.practice.score).toBeGreaterThan(0);
    expect(s.rupture).toBe(false);
    expect(summariseCues(readCues('Whatever.')).rupture).toBe(true);
  });
  it('floors an alliance score at zero when the cues count against it', () => {
    expect(summariseCues(readCues("I don't want a quick fix.")).alliance.magical).toBe(0);
  });
});

describe('robustness', () => {
  it('handles empty, emoji, other scripts and markup', () => {
    for (const text of ['', ' ', '😀😀😀', '日本語のテキスト。', 'Привет мир', '<script>alert("x")</script>', '\u0000\uD800', '—'.repeat(50)]) {
      const r = readCuesDetailed(text);
      for (const c of r.cues) expect(text.slice(c.start, c.end)).toBe(c.words);
    }
  });

  it('returns without error in bounded time for any input (property)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 400 }),
          fc.string({ unit: 'grapheme', maxLength: 200 }),
          fc
            .array(
              fc.constantFrom(
                'I',
                "don't",
                'want',
                'to',
                'quick',
                'fix',
                'my',
                'mother',
                'needs',
                'change',
                '.',
                ',',
                '<b>',
                '😀',
                'не',
                'tried',
                'the',
                'exercise',
                '\n',
              ),
              { maxLength: 80 },
            )
            .map((w) => w.join(' ')),
        ),
        (text) => {
          const t0 = performance.now();
          const cues = readCues(text);
          for (const c of cues) expect(text.slice(c.start, c.end)).toBe(c.words);
          expect(performance.now() - t0).toBeLessThan(1000);
        },
      ),
      { numRuns: 150, seed: 42 },
    );
  });

  it('reads a huge text within bounds', () => {
    const text = 'I want to understand why I keep doing this. '.repeat(2_000);
    const t0 = performance.now();
    const cues = readCues(text);
    expect(cues.length).toBeGreaterThan(0);
    expect(performance.now() - t0).toBeLessThan(10_000);
  });
});

describe('MI change and sustain families added for the talk-type measure', () => {
  const rules = (text: string): string[] => readCues(text).map((c) => `${c.rule}${c.polarity === -1 ? '(-)' : ''}`);
  it('reads discontent, benefits pictured, health reasons and activation as reasons for change', () => {
    expect(rules("I'm sick of feeling tired all the time.")).toContain('agency.reason-discontent');
    expect(rules('It would make everything easier.')).toContain('agency.reason-would-help');
    expect(rules('Mostly health reasons.')).toContain('agency.reason-health');
    expect(rules("I think it's time to do something.")).toContain('agency.activation');
    expect(rules('I can do that.')).toContain('agency.ability');
  });
  it('reads low desire, doubt, comparison with others and plain barriers as sustain talk', () => {
    expect(rules("I just don't feel like it.")).toContain('agency.sustain-not-feel-like(-)');
    expect(rules("I'm not interested.")).toContain('agency.sustain-not-keen(-)');
    expect(rules("I don't see it happening.")).toContain('agency.sustain-doubt(-)');
    expect(rules('I drink less than most people.')).toContain('agency.sustain-others-worse(-)');
    expect(rules('I have a busy schedule.')).toContain('agency.sustain-barrier-plain(-)');
  });
  it('keeps "I like to" (a habit enjoyed) apart from "I would like to" (a wish)', () => {
    expect(rules('I like to have a few drinks.')).not.toContain('agency.desire');
    expect(rules("I'd like to cut down.")).toContain('agency.desire-would-like');
  });
  it('does not fire the wish-to-change rules when negated by someone else: "I don\'t feel like it" is not a dislike', () => {
    expect(rules("I don't feel like it.")).not.toContain('agency.reason-dislike');
    expect(rules("I don't like how much I drink.")).toContain('agency.reason-dislike');
  });
});

describe('fixes found reading the demo texts', () => {
  it('reads a coordinated other ("my mother and my sister") as the one who must change', () => {
    const cue = find('I keep hoping my mother and my sister will finally stop blaming me.', 'magical_external');
    expect(cue?.reason).toContain('my mother and my sister');
  });
  it('reads "if they changed" and "I need this fixed" as magical', () => {
    expect(has(readCues('If they changed, everything would be fine.'), 'magical_external')).toBe(true);
    expect(has(readCues('I need this fixed quickly.'), 'magical_quick_fix')).toBe(true);
  });
  it('does not read "I want my husband to stop" as a problem vanishing, but "the panic to just go away" is', () => {
    expect(readCues('I want my husband to stop drinking.').some((c) => c.rule === 'fix.make-it-go-away')).toBe(false);
    expect(has(readCues('I want the panic to just go away.'), 'magical_quick_fix')).toBe(true);
  });
  it('reads "Will it last?" as a question, not a commitment', () => {
    expect(has(readCues('Will it last?'), 'working')).toBe(false);
  });
  it('ends a negation at "and" before a new verb phrase', () => {
    const cues = readCues("I want to make sure I don't slip back and can manage on my own.");
    expect(cues.some((c) => c.rule === 'agency.ability' && c.polarity === 1)).toBe(true);
  });
  it('reads "keep using" as keeping up what works, and "goes back to my childhood" as no relapse', () => {
    expect(has(readCues('Keep using my breathing on my own.'), 'structuralizing')).toBe(true);
    expect(has(readCues('Keep using my breathing on my own.'), 'therapeutic')).toBe(false);
    expect(has(readCues('It goes back a long way, to my childhood.'), 'structuralizing')).toBe(false);
    expect(has(readCues("I don't want to go back to drinking every night."), 'structuralizing')).toBe(true);
  });
});

describe('issue 16: whose words, whose behaviour, which way', () => {
  const families = (text: string, options: Parameters<typeof readCues>[1] = {}): string[] =>
    readCues(text, options)
      .filter((c) => c.polarity === 1)
      .map((c) => c.family);
  it('reads neither confrontation nor withdrawal in a report qualified by a contrast', () => {
    expect(families('Nothing has changed at home, but I feel different.')).toEqual([]);
  });
  it('does not read stopping medication without telling anyone as practice', () => {
    expect(families('I stopped taking my medication without telling anyone.')).not.toContain('practice');
    expect(families('I stopped drinking on weeknights.')).toContain('practice');
  });
  it('takes the direction of a behaviour from the client’s goals', () => {
    // Eating has no default direction: stopping it is a step only where the goals want less of it.
    expect(families('I stopped eating after eight in the evening.')).not.toContain('practice');
    const less = directionsFromGoals(['Stop eating late at night']);
    expect(less.get('food')).toBe('less');
    expect(families('I stopped eating after eight in the evening.', { directions: less })).toContain('practice');
    const more = directionsFromGoals(['Eat three meals a day']);
    expect(more.get('food')).toBe('more');
    expect(families('I stopped eating after eight in the evening.', { directions: more })).not.toContain('practice');
  });
  it('does not read ordinary uncertainty about something named as withdrawal', () => {
    expect(families('I don’t know why I always pick partners like my father.')).toContain('therapeutic');
    expect(families('I don’t know why I always pick partners like my father.')).not.toContain('rupture_withdrawal');
    expect(families('I don’t know.')).toEqual(['rupture_withdrawal']);
  });
  it('does not give the client someone else’s behaviour', () => {
    expect(families('My husband’s drinking is out of control.')).toEqual([]);
    expect(families('I want my husband to stop drinking.')).toEqual(expect.arrayContaining(['magical_external', 'externalising']));
    expect(families('I want my husband to stop drinking.')).not.toContain('working');
  });
  it('reads waiting for another person to change, and a time frame for an aim', () => {
    expect(families('I’m waiting for my husband to stop drinking.')).toContain('magical_external');
    expect(readCues('By the end of March I want to have finished my thesis.').some((c) => c.rule === 'working.time-frame')).toBe(true);
    expect(readCues('It was my birthday on Tuesday.').some((c) => c.rule === 'working.time-frame')).toBe(false);
  });
  it('reads a therapist’s note in the third person: the client by name or pronoun, the therapist’s I as the helper', () => {
    const note = { writer: 'therapist' as const, clientName: 'Priya Shah' };
    expect(families('Priya wants to understand why she keeps choosing partners who put her down.', note)).toEqual(
      expect.arrayContaining(['therapeutic', 'self_agency']),
    );
    expect(families('They said I don’t take them seriously.', note)).toEqual(['rupture_confrontation']);
    expect(families('Her sister keeps telling her she should leave her husband.', note)).toEqual(['externalising']);
  });
  it('reads change talk in someone else’s words as theirs', () => {
    const cues = readCues('My wife says I need to stop drinking.');
    expect(cues.some((c) => c.family === 'self_agency')).toBe(false);
    expect(cues.filter((c) => c.family === 'externalising').map((c) => c.reason)).toContain('the change is what my wife says, not yet their own');
  });
  it('reads a negated wish as sustain talk only for a step of change', () => {
    expect(find('I don’t want to quit smoking right now.', 'self_agency')?.polarity).toBe(-1);
    expect(find('I don’t want to keep living like this.', 'self_agency')?.polarity).toBe(1);
    expect(find('I like drinking with my friends.', 'self_agency')?.polarity).toBe(-1);
    expect(readCues('I love my kids.')).toEqual([]);
  });
});
