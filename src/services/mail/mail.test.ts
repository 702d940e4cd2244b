/**
 * Mail end to end against a real SMTP server started by the test (test/support/smtp.ts): what is
 * queued by which event, what leaves, and that no message carries a client's name or anything
 * clinical — asserted on the raw message the server received. Also: mail off, retries and giving
 * up, a sender that died holding a claim, and two senders on PostgreSQL delivering each message once.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeWorld, seedPractice } from '../../../test/support/harness.ts';
import type { Practice, TestWorld } from '../../../test/support/harness.ts';
import { anotherInstance, bodyOf, smtpMailer, startSmtp } from '../../../test/support/smtp.ts';
import type { TestSmtp } from '../../../test/support/smtp.ts';
import { makeDeps } from '../compose.ts';
import type { Deps } from '../deps.ts';
import { createClient, openCourse, recordSession } from '../people/clients.ts';
import { submitResponse } from '../measures/measures.ts';
import { addSchedule } from '../measures/schedules.ts';
import { escalateDueAlerts, setEscalationColleague } from '../alerts/escalation.ts';
import { createInvite, inviteClientToPortal, acceptInvite } from '../accounts/users.ts';
import { updateMailSettings } from './settings.ts';
import { queueMail, listOutbox } from './outbox.ts';
import { deliverDueMail } from './sender.ts';
import { acknowledgeSupervisionNote, writeSupervisionNote } from '../supervision/notes.ts';
import { queueDigests, queueMeasureReminders, setDigestPreference } from './sweeps.ts';
import { readAuditTrail } from '../audit-trail.ts';

const CLIENT_NAME = 'Marigold Quennell';
const BASE = 'https://accord.harbour.test';
const phq = (item9: number): Record<string, number> => Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`phq9_${i + 1}`, i === 8 ? item9 : 2]));

/** Words that must never be in a message: the client's name, and the clinical vocabulary. */
function expectNothingPersonal(raw: string): void {
  const body = bodyOf(raw);
  for (const word of ['Marigold', 'Quennell', 'PHQ', 'phq', 'GAD', 'safety', 'suicid', 'score', 'Theo Therapist', 'harm'])
    expect(body, `a message contains “${word}”`).not.toContain(word);
}

let smtp: TestSmtp;
beforeAll(async () => {
  smtp = await startSmtp();
});
afterAll(async () => {
  await smtp.close();
});

