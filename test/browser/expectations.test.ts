/**
 * A whole two-sided Expectations round in the browser, with nothing seeded but the practice and its
 * admin: the admin invites a therapist; the therapist adds a client, opens a course and invites the
 * client; the ledger says there is not enough evidence yet; the client answers in the portal (a
 * phone, 390 px); the therapist is told the client has answered — never what — and answers their
 * own side on the ledger page; then both see the comparison, and the "expectations diverge" alert
 * is in the therapist's inbox. Screenshots go to test-artifacts/screenshots/.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { newPage, pageProblems, screenshot, see, textIn } from './browser.ts';
import {
  acceptStaffInvite,
  addClientAndOpenCourse,
  adminInvitesStaff,
  clientAcceptsOnPhone,
  createPortalInvitation,
  practiceBrowser,
  signedInPage,
} from './flows.ts';

const THERAPIST = { email: 'rhea@test.accord', password: 'copper meadow lantern dawn' };
const CLIENT = { email: 'mira@client.test', password: 'silver river evening tide' };
const story = { clientId: '', portalLink: '' };

const t = practiceBrowser();

const h1 = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name });

/** Rates every statement of a check: `high` for the statements whose text matches, `low` for the rest. */
async function rate(form: ReturnType<Page['getByRole']>, high: RegExp, highLabel: string, lowLabel: string): Promise<void> {
  // The statements (the therapist's form also asks when the check was answered: not a statement).
  const groups = form.getByRole('group').filter({ hasNotText: 'When did this happen?' });
  const n = await groups.count();
  expect(n).toBe(12);
  for (let i = 0; i < n; i++) {
    const g = groups.nth(i);
    const legend = (await g.locator('legend').textContent()) ?? '';
    await g.getByLabel(high.test(legend) ? highLabel : lowLabel, { exact: true }).check();
  }
}

describe('the Expectations check, both sides, in the browser', () => {
  it('the admin invites a therapist, who adds a client, opens a course and invites the client', async () => {
    const link = await adminInvitesStaff(t, THERAPIST.email);

    const { context, page } = await newPage(t.browser, t.base);
    await acceptStaffInvite(page, link, { name: 'Rhea Rowan', ...THERAPIST });
    await see(h1(page, 'Caseload'));
    story.clientId = await addClientAndOpenCourse(page, { name: 'Mira Stone', email: CLIENT.email });
    story.portalLink = await createPortalInvitation(page);

    // A new course: the ledger says there is not enough evidence, never a type at 100 %.
    await page.getByRole('link', { name: 'Alliance ledger' }).click();
    await see(h1(page, 'Alliance ledger — Mira Stone'));
    await see(page.getByRole('heading', { name: 'Inferred: Not enough evidence yet' }));
    await textIn(page.locator('.how-sure'), 'So far: 0 pieces of evidence of 0 kinds.');
    expect(await page.locator('.dist-bars').isVisible()).toBe(false); // the shares wait behind the details toggle
    // The therapist's side is due at intake; the client has not answered yet.
    const mine = page.getByRole('region', { name: 'Your side of the Expectations check' });
    await textIn(mine, 'The client has not answered yet.');
    await screenshot(page, 'expectations-ledger-new-course');
    expect(pageProblems(page)).toEqual([]);
    await context.close();
  });

  it('the client joins and answers her side in the portal, on a phone', async () => {
    const { context, page } = await clientAcceptsOnPhone(t, story.portalLink, { name: 'Mira', ...CLIENT });
    const section = page.getByRole('region', { name: 'What I hope for from therapy' });
    const form = section.getByRole('form', { name: 'What I hope for from therapy' });
    await see(form);
    // What she enters is dated by the server: the portal never asks when it happened.
    expect(await form.getByRole('group', { name: 'When did this happen?' }).count()).toBe(0);
    // Mira hopes others will change, or for a quick fix (magical); little else.
    await rate(form, /people around me|go away quickly|know what to do/, 'Very much', 'Not at all');
    await form.getByLabel('What would make therapy worthwhile for you?').fill('If my family would finally stop blaming me, everything would be fine.');
    await screenshot(page, 'expectations-portal-answering');
    await form.getByRole('button', { name: 'Send my answers' }).click();
    await textIn(section, 'your answers were saved');
    await textIn(section, 'Your therapist has not answered their side yet');
    expect(await section.getByRole('table').count()).toBe(0);
    expect(pageProblems(page)).toEqual([]);
    await context.close();
  });

  it('the therapist is told the client has answered, answers blind, and sees the comparison and the alert', async () => {
    const { context, page } = await signedInPage(t, THERAPIST.email, THERAPIST.password, { path: `/clients/${story.clientId}/alliance` });
    const mine = page.getByRole('region', { name: 'Your side of the Expectations check' });
    await textIn(mine, 'The client has answered; their answers stay hidden until you have answered yours.');
    // Blind: none of the client's answers or words are on the page yet.
    const compare = page.getByRole('region', { name: 'Expectations, side by side' });
    await textIn(compare, 'Nothing to compare yet');
    expect(await page.content()).not.toContain('stop blaming me');
    const form = mine.getByRole('form', { name: 'What this therapy is for' });
    await rate(form, /particular decision|cope better|one particular thing/, 'Quite a lot', 'A little');
    await form.getByLabel('What is this therapy for?').fill('Helping Mira handle the arguments at home.');
    await form.getByRole('button', { name: 'Save my answers' }).click();
    await textIn(page.getByRole('status').first(), 'Your answers were saved.');
    await expect.poll(() => mine.count()).toBe(0); // no longer due
    await textIn(compare, 'expectations diverge');
    await textIn(compare, 'The client wrote: If my family would finally stop');
    await see(compare.locator('mark.cue-mark').first()); // her words with their cue highlights, for the therapist only
    await textIn(compare, 'You wrote: Helping Mira handle the arguments at home.');
    await see(compare.getByRole('table', { name: 'Expectation profiles of both sides' }));
    await screenshot(page, 'expectations-ledger-compared');

    // The alert is in the therapist's inbox.
    await page.getByRole('link', { name: 'Alerts' }).first().click();
    await see(h1(page, 'Alerts'));
    const alert = page.getByRole('article').filter({ hasText: 'Expectations diverge' });
    await see(alert);
    await textIn(alert, 'You and the client expect different things');
    await textIn(alert, 'Mira Stone');
    await screenshot(page, 'expectations-inbox-alert');
    const stored = await t.world.deps.store.listAlerts({ clientIds: [story.clientId] });
    expect(stored.map((a) => a.kind)).toEqual(['expectations_diverge']);
    expect(pageProblems(page)).toEqual([]);
    await context.close();
  });

  it('the client sees both sides side by side in the portal', async () => {
    const { context, page } = await signedInPage(t, CLIENT.email, CLIENT.password, { viewport: 'phone' });
    const section = page.getByRole('region', { name: 'What I hope for from therapy' });
    await textIn(section, 'You and your therapist both answered');
    await textIn(section, 'You see what therapy is for differently');
    const table = section.getByRole('table', { name: 'Expectation profiles of both sides' });
    await see(table);
    await textIn(table, 'Your therapist');
    await textIn(section, 'Your therapist wrote: Helping Mira handle the arguments at home.');
    await section.scrollIntoViewIfNeeded();
    // Fits a 390 px phone: nothing wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'expectations-portal-compared');
    // No cue highlights in the portal: those are the therapist's prompts.
    expect(await section.locator('mark').count()).toBe(0);
    expect(pageProblems(page)).toEqual([]);
    await context.close();
  });
});
