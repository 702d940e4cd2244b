/**
 * The client page's first lines (issue 13): the next session, what is due and the open alerts,
 * each in one line with a link to its section below — what a therapist needs before a session.
 */
import type { Client, CourseWithSessions } from '../api.ts';
import { formatDateTime } from '../dates.ts';
import { useResource } from '../use-resource.ts';
import { measuresApi } from '../measures/api.ts';
import { alertsApi } from '../alerts/api.ts';
import { KIND_WORDS } from '../alerts/alert-card.tsx';

/** `look`: moved on by the page when what is due or the alerts may have changed (answers saved), to read them again. */
export function ClientSummary({
  client,
  courses,
  timeZone,
  look = 0,
}: {
  client: Client;
  courses: readonly CourseWithSessions[] | undefined;
  timeZone: string;
  look?: number;
}) {
  const can = client.can;
  const due = useResource(async () => (can['measures:read'] ? measuresApi.due(client.id) : []), [client.id, look]);
  const alerts = useResource(async () => (can['alerts:client'] ? alertsApi.ofClient(client.id) : []), [client.id, look]);
  const now = new Date().toISOString();
  const next = (courses ?? [])
    .flatMap((k) => k.sessions)
    .filter((s) => s.status === 'scheduled' && s.startsAt > now)
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt))[0];
  const open = alerts.data ?? [];
  const safety = open.filter((a) => a.kind === 'safety').length;
  const kinds = [...new Set(open.map((a) => KIND_WORDS[a.kind] ?? a.kind))];
  return (
    <section className="card client-summary" aria-labelledby="summary-title">
      <h2 id="summary-title" className="visually-hidden">
        Summary
      </h2>
      <dl className="summary-lines">
        <div>
          <dt>Next session</dt>
          <dd>
            {next ? <a href="#courses-title">{formatDateTime(next.startsAt, timeZone)}</a> : <span className="muted">{courses ? 'None booked' : '…'}</span>}
          </dd>
        </div>
        {can['measures:read'] ? (
          <div>
            <dt>Due now</dt>
            <dd>
              {due.data === undefined ? (
                '…'
              ) : due.data.length ? (
                <a href="#measures-title">{[...new Set(due.data.map((d) => d.instrument.title))].join(', ')}</a>
              ) : (
                <span className="muted">Nothing due</span>
              )}
            </dd>
          </div>
        ) : null}
        {can['alerts:client'] ? (
          <div>
            <dt>Alerts</dt>
            <dd>
              {alerts.data === undefined ? (
                '…'
              ) : open.length ? (
                <a href="#client-alerts-title" className={safety ? 'alert-link safety' : 'alert-link'}>
                  {safety ? (
                    <span className="safety-icon" aria-hidden="true">
                      ⚠{' '}
                    </span>
                  ) : null}
                  {open.length} open: {kinds.join(', ')}
                </a>
              ) : (
                <span className="muted">None open</span>
              )}
            </dd>
          </div>
        ) : null}
      </dl>
    </section>
  );
}
