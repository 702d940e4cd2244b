/**
 * Process notes over HTTP (issue 11), through the real app with every answer checked against the
 * contract: the author writes and opens after a recent re-authentication; bad input and refusals
 * change nothing; a supervisor reads only under a holding training grant given by the author; and
 * a canary note's text is found nowhere but in its author's own opening — not in any other answer
 * to any caller, not in the logs, the audit trail, the backup or the database files.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Agent, Practice, TestWorld } from '../../../test/support/harness.ts';
import { PASSWORD, makeWorld, seedPractice, signInAgent } from '../../../test/support/harness.ts';
import { contractChecked } from '../../../test/support/contract-check.ts';
import { errorOf } from '../../../test/support/cast.ts';
import { buildApp, routeTable } from '../app.ts';
import { createClient, openCourse, recordSession } from '../../services/people/clients.ts';
import { acceptInvite, createInvite } from '../../services/accounts/users.ts';
import { createBackup, readBackup } from '../../services/operations/backup.ts';
import { PROCESS_NOTE_MAX_CHARS } from '../../domain/process-notes/process-note.ts';
import { base32Decode, hotp, totpStep } from '../../domain/totp.ts';

let world: TestWorld;
let app: FastifyInstance;
let p: Practice;
const logs: string[] = [];
let ids: { client: string; course: string; session: string };
let agents: Record<'therapist' | 'supervisor' | 'otherSupervisor' | 'otherTherapist' | 'admin' | 'client', Agent>;

beforeAll(async () => {
  world = await makeWorld({ onDisk: true });
  // The app logs as in production (info and up), into memory so the canary can search it.
  app = contractChecked(
    await buildApp({
      deps: world.deps,
      secureCookies: false,
      logger: { level: 'trace', stream: { write: (line: string) => logs.push(line) } },
      version: 'test',
    }),
  );
  p = await seedPractice(world.deps);
  const c = await createClient(world.deps, p.therapistId, { name: 'Casey Client', contact: { email: 'casey@example.org', phone: null, dateOfBirth: null } });
  const k = await openCourse(world.deps, c.id, { startedOn: '2026-01-05', frequency: 'weekly' });
  const s = await recordSession(world.deps, k.id, { startsAt: '2026-03-02T08:00:00.000Z', durationMinutes: 50, status: 'attended' });
  ids = { client: c.id, course: k.id, session: s.id };
  const { token } = await createInvite(world.deps, p.therapistId, { email: 'casey@example.org', roles: ['client'], clientId: c.id });
  await acceptInvite(world.deps, token, { displayName: 'Casey', password: PASSWORD });
  agents = {} as typeof agents;
  await reauthAll();
});
afterAll(async () => {
  await app?.close();
  await world?.close();
});

const notesUrl = () => `/api/sessions/${ids.session}/process-notes`;
const noteUrl = (id: string) => `${notesUrl()}/${id}`;
const grantsUrl = () => `/api/clients/${ids.client}/process-note-grants`;
const days = (n: number) => new Date(world.deps.clock.now().getTime() + n * 86_400_000).toISOString();
const code = (res: LightMyRequestResponse) => errorOf(res)?.code;
async function write(text: string): Promise<string> {
  const res = await agents.therapist.req('POST', notesUrl(), { text });
  expect(res.statusCode, res.body).toBe(201);
  return (res.json() as { id: string }).id;
}
const noteRows = async () => {
  let n = 0;
  for await (const page of world.deps.store.dumpTable('process_notes')) n += page.length;
  return n;
};
const grantRows = async () => {
  let n = 0;
  for await (const page of world.deps.store.dumpTable('process_note_grants')) n += page.length;
  return n;
};
const EMAILS = () => ({
  therapist: p.emails.therapist,
  supervisor: p.emails.supervisor,
  otherSupervisor: p.emails.otherSupervisor,
  otherTherapist: p.emails.otherTherapist,
  admin: p.emails.admin,
  client: 'casey@example.org',
});
/** Everyone signs in afresh, which counts as a recent authentication (the clock moves in these tests). */
async function reauthAll() {
  for (const [who, email] of Object.entries(EMAILS())) agents[who as keyof typeof agents] = await signInAgent(app, email);
}

