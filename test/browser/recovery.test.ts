/**
 * Recovery in the browser: a therapist sets up an authenticator from the account page (a QR code
 * beside the key; the recovery codes shown once), later signs in with a recovery code instead of the
 * app (once only), and the admin makes reset links — one that removes a lost authenticator after the
 * person confirms their password, one that sets a new password.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { PASSWORD } from '../support/harness.ts';
import { base32Decode, hotp, totpStep } from '../../src/domain/totp.ts';
import { newPage, pageProblems, screenshot, see, signIn, textIn } from './browser.ts';
import { practiceBrowser, signedInPage } from './flows.ts';

const t = practiceBrowser();
const h1 = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name });
let secret = '';
let codes: string[] = [];
const codeNow = () => hotp(base32Decode(secret), totpStep(t.world.clock.now()));

/** Signs in with the password and stops at the second factor's page. */
async function passwordOnly(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

describe('recovery in the browser', () => {
  it('shows a QR code beside the key, then the recovery codes once, at enrolment', async () => {
    const { context, page } = await signedInPage(t, t.practice.emails.therapist, PASSWORD, { path: '/account' });
    await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
    await page.getByRole('button', { name: 'Begin setting up' }).click();
    const qr = page.getByRole('img', { name: 'QR code of the setup address for your authenticator app' });
    await see(qr);
    expect(await qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    secret = (await page.locator('.secret code').textContent())!.replace(/\s/g, '');
    await page.getByLabel('Code from the app').fill(codeNow());
    await screenshot(page, 'recovery-enrol-qr');
    await page.getByRole('button', { name: 'Confirm and finish' }).click();
    await see(page.getByRole('heading', { name: 'Your recovery codes' }));
    codes = (await page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem').allTextContents()).map((c) => c.trim());
    expect(codes).toHaveLength(10);
    const go = page.getByRole('button', { name: 'Continue' });
    expect(await go.isDisabled()).toBe(true);
    await page.getByLabel('I have kept these codes somewhere safe').check();
    await screenshot(page, 'recovery-codes-once');
    await go.click();
    await textIn(page.getByRole('status').first(), 'Your authenticator app is set up.');
    await see(page.getByText('You have 10 unused recovery codes for a lost phone.'));
    // Shown once: the account page never shows them again.
    expect(await page.getByText(codes[0]!).count()).toBe(0);
    expect(pageProblems(page)).toEqual([]);
    await context.close();
  });

  it('signs in with a recovery code instead of the app, and refuses the same code a second time', async () => {
    const { context, page } = await newPage(t.browser, t.base);
    await passwordOnly(page, t.practice.emails.therapist);
    await see(h1(page, 'Enter your code'));
    await page.getByRole('button', { name: 'Lost your phone? Use a recovery code' }).click();
    await page.getByLabel('Recovery code').fill(codes[3]!);
    await screenshot(page, 'recovery-sign-in-with-code');
    await page.getByRole('button', { name: 'Sign in with recovery code' }).click();
    await page.getByRole('link', { name: 'Account' }).click();
    await see(page.getByText('You have 9 unused recovery codes for a lost phone.'));
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await passwordOnly(page, t.practice.emails.therapist);
    await page.getByRole('button', { name: 'Lost your phone? Use a recovery code' }).click();
    await page.getByLabel('Recovery code').fill(codes[3]!);
    await page.getByRole('button', { name: 'Sign in with recovery code' }).click();
    await textIn(page.getByRole('alert'), 'That recovery code is not right, or it was used before.');
    expect(pageProblems(page).filter((p) => !p.includes('401'))).toEqual([]);
    await context.close();
  });

  it('lets the admin make a second-factor reset link; the therapist confirms their password and enrols anew', async () => {
    // The practice now requires a second factor of all staff: the reset leads to a fresh enrolment.
    await t.world.deps.store.updatePractice((await t.world.deps.store.findPractice())!.id, { requireMfaStaff: true });
    // The admin is staff too, so she sets up her own authenticator first.
    const admin = await newPage(t.browser, t.base);
    await passwordOnly(admin.page, t.practice.emails.admin);
    await see(h1(admin.page, 'Set up a second factor'));
    await admin.page.getByRole('button', { name: 'Begin setting up' }).click();
    const adminSecret = (await admin.page.locator('.secret code').textContent())!.replace(/\s/g, '');
    await admin.page.getByLabel('Code from the app').fill(hotp(base32Decode(adminSecret), totpStep(t.world.clock.now())));
    await admin.page.getByRole('button', { name: 'Confirm and finish' }).click();
    await admin.page.getByLabel('I have kept these codes somewhere safe').check();
    await admin.page.getByRole('button', { name: 'Continue' }).click();
    await admin.page.getByRole('link', { name: 'Staff' }).click();
    await see(h1(admin.page, 'Staff'));
    await admin.page.getByRole('button', { name: 'Second-factor reset link for Theo Therapist' }).click();
    const link = await admin.page.getByLabel('Theo Therapist’s second-factor reset link').inputValue();
    expect(link).toMatch(/\/reset\/[\w-]{20,}$/);
    await screenshot(admin.page, 'recovery-admin-reset-link');
    await admin.context.close();

    const { context, page } = await newPage(t.browser, t.base, 'phone');
    await page.goto(link);
    await see(h1(page, 'Reset your second factor'));
    await page.getByLabel('Your current password').fill('not the right password');
    await page.getByRole('button', { name: 'Remove my authenticator' }).click();
    await textIn(page.getByRole('alert'), 'The password is not right.');
    await page.getByLabel('Your current password').fill(PASSWORD);
    await screenshot(page, 'recovery-reset-second-factor-phone');
    await page.getByRole('button', { name: 'Remove my authenticator' }).click();
    await see(h1(page, 'Your authenticator is removed'));
    await page.getByRole('link', { name: 'Go to sign in' }).click();
    await passwordOnly(page, t.practice.emails.therapist);
    await see(h1(page, 'Set up a second factor'));
    // The link worked once.
    await page.goto(link);
    await textIn(page.getByRole('alert'), 'This reset link is not valid any more.');
    await context.close();
  });

  it('lets the admin make a password reset link; the new password signs in', async () => {
    await t.world.deps.store.updatePractice((await t.world.deps.store.findPractice())!.id, { requireMfaStaff: false });
    const admin = await newPage(t.browser, t.base);
    await passwordOnly(admin.page, t.practice.emails.admin);
    await see(h1(admin.page, 'Enter your code'));
    t.world.clock.advance(1);
    // The admin's secret is the one enrolled above: read back from the store for the code.
    const ada = (await t.world.deps.store.findUserById(t.practice.adminId))!;
    const adaSecret = base32Decode(t.world.deps.vault.openSecret(ada.totpSecret!, `users:${ada.id}:totp`));
    await admin.page.getByLabel('6-digit code').fill(hotp(adaSecret, totpStep(t.world.clock.now())));
    await admin.page.getByRole('button', { name: 'Continue' }).click();
    await admin.page.getByRole('link', { name: 'Staff' }).click();
    await admin.page.getByRole('button', { name: 'Password reset link for Olga Other' }).click();
    const link = await admin.page.getByLabel('Olga Other’s password reset link').inputValue();
    await admin.context.close();

    const { context, page } = await newPage(t.browser, t.base);
    await page.goto(link);
    await see(h1(page, 'Choose a new password'));
    await page.getByLabel('New password').fill('lighthouse pebble autumn fern');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await see(h1(page, 'Your password is changed'));
    await signIn(page, t.practice.emails.otherTherapist, 'lighthouse pebble autumn fern');
    expect(pageProblems(page)).toEqual([]);
    await context.close();
  });
});
