/** The wire contract of mail: the practice's SMTP settings and outbox (the admin's), a test message, and a person's digest choice. */
import { z } from 'zod';
import { MAIL_KINDS } from '../domain/mail/messages.ts';
import { email } from './account.ts';

const security = z.enum(['tls', 'starttls', 'none']);

// ---- requests ----
/** `password`: absent keeps the stored one, null removes it. */
export const mailSettingsBody = z.strictObject({
  enabled: z.boolean(),
  host: z
    .string()
    .trim()
    .max(253)
    .regex(/^[A-Za-z0-9.-]*$/, 'Give a host name or address, such as smtp.example.org.'),
  port: z.number().int().min(1).max(65535),
  security,
  sender: z.union([z.literal(''), z.string().trim().max(254).email('Give the sender as an email address.')]),
  username: z.string().trim().min(1).max(254).nullable(),
  password: z.string().min(1).max(500).nullable().optional(),
});
export const mailTestBody = z.strictObject({ to: email });
export const mailPreferenceBody = z.strictObject({ dailyDigest: z.boolean() });

// ---- responses ----
export const mailSettingsView = z.object({
  enabled: z.boolean(),
  host: z.string(),
  port: z.number(),
  security,
  sender: z.string(),
  username: z.string().nullable(),
  hasPassword: z.boolean(),
  updatedAt: z.string().nullable(),
});
export const outboxEntryView = z.object({
  id: z.string(),
  kind: z.enum(MAIL_KINDS),
  label: z.string(),
  to: z.string(),
  status: z.enum(['queued', 'sent', 'failed']),
  attempts: z.number(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  lastError: z.string().nullable(),
});
export const mailTestView = z.object({ queued: z.boolean() });
/** `mailOn`: whether the practice sends mail at all (the choice is kept either way). */
export const mailPreferenceView = z.object({ dailyDigest: z.boolean(), mailOn: z.boolean() });
