import { describe, it, expect } from 'vitest';
import { subjectBefore, whoOf } from './agent.ts';
import { analyse } from './nlp.ts';

const subjectOf = (text: string, word: string, writer: 'client' | 'therapist' = 'client', clientName?: string) => {
  const a = analyse(text);
  const at = a.tokens.findIndex((t) => t.norm === word);
  return subjectBefore(a.tokens, text, at, whoOf(writer, clientName));
};

describe('agent detection', () => {
  it('finds the client through auxiliaries and fillers', () => {
    expect(subjectOf("I really don't need to change", 'need').kind).toBe('self');
  });
  it('names another person with the words of the noun phrase', () => {
    const a = subjectOf('My older brother needs to change', 'needs');
    expect(a.kind).toBe('other');
    expect(a.words).toBe('My older brother');
  });
  it('tells the therapist and circumstances apart from people', () => {
    expect(subjectOf('You should fix it', 'should').kind).toBe('helper');
    expect(subjectOf('Things will get better', 'will').kind).toBe('world');
  });
  it('reads "she" as the client in a therapist’s note', () => {
    expect(subjectOf('She practised the exercise', 'practised', 'therapist').kind).toBe('self');
    expect(subjectOf('She practised the exercise', 'practised', 'client').kind).toBe('other');
  });
  it('reads the client’s name as the client in a therapist’s note, and the therapist’s “I” as the helper', () => {
    expect(subjectOf('Sam will call his sister', 'will', 'therapist', 'Sam Rivera').kind).toBe('self');
    expect(subjectOf('Rivera will call his sister', 'will', 'therapist', 'Sam Rivera').kind).toBe('self');
    expect(subjectOf('Alex will call his sister', 'will', 'therapist', 'Sam Rivera').kind).toBe('other');
    expect(subjectOf('I will call the GP', 'will', 'therapist', 'Sam Rivera').kind).toBe('helper');
    expect(subjectOf('Sam will call his sister', 'will', 'client').kind).toBe('other');
  });
  it('keeps a pronoun subject across "and"', () => {
    expect(subjectOf('I went to the gym and tried the routine', 'tried').kind).toBe('self');
  });
});
