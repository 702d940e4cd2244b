import { describe, expect, it } from 'vitest';
import { checkReflection, reflectionText } from './reflection.ts';
import { notesDefaults } from './settings.ts';

describe('client reflection', () => {
  it('trims the answers and keeps unanswered questions empty', () => {
    expect(checkReflection({ stoodOut: '  the silence  ' })).toEqual({ ok: true, value: { stoodOut: 'the silence', takeAway: '', leftUnsaid: '' } });
  });
  it('refuses a reflection with nothing written', () => {
    expect(checkReflection({ stoodOut: ' ', takeAway: '', leftUnsaid: '\n' })).toMatchObject({ ok: false, reason: 'empty' });
    expect(checkReflection({})).toMatchObject({ ok: false, reason: 'empty' });
  });
  it('refuses an answer over the limit, naming the question; the limit itself is fine', () => {
    expect(checkReflection({ takeAway: 'x'.repeat(notesDefaults.maxReflectionChars) }).ok).toBe(true);
    const r = checkReflection({ takeAway: 'x'.repeat(notesDefaults.maxReflectionChars + 1) });
    expect(r).toMatchObject({ ok: false, reason: 'too_long' });
    expect(!r.ok && r.message).toContain('What I take away');
  });
  it('reads as one text of the written answers, in the questions’ order', () => {
    expect(reflectionText({ stoodOut: 'a', takeAway: '', leftUnsaid: 'c' })).toBe('a\n\nc');
  });
});

import { ruptureCueOf } from './reflection.ts';
import { readCues } from '../cues/read-cues.ts';

describe('a reflection read for rupture', () => {
  const ref = { type: 'reflection', id: 'r1' };
  it('fires on withdrawal or confrontation words, quoting them', () => {
    const text = 'I felt you were not listening to me. There is no point in coming.';
    const cues = readCues(text);
    const r = ruptureCueOf(cues, ref);
    expect(r.hasRuptureCue).toBe(true);
    expect(r.ref).toEqual(ref);
    for (const part of r.quote!.split(' … ')) expect(text).toContain(part);
  });
  it('does not fire on a calm reflection, or on negated cues', () => {
    expect(ruptureCueOf(readCues('We looked at my sleep and I will try the routine.'), ref)).toEqual({ hasRuptureCue: false });
    expect(ruptureCueOf([{ family: 'rupture_withdrawal', polarity: -1, words: 'no point' }], ref)).toEqual({ hasRuptureCue: false });
  });
});
