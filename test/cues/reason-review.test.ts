/**
 * The reviewed sample of cue reasons (test/cues/reason-review.json; docs/language-cues.md, "Reasons
 * reviewed"): each text still gives exactly the cues, words and reasons a person read and judged true.
 * A rule change that alters any of them fails here until the sample is reviewed again.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readCues } from '../../src/domain/cues/read-cues.ts';

type Reviewed = { rule: string; words: string; polarity: 1 | -1; reason: string; verdict: 'true' };
type Item = { devId: number; writer: 'client' | 'therapist'; clientName?: string; text: string; cues: Reviewed[] };
const review = JSON.parse(readFileSync(new URL('./reason-review.json', import.meta.url), 'utf8')) as { cues: number; items: Item[] };

describe('reviewed cue reasons', () => {
  it('holds at least 100 reviewed cues, every one judged true', () => {
    const all = review.items.flatMap((i) => i.cues);
    expect(all.length).toBe(review.cues);
    expect(all.length).toBeGreaterThanOrEqual(100);
    expect(all.every((c) => c.verdict === 'true')).toBe(true);
  });
  it.each(review.items.map((i) => [i.devId, i] as const))('dev sentence %i still gives the reviewed cues and reasons', (_id, item) => {
    const options =
      item.writer === 'therapist'
        ? { writer: 'therapist' as const, ...(item.clientName ? { clientName: item.clientName } : {}) }
        : { writer: 'client' as const };
    const got = readCues(item.text, options).map((c) => ({ rule: c.rule, words: c.words, polarity: c.polarity, reason: c.reason }));
    expect(got).toEqual(item.cues.map(({ rule, words, polarity, reason }) => ({ rule, words, polarity, reason })));
  });
});
