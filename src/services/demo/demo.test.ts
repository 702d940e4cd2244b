/**
 * The demo practice tells its stories in time (SPEC §3 C10: every clinical record carries the time
 * it happened): the alerts it raises carry the time of the clinical event behind them, not the
 * moment the demo was built.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWorld } from '../../../test/support/harness.ts';
import type { TestWorld } from '../../../test/support/harness.ts';
import { buildDemo } from './demo.ts';
import { historyName } from './demo-reports.ts';
import { listOutbox } from '../mail/outbox.ts';
import { mailSettings } from '../mail/settings.ts';
import type { AlertRow } from '../ports.ts';
import { supervisionOverview } from '../supervision/overview.ts';
import { callerOf } from '../accounts/auth.ts';

let world: TestWorld;
let builtAt: string;
let alerts: AlertRow[];

beforeAll(async () => {
  world = await makeWorld();
  builtAt = world.clock.now().toISOString();
  await buildDemo(world.deps);
  const practice = (await world.deps.store.findPractice())!;
  const clients = await world.deps.store.listClients(practice.id, {});
  alerts = await world.deps.store.listAlerts({ clientIds: clients.map((c) => c.id) });
}, 300_000);
afterAll(async () => {
  await world?.close();
});

describe('demo alerts carry the time their clinical event happened', () => {
  it('raises the stories’ alerts (safety, not on track, rupture, attendance, …)', () => {
    const kinds = new Set(alerts.map((a) => a.kind));
    for (const kind of ['safety', 'not_on_track', 'rupture', 'attendance']) expect(kinds, kind).toContain(kind);
  });

  it('no alert is dated at the moment the demo was built, nor after it', () => {
    for (const a of alerts) {
      expect(a.raisedAt, a.kind).not.toBe(builtAt);
      expect(a.raisedAt < builtAt, `${a.kind} ${a.raisedAt}`).toBe(true);
    }
  });

  it('an alert raised by an answer carries the time the answer was given', async () => {
    // (A rupture raised by a reflection carries the time the reflection was written: tested below.)
    const byResponse = alerts.filter((a) => (a.kind === 'safety' || a.kind === 'rupture' || a.kind === 'not_on_track') && !a.dedupeKey.endsWith('|reflection'));
    expect(byResponse.length).toBeGreaterThan(0);
    const responses = await world.deps.store.listResponsesOfClients([...new Set(byResponse.map((a) => a.clientId))]);
    for (const a of byResponse) {
      expect(
        responses.some((r) => r.clientId === a.clientId && r.completedAt === a.raisedAt),
        `${a.kind} ${a.raisedAt}`,
      ).toBe(true);
    }
    // Daniel's safety answer was given at his intake session, three weeks before the demo was built.
    const safety = alerts.find((a) => a.kind === 'safety')!;
    expect(Date.parse(builtAt) - Date.parse(safety.raisedAt)).toBeGreaterThan(19 * 86_400_000);
  });

  it('portal answers were stamped as they were given: their record time is their clinical time', async () => {
    const practice = (await world.deps.store.findPractice())!;
    const clients = await world.deps.store.listClients(practice.id, {});
    const portal = (await world.deps.store.listResponsesOfClients(clients.map((c) => c.id))).filter((r) => r.source === 'portal');
    expect(portal.length).toBeGreaterThan(0);
    for (const r of portal) expect(r.createdAt).toBe(r.completedAt);
  });
});

describe('demo process notes', () => {
  it('Maya’s private notes on Lena’s sessions, sealed, under a training grant to Inés that holds', async () => {
    const practice = (await world.deps.store.findPractice())!;
    const users = await world.deps.store.listUsers(practice.id);
    const maya = users.find((u) => u.email === 'maya@demo.accord')!;
    const ines = users.find((u) => u.email === 'ines@demo.accord')!;
    const clients = await world.deps.store.listClients(practice.id, {});
    let found = 0;
    for (const c of clients) {
      const notes = await world.deps.store.listProcessNotes(c.id, [maya.id]);
      if (!notes.length) continue;
      found += notes.length;
      const grants = await world.deps.store.listProcessNoteGrants(c.id, { authorId: maya.id });
      expect(grants.map((g) => [g.granteeId, g.revokedAt, g.expiresAt > world.clock.now().toISOString()])).toEqual([[ines.id, null, true]]);
      for (const n of notes) expect((await world.deps.store.findProcessNote(n.id))!.textEnc).not.toContain('Lena');
    }
    expect(found).toBe(2);
  });
});

describe('demo notes and reflections (SPEC §3 C6)', () => {
  it('Hannah’s shared reflection on the hard session raised a rupture alert quoting her, dated when she wrote it', async () => {
    const fromReflection = alerts.filter((a) => a.kind === 'rupture' && a.dedupeKey.endsWith('|reflection'));
    expect(fromReflection).toHaveLength(1);
    const reflection = (await world.deps.store.listSharedReflectionsOfCourse(fromReflection[0]!.courseId)).find(
      (r) => r.writtenAt === fromReflection[0]!.raisedAt,
    );
    expect(reflection).toBeDefined();
  });

  it('one pair is open side by side, and the last is sealed until Maya signs her draft', async () => {
    const { sessionNotes } = await import('../notes/notes.ts');
    const hannah = alerts.find((a) => a.dedupeKey.endsWith('|reflection'))!;
    const sessions = (await world.deps.store.listSessionsOfCourse(hannah.courseId))
      .filter((s) => s.status === 'attended')
      .sort((a, b) => b.startsAt.localeCompare(a.startsAt));
    const last = await sessionNotes(world.deps, sessions[0]!.id, 'therapist');
    expect(last.pair).toMatchObject({ open: false, otherWritten: true });
    expect(last.note?.signedAt).toBeNull();
    const before = await sessionNotes(world.deps, sessions[1]!.id, 'client');
    expect(before.pair).toMatchObject({ open: true, why: 'both_written' });
    expect(before.themes?.list.map((t) => t.key)).toEqual(expect.arrayContaining(['mom', 'guilt'])); // by lemma: “mum” meets at “mom”
  });
});

describe('the demo’s ended course (SPEC §3 C6)', () => {
  it('has its ending closed with both lists, and its report gathers scores, goals and the alliance', async () => {
    const practice = (await world.deps.store.findPractice())!;
    const clients = await world.deps.store.listClients(practice.id, {});
    const endings = (await Promise.all(clients.map((c) => world.deps.store.listEndingsOfClient(c.id)))).flat();
    const closed = endings.filter((e) => e.closedAt && e.clientListEnc && e.summaryEnc);
    expect(closed.length).toBeGreaterThan(0);
    const { getEndingReport } = await import('../ending/report.ts');
    const report = await getEndingReport(world.deps, closed[0]!.courseId, 'therapist');
    expect(report.measures.map((m) => [m.code, m.outcome])).toEqual(
      expect.arrayContaining([
        ['phq9', 'reliable_improvement'],
        ['gad7', 'reliable_improvement'],
      ]),
    );
    expect(report.goals.every((g) => g.state === 'achieved' && g.gasLevel !== null)).toBe(true);
    expect(report.ending.clientList?.items.length).toBeGreaterThan(2);
    expect(report.ending.summary?.text).toMatch(/Planned ending/);
    expect(report.ending.followUp.state).toBe('due');
    expect(report.alliance.spans.length).toBeGreaterThan(0);
  });
  it('leaves an outbox of sent invitations and reminders, with mail off (no server is needed)', async () => {
    const out = await listOutbox(world.deps, 100);
    const kinds = new Set(out.map((m) => m.kind));
    expect(kinds.has('staff_invite')).toBe(true);
    expect(kinds.has('portal_invite')).toBe(true);
    expect(out.every((m) => m.status === 'sent')).toBe(true);
    expect((await mailSettings(world.deps)).enabled).toBe(false);
  });
});

describe('the demo’s skills story (SPEC §3 C5, C7)', () => {
  it('Hannah’s rehearsals grow with celebrations; her stalled target raised its alert the morning it reached 14 days', async () => {
    const stalled = alerts.filter((a) => a.kind === 'practice_stalled');
    expect(stalled).toHaveLength(1);
    const courseId = stalled[0]!.courseId;
    const { getSkills } = await import('../skills/skills.ts');
    const v = await getSkills(world.deps, courseId, 'therapist');
    expect(v.visible).toBe(true);
    const [kind, courage] = v.targets;
    expect(kind!.practice!.counts.total).toBeGreaterThan(60);
    expect(kind!.practice!.counts.celebrated).toBeGreaterThan(30);
    expect(courage!.practice!.stalled).toBe(true);
    // Dated by the sweep that found it: 14 days after the last practice, not when the demo was built.
    const lastDay = courage!.practice!.lastPractisedOn!;
    expect(stalled[0]!.raisedAt.slice(0, 10)).toBe(new Date(Date.parse(`${lastDay}T00:00:00Z`) + 14 * 86_400_000).toISOString().slice(0, 10));
    // Streaks lengthen, the longest across the planned break; the Support check rises.
    const tracker = v.trackers![0]!;
    const lengths = tracker.streaks.map((s) => s.length);
    expect(lengths).toEqual([...lengths].sort((a, b) => a - b));
    expect(tracker.streaks.at(-1)!.acrossBreaks).toHaveLength(1);
    expect(v.supportChecks.map((c) => c.total)).toEqual([1, 4, 6]);
    const { getAllianceSummary } = await import('../alliance/alliance.ts');
    const kinds = (await getAllianceSummary(world.deps, courseId)).inferred.evidence.map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['practice', 'consolidation']));
  });
});

describe('Jonas’s course, typed in after the fact (records dated when they happened)', () => {
  it('reads as if recorded live: the agreement at his second session, the shift at his sixth', async () => {
    const { getAllianceTimeline } = await import('../alliance/alliance.ts');
    const practice = (await world.deps.store.findPractice())!;
    const clients = await world.deps.store.listClients(practice.id, {});
    const courses = await Promise.all(clients.map((c) => world.deps.store.listCoursesOfClient(c.id)));
    const ledgers = await Promise.all(courses.map((k) => world.deps.store.listLedger(k[0]!.id)));
    // His is the one ledger typed in today, when the demo was built.
    const i = ledgers.findIndex((l) => l.length > 0 && l.every((e) => e.recordedAt! >= builtAt));
    expect(i).toBeGreaterThanOrEqual(0);
    const courseId = courses[i]![0]!.id;
    const timeline = await getAllianceTimeline(world.deps, courseId, 'therapist');
    const marks = timeline.points.map((p) => p.markers.map((m) => m.kind).join(','));
    expect(marks.slice(0, 9)).toEqual(['', 'agreement', '', '', '', 'shift', '', '', '']);
    expect(timeline.points.slice(0, 9).map((p) => p.agreedType ?? '-')).toEqual([
      '-',
      '-',
      'working',
      'working',
      'working',
      'working',
      'therapeutic',
      'therapeutic',
      'therapeutic',
    ]);
    for (const e of ledgers[i]!) expect(e.recordedAt! >= builtAt).toBe(true);
  });
});

describe('supervision in the demo', () => {
  it('Inés sees both supervisees with notes, Tom’s unread; the notes are sealed and Maya answered hers', async () => {
    const ines = (await world.deps.store.findUserByEmail('ines@demo.accord'))!;
    const overview = await supervisionOverview(world.deps, callerOf(ines));
    expect(overview.supervisees.map((s) => s.name)).toEqual(['Dr Maya Lindqvist', 'Tom Brennan']);
    const [maya, tom] = overview.supervisees;
    expect(maya!.notes).toMatchObject({ count: 2, unacknowledged: 0 });
    expect(tom!.notes).toMatchObject({ count: 2, unacknowledged: 2 });
    expect(maya!.figures.caseload).toBeGreaterThan(0);
    const notes = await world.deps.store.listSupervisionNotes({ supervisorId: ines.id });
    for (const n of notes) {
      expect(Date.parse(n.createdAt) < Date.parse(builtAt)).toBe(true);
      expect((await world.deps.store.findSupervisionNote(n.id))!.bodyEnc).not.toMatch(/Lena|Hannah|George/);
    }
    expect(notes.filter((n) => n.replies > 0)).toHaveLength(2);
  });
});

describe('the demo’s past clients (demo-reports.ts)', () => {
  it('have distinct names: 224 before any repeats, every surname in use', () => {
    const names = Array.from({ length: 224 }, (_, i) => historyName(i));
    expect(new Set(names).size).toBe(224);
    // The 120 past courses of `accord demo` use all fourteen surnames.
    expect(new Set(names.slice(0, 120).map((n) => n.split(' ')[1])).size).toBe(14);
  });
});
