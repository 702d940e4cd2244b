/**
 * The contract of the supervision port (services/ports/supervision.ts, storage/supervision-store.ts):
 * notes round-trip (lists never carry the sealed text, and count their replies), filtered by
 * supervisor and supervisee; a note is acknowledged once; replies come back oldest first; an
 * amendment keeps the words it replaced and asks for a fresh acknowledgement; a withdrawn note is
 * closed to amendment and to a second withdrawal.
 * Run on SQLite and PostgreSQL in the same run (contract-support.ts), everything seeded through the Store.
 */
import { randomUUID } from 'node:crypto';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { TestWorld } from '../../test/support/harness.ts';
import type { Store, SupervisionNoteRow, SupervisionReplyRow } from '../services/ports.ts';
import type { Fixture } from './contract-support.ts';
import { at, clinicalBase, DIALECTS, ids, portMethodsOf, world } from './contract-support.ts';
import { KyselySupervisionStore } from './supervision-store.ts';

describe.each(DIALECTS)('Supervision store contract on %s', (dialect) => {
  let w: TestWorld;
  let store: Store;
  let fx: Fixture;
  const called = new Set<string>();
  beforeAll(async () => {
    w = await world(dialect, undefined, called);
    store = w.deps.store;
    fx = await clinicalBase(store);
  });
  afterAll(async () => {
    await w?.close();
  });

  // t2 supervises t; t supervises nobody.
  const note = (over: Partial<SupervisionNoteRow> = {}): SupervisionNoteRow => ({
    id: randomUUID(),
    practiceId: fx.p.id,
    supervisorId: fx.t2.id,
    superviseeId: fx.t.id,
    clientId: fx.c.id,
    courseId: fx.k.id,
    focus: 'agreed_vs_inferred',
    allianceType: 'magical',
    bodyEnc: 'v1.sealed.note',
    createdAt: at(10),
    acknowledgedAt: null,
    amendedAt: null,
    withdrawnAt: null,
    withdrawnReason: null,
    ...over,
  });
  const reply = (noteId: string, over: Partial<SupervisionReplyRow> = {}): SupervisionReplyRow => ({
    id: randomUUID(),
    noteId,
    authorId: fx.t.id,
    bodyEnc: 'v1.sealed.reply',
    createdAt: at(20),
    ...over,
  });

  let n1: SupervisionNoteRow;
  let n2: SupervisionNoteRow;
  let n3: SupervisionNoteRow;
  it('inserts and finds a note, with or without a client', async () => {
    n1 = note();
    n2 = note({ clientId: null, courseId: null, allianceType: null, focus: 'other', createdAt: at(30) });
    n3 = note({ supervisorId: fx.t.id, superviseeId: fx.t2.id, clientId: fx.c2.id, courseId: fx.k3.id, createdAt: at(40) });
    for (const n of [n1, n2, n3]) await store.insertSupervisionNote(n);
    expect(await store.findSupervisionNote(n1.id)).toEqual(n1);
    expect(await store.findSupervisionNote(n2.id)).toEqual(n2);
    expect(await store.findSupervisionNote(randomUUID())).toBeUndefined();
  });
  it('refuses a note between people, or about a client, that do not exist', async () => {
    await expect(store.insertSupervisionNote(note({ supervisorId: randomUUID() }))).rejects.toThrow();
    await expect(store.insertSupervisionNote(note({ superviseeId: randomUUID() }))).rejects.toThrow();
    await expect(store.insertSupervisionNote(note({ clientId: randomUUID() }))).rejects.toThrow();
  });
  it('adds replies and lists them oldest first with their sealed text', async () => {
    const r2 = reply(n1.id, { createdAt: at(25), authorId: fx.t2.id, bodyEnc: 'v1.sealed.second' });
    const r1 = reply(n1.id);
    for (const r of [r2, r1]) await store.insertSupervisionReply(r);
    expect(await store.listSupervisionReplies(n1.id)).toEqual([r1, r2]);
    expect(await store.listSupervisionReplies(n2.id)).toEqual([]);
    await expect(store.insertSupervisionReply(reply(randomUUID()))).rejects.toThrow();
  });
  it('lists notes by supervisor and by supervisees, newest first, without text, with their replies counted', async () => {
    const bySue = await store.listSupervisionNotes({ supervisorId: fx.t2.id });
    expect(ids(bySue)).toEqual([n2.id, n1.id]);
    const { bodyEnc: _b, ...meta } = n1;
    expect(bySue[1]).toEqual({ ...meta, replies: 2, lastReplyAt: at(25) });
    expect(bySue[0]).toMatchObject({ replies: 0, lastReplyAt: null });
    expect(bySue.some((m) => 'bodyEnc' in m)).toBe(false);
    expect(ids(await store.listSupervisionNotes({ superviseeIds: [fx.t.id] }))).toEqual([n2.id, n1.id]);
    expect(ids(await store.listSupervisionNotes({ superviseeIds: [fx.t.id, fx.t2.id] }))).toEqual([n3.id, n2.id, n1.id]);
    expect(ids(await store.listSupervisionNotes({ supervisorId: fx.t2.id, superviseeIds: [fx.t2.id] }))).toEqual([]);
    expect(await store.listSupervisionNotes({ superviseeIds: [] })).toEqual([]);
    expect(await store.listSupervisionNotes({ supervisorId: fx.p.id })).toEqual([]);
  });
  it('acknowledges a note once: a second acknowledgement keeps the first time', async () => {
    expect(await store.acknowledgeSupervisionNote(n1.id, at(50))).toBe(true);
    expect(await store.acknowledgeSupervisionNote(n1.id, at(60))).toBe(false);
    expect(await store.acknowledgeSupervisionNote(randomUUID(), at(60))).toBe(false);
    expect((await store.findSupervisionNote(n1.id))?.acknowledgedAt).toBe(at(50));
    expect((await store.findSupervisionNote(n2.id))?.acknowledgedAt).toBeNull();
  });

  it('amends a note: the replaced words kept as a version, the acknowledgement cleared; a withdrawn note is closed', async () => {
    const v = { id: randomUUID(), noteId: n1.id, bodyEnc: 'v1.sealed.note', writtenAt: at(10), replacedAt: at(70) };
    expect(await store.amendSupervisionNote(n1.id, 'v1.sealed.amended', at(70), v)).toBe(true);
    expect(await store.findSupervisionNote(n1.id)).toMatchObject({ bodyEnc: 'v1.sealed.amended', amendedAt: at(70), acknowledgedAt: null, withdrawnAt: null });
    expect(await store.listSupervisionNoteVersions(n1.id)).toEqual([v]);
    expect(await store.listSupervisionNoteVersions(n2.id)).toEqual([]);
    expect((await store.listSupervisionNotes({ supervisorId: fx.t2.id })).find((m) => m.id === n1.id)).toMatchObject({ amendedAt: at(70) });
    // Withdrawn once; a second withdrawal and an amendment after it change nothing.
    expect(await store.withdrawSupervisionNote(n1.id, at(80), 'superseded')).toBe(true);
    expect(await store.withdrawSupervisionNote(n1.id, at(90), 'written_in_error')).toBe(false);
    const v2 = { ...v, id: randomUUID(), replacedAt: at(95) };
    expect(await store.amendSupervisionNote(n1.id, 'v1.sealed.late', at(95), v2)).toBe(false);
    expect(await store.findSupervisionNote(n1.id)).toMatchObject({ bodyEnc: 'v1.sealed.amended', withdrawnAt: at(80), withdrawnReason: 'superseded' });
    expect(await store.listSupervisionNoteVersions(n1.id)).toEqual([v]);
    expect(await store.amendSupervisionNote(randomUUID(), 'x', at(95), { ...v, id: randomUUID() })).toBe(false);
    expect(await store.withdrawSupervisionNote(randomUUID(), at(95), 'superseded')).toBe(false);
    expect((await store.listSupervisionNotes({ supervisorId: fx.t2.id })).find((m) => m.id === n1.id)).toMatchObject({
      withdrawnAt: at(80),
      withdrawnReason: 'superseded',
    });
  });

  it('called every supervision port method on this dialect', () => {
    expect(portMethodsOf(KyselySupervisionStore).filter((m) => !called.has(m))).toEqual([]);
  });
});
