/**
 * The client's own copy of their record as a readable page (GDPR Art. 15): who they are to the
 * practice, their courses and sessions, their goals, the questionnaires they answered, and who
 * read their record. On screen a phone-first page; on paper A4 without navigation or buttons
 * (record.css). The same content, as a file, is the FHIR download.
 */
import { ErrorNote, Loading } from '../components/notice.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { Link } from '../router.tsx';
import { usePracticeZone, useSession } from '../session.tsx';
import { useResource } from '../use-resource.ts';
import { formatCalendarDate, formatDateTime } from '../dates.ts';
import type { ReadableRecord } from './api.ts';
import { rightsApi } from './api.ts';
import './record.css';

const FREQUENCY: Readonly<Record<string, string>> = {
  weekly: 'Weekly',
  twice_weekly: 'Twice a week',
  fortnightly: 'Every two weeks',
  monthly: 'Monthly',
  as_needed: 'As needed',
};
const COURSE_STATUS: Readonly<Record<string, string>> = { active: 'Active', paused: 'Paused', ended: 'Ended' };
const SESSION_STATUS: Readonly<Record<string, string>> = {
  scheduled: 'Scheduled',
  attended: 'Attended',
  cancelled_early: 'Cancelled by you (in good time)',
  cancelled_late: 'Cancelled by you (late)',
  no_show: 'Missed',
  cancelled_by_therapist: 'Cancelled by your therapist',
  planned_break: 'Planned break',
};
const GOAL_STATE: Readonly<Record<string, string>> = { proposed: 'Proposed', agreed: 'Agreed', achieved: 'Achieved', revised: 'Revised', dropped: 'Dropped' };
const OUTCOME: Readonly<Record<string, string>> = { ok: 'Allowed', denied: 'Refused', failed: 'Failed' };
/** An audit action's code in words: `measures:read` → "measures read". */
const inWords = (action: string) => action.replace(/[:._-]+/g, ' ');
const day = (iso: string) => formatCalendarDate(iso.slice(0, 10), 'short');

function Record({ r, clientId, timeZone }: { r: ReadableRecord; clientId: string; timeZone: string }) {
  return (
    <article className="readable-record">
      <p className="record-meta">
        {r.practiceName} · made {formatDateTime(r.generatedAt, timeZone)} · <strong>Confidential</strong>
      </p>
      <section aria-labelledby="rec-you">
        <h2 id="rec-you">About you</h2>
        <dl className="facts">
          <div>
            <dt>Name</dt>
            <dd>{r.client.name}</dd>
          </div>
          <div>
            <dt>Email</dt>
            <dd>{r.client.email ?? '—'}</dd>
          </div>
          <div>
            <dt>Phone</dt>
            <dd>{r.client.phone ?? '—'}</dd>
          </div>
          <div>
            <dt>Date of birth</dt>
            <dd>{r.client.dateOfBirth ? formatCalendarDate(r.client.dateOfBirth) : '—'}</dd>
          </div>
        </dl>
      </section>
      {r.courses.map((c) => (
        <section key={c.id} aria-label={`Therapy from ${day(c.startedOn)}`}>
          <h2>
            Therapy with {c.therapistName} from {day(c.startedOn)}
            {c.endedOn ? ` to ${day(c.endedOn)}` : ''}
          </h2>
          <p>
            {FREQUENCY[c.frequency] ?? c.frequency} · {COURSE_STATUS[c.status] ?? c.status}
          </p>
          <h3>Sessions ({c.sessions.length})</h3>
          {c.sessions.length ? (
            <table className="record-table">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Minutes</th>
                  <th scope="col">What happened</th>
                </tr>
              </thead>
              <tbody>
                {c.sessions.map((s) => (
                  <tr key={s.id}>
                    <td>{formatDateTime(s.startsAt, timeZone)}</td>
                    <td className="num">{s.durationMinutes}</td>
                    <td>{SESSION_STATUS[s.status] ?? s.status}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p>No sessions recorded.</p>
          )}
          <h3>Goals ({c.goals.length})</h3>
          {c.goals.length ? (
            <ul className="record-goals">
              {c.goals.map((g) => (
                <li key={g.id}>
                  <strong>{g.text}</strong>
                  <br />
                  {GOAL_STATE[g.state] ?? g.state} · proposed by {g.author === 'client' ? 'you' : 'your therapist'} on {day(g.proposedAt)} · {g.focusLabel}
                  {g.ratings.length ? ` · progress ${g.ratings.map((x) => `${x.value}/10 (${day(x.at)})`).join(', ')}` : ''}
                </li>
              ))}
            </ul>
          ) : (
            <p>No goals recorded.</p>
          )}
        </section>
      ))}
      <section aria-labelledby="rec-answers">
        <h2 id="rec-answers">Questionnaires you answered ({r.responses.length})</h2>
        {r.responses.length ? (
          <table className="record-table">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Questionnaire</th>
                <th scope="col">Score</th>
              </tr>
            </thead>
            <tbody>
              {r.responses.map((x) => (
                <tr key={x.id}>
                  <td>{formatDateTime(x.completedAt, timeZone)}</td>
                  <td>{x.instrumentTitle}</td>
                  <td>
                    {x.total ?? '—'}
                    {x.band ? ` (${x.band})` : ''}
                    {x.corrected ? ' · corrected later' : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>None yet.</p>
        )}
      </section>
      <section aria-labelledby="rec-access">
        <h2 id="rec-access">Who opened or changed your record ({r.accesses.length})</h2>
        <table className="record-table">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">What</th>
              <th scope="col">Result</th>
            </tr>
          </thead>
          <tbody>
            {r.accesses.map((a, i) => (
              <tr key={i}>
                <td>{formatDateTime(a.at, timeZone)}</td>
                <td>{a.who}</td>
                <td>{inWords(a.action)}</td>
                <td>{OUTCOME[a.outcome] ?? a.outcome}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <p className="record-foot">
        Not included: your therapist’s private process notes, which the law lets them keep apart. <a href={rightsApi.fhirUrl(clientId)}>Download this record</a>{' '}
        as a FHIR R4 file to take it to another service.
      </p>
    </article>
  );
}

export function RecordPage({ clientId }: { clientId: string }) {
  const timeZone = usePracticeZone();
  const record = useResource(() => rightsApi.record(clientId), [clientId]);
  return (
    <>
      <nav className="breadcrumb no-print" aria-label="Breadcrumb">
        <Link to="/portal">Your portal</Link> <span aria-hidden="true">›</span> Your record
      </nav>
      <PageHeading title="Your record" />
      <p className="no-print record-links">
        <button type="button" className="button" onClick={() => window.print()}>
          Print
        </button>
        <a className="button" href={rightsApi.fhirUrl(clientId)} download>
          Download (FHIR file)
        </a>
      </p>
      <ErrorNote message={record.error} />
      {record.data ? <Record r={record.data} clientId={clientId} timeZone={timeZone} /> : record.error ? null : <Loading />}
    </>
  );
}

/** The signed-in client's own record (the portal's page). */
export function OwnRecordPage() {
  const session = useSession();
  const clientId = session.user.clientId;
  return clientId ? <RecordPage clientId={clientId} /> : <ErrorNote message="This account has no record of its own." />;
}
