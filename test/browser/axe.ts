/**
 * Accessibility checks in the browser tests (issue 13, SPEC §6: WCAG 2.2 AA): axe-core, run in the
 * page over its current state. `screenshot` (browser.ts) runs it at every state a test looks at;
 * a test may call `expectAccessible` at others. A critical or serious violation fails the test
 * with its rule, its help text and the elements concerned; moderate and minor ones are counted.
 * The counts of a run are added to test-artifacts/axe-counts.jsonl (one line per page state: its counts by impact),
 * so the figures are there to read after the run.
 */
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const ARTIFACTS = resolve(import.meta.dirname, '../../test-artifacts');

export type Impact = 'critical' | 'serious' | 'moderate' | 'minor';
type Violation = { id: string; impact: Impact | null; help: string; nodes: { target: string[]; failureSummary?: string }[] };

/** Runs axe-core over the page as it is now; the violations found (WCAG 2.x A and AA rules, and axe's best practices). */
export async function axeViolations(page: Page): Promise<Violation[]> {
  // Evaluated through the debugging protocol, so the app's Content-Security-Policy (script-src 'self') does not stop it.
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe === 'object');
  if (!loaded) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: unknown[] }> } }).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations as never;
  });
}

/** Checks the page now: no critical or serious violation; the counts by impact are recorded under `state`. */
export async function expectAccessible(page: Page, state: string): Promise<Record<Impact, number>> {
  const found = await axeViolations(page);
  const counts: Record<Impact, number> = { critical: 0, serious: 0, moderate: 0, minor: 0 };
  for (const v of found) counts[v.impact ?? 'minor'] += v.nodes.length;
  mkdirSync(ARTIFACTS, { recursive: true });
  appendFileSync(join(ARTIFACTS, 'axe-counts.jsonl'), `${JSON.stringify({ state, url: new URL(page.url()).pathname, ...counts })}\n`);
  const bad = found
    .filter((v) => v.impact === 'critical' || v.impact === 'serious')
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
  expect(bad, `axe at "${state}" (${page.url()})`).toEqual([]);
  return counts;
}
