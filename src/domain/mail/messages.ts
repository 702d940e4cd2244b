/**
 * What Accord says by email (SPEC §3 C8: "invitations, reminders to clients when a measure is due,
 * escalation notices, an optional daily digest — never with clinical content or a client's name").
 *
 * Every message is one of a closed set of kinds, and its words are fixed here: the only things a
 * message carries besides them are the practice's name and one link into Accord. Nothing a person
 * wrote, no score, no client's name, no alert kind can reach a message, because there is no field
 * to put it in. The link's token (an invitation or a reset) is the only secret in it.
 */

export type MailKind = 'staff_invite' | 'portal_invite' | 'measure_due' | 'measure_closing' | 'safety_escalated' | 'daily_digest' | 'account_reset' | 'test';

export const MAIL_KINDS: readonly MailKind[] = [
  'staff_invite',
  'portal_invite',
  'measure_due',
  'measure_closing',
  'safety_escalated',
  'daily_digest',
  'account_reset',
  'test',
];

/** What the admin's outbox calls each kind. */
export const MAIL_KIND_LABELS: Readonly<Record<MailKind, string>> = {
  staff_invite: 'Staff invitation',
  portal_invite: 'Portal invitation',
  measure_due: 'Questionnaire reminder',
  measure_closing: 'Questionnaire closing soon',
  safety_escalated: 'Escalation notice',
  daily_digest: 'Daily digest',
  account_reset: 'Account reset link',
  test: 'Test message',
};

/** A message as the outbox keeps it: who it goes to and the path of its one link (absolute once sent). */
export type MailEnvelope = { to: string; path: string };

export type RenderedMail = { subject: string; text: string; html: string };

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function words(kind: MailKind, practice: string): { subject: string; lines: string[]; action: string } {
  switch (kind) {
    case 'staff_invite':
      return {
        subject: `You are invited to ${practice} on Accord`,
        lines: [
          `You have been invited to join ${practice} on Accord.`,
          'Open the link to choose your password. The link works once and expires in a few days.',
        ],
        action: 'Accept the invitation',
      };
    case 'portal_invite':
      return {
        subject: `Your invitation from ${practice}`,
        lines: [
          `${practice} has invited you to its client portal on Accord.`,
          'Open the link to choose your password. The link works once and expires in a few days.',
        ],
        action: 'Accept the invitation',
      };
    case 'measure_due':
      return {
        subject: `Something is waiting for you from ${practice}`,
        lines: ['There is something for you to look at in Accord.', 'Sign in with the link when it suits you.'],
        action: 'Open Accord',
      };
    case 'measure_closing':
      return {
        subject: `A reminder from ${practice}`,
        lines: ['Something waiting for you in Accord closes soon.', 'Sign in with the link if you would like to see it before then.'],
        action: 'Open Accord',
      };
    case 'safety_escalated':
      return {
        subject: `Accord: an alert needs your attention`,
        lines: [
          `An alert at ${practice} has been passed to you because nobody has acknowledged it yet.`,
          'Please sign in to Accord to see it. The details are only in Accord.',
        ],
        action: 'Open your inbox',
      };
    case 'daily_digest':
      return {
        subject: `Your day in Accord`,
        lines: [`Your day at ${practice} is ready in Accord: today’s sessions and anything waiting for you.`],
        action: 'Open today',
      };
    case 'account_reset':
      return {
        subject: `Accord: a link to reset your sign-in`,
        lines: [
          `An admin of ${practice} made a link for you to reset how you sign in to Accord.`,
          'Open it to continue. The link works once and expires within a day. If you did not ask for this, tell your practice.',
        ],
        action: 'Reset my sign-in',
      };
    case 'test':
      return {
        subject: `Accord test message`,
        lines: [`This is a test message from ${practice} on Accord. Mail works.`],
        action: 'Open Accord',
      };
  }
}

/**
 * The subject and body of a message, in plain text and HTML. `practiceName` and `link` are the
 * only inputs besides the kind; `link` is the absolute address of the message's link.
 */
export function renderMail(kind: MailKind, practiceName: string, link: string): RenderedMail {
  const w = words(kind, practiceName);
  const text = [...w.lines, '', `${w.action}: ${link}`, '', '— Accord. This message holds no personal details; everything is in Accord itself.'].join('\n');
  const html =
    `<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">` +
    w.lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('') +
    `<p><a href="${escapeHtml(link)}">${escapeHtml(w.action)}</a></p>` +
    `<p style="color:#555;font-size:90%">Accord. This message holds no personal details; everything is in Accord itself.</p></body></html>`;
  return { subject: w.subject, text, html };
}

/**
 * When a failed message is tried again: one minute after the first failure, doubling each time, at
 * most six hours; after `maxAttempts` attempts (about a day and a half in all) it is given up.
 */
export const mailRetry = { firstDelayMinutes: 1, maxDelayMinutes: 360, maxAttempts: 10, leaseMinutes: 5 } as const;

/** When the next attempt after `attempts` failed ones is due, or null when the message is given up. */
export function nextAttemptAt(now: Date, attempts: number, permanent: boolean): Date | null {
  if (permanent || attempts >= mailRetry.maxAttempts) return null;
  const minutes = Math.min(mailRetry.maxDelayMinutes, mailRetry.firstDelayMinutes * 2 ** Math.max(0, attempts - 1));
  return new Date(now.getTime() + minutes * 60_000);
}
