import { describe, it, expect } from 'vitest';
import { readCuesDetailed } from './read-cues.ts';
import { TALK_FEATURES, TALK_WEIGHTS, classifyTalk, fitTalkWeights, macroF1, talkFeatures } from './talk-type.ts';
import type { TalkType } from './talk-type.ts';

describe('talk type from cues', () => {
  it('has one weight per feature for each class', () => {
    expect(TALK_WEIGHTS.change).toHaveLength(TALK_FEATURES.length);
    expect(TALK_WEIGHTS.sustain).toHaveLength(TALK_FEATURES.length);
  });
  it('reads clear change, sustain and neutral talk written by us', () => {
    expect(classifyTalk(readCuesDetailed('I really want to cut down on my drinking, I need to do it for my kids.'))).toBe('change');
    expect(classifyTalk(readCuesDetailed("I like beer and it helps me relax. I'm not an alcoholic, it's not that bad."))).toBe('sustain');
    expect(classifyTalk(readCuesDetailed('Mm-hmm.'))).toBe('neutral');
  });
  it('fits deterministic weights that separate a toy set', () => {
    const texts: Array<[string, TalkType]> = [
      ['I want to stop smoking.', 'change'],
      ['I will quit drinking next week.', 'change'],
      ['I could cut down.', 'change'],
      ["I don't want to stop smoking.", 'sustain'],
      ["I like smoking, it's not that bad.", 'sustain'],
      ['I have no time to exercise.', 'sustain'],
      ['Yeah.', 'neutral'],
      ['Okay.', 'neutral'],
      ['It was Tuesday.', 'neutral'],
    ];
    const xs = texts.map(([t]) => talkFeatures(readCuesDetailed(t)));
    const ys = texts.map(([, y]) => y);
    const w1 = fitTalkWeights(xs, ys, { l2: 0.001, steps: 200, rate: 0.5 });
    const w2 = fitTalkWeights(xs, ys, { l2: 0.001, steps: 200, rate: 0.5 });
    expect(w1).toEqual(w2);
    const pred = texts.map(([t]) => classifyTalk(readCuesDetailed(t), w1));
    expect(macroF1(ys, pred).macro).toBeGreaterThan(0.6);
  });
});
