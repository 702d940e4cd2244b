/**
 * The app: session state decides between the public pages (set-up, invitation, sign-in), the
 * second factor, and the signed-in pages; the route table below decides which page a path shows
 * and who may see it — from what the session says the caller may do (`can`), never from roles.
 */
import { lazy, Suspense } from 'react';
import type { ReactNode } from 'react';
import type { Session } from './api.ts';
import { PublicShell, Shell } from './components/shell.tsx';
import { Loading } from './components/notice.tsx';
import { NotFoundPage } from './pages/not-found.tsx';
import { SignInPage } from './pages/sign-in.tsx';
import { match, Redirect, useLocation } from './router.tsx';
import { homeOf, staffFrame, SessionProvider, useSessionApi } from './session.tsx';

// Every page but sign-in is its own chunk, fetched when first shown: a client on their phone
// downloads the portal and not the staff pages (nor their charts and forms), a therapist the
// caseload and not the administration. The entry holds what all share: React, the router, the
// session, the frame and the sign-in page (the first screen of anyone signed out).
const AccessReportPage = lazy(() => import('./pages/access-report.tsx').then((m) => ({ default: m.AccessReportPage })));
const AccountPage = lazy(() => import('./pages/account.tsx').then((m) => ({ default: m.AccountPage })));
const AlertsInboxPage = lazy(() => import('./alerts/inbox-page.tsx').then((m) => ({ default: m.AlertsInboxPage })));
const AddClientPage = lazy(() => import('./pages/add-client.tsx').then((m) => ({ default: m.AddClientPage })));
const AdminAuditPage = lazy(() => import('./pages/admin-audit.tsx').then((m) => ({ default: m.AdminAuditPage })));
const AdminPracticePage = lazy(() => import('./pages/admin-practice.tsx').then((m) => ({ default: m.AdminPracticePage })));
const AdminStaffPage = lazy(() => import('./pages/admin-staff.tsx').then((m) => ({ default: m.AdminStaffPage })));
const AdminSupervisionPage = lazy(() => import('./pages/admin-supervision.tsx').then((m) => ({ default: m.AdminSupervisionPage })));
const AllianceLedgerPage = lazy(() => import('./alliance/ledger-page.tsx').then((m) => ({ default: m.AllianceLedgerPage })));
const CaseloadPage = lazy(() => import('./pages/caseload.tsx').then((m) => ({ default: m.CaseloadPage })));
const ClientPage = lazy(() => import('./pages/client.tsx').then((m) => ({ default: m.ClientPage })));
const InvitePage = lazy(() => import('./pages/invite.tsx').then((m) => ({ default: m.InvitePage })));
const PortalPage = lazy(() => import('./pages/portal.tsx').then((m) => ({ default: m.PortalPage })));
const SecondFactorPage = lazy(() => import('./pages/second-factor.tsx').then((m) => ({ default: m.SecondFactorPage })));
const SetupPage = lazy(() => import('./pages/setup.tsx').then((m) => ({ default: m.SetupPage })));

/** Shows "Loading…" inside the frame while a page's chunk arrives (once per page and visit). */
function PageChunk({ children }: { children: ReactNode }) {
  return <Suspense fallback={<Loading />}>{children}</Suspense>;
}

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
        <PageChunk>
          <SecondFactorPage />
        </PageChunk>
      </PublicShell>
    );
  if (path === '/' || path === '/sign-in') {
    const next = search.get('next');
    return <Redirect to={next && next.startsWith('/') && !next.startsWith('//') ? next : homeOf(session)} />;
  }
  for (const r of ROUTES) {
    const params = match(r.path, path);
    if (params && r.allow(session))
      return (
        <Shell portal={!!r.portal || !staffFrame(session)}>
          <PageChunk>{r.render(params)}</PageChunk>
        </Shell>
      );
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
  if (open)
    return (
      <PublicShell>
        <PageChunk>{open}</PageChunk>
      </PublicShell>
    );
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
