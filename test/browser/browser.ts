/**
 * Browser test support: one Chromium per test file (Debian's, never downloaded), the real app
 * listening on a free port with the built web app, a fresh context per test, and full-page
 * screenshots in test-artifacts/screenshots.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { makeApp } from '../support/harness.ts';
import type { TestWorld } from '../support/harness.ts';
import { expectAccessible } from './axe.ts';

export const WEB_DIR = resolve(import.meta.dirname, '../../dist/web');
const SHOTS = resolve(import.meta.dirname, '../../test-artifacts/screenshots');

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A test file's browser set-up: the real app, one Chromium, and one close for both and the world. */
export type BrowserWorld = { app: FastifyInstance; base: string; browser: Browser; close(): Promise<void> };

export async function openBrowserWorld(world: TestWorld): Promise<BrowserWorld> {
  const { app, base } = await startApp(world);
  const browser = await launchBrowser();
  return {
    app,
    base,
    browser,
    close: async () => {
      await browser.close();
      await app.close();
      await world.close();
    },
  };
}

/** The real app over the world's storage, serving dist/web (build it first: npm run build:web). */
export async function startApp(world: TestWorld): Promise<{ app: FastifyInstance; base: string }> {
  const app = await makeApp(world, { webDir: WEB_DIR });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return { app, base: `http://127.0.0.1:${port}` };
}

export type Viewport = 'desktop' | 'phone';

export async function newPage(browser: Browser, base: string, viewport: Viewport = 'desktop'): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL: base,
    viewport: viewport === 'phone' ? { width: 390, height: 844 } : { width: 1280, height: 860 },
    deviceScaleFactor: 1,
    locale: 'en-GB',
    timezoneId: 'Europe/London',
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  const page = await context.newPage();
  page.setDefaultTimeout(8_000);
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) problems.push(m.text());
  });
  (page as Page & { problems?: string[] }).problems = problems;
  return { context, page };
}

/** Errors the page threw or logged (CSP violations show up here), for asserting none happened. */
export function pageProblems(page: Page): string[] {
  return (page as Page & { problems?: string[] }).problems ?? [];
}

/** A full-page screenshot of a state the test looks at, which is also checked for accessibility (axe.ts). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  await expectAccessible(page, name);
}

/** Signs in through the form and waits for the first signed-in page. */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).first().waitFor();
}

/** Waits until the (first) element is visible; fails after the page's default timeout. */
export async function see(locator: Locator): Promise<void> {
  await locator.first().waitFor({ state: 'visible' });
}

/** Waits until the (first) element's text contains `text`. */
export async function textIn(locator: Locator, text: string): Promise<void> {
  await expect.poll(async () => (await locator.first().textContent({ timeout: 8_000 })) ?? '', { timeout: 8_000 }).toContain(text);
}
