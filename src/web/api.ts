/**
 * The browser's typed client for Accord's HTTP API. JSON over fetch with the session cookie; every
 * state-changing request carries the anti-forgery token from the session. Failures become an
 * ApiError holding the server's stable code and its human message (shown to the user as is).
 * The shapes mirror src/http/routes/*.schema.ts.
 */
import type {
  CourseStatus, EndReason, Frequency, Phase, Role, SessionStatus,
} from '../domain/people.ts';
import type { ClientAction, CourseAction, SessionCan } from '../domain/access.ts';

export type User = {
  id: string; email: string; displayName: string; roles: Role[]; status: 'active' | 'disabled' | string;
  mfaEnabled: boolean; clientId: string | null;
};
export type PracticeSummary = { name: string; timeZone: string; crisisInfo: string };
export type MfaPending = 'enrol' | 'verify';
/**
 * What the caller may do (`can`), decided by the server from its policy: the web app shows and
 * offers what these say, never what it would derive from roles. The keys a client account is never
 * presented (alerts, cues, escalation) are absent for it.
 */
type ClientHidden = 'alerts:client' | 'cues:read' | 'escalation:own' | 'escalation:practice';
export type Presented<T> = Omit<T, ClientHidden> & Partial<Pick<T, Extract<keyof T, ClientHidden>>>;
export type Session = { user: User; csrfToken: string; mfaPending: MfaPending | null; practice: PracticeSummary | null; can: Presented<SessionCan> };

export type Practice = PracticeSummary & {
  id: string; requireMfaStaff: boolean; requireMfaAdmin: boolean; escalationMinutes: number;
};
export type PracticePatch = Partial<Omit<Practice, 'id'>>;
export type StaffRole = Exclude<Role, 'client'>;
export type Invite = { id: string; email: string; roles: Role[]; expiresAt: string; path?: string };
export type Supervision = { supervisorId: string; therapistId: string };
/** Someone gained access to the signed-in therapist's clients (`selfGranted`: they gave it to themselves). */
export type AccessNotice = {
  id: string; kind: 'supervisor_added' | 'client_reassigned' | 'escalation_colleague'; at: string; actorName: string; granteeName: string; selfGranted: boolean; read: boolean;
};
export type AuditRow = {
  seq: number; at: string; actorId: string | null; actorName: string | null; action: string; resourceType: string;
  resourceId: string | null; clientId: string | null; outcome: string; ip: string | null; detail: string | null;
};

export type Contact = { email: string | null; phone: string | null; dateOfBirth: string | null };
export type PortalState = 'none' | 'active' | 'disabled';
export type Client = {
  id: string; name: string; contact: Contact; therapistId: string; therapistName: string;
  status: 'active' | 'archived'; portal: PortalState; createdAt: string; can: Presented<Record<ClientAction, boolean>>;
};
export type CaseloadRow = {
  id: string; name: string; therapistId: string; therapistName: string; status: string;
  course: { id: string; frequency: Frequency; phase: Phase; status: CourseStatus; startedOn: string } | null;
  lastSession: { startsAt: string; status: SessionStatus } | null;
  nextSession: { startsAt: string } | null;
  sessionsAttended: number;
};
export type TherapySession = { id: string; courseId: string; clientId: string; startsAt: string; durationMinutes: number; status: SessionStatus };
export type Course = {
  id: string; clientId: string; therapistId: string; therapistName: string; startedOn: string; endedOn: string | null;
  frequency: Frequency; phase: Phase; status: CourseStatus; endReason: EndReason | null; can: Record<CourseAction, boolean>;
};
export type CourseWithSessions = Course & { sessions: TherapySession[] };
export type CoursePatch = { frequency?: Frequency; phase?: Phase; status?: CourseStatus; endedOn?: string | null; endReason?: EndReason | null };
export type NewSession = { startsAt: string; durationMinutes: number; status: SessionStatus };

/** A failed API call: `message` is written for people, `code` is stable for programs. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly details?: unknown) {
    super(message);
    this.name = 'ApiError';
  }

  /** The request field the refusal is about (e.g. a date outside the course), to show the message beside it. */
  get field(): string | null {
    const d = this.details as { field?: unknown } | undefined;
    return typeof d?.field === 'string' ? d.field : null;
  }

  /** The second factor still to complete, when that is why the call was refused. */
  get mfa(): MfaPending | null {
    if (this.code !== 'mfa_required') return null;
    const d = this.details as { mfa?: MfaPending } | undefined;
    return d?.mfa ?? 'verify';
  }
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

let csrfToken: string | null = null;
/**
 * Listeners told when a call is refused as unauthenticated or needing a second factor. A 401 can
 * also mean a wrong password or code, so listeners re-check the session before acting on it.
 */
const sessionListeners = new Set<(e: ApiError) => void>();

export function onSessionTrouble(listener: (e: ApiError) => void): () => void {
  sessionListeners.add(listener);
  return () => { sessionListeners.delete(listener); };
}

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** The one way to call the API (also used by the capability modules: measures, alerts). */
export async function call<T>(method: Method, path: string, body?: unknown, opts: { quiet?: boolean } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, 'network', 'Accord could not be reached. Check the connection and try again.');
  }
  const text = await res.text();
  let data: unknown = undefined;
  if (text) {
    try { data = JSON.parse(text); } catch { data = undefined; }
  }
  if (!res.ok) {
    const err = (data as { error?: { code?: string; message?: string; details?: unknown } } | undefined)?.error;
    const e = new ApiError(res.status, err?.code ?? 'internal', err?.message ?? `The request failed (${res.status}).`, err?.details);
    if (!opts.quiet && (e.code === 'unauthenticated' || e.code === 'mfa_required')) sessionListeners.forEach((l) => l(e));
    throw e;
  }
  return data as T;
}

