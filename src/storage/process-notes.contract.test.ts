/**
 * The contract of the process-notes port (services/ports/process-notes.ts, storage/process-notes-store.ts):
 * notes round-trip (lists never carry the sealed text), one session and author each; training grants
 * are listed by author or grantee and only ever revoked, once.
 * Run on SQLite and PostgreSQL in the same run (contract-support.ts), everything seeded through the Store.
 */
import { randomUUID } from 'node:crypto';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { TestWorld } from '../../test/support/harness.ts';
import type { ProcessNoteGrantRow, ProcessNoteRow, Store, TherapySessionRow } from '../services/ports.ts';
import type { Fixture } from './contract-support.ts';
import { at, clinicalBase, DIALECTS, ids, portMethodsOf, world } from './contract-support.ts';
import { KyselyProcessNotesStore } from './process-notes-store.ts';

describe.each(DIALECTS)('Process notes store contract on %s', (dialect) => {
  let w: TestWorld;
  let store: Store;
  let fx: Fixture;
  let s1: TherapySessionRow;
  let s2: TherapySessionRow;
  const called = new Set<string>();
  beforeAll(async () => {
    w = await world(dialect, undefined, called);
    store = w.deps.store;
    fx = await clinicalBase(store);
    const session = (startsAt: string): TherapySessionRow => ({
      id: randomUUID(),
      courseId: fx.k.id,
      clientId: fx.c.id,
      startsAt,
      durationMinutes: 50,
      status: 'attended',
      createdAt: startsAt,
      updatedAt: startsAt,
    });
    s1 = session(at(0));
    s2 = session(at(60 * 24 * 7));
    for (const s of [s1, s2]) await store.insertSession(s);
  });
  afterAll(async () => {
    await w?.close();
  });

  const note = (over: Partial<ProcessNoteRow> = {}): ProcessNoteRow => ({
    id: randomUUID(),
    clientId: fx.c.id,
    sessionId: s1.id,
    authorId: fx.t.id,
    textEnc: 'v1.sealed.note',
    createdAt: at(70),
    updatedAt: at(70),
    ...over,
  });

  describe('notes', () => {
    let n1: ProcessNoteRow;
    let n2: ProcessNoteRow;
    let n3: ProcessNoteRow;
    it('inserts, finds and updates a note (text and time only)', async () => {
      n1 = note();
      n2 = note({ sessionId: s2.id, createdAt: at(60 * 24 * 7 + 60), updatedAt: at(60 * 24 * 7 + 60) });
      n3 = note({ authorId: fx.t2.id, createdAt: at(80), updatedAt: at(80) });
      for (const n of [n1, n2, n3]) await store.insertProcessNote(n);
      expect(await store.findProcessNote(n1.id)).toEqual(n1);
      expect(await store.findProcessNote(randomUUID())).toBeUndefined();
      await store.updateProcessNote(n1.id, { textEnc: 'v1.sealed.again', updatedAt: at(90) });
      n1 = { ...n1, textEnc: 'v1.sealed.again', updatedAt: at(90) };
      expect(await store.findProcessNote(n1.id)).toEqual(n1);
    });
    it('refuses a note on a session or author that does not exist', async () => {
      await expect(store.insertProcessNote(note({ sessionId: randomUUID() }))).rejects.toThrow();
      await expect(store.insertProcessNote(note({ authorId: randomUUID() }))).rejects.toThrow();
    });
    it('lists a client’s notes by author, newest session first, without their text', async () => {
      const mine = await store.listProcessNotes(fx.c.id, [fx.t.id]);
      expect(ids(mine)).toEqual([n2.id, n1.id]);
      expect(mine[1]).toEqual({ id: n1.id, clientId: fx.c.id, sessionId: s1.id, authorId: fx.t.id, createdAt: at(70), updatedAt: at(90) });
      expect(mine.some((m) => 'textEnc' in m)).toBe(false);
      expect(ids(await store.listProcessNotes(fx.c.id, [fx.t.id, fx.t2.id]))).toEqual([n2.id, n3.id, n1.id]);
      expect(await store.listProcessNotes(fx.c.id, [])).toEqual([]);
      expect(await store.listProcessNotes(fx.c2.id, [fx.t.id])).toEqual([]);
    });
    it('lists every note of one author with its sealed text, oldest first', async () => {
      expect(await store.listProcessNotesOfAuthor(fx.t.id)).toEqual([n1, n2]);
      expect(await store.listProcessNotesOfAuthor(fx.t2.id)).toEqual([n3]);
      expect(await store.listProcessNotesOfAuthor(fx.p.id)).toEqual([]);
    });
  });

  describe('training grants', () => {
    let g1: ProcessNoteGrantRow;
    let g2: ProcessNoteGrantRow;
    it('inserts and lists grants by author and grantee, newest first', async () => {
      g1 = { id: randomUUID(), clientId: fx.c.id, authorId: fx.t.id, granteeId: fx.t2.id, grantedAt: at(1), expiresAt: at(1000), revokedAt: null };
      g2 = { ...g1, id: randomUUID(), grantedAt: at(2), expiresAt: at(2000) };
      for (const g of [g1, g2]) await store.insertProcessNoteGrant(g);
      expect(await store.findProcessNoteGrant(g1.id)).toEqual(g1);
      expect(await store.findProcessNoteGrant(randomUUID())).toBeUndefined();
      expect(ids(await store.listProcessNoteGrants(fx.c.id, { authorId: fx.t.id }))).toEqual([g2.id, g1.id]);
      expect(ids(await store.listProcessNoteGrants(fx.c.id, { granteeId: fx.t2.id }))).toEqual([g2.id, g1.id]);
      expect(ids(await store.listProcessNoteGrants(fx.c.id, {}))).toEqual([g2.id, g1.id]);
      expect(await store.listProcessNoteGrants(fx.c.id, { authorId: fx.t2.id })).toEqual([]);
      expect(await store.listProcessNoteGrants(fx.c2.id, {})).toEqual([]);
      await expect(store.insertProcessNoteGrant({ ...g1, id: randomUUID(), granteeId: randomUUID() })).rejects.toThrow();
    });
    it('revokes a grant once: a second revocation keeps the first time', async () => {
      await store.revokeProcessNoteGrant(g1.id, at(5));
      await store.revokeProcessNoteGrant(g1.id, at(6));
      expect((await store.findProcessNoteGrant(g1.id))?.revokedAt).toBe(at(5));
      expect((await store.findProcessNoteGrant(g2.id))?.revokedAt).toBeNull();
    });
  });

  it('called every process-notes port method on this dialect', () => {
    expect(portMethodsOf(KyselyProcessNotesStore).filter((m) => !called.has(m))).toEqual([]);
  });
});
