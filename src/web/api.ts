/**
 * The browser's typed client for Accord's HTTP API. JSON over fetch with the session cookie; every
 * state-changing request carries the anti-forgery token from the session. Failures become an
 * ApiError holding the server's stable code and its human message (shown to the user as is).
 * The shapes are the wire contract's (src/contract/), inferred from its schemas: one definition
 * for the server, the OpenAPI document and this client. Imported for their types only, so zod stays
 * out of the browser bundle.
 */
import type { z } from 'zod';
import type { Role } from '../domain/people.ts';
import type * as account from '../contract/account.ts';
import type * as admin from '../contract/admin.ts';
import type * as clients from '../contract/clients.ts';
import type { ErrorView, okView } from '../contract/common.ts';

export type Ok = z.infer<typeof okView>;
export type User = z.infer<typeof account.userView>;
export type PracticeSummary = z.infer<typeof account.practiceSummary>;
export type MfaPending = z.infer<typeof account.mfaPending>;
export type Session = z.infer<typeof account.sessionView>;

export type Practice = z.infer<typeof admin.practiceView>;
export type PracticePatch = z.input<typeof admin.practicePatch>;
export type StaffRole = Exclude<Role, 'client'>;
export type Invite = z.infer<typeof admin.inviteView>;
export type Supervision = z.infer<typeof admin.supervisionView>;
/** Someone gained access to the signed-in therapist's clients (`selfGranted`: they gave it to themselves). */
export type AccessNotice = z.infer<typeof account.accessNoticeView>;
export type AuditRow = z.infer<typeof admin.auditView> & { clientName?: string | null };

export type Contact = z.infer<typeof clients.contactView>;
export type PortalState = Client['portal'];
export type Client = z.infer<typeof clients.clientView>;
export type CaseloadRow = z.infer<typeof clients.caseloadRow>;
export type TherapySession = z.infer<typeof clients.sessionView>;
export type Course = z.infer<typeof clients.courseView>;
export type CourseWithSessions = z.infer<typeof clients.courseWithSessions>;
export type CoursePatch = z.input<typeof clients.coursePatch>;
export type NewSession = z.input<typeof clients.newSessionBody>;

/** A failed API call: `message` is written for people, `code` is stable for programs. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
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
  return () => {
    sessionListeners.delete(listener);
  };
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
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }
  if (!res.ok) {
    const err = (data as Partial<ErrorView> | undefined)?.error;
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

/** A page of a paged list (contract/common.ts `pageOf`) and what a page is asked with. */
export type Page<T> = { items: T[]; next: string | null };
export type PageQuery = { after?: string | undefined; q?: string | undefined; limit?: number | undefined };
/** Follows `next` from the first page to the last. */
async function allPages<T>(load: (after: string | undefined) => Promise<Page<T>>): Promise<T[]> {
  const out: T[] = [];
  for (let after: string | undefined; ;) {
    const page = await load(after);
    out.push(...page.items);
    if (!page.next) return out;
    after = page.next;
  }
}

