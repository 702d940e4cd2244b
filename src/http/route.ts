/**
 * The request pipeline every route goes through, in one place: validate (zod, strict) →
 * authenticate (session cookie; CSRF token on state changes; second factor) → authorize (the
 * route's entry in the policy table; out-of-scope answers 404) → handle → audit (awaited before
 * the response for anything about a client, so an unaudited read is never sent).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type {} from '@fastify/cookie';
import { z } from 'zod';
import { DomainError } from '../domain/errors.ts';
import type { ClientStanding, PolicyKey, Relation } from '../domain/access.ts';
import { POLICY, decideClient, decidePractice, relationsTo } from '../domain/access.ts';
import type { SignedIn } from '../services/auth.ts';
import { resolveSession } from '../services/auth.ts';
import { standingOf } from '../services/clients.ts';
import type { Deps } from '../services/deps.ts';

export const SESSION_COOKIE = 'accord_session';
/** Under TLS the cookie carries the __Host- prefix: the browser then insists on Secure, Path=/ and no Domain. */
export const sessionCookieName = (secure: boolean): string => (secure ? `__Host-${SESSION_COOKIE}` : SESSION_COOKIE);

export type ClientRef = { clientId?: string; courseId?: string; sessionId?: string };

export type Ctx<P, Q, B> = {
  params: P; query: Q; body: B;
  signedIn: SignedIn | undefined;
  /** Set for routes about one client: who the client is and how the caller stands to them. */
  standing: ClientStanding | undefined;
  relations: readonly Relation[];
  ip: string;
  deps: Deps;
  request: FastifyRequest;
  reply: FastifyReply;
};

export type RouteDef<P = unknown, Q = unknown, B = unknown> = {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  url: string;
  policy: PolicyKey;
  summary: string;
  tag: string;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  response?: z.ZodType;
  status?: number;
  /** For client rules: which client the request is about. */
  clientRef?: (params: P, signedIn: SignedIn | undefined) => ClientRef;
  /** Allowed while a second factor is still pending (sign-out, enrolment). */
  beforeMfa?: boolean;
  /** What the audit trail calls this action; defaults to the policy key. */
  auditAs?: string;
  handler: (ctx: Ctx<P, Q, B>) => Promise<unknown>;
};

/** Declares a route with its types inferred from its schemas. */
export function route<P = Record<string, never>, Q = Record<string, never>, B = undefined>(def: RouteDef<P, Q, B>): RouteDef<P, Q, B> {
  return def;
}

const MUTATING = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);

function parse<T>(schema: z.ZodType<T> | undefined, value: unknown, where: string): T {
  if (!schema) return value as T;
  const r = schema.safeParse(value ?? (where === 'body' ? undefined : {}));
  if (!r.success && where === 'path') throw new DomainError('not_found', 'Not found.');
  if (!r.success) {
    throw new DomainError('invalid_input', `The ${where} is not valid: ${r.error.issues.map((i) => `${i.path.join('.') || where}: ${i.message}`).join('; ')}`,
      { issues: r.error.issues.map((i) => ({ path: [where, ...i.path.map(String)].join('.'), message: i.message })) });
  }
  return r.data;
}

export function registerRoute(app: FastifyInstance, deps: Deps, def: RouteDef<any, any, any>, cookieName = SESSION_COOKIE): void { // eslint-disable-line @typescript-eslint/no-explicit-any
  const rule = POLICY[def.policy];
  app.route({
    method: def.method,
    url: def.url,
    config: { policy: def.policy },
    handler: async (request, reply) => {
      const ip = request.ip;
      const params = parse(def.params, request.params, 'path');
      const query = parse(def.query, request.query, 'query');
      const body = def.method === 'GET' || def.method === 'DELETE' ? undefined : parse(def.body, request.body, 'body');

      const token = request.cookies[cookieName];
      const signedIn = token ? await resolveSession(deps, token) : undefined;
      if (token && !signedIn) reply.clearCookie(cookieName, { path: '/', secure: cookieName !== SESSION_COOKIE });
      if (signedIn && MUTATING.has(def.method) && request.headers['x-csrf-token'] !== signedIn.session.csrfToken) {
        throw new DomainError('csrf', 'This request is missing its anti-forgery token. Reload the page and try again.');
      }
      const isPublic = rule.about === 'practice' && rule.audience === 'anyone';
      if (signedIn?.mfaPending && !def.beforeMfa && !isPublic) {
        throw new DomainError('mfa_required', signedIn.mfaPending === 'enrol' ? 'Set up a second factor to continue.' : 'Enter the code from your authenticator app to continue.', { mfa: signedIn.mfaPending });
      }

      let standing: ClientStanding | undefined;
      let relations: Relation[] = [];
      const caller = signedIn?.caller;
      const deny = async (code: 'not_found' | 'forbidden' | 'unauthenticated', clientId: string | null) => {
        await deps.audit.record({ actorId: caller?.userId ?? null, actorRole: caller?.roles.join(',') ?? null, action: def.auditAs ?? def.policy, resourceType: rule.about, resourceId: clientId, clientId, outcome: 'denied', ip, detail: code });
        throw new DomainError(code, code === 'not_found' ? 'Not found.' : code === 'forbidden' ? 'You do not have access to do this.' : 'Please sign in.');
      };
      if (rule.about === 'practice') {
        const d = decidePractice(rule, caller);
        if (!d.ok) await deny(d.code, null);
      } else {
        if (!caller) await deny('unauthenticated', null);
        const ref = def.clientRef?.(params, signedIn) ?? {};
        standing = await standingOf(deps, ref);
        if (!standing) throw new DomainError('not_found', 'Not found.');
        relations = relationsTo(caller!, standing);
        const d = decideClient(rule, relations);
        if (!d.ok) await deny(d.code, d.code === 'not_found' ? null : standing.clientId);
      }

      const result = await def.handler({ params, query, body, signedIn, standing, relations, ip, deps, request, reply });

      if (standing) {
        // Awaited: if the audit event cannot be written, the client data is not sent.
        try {
          await deps.audit.record({ actorId: caller!.userId, actorRole: caller!.roles.join(','), action: def.auditAs ?? def.policy, resourceType: def.tag, resourceId: firstId(params), clientId: standing.clientId, outcome: 'ok', ip, detail: null });
        } catch {
          throw new DomainError('audit_unavailable', 'The access could not be recorded, so it was refused. Please try again shortly.');
        }
      }
      reply.status(def.status ?? (def.method === 'POST' ? 201 : 200));
      return result ?? { ok: true };
    },
  });
}

function firstId(params: unknown): string | null {
  if (!params || typeof params !== 'object') return null;
  const values = Object.values(params as Record<string, unknown>).filter((v): v is string => typeof v === 'string');
  return values[values.length - 1] ?? null;
}

/** Ids in paths are UUIDs; anything else is simply not found. */
export const idParam = z.string().uuid();
