/**
 * The therapist's day (SPEC §3 C8, issue 13): open alerts by urgency (safety first, each one click
 * from its client), today's sessions in time order (on a day without any, the next booked day's),
 * and what is due from the clients seen today.
 * Built from the routes the caseload and the inbox already use; what is due is asked only for the
 * clients with a session today.
 */
import { useMemo } from 'react';
import { SESSION_STATUS_LABELS } from '../../domain/people.ts';
import { api } from '../api.ts';
import type { CaseloadRow } from '../api.ts';
import { ErrorNote, Loading } from '../components/notice.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { formatDay, formatLongDay, formatTime, isoToZoned, todayIn } from '../dates.ts';
import { Link } from '../router.tsx';
import { usePracticeZone } from '../session.tsx';
import { useResource } from '../use-resource.ts';
import { alertsApi } from '../alerts/api.ts';
import type { AlertView } from '../alerts/api.ts';
import { KIND_WORDS } from '../alerts/alert-card.tsx';
import { measuresApi } from '../measures/api.ts';
import type { DueMeasure } from '../measures/api.ts';
import '../alerts/alerts.css';

type Slot = { client: CaseloadRow; startsAt: string; status: string | null };

function todaysSessions(rows: readonly CaseloadRow[], timeZone: string): Slot[] {
  const today = todayIn(timeZone);
  const onToday = (iso: string) => isoToZoned(iso, timeZone)[0] === today;
  const out: Slot[] = [];
  for (const r of rows) {
    if (r.lastSession && onToday(r.lastSession.startsAt)) out.push({ client: r, startsAt: r.lastSession.startsAt, status: r.lastSession.status });
    if (r.nextSession && onToday(r.nextSession.startsAt)) out.push({ client: r, startsAt: r.nextSession.startsAt, status: null });
  }
  return out.sort((a, b) => a.startsAt.localeCompare(b.startsAt));
}

/**
 * When today holds no session: the booked sessions of the next day that has any (the earliest
 * next session after today, and every other client's next session on that same day), so the page
 * opened in the evening or on a free day still says what comes next. Null when nothing is booked.
 */
function nextDaySessions(rows: readonly CaseloadRow[], timeZone: string): Slot[] | null {
  const today = todayIn(timeZone);
  const dayOf = (iso: string) => isoToZoned(iso, timeZone)[0];
  let first: string | null = null;
  for (const r of rows) {
    const d = r.nextSession ? dayOf(r.nextSession.startsAt) : null;
    if (d !== null && d > today && (first === null || d < first)) first = d;
  }
  if (first === null) return null;
  const out: Slot[] = [];
  for (const r of rows) if (r.nextSession && dayOf(r.nextSession.startsAt) === first) out.push({ client: r, startsAt: r.nextSession.startsAt, status: null });
  return out.sort((a, b) => a.startsAt.localeCompare(b.startsAt));
}

function SlotList({ slots, timeZone, label }: { slots: readonly Slot[]; timeZone: string; label?: string }) {
  return (
    <ul className="today-sessions" aria-label={label}>
      {slots.map((s) => (
        <li key={s.client.id + s.startsAt}>
          <span className="today-time">{formatTime(s.startsAt, timeZone)}</span> <Link to={`/clients/${s.client.id}`}>{s.client.name}</Link>{' '}
          <span className="muted">{s.status ? SESSION_STATUS_LABELS[s.status as keyof typeof SESSION_STATUS_LABELS] : 'booked'}</span>
        </li>
      ))}
    </ul>
  );
}

