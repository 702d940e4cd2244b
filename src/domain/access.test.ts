import { describe, it, expect } from 'vitest';
import type { Caller, ClientRule, ClientStanding, PolicyRule, PracticeRule, RecordGrant, RecordGuard, Relation } from './access.ts';
import {
  POLICY,
  allows,
  decideClient,
  decidePractice,
  decideRecord,
  grantHolds,
  reachOf,
  readsAsClient,
  recordRelationsTo,
  relationsTo,
  sideOf,
  viewerOf,
} from './access.ts';

const client: ClientStanding = { clientId: 'c1', therapistId: 't1', supervisorIdsOfTherapist: ['s1'] };
const caller = (userId: string, roles: Caller['roles'], clientId: string | null = null): Caller => ({ userId, roles, clientId });

describe('relationsTo', () => {
  it.each<[string, Caller, Relation[]]>([
    ['the assigned therapist', caller('t1', ['therapist']), ['assigned_therapist']],
    ['another therapist', caller('t2', ['therapist']), ['other_therapist']],
    ['the supervisor of the therapist', caller('s1', ['supervisor']), ['supervisor']],
    ['a supervisor of someone else', caller('s2', ['supervisor']), []],
    ['the admin', caller('a1', ['admin']), ['admin']],
    ['the client themself', caller('u9', ['client'], 'c1'), ['client_self']],
    ['another client', caller('u8', ['client'], 'c2'), []],
    ['a solo therapist who is also the admin', caller('t1', ['admin', 'therapist']), ['assigned_therapist', 'admin']],
    ['a supervisor who is also a therapist of others', caller('s1', ['supervisor', 'therapist']), ['other_therapist', 'supervisor']],
  ])('%s', (_, c, expected) => {
    expect(relationsTo(c, client).sort()).toEqual([...expected].sort());
  });

  it('a client id on a staff account does not make them the client', () => {
    expect(relationsTo(caller('t2', ['therapist'], 'c1'), client)).toEqual(['other_therapist']);
  });
});

describe('decideClient', () => {
  const update = POLICY['client:update'] as ClientRule;
  it('allows a listed relation and names it', () => {
    expect(decideClient(update, ['assigned_therapist'])).toEqual({ ok: true, via: 'assigned_therapist' });
    expect(decideClient(update, ['other_therapist', 'admin'])).toEqual({ ok: true, via: 'admin' });
  });
  it('answers forbidden to a caller who may see but not do', () => {
    expect(decideClient(update, ['supervisor'])).toEqual({ ok: false, code: 'forbidden' });
    expect(decideClient(update, ['client_self'])).toEqual({ ok: false, code: 'forbidden' });
  });
  it('answers not_found to a caller out of scope, exactly like a missing client', () => {
    expect(decideClient(update, ['other_therapist'])).toEqual({ ok: false, code: 'not_found' });
    expect(decideClient(update, [])).toEqual({ ok: false, code: 'not_found' });
    expect(decideClient(POLICY['client:read'] as ClientRule, ['other_therapist'])).toEqual({ ok: false, code: 'not_found' });
  });
  it('allows() agrees with decideClient', () => {
    for (const rule of (Object.values(POLICY) as PolicyRule[]).filter((r): r is ClientRule => r.about === 'client')) {
      for (const rel of ['assigned_therapist', 'other_therapist', 'supervisor', 'admin', 'client_self'] as Relation[]) {
        expect(allows(rule, [rel])).toBe(decideClient(rule, [rel]).ok);
      }
    }
  });
});

describe('decidePractice', () => {
  const rule = (audience: PracticeRule['audience']): PracticeRule => ({ about: 'practice', audience, note: '' });
  const admin = caller('a', ['admin']),
    therapist = caller('t', ['therapist']),
    supervisor = caller('s', ['supervisor']),
    portal = caller('p', ['client'], 'c1');
  it.each<[PracticeRule['audience'], Caller | undefined, string]>([
    ['anyone', undefined, 'ok'],
    ['anyone', portal, 'ok'],
    ['signed_in', undefined, 'unauthenticated'],
    ['signed_in', portal, 'ok'],
    ['staff', undefined, 'unauthenticated'],
    ['staff', portal, 'forbidden'],
    ['staff', supervisor, 'ok'],
    ['staff', admin, 'ok'],
    ['admin', therapist, 'forbidden'],
    ['admin', admin, 'ok'],
    ['admin', portal, 'forbidden'],
    ['therapist', supervisor, 'forbidden'],
    ['therapist', therapist, 'ok'],
    ['therapist', admin, 'forbidden'],
  ])('%s, caller %j → %s', (audience, c, expected) => {
    const d = decidePractice(rule(audience), c);
    expect(d.ok ? 'ok' : d.code).toBe(expected);
  });
});

