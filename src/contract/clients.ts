/** The wire contract of clients, portal invitations, the access report, courses of therapy and sessions. */
import { z } from 'zod';
import { COURSE_STATUSES, END_REASONS, FREQUENCIES, PHASES, SESSION_STATUSES } from '../domain/people.ts';
import { clientCan, courseCan, email } from './account.ts';
import { auditView } from './admin.ts';
import { isoDate, isoDateTime, pageOf } from './common.ts';

// ---- requests ----
export const contact = z.strictObject({
  email: email.nullable().default(null),
  phone: z
    .string()
    .trim()
    .max(40)
    .regex(/^[+0-9 ()\-.]*$/, 'Use digits, spaces and + - ( ) only.')
    .nullable()
    .default(null),
  dateOfBirth: isoDate.nullable().default(null),
});
export const clientParams = z.strictObject({ clientId: z.string().uuid() });
export const courseParams = z.strictObject({ courseId: z.string().uuid() });
export const sessionParams = z.strictObject({ sessionId: z.string().uuid() });

export const newClientBody = z.strictObject({
  name: z.string().trim().min(1, 'Enter the client’s name.').max(200),
  contact: contact.default({ email: null, phone: null, dateOfBirth: null }),
});
export const clientPatch = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  contact: contact.optional(),
  status: z.enum(['active', 'archived']).optional(),
  therapistId: z.string().uuid().optional(),
});
export const portalInviteBody = z.strictObject({ email });
export const portalStatusBody = z.strictObject({ status: z.enum(['active', 'disabled']) });

export const newCourseBody = z.strictObject({ startedOn: isoDate, frequency: z.enum(FREQUENCIES), phase: z.enum(PHASES).optional() });
export const coursePatch = z.strictObject({
  frequency: z.enum(FREQUENCIES).optional(),
  phase: z.enum(PHASES).optional(),
  status: z.enum(COURSE_STATUSES).optional(),
  endedOn: isoDate.nullable().optional(),
  endReason: z.enum(END_REASONS).nullable().optional(),
});
export const newSessionBody = z.strictObject({
  startsAt: isoDateTime,
  durationMinutes: z.number().int().min(5).max(600).default(50),
  status: z.enum(SESSION_STATUSES).default('attended'),
});
export const sessionPatch = z.strictObject({
  startsAt: isoDateTime.optional(),
  durationMinutes: z.number().int().min(5).max(600).optional(),
  status: z.enum(SESSION_STATUSES).optional(),
});

// ---- responses ----
export const contactView = z.object({ email: z.string().nullable(), phone: z.string().nullable(), dateOfBirth: z.string().nullable() });
export const clientView = z.object({
  id: z.string(),
  name: z.string(),
  contact: contactView,
  therapistId: z.string(),
  therapistName: z.string(),
  status: z.enum(['active', 'archived']),
  portal: z.enum(['none', 'active', 'disabled']),
  createdAt: z.string(),
  can: clientCan,
});
export const caseloadRow = z.object({
  id: z.string(),
  name: z.string(),
  therapistId: z.string(),
  therapistName: z.string(),
  status: z.enum(['active', 'archived']),
  course: z
    .object({ id: z.string(), frequency: z.enum(FREQUENCIES), phase: z.enum(PHASES), status: z.enum(COURSE_STATUSES), startedOn: z.string() })
    .nullable(),
  lastSession: z.object({ startsAt: z.string(), status: z.enum(SESSION_STATUSES) }).nullable(),
  nextSession: z.object({ startsAt: z.string() }).nullable(),
  sessionsAttended: z.number(),
});
/** A page of the client list (`GET /api/clients`). */
export const caseloadPage = pageOf(caseloadRow);
/** The one-time portal link: the same answer whether or not the email already has an account. */
/** `emailed`: the invitation was also emailed (the practice's mail is on). */
export const portalInviteView = z.object({ email: z.string(), expiresAt: z.string(), path: z.string(), emailed: z.boolean().optional() });
export const sessionView = z.object({
  id: z.string(),
  courseId: z.string(),
  clientId: z.string(),
  startsAt: z.string(),
  durationMinutes: z.number(),
  status: z.enum(SESSION_STATUSES),
});
export const courseView = z.object({
  id: z.string(),
  clientId: z.string(),
  therapistId: z.string(),
  therapistName: z.string(),
  startedOn: z.string(),
  endedOn: z.string().nullable(),
  frequency: z.enum(FREQUENCIES),
  phase: z.enum(PHASES),
  status: z.enum(COURSE_STATUSES),
  endReason: z.enum(END_REASONS).nullable(),
  can: courseCan,
});
export const courseWithSessions = courseView.extend({ sessions: z.array(sessionView) });

/** One line of a client's own access report (src/http/presenters/client.ts): no ids, addresses or details. */
export const clientAccessEntry = z.object({
  seq: z.number(),
  at: z.string(),
  actorName: z.string().nullable(),
  action: z.string(),
  resourceType: z.string(),
  outcome: z.string(),
});
/** Staff read the audit rows about the client; the client reads their own report. */
export const accessReportView = z.array(z.union([auditView, clientAccessEntry]));
