import { describe, it, expect } from 'vitest';
import { checkGrant, checkNoteText, GRANT_MAX_DAYS, PROCESS_NOTE_MAX_CHARS, reauthFresh } from './process-note.ts';
import { decideRecord, POLICY, recordRelationsTo } from '../access.ts';
import type { ClientRule, RecordGuard } from '../access.ts';

const NOW = '2026-03-02T10:00:00.000Z';
const plus = (minutes: number) => new Date(Date.parse(NOW) + minutes * 60_000).toISOString();

describe('a process note’s text', () => {
  it('is kept trimmed; empty and over-long texts are refused with a reason', () => {
    expect(checkNoteText('  felt tired  ')).toEqual({ ok: true, value: 'felt tired' });
    expect(checkNoteText(' \n ')).toMatchObject({ ok: false, reason: 'empty' });
    expect(checkNoteText('x'.repeat(PROCESS_NOTE_MAX_CHARS))).toMatchObject({ ok: true });
    const long = checkNoteText('x'.repeat(PROCESS_NOTE_MAX_CHARS + 1));
    expect(long).toMatchObject({ ok: false, reason: 'too_long' });
    expect(!long.ok && long.message).toContain('20,000');
  });
});

describe('a re-authentication', () => {
  it('is fresh within the window, up to its last minute, and never without one', () => {
    expect(reauthFresh(plus(-4), NOW, 5)).toBe(true);
    expect(reauthFresh(plus(-5), NOW, 5)).toBe(true);
    expect(reauthFresh(plus(-5.01), NOW, 5)).toBe(false);
    expect(reauthFresh(null, NOW, 5)).toBe(false);
  });
});

describe('a training grant', () => {
  const base = { authorId: 'theo', granteeId: 'sue', supervisorsOfAuthor: ['sue'], now: NOW, expiresAt: plus(60 * 24 * 7) };
  it('goes to a supervisor of the author, ending in the future and within the longest term', () => {
    expect(checkGrant(base)).toEqual({ ok: true, value: { expiresAt: plus(60 * 24 * 7) } });
    expect(checkGrant({ ...base, expiresAt: plus(60 * 24 * GRANT_MAX_DAYS) })).toMatchObject({ ok: true });
  });
  it('refuses a colleague who does not supervise the author, oneself, an end already past and an overlong term', () => {
    expect(checkGrant({ ...base, granteeId: 'olga' })).toMatchObject({ ok: false, reason: 'not_a_supervisor' });
    expect(checkGrant({ ...base, granteeId: 'theo', supervisorsOfAuthor: ['sue', 'theo'] })).toMatchObject({ ok: false, reason: 'self' });
    expect(checkGrant({ ...base, expiresAt: NOW })).toMatchObject({ ok: false, reason: 'expired' });
    expect(checkGrant({ ...base, expiresAt: plus(-1) })).toMatchObject({ ok: false, reason: 'expired' });
    expect(checkGrant({ ...base, expiresAt: plus(60 * 24 * GRANT_MAX_DAYS + 1) })).toMatchObject({ ok: false, reason: 'too_long' });
  });
});

describe('the policy of a process note (a record guarded beyond its client)', () => {
  const open = POLICY['process-notes:open'] as ClientRule;
  const edit = POLICY['process-notes:edit'] as ClientRule;
  const guard: RecordGuard = {
    authorId: 'theo',
    grants: [
      { granteeId: 'sue', grantedAt: plus(-60), expiresAt: plus(60), revokedAt: null },
      { granteeId: 'sam', grantedAt: plus(-60), expiresAt: plus(-1), revokedAt: null },
      { granteeId: 'sal', grantedAt: plus(-60), expiresAt: plus(60), revokedAt: plus(-5) },
    ],
  };
  const on = (userId: string, roles: ('therapist' | 'supervisor' | 'admin')[] = ['supervisor']) =>
    recordRelationsTo({ userId, roles, clientId: null }, guard, NOW);
  it('the author opens and rewrites their note', () => {
    expect(decideRecord(open, ['assigned_therapist'], on('theo', ['therapist']))).toEqual({ ok: true, via: 'assigned_therapist' });
    expect(decideRecord(edit, ['assigned_therapist'], on('theo', ['therapist']))).toMatchObject({ ok: true });
  });
  it('a supervisor opens it only under a holding grant, never rewrites it; expired and revoked grants are as none', () => {
    expect(decideRecord(open, ['supervisor'], on('sue'))).toEqual({ ok: true, via: 'supervisor' });
    expect(decideRecord(edit, ['supervisor'], on('sue'))).toEqual({ ok: false, code: 'forbidden' });
    for (const who of ['sam', 'sal', 'sid']) expect(decideRecord(open, ['supervisor'], on(who)), who).toEqual({ ok: false, code: 'not_found' });
  });
  it('a grant is worth nothing without the supervisor relation to the client; the admin and the client never open one', () => {
    expect(decideRecord(open, [], on('sue'))).toEqual({ ok: false, code: 'not_found' });
    expect(decideRecord(open, ['admin'], on('ada', ['admin']))).toEqual({ ok: false, code: 'not_found' });
    expect(decideRecord(open, ['client_self'], [])).toEqual({ ok: false, code: 'not_found' });
    expect(decideRecord(open, ['other_therapist'], on('olga', ['therapist']))).toEqual({ ok: false, code: 'not_found' });
  });
});