describe('the POLICY table against SPEC §2', () => {
  const clientRules = (Object.entries(POLICY) as [string, PolicyRule][]).filter((e): e is [string, ClientRule] => e[1].about === 'client');
  it('has a note for every entry', () => {
    for (const [key, rule] of Object.entries(POLICY)) expect(rule.note, key).not.toBe('');
  });
  it('gives another therapist nothing about someone else’s client', () => {
    for (const [key, rule] of clientRules) {
      expect(rule.allow, key).not.toContain('other_therapist');
      expect(rule.readWith ?? [], key).not.toContain('other_therapist');
    }
  });
  it('never lets a relation both act and merely see', () => {
    for (const [key, rule] of clientRules) for (const r of rule.readWith ?? []) expect(rule.allow, key).not.toContain(r);
  });
  it('lets only the assigned therapist (and admin for identity) write; supervisors and clients read', () => {
    expect(POLICY['client:read'].allow).toEqual(expect.arrayContaining(['assigned_therapist', 'supervisor', 'admin', 'client_self']));
    expect([...POLICY['client:update'].allow].sort()).toEqual(['admin', 'assigned_therapist']);
    expect([...POLICY['course:write'].allow]).toEqual(['assigned_therapist']);
    expect(POLICY['course:read'].allow).toContain('client_self');
    expect([...POLICY['client:access-report'].allow].sort()).toEqual(['assigned_therapist', 'client_self']);
  });
  it('keeps the audit trail for the admin', () => {
    expect(POLICY['audit:read']).toMatchObject({ about: 'practice', audience: 'admin' });
  });
});

describe('reachOf: whose caseloads a list may reach', () => {
  const read = POLICY['client:read'] as ClientRule,
    measures = POLICY['measures:read'] as ClientRule,
    alerts = POLICY['alerts:client'] as ClientRule;
  it('reaches every client for the admin only where the rule lets the admin in', () => {
    expect(reachOf(read, caller('a', ['admin']))).toEqual({ all: true });
    expect(reachOf(measures, caller('a', ['admin']))).toEqual({ all: false, own: false, supervisees: false });
    expect(reachOf(alerts, caller('a', ['admin', 'therapist']))).toEqual({ all: false, own: true, supervisees: false });
  });
  it('reaches a therapist’s own caseload and a supervisor’s supervisees’ caseloads', () => {
    expect(reachOf(read, caller('t', ['therapist']))).toEqual({ all: false, own: true, supervisees: false });
    expect(reachOf(measures, caller('s', ['supervisor', 'therapist']))).toEqual({ all: false, own: true, supervisees: true });
    expect(reachOf(read, caller('p', ['client'], 'c1'))).toEqual({ all: false, own: false, supervisees: false });
  });
  it('reaches nothing a rule does not let in', () => {
    const onlyTherapist: ClientRule = { about: 'client', allow: ['assigned_therapist'], note: 'x' };
    expect(reachOf(onlyTherapist, caller('s', ['supervisor']))).toEqual({ all: false, own: false, supervisees: false });
  });
});

describe('which side the caller speaks for', () => {
  it('a write speaks for the side its relation stands on', () => {
    expect(sideOf('assigned_therapist')).toBe('therapist');
    expect(sideOf('client_self')).toBe('client');
  });
  it('ledger writes allow only relations that speak for a side', () => {
    for (const key of ['alliance:propose', 'alliance:write', 'expectations:answer', 'measures:submit'] as const) {
      for (const r of POLICY[key].allow) expect(['assigned_therapist', 'client_self'], key).toContain(r);
    }
  });
  it('a reader is one of the sides, or an observer', () => {
    expect(viewerOf(['assigned_therapist', 'admin'])).toBe('therapist');
    expect(viewerOf(['client_self'])).toBe('client');
    expect(viewerOf(['supervisor'])).toBe('observer');
    expect(viewerOf(['admin'])).toBe('observer');
  });
  it('reads as the client only without a staff relation that sees more', () => {
    expect(readsAsClient(['client_self'])).toBe(true);
    expect(readsAsClient(['client_self', 'supervisor'])).toBe(false);
    expect(readsAsClient(['assigned_therapist'])).toBe(false);
  });
});

