/**
 * The therapist's day and the portal that speaks to clients (issue 13), on the demo practice: the
 * caseload puts the client with a safety alert first and one click from sign-in; its columns sort
 * from the keyboard; a phone keeps risk and scores on screen; the day's page; the inbox's compact
 * cards, bulk acknowledgement (never of a safety alert) and words fit for a supervisor; the client
 * page's summary and its printed form; the ledger's four alliances; scores hidden from a client;
 * and a client answering a due PHQ-9 on a 390 px phone from the reminder's link, timed at a human
 * pace (the figures go to test-artifacts/phq9-phone.json). Every screenshot is also an axe check.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { makeWorld } from '../support/harness.ts';
import type { TestWorld } from '../support/harness.ts';
import { newPage, openBrowserWorld, pageProblems, screenshot, see, signIn, textIn } from './browser.ts';
import type { BrowserWorld } from './browser.ts';
import { expectAccessible } from './axe.ts';
import { buildDemo } from '../../src/services/demo/demo.ts';
import type { DemoLogin } from '../../src/services/demo/demo.ts';
import { addSchedule, dueForClient } from '../../src/services/measures/schedules.ts';

let world: TestWorld;
let ui: BrowserWorld;
let logins: DemoLogin[];
let hannahId = '';
const ARTIFACTS = resolve(import.meta.dirname, '../../test-artifacts');

const login = (email: string) => logins.find((l) => l.email === email)!;

beforeAll(async () => {
  world = await makeWorld({ dialect: 'sqlite' });
  world.clock.set(new Date().toISOString());
  logins = await buildDemo(world.deps);
  hannahId = (await world.deps.store.findUserByEmail('hannah@example.org'))!.clientId!;
  // Hannah's next session is within two days: a PHQ-9 before every session is due now.
  const course = (await world.deps.store.listCoursesOfClient(hannahId)).find((k) => k.status !== 'ended')!;
  const due = await dueForClient(world.deps, hannahId, 'client');
  if (!due.some((d) => d.instrumentCode === 'phq9'))
    await addSchedule(world.deps, course.id, { instrumentCode: 'phq9', cadence: 'before_every_session' }, course.therapistId);
  ui = await openBrowserWorld(world);
}, 120_000);
afterAll(async () => {
  await (ui ? ui.close() : world?.close());
});

async function staffPage(email: string, viewport: 'desktop' | 'phone' = 'desktop') {
  const opened = await newPage(ui.browser, ui.base, viewport);
  await signIn(opened.page, email, login(email).password);
  return opened;
}

const firstRow = (page: Page) => page.locator('table.caseload tbody tr').first();

describe('the therapist’s day', () => {
  it('sign-in lands on the caseload with the safety client pinned first: one click to the most urgent client', async () => {
    const { context, page } = await staffPage('maya@demo.accord');
    await see(page.getByRole('heading', { name: 'Caseload', level: 1 }));
    await see(firstRow(page));
    // Unmistakable: the row, a banner, the word and an icon, as well as the colour.
    await textIn(page.locator('.safety-banner'), 'open safety alert');
    expect(await firstRow(page).getAttribute('class')).toContain('safety-row');
    await textIn(firstRow(page), '⚠ Safety');
    await textIn(firstRow(page).locator('th'), 'Daniel Reyes');
    // Agreed and inferred alliance with its trend are columns.
    await see(page.getByRole('columnheader', { name: 'Agreed alliance' }));
    await see(page.getByRole('columnheader', { name: 'Inferred alliance' }));
    expect(await page.locator('.trend-strip').count()).toBeGreaterThan(0);
    // The navigation counts the open alerts and says one is about safety.
    await textIn(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /Alerts/ }), '⚠');
    await screenshot(page, 'day-caseload');

    // Sorting from the keyboard: the header's button, and aria-sort says the order; safety stays pinned.
    await page.getByRole('button', { name: /^Client/ }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('columnheader', { name: /^Client/ }).getAttribute('aria-sort')).toBe('ascending');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('columnheader', { name: /^Client/ }).getAttribute('aria-sort')).toBe('descending');
    await textIn(firstRow(page).locator('th'), 'Daniel Reyes');
    await page.getByRole('button', { name: /^Latest scores/ }).press('Enter');
    await expect.poll(() => page.getByRole('columnheader', { name: /^Latest scores/ }).getAttribute('aria-sort')).toBe('ascending');
    await screenshot(page, 'day-caseload-sorted');

    // One click from the caseload sign-in lands on to the most urgent client, whose page leads with a summary.
    await firstRow(page).getByRole('link', { name: 'Daniel Reyes' }).click();
    await see(page.getByRole('heading', { name: 'Daniel Reyes', level: 1 }));
    const summary = page.locator('.client-summary');
    await textIn(summary, 'Next session');
    await textIn(summary, 'Safety');
    await screenshot(page, 'day-client-summary');
    expect(pageProblems(page)).toEqual([]);
    await context.close();
  });

  it('on a phone the caseload keeps risk and scores on screen', async () => {
    const { context, page } = await staffPage('maya@demo.accord', 'phone');
    await see(firstRow(page));
    const row = firstRow(page);
    const alerts = row.locator('td[data-label="Alerts"]');
    const scores = row.locator('td[data-label="Scores"]');
    for (const cell of [alerts, scores]) {
      expect(await cell.isVisible()).toBe(true);
      const box = (await cell.boundingBox())!;
      expect(box.x >= 0 && box.x + box.width <= 390).toBe(true);
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'day-caseload-phone');
    await context.close();
  });

  it('the day’s page is one click away: today’s sessions, what is due and the open alerts, safety first', async () => {
    const { context, page } = await staffPage('maya@demo.accord');
    await page.getByRole('link', { name: 'Today' }).click();
    await see(page.getByRole('heading', { name: 'Today', level: 1 }));
    const alerts = page.getByRole('region', { name: 'Open alerts, most urgent first' });
    await see(alerts.locator('li').first());
    await textIn(alerts.locator('li').first(), 'Safety');
    // Each line says the day its alert was raised (two of one kind about one client read apart).
    for (const line of await alerts.locator('li').allTextContents()) expect(line).toMatch(/\d{4} · (new|seen)/);
    await see(page.getByRole('region', { name: 'Today’s sessions' }));
    await see(page.getByRole('region', { name: 'Measures due from today’s clients' }));
    await textIn(alerts, 'more from ended courses');
    await screenshot(page, 'day-today');
    await context.close();
  });

  it('the inbox: compact cards that open, bulk acknowledgement of all but safety, who acknowledged and when', async () => {
    const { context, page } = await staffPage('maya@demo.accord');
    await page.goto('/alerts');
    const cards = page.locator('.alert-card');
    await see(cards.first());
    // The safety alert comes first and open; the others are compact until opened.
    await textIn(cards.first().locator('.alert-kind'), 'Safety');
    // The count is of the alerts listed; those of ended courses are folded below and counted apart.
    const count = (await page.locator('.toolbar .count').textContent()) ?? '';
    const [, listed, fresh, ended] = /^(\d+) alerts?, (\d+) new; (\d+) more from ended courses, folded below$/.exec(count.trim()) ?? [];
    expect(Number(listed)).toBe(await page.locator('.alert-list').first().locator(':scope > li').count());
    expect(Number(fresh)).toBeLessThanOrEqual(Number(listed));
    expect(Number(ended)).toBeGreaterThan(0);
    expect(await cards.first().getByRole('button', { name: 'Show less' }).isVisible()).toBe(true);
    const second = cards.nth(1);
    expect(await second.getByRole('button', { name: 'Show details' }).getAttribute('aria-expanded')).toBe('false');
    await screenshot(page, 'day-inbox-compact');
    await second.getByRole('button', { name: 'Show details' }).click();
    await see(second.getByText('A conversation you might have:'));
    await screenshot(page, 'day-inbox-open');
    // A safety alert is never offered for bulk acknowledgement.
    expect(await cards.first().locator('.alert-select').count()).toBe(0);
    await page.getByLabel(/Choose all new alerts except safety/).check();
    const button = page.getByRole('button', { name: /Acknowledge chosen/ });
    const chosen = Number(/\((\d+)\)/.exec((await button.textContent()) ?? '')?.[1]);
    expect(chosen).toBeGreaterThan(1);
    await button.click();
    await see(page.getByText(`You acknowledged ${chosen} alerts.`));
    await textIn(cards.first().locator('.alert-status').first(), 'New');
    await textIn(second, 'acknowledged by Dr Maya Lindqvist');
    await screenshot(page, 'day-inbox-acknowledged');
    // The server refuses a safety alert in a bulk acknowledgement, whatever the page offers.
    const safetyId = await cards.first().getAttribute('aria-labelledby');
    const refused = await page.evaluate(
      async (id) => {
        const session = await (await fetch('/api/session')).json();
        const r = await fetch('/api/alerts/acknowledge', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken },
          body: JSON.stringify({ alertIds: [id] }),
        });
        return r.status;
      },
      safetyId!.replace('alert-', ''),
    );
    expect(refused).toBe(400);
    expect(pageProblems(page).filter((p) => !/status of 400/.test(p))).toEqual([]);
    await context.close();
  });

  it('a supervisor reads the same alerts about “the client”, never “your client”', async () => {
    const { context, page } = await staffPage('ines@demo.accord');
    await page.goto('/alerts');
    await see(page.locator('.alert-card').first());
    await page.getByRole('button', { name: 'Show details' }).first().click();
    // Every card's words, opened or not.
    const text = (await page.locator('.alert-list').first().textContent()) ?? '';
    expect(text).not.toMatch(/[Yy]our client/);
    expect(text).toContain('A conversation the therapist might have:');
    await screenshot(page, 'day-inbox-supervisor');
    await context.close();
  });

  it('the client page and the ledger print values with a header on every page; the ledger explains the four alliances', async () => {
    const { context, page } = await staffPage('maya@demo.accord');
    await page.goto(`/clients/${hannahId}`);
    await see(page.getByRole('heading', { name: 'Hannah Whitfield', level: 1 }));
    await see(page.getByRole('button', { name: 'Print' }));
    // Sessions read as values until one is changed.
    const sessions = page.locator('table.sessions').first();
    await see(sessions);
    expect(await sessions.locator('select').count()).toBe(0);
    await sessions
      .getByRole('button', { name: /^Change/ })
      .first()
      .click();
    expect(await sessions.locator('select').count()).toBe(1);
    await sessions.getByRole('button', { name: 'Cancel' }).click();
    // Both Session checks on one chart, when both were answered.
    const check = page.locator('.measure-chart', { hasText: 'Session check' });
    if (await check.count()) expect(await page.locator('.measure-chart', { hasText: 'Session check (therapist)' }).count()).toBeLessThanOrEqual(1);
    await page.emulateMedia({ media: 'print' });
    const header = page.locator('.print-header').first();
    await expect.poll(() => header.isVisible()).toBe(true);
    await textIn(header, 'Confidential');
    await textIn(header, 'Hannah Whitfield');
    await textIn(header, 'Riverside Psychotherapy');
    expect(await page.locator('input:visible, select:visible, textarea:visible').count()).toBe(0);
    await screenshot(page, 'day-client-print');
    await page.emulateMedia({ media: 'screen' });

    await page.goto(`/clients/${hannahId}/alliance`);
    const types = page.getByRole('region', { name: 'The four alliances, in plain words' });
    await see(types);
    for (const t of ['Magical', 'Working', 'Therapeutic', 'Structuralizing']) await textIn(types, t);
    await see(page.locator('.tl-axis').first());
    await screenshot(page, 'day-ledger');
    await page.emulateMedia({ media: 'print' });
    await expect.poll(() => page.locator('.print-header').first().isVisible()).toBe(true);
    await screenshot(page, 'day-ledger-print');
    await context.close();
  });

  it('the therapist hides a client’s scores from the portal, and shows them again', async () => {
    const { context, page } = await staffPage('maya@demo.accord');
    await page.goto(`/clients/${hannahId}`);
    const box = page.getByLabel('Show the client their scores in the portal');
    await see(box);
    expect(await box.isChecked()).toBe(true);
    await box.uncheck();
    await expect.poll(() => box.isChecked()).toBe(false);
    const client = await newPage(ui.browser, ui.base, 'phone');
    await signIn(client.page, 'hannah@example.org', login('hannah@example.org').password);
    const progress = client.page.getByRole('region', { name: 'How things are changing' });
    await textIn(progress, 'goes through how things are changing with you in your sessions');
    expect(await progress.locator('svg').count()).toBe(0);
    await screenshot(client.page, 'day-portal-scores-hidden');
    await box.check();
    await expect.poll(() => box.isChecked()).toBe(true);
    await client.page.reload();
    await see(client.page.getByRole('region', { name: 'How things are changing' }).getByRole('img').first());
    await client.context.close();
    await context.close();
  });
});

describe('the portal speaks to clients', () => {
  it('a client answers a due PHQ-9 on a 390 px phone from the reminder’s link, at a human pace', async () => {
    const context = await ui.browser.newContext({
      baseURL: ui.base,
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 1,
      isMobile: true,
      hasTouch: true,
      locale: 'en-GB',
      timezoneId: 'Europe/London',
    });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    let taps = 0;
    const tap = async (target: ReturnType<Page['locator']>) => {
      await target.tap();
      taps++;
    };
    const pause = (ms: number) => page.waitForTimeout(ms);
    const start = Date.now();
    await page.goto('/portal?answer=phq9');
    // Signed out: the sign-in form, then back to the questionnaire the link names.
    await see(page.getByLabel('Email'));
    await pause(1500);
    await tap(page.getByLabel('Email'));
    await page.keyboard.type('hannah@example.org', { delay: 110 });
    await tap(page.getByLabel('Password', { exact: true }));
    await page.keyboard.type(login('hannah@example.org').password, { delay: 110 });
    await pause(600);
    await tap(page.getByRole('button', { name: 'Sign in' }));
    const signedInTaps = taps;
    const form = page.getByRole('form', { name: 'PHQ-9' });
    await see(form);
    const afterSignIn = Date.now();
    await expectAccessible(page, 'day-phq9-phone-open');
    // The next appointment is near the top, above the questionnaire.
    const comingUp = (await page.getByRole('region', { name: 'Coming up' }).boundingBox())!;
    expect(comingUp.y).toBeLessThan((await page.getByRole('region', { name: 'Questionnaires' }).boundingBox())!.y);
    const items = form.locator('fieldset.q-item');
    expect(await items.count()).toBe(9);
    for (let i = 0; i < 9; i++) {
      const item = items.nth(i);
      // The questionnaire has brought the question on screen itself: read it, then answer.
      await expect
        .poll(async () => {
          const b = await item.boundingBox();
          return !!b && b.y >= 0 && b.y < 844;
        })
        .toBe(true);
      await pause(2500);
      await tap(item.locator('label.q-option', { hasText: i === 8 ? 'Not at all' : 'Several days' }));
    }
    const send = form.getByRole('button', { name: 'Send my answers' });
    await expect
      .poll(async () => {
        const b = await send.boundingBox();
        return !!b && b.y >= 0 && b.y + b.height <= 844;
      })
      .toBe(true);
    await pause(1200);
    await tap(send);
    const thanks = page.getByText(/Thank you — your PHQ-9 answers were saved/);
    await see(thanks);
    const end = Date.now();
    // The thank-you is on screen without scrolling.
    const box = (await thanks.boundingBox())!;
    expect(box.y >= 0 && box.y < 844).toBe(true);
    await screenshot(page, 'day-phq9-phone-sent');
    // Crisis numbers are links a phone can call.
    expect(await page.locator('a.crisis-number[href^="tel:"]').count()).toBeGreaterThan(0);
    // Each is a 44 px tap target, drawn around the number without spreading the sentence's lines: a
    // point just above the number's text still lands on the link, and the lines stay evenly spaced.
    const number = page.locator('a.crisis-number[href^="tel:"]').first();
    const nb = (await number.boundingBox())!;
    expect(nb.height).toBeLessThan(30);
    const hit = await page.evaluate(
      ([x, y]) => document.elementFromPoint(x!, y!)?.closest('a.crisis-number') !== null,
      [nb.x + nb.width / 2, nb.y - (44 - nb.height) / 2 + 2],
    );
    expect(hit).toBe(true);
    const figures = {
      taps_total: taps,
      taps_sign_in: signedInTaps,
      taps_after_sign_in: taps - signedInTaps,
      seconds_total: Math.round((end - start) / 100) / 10,
      seconds_after_sign_in: Math.round((end - afterSignIn) / 100) / 10,
      pace: 'typing 110 ms a character, 2.5 s reading each question, 1.2 s before sending',
    };
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(join(ARTIFACTS, 'phq9-phone.json'), `${JSON.stringify(figures, null, 2)}\n`);
    console.log('PHQ-9 on a phone:', JSON.stringify(figures));
    expect(taps - signedInTaps).toBeLessThanOrEqual(11);
    expect((end - start) / 1000).toBeLessThan(60);
    expect(pageProblems(page)).toEqual([]);
    await context.close();
  }, 120_000);

  it('on a phone, a row of links goes straight to each section and moves the focus there; the expectation table fits', async () => {
    const { context, page } = await newPage(ui.browser, ui.base, 'phone');
    await signIn(page, 'hannah@example.org', login('hannah@example.org').password);
    const index = page.getByRole('navigation', { name: 'On this page' });
    await see(index);
    // The first section sits just under the links and has none of its own.
    expect(await index.getByRole('link', { name: 'Coming up' }).count()).toBe(0);
    await index.getByRole('link', { name: 'Your record' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('portal-record');
    const heading = (await page.locator('#portal-record').boundingBox())!;
    expect(heading.y >= 0 && heading.y < 844).toBe(true);
    await index.getByRole('link', { name: 'Urgent help' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('crisis-title');
    // Hannah's expectation profiles, side by side, need no sideways scrolling at 390 px.
    const table = page.locator('.portal-expectations .table-scroll');
    const [scrollWidth, clientWidth] = await table.evaluate((e) => [e.scrollWidth, e.clientWidth]);
    expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
    await screenshot(page, 'day-portal-index-phone');
    expect(pageProblems(page)).toEqual([]);
    await context.close();
  });
});
