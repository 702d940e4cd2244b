import { PRACTICE_LOCALES } from '../domain/locale.ts';
/** The wire contract of first-run set-up, signing in and out, the second factor, invites, own password and own notices. */
import { z } from 'zod';
import { pageOf } from './common.ts';
import { PASSWORD_MAX } from '../domain/password-policy.ts';
import { ROLES } from '../domain/people.ts';
import { CLIENT_ACTIONS, COURSE_ACTIONS, SESSION_ACTIONS } from '../domain/access.ts';

export const email = z.string().trim().toLowerCase().max(254).email('Enter a valid email address.');
export const password = z
  .string()
  .min(1, 'Enter a password.')
  .max(PASSWORD_MAX * 4);
export const displayName = z.string().trim().min(1, 'Enter a name.').max(120);
export const token = z.string().min(10).max(200);

// ---- requests ----
export const setupBody = z.strictObject({
  token,
  practiceName: z.string().trim().min(1).max(120),
  timeZone: z.string().min(1).max(64),
  /** How dates and times are written (one of the practice locales); English dates (en-GB) when not given. */
  locale: z.enum(PRACTICE_LOCALES).optional(),
  adminName: displayName,
  adminEmail: email,
  password,
  /** A solo practice: the admin also sees clients (given at set-up, not self-granted later). */
  alsoTherapist: z.boolean().optional(),
  /** Every staff member must set up a second factor; on unless turned off at set-up. */
  requireSecondFactor: z.boolean().optional(),
  /** What a client in crisis is told (numbers to call), shown in the portal and at once after a safety answer. */
  crisisInfo: z.string().trim().min(20, 'Crisis information should say whom to call.').max(2000).optional(),
});
export const signInBody = z.strictObject({ email: z.string().trim().max(254), password });
export const codeBody = z.strictObject({
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, 'Enter the 6-digit code.'),
});
/** `code`: the authenticator code, required when the account has a second factor. */
export const reauthBody = z.strictObject({
  password,
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, 'Enter the 6-digit code.')
    .optional(),
});
export const passwordChangeBody = z.strictObject({ current: password, next: password });
/** A one-time recovery code (groups of four letters and digits; spaces, dashes and case do not matter). */
export const recoveryCodeBody = z.strictObject({
  code: z
    .string()
    .trim()
    .min(16, 'Enter one of your recovery codes.')
    .max(40)
    .regex(/^[A-Za-z0-9 -]+$/, 'Enter one of your recovery codes.'),
});
export const resetParams = z.strictObject({ token });
/** Using a reset link: a password link takes `newPassword`; a second-factor link takes the current `password`. */
export const resetBody = z.strictObject({ newPassword: password.optional(), password: password.optional() });
export const inviteParams = z.strictObject({ token });
export const acceptBody = z.strictObject({ displayName, password });

// ---- responses ----
export const setupStatusView = z.object({ needed: z.boolean() });
export const userView = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  roles: z.array(z.enum(ROLES)),
  status: z.string(),
  mfaEnabled: z.boolean(),
  clientId: z.string().nullable(),
});
/** A page of the staff list (`GET /api/users`). */
export const userPage = pageOf(userView);
/**
 * What the caller may do (`can`, src/http/presenters/can.ts): one flag per action key, decided from
 * POLICY. The keys a client account is never presented (alerts, cues, escalation) are optional.
 */
const flags = <K extends string>(keys: readonly K[]) => z.object(Object.fromEntries(keys.map((k) => [k, z.boolean()])) as { [k in K]: z.ZodBoolean });
export const sessionCan = flags([...SESSION_ACTIONS, 'clients:others', 'mfa:remove', 'portal']).partial({
  'alerts:client': true,
  'escalation:own': true,
  'escalation:practice': true,
  'process-notes:export': true,
  'supervision-notes:own': true,
});
export const clientCan = flags(CLIENT_ACTIONS).partial({
  'alerts:client': true,
  'cues:read': true,
  'process-notes:list': true,
  'process-notes:write': true,
  'process-notes:grant': true,
  'erasure:read': true,
  'erasure:erase': true,
  'erasure:hold': true,
});
export const courseCan = flags(COURSE_ACTIONS);
export const mfaPending = z.enum(['enrol', 'verify']);
export const practiceSummary = z.object({ name: z.string(), timeZone: z.string(), locale: z.string(), crisisInfo: z.string() });
/** `practice` is absent, not null, before first-run set-up (no one can be signed in then). */
export const sessionView = z.object({
  user: userView,
  csrfToken: z.string(),
  mfaPending: mfaPending.nullable(),
  practice: practiceSummary.nullish(),
  can: sessionCan,
});
/** A second factor being set up: the secret and its otpauth:// URI (shown once, as a QR code and as text). */
export const totpView = z.object({ secret: z.string(), uri: z.string(), qrSvg: z.string() });
/** The answer to a code: `recoveryCodes` only when it confirmed enrolment (shown this once). */
export const codeCheckedView = z.object({ ok: z.literal(true), recoveryCodes: z.array(z.string()).optional() });
export const recoveryCodesView = z.object({ codes: z.array(z.string()) });
export const recoveryLeftView = z.object({ remaining: z.number() });
export const resetInfoView = z.object({ kind: z.enum(['password', 'second_factor']), email: z.string(), practiceName: z.string() });
export const resetDoneView = z.object({ kind: z.enum(['password', 'second_factor']), email: z.string() });
export const accessNoticeView = z.object({
  id: z.string(),
  kind: z.enum(['supervisor_added', 'client_reassigned', 'escalation_colleague']),
  at: z.string(),
  actorName: z.string(),
  granteeName: z.string(),
  selfGranted: z.boolean(),
  read: z.boolean(),
});
export const inviteInfoView = z.object({ email: z.string(), roles: z.array(z.enum(ROLES)), practiceName: z.string() });
export const acceptedView = z.object({ email: z.string() });
