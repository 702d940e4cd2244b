/**
 * The Mailer port over nodemailer: one SMTP connection per message (the outbox sends few, and a
 * pooled connection would outlive a change of settings). Failures are reported as the outbox
 * records them: the SMTP reply code or the error's code, and whether trying again can help (a 5xx
 * reply about the message means the server refused it for good; a refused sign-in does not). Nothing of a message is logged.
 */
import nodemailer from 'nodemailer';
import type { MailFailure, Mailer, OutgoingMail, SmtpServer } from '../services/ports.ts';

export const smtpMailer: Mailer = {
  async send(server: SmtpServer, mail: OutgoingMail): Promise<void> {
    const transport = nodemailer.createTransport({
      host: server.host,
      port: server.port,
      secure: server.security === 'tls',
      requireTLS: server.security === 'starttls',
      ignoreTLS: server.security === 'none',
      ...(server.username ? { auth: { user: server.username, pass: server.password ?? '' } } : {}),
      connectionTimeout: 20_000,
      greetingTimeout: 20_000,
      socketTimeout: 60_000,
      logger: false,
      debug: false,
    });
    try {
      await transport.sendMail({
        from: server.sender,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        ...(mail.messageId ? { messageId: mail.messageId } : {}),
      });
    } catch (err) {
      const e = err as { responseCode?: number; code?: string; name?: string };
      // A 5xx about the message or its recipient will not change; a refused sign-in (EAUTH) is the
      // practice's settings, which the admin can mend, so the message waits for that.
      const failure: MailFailure = e.responseCode
        ? { code: `smtp_${e.responseCode}`, permanent: e.responseCode >= 500 && e.responseCode < 600 && e.code !== 'EAUTH' }
        : { code: e.code ?? e.name ?? 'Error', permanent: false };
      throw Object.assign(new Error(`mail not sent: ${failure.code}`), { name: 'MailError', mailFailure: failure });
    } finally {
      transport.close();
    }
  },
};
