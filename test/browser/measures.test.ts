/**
 * Measures in the browser: the client answers a PHQ-9 on a phone with "several days" to item 9
 * and sees the practice's crisis information at once on the same screen; the therapist finds the
 * safety alert first in the inbox, acknowledges it and resolves it with a documented follow-up;
 * the client page charts the scores.
 */
import { describe, expect, it } from 'vitest';
import { PASSWORD } from '../support/harness.ts';
import { createClient, openCourse, recordSession } from '../../src/services/people/clients.ts';
import { acceptInvite, createInvite } from '../../src/services/accounts/users.ts';
import { addSchedule } from '../../src/services/measures/schedules.ts';
import { submitResponse } from '../../src/services/measures/measures.ts';
import { pageProblems, screenshot, see } from './browser.ts';
import { practiceBrowser, signedInPage, therapistPage } from './flows.ts';

const CRISIS = 'If you are in danger right now, call 999. Samaritans listen day and night on 116 123.';
let clientId = '';

const t = practiceBrowser(async (world, practice) => {
  const deps = world.deps;
  await deps.store.updatePractice((await deps.store.findPractice())!.id, { crisisInfo: CRISIS });
  clientId = (await createClient(deps, practice.therapistId, { name: 'Casey Client', contact: { email: 'casey@example.org', phone: null, dateOfBirth: null } }))
    .id;
  const course = await openCourse(deps, clientId, { startedOn: new Date(Date.now() - 60 * 86_400_000).toISOString().slice(0, 10), frequency: 'weekly' });
  for (let w = 8; w >= 1; w--) {
    const s = await recordSession(deps, course.id, {
      startsAt: new Date(Date.now() - w * 7 * 86_400_000).toISOString(),
      durationMinutes: 50,
      status: 'attended',
    });
    if (w % 2 === 0) {
      const v = w > 4 ? 2 : 1;
      await submitResponse(
        deps,
        clientId,
        { userId: practice.therapistId, as: 'therapist' },
        {
          instrumentCode: 'phq9',
          source: 'in_session',
          sessionId: s.id,
          completedAt: s.startsAt,
          answers: Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`phq9_${i + 1}`, i === 8 ? 0 : v])),
        },
      );
    }
  }
  await addSchedule(deps, course.id, { instrumentCode: 'phq9', cadence: 'every_n_sessions', everyN: 1 }, practice.therapistId);
  const { token } = await createInvite(deps, practice.therapistId, { email: 'casey@example.org', roles: ['client'], clientId });
  await acceptInvite(deps, token, { displayName: 'Casey', password: PASSWORD });
});

describe('measures in the browser', () => {
  it('the client answers PHQ-9 on a phone and sees the crisis information at once after a positive item 9', async () => {
    const { context, page } = await signedInPage(t, 'casey@example.org', PASSWORD, { viewport: 'phone' });
    await see(page.getByRole('heading', { name: 'Questionnaires' }));
    await page.getByRole('button', { name: /Answer PHQ-9/ }).click();
    const form = page.getByRole('form', { name: 'PHQ-9' });
    const items = form.locator('fieldset.q-item');
    expect(await items.count()).toBe(9);
    expect(await form.getByRole('button', { name: 'Send my answers' }).isDisabled()).toBe(true);
    for (let i = 0; i < 9; i++)
      await items
        .nth(i)
        .getByRole('radio', { name: i === 8 ? 'Several days' : 'Not at all', exact: true })
        .check();
    await see(form.getByText('9 of 9 answered'));
    await form.getByRole('button', { name: 'Send my answers' }).click();
    const crisis = page.getByRole('alert').filter({ hasText: 'Thank you for telling us' });
    await see(crisis);
    expect(await crisis.textContent()).toContain('116 123');
    // The panel takes focus, so it is read out and on screen without scrolling.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('crisis-now-title');
    expect(await crisis.boundingBox().then((b) => (b?.y ?? 9999) < 844)).toBe(true);
    await screenshot(page, 'measures-portal-crisis');
    expect(pageProblems(page)).toEqual([]);
    await context.close();
  });

  it('the client’s progress on a phone: a chart of their own scores, with no alert marks', async () => {
    const { context, page } = await signedInPage(t, 'casey@example.org', PASSWORD, { viewport: 'phone' });
    const progress = page.getByRole('region', { name: 'How things are changing' });
    await see(progress.getByRole('img'));
    expect(await progress.textContent()).toContain('Your low mood score');
    // Plain words on the phone: no band names, no cut-off.
    expect(await progress.textContent()).not.toMatch(/[Mm]oderate|[Mm]ild|[Ss]evere|cut-off|clinical/);
    // The client's own projection carries no deterioration or rupture marks, so the chart draws none.
    expect(await progress.textContent()).not.toMatch(/reliably worse|possible strain/);
    await progress.scrollIntoViewIfNeeded();
    await screenshot(page, 'measures-portal-progress');
    expect(pageProblems(page)).toEqual([]);
    await context.close();
  });

  it('the therapist sees the safety alert first, acknowledges it and resolves it with a follow-up', async () => {
    const { context, page } = await therapistPage(t);
    await page.getByRole('link', { name: 'Alerts' }).click();
    await see(page.getByRole('heading', { name: 'Alerts', level: 1 }));
    const first = page.locator('.alert-card').first();
    await see(first);
    // Unmistakable: the word and an icon as well as the colour.
    expect(await first.locator('.alert-kind').textContent()).toBe('⚠ Safety');
    expect(await first.textContent()).toContain('Several days');
    await screenshot(page, 'measures-inbox');
    await first.getByRole('button', { name: /^Acknowledge/ }).click();
    await see(page.getByText(/You acknowledged the alert/));
    const card = page.locator('.alert-card').first();
    await card.getByRole('button', { name: /Record follow-up and resolve/ }).click();
    await card.getByLabel('What was done (documented follow-up)').fill('short');
    await card.getByLabel('Follow-up taken').selectOption('contacted_client');
    await card.getByRole('button', { name: 'Resolve' }).click();
    await see(card.getByRole('alert'));
    expect(await card.getByRole('alert').textContent()).toMatch(/20 characters/);
    await card.getByLabel('What was done (documented follow-up)').fill('Phoned Casey within the hour; no plan or intent; safety plan reviewed.');
    await card.getByRole('button', { name: 'Resolve' }).click();
    await see(page.getByText(/was resolved/));
    await screenshot(page, 'measures-inbox-resolved');
    expect(pageProblems(page)).toEqual([]);
    await context.close();
  });

  it('the client page charts PHQ-9 with the cut-off and reliable change, and a point shows its value on focus', async () => {
    const { context, page } = await therapistPage(t, `/clients/${clientId}`);
    const chart = page.locator('.measure-chart').first();
    await see(chart);
    expect(await chart.locator('figcaption').textContent()).toMatch(/PHQ-9.*Reliable improvement/);
    expect(await chart.locator('.cutoff-label').textContent()).toBe('clinical cut-off 10');
    await chart.locator('.point').first().focus();
    await see(chart.locator('.tooltip'));
    expect(await chart.locator('.tooltip text').textContent()).toMatch(/^16 · Moderately severe/);
    await screenshot(page, 'measures-client-page');
    await context.close();
  });
});
