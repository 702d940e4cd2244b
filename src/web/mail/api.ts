/** The mail part of the browser's API client. Shapes are the wire contract's (src/contract/mail.ts). */
import type { z } from 'zod';
import { call } from '../api.ts';
import type * as mail from '../../contract/mail.ts';

export type MailSettings = z.infer<typeof mail.mailSettingsView>;
export type MailSettingsInput = z.input<typeof mail.mailSettingsBody>;
export type OutboxEntry = z.infer<typeof mail.outboxEntryView>;
export type MailPreference = z.infer<typeof mail.mailPreferenceView>;

export const mailApi = {
  settings: () => call<MailSettings>('GET', '/api/mail/settings'),
  saveSettings: (input: MailSettingsInput) => call<MailSettings>('PUT', '/api/mail/settings', input),
  outbox: () => call<OutboxEntry[]>('GET', '/api/mail/outbox'),
  test: (to: string) => call<z.infer<typeof mail.mailTestView>>('POST', '/api/mail/test', { to }),
  preference: () => call<MailPreference>('GET', '/api/me/mail'),
  setPreference: (dailyDigest: boolean) => call<MailPreference>('PUT', '/api/me/mail', { dailyDigest }),
};
