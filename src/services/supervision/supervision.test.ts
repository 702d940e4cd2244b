/**
 * Supervision through the use cases, on the real storage: the overview counts only the caller's
 * supervisees' clients (agreed vs inferred alliance, alerts, not on track); supervision notes are
 * sealed at rest under the client's key (or the account key), read by their two people only, and
 * answered in a thread; only the supervisee acknowledges.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Practice, TestWorld } from '../../../test/support/harness.ts';
import { makeWorld, seedPractice } from '../../../test/support/harness.ts';
import { createClient, openCourse, recordSession } from '../people/clients.ts';
import { answerAgreement, proposeAgreement } from '../alliance/agreements.ts';
import { DomainError } from '../../domain/errors.ts';
import type { Caller } from '../../domain/access.ts';
import { superviseeDetail, supervisionOverview } from './overview.ts';
import { acknowledgeSupervisionNote, openSupervisionNote, ownSupervisionNotes, replyToSupervisionNote, writeSupervisionNote } from './notes.ts';

let w: TestWorld;
let p: Practice;
let sue: Caller;
let sid: Caller;
const ids = { c1: '', c2: '', c3: '', d: '', k1: '', k2: '', kd: '' };
const contact = { email: null, phone: null, dateOfBirth: null };

const outcome = async (x: Promise<unknown>) => {
  try {
    await x;
    return 'ok';
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
};

beforeAll(async () => {
  w = await makeWorld();
  p = await seedPractice(w.deps);
  const deps = w.deps;
  sue = { userId: p.supervisorId, roles: ['supervisor'], clientId: null };
  sid = { userId: p.otherSupervisorId, roles: ['supervisor'], clientId: null };
  // Theo (Sue's supervisee): three clients; Olga (not supervised by Sue): one.
  const c1 = await createClient(deps, p.therapistId, { name: 'Amira Quinn', contact });
  const c2 = await createClient(deps, p.therapistId, { name: 'Ben Ortega', contact });
  const c3 = await createClient(deps, p.therapistId, { name: 'Cleo Park', contact });
  const d = await createClient(deps, p.otherTherapistId, { name: 'Dana Olsen', contact });
  const k1 = await openCourse(deps, c1.id, { startedOn: '2026-01-05', frequency: 'weekly' });
  const k2 = await openCourse(deps, c2.id, { startedOn: '2026-01-06', frequency: 'weekly' });
  const kd = await openCourse(deps, d.id, { startedOn: '2026-01-07', frequency: 'weekly' });
  Object.assign(ids, { c1: c1.id, c2: c2.id, c3: c3.id, d: d.id, k1: k1.id, k2: k2.id, kd: kd.id });
  // Course 1: a working alliance agreed, but the evidence reads magical.
  const theo = { userId: p.therapistId, side: 'therapist' as const };
  const terms = {
    statement: 'We work on the exam in six sessions.',
    allianceType: 'working',
    frequency: 'weekly',
    reviewPoint: { kind: 'after_sessions', sessions: 6 },
  } as never;
  const ledger = await proposeAgreement(deps, k1.id, theo, { terms });
  await answerAgreement(deps, k1.id, ledger.entries.at(-1)!.agreementId, theo, { confirm: true, words: 'Yes, the exam first.' });
  const s = await recordSession(deps, k1.id, { startsAt: '2026-01-05T10:00:00.000Z', durationMinutes: 50, status: 'attended' });
  await deps.store.putAllianceSnapshot({
    id: randomUUID(),
    courseId: k1.id,
    clientId: c1.id,
    sessionId: s.id,
    at: s.startsAt,
    inputsKey: 'test',
    dominant: 'magical',
    distribution: '{"magical":0.6,"working":0.4,"therapeutic":0,"structuralizing":0}',
    mass: 0.8,
    evidenceEnc: 'v1.x.y',
    computedAt: s.startsAt,
  });
  // Course 2: not on track (an open alert of that kind).
  await deps.store.insertAlertIfAbsent({
    id: randomUUID(),
    clientId: c2.id,
    courseId: k2.id,
    therapistId: p.therapistId,
    kind: 'not_on_track',
    severity: 'high',
    dedupeKey: `not_on_track:${k2.id}`,
    contentEnc: 'v1.content.x',
    status: 'open',
    raisedAt: '2026-02-01T09:00:00.000Z',
    acknowledgedAt: null,
    acknowledgedBy: null,
    resolvedAt: null,
    resolvedBy: null,
    resolutionEnc: null,
    followUpAction: null,
    escalatedAt: null,
    escalatedTo: null,
  });
});
afterAll(async () => {
  await w?.close();
});

describe('the overview', () => {
  it('shows each supervisee with the figures of their own clients only', async () => {
    const o = await supervisionOverview(w.deps, sue);
    expect(o.supervisees.map((s) => s.name)).toEqual(['Theo Therapist']);
    const f = o.supervisees[0]!.figures;
    expect(f).toMatchObject({ caseload: 3, openCourses: 2, noAgreement: 1, disagree: 1, notOnTrack: 1 });
    expect(f.agreed.working).toBe(1);
    expect(f.inferred.magical).toBe(1);
    expect(f.alertsByKind).toContainEqual({ kind: 'not_on_track', count: 1 });
  });
  it('is empty for a supervisor with no supervisees', async () => {
    expect(await supervisionOverview(w.deps, sid)).toEqual({ supervisees: [] });
  });
  it('drills down to one supervisee’s clients, disagreements first; anyone else is not found', async () => {
    const d = await superviseeDetail(w.deps, sue, p.therapistId);
    expect(d.clients.map((c) => c.name)).toEqual(['Amira Quinn', 'Ben Ortega', 'Cleo Park']);
    expect(d.clients[0]).toMatchObject({ agreed: 'working', inferred: 'magical', disagree: true, sessionsAttended: 1 });
    expect(d.clients[1]).toMatchObject({ notOnTrack: true });
    expect(d.clients[2]).toMatchObject({ course: null });
    expect(await outcome(superviseeDetail(w.deps, sue, p.otherTherapistId))).toBe('not_found');
    expect(await outcome(superviseeDetail(w.deps, sid, p.therapistId))).toBe('not_found');
    expect(await outcome(superviseeDetail(w.deps, sue, randomUUID()))).toBe('not_found');
  });
});

describe('supervision notes', () => {
  let noteId = '';
  let plainId = '';
  const words = 'Amira hopes the exam nerves simply lift. Name the magical hope with her, gently.';

  it('a supervisor writes to a supervisee about one course, sealed under the client’s key', async () => {
    const n = await writeSupervisionNote(w.deps, p.supervisorId, p.therapistId, {
      focus: 'agreed_vs_inferred',
      allianceType: 'magical',
      courseId: ids.k1,
      text: `  ${words}  `,
    });
    noteId = n.id;
    expect(n).toMatchObject({ text: words, as: 'supervisor', client: { id: ids.c1, name: 'Amira Quinn' }, can: { reply: true, acknowledge: false } });
    const row = await w.deps.store.findSupervisionNote(n.id);
    expect(row?.bodyEnc).not.toContain('exam');
    const key = (await w.deps.store.findClientKey(ids.c1))!;
    expect(w.deps.vault.open(key, row!.bodyEnc, `supervision_notes:${n.id}:body`)).toBe(words);
  });
  it('a note about no course is sealed under the account key', async () => {
    w.clock.advance(5);
    const n = await writeSupervisionNote(w.deps, p.supervisorId, p.therapistId, {
      focus: 'other',
      allianceType: null,
      courseId: null,
      text: 'How endings feel to you.',
    });
    plainId = n.id;
    const row = await w.deps.store.findSupervisionNote(n.id);
    expect(row?.clientId).toBeNull();
    expect(w.deps.vault.open((await w.deps.store.findAccountKey())!, row!.bodyEnc, `supervision_notes:${n.id}:body`)).toBe('How endings feel to you.');
  });
  it('refuses a note to someone not supervised, about another therapist’s course, or empty', async () => {
    const base = { focus: 'rupture' as const, allianceType: null, courseId: null, text: 'x' };
    expect(await outcome(writeSupervisionNote(w.deps, p.supervisorId, p.otherTherapistId, base))).toBe('not_found');
    expect(await outcome(writeSupervisionNote(w.deps, p.otherSupervisorId, p.therapistId, base))).toBe('not_found');
    expect(await outcome(writeSupervisionNote(w.deps, p.supervisorId, p.therapistId, { ...base, courseId: ids.kd }))).toBe('invalid_input');
    expect(await outcome(writeSupervisionNote(w.deps, p.supervisorId, p.therapistId, { ...base, courseId: randomUUID() }))).toBe('invalid_input');
    expect(await outcome(writeSupervisionNote(w.deps, p.supervisorId, p.therapistId, { ...base, text: '  ' }))).toBe('invalid_input');
  });
  it('the supervisee lists, reads, replies and acknowledges; the supervisor reads the reply but may not acknowledge', async () => {
    const mine = await ownSupervisionNotes(w.deps, p.therapistId);
    expect(mine.map((n) => n.id)).toEqual([plainId, noteId]);
    expect(mine.some((n) => 'text' in n)).toBe(false);
    const read = await openSupervisionNote(w.deps, p.therapistId, noteId);
    expect(read).toMatchObject({ text: words, as: 'supervisee', can: { acknowledge: true } });
    const replied = await replyToSupervisionNote(w.deps, p.therapistId, noteId, 'I will ask her what would count as worthwhile.');
    expect(replied.thread.map((m) => [m.author.name, m.text])).toEqual([['Theo Therapist', 'I will ask her what would count as worthwhile.']]);
    expect(await outcome(acknowledgeSupervisionNote(w.deps, p.supervisorId, noteId))).toBe('forbidden');
    const ack = await acknowledgeSupervisionNote(w.deps, p.therapistId, noteId);
    expect(ack.acknowledgedAt).not.toBeNull();
    expect(ack.can.acknowledge).toBe(false);
    expect((await acknowledgeSupervisionNote(w.deps, p.therapistId, noteId)).acknowledgedAt).toBe(ack.acknowledgedAt);
    const seen = await openSupervisionNote(w.deps, p.supervisorId, noteId);
    expect(seen.thread).toHaveLength(1);
    const o = await supervisionOverview(w.deps, sue);
    expect(o.supervisees[0]!.notes).toMatchObject({ count: 2, unacknowledged: 1 });
    expect((await superviseeDetail(w.deps, sue, p.therapistId)).notes.find((n) => n.id === noteId)).toMatchObject({ replies: 1 });
  });
  it('nobody else reads or answers a note: the admin, another supervisor, another therapist', async () => {
    for (const who of [p.adminId, p.otherSupervisorId, p.otherTherapistId]) {
      expect(await outcome(openSupervisionNote(w.deps, who, noteId))).toBe('not_found');
      expect(await outcome(replyToSupervisionNote(w.deps, who, noteId, 'Hello.'))).toBe('not_found');
      expect(await outcome(acknowledgeSupervisionNote(w.deps, who, noteId))).toBe('not_found');
    }
    expect(await outcome(openSupervisionNote(w.deps, p.therapistId, randomUUID()))).toBe('not_found');
  });
  it('once the client is erased, the note about their course no longer opens: its words and the replies read as gone', async () => {
    await w.deps.store.eraseClientKey({ id: randomUUID(), clientId: ids.c1, erasedAt: '2026-03-01T09:00:00.000Z', erasedBy: p.adminId, basis: 'test' });
    const gone = await openSupervisionNote(w.deps, p.therapistId, noteId);
    expect(gone).toMatchObject({ text: null, client: { id: ids.c1, name: '(erased)' } });
    expect(gone.thread.map((m) => m.text)).toEqual([null]);
    // The note about no course is sealed under the account key and still opens.
    expect((await openSupervisionNote(w.deps, p.therapistId, plainId)).text).toBe('How endings feel to you.');
  });
});

describe('what the overview costs', () => {
  /** Store calls of the overview and of the drill-down, for a supervisee with `n` clients, each with a course, a session and a note. */
  async function callsFor(n: number): Promise<{ overview: number; detail: number }> {
    const world = await makeWorld();
    try {
      const pr = await seedPractice(world.deps);
      for (let i = 0; i < n; i++) {
        const c = await createClient(world.deps, pr.therapistId, { name: `Client ${i}`, contact });
        const k = await openCourse(world.deps, c.id, { startedOn: '2026-01-05', frequency: 'weekly' });
        await recordSession(world.deps, k.id, { startsAt: '2026-01-05T10:00:00.000Z', durationMinutes: 50, status: 'attended' });
        await writeSupervisionNote(world.deps, pr.supervisorId, pr.therapistId, { focus: 'other', allianceType: null, courseId: k.id, text: 'A thought.' });
      }
      let calls = 0;
      const store = world.deps.store;
      const counted = new Proxy(store, {
        get(target, prop, receiver) {
          const v = Reflect.get(target, prop, receiver) as unknown;
          if (typeof v !== 'function' || prop === 'durable') return v;
          return (...args: unknown[]) => {
            calls++;
            return (v as (...a: unknown[]) => unknown).apply(target, args);
          };
        },
      });
      const deps = { ...world.deps, store: counted };
      const caller: Caller = { userId: pr.supervisorId, roles: ['supervisor'], clientId: null };
      await supervisionOverview(deps, caller);
      const overview = calls;
      calls = 0;
      await superviseeDetail(deps, caller, pr.therapistId);
      return { overview, detail: calls };
    } finally {
      await world.close();
    }
  }
  it('is a fixed number of queries whatever the caseload size: nothing per client', async () => {
    const small = await callsFor(2);
    const large = await callsFor(7);
    console.log(`store calls: overview ${small.overview}, one supervisee ${small.detail} (2 clients and 7 alike)`);
    expect(large).toEqual(small);
    expect(small.overview).toBeLessThan(15);
    expect(small.detail).toBeLessThan(15);
  }, 60_000);
});
