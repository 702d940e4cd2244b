/**
 * The caseload (SPEC §3 C8): every client on one screen, most urgent first — clients with an open
 * safety alert pinned above the rest whatever the sort, marked by colour, a word and an icon —
 * with alerts, latest scores, agreed and inferred alliance and its trend, course and sessions.
 * Every column sorts from its header button (keyboard and screen reader alike: aria-sort). On a
 * phone each client is a card that keeps risk and scores first.
 */
import { useEffect, useMemo, useState } from 'react';
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
import { usePaged, useSettled } from '../use-paged.ts';
import { AlertsCell, AllianceCell, alertUrgency, ScoresCell, scoreConcern, TrendCell, useCaseloadMeasures } from '../measures/caseload-columns.tsx';
import type { CaseloadMeasuresRow } from '../measures/api.ts';
import { ScrollBox } from '../components/scroll-box.tsx';

type SortKey = 'urgency' | 'name' | 'therapist' | 'scores' | 'agreed' | 'inferred' | 'course' | 'last' | 'next' | 'attended';
type Sort = { key: SortKey; dir: 'ascending' | 'descending' };
type Row = CaseloadRow & { m: CaseloadMeasuresRow | undefined };

const sortValue: Record<SortKey, (r: Row) => string | number> = {
  urgency: (r) => alertUrgency(r.m),
  name: (r) => r.name.toLowerCase(),
  therapist: (r) => r.therapistName.toLowerCase(),
  // Highest concern first when ascending: the worst latest score, as a share of its scale.
  scores: (r) => -scoreConcern(r.m),
  agreed: (r) => r.m?.alliance.agreed ?? '~',
  inferred: (r) => r.m?.alliance.inferred ?? '~',
  course: (r) => (r.course ? `${r.course.status === 'ended' ? 1 : 0}${FREQUENCY_LABELS[r.course.frequency]}` : '2'),
  last: (r) => r.lastSession?.startsAt ?? '',
  next: (r) => r.nextSession?.startsAt ?? '9999',
  attended: (r) => r.sessionsAttended,
};

const hasSafety = (r: Row) => (r.m?.alerts.safety ?? 0) > 0;

