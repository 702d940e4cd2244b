/**
 * Records dated when they happened, in the browser, with nothing seeded but the practice and its
 * staff (issue 14): the therapist adds a client whose course began seven weeks ago, records its
 * first three sessions from the paper notes, then enters on the ledger page a goal and an agreement
 * made at the second session — with the date and time they happened — and the client's
 * confirmation said then. The timeline shows the agreement at the second session, not today's.
 * Screenshots go to test-artifacts/screenshots/.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { pageProblems, screenshot, see, textIn } from './browser.ts';
import { practiceBrowser, therapistPage } from './flows.ts';
import { isoToZoned, zonedToIso } from '../../src/web/dates.ts';

const t = practiceBrowser();
const DAY = 86_400_000;
const h1 = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name });

describe('records entered after the fact land when they happened', () => {
  it('the therapist enters a past goal and agreement with their dates, and the timeline places them on their session', async () => {
    const zone = (await t.world.deps.store.findPractice())!.timeZone;
    const dayOf = (weeksAgo: number) => isoToZoned(new Date(Date.now() - weeksAgo * 7 * DAY).toISOString(), zone)[0];
    const sessions = [dayOf(7), dayOf(6), dayOf(5)];
    const { context, page } = await therapistPage(t);

    await page.getByRole('link', { name: 'Add a client' }).click();
    await page.getByLabel('Name').fill('Lena Marsh');
    await page.getByLabel('Email').fill('lena@client.test');
    await page.getByRole('button', { name: 'Add client' }).click();
    await see(h1(page, 'Lena Marsh'));
    const clientId = page.url().split('/').pop()!;
    await page.getByLabel('Start date').fill(sessions[0]!);
    await page.getByLabel('Agreed frequency').selectOption('weekly');
    await page.getByRole('button', { name: 'Open course' }).click();
    await textIn(page.getByRole('status').first(), 'The course was opened.');
    const record = page.getByRole('form', { name: 'Record a session' });
    for (const day of sessions) {
      await record.getByLabel('Date').fill(day);
      await record.getByLabel('Time').fill('10:00');
      await record.getByRole('button', { name: 'Record session' }).click();
      await textIn(page.getByRole('status').first(), 'The session was recorded.');
    }

    await page.getByRole('link', { name: 'Alliance ledger' }).click();
    await see(h1(page, 'Alliance ledger — Lena Marsh'));

    // A goal proposed at the second session: the form asks when it happened, defaulting to now.
    const story = page.getByRole('region', { name: 'The story of the course' });
    await story.getByText('Propose a goal').click();
    const goal = story.getByRole('form', { name: 'Propose a goal' });
    await see(goal.getByRole('group', { name: 'When did this happen?' }));
    expect(await goal.getByLabel('Date').inputValue()).toBe(isoToZoned(new Date().toISOString(), zone)[0]);
    await goal.getByLabel('The goal, in plain words').fill('Go back to the choir on Thursdays');
    await goal.getByLabel('Date').fill(sessions[1]!);
    await goal.getByLabel('Time').fill('10:30');
    await goal.getByRole('button', { name: 'Propose the goal' }).click();
    await textIn(story.getByRole('status'), 'The goal was proposed');

    // The agreement made at the second session, and the client's confirmation said then.
    await page.locator('summary', { hasText: 'Propose an agreement' }).click();
    const propose = page.getByRole('form', { name: 'Propose an agreement' });
    await propose.getByLabel('What you will work on, in plain words').fill('We work on getting out of the house again, one evening a week.');
    await propose.getByLabel('Alliance').selectOption('working');
    await propose.getByLabel('Date').fill(sessions[1]!);
    await propose.getByLabel('Time').fill('10:40');
    await propose.getByRole('button', { name: 'Propose' }).click();
    await textIn(page.getByRole('status').first(), 'The agreement was proposed');
    const answer = page.getByRole('form', { name: 'Record the client’s answer said in session' });
    await answer.getByLabel('The client’s words, said in session').fill('Yes, one evening a week I can manage.');
    await answer.getByLabel('Date').fill(sessions[1]!);
    await answer.getByLabel('Time').fill('10:45');
    await answer.getByRole('button', { name: 'Record the client’s confirmation' }).click();
    await textIn(page.getByRole('status').first(), 'The client’s confirmation is recorded');

    // The story says when each was typed in, beside when it happened.
    await textIn(story, 'entered on');
    // Stored at the times given, recorded now.
    const courseId = (await t.world.deps.store.listCoursesOfClient(clientId))[0]!.id;
    const ledger = await t.world.deps.store.listLedger(courseId);
    expect(ledger.map((e) => e.at)).toEqual([zonedToIso(sessions[1]!, '10:40', zone), zonedToIso(sessions[1]!, '10:45', zone)]);
    expect(ledger.every((e) => Date.parse(e.recordedAt!) > Date.now() - DAY)).toBe(true);
    expect((await t.world.deps.store.listGoals(courseId))[0]!.proposedAt).toBe(zonedToIso(sessions[1]!, '10:30', zone));

    // The timeline: the agreement is marked at the second session; the first had none in force, the third has it.
    const timeline = page.locator('figure').filter({ has: page.locator('.tl-session') });
    const session = (i: number) => timeline.locator('g.tl-session').nth(i);
    await see(session(2));
    await session(1).click();
    const detail = page.getByRole('region', { name: 'Evidence for the selected session' });
    await textIn(detail, 'Agreement:');
    await textIn(detail, 'one evening a week');
    await screenshot(page, 'dated-records-timeline');
    await session(0).click();
    await textIn(detail, 'no agreement yet');
    expect(await detail.textContent()).not.toContain('Agreement:');
    await session(2).click();
    expect(await detail.textContent()).not.toContain('Agreement:');
    expect(await session(2).getAttribute('aria-label')).toContain('agreed working');
    expect(pageProblems(page)).toEqual([]);
    await context.close();
  }, 120_000);
});
