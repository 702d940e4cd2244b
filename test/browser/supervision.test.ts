/**
 * Supervision in the browser (issue 15), from a practice with staff but no clinical records: the
 * admin assigns Sid as Olga's supervisor; Olga adds a client and opens a course; Sid opens his
 * overview (Supervisees), drills down to Olga's caseload and writes a supervision note about the
 * client's course; Olga finds it under Supervision notes, reads it, replies and acknowledges; Sid
 * reads the reply, amends the words (Olga sees the earlier words and acknowledges again) and at last
 * withdraws the note. The admin, who is neither, finds no door to the note.
 * Screenshots go to test-artifacts/screenshots/.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { PASSWORD } from '../support/harness.ts';
import { pageProblems, screenshot, see, textIn } from './browser.ts';
import { addClientAndOpenCourse, practiceBrowser, signedInPage } from './flows.ts';

const t = practiceBrowser();
const h1 = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name });
const NOTE = 'Jun agreed to a working alliance about the exam, but keeps asking you to make the panic stop. Name that hope with him before the review.';
const REPLY = 'Yes — I will ask him what would make the sessions worthwhile even if the panic stays a while.';

describe('supervision in the browser', () => {
  let noteUrl = '';

  it('the admin assigns a supervisor; the supervisee adds a client', async () => {
    const admin = await signedInPage(t, t.practice.emails.admin, PASSWORD);
    await admin.page.getByRole('link', { name: 'Supervision' }).click();
    await see(h1(admin.page, 'Supervision'));
    await admin.page.getByLabel('Supervisor', { exact: true }).selectOption({ label: 'Sid Elsewhere' });
    await admin.page.getByLabel('Therapist', { exact: true }).selectOption({ label: 'Olga Other' });
    await admin.page.getByRole('button', { name: 'Assign' }).click();
    await textIn(admin.page.getByRole('status').first(), 'Sid Elsewhere now supervises Olga Other.');
    await admin.context.close();

    const olga = await signedInPage(t, t.practice.emails.otherTherapist, PASSWORD, { path: '/clients' });
    await addClientAndOpenCourse(olga.page, { name: 'Jun Ito', email: 'jun@example.org' });
    expect(pageProblems(olga.page)).toEqual([]);
    await olga.context.close();
  });

  it('the supervisor opens the overview, drills down and writes a note about the course', async () => {
    const { context, page } = await signedInPage(t, t.practice.emails.otherSupervisor, PASSWORD);
    await page.getByRole('link', { name: 'Supervisees' }).click();
    await see(h1(page, 'Supervisees'));
    const card = page.getByRole('region', { name: 'Olga Other' });
    await see(card);
    await textIn(card, 'Open courses');
    await textIn(card, 'No open alerts.');
    await see(card.getByRole('table', { name: 'Alliances of open courses' }));
    await screenshot(page, 'supervision-overview');

    await card.getByRole('link', { name: 'Open Olga Other’s caseload' }).click();
    await see(h1(page, 'Olga Other — supervision'));
    const clients = page.getByRole('table', { name: /Olga Other’s clients/ });
    await see(clients.getByRole('row', { name: /Jun Ito/ }));
    await textIn(clients, 'None agreed');

    const form = page.getByRole('form', { name: 'Write a supervision note to Olga Other' });
    await form.getByLabel('Focus').selectOption({ label: 'A magical alliance persisting' });
    await form.getByLabel('Alliance at issue').selectOption({ label: 'Magical' });
    await form.getByLabel('About a course').selectOption({ label: 'Jun Ito’s course' });
    await form.getByLabel('Note', { exact: true }).fill(NOTE);
    await screenshot(page, 'supervision-supervisee');
    await form.getByRole('button', { name: 'Save supervision note' }).click();
    await see(h1(page, 'A magical alliance persisting'));
    await textIn(page.locator('.supervision-note'), NOTE);
    await textIn(page.locator('.supervision-note'), 'Not yet acknowledged by Olga Other.');
    noteUrl = new URL(page.url()).pathname;
    // Sealed at rest.
    const [row] = await t.world.deps.store.listSupervisionNotes({ superviseeIds: [t.practice.otherTherapistId] });
    expect((await t.world.deps.store.findSupervisionNote(row!.id))?.bodyEnc).not.toContain('panic');
    expect(pageProblems(page)).toEqual([]);
    await context.close();
  });

  it('the supervisee reads the note, replies and acknowledges; the supervisor sees the reply', async () => {
    const olga = await signedInPage(t, t.practice.emails.otherTherapist, PASSWORD);
    await olga.page.getByRole('link', { name: 'Supervision notes' }).click();
    await see(h1(olga.page, 'Supervision notes'));
    await textIn(olga.page.locator('.supervision-note-list'), 'From Sid Elsewhere · about Jun Ito');
    await textIn(olga.page.locator('.supervision-note-list'), 'not yet acknowledged');
    expect(await olga.page.getByText(NOTE).count()).toBe(0); // listed, never the words
    await olga.page.getByRole('link', { name: 'A magical alliance persisting' }).click();
    await textIn(olga.page.locator('.supervision-note'), NOTE);
    await olga.page.getByLabel('Your reply').fill(REPLY);
    await olga.page.getByRole('button', { name: 'Add reply' }).click();
    await textIn(olga.page.getByRole('status').first(), 'Your reply was added.');
    await olga.page.getByRole('button', { name: 'Acknowledge' }).click();
    await textIn(olga.page.getByRole('status').first(), 'Marked as read.');
    await textIn(olga.page.locator('.supervision-note'), 'Acknowledged by Olga Other');
    await textIn(olga.page.locator('.supervision-thread'), REPLY);
    await screenshot(olga.page, 'supervision-note-supervisee');
    expect(pageProblems(olga.page)).toEqual([]);
    await olga.context.close();

    const sid = await signedInPage(t, t.practice.emails.otherSupervisor, PASSWORD, { path: noteUrl });
    await textIn(sid.page.locator('.supervision-thread'), REPLY);
    expect(await sid.page.getByRole('button', { name: 'Acknowledge' }).count()).toBe(0);
    await sid.page.goto('/supervision');
    await textIn(sid.page.getByRole('region', { name: 'Olga Other' }), '1 supervision note, 0 not yet acknowledged');
    await sid.context.close();
  });

  it('the supervisor amends the words; the supervisee sees the earlier ones and acknowledges again; then it is withdrawn', async () => {
    const AMENDED = `${NOTE} Also ask what he would do with the time if the panic stopped.`;
    const sid = await signedInPage(t, t.practice.emails.otherSupervisor, PASSWORD, { path: noteUrl });
    await sid.page.getByRole('button', { name: 'Amend the words' }).click();
    await sid.page.getByLabel('The note’s words').fill(AMENDED);
    await sid.page.getByRole('button', { name: 'Save the amended words' }).click();
    await textIn(sid.page.getByRole('status').first(), 'Amended.');
    await textIn(sid.page.locator('.supervision-note .note-text').first(), 'what he would do with the time');
    await textIn(sid.page.locator('.supervision-note'), 'Not yet acknowledged by Olga Other.');
    await sid.context.close();

    const olga = await signedInPage(t, t.practice.emails.otherTherapist, PASSWORD, { path: noteUrl });
    await textIn(olga.page.locator('.supervision-note'), 'Amended on');
    await olga.page.getByText('Earlier words (1)').click();
    await textIn(olga.page.locator('.note-earlier'), NOTE);
    expect(await olga.page.getByRole('button', { name: 'Amend the words' }).count()).toBe(0);
    await olga.page.getByRole('button', { name: 'Acknowledge' }).click();
    await textIn(olga.page.getByRole('status').first(), 'Marked as read.');
    await screenshot(olga.page, 'supervision-note-amended');
    await olga.context.close();

    const again = await signedInPage(t, t.practice.emails.otherSupervisor, PASSWORD, { path: noteUrl });
    await again.page.getByRole('button', { name: 'Withdraw the note' }).click();
    await again.page.getByLabel('Why').selectOption({ label: 'Talked through in supervision; nothing left to act on' });
    await again.page.getByRole('button', { name: 'Withdraw', exact: true }).click();
    await textIn(again.page.getByRole('status').first(), 'Withdrawn.');
    await textIn(again.page.locator('.note-withdrawn'), 'Talked through in supervision');
    expect(await again.page.getByLabel('Your reply').count()).toBe(0);
    expect(await again.page.getByRole('button', { name: 'Amend the words' }).count()).toBe(0);
    await screenshot(again.page, 'supervision-note-withdrawn');
    expect(pageProblems(again.page)).toEqual([]);
    await again.context.close();
  });

  it('the admin has no door to the note', async () => {
    const admin = await signedInPage(t, t.practice.emails.admin, PASSWORD, { path: noteUrl });
    await see(h1(admin.page, /not found/i));
    expect(await admin.page.getByText(NOTE).count()).toBe(0);
    await admin.context.close();
  });
});
