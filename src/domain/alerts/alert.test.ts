import { describe, it, expect } from 'vitest';
import { ALERT_URGENCY, acknowledge, alertDedupeKey, compareAlerts, markEscalated, raiseAlert, resolve, shouldEscalate } from './alert.ts';
import type { Alert, AlertDraft, AlertKind, AlertSeverity } from './alert.ts';
import { alertDefaults } from './settings.ts';

const draft = (kind: AlertKind, severity: AlertSeverity = 'medium'): AlertDraft => ({
  kind,
  severity,
  courseId: 'course-1',
  dedupeKey: alertDedupeKey(kind, 'course-1', 'x'),
  title: 't',
  summary: 's',
  suggestedConversation: 'c',
  evidence: [],
});
const alert = (kind: AlertKind, raisedAt = '2026-03-01T09:00:00.000Z', severity: AlertSeverity = 'medium', id: string = kind): Alert =>
  raiseAlert(draft(kind, severity), id, raisedAt);

describe('urgency order', () => {
  it('follows SPEC §3 C8, safety first', () => {
    expect(ALERT_URGENCY).toEqual([
      'safety',
      'rupture',
      'not_on_track',
      'misalliance',
      'magical_persisting',
      'expectations_diverge',
      'remission_without_goal',
      'attendance',
      'practice_stalled',
      'measure_due',
      'therapist_more_positive',
    ]);
  });
  it('sorts the inbox by urgency, then severity, then oldest first', () => {
    const inbox = [
      alert('measure_due', '2026-01-01T00:00:00Z', 'low', 'a'),
      alert('rupture', '2026-03-02T00:00:00Z', 'high', 'b'),
      alert('rupture', '2026-03-01T00:00:00Z', 'high', 'c'),
      alert('rupture', '2026-02-01T00:00:00Z', 'medium', 'd'),
      alert('safety', '2026-03-05T00:00:00Z', 'critical', 'e'),
      alert('not_on_track', '2026-01-01T00:00:00Z', 'critical', 'f'),
    ];
    expect([...inbox].sort(compareAlerts).map((a) => a.id)).toEqual(['e', 'c', 'b', 'd', 'f', 'a']);
  });
  it('breaks full ties by id so the order is stable', () => {
    const a = alert('attendance', '2026-01-01T00:00:00Z', 'low', 'a');
    const b = alert('attendance', '2026-01-01T00:00:00Z', 'low', 'b');
    expect(compareAlerts(a, b)).toBeLessThan(0);
    expect(compareAlerts(b, a)).toBeGreaterThan(0);
  });
});

describe('dedupe key', () => {
  it('is the same for the same condition and differs otherwise', () => {
    expect(alertDedupeKey('safety', 'c1', 'r1')).toBe(alertDedupeKey('safety', 'c1', 'r1'));
    expect(alertDedupeKey('safety', 'c1', 'r1')).not.toBe(alertDedupeKey('safety', 'c1', 'r2'));
    expect(alertDedupeKey('safety', 'c1', 'r1')).not.toBe(alertDedupeKey('rupture', 'c1', 'r1'));
    expect(alertDedupeKey('safety', 'a|b', 'c')).not.toBe(alertDedupeKey('safety', 'a', 'b|c'));
  });
});

describe('acknowledge', () => {
  it('moves an open alert to acknowledged and records who and when', () => {
    const r = acknowledge(alert('rupture'), { by: 'u1', at: '2026-03-01T10:00:00Z' });
    expect(r).toMatchObject({ ok: true, alert: { status: 'acknowledged', acknowledgedBy: 'u1', acknowledgedAt: '2026-03-01T10:00:00Z' } });
  });
  it('keeps the first acknowledgement', () => {
    const once = acknowledge(alert('rupture'), { by: 'u1', at: '2026-03-01T10:00:00Z' });
    if (!once.ok) throw new Error('expected ok');
    const twice = acknowledge(once.alert, { by: 'u2', at: '2026-03-01T11:00:00Z' });
    expect(twice).toMatchObject({ ok: true, alert: { acknowledgedBy: 'u1' } });
  });
  it('refuses a resolved alert', () => {
    const done = resolve(alert('rupture'), { by: 'u1', at: '2026-03-01T10:00:00Z', note: 'talked' });
    if (!done.ok) throw new Error('expected ok');
    expect(acknowledge(done.alert, { by: 'u1', at: '2026-03-01T11:00:00Z' })).toMatchObject({ ok: false, reason: 'already_resolved' });
  });
});

