/**
 * The ending in the browser: the client writes her list of what she got out of therapy on a 390 px
 * phone; the therapist reads it, writes the closing summary, closes the ending of the ended course
 * and opens the printable report, which Chromium prints to an A4 PDF with pages (written to
 * test-artifacts/ending-report.pdf; its pages are looked at as PNGs beside the screenshots).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PASSWORD } from '../support/harness.ts';
import { pageProblems, screenshot, see, textIn } from './browser.ts';
import { practiceBrowser, signedInPage, therapistPage } from './flows.ts';
import { createClient, openCourse, recordSession, updateCourse } from '../../src/services/people/clients.ts';
import { acceptInvite, createInvite } from '../../src/services/accounts/users.ts';
import { changeGoal, proposeCourseGoal, recordAttainment, setGoalScale } from '../../src/services/alliance/goals.ts';
import { proposeAgreement, answerAgreement } from '../../src/services/alliance/agreements.ts';
import { submitResponse } from '../../src/services/measures/measures.ts';
import { getEndingSettings, saveSummary } from '../../src/services/ending/ending.ts';

const DAY = 86_400_000;
const ARTIFACTS = resolve(import.meta.dirname, '../../test-artifacts');
let clientId = '';
let courseId = '';
const EMAIL = 'maya@example.org';
const NOOR = 'noor@example.org';
/** Long enough that the printed report runs onto a second page, where the header must repeat. */
const SUMMARY = [
  'Twelve weekly sessions on speaking up at work. PHQ-9 and GAD-7 both fell below the cut-off; the goal was met.',
  ...Array.from(
    { length: 14 },
    (_, i) =>
      `Session block ${i + 1}: we looked at what happened in the body before a meeting, what Maya predicted the others would think, and what she then tried. Each time the prediction was checked against what happened, and the gap between the two became the material of the next session.`,
  ),
].join('\n\n');

const endingSettings = () => getEndingSettings(t.world.deps);
const t = practiceBrowser(async (world, practice) => {
  const deps = world.deps;
  const c = await createClient(deps, practice.therapistId, { name: 'Maya Lind', contact: { email: EMAIL, phone: null, dateOfBirth: null } });
  clientId = c.id;
  const start = Date.now() - 84 * DAY;
  const k = await openCourse(deps, c.id, { startedOn: new Date(start).toISOString().slice(0, 10), frequency: 'weekly' });
  courseId = k.id;
  const { token } = await createInvite(deps, practice.therapistId, { email: EMAIL, roles: ['client'], clientId: c.id });
  const portal = await acceptInvite(deps, token, { displayName: 'Maya', password: PASSWORD });
  const therapist = { userId: practice.therapistId, side: 'therapist' as const };
  const self = { userId: portal.id, side: 'client' as const };
  const goal = await proposeCourseGoal(deps, k.id, therapist, { text: 'Speak up in team meetings.', focus: 'skill' });
  await changeGoal(deps, k.id, goal.id, self, { kind: 'agree', words: 'Yes, I want that.' });
  await setGoalScale(deps, k.id, goal.id, { weight: 1 });
  const ledger = await proposeAgreement(deps, k.id, therapist, {
    terms: {
      statement: 'We work on speaking up at work, weekly.',
      allianceType: 'working',
      frequency: 'weekly',
      reviewPoint: { kind: 'after_sessions', sessions: 6 },
    },
  });
  await answerAgreement(deps, k.id, ledger.entries.at(-1)!.agreementId, self, { confirm: true, words: 'Yes.' });
  for (let w = 0; w < 12; w++) {
    const s = await recordSession(deps, k.id, {
      startsAt: new Date(start + w * 7 * DAY).toISOString(),
      durationMinutes: 50,
      status: w === 4 ? 'no_show' : 'attended',
    });
    if (w === 0 || w === 11) {
      const each = w === 0 ? 2 : 0;
      for (const code of ['phq9', 'gad7'] as const) {
        const n = code === 'phq9' ? 9 : 7;
        const answers = Object.fromEntries(Array.from({ length: n }, (_, i) => [`${code}_${i + 1}`, code === 'phq9' && i === 8 ? 0 : each]));
        await submitResponse(
          deps,
          c.id,
          { userId: practice.therapistId, as: 'therapist' },
          { instrumentCode: code, answers, sessionId: s.id, source: 'in_session', completedAt: new Date(start + w * 7 * DAY + 3_600_000).toISOString() },
        );
      }
    }
  }
  await recordAttainment(deps, k.id, goal.id, therapist, 1);
  await updateCourse(deps, k.id, { phase: 'termination' });

  // Noor's first course ended months ago; its follow-up check is due today.
  const noor = await createClient(deps, practice.therapistId, { name: 'Noor Haddad', contact: { email: NOOR, phone: null, dateOfBirth: null } });
  const nk = await openCourse(deps, noor.id, { startedOn: new Date(Date.now() - 200 * DAY).toISOString().slice(0, 10), frequency: 'weekly' });
  const invite = await createInvite(deps, practice.therapistId, { email: NOOR, roles: ['client'], clientId: noor.id });
  await acceptInvite(deps, invite.token, { displayName: 'Noor', password: PASSWORD });
  await updateCourse(deps, nk.id, { status: 'ended', endReason: 'planned', endedOn: new Date(Date.now() - 95 * DAY).toISOString().slice(0, 10) });
  await saveSummary(deps, nk.id, practice.therapistId, 'Ten sessions on grief after her father’s death.');
  await deps.store.closeEnding(nk.id, new Date().toISOString(), practice.therapistId, new Date().toISOString().slice(0, 10));
  // She has started again since: the follow-up of the earlier course still shows while the new one runs.
  await openCourse(deps, noor.id, { startedOn: new Date().toISOString().slice(0, 10), frequency: 'fortnightly' });
});

