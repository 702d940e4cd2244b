/**
 * The frame around every signed-in page: skip link, header with the practice name and the
 * navigation the session says the user may use (`can`), the main landmark, and sign-out.
 */
import { useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { Link, useLocation } from '../router.tsx';
import { useSession, useSessionApi } from '../session.tsx';
import type { Session } from '../api.ts';
import { alertsApi } from '../alerts/api.ts';
import type { AlertCount } from '../alerts/api.ts';

type NavItem = { to: string; label: string };

/** How many alerts wait (and how many are about safety), fetched again on every navigation. */
function useAlertCount(enabled: boolean, path: string): AlertCount | null {
  const [count, setCount] = useState<AlertCount | null>(null);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    alertsApi.count().then(
      (c) => live && setCount(c),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [enabled, path]);
  return count;
}

function AlertBadge({ count }: { count: AlertCount | null }) {
  if (!count || count.active === 0) return null;
  const safety = count.safety ?? 0;
  return (
    <>
      {' '}
      <span className={safety ? 'nav-badge safety' : 'nav-badge'}>
        {safety ? (
          <span aria-hidden="true" className="safety-icon">
            ⚠{' '}
          </span>
        ) : null}
        {count.active}
      </span>
      <span className="visually-hidden">{safety ? ` open, ${safety} about safety` : ' open'}</span>
    </>
  );
}

function navFor(session: Session): NavItem[] {
  const items: NavItem[] = [];
  const can = session.can;
  if (can['alerts:client']) items.push({ to: '/today', label: 'Today' });
  // A therapist's list is their caseload (they add clients to it); others read the clients they oversee.
  if (can['clients:list']) items.push({ to: '/clients', label: can['clients:create'] ? 'Caseload' : 'Clients' });
  if (can['alerts:client']) items.push({ to: '/alerts', label: 'Alerts' });
  if (can['reports:practice']) items.push({ to: '/reports', label: 'Report' });
  if (can['import:practice']) items.push({ to: '/import', label: 'Import' });
  if (can['users:manage']) items.push({ to: '/admin/staff', label: 'Staff' });
  if (can['supervision:manage']) items.push({ to: '/admin/supervision', label: 'Supervision' });
  if (can['practice:update']) items.push({ to: '/admin/practice', label: 'Practice' });
  if (can['audit:read']) items.push({ to: '/admin/audit', label: 'Audit log' });
  if (can['mail:manage']) items.push({ to: '/admin/mail', label: 'Mail' });
  if (can.portal) items.push({ to: '/portal', label: 'My therapy' });
  items.push({ to: '/account', label: 'Account' });
  return items;
}

export function SkipLink() {
  return (
    <a className="skip-link" href="#main">
      Skip to main content
    </a>
  );
}

export function Shell({ children, portal = false }: { children: ReactNode; portal?: boolean }) {
  const session = useSession();
  const { signOut } = useSessionApi();
  const { path } = useLocation();
  const items = navFor(session);
  const count = useAlertCount(!!session.can['alerts:client'], path);
  const current = (to: string) => path === to || path.startsWith(`${to}/`);
  return (
    <div className={portal ? 'app portal-app' : 'app'}>
      <SkipLink />
      <header className="site-header">
        <div className="header-inner">
          <p className="brand">
            <span className="brand-mark" aria-hidden="true">
              ◐
            </span>
            <span>Accord</span>
            {session.practice ? <span className="brand-practice">{session.practice.name}</span> : null}
          </p>
          <nav aria-label="Main">
            <ul className="nav-list">
              {items.map((i) => (
                <li key={i.to}>
                  <Link to={i.to} aria-current={current(i.to) ? 'page' : undefined}>
                    {i.label}
                    {i.to === '/alerts' ? <AlertBadge count={count} /> : null}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
          <div className="header-user">
            <span className="user-name">{session.user.displayName}</span>
            <button type="button" className="button secondary small" onClick={() => void signOut('You have signed out.')}>
              Sign out
            </button>
          </div>
        </div>
      </header>
      <main id="main" tabIndex={-1} className="main">
        {children}
      </main>
    </div>
  );
}

/** The frame for pages seen before signing in (sign-in, set-up, invites). */
export function PublicShell({ children }: { children: ReactNode }) {
  return (
    <div className="app public-app">
      <SkipLink />
      <header className="site-header">
        <div className="header-inner">
          <p className="brand">
            <span className="brand-mark" aria-hidden="true">
              ◐
            </span>
            <span>Accord</span>
          </p>
        </div>
      </header>
      <main id="main" tabIndex={-1} className="main narrow">
        {children}
      </main>
    </div>
  );
}
