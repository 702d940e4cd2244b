/**
 * Who is signed in, shared with every page: the session from GET /api/session, kept in React
 * context. The API client reports an ended session or a pending second factor here, so any page
 * can fall back to signing in without handling it itself.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { api, ApiError, onSessionTrouble, setCsrfToken } from './api.ts';
import { navigate } from './router.tsx';
import { setPracticeLocale } from './dates.ts';
import type { Session } from './api.ts';

export type SessionState = { status: 'loading' } | { status: 'signed_out'; notice?: string } | { status: 'signed_in'; session: Session };

type SessionApi = {
  state: SessionState;
  /** Stores a session just obtained (sign-in) or reloads it from the server. */
  signedIn(session: Session): void;
  reload(): Promise<void>;
  signOut(notice?: string): Promise<void>;
};

const SessionContext = createContext<SessionApi | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  const signedIn = useCallback((session: Session) => {
    setCsrfToken(session.csrfToken);
    setPracticeLocale(session.practice?.locale);
    setState({ status: 'signed_in', session });
  }, []);

  const reload = useCallback(async () => {
    try {
      signedIn(await api.session());
    } catch (e) {
      setCsrfToken(null);
      if (e instanceof ApiError && e.code !== 'unauthenticated' && e.code !== 'not_found') {
        setState({ status: 'signed_out', notice: e.message });
      } else {
        setState({ status: 'signed_out' });
      }
    }
  }, [signedIn]);

  const signOut = useCallback(async (notice?: string) => {
    try {
      await api.signOut();
    } catch {
      /* the session may already be gone */
    }
    setCsrfToken(null);
    navigate('/sign-in', { replace: true });
    setState(notice ? { status: 'signed_out', notice } : { status: 'signed_out' });
  }, []);

  useEffect(() => {
    void reload();
  }, [reload]);

  useEffect(
    () =>
      onSessionTrouble((e) => {
        if (e.code === 'mfa_required') {
          setState((s) => (s.status === 'signed_in' ? { status: 'signed_in', session: { ...s.session, mfaPending: e.mfa } } : s));
          return;
        }
        // A 401 may be a wrong password or code rather than an ended session: ask the server.
        void api.session().then(signedIn, () => {
          setCsrfToken(null);
          setState((s) => (s.status === 'signed_in' ? { status: 'signed_out', notice: 'Your session has ended. Please sign in again.' } : s));
        });
      }),
    [signedIn],
  );

  const value = useMemo(() => ({ state, signedIn, reload, signOut }), [state, signedIn, reload, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSessionApi(): SessionApi {
  const ctx = useContext(SessionContext);
  if (!ctx) throw new Error('useSessionApi outside SessionProvider');
  return ctx;
}

/** The signed-in session; only for pages rendered behind sign-in. */
export function useSession(): Session {
  const { state } = useSessionApi();
  if (state.status !== 'signed_in') throw new Error('useSession needs a signed-in user');
  return state.session;
}

/** The practice's time zone (what every date on screen is shown in). */
export function usePracticeZone(): string {
  return useSession().practice?.timeZone ?? 'UTC';
}

/**
 * Where a user lands after signing in: those with clinical work (who may be shown clients' alerts)
 * on the clients, an administrator on the staff, a client on their portal.
 */
export function homeOf(session: Session): string {
  if (session.can['alerts:client']) return '/clients';
  if (session.can['users:manage']) return '/admin/staff';
  if (session.can.portal) return '/portal';
  return '/account';
}

/** Whether the caller works in the practice (the staff frame) rather than in their own portal. */
export const staffFrame = (session: Session): boolean => session.can['clients:list'];