describe('the author writes and opens a process note', () => {
  it('writes a note whose answer carries no text; opens it after a recent re-authentication, every opening audited without content', async () => {
    await reauthAll();
    const text = 'Noticed I wanted to rescue her; bring to supervision.';
    const res = await agents.therapist.req('POST', notesUrl(), { text });
    expect(res.statusCode).toBe(201);
    expect(res.body).not.toContain('rescue');
    const id = (res.json() as { id: string }).id;

    const opened = await agents.therapist.req('GET', noteUrl(id));
    expect(opened.statusCode).toBe(200);
    expect(opened.json()).toMatchObject({ id, text, mine: true, authorName: 'Theo Therapist', sessionId: ids.session });

    // Past the practice's window (5 minutes by default): a clear 401 the web app answers with the password prompt.
    world.clock.advance(6);
    const stale = await agents.therapist.req('GET', noteUrl(id));
    expect(stale.statusCode).toBe(401);
    expect(code(stale)).toBe('reauth_required');
    expect(stale.body).not.toContain('rescue');
    expect(code(await agents.therapist.req('POST', '/api/session/reauth', { password: 'not my password at all' }))).toBe('unauthenticated');
    expect((await agents.therapist.req('GET', noteUrl(id))).statusCode).toBe(401);
    expect((await agents.therapist.req('POST', '/api/session/reauth', { password: PASSWORD })).statusCode).toBe(200);
    expect((await agents.therapist.req('GET', noteUrl(id))).json()).toMatchObject({ text });

    await world.deps.audit.settle();
    const events = (await world.deps.audit.list({ clientId: ids.client, limit: 500 })).filter((e) => e.action === 'process-notes:open');
    expect(events.map((e) => [e.outcome, e.resourceId, e.actorId, e.detail])).toEqual(
      [
        ['ok', id, p.therapistId, null],
        ['denied', id, p.therapistId, 'reauth_required'],
        ['denied', id, p.therapistId, 'reauth_required'],
        ['ok', id, p.therapistId, null],
      ].reverse(),
    );
  });

  it('follows the practice’s setting for how recent the re-authentication must be', async () => {
    const id = await write('Short window check.');
    expect((await agents.admin.req('PATCH', '/api/practice', { processNoteReauthMinutes: 1 })).statusCode).toBe(200);
    try {
      world.clock.advance(2);
      expect(code(await agents.therapist.req('GET', noteUrl(id)))).toBe('reauth_required');
      expect((await agents.admin.req('GET', '/api/practice')).json()).toMatchObject({ processNoteReauthMinutes: 1 });
    } finally {
      await agents.admin.req('PATCH', '/api/practice', { processNoteReauthMinutes: 5 });
    }
    await reauthAll();
  });

  it('rewrites the author’s own note; a stale session is asked to re-authenticate first and nothing changes', async () => {
    await reauthAll();
    const id = await write('First thoughts.');
    const put = await agents.therapist.req('PUT', noteUrl(id), { text: 'Second thoughts.' });
    expect(put.statusCode).toBe(200);
    expect(put.body).not.toContain('Second thoughts');
    world.clock.advance(6);
    expect(code(await agents.therapist.req('PUT', noteUrl(id), { text: 'Third thoughts.' }))).toBe('reauth_required');
    await reauthAll();
    expect((await agents.therapist.req('GET', noteUrl(id))).json()).toMatchObject({ text: 'Second thoughts.' });
  });

  it('refuses empty and over-long texts with a clear message, writing nothing', async () => {
    await reauthAll();
    const before = await noteRows();
    const long = await agents.therapist.req('POST', notesUrl(), { text: 'x'.repeat(PROCESS_NOTE_MAX_CHARS + 1) });
    expect(long.statusCode).toBe(400);
    expect(errorOf(long)?.message).toContain('at most 20,000 characters');
    expect(code(await agents.therapist.req('POST', notesUrl(), { text: '   ' }))).toBe('invalid_input');
    expect(code(await agents.therapist.req('POST', notesUrl(), { text: 'y'.repeat(PROCESS_NOTE_MAX_CHARS * 2 + 1) }))).toBe('invalid_input');
    expect(await noteRows()).toBe(before);
    const id = await write('Kept as it is.');
    expect(code(await agents.therapist.req('PUT', noteUrl(id), { text: 'z'.repeat(PROCESS_NOTE_MAX_CHARS + 1) }))).toBe('invalid_input');
    expect((await agents.therapist.req('GET', noteUrl(id))).json()).toMatchObject({ text: 'Kept as it is.' });
  });

  it('answers a note on another session, or a missing one, exactly like one out of reach', async () => {
    const id = await write('Elsewhere.');
    const s2 = await recordSession(world.deps, ids.course, { startsAt: '2026-02-23T08:00:00.000Z', durationMinutes: 50, status: 'attended' });
    const wrongSession = await agents.therapist.req('GET', `/api/sessions/${s2.id}/process-notes/${id}`);
    const missing = await agents.therapist.req('GET', noteUrl('00000000-0000-4000-8000-000000000000'));
    const outOfReach = await agents.admin.req('GET', noteUrl(id));
    for (const r of [wrongSession, missing, outOfReach]) {
      expect(r.statusCode).toBe(404);
      expect(r.json()).toEqual(outOfReach.json());
    }
  });
});

