/**
 * The practice's mail settings (SPEC §3 C8: "email through the practice's SMTP server"). With no
 * settings, or settings switched off, mail is off: nothing is queued and everything else works as
 * before (invitation links are still shown to copy or print).
 */
import { DomainError } from '../../domain/errors.ts';
import type { Deps } from '../deps.ts';
import { iso } from '../deps.ts';
import type { MailSettingsRow, SmtpSecurity, SmtpServer } from '../ports.ts';
import { getPractice } from '../accounts/practice.ts';

export type MailSettingsView = {
  enabled: boolean;
  host: string;
  port: number;
  security: SmtpSecurity;
  sender: string;
  username: string | null;
  /** Whether a password is stored (it is never sent back). */
  hasPassword: boolean;
  updatedAt: string | null;
};

export type MailSettingsInput = {
  enabled: boolean;
  host: string;
  port: number;
  security: SmtpSecurity;
  sender: string;
  username: string | null;
  /** Undefined: keep the stored password; null: remove it. */
  password?: string | null | undefined;
};

const OFF: MailSettingsView = { enabled: false, host: '', port: 587, security: 'starttls', sender: '', username: null, hasPassword: false, updatedAt: null };

/** The server to send through, or undefined when mail is off. */
export async function activeSmtpServer(deps: Pick<Deps, 'store'>, practiceId: string): Promise<SmtpServer | undefined> {
  const s = await deps.store.findMailSettings(practiceId);
  if (!s?.enabled || !s.host || !s.sender) return undefined;
  return { host: s.host, port: s.port, security: s.security, sender: s.sender, username: s.username, password: s.password };
}

/** The settings as the admin's page shows them (never the password). */
export async function mailSettings(deps: Pick<Deps, 'store'>): Promise<MailSettingsView> {
  const p = await getPractice(deps);
  const s = await deps.store.findMailSettings(p.id);
  if (!s) return OFF;
  return {
    enabled: s.enabled,
    host: s.host,
    port: s.port,
    security: s.security,
    sender: s.sender,
    username: s.username,
    hasPassword: s.password !== null,
    updatedAt: s.updatedAt,
  };
}

/** Saves the settings; `by` is null for the operator at the console. Turning mail on needs a host and a sender. */
export async function updateMailSettings(deps: Pick<Deps, 'store' | 'clock'>, by: string | null, input: MailSettingsInput): Promise<MailSettingsView> {
  if (input.enabled && (!input.host || !input.sender))
    throw new DomainError('invalid_input', 'Give the SMTP server and the sender address to turn mail on.', { field: input.host ? 'sender' : 'host' });
  if (input.username === null && input.password) throw new DomainError('invalid_input', 'A password needs a user name.', { field: 'username' });
  const p = await getPractice(deps);
  const before = await deps.store.findMailSettings(p.id);
  const row: MailSettingsRow = {
    practiceId: p.id,
    enabled: input.enabled,
    host: input.host,
    port: input.port,
    security: input.security,
    sender: input.sender,
    username: input.username,
    password: input.password === undefined ? (before?.password ?? null) : input.password,
    updatedAt: iso(deps.clock.now()),
    updatedBy: by,
  };
  await deps.store.setMailSettings(row);
  return mailSettings(deps);
}