describe('conditional requirements in the table', () => {
  it('only the admin reassigns; everyone who may change the client is told so', () => {
    const reassign = POLICY['client:reassign'] as ClientRule;
    expect(decideClient(reassign, ['assigned_therapist'])).toEqual({ ok: false, code: 'forbidden' });
    expect(decideClient(reassign, ['assigned_therapist', 'admin'])).toEqual({ ok: true, via: 'admin' });
    for (const r of POLICY['client:update'].allow) expect([...reassign.allow, ...(reassign.readWith ?? [])]).toContain(r);
    expect(reassign.refusal).toBe('Only the admin reassigns clients.');
  });
  it('the practice’s escalation colleague is the admin’s, a therapist’s own is theirs', () => {
    expect(decidePractice(POLICY['escalation:practice'], caller('t', ['therapist']))).toEqual({ ok: false, code: 'forbidden' });
    expect(decidePractice(POLICY['escalation:practice'], caller('a', ['admin']))).toMatchObject({ ok: true });
    expect(decidePractice(POLICY['escalation:own'], caller('a', ['admin']))).toEqual({ ok: false, code: 'forbidden' });
    expect(decidePractice(POLICY['escalation:own'], caller('t', ['therapist']))).toMatchObject({ ok: true });
  });
});

describe('records guarded beyond their client (per-record grants)', () => {
  const now = '2026-03-10T12:00:00.000Z';
  const grant = (granteeId: string, over: Partial<RecordGrant> = {}): RecordGrant => ({
    granteeId,
    grantedAt: '2026-03-01T00:00:00.000Z',
    expiresAt: '2026-04-01T00:00:00.000Z',
    revokedAt: null,
    ...over,
  });
  const note: RecordGuard = { authorId: 't1', grants: [grant('s1')] };
  // A process note: the client's therapist and the supervisor may see the client; only the author
  // and a current grantee may open the note (the shape issue 11 builds on).
  const openNote: ClientRule = { about: 'client', allow: ['assigned_therapist', 'supervisor'], record: ['author', 'grantee'], note: 'a process note' };

  it('a grant holds from its start until it expires or is revoked', () => {
    expect(grantHolds(grant('s1'), now)).toBe(true);
    expect(grantHolds(grant('s1', { expiresAt: null }), now)).toBe(true);
    expect(grantHolds(grant('s1', { expiresAt: now }), now)).toBe(false);
    expect(grantHolds(grant('s1', { revokedAt: '2026-03-09T00:00:00.000Z' }), now)).toBe(false);
    expect(grantHolds(grant('s1', { grantedAt: '2026-03-11T00:00:00.000Z' }), now)).toBe(false);
  });

  it('names the author and the current grantees, nobody else', () => {
    expect(recordRelationsTo(caller('t1', ['therapist']), note, now)).toEqual(['author']);
    expect(recordRelationsTo(caller('s1', ['supervisor']), note, now)).toEqual(['grantee']);
    expect(recordRelationsTo(caller('s1', ['supervisor']), note, '2026-04-02T00:00:00.000Z')).toEqual([]);
    expect(recordRelationsTo(caller('s2', ['supervisor']), note, now)).toEqual([]);
    expect(recordRelationsTo(caller('a1', ['admin']), note, now)).toEqual([]);
  });

  it('opens to the author and a current grantee who may also see the client', () => {
    expect(decideRecord(openNote, ['assigned_therapist'], ['author'])).toEqual({ ok: true, via: 'assigned_therapist' });
    expect(decideRecord(openNote, ['supervisor'], ['grantee'])).toEqual({ ok: true, via: 'supervisor' });
  });

  it('answers not found to those who may read the client but hold no grant, even the assigned therapist', () => {
    expect(decideRecord(openNote, ['supervisor'], [])).toEqual({ ok: false, code: 'not_found' });
    expect(decideRecord(openNote, ['assigned_therapist'], [])).toEqual({ ok: false, code: 'not_found' });
    expect(decideRecord(openNote, ['assigned_therapist'], undefined)).toEqual({ ok: false, code: 'not_found' });
  });

  it('a grant never widens access to the client: the client rule is decided first', () => {
    expect(decideRecord(openNote, ['other_therapist'], ['grantee'])).toEqual({ ok: false, code: 'not_found' });
    expect(decideRecord(openNote, ['admin'], ['grantee'])).toEqual({ ok: false, code: 'not_found' });
  });

  it('a rule without a record guard is the client rule', () => {
    const read = POLICY['client:read'] as ClientRule;
    for (const rel of ['assigned_therapist', 'other_therapist', 'supervisor', 'admin', 'client_self'] as Relation[]) {
      expect(decideRecord(read, [rel], undefined)).toEqual(decideClient(read, [rel]));
    }
  });
});