describe('mail on SQLite, through a real SMTP server', () => {
  let w: TestWorld;
  let deps: Deps;
  let p: Practice;
  const sender = () => ({ mailer: smtpMailer, baseUrl: BASE, claimer: 'test-sender' });
  const mailOn = (over: Partial<Parameters<typeof updateMailSettings>[2]> = {}) =>
    updateMailSettings(deps, p.adminId, { enabled: true, ...smtp.server, ...over });

  beforeEach(async () => {
    smtp.received.length = 0;
    smtp.reject = null;
    w = await makeWorld({ dialect: 'sqlite' });
    deps = w.deps;
    p = await seedPractice(deps);
  });
  afterEach(async () => {
    await w.close();
  });

  it('with mail off, invitations work as before and nothing is queued or sent', async () => {
    const { token, emailed } = await createInvite(deps, p.adminId, { email: 'new@harbour.test', roles: ['therapist'] });
    expect(token).toBeTruthy();
    expect(emailed).toBe(false);
    expect(await listOutbox(deps)).toEqual([]);
    expect(await deliverDueMail(deps, sender())).toEqual({ sent: 0, failed: 0, retried: 0 });
    expect(smtp.received).toHaveLength(0);
  });

  it('emails a staff invitation with its link, from the practice’s sender', async () => {
    await mailOn();
    const { token, emailed } = await createInvite(deps, p.adminId, { email: 'newbie@harbour.test', roles: ['therapist'] });
    expect(emailed).toBe(true);
    expect(await deliverDueMail(deps, sender())).toMatchObject({ sent: 1 });
    const [m] = smtp.received;
    expect(m!.to).toEqual(['newbie@harbour.test']);
    expect(m!.from).toBe('practice@harbour.test');
    expect(bodyOf(m!.raw)).toContain(`${BASE}/invite/${token}`);
    expect(m!.raw).toMatch(/^Subject: You are invited to Test Practice on Accord/m);
    expect((await listOutbox(deps))[0]).toMatchObject({ kind: 'staff_invite', status: 'sent', attempts: 1, to: 'newbie@harbour.test' });
    // Sent once: a second pass finds nothing.
    expect(await deliverDueMail(deps, sender())).toMatchObject({ sent: 0 });
  });

  it('emails a portal invitation without the client’s name', async () => {
    await mailOn();
    const client = await createClient(deps, p.therapistId, { name: CLIENT_NAME, contact: { email: 'mq@harbour.test', phone: null, dateOfBirth: null } });
    const { token } = await inviteClientToPortal(deps, p.therapistId, client.id, 'mq@harbour.test');
    await deliverDueMail(deps, sender());
    expect(smtp.received).toHaveLength(1);
    expect(bodyOf(smtp.received[0]!.raw)).toContain(`/invite/${token}`);
    expectNothingPersonal(smtp.received[0]!.raw);
  });

  it('reminds a portal client when a measure becomes due and again before it closes, once each, with a link and nothing else', async () => {
    await mailOn();
    const client = await createClient(deps, p.therapistId, { name: CLIENT_NAME, contact: { email: null, phone: null, dateOfBirth: null } });
    const course = await openCourse(deps, client.id, { startedOn: '2026-03-01', frequency: 'weekly' });
    const { token } = await inviteClientToPortal(deps, p.therapistId, client.id, 'mq@harbour.test');
    await acceptInvite(deps, token, { displayName: 'Mari', password: 'quiet meadow river stone' });
    await addSchedule(deps, course.id, { instrumentCode: 'phq9', cadence: 'before_every_session' }, p.therapistId);
    // A session the day after tomorrow at 10:00: the measure opens 48 hours before it.
    await recordSession(deps, course.id, { startsAt: '2026-03-04T10:00:00.000Z', durationMinutes: 50, status: 'scheduled' });
    expect(await queueMeasureReminders(deps)).toBe(0);
    w.clock.set('2026-03-02T10:30:00.000Z');
    expect(await queueMeasureReminders(deps)).toBe(1);
    expect(await queueMeasureReminders(deps)).toBe(0);
    w.clock.set('2026-03-04T01:00:00.000Z'); // 11 hours before it closes (two hours after the session starts)
    expect(await queueMeasureReminders(deps)).toBe(1);
    expect(await queueMeasureReminders(deps)).toBe(0);
    await deliverDueMail(deps, sender());
    // The portal invitation, then the two reminders.
    expect(smtp.received.map((m) => m.to[0])).toEqual(['mq@harbour.test', 'mq@harbour.test', 'mq@harbour.test']);
    expect(smtp.received[1]!.raw).toMatch(/^Subject: Something is waiting for you from Test Practice/m);
    expect(smtp.received[2]!.raw).toMatch(/^Subject: A reminder from Test Practice/m);
    for (const m of smtp.received.slice(1)) {
      expect(bodyOf(m.raw)).toContain(`${BASE}/portal`);
      expectNothingPersonal(m.raw);
    }
    // Answered: nothing more to remind.
    smtp.received.length = 0;
    await submitResponse(deps, client.id, { userId: 'client-user', as: 'client' }, { instrumentCode: 'phq9', answers: phq(0) });
    w.clock.set('2026-03-04T09:00:00.000Z');
    expect(await queueMeasureReminders(deps)).toBe(0);
  });

  it('emails the escalation colleague and the supervisor when a safety alert escalates, saying only that an alert waits', async () => {
    await mailOn();
    await setEscalationColleague(deps, 'practice', p.otherTherapistId);
    const client = await createClient(deps, p.therapistId, { name: CLIENT_NAME, contact: { email: null, phone: null, dateOfBirth: null } });
    await openCourse(deps, client.id, { startedOn: '2026-03-01', frequency: 'weekly' });
    await submitResponse(deps, client.id, { userId: 'client-user', as: 'client' }, { instrumentCode: 'phq9', answers: phq(2) });
    w.clock.advance(61);
    expect((await escalateDueAlerts(deps)).escalated).toHaveLength(1);
    expect((await escalateDueAlerts(deps)).escalated).toHaveLength(0);
    await deliverDueMail(deps, sender());
    expect(smtp.received.map((m) => m.to[0]).sort()).toEqual([p.emails.otherTherapist, p.emails.supervisor].sort());
    for (const m of smtp.received) {
      expect(m.raw).toMatch(/^Subject: Accord: an alert needs your attention/m);
      expect(bodyOf(m.raw)).toContain(`${BASE}/alerts`);
      expectNothingPersonal(m.raw);
    }
  });

  it('sends the daily digest to those who chose it, once a day, from 07:00 practice time, when something waits', async () => {
    await mailOn();
    await setDigestPreference(deps, p.therapistId, true);
    w.clock.set('2026-03-02T06:30:00.000Z'); // 06:30 in London
    expect(await queueDigests(deps)).toBe(0);
    w.clock.set('2026-03-02T07:05:00.000Z');
    expect(await queueDigests(deps)).toBe(0); // nothing waits: no session today, no alert
    const client = await createClient(deps, p.therapistId, { name: CLIENT_NAME, contact: { email: null, phone: null, dateOfBirth: null } });
    const course = await openCourse(deps, client.id, { startedOn: '2026-03-01', frequency: 'weekly' });
    await recordSession(deps, course.id, { startsAt: '2026-03-04T15:00:00.000Z', durationMinutes: 50, status: 'scheduled' });
    expect(await queueDigests(deps)).toBe(0); // a session, but not today
    await recordSession(deps, course.id, { startsAt: '2026-03-02T15:00:00.000Z', durationMinutes: 50, status: 'scheduled' });
    expect(await queueDigests(deps)).toBe(1);
    w.clock.set('2026-03-02T16:00:00.000Z');
    expect(await queueDigests(deps)).toBe(0);
    w.clock.set('2026-03-03T08:00:00.000Z');
    expect(await queueDigests(deps)).toBe(0); // today's session is tomorrow's; nothing is open
    // An alert raised later in the day brings the day's one digest.
    w.clock.set('2026-03-03T12:00:00.000Z');
    await submitResponse(deps, client.id, { userId: 'client-user', as: 'client' }, { instrumentCode: 'phq9', answers: phq(2) });
    expect(await queueDigests(deps)).toBe(1);
    expect(await queueDigests(deps)).toBe(0);
    await setDigestPreference(deps, p.therapistId, false);
    w.clock.set('2026-03-04T08:00:00.000Z');
    expect(await queueDigests(deps)).toBe(0);
    await deliverDueMail(deps, sender());
    expect(smtp.received.map((m) => m.to[0])).toEqual([p.emails.therapist, p.emails.therapist]);
    expect(smtp.received[0]!.raw).toMatch(/^Subject: Your day in Accord/m);
    expectNothingPersonal(smtp.received[0]!.raw);
  });

  it('a supervision note not yet acknowledged brings the supervisee’s digest, saying nothing of it', async () => {
    await mailOn();
    await setDigestPreference(deps, p.therapistId, true);
    w.clock.set('2026-03-02T07:05:00.000Z');
    expect(await queueDigests(deps)).toBe(0);
    const note = await writeSupervisionNote(deps, p.supervisorId, p.therapistId, {
      focus: 'rupture',
      allianceType: null,
      courseId: null,
      text: 'Worth looking at how the last two sessions ended.',
    });
    expect(await queueDigests(deps)).toBe(1);
    await acknowledgeSupervisionNote(deps, p.therapistId, note.id);
    w.clock.set('2026-03-03T07:05:00.000Z');
    expect(await queueDigests(deps)).toBe(0);
    await deliverDueMail(deps, sender());
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.raw).not.toMatch(/supervis|last two sessions/i);
  });

  it('retries a temporary refusal with growing waits, and gives up at once on a permanent one', async () => {
    await mailOn();
    smtp.reject = { code: 451, message: 'Try again later' };
    await queueMail(deps, { kind: 'test', to: 'later@harbour.test', path: '/' });
    expect(await deliverDueMail(deps, sender())).toEqual({ sent: 0, failed: 0, retried: 1 });
    expect((await listOutbox(deps))[0]).toMatchObject({ status: 'queued', attempts: 1, lastError: 'smtp_451', nextAttemptAt: '2026-03-02T09:01:00.000Z' });
    w.clock.advance(1);
    expect(await deliverDueMail(deps, sender())).toMatchObject({ retried: 1 });
    expect((await listOutbox(deps))[0]).toMatchObject({ attempts: 2, nextAttemptAt: '2026-03-02T09:03:00.000Z' });
    w.clock.advance(1);
    expect(await deliverDueMail(deps, sender())).toEqual({ sent: 0, failed: 0, retried: 0 }); // not due yet
    smtp.reject = null;
    w.clock.advance(1);
    expect(await deliverDueMail(deps, sender())).toMatchObject({ sent: 1 });
    expect(smtp.received).toHaveLength(1);
    smtp.reject = { code: 550, message: 'No such mailbox' };
    await queueMail(deps, { kind: 'test', to: 'nobody@harbour.test', path: '/' });
    expect(await deliverDueMail(deps, sender())).toEqual({ sent: 0, failed: 1, retried: 0 });
    expect((await listOutbox(deps))[0]).toMatchObject({ status: 'failed', lastError: 'smtp_550', nextAttemptAt: null });
    const trail = (await readAuditTrail(deps, { limit: 50 })).filter((e) => e.action === 'mail.send');
    expect(trail.map((e) => e.outcome).sort()).toEqual(['failed', 'failed', 'failed', 'ok']);
    expect(trail.every((e) => !String(e.detail).includes('@'))).toBe(true);
  });

  it('delivers a message whose sender died holding it, once its lease has run out', async () => {
    await mailOn();
    await queueMail(deps, { kind: 'test', to: 'orphan@harbour.test', path: '/' });
    // A sender claims it and is killed before sending.
    const now = deps.clock.now();
    expect(await deps.store.claimMail(now.toISOString(), new Date(now.getTime() + 5 * 60_000).toISOString(), 'killed-sender', 10)).toHaveLength(1);
    expect(await deliverDueMail(deps, sender())).toMatchObject({ sent: 0 });
    w.clock.advance(4);
    expect(await deliverDueMail(deps, sender())).toMatchObject({ sent: 0 });
    w.clock.advance(1);
    expect(await deliverDueMail(deps, sender())).toMatchObject({ sent: 1 });
    expect(smtp.received.map((m) => m.to[0])).toEqual(['orphan@harbour.test']);
    expect((await listOutbox(deps))[0]).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('signs in to a server that requires it', async () => {
    const authed = await startSmtp({ auth: { user: 'practice', pass: 'app-password-1' } });
    try {
      await updateMailSettings(deps, p.adminId, { enabled: true, ...authed.server, password: 'wrong' });
      await queueMail(deps, { kind: 'test', to: 'a@harbour.test', path: '/' });
      expect(await deliverDueMail(deps, sender())).toMatchObject({ retried: 1 });
      expect((await listOutbox(deps))[0]!.lastError).toBe('smtp_535');
      await updateMailSettings(deps, p.adminId, { enabled: true, ...authed.server });
      w.clock.advance(1);
      expect(await deliverDueMail(deps, sender())).toMatchObject({ sent: 1 });
      expect(authed.received).toHaveLength(1);
    } finally {
      await authed.close();
    }
  });
});

describe('two senders on PostgreSQL', () => {
  it('deliver each of 40 messages exactly once between them', async () => {
    smtp.received.length = 0;
    smtp.reject = null;
    const w = await makeWorld({ dialect: 'postgres' });
    const other = await anotherInstance(w);
    try {
      const p = await seedPractice(w.deps);
      await updateMailSettings(w.deps, p.adminId, { enabled: true, ...smtp.server });
      for (let i = 0; i < 40; i++) await queueMail(w.deps, { kind: 'test', to: `person${i}@harbour.test`, path: '/' });
      const deps2 = makeDeps({ store: other.store, vault: other.vault, clock: w.clock, ids: w.deps.ids, hasher: w.deps.hasher });
      const [a, b] = await Promise.all([
        deliverDueMail(w.deps, { mailer: smtpMailer, baseUrl: BASE, claimer: 'instance-a', batch: 3 }),
        deliverDueMail(deps2, { mailer: smtpMailer, baseUrl: BASE, claimer: 'instance-b', batch: 3 }),
      ]);
      expect(a.sent + b.sent).toBe(40);
      expect(a.sent).toBeGreaterThan(0);
      expect(b.sent).toBeGreaterThan(0);
      const to = smtp.received.map((m) => m.to[0]);
      expect(to).toHaveLength(40);
      expect(new Set(to).size).toBe(40);
      expect((await listOutbox(w.deps, 100)).every((m) => m.status === 'sent' && m.attempts === 1)).toBe(true);
      await deps2.audit.settle();
    } finally {
      await other.close();
      await w.close();
    }
  });
});
