/**
 * Data at rest, seen by someone holding only a copy of the database: a unique marker is written
 * through every field a client or a staff member can fill in (through the real app), and no table
 * may hold any of them in clear. The tables are enumerated from the database's own catalogue, not
 * from a list here; on SQLite the raw .db and -wal files are searched as well. The practice's own
 * settings (name, crisis information) are public texts kept in clear: they are the control that
 * shows the search finds clear text when it is there.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Agent, TestWorld } from '../../test/support/harness.ts';
import { PASSWORD, makeApp, makeWorld, signInAgent } from '../../test/support/harness.ts';
import { issueSetupToken } from '../services/accounts/setup.ts';
import { expectationsInstrument } from '../domain/alliance/expectations.ts';
import { SAFETY_FOLLOW_UP_ACTIONS } from '../domain/alerts/alert.ts';

const run = randomBytes(3).toString('hex');
/** A marker per field: unique to this run and to the field, so a hit names the leaking field. */
const marker = (field: string) => `qz${run}${field.toLowerCase()}`;
const MARKERS: Record<string, string> = {};
const text = (field: string) => (MARKERS[field] = `Mark ${marker(field)}`);
const mail = (field: string) => `${(MARKERS[field] = marker(field))}@example.org`;
const phone = (field: string) => (MARKERS[field] = `+44 7700 ${(Number.parseInt(run, 16) % 900_000) + 100_000}`);
/** Public practice settings, in clear by design: the search must find these. */
const CONTROLS = { practiceName: `Practice ${marker('control-practice')}`, crisis: `Call 999 or Samaritans 116 123. ${marker('control-crisis')}` };

const answers = (side: 'client' | 'therapist') => Object.fromEntries(expectationsInstrument(side).statements.map((s, i) => [s.id, i % 5]));
const phq = (item9: number) => Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`phq9_${i + 1}`, i === 8 ? item9 : 1]));
const tokenOf = (path: string) => path.split('/').pop()!;

let world: TestWorld;
let app: FastifyInstance;

async function ok(agent: Agent | null, method: string, url: string, body?: unknown): Promise<Record<string, unknown>> {
  const res = agent ? await agent.req(method, url, body) : await app.inject({ method: method as 'POST', url, payload: body as object });
  expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
  return res.body ? (res.json() as Record<string, unknown>) : {};
}

/** Every row of every table of the database, as text, by table (the catalogue names the tables). */
async function rowsAsText(): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (world.dialect === 'sqlite') {
    const db = new Database(join(world.dataDir, 'accord.db'), { readonly: true });
    try {
      const tables = db.prepare(`select name from sqlite_master where type = 'table'`).all() as { name: string }[];
      for (const { name } of tables) out.set(name, JSON.stringify(db.prepare(`select * from "${name}"`).all()));
    } finally {
      db.close();
    }
  } else {
    const c = new pg.Client({ connectionString: world.databaseUrl });
    await c.connect();
    try {
      const tables = await c.query<{ name: string }>(
        `select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`,
      );
      for (const { name } of tables.rows) {
        const rows = await c.query<{ row: string }>(`select t::text as row from "${name}" t`);
        out.set(name, rows.rows.map((r) => r.row).join('\n'));
      }
    } finally {
      await c.end();
    }
  }
  return out;
}

