import { describe, it, expect } from 'vitest';
import type { Caller, ClientRule, ClientStanding, PolicyRule, PracticeRule, Relation } from './access.ts';
import { POLICY, allows, decideClient, decidePractice, relationsTo } from './access.ts';

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
  const admin = caller('a', ['admin']), therapist = caller('t', ['therapist']), supervisor = caller('s', ['supervisor']), portal = caller('p', ['client'], 'c1');
  it.each<[PracticeRule['audience'], Caller | undefined, string]>([
    ['anyone', undefined, 'ok'], ['anyone', portal, 'ok'],
    ['signed_in', undefined, 'unauthenticated'], ['signed_in', portal, 'ok'],
    ['staff', undefined, 'unauthenticated'], ['staff', portal, 'forbidden'], ['staff', supervisor, 'ok'], ['staff', admin, 'ok'],
    ['admin', therapist, 'forbidden'], ['admin', admin, 'ok'], ['admin', portal, 'forbidden'],
    ['therapist', supervisor, 'forbidden'], ['therapist', therapist, 'ok'], ['therapist', admin, 'forbidden'],
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
