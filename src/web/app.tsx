/**
 * The app: session state decides between the public pages (set-up, invitation, sign-in), the
 * second factor, and the signed-in pages; the route table below decides which page a path shows
 * and who may see it — from what the session says the caller may do (`can`), never from roles.
 */
import type { ReactNode } from 'react';
import type { Session } from './api.ts';
import { PublicShell, Shell } from './components/shell.tsx';
import { Loading } from './components/notice.tsx';
import { AccessReportPage } from './pages/access-report.tsx';
import { AccountPage } from './pages/account.tsx';
import { AlertsInboxPage } from './alerts/inbox-page.tsx';
import { AddClientPage } from './pages/add-client.tsx';
import { AdminAuditPage } from './pages/admin-audit.tsx';
import { AdminPracticePage } from './pages/admin-practice.tsx';
import { AdminStaffPage } from './pages/admin-staff.tsx';
import { AdminSupervisionPage } from './pages/admin-supervision.tsx';
import { CaseloadPage } from './pages/caseload.tsx';
import { ClientPage } from './pages/client.tsx';
import { InvitePage } from './pages/invite.tsx';
import { NotFoundPage } from './pages/not-found.tsx';
import { PortalPage } from './pages/portal.tsx';
import { SecondFactorPage } from './pages/second-factor.tsx';
import { SetupPage } from './pages/setup.tsx';
import { SignInPage } from './pages/sign-in.tsx';
import { match, Redirect, useLocation } from './router.tsx';
import { homeOf, staffFrame, SessionProvider, useSessionApi } from './session.tsx';
import { AllianceLedgerPage } from './alliance/ledger-page.tsx';

type Params = Record<string, string>;
type RouteEntry = { path: string; allow(s: Session): boolean; render(p: Params): ReactNode; portal?: boolean };

/** A page for those the session says may do this (the server's `can`). */
const may = (key: keyof Session['can']) => (s: Session) => !!s.can[key];
const signedIn = () => true;

const ROUTES: readonly RouteEntry[] = [
  { path: '/clients', allow: may('clients:list'), render: () => <CaseloadPage /> },
  { path: '/alerts', allow: may('alerts:client'), render: () => <AlertsInboxPage /> },
  { path: '/clients/new', allow: may('clients:create'), render: () => <AddClientPage /> },
  { path: '/clients/:clientId', allow: may('clients:list'), render: (p) => <ClientPage key={p.clientId} clientId={p.clientId!} /> },
  { path: '/clients/:clientId/access-report', allow: may('clients:list'), render: (p) => <AccessReportPage clientId={p.clientId!} /> },
  { path: '/clients/:clientId/alliance', allow: may('clients:list'), render: (p) => <AllianceLedgerPage key={p.clientId} clientId={p.clientId!} /> },
  { path: '/admin/staff', allow: may('users:manage'), render: () => <AdminStaffPage /> },
  { path: '/admin/supervision', allow: may('supervision:manage'), render: () => <AdminSupervisionPage /> },
  { path: '/admin/practice', allow: may('practice:update'), render: () => <AdminPracticePage /> },
  { path: '/admin/audit', allow: may('audit:read'), render: () => <AdminAuditPage /> },
  { path: '/portal', allow: may('portal'), render: () => <PortalPage />, portal: true },
  { path: '/account', allow: signedIn, render: () => <AccountPage /> },
];

/** Paths that work without signing in (the token in the path is the credential). */
function publicPage(path: string): ReactNode | null {
  const setup = match('/setup/:token', path);
  if (setup) return <SetupPage token={setup.token!} />;
  const invite = match('/invite/:token', path);
  if (invite) return <InvitePage key={invite.token} token={invite.token!} />;
  return null;
}

function SignedInApp({ session }: { session: Session }) {
  const { path, search } = useLocation();
  if (session.mfaPending)
    return (
      <PublicShell>
        <SecondFactorPage />
      </PublicShell>
    );
  if (path === '/' || path === '/sign-in') {
    const next = search.get('next');
    return <Redirect to={next && next.startsWith('/') && !next.startsWith('//') ? next : homeOf(session)} />;
  }
  for (const r of ROUTES) {
    const params = match(r.path, path);
    if (params && r.allow(session)) return <Shell portal={!!r.portal || !staffFrame(session)}>{r.render(params)}</Shell>;
  }
  return (
    <Shell portal={!staffFrame(session)}>
      <NotFoundPage />
    </Shell>
  );
}

function Root() {
  const { state } = useSessionApi();
  const { path } = useLocation();
  const open = publicPage(path);
  if (open) return <PublicShell>{open}</PublicShell>;
  if (state.status === 'loading')
    return (
      <PublicShell>
        <Loading />
      </PublicShell>
    );
  if (state.status === 'signed_out') {
    if (path !== '/sign-in') {
      const next = path === '/' ? '' : `?next=${encodeURIComponent(path)}`;
      return <Redirect to={`/sign-in${next}`} />;
    }
    return (
      <PublicShell>
        <SignInPage key={state.notice ?? ''} notice={state.notice} />
      </PublicShell>
    );
  }
  return <SignedInApp session={state.session} />;
}

export function App() {
  return (
    <SessionProvider>
      <Root />
    </SessionProvider>
  );
}
