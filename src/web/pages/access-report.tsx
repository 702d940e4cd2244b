import { api } from '../api.ts';
import { AuditTable } from '../components/audit-table.tsx';
import { ErrorNote, Loading } from '../components/notice.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { Link } from '../router.tsx';
import { usePracticeZone } from '../session.tsx';
import { useResource } from '../use-resource.ts';

/** Who has read or changed one client's record (the latest 200 entries). */
export function AccessReportPage({ clientId }: { clientId: string }) {
  const timeZone = usePracticeZone();
  const client = useResource(() => api.client(clientId), [clientId]);
  const rows = useResource(() => api.accessReport(clientId), [clientId]);
  const name = client.data?.name ?? 'Client';
  return (
    <>
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <Link to="/clients">Caseload</Link> <span aria-hidden="true">›</span> <Link to={`/clients/${clientId}`}>{name}</Link> <span aria-hidden="true">›</span>{' '}
        Access report
      </nav>
      <PageHeading title={`Access report: ${name}`} />
      <p className="lead">Everyone who opened or changed this record, newest first. Viewing this report is recorded too.</p>
      <ErrorNote message={rows.error} />
      {rows.data ? <AuditTable rows={rows.data} timeZone={timeZone} caption="Accesses to this record" showClient={false} /> : rows.error ? null : <Loading />}
    </>
  );
}
