import { describe, expect, it } from 'vitest';
import type { Caller, ClientStanding, Relation } from './access.ts';

/** What only the client themselves does, and the admin's reassignment: the assigned therapist does everything else. */
/** What the assigned therapist may not do: the admin's (reassign, erase, hold) and the client's own parts. */
const CLIENT_ONLY = new Set<string>(['client:reassign', 'erasure:erase', 'erasure:hold', 'ending:client-list', 'ending:follow-up', 'reflections:write']);
import {
  CLIENT_ACTIONS,
  COURSE_ACTIONS,
  POLICY,
  SESSION_ACTIONS,
  permitted,
  possibleRelations,
  relationsTo,
  secondFactorRequired,
  sessionCan,
} from './access.ts';

const client: ClientStanding = { clientId: 'c1', therapistId: 't1', supervisorIdsOfTherapist: ['s1'] };
const caller = (userId: string, roles: Caller['roles'], clientId: string | null = null): Caller => ({ userId, roles, clientId });
const callers = {
  admin: caller('a1', ['admin']),
  assigned: caller('t1', ['therapist']),
  other: caller('t2', ['therapist']),
  supervisor: caller('s1', ['supervisor']),
  self: caller('u9', ['client'], 'c1'),
};
const allowedOf = (can: Record<string, boolean>) =>
  Object.entries(can)
    .filter(([, v]) => v)
    .map(([k]) => k)
    .sort();

describe('permitted: what a caller may do with one client', () => {
  const on = (c: Caller) => allowedOf(permitted(CLIENT_ACTIONS, c, relationsTo(c, client)));
  it('the assigned therapist does everything but reassign and write the client’s own parts', () => {
    expect(on(callers.assigned)).toEqual(CLIENT_ACTIONS.filter((k) => !CLIENT_ONLY.has(k)).sort());
  });
  it('the admin corrects the record and reassigns; no clinical data (of notes, their dates and types only)', () => {
    expect(on(callers.admin)).toEqual(['client:reassign', 'client:update', 'erasure:erase', 'erasure:hold', 'erasure:read', 'notes:index']);
  });
  it('the supervisor reads the clinical record and changes nothing', () => {
    expect(on(callers.supervisor)).toEqual([
      'alerts:client',
      'alliance:read',
      'cues:read',
      'ending:read',
      'measures:read',
      'notes:index',
      'notes:read',
      'process-notes:list',
      'skills:read',
    ]);
  });
  it('another therapist may do nothing', () => {
    expect(on(callers.other)).toEqual([]);
  });
  it('the client answers, proposes and reads their own; never alerts or cues', () => {
    expect(on(callers.self)).toEqual([
      'alliance:propose',
      'alliance:read',
      'client:access-report',
      'ending:client-list',
      'ending:follow-up',
      'ending:read',
      'expectations:answer',
      'export:client',
      'measures:read',
      'measures:submit',
      'notes:read',
      'reflections:write',
      'skills:read',
    ]);
  });
  it('agrees with the pipeline’s decision for every client rule and relation', () => {
    const relations: Relation[] = ['assigned_therapist', 'other_therapist', 'supervisor', 'admin', 'client_self'];
    for (const [key, rule] of Object.entries(POLICY)) {
      if (rule.about !== 'client') continue;
      for (const r of relations)
        expect(permitted([key as keyof typeof POLICY], undefined, [r])[key as keyof typeof POLICY], `${key} via ${r}`).toBe(
          (rule.allow as readonly Relation[]).includes(r),
        );
    }
  });
  it('refuses a client rule when no relation is given', () => {
    expect(permitted(['client:read', 'course:write'], callers.admin)).toEqual({ 'client:read': false, 'course:write': false });
  });
  it('a course presents a subset of its client’s actions', () => {
    for (const k of COURSE_ACTIONS) expect(CLIENT_ACTIONS as readonly string[]).toContain(k);
  });
});

