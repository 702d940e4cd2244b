import { describe, it, expect } from 'vitest';
import type { SuperviseeClientFacts } from './supervision.ts';
import {
  checkNoteChange,
  checkSupervisionText,
  disagrees,
  noteStanding,
  SUPERVISION_NOTE_MAX_CHARS,
  superviseeFigures,
  WITHDRAW_REASON_LABELS,
  WITHDRAW_REASONS,
} from './supervision.ts';

const client = (over: Partial<SuperviseeClientFacts> = {}): SuperviseeClientFacts => ({
  courseStatus: 'active',
  agreed: null,
  inferred: null,
  alerts: [],
  ...over,
});

describe('supervision notes: text', () => {
  it('trims and keeps text within the limit', () => {
    expect(checkSupervisionText('  Talk about the magical hope.  ')).toEqual({ ok: true, value: 'Talk about the magical hope.' });
    expect(checkSupervisionText('x'.repeat(SUPERVISION_NOTE_MAX_CHARS)).ok).toBe(true);
  });
  it('refuses empty and over-long text, saying why', () => {
    expect(checkSupervisionText('   ')).toMatchObject({ ok: false, reason: 'empty' });
    const long = checkSupervisionText('x'.repeat(SUPERVISION_NOTE_MAX_CHARS + 1));
    expect(long).toMatchObject({ ok: false, reason: 'too_long' });
    expect(long.ok ? '' : long.message).toContain('10,001');
  });
});

describe('supervision notes: who stands how toward a note', () => {
  const note = { supervisorId: 'sue', superviseeId: 'theo' };
  it('the supervisee always, the supervisor while still supervising', () => {
    expect(noteStanding('theo', note, false)).toBe('supervisee');
    expect(noteStanding('sue', note, true)).toBe('supervisor');
    expect(noteStanding('sue', note, false)).toBeNull();
  });
  it('nobody else: the admin, another supervisor, another therapist', () => {
    for (const who of ['ada', 'sid', 'olga']) expect(noteStanding(who, note, true)).toBeNull();
  });
});

describe('the overview figures of one supervisee', () => {
  it('counts nothing for an empty caseload', () => {
    const f = superviseeFigures([]);
    expect(f).toMatchObject({ caseload: 0, openCourses: 0, noAgreement: 0, disagree: 0, notOnTrack: 0, alertsByKind: [], alertsBySeverity: [] });
    expect(Object.values(f.agreed).every((n) => n === 0)).toBe(true);
  });

  it('counts agreed and inferred alliances per type, the disagreements and the courses without agreement', () => {
    const f = superviseeFigures([
      client({ agreed: 'working', inferred: 'working' }),
      client({ agreed: 'working', inferred: 'magical' }),
      client({ agreed: 'therapeutic', inferred: null }),
      client({ agreed: null, inferred: 'magical' }),
      client({ courseStatus: 'paused', agreed: 'structuralizing', inferred: 'therapeutic' }),
    ]);
    expect(f.caseload).toBe(5);
    expect(f.openCourses).toBe(5);
    expect(f.agreed).toEqual({ magical: 0, working: 2, therapeutic: 1, structuralizing: 1 });
    expect(f.inferred).toEqual({ magical: 2, working: 1, therapeutic: 1, structuralizing: 0 });
    expect(f.noAgreement).toBe(1);
    // Unknown on either side is not a disagreement.
    expect(f.disagree).toBe(2);
  });

  it('leaves ended courses and clients without a course out of the alliance figures, but not their alerts', () => {
    const f = superviseeFigures([
      client({ courseStatus: 'ended', agreed: 'working', inferred: 'magical', alerts: [{ kind: 'safety', severity: 'critical' }] }),
      client({ courseStatus: null }),
    ]);
    expect(f.caseload).toBe(2);
    expect(f.openCourses).toBe(0);
    expect(f.disagree).toBe(0);
    expect(f.noAgreement).toBe(0);
    expect(f.alertsByKind).toEqual([{ kind: 'safety', count: 1 }]);
  });

  it('orders alerts by urgency and severity and counts the courses not on track once each', () => {
    const f = superviseeFigures([
      client({
        alerts: [
          { kind: 'not_on_track', severity: 'high' },
          { kind: 'measure_due', severity: 'low' },
        ],
      }),
      client({
        alerts: [
          { kind: 'safety', severity: 'critical' },
          { kind: 'not_on_track', severity: 'high' },
        ],
      }),
      client({ courseStatus: 'ended', alerts: [{ kind: 'not_on_track', severity: 'high' }] }),
    ]);
    expect(f.alertsByKind).toEqual([
      { kind: 'safety', count: 1 },
      { kind: 'not_on_track', count: 3 },
      { kind: 'measure_due', count: 1 },
    ]);
    expect(f.alertsBySeverity).toEqual([
      { severity: 'critical', count: 1 },
      { severity: 'high', count: 3 },
      { severity: 'low', count: 1 },
    ]);
    expect(f.notOnTrack).toBe(2);
  });

  it('disagrees only when both sides are known and differ', () => {
    expect(disagrees({ agreed: 'working', inferred: 'working' })).toBe(false);
    expect(disagrees({ agreed: null, inferred: 'working' })).toBe(false);
    expect(disagrees({ agreed: 'working', inferred: 'magical' })).toBe(true);
  });
});

describe('changing a note', () => {
  const standing = { withdrawnAt: null };
  it('only its supervisor amends or withdraws it, and only while it stands', () => {
    expect(checkNoteChange('supervisor', standing, { kind: 'withdraw' })).toEqual({ ok: true, value: true });
    expect(checkNoteChange('supervisor', standing, { kind: 'amend', text: 'new', current: 'old' })).toEqual({ ok: true, value: true });
    expect(checkNoteChange('supervisee', standing, { kind: 'withdraw' })).toMatchObject({ ok: false, reason: 'not_supervisor' });
    expect(checkNoteChange('supervisee', standing, { kind: 'amend', text: 'new', current: 'old' })).toMatchObject({ ok: false, reason: 'not_supervisor' });
    const withdrawn = { withdrawnAt: '2026-11-30T10:00:00.000Z' };
    expect(checkNoteChange('supervisor', withdrawn, { kind: 'withdraw' })).toMatchObject({ ok: false, reason: 'withdrawn' });
    expect(checkNoteChange('supervisor', withdrawn, { kind: 'amend', text: 'new', current: 'old' })).toMatchObject({ ok: false, reason: 'withdrawn' });
  });
  it('an amendment must change words that can still be read', () => {
    expect(checkNoteChange('supervisor', standing, { kind: 'amend', text: 'same', current: 'same' })).toMatchObject({ ok: false, reason: 'unchanged' });
    expect(checkNoteChange('supervisor', standing, { kind: 'amend', text: 'new', current: null })).toMatchObject({ ok: false, reason: 'unreadable' });
  });
  it('every withdrawal reason has a label', () => {
    for (const r of WITHDRAW_REASONS) expect(WITHDRAW_REASON_LABELS[r]).toMatch(/\w/);
  });
});