const q = (params: Record<string, string | number | undefined>) => {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') s.set(k, String(v));
  const text = s.toString();
  return text ? `?${text}` : '';
};
const seg = encodeURIComponent;

export const api = {
  // First run, session and own account
  setupStatus: () => call<{ needed: boolean }>('GET', '/api/setup'),
  setup: (input: { token: string; practiceName: string; timeZone: string; adminName: string; adminEmail: string; password: string; alsoTherapist?: boolean }) =>
    call<{ ok: true }>('POST', '/api/setup', input),
  signIn: (email: string, password: string) => call<Session>('POST', '/api/session', { email, password }),
  session: () => call<Session>('GET', '/api/session', undefined, { quiet: true }),
  signOut: () => call<{ ok: true }>('DELETE', '/api/session'),
  reauth: (password: string) => call<{ ok: true }>('POST', '/api/session/reauth', { password }),
  verifyCode: (code: string) => call<{ ok: true }>('POST', '/api/session/mfa', { code }),
  beginMfa: () => call<{ secret: string; uri: string }>('POST', '/api/me/mfa'),
  removeMfa: () => call<{ ok: true }>('DELETE', '/api/me/mfa'),
  changePassword: (current: string, next: string) => call<{ ok: true }>('POST', '/api/me/password', { current, next }),
  notices: () => call<AccessNotice[]>('GET', '/api/me/notices'),
  markNoticesRead: () => call<{ ok: true }>('POST', '/api/me/notices/read'),
  inspectInvite: (token: string) => call<{ email: string; roles: Role[]; practiceName: string }>('GET', `/api/invites/${seg(token)}`),
  acceptInvite: (token: string, displayName: string, password: string) =>
    call<{ email: string }>('POST', `/api/invites/${seg(token)}/accept`, { displayName, password }),

  // Practice administration
  practice: () => call<Practice>('GET', '/api/practice'),
  updatePractice: (patch: PracticePatch) => call<{ ok: true }>('PATCH', '/api/practice', patch),
  staff: () => call<User[]>('GET', '/api/users'),
  inviteStaff: (email: string, roles: StaffRole[]) => call<Invite>('POST', '/api/users/invites', { email, roles }),
  openInvites: () => call<Invite[]>('GET', '/api/users/invites'),
  updateStaff: (userId: string, patch: { roles?: StaffRole[]; status?: 'active' | 'disabled'; displayName?: string }) =>
    call<User>('PATCH', `/api/users/${seg(userId)}`, patch),
  supervisions: () => call<Supervision[]>('GET', '/api/supervisions'),
  assignSupervisor: (supervisorId: string, therapistId: string) => call<{ ok: true }>('POST', '/api/supervisions', { supervisorId, therapistId }),
  removeSupervisor: (supervisorId: string, therapistId: string) =>
    call<{ ok: true }>('DELETE', `/api/supervisions/${seg(supervisorId)}/${seg(therapistId)}`),
  audit: (query: { clientId?: string; actorId?: string; before?: number; limit?: number }) => call<AuditRow[]>('GET', `/api/audit${q(query)}`),

  // Clients, courses and sessions
  caseload: () => call<CaseloadRow[]>('GET', '/api/clients'),
  addClient: (name: string, contact: Contact) => call<Client>('POST', '/api/clients', { name, contact }),
  client: (clientId: string) => call<Client>('GET', `/api/clients/${seg(clientId)}`),
  updateClient: (clientId: string, patch: { name?: string; contact?: Contact; status?: 'active' | 'archived'; therapistId?: string }) => call<Client>('PATCH', `/api/clients/${seg(clientId)}`, patch),
  invitePortal: (clientId: string, email: string) =>
    call<{ email: string; expiresAt: string; path: string }>('POST', `/api/clients/${seg(clientId)}/portal-invite`, { email }),
  setPortal: (clientId: string, status: 'active' | 'disabled') => call<{ ok: true }>('PUT', `/api/clients/${seg(clientId)}/portal`, { status }),
  accessReport: (clientId: string) => call<AuditRow[]>('GET', `/api/clients/${seg(clientId)}/access-report`),
  courses: (clientId: string) => call<CourseWithSessions[]>('GET', `/api/clients/${seg(clientId)}/courses`),
  openCourse: (clientId: string, input: { startedOn: string; frequency: Frequency; phase?: Phase }) =>
    call<Course>('POST', `/api/clients/${seg(clientId)}/courses`, input),
  updateCourse: (courseId: string, patch: CoursePatch) => call<Course>('PATCH', `/api/courses/${seg(courseId)}`, patch),
  recordSession: (courseId: string, input: NewSession) => call<TherapySession>('POST', `/api/courses/${seg(courseId)}/sessions`, input),
  updateSession: (sessionId: string, patch: Partial<NewSession>) => call<TherapySession>('PATCH', `/api/sessions/${seg(sessionId)}`, patch),
};

/** The message to show for anything thrown by an API call. */
export function messageOf(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  return 'Something unexpected happened. Please try again.';
}
