/**
 * Outcome alerts decided after the answer, in the browser, as under `accord serve` (a Background
 * runs the follow-ups, services/measures/outcome-checks.ts): the therapist enters a PHQ-9 given in
 * session that is reliably worse than the client's first; the answer is saved at once without
 * waiting for the outcome rules, and the not-on-track alert appears in the client page's Alerts
 * section a moment later, without a reload. Seeded: the practice, one client with a course, its
 * first PHQ-9 (8) and one attended session. Screenshots go to test-artifacts/screenshots/.
 */
import { describe, expect, it } from 'vitest';
import { pageProblems, screenshot, see, textIn } from './browser.ts';
import { practiceBrowser, therapistPage } from './flows.ts';
import { createClient, openCourse, recordSession } from '../../src/services/people/clients.ts';
import { submitResponse } from '../../src/services/measures/measures.ts';
import { Background } from '../../src/services/background.ts';

let clientId = '';

const phq = (v: number) => Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`phq9_${i + 1}`, i === 8 ? 0 : v]));

const t = practiceBrowser(async (world, practice) => {
  const c = await createClient(world.deps, practice.therapistId, { name: 'Jo Marsh', contact: { email: null, phone: null, dateOfBirth: null } });
  clientId = c.id;
  const k = await openCourse(world.deps, c.id, { startedOn: new Date(Date.now() - 14 * 86_400_000).toISOString().slice(0, 10), frequency: 'weekly' });
  const s = await recordSession(world.deps, k.id, { startsAt: new Date(Date.now() - 7 * 86_400_000).toISOString(), durationMinutes: 50, status: 'attended' });
  await submitResponse(
    world.deps,
    c.id,
    { userId: practice.therapistId, as: 'therapist' },
    { instrumentCode: 'phq9', source: 'in_session', sessionId: s.id, completedAt: s.startsAt, answers: phq(1) },
  );
  // From here on, as `accord serve` runs: follow-ups a moment after the answer.
  world.deps.background = new Background(() => world.deps, 300, 3_000);
});

describe('outcome alerts decided after the answer', () => {
  it('the therapist saves a reliably worse PHQ-9 at once, and its not-on-track alert appears on the client page a moment later', async () => {
    const { context, page } = await therapistPage(t, `/clients/${clientId}`);
    const measures = page.getByRole('region', { name: 'Measures' });
    await see(measures);
    expect(await page.getByRole('region', { name: 'Alerts' }).count()).toBe(0);

    await measures.getByLabel('Enter answers given in session or on paper').selectOption('phq9');
    await measures.getByRole('button', { name: 'Enter answers', exact: true }).click();
    const form = page.getByRole('form', { name: 'PHQ-9' });
    await form.getByRole('radio', { name: 'In session' }).check();
    const items = form.locator('fieldset.q-item');
    for (let i = 0; i < 9; i++)
      await items
        .nth(i)
        .getByRole('radio', { name: i === 8 ? 'Not at all' : 'More than half the days', exact: true })
        .check();
    await form.getByRole('button', { name: 'Save answers' }).click();
    // Saved at once: the answer did not wait for the outcome rules, so it names no alert.
    await textIn(measures.getByRole('status').first(), 'PHQ-9 saved (total 16');
    expect(await measures.getByRole('status').first().textContent()).not.toContain('not on track');

    // The outcome check is decided a moment later; the page looks again and shows its alert.
    const alerts = page.getByRole('region', { name: 'Alerts' });
    await see(alerts);
    await textIn(alerts, 'Not on track');
    // The summary at the top of the page counts it too.
    await textIn(page.locator('.client-summary'), 'Not on track');
    expect(await t.world.deps.store.listOutcomeChecks(10)).toEqual([]);
    const stored = await t.world.deps.store.listAlerts({ clientIds: [clientId] });
    expect(stored.map((a) => a.kind)).toEqual(['not_on_track']);
    await screenshot(page, 'outcome-alert-after-answer');
    expect(pageProblems(page)).toEqual([]);
    await context.close();
  });
});
