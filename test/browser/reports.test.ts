/**
 * The practice report in the browser, from an empty practice (no seeded records): the therapist
 * adds a client, opens a course six weeks ago, records two attended sessions and ends it as a
 * drop-out, all through the UI; the report then shows that one course — to the therapist as their
 * own, to the admin as the practice's — with the plain warning that one course is too few to read.
 * Screenshots: test-artifacts/screenshots/report-*.png (looked at; checked by axe).
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { PASSWORD } from '../support/harness.ts';
import { pageProblems, screenshot, see, textIn } from './browser.ts';
import { practiceBrowser, signedInPage, therapistPage } from './flows.ts';

const dayFromToday = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const h1 = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name });

const t = practiceBrowser();

describe('the practice report in the browser', () => {
  it('a course ended in the UI shows in the therapist’s and the admin’s report, with the small-numbers warning', async () => {
    const { page, context } = await therapistPage(t);
    await page.getByRole('link', { name: 'Add a client' }).click();
    await page.getByLabel('Name').fill('Rowan Ash');
    await page.getByLabel('Email').fill('rowan@example.org');
    await page.getByRole('button', { name: 'Add client' }).click();
    await see(h1(page, 'Rowan Ash'));
    await page.getByLabel('Start date').fill(dayFromToday(-42));
    await page.getByLabel('Agreed frequency').selectOption('weekly');
    await page.getByRole('button', { name: 'Open course' }).click();
    await textIn(page.getByRole('status').first(), 'The course was opened.');
    for (const day of [-42, -35]) {
      const form = page.getByRole('form', { name: 'Record a session' });
      await form.getByLabel('Date').fill(dayFromToday(day));
      await form.getByLabel('Time').fill('10:00');
      await form.getByLabel('What happened').selectOption({ label: 'Attended' });
      await form.getByRole('button', { name: 'Record session' }).click();
      await textIn(page.getByRole('status').first(), 'The session was recorded.');
    }
    await page.getByRole('button', { name: 'End course…' }).click();
    const end = page.getByRole('form', { name: 'End the course' });
    await end.getByLabel('Reason for ending').selectOption('drop_out');
    await end.getByLabel('Last day').fill(dayFromToday(-30));
    await end.getByRole('button', { name: 'End this course' }).click();
    await textIn(page.getByRole('status').first(), 'ended');

    // The therapist's own report: the one course, a drop-out after 2 sessions, and the warning.
    await page.getByRole('link', { name: 'Report', exact: true }).click();
    await see(h1(page, 'Practice report'));
    const warning = page.getByRole('note').filter({ hasText: 'Too few courses to read' });
    await see(warning);
    await textIn(warning, 'Only 1 course ended in this period');
    const overall = page.getByRole('table', { name: 'Outcomes and engagement' });
    await textIn(overall, '1 (1 finished treatment');
    await textIn(overall.getByRole('row', { name: /Drop-out/ }), '1 of 1');
    await textIn(overall.getByRole('row', { name: /Drop-out/ }), 'too few to read');
    await textIn(page.getByRole('table', { name: 'By therapist' }), 'Theo');
    await see(page.getByRole('heading', { name: 'What this practice’s own data says' }));
    await textIn(page.locator('.comparison').first(), 'Too few courses to compare');
    await screenshot(page, 'report-therapist');
    // The CSV link carries the same period.
    expect(await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href')).toMatch(/^\/api\/reports\/practice\.csv\?from=\d{4}-\d{2}-\d{2}&to=/);
    expect(pageProblems(page)).toEqual([]);
    await context.close();

    // The admin sees the practice: the same course, and the choice of therapist.
    const admin = await signedInPage(t, t.practice.emails.admin, PASSWORD);
    await admin.page.getByRole('link', { name: 'Report', exact: true }).click();
    await see(h1(admin.page, 'Practice report'));
    await textIn(admin.page.locator('.report-basis'), 'the whole practice');
    await textIn(admin.page.getByRole('table', { name: 'Outcomes and engagement' }), '1 (1 finished treatment');
    await see(admin.page.getByRole('note').filter({ hasText: 'Too few courses to read' }));
    // A period with no courses: nothing to read, said so.
    await admin.page.getByLabel('From', { exact: true }).fill('2020-01-01');
    await admin.page.getByLabel('To', { exact: true }).fill('2020-12-31');
    await admin.page.getByRole('button', { name: 'Show' }).click();
    await textIn(admin.page.getByRole('note').filter({ hasText: 'Too few' }), 'Only 0 courses ended');
    await screenshot(admin.page, 'report-admin-empty-period');
    expect(pageProblems(admin.page)).toEqual([]);
    await admin.context.close();
  });

  it('prints the report on A4 without the filters', async () => {
    const { page, context } = await therapistPage(t, '/reports');
    await see(h1(page, 'Practice report'));
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('form', { name: 'Report period and filters' }).isVisible()).toBe(false);
    await screenshot(page, 'report-print');
    await context.close();
  });
});