describe('resolve', () => {
  const at = '2026-03-01T12:00:00Z';
  const longNote = 'Phoned client; no plans or intent; reviewed safety plan.';
  const min = alertDefaults.safetyResolveNoteMinChars;
  const cases: [string, AlertKind, string, string | undefined, string | undefined][] = [
    // name, kind, note, followUpAction, failure reason (undefined = ok)
    ['ordinary alert with a note', 'rupture', 'talked it through', undefined, undefined],
    ['ordinary alert with an empty note', 'rupture', '   ', undefined, 'note_required'],
    ['safety with documented follow-up', 'safety', longNote, 'contacted_client', undefined],
    ['safety with a note one character short', 'safety', 'x'.repeat(min - 1), 'contacted_client', 'safety_note_too_short'],
    ['safety with a note exactly long enough', 'safety', 'x'.repeat(min), 'contacted_client', undefined],
    ['safety with padding only', 'safety', `  ok${' '.repeat(40)}`, 'contacted_client', 'safety_note_too_short'],
    ['safety without a follow-up action', 'safety', longNote, undefined, 'safety_follow_up_required'],
    ['safety with an unknown follow-up action', 'safety', longNote, 'shrugged', 'safety_follow_up_required'],
  ];
  it.each(cases)('%s', (_name, kind, note, followUpAction, reason) => {
    const input = { by: 'u1', at, note, ...(followUpAction ? { followUpAction: followUpAction as 'contacted_client' } : {}) };
    const r = resolve(alert(kind), input);
    if (reason === undefined) {
      expect(r).toMatchObject({ ok: true, alert: { status: 'resolved', resolution: { by: 'u1', at, note: note.trim() } } });
    } else {
      expect(r).toMatchObject({ ok: false, reason });
      if (!r.ok) expect(r.message.length).toBeGreaterThan(10);
    }
  });
  it('acknowledges when resolving an open alert, and cannot resolve twice', () => {
    const r = resolve(alert('attendance'), { by: 'u1', at, note: 'fine' });
    if (!r.ok) throw new Error('expected ok');
    expect(r.alert).toMatchObject({ acknowledgedBy: 'u1', acknowledgedAt: at });
    expect(resolve(r.alert, { by: 'u1', at, note: 'again' })).toMatchObject({ ok: false, reason: 'already_resolved' });
  });
  it('refuses an unreadable time', () => {
    expect(resolve(alert('attendance'), { by: 'u1', at: 'yesterday', note: 'fine' })).toMatchObject({ ok: false, reason: 'invalid_time' });
  });
});

describe('shouldEscalate', () => {
  const raisedAt = '2026-03-01T09:00:00.000Z';
  const cases: [string, number, boolean][] = [
    ['59 minutes', 59, false],
    ['exactly 60 minutes', 60, true],
    ['61 minutes', 61, true],
  ];
  it.each(cases)('open safety alert after %s → %s (60 minute setting)', (_name, minutes, expected) => {
    const now = new Date(Date.parse(raisedAt) + minutes * 60_000).toISOString();
    expect(shouldEscalate(alert('safety', raisedAt), now, 60)).toBe(expected);
  });
  it('uses the default from settings', () => {
    const now = new Date(Date.parse(raisedAt) + alertDefaults.safetyEscalateAfterMinutes * 60_000).toISOString();
    expect(shouldEscalate(alert('safety', raisedAt), now)).toBe(true);
  });
  it('does not escalate acknowledged, non-safety, or already escalated alerts', () => {
    const late = '2026-03-02T09:00:00.000Z';
    const acked = acknowledge(alert('safety', raisedAt), { by: 'u1', at: raisedAt });
    if (!acked.ok) throw new Error('expected ok');
    expect(shouldEscalate(acked.alert, late, 60)).toBe(false);
    expect(shouldEscalate(alert('rupture', raisedAt), late, 60)).toBe(false);
    expect(shouldEscalate(markEscalated(alert('safety', raisedAt), { at: late, to: 'u9' }), late, 60)).toBe(false);
  });
  it('escalates when a time cannot be read, so a safety alert is never lost', () => {
    expect(shouldEscalate(alert('safety', 'garbled'), '2026-03-01T09:00:00Z', 60)).toBe(true);
  });
});
