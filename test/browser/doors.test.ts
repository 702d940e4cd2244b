/**
 * Doors for the demo's records that had a screen but no browser test (docs/demo.md, "Where each
 * demo record is made in the app"): the therapist adds measure schedules, enters a client's PHQ-9
 * given on paper and their own Session check of a session, and marks one goal achieved and drops
 * another, each with a note; the admin names the practice's escalation colleague. Seeded: the practice, one client with a course and one attended session.
 * Screenshots go to test-artifacts/screenshots/.
 */
import { describe, expect, it } from 'vitest';
import { PASSWORD } from '../support/harness.ts';
import { pageProblems, screenshot, see, textIn } from './browser.ts';
import { practiceBrowser, signedInPage, therapistPage } from './flows.ts';
import { createClient, openCourse, recordSession } from '../../src/services/people/clients.ts';

let clientId = '';
let courseId = '';

const t = practiceBrowser(async (world, practice) => {
  const c = await createClient(world.deps, practice.therapistId, { name: 'Sam Reed', contact: { email: 'sam@example.org', phone: null, dateOfBirth: null } });
  clientId = c.id;
  const k = await openCourse(world.deps, c.id, { startedOn: new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10), frequency: 'weekly' });
  courseId = k.id;
  await recordSession(world.deps, k.id, { startsAt: new Date(Date.now() - 2 * 86_400_000).toISOString(), durationMinutes: 50, status: 'attended' });
});

