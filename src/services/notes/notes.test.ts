/**
 * The twice-told session through the services on real storage (SQLite in memory, or PostgreSQL
 * with ACCORD_TEST_DB=postgres): a note drafted, signed, amended and shared; a reflection written
 * private or shared; the pair sealed until both are written or the reveal period passes, then side
 * by side with shared themes; a shared reflection read by the cue reader, the inferred alliance and
 * the rupture rule — and a private one read by none of them.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Practice, TestWorld } from '../../../test/support/harness.ts';
import { makeWorld, seedPractice } from '../../../test/support/harness.ts';
import { DomainError } from '../../domain/errors.ts';
import { notesDefaults } from '../../domain/notes/settings.ts';
import { createClient, openCourse, recordSession } from '../people/clients.ts';
import { listClientAlerts } from '../alerts/alerts.ts';
import { clientCues } from '../cues/cues.ts';
import { getAllianceSummary } from '../alliance/alliance.ts';
import { loadCourse } from '../alliance/alliance-records.ts';
import { amendNote, editNote, progressNoteIndex, sessionNotes, shareNote, signNote, writeNote, writeReflection } from './notes.ts';

const SESSION_AT = '2026-03-02T10:00:00.000Z';
const NOTE = 'We looked at the row with her manager at work and the fear of speaking up in meetings.';
const REFLECTION = { stoodOut: 'Talking about my manager at work.', takeAway: 'I can practise speaking up in one meeting.', leftUnsaid: '' };
const RUPTURE = { stoodOut: 'I felt you were not listening to me.', takeAway: 'There is no point in coming.', leftUnsaid: '' };

async function refusal(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (e) {
    if (e instanceof DomainError) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('the twice-told session through the services', () => {
  let world: TestWorld;
  let practice: Practice;
  let clientId: string;
  let courseId: string;
  let sessionId: string;
  const portalUser = () => practice.therapistId; // the author id of a reflection only needs to be a user; the policy decides who writes
  beforeEach(async () => {
    world = await makeWorld();
    practice = await seedPractice(world.deps);
    world.clock.set('2026-03-02T11:00:00.000Z');
    const c = await createClient(world.deps, practice.therapistId, { name: 'Robin Reflects', contact: { email: null, phone: null, dateOfBirth: null } });
    clientId = c.id;
    courseId = (await openCourse(world.deps, c.id, { startedOn: '2026-03-02', frequency: 'weekly' })).id;
    sessionId = (await recordSession(world.deps, courseId, { startsAt: SESSION_AT, durationMinutes: 50, status: 'attended' })).id;
    world.clock.set('2026-03-02T12:00:00.000Z');
  });
  afterEach(async () => {
    await world.close();
  });

  it('a note is drafted, edited, signed (locked, signer and time kept), amended by addendum and shared', async () => {
    const deps = world.deps;
    let v = await writeNote(deps, sessionId, practice.therapistId, '  First draft.  ');
    expect(v.note).toMatchObject({ text: 'First draft.', signedAt: null, sharedWithClient: false, writtenAt: '2026-03-02T12:00:00.000Z' });
    world.clock.set('2026-03-02T13:00:00.000Z');
    v = await editNote(deps, sessionId, NOTE);
    expect(v.note).toMatchObject({ text: NOTE, writtenAt: '2026-03-02T12:00:00.000Z', updatedAt: '2026-03-02T13:00:00.000Z' });
    expect(await refusal(amendNote(deps, sessionId, practice.therapistId, 'Too early.'))).toMatchObject({ code: 'conflict' });
    v = await signNote(deps, sessionId, practice.therapistId);
    expect(v.note).toMatchObject({ signedAt: '2026-03-02T13:00:00.000Z', signedBy: practice.therapistId, signedByName: 'Theo Therapist' });
    expect(await refusal(signNote(deps, sessionId, practice.therapistId))).toMatchObject({ code: 'conflict' });
    expect(await refusal(editNote(deps, sessionId, 'Rewritten.'))).toMatchObject({ code: 'conflict' });
    expect(await refusal(writeNote(deps, sessionId, practice.therapistId, 'A second note.'))).toMatchObject({ code: 'conflict' });
    // Written a week later, the addendum sits on the session, dated when it was written.
    world.clock.set('2026-03-09T08:00:00.000Z');
    v = await amendNote(deps, sessionId, practice.therapistId, 'She wrote to say the meeting went well.');
    expect(v.note?.text).toBe(NOTE);
    expect(v.note?.addenda).toEqual([
      { id: expect.any(String), text: 'She wrote to say the meeting went well.', writtenAt: '2026-03-09T08:00:00.000Z', authorName: 'Theo Therapist' },
    ]);
    expect(v.sessionAt).toBe(SESSION_AT);
    v = await shareNote(deps, sessionId, true);
    expect(v.note?.sharedWithClient).toBe(true);
    // Sealed at rest: the stored row holds ciphertext only.
    const row = await deps.store.findProgressNoteOfSession(sessionId);
    expect(row?.bodyEnc).not.toContain('manager');
    // The admin's list: date and type only.
    expect(await progressNoteIndex(deps, clientId)).toEqual([
      { sessionId, sessionAt: SESSION_AT, type: 'progress_note', writtenAt: '2026-03-02T12:00:00.000Z', signedAt: '2026-03-02T13:00:00.000Z' },
    ]);
  });

  it('bad input is refused with a clear error and nothing is written', async () => {
    const deps = world.deps;
    expect(await refusal(writeNote(deps, sessionId, practice.therapistId, '   '))).toMatchObject({ code: 'invalid_input' });
    const long = await refusal(writeNote(deps, sessionId, practice.therapistId, 'x'.repeat(notesDefaults.maxNoteChars + 1)));
    expect(long.code).toBe('invalid_input');
    expect(long.message).toContain(String(notesDefaults.maxNoteChars));
    expect(await deps.store.findProgressNoteOfSession(sessionId)).toBeUndefined();
    expect(await refusal(signNote(deps, sessionId, practice.therapistId))).toMatchObject({ code: 'not_found' });
    expect(await refusal(writeReflection(deps, sessionId, portalUser(), { stoodOut: ' ', shared: true }))).toMatchObject({ code: 'invalid_input' });
    expect(await deps.store.findReflectionOfSession(sessionId)).toBeUndefined();
    const future = await recordSession(deps, courseId, { startsAt: '2026-03-09T10:00:00.000Z', durationMinutes: 50, status: 'scheduled' });
    expect(await refusal(writeNote(deps, future.id, practice.therapistId, 'Ahead of time.'))).toMatchObject({ code: 'conflict' });
    expect(await refusal(writeReflection(deps, future.id, portalUser(), { ...REFLECTION, shared: true }))).toMatchObject({ code: 'conflict' });
  });

  it('sealed: neither side sees the other’s entry until both are written; then side by side with the shared themes marked', async () => {
    const deps = world.deps;
    await writeNote(deps, sessionId, practice.therapistId, NOTE);
    await shareNote(deps, sessionId, true);
    let client = await writeReflection(deps, sessionId, portalUser(), { ...REFLECTION, shared: true });
    // The note is a draft: not yet the therapist's account, so the client sees nothing of it.
    expect(client.note).toBeNull();
    expect(client.pair).toMatchObject({ open: false, otherWritten: false });
    let therapist = await sessionNotes(deps, sessionId, 'therapist');
    expect(therapist.reflection).toBeNull();
    expect(therapist.pair).toMatchObject({ open: false, otherWritten: true, opensAt: '2026-03-09T10:00:00.000Z' });
    expect(therapist.themes).toBeNull();
    expect((await sessionNotes(deps, sessionId, 'observer')).reflection).toBeNull();

    therapist = await signNote(deps, sessionId, practice.therapistId);
    expect(therapist.pair).toMatchObject({ open: true, why: 'both_written' });
    expect(therapist.reflection).toMatchObject(REFLECTION);
    client = await sessionNotes(deps, sessionId, 'client');
    expect(client.note?.text).toBe(NOTE);
    expect(client.note?.signedBy).toBeNull(); // the client sees the signer's name, not their id
    const themes = client.themes!;
    expect(themes.list.map((t) => t.key).sort()).toEqual(['manager', 'meeting', 'speak', 'work']);
    const marked = themes.note[0]!.map((m) => NOTE.slice(m.start, m.end));
    expect(marked).toEqual(['manager', 'work', 'speaking', 'meetings']);
    expect(themes.reflection[0]!.map((m) => REFLECTION.stoodOut.slice(m.start, m.end))).toEqual(['manager', 'work']);
    // Once open, the client's words stand; whether it is shared stays theirs to choose.
    expect(await refusal(writeReflection(deps, sessionId, portalUser(), { ...REFLECTION, stoodOut: 'Changed.', shared: true }))).toMatchObject({
      code: 'conflict',
    });
    const withdrawn = await writeReflection(deps, sessionId, portalUser(), { ...REFLECTION, shared: false });
    expect(withdrawn.reflection?.shared).toBe(false);
    expect((await sessionNotes(deps, sessionId, 'therapist')).reflection).toBeNull();
  });

  it('a note the therapist does not share is never shown to the client, even once the pair opens', async () => {
    const deps = world.deps;
    await writeNote(deps, sessionId, practice.therapistId, NOTE);
    await signNote(deps, sessionId, practice.therapistId);
    const client = await writeReflection(deps, sessionId, portalUser(), { ...REFLECTION, shared: true });
    expect(client.note).toBeNull();
    expect(client.pair.otherWritten).toBe(false);
    world.clock.set('2026-03-20T10:00:00.000Z');
    expect((await sessionNotes(deps, sessionId, 'client')).note).toBeNull();
    expect((await sessionNotes(deps, sessionId, 'therapist')).reflection).toMatchObject(REFLECTION);
  });

  it('the pair opens when the practice’s reveal period has passed, even if one side never wrote', async () => {
    const deps = world.deps;
    await writeReflection(deps, sessionId, portalUser(), { ...REFLECTION, shared: true });
    world.clock.set('2026-03-09T09:59:59.000Z');
    expect((await sessionNotes(deps, sessionId, 'therapist')).reflection).toBeNull();
    world.clock.set('2026-03-09T10:00:00.000Z');
    const v = await sessionNotes(deps, sessionId, 'therapist');
    expect(v.pair).toMatchObject({ open: true, why: 'period_passed' });
    expect(v.reflection).toMatchObject(REFLECTION);
    expect(v.themes).toBeNull(); // no note to set beside it
    // A shorter period set by the practice opens sooner.
    const practiceRow = await deps.store.findPractice();
    await deps.store.updatePractice(practiceRow!.id, { notesRevealDays: 1 });
    const s2 = await recordSession(deps, courseId, { startsAt: '2026-03-09T09:00:00.000Z', durationMinutes: 50, status: 'attended' });
    await writeReflection(deps, s2.id, portalUser(), { ...REFLECTION, shared: true });
    world.clock.set('2026-03-10T09:00:00.000Z');
    expect((await sessionNotes(deps, s2.id, 'therapist')).pair).toMatchObject({ open: true, why: 'period_passed', opensAt: '2026-03-10T09:00:00.000Z' });
  });

  it('a private reflection is read by no analysis: no cues, no alliance evidence, no rupture alert', async () => {
    const deps = world.deps;
    await writeReflection(deps, sessionId, portalUser(), { ...RUPTURE, shared: false });
    expect(await listClientAlerts(deps, (await practice.actor(practice.therapistId)).caller, clientId, 'all')).toEqual([]);
    expect((await loadCourse(deps, courseId)).records.texts.filter((t) => t.sourceType === 'reflection')).toEqual([]);
    expect((await clientCues(deps, clientId)).items).toEqual([]);
    const summary = await getAllianceSummary(deps, courseId);
    expect(JSON.stringify(summary)).not.toContain('reflection');
    expect(JSON.stringify(summary)).not.toContain('listening');
  });

  it('a shared reflection with withdrawal or confrontation words raises a rupture alert quoting them, with a suggested conversation', async () => {
    const deps = world.deps;
    await writeReflection(deps, sessionId, portalUser(), { ...RUPTURE, shared: true });
    const alerts = await listClientAlerts(deps, (await practice.actor(practice.therapistId)).caller, clientId, 'all');
    expect(alerts.map((a) => a.kind)).toEqual(['rupture']);
    const [alert] = alerts;
    expect(alert!.summary).toContain('reflection');
    expect(alert!.suggestedConversation.length).toBeGreaterThan(40);
    const quote = alert!.evidence.find((e) => e.kind === 'quote')!;
    expect(quote.ref).toEqual({ type: 'session_notes', id: sessionId });
    for (const part of String(quote.value).split(' … ')) expect(`${RUPTURE.stoodOut} ${RUPTURE.takeAway}`).toContain(part);
    // Saved again (shared toggled off and on): still one alert.
    await writeReflection(deps, sessionId, portalUser(), { ...RUPTURE, shared: false });
    await writeReflection(deps, sessionId, portalUser(), { ...RUPTURE, shared: true });
    expect(await listClientAlerts(deps, (await practice.actor(practice.therapistId)).caller, clientId, 'all')).toHaveLength(1);
    // The shared reflection is evidence for the inferred alliance.
    expect((await loadCourse(deps, courseId)).records.texts.map((t) => t.sourceType)).toEqual(['reflection']);
    // The cue panel shows its words only once the pair has opened for the therapist.
    expect((await clientCues(deps, clientId)).items).toEqual([]);
    await writeNote(deps, sessionId, practice.therapistId, NOTE);
    await signNote(deps, sessionId, practice.therapistId);
    const items = (await clientCues(deps, clientId)).items;
    expect(items.map((i) => i.sourceType)).toEqual(['reflection']);
    expect(items[0]!.cues.some((c) => c.family === 'rupture_withdrawal' || c.family === 'rupture_confrontation')).toBe(true);
  });

  it('shared reflections of the recent sessions are evidence for the inferred alliance', async () => {
    const deps = world.deps;
    await writeReflection(deps, sessionId, portalUser(), {
      stoodOut: 'I just want someone to fix this for me quickly.',
      takeAway: 'I hope my boss changes.',
      leftUnsaid: '',
      shared: true,
    });
    const summary = await getAllianceSummary(deps, courseId);
    const fromReflection = summary.inferred.evidence.filter((e) => e.source?.type === 'reflection');
    expect(fromReflection.length).toBeGreaterThan(0);
  });
});
