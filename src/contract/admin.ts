/** The wire contract of practice settings, staff, invites, supervision and the audit trail (the admin's screens). */
import { PRACTICE_LOCALES } from '../domain/locale.ts';
import { z } from 'zod';
import { ROLES } from '../domain/people.ts';
import { notesDefaults } from '../domain/notes/settings.ts';
import { email, displayName } from './account.ts';

const staffRole = z.enum(['admin', 'therapist', 'supervisor']);

// ---- requests ----
export const practicePatch = z.strictObject({
  name: z.string().trim().min(1).max(120).optional(),
  timeZone: z.string().min(1).max(64).optional(),
  locale: z.enum(PRACTICE_LOCALES).optional(),
  crisisInfo: z.string().trim().min(20, 'Crisis information should say whom to call.').max(2000).optional(),
  requireMfaStaff: z.boolean().optional(),
  requireMfaAdmin: z.boolean().optional(),
  escalationMinutes: z
    .number()
    .int()
    .min(5)
    .max(7 * 24 * 60)
    .optional(),
  /** How recent a re-authentication must be to open a process note (issue 11). */
  processNoteReauthMinutes: z.number().int().min(1).max(30).optional(),
  notesRevealDays: z.number().int().min(notesDefaults.revealDaysMin).max(notesDefaults.revealDaysMax).optional(),
});
export const staffInviteBody = z.strictObject({ email, roles: z.array(staffRole).min(1).max(3) });
export const userParams = z.strictObject({ userId: z.string().uuid() });
export const userPatch = z.strictObject({
  roles: z.array(staffRole).min(1).max(3).optional(),
  status: z.enum(['active', 'disabled']).optional(),
  displayName: displayName.optional(),
});
export const resetCreateBody = z.strictObject({ kind: z.enum(['password', 'second_factor']) });
export const supervisionBody = z.strictObject({ supervisorId: z.string().uuid(), therapistId: z.string().uuid() });
export const supervisionParams = z.strictObject({ supervisorId: z.string().uuid(), therapistId: z.string().uuid() });
export const auditQuery = z.strictObject({
  clientId: z.string().uuid().optional(),
  actorId: z.string().uuid().optional(),
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

// ---- responses ----
export const practiceView = z.object({
  id: z.string(),
  name: z.string(),
  timeZone: z.string(),
  locale: z.string(),
  crisisInfo: z.string(),
  /** Staff only (a client reads name, time zone and crisis information). */
  requireMfaStaff: z.boolean().optional(),
  requireMfaAdmin: z.boolean().optional(),
  escalationMinutes: z.number().optional(),
  processNoteReauthMinutes: z.number().optional(),
  notesRevealDays: z.number().optional(),
});
/** `path` (the one-time link) only in the answer to the invite itself: open invites never show it again. */
export const inviteView = z.object({
  id: z.string(),
  email: z.string(),
  roles: z.array(z.enum(ROLES)),
  expiresAt: z.string(),
  path: z.string().optional(),
  /** Whether the invitation was also emailed (the practice's mail is on). */
  emailed: z.boolean().optional(),
});
/** A reset link, shown once to the admin to pass on (and emailed when mail is on). */
export const resetView = z.object({ path: z.string(), expiresAt: z.string(), emailed: z.boolean(), email: z.string() });
export const supervisionView = z.object({ supervisorId: z.string(), therapistId: z.string() });
export const auditView = z.object({
  seq: z.number(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  resourceType: z.string(),
  resourceId: z.string().nullable(),
  clientId: z.string().nullable(),
  outcome: z.string(),
  ip: z.string().nullable(),
  /** The event's detail, with the ids of the staff it refers to (an escalation's colleague, a grant's grantee) replaced by their names. */
  detail: z.string().nullable(),
});
/** A row of the admin's audit log: also the client's name, null when there is no client or it was erased. */
export const adminAuditView = auditView.extend({ clientName: z.string().nullable() });
