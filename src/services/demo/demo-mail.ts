/**
 * The demo's mail: the practice's outbox as a real one would look after the demo's events — the
 * staff and portal invitations, and the reminders of measures due now — without an SMTP server.
 * While the demo is built, mail is "on" through a letterbox that accepts every message and keeps
 * none (the demo's own Mailer); afterwards mail is turned off again, so `accord serve` on the demo
 * never tries to reach a server that is not there. The admin's Mail page then says mail is off and
 * shows the outbox with these messages sent, noting they went out while mail was on. Maya has
 * chosen the daily digest.
 */
import type { Deps } from '../deps.ts';
import type { Mailer } from '../ports.ts';
import { updateMailSettings } from '../mail/settings.ts';
import { deliverDueMail } from '../mail/sender.ts';
import { queueMeasureReminders, setDigestPreference } from '../mail/sweeps.ts';

/** Accepts every message and keeps none: the demo has no mail server. */
const letterbox: Mailer = { send: async () => {} };

const DEMO_SERVER = { host: 'smtp.example.org', port: 587, security: 'starttls' as const, sender: 'practice@demo.accord', username: null };

/** Before the demo's invitations: mail on, so they are queued as a real practice's would be. */
export async function startDemoMail(deps: Deps, adminId: string): Promise<void> {
  await updateMailSettings(deps, adminId, { enabled: true, ...DEMO_SERVER });
}

/** After the demo's records: the reminders due now, every message delivered to the letterbox, then mail off. */
export async function finishDemoMail(deps: Deps, adminId: string, digestUserId: string): Promise<void> {
  await queueMeasureReminders(deps);
  await deliverDueMail(deps, { mailer: letterbox, baseUrl: 'http://localhost:3000', claimer: 'demo' });
  await setDigestPreference(deps, digestUserId, true);
  await updateMailSettings(deps, adminId, { enabled: false, ...DEMO_SERVER });
}
