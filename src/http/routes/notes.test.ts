/**
 * The twice-told session through the real app (SPEC §2, §3 C6): every answer is checked against
 * the wire contract by the agents. The therapist drafts, signs, amends and shares; the client
 * reflects; bad input is a clear 4xx with nothing written; the admin learns dates and types only;
 * every read and write of the texts is in the audit trail.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cast } from '../../../test/support/cast.ts';
import { makeCast } from '../../../test/support/cast.ts';
import { notesDefaults } from '../../domain/notes/settings.ts';

const NOTE = 'We worked on the row with her manager and on speaking up at work.';

describe('the progress note and the reflection over HTTP', () => {
  let cast: Cast;
  let base = '';
  const errorOf = (res: { json(): unknown }) => (res.json() as { error: { code: string; message: string } }).error;
  beforeAll(async () => {
    cast = await makeCast();
    base = `/api/sessions/${cast.ids.sessionS}`;
    // Session S was eight weeks ago: with the practice's longest reveal period its pair is still sealed.
    const admin = cast.agents.admin;
    expect((await admin.req('PATCH', '/api/practice', { notesRevealDays: notesDefaults.revealDaysMax })).statusCode).toBe(200);
    expect((await admin.req('PATCH', '/api/practice', { notesRevealDays: 0 })).statusCode).toBe(400);
  });
  afterAll(async () => {
    await cast?.close();
  });

  it('refuses an empty draft and an over-long one with a clear 400, writing nothing', async () => {
    const t = cast.agents.therapist;
    const empty = await t.req('POST', `${base}/progress-note`, { text: '   ' });
    expect(empty.statusCode).toBe(400);
    expect(errorOf(empty).message).toMatch(/empty/i);
    const long = await t.req('POST', `${base}/progress-note`, { text: 'x'.repeat(notesDefaults.maxNoteChars + 1) });
    expect(long.statusCode).toBe(400);
    expect(errorOf(long).message).toContain(String(notesDefaults.maxNoteChars));
    const way = await t.req('POST', `${base}/progress-note`, { text: 'x'.repeat(notesDefaults.maxNoteChars * 2) });
    expect(way.statusCode).toBe(400);
    expect((await t.req('GET', `${base}/notes`)).json().note).toBeNull();
  });

  it('drafts, refuses an addendum to the draft (409), signs, refuses a second signature (409), amends and shares', async () => {
    const t = cast.agents.therapist;
    const draft = await t.req('POST', `${base}/progress-note`, { text: NOTE });
    expect(draft.statusCode, draft.body).toBe(201);
    expect(draft.json().note).toMatchObject({ text: NOTE, signedAt: null });
    const early = await t.req('POST', `${base}/progress-note/addenda`, { text: 'More.' });
    expect(early.statusCode).toBe(409);
    expect(errorOf(early).message).toMatch(/draft/i);
    const signed = await t.req('POST', `${base}/progress-note/sign`);
    expect(signed.statusCode, signed.body).toBe(200);
    expect(signed.json().note.signedAt).toEqual(expect.any(String));
    expect((await t.req('POST', `${base}/progress-note/sign`)).statusCode).toBe(409);
    expect((await t.req('PUT', `${base}/progress-note`, { text: 'Rewritten.' })).statusCode).toBe(409);
    const amended = await t.req('POST', `${base}/progress-note/addenda`, { text: 'She wrote after the session.' });
    expect(amended.statusCode).toBe(201);
    expect(amended.json().note.text).toBe(NOTE);
    expect(amended.json().note.addenda).toHaveLength(1);
    const shared = await t.req('PUT', `${base}/progress-note/sharing`, { shared: true });
    expect(shared.json().note.sharedWithClient).toBe(true);
  });

  it('the supervisor reads the note; the admin is refused its content but sees the date and type', async () => {
    const sup = await cast.agents.supervisor.req('GET', `${base}/notes`);
    expect(sup.json().note.text).toBe(NOTE);
    expect(sup.json().viewer).toBe('observer');
    // Every reader of the notes sees whose session it is (the page's heading names the client).
    expect(sup.json().clientName).toBe('Casey Client');
    expect((await cast.agents.therapist.req('GET', `${base}/notes`)).json().clientName).toBe('Casey Client');
    expect((await cast.agents.admin.req('GET', `${base}/notes`)).statusCode).toBe(403);
    const index = await cast.agents.admin.req('GET', `/api/clients/${cast.ids.clientC}/progress-notes`);
    expect(index.statusCode).toBe(200);
    expect(index.json()).toEqual([
      {
        sessionId: cast.ids.sessionS,
        sessionAt: '2026-01-05T10:00:00.000Z',
        type: 'progress_note',
        writtenAt: expect.any(String),
        signedAt: expect.any(String),
      },
    ]);
    expect(index.body).not.toContain('manager');
  });

  it('the client sees the signed, shared note only once they have written their reflection; then side by side', async () => {
    const c = cast.agents.clientSelf;
    const before = (await c.req('GET', `${base}/notes`)).json();
    expect(before.note).toBeNull();
    expect(before.pair).toMatchObject({ open: false, otherWritten: true });
    const empty = await c.req('PUT', `${base}/reflection`, { stoodOut: '', takeAway: ' ', shared: true });
    expect(empty.statusCode).toBe(400);
    const wrote = await c.req('PUT', `${base}/reflection`, {
      stoodOut: 'Talking about my manager.',
      takeAway: 'Speaking up at work is possible.',
      shared: true,
    });
    expect(wrote.statusCode, wrote.body).toBe(200);
    const v = wrote.json();
    expect(v.pair).toMatchObject({ open: true, why: 'both_written' });
    expect(v.note.text).toBe(NOTE);
    expect(v.note.signedBy).toBeNull();
    expect(v.themes.list.map((t: { key: string }) => t.key)).toEqual(expect.arrayContaining(['manager', 'work']));
    const therapist = (await cast.agents.therapist.req('GET', `${base}/notes`)).json();
    expect(therapist.reflection.stoodOut).toBe('Talking about my manager.');
    expect(therapist.themes.note[0].length).toBeGreaterThan(0);
  });

  it('only the client writes their reflection; only the therapist writes the note', async () => {
    expect((await cast.agents.therapist.req('PUT', `${base}/reflection`, { stoodOut: 'x', shared: true })).statusCode).toBe(403);
    expect((await cast.agents.clientSelf.req('POST', `${base}/progress-note/addenda`, { text: 'x' })).statusCode).toBe(403);
    expect((await cast.agents.otherTherapist.req('GET', `${base}/notes`)).statusCode).toBe(404);
  });

  it('records every read and write of the texts in the audit trail, with the client', async () => {
    const events = await cast.world.deps.store.listAudit({ clientId: cast.ids.clientC, limit: 200 });
    const ok = (action: string) => events.filter((e: { action: string; outcome: string }) => e.action === action && e.outcome === 'ok').length;
    expect(ok('notes:read')).toBeGreaterThanOrEqual(3);
    expect(ok('notes:write')).toBeGreaterThanOrEqual(4);
    expect(ok('reflections:write')).toBe(1);
    expect(ok('notes:index')).toBe(1);
    expect(events.some((e: { action: string; outcome: string }) => e.action === 'notes:read' && e.outcome === 'denied')).toBe(true);
  });
});
