/**
 * Skills and practice in the browser, from an empty practice: the therapist adds a client, opens a
 * course and invites her; on a 390 px phone she answers the Skills check, shares her practice,
 * agrees to the target skill her therapist proposes, logs a first practice and then a repeat in one
 * tap (celebrated on screen, one more tap to give herself credit), keeps a daily tracker (today in
 * one tap, yesterday correctable), answers the Support check and suggests a second target. The
 * therapist reads it all on the client page, agrees to her suggestion and marks a planned break;
 * the admin sets when practice counts as stalled. Screenshots at each stage are looked at.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { PASSWORD } from '../support/harness.ts';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { pageProblems, see, textIn } from './browser.ts';
import { axeViolations } from './axe.ts';
import type { OpenPage } from './flows.ts';
import { addClientAndOpenCourse, clientAcceptsOnPhone, createPortalInvitation, practiceBrowser, signedInPage, therapistPage } from './flows.ts';

const t = practiceBrowser();
const SHOTS = resolve(import.meta.dirname, '../../test-artifacts/screenshots');
/** Where a screenshot of one region goes (the portal is long: the region is what is looked at). */
const shot = (name: string) => (mkdirSync(SHOTS, { recursive: true }), resolve(SHOTS, `${name}.png`));
const JUNE = { name: 'June Harper', email: 'june@example.org', password: 'a long quiet garden path' };

let therapist: OpenPage;
let phone: OpenPage;
let clientUrl = '';

const section = (page: Page) => page.getByRole('region', { name: 'Practice between sessions' });
const panel = (page: Page) => page.getByRole('region', { name: 'Skills and practice' });

