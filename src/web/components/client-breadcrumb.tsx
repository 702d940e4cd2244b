/**
 * The trail above a client's pages: the list the staff member came from (named as their navigation
 * names it: "Caseload" for whoever keeps clients, else "Clients"), the client, and the page itself.
 * On the client's own page the client is the last step, not a link.
 */
import type { ReactNode } from 'react';
import { Link } from '../router.tsx';
import { useSession } from '../session.tsx';

export function ClientBreadcrumb({
  clientId,
  name,
  here,
  anchor,
  className = 'breadcrumb',
}: {
  clientId: string;
  /** The client's name; undefined while it loads. */
  name: string | undefined;
  /** The page below the client, if any. */
  here?: string;
  /** A place on the client's page the link goes to (e.g. the session's row). */
  anchor?: string;
  className?: string;
}): ReactNode {
  const session = useSession();
  const list = session.can['clients:create'] ? 'Caseload' : 'Clients';
  const who = name ?? '…';
  return (
    <nav className={className} aria-label="Breadcrumb">
      <Link to="/clients">{list}</Link> <span aria-hidden="true">›</span>{' '}
      {here ? (
        <>
          <Link to={`/clients/${encodeURIComponent(clientId)}${anchor ? `#${anchor}` : ''}`}>{who}</Link> <span aria-hidden="true">›</span> {here}
        </>
      ) : (
        who
      )}
    </nav>
  );
}
