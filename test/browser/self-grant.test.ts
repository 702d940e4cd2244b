/**
 * The admin giving itself access to a therapist's clients, in the browser: each step asks for the
 * password in a dialog and then goes through; cancelling changes nothing; the therapist then sees
 * who gave themselves access on their account page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { makeWorld, PASSWORD, seedPractice } from '../support/harness.ts';
import type { Practice, TestWorld } from '../support/harness.ts';
import { createClient } from '../../src/services/people/clients.ts';
import { newPage, openBrowserWorld, pageProblems, screenshot, see, signIn, textIn } from './browser.ts';
import type { BrowserWorld } from './browser.ts';

let world: TestWorld;
let practice: Practice;
let ui: BrowserWorld | undefined;
let base: string;
let browser: Browser;

beforeAll(async () => {
  world = await makeWorld({ dialect: 'sqlite' });
  world.clock.set(new Date().toISOString());
  practice = await seedPractice(world.deps);
  await createClient(world.deps, practice.therapistId, { name: 'Casey Client', contact: { email: null, phone: null, dateOfBirth: null } });
  ui = await openBrowserWorld(world);
  ({ base, browser } = ui);
});

afterAll(async () => {
  await (ui ? ui.close() : world?.close());
});

const h1 = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name });
/** Past the fresh-sign-in window (the server's clock), well inside the idle timeout. */
const later = () => world.clock.advance(world.deps.security.selfGrantReauthMinutes + 1);

describe('giving oneself clinical access in the browser', () => {
  it('asks the admin for the password before each step, and tells the therapist', async () => {
    const admin = await newPage(browser, base);
    await signIn(admin.page, practice.emails.admin, PASSWORD);
    later();

    // 1. The supervisor role, given to oneself.
    await admin.page.goto('/admin/staff');
    await see(h1(admin.page, 'Staff'));
    await admin.page.getByRole('button', { name: 'Change roles of Ada Admin' }).click();
    await admin.page.getByRole('group', { name: 'Roles of Ada Admin' }).getByLabel('Supervisor').check();
    await admin.page.getByRole('button', { name: 'Save roles' }).click();
    const dialog = admin.page.getByRole('dialog', { name: 'Confirm it is you' });
    await see(dialog);
    await textIn(dialog, 'This gives you access to clinical records.');
    await screenshot(admin.page, 'self-grant-reauth-prompt');
    // A wrong password is said so, and the dialog stays.
    await dialog.getByLabel('Your password', { exact: true }).fill('not my password at all');
    await dialog.getByRole('button', { name: 'Confirm and continue' }).click();
    await textIn(dialog.getByRole('alert'), 'The password is not right.');
    await dialog.getByLabel('Your password', { exact: true }).fill(PASSWORD);
    await dialog.getByRole('button', { name: 'Confirm and continue' }).click();
    await textIn(admin.page.getByRole('status').first(), 'Roles of Ada Admin changed.');
    await textIn(admin.page.getByRole('row', { name: /Ada Admin/ }), 'Supervisor');
    expect(await dialog.count()).toBe(0);

    // 2. Supervising Theo: cancelled once (nothing changes), then confirmed.
    later();
    await admin.page.goto('/admin/supervision');
    await see(h1(admin.page, 'Supervision'));
    await admin.page.getByRole('combobox', { name: 'Supervisor', exact: true }).selectOption({ label: 'Ada Admin' });
    await admin.page.getByRole('combobox', { name: 'Therapist', exact: true }).selectOption({ label: 'Theo Therapist' });
    await admin.page.getByRole('button', { name: 'Assign' }).click();
    await see(dialog);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await textIn(admin.page.getByRole('alert').first(), 'Nothing was changed');
    expect(await world.deps.store.supervisorsOf(practice.therapistId)).not.toContain(practice.adminId);
    await admin.page.getByRole('button', { name: 'Assign' }).click();
    await dialog.getByLabel('Your password', { exact: true }).fill(PASSWORD);
    await dialog.getByRole('button', { name: 'Confirm and continue' }).click();
    await textIn(admin.page.getByRole('status').first(), 'Ada Admin now supervises Theo Therapist.');
    expect(await world.deps.store.supervisorsOf(practice.therapistId)).toContain(practice.adminId);
    expect(pageProblems(admin.page)).toEqual([]);
    await admin.context.close();

    // 3. Theo sees it on his account page.
    const theo = await newPage(browser, base);
    await signIn(theo.page, practice.emails.therapist, PASSWORD);
    await theo.page.goto('/account');
    const notices = theo.page.getByRole('region', { name: /Access to your clients/ });
    await textIn(notices, 'Ada Admin gave themselves supervision of your work');
    await textIn(notices, '2 new'); // and Sue, assigned when the practice was set up
    await textIn(notices, 'Ada Admin gave Sue Supervisor supervision of your work');
    await screenshot(theo.page, 'self-grant-therapist-notice');
    await notices.getByRole('button', { name: 'Mark as read' }).click();
    await expect.poll(async () => notices.getByText('New:').count()).toBe(0);
    expect(pageProblems(theo.page)).toEqual([]);
    await theo.context.close();
  });
});
