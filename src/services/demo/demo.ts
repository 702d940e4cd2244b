/**
 * The demo practice: synthetic people whose courses show the patterns Accord is built to notice.
 * Everything is made up; the dates are relative to today so the demo always looks current.
 * Later capabilities add their records to the same clients through `DEMO_CLIENTS`.
 */
import type { Deps } from '../deps.ts';
import { iso } from '../deps.ts';
import type { Frequency, SessionStatus } from '../../domain/people.ts';
import { createPractice } from '../accounts/setup.ts';
import { createClient, openCourse, recordSession, updateCourse } from '../people/clients.ts';
import { acceptInvite, assignSupervisor, createInvite } from '../accounts/users.ts';
import { callerOf } from '../accounts/auth.ts';
import type { SignedIn } from '../accounts/auth.ts';
import { addDemoMeasures } from './demo-measures.ts';
import { addDemoAlliance } from './demo-alliance.ts';
import { addDemoProcessNotes } from './demo-process-notes.ts';
import { addDemoNotes } from './demo-notes.ts';
import { addDemoEnding } from './demo-ending.ts';
import { finishDemoMail, startDemoMail } from './demo-mail.ts';
import { addDemoSkills } from './demo-skills.ts';
import { recomputeAlliance } from '../alliance/alliance.ts';
import { setEscalationColleague } from '../alerts/escalation.ts';
import { addDemoHistory } from './demo-reports.ts';

export type DemoLogin = { role: string; email: string; password: string };

const PASSWORD = 'calm harbour lantern 42';

/** Past courses `accord demo` adds: enough for every rate of the report to be read and for the expected-response curves of the common intake bands. */
export const DEMO_HISTORY = 120;

/** A course shape: session offsets in days from the course start, with statuses. */
export type DemoClient = {
  key: string;
  name: string;
  email: string;
  phone: string;
  frequency: Frequency;
  startedDaysAgo: number;
  sessions: { day: number; status?: SessionStatus }[];
  ended?: { reason: 'planned' | 'unplanned' | 'drop_out'; day: number };
  portal?: boolean;
  therapist: 'maya' | 'tom';
};

const weekly = (from: number, count: number, step = 7, status: SessionStatus = 'attended') =>
  Array.from({ length: count }, (_, i) => ({ day: from + i * step, status }));

/** The demo caseload; the stories each course tells are in docs/demo.md. */
export const DEMO_CLIENTS: readonly DemoClient[] = [
  {
    key: 'hannah',
    name: 'Hannah Whitfield',
    email: 'hannah@example.org',
    phone: '+44 7700 900101',
    frequency: 'weekly',
    // Her last session three days ago: its note and reflection are still sealed from each other (demo-notes.ts).
    startedDaysAgo: 115,
    therapist: 'maya',
    portal: true,
    sessions: [...weekly(0, 8), { day: 56, status: 'planned_break' }, { day: 63, status: 'planned_break' }, ...weekly(70, 7)],
  },
  {
    key: 'rosa',
    name: 'Rosa Delgado',
    email: 'rosa@example.org',
    phone: '+44 7700 900102',
    frequency: 'weekly',
    startedDaysAgo: 100,
    therapist: 'maya',
    sessions: [...weekly(0, 5), { day: 35, status: 'cancelled_late' }, ...weekly(42, 2), { day: 56, status: 'no_show' }, { day: 63, status: 'no_show' }],
    ended: { reason: 'drop_out', day: 77 },
  },
  {
    key: 'sam',
    name: 'Sam Okafor',
    email: 'sam@example.org',
    phone: '+44 7700 900103',
    frequency: 'as_needed',
    startedDaysAgo: 400,
    therapist: 'maya',
    sessions: [...weekly(0, 3), ...weekly(150, 4), ...weekly(330, 3)],
  },
  {
    key: 'lena',
    name: 'Lena Fischer',
    email: 'lena@example.org',
    phone: '+44 7700 900104',
    frequency: 'weekly',
    startedDaysAgo: 300,
    therapist: 'maya',
    sessions: [...weekly(0, 20), { day: 140, status: 'cancelled_early' }, ...weekly(147, 21)],
  },
  {
    key: 'george',
    name: 'George Abbott',
    email: 'george@example.org',
    phone: '+44 7700 900105',
    frequency: 'fortnightly',
    startedDaysAgo: 500,
    therapist: 'tom',
    sessions: weekly(0, 35, 14),
  },
  {
    key: 'mina',
    name: 'Mina Park',
    email: 'mina@example.org',
    phone: '+44 7700 900106',
    frequency: 'weekly',
    startedDaysAgo: 250,
    therapist: 'tom',
    sessions: [...weekly(0, 12), ...weekly(90, 8, 10), ...weekly(170, 6, 14)],
  },
  {
    key: 'ellen',
    name: 'Ellen Marsh',
    email: 'ellen@example.org',
    phone: '+44 7700 900108',
    frequency: 'weekly',
    startedDaysAgo: 220,
    therapist: 'tom',
    portal: true,
    sessions: weekly(0, 16),
    ended: { reason: 'planned', day: 112 },
  },
  {
    key: 'daniel',
    name: 'Daniel Reyes',
    email: 'daniel@example.org',
    phone: '+44 7700 900107',
    frequency: 'weekly',
    startedDaysAgo: 20,
    therapist: 'maya',
    sessions: [{ day: 0 }, { day: 7, status: 'no_show' }, { day: 14 }],
  },
];

