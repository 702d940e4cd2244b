/**
 * "What the words suggest" in the browser (SPEC §5.5): the therapist opens a client's page and
 * reads the cues of the client's own words grouped by family, each with its quote, reason and
 * source; the texts are shown whole with the cue words highlighted, and a highlight's reason
 * appears on keyboard focus. Screenshot in test-artifacts/screenshots/cues-panel.png.
 */
import { describe, expect, it } from 'vitest';
import { PASSWORD } from '../support/harness.ts';
import { pageProblems, screenshot, see } from './browser.ts';
import { practiceBrowser, signedInPage, therapistPage } from './flows.ts';
import { createClient, openCourse, recordSession } from '../../src/services/people/clients.ts';
import { acceptInvite, createInvite } from '../../src/services/accounts/users.ts';
import { submitExpectations } from '../../src/services/alliance/expectations.ts';
import { proposeCourseGoal } from '../../src/services/alliance/goals.ts';
import { expectationsInstrument } from '../../src/domain/alliance/expectations.ts';

let clientId = '';

const DAY = 86_400_000;
const rate = (side: 'client' | 'therapist', high: string) =>
  Object.fromEntries(expectationsInstrument(side).statements.map((s) => [s.id, s.type === high ? 4 : 1]));

const t = practiceBrowser(
  async (world, practice) => {
    const deps = world.deps;
    const c = await createClient(deps, practice.therapistId, { name: 'Robin Vale', contact: { email: 'robin@example.org', phone: null, dateOfBirth: null } });
    clientId = c.id;
    const start = Date.now() - 20 * DAY;
    world.clock.set(new Date(start - DAY).toISOString());
    const k = await openCourse(deps, c.id, { startedOn: new Date(start).toISOString().slice(0, 10), frequency: 'weekly' });
    const { token } = await createInvite(deps, practice.therapistId, { email: 'robin@example.org', roles: ['client'], clientId: c.id });
    const portalUser = await acceptInvite(deps, token, { displayName: 'Robin', password: PASSWORD });
    const self = { userId: portalUser.id, side: 'client' as const };
    await submitExpectations(deps, k.id, self, {
      answers: rate('client', 'magical'),
      freeText: 'I want my husband to stop drinking. I hope you can tell me what to do so he changes.',
    });
    await submitExpectations(deps, k.id, { userId: practice.therapistId, side: 'therapist' }, { answers: rate('therapist', 'working') });
    world.clock.set(new Date(start).toISOString());
    await recordSession(deps, k.id, { startsAt: new Date(start).toISOString(), durationMinutes: 50, status: 'attended' });
    await proposeCourseGoal(deps, k.id, self, {
      text: 'I want to understand why I keep saying yes to everyone, and learn to say no without feeling guilty.',
      focus: 'pattern_in_myself',
    });
    world.clock.set(new Date().toISOString());
  },
  { clockNow: false },
);

describe('what the words suggest', () => {
  it('shows the therapist the cues of the client’s words, grouped, with quotes, reasons and sources', async () => {
    const { context, page } = await therapistPage(t, `/clients/${clientId}`);
    const panel = page.getByRole('region', { name: 'What the words suggest' });
    await see(panel);
    await see(panel.getByRole('region', { name: 'Change expected of others' }));
    await see(panel.getByRole('region', { name: 'Own patterns' }));
    expect(await panel.textContent()).toContain('prompts for reflection');
    expect(await panel.getByRole('region', { name: 'Change expected of others' }).textContent()).toContain('my husband');
    await page.getByText(/The client’s texts of the last 6 sessions/).click();
    const mark = page.locator('.cue-texts mark').first();
    await mark.focus();
    await see(page.locator('.cue-texts mark:focus .cue-reason'));
    await screenshot(page, 'cues-panel');
    expect(pageProblems(page)).toEqual([]);
    await context.close();
  });

  it('on a phone the marked words do not widen the page, and a reason shows on screen when its word is focused', async () => {
    const { context, page } = await signedInPage(t, t.practice.emails.therapist, PASSWORD, { path: `/clients/${clientId}`, viewport: 'phone' });
    await see(page.getByRole('region', { name: 'What the words suggest' }));
    await page.getByText(/The client’s texts of the last 6 sessions/).click();
    const marks = page.locator('.cue-texts mark');
    expect(await marks.count()).toBeGreaterThan(1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const last = marks.last();
    await last.focus();
    const reason = page.locator('.cue-texts mark:focus .cue-reason');
    await see(reason);
    const box = (await reason.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    expect(box.y + box.height).toBeLessThanOrEqual(844);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'cues-phone-reason');
    expect(pageProblems(page)).toEqual([]);
    await context.close();
  });
});
