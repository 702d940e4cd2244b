/**
 * Agreements and shifts in the browser, with nothing seeded but the practice and its staff (SPEC §3
 * C3): the therapist adds a client, opens a course and invites her to the portal; proposes an
 * agreement; the client declines it in the portal on a phone (390 px); the therapist proposes again
 * and records the client's confirmation said in session; then proposes a shift, which needs its
 * reason; the client confirms the shift in the portal, then suggests a change of her own, which the
 * therapist declines in words; her goals: one withdrawn, one agreed and rated, and the therapist's
 * agreed in her words. The ledger page shows each of them. Every answer goes through a form with a
 * visible field and its error beside it. Screenshots go to
 * test-artifacts/screenshots/.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { pageProblems, screenshot, see, textIn } from './browser.ts';
import { addClientAndOpenCourse, clientAcceptsOnPhone, createPortalInvitation, practiceBrowser, signedInPage, therapistPage } from './flows.ts';

const CLIENT = { email: 'rosa@client.test', password: 'amber willow morning rain' };
const story = { clientId: '', portalLink: '' };

const t = practiceBrowser();

const h1 = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name });
const ledgerRows = async () => (await t.world.deps.store.listLedger(await courseId())).map((e) => `${e.kind}:${e.side}:${e.recordedBy ?? ''}`);
const courseId = async () => (await t.world.deps.store.listCoursesOfClient(story.clientId))[0]!.id;

/** Opens the propose form on the ledger page and fills it in. */
async function propose(page: Page, kind: 'Propose an agreement' | 'Propose a shift', statement: string, type: string): Promise<ReturnType<Page['getByRole']>> {
  await page.locator('summary', { hasText: kind }).click();
  const form = page.getByRole('form', { name: kind });
  await form.getByLabel('What you will work on, in plain words').fill(statement);
  await form.getByLabel('Alliance').selectOption(type);
  return form;
}

async function fitsPhone(page: Page): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
}

