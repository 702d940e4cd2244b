/**
 * The admin's client list and the staff list page by key and search by name (issue 15: no
 * practice-wide loads on request paths), through the real app (the answers are checked against
 * their contract by the test app): pages that follow their cursors show everyone once, a search
 * finds by name words or by exact email, bad cursors and limits are 400 with a clear message, and a
 * page opens as many names with 5 clients in the practice as with 600. The escalation self-grant
 * writes one practice notice that every staff member reads and marks read on their own.
 * Runs on SQLite, and on PostgreSQL with ACCORD_TEST_DB=postgres.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { Cast } from '../../test/support/cast.ts';
import { makeCast } from '../../test/support/cast.ts';
import type { Agent } from '../../test/support/harness.ts';
import { PASSWORD, signInAgent } from '../../test/support/harness.ts';
import { createClient } from '../services/people/clients.ts';
import type { Vault } from '../services/ports.ts';
import type { AuditEvent } from '../domain/audit-chain.ts';
import { encodeCursor } from '../domain/name-search.ts';

type Page<T> = { items: T[]; next: string | null };
type Row = { id: string; name: string };
type Staff = { id: string; email: string; displayName: string; roles: string[] };
const contact = { email: null, phone: null, dateOfBirth: null };

async function getPage<T>(agent: Agent, url: string): Promise<Page<T>> {
  const res = await agent.req('GET', url);
  expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
  return res.json() as Page<T>;
}
/** Follows `next` from the first page to the last, returning every row and how many pages it took. */
async function walk<T extends { id: string }>(agent: Agent, base: string, limit: number): Promise<{ rows: T[]; pages: number }> {
  const rows: T[] = [];
  let pages = 0;
  for (let after: string | null = null; ;) {
    const sep = base.includes('?') ? '&' : '?';
    const page: Page<T> = await getPage<T>(agent, `${base}${sep}limit=${limit}${after ? `&after=${after}` : ''}`);
    pages++;
    expect(page.items.length).toBeLessThanOrEqual(limit);
    rows.push(...page.items);
    if (!page.next) return { rows, pages };
    after = page.next;
  }
}