describe('the demo’s records have doors: measures and goal closings', () => {
  it('the therapist schedules measures, enters a PHQ-9 given on paper and their own Session check', async () => {
    const { context, page } = await therapistPage(t, `/clients/${clientId}`);
    const measures = page.getByRole('region', { name: 'Measures' });
    const schedule = measures.locator('.schedule-editor');
    await schedule.getByLabel('Instrument').selectOption('phq9');
    await schedule.getByLabel('When').selectOption('every_n_sessions');
    await schedule.getByLabel('Every how many sessions').fill('2');
    await schedule.getByRole('button', { name: 'Add to schedule' }).click();
    await textIn(schedule.locator('.schedule-list'), 'Every 2 sessions');
    await schedule.getByLabel('Instrument').selectOption('session_check_therapist');
    await schedule.getByLabel('When').selectOption('after_every_session');
    await schedule.getByRole('button', { name: 'Add to schedule' }).click();
    await expect.poll(() => schedule.locator('.schedule-list li').count()).toBe(2);
    const schedules = await t.world.deps.store.listSchedulesOfCourses([courseId]);
    expect(schedules.map((s) => `${s.instrumentCode}:${s.cadence}:${s.everyN ?? ''}`).sort()).toEqual([
      'phq9:every_n_sessions:2',
      'session_check_therapist:after_every_session:',
    ]);

    // A PHQ-9 the client filled in on paper.
    await measures.getByLabel('Enter answers given in session or on paper').selectOption('phq9');
    await measures.getByRole('button', { name: 'Enter answers', exact: true }).click();
    const phq = page.getByRole('form', { name: 'PHQ-9' });
    await phq.getByRole('radio', { name: 'On paper' }).check();
    const items = phq.locator('fieldset.q-item');
    for (let i = 0; i < 9; i++)
      await items
        .nth(i)
        .getByRole('radio', { name: i === 8 ? 'Not at all' : 'Several days', exact: true })
        .check();
    await phq.getByRole('button', { name: 'Save answers' }).click();
    await textIn(measures.getByRole('status').first(), 'PHQ-9 saved (total 8');

    // The therapist's own rating of the session, given in session.
    await measures.getByLabel('Enter answers given in session or on paper').selectOption('session_check_therapist');
    await measures.getByRole('button', { name: 'Enter answers', exact: true }).click();
    const check = page.getByRole('form', { name: 'Session check (therapist)' });
    const checkItems = check.locator('fieldset.q-item');
    expect(await checkItems.count()).toBe(4);
    for (let i = 0; i < 4; i++) await checkItems.nth(i).getByRole('radio', { name: '8', exact: true }).check();
    await check.getByRole('button', { name: 'Save answers' }).click();
    await textIn(measures.getByRole('status').first(), 'Session check (therapist) saved');
    const rows = await t.world.deps.store.listResponsesOfClients([clientId]);
    expect(rows.map((r) => `${r.instrumentCode}:${r.respondent}:${r.source}:${r.total}`).sort()).toEqual([
      'phq9:client:paper:8',
      'session_check_therapist:therapist:in_session:32',
    ]);
    await screenshot(page, 'doors-measures-entered');
    expect(pageProblems(page)).toEqual([]);
    await context.close();
  });

  it('the therapist marks one goal achieved and drops another, each with a note', async () => {
    const { context, page } = await therapistPage(t, `/clients/${clientId}/alliance`);
    const story = page.getByRole('region', { name: 'The story of the course' });
    for (const text of ['Decide about the job offer before the end of the month.', 'Sleep through the night again.']) {
      const propose = story.getByRole('form', { name: 'Propose a goal' });
      if (!(await propose.isVisible())) await story.getByText('Propose a goal').click();
      await propose.getByLabel('The goal, in plain words').fill(text);
      await propose.getByLabel('What it is about').selectOption('decision_or_situation');
      await propose.getByRole('button', { name: 'Propose the goal' }).click();
      await textIn(story.getByRole('status'), 'The goal was proposed');
      const goal = story.getByRole('listitem').filter({ hasText: text }).first();
      await goal.getByText('Work on this goal').click();
      await goal.getByLabel('The client’s agreement, in the client’s words said in session').fill('Yes, that is what I came for.');
      await goal.getByRole('button', { name: 'Record the client’s agreement' }).click();
      await textIn(story.getByRole('status'), 'The goal is agreed.');
    }
    const job = story.getByRole('listitem').filter({ hasText: 'Decide about the job offer' }).first();
    if (!(await job.getByRole('form', { name: 'Mark the goal achieved' }).isVisible())) await job.getByText('Work on this goal').click();
    const achieve = job.getByRole('form', { name: 'Mark the goal achieved' });
    await achieve.getByLabel('Note on achieving it (optional)').fill('Decided to stay and talked to his manager.');
    await achieve.getByRole('button', { name: 'Mark achieved' }).click();
    await textIn(story.getByRole('status'), 'The goal is marked achieved.');
    await textIn(job, 'Note: Decided to stay and talked to his manager.');
    const sleep = story.getByRole('listitem').filter({ hasText: 'Sleep through the night again.' }).first();
    if (!(await sleep.getByRole('form', { name: 'Drop the goal' }).isVisible())) await sleep.getByText('Work on this goal').click();
    const drop = sleep.getByRole('form', { name: 'Drop the goal' });
    await drop.getByLabel('Why it is dropped (optional)').fill('Sleep is fine again since the decision.');
    await drop.getByRole('button', { name: 'Drop' }).click();
    await textIn(story.getByRole('status'), 'The goal was dropped.');
    await textIn(sleep, 'Note: Sleep is fine again since the decision.');
    await see(sleep);
    const goals = await t.world.deps.store.listGoals(courseId);
    expect(goals.map((g) => `${g.author}:${g.state}`).sort()).toEqual(['therapist:achieved', 'therapist:dropped']);
    await screenshot(page, 'doors-goals-closed');
    expect(pageProblems(page)).toEqual([]);
    await context.close();
  });

  it('the admin names the practice’s escalation colleague for safety alerts', async () => {
    const { context, page } = await signedInPage(t, t.practice.emails.admin, PASSWORD, { path: '/admin/practice' });
    const colleague = page.getByLabel('The practice’s escalation colleague');
    await colleague.selectOption(t.practice.supervisorId);
    await textIn(page.getByRole('status').filter({ hasText: 'escalation colleague' }), 'The escalation colleague was saved.');
    expect(await t.world.deps.store.findEscalationColleague('practice')).toBe(t.practice.supervisorId);
    expect(pageProblems(page)).toEqual([]);
    await context.close();
  });
});
