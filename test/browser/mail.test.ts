/**
 * Mail in the browser, against a real SMTP server started by the test: the admin's Mail page says
 * mail is off, then takes the server's settings; a test message and a staff invitation leave
 * through the outbox and show as sent; the invitation's email holds the same link the page shows
 * to copy; a therapist chooses the daily digest on their account page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { PASSWORD } from '../support/harness.ts';
import { bodyOf, smtpMailer, startSmtp } from '../support/smtp.ts';
import type { TestSmtp } from '../support/smtp.ts';
import { deliverDueMail } from '../../src/services/mail/sender.ts';
import { pageProblems, screenshot, see, textIn } from './browser.ts';
import { addClientAndOpenCourse, createPortalInvitation, practiceBrowser, signedInPage, therapistPage } from './flows.ts';

const t = practiceBrowser();
let smtp: TestSmtp;
beforeAll(async () => {
  smtp = await startSmtp();
});
afterAll(async () => {
  await smtp.close();
});
const h1 = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name });
/** What the sender loop of `accord serve` does every few seconds. */
const deliver = () => deliverDueMail(t.world.deps, { mailer: smtpMailer, baseUrl: t.base, claimer: 'browser-test' });

describe('mail in the browser', () => {
  it('the admin sees mail is off, sets up the SMTP server, and a test message leaves through the outbox', async () => {
    const { context, page } = await signedInPage(t, t.practice.emails.admin, PASSWORD);
    await page.getByRole('link', { name: 'Mail' }).click();
    await see(h1(page, 'Mail'));
    await see(page.getByText('Mail is off. Accord works without it'));
    expect(await page.getByRole('button', { name: 'Send test message' }).isDisabled()).toBe(true);
    await screenshot(page, 'mail-off');
    await page.getByLabel('Send email').check();
    await page.getByLabel('Server', { exact: true }).fill('127.0.0.1');
    await page.getByLabel('Port', { exact: true }).fill(String(smtp.server.port));
    await page.getByLabel('Security').selectOption('none');
    await page.getByLabel('Sender address').fill('practice@harbour.test');
    await page.getByRole('button', { name: 'Save mail settings' }).click();
    await textIn(page.getByRole('status').first(), 'Mail is on. Send a test message to check it.');
    await see(page.getByText(`Mail is on: sent through 127.0.0.1:${smtp.server.port} from practice@harbour.test.`));
    await page.getByLabel('Send a test message to').fill('ada@harbour.test');
    await page.getByRole('button', { name: 'Send test message' }).click();
    await see(page.getByText('A test message to ada@harbour.test is on its way.'));
    expect((await deliver()).sent).toBe(1);
    expect(smtp.received.map((m) => m.to[0])).toEqual(['ada@harbour.test']);
    await page.getByRole('button', { name: 'Refresh' }).click();
    await textIn(page.getByRole('row', { name: /Test message/ }), 'Sent');
    await screenshot(page, 'mail-on-outbox');
    // Turned off, the page says the sent messages went out while it was on; then on again for the tests below.
    expect(await page.getByText('the messages marked sent went out while it was on').count()).toBe(0);
    await page.getByLabel('Send email').uncheck();
    await page.getByRole('button', { name: 'Save mail settings' }).click();
    await see(page.getByText('Mail is off now: the messages marked sent went out while it was on.'));
    await page.getByLabel('Send email').check();
    await page.getByRole('button', { name: 'Save mail settings' }).click();
    await see(page.getByText(`Mail is on: sent through 127.0.0.1:${smtp.server.port} from practice@harbour.test.`));
    expect(pageProblems(page)).toEqual([]);
    await context.close();
  });

  it('a staff invitation is emailed with the link the page shows, and the outbox lists it as sent', async () => {
    const { context, page } = await signedInPage(t, t.practice.emails.admin, PASSWORD);
    await page.getByRole('link', { name: 'Staff' }).click();
    await page.getByLabel('Their email').fill('newcolleague@harbour.test');
    await page.getByRole('button', { name: 'Create invitation link' }).click();
    await see(page.getByText('The invitation was emailed to newcolleague@harbour.test.'));
    const link = await page.getByLabel('Invitation link for newcolleague@harbour.test').inputValue();
    expect((await deliver()).sent).toBe(1);
    const mail = smtp.received.at(-1)!;
    expect(mail.to).toEqual(['newcolleague@harbour.test']);
    expect(bodyOf(mail.raw)).toContain(link);
    await page.getByRole('link', { name: 'Mail' }).click();
    await textIn(page.getByRole('row', { name: /Staff invitation/ }), 'newcolleague@harbour.test');
    await textIn(page.getByRole('row', { name: /Staff invitation/ }), 'Sent');
    // The outbox never shows a message's link.
    expect(await page.getByText(link).count()).toBe(0);
    await context.close();
  });

  it('a portal invitation is emailed to the client without their name or anything clinical', async () => {
    const { context, page } = await therapistPage(t);
    await addClientAndOpenCourse(page, { name: 'Marigold Quennell', email: 'marigold@harbour.test' });
    const link = await createPortalInvitation(page);
    await see(page.getByText('The invitation was emailed to marigold@harbour.test.'));
    expect((await deliver()).sent).toBe(1);
    const mail = smtp.received.at(-1)!;
    expect(mail.to).toEqual(['marigold@harbour.test']);
    const body = bodyOf(mail.raw);
    expect(body).toContain(link);
    for (const word of ['Marigold', 'Quennell', 'Theo']) expect(body).not.toContain(word);
    await screenshot(page, 'mail-portal-invitation-emailed');
    await context.close();
  });

  it('a therapist chooses the daily digest on their account page', async () => {
    const { context, page } = await signedInPage(t, t.practice.emails.therapist, PASSWORD, { path: '/account' });
    const box = page.getByLabel('Email me each morning when my day is ready');
    await see(box);
    expect(await box.isChecked()).toBe(false);
    await box.check();
    await see(page.getByText('You will get a short email each morning when your day is ready.'));
    expect((await t.world.deps.store.findMailPreference(t.practice.therapistId))?.dailyDigest).toBe(true);
    await page.reload();
    await see(page.getByLabel('Email me each morning when my day is ready'));
    expect(await page.getByLabel('Email me each morning when my day is ready').isChecked()).toBe(true);
    await screenshot(page, 'mail-digest-choice');
    expect(pageProblems(page)).toEqual([]);
    await context.close();
  });
});
