import { useMemo, useState } from 'react';
import { FREQUENCY_LABELS, SESSION_STATUS_LABELS } from '../../domain/people.ts';
import { api } from '../api.ts';
import type { CaseloadRow } from '../api.ts';
import { SelectField, TextField } from '../components/field.tsx';
import { ErrorNote, Loading } from '../components/notice.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { PHASE_LABELS } from '../components/course-words.tsx';
import { formatDateTime, formatDay } from '../dates.ts';
import { Link } from '../router.tsx';
import { usePracticeZone, useSession } from '../session.tsx';
import { useResource } from '../use-resource.ts';
import { AlertsCell, ScoresCell, useCaseloadMeasures } from '../measures/caseload-columns.tsx';

type SortKey = 'name' | 'therapist' | 'course' | 'last' | 'next' | 'attended';
type Sort = { key: SortKey; dir: 'ascending' | 'descending' };

const sortValue: Record<SortKey, (r: CaseloadRow) => string | number> = {
  name: (r) => r.name.toLowerCase(),
  therapist: (r) => r.therapistName.toLowerCase(),
  course: (r) => (r.course ? `${r.course.status === 'ended' ? 1 : 0}${FREQUENCY_LABELS[r.course.frequency]}` : '2'),
  last: (r) => r.lastSession?.startsAt ?? '',
  next: (r) => r.nextSession?.startsAt ?? '9999',
  attended: (r) => r.sessionsAttended,
};

function SortHeader({ label, k, sort, onSort, numeric = false }: { label: string; k: SortKey; sort: Sort; onSort(k: SortKey): void; numeric?: boolean }) {
  const active = sort.key === k;
  return (
    <th scope="col" aria-sort={active ? sort.dir : 'none'} className={numeric ? 'num' : undefined}>
      <button type="button" className="sort-button" onClick={() => onSort(k)}>
        {label}
        <span className="sort-mark" aria-hidden="true">
          {active ? (sort.dir === 'ascending' ? ' ▲' : ' ▼') : ' ↕'}
        </span>
        <span className="visually-hidden">{active ? `, sorted ${sort.dir}` : ', sort'}</span>
      </button>
    </th>
  );
}

function CourseCell({ row }: { row: CaseloadRow }) {
  if (!row.course) return <span className="muted">No course yet</span>;
  if (row.course.status === 'ended') return <span className="muted">Ended</span>;
  return (
    <>
      {FREQUENCY_LABELS[row.course.frequency]} · {PHASE_LABELS[row.course.phase]}
      {row.course.status === 'paused' ? ' (paused)' : ''}
    </>
  );
}

export function CaseloadPage() {
  const session = useSession();
  const timeZone = usePracticeZone();
  const rows = useResource(() => api.caseload(), []);
  const measures = useCaseloadMeasures();
  const [filter, setFilter] = useState('');
  const [therapistId, setTherapistId] = useState('');
  const [sort, setSort] = useState<Sort>({ key: 'name', dir: 'ascending' });
  // A therapist's list is their own caseload (they add clients to it); the therapist column is shown
  // when the caller also reads other therapists' clients (as their supervisor or the admin).
  const ownCaseload = session.can['clients:create'];
  const onlyOwn = !session.can['clients:others'];

  const shown = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    const list = (rows.data ?? []).filter((r) => (!needle || r.name.toLowerCase().includes(needle)) && (!therapistId || r.therapistId === therapistId));
    const value = sortValue[sort.key];
    const sign = sort.dir === 'ascending' ? 1 : -1;
    return [...list].sort((a, b) => {
      const x = value(a),
        y = value(b);
      return x < y ? -sign : x > y ? sign : 0;
    });
  }, [rows.data, filter, therapistId, sort]);
  const therapists = useMemo(() => {
    const seen = new Map((rows.data ?? []).map((r) => [r.therapistId, r.therapistName]));
    return [...seen].sort((a, b) => a[1].localeCompare(b[1])).map(([value, label]) => ({ value, label: value === session.user.id ? `${label} (you)` : label }));
  }, [rows.data, session.user.id]);

  const onSort = (key: SortKey) => setSort((s) => ({ key, dir: s.key === key && s.dir === 'ascending' ? 'descending' : 'ascending' }));

  return (
    <>
      <PageHeading title={ownCaseload ? 'Caseload' : 'Clients'}>
        {ownCaseload ? (
          <Link className="button primary" to="/clients/new">
            Add a client
          </Link>
        ) : null}
      </PageHeading>
      <ErrorNote message={rows.error} />
      {!rows.data ? (
        rows.error ? null : (
          <Loading what="Loading clients" />
        )
      ) : rows.data.length === 0 ? (
        <p className="empty">
          {ownCaseload
            ? 'No clients yet. Add your first client to start.'
            : 'No clients to show. Supervisors see the clients of the therapists they supervise.'}
        </p>
      ) : (
        <>
          <div className="toolbar">
            <div className="filters">
              <TextField label="Filter by name" type="search" value={filter} onChange={(e) => setFilter(e.target.value)} className="filter" />
              {therapists.length > 1 ? (
                <SelectField
                  label="Therapist"
                  value={therapistId}
                  onChange={(e) => setTherapistId(e.target.value)}
                  options={[{ value: '', label: 'All therapists' }, ...therapists]}
                  className="filter"
                />
              ) : null}
            </div>
            <p className="count" role="status">
              Showing {shown.length} of {rows.data.length} clients
            </p>
          </div>
          <div className="table-wrap">
            <table className="caseload">
              <thead>
                <tr>
                  <SortHeader label="Client" k="name" sort={sort} onSort={onSort} />
                  {onlyOwn ? null : <SortHeader label="Therapist" k="therapist" sort={sort} onSort={onSort} />}
                  <SortHeader label="Course" k="course" sort={sort} onSort={onSort} />
                  <SortHeader label="Last session" k="last" sort={sort} onSort={onSort} />
                  <SortHeader label="Next session" k="next" sort={sort} onSort={onSort} />
                  <SortHeader label="Attended" k="attended" sort={sort} onSort={onSort} numeric />
                  {measures ? (
                    <>
                      <th scope="col">Latest scores</th>
                      <th scope="col">Alerts</th>
                    </>
                  ) : null}
                </tr>
              </thead>
              <tbody>
                {shown.map((r) => (
                  <tr key={r.id}>
                    <th scope="row">
                      <Link to={`/clients/${r.id}`}>{r.name}</Link>
                      {r.status === 'archived' ? <span className="muted"> (archived)</span> : null}
                    </th>
                    {onlyOwn ? null : <td>{r.therapistName}</td>}
                    <td>
                      <CourseCell row={r} />
                    </td>
                    <td>
                      {r.lastSession ? (
                        <>
                          {formatDay(r.lastSession.startsAt, timeZone)}
                          <br />
                          <span className="muted">{SESSION_STATUS_LABELS[r.lastSession.status]}</span>
                        </>
                      ) : (
                        <span className="muted">None</span>
                      )}
                    </td>
                    <td>{r.nextSession ? formatDateTime(r.nextSession.startsAt, timeZone) : <span className="muted">None booked</span>}</td>
                    <td className="num">{r.sessionsAttended}</td>
                    {measures ? (
                      <>
                        <td>
                          <ScoresCell row={measures.get(r.id)} />
                        </td>
                        <td>
                          <AlertsCell row={measures.get(r.id)} clientId={r.id} />
                        </td>
                      </>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </>
  );
}