describe('permitted: practice actions', () => {
  it('decides from the caller alone, whatever relations are given', () => {
    expect(permitted(['users:manage', 'clients:create', 'clients:list'], callers.admin, ['assigned_therapist'])).toEqual({
      'users:manage': true,
      'clients:create': false,
      'clients:list': true,
    });
    expect(permitted(['users:manage', 'clients:create', 'clients:list'], callers.assigned)).toEqual({
      'users:manage': false,
      'clients:create': true,
      'clients:list': true,
    });
    expect(permitted(['clients:list', 'session:read'], callers.self)).toEqual({ 'clients:list': false, 'session:read': true });
    expect(permitted(['session:read', 'health'], undefined)).toEqual({ 'session:read': false, health: true });
  });
  it('the escalation and reassignment keys are presented like any other', () => {
    expect(permitted(['escalation:own', 'escalation:practice'], callers.assigned)).toEqual({ 'escalation:own': true, 'escalation:practice': false });
    expect(permitted(['escalation:own', 'escalation:practice'], callers.admin)).toEqual({ 'escalation:own': false, 'escalation:practice': true });
  });
});

describe('possibleRelations', () => {
  it('names what each role can be toward some client', () => {
    expect(possibleRelations(callers.assigned)).toEqual(['assigned_therapist', 'other_therapist']);
    expect(possibleRelations(callers.supervisor)).toEqual(['supervisor']);
    expect(possibleRelations(callers.admin)).toEqual(['admin']);
    expect(possibleRelations(callers.self)).toEqual(['client_self']);
    expect(possibleRelations(caller('u1', ['client']))).toEqual([]);
  });
});

describe('sessionCan', () => {
  const none = { requireMfaStaff: false, requireMfaAdmin: false };
  const yes = (c: Caller, settings = none) => allowedOf(sessionCan(c, settings));
  it('the admin: administration, the clients list (of others), no alerts', () => {
    expect(yes(callers.admin)).toEqual([
      'audit:read',
      'clients:list',
      'clients:others',
      'escalation:practice',
      'instruments:import',
      'mail:manage',
      'mfa:manage',
      'mfa:remove',
      'notices:own',
      'practice:update',
      'reports:practice',
      'retention:settings',
      'supervision:manage',
      'users:manage',
    ]);
  });
  it('a therapist: own caseload, alerts, own escalation colleague', () => {
    expect(yes(callers.assigned)).toEqual([
      'alerts:client',
      'clients:create',
      'clients:list',
      'course:write',
      'escalation:own',
      'export:practice',
      'import:practice',
      'mfa:manage',
      'mfa:remove',
      'notes:read',
      'notes:write',
      'notices:own',
      'process-notes:export',
      'reports:practice',
    ]);
  });
  it('a supervisor: others’ clients and their alerts, nothing to write', () => {
    expect(yes(callers.supervisor)).toEqual([
      'alerts:client',
      'clients:list',
      'clients:others',
      'mfa:manage',
      'mfa:remove',
      'notes:read',
      'notices:own',
      'reports:practice',
    ]);
  });
  it('a therapist who also supervises reads others’ clients too', () => {
    expect(sessionCan(caller('t1', ['therapist', 'supervisor']), none)['clients:others']).toBe(true);
  });
  it('a client: nothing of the practice; their own portal', () => {
    expect(yes(callers.self)).toEqual(['notes:read', 'portal', 'reflections:write']);
    expect(sessionCan(caller('t2', ['therapist'], 'c1'), none).portal).toBe(false);
  });
  it('a required second factor cannot be removed', () => {
    expect(sessionCan(callers.admin, { requireMfaStaff: false, requireMfaAdmin: true })['mfa:remove']).toBe(false);
    expect(sessionCan(callers.assigned, { requireMfaStaff: false, requireMfaAdmin: true })['mfa:remove']).toBe(true);
    expect(sessionCan(callers.assigned, { requireMfaStaff: true, requireMfaAdmin: false })['mfa:remove']).toBe(false);
    expect(secondFactorRequired(['client'], { requireMfaStaff: true, requireMfaAdmin: true })).toBe(false);
    expect(secondFactorRequired(['admin'], undefined)).toBe(false);
  });
  it('presents every session action', () => {
    expect(Object.keys(sessionCan(callers.assigned, none)).sort()).toEqual([...SESSION_ACTIONS, 'clients:others', 'mfa:remove', 'portal'].sort());
  });
});
