/**
 * The tokeniser looks every word of the text up in its tables (informal spellings, clitics,
 * pronouns). Words that are also names on Object.prototype must read as plain words.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyse } from './nlp.ts';
import { readCuesDetailed } from './read-cues.ts';

const PROTO_NAMES = [...Object.getOwnPropertyNames(Object.prototype), ...Object.getOwnPropertyNames(Function.prototype), 'prototype'];

describe('words that are names on Object.prototype', () => {
  it.each(PROTO_NAMES)('“%s” is a plain word, alone, contracted and in a sentence', (name) => {
    for (const text of [name, `I want ${name} to change`, `${name}'s not it`, `${name}n't`, `I ${name} it.`]) {
      const a = analyse(text);
      for (const t of a.tokens) {
        expect(typeof t.norm).toBe('string');
        expect(typeof t.lemma).toBe('string');
        expect(t.start >= 0 && t.end <= text.length && t.start <= t.end).toBe(true);
      }
      expect(() => readCuesDetailed(text)).not.toThrow();
    }
  });

  it('any mix of them with ordinary words reads without error', () => {
    const word = fc.oneof(
      fc.constantFrom(...PROTO_NAMES),
      fc.constantFrom('I', 'want', "don't", 'wanna', "it's", 'my', 'mother', 'to', 'change', "'s", 'ca', 'wo'),
    );
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 12 }), fc.constantFrom(' ', "'", "'s ", "n't ", '-'), (words, sep) => {
        const text = words.join(sep);
        const r = readCuesDetailed(text);
        for (const c of r.cues) expect(text.slice(c.start, c.end)).toBe(c.words);
      }),
      { numRuns: 300 },
    );
  });
});
