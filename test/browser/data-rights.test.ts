/**
 * The client's own copy of their record in the portal (GDPR Art. 15 and 20), on a 390 px phone:
 * the "Your record" section, the readable page (which prints without its buttons), and the FHIR
 * download — each recorded in the audit trail.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PASSWORD } from '../support/harness.ts';
import { createClient, openCourse, recordSession, updateCourse } from '../../src/services/people/clients.ts';
import { acceptInvite, createInvite } from '../../src/services/accounts/users.ts';
import { submitResponse } from '../../src/services/measures/measures.ts';
import { writeProcessNote } from '../../src/services/process-notes/process-notes.ts';
import { practiceBrowser, signedInPage } from './flows.ts';
import { pageProblems, screenshot, see, textIn } from './browser.ts';

let clientId = '';
let oldId = '';
const t = practiceBrowser(async (world, practice) => {
  const deps = world.deps;
  const old = await createClient(deps, practice.therapistId, { name: 'Olive Oldrecord', contact: { email: null, phone: null, dateOfBirth: null } });
  oldId = old.id;
  const past = await openCourse(deps, old.id, { startedOn: '2016-01-04', frequency: 'weekly' });
  await recordSession(deps, past.id, { startsAt: '2016-01-04T10:00:00.000Z', durationMinutes: 50, status: 'attended' });
  await updateCourse(deps, past.id, { status: 'ended', endedOn: '2016-04-25', endReason: 'planned' });
  const c = await createClient(deps, practice.therapistId, {
    name: 'Casey Client',
    contact: { email: 'casey@example.org', phone: '07700 900123', dateOfBirth: null },
  });
  clientId = c.id;
  // Opened a week ago, so the session an hour ago falls inside the course at any hour (run just
  // after midnight UTC, a course opened 'today' began after it).
  const k = await openCourse(deps, c.id, { startedOn: new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10), frequency: 'weekly' });
  const s = await recordSession(deps, k.id, { startsAt: new Date(Date.now() - 3_600_000).toISOString(), durationMinutes: 50, status: 'attended' });
  const { token } = await createInvite(deps, practice.therapistId, { email: 'casey@example.org', roles: ['client'], clientId: c.id });
  const portal = await acceptInvite(deps, token, { displayName: 'Casey', password: PASSWORD });
  const answers = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`phq9_${i + 1}`, i === 8 ? 0 : 1]));
  await submitResponse(deps, c.id, { userId: portal.id, as: 'client' }, { instrumentCode: 'phq9', answers });
  await writeProcessNote(deps, practice.therapistId, s.id, 'Private reaction kept from every export.');
});

describe('the client’s own copy of their record', () => {
  it('reads it on a phone, prints it without buttons, downloads it as FHIR; each is audited', async () => {
    const { page, context } = await signedInPage(t, 'casey@example.org', PASSWORD, { path: '/portal', viewport: 'phone' });
    const section = page.getByRole('region', { name: 'Your record' });
    await see(section);
    await section.getByRole('link', { name: 'Read your record' }).click();
    await see(page.getByRole('heading', { level: 1, name: 'Your record' }));
    await textIn(page.getByRole('heading', { name: /Questionnaires you answered/ }), '(1)');
    await textIn(page.getByRole('table').nth(1), 'PHQ-9');
    await textIn(page.getByRole('heading', { name: /Who opened or changed your record/ }), 'Who');
    expect(await page.content()).not.toContain('Private reaction');
    // Fits the phone: nothing wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'data-rights-record-phone');

    // On paper: no breadcrumb, no buttons.
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('button', { name: 'Print' }).isVisible()).toBe(false);
    expect(await page.getByRole('navigation', { name: 'Breadcrumb' }).isVisible()).toBe(false);
    await screenshot(page, 'data-rights-record-print');
    await page.emulateMedia({ media: 'screen' });

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download (FHIR file)' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^accord-record-\d{4}-\d{2}-\d{2}\.json$/);
    const bundle = JSON.parse(readFileSync((await download.path())!, 'utf8')) as { resourceType: string; entry: { resource: { resourceType: string } }[] };
    expect(bundle.resourceType).toBe('Bundle');
    expect(bundle.entry.some((e) => e.resource.resourceType === 'QuestionnaireResponse')).toBe(true);
    expect(JSON.stringify(bundle)).not.toContain('Private reaction');
    expect(pageProblems(page)).toEqual([]);
    await context.close();

    await t.world.deps.audit.settle();
    const actions = (await t.world.deps.audit.list({ clientId, limit: 200 })).map((e) => e.action);
    expect(actions).toContain('export:record');
    expect(actions).toContain('export:fhir');
  });

  it('the therapist downloads the client’s scores as CSV from the client page', async () => {
    const { page, context } = await signedInPage(t, t.practice.emails.therapist, PASSWORD, { path: `/clients/${clientId}` });
    await see(page.getByRole('heading', { level: 1, name: 'Casey Client' }));
    await page.getByText('Export & import', { exact: true }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Scores (CSV)' }).click()]);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.split('\r\n')[0]).toMatch(/^client_id,client_name,course_id,session_id,response_id,instrument/);
    expect(csv).toContain(',phq9,1,');
    await screenshot(page, 'data-rights-export-menu');
    expect(pageProblems(page)).toEqual([]);
    await context.close();
  });

  it('the therapist checks a file of past courses, sees its problems by line, then imports a good one', async () => {
    const { page, context } = await signedInPage(t, t.practice.emails.therapist, PASSWORD);
    await page.getByRole('link', { name: 'Import' }).click();
    await see(page.getByRole('heading', { level: 1, name: 'Import records' }));
    const layout = (status: string) => ({
      format: 'accord-courses/1',
      clients: [
        {
          name: 'Imogen Imported',
          courses: [
            {
              startedOn: '2025-09-01',
              endedOn: '2025-12-15',
              frequency: 'weekly',
              phase: 'termination',
              status: 'ended',
              endReason: 'planned',
              sessions: [{ id: 's1', startsAt: '2025-09-01T09:00:00Z', durationMinutes: 50, status }],
              responses: [
                {
                  instrument: 'phq9',
                  completedAt: '2025-09-01T09:55:00Z',
                  session: 's1',
                  answers: Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`phq9_${i + 1}`, i === 8 ? 0 : 2])),
                },
              ],
              goals: [{ text: 'Sleep through most nights', focus: 'symptom_relief', author: 'client', proposedAt: '2025-09-01T09:40:00Z', state: 'proposed' }],
            },
          ],
        },
      ],
    });
    const file = page.getByLabel('File (JSON)');
    await file.setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(layout('went well'), null, 2)) });
    await page.getByRole('button', { name: 'Check the file' }).click();
    const problems = page.getByRole('table', { name: 'Problems in the file' });
    await textIn(problems, 'unknown session status "went well"');
    await textIn(problems, '(clients[0].courses[0].sessions[0])');
    expect(await page.getByRole('button', { name: 'Import' }).isDisabled()).toBe(true);
    await screenshot(page, 'data-rights-import-problems');

    await file.setInputFiles({ name: 'good.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(layout('attended'))) });
    await page.getByRole('button', { name: 'Check the file' }).click();
    await textIn(page.getByRole('region', { name: 'What the file holds' }), 'No problems: it can be imported.');
    await page.getByRole('button', { name: 'Import' }).click();
    await textIn(page.getByRole('status').first(), 'Imported: 1 clients, 1 answers, 1 goals.');
    await page.getByRole('link', { name: 'Caseload' }).first().click();
    await see(page.getByRole('link', { name: 'Imogen Imported' }));
    expect(pageProblems(page)).toEqual([]);
    await context.close();
  });

  it('the admin sets the retention period, holds an old record, releases it and erases it', async () => {
    const { page, context } = await signedInPage(t, t.practice.emails.admin, PASSWORD, { path: '/admin/practice' });
    const retention = page.getByRole('form', { name: 'Retention of records' });
    await see(retention);
    await retention.getByLabel('Years after the last contact').fill('8');
    await retention.getByRole('button', { name: 'Save' }).click();
    await textIn(retention.getByRole('status'), 'Records are kept 8 years after the last contact.');

    await page.goto(`/clients/${oldId}`);
    const panel = page.getByRole('region', { name: 'Retention and erasure' });
    await textIn(panel, 'The record may be erased.');
    await panel.getByLabel('Reason for a hold').fill('Complaint under review');
    await panel.getByRole('button', { name: 'Place a hold' }).click();
    await textIn(panel, 'under a hold');
    expect(await panel.getByRole('button', { name: 'Erase the record' }).count()).toBe(0);
    await screenshot(page, 'data-rights-hold');
    await panel.getByRole('button', { name: 'Release' }).click();
    await textIn(panel, 'The hold was released.');
    await panel.getByRole('button', { name: 'Erase the record' }).click();
    await textIn(panel.getByRole('alert'), 'Confirm that the erasure cannot be undone.');
    await panel.getByLabel(/cannot be undone/).check();
    await panel.getByRole('button', { name: 'Erase the record' }).click();
    await page.waitForURL(/\/clients$/);
    expect(await t.world.deps.store.findClientKey(oldId)).toBeUndefined();
    expect(pageProblems(page)).toEqual([]);
    await context.close();
  });
});