beforeAll(async () => {
  world = await makeWorld({ onDisk: true });
  app = await makeApp(world);
  const deps = world.deps;
  // First run: the practice and its admin.
  const setupToken = (await issueSetupToken(deps))!;
  await ok(null, 'POST', '/api/setup', {
    token: setupToken,
    practiceName: CONTROLS.practiceName,
    timeZone: 'Europe/London',
    adminName: text('adminName'),
    adminEmail: mail('adminEmail'),
    password: PASSWORD,
    requireSecondFactor: false,
  });
  await deps.store.updatePractice((await deps.store.findPractice())!.id, { requireMfaAdmin: false });
  const admin = await signInAgent(app, mail('adminEmail'));
  await ok(admin, 'PATCH', '/api/practice', { crisisInfo: CONTROLS.crisis });

  // Staff: an invite accepted (name chosen, then changed by the admin) and one left open.
  const staffInvite = await ok(admin, 'POST', '/api/users/invites', { email: mail('staffEmail'), roles: ['therapist', 'supervisor'] });
  await ok(null, 'POST', `/api/invites/${tokenOf(staffInvite.path as string)}/accept`, { displayName: text('staffName'), password: PASSWORD });
  await ok(admin, 'POST', '/api/users/invites', { email: mail('openStaffInviteEmail'), roles: ['therapist'] });
  const staff = ((await admin.req('GET', '/api/users')).json() as { items: { id: string; email: string }[] }).items;
  const therapistId = staff.find((u) => u.email === mail('staffEmail'))!.id;
  await ok(admin, 'PATCH', `/api/users/${therapistId}`, { displayName: text('staffRename') });
  const therapist = await signInAgent(app, mail('staffEmail'));

  // A client: identity and contact, a course, a session, a portal account; another with an open portal invite.
  const client = await ok(therapist, 'POST', '/api/clients', {
    name: text('clientName'),
    contact: { email: mail('contactEmail'), phone: phone('contactPhone'), dateOfBirth: '1990-04-01' },
  });
  const clientId = client.id as string;
  await ok(therapist, 'PATCH', `/api/clients/${clientId}`, { name: text('clientRename') });
  const k = (await ok(therapist, 'POST', `/api/clients/${clientId}/courses`, { startedOn: '2026-01-05', frequency: 'weekly' })).id as string;
  const sessionId = (await ok(therapist, 'POST', `/api/courses/${k}/sessions`, { startsAt: '2026-01-05T10:00:00Z' })).id as string;
  const portalInvite = await ok(therapist, 'POST', `/api/clients/${clientId}/portal-invite`, { email: mail('portalEmail') });
  await ok(null, 'POST', `/api/invites/${tokenOf(portalInvite.path as string)}/accept`, { displayName: text('portalName'), password: PASSWORD });
  const other = await ok(therapist, 'POST', '/api/clients', { name: text('otherClientName') });
  await ok(therapist, 'POST', `/api/clients/${other.id as string}/portal-invite`, { email: mail('openPortalInviteEmail') });
  const self = await signInAgent(app, mail('portalEmail'));

  // The session told twice: the progress note (draft, signed, an addendum) and the client's reflection.
  await ok(therapist, 'POST', `/api/sessions/${sessionId}/progress-note`, { text: text('progressNote') });
  await ok(therapist, 'POST', `/api/sessions/${sessionId}/progress-note/sign`);
  await ok(therapist, 'POST', `/api/sessions/${sessionId}/progress-note/addenda`, { text: text('noteAddendum') });
  await ok(self, 'PUT', `/api/sessions/${sessionId}/reflection`, {
    stoodOut: text('reflectionStoodOut'),
    takeAway: text('reflectionTakeAway'),
    leftUnsaid: text('reflectionUnsaid'),
    shared: true,
  });

  // Failed sign-ins: an unknown address and a known one (both are counted for throttling).
  for (const email of [mail('unknownSignInEmail'), mail('portalEmail')]) {
    expect((await app.inject({ method: 'POST', url: '/api/session', payload: { email, password: 'not the password at all' } })).statusCode).toBe(401);
  }

  // The alliance ledger: expectations, goals, agreements, in each side's own words.
  await ok(therapist, 'POST', `/api/courses/${k}/expectations`, { answers: answers('therapist'), freeText: text('therapistExpectations') });
  await ok(self, 'POST', `/api/courses/${k}/expectations`, { answers: answers('client'), freeText: text('clientExpectations') });
  const goal = (await ok(self, 'POST', `/api/courses/${k}/goals`, { text: text('clientGoal'), focus: 'symptom_relief' })).id as string;
  await ok(therapist, 'POST', `/api/courses/${k}/goals/${goal}/agree`, { words: text('agreeWords') });
  await ok(therapist, 'PUT', `/api/courses/${k}/goals/${goal}/gas`, { weight: 1, descriptions: { '0': text('gasDescription') } });
  await ok(therapist, 'POST', `/api/courses/${k}/goals/${goal}/revise`, { text: text('revisedGoal'), focus: 'symptom_relief', note: text('reviseNote') });
  const goal2 = (await ok(therapist, 'POST', `/api/courses/${k}/goals`, { text: text('therapistGoal'), focus: 'symptom_relief' })).id as string;
  await ok(self, 'POST', `/api/courses/${k}/goals/${goal2}/agree`, { words: text('clientAgreeWords') });
  await ok(therapist, 'POST', `/api/courses/${k}/goals/${goal2}/close`, { action: 'achieve', note: text('closeNote') });
  const reviewPoint = { kind: 'after_sessions', sessions: 6 };
  await ok(therapist, 'POST', `/api/courses/${k}/agreements`, { statement: text('statement'), allianceType: 'working', frequency: 'weekly', reviewPoint });
  const awaiting = ((await self.req('GET', `/api/courses/${k}/ledger`)).json() as { awaiting: { id: string }[] }).awaiting;
  await ok(self, 'POST', `/api/courses/${k}/agreements/${awaiting[0]!.id}/confirm`, { words: text('confirmWords') });
  await ok(self, 'POST', `/api/courses/${k}/agreements`, {
    statement: text('shiftStatement'),
    allianceType: 'therapeutic',
    frequency: 'weekly',
    reviewPoint,
    reason: text('shiftReason'),
  });
  const shift = ((await therapist.req('GET', `/api/courses/${k}/ledger`)).json() as { awaiting: { id: string }[] }).awaiting;
  await ok(therapist, 'POST', `/api/courses/${k}/agreements/${shift[0]!.id}/decline`, { words: text('declineWords') });

  // Measures: a PHQ-9 with item 9 above 0 raises a safety alert, resolved with a note.
  await ok(self, 'POST', `/api/clients/${clientId}/responses`, { instrumentCode: 'phq9', answers: phq(2) });
  const inbox = (await therapist.req('GET', '/api/alerts')).json() as { id: string; kind: string }[];
  const safety = inbox.find((a) => a.kind === 'safety')!;
  await ok(therapist, 'POST', `/api/alerts/${safety.id}/acknowledge`);
  await ok(therapist, 'POST', `/api/alerts/${safety.id}/resolve`, {
    note: `${text('resolveNote')} called and agreed a safety plan`,
    followUpAction: SAFETY_FOLLOW_UP_ACTIONS[0],
  });

  // Supervision (issue 15): a supervisor's notes to the therapist, about the course and about no course, and the therapist's reply.
  const supInvite = await ok(admin, 'POST', '/api/users/invites', { email: mail('supervisorEmail'), roles: ['supervisor'] });
  await ok(null, 'POST', `/api/invites/${tokenOf(supInvite.path as string)}/accept`, { displayName: text('supervisorName'), password: PASSWORD });
  const supervisorId = ((await admin.req('GET', '/api/users')).json() as { items: { id: string; email: string }[] }).items.find(
    (u) => u.email === mail('supervisorEmail'),
  )!.id;
  await ok(admin, 'POST', '/api/supervisions', { supervisorId, therapistId });
  const supervisor = await signInAgent(app, mail('supervisorEmail'));
  const note = await ok(supervisor, 'POST', `/api/supervision/supervisees/${therapistId}/notes`, {
    focus: 'rupture',
    courseId: k,
    text: text('supervisionNote'),
  });
  await ok(supervisor, 'POST', `/api/supervision/supervisees/${therapistId}/notes`, { focus: 'other', text: text('supervisionNotePlain') });
  await ok(therapist, 'POST', `/api/supervision/notes/${note.id as string}/replies`, { text: text('supervisionReply') });

  // The writes really happened: the app shows them back.
  expect(JSON.stringify((await admin.req('GET', '/api/users')).json())).toContain(MARKERS.staffRename);
  expect(JSON.stringify((await therapist.req('GET', `/api/clients/${clientId}`)).json())).toContain(MARKERS.clientRename);
  expect((await self.req('GET', '/api/session')).json()).toMatchObject({ user: { email: mail('portalEmail'), displayName: MARKERS.portalName } });
  await deps.audit.settle();
}, 120_000);
afterAll(async () => {
  await app?.close();
  await world?.close();
});

