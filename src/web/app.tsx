/**
 * The app: session state decides between the public pages (set-up, invitation, sign-in), the
 * second factor, and the signed-in pages; the route table below decides which page a path shows
 * and who may see it — from what the session says the caller may do (`can`), never from roles.
 */
import { lazy, Suspense } from 'react';
import type { ComponentType, ReactNode } from 'react';
import type { Session } from './api.ts';
import { PublicShell, Shell } from './components/shell.tsx';
import { Loading } from './components/notice.tsx';
import { NotFoundPage } from './pages/not-found.tsx';
import { SignInPage } from './pages/sign-in.tsx';
import { match, Redirect, useLocation } from './router.tsx';
import { homeOf, staffFrame, SessionProvider, useSessionApi } from './session.tsx';

// Every page but sign-in is its own chunk, fetched when first shown: a client on their phone
// downloads the portal and not the staff pages (nor their charts and forms), a therapist the
// caseload and not the administration. The entry holds what all share: the framework (Preact
// behind React's API, see vite.config.ts), the router, the session, the frame and the sign-in page
// (the first screen of anyone signed out).
const RELOADED_AT = 'accord:reloaded-for-chunk';

/**
 * A page loaded on first use. A tab opened before a new build still names the old build's chunks,
 * which the new build has removed: when one cannot be fetched, the page reloads once (the new
 * HTML names the new chunks) rather than going blank. A second failure within a minute is an
 * outage, not a new build, and is thrown.
 */
function page<P extends object>(load: () => Promise<ComponentType<P>>) {
  return lazy(async () => {
    try {
      return { default: await load() };
    } catch (err) {
      const last = Number(sessionStorage.getItem(RELOADED_AT) ?? 0);
      if (Date.now() - last < 60_000) throw err;
      sessionStorage.setItem(RELOADED_AT, String(Date.now()));
      window.location.reload();
      return new Promise<never>(() => {});
    }
  });
}

