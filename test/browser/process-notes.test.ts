/**
 * Process notes in the browser (issue 11), from an empty record: the therapist writes a private
 * note from a session's page; opening it later asks for the password first (a wrong one is said so);
 * the therapist rewrites it, gives their supervisor a training grant for the client, and the
 * supervisor opens the note; once the grant is revoked the supervisor no longer sees it. Last, the
 * therapist downloads their own export of their notes, after the password again.
 * Screenshots go to test-artifacts/screenshots/.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { PASSWORD } from '../support/harness.ts';
import { pageProblems, screenshot, see, textIn } from './browser.ts';
import { practiceBrowser, signedInPage } from './flows.ts';
import { createClient, openCourse, recordSession } from '../../src/services/people/clients.ts';

let clientId = '';
let sessionId = '';

const t = practiceBrowser(async (world, practice) => {
  const c = await createClient(world.deps, practice.therapistId, { name: 'Robin Vale', contact: { email: null, phone: null, dateOfBirth: null } });
  clientId = c.id;
  const k = await openCourse(world.deps, c.id, { startedOn: new Date(Date.now() - 14 * 86_400_000).toISOString().slice(0, 10), frequency: 'weekly' });
  const s = await recordSession(world.deps, k.id, { startsAt: new Date(Date.now() - 2 * 86_400_000).toISOString(), durationMinutes: 50, status: 'attended' });
  sessionId = s.id;
});

const h1 = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name });
const NOTE = 'I felt pulled to reassure Robin when the silence came. Bring the urge to rescue to supervision.';

describe('process notes in the browser', () => {
  it('the author writes, opens after the password, rewrites and grants; the supervisor reads under the grant only', async () => {
    const theo = await signedInPage(t, t.practice.emails.therapist, PASSWORD, { path: `/clients/${clientId}` });
    const section = theo.page.getByRole('region', { name: 'Process notes' });
    await textIn(section, 'No process notes you can open on this client.');
    await theo.page.getByRole('link', { name: /^Process notes of the session on/ }).click();
    await see(h1(theo.page, /^Process notes — session of/));

    // 1. Write.
    await theo.page.getByRole('form', { name: 'Write a process note' }).getByLabel('Process note').fill(NOTE);
    await theo.page.getByRole('button', { name: 'Save process note' }).click();
    await textIn(theo.page.getByRole('status').first(), 'Your process note was saved.');
    const item = theo.page.getByRole('listitem', { name: /^Your note, written/ });
    await see(item);
    expect(await theo.page.getByText(NOTE).count()).toBe(0); // listed, never shown until opened

    // 2. Past the practice's five minutes, opening asks for the password.
    t.world.clock.advance(6);
    await item.getByRole('button', { name: 'Open note' }).click();
    const dialog = theo.page.getByRole('dialog', { name: 'Confirm it is you' });
    await see(dialog);
    await textIn(dialog, 'Process notes are private.');
    await textIn(dialog, 'recorded in the audit trail, without its content');
    await screenshot(theo.page, 'process-note-reauth-prompt');
    await dialog.getByLabel('Your password', { exact: true }).fill('not my password at all');
    await dialog.getByRole('button', { name: 'Confirm and continue' }).click();
    await textIn(dialog.getByRole('alert'), 'The password is not right.');
    expect(await theo.page.getByText(NOTE).count()).toBe(0);
    await dialog.getByLabel('Your password', { exact: true }).fill(PASSWORD);
    await dialog.getByRole('button', { name: 'Confirm and continue' }).click();
    await textIn(item.locator('.note-text'), NOTE);
    expect(await dialog.count()).toBe(0);
    await screenshot(theo.page, 'process-note-opened');

    // 3. Rewrite (the confirmation is still fresh).
    await item.getByRole('button', { name: 'Edit note' }).click();
    await item.getByLabel('Process note').fill(`${NOTE} Also: my own tiredness.`);
    await item.getByRole('button', { name: 'Save changes' }).click();
    await textIn(theo.page.getByRole('status').first(), 'Your process note was saved.');
    const [note] = await t.world.deps.store.listProcessNotes(clientId, [t.practice.therapistId]);
    expect(note?.updatedAt).not.toBe(note?.createdAt);
    const row = await t.world.deps.store.findProcessNote(note!.id);
    expect(row?.textEnc).not.toContain('tiredness'); // sealed at rest

    // 4. A training grant for Sue.
    await theo.page.getByRole('link', { name: 'Robin Vale' }).click();
    const notes = theo.page.getByRole('region', { name: 'Process notes' });
    await textIn(notes, 'your note, written');
    const grant = notes.getByRole('form', { name: 'Give a training grant' });
    await grant.getByLabel('Supervisor').selectOption({ label: 'Sue Supervisor' });
    await grant.getByRole('button', { name: 'Grant for supervision' }).click();
    await textIn(notes.getByRole('status').first(), 'Sue Supervisor may read your process notes on this client until');
    await textIn(notes, 'Sue Supervisor: may read until');
    await screenshot(theo.page, 'process-note-grant');
    expect(pageProblems(theo.page)).toEqual([]);

    // 5. Sue opens the note granted to her, and may not write one.
    const sue = await signedInPage(t, t.practice.emails.supervisor, PASSWORD, { path: `/clients/${clientId}` });
    const sueNotes = sue.page.getByRole('region', { name: 'Process notes' });
    await textIn(sueNotes, 'by Theo Therapist, granted to you for supervision');
    expect(await sueNotes.getByRole('form', { name: 'Give a training grant' }).count()).toBe(0);
    await sueNotes.getByRole('link', { name: /^Session of/ }).click();
    await see(h1(sue.page, /^Process notes — session of/));
    expect(await sue.page.getByRole('form', { name: 'Write a process note' }).count()).toBe(0);
    const granted = sue.page.getByRole('listitem', { name: /^Note by Theo Therapist/ });
    await granted.getByRole('button', { name: 'Open note' }).click();
    await textIn(granted.locator('.note-text'), 'my own tiredness');
    expect(await granted.getByRole('button', { name: 'Edit note' }).count()).toBe(0);
    await screenshot(sue.page, 'process-note-supervisor-reads');

    // 6. Theo revokes; Sue's list is empty again.
    await notes.getByRole('button', { name: 'Revoke grant of Sue Supervisor' }).click();
    await textIn(notes.getByRole('status').first(), 'Sue Supervisor can no longer read your process notes');
    await sue.page.goto(`/clients/${clientId}`);
    await textIn(sue.page.getByRole('region', { name: 'Process notes' }), 'No process notes you can open on this client.');
    await sue.page.goto(`/clients/${clientId}/sessions/${sessionId}/process-notes`);
    await textIn(sue.page.getByRole('region', { name: 'Notes on this session' }), 'No process notes you can open on this session.');
    expect(pageProblems(sue.page)).toEqual([]);
    await sue.context.close();

    // 7. Theo's own export, from his account page, after the password.
    t.world.clock.advance(6);
    await theo.page.goto('/account');
    const own = theo.page.getByRole('region', { name: 'Your process notes' });
    await own.getByRole('button', { name: 'Download my process notes' }).click();
    await see(dialog);
    await dialog.getByLabel('Your password', { exact: true }).fill(PASSWORD);
    const downloading = theo.page.waitForEvent('download');
    await dialog.getByRole('button', { name: 'Confirm and continue' }).click();
    const file = await downloading;
    expect(file.suggestedFilename()).toMatch(/^process-notes-\d{4}-\d{2}-\d{2}\.json$/);
    const exported = JSON.parse(readFileSync(await file.path(), 'utf8')) as { notes: { clientName: string; text: string }[] };
    expect(exported.notes).toEqual([expect.objectContaining({ clientName: 'Robin Vale', text: `${NOTE} Also: my own tiredness.` })]);
    await textIn(own.getByRole('status'), '1 process note downloaded.');
    await screenshot(theo.page, 'process-note-own-export');
    expect(pageProblems(theo.page)).toEqual([]);
    await theo.context.close();
  });
});