describe('a supervisor reads under the author’s training grant only', () => {
  it('is refused before a grant, reads while it holds, and not once it is revoked or expired', async () => {
    await reauthAll();
    const id = await write('Countertransference: my mother again.');
    expect((await agents.supervisor.req('GET', noteUrl(id))).statusCode).toBe(404);
    expect(((await agents.supervisor.req('GET', `/api/clients/${ids.client}/process-notes`)).json() as { notes: unknown[] }).notes).toEqual([]);

    const g = await agents.therapist.req('POST', grantsUrl(), { granteeId: p.supervisorId, expiresAt: days(7) });
    expect(g.statusCode).toBe(201);
    const grant = g.json() as { id: string; holds: boolean };
    expect(grant.holds).toBe(true);
    const listed = (await agents.supervisor.req('GET', `/api/clients/${ids.client}/process-notes`)).json() as { notes: { id: string; mine: boolean }[] };
    expect(listed.notes.find((n) => n.id === id)).toMatchObject({ mine: false });
    expect((await agents.supervisor.req('GET', noteUrl(id))).json()).toMatchObject({ text: 'Countertransference: my mother again.', mine: false });
    // A grant lets her read, never rewrite.
    expect((await agents.supervisor.req('PUT', noteUrl(id), { text: 'Changed by the supervisor.' })).statusCode).toBe(403);
    // …and she too confirms it is her after a while.
    world.clock.advance(6);
    expect(code(await agents.supervisor.req('GET', noteUrl(id)))).toBe('reauth_required');
    await reauthAll();

    const revoked = await agents.therapist.req('DELETE', `${grantsUrl()}/${grant.id}`);
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json()).toMatchObject({ holds: false });
    expect((await agents.supervisor.req('GET', noteUrl(id))).statusCode).toBe(404);
    expect(code(await agents.therapist.req('DELETE', `${grantsUrl()}/${grant.id}`))).toBe('conflict');

    // A one-day grant, then two days later.
    const short = await agents.therapist.req('POST', grantsUrl(), { granteeId: p.supervisorId, expiresAt: days(1) });
    expect(short.statusCode).toBe(201);
    expect((await agents.supervisor.req('GET', noteUrl(id))).statusCode).toBe(200);
    world.clock.set(days(2));
    await reauthAll();
    expect((await agents.supervisor.req('GET', noteUrl(id))).statusCode).toBe(404);
    const mine = (await agents.therapist.req('GET', `/api/clients/${ids.client}/process-notes`)).json() as {
      grants: { holds: boolean; revokedAt: string | null }[];
      supervisors: { id: string; name: string }[];
    };
    expect(mine.grants.map((x) => [x.holds, x.revokedAt !== null])).toEqual([
      [false, false],
      [false, true],
    ]);
    expect(mine.supervisors).toEqual([{ id: p.supervisorId, name: 'Sue Supervisor' }]);

    await world.deps.audit.settle();
    const trail = (await world.deps.audit.list({ clientId: ids.client, limit: 1000 })).filter((e) => e.action === 'process-notes:grant');
    expect(trail.map((e) => e.detail).reverse()).toEqual([
      `grantee:${p.supervisorId} until:${(g.json() as { expiresAt: string }).expiresAt}`,
      `grantee:${p.supervisorId} revoked`,
      'conflict',
      `grantee:${p.supervisorId} until:${(short.json() as { expiresAt: string }).expiresAt}`,
    ]);
  });

  it('refuses grants to someone who does not supervise the author, to oneself, and already expired ones; nothing is written', async () => {
    const before = await grantRows();
    for (const [granteeId, expiresAt, reason] of [
      [p.otherSupervisorId, days(7), 'not_a_supervisor'],
      [p.otherTherapistId, days(7), 'not_a_supervisor'],
      [p.adminId, days(7), 'not_a_supervisor'],
      [p.therapistId, days(7), 'self'],
      [p.supervisorId, days(-1), 'expired'],
      [p.supervisorId, days(91), 'too_long'],
    ] as const) {
      const res = await agents.therapist.req('POST', grantsUrl(), { granteeId, expiresAt });
      expect(res.statusCode, reason).toBe(400);
      expect((res.json() as { error: { details: { reason: string } } }).error.details.reason).toBe(reason);
    }
    const msg = errorOf(await agents.therapist.req('POST', grantsUrl(), { granteeId: p.otherSupervisorId, expiresAt: days(7) }))?.message;
    expect(msg).toBe('Process notes can only be granted to one of your supervisors.');
    expect(await grantRows()).toBe(before);
    // Only the author gives or revokes; the supervisor is told so, the rest find nothing.
    expect((await agents.supervisor.req('POST', grantsUrl(), { granteeId: p.supervisorId, expiresAt: days(7) })).statusCode).toBe(403);
    for (const who of ['admin', 'client', 'otherTherapist', 'otherSupervisor'] as const)
      expect((await agents[who].req('POST', grantsUrl(), { granteeId: p.supervisorId, expiresAt: days(7) })).statusCode, who).toBe(404);
  });
});

