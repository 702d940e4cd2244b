/**
 * The alliance ledger in the browser: the therapist opens a client's ledger, reads agreed vs
 * inferred, clicks a session on the timeline to see its evidence; the client confirms the proposed
 * agreement in the portal in her own words. Screenshots go to test-artifacts/screenshots/.
 */
import { describe, expect, it } from 'vitest';
import { PASSWORD } from '../support/harness.ts';
import { pageProblems, screenshot, see, textIn } from './browser.ts';
import { practiceBrowser, signedInPage, therapistPage } from './flows.ts';
import { createClient, openCourse, recordSession } from '../../src/services/people/clients.ts';
import { acceptInvite, createInvite } from '../../src/services/accounts/users.ts';
import { recomputeAlliance } from '../../src/services/alliance/alliance.ts';
import { submitExpectations } from '../../src/services/alliance/expectations.ts';
import { proposeCourseGoal } from '../../src/services/alliance/goals.ts';
import { proposeAgreement } from '../../src/services/alliance/agreements.ts';
import { expectationsInstrument } from '../../src/domain/alliance/expectations.ts';
import { submitResponse } from '../../src/services/measures/measures.ts';

let clientId = '';
let courseId = '';

const DAY = 86_400_000;
const rate = (side: 'client' | 'therapist', high: string) =>
  Object.fromEntries(expectationsInstrument(side).statements.map((s) => [s.id, s.type === high ? 4 : 1]));

const t = practiceBrowser(async (world, practice) => {
  const deps = world.deps;
  const c = await createClient(deps, practice.therapistId, { name: 'Hanna Brook', contact: { email: 'hanna@example.org', phone: null, dateOfBirth: null } });
  clientId = c.id;
  const start = Date.now() - 60 * DAY;
  const k = await openCourse(deps, c.id, { startedOn: new Date(start).toISOString().slice(0, 10), frequency: 'weekly' });
  courseId = k.id;
  const { token } = await createInvite(deps, practice.therapistId, { email: 'hanna@example.org', roles: ['client'], clientId: c.id });
  const portalUser = await acceptInvite(deps, token, { displayName: 'Hanna', password: PASSWORD });
  const therapist = { userId: practice.therapistId, side: 'therapist' as const };
  const self = { userId: portalUser.id, side: 'client' as const };
  // Answered at intake, the day before the first session; the rest happens now.
  const now = new Date().toISOString();
  world.clock.set(new Date(start - DAY).toISOString());
  await submitExpectations(deps, k.id, self, {
    answers: rate('client', 'magical'),
    freeText: 'I hope my family will finally stop blaming me, and that you can tell me how to make them see it.',
  });
  await submitExpectations(deps, k.id, therapist, { answers: rate('therapist', 'working') });
  await proposeCourseGoal(deps, k.id, self, { text: 'I want my mother to stop criticising me.', focus: 'change_in_others' });
  world.clock.set(now);
  for (let w = 0; w < 8; w++) {
    const s = await recordSession(deps, k.id, {
      startsAt: new Date(start + w * 7 * DAY).toISOString(),
      durationMinutes: 50,
      status: w === 5 ? 'no_show' : 'attended',
    });
    // PHQ-9 given in the attended sessions, falling from 14 to 7 (items of 2 then 1).
    if (w % 2 === 0 && w !== 6) {
      const item = w < 4 ? 2 : 1;
      const answers = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`phq9_${i + 1}`, i === 8 ? 0 : i < 7 ? item : 0]));
      await submitResponse(
        deps,
        c.id,
        { userId: practice.therapistId, as: 'therapist' },
        {
          instrumentCode: 'phq9',
          answers,
          courseId: k.id,
          sessionId: s.id,
          source: 'in_session',
          completedAt: new Date(start + w * 7 * DAY + 3_600_000).toISOString(),
        },
      );
    }
  }
  await recomputeAlliance(deps, k.id);
  await proposeAgreement(deps, k.id, therapist, {
    terms: {
      statement: 'Hanna works on staying steady when her mother criticises her, whether or not her family changes.',
      allianceType: 'working',
      frequency: 'weekly',
      reviewPoint: { kind: 'after_sessions', sessions: 6 },
    },
  });
});

