/**
 * What the audit trail records of requests through the real app (SPEC §7: every read and write
 * of client data, and every refused attempt): out-of-scope attempts name their client and record,
 * refusals decided by the use case are recorded, a write commits with its event or not at all, list
 * reads name every client shown, a created record is named by its own id — and the pipeline asks
 * who the caller is before it looks at what they sent, and does the same work for a missing object
 * as for one out of scope. Runs on SQLite, and on PostgreSQL with ACCORD_TEST_DB=postgres.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { Cast } from '../../test/support/cast.ts';
import { eventsSince, headSeq, makeCast } from '../../test/support/cast.ts';
import { makeApp, makeWorld, seedPractice, signInAgent } from '../../test/support/harness.ts';
import { createClient, openCourse } from '../services/people/clients.ts';
import { submitResponse } from '../services/measures/measures.ts';
import type { Store } from '../services/ports.ts';
import type { AuditEvent } from '../domain/audit-chain.ts';
import { buildApp } from './app.ts';
import { contractChecked } from '../../test/support/contract-check.ts';
import { routeTable } from './app.ts';

const phq9 = (item9: number) => Object.fromEntries(Array.from({ length: 9 }, (_, k) => [`phq9_${k + 1}`, k === 8 ? item9 : 0]));

describe('the audit trail through the app', () => {
  let cast: Cast;
  let alertOfC: string;
  beforeAll(async () => {
    cast = await makeCast();
    await submitResponse(
      cast.world.deps,
      cast.ids.clientC,
      { userId: cast.practice.therapistId, as: 'therapist' },
      { instrumentCode: 'phq9', answers: phq9(2), source: 'in_session' },
    );
    alertOfC = (await cast.world.deps.store.listAlerts({ clientIds: [cast.ids.clientC] }))[0]!.id;
  });
  afterAll(async () => {
    await cast?.close();
  });

  it('an out-of-scope attempt names the client and the record it was about, and shows in the client’s access report', async () => {
    const seq = await headSeq(cast);
    const res = await cast.agents.otherTherapist.req('PATCH', `/api/sessions/${cast.ids.sessionS}`, { status: 'no_show' });
    expect(res.statusCode).toBe(404);
    const events = await eventsSince(cast, seq);
    expect(events).toEqual([
      expect.objectContaining({
        actorId: cast.practice.otherTherapistId,
        outcome: 'denied',
        detail: 'not_found',
        clientId: cast.ids.clientC,
        resourceId: cast.ids.sessionS,
      }),
    ]);
    const report = (await cast.agents.therapist.req('GET', `/api/clients/${cast.ids.clientC}/access-report`)).json() as { actorId: string; outcome: string }[];
    expect(report).toContainEqual(expect.objectContaining({ actorId: cast.practice.otherTherapistId, outcome: 'denied' }));
  });

  it('a missing id is recorded too, without a client', async () => {
    const missing = randomUUID();
    const seq = await headSeq(cast);
    expect((await cast.agents.otherTherapist.req('PATCH', `/api/sessions/${missing}`, { status: 'no_show' })).statusCode).toBe(404);
    expect(await eventsSince(cast, seq)).toEqual([expect.objectContaining({ outcome: 'denied', detail: 'not_found', clientId: null, resourceId: missing })]);
  });

  it('a foreign alert id is refused like a missing one, and the refusal names the alert’s client', async () => {
    const seq = await headSeq(cast);
    const foreign = await cast.agents.otherTherapist.req('GET', `/api/alerts/${alertOfC}`);
    const missing = await cast.agents.otherTherapist.req('GET', `/api/alerts/${randomUUID()}`);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json()).toEqual(missing.json());
    const events = await eventsSince(cast, seq);
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({
      actorId: cast.practice.otherTherapistId,
      action: 'alerts:act',
      outcome: 'denied',
      detail: 'not_found',
      clientId: cast.ids.clientC,
      resourceId: alertOfC,
    });
    expect(events[1]).toMatchObject({ outcome: 'denied', detail: 'not_found', clientId: null });
  });

  it('a conflict decided by the use case (409) is recorded, and nothing of the refused write is', async () => {
    const seq = await headSeq(cast);
    const res = await cast.agents.therapist.req('POST', `/api/clients/${cast.ids.clientC}/portal-invite`, { email: 'casey2@example.org' });
    expect(res.statusCode).toBe(409);
    expect(await eventsSince(cast, seq)).toEqual([
      expect.objectContaining({
        actorId: cast.practice.therapistId,
        action: 'client:invite',
        outcome: 'denied',
        detail: 'conflict',
        clientId: cast.ids.clientC,
      }),
    ]);
  });

  it('a created record is recorded under its own id, not its parent’s', async () => {
    const seq = await headSeq(cast);
    const session = await cast.agents.therapist.req('POST', `/api/courses/${cast.ids.courseK}/sessions`, { startsAt: '2026-03-02T08:00:00Z' });
    expect(session.statusCode).toBe(201);
    const client = await cast.agents.therapist.req('POST', '/api/clients', { name: 'Nova New' });
    expect(client.statusCode).toBe(201);
    const response = await cast.agents.clientSelf.req('POST', `/api/clients/${cast.ids.clientC}/responses`, {
      instrumentCode: 'gad7',
      answers: Object.fromEntries(Array.from({ length: 7 }, (_, k) => [`gad7_${k + 1}`, 1])),
    });
    expect(response.statusCode).toBe(201);
    const ok = (await eventsSince(cast, seq)).filter((e) => e.outcome === 'ok' && e.actorId !== null);
    expect(ok).toContainEqual(
      expect.objectContaining({ action: 'course:write', resourceId: (session.json() as { id: string }).id, clientId: cast.ids.clientC }),
    );
    const newClient = (client.json() as { id: string }).id;
    expect(ok).toContainEqual(expect.objectContaining({ action: 'client:create', resourceId: newClient, clientId: newClient }));
    expect(ok).toContainEqual(
      expect.objectContaining({
        action: 'measures:submit',
        resourceId: (response.json() as { response: { id: string } }).response.id,
        clientId: cast.ids.clientC,
      }),
    );
  });

  it('a list read is one event naming every client shown, so each client’s access report finds it', async () => {
    for (const path of ['/api/clients', '/api/caseload/measures']) {
      const seq = await headSeq(cast);
      const res = await cast.agents.supervisor.req('GET', path);
      expect(res.statusCode).toBe(200);
      const body = res.json() as ({ id: string } | { clientId: string })[] | { items: { id: string }[] };
      const rows = Array.isArray(body) ? body : body.items;
      const shown = rows.map((r) => ('clientId' in r ? r.clientId : r.id)).sort();
      expect(shown).toContain(cast.ids.clientC);
      expect(shown.length).toBeGreaterThan(1);
      // The chain as `accord verify` reads it: the clients named beside the event are covered by its link.
      const pages: AuditEvent[] = [];
      for await (const page of cast.world.deps.store.auditPages(1000)) pages.push(...page);
      const events = pages.filter((e) => e.seq > seq);
      expect(events, path).toHaveLength(1);
      expect(events[0]).toMatchObject({ clientId: null, actorId: cast.practice.supervisorId, clientIds: shown, detail: `${shown.length} clients` });
      // Each client's own trail shows the read as about that client alone.
      for (const clientId of shown) {
        const own = await cast.world.deps.store.listAudit({ clientId, limit: 5 });
        expect(own[0]).toMatchObject({ seq: events[0]!.seq, clientId });
        expect(own[0]!.clientIds).toBeUndefined();
      }
    }
    const report = (await cast.agents.therapist.req('GET', `/api/clients/${cast.ids.clientC}/access-report`)).json() as { actorId: string; action: string }[];
    expect(report).toContainEqual(expect.objectContaining({ actorId: cast.practice.supervisorId, action: 'clients:list' }));
    expect(report).toContainEqual(expect.objectContaining({ actorId: cast.practice.supervisorId, action: 'measures:caseload' }));
  });

  it('the alerts inbox is one event naming the clients whose alerts it shows, as the other list reads are', async () => {
    // A second client of the same therapist with a safety alert of their own.
    const e = await createClient(cast.world.deps, cast.practice.therapistId, { name: 'Eli Second', contact: { email: null, phone: null, dateOfBirth: null } });
    await openCourse(cast.world.deps, e.id, { startedOn: '2026-01-05', frequency: 'weekly' });
    await submitResponse(
      cast.world.deps,
      e.id,
      { userId: cast.practice.therapistId, as: 'therapist' },
      { instrumentCode: 'phq9', answers: phq9(1), source: 'in_session' },
    );
    const seq = await headSeq(cast);
    const res = await cast.agents.supervisor.req('GET', '/api/alerts');
    expect(res.statusCode).toBe(200);
    const shown = [...new Set((res.json() as { clientId: string }[]).map((a) => a.clientId))].sort();
    expect(shown).toEqual([cast.ids.clientC, e.id].sort());
    const pages: AuditEvent[] = [];
    for await (const page of cast.world.deps.store.auditPages(1000)) pages.push(...page);
    const events = pages.filter((e) => e.seq > seq);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: 'alerts:inbox', clientId: null, actorId: cast.practice.supervisorId, clientIds: shown, detail: '2 clients' });
    for (const clientId of shown)
      expect((await cast.world.deps.store.listAudit({ clientId, limit: 1 }))[0]).toMatchObject({ seq: events[0]!.seq, action: 'alerts:inbox' });
  });

  it('the admin’s audit log names each row’s client, and its one event names every client whose name the page shows', async () => {
    // An event about a client that no longer exists (as after an erasure): shown by id, unnamed.
    const gone = randomUUID();
    await cast.world.deps.audit.record({
      actorId: cast.practice.adminId,
      actorRole: 'admin',
      action: 'test.gone',
      resourceType: 'client',
      resourceId: gone,
      clientId: gone,
      outcome: 'ok',
      ip: null,
      detail: null,
    });
    const seq = await headSeq(cast);
    const res = await cast.agents.admin.req('GET', '/api/audit?limit=200');
    expect(res.statusCode).toBe(200);
    const rows = res.json() as { clientId: string | null; clientName: string | null }[];
    const nameOf = new Map(rows.map((r) => [r.clientId, r.clientName]));
    expect(nameOf.get(cast.ids.clientC)).toBe('Casey Client');
    expect(nameOf.get(cast.ids.clientD)).toBe('Dana Other');
    expect(nameOf.get(gone)).toBeNull();
    expect(rows.filter((r) => r.clientId === null).every((r) => r.clientName === null)).toBe(true);
    const named = [...new Set(rows.flatMap((r) => (r.clientName !== null && r.clientId ? [r.clientId] : [])))].sort();
    expect(named).toContain(cast.ids.clientC);
    const pages: AuditEvent[] = [];
    for await (const page of cast.world.deps.store.auditPages(1000)) pages.push(...page);
    const events = pages.filter((e) => e.seq > seq);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: 'audit.read', actorId: cast.practice.adminId, clientIds: named });
    expect(events[0]!.clientIds).not.toContain(gone);
  });

  it('names the staff an event’s detail refers to by id, in the admin’s log and the staff’s view of a client’s trail, leaving other ids and the stored detail alone', async () => {
    const stranger = randomUUID();
    await cast.world.deps.audit.record({
      actorId: null,
      actorRole: 'system',
      action: 'alert:escalate',
      resourceType: 'alert',
      resourceId: randomUUID(),
      clientId: cast.ids.clientC,
      outcome: 'ok',
      ip: null,
      detail: `to ${cast.practice.supervisorId} after ${stranger}`,
    });
    const shown = (rows: { action: string; detail: string | null }[]) => rows.find((r) => r.action === 'alert:escalate')?.detail;
    const admin = await cast.agents.admin.req('GET', `/api/audit?clientId=${cast.ids.clientC}`);
    expect(admin.statusCode).toBe(200);
    expect(shown(admin.json())).toBe(`to Sue Supervisor after ${stranger}`);
    const staff = await cast.agents.therapist.req('GET', `/api/clients/${cast.ids.clientC}/access-report`);
    expect(staff.statusCode, staff.body).toBe(200);
    expect(shown(staff.json())).toBe(`to Sue Supervisor after ${stranger}`);
    // The chain keeps the detail as it was written.
    const stored = (await cast.world.deps.audit.list({ clientId: cast.ids.clientC, limit: 50 })).find((e) => e.action === 'alert:escalate');
    expect(stored?.detail).toBe(`to ${cast.practice.supervisorId} after ${stranger}`);
  });

  it('an anonymous caller is told to sign in, never which fields are wrong, on every route that needs a caller', async () => {
    for (const r of routeTable(false)) {
      const open = [
        'setup:status',
        'setup:create',
        'session:create',
        'invite:inspect',
        'invite:accept',
        'reset:inspect',
        'reset:complete',
        'health',
        'openapi',
      ];
      if (open.includes(r.policy)) continue;
      const url = r.url.replace(/:(\w+)/g, () => 'not-an-id');
      const res = await cast.agents.anonymous.req(r.method, url, r.method === 'GET' || r.method === 'DELETE' ? undefined : { bogus: true });
      expect(res.statusCode, `${r.method} ${r.url}: ${res.body}`).toBe(401);
      expect((res.json() as { error: { code: string; details?: unknown } }).error).toEqual({ code: 'unauthenticated', message: 'Please sign in.' });
    }
  });
});

describe('the web app asking who is signed in', () => {
  let cast: Cast;
  beforeAll(async () => {
    cast = await makeCast();
  });
  afterAll(async () => {
    await cast?.close();
  });

  it('with no session cookie is answered 401 and not recorded; a cookie that no longer holds, and any other route, are', async () => {
    const seq = await headSeq(cast);
    const bare = await cast.agents.anonymous.req('GET', '/api/session');
    expect(bare.statusCode).toBe(401);
    expect((bare.json() as { error: { code: string } }).error.code).toBe('unauthenticated');
    expect(await eventsSince(cast, seq)).toEqual([]);

    // A stale or forged cookie is a refusal like any other.
    const stale = await cast.agents.anonymous.req('GET', '/api/session', undefined, { cookie: 'accord_session=no-such-session' });
    expect(stale.statusCode).toBe(401);
    // And so is any other route asked without a cookie.
    const other = await cast.agents.anonymous.req('GET', '/api/clients');
    expect(other.statusCode).toBe(401);
    const events = await eventsSince(cast, seq);
    expect(events.map((e) => [e.action, e.outcome, e.detail, e.actorId])).toEqual([
      ['session:read', 'denied', 'unauthenticated', null],
      ['clients:list', 'denied', 'unauthenticated', null],
    ]);
  });
});

describe('a write commits with its audit event, or not at all', () => {
  it('when the audit event cannot be appended, the clinical write is rolled back and the answer is 503', async () => {
    const world = await makeWorld({ onDisk: true });
    try {
      const p = await seedPractice(world.deps);
      const c = await createClient(world.deps, p.therapistId, { name: 'Casey', contact: { email: null, phone: null, dateOfBirth: null } });
      const k = await openCourse(world.deps, c.id, { startedOn: '2026-01-05', frequency: 'weekly' });
      const app = await makeApp(world);
      const theo = await signInAgent(app, p.emails.therapist);
      await world.deps.audit.settle();
      // The audit table refuses inserts, as a full disk or a broken chain table would.
      if (world.dialect === 'sqlite') {
        const raw = new Database(join(world.dataDir, 'accord.db'));
        raw.exec(`create trigger audit_down before insert on audit_events begin select raise(abort, 'audit unavailable'); end`);
        raw.close();
      } else {
        const raw = new pg.Client({ connectionString: world.databaseUrl });
        await raw.connect();
        await raw.query(`create function audit_down() returns trigger language plpgsql as $$ begin raise exception 'audit unavailable'; end $$`);
        await raw.query('create trigger audit_down before insert on audit_events for each row execute function audit_down()');
        await raw.end();
      }
      const before = (await world.deps.store.listSessionsOfCourse(k.id)).length;
      const res = await theo.req('POST', `/api/courses/${k.id}/sessions`, { startsAt: '2026-03-02T08:00:00Z' });
      expect(res.statusCode, res.body).toBe(503);
      expect((res.json() as { error: { code: string } }).error.code).toBe('audit_unavailable');
      expect(await world.deps.store.listSessionsOfCourse(k.id)).toHaveLength(before);
      const created = await theo.req('POST', '/api/clients', { name: 'Never Stored' });
      expect(created.statusCode).toBe(503);
      expect(await world.deps.store.listClients((await world.deps.store.findPractice())!.id, {})).toHaveLength(1);
      await app.close();
    } finally {
      await world.close();
    }
  });
});

describe('a missing object and one out of scope cost the same work', () => {
  let cast: Cast;
  let calls: string[] = [];
  let app: Awaited<ReturnType<typeof buildApp>>;
  let alertOfC: string;
  beforeAll(async () => {
    cast = await makeCast();
    await submitResponse(
      cast.world.deps,
      cast.ids.clientC,
      { userId: cast.practice.therapistId, as: 'therapist' },
      { instrumentCode: 'phq9', answers: phq9(2), source: 'in_session' },
    );
    alertOfC = (await cast.world.deps.store.listAlerts({ clientIds: [cast.ids.clientC] }))[0]!.id;
    // The same app over the same storage, with every store query it makes written down.
    const real = cast.world.deps.store;
    const store = new Proxy(real, {
      get(target, prop, receiver) {
        const v = Reflect.get(target, prop, receiver) as unknown;
        if (typeof v !== 'function') return v;
        return (...args: unknown[]) => {
          calls.push(String(prop));
          return (v as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    }) as Store;
    app = contractChecked(await buildApp({ deps: { ...cast.world.deps, store }, secureCookies: false, logger: false, version: 'test' }));
  });
  afterAll(async () => {
    await app?.close();
    await cast?.close();
  });

  async function work(path: string, method = 'GET', body?: unknown) {
    const olga = await signInAgent(app, cast.practice.emails.otherTherapist);
    await olga.req('GET', '/api/session'); // the new session's idle window is slid outside the measure
    const seq = await headSeq(cast);
    calls = [];
    const res = await olga.req(method, path, body);
    const queries = [...calls];
    return { res, queries, events: await eventsSince(cast, seq) };
  }

  for (const [label, inScope, method, body] of [
    ['a client', (c: Cast) => `/api/clients/${c.ids.clientC}`, 'GET', undefined],
    ['a course', (c: Cast) => `/api/courses/${c.ids.courseK}/schedules`, 'GET', undefined],
    ['a session (a write)', (c: Cast) => `/api/sessions/${c.ids.sessionS}`, 'PATCH', { status: 'no_show' }],
    ['an alert', () => `/api/alerts/${alertOfC}`, 'GET', undefined],
  ] as const) {
    it(label, async () => {
      const target = inScope(cast);
      const outOfScope = await work(target, method, body);
      const missing = await work(target.replace(/[0-9a-f-]{36}/, randomUUID()), method, body);
      expect(outOfScope.res.statusCode).toBe(404);
      expect(missing.res.body).toBe(outOfScope.res.body);
      expect(missing.queries, JSON.stringify([outOfScope.queries, missing.queries])).toEqual(outOfScope.queries);
      expect(outOfScope.events).toHaveLength(1);
      expect(missing.events).toHaveLength(1);
      expect(missing.events[0]).toMatchObject({ outcome: 'denied', detail: 'not_found', clientId: null });
      expect(outOfScope.events[0]).toMatchObject({ outcome: 'denied', detail: 'not_found', clientId: cast.ids.clientC });
    });
  }
});