/**
 * `history`: how many past, ended courses to add for the practice report (demo-reports.ts);
 * `accord demo` asks for {@link DEMO_HISTORY}, tests for none unless they test it.
 */
export async function buildDemo(deps: Deps, opts: { history?: number } = {}): Promise<DemoLogin[]> {
  const now = deps.clock.now();
  const { adminId } = await createPractice(deps, {
    token: null,
    practiceName: 'Riverside Psychotherapy (demo)',
    timeZone: 'Europe/London',
    adminEmail: 'admin@demo.accord',
    adminName: 'Priya Shah',
    password: PASSWORD,
    // The demo's logins are shared and printed: nobody is asked for a second factor.
    requireSecondFactor: false,
  });
  const admin = (await deps.store.findUserById(adminId))!;
  const adminActor: SignedIn = { user: admin, caller: callerOf(admin), session: null as never, mfaPending: null };
  // The demo admin is not asked for a second factor, so the demo can be explored at once.
  await deps.store.updatePractice(admin.practiceId, { requireMfaAdmin: false });

  await startDemoMail(deps, adminId);
  const staff = async (email: string, name: string, roles: ('therapist' | 'supervisor' | 'admin')[]) => {
    const { token } = await createInvite(deps, adminId, { email, roles });
    return acceptInvite(deps, token, { displayName: name, password: PASSWORD });
  };
  const maya = await staff('maya@demo.accord', 'Dr Maya Lindqvist', ['therapist']);
  const tom = await staff('tom@demo.accord', 'Tom Brennan', ['therapist']);
  const ines = await staff('ines@demo.accord', 'Dr Inés Moreau', ['supervisor', 'therapist']);
  await assignSupervisor(deps, adminActor, ines.id, maya.id);
  await assignSupervisor(deps, adminActor, ines.id, tom.id);
  const therapists = { maya, tom };
  // Measures: a UK crisis text for the portal, and unacknowledged safety alerts go to Inés.
  await deps.store.updatePractice(admin.practiceId, {
    crisisInfo:
      'If you are in danger right now, call 999 or go to A&E. Samaritans listen day and night on 116 123 (free), or text SHOUT to 85258. Your therapist will see your answers, but not straight away.',
  });
  await setEscalationColleague(deps, 'practice', ines.id);

  const logins: DemoLogin[] = [
    { role: 'admin', email: admin.email, password: PASSWORD },
    { role: 'therapist', email: maya.email, password: PASSWORD },
    { role: 'therapist', email: tom.email, password: PASSWORD },
    { role: 'supervisor (of both)', email: ines.email, password: PASSWORD },
  ];
  // Sessions fall on weekdays, each client at their own hour of the working day (UTC, so 9:00 to
  // 17:00 in London, an hour later in summer). A past session that would fall on a weekend is
  // moved back to the Friday before (never later, so it stays in the past and in order); a booked
  // one forward to the Monday after (so it stays in the future).
  const DAY = 86_400_000;
  const day = (startAgo: number, d: number, hour = 10, ahead = false) => {
    const t = new Date(now.getTime() - (startAgo - d) * DAY);
    t.setUTCHours(hour, 0, 0, 0);
    const weekday = t.getUTCDay();
    if (weekday === 6) return new Date(t.getTime() + (ahead ? 2 : -1) * DAY);
    if (weekday === 0) return new Date(t.getTime() + (ahead ? 1 : -2) * DAY);
    return t;
  };
  const HOURS = [9, 14, 11, 16, 10, 15, 13, 17];
  /** Any day of the week (practice between sessions and tracker days happen at weekends too). */
  const calendarDay = (startAgo: number, d: number, hour = 10) => {
    const t = new Date(now.getTime() - (startAgo - d) * DAY);
    t.setUTCHours(hour, 0, 0, 0);
    return t;
  };

  for (const [i, c] of DEMO_CLIENTS.entries()) {
    const hour = HOURS[i % HOURS.length]!;
    const therapist = therapists[c.therapist];
    const client = await createClient(deps, therapist.id, { name: c.name, contact: { email: c.email, phone: c.phone, dateOfBirth: null } });
    const course = await openCourse(deps, client.id, { startedOn: iso(day(c.startedDaysAgo, 0)).slice(0, 10), frequency: c.frequency, phase: 'beginning' });
    for (const s of c.sessions) {
      if (s.day > c.startedDaysAgo) continue;
      await recordSession(deps, course.id, { startsAt: iso(day(c.startedDaysAgo, s.day, hour)), durationMinutes: 50, status: s.status ?? 'attended' });
    }
    const attended = c.sessions.filter((s) => (s.status ?? 'attended') === 'attended').length;
    if (c.ended) {
      await updateCourse(deps, course.id, { status: 'ended', endReason: c.ended.reason, endedOn: iso(day(c.startedDaysAgo, c.ended.day)).slice(0, 10) });
    } else {
      await updateCourse(deps, course.id, { phase: attended > 20 ? 'middle' : 'beginning' });
      // The next sessions spread over the coming days at the client's usual hour; one is later
      // today (tomorrow once the day's hours are over), so the day's page has a session.
      let next = day(0, i % 5, hour, true);
      if (next.getTime() <= now.getTime()) next = day(0, (i % 5) + 1, hour, true);
      await recordSession(deps, course.id, { startsAt: iso(next), durationMinutes: 50, status: 'scheduled' });
    }
    if (c.portal) {
      const { token } = await createInvite(deps, therapist.id, { email: c.email, roles: ['client'], clientId: client.id });
      await acceptInvite(deps, token, { displayName: c.name.split(' ')[0]!, password: PASSWORD });
      logins.push({ role: `client (${c.name})`, email: c.email, password: PASSWORD });
    }
    const portalUserId = (await deps.store.findUserByClientId(client.id))?.id ?? null;
    await addDemoAlliance(deps, c.key, course.id, therapist.id, portalUserId);
    await addDemoMeasures(deps, c.key, client.id, therapist.id);
    await addDemoProcessNotes(deps, c.key, client.id, therapist.id, ines.id);
    await addDemoNotes(deps, c.key, course.id, therapist.id, portalUserId);
    await addDemoEnding(deps, c.key, course.id, client.id, therapist.id, portalUserId);
    await addDemoSkills(deps, c.key, course.id, therapist.id, portalUserId, (d, hour) => calendarDay(c.startedDaysAgo, d, hour), c.startedDaysAgo);
    await recomputeAlliance(deps, course.id);
  }
  if (opts.history) await addDemoHistory(deps, [maya.id, tom.id, ines.id], opts.history);
  await finishDemoMail(deps, adminId, maya.id);
  return logins;
}