describe('the alliance ledger in the browser', () => {
  it('the therapist reads the ledger and the timeline, and sees a session’s evidence', async () => {
    const { context, page } = await therapistPage(t, `/clients/${clientId}`);
    await page.getByRole('link', { name: 'Alliance ledger' }).click();
    await see(page.getByRole('heading', { level: 1, name: 'Alliance ledger — Hanna Brook' }));
    await see(page.getByRole('heading', { name: 'Inferred: Magical' }));
    const timeline = page.getByRole('group', { name: /Alliance timeline: 8 sessions/ });
    await see(timeline);
    await page.getByRole('button', { name: /No-show; agreed none/ }).click();
    const detail = page.getByRole('region', { name: 'Evidence for the selected session' });
    await textIn(detail, 'No-show');
    await textIn(detail, 'Expectations check');
    // The scores above the bands, on the same session axis, with their values on focus.
    const phq = timeline.getByRole('group', { name: /^PHQ-9: 3 measures, latest 7 on .*clinical cut-off 10/ });
    await see(phq);
    await phq
      .getByRole('img', { name: /PHQ-9 14 on .*above the cut-off/ })
      .first()
      .focus();
    await textIn(timeline.locator('.tl-tooltip'), 'PHQ-9 14 on');
    await screenshot(page, 'alliance-timeline-scores');
    // The selected session links to its row on the client page.
    await detail.getByRole('link', { name: 'This session on the client page' }).click();
    await see(page.getByRole('heading', { level: 1, name: 'Hanna Brook' }));
    await page.waitForFunction(() => !!document.querySelector('tr.linked'));
    await page.goBack();
    await see(page.getByRole('heading', { level: 1, name: 'Alliance ledger — Hanna Brook' }));
    await textIn(page.getByRole('region', { name: 'Expectations, side by side' }), 'expectations diverge');
    await textIn(page.getByRole('region', { name: 'The story of the course' }), 'Waiting for the client to confirm');
    // The client's words carry their cue highlights, with the reason on focus.
    const goalMark = page.getByRole('region', { name: 'The story of the course' }).locator('.goal-list mark').first();
    await goalMark.focus();
    await see(goalMark.locator('.cue-reason'));
    expect(await goalMark.locator('.cue-reason').textContent()).toMatch(/./);
    await see(page.getByRole('region', { name: 'Expectations, side by side' }).locator('mark.cue-mark').first());
    await screenshot(page, 'alliance-ledger-therapist');
    expect(pageProblems(page)).toEqual([]);
    await context.close();
  });

  it('the therapist proposes a goal, records the client’s agreement and a GAS level, and sees the course T-score', async () => {
    const { context, page } = await therapistPage(t, `/clients/${clientId}/alliance`);
    const story = page.getByRole('region', { name: 'The story of the course' });
    await textIn(story, 'Course GAS T-score: —');
    await story.getByText('Propose a goal').click();
    const propose = story.getByRole('form', { name: 'Propose a goal' });
    await propose.getByRole('button', { name: 'Propose the goal' }).click();
    await textIn(propose.getByRole('alert'), 'Write the goal in a few words.');
    await propose.getByLabel('The goal, in plain words').fill('Say what I need at the Sunday family dinner, calmly.');
    await propose.getByLabel('What it is about').selectOption('skill');
    await propose.getByRole('button', { name: 'Propose the goal' }).click();
    await textIn(story.getByRole('status'), 'The goal was proposed');
    const goal = story.getByRole('listitem').filter({ hasText: 'Say what I need at the Sunday family dinner' }).first();
    await goal.getByText('Work on this goal').click();
    await goal.getByLabel('The client’s agreement, in the client’s words said in session').fill('Yes, that is what I want to manage.');
    await goal.getByRole('button', { name: 'Record the client’s agreement' }).click();
    await textIn(story.getByRole('status'), 'The goal is agreed.');
    await textIn(goal, 'Agreed in the client’s words (recorded in session)');
    const scale = goal.getByRole('form', { name: 'Set up attainment scaling' });
    await scale.getByLabel('0 the expected outcome').fill('She says what she needs once, calmly, at one dinner.');
    await scale.getByLabel('+1 somewhat more than expected').fill('She says it at two dinners.');
    await scale.getByRole('button', { name: 'Scale this goal' }).click();
    await textIn(story.getByRole('status'), 'The attainment scale is saved.');
    const level = goal.getByRole('form', { name: 'Record the attained GAS level' });
    await level.getByLabel('Attained level (Goal Attainment Scaling)').selectOption('1');
    await level.getByRole('button', { name: 'Record the level' }).click();
    await textIn(story.getByRole('status'), 'GAS level +1 recorded.');
    await textIn(goal, 'level +1');
    await textIn(story, 'Course GAS T-score: 60');
    const progress = goal.getByRole('form', { name: 'Record progress' });
    await progress.getByLabel(/progress rating, given in session/).selectOption('6');
    await progress.getByRole('button', { name: 'Record progress' }).click();
    await textIn(goal, 'Progress: 6/10');
    await story.scrollIntoViewIfNeeded();
    await screenshot(page, 'alliance-goal-forms');
    const rows = await t.world.deps.store.listGoalRatings(courseId);
    expect(rows.map((r) => `${r.kind}:${r.value}:${r.recordedBy}`).sort()).toEqual(['gas:1:therapist', 'progress:6:therapist']);
    expect(pageProblems(page)).toEqual([]);
    await context.close();
  });

  it('the client confirms the agreement in the portal, in her own words', async () => {
    const { context, page } = await signedInPage(t, 'hanna@example.org', PASSWORD, { path: '/portal', viewport: 'phone' });
    const card = page.getByRole('form', { name: 'Agreement to confirm' });
    await textIn(card, 'whether or not her family changes');
    await card.getByLabel('In your own words, is this right for you?').fill('Yes, feeling steadier at home would make it worthwhile.');
    await screenshot(page, 'alliance-portal-confirm-before');
    await card.getByRole('button', { name: 'Confirm the agreement' }).click();
    await see(page.getByText('the agreement is confirmed in your words'));
    await textIn(page.getByText('What we work on now:'), 'staying steady');
    await screenshot(page, 'alliance-portal-confirmed');
    const ledger = await t.world.deps.store.listLedger(courseId);
    expect(ledger.map((e) => `${e.kind}:${e.side}:${e.recordedBy ?? ''}`)).toEqual(['proposal:therapist:', 'confirmation:client:client']);
    expect(pageProblems(page)).toEqual([]);
    await context.close();
  });
});
