/**
 * The browser flows several test files walk through the same way: one file's world with its seeded
 * practice behind the real app and one Chromium; a page signed in as someone; the admin inviting a
 * staff member and the staff member accepting; the therapist adding a client, opening a course and
 * inviting the client to the portal; the client accepting that invitation on a phone. Each flow
 * drives the real pages step by step, exactly as a person would; the tests keep their own
 * assertions and screenshots around them.
 */
import { afterAll, beforeAll } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { makeWorld, PASSWORD, seedPractice } from '../support/harness.ts';
import type { Practice, TestWorld } from '../support/harness.ts';
import { newPage, openBrowserWorld, see, signIn, textIn } from './browser.ts';
import type { BrowserWorld, Viewport } from './browser.ts';

/** What a test file's browser tests work with. Its fields are filled in by the file's beforeAll: read them inside tests only. */
export type PracticeBrowser = { world: TestWorld; practice: Practice; base: string; browser: Browser };

/** A page and its own browser context; close the context when done. */
export type OpenPage = { context: BrowserContext; page: Page };

const h1 = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name });

/**
 * Registers the test file's beforeAll and afterAll: a fresh SQLite world whose clock is set to now
 * (the browser's clock decides what is upcoming, so the server stays on the same day; `clockNow:
 * false` leaves the world's own clock), the seeded practice (harness.ts seedPractice), then `seed`
 * for the file's own records, then the real app and one Chromium (openBrowserWorld). afterAll closes
 * the browser, the app and the world, or only the world when the set-up failed before the browser.
 *
 * @returns the object beforeAll fills in.
 */
export function practiceBrowser(seed?: (world: TestWorld, practice: Practice) => Promise<void>, opts: { clockNow?: boolean } = {}): PracticeBrowser {
  const t = {} as PracticeBrowser;
  let world: TestWorld | undefined;
  let ui: BrowserWorld | undefined;
  beforeAll(async () => {
    world = await makeWorld({ dialect: 'sqlite' });
    if (opts.clockNow !== false) world.clock.set(new Date().toISOString());
    const practice = await seedPractice(world.deps);
    await seed?.(world, practice);
    ui = await openBrowserWorld(world);
    Object.assign(t, { world, practice, base: ui.base, browser: ui.browser });
  });
  afterAll(async () => {
    await (ui ? ui.close() : world?.close());
  });
  return t;
}

/**
 * A fresh page (a desktop unless `viewport` says phone) signed in through the form as `email`,
 * then, when `path` is given, at that path.
 */
export async function signedInPage(t: PracticeBrowser, email: string, password: string, opts: { path?: string; viewport?: Viewport } = {}): Promise<OpenPage> {
  const opened = await newPage(t.browser, t.base, opts.viewport);
  await signIn(opened.page, email, password);
  if (opts.path !== undefined) await opened.page.goto(opts.path);
  return opened;
}

/** A fresh desktop page signed in as the seeded practice's therapist (Theo), then at `path` if given. */
export function therapistPage(t: PracticeBrowser, path?: string): Promise<OpenPage> {
  return signedInPage(t, t.practice.emails.therapist, PASSWORD, { path });
}

/**
 * The seeded practice's admin signs in on a page of their own, opens Staff and creates an
 * invitation link for `email`; the admin's page is closed again.
 *
 * @returns the invitation link.
 */
export async function adminInvitesStaff(t: PracticeBrowser, email: string): Promise<string> {
  const admin = await signedInPage(t, t.practice.emails.admin, PASSWORD);
  await admin.page.getByRole('link', { name: 'Staff' }).click();
  await admin.page.getByLabel('Their email').fill(email);
  await admin.page.getByRole('button', { name: 'Create invitation link' }).click();
  const link = await admin.page.getByLabel(`Invitation link for ${email}`).inputValue();
  await admin.context.close();
  return link;
}

/** Who accepts an invitation: the name they give, and the email and password they then sign in with. */
export type Invitee = { name: string; email: string; password: string };

/** On `page`: opens an invitation link, gives the name (in the field labelled `nameLabel`) and a password, creates the account and signs in. */
async function acceptInvitation(page: Page, link: string, nameLabel: string, who: Invitee): Promise<void> {
  await page.goto(link);
  await page.getByLabel(nameLabel).fill(who.name);
  await page.getByLabel('Choose a password').fill(who.password);
  await page.getByRole('button', { name: 'Create my account' }).click();
  await see(h1(page, 'Your account is ready'));
  await signIn(page, who.email, who.password);
}

/** On `page`: the invited staff member opens the invitation link, gives their name and password, creates the account and signs in. */
export function acceptStaffInvite(page: Page, link: string, who: Invitee): Promise<void> {
  return acceptInvitation(page, link, 'Your name', who);
}

/**
 * On a therapist's signed-in `page`: adds a client with `name` and `email`, and on the client's page
 * opens a weekly course starting today.
 *
 * @returns the new client's id, from the client page's address.
 */
export async function addClientAndOpenCourse(page: Page, client: { name: string; email: string }): Promise<string> {
  await page.getByRole('link', { name: 'Add a client' }).click();
  await page.getByLabel('Name').fill(client.name);
  await page.getByLabel('Email').fill(client.email);
  await page.getByRole('button', { name: 'Add client' }).click();
  await see(h1(page, client.name));
  const clientId = page.url().split('/').pop()!;
  await page.getByLabel('Start date').fill(new Date().toISOString().slice(0, 10));
  await page.getByLabel('Agreed frequency').selectOption('weekly');
  await page.getByRole('button', { name: 'Open course' }).click();
  await textIn(page.getByRole('status').first(), 'The course was opened.');
  return clientId;
}

/**
 * On the client page: creates the client's portal invitation.
 *
 * @returns the invitation link, as the page shows it for copying.
 */
export async function createPortalInvitation(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Create portal invitation' }).click();
  return page.getByLabel('Portal invitation link').inputValue();
}

/**
 * The client accepts the portal invitation on a phone (390 px): opens `link` on a fresh phone page,
 * gives the name to call them by and a password, creates the account and signs in.
 *
 * @returns the phone page, signed in at the portal.
 */
export async function clientAcceptsOnPhone(t: PracticeBrowser, link: string, who: Invitee): Promise<OpenPage> {
  const opened = await newPage(t.browser, t.base, 'phone');
  await acceptInvitation(opened.page, link, 'What should we call you?', who);
  return opened;
}