function SortHeader({
  label,
  k,
  sort,
  onSort,
  numeric = false,
  className,
}: {
  label: string;
  k: SortKey;
  sort: Sort;
  onSort(k: SortKey): void;
  numeric?: boolean;
  className?: string;
}) {
  const active = sort.key === k;
  // A two-word label may wrap (the table then fits a laptop's width); the mark stays with the last word.
  const cut = label.lastIndexOf(' ');
  return (
    <th scope="col" aria-sort={active ? sort.dir : 'none'} className={[numeric ? 'num' : '', className ?? ''].join(' ').trim() || undefined}>
      <button type="button" className="sort-button" onClick={() => onSort(k)}>
        {cut > 0 ? `${label.slice(0, cut)} ` : ''}
        <span className="nowrap">
          {label.slice(cut + 1)}
          <span className="sort-mark" aria-hidden="true">
            {active ? (sort.dir === 'ascending' ? ' ▲' : ' ▼') : ' ↕'}
          </span>
        </span>
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

/** Clients a page of the list shows (the admin's client list pages; a therapist's caseload fits one page). */
const CLIENT_PAGE_SIZE = 50;

export function CaseloadPage() {
  const session = useSession();
  const timeZone = usePracticeZone();
  const [filter, setFilter] = useState('');
  // A list that fits one page (a therapist's caseload) is filtered here as you type; a longer one
  // (the admin's client list) pages ("Load more") and its search asks the server, by name words.
  const [paged, setPaged] = useState(false);
  const settled = useSettled(filter.trim());
  const serverQ = paged && /[\p{L}\p{N}]/u.test(settled) ? settled : '';
  const rows = usePaged((after) => api.caseloadPage({ after, q: serverQ || undefined, limit: CLIENT_PAGE_SIZE }), [serverQ]);
  useEffect(() => {
    if (!serverQ && rows.more) setPaged(true);
  }, [rows.more, serverQ]);
  // The measures of the rows loaded, never of the whole practice.
  const loadedIds = useMemo(() => (rows.items ? rows.items.map((r) => r.id) : null), [rows.items]);
  const measures = useCaseloadMeasures(loadedIds);
  const [therapistId, setTherapistId] = useState('');
  const [sort, setSort] = useState<Sort>({ key: 'urgency', dir: 'ascending' });
  // A therapist's list is their own caseload (they add clients to it); the therapist column is shown
  // when the caller also reads other therapists' clients (as their supervisor or the admin).
  const ownCaseload = session.can['clients:create'];
  const onlyOwn = !session.can['clients:others'];

  const shown = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    const list: Row[] = (rows.items ?? [])
      .filter((r) => (paged || !needle || r.name.toLowerCase().includes(needle)) && (!therapistId || r.therapistId === therapistId))
      .map((r) => ({ ...r, m: measures?.get(r.id) }));
    const value = sortValue[sort.key];
    const sign = sort.dir === 'ascending' ? 1 : -1;
    const byName = sortValue.name;
    return list.sort((a, b) => {
      // Safety is pinned first, whatever the sort.
      const pin = Number(hasSafety(b)) - Number(hasSafety(a));
      if (pin) return pin;
      const x = value(a),
        y = value(b);
      if (x !== y) return x < y ? -sign : sign;
      const p = byName(a),
        q = byName(b);
      return p < q ? -1 : p > q ? 1 : 0;
    });
  }, [rows.items, paged, measures, filter, therapistId, sort]);
  const therapists = useMemo(() => {
    const seen = new Map((rows.items ?? []).map((r) => [r.therapistId, r.therapistName]));
    return [...seen].sort((a, b) => a[1].localeCompare(b[1])).map(([value, label]) => ({ value, label: value === session.user.id ? `${label} (you)` : label }));
  }, [rows.items, session.user.id]);
  const safetyCount = shown.filter(hasSafety).length;

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
      {!rows.items ? (
        rows.error ? null : (
          <Loading what="Loading clients" />
        )
      ) : rows.items.length === 0 && !paged ? (
        <p className="empty">
          {ownCaseload
            ? 'No clients yet. Add your first client to start.'
            : 'No clients to show. Supervisors see the clients of the therapists they supervise.'}
        </p>
      ) : (
        <>
          {safetyCount > 0 ? (
            <p className="safety-banner" role="note">
              <span className="safety-icon" aria-hidden="true">
                ⚠
              </span>{' '}
              <strong>{safetyCount === 1 ? '1 client has' : `${safetyCount} clients have`} an open safety alert, pinned at the top.</strong>
            </p>
          ) : null}
          <div className="toolbar">
            <div className="filters">
              <TextField
                label={paged ? 'Search clients by name' : 'Filter by name'}
                type="search"
                value={filter}
                onChange={(e) => setFilter(e.target.value)}
                className="filter"
              />
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
              {paged
                ? `Showing ${shown.length} ${serverQ ? 'matching ' : ''}client${shown.length === 1 ? '' : 's'}${rows.more ? ', more to load' : ''}`
                : `Showing ${shown.length} of ${rows.items.length} clients`}
            </p>
          </div>
          <ScrollBox label="Clients">
            <table className="caseload">
              <caption className="visually-hidden">Clients, most urgent first; clients with a safety alert are pinned at the top</caption>
              <thead>
                <tr>
                  <SortHeader label="Client" k="name" sort={sort} onSort={onSort} />
                  {measures ? (
                    <>
                      <SortHeader label="Alerts" k="urgency" sort={sort} onSort={onSort} />
                      <SortHeader label="Latest scores" k="scores" sort={sort} onSort={onSort} />
                      <SortHeader label="Agreed alliance" k="agreed" sort={sort} onSort={onSort} className="wide" />
                      <SortHeader label="Inferred alliance" k="inferred" sort={sort} onSort={onSort} className="wide" />
                    </>
                  ) : null}
                  {onlyOwn ? null : <SortHeader label="Therapist" k="therapist" sort={sort} onSort={onSort} className="wide" />}
                  <SortHeader label="Course" k="course" sort={sort} onSort={onSort} className="wide" />
                  <SortHeader label="Last session" k="last" sort={sort} onSort={onSort} className="wide" />
                  <SortHeader label="Next session" k="next" sort={sort} onSort={onSort} />
                  <SortHeader label="Attended" k="attended" sort={sort} onSort={onSort} numeric className="wide roomy" />
                </tr>
              </thead>
              <tbody>
                {shown.map((r) => (
                  <tr key={r.id} className={hasSafety(r) ? 'safety-row' : undefined}>
                    <th scope="row">
                      <Link to={`/clients/${r.id}`}>{r.name}</Link>
                      {r.status === 'archived' ? <span className="muted"> (archived)</span> : null}
                    </th>
                    {measures ? (
                      <>
                        <td data-label="Alerts">
                          <AlertsCell row={r.m} clientId={r.id} />
                        </td>
                        <td data-label="Scores">
                          <ScoresCell row={r.m} />
                        </td>
                        <td className="wide" data-label="Agreed">
                          <AllianceCell type={r.m?.alliance.agreed ?? null} none="None agreed" />
                        </td>
                        <td className="wide" data-label="Inferred">
                          <TrendCell row={r.m} />
                        </td>
                      </>
                    ) : null}
                    {onlyOwn ? null : (
                      <td className="wide" data-label="Therapist">
                        {r.therapistName}
                      </td>
                    )}
                    <td className="wide" data-label="Course">
                      <CourseCell row={r} />
                    </td>
                    <td className="wide" data-label="Last session">
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
                    <td data-label="Next">{r.nextSession ? formatDateTime(r.nextSession.startsAt, timeZone) : <span className="muted">None booked</span>}</td>
                    <td className="num wide roomy" data-label="Attended">
                      {r.sessionsAttended}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollBox>
          {paged && shown.length === 0 && !rows.loading ? <p className="empty">No clients match this search.</p> : null}
          {rows.more ? (
            <p>
              <button type="button" className="button" disabled={rows.loading} onClick={() => void rows.loadMore()}>
                Load more clients
              </button>
            </p>
          ) : null}
        </>
      )}
    </>
  );
}