function AlertLine({ a, timeZone }: { a: AlertView; timeZone: string }) {
  const safety = a.kind === 'safety';
  return (
    <li className={safety ? 'today-alert safety' : 'today-alert'}>
      <Link to={`/clients/${a.clientId}#client-alerts-title`}>
        {safety ? (
          <span className="safety-icon" aria-hidden="true">
            ⚠{' '}
          </span>
        ) : null}
        <strong>{KIND_WORDS[a.kind] ?? a.kind}</strong>: {a.clientName}
      </Link>{' '}
      <span className="muted">
        {/* The day it was raised tells two alerts of one kind about one client apart. */}
        {formatDay(a.raisedAt, timeZone)} · {a.status === 'open' ? 'new' : 'seen'}
        {a.courseEnded ? ', course ended' : ''}
      </span>
    </li>
  );
}

export function TodayPage() {
  const timeZone = usePracticeZone();
  const rows = useResource(() => api.caseload(), []);
  const inbox = useResource(() => alertsApi.inbox('active'), []);
  const slots = useMemo(() => todaysSessions(rows.data ?? [], timeZone), [rows.data, timeZone]);
  const nextDay = useMemo(() => (slots.length === 0 ? nextDaySessions(rows.data ?? [], timeZone) : null), [slots, rows.data, timeZone]);
  const seenToday = useMemo(() => [...new Set(slots.map((s) => s.client.id))], [slots]);
  const due = useResource(async () => {
    const lists = await Promise.all(seenToday.map(async (id) => [id, await measuresApi.due(id)] as const));
    return lists.filter(([, list]) => list.length > 0);
  }, [seenToday.join(',')]);
  const names = useMemo(() => new Map((rows.data ?? []).map((r) => [r.id, r.name])), [rows.data]);
  const alerts = inbox.data ?? [];
  const loud = alerts.filter((a) => !a.courseEnded || a.kind === 'safety');
  const quiet = alerts.length - loud.length;

  return (
    <>
      <PageHeading title="Today" />
      <p className="lead">{formatLongDay(new Date().toISOString(), timeZone)}</p>
      <div className="today-grid">
        <section className="card" aria-labelledby="today-alerts">
          <h2 id="today-alerts">Open alerts, most urgent first</h2>
          <ErrorNote message={inbox.error} />
          {!inbox.data ? (
            inbox.error ? null : (
              <Loading what="Loading alerts" />
            )
          ) : loud.length === 0 ? (
            <p className="empty">No open alerts.</p>
          ) : (
            <ol className="today-alerts">
              {loud.map((a) => (
                <AlertLine key={a.id} a={a} timeZone={timeZone} />
              ))}
            </ol>
          )}
          <p>
            <Link to="/alerts">All alerts</Link>
            {quiet ? <span className="muted"> ({quiet} more from ended courses)</span> : null}
          </p>
        </section>
        <section className="card" aria-labelledby="today-sessions">
          <h2 id="today-sessions">Today’s sessions</h2>
          <ErrorNote message={rows.error} />
          {!rows.data ? (
            rows.error ? null : (
              <Loading what="Loading sessions" />
            )
          ) : slots.length === 0 ? (
            <>
              <p className="empty">No sessions today.</p>
              {nextDay ? (
                <>
                  <h3 id="today-next">Next sessions: {formatLongDay(nextDay[0]!.startsAt, timeZone)}</h3>
                  <SlotList slots={nextDay} timeZone={timeZone} label="Next sessions" />
                </>
              ) : null}
            </>
          ) : (
            <SlotList slots={slots} timeZone={timeZone} />
          )}
        </section>
        <section className="card" aria-labelledby="today-due">
          <h2 id="today-due">Measures due from today’s clients</h2>
          <ErrorNote message={due.error} />
          {!due.data ? (
            due.error ? null : (
              <Loading what="Loading what is due" />
            )
          ) : due.data.length === 0 ? (
            <p className="empty">Nothing due from today’s clients.</p>
          ) : (
            <ul className="today-due">
              {due.data.map(([clientId, list]: readonly [string, DueMeasure[]]) => (
                <li key={clientId}>
                  <Link to={`/clients/${clientId}#measures-title`}>{names.get(clientId) ?? 'Client'}</Link>: {list.map((d) => d.instrument.title).join(', ')}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </>
  );
}
