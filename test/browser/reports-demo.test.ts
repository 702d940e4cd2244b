/**
 * The practice report on the demo practice with its history (demo-reports.ts): the admin reads every
 * rate (no small-numbers warning), the comparisons with their intervals and words, and prints it;
 * Maya reads her own courses; a client's page shows the course against the practice's expected
 * path on the chart of the client's scores over time, with its basis. Screenshots: test-artifacts/screenshots/report-demo-*.png (axe-checked).
 */
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWorld } from '../support/harness.ts';
import type { TestWorld } from '../support/harness.ts';
import { newPage, openBrowserWorld, pageProblems, screenshot, see, signIn, textIn } from './browser.ts';
import type { BrowserWorld } from './browser.ts';
import { axeViolations } from './axe.ts';
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

async function staffPage(email: string, viewport: 'desktop' | 'phone' = 'desktop') {
  const opened = await newPage(ui.browser, ui.base, viewport);
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

  it('a client’s page draws the practice’s expected path on the chart of the client’s scores, with its reading and basis', async () => {
    const { page, context } = await staffPage('maya@demo.accord');
    await page.getByRole('link', { name: 'Caseload' }).click();
    await page.getByRole('link', { name: 'Hannah Whitfield' }).first().click();
    // The PHQ-9 time chart carries the expected path (shaded range, dashed mean) behind the scores: no chart of its own.
    const chart = page
      .locator('.measure-chart')
      .filter({ has: page.locator('.expected-band') })
      .first();
    await see(chart);
    await textIn(chart.locator('figcaption'), 'expected path for courses that started');
    expect(await chart.locator('svg .expected-mean').count()).toBe(1);
    expect(await page.locator('.expected-paths').count()).toBe(0);
    // The band is drawn in time with the scores: inside the chart's plot, not beside it.
    const band = await chart.locator('svg .expected-band').boundingBox();
    const svg = await chart.locator('svg').first().boundingBox();
    expect(band && svg && band.width > 20 && band.x >= svg.x && band.x + band.width <= svg.x + svg.width).toBe(true);
    const reading = chart.locator('.expected-path');
    await textIn(reading, 'Against the practice’s expected path');
    await textIn(reading, 'finished courses');
    // The same path in words, beside each score, in the table of values.
    await chart.getByText('Show the values').click();
    await see(chart.getByRole('columnheader', { name: 'Expected (usual range)' }));
    const cells = chart.locator('tbody td:last-child');
    await expect.poll(() => cells.filter({ hasText: /\d+(\.\d)? \(\d+(\.\d)?–\d+(\.\d)?\)/ }).count()).toBeGreaterThan(2);
    // The latest score's expected range is the one the reading gives.
    const said = /expected ([\d.]+), (?:usual range )?([\d.]+)–([\d.]+)/.exec((await reading.locator('p.muted').first().textContent()) ?? '');
    expect(said).not.toBeNull();
    expect((await cells.last().textContent())?.trim()).toBe(`${said![1]} (${said![2]}–${said![3]})`);
    await chart.scrollIntoViewIfNeeded();
    await screenshot(page, 'report-demo-expected-path');
    // The chart alone, to look at beside the full page.
    await chart.screenshot({ path: resolve(import.meta.dirname, '../../test-artifacts/screenshots/report-demo-expected-path-charts.png') });
    expect(pageProblems(page)).toEqual([]);
    await context.close();
  });

  it('on a phone the report, a client’s page with its values and the alliance ledger fit the screen: what is wide scrolls in its own box', async () => {
    const pageWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);
    const admin = await staffPage('admin@demo.accord', 'phone');
    await admin.page.getByRole('link', { name: 'Report', exact: true }).click();
    await see(admin.page.getByRole('heading', { level: 1, name: 'Practice report' }));
    await see(admin.page.locator('.comparison').first());
    expect(await pageWidth(admin.page)).toBeLessThanOrEqual(390);
    // A table's scroll box is named apart from the section holding it ("By therapist" both, once).
    expect((await axeViolations(admin.page)).map((v) => v.id)).not.toContain('landmark-unique');
    await admin.context.close();

    const { page, context } = await staffPage('maya@demo.accord', 'phone');
    await page.getByRole('link', { name: 'Hannah Whitfield' }).first().click();
    await see(page.getByRole('heading', { level: 1, name: 'Hannah Whitfield' }));
    await page.getByText('Show the values').first().click();
    await see(page.getByRole('columnheader', { name: 'Expected (usual range)' }).first());
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);
    // What is wider than the phone scrolls in a box that takes the keyboard's focus, named for what it
    // holds (axe's scrollable-region-focusable, checked over the whole page here); the arrow keys scroll it.
    await see(page.getByRole('table', { name: 'Recent practice' }));
    await screenshot(page, 'report-demo-client-phone');
    const practice = page.getByRole('region', { name: 'Recent practice' });
    await practice.focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => practice.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
    await page.getByRole('link', { name: 'Alliance ledger' }).click();
    await see(page.getByRole('heading', { level: 1, name: 'Alliance ledger — Hannah Whitfield' }));
    const timeline = page.locator('.alliance-timeline .tl-scroll > svg');
    await see(timeline);
    // The timeline is wider than the phone, and scrolls inside its box; the page does not.
    expect((await timeline.boundingBox())!.width).toBeGreaterThan(390);
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);
    await screenshot(page, 'report-demo-ledger-phone');
    expect(pageProblems(page)).toEqual([]);
    await context.close();
  });

  it('on a laptop (1280 px) the caseload shows all its columns without scrolling sideways, for a therapist and a supervisor', async () => {
    for (const email of ['maya@demo.accord', 'ines@demo.accord']) {
      const { page, context } = await staffPage(email);
      await page.getByRole('link', { name: 'Caseload' }).click();
      const table = page.getByRole('table', { name: /Clients, most urgent first/ });
      await see(table.getByRole('columnheader', { name: /Attended/ }));
      // The headers wrap between words and a reliable change's words go below the score's line, so the table fits its box.
      const box = page.locator('.table-wrap').filter({ has: table });
      const [scroll, client] = await box.evaluate((el) => [el.scrollWidth, el.clientWidth]);
      expect(scroll, email).toBeLessThanOrEqual(client!);
      const attended = await table.getByRole('columnheader', { name: /Attended/ }).boundingBox();
      expect(attended!.x + attended!.width, email).toBeLessThanOrEqual(1280);
      await context.close();
    }
  });

  it('on a small laptop or a tablet held sideways (1024 px) the caseload fits its box too: tighter cells, the attended count left to the client’s page', async () => {
    for (const email of ['maya@demo.accord', 'admin@demo.accord']) {
      const { page, context } = await staffPage(email);
      await page.setViewportSize({ width: 1024, height: 800 });
      await page.getByRole('link', { name: email.startsWith('admin') ? 'Clients' : 'Caseload', exact: true }).click();
      const table = page.getByRole('table', { name: /Clients, most urgent first/ });
      await see(table.getByRole('columnheader', { name: /Next session/ }));
      await expect.poll(() => table.getByRole('columnheader', { name: /Attended/ }).isVisible()).toBe(false);
      const box = page.locator('.table-wrap').filter({ has: table });
      const [scroll, client] = await box.evaluate((el) => [el.scrollWidth, el.clientWidth]);
      expect(scroll, email).toBeLessThanOrEqual(client!);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), email).toBeLessThanOrEqual(1024);
      await screenshot(page, `caseload-1024-${email.split('@')[0]}`);
      await context.close();
    }
  });

  it('on a wide screen a table that fits is a plain box, with no stop in the tab order', async () => {
    const { page, context } = await staffPage('maya@demo.accord');
    await page.getByRole('link', { name: 'Hannah Whitfield' }).first().click();
    await see(page.getByRole('table', { name: 'Recent practice' }));
    expect(await page.getByRole('region', { name: 'Recent practice' }).count()).toBe(0);
    expect(await page.locator('.table-wrap[tabindex]').count()).toBe(0);
    await context.close();
  });
});
