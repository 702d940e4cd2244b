/**
 * The pipeline's seam for records guarded beyond their client (process notes, issue 11): a route
 * whose policy entry has `record` declares a guard loader; the pipeline loads the record's author
 * and grants and decides with `decideRecord`. Grants have no storage yet, so the table entry and
 * the loader here are the test's own (a map of notes), through the real app and sessions.
 */
import { describe, it, expect, beforeAll, afterAll, vi } from 'vitest';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { Cast } from '../../test/support/cast.ts';
import { errorOf, eventsSince, headSeq, makeCast } from '../../test/support/cast.ts';
import type { Agent } from '../../test/support/harness.ts';
import { signInAgent } from '../../test/support/harness.ts';
import type { PolicyKey, RecordGuard } from '../domain/access.ts';
import type * as Access from '../domain/access.ts';
import { buildApp } from './app.ts';
import { registerRoute } from './route.ts';
import type { RouteDef } from './route.ts';

// A process note's rule, as issue 11 is to add it: therapist and supervisor may see the client;
// only the author and a current grantee open the note.
vi.mock('../domain/access.ts', async (original) => {
  const m = await original<typeof Access>();
  return {
    ...m,
    POLICY: {
      ...m.POLICY,
      'test:note-open': { about: 'client', allow: ['assigned_therapist', 'supervisor'], record: ['author', 'grantee'], note: 'a guarded record' },
    },
  };
});

const NOTE_OPEN = 'test:note-open' as PolicyKey;
const params = z.object({ clientId: z.string().uuid(), noteId: z.string().uuid() });
type P = z.infer<typeof params>;

describe('records guarded by per-record grants, through the pipeline', () => {
  let cast: Cast;
  let app: FastifyInstance;
  const notes = new Map<string, RecordGuard>();
  const loaded: string[] = [];
  const granted = randomUUID(),
    lapsed = randomUUID();
  const as: Record<string, Agent> = {};
  const open = (who: string, noteId: string, clientId = cast.ids.clientC) => as[who]!.req('GET', `/api/test/clients/${clientId}/notes/${noteId}`);

  beforeAll(async () => {
    cast = await makeCast();
    const p = cast.practice;
    const current = { grantedAt: '2026-01-01T00:00:00.000Z', expiresAt: '2027-01-01T00:00:00.000Z', revokedAt: null };
    notes.set(granted, {
      authorId: p.therapistId,
      grants: [p.supervisorId, p.otherSupervisorId, p.adminId, p.otherTherapistId].map((granteeId) => ({ granteeId, ...current })),
    });
    notes.set(lapsed, {
      authorId: p.therapistId,
      grants: [{ granteeId: p.supervisorId, grantedAt: '2026-01-01T00:00:00.000Z', expiresAt: '2026-01-02T00:00:00.000Z', revokedAt: null }],
    });
    app = await buildApp({ deps: cast.world.deps, secureCookies: false, logger: false, version: 'test' });
    const opened = z.object({ opened: z.string() });
    const def: RouteDef<P, unknown, undefined, typeof opened> = {
      method: 'GET',
      url: '/api/test/clients/:clientId/notes/:noteId',
      policy: NOTE_OPEN,
      tag: 'notes',
      summary: 'Open a guarded note',
      params,
      clientRef: (q) => ({ clientId: q.clientId }),
      response: opened,
      guard: async (_deps, q) => {
        loaded.push(q.noteId);
        return notes.get(q.noteId);
      },
      handler: async ({ params: q }) => ({ opened: q.noteId }),
    };
    registerRoute(app, cast.world.deps, def);
    for (const [who, email] of Object.entries({ ...p.emails, client: 'casey@example.org' })) as[who] = await signInAgent(app, email);
  });
  afterAll(async () => {
    await app?.close();
    await cast?.close();
  });

  it('opens to the author and to a supervisor of the client holding a current grant', async () => {
    expect((await open('therapist', granted)).json()).toEqual({ opened: granted });
    expect((await open('therapist', lapsed)).statusCode).toBe(200);
    expect((await open('supervisor', granted)).statusCode).toBe(200);
  });

  it('answers a lapsed grant, a grant to someone who may not see the client, and a missing note alike: not found', async () => {
    const missing = await open('supervisor', randomUUID());
    expect(missing.statusCode).toBe(404);
    for (const [who, note] of [
      ['supervisor', lapsed],
      ['otherSupervisor', granted],
      ['admin', granted],
      ['otherTherapist', granted],
      ['client', granted],
    ] as const) {
      const res = await open(who, note);
      expect(res.statusCode, who).toBe(404);
      expect(res.json(), who).toEqual(missing.json());
    }
  });

  it('loads the record whatever the caller’s standing, so withheld and missing take the same work', async () => {
    loaded.length = 0;
    await open('otherTherapist', granted);
    await open('otherTherapist', granted, randomUUID());
    expect(loaded).toEqual([granted, granted]);
  });

  it('records the opening and the refusal, naming the client', async () => {
    const seq = await headSeq(cast);
    await open('supervisor', granted);
    await open('supervisor', lapsed);
    const events = await eventsSince(cast, seq);
    expect(events.map((e) => [e.outcome, e.action, e.clientId, e.resourceId, e.detail])).toEqual([
      ['ok', NOTE_OPEN, cast.ids.clientC, granted, null],
      ['denied', NOTE_OPEN, cast.ids.clientC, lapsed, 'not_found'],
    ]);
    expect(errorOf(await open('supervisor', lapsed))?.code).toBe('not_found');
  });

  it('refuses at start-up a guarded rule on a route that declares no guard loader', async () => {
    const bare = await buildApp({ deps: cast.world.deps, secureCookies: false, logger: false, version: 'test' });
    try {
      expect(() =>
        registerRoute(bare, cast.world.deps, {
          method: 'GET',
          url: '/api/test/x/:clientId',
          policy: NOTE_OPEN,
          tag: 'notes',
          summary: 'x',
          response: z.object({}),
          handler: async () => ({}),
        }),
      ).toThrow(/guard loader/);
    } finally {
      await bare.close();
    }
  });
});