describe('skills and practice in the browser', () => {
  it('the therapist adds a client, opens a course and invites her; she joins on her phone', async () => {
    therapist = await therapistPage(t, '/clients');
    await addClientAndOpenCourse(therapist.page, { name: JUNE.name, email: JUNE.email });
    clientUrl = therapist.page.url();
    const link = await createPortalInvitation(therapist.page);
    phone = await clientAcceptsOnPhone(t, link, { name: 'June', email: JUNE.email, password: JUNE.password });
    await see(section(phone.page));
  });

  it('on the phone: the Skills check gives her priorities; she shares her practice', async () => {
    const s = section(phone.page);
    await s.locator('summary', { hasText: 'Skills check' }).click();
    const pair = s.getByRole('group', { name: 'Talking kindly to myself after a mistake' });
    await pair
      .getByRole('group', { name: 'How skilled am I now?' })
      .getByRole('radio', { name: new RegExp('^1 ') })
      .check();
    await pair
      .getByRole('group', { name: 'How much would it help my life?' })
      .getByRole('radio', { name: new RegExp('^4 ') })
      .check();
    const listening = s.getByRole('group', { name: 'Listening' });
    await listening
      .getByRole('group', { name: 'How skilled am I now?' })
      .getByRole('radio', { name: new RegExp('^3 ') })
      .check();
    await listening
      .getByRole('group', { name: 'How much would it help my life?' })
      .getByRole('radio', { name: new RegExp('^2 ') })
      .check();
    await s.getByRole('button', { name: 'See my priorities' }).click();
    await textIn(s, 'Your top priorities: Talking kindly to myself after a mistake (12), Listening (2)');
    await s.getByRole('button', { name: 'Share my practice and trackers with my therapist' }).click();
    await textIn(s, 'Your therapist (and their supervisor) can see your practice log');
  });

  it('the therapist proposes the top priority as a target skill', async () => {
    await therapist.page.goto(clientUrl);
    const p = panel(therapist.page);
    await textIn(p, 'Talking kindly to myself after a mistake 12');
    await p.getByRole('button', { name: 'Propose a target skill' }).click();
    await p.getByLabel('Skill', { exact: true }).selectOption('kind_self_talk');
    await p.getByLabel('Why this skill').fill('After a slip at work the self-criticism lasts for days.');
    await p.getByLabel('Situations').fill('After a mistake at work');
    await p.getByRole('group', { name: 'Do more of' }).getByLabel('Thoughts').fill('A slip is not a verdict');
    await p.getByRole('group', { name: 'Do less of' }).getByLabel('Behaviours').fill('Replaying it for hours');
    await p.getByLabel('How I will practise and keep myself motivated').fill('Imagine last week’s slip each evening and answer it kindly.');
    await p.getByLabel('Target count (rehearsals)').fill('150');
    await p.getByRole('button', { name: 'Propose to the client' }).click();
    await see(p.getByText('The target is proposed'));
    await textIn(p.getByRole('article', { name: 'Target: Talking kindly to myself after a mistake' }), 'waiting for the client to agree');
  });

  it('she agrees, logs a first practice, then a repeat in one tap — celebrated — and gives herself credit', async () => {
    await phone.page.reload();
    const s = section(phone.page);
    const card = s.getByRole('article', { name: 'Talking kindly to myself after a mistake' });
    await card.getByRole('button', { name: 'Agree to work on this' }).click();
    await card.getByRole('button', { name: 'Log my first practice' }).click();
    await card.getByText('Imagined rehearsal').click();
    await card.getByLabel('The situation').fill('Sent the wrong file to my manager');
    await card.getByLabel('What I did').fill('Said: a slip, not a verdict');
    await card.getByText('Mixed', { exact: true }).click();
    await card.getByRole('button', { name: 'Save the practice' }).click();
    await textIn(card, '1 of 150 rehearsals');
    // The repeat: one tap.
    await card.getByRole('button', { name: 'Again: it went well' }).click();
    const cheer = card.getByRole('status');
    await textIn(cheer, 'Well done! That is rehearsal 2 of 150');
    await phone.page.waitForTimeout(500); // the celebration's brief entrance
    await card.screenshot({ path: shot('skills-phone-celebration') });
    await cheer.getByRole('button', { name: 'I gave myself credit' }).click();
    await textIn(cheer, 'You gave yourself credit for it.');
    await textIn(card, '2 of 150 rehearsals');
  });

  it('a daily tracker: today in one tap, yesterday entered and then corrected', async () => {
    const s = section(phone.page);
    await s.getByLabel('A new daily tracker').fill('A day without drinking');
    await s.getByRole('button', { name: 'Add the tracker' }).click();
    const today = s.getByRole('group', { name: 'A day without drinking: Today' });
    await today.getByRole('button', { name: 'Yes' }).click();
    await expect.poll(() => today.getByRole('button', { name: 'Yes' }).getAttribute('aria-pressed')).toBe('true');
    const yesterday = s.getByRole('group', { name: 'A day without drinking: Yesterday' });
    await yesterday.getByRole('button', { name: 'No' }).click();
    await expect.poll(() => yesterday.getByRole('button', { name: 'No' }).getAttribute('aria-pressed')).toBe('true');
    await yesterday.getByRole('button', { name: 'Yes' }).click();
    await expect.poll(() => yesterday.getByRole('button', { name: 'Yes' }).getAttribute('aria-pressed')).toBe('true');
    await textIn(s, '2 days now · longest 2');
  });

  it('the Support check with her supports, and a target she suggests herself', async () => {
    const s = section(phone.page);
    await s.locator('summary', { hasText: 'Support check' }).click();
    const form = s.getByRole('form', { name: 'Support check' });
    await form.getByRole('group', { name: 'I can calm myself when I am upset.' }).getByRole('radio', { name: 'Somewhat' }).check();
    await form.getByRole('group', { name: 'Besides my therapist, there are people I can turn to.' }).getByRole('radio', { name: 'A little' }).check();
    await form.getByLabel('People I can turn to (one per line)').fill('My sister');
    await form.getByLabel('Things that help me (one per line)').fill('Swimming');
    await form.getByRole('button', { name: 'Save my Support check' }).click();
    await textIn(s, 'Support check (1 so far)');
    await s.locator('summary', { hasText: 'Suggest a skill to work on' }).click();
    const propose = s.getByRole('form', { name: 'Propose a target skill' });
    await propose.getByLabel('Skill', { exact: true }).selectOption('courage');
    await propose.getByLabel('Why this skill').fill('I want to phone about the job.');
    await propose.getByRole('button', { name: 'Propose to my therapist' }).click();
    await textIn(s, 'Waiting for your therapist to agree.');
    await s.screenshot({ path: shot('skills-phone-portal') });
    const width = await phone.page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    // Each target skill is a heading one level below the section's (a screen reader's outline skips none).
    expect((await axeViolations(phone.page)).map((v) => v.id)).not.toContain('heading-order');
  });

  it('the therapist reads her practice and streaks, agrees to her suggestion and marks a planned break', async () => {
    await therapist.page.goto(clientUrl);
    const p = panel(therapist.page);
    await textIn(p, 'The client shares their practice log and trackers with you.');
    await textIn(p, '2 of 150 rehearsals (imagined rehearsal 2, role-play 0, real life 0); went well 1, celebrated 1');
    // The bars say which weeks they are: both rehearsals fall in this week, named by its Monday.
    // (This Monday, or the one next to it when the practice's day and UTC's differ at the turn of a week.)
    const title = (await p.locator('.skills-chart-title').first().textContent()) ?? '';
    const day = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' });
    const monday = Date.now() - ((new Date().getUTCDay() + 6) % 7) * 86_400_000;
    const mondays = [-7, 0, 7].map((d) => `Practice per week, the week of ${day.format(monday + d * 86_400_000)}`);
    expect(mondays, title).toContain(title);
    await textIn(p, 'A day without drinking: 2 days now, longest 2');
    await textIn(p.getByRole('table', { name: 'Recent practice' }), 'Sent the wrong file to my manager — Said: a slip, not a verdict');
    await textIn(p, 'of 8. Supports now: My sister, Swimming');
    const courage = p.getByRole('article', { name: 'Target: Facing fears that are bigger than the danger' });
    await courage.getByRole('button', { name: 'Agree to this target' }).click();
    await textIn(courage, 'active');
    const from = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
    const to = new Date(Date.now() + 27 * 86_400_000).toISOString().slice(0, 10);
    await p.getByLabel('Break from').fill(from);
    await p.getByLabel('Until').fill(to);
    await p.getByLabel('What (optional)').fill('Summer holiday');
    await p.getByRole('button', { name: 'Add the planned break' }).click();
    await textIn(p, '(Summer holiday)');
    await p.screenshot({ path: shot('skills-therapist-panel') });
    expect(pageProblems(therapist.page)).toEqual([]);
    expect(pageProblems(phone.page)).toEqual([]);
  });

  it('the admin sets when practice counts as stalled, and adds a skill to the catalogue', async () => {
    const admin = await signedInPage(t, t.practice.emails.admin, PASSWORD, { path: '/admin/practice' });
    const form = admin.page.getByRole('form', { name: 'Skills settings' });
    await form.getByLabel('Practice stalled after (days)').fill('10');
    await form.getByRole('button', { name: 'Add a skill' }).click();
    await form.getByLabel('Skill 15', { exact: true }).fill('Saying no kindly');
    await form.getByRole('button', { name: 'Save' }).click();
    await see(admin.page.getByText('The skills settings are saved.'));
    await expect.poll(() => admin.page.getByRole('form', { name: 'Skills settings' }).getByLabel('Practice stalled after (days)').inputValue()).toBe('10');
    await textIn(admin.page.getByRole('form', { name: 'Skills settings' }).getByRole('table'), 'catalogue');
    await admin.context.close();
    await therapist.context.close();
    await phone.context.close();
  });
});
