import { describe, expect, it } from 'vitest';
import { sharedThemes } from './themes.ts';

const slice = (text: string, m: { start: number; end: number }) => text.slice(m.start, m.end);

describe('shared themes', () => {
  const note = 'We talked about her fear of eye contact at work and the argument with her manager.';
  const reflection = ['The eye contact exercise was hard.', 'I was angry at my manager, and at work nobody listens.'];
  const r = sharedThemes([note], reflection);

  it('marks the words and phrases both sides use, with the words as written on each side', () => {
    expect(r.themes.map((t) => t.key).sort()).toEqual(['eye contact', 'manager', 'work']);
    expect(r.left[0]!.map((m) => slice(note, m))).toEqual(['eye contact', 'work', 'manager']);
    expect(r.right[0]!.map((m) => slice(reflection[0]!, m))).toEqual(['eye contact']);
    expect(r.right[1]!.map((m) => slice(reflection[1]!, m))).toEqual(['manager', 'work']);
  });

  it('matches by lemma and case, not by exact spelling', () => {
    const t = sharedThemes(['She ARGUED with her sister; the arguments escalate.'], ['I argue with my Sister, and every argument is the same.']);
    expect(t.themes.map((x) => x.key).sort()).toEqual(['argue', 'argument', 'sister']);
    expect(t.themes.find((x) => x.key === 'argue')).toMatchObject({ leftWords: ['argued'], rightWords: ['argue'] });
  });

  it('ignores stop words and function words: no theme from "the session", "really", "felt", "I"', () => {
    const t = sharedThemes(
      ['I think the session was really good for me; we talked and she felt it.'],
      ['I really think the session was hard for me. I felt we talked.'],
    );
    expect(t.themes).toEqual([]);
    expect(t.left.flat()).toEqual([]);
  });

  it('is empty when either side is empty; gives one list of marks per text part', () => {
    const t = sharedThemes([], ['Something about work.']);
    expect(t).toEqual({ themes: [], left: [], right: [[]] });
    expect(sharedThemes(['work', ''], ['']).left).toHaveLength(2);
  });

  it('marks never overlap and stay inside their text', () => {
    for (const [i, marks] of r.right.entries()) {
      let end = 0;
      for (const m of marks) {
        expect(m.start).toBeGreaterThanOrEqual(end);
        expect(m.end).toBeLessThanOrEqual(reflection[i]!.length);
        end = m.end;
      }
    }
  });

  it('gives no score: a theme is a key with its words and counts only', () => {
    expect(Object.keys(r.themes[0]!).sort()).toEqual(['key', 'left', 'leftWords', 'right', 'rightWords']);
  });
});
