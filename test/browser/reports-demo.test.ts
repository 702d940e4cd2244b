/**
 * The practice report on the demo practice with its history (demo-reports.ts): the admin reads every
 * rate (no small-numbers warning), the comparisons with their intervals and words, and prints it;
 * Maya reads her own courses; a client's page shows the course against the practice's expected
 * path with its basis. Screenshots: test-artifacts/screenshots/report-demo-*.png (axe-checked).
 */
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWorld } from '../support/harness.ts';
import type { TestWorld } from '../support/harness.ts';
import { newPage, openBrowserWorld, pageProblems, screenshot, see, signIn, textIn } from './browser.ts';
import type { BrowserWorld } from './browser.ts';
import { buildDemo } from '../../src/services/demo/demo.ts';
import type { DemoLogin } from '../../src/services/demo/demo.ts';

let world: TestWorld;
let ui: BrowserWorld;
let logins: DemoLogin[];

beforeAll(async () => {
  world = await makeWorld({ dialect: 'sqlite' });
  world.clock.set(new Date().toISOString());
  logins = await buildDemo(world.deps, { history: 120 });
  ui = await openBrowserWorld(world);
}, 300_000);
afterAll(async () => {
  await (ui ? ui.close() : world?.close());
});

async function staffPage(email: string) {
  const opened = await newPage(ui.browser, ui.base);
  await signIn(opened.page, email, logins.find((l) => l.email === email)!.password);
  return opened;
}

describe('the practice report on the demo practice', () => {
  it('the admin reads every rate of two years, by therapist and quarter, and the comparisons with their intervals', async () => {
    const { page, context } = await staffPage('admin@demo.accord');
    await page.getByRole('link', { name: 'Report', exact: true }).click();
    await see(page.getByRole('heading', { level: 1, name: 'Practice report' }));
    await page.getByLabel('From', { exact: true }).fill(new Date(Date.now() - 730 * 86_400_000).toISOString().slice(0, 10));
    await page.getByRole('button', { name: 'Show' }).click();
    await textIn(page.locator('.report-basis'), 'the whole practice');
    expect(await page.getByRole('note').filter({ hasText: 'Too few courses to read' }).count()).toBe(0);
    const therapists = page.getByRole('table', { name: 'By therapist' });
    await expect.poll(() => therapists.locator('tbody tr').count()).toBe(3);
    await textIn(page.locator('.comparison').first(), '95 % interval');
    await screenshot(page, 'report-demo-admin');
    await page.emulateMedia({ media: 'print' });
    await screenshot(page, 'report-demo-print');
    expect(pageProblems(page)).toEqual([]);
    await context.close();
  });

  it('a client’s page shows the course against the practice’s expected path, with its basis', async () => {
    const { page, context } = await staffPage('maya@demo.accord');
    await page.getByRole('link', { name: 'Caseload' }).click();
    await page.getByRole('link', { name: 'Hannah Whitfield' }).first().click();
    const path = page.locator('.expected-path').first();
    await see(path);
    await textIn(path, 'against the practice’s expected path');
    await textIn(path, 'finished courses');
    await path.scrollIntoViewIfNeeded();
    await screenshot(page, 'report-demo-expected-path');
    // The charts alone, to look at beside the full page.
    await page
      .locator('.expected-paths')
      .screenshot({ path: resolve(import.meta.dirname, '../../test-artifacts/screenshots/report-demo-expected-path-charts.png') });
    await context.close();
  });
});
