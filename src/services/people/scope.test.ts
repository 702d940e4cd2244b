import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Caller } from '../../domain/access.ts';
import type { Practice, TestWorld } from '../../../test/support/harness.ts';
import { makeWorld, seedPractice } from '../../../test/support/harness.ts';
import { createClient } from './clients.ts';
import { clientsInScope } from './scope.ts';

const contact = { email: null, phone: null, dateOfBirth: null };

describe('clientsInScope: the one narrowing of every client list', () => {
  let world: TestWorld;
  let p: Practice;
  let theirs: string, others: string;
  const as = async (id: string): Promise<Caller> => (await p.actor(id)).caller;
  const ids = async (id: string, key: Parameters<typeof clientsInScope>[2]) => (await clientsInScope(world.deps, await as(id), key)).map((c) => c.id).sort();
  beforeAll(async () => {
    world = await makeWorld();
    p = await seedPractice(world.deps);
    theirs = (await createClient(world.deps, p.therapistId, { name: 'Casey', contact })).id;
    others = (await createClient(world.deps, p.otherTherapistId, { name: 'Dana', contact })).id;
  });
  afterAll(async () => {
    await world?.close();
  });

  it('a therapist sees their own caseload; a supervisor their supervisees’; a supervisor of nobody none', async () => {
    expect(await ids(p.therapistId, 'client:read')).toEqual([theirs]);
    expect(await ids(p.otherTherapistId, 'client:read')).toEqual([others]);
    expect(await ids(p.supervisorId, 'client:read')).toEqual([theirs]);
    expect(await ids(p.otherSupervisorId, 'client:read')).toEqual([]);
  });

  it('the admin sees every client where the rule lets the admin in, and none where it does not', async () => {
    expect(await ids(p.adminId, 'client:read')).toEqual([theirs, others].sort());
    expect(await ids(p.adminId, 'measures:read')).toEqual([]);
    expect(await ids(p.adminId, 'alerts:client')).toEqual([]);
  });

  it('a list never shows a client the rule would refuse one by one', async () => {
    expect(await ids(p.supervisorId, 'measures:read')).toEqual([theirs]);
    expect(await ids(p.therapistId, 'alerts:client')).toEqual([theirs]);
    expect(await ids(p.otherTherapistId, 'alerts:client')).toEqual([others]);
  });
});