describe('a stolen copy of the database', () => {
  it('holds no marker in clear in any table, while the public practice settings are found', async () => {
    const tables = await rowsAsText();
    for (const t of ['users', 'invites', 'login_throttle', 'clients', 'goals', 'alerts', 'audit_events', 'meta']) expect([...tables.keys()]).toContain(t);
    for (const t of world.deps.store.tables()) expect([...tables.keys()], t).toContain(t);
    const all = [...tables.values()].join('\n').toLowerCase();
    expect(all).toContain(CONTROLS.practiceName.toLowerCase());
    expect(all).toContain(marker('control-crisis'));
    const leaks: string[] = [];
    for (const [table, rows] of tables) {
      const hay = rows.toLowerCase();
      for (const [field, m] of Object.entries(MARKERS)) if (hay.includes(m.toLowerCase())) leaks.push(`${field} in ${table}`);
    }
    expect(leaks).toEqual([]);
    expect(Object.keys(MARKERS).length).toBeGreaterThan(25);
  });

  it('SQLite: the raw .db and -wal files hold no marker either', async () => {
    if (world.dialect !== 'sqlite') return;
    const files = ['accord.db', 'accord.db-wal'].map((f) => join(world.dataDir, f)).filter(existsSync);
    const bytes = Buffer.concat(files.map((f) => readFileSync(f)));
    expect(bytes.length).toBeGreaterThan(10_000);
    const hay = bytes.toString('latin1').toLowerCase();
    expect(hay).toContain(marker('control-crisis'));
    expect(
      Object.entries(MARKERS)
        .filter(([, m]) => hay.includes(m.toLowerCase()))
        .map(([field]) => field),
    ).toEqual([]);
  });
});
