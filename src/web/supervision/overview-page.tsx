/**
 * The supervisor's overview (SPEC §3 C9; issue 15): one card per supervisee with their caseload at
 * a glance — clients, open courses, agreed and inferred alliances side by side, where the two
 * differ, the courses not on track and the open alerts — and how the supervision notes stand.
 * Figures only: the clients themselves are one click further, on the supervisee's page.
 */
import { ErrorNote, Loading } from '../components/notice.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { formatDay } from '../dates.ts';
import { Link } from '../router.tsx';
import { usePracticeZone, useSession } from '../session.tsx';
import { useResource } from '../use-resource.ts';
import { supervisionApi, superviseePath } from './api.ts';
import { AlertKinds, AllianceTable, FigureLine } from './parts.tsx';
import './supervision.css';

export function SupervisionOverviewPage() {
  const timeZone = usePracticeZone();
  const session = useSession();
  const overview = useResource(() => supervisionApi.overview(), []);
  return (
    <>
      <PageHeading title="Supervisees">
        {session.can['supervision-notes:own'] ? (
          <Link className="button secondary" to="/supervision/notes">
            Notes about your own work
          </Link>
        ) : null}
      </PageHeading>
      <p className="lede">
        The therapists you supervise, with their open courses: which alliance was agreed, which the evidence infers, and where the two part. Process notes are
        not shown here; a therapist can grant you theirs for training.
      </p>
      <ErrorNote message={overview.error} />
      {!overview.data ? (
        overview.error ? null : (
          <Loading what="Loading supervisees" />
        )
      ) : overview.data.supervisees.length === 0 ? (
        <p className="empty">No one is assigned to you for supervision yet. The practice admin assigns supervisors to therapists.</p>
      ) : (
        <div className="supervisee-grid">
          {overview.data.supervisees.map((s) => (
            <section key={s.id} className="card supervisee-card" aria-labelledby={`sv-${s.id}`}>
              <h2 id={`sv-${s.id}`}>
                <Link to={superviseePath(s.id)}>{s.name}</Link>
              </h2>
              <FigureLine figures={s.figures} />
              <AllianceTable figures={s.figures} caption="Alliances of open courses" />
              <h3>Open alerts</h3>
              <AlertKinds figures={s.figures} />
              <p className="muted">
                {s.notes.count === 0
                  ? 'No supervision notes yet.'
                  : `${s.notes.count} supervision note${s.notes.count === 1 ? '' : 's'}, ${s.notes.unacknowledged} not yet acknowledged; latest ${formatDay(s.notes.lastAt!, timeZone)}.`}
              </p>
              <Link className="button secondary" to={superviseePath(s.id)}>
                Open {s.name}’s caseload
              </Link>
            </section>
          ))}
        </div>
      )}
    </>
  );
}
