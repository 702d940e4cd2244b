import { describe, expect, it } from 'vitest';
import { pairState, revealAt } from './seal.ts';

const session = '2026-03-02T10:00:00.000Z';
const base = { sessionAt: session, revealDays: 7 };

describe('sealed pair', () => {
  it('stays sealed while only one side has written, before the period ends', () => {
    expect(pairState({ ...base, now: '2026-03-03T10:00:00.000Z', mine: true, theirs: false })).toEqual({
      open: false,
      why: 'waiting',
      opensAt: '2026-03-09T10:00:00.000Z',
    });
    expect(pairState({ ...base, now: '2026-03-03T10:00:00.000Z', mine: false, theirs: true }).open).toBe(false);
  });
  it('opens once both have written', () => {
    expect(pairState({ ...base, now: '2026-03-02T12:00:00.000Z', mine: true, theirs: true })).toMatchObject({ open: true, why: 'both_written' });
  });
  it('opens exactly when the period has passed, not a millisecond before', () => {
    expect(pairState({ ...base, now: '2026-03-09T09:59:59.999Z', mine: true, theirs: false }).open).toBe(false);
    expect(pairState({ ...base, now: '2026-03-09T10:00:00.000Z', mine: false, theirs: false })).toMatchObject({ open: true, why: 'period_passed' });
  });
  it('follows the practice’s period', () => {
    expect(revealAt(session, 1)).toBe('2026-03-03T10:00:00.000Z');
    expect(pairState({ ...base, revealDays: 1, now: '2026-03-03T10:00:00.000Z', mine: false, theirs: true }).open).toBe(true);
  });
});