describe('agreements and shifts, both sides, in the browser', () => {
  it('the therapist adds a client, opens a course, invites her and proposes an agreement', async () => {
    const { context, page } = await therapistPage(t);
    story.clientId = await addClientAndOpenCourse(page, { name: 'Rosa Vale', email: CLIENT.email });
    story.portalLink = await createPortalInvitation(page);

    await page.getByRole('link', { name: 'Alliance ledger' }).click();
    await see(h1(page, 'Alliance ledger — Rosa Vale'));
    const form = await propose(
      page,
      'Propose an agreement',
      'We work on what Rosa can do for herself when her husband drinks, and on calming the panic.',
      'working',
    );
    await form.getByRole('button', { name: 'Propose' }).click();
    await textIn(page.getByRole('status').first(), 'The agreement was proposed');
    // Waiting for the client: she answers in the portal, or the therapist records her words from the session.
    const pending = page.getByRole('form', { name: 'Record the client’s answer said in session' });
    await textIn(pending, 'You proposed an agreement; it waits for the client’s answer');
    await textIn(pending, 'when her husband drinks');
    await textIn(page.getByRole('region', { name: 'The story of the course' }), 'Waiting for the client to confirm.');
    await screenshot(page, 'agreements-proposed');
    expect(await ledgerRows()).toEqual(['proposal:therapist:']);
    expect(pageProblems(page)).toEqual([]);
    await context.close();
  });

  it('the client declines the proposal in the portal, on a phone', async () => {
    const { context, page } = await clientAcceptsOnPhone(t, story.portalLink, { name: 'Rosa', ...CLIENT });
    const card = page.getByRole('form', { name: 'Agreement to confirm' });
    await textIn(card, 'Your therapist proposes what you work on together');
    await textIn(card, 'when her husband drinks');
    // Confirming needs her words; the error is beside the field.
    await card.getByRole('button', { name: 'Confirm the agreement' }).click();
    await textIn(card.locator('.field-error'), 'Write in a few words whether this is right for you.');
    expect(await card.getByLabel('In your own words, is this right for you?').getAttribute('aria-invalid')).toBe('true');
    await card.getByLabel('In your own words, is this right for you?').fill('I don’t see why I should be the one who changes.');
    await card.scrollIntoViewIfNeeded();
    await fitsPhone(page);
    await screenshot(page, 'agreements-portal-decline-before');
    await card.getByRole('button', { name: 'Decline' }).click();
    await textIn(page.getByRole('region', { name: 'Our agreement and my goals' }).getByRole('status').first(), 'You declined the proposal');
    await expect.poll(() => card.count()).toBe(0);
    await fitsPhone(page);
    await screenshot(page, 'agreements-portal-declined');
    expect(await ledgerRows()).toEqual(['proposal:therapist:', 'decline:client:client']);
    expect(pageProblems(page)).toEqual([]);
    await context.close();
  });

  it('the therapist sees the decline, proposes again and records the client’s confirmation said in session', async () => {
    const { context, page } = await therapistPage(t, `/clients/${story.clientId}/alliance`);
    const storyRegion = page.getByRole('region', { name: 'The story of the course' });
    await textIn(storyRegion, 'Declined by the client on');
    await textIn(storyRegion, 'I don’t see why I should be the one who changes.');
    expect(await page.getByRole('form', { name: 'Record the client’s answer said in session' }).count()).toBe(0);

    const form = await propose(page, 'Propose an agreement', 'For now Rosa comes weekly to talk about the panic, and we see together what helps.', 'magical');
    await form.getByRole('button', { name: 'Propose' }).click();
    await textIn(page.getByRole('status').first(), 'The agreement was proposed');
    const pending = page.getByRole('form', { name: 'Record the client’s answer said in session' });
    await textIn(pending, 'talk about the panic');
    const words = pending.getByLabel('The client’s words, said in session');
    await pending.getByRole('button', { name: 'Record the client’s confirmation' }).click();
    await textIn(pending.locator('.field-error'), 'Write the client’s words of confirmation, as they said them in session.');
    expect(await words.getAttribute('aria-invalid')).toBe('true');
    await words.fill('Yes, I need somewhere to talk about it.');
    await pending.getByRole('button', { name: 'Record the client’s confirmation' }).click();
    await textIn(page.getByRole('status').first(), 'The client’s confirmation is recorded; the agreement is in force.');
    await textIn(storyRegion, 'Confirmed by the client (words recorded in session)');
    await textIn(storyRegion, 'Yes, I need somewhere to talk about it.');
    await textIn(page.locator('.now-card').first(), 'For now Rosa comes weekly to talk about the panic');
    expect(await ledgerRows()).toEqual(['proposal:therapist:', 'decline:client:client', 'proposal:therapist:', 'confirmation:client:therapist']);

    // A shift while an agreement is in force: it carries its reason, asked for beside the field.
    const shift = await propose(page, 'Propose a shift', 'We work on what Rosa can do for herself at home, and on calming the panic.', 'working');
    await shift.getByRole('button', { name: 'Propose' }).click();
    await textIn(shift.locator('.field-error'), 'Say why the work changes');
    await shift.getByLabel('Why the shift').fill('In session 4 Rosa said the talking helps and asked what she could do herself when he drinks.');
    await shift.getByRole('button', { name: 'Propose' }).click();
    await textIn(page.getByRole('status').first(), 'The shift was proposed');
    await textIn(page.getByRole('form', { name: 'Record the client’s answer said in session' }), 'You proposed a shift; it waits for the client’s answer');
    await textIn(storyRegion, 'Why: In session 4 Rosa said the talking helps');
    await screenshot(page, 'agreements-ledger-shift-proposed');
    expect(pageProblems(page)).toEqual([]);
    await context.close();
  });

  it('the client confirms the shift in the portal, and the ledger tells the whole story', async () => {
    const phone = await signedInPage(t, CLIENT.email, CLIENT.password, { viewport: 'phone' });
    const card = phone.page.getByRole('form', { name: 'Agreement to confirm' });
    await textIn(card, 'Your therapist proposes a change to what you work on');
    await textIn(card, 'Why: In session 4 Rosa said the talking helps');
    await card.getByLabel('In your own words, is this right for you?').fill('Yes, I want to know what I can do myself.');
    await card.getByRole('button', { name: 'Confirm the agreement' }).click();
    await textIn(phone.page.getByText('What we work on now:'), 'what Rosa can do for herself at home');
    await fitsPhone(phone.page);
    await screenshot(phone.page, 'agreements-portal-shift-confirmed');
    expect(pageProblems(phone.page)).toEqual([]);
    await phone.context.close();

    const { context, page } = await therapistPage(t, `/clients/${story.clientId}/alliance`);
    const items = page.getByRole('region', { name: 'The story of the course' }).locator('.story-list > li');
    await expect.poll(() => items.count()).toBe(3);
    await textIn(items.nth(0), 'Declined by the client on');
    await textIn(items.nth(1), 'Confirmed by the client (words recorded in session)');
    await textIn(items.nth(1), 'Superseded on');
    await textIn(items.nth(2), 'Shift');
    await textIn(items.nth(2), 'Why: In session 4 Rosa said the talking helps');
    await textIn(items.nth(2), 'Confirmed by the client on');
    await textIn(items.nth(2), 'Yes, I want to know what I can do myself.');
    expect(await page.getByRole('form', { name: 'Record the client’s answer said in session' }).count()).toBe(0);
    await screenshot(page, 'agreements-ledger-story');
    expect(await ledgerRows()).toEqual([
      'proposal:therapist:',
      'decline:client:client',
      'proposal:therapist:',
      'confirmation:client:therapist',
      'proposal:therapist:',
      'confirmation:client:client',
    ]);
    expect(pageProblems(page)).toEqual([]);
    await context.close();
  });

  it('the client withdraws a goal, suggests a change of what they work on; the therapist declines it in words; she agrees to his goal and rates hers', async () => {
    const phone = await signedInPage(t, CLIENT.email, CLIENT.password, { viewport: 'phone' });
    const section = phone.page.getByRole('region', { name: 'Our agreement and my goals' });
    await section.getByText('Suggest a goal').click();
    await section.getByLabel('My goal, in my words').fill('I want my husband to stop drinking.');
    await section.getByRole('button', { name: 'Send to my therapist' }).click();
    await textIn(section.getByRole('status').first(), 'Your goal was sent to your therapist.');
    const goal = section.getByRole('listitem').filter({ hasText: 'I want my husband to stop drinking.' });
    await textIn(goal, 'waiting for your therapist');
    await goal.getByRole('button', { name: /Withdraw/ }).click();
    await textIn(section.getByRole('status').first(), 'You withdrew the goal.');
    await expect.poll(() => goal.count()).toBe(0);
    expect((await t.world.deps.store.listGoals(await courseId())).map((g) => `${g.author}:${g.state}`)).toEqual(['client:dropped']);
    await section.getByLabel('My goal, in my words').fill('I want to know what to do when the panic starts.');
    await section.getByLabel('It is about').selectOption('skill');
    await section.getByRole('button', { name: 'Send to my therapist' }).click();
    await textIn(section.getByRole('listitem').filter({ hasText: 'when the panic starts' }), 'waiting for your therapist');
    // Her own proposal of what to work on: a change while the shift is in force, so with her reason.
    await section.getByText('Suggest a change to what we work on').click();
    const suggest = section.getByRole('form', { name: 'Suggest a change to what we work on' });
    await suggest.getByRole('button', { name: 'Send to my therapist' }).click();
    await textIn(suggest.locator('.field-error').first(), 'Write in a few words what you would like to work on.');
    await textIn(suggest.locator('.field-error').nth(1), 'Say why you would like the change.');
    await suggest.getByLabel('What I would like us to work on, in my words').fill('Stop the sessions until my husband is ready to come too.');
    await suggest.getByLabel('It is mainly about').selectOption('magical');
    await suggest.getByLabel('How often we meet').selectOption('monthly');
    await suggest.getByLabel('Why I would like the change').fill('I do not want to be the only one working on this.');
    await fitsPhone(phone.page);
    await suggest.getByRole('button', { name: 'Send to my therapist' }).click();
    await textIn(section.getByRole('status').first(), 'Your suggestion was sent to your therapist');
    await textIn(section, 'You suggested: “Stop the sessions until my husband is ready to come too.” — waiting for your therapist.');
    expect(pageProblems(phone.page)).toEqual([]);
    await phone.context.close();
    const { context, page } = await therapistPage(t, `/clients/${story.clientId}/alliance`);
    const card = page.getByRole('form', { name: 'Answer the client’s proposal' });
    await textIn(card, 'The client proposes');
    await textIn(card, 'Why: I do not want to be the only one working on this.');
    await card.getByRole('button', { name: 'Confirm' }).click();
    await textIn(card.locator('.field-error'), 'Write your confirmation in your own words.');
    await card.getByLabel('Your answer, in your words').fill('Not yet: let us talk about it first at the next session.');
    await card.getByRole('button', { name: 'Decline' }).click();
    await textIn(page.getByRole('status').first(), 'You declined the client’s proposal.');
    await expect.poll(() => card.count()).toBe(0);
    const items = page.getByRole('region', { name: 'The story of the course' }).locator('.story-list > li');
    await textIn(items.nth(3), 'proposed by the client');
    await textIn(items.nth(3), 'Declined by the therapist on');
    await textIn(items.nth(3), 'Not yet: let us talk about it first');
    await textIn(page.locator('.now-card').first(), 'what Rosa can do for herself at home'); // the shift stays in force
    expect((await ledgerRows()).slice(-2)).toEqual(['proposal:client:', 'decline:therapist:therapist']);
    const suggested = (await t.world.deps.store.listLedger(await courseId())).at(-2)!;
    expect([suggested.allianceType, suggested.frequency, suggested.side]).toEqual(['magical', 'monthly', 'client']);
    // Her goal: the therapist agrees in his own words; she rates her progress in the portal.
    const panic = page.getByRole('region', { name: 'The story of the course' }).getByRole('listitem').filter({ hasText: 'when the panic starts' }).first();
    await panic.getByText('Work on this goal').click();
    await panic.getByLabel('Your agreement, in your words').fill('Yes: we will find what helps when it starts.');
    await panic.getByRole('button', { name: 'Agree' }).click();
    await textIn(panic, 'Agreed in the therapist’s words');
    // And a goal of the therapist's, for her to agree to in her own words.
    const storyRegion = page.getByRole('region', { name: 'The story of the course' });
    await storyRegion.getByText('Propose a goal').click();
    const proposeGoal = storyRegion.getByRole('form', { name: 'Propose a goal' });
    await proposeGoal.getByLabel('The goal, in plain words').fill('Notice the first signs of panic and breathe through them.');
    await proposeGoal.getByRole('button', { name: 'Propose the goal' }).click();
    await textIn(storyRegion.getByRole('status'), 'The goal was proposed');
    expect(pageProblems(page)).toEqual([]);
    await context.close();

    const again = await signedInPage(t, CLIENT.email, CLIENT.password, { viewport: 'phone' });
    const mine = again.page.getByRole('region', { name: 'Our agreement and my goals' }).getByRole('listitem').filter({ hasText: 'when the panic starts' });
    await textIn(mine, '(agreed)');
    // Nothing is chosen until she chooses (no rating shows as 0), and 0 — no progress yet — can be chosen.
    const rating = mine.getByLabel('How far along, 0–10?');
    expect(await rating.inputValue()).toBe('');
    await rating.selectOption('0');
    await textIn(again.page.getByRole('region', { name: 'Our agreement and my goals' }).getByRole('status').first(), 'your rating was saved');
    const ratings = await t.world.deps.store.listGoalRatings(await courseId());
    expect(ratings.map((r) => `${r.kind}:${r.value}:${r.recordedBy}`)).toEqual(['progress:0:client']);
    const agree = again.page.getByRole('form', { name: 'Agree to the goal: Notice the first signs of panic and breathe through them.' });
    await agree.getByRole('button', { name: 'I agree' }).click();
    await textIn(agree.locator('.field-error'), 'Write in a few words that you agree.');
    await agree.getByLabel('If this is right for you, say so in your own words').fill('Yes, breathing helped last time.');
    await fitsPhone(again.page);
    await screenshot(again.page, 'agreements-portal-goals');
    await agree.getByRole('button', { name: 'I agree' }).click();
    await textIn(again.page.getByRole('region', { name: 'Our agreement and my goals' }).getByRole('status').first(), 'You agreed to the goal in your words.');
    const theirs = (await t.world.deps.store.listGoals(await courseId())).filter((g) => g.author === 'therapist');
    expect(theirs.map((g) => g.state)).toEqual(['agreed']);
    await fitsPhone(again.page);
    expect(pageProblems(again.page)).toEqual([]);
    await again.context.close();
  });
});
