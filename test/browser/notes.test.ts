/**
 * The twice-told session in Chromium, from an empty practice (SPEC §3 C6): the therapist records a
 * session; the client, on a 390 px phone, writes a shared reflection and finds it sealed; the
 * therapist finds the client's reflection sealed too, drafts and signs the progress note, shares it
 * and adds an addendum — and both then see the two accounts side by side with the words both used
 * marked; the admin sees dates only, the supervisor reads; a shared reflection with withdrawal words
 * raises a rupture alert the therapist follows to the session. Screenshots in
 * test-artifacts/screenshots: notes-*.png.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { PASSWORD } from '../support/harness.ts';
import { pageProblems, screenshot, see, textIn } from './browser.ts';
import { clientAcceptsOnPhone, createPortalInvitation, practiceBrowser, signedInPage, therapistPage } from './flows.ts';
import type { OpenPage } from './flows.ts';

const t = practiceBrowser();
const dayFromToday = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const h1 = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name });
const noSideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

describe('progress note, reflection and the pair side by side', () => {
  let therapist: OpenPage;
  let client: OpenPage;
  let clientUrl = '';

  it('the therapist adds a client, opens a course, records two past sessions and invites the client', async () => {
    therapist = await therapistPage(t);
    const page = therapist.page;
    await page.getByRole('link', { name: 'Add a client' }).click();
    await page.getByLabel('Name').fill('Noor Notes');
    await page.getByLabel('Email').fill('noor@client.test');
    await page.getByRole('button', { name: 'Add client' }).click();
    await see(h1(page, 'Noor Notes'));
    clientUrl = new URL(page.url()).pathname;
    await page.getByLabel('Start date').fill(dayFromToday(-7));
    await page.getByLabel('Agreed frequency').selectOption('weekly');
    await page.getByRole('button', { name: 'Open course' }).click();
    await textIn(page.getByRole('status').first(), 'The course was opened.');
    const form = page.getByRole('form', { name: 'Record a session' });
    for (const day of [-3, -1]) {
      await form.getByLabel('Date').fill(dayFromToday(day));
      await form.getByLabel('Time').fill('10:00');
      await form.getByLabel('What happened').selectOption({ label: 'Attended' });
      await form.getByRole('button', { name: 'Record session' }).click();
      await textIn(page.getByRole('status').first(), 'The session was recorded.');
    }
    const link = await createPortalInvitation(page);
    client = await clientAcceptsOnPhone(t, link, { name: 'Noor', email: 'noor@client.test', password: PASSWORD });
  });

  it('the client writes a shared reflection on a 390 px phone; the pair is sealed', async () => {
    const page = client.page;
    await page.goto('/portal');
    const section = page.getByRole('region', { name: 'Reflect on your sessions' });
    await section
      .getByRole('link', { name: /Reflect on the session/ })
      .first()
      .click(); // the newest first
    await see(h1(page, 'My reflection'));
    await page.getByRole('button', { name: 'Save my reflection' }).click();
    await textIn(page.getByRole('alert').first(), 'Write at least one');
    await page.getByLabel('What stood out for me').fill('Talking about my manager and how I freeze in meetings.');
    await page.getByLabel('What I take away').fill('I can practise speaking up once in the Monday meeting.');
    await page.getByLabel('What was left unsaid').fill('How tired I am of feeling small at work.');
    await page.getByLabel(/Share with my therapist/).check();
    await page.getByRole('button', { name: 'Save my reflection' }).click();
    await textIn(page.getByRole('status').first(), 'shared with your therapist');
    await textIn(page.locator('.sealed-note'), 'Your therapist has not written theirs yet');
    expect(await noSideways(page)).toBe(true);
    await screenshot(page, 'notes-reflection-phone-sealed');
  });

  it('the therapist finds it sealed, drafts, signs and shares the note, adds an addendum, and sees both side by side', async () => {
    const page = therapist.page;
    await page.goto(clientUrl);
    await page
      .getByRole('link', { name: /Notes of the session/ })
      .first()
      .click(); // newest first
    // The heading names the client (the breadcrumb leads back to them).
    await see(h1(page, /^Noor Notes: session of /));
    const crumbs = page.getByRole('navigation', { name: 'Breadcrumb' });
    expect((await crumbs.textContent())?.replace(/\s+/g, ' ').trim()).toBe('Caseload › Noor Notes › Session notes');
    expect(await crumbs.getByRole('link', { name: 'Noor Notes' }).getAttribute('href')).toMatch(/^\/clients\/[^#]+#session-/);
    await textIn(page.locator('.sealed-note'), 'The client has written theirs');
    await expect.poll(() => page.getByText('How tired I am').count()).toBe(0);
    await page.getByRole('button', { name: 'Save draft' }).click();
    await textIn(page.getByRole('alert').first(), 'empty note');
    await page
      .getByLabel('The note', { exact: true })
      .fill('Noor described freezing in meetings with her manager. We rehearsed speaking up; she will try it at the Monday meeting.');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await textIn(page.getByRole('status').first(), 'The draft was saved.');
    await page.getByRole('button', { name: 'Sign and lock' }).click();
    await textIn(page.getByRole('status').first(), 'The note is signed');
    await textIn(page.locator('.note-status').first(), 'Locked');
    await page.getByLabel('Share this note with the client').check();
    await textIn(page.getByRole('status').first(), 'shared with the client');
    await page.getByLabel('Add an addendum').fill('She wrote on Tuesday that the meeting went better than she feared.');
    await page.getByRole('button', { name: 'Sign and add the addendum' }).click();
    await textIn(page.getByRole('status').first(), 'addendum was signed');
    const pair = page.getByRole('region', { name: 'Side by side' });
    await see(pair);
    await textIn(pair, 'How tired I am of feeling small at work.');
    const marked = await pair.locator('mark.theme-mark').allTextContents();
    expect(marked.map((m) => m.toLowerCase())).toEqual(expect.arrayContaining(['manager', 'meetings']));
    await screenshot(page, 'notes-therapist-side-by-side');
    expect(pageProblems(page)).toEqual([]);
  });

  it('the client, back on the phone, reads the note beside their reflection; their words now stand', async () => {
    const page = client.page;
    await page.reload();
    const pair = page.getByRole('region', { name: 'Side by side' });
    await see(pair);
    await textIn(pair, 'We rehearsed speaking up');
    await textIn(pair, 'went better than she feared');
    expect(await pair.locator('mark.theme-mark').count()).toBeGreaterThan(2);
    await expect.poll(() => page.getByLabel('What stood out for me').count()).toBe(0);
    expect(await noSideways(page)).toBe(true);
    await screenshot(page, 'notes-reflection-phone-side-by-side');
    expect(pageProblems(page)).toEqual([]);
    await client.context.close();
    await therapist.context.close();
  });

  it('the admin sees the note’s date and type on the client page, never its words', async () => {
    const { context, page } = await signedInPage(t, t.practice.emails.admin, PASSWORD, { path: clientUrl });
    const panel = page.getByRole('region', { name: 'Progress notes' });
    await textIn(panel, 'Progress note on the session of');
    await textIn(panel, 'signed');
    expect(await page.getByText('rehearsed', { exact: false }).count()).toBe(0);
    expect(await page.getByRole('link', { name: /Notes of the session/ }).count()).toBe(0);
    await expect.poll(() => panel.getByRole('listitem').count()).toBe(1);
    await screenshot(page, 'notes-admin-dates-only');
    await context.close();
  });

  it('the therapist’s supervisor reads the note and the pair, and is offered nothing to change', async () => {
    const { context, page } = await signedInPage(t, t.practice.emails.supervisor, PASSWORD, { path: clientUrl });
    await page
      .getByRole('link', { name: /Notes of the session/ })
      .first()
      .click();
    await see(h1(page, /: session of /));
    await textIn(page.locator('.note-status').first(), 'Locked');
    await see(page.getByRole('region', { name: 'Side by side' }));
    expect(await page.getByRole('button', { name: /^(Save draft|Sign and lock|Sign and add the addendum)$/ }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(1); // the control: buttons are found on this page
    expect(await page.getByLabel('Share this note with the client').count()).toBe(0);
    expect(pageProblems(page)).toEqual([]);
    await context.close();
  });

  it('a shared reflection with withdrawal words raises a rupture alert; the therapist reads the quote and follows it to the session', async () => {
    const phone = await signedInPage(t, 'noor@client.test', PASSWORD, { path: '/portal', viewport: 'phone' });
    const section = phone.page.getByRole('region', { name: 'Reflect on your sessions' });
    await section
      .getByRole('link', { name: /Reflect on the session/ })
      .nth(1)
      .click(); // the earlier session
    await phone.page.getByLabel('What stood out for me').fill('I felt you were not listening to me.');
    await phone.page.getByLabel('What I take away').fill('There is no point in coming.');
    await phone.page.getByRole('button', { name: 'Save my reflection' }).click();
    await textIn(phone.page.getByRole('status').first(), 'shared with your therapist');
    await phone.context.close();

    const { context, page } = await therapistPage(t, '/alerts');
    const card = page.getByRole('article').filter({ hasText: 'Possible strain in the last session' });
    await see(card);
    await textIn(card, 'their reflection has words that can signal withdrawal or frustration');
    // The inbox's cards are compact until opened.
    await card.getByRole('button', { name: 'Show details' }).click();
    await card.getByText(/^Evidence/).click();
    const quote = card.getByRole('link', { name: /In the client's words/ });
    await textIn(quote, 'not listening');
    await screenshot(page, 'notes-rupture-alert');
    await quote.click();
    await see(h1(page, /: session of /));
    // Sealed still for the therapist (no note signed on that session yet): the alert quoted the cue words only.
    await textIn(page.locator('.sealed-note'), 'The client has written theirs');
    expect(pageProblems(page)).toEqual([]);
    await context.close();
  });
});