const AccessReportPage = page(() => import('./pages/access-report.tsx').then((m) => m.AccessReportPage));
const AccountPage = page(() => import('./pages/account.tsx').then((m) => m.AccountPage));
const AlertsInboxPage = page(() => import('./alerts/inbox-page.tsx').then((m) => m.AlertsInboxPage));
const AddClientPage = page(() => import('./pages/add-client.tsx').then((m) => m.AddClientPage));
const AdminAuditPage = page(() => import('./pages/admin-audit.tsx').then((m) => m.AdminAuditPage));
const AdminPracticePage = page(() => import('./pages/admin-practice.tsx').then((m) => m.AdminPracticePage));
const AdminStaffPage = page(() => import('./pages/admin-staff.tsx').then((m) => m.AdminStaffPage));
const AdminSupervisionPage = page(() => import('./pages/admin-supervision.tsx').then((m) => m.AdminSupervisionPage));
const AllianceLedgerPage = page(() => import('./alliance/ledger-page.tsx').then((m) => m.AllianceLedgerPage));
const EndingReportPage = page(() => import('./ending/report-page.tsx').then((m) => m.EndingReportPage));
const CaseloadPage = page(() => import('./pages/caseload.tsx').then((m) => m.CaseloadPage));
const ClientPage = page(() => import('./pages/client.tsx').then((m) => m.ClientPage));
const InvitePage = page(() => import('./pages/invite.tsx').then((m) => m.InvitePage));
const PortalPage = page(() => import('./pages/portal.tsx').then((m) => m.PortalPage));
const ImportPage = page(() => import('./data-rights/import-page.tsx').then((m) => m.ImportPage));
const RecordPage = page(() => import('./data-rights/record-page.tsx').then((m) => m.OwnRecordPage));
const SessionNotesPage = page(() => import('./notes/session-notes-page.tsx').then((m) => m.SessionNotesPage));
const ReflectionPage = page(() => import('./notes/reflection-page.tsx').then((m) => m.ReflectionPage));
const SecondFactorPage = page(() => import('./pages/second-factor.tsx').then((m) => m.SecondFactorPage));
const ProcessNotesPage = page(() => import('./process-notes/session-notes-page.tsx').then((m) => m.SessionNotesPage));
const TodayPage = page(() => import('./pages/today.tsx').then((m) => m.TodayPage));
const SetupPage = page(() => import('./pages/setup.tsx').then((m) => m.SetupPage));
const ResetPage = page(() => import('./pages/reset.tsx').then((m) => m.ResetPage));
const AdminMailPage = page(() => import('./mail/admin-mail-page.tsx').then((m) => m.AdminMailPage));
const PracticeReportPage = page(() => import('./reports/report-page.tsx').then((m) => m.PracticeReportPage));

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
  { path: '/today', allow: may('alerts:client'), render: () => <TodayPage /> },
  { path: '/clients/new', allow: may('clients:create'), render: () => <AddClientPage /> },
  { path: '/clients/:clientId', allow: may('clients:list'), render: (p) => <ClientPage key={p.clientId} clientId={p.clientId!} /> },
  { path: '/clients/:clientId/access-report', allow: may('clients:list'), render: (p) => <AccessReportPage clientId={p.clientId!} /> },
  { path: '/clients/:clientId/alliance', allow: may('clients:list'), render: (p) => <AllianceLedgerPage key={p.clientId} clientId={p.clientId!} /> },
  {
    path: '/clients/:clientId/sessions/:sessionId/process-notes',
    allow: may('clients:list'),
    render: (p) => <ProcessNotesPage key={p.sessionId} clientId={p.clientId!} sessionId={p.sessionId!} />,
  },
  { path: '/admin/staff', allow: may('users:manage'), render: () => <AdminStaffPage /> },
  { path: '/admin/supervision', allow: may('supervision:manage'), render: () => <AdminSupervisionPage /> },
  { path: '/admin/practice', allow: may('practice:update'), render: () => <AdminPracticePage /> },
  { path: '/admin/audit', allow: may('audit:read'), render: () => <AdminAuditPage /> },
  { path: '/admin/mail', allow: may('mail:manage'), render: () => <AdminMailPage /> },
  { path: '/reports', allow: may('reports:practice'), render: () => <PracticeReportPage /> },
  { path: '/portal', allow: may('portal'), render: () => <PortalPage />, portal: true },
  { path: '/portal/record', allow: may('portal'), render: () => <RecordPage />, portal: true },
  { path: '/import', allow: may('import:practice'), render: () => <ImportPage /> },
  { path: '/clients/:clientId/import', allow: may('import:practice'), render: (p) => <ImportPage key={p.clientId} clientId={p.clientId} /> },
  { path: '/sessions/:sessionId/notes', allow: may('notes:read'), render: (p) => <SessionNotesPage key={p.sessionId} sessionId={p.sessionId!} /> },
  {
    path: '/portal/sessions/:sessionId',
    allow: may('reflections:write'),
    render: (p) => <ReflectionPage key={p.sessionId} sessionId={p.sessionId!} />,
    portal: true,
  },
  { path: '/portal/ending/:courseId', allow: may('portal'), render: (p) => <EndingReportPage key={p.courseId} courseId={p.courseId!} />, portal: true },
  { path: '/courses/:courseId/ending/report', allow: may('clients:list'), render: (p) => <EndingReportPage key={p.courseId} courseId={p.courseId!} /> },
  { path: '/account', allow: signedIn, render: () => <AccountPage /> },
];

/** Paths that work without signing in (the token in the path is the credential). */
function publicPage(path: string): ReactNode | null {
  const setup = match('/setup/:token', path);
  if (setup) return <SetupPage token={setup.token!} />;
  const invite = match('/invite/:token', path);
  if (invite) return <InvitePage key={invite.token} token={invite.token!} />;
  const reset = match('/reset/:token', path);
  if (reset) return <ResetPage key={reset.token} token={reset.token!} />;
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
  const { path, search } = useLocation();
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
      // The whole address, query included: a reminder's link names the questionnaire to open (`/portal?answer=phq9`).
      const query = search.toString();
      const next = path === '/' ? '' : `?next=${encodeURIComponent(query ? `${path}?${query}` : path)}`;
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
