/**
 * A read names the few people it shows — never the whole practice. Names and emails are sealed
 * under the account key, so every account a request loads is an account-key opening (a `users:…`
 * binding): the reads that name people (one client, the caseload, courses, the access report,
 * alerts, the audit trail, access notices, the staff page) are run through the real app with 5 and
 * then 500 portal accounts in the practice, and must open exactly as many accounts, with the same
 * answers. (Before display names were looked up by id, every one of these opened every account.)
 * Runs on SQLite, and on PostgreSQL with ACCORD_TEST_DB=postgres.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { Cast } from '../../test/support/cast.ts';
import { makeCast } from '../../test/support/cast.ts';
import { submitResponse } from '../services/measures/measures.ts';
import type { Vault } from '../services/ports.ts';

const phq9 = (item9: number) => Object.fromEntries(Array.from({ length: 9 }, (_, k) => [`phq9_${k + 1}`, k === 8 ? item9 : 0]));

describe('a read does not grow with the practice’s portal accounts', () => {
  let cast: Cast;
  let alertId: string;
  /** Account-key openings (sealed emails and names of accounts) since the last reset. */
  let accountOpenings = 0;
  let portalUsers = 0;

  /** Adds portal accounts straight through the store (no invites: only their number matters here). */
  async function addPortalUsers(upTo: number): Promise<void> {
    const { store } = cast.world.deps;
    const practiceId = (await store.findPractice())!.id;
    const at = cast.world.clock.now().toISOString();
    for (; portalUsers < upTo; portalUsers++) {
      const id = randomUUID();
      await store.insertUser({
        id,
        practiceId,
        email: `portal-${portalUsers}-${id.slice(0, 6)}@example.org`,
        displayName: `Portal ${portalUsers}`,
        passwordHash: null,
        roles: ['client'],
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

  const reads = () => {
    const { ids, agents } = cast;
    return [
      { agent: agents.therapist, url: `/api/clients/${ids.clientC}` },
      { agent: agents.therapist, url: '/api/clients' },
      { agent: agents.therapist, url: `/api/clients/${ids.clientC}/courses` },
      { agent: agents.therapist, url: `/api/clients/${ids.clientC}/access-report` },
      { agent: agents.clientSelf, url: `/api/clients/${ids.clientC}/access-report` },
      { agent: agents.therapist, url: `/api/clients/${ids.clientC}/alerts?status=all` },
      { agent: agents.therapist, url: '/api/alerts?status=all' },
      { agent: agents.therapist, url: `/api/alerts/${alertId}` },
      { agent: agents.therapist, url: '/api/me/notices' },
      { agent: agents.admin, url: '/api/audit?limit=50' },
      { agent: agents.admin, url: '/api/users' },
    ];
  };

  /** Each read's status, the accounts it opened, and its answer with the parts that move between runs (times, the trail's growth) left out. */
  async function measure(): Promise<{ url: string; status: number; opened: number; names: string[] }[]> {
    const out = [];
    for (const { agent, url } of reads()) {
      accountOpenings = 0;
      const res = await agent.req('GET', url);
      out.push({ url, status: res.statusCode, opened: accountOpenings, names: namesIn(res.json()) });
    }
    return out;
  }

  beforeAll(async () => {
    cast = await makeCast();
    await submitResponse(
      cast.world.deps,
      cast.ids.clientC,
      { userId: cast.practice.therapistId, as: 'therapist' },
      { instrumentCode: 'phq9', answers: phq9(2), source: 'in_session' },
    );
    alertId = (await cast.world.deps.store.listAlerts({ clientIds: [cast.ids.clientC] }))[0]!.id;
    // Every account the store opens goes through the vault with the account's binding.
    const vault: Vault = cast.world.deps.vault;
    const open = vault.open.bind(vault);
    vault.open = (key, ciphertext, binding) => {
      if (binding.startsWith('users:')) accountOpenings++;
      return open(key, ciphertext, binding);
    };
  });
  afterAll(async () => {
    await cast?.close();
  });

  it('opens as many accounts, and names the same people, with 5 portal accounts as with 500', async () => {
    // Once before: the admin's audit-log read names the clients it shows, so from then on the
    // access reports list the admin among the actors; both runs below then see the same people.
    await measure();
    await addPortalUsers(5);
    const few = await measure();
    await addPortalUsers(500);
    const many = await measure();
    if (process.env.SHOW) console.log(JSON.stringify(few.map((r) => [r.url, r.opened, r.names.length])));
    for (const r of few) expect(r.status, r.url).toBe(200);
    expect(many).toEqual(few);
    // The read the issue measured: its caller (email and name), the therapist it names, and the
    // client's own portal account (whether it is active) — five openings, whatever the practice's size.
    expect(few[0]).toEqual({ url: `/api/clients/${cast.ids.clientC}`, status: 200, opened: 5, names: ['Theo Therapist'] });
    // The staff page lists the staff and nobody else.
    expect(few.at(-1)!.names).not.toContain('Portal 0');
  });
});

/** The people named in an answer (every `…Name` field, the staff page's displayName), sorted, without repeats. */
function namesIn(value: unknown): string[] {
  const found = new Set<string>();
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object')
      for (const [k, x] of Object.entries(v)) {
        if ((/Name$/.test(k) && k !== 'clientName' && k !== 'practiceName') || k === 'displayName') {
          if (typeof x === 'string') found.add(x);
        } else walk(x);
      }
  };
  walk(value);
  return [...found].sort();
}
