import { describe, expect, it } from 'vitest';
import { keptUntil, retentionDecision } from './retention.ts';

const facts = { lastContact: '2018-03-01T10:00:00Z', openCourse: false, holds: [], retentionYears: 7, today: '2026-03-02' };

describe('retention', () => {
  it('keeps a record the practice’s years after the last contact (29 February to 28 February)', () => {
    expect(keptUntil('2018-03-01', 7)).toBe('2025-03-01');
    expect(keptUntil('2020-02-29', 1)).toBe('2021-02-28');
  });
  it('allows erasure once the period is over', () => {
    expect(retentionDecision(facts)).toEqual({ erasable: true, keptUntil: '2025-03-01' });
    expect(retentionDecision({ ...facts, today: '2025-02-28' })).toMatchObject({ erasable: false, reason: 'retention', keptUntil: '2025-03-01' });
  });
  it('refuses while a course is open or a hold applies, saying why', () => {
    expect(retentionDecision({ ...facts, openCourse: true })).toMatchObject({ erasable: false, reason: 'open_course' });
    const held = retentionDecision({ ...facts, holds: [{ reason: 'Complaint under review', placedAt: '2026-01-10T09:00:00Z', releasedAt: null }] });
    expect(held).toMatchObject({ erasable: false, reason: 'hold' });
    expect(held.erasable ? '' : held.message).toContain('Complaint under review');
    expect(retentionDecision({ ...facts, holds: [{ reason: 'Old', placedAt: '2019-01-01', releasedAt: '2020-01-01' }] }).erasable).toBe(true);
  });
});
