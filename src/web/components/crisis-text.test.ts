import { describe, expect, it } from 'vitest';
import { crisisParts } from './crisis-text.tsx';

describe('crisis numbers become links', () => {
  it('calls the numbers and texts the number introduced by "text"', () => {
    const parts = crisisParts('Call 999 or go to A&E. Samaritans on 116 123 (free), or text SHOUT to 85258. Abroad: +44 20 7946 0000.');
    expect(parts.filter((p) => 'number' in p)).toEqual([
      { number: '999', href: 'tel:999' },
      { number: '116 123', href: 'tel:116123' },
      { number: '85258', href: 'sms:85258' },
      { number: '+44 20 7946 0000', href: 'tel:+442079460000' },
    ]);
    expect(parts.map((p) => ('number' in p ? p.number : p.text)).join('')).toBe(
      'Call 999 or go to A&E. Samaritans on 116 123 (free), or text SHOUT to 85258. Abroad: +44 20 7946 0000.',
    );
  });
  it('leaves short digit runs and text without numbers alone', () => {
    expect(crisisParts('Open 24 hours, 7 days.')).toEqual([{ text: 'Open 24 hours, 7 days.' }]);
  });
});
