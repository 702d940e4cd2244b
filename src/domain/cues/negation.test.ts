import { describe, it, expect } from 'vitest';
import { negationTriggers } from './negation.ts';
import { analyse } from './nlp.ts';

const negatedWords = (text: string): string[] => {
  const { tokens } = analyse(text);
  const by = negationTriggers(tokens);
  return tokens.filter((t) => (by[t.i] ?? -1) >= 0).map((t) => t.norm);
};

describe('clinical negation', () => {
  it('negates the words after a trigger, within the clause', () => {
    expect(negatedWords("I don't want a quick fix, but I need help.")).toEqual(['want', 'a', 'quick', 'fix']);
  });
  it('reads "denied thoughts of self-harm" as negation', () => {
    expect(negatedWords('Denied thoughts of self-harm.')).toEqual(expect.arrayContaining(['thoughts', 'self', 'harm']));
  });
  it('reads a trailing "denied" backwards', () => {
    expect(negatedWords('Suicidal ideation: denied.')).toEqual(expect.arrayContaining(['suicidal', 'ideation']));
  });
  it('ignores pseudo-negations and a "no" that answers', () => {
    expect(negatedWords('Not only did I go, I stayed.')).toEqual([]);
    expect(negatedWords('No, I want to quit.')).toEqual([]);
  });
  it('stops at a question word: "I don’t know why I keep…" does not negate the pattern', () => {
    expect(negatedWords("I don't know why I keep doing it.")).toEqual(['know']);
  });
});
