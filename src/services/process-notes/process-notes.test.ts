/**
 * Process notes through the use cases, on the real storage (SQLite by default, PostgreSQL with
 * ACCORD_TEST_DB=postgres): the text is sealed under the client's key and opens only after a fresh
 * authentication; the guard the pipeline decides on names the author and the author's grants on
 * the client; grants go only to the author's supervisors and are revoked once; what lists show.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Practice, TestWorld } from '../../../test/support/harness.ts';
import { makeWorld, PASSWORD, seedPractice } from '../../../test/support/harness.ts';
import { createClient, openCourse, recordSession } from '../people/clients.ts';
import { signIn } from '../accounts/auth.ts';
import type { SignedIn } from '../accounts/auth.ts';
import { DomainError } from '../../domain/errors.ts';
import { recordRelationsTo } from '../../domain/access.ts';
import {
  editProcessNote,
  grantProcessNotes,
  openProcessNote,
  processNoteGuard,
  processNotesOfClient,
  revokeProcessNoteGrant,
  writeProcessNote,
} from './process-notes.ts';

let w: TestWorld;
let p: Practice;
let clientId: string;
let otherClientId: string;
let sessionId: string;
let otherSessionId: string;

const outcome = async (x: Promise<unknown>) => {
  try {
    await x;
    return 'ok';
  } catch (e) {
    if (e instanceof DomainError) return { code: e.code, details: e.details as unknown };
    throw e;
  }
};
const signedIn = async (email: string): Promise<SignedIn> => (await signIn(w.deps, email, PASSWORD, '127.0.0.1')).signedIn;
const inDays = (n: number) => new Date(w.clock.now().getTime() + n * 86_400_000).toISOString();

beforeAll(async () => {
  w = await makeWorld();
  p = await seedPractice(w.deps);
  const c = await createClient(w.deps, p.therapistId, { name: 'Casey', contact: { email: null, phone: null, dateOfBirth: null } });
  const d = await createClient(w.deps, p.otherTherapistId, { name: 'Dana', contact: { email: null, phone: null, dateOfBirth: null } });
  clientId = c.id;
  otherClientId = d.id;
  const k = await openCourse(w.deps, c.id, { startedOn: '2026-02-02', frequency: 'weekly' });
  const kd = await openCourse(w.deps, d.id, { startedOn: '2026-02-02', frequency: 'weekly' });
  sessionId = (await recordSession(w.deps, k.id, { startsAt: '2026-03-02T08:00:00.000Z', durationMinutes: 50, status: 'attended' })).id;
  otherSessionId = (await recordSession(w.deps, kd.id, { startsAt: '2026-03-02T08:00:00.000Z', durationMinutes: 50, status: 'attended' })).id;
});
afterAll(async () => {
  await w?.close();
});

describe('writing and opening', () => {
  it('seals the text under the client’s key, on the session’s client, and opens it for a freshly signed-in author', async () => {
    const theo = await signedIn(p.emails.therapist);
    const n = await writeProcessNote(w.deps, p.therapistId, sessionId, '  Felt shut out today.  ');
    expect(n).toMatchObject({
      clientId,
      sessionId,
      authorId: p.therapistId,
      authorName: 'Theo Therapist',
      mine: true,
      sessionStartsAt: '2026-03-02T08:00:00.000Z',
    });
    const row = (await w.deps.store.findProcessNote(n.id))!;
    expect(row.textEnc).not.toContain('shut out');
    expect(await openProcessNote(w.deps, theo, n.id)).toMatchObject({ text: 'Felt shut out today.' });
  });

  it('asks for a re-authentication once the practice’s minutes have passed, for opening and rewriting alike', async () => {
    const theo = await signedIn(p.emails.therapist);
    const n = await writeProcessNote(w.deps, p.therapistId, sessionId, 'Before.');
    w.clock.advance(6);
    expect(await outcome(openProcessNote(w.deps, theo, n.id))).toMatchObject({ code: 'reauth_required', details: { reauth: true, minutes: 5 } });
    expect(await outcome(editProcessNote(w.deps, theo, n.id, 'After.'))).toMatchObject({ code: 'reauth_required' });
    const fresh = await signedIn(p.emails.therapist);
    await editProcessNote(w.deps, fresh, n.id, 'After.');
    expect((await openProcessNote(w.deps, fresh, n.id)).text).toBe('After.');
  });

  it('refuses an empty or over-long text and a missing session, writing nothing', async () => {
    const before = (await w.deps.store.listProcessNotes(clientId, [p.therapistId])).length;
    expect(await outcome(writeProcessNote(w.deps, p.therapistId, sessionId, ' '))).toMatchObject({ code: 'invalid_input', details: { reason: 'empty' } });
    expect(await outcome(writeProcessNote(w.deps, p.therapistId, sessionId, 'x'.repeat(20_001)))).toMatchObject({
      code: 'invalid_input',
      details: { reason: 'too_long' },
    });
    expect(await outcome(writeProcessNote(w.deps, p.therapistId, '00000000-0000-4000-8000-000000000000', 'x'))).toMatchObject({ code: 'not_found' });
    expect((await w.deps.store.listProcessNotes(clientId, [p.therapistId])).length).toBe(before);
  });
});

describe('the guard and the grants', () => {
  it('guards a note by its author and the author’s grants on the client; another session’s path finds nothing', async () => {
    const n = await writeProcessNote(w.deps, p.therapistId, sessionId, 'Guarded.');
    const other = await writeProcessNote(w.deps, p.otherTherapistId, otherSessionId, 'Not Theo’s.');
    expect(await processNoteGuard(w.deps, sessionId, n.id)).toEqual({ authorId: p.therapistId, grants: [] });
    expect(await processNoteGuard(w.deps, otherSessionId, n.id)).toBeUndefined();
    expect(await processNoteGuard(w.deps, sessionId, other.id)).toBeUndefined();
    const g = await grantProcessNotes(w.deps, p.therapistId, clientId, { granteeId: p.supervisorId, expiresAt: inDays(7) });
    const guard = (await processNoteGuard(w.deps, sessionId, n.id))!;
    expect(guard.grants).toContainEqual({ granteeId: p.supervisorId, grantedAt: g.grantedAt, expiresAt: g.expiresAt, revokedAt: null });
    const sue = { userId: p.supervisorId, roles: ['supervisor' as const], clientId: null };
    expect(recordRelationsTo(sue, guard, w.clock.now().toISOString())).toEqual(['grantee']);
    // A grant on Theo's client says nothing about Olga's notes on hers.
    expect((await processNoteGuard(w.deps, otherSessionId, other.id))!.grants).toEqual([]);
    await revokeProcessNoteGrant(w.deps, p.therapistId, clientId, g.id);
    expect(recordRelationsTo(sue, (await processNoteGuard(w.deps, sessionId, n.id))!, w.clock.now().toISOString())).toEqual([]);
  });

  it('lists for a supervisor only the notes of authors whose grant holds now; for the author their own and their grants', async () => {
    const g = await grantProcessNotes(w.deps, p.therapistId, clientId, { granteeId: p.supervisorId, expiresAt: inDays(1) });
    const forSue = await processNotesOfClient(w.deps, p.supervisorId, clientId);
    expect(forSue.notes.length).toBeGreaterThan(0);
    expect(forSue.notes.every((n) => n.authorId === p.therapistId && !n.mine)).toBe(true);
    expect(forSue.grants).toEqual([]);
    expect(JSON.stringify(forSue)).not.toContain('Guarded.');
    const forTheo = await processNotesOfClient(w.deps, p.therapistId, clientId);
    expect(forTheo.grants.find((x) => x.id === g.id)).toMatchObject({ id: g.id, granteeName: 'Sue Supervisor', holds: true });
    expect(forTheo.supervisors).toEqual([{ id: p.supervisorId, name: 'Sue Supervisor' }]);
    expect(forTheo.reauthMinutes).toBe(5);
    w.clock.advance(24 * 60 + 1);
    expect((await processNotesOfClient(w.deps, p.supervisorId, clientId)).notes).toEqual([]);
    expect((await processNotesOfClient(w.deps, p.therapistId, clientId)).grants.find((x) => x.id === g.id)).toMatchObject({
      id: g.id,
      holds: false,
      revokedAt: null,
    });
    expect((await processNotesOfClient(w.deps, p.otherSupervisorId, clientId)).notes).toEqual([]);
  });

  it('refuses a grant to a non-supervisor, oneself or in the past, and someone else’s or a revoked grant on revoking', async () => {
    const before = (await w.deps.store.listProcessNoteGrants(clientId, {})).length;
    for (const [granteeId, days, reason] of [
      [p.otherSupervisorId, 7, 'not_a_supervisor'],
      [p.therapistId, 7, 'self'],
      [p.supervisorId, -1, 'expired'],
    ] as const)
      expect(await outcome(grantProcessNotes(w.deps, p.therapistId, clientId, { granteeId, expiresAt: inDays(days) }))).toMatchObject({
        code: 'invalid_input',
        details: { reason },
      });
    expect((await w.deps.store.listProcessNoteGrants(clientId, {})).length).toBe(before);
    const g = await grantProcessNotes(w.deps, p.therapistId, clientId, { granteeId: p.supervisorId, expiresAt: inDays(7) });
    expect(await outcome(revokeProcessNoteGrant(w.deps, p.otherTherapistId, clientId, g.id))).toMatchObject({ code: 'not_found' });
    expect(await outcome(revokeProcessNoteGrant(w.deps, p.therapistId, otherClientId, g.id))).toMatchObject({ code: 'not_found' });
    await revokeProcessNoteGrant(w.deps, p.therapistId, clientId, g.id);
    expect(await outcome(revokeProcessNoteGrant(w.deps, p.therapistId, clientId, g.id))).toMatchObject({ code: 'conflict' });
  });
});