describe('paged client and staff lists with search', () => {
  let cast: Cast;
  const names = ['Ann Smith', 'Anna Smithers', 'Bob Jones', 'Zoë Li'];
  beforeAll(async () => {
    cast = await makeCast();
    for (const [i, name] of names.entries()) {
      cast.world.clock.advance(1);
      await createClient(cast.world.deps, i % 2 ? cast.practice.otherTherapistId : cast.practice.therapistId, { name, contact });
    }
  });
  afterAll(async () => {
    await cast?.close();
  });

  it('the admin pages through every client once, in a stable order, and the last page says there is no next', async () => {
    const all = await getPage<Row>(cast.agents.admin, '/api/clients?limit=500');
    expect(all.next).toBeNull();
    expect(all.items.length).toBe(names.length + 2); // Casey and Dana of the cast
    const { rows, pages } = await walk<Row>(cast.agents.admin, '/api/clients', 2);
    expect(pages).toBe(3);
    expect(rows.map((r) => r.id).sort()).toEqual(all.items.map((r) => r.id).sort());
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    // Without a limit: the default page (LIST_PAGE.default), here everyone.
    expect((await getPage<Row>(cast.agents.admin, '/api/clients')).items.length).toBe(all.items.length);
  });

  it('searches by the words of a name (prefixes of 3 letters or more, whole short words), without case or accents', async () => {
    const found = async (agent: Agent, q: string) => (await getPage<Row>(agent, `/api/clients?q=${encodeURIComponent(q)}`)).items.map((r) => r.name).sort();
    expect(await found(cast.agents.admin, 'smi')).toEqual(['Ann Smith', 'Anna Smithers']);
    expect(await found(cast.agents.admin, 'smith ann')).toEqual(['Ann Smith', 'Anna Smithers']);
    expect(await found(cast.agents.admin, 'anna')).toEqual(['Anna Smithers']);
    expect(await found(cast.agents.admin, 'ZOE')).toEqual(['Zoë Li']);
    expect(await found(cast.agents.admin, 'li')).toEqual(['Zoë Li']);
    expect(await found(cast.agents.admin, 'casey')).toEqual(['Casey Client']);
    expect(await found(cast.agents.admin, 'nobody')).toEqual([]);
    // A therapist's search stays within what they may read: Anna is Olga's.
    expect(await found(cast.agents.therapist, 'anna')).toEqual([]);
    expect(await found(cast.agents.otherTherapist, 'anna')).toEqual(['Anna Smithers']);
    // A renamed client is found by the new name only.
    const ann = (await getPage<Row>(cast.agents.admin, '/api/clients?q=ann%20smith')).items.find((r) => r.name === 'Ann Smith')!;
    expect((await cast.agents.admin.req('PATCH', `/api/clients/${ann.id}`, { name: 'Annette Walker' })).statusCode).toBe(200);
    expect(await found(cast.agents.admin, 'walk')).toEqual(['Annette Walker']);
    expect(await found(cast.agents.admin, 'smi')).toEqual(['Anna Smithers']);
  });

  it('a therapist’s own caseload is one page, as before', async () => {
    const page = await getPage<Row>(cast.agents.therapist, '/api/clients');
    expect(page.next).toBeNull();
    expect(page.items.map((r) => r.name)).toContain('Casey Client');
    expect(page.items.map((r) => r.name)).not.toContain('Dana Other');
  });

  it('a page read is one audit event naming the page’s clients', async () => {
    const seqs = async () => {
      const all: AuditEvent[] = [];
      for await (const page of cast.world.deps.store.auditPages(1000)) all.push(...page);
      return all;
    };
    const last = Math.max(...(await seqs()).map((e) => e.seq));
    const page = await getPage<Row>(cast.agents.admin, '/api/clients?limit=2');
    await cast.world.deps.audit.settle();
    const events = (await seqs()).filter((e) => e.seq > last);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: 'clients:list', clientIds: page.items.map((r) => r.id).sort() });
  });

  it('refuses bad limits, cursors and searches with 400 and a clear message, never 500', async () => {
    const forged = Buffer.from('not a time|not an id').toString('base64url');
    const cases: [string, RegExp][] = [
      ['limit=0', /limit is at least 1/],
      ['limit=501', /limit is at most 500/],
      ['limit=abc', /limit/],
      ['limit=2.5', /whole number/],
      ['after=%21%21', /cursor/],
      [`after=${forged}`, /cursor/],
      ['q=', /search/i],
      ['q=---', /letters or digits/],
      [`q=${'x'.repeat(101)}`, /at most 100/],
      ['page=2', /./],
    ];
    for (const base of ['/api/clients', '/api/users']) {
      for (const [query, message] of cases) {
        const res = await cast.agents.admin.req('GET', `${base}?${query}`);
        expect(res.statusCode, `${base}?${query}: ${res.body}`).toBe(400);
        const body = res.json() as { error: { code: string; message: string } };
        expect(body.error.code).toBe('invalid_input');
        expect(JSON.stringify(body.error), `${base}?${query}`).toMatch(message);
      }
    }
    // A well-formed cursor of a row that does not exist is simply a place in the order.
    const past = encodeCursor({ createdAt: '2999-01-01T00:00:00.000Z', id: randomUUID() });
    expect(await getPage<Row>(cast.agents.admin, `/api/clients?after=${past}`)).toEqual({ items: [], next: null });
  });

  it('the staff list pages, leaves portal accounts out, and searches by name words or exact email', async () => {
    const { rows, pages } = await walk<Staff>(cast.agents.admin, '/api/users', 2);
    expect(pages).toBeGreaterThan(1);
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    expect(rows.every((r) => !r.roles.includes('client'))).toBe(true);
    expect(rows.map((r) => r.id)).toEqual(expect.arrayContaining([cast.practice.therapistId, cast.practice.otherTherapistId, cast.practice.adminId]));
    const theo = rows.find((r) => r.id === cast.practice.therapistId)!;
    expect((await getPage<Staff>(cast.agents.admin, `/api/users?q=${encodeURIComponent(theo.displayName.split(' ')[0]!)}`)).items.map((r) => r.id)).toContain(
      theo.id,
    );
    expect((await getPage<Staff>(cast.agents.admin, `/api/users?q=${encodeURIComponent(theo.email.toUpperCase())}`)).items.map((r) => r.id)).toEqual([theo.id]);
    expect((await getPage<Staff>(cast.agents.admin, '/api/users?q=casey%40example.org')).items).toEqual([]); // a portal account's address
  });
});