export const api = {
  // First run, session and own account
  setupStatus: () => call<z.infer<typeof account.setupStatusView>>('GET', '/api/setup'),
  setup: (input: z.input<typeof account.setupBody>) => call<Ok>('POST', '/api/setup', input),
  signIn: (email: string, password: string) => call<Session>('POST', '/api/session', { email, password }),
  session: () => call<Session>('GET', '/api/session', undefined, { quiet: true }),
  signOut: () => call<Ok>('DELETE', '/api/session'),
  reauth: (password: string, code?: string) => call<Ok>('POST', '/api/session/reauth', code ? { password, code } : { password }),
  verifyCode: (code: string) => call<z.infer<typeof account.codeCheckedView>>('POST', '/api/session/mfa', { code }),
  useRecoveryCode: (code: string) => call<z.infer<typeof account.recoveryLeftView>>('POST', '/api/session/mfa/recovery', { code }),
  recoveryCodesLeft: () => call<z.infer<typeof account.recoveryLeftView>>('GET', '/api/me/recovery-codes'),
  newRecoveryCodes: () => call<z.infer<typeof account.recoveryCodesView>>('POST', '/api/me/recovery-codes'),
  inspectReset: (token: string) => call<z.infer<typeof account.resetInfoView>>('GET', `/api/resets/${seg(token)}`),
  completeReset: (token: string, input: z.input<typeof account.resetBody>) =>
    call<z.infer<typeof account.resetDoneView>>('POST', `/api/resets/${seg(token)}`, input),
  beginMfa: () => call<z.infer<typeof account.totpView>>('POST', '/api/me/mfa'),
  removeMfa: () => call<Ok>('DELETE', '/api/me/mfa'),
  changePassword: (current: string, next: string) => call<Ok>('POST', '/api/me/password', { current, next }),
  notices: () => call<AccessNotice[]>('GET', '/api/me/notices'),
  markNoticesRead: () => call<Ok>('POST', '/api/me/notices/read'),
  inspectInvite: (token: string) => call<z.infer<typeof account.inviteInfoView>>('GET', `/api/invites/${seg(token)}`),
  acceptInvite: (token: string, displayName: string, password: string) =>
    call<z.infer<typeof account.acceptedView>>('POST', `/api/invites/${seg(token)}/accept`, { displayName, password }),

  // Practice administration
  practice: () => call<Practice>('GET', '/api/practice'),
  updatePractice: (patch: PracticePatch) => call<Ok>('PATCH', '/api/practice', patch),
  /** One page of the staff list (`next` is the cursor of the following page), optionally searched by name words or exact email. */
  staffPage: (query: PageQuery) => call<Page<User>>('GET', `/api/users${q(query)}`),
  /** Every staff member, page by page (the pickers: a therapist to reassign to, a colleague, an actor to filter the trail by). */
  staff: () => allPages((after) => api.staffPage({ after, limit: 500 })),
  inviteStaff: (email: string, roles: StaffRole[]) => call<Invite>('POST', '/api/users/invites', { email, roles }),
  openInvites: () => call<Invite[]>('GET', '/api/users/invites'),
  updateStaff: (userId: string, patch: z.input<typeof admin.userPatch>) => call<User>('PATCH', `/api/users/${seg(userId)}`, patch),
  resetLink: (userId: string, kind: 'password' | 'second_factor') => call<z.infer<typeof admin.resetView>>('POST', `/api/users/${seg(userId)}/reset`, { kind }),
  supervisions: () => call<Supervision[]>('GET', '/api/supervisions'),
  assignSupervisor: (supervisorId: string, therapistId: string) => call<Ok>('POST', '/api/supervisions', { supervisorId, therapistId }),
  removeSupervisor: (supervisorId: string, therapistId: string) => call<Ok>('DELETE', `/api/supervisions/${seg(supervisorId)}/${seg(therapistId)}`),
  audit: (query: Partial<z.output<typeof admin.auditQuery>>) => call<z.infer<typeof admin.adminAuditView>[]>('GET', `/api/audit${q(query)}`),

  // Clients, courses and sessions
  /** One page of the clients the caller may read, optionally searched by name words. */
  caseloadPage: (query: PageQuery) => call<Page<CaseloadRow>>('GET', `/api/clients${q(query)}`),
  /** Every client the caller may read, page by page (a therapist's caseload is one page). */
  caseload: () => allPages((after) => api.caseloadPage({ after, limit: 500 })),
  addClient: (name: string, contact: Contact) => call<Client>('POST', '/api/clients', { name, contact }),
  client: (clientId: string) => call<Client>('GET', `/api/clients/${seg(clientId)}`),
  updateClient: (clientId: string, patch: z.input<typeof clients.clientPatch>) => call<Client>('PATCH', `/api/clients/${seg(clientId)}`, patch),
  invitePortal: (clientId: string, email: string) =>
    call<z.infer<typeof clients.portalInviteView>>('POST', `/api/clients/${seg(clientId)}/portal-invite`, { email }),
  setPortal: (clientId: string, status: 'active' | 'disabled') => call<Ok>('PUT', `/api/clients/${seg(clientId)}/portal`, { status }),
  accessReport: (clientId: string) => call<AuditRow[]>('GET', `/api/clients/${seg(clientId)}/access-report`),
  courses: (clientId: string) => call<CourseWithSessions[]>('GET', `/api/clients/${seg(clientId)}/courses`),
  openCourse: (clientId: string, input: z.input<typeof clients.newCourseBody>) => call<Course>('POST', `/api/clients/${seg(clientId)}/courses`, input),
  updateCourse: (courseId: string, patch: CoursePatch) => call<Course>('PATCH', `/api/courses/${seg(courseId)}`, patch),
  recordSession: (courseId: string, input: NewSession) => call<TherapySession>('POST', `/api/courses/${seg(courseId)}/sessions`, input),
  updateSession: (sessionId: string, patch: Partial<NewSession>) => call<TherapySession>('PATCH', `/api/sessions/${seg(sessionId)}`, patch),
};

/** The message to show for anything thrown by an API call. */
export function messageOf(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  return 'Something unexpected happened. Please try again.';
}
