import { api } from '../api.ts';
import { AuditTable } from '../components/audit-table.tsx';
import { ErrorNote, Loading } from '../components/notice.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { usePracticeZone } from '../session.tsx';
import { useResource } from '../use-resource.ts';
import { ClientBreadcrumb } from '../components/client-breadcrumb.tsx';

/** Who has read or changed one client's record (the latest 200 entries). */
export function AccessReportPage({ clientId }: { clientId: string }) {
  const timeZone = usePracticeZone();
  const client = useResource(() => api.client(clientId), [clientId]);
  const rows = useResource(() => api.accessReport(clientId), [clientId]);
  const name = client.data?.name ?? 'Client';
  return (
    <>
      <ClientBreadcrumb clientId={clientId} name={client.data?.name} here="Access report" />
      <PageHeading title={`Access report: ${name}`} />
      <p className="lead">Everyone who opened or changed this record, newest first. Viewing this report is recorded too.</p>
      <ErrorNote message={rows.error} />
      {rows.data ? <AuditTable rows={rows.data} timeZone={timeZone} caption="Accesses to this record" showClient={false} /> : rows.error ? null : <Loading />}
    </>
  );
}
