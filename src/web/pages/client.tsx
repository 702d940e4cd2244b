import { useState } from 'react';
import { api } from '../api.ts';
import type { Client } from '../api.ts';
import { ClientDetails } from '../components/client-details.tsx';
import { ClientRecordPanel } from '../components/client-record-panel.tsx';
import { CourseCard } from '../components/course-card.tsx';
import { DoneNote, ErrorNote, InfoNote, Loading } from '../components/notice.tsx';
import { OpenCourseForm } from '../components/open-course-form.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { PortalPanel } from '../components/portal-panel.tsx';
import { Link } from '../router.tsx';
import { hasRole, usePracticeZone, useSession } from '../session.tsx';
import { useResource } from '../use-resource.ts';
import { ClientMeasures } from '../measures/client-measures.tsx';
import { ClientAlerts } from '../alerts/inbox-page.tsx';
import { ClientCues } from '../cues/client-cues.tsx';

/** One client: details, portal, courses of therapy with their sessions. Supervisors read only. */
export function ClientPage({ clientId }: { clientId: string }) {
  const session = useSession();
  const timeZone = usePracticeZone();
  const client = useResource(() => api.client(clientId), [clientId]);
  const courses = useResource(() => api.courses(clientId), [clientId]);
  const [done, setDone] = useState<string | null>(null);

  if (!client.data) {
    return (
      <>
        <PageHeading title={client.error ? 'Client not found' : 'Client'} />
        {client.error ? <><ErrorNote message={client.error} /><p><Link to="/clients">Back to the caseload</Link></p></> : <Loading />}
      </>
    );
  }
  const c: Client = client.data;
  const assigned = hasRole(session, 'therapist') && c.therapistId === session.user.id;
  const isAdmin = hasRole(session, 'admin');
  const canEditDetails = assigned || isAdmin;
  // Measures and alerts: the assigned therapist and the supervisor (SPEC §2); the admin sees neither.
  const clinical = assigned || hasRole(session, 'supervisor');
  const changed = (message: string) => { setDone(message); void courses.reload(); };
  const open = courses.data?.some((k) => k.status !== 'ended') ?? true;

  return (
    <>
      <nav className="breadcrumb" aria-label="Breadcrumb"><Link to="/clients">{hasRole(session, 'therapist') ? 'Caseload' : 'Clients'}</Link> <span aria-hidden="true">›</span> {c.name}</nav>
      <PageHeading title={c.name}>
        {assigned || hasRole(session, 'supervisor') ? <Link className="button" to={`/clients/${c.id}/alliance`}>Alliance ledger</Link> : null}
        {assigned ? <Link className="button secondary" to={`/clients/${c.id}/access-report`}>Access report</Link> : null}
      </PageHeading>
      {!assigned ? (
        <InfoNote>
          {isAdmin
            ? <>{c.therapistName} is this client’s therapist; only they record courses and sessions. As administrator you can correct the client’s details and portal account, archive the client or move them to another therapist.</>
            : <><strong>Read-only.</strong> {c.therapistName} is this client’s therapist; only they record courses and sessions.</>}
        </InfoNote>
      ) : null}
      <DoneNote message={done} />
      <div className="columns">
        <div className="column-side">
          <ClientDetails key={c.name + JSON.stringify(c.contact)} client={c} canEdit={canEditDetails} onSaved={() => void client.reload()} />
          <PortalPanel client={c} canInvite={assigned} canSwitch={canEditDetails} onChanged={() => void client.reload()} />
          {canEditDetails ? <ClientRecordPanel client={c} canReassign={isAdmin} onChanged={() => void client.reload()} /> : null}
        </div>
        <div className="column-main">
        {clinical ? <ClientAlerts clientId={c.id} /> : null}
        {clinical && courses.data ? <ClientMeasures clientId={c.id} courses={courses.data} canEdit={assigned} timeZone={timeZone} /> : null}
        {clinical ? <ClientCues clientId={c.id} timeZone={timeZone} /> : null}
        <section aria-labelledby="courses-title">
          <h2 id="courses-title">Courses of therapy</h2>
          <ErrorNote message={courses.error} />
          {!courses.data ? <Loading /> : (
            <>
              {assigned && !open ? <OpenCourseForm clientId={c.id} collapsed={courses.data.length > 0} onOpened={() => changed('The course was opened.')} /> : null}
              {courses.data.length === 0 && !assigned ? <p className="muted">No course of therapy yet.</p> : null}
              {[...courses.data].sort((a, b) => b.startedOn.localeCompare(a.startedOn)).map((k) => (
                <CourseCard key={k.id} course={k} canEdit={assigned} onChanged={changed} />
              ))}
            </>
          )}
        </section>
        </div>
      </div>
    </>
  );
}
