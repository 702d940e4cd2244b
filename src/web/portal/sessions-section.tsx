import { useState } from 'react';
import type { SessionStatus } from '../../domain/people.ts';
import type { TherapySession } from '../api.ts';
import { formatLongDateTime } from '../dates.ts';
import type { PortalContext, PortalSection } from './section.ts';

/** What happened, said to the client plainly and without blame. */
const PLAIN: Readonly<Record<SessionStatus, string>> = {
  scheduled: 'Booked',
  attended: 'You met',
  cancelled_early: 'You cancelled in good time',
  cancelled_late: 'You cancelled at short notice',
  no_show: 'Missed',
  cancelled_by_therapist: 'Cancelled by your therapist',
  planned_break: 'Break — no session',
};

const isUpcoming = (s: TherapySession, now: Date) => new Date(s.startsAt) >= now && (s.status === 'scheduled' || s.status === 'planned_break');
const sessionsOf = (ctx: PortalContext) => ctx.current?.sessions ?? [];

function Upcoming({ ctx }: { ctx: PortalContext }) {
  const list = sessionsOf(ctx)
    .filter((s) => isUpcoming(s, ctx.now))
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  return (
    <ul className="portal-list">
      {list.map((s) => (
        <li key={s.id}>
          <span className="portal-when">{formatLongDateTime(s.startsAt, ctx.timeZone)}</span>
          <span className="portal-what">{s.status === 'planned_break' ? PLAIN.planned_break : `${s.durationMinutes} minutes`}</span>
        </li>
      ))}
    </ul>
  );
}

const SHOWN = 6;

function Past({ ctx }: { ctx: PortalContext }) {
  const [all, setAll] = useState(false);
  const list = sessionsOf(ctx)
    .filter((s) => !isUpcoming(s, ctx.now))
    .sort((a, b) => b.startsAt.localeCompare(a.startsAt));
  const shown = all ? list : list.slice(0, SHOWN);
  return (
    <>
      <ul className="portal-list">
        {shown.map((s) => (
          <li key={s.id}>
            <span className="portal-when">{formatLongDateTime(s.startsAt, ctx.timeZone)}</span>
            <span className="portal-what">{new Date(s.startsAt) >= ctx.now && s.status === 'scheduled' ? PLAIN.scheduled : PLAIN[s.status]}</span>
          </li>
        ))}
      </ul>
      {list.length > SHOWN ? (
        <button type="button" className="button secondary" onClick={() => setAll((a) => !a)} aria-expanded={all}>
          {all ? 'Show fewer' : `Show all ${list.length} sessions`}
        </button>
      ) : null}
    </>
  );
}

export const upcomingSection: PortalSection = {
  id: 'upcoming',
  title: 'Coming up',
  shows: (ctx) => sessionsOf(ctx).some((s) => isUpcoming(s, ctx.now)),
  Component: Upcoming,
};
export const pastSection: PortalSection = {
  id: 'past',
  title: 'Your sessions so far',
  shows: (ctx) => sessionsOf(ctx).some((s) => !isUpcoming(s, ctx.now)),
  Component: Past,
};
