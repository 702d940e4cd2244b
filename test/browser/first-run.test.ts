/**
 * First run in the browser: the one-time set-up page creates the practice and its admin, the
 * admin signs in and must enrol an authenticator app (admins need a second factor by default),
 * then signs out and back in with a code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { makeWorld } from '../support/harness.ts';
import type { TestWorld } from '../support/harness.ts';
import { issueSetupToken } from '../../src/services/accounts/setup.ts';
import { base32Decode, hotp, totpStep } from '../../src/domain/totp.ts';
import { newPage, openBrowserWorld, pageProblems, screenshot, see, textIn } from './browser.ts';
import type { BrowserWorld } from './browser.ts';

const PASSWORD = 'willow lantern orchard tide';
let world: TestWorld;
let ui: BrowserWorld | undefined;
let base: string;
let browser: Browser;
let token: string;
let secret = '';

beforeAll(async () => {
  world = await makeWorld({ dialect: 'sqlite' });
  token = (await issueSetupToken(world.deps))!;
  ui = await openBrowserWorld(world);
  ({ base, browser } = ui);
});

afterAll(async () => {
  await (ui ? ui.close() : world?.close());
});

const codeNow = () => hotp(base32Decode(secret), totpStep(world.clock.now()));

describe('first run', () => {
  it('creates the practice and its admin from the set-up link', async () => {
    const { context, page } = await newPage(browser, base);
    await page.goto('/sign-in');
    await see(page.getByText('Accord is not set up yet.'));
    await page.goto(`/setup/${token}`);
    await see(page.getByRole('heading', { level: 1, name: 'Set up your practice' }));
    expect(await page.getByLabel('Time zone').inputValue()).toBe('Europe/London'); // the browser's zone
    await page.getByLabel('Practice name').fill('Harbour Counselling');
    // How dates are written: the browser's own (en-GB here) unless chosen; each choice shows a sample.
    const locale = page.getByLabel('How dates and times are written');
    expect(await locale.inputValue()).toBe('en-GB');
    await locale.selectOption('en-IE');
    await page.getByLabel('Crisis information for your clients').fill('In danger now: call 999. Samaritans, day and night: 116 123.');
    await page.getByLabel('Your name').fill('Alex Morgan');
    await page.getByLabel('Your email').fill('alex@harbour.test');
    await page.getByLabel('Choose a password').fill('too short');
    await see(page.getByText('9 of 15 so far.'));
    await page.getByRole('button', { name: 'Create the practice' }).click();
    await textIn(page.getByRole('alert'), 'at least 15 characters');
    await page.getByLabel('Choose a password').fill(PASSWORD);
    await see(page.getByText('Long enough.'));
    await screenshot(page, 'first-run-setup');
    await page.getByRole('button', { name: 'Create the practice' }).click();
    await see(page.getByRole('heading', { name: 'Your practice is ready' }));
    const practice = await world.deps.store.findPractice();
    expect(practice?.name).toBe('Harbour Counselling');
    expect(practice?.timeZone).toBe('Europe/London');
    expect(practice?.locale).toBe('en-IE');
    expect(practice?.requireMfaStaff).toBe(true); // "Require a second factor for all staff" is on unless unticked
    expect(practice?.crisisInfo).toBe('In danger now: call 999. Samaritans, day and night: 116 123.');
    // The link works once.
    await page.goto(`/setup/${token}`);
    await page.getByLabel('Practice name').fill('Again');
    await page.getByLabel('Crisis information for your clients').fill('Call 999 in an emergency, or 116 123.');
    await page.getByLabel('Your name').fill('Mallory');
    await page.getByLabel('Your email').fill('m@harbour.test');
    await page.getByLabel('Choose a password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create the practice' }).click();
    await textIn(page.getByRole('alert'), 'already has a practice');
    expect(pageProblems(page)).toEqual([]);
    await context.close();
  });

  it('makes the admin enrol an authenticator app at first sign-in', async () => {
    const { context, page } = await newPage(browser, base);
    await page.goto('/sign-in');
    await page.getByLabel('Email').fill('alex@harbour.test');
    await page.getByLabel('Password', { exact: true }).fill('wrong password entirely');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await textIn(page.getByRole('alert'), 'The email or password is not right');
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await see(page.getByRole('heading', { level: 1, name: 'Set up a second factor' }));
    // Nothing else is reachable before the second factor.
    await page.goto('/admin/staff');
    await see(page.getByRole('heading', { level: 1, name: 'Set up a second factor' }));
    await page.getByRole('button', { name: 'Begin setting up' }).click();
    const key = page.locator('.secret code');
    await see(key);
    secret = (await key.textContent())!.replace(/\s/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await page.getByText(/^otpauth:\/\/totp\//).waitFor({ state: 'attached' });
    await see(page.getByRole('img', { name: 'QR code of the setup address for your authenticator app' }));
    await page.getByLabel('Code from the app').fill('000000');
    await page.getByRole('button', { name: 'Confirm and finish' }).click();
    await textIn(page.getByRole('alert'), 'That code is not right');
    await page.getByLabel('Code from the app').fill(codeNow());
    await screenshot(page, 'mfa-enrol');
    await page.getByRole('button', { name: 'Confirm and finish' }).click();
    // The recovery codes, shown this once, before anything else.
    await see(page.getByRole('heading', { name: 'Your recovery codes' }));
    expect(await page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem').count()).toBe(10);
    await page.getByLabel('I have kept these codes somewhere safe').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await see(page.getByRole('heading', { level: 1, name: 'Staff' }));
    await textIn(page.getByRole('row', { name: /Alex Morgan/ }), 'Set up');
    expect(pageProblems(page)).toEqual([]);
    await context.close();
  });

  it('signs out, and the next sign-in asks for a code', async () => {
    const { context, page } = await newPage(browser, base);
    await page.goto('/sign-in');
    await page.getByLabel('Email').fill('alex@harbour.test');
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await see(page.getByRole('heading', { level: 1, name: 'Enter your code' }));
    world.clock.advance(1); // a fresh 30-second step: a used code cannot be replayed
    await page.getByLabel('6-digit code').fill(codeNow());
    await page.getByRole('button', { name: 'Continue' }).click();
    await see(page.getByRole('heading', { level: 1, name: 'Staff' }));
    await page.getByRole('link', { name: 'Account' }).click();
    await see(page.getByRole('heading', { level: 1, name: 'Your account' }));
    await see(page.getByText('Signing in needs a code from your authenticator app.'));
    await see(page.getByText('Your practice requires a second factor for your role, so it cannot be removed.'));
    await screenshot(page, 'account');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await see(page.getByRole('heading', { level: 1, name: 'Sign in' }));
    await see(page.getByText('You have signed out.'));
    await page.goto('/admin/staff');
    await see(page.getByRole('heading', { level: 1, name: 'Sign in' }));
    expect(page.url()).toContain('/sign-in?next=%2Fadmin%2Fstaff');
    await context.close();
  });
});
