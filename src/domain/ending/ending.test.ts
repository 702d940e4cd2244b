import { describe, it, expect } from 'vitest';
import {
  checkClientActive,
  checkClientList,
  checkClose,
  checkFollowUp,
  checkSummary,
  checkWritable,
  followUpDueOn,
  followUpState,
  ENDING_LIMITS,
} from './ending.ts';

const ending = { status: 'ended', phase: 'termination', endedOn: '2026-05-29' } as const;
const ongoing = { status: 'active', phase: 'middle', endedOn: null } as const;

describe('when the ending may be written', () => {
  it('opens in the termination phase or once ended, and closes with the ending', () => {
    expect(checkWritable(ongoing, undefined)).toMatchObject({ ok: false, reason: 'course_not_ending' });
    expect(checkWritable({ ...ongoing, phase: 'termination' }, undefined)).toEqual({ ok: true });
    expect(checkWritable({ ...ending, phase: 'middle' }, { closedAt: null })).toEqual({ ok: true });
    expect(checkWritable(ending, { closedAt: '2026-06-01T10:00:00.000Z' })).toMatchObject({ ok: false, reason: 'ending_closed' });
  });
});

describe('an archived client', () => {
  it('has an ending that can no longer be changed', () => {
    expect(checkClientActive('active')).toEqual({ ok: true });
    expect(checkClientActive('archived')).toMatchObject({ ok: false, reason: 'client_archived' });
  });
});

describe('the client’s list', () => {
  it('trims its items and refuses empty lists, blank items, too many and too long items', () => {
    expect(checkClientList(['  I can say no  ', 'Sleep better'])).toEqual({ ok: true, items: ['I can say no', 'Sleep better'] });
    expect(checkClientList([])).toMatchObject({ ok: false, reason: 'empty_list' });
    expect(checkClientList(['a', '   '])).toMatchObject({ ok: false, reason: 'empty_item', message: expect.stringContaining('Item 2') });
    expect(checkClientList(Array.from({ length: ENDING_LIMITS.listItems + 1 }, () => 'x'))).toMatchObject({ ok: false, reason: 'too_many_items' });
    expect(checkClientList(Array.from({ length: ENDING_LIMITS.listItems }, () => 'x')).ok).toBe(true);
    expect(checkClientList(['x'.repeat(ENDING_LIMITS.itemChars + 1)])).toMatchObject({ ok: false, reason: 'item_too_long' });
    expect(checkClientList(['x'.repeat(ENDING_LIMITS.itemChars)]).ok).toBe(true);
  });
});

describe('the closing summary', () => {
  it('is trimmed, never empty and at most the limit', () => {
    expect(checkSummary('  Worked on sleep.  ')).toEqual({ ok: true, text: 'Worked on sleep.' });
    expect(checkSummary(' \n ')).toMatchObject({ ok: false, reason: 'empty_summary' });
    expect(checkSummary('y'.repeat(ENDING_LIMITS.summaryChars + 1))).toMatchObject({ ok: false, reason: 'summary_too_long' });
  });
});

describe('closing the ending', () => {
  it('needs an ended course and a summary, and closes once', () => {
    expect(checkClose({ ...ongoing, phase: 'termination' }, { closedAt: null, summaryWritten: true })).toMatchObject({ reason: 'course_not_ended' });
    expect(checkClose(ending, undefined)).toMatchObject({ reason: 'summary_missing' });
    expect(checkClose(ending, { closedAt: null, summaryWritten: false })).toMatchObject({ reason: 'summary_missing' });
    expect(checkClose(ending, { closedAt: null, summaryWritten: true })).toEqual({ ok: true, endedOn: '2026-05-29' });
    expect(checkClose(ending, { closedAt: '2026-06-01T00:00:00.000Z', summaryWritten: true })).toMatchObject({ reason: 'already_closed' });
  });
});

describe('the follow-up check', () => {
  it('falls due whole calendar months after the last day, clamped to the month’s end; 0 months is off', () => {
    expect(followUpDueOn('2026-05-29', 3)).toBe('2026-08-29');
    expect(followUpDueOn('2026-01-31', 1)).toBe('2026-02-28');
    expect(followUpDueOn('2027-11-30', 3)).toBe('2028-02-29');
    expect(followUpDueOn('2026-10-15', 12)).toBe('2027-10-15');
    expect(followUpDueOn('2026-05-29', 0)).toBeNull();
  });
  it('is scheduled, then due for its window, then lapsed; once answered it is done', () => {
    const f = { dueOn: '2026-08-29', answeredAt: null };
    expect(followUpState(f, '2026-08-28')).toBe('scheduled');
    expect(followUpState(f, '2026-08-29')).toBe('due');
    expect(followUpState(f, '2026-10-23', 56)).toBe('due');
    expect(followUpState(f, '2026-10-24', 56)).toBe('lapsed');
    expect(followUpState({ dueOn: null, answeredAt: null }, '2026-10-24')).toBe('off');
    expect(followUpState({ ...f, answeredAt: '2026-09-01T10:00:00Z' }, '2026-08-01')).toBe('done');
  });
  it('takes one answer while due, with a rating from −2 to +2 and at most the words limit', () => {
    const f = { dueOn: '2026-08-29', answeredAt: null };
    expect(checkFollowUp(f, { rating: 1, words: ' Still sleeping well. ' }, '2026-09-01')).toEqual({ ok: true, rating: 1, words: 'Still sleeping well.' });
    expect(checkFollowUp(f, { rating: 0, words: '  ' }, '2026-09-01')).toEqual({ ok: true, rating: 0, words: null });
    expect(checkFollowUp(f, { rating: 3 }, '2026-09-01')).toMatchObject({ reason: 'invalid_rating' });
    expect(checkFollowUp(f, { rating: 1 }, '2026-08-01')).toMatchObject({ reason: 'follow_up_not_due' });
    expect(checkFollowUp(f, { rating: 1 }, '2027-01-01')).toMatchObject({ reason: 'follow_up_lapsed' });
    expect(checkFollowUp({ dueOn: null, answeredAt: null }, { rating: 1 }, '2026-09-01')).toMatchObject({ reason: 'follow_up_off' });
    expect(checkFollowUp({ ...f, answeredAt: '2026-09-01T00:00:00Z' }, { rating: 1 }, '2026-09-02')).toMatchObject({ reason: 'follow_up_done' });
    expect(checkFollowUp(f, { rating: 1, words: 'z'.repeat(ENDING_LIMITS.followUpWordsChars + 1) }, '2026-09-01')).toMatchObject({ reason: 'words_too_long' });
  });
});
