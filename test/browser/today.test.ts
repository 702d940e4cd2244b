/**
 * The day's page when today holds no session (the evening, a free day): it says so, and shows the
 * next day with a booked session and every session booked on it — and nothing more when nothing is
 * booked. On a 390 px phone, with the axe check of every screenshot.
 */
import { describe, expect, it } from 'vitest';
import { createClient, openCourse, recordSession } from '../../src/services/people/clients.ts';
import { formatLongDay } from '../../src/web/dates.ts';
import { practiceBrowser, signedInPage } from './flows.ts';
import { pageProblems, screenshot, see, textIn } from './browser.ts';
import { PASSWORD } from '../support/harness.ts';

const DAY = 86_400_000;
const ZONE = 'Europe/London'; // the seeded practice's zone
const courses: Record<'nina' | 'ben' | 'cara', string> = { nina: '', ben: '', cara: '' };

const t = practiceBrowser(async (world, practice) => {
  const weekAgo = new Date(Date.now() - 7 * DAY).toISOString().slice(0, 10);
  for (const [key, name] of [
    ['nina', 'Nina Nextday'],
    ['ben', 'Ben Laterweek'],
    ['cara', 'Cara Sameday'],
  ] as const) {
    const c = await createClient(world.deps, practice.therapistId, { name, contact: { email: null, phone: null, dateOfBirth: null } });
    courses[key] = (await openCourse(world.deps, c.id, { startedOn: weekAgo, frequency: 'weekly' })).id;
  }
});

describe('the day’s page with no session today', () => {
  it('says so, then shows the next booked day with every session on it, in time order', async () => {
    const { page, context } = await signedInPage(t, t.practice.emails.therapist, PASSWORD, { path: '/today', viewport: 'phone' });
    const sessions = page.getByRole('region', { name: 'Today’s sessions' });
    await textIn(sessions, 'No sessions today.');
    // Nothing booked: no next day to show.
    expect(await sessions.getByRole('heading', { name: /Next sessions/ }).count()).toBe(0);

    // The day after tomorrow (in UTC, so at 10:00 and 11:00 UTC also a later day than today in
    // London at any hour), and three days after that.
    const day = (ahead: number) => new Date(Date.now() + ahead * DAY).toISOString().slice(0, 10);
    const inTwoDays = `${day(2)}T10:00:00.000Z`;
    await recordSession(t.world.deps, courses.nina, { startsAt: `${day(2)}T11:00:00.000Z`, durationMinutes: 50, status: 'scheduled' });
    await recordSession(t.world.deps, courses.cara, { startsAt: inTwoDays, durationMinutes: 50, status: 'scheduled' });
    await recordSession(t.world.deps, courses.ben, { startsAt: `${day(5)}T10:00:00.000Z`, durationMinutes: 50, status: 'scheduled' });
    await page.reload();

    await textIn(sessions, 'No sessions today.');
    const heading = sessions.getByRole('heading', { name: /Next sessions/ });
    await see(heading);
    expect(await heading.textContent()).toBe(`Next sessions: ${formatLongDay(inTwoDays, ZONE)}`);
    const list = sessions.getByRole('list', { name: 'Next sessions' });
    // Cara's is an hour before Nina's; Ben's, three days later, is not on that day.
    expect(await list.getByRole('listitem').allTextContents()).toEqual([expect.stringContaining('Cara Sameday'), expect.stringContaining('Nina Nextday')]);
    expect(await list.textContent()).not.toContain('Ben Laterweek');
    await textIn(list.getByRole('listitem').first(), 'booked');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'today-next-day-phone');

    await list.getByRole('link', { name: 'Nina Nextday' }).click();
    await see(page.getByRole('heading', { level: 1, name: 'Nina Nextday' }));
    expect(pageProblems(page)).toEqual([]);
    await context.close();
  });
});
