/**
 * A practice's day in the browser, in order: keyboard-only sign-in; the admin invites a therapist
 * who accepts and signs in; the admin assigns a supervisor and reads the audit log; the therapist
 * adds a client, opens a course, records sessions and invites the client; the client sees only
 * their own course in the portal; the supervisor reads the client without being able to change it.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { PASSWORD } from '../support/harness.ts';
import { newPage, pageProblems, screenshot, see, signIn, textIn } from './browser.ts';
import { practiceBrowser, signedInPage, therapistPage } from './flows.ts';

const NEW_PASSWORD = 'amber kettle mountain song';

/** Shared between the steps of the story. */
const story = { portalLink: '', clientId: '' };

const t = practiceBrowser();

const h1 = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name });
const focusedName = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return el ? `${el.tagName.toLowerCase()}:${el.getAttribute('name') ?? el.id ?? ''}:${el.textContent?.trim() ?? ''}` : '';
  });

/** A calendar date `days` from today, as a date input wants it. */
const dayFromToday = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe('a practice in the browser', () => {
  it('signs in with the keyboard alone', async () => {
    const { context, page } = await newPage(t.browser, t.base);
    await page.goto('/');
    await see(h1(page, 'Sign in'));
    expect(page.url()).toBe(`${t.base}/sign-in`);
    await page.keyboard.press('Tab');
    expect(await focusedName(page)).toContain('Skip to main content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    await page.keyboard.press('Tab');
    expect(await focusedName(page)).toMatch(/^input:email/);
    await page.keyboard.type(t.practice.emails.admin);
    await page.keyboard.press('Tab');
    expect(await focusedName(page)).toMatch(/^input:password/);
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Tab');
    expect(await focusedName(page)).toContain('Show password');
    await page.keyboard.press('Tab');
    expect(await focusedName(page)).toContain('Sign in');
    await screenshot(page, 'sign-in-keyboard');
    await page.keyboard.press('Enter');
    await see(h1(page, 'Staff')); // the admin's start page
    expect(pageProblems(page)).toEqual([]);
    await context.close();
  });

  it('lets the admin invite a therapist, who accepts the link and signs in', async () => {
    const admin = await signedInPage(t, t.practice.emails.admin, PASSWORD);
    await admin.page.getByRole('link', { name: 'Staff' }).click();
    await see(h1(admin.page, 'Staff'));
    await see(admin.page.getByRole('row', { name: /Theo Therapist/ }));
    await admin.page.getByLabel('Their email').fill('nora@test.accord');
    await admin.page.getByRole('button', { name: 'Create invitation link' }).click();
    const linkField = admin.page.getByLabel('Invitation link for nora@test.accord');
    await see(linkField);
    const link = await linkField.inputValue();
    expect(link).toMatch(new RegExp(`^${t.base}/invite/[A-Za-z0-9_-]{20,}$`));
    await see(admin.page.getByRole('row', { name: /nora@test\.accord/ })); // listed under open invitations
    await screenshot(admin.page, 'admin-staff');

    const nora = await newPage(t.browser, t.base);
    await nora.page.goto(link);
    await see(h1(nora.page, 'Join Test Practice'));
    await textIn(nora.page.getByRole('main'), 'as a therapist');
    await nora.page.getByLabel('Your name').fill('Nora New');
    await nora.page.getByLabel('Choose a password').fill(NEW_PASSWORD);
    await screenshot(nora.page, 'invite-accept');
    await nora.page.getByRole('button', { name: 'Create my account' }).click();
    await see(h1(nora.page, 'Your account is ready'));
    await nora.page.getByRole('link', { name: 'Go to sign in' }).click();
    await nora.page.getByLabel('Email').fill('nora@test.accord');
    await nora.page.getByLabel('Password', { exact: true }).fill(NEW_PASSWORD);
    await nora.page.getByRole('button', { name: 'Sign in' }).click();
    await see(h1(nora.page, 'Caseload'));
    await see(nora.page.getByText('No clients yet.'));
    // A used link does not work twice.
    await nora.page.goto(link);
    await see(h1(nora.page, 'This invitation cannot be used'));
    await nora.context.close();

    // The admin changes Nora's roles: therapist and supervisor.
    await admin.page.reload();
    await admin.page.getByRole('button', { name: 'Change roles of Nora New' }).click();
    await admin.page.getByRole('group', { name: 'Roles of Nora New' }).getByLabel('Supervisor').check();
    await admin.page.getByRole('button', { name: 'Save roles' }).click();
    await textIn(admin.page.getByRole('status').first(), 'Roles of Nora New changed.');
    await textIn(admin.page.getByRole('row', { name: /Nora New/ }), 'Supervisor');
    expect(pageProblems(admin.page)).toEqual([]);
    await admin.context.close();
  });

  it('lets the admin assign a supervisor and read the audit log', async () => {
    const { context, page } = await signedInPage(t, t.practice.emails.admin, PASSWORD);
    await page.getByRole('link', { name: 'Supervision' }).click();
    await see(h1(page, 'Supervision'));
    await see(page.getByRole('row', { name: /Sue Supervisor\s+Theo Therapist/ }));
    await page.getByLabel('Supervisor', { exact: true }).selectOption({ label: 'Sid Elsewhere' });
    await page.getByLabel('Therapist', { exact: true }).selectOption({ label: 'Nora New' });
    await page.getByRole('button', { name: 'Assign' }).click();
    await textIn(page.getByRole('status').first(), 'Sid Elsewhere now supervises Nora New.');
    await see(page.getByRole('row', { name: /Sid Elsewhere\s+Nora New/ }));
    await page.getByRole('button', { name: 'Remove the supervision of Nora New by Sid Elsewhere' }).click();
    await textIn(page.getByRole('status').first(), 'Sid Elsewhere no longer supervises Nora New.');
    await screenshot(page, 'admin-supervision');

    await page.getByRole('link', { name: 'Audit log' }).click();
    await see(h1(page, 'Audit log'));
    const table = page.getByRole('table');
    await textIn(table, 'supervision.add');
    await textIn(table, 'supervision.remove');
    await textIn(table, 'Ada Admin');
    // Filter to one person.
    await page.getByLabel('Who').selectOption({ label: 'Nora New' });
    await page.getByRole('button', { name: 'Apply filter' }).click();
    await textIn(table, 'invite.accept');
    const actors = await table.locator('tbody tr td:nth-child(2)').allTextContents();
    expect(new Set(actors)).toEqual(new Set(['Nora New']));
    await screenshot(page, 'admin-audit');
    // Paging backwards with `before`: more than one page of entries exists.
    for (let i = 0; i < 60; i++) {
      await t.world.deps.audit.record({
        actorId: t.practice.adminId,
        actorRole: 'admin',
        action: 'test.filler',
        resourceType: 'test',
        resourceId: null,
        clientId: null,
        outcome: 'ok',
        ip: null,
        detail: String(i),
      });
    }
    await page.getByLabel('Who').selectOption({ label: 'Everyone' });
    await page.getByRole('button', { name: 'Apply filter' }).click();
    await textIn(table, 'test.filler — 59');
    const newest = await table.locator('tbody tr').first().textContent();
    await page.getByRole('button', { name: 'Older' }).click();
    await see(page.getByRole('table', { name: 'Older entries, page 2' }));
    expect(await table.locator('tbody tr').first().textContent()).not.toBe(newest);
    await page.getByRole('button', { name: 'Newest' }).click();
    await see(page.getByRole('table', { name: 'Newest entries' }));
    expect(pageProblems(page)).toEqual([]);
    await context.close();
  });

  it('lets the admin change the practice settings', async () => {
    const { context, page } = await signedInPage(t, t.practice.emails.admin, PASSWORD);
    await page.getByRole('link', { name: 'Practice' }).click();
    await see(h1(page, 'Practice settings'));
    await page.getByLabel('What clients see when they may need urgent help').fill('In an emergency call 999. Samaritans answer any time on 116 123.');
    await page.getByLabel('Escalation time (minutes)').fill('45');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await textIn(page.getByRole('status').first(), 'The practice settings were saved.');
    const p = await t.world.deps.store.findPractice();
    expect(p?.escalationMinutes).toBe(45);
    expect(p?.crisisInfo).toContain('Samaritans');
    await context.close();
  });

  it('lets a therapist add a client, open a course, record sessions and invite the client', async () => {
    const { context, page } = await therapistPage(t);
    await see(h1(page, 'Caseload'));
    await page.getByRole('link', { name: 'Add a client' }).click();
    await see(h1(page, 'Add a client'));
    await page.getByLabel('Name').fill('Hannah Test');
    await page.getByLabel('Email').fill('hannah@client.test');
    await page.getByLabel('Phone').fill('+44 7700 900123');
    await page.getByRole('button', { name: 'Add client' }).click();
    await see(h1(page, 'Hannah Test'));
    story.clientId = page.url().split('/').pop()!;

    // Open a course six weeks ago.
    await page.getByLabel('Start date').fill(dayFromToday(-42));
    await page.getByLabel('Agreed frequency').selectOption('weekly');
    await page.getByRole('button', { name: 'Open course' }).click();
    await textIn(page.getByRole('status').first(), 'The course was opened.');

    const record = async (day: number, time: string, status: string) => {
      const form = page.getByRole('form', { name: 'Record a session' });
      await form.getByLabel('Date').fill(dayFromToday(day));
      await form.getByLabel('Time').fill(time);
      await form.getByLabel('What happened').selectOption({ label: status });
      await form.getByRole('button', { name: 'Record session' }).click();
      await textIn(page.getByRole('status').first(), 'The session was recorded.');
    };
    await record(-42, '10:00', 'Attended');
    await record(-35, '10:00', 'Attended');
    await record(-28, '10:00', 'Cancelled late by client');
    await record(7, '14:30', 'Scheduled');
    const sessions = page.getByRole('table').filter({ hasText: 'Length' });
    await expect.poll(() => sessions.locator('tbody tr').count()).toBe(4);

    // A session that has not happened cannot be recorded or marked as attended: the refusal sits
    // beside the status it is about, and nothing is stored.
    const form = page.getByRole('form', { name: 'Record a session' });
    await form.getByLabel('Date').fill(dayFromToday(14));
    await form.getByLabel('What happened').selectOption({ label: 'Attended' });
    await form.getByRole('button', { name: 'Record session' }).click();
    await see(form.getByText(/has not happened yet/));
    const described = (field: ReturnType<Page['getByLabel']>) =>
      field.evaluate((el) =>
        (el.getAttribute('aria-describedby') ?? '')
          .split(' ')
          .map((id) => document.getElementById(id)?.textContent ?? '')
          .join(' '),
      );
    expect(await described(form.getByLabel('What happened'))).toMatch(/has not happened yet/);
    const booked = sessions.locator('tbody tr').first();
    // A session reads as a value until its status is changed.
    expect(await booked.getByRole('combobox').count()).toBe(0);
    await booked.getByRole('button', { name: /^Change/ }).click();
    await booked.getByRole('combobox').selectOption({ label: 'Attended' });
    await booked.getByRole('button', { name: 'Save' }).click();
    await see(booked.getByText(/has not happened yet/));
    expect(await described(booked.getByRole('combobox'))).toMatch(/has not happened yet/);
    await screenshot(page, 'session-not-yet-happened');
    expect(await sessions.locator('tbody tr').count()).toBe(4);
    await booked.getByRole('combobox').selectOption({ label: 'Scheduled' });

    // A session's status changes: the late cancellation was in fact a no-show.
    const late = sessions.locator('tbody tr').nth(1); // newest first: the booked one, then the late cancellation
    await late.getByRole('button', { name: /^Change/ }).click();
    expect(await late.getByRole('combobox').inputValue()).toBe('cancelled_late');
    await late.getByRole('combobox').selectOption({ label: 'No-show' });
    await late.getByRole('button', { name: 'Save' }).click();
    await textIn(page.getByRole('status').first(), '“No-show”');

    // The agreement moves on to the middle phase.
    await page.getByRole('form', { name: 'Frequency and phase' }).getByLabel('Phase').selectOption('middle');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await textIn(page.getByRole('status').first(), 'The course was updated.');
    await textIn(page.getByRole('article'), 'Middle');

    // Invite the client to the portal.
    await page.getByRole('button', { name: 'Create portal invitation' }).click();
    const link = page.getByLabel('Portal invitation link');
    await see(link);
    story.portalLink = await link.inputValue();
    expect(story.portalLink).toContain('/invite/');
    await screenshot(page, 'therapist-client');

    // Back on the caseload: the row shows the course and sessions; the filter and sorting work.
    await page.getByRole('link', { name: 'Caseload', exact: true }).first().click();
    await see(h1(page, 'Caseload'));
    const row = page.getByRole('row', { name: /Hannah Test/ });
    await textIn(row, 'Weekly · Middle');
    await textIn(row, 'No-show');
    await page.getByRole('button', { name: /^Attended/ }).click();
    await see(page.locator('th[aria-sort="ascending"]', { hasText: 'Attended' }));
    await page.getByLabel('Filter by name').fill('zzz');
    await textIn(page.getByRole('status').first(), 'Showing 0 of 1 clients');
    await page.getByLabel('Filter by name').fill('hann');
    await textIn(page.getByRole('status').first(), 'Showing 1 of 1 clients');
    await screenshot(page, 'caseload');
    expect(pageProblems(page)).toEqual([]);
    await context.close();
  });

  it('lets the client accept the invitation and see only their own course in the portal', async () => {
    const { context, page } = await newPage(t.browser, t.base, 'phone');
    await page.goto(story.portalLink);
    await see(h1(page, 'Join Test Practice'));
    await textIn(page.getByRole('main'), 'Your therapist has invited you');
    await page.getByLabel('What should we call you?').fill('Hannah');
    await page.getByLabel('Choose a password').fill('velvet harbour morning walk');
    await page.getByRole('button', { name: 'Create my account' }).click();
    await see(h1(page, 'Your account is ready'));
    await signIn(page, 'hannah@client.test', 'velvet harbour morning walk');
    await see(h1(page, /^Good (morning|afternoon|evening), Hannah$/));
    expect(page.url()).toBe(`${t.base}/portal`);
    await textIn(page.getByRole('main'), 'Your therapist is Theo Therapist.');
    await textIn(page.getByRole('main'), 'You meet once a week.');
    await textIn(page.getByRole('main'), 'You are in the middle of your work together.');
    const upcoming = page.getByRole('region', { name: 'Coming up' });
    await expect.poll(() => upcoming.getByRole('listitem').count()).toBe(1);
    const past = page.getByRole('region', { name: 'Your sessions so far' });
    await expect.poll(() => past.getByRole('listitem').count()).toBe(3);
    await textIn(past, 'Missed');
    await textIn(past, 'You met');
    await textIn(page.getByRole('complementary'), 'Samaritans');
    // Only their own things: no staff navigation, no staff pages.
    const nav = await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents();
    expect(nav).toEqual(['My therapy', 'Account']);
    await screenshot(page, 'portal-phone');
    await page.goto('/clients');
    await see(h1(page, 'Page not found'));
    // Changing the password signs out everywhere; the new one works.
    await page.getByRole('link', { name: 'Account' }).click();
    await page.getByLabel('Current password').fill('velvet harbour morning walk');
    await page.getByLabel('New password').fill('quiet orchard evening lamp');
    await page.getByRole('button', { name: 'Change password' }).click();
    await see(page.getByText('Your password has been changed'));
    await signIn(page, 'hannah@client.test', 'quiet orchard evening lamp');
    await see(h1(page, /Hannah$/));
    expect(pageProblems(page)).toEqual([]);
    await context.close();
  });

  it('shows the supervisor the supervisee’s client read-only', async () => {
    const { context, page } = await signedInPage(t, t.practice.emails.supervisor, PASSWORD);
    await see(h1(page, 'Clients'));
    expect(await page.getByRole('link', { name: 'Add a client' }).count()).toBe(0);
    await page.getByRole('link', { name: 'Hannah Test' }).click();
    await see(h1(page, 'Hannah Test'));
    await textIn(page.getByRole('main'), 'Read-only.');
    await see(page.getByRole('cell', { name: 'No-show' }));
    for (const name of ['Edit details', 'Record session', 'End course…', 'Create portal invitation', 'Save changes', 'Archive client']) {
      expect(await page.getByRole('button', { name }).count(), name).toBe(0);
    }
    expect(await page.getByRole('combobox').count()).toBe(0);
    await screenshot(page, 'supervisor-client');
    expect(pageProblems(page)).toEqual([]);

    // The other supervisor does not supervise Theo: the client is simply not there.
    const other = await signedInPage(t, t.practice.emails.otherSupervisor, PASSWORD);
    await see(other.page.getByText('No clients to show.'));
    await other.page.goto(`/clients/${story.clientId}`);
    await see(h1(other.page, 'Client not found'));
    await other.context.close();
    await context.close();
  });

  it('shows the therapist who has read the record, and ends a course', async () => {
    const { context, page } = await therapistPage(t, `/clients/${story.clientId}`);
    await see(h1(page, 'Hannah Test'));
    await page.getByRole('link', { name: 'Access report' }).click();
    await see(h1(page, 'Access report: Hannah Test'));
    const table = page.getByRole('table');
    await textIn(table, 'Sue Supervisor');
    await textIn(table, 'Hannah'); // the client read her own record
    await screenshot(page, 'access-report');

    await page.getByRole('link', { name: 'Hannah Test' }).click();
    await page.getByRole('button', { name: 'End course…' }).click();
    await page.getByLabel('Reason for ending').selectOption({ label: 'Planned ending' });
    await page.getByLabel('Last day').fill(dayFromToday(0));
    await page.getByRole('button', { name: 'End this course' }).click();
    await textIn(page.getByRole('status').first(), 'The course was ended.');
    await textIn(page.getByRole('article', { name: /^Course from/ }), 'Planned ending');
    await see(page.getByRole('button', { name: 'Open a new course…' })); // a new episode can begin
    await page.getByRole('button', { name: 'Archive client' }).click();
    await see(page.getByText('The client was archived.'));
    await see(page.getByRole('button', { name: 'Make active again' }));
    await page.getByRole('button', { name: 'Sign out' }).click();
    await see(h1(page, 'Sign in'));
    await page.goto(`/clients/${story.clientId}`);
    await see(h1(page, 'Sign in'));
    expect(pageProblems(page)).toEqual([]);
    await context.close();
  });

  it('names the client in the admin’s audit log, and filters to that client found by name or picked from a row', async () => {
    const { context, page } = await signedInPage(t, t.practice.emails.admin, PASSWORD, { path: '/admin/audit' });
    await see(h1(page, 'Audit log'));
    const table = page.getByRole('table');
    await textIn(table, 'Hannah Test');
    const clientCells = () => table.locator('tbody tr td:nth-child(4)').allTextContents();
    const onlyHannah = async () => {
      await textIn(table, 'course:write');
      const cells = await clientCells();
      expect(cells.length).toBeGreaterThan(3);
      for (const cell of cells) expect(cell).toBe(`Hannah Test${story.clientId}`);
    };
    // Found by part of her name, chosen from the matches (her therapist named beside her).
    await page.getByLabel('Find a client').fill('hann');
    const choice = page.getByLabel('Client', { exact: true });
    await choice.locator('option', { hasText: 'Hannah Test (' }).waitFor({ state: 'attached' });
    await choice.selectOption({ label: (await choice.locator('option', { hasText: 'Hannah Test (' }).textContent())! });
    await page.getByRole('button', { name: 'Apply filter' }).click();
    // The line names her as a row does, without her therapist.
    await see(page.getByText('Showing only the entries about Hannah Test.'));
    await onlyHannah();
    await screenshot(page, 'admin-audit-client');
    // Back to everyone, then her name in any row filters the same way.
    await page.getByRole('button', { name: 'Show every client' }).click();
    await see(table.getByRole('button', { name: 'Hannah Test' }).first());
    expect(await clientCells()).toContain('—');
    await table.getByRole('button', { name: 'Hannah Test' }).first().click();
    await see(page.getByText('Showing only the entries about Hannah Test.'));
    await onlyHannah();
    // A name nobody has says so.
    await page.getByLabel('Find a client').fill('zzzz nobody');
    await choice.locator('option', { hasText: 'No client has that name' }).waitFor({ state: 'attached' });
    expect(pageProblems(page)).toEqual([]);
    await context.close();
  });
});