describe('the ending in the browser', () => {
  it('the client writes her list of what she got out of therapy on a 390 px phone', async () => {
    const { context, page } = await signedInPage(t, EMAIL, PASSWORD, { viewport: 'phone' });
    const section = page.getByRole('region', { name: 'The ending of your therapy' });
    await see(section);
    const form = section.getByRole('form', { name: 'What I got out of therapy' });
    await form.getByRole('button', { name: 'Save my list' }).click();
    await textIn(form.getByRole('alert'), 'Write at least one thing');
    await form.getByLabel('Item 1', { exact: true }).fill('I can speak up in meetings without rehearsing for days.');
    await form.getByRole('button', { name: 'Add another' }).click();
    await form.getByLabel('Item 2', { exact: true }).fill('I notice the tight chest early and take a breath.');
    await form.getByRole('button', { name: 'Add another' }).click();
    await form.getByLabel('Item 3', { exact: true }).fill('   ');
    await form.getByRole('button', { name: 'Save my list' }).click();
    await textIn(section.getByRole('status'), 'Your list is saved');
    // The blank third line was left out, not saved as an empty item.
    await expect.poll(() => form.getByRole('textbox').count()).toBe(2);
    // Nothing wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'ending-client-list-phone');
    await section.screenshot({ path: resolve(ARTIFACTS, 'screenshots', 'ending-client-list-section.png') });
    expect(pageProblems(page)).toEqual([]);
    await context.close();
  });

  it('the therapist writes the summary, closes the ending and prints the report to an A4 PDF', async () => {
    const { context, page } = await therapistPage(t, `/clients/${clientId}`);
    const panel = page.getByRole('region', { name: 'Ending' });
    await textIn(panel, 'I can speak up in meetings without rehearsing for days.');
    await panel.getByRole('textbox', { name: 'Closing summary' }).fill(SUMMARY);
    await panel.getByRole('button', { name: 'Save the summary' }).click();
    await textIn(panel.getByRole('status'), 'The closing summary is saved.');
    await textIn(panel, 'Once the course has ended');
    // The course ends as it always has (its status, date and reason); then the ending can be closed.
    await updateCourse(t.world.deps, courseId, { status: 'ended', endReason: 'planned', endedOn: new Date().toISOString().slice(0, 10) });
    await page.reload();
    await page.getByRole('region', { name: 'Ending' }).getByRole('button', { name: 'Close the ending' }).click();
    await textIn(page.getByRole('region', { name: 'Ending' }), 'The follow-up check is scheduled');
    await screenshot(page, 'ending-panel-therapist');
    await page.getByRole('region', { name: 'Ending' }).screenshot({ path: resolve(ARTIFACTS, 'screenshots', 'ending-panel-therapist-panel.png') });

    await page.getByRole('region', { name: 'Ending' }).getByRole('link', { name: 'Ending report' }).click();
    await see(page.getByRole('heading', { level: 1, name: 'Ending report' }));
    await textIn(page.getByRole('region', { name: 'Scores: first and last' }), 'Reliable improvement');
    await textIn(page.getByRole('region', { name: 'Goals and their attainment' }), 'Speak up in team meetings.');
    await textIn(page.getByRole('region', { name: 'The alliance over the course' }), 'Working');
    await textIn(page.getByRole('region', { name: 'What the client got out of therapy, in their words' }), 'I notice the tight chest early');
    await textIn(page.getByRole('region', { name: 'Closing summary' }), 'Twelve weekly sessions');
    // The skills capability does not exist yet: no empty practice section.
    expect(await page.getByRole('heading', { name: /practice/i }).count()).toBe(0);
    await screenshot(page, 'ending-report-screen');

    await page.emulateMedia({ media: 'print' });
    // Printed: values only, no form controls or navigation.
    expect(await page.locator('button:visible, input:visible, textarea:visible, select:visible').count()).toBe(0);
    await expect.poll(() => page.locator('.ending-report-header').first().isVisible()).toBe(true);
    await textIn(page.locator('.ending-report-header'), 'Confidential');
    await textIn(page.locator('.ending-report-header'), 'Maya Lind');
    await textIn(page.locator('.ending-report-header'), 'Test Practice');
    await screenshot(page, 'ending-report-print');
    const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []).length;
    expect(pages).toBeGreaterThanOrEqual(2);
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(resolve(ARTIFACTS, 'ending-report.pdf'), pdf);
    expect(pageProblems(page)).toEqual([]);
    await context.close();
  });

  it('the client reads the closed ending and her report in the portal, without the inferred alliance', async () => {
    const { context, page } = await signedInPage(t, EMAIL, PASSWORD, { viewport: 'phone' });
    const section = page.getByRole('region', { name: 'The ending of your therapy' });
    await textIn(section, 'Your therapist’s closing summary');
    await section.getByRole('link', { name: 'Your ending report' }).click();
    await see(page.getByRole('heading', { level: 1, name: 'Ending report' }));
    expect(await page.getByRole('columnheader', { name: 'Inferred' }).count()).toBe(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'ending-report-client-phone');
    await page.screenshot({ path: resolve(ARTIFACTS, 'screenshots', 'ending-report-client-phone-top.png') });
    expect(pageProblems(page)).toEqual([]);
    await context.close();
  });

  it('the admin turns the follow-up check off for endings closed from now on', async () => {
    const { context, page } = await signedInPage(t, t.practice.emails.admin, PASSWORD, { path: '/admin/practice' });
    const panel = page.getByRole('form', { name: 'Follow-up after the ending' });
    await see(panel);
    expect(await panel.getByLabel('Follow-up check').inputValue()).toBe('3');
    await panel.getByLabel('Follow-up check').selectOption('0');
    await panel.getByRole('button', { name: 'Save' }).click();
    await textIn(panel.getByRole('status'), 'Follow-up checks are off');
    expect((await endingSettings()).followUpMonths).toBe(0);
    expect(pageProblems(page)).toEqual([]);
    await context.close();
  });

  it('a client answers her follow-up check on a phone when it is due', async () => {
    const { context, page } = await signedInPage(t, NOOR, PASSWORD, { viewport: 'phone' });
    const section = page.getByRole('region', { name: 'The ending of your therapy' });
    const form = section.getByRole('form', { name: 'Follow-up check' });
    await see(form);
    await form.getByRole('button', { name: 'Send' }).click();
    await textIn(form.getByRole('alert'), 'Choose how you have been');
    await form.getByLabel('A little better').check();
    await form.getByLabel('Anything you would like to add (optional)').fill('Some hard days around the anniversary, but I got through them.');
    await form.getByRole('button', { name: 'Send' }).click();
    await textIn(section.getByRole('status'), 'your therapist will see your answer');
    await expect.poll(() => section.getByRole('form', { name: 'Follow-up check' }).count()).toBe(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'ending-follow-up-phone');
    expect(pageProblems(page)).toEqual([]);
    await context.close();
  });
});
