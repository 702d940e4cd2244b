import { Fragment, useState } from 'react';
import { api } from '../api.ts';
import type { Client } from '../api.ts';
import { ClientDetails } from '../components/client-details.tsx';
import { ClientRecordPanel } from '../components/client-record-panel.tsx';
import { CourseCard } from '../components/course-card.tsx';
import { DoneNote, ErrorNote, InfoNote, Loading } from '../components/notice.tsx';
import { OpenCourseForm } from '../components/open-course-form.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { PortalPanel } from '../components/portal-panel.tsx';
import { ClientSummary } from '../components/client-summary.tsx';
import { PrintButton, PrintFrame } from '../components/print-frame.tsx';
import { Link, navigate } from '../router.tsx';
import { usePracticeZone } from '../session.tsx';
import { useResource } from '../use-resource.ts';
import { ClientMeasures } from '../measures/client-measures.tsx';
import { ClientAlerts } from '../alerts/inbox-page.tsx';
import { ClientCues } from '../cues/client-cues.tsx';
import { ClientProcessNotes } from '../process-notes/client-process-notes.tsx';
import { sessionNotesPath } from '../process-notes/api.ts';
import { NoteDatesPanel } from '../notes/note-dates-panel.tsx';
import { EndingPanel } from '../ending/ending-panel.tsx';
import { ExportLinks } from '../data-rights/export-links.tsx';
import { SkillsPanel } from '../skills/skills-panel.tsx';
import { ErasurePanel } from '../data-rights/erasure-panel.tsx';
import { ClientBreadcrumb } from '../components/client-breadcrumb.tsx';

/**
 * One client: details, portal, courses of therapy with their sessions. Supervisors read only.
 * What is offered is what the client record says the caller may do (`can`).
 */
export function ClientPage({ clientId }: { clientId: string }) {
  const timeZone = usePracticeZone();
  const client = useResource(() => api.client(clientId), [clientId]);
  const courses = useResource(() => api.courses(clientId), [clientId]);
  const [done, setDone] = useState<string | null>(null);
  // Answers saved here may raise outcome alerts a moment later (their outcome check is decided after
  // the answer): the Alerts section and the summary look again at once and once more shortly after.
  const [alertsLook, setAlertsLook] = useState(0);
  const answersSaved = () => {
    setAlertsLook((n) => n + 1);
    setTimeout(() => setAlertsLook((n) => n + 1), 1_500);
  };

  if (!client.data) {
    return (
      <>
        <PageHeading title={client.error ? 'Client not found' : 'Client'} />
        {client.error ? (
          <>
            <ErrorNote message={client.error} />
            <p>
              <Link to="/clients">Back to the caseload</Link>
            </p>
          </>
        ) : (
          <Loading />
        )}
      </>
    );
  }
  const c: Client = client.data;
  const can = c.can;
  // Only the assigned therapist records courses and sessions (SPEC §2).
  const records = can['course:write'];
  const changed = (message: string) => {
    setDone(message);
    void courses.reload();
  };
  const open = courses.data?.some((k) => k.status !== 'ended') ?? true;

  return (
    <PrintFrame clientName={c.name}>
      <ClientBreadcrumb className="breadcrumb no-print" clientId={c.id} name={c.name} />
      <PageHeading title={c.name}>
        <PrintButton />
        {can['alliance:read'] ? (
          <Link className="button" to={`/clients/${c.id}/alliance`}>
            Alliance ledger
          </Link>
        ) : null}
        {can['client:access-report'] ? (
          <Link className="button secondary" to={`/clients/${c.id}/access-report`}>
            Access report
          </Link>
        ) : null}
        {can['export:client'] ? <ExportLinks clientId={c.id} name={c.name} /> : null}
      </PageHeading>
      {!records ? (
        <InfoNote>
          {can['client:reassign'] ? (
            <>
              {c.therapistName} is this client’s therapist; only they record courses and sessions. As administrator you can correct the client’s details and
              portal account, archive the client or move them to another therapist.
            </>
          ) : (
            <>
              <strong>Read-only.</strong> {c.therapistName} is this client’s therapist; only they record courses and sessions.
            </>
          )}
        </InfoNote>
      ) : null}
      <ClientSummary client={c} courses={courses.data} timeZone={timeZone} look={alertsLook} />
      <DoneNote message={done} />
      <div className="columns">
        <div className="column-side">
          <ClientDetails key={c.name + JSON.stringify(c.contact)} client={c} canEdit={can['client:update']} onSaved={() => void client.reload()} />
          <PortalPanel
            client={c}
            canInvite={can['client:invite']}
            canSwitch={can['client:update']}
            canChooseScores={can['measures:assign']}
            onChanged={() => void client.reload()}
          />
          {can['client:update'] ? <ClientRecordPanel client={c} canReassign={can['client:reassign']} onChanged={() => void client.reload()} /> : null}
          {can['erasure:read'] ? (
            <ErasurePanel
              clientId={c.id}
              name={c.name}
              canErase={!!can['erasure:erase']}
              canHold={!!can['erasure:hold']}
              onErased={() => navigate('/clients')}
            />
          ) : null}
        </div>
        <div className="column-main">
          {can['alerts:client'] ? <ClientAlerts clientId={c.id} look={alertsLook} /> : null}
          {can['measures:read'] && courses.data ? (
            <ClientMeasures
              clientId={c.id}
              courses={courses.data}
              canAssign={can['measures:assign']}
              canEnter={can['measures:submit']}
              timeZone={timeZone}
              onSaved={answersSaved}
            />
          ) : null}
          {can['cues:read'] ? <ClientCues clientId={c.id} timeZone={timeZone} /> : null}
          {can['process-notes:list'] ? <ClientProcessNotes clientId={c.id} timeZone={timeZone} canGrant={!!can['process-notes:grant']} /> : null}
          {can['notes:index'] && !can['notes:read'] ? <NoteDatesPanel clientId={c.id} timeZone={timeZone} /> : null}
          <section aria-labelledby="courses-title">
            <h2 id="courses-title">Courses of therapy</h2>
            <ErrorNote message={courses.error} />
            {!courses.data ? (
              <Loading />
            ) : (
              <>
                {records && !open ? (
                  <OpenCourseForm clientId={c.id} collapsed={courses.data.length > 0} onOpened={() => changed('The course was opened.')} />
                ) : null}
                {courses.data.length === 0 && !records ? <p className="muted">No course of therapy yet.</p> : null}
                {[...courses.data]
                  .sort((a, b) => b.startedOn.localeCompare(a.startedOn))
                  .map((k) => (
                    <Fragment key={k.id}>
                      <CourseCard
                        course={k}
                        canEdit={k.can['course:write']}
                        onChanged={changed}
                        notesHref={can['process-notes:list'] ? (sessionId) => sessionNotesPath(c.id, sessionId) : undefined}
                      />
                      {k.can['ending:read'] && (k.phase === 'termination' || k.status === 'ended') ? (
                        <EndingPanel key={`${k.status}-${k.phase}`} courseId={k.id} />
                      ) : null}
                      {k.can['skills:read'] ? <SkillsPanel courseId={k.id} /> : null}
                    </Fragment>
                  ))}
              </>
            )}
          </section>
        </div>
      </div>
    </PrintFrame>
  );
}