describe('a page does not grow with the practice', () => {
  let cast: Cast;
  let clientOpenings = 0;
  let accountOpenings = 0;
  beforeAll(async () => {
    cast = await makeCast();
    const vault: Vault = cast.world.deps.vault;
    const open = vault.open.bind(vault);
    vault.open = (key, ciphertext, binding) => {
      if (binding.startsWith('clients:')) clientOpenings++;
      if (binding.startsWith('users:')) accountOpenings++;
      return open(key, ciphertext, binding);
    };
  });
  afterAll(async () => {
    await cast?.close();
  });

  /** Adds clients and staff straight through the store (only their number matters here). */
  async function grow(clients: number, staff: number): Promise<void> {
    const { store } = cast.world.deps;
    const practiceId = (await store.findPractice())!.id;
    const at = cast.world.clock.now().toISOString();
    for (let i = 0; i < clients; i++) {
      const id = randomUUID();
      await store.insertClient({
        id,
        practiceId,
        therapistId: cast.practice.therapistId,
        nameEnc: 'v1.x.y',
        contactEnc: 'v1.x.y',
        status: 'active',
        createdAt: at,
        updatedAt: at,
      });
      await store.indexClientName(id, `Bulk Person${i}`);
    }
    for (let i = 0; i < staff; i++) {
      const id = randomUUID();
      await store.insertUser({
        id,
        practiceId,
        email: `staff-${i}-${id.slice(0, 6)}@example.org`,
        displayName: `Staff Member${i}`,
        passwordHash: null,
        roles: ['therapist'],
        status: 'active',
        clientId: null,
        totpSecret: null,
        totpLastStep: null,
        mfaEnabled: false,
        createdAt: at,
        updatedAt: at,
      });
    }
  }
  async function measure(url: string): Promise<{ clients: number; accounts: number; rows: number; ms: number }> {
    clientOpenings = 0;
    accountOpenings = 0;
    const t0 = performance.now();
    const page = await getPage<{ id: string }>(cast.agents.admin, url);
    return { clients: clientOpenings, accounts: accountOpenings, rows: page.items.length, ms: performance.now() - t0 };
  }

  it('opens one page of names with 600 clients and 300 staff as with a handful', async () => {
    const urls = ['/api/clients?limit=20', '/api/clients?q=bulk&limit=20', '/api/users?limit=20', '/api/users?q=staff&limit=20'];
    await grow(25, 25);
    const few = [];
    for (const u of urls) few.push(await measure(u));
    await grow(600, 300);
    const many = [];
    for (const u of urls) many.push(await measure(u));
    if (process.env.SHOW) console.log(JSON.stringify({ few, many }));
    for (const [i, u] of urls.entries()) {
      expect(many[i]!.rows, u).toBe(20);
      // The same openings whatever the practice's size: the page's names, never the practice's.
      expect({ clients: many[i]!.clients, accounts: many[i]!.accounts }, u).toEqual({ clients: few[i]!.clients, accounts: few[i]!.accounts });
      expect(many[i]!.clients, u).toBeLessThanOrEqual(20);
      // The page's accounts (the staff on it, the therapists named) and the caller's own: a bounded number.
      expect(many[i]!.accounts, u).toBeLessThanOrEqual(2 * 20 + 4);
    }
  });
});

describe('the escalation self-grant tells every staff member through one practice notice', () => {
  let cast: Cast;
  beforeAll(async () => {
    cast = await makeCast();
  });
  afterAll(async () => {
    await cast?.close();
  });

  it('writes one notice for the practice, which each therapist, supervisor and admin reads and marks read on their own', async () => {
    const { store } = cast.world.deps;
    await store.updateUser(cast.practice.adminId, { roles: ['admin', 'therapist'] });
    const admin = await signInAgent(cast.app, cast.practice.emails.admin);
    await admin.req('POST', '/api/session/reauth', { password: PASSWORD });
    // Theo has a colleague of his own: before, he was not told; now every staff member is.
    await store.setEscalationColleague(cast.practice.therapistId, cast.practice.otherTherapistId, cast.world.clock.now().toISOString());
    const practiceId = (await store.findPractice())!.id;
    const before = await store.listPracticeNotices(practiceId, 10);
    expect((await admin.req('PUT', '/api/escalation/practice', { colleagueId: cast.practice.adminId })).statusCode).toBe(200);
    expect((await store.listPracticeNotices(practiceId, 10)).length).toBe(before.length + 1);
    type Notice = { kind: string; selfGranted: boolean; read: boolean; actorName: string };
    const noticesOf = async (agent: Agent) => ((await agent.req('GET', '/api/me/notices')).json() as Notice[]).filter((n) => n.kind === 'escalation_colleague');
    for (const who of ['therapist', 'otherTherapist', 'supervisor'] as const) {
      expect(await noticesOf(cast.agents[who]), who).toEqual([expect.objectContaining({ kind: 'escalation_colleague', selfGranted: true, read: false })]);
    }
    // Not news to the one who did it; never shown to a client.
    expect(await noticesOf(admin)).toEqual([]);
    expect((await cast.agents.clientSelf.req('GET', '/api/me/notices')).statusCode).not.toBe(500);
    // Read is per person.
    expect((await cast.agents.therapist.req('POST', '/api/me/notices/read')).statusCode).toBe(200);
    expect((await noticesOf(cast.agents.therapist))[0]!.read).toBe(true);
    expect((await noticesOf(cast.agents.otherTherapist))[0]!.read).toBe(false);
  });
});
