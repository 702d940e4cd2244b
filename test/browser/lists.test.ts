/**
 * The admin's client list and the staff list at more than a page (issue 15): the admin opens
 * Clients, sees the first page and loads the next with "Load more", then searches by a name word
 * and by two words; on Staff the admin pages and searches by name and by email. The practice is
 * the seeded one of every browser test (no demo data); the extra clients and staff are added
 * through the use cases and the store before the app starts, as a practice that grew would have them.
 */
import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { PASSWORD } from '../support/harness.ts';
import { createClient } from '../../src/services/people/clients.ts';
import { pageProblems, screenshot, see, textIn } from './browser.ts';
import { practiceBrowser, signedInPage } from './flows.ts';

const contact = { email: null, phone: null, dateOfBirth: null };
/** More than a page of the web app's lists (50). */
const CLIENTS = 55;
const STAFF = 52;

const t = practiceBrowser(async (world, practice) => {
  for (let i = 0; i < CLIENTS; i++) {
    world.clock.advance(1);
    await createClient(world.deps, i % 2 ? practice.otherTherapistId : practice.therapistId, { name: `Person${String(i).padStart(2, '0')} Sample`, contact });
  }
  await createClient(world.deps, practice.therapistId, { name: 'Hedda Gabler', contact });
  const practiceId = (await world.deps.store.findPractice())!.id;
  for (let i = 0; i < STAFF; i++) {
    world.clock.advance(1);
    const at = world.clock.now().toISOString();
    await world.deps.store.insertUser({
      id: randomUUID(),
      practiceId,
      email: `colleague${i}@example.org`,
      displayName: `Colleague${String(i).padStart(2, '0')} Staffer`,
      passwordHash: null,
      roles: ['therapist'],
      status: 'active',
      clientId: null,
      totpSecret: null,
      totpLastStep: null,
      mfaEnabled: false,
      createdAt: at,
      updatedAt: at,
    });
  }
});

const h1 = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name });
const bodyRows = (page: Page) => page.locator('table tbody tr');

describe('paging and search of the admin’s lists in the browser', () => {
  it('pages the client list with Load more and searches it by name on the server', async () => {
    const { context, page } = await signedInPage(t, t.practice.emails.admin, PASSWORD, { path: '/clients' });
    await see(h1(page, 'Clients'));
    await textIn(page.getByRole('status').filter({ hasText: 'Showing' }), 'more to load');
    expect(await bodyRows(page).count()).toBe(50);
    await page.getByRole('button', { name: 'Load more clients' }).click();
    await expect.poll(() => bodyRows(page).count()).toBe(CLIENTS + 1);
    await see(page.getByRole('link', { name: 'Hedda Gabler' }));
    expect(await page.getByRole('button', { name: 'Load more clients' }).count()).toBe(0);

    await page.getByLabel('Search clients by name').fill('hedd');
    await expect.poll(() => bodyRows(page).count()).toBe(1);
    await see(page.getByRole('link', { name: 'Hedda Gabler' }));
    await textIn(page.getByRole('status').filter({ hasText: 'Showing' }), 'Showing 1 matching client');
    await page.getByLabel('Search clients by name').fill('sample person07');
    await expect.poll(() => bodyRows(page).count()).toBe(1);
    await see(page.getByRole('link', { name: 'Person07 Sample' }));
    await page.getByLabel('Search clients by name').fill('nobody');
    await see(page.getByText('No clients match this search.'));
    await screenshot(page, 'lists-clients-search');
    expect(pageProblems(page)).toEqual([]);
    await context.close();
  });

  it('pages the staff list and searches it by name and by email', async () => {
    const { context, page } = await signedInPage(t, t.practice.emails.admin, PASSWORD, { path: '/admin/staff' });
    await see(h1(page, 'Staff'));
    await textIn(page.getByRole('status').filter({ hasText: 'Showing' }), 'more to load');
    expect(await bodyRows(page).count()).toBe(50);
    const total = STAFF + Object.keys(t.practice.emails).length;
    await page.getByRole('button', { name: 'Load more staff' }).click();
    await expect.poll(() => bodyRows(page).count()).toBe(total);
    await page.getByLabel('Search staff by name or email').fill('colleague07');
    await expect.poll(() => bodyRows(page).count()).toBe(1);
    await textIn(bodyRows(page).first(), 'Colleague07 Staffer');
    await page.getByLabel('Search staff by name or email').fill('COLLEAGUE31@example.org');
    await expect.poll(() => bodyRows(page).count()).toBe(1);
    await textIn(bodyRows(page).first(), 'Colleague31 Staffer');
    await screenshot(page, 'lists-staff-search');
    expect(pageProblems(page)).toEqual([]);
    await context.close();
  });
});
