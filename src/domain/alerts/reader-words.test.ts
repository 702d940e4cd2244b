import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { forReader } from './reader-words.ts';

const rules = ['../measures/alerts-from-outcomes.ts', '../alliance/rules.ts', '../alliance/attendance.ts'].map((f) =>
  readFileSync(fileURLToPath(new URL(f, import.meta.url)), 'utf8'),
);

describe('an alert’s words fit the reader', () => {
  it('leaves the therapist’s wording as it is', () => {
    expect(forReader('Your client’s PHQ-9 has risen.', 'therapist')).toBe('Your client’s PHQ-9 has risen.');
  });
  it('tells a supervisor and a colleague about “the client” and “the therapist”, never “your client”', () => {
    expect(forReader('Your client’s PHQ-9 has risen; reach your client soon.', 'supervisor')).toBe('The client’s PHQ-9 has risen; reach the client soon.');
    expect(forReader('You may be seeing the session more positively than the client', 'colleague')).toBe(
      'The therapist may be seeing the session more positively than the client',
    );
    expect(forReader('Your Session check for this session is 9 points above your client’s.', 'supervisor')).toBe(
      'The therapist’s Session check for this session is 9 points above the client’s.',
    );
    expect(forReader('You and the client expect different things', 'supervisor')).toBe('The therapist and the client expect different things');
  });
  it('every “your client” and every title addressed to “you” in the alert rules is rewritten', () => {
    const quoted = rules.flatMap((src) => [...src.matchAll(/(?:title|summary):\s*[`'](.*?)[`']/g)].map((m) => m[1]!));
    expect(quoted.length).toBeGreaterThan(8);
    for (const q of quoted) {
      const out = forReader(q, 'supervisor');
      expect(out, q).not.toMatch(/\b[Yy]our client\b/);
      expect(out, q).not.toMatch(/^You\b/);
    }
  });
});
