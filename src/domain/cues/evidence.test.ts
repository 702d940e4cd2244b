import { describe, expect, it } from 'vitest';
import { CUE_RULES_FINGERPRINT, CUE_RULES_VERSION, currentCues, rulesFingerprint } from './evidence.ts';
import { readCues } from './read-cues.ts';

describe('stored cue evidence and the rules’ version', () => {
  it('records the fingerprint of the rules the version names (change a rule: bump CUE_RULES_VERSION and record the new fingerprint)', () => {
    expect({ version: CUE_RULES_VERSION, fingerprint: rulesFingerprint() }).toEqual({ version: CUE_RULES_VERSION, fingerprint: CUE_RULES_FINGERPRINT });
  });
  it('keeps evidence the current rules read, and reads again evidence of another or an unknown version', () => {
    const text = 'I want my husband to stop drinking.';
    const stale = [
      { family: 'working' as const, polarity: 1 as const, weight: 0.3, start: 28, end: 36, words: 'drinking', reason: 'old reason', rule: 'working.behaviour' },
    ];
    expect(currentCues({ cues: stale, version: CUE_RULES_VERSION }, text, { writer: 'client' })).toEqual(stale);
    const fresh = readCues(text, { writer: 'client' });
    expect(currentCues({ cues: stale, version: CUE_RULES_VERSION - 1 }, text, { writer: 'client' })).toEqual(fresh);
    expect(currentCues({ cues: stale, version: null }, text, { writer: 'client' })).toEqual(fresh);
    expect(currentCues(undefined, text, { writer: 'client' })).toEqual(fresh);
    // The re-read no longer calls the husband's drinking the client's behaviour.
    expect(fresh.some((c) => c.rule === 'working.behaviour')).toBe(false);
  });
});