describe('the canary: a process note’s text is found nowhere but in its author’s opening', () => {
  const canary = `canary${randomBytes(6).toString('hex')}`;
  let noteId: string;
  const found: string[] = [];

  beforeAll(async () => {
    await reauthAll();
    noteId = await write(`The ${canary} feeling came back when she spoke of leaving.`);
    // Sue supervises Theo, but no grant of his holds for her now.
    const { grants } = (await agents.therapist.req('GET', `/api/clients/${ids.client}/process-notes`)).json() as { grants: { id: string; holds: boolean }[] };
    for (const g of grants.filter((x) => x.holds)) expect((await agents.therapist.req('DELETE', `${grantsUrl()}/${g.id}`)).statusCode).toBe(200);
  });

  it('the author’s own opening shows it', async () => {
    expect((await agents.therapist.req('GET', noteUrl(noteId))).body).toContain(canary);
  });

  it('is in no other answer of any GET route, to any caller (exports, access reports and the caseload included)', async () => {
    const params: Record<string, string> = {
      clientId: ids.client,
      courseId: ids.course,
      sessionId: ids.session,
      noteId,
      userId: p.therapistId,
      therapistId: p.therapistId,
      supervisorId: p.supervisorId,
      code: 'phq9',
    };
    const gets = routeTable(false).filter((r) => r.method === 'GET');
    let walked = 0;
    for (const r of gets) {
      const url = r.url.replace(/:(\w+)/g, (_: string, n: string) => params[n] ?? '00000000-0000-4000-8000-000000000000');
      for (const [who, agent] of Object.entries(agents)) {
        const res = await agent.req('GET', url);
        walked++;
        const own = who === 'therapist' && (r.url === '/api/sessions/:sessionId/process-notes/:noteId' || r.url === '/api/me/process-notes');
        if (!own && res.body.includes(canary)) found.push(`${who} GET ${url}`);
      }
    }
    expect(walked).toBeGreaterThan(200);
    expect(found).toEqual([]);
  });

  it('is not in the logs, the audit trail or the backup (which carries the note sealed)', async () => {
    expect(logs.length).toBeGreaterThan(10);
    expect(logs.filter((l) => l.includes(canary))).toEqual([]);
    await world.deps.audit.settle();
    const trail = JSON.stringify(await world.deps.audit.list({ limit: 100_000 }));
    expect(trail).toContain(noteId);
    expect(trail).not.toContain(canary);
    const backup = await readBackup(world.deps.vault, (await createBackup(world.deps)).data);
    expect(backup.ok).toBe(true);
    const all = JSON.stringify(backup);
    expect(all).not.toContain(canary);
  });

  it('is not in the database: only ciphertext at rest', async () => {
    const row = await world.deps.store.findProcessNote(noteId);
    expect(row?.textEnc).toBeTruthy();
    expect(row?.textEnc).not.toContain(canary);
    if (world.dialect === 'sqlite') {
      const files = ['accord.db', 'accord.db-wal'].map((f) => join(world.dataDir, f)).filter((f) => existsSync(f));
      expect(files.length).toBeGreaterThan(0);
      for (const f of files) expect(readFileSync(f).includes(Buffer.from(canary)), f).toBe(false);
      // The sealed text is there (in the file or still in the write-ahead log): the search reads what is stored.
      expect(files.some((f) => readFileSync(f).includes(Buffer.from(row!.textEnc.slice(-40))))).toBe(true);
    } else {
      const c = new pg.Client({ connectionString: world.databaseUrl });
      await c.connect();
      try {
        const tables = await c.query<{ name: string }>(
          `select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`,
        );
        let dump = '';
        for (const { name } of tables.rows)
          dump += (await c.query<{ row: string }>(`select t::text as row from "${name}" t`)).rows.map((r) => r.row).join('\n');
        expect(dump).toContain(row!.textEnc.slice(0, 40));
        expect(dump).not.toContain(canary);
      } finally {
        await c.end();
      }
    }
  });
});

