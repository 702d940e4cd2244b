/** Mail: the practice's SMTP settings, the outbox and a test message (the admin's), and a person's digest choice. */
import { route } from '../route.ts';
import * as s from '../../contract/mail.ts';
import { mailSettings, updateMailSettings, activeSmtpServer } from '../../services/mail/settings.ts';
import { listOutbox, queueMail } from '../../services/mail/outbox.ts';
import { digestPreference, setDigestPreference } from '../../services/mail/sweeps.ts';

export const mailRoutes = [
  route({
    method: 'GET',
    url: '/api/mail/settings',
    policy: 'mail:manage',
    tag: 'mail',
    summary: 'The practice’s SMTP settings (never the password)',
    response: s.mailSettingsView,
    handler: async ({ deps }) => mailSettings(deps),
  }),
  route({
    method: 'PUT',
    url: '/api/mail/settings',
    policy: 'mail:manage',
    tag: 'mail',
    summary: 'Change the practice’s SMTP settings (mail on or off)',
    body: s.mailSettingsBody,
    response: s.mailSettingsView,
    handler: async ({ deps, body, signedIn }) => updateMailSettings(deps, signedIn.user.id, body),
    // The trail says what was changed, never the server's password.
    audit: (_r, _p, { body, signedIn }) => ({ action: 'mail.settings', resourceIds: [signedIn.user.practiceId], detail: body.enabled ? 'on' : 'off' }),
  }),
  route({
    method: 'GET',
    url: '/api/mail/outbox',
    policy: 'mail:manage',
    tag: 'mail',
    summary: 'The latest messages: kind, recipient and state (never their links)',
    response: s.outboxEntryView.array(),
    handler: async ({ deps }) => listOutbox(deps),
  }),
  route({
    method: 'POST',
    url: '/api/mail/test',
    policy: 'mail:manage',
    tag: 'mail',
    summary: 'Queue a test message (sent within seconds when mail is on)',
    body: s.mailTestBody,
    response: s.mailTestView,
    handler: async ({ deps, body }) => ({ queued: await queueMail(deps, { kind: 'test', to: body.to, path: '/' }) }),
    audit: (_r, _p, { signedIn }) => ({ action: 'mail.test', resourceIds: [signedIn.user.practiceId] }),
  }),
  route({
    method: 'GET',
    url: '/api/me/mail',
    policy: 'mail:own',
    tag: 'mail',
    summary: 'Own mail choices',
    response: s.mailPreferenceView,
    handler: async ({ deps, signedIn }) => ({
      dailyDigest: await digestPreference(deps, signedIn.user.id),
      mailOn: !!(await activeSmtpServer(deps, signedIn.user.practiceId)),
    }),
  }),
  route({
    method: 'PUT',
    url: '/api/me/mail',
    policy: 'mail:own',
    tag: 'mail',
    summary: 'Choose the daily digest on or off',
    body: s.mailPreferenceBody,
    response: s.mailPreferenceView,
    status: 200,
    handler: async ({ deps, signedIn, body }) => {
      await setDigestPreference(deps, signedIn.user.id, body.dailyDigest);
      return { dailyDigest: body.dailyDigest, mailOn: !!(await activeSmtpServer(deps, signedIn.user.practiceId)) };
    },
  }),
];
