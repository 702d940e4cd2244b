import { describe, expect, it } from 'vitest';
import { alertAccess } from './access.ts';
import type { Caller, ClientStanding } from '../access.ts';

const standing: ClientStanding = { clientId: 'c', therapistId: 'theo', supervisorIdsOfTherapist: ['sue'] };
const caller = (userId: string, roles: Caller['roles'], clientId: string | null = null): Caller => ({ userId, roles, clientId });

describe('alertAccess (SPEC §2, Alerts)', () => {
  it('the assigned therapist acts; the supervisor reads; the admin, another therapist and the client get nothing', () => {
    expect(alertAccess(caller('theo', ['therapist']), standing, {})).toBe('act');
    expect(alertAccess(caller('sue', ['supervisor']), standing, {})).toBe('read');
    expect(alertAccess(caller('ada', ['admin']), standing, {})).toBe('none');
    expect(alertAccess(caller('olga', ['therapist']), standing, {})).toBe('none');
    expect(alertAccess(caller('casey', ['client'], 'c'), standing, {})).toBe('none');
  });

  it('the designated colleague acts once the alert was escalated to them — staff only', () => {
    expect(alertAccess(caller('olga', ['therapist']), standing, { escalatedTo: 'olga' })).toBe('act');
    expect(alertAccess(caller('sue', ['supervisor']), standing, { escalatedTo: 'sue' })).toBe('act');
    expect(alertAccess(caller('ada', ['admin']), standing, { escalatedTo: 'ada' })).toBe('none');
    expect(alertAccess(caller('olga', ['therapist']), standing, { escalatedTo: 'someone-else' })).toBe('none');
  });
});