describe('the author’s own export', () => {
  it('carries every note on their current clients with its text, after a recent re-authentication, audited per client', async () => {
    await reauthAll();
    const id = await write('For my own export.');
    const res = await agents.therapist.req('GET', '/api/me/process-notes');
    expect(res.statusCode).toBe(200);
    const body = res.json() as { authorName: string; notes: { id: string; clientName: string; text: string }[] };
    expect(body.authorName).toBe('Theo Therapist');
    expect(body.notes.find((n) => n.id === id)).toMatchObject({ clientName: 'Casey Client', text: 'For my own export.' });
    // Another therapist's export holds none of Theo's notes; a stale session is asked to confirm first.
    expect(((await agents.otherTherapist.req('GET', '/api/me/process-notes')).json() as { notes: unknown[] }).notes).toEqual([]);
    expect((await agents.supervisor.req('GET', '/api/me/process-notes')).statusCode).toBe(403);
    world.clock.advance(6);
    expect(code(await agents.therapist.req('GET', '/api/me/process-notes'))).toBe('reauth_required');
    await world.deps.audit.settle();
    const events = (await world.deps.audit.list({ actorId: p.therapistId, limit: 50 })).filter((e) => e.action === 'process-notes:export').slice(0, 2);
    expect(events.map((e) => [e.outcome, e.clientId ?? null, e.detail?.startsWith('own export') || e.detail === 'reauth_required'])).toEqual([
      ['denied', null, true],
      ['ok', ids.client, true],
    ]);
  });
});

describe('an author with a second factor', () => {
  it('re-authenticates with the password and the current code, not the password alone', async () => {
    await reauthAll();
    const id = await write('Second factor check.');
    // Theo sets up an authenticator app; his session is replaced by the verified one.
    const begin = await agents.therapist.req('POST', '/api/me/mfa');
    expect(begin.statusCode).toBe(201);
    const secret = base32Decode((begin.json() as { secret: string }).secret);
    const codeAt = (offset = 0) => hotp(secret, totpStep(world.clock.now()) + offset);
    const done = await agents.therapist.req('POST', '/api/session/mfa', { code: codeAt() });
    expect(done.statusCode).toBe(200);
    const cookie = `accord_session=${done.cookies.find((c) => c.name === 'accord_session')!.value}`;
    const csrf = ((await app.inject({ method: 'GET', url: '/api/session', headers: { cookie } })).json() as { csrfToken: string }).csrfToken;
    const theo = (method: string, url: string, body?: unknown) =>
      app.inject({ method: method as 'GET', url, headers: { cookie, 'x-csrf-token': csrf }, ...(body === undefined ? {} : { payload: body as object }) });

    world.clock.advance(6);
    expect(code(await theo('GET', noteUrl(id)))).toBe('reauth_required');
    const alone = await theo('POST', '/api/session/reauth', { password: PASSWORD });
    expect(alone.statusCode).toBe(401);
    expect(errorOf(alone)?.message).toBe('Enter the code from your authenticator app as well.');
    expect(code(await theo('GET', noteUrl(id)))).toBe('reauth_required');
    expect(code(await theo('POST', '/api/session/reauth', { password: PASSWORD, code: '000000' }))).toBe('unauthenticated');
    expect((await theo('POST', '/api/session/reauth', { password: PASSWORD, code: codeAt(1) })).statusCode).toBe(200);
    expect((await theo('GET', noteUrl(id))).json()).toMatchObject({ text: 'Second factor check.' });
  });
});
