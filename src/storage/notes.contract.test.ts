/**
 * The contract of the notes port (services/ports/notes.ts, storage/notes-store.ts): one progress
 * note and one reflection per session; a note's text changes and its signature is set only while
 * unsigned; addenda are append-only; the shared-reflections list never returns a private one.
 * Run on SQLite and PostgreSQL in the same run (contract-support.ts), seeded through the Store.
 */
import { randomUUID } from 'node:crypto';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { TestWorld } from '../../test/support/harness.ts';
import type { NoteAddendumRow, ProgressNoteRow, ReflectionRow, Store, TherapySessionRow } from '../services/ports.ts';
import type { Fixture } from './contract-support.ts';
import { at, clinicalBase, DIALECTS, ids, portMethodsOf, session, world } from './contract-support.ts';
import { KyselyNotesStore } from './notes-store.ts';

describe.each(DIALECTS)('Notes store contract on %s', (dialect) => {
  let w: TestWorld;
  let store: Store;
  let fx: Fixture;
  let s1: TherapySessionRow;
  let s2: TherapySessionRow;
  let s3: TherapySessionRow;
  const called = new Set<string>();
  beforeAll(async () => {
    w = await world(dialect, undefined, called);
    store = w.deps.store;
    fx = await clinicalBase(store);
    s1 = session(fx.k, at(0));
    s2 = session(fx.k, at(60 * 24 * 7));
    s3 = session(fx.k3, at(0));
    for (const s of [s1, s2, s3]) await store.insertSession(s);
  });
  afterAll(async () => {
    await w?.close();
  });

  const note = (s: TherapySessionRow, over: Partial<ProgressNoteRow> = {}): ProgressNoteRow => ({
    id: randomUUID(),
    clientId: s.clientId,
    courseId: s.courseId,
    sessionId: s.id,
    authorId: fx.t.id,
    bodyEnc: 'v1.n.body',
    writtenAt: at(100),
    updatedAt: at(100),
    signedAt: null,
    signedBy: null,
    sharedWithClient: false,
    ...over,
  });
  const reflection = (s: TherapySessionRow, over: Partial<ReflectionRow> = {}): ReflectionRow => ({
    id: randomUUID(),
    clientId: s.clientId,
    courseId: s.courseId,
    sessionId: s.id,
    authorId: fx.t.id,
    answersEnc: 'v1.r.answers',
    shared: false,
    writtenAt: at(200),
    updatedAt: at(200),
    ...over,
  });

  describe('progress notes', () => {
    let n1: ProgressNoteRow;
    let n2: ProgressNoteRow;
    it('inserts one note per session and round-trips every field', async () => {
      n1 = note(s1);
      n2 = note(s2, { writtenAt: at(50), updatedAt: at(50), signedAt: at(51), signedBy: fx.t.id, sharedWithClient: true });
      expect(await store.insertProgressNote(n1)).toBe(true);
      expect(await store.insertProgressNote(n2)).toBe(true);
      expect(await store.insertProgressNote(note(s1))).toBe(false);
      expect(await store.findProgressNoteOfSession(s1.id)).toEqual(n1);
      expect(await store.findProgressNoteOfSession(s2.id)).toEqual(n2);
      expect(await store.findProgressNoteOfSession(s3.id)).toBeUndefined();
      await expect(store.insertProgressNote(note(s3, { sessionId: randomUUID() }))).rejects.toThrow();
    });
    it('lists a client’s notes by when they were written (not by session date)', async () => {
      expect(ids(await store.listProgressNotesOfClient(fx.c.id))).toEqual(ids([n2, n1]));
      expect(await store.listProgressNotesOfClient(fx.c2.id)).toEqual([]);
    });
    it('edits and signs only while unsigned; shares and unshares', async () => {
      expect(await store.updateProgressNoteDraft(n1.id, 'v1.n.edited', at(110))).toBe(true);
      expect(await store.signProgressNote(n1.id, fx.t.id, at(120))).toBe(true);
      expect(await store.signProgressNote(n1.id, fx.t2.id, at(130))).toBe(false);
      expect(await store.updateProgressNoteDraft(n1.id, 'v1.n.late', at(140))).toBe(false);
      await store.setProgressNoteShared(n1.id, true);
      expect(await store.findProgressNoteOfSession(s1.id)).toEqual({
        ...n1,
        bodyEnc: 'v1.n.edited',
        updatedAt: at(110),
        signedAt: at(120),
        signedBy: fx.t.id,
        sharedWithClient: true,
      });
      await store.setProgressNoteShared(n1.id, false);
      expect((await store.findProgressNoteOfSession(s1.id))?.sharedWithClient).toBe(false);
    });
    it('appends addenda and lists them oldest first; an addendum needs its note', async () => {
      const a = (writtenAt: string): NoteAddendumRow => ({
        id: randomUUID(),
        noteId: n1.id,
        clientId: fx.c.id,
        authorId: fx.t.id,
        bodyEnc: 'v1.a.x',
        writtenAt,
      });
      const late = a(at(300));
      const early = a(at(200));
      await store.insertNoteAddendum(late);
      await store.insertNoteAddendum(early);
      expect(await store.listNoteAddenda(n1.id)).toEqual([early, late]);
      expect(await store.listNoteAddenda(n2.id)).toEqual([]);
      await expect(store.insertNoteAddendum({ ...early, id: randomUUID(), noteId: randomUUID() })).rejects.toThrow();
    });
  });

  describe('reflections', () => {
    let r1: ReflectionRow;
    let r2: ReflectionRow;
    it('inserts one reflection per session and round-trips every field', async () => {
      r1 = reflection(s1);
      r2 = reflection(s2, { shared: true, writtenAt: at(10), updatedAt: at(10) });
      expect(await store.insertReflection(r1)).toBe(true);
      expect(await store.insertReflection(r2)).toBe(true);
      expect(await store.insertReflection(reflection(s1))).toBe(false);
      expect(await store.findReflectionOfSession(s1.id)).toEqual(r1);
      expect(await store.findReflectionOfSession(s3.id)).toBeUndefined();
    });
    it('lists only shared reflections of the course — never a private one', async () => {
      expect(await store.listSharedReflectionsOfCourse(fx.k.id)).toEqual([r2]);
      await store.updateReflection(r1.id, { shared: true, answersEnc: 'v1.r.new', updatedAt: at(400) });
      expect(ids(await store.listSharedReflectionsOfCourse(fx.k.id))).toEqual(ids([r2, r1]));
      expect(await store.findReflectionOfSession(s1.id)).toEqual({ ...r1, shared: true, answersEnc: 'v1.r.new', updatedAt: at(400) });
      await store.updateReflection(r1.id, { shared: false });
      await store.updateReflection(r1.id, {}); // an empty change is a no-op
      expect(await store.listSharedReflectionsOfCourse(fx.k.id)).toEqual([r2]);
      expect(await store.listSharedReflectionsOfCourse(fx.k3.id)).toEqual([]);
    });
  });

  it('called every notes port method on this dialect', () => {
    expect(portMethodsOf(KyselyNotesStore).filter((m) => !called.has(m))).toEqual([]);
  });
});
