/**
 * The request pipeline every route goes through, in one place: authenticate (session cookie;
 * CSRF token on state changes; second factor) before anything in the request is looked at →
 * authorize (the route's entry in the policy table; out-of-scope answers 404, after the same work
 * as a missing id) → validate (zod, strict) → handle → audit. A write runs in one database
 * transaction with its audit event; a read's event is durable before the data leaves; a refusal,
 * by the policy or by the use case, is recorded too, naming the client and record it was about.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type {} from '@fastify/cookie';
import { z } from 'zod';
import { DomainError } from '../domain/errors.ts';
import type { AuditEventInput } from '../domain/audit-chain.ts';
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
  /** For writes, bound to the request's transaction (its audit log appends within it). */
  deps: Deps;
  request: FastifyRequest;
  reply: FastifyReply;
};

/** What one successful request is recorded as: one audit event per client and record named. */
export type AuditSubject = {
  /** The clients the request showed or changed (a list read names every client on it). */
  clientIds?: readonly string[];
  /** The records created or acted on; by default the result's `id` for a POST, else the last id in the path. */
  resourceIds?: readonly (string | null)[];
};

/**
 * One route. `response` is the route's wire contract (src/contract/): the handler must return what
 * the schema accepts (checked by tsc), the OpenAPI document describes it, and the HTTP tests
 * validate every answer against it.
 */
export type RouteDef<P = unknown, Q = unknown, B = unknown, S extends z.ZodType = z.ZodType, R extends z.input<S> = z.input<S>> = {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  url: string;
  policy: PolicyKey;
  summary: string;
  tag: string;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  response: S;
  status?: number;
  /** For client rules: which client the request is about. */
  clientRef?: (params: P, signedIn: SignedIn | undefined) => ClientRef;
  /** Allowed while a second factor is still pending (sign-out, enrolment). */
  beforeMfa?: boolean;
  /** What the audit trail calls this action; defaults to the policy key. */
  auditAs?: string;
  /**
   * Routes about one client are always recorded (their client, and their record). A practice
   * route is recorded by the pipeline only when it declares what it touched: the clients a list
   * showed, the client of an alert acted on. Handlers never write the audit trail themselves.
   * (Declare it after `handler`, so its result type is inferred.)
   */
  audit?(result: R, params: P): AuditSubject;
  handler: (ctx: Ctx<P, Q, B>) => Promise<R>;
};

/** Declares a route with its types inferred from its schemas; a handler whose result its response schema does not accept fails to compile. */
export function route<P = Record<string, never>, Q = Record<string, never>, B = undefined, S extends z.ZodType = z.ZodType, const R extends z.input<S> = z.input<S>>(def: RouteDef<P, Q, B, S, R>): RouteDef<P, Q, B, S, R> {
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

const REFUSED: Record<'not_found' | 'forbidden' | 'unauthenticated', string> = {
  not_found: 'Not found.', forbidden: 'You do not have access to do this.', unauthenticated: 'Please sign in.',
};

export function registerRoute(app: FastifyInstance, deps: Deps, def: RouteDef<any, any, any, any>, cookieName = SESSION_COOKIE): void { // eslint-disable-line @typescript-eslint/no-explicit-any
  const rule = POLICY[def.policy];
  const isPublic = rule.about === 'practice' && rule.audience === 'anyone';
  const action = def.auditAs ?? def.policy;
  // Sign-in, re-authentication, the second factor and password changes record their own outcomes.
  const selfAudited = def.tag === 'session';
  // Every other write runs in one transaction with its audit events (the pipeline's, and any the
  // use case records on the audit log it is handed).
  const unitOfWork = MUTATING.has(def.method) && !isPublic && !selfAudited;
  app.route({
    method: def.method,
    url: def.url,
    config: { policy: def.policy },
    handler: async (request, reply) => {
      const ip = request.ip;

      // Who is asking, before anything the caller sent is looked at: an anonymous caller learns
      // nothing about a route's fields.
      const token = request.cookies[cookieName];
      const signedIn = token ? await resolveSession(deps, token) : undefined;
      if (token && !signedIn) reply.clearCookie(cookieName, { path: '/', secure: cookieName !== SESSION_COOKIE });
      const caller = signedIn?.caller;
      const event = (e: Pick<AuditEventInput, 'outcome' | 'resourceType' | 'resourceId' | 'clientId' | 'detail'>): AuditEventInput =>
        ({ actorId: caller?.userId ?? null, actorRole: caller?.roles.join(',') ?? null, action, ip, ...e });
      const deny = async (code: keyof typeof REFUSED, about: { clientId: string | null; resourceId: string | null }): Promise<never> => {
        await deps.audit.record(event({ outcome: 'denied', resourceType: rule.about, ...about, detail: code }));
        throw new DomainError(code, REFUSED[code]);
      };
      if (!isPublic && !caller) await deny('unauthenticated', { clientId: null, resourceId: null });
      if (signedIn && MUTATING.has(def.method) && request.headers['x-csrf-token'] !== signedIn.session.csrfToken) {
        throw new DomainError('csrf', 'This request is missing its anti-forgery token. Reload the page and try again.');
      }
      if (signedIn?.mfaPending && !def.beforeMfa && !isPublic) {
        throw new DomainError('mfa_required', signedIn.mfaPending === 'enrol' ? 'Set up a second factor to continue.' : 'Enter the code from your authenticator app to continue.', { mfa: signedIn.mfaPending });
      }

      // May they: decided before the query and body are validated, so a refused caller gets the
      // policy's answer whatever they sent. A malformed id in the path is simply not found.
      const params = parse(def.params, request.params, 'path');
      const target = firstId(params);
      let standing: ClientStanding | undefined;
      let relations: Relation[] = [];
      if (rule.about === 'practice') {
        const d = decidePractice(rule, caller);
        if (!d.ok) await deny(d.code, { clientId: null, resourceId: target });
      } else {
        // Missing and out of scope do the same work (the same queries, one refusal event) and
        // answer the same; only the audit trail knows which client an out-of-scope attempt was about.
        standing = await standingOf(deps, def.clientRef?.(params, signedIn) ?? {});
        relations = standing ? relationsTo(caller!, standing) : [];
        const d = standing ? decideClient(rule, relations) : { ok: false as const, code: 'not_found' as const };
        if (!d.ok) await deny(d.code, { clientId: standing?.clientId ?? null, resourceId: target });
      }
      const query = parse(def.query, request.query, 'query');
      const body = def.method === 'GET' || def.method === 'DELETE' ? undefined : parse(def.body, request.body, 'body');

      const audited = standing !== undefined || def.audit !== undefined;
      const succeeded = (result: unknown): AuditEventInput[] => {
        const subject = def.audit?.(result, params) ?? {};
        const clientIds: (string | null)[] = subject.clientIds ? [...subject.clientIds] : standing ? [standing.clientId] : [];
        const resourceIds = subject.resourceIds ?? [def.method === 'POST' ? idOf(result) ?? target : target];
        return (clientIds.length ? clientIds : [null]).flatMap((clientId) =>
          resourceIds.map((resourceId) => event({ outcome: 'ok', resourceType: def.tag, resourceId, clientId, detail: null })));
      };
      const base = { params, query, body, signedIn, standing, relations, ip, request, reply };
      let result: unknown;
      try {
        result = unitOfWork
          // A write and its audit events commit together, or neither does.
          ? await deps.audit.transaction(async (tx, audit) => {
            const r = await def.handler({ ...base, deps: { ...deps, store: tx, audit } });
            if (audited) for (const e of succeeded(r)) await audit.record(e);
            return r;
          })
          : await def.handler({ ...base, deps });
      } catch (err) {
        // Refused by the use case (a conflict, an alert out of scope…): recorded after the
        // transaction rolled back, with the client it was about.
        const code = err instanceof DomainError ? err.code : null;
        if (caller && !isPublic && !selfAudited && code !== 'audit_unavailable' && code !== 'unavailable') {
          const clientId = standing?.clientId ?? (err instanceof DomainError ? err.auditClientId : null) ?? null;
          await deps.audit.record(event({ outcome: code ? 'denied' : 'failed', resourceType: standing ? rule.about : def.tag, resourceId: target, clientId, detail: code ?? 'internal' }))
            .catch(() => undefined);
        }
        throw err;
      }
      if (audited && !unitOfWork) {
        // Awaited: if the audit event cannot be written, the client data is not sent.
        try {
          await Promise.all(succeeded(result).map((e) => deps.audit.record(e)));
        } catch {
          throw new DomainError('audit_unavailable', 'The access could not be recorded, so it was refused. Please try again shortly.');
        }
      }
      reply.status(def.status ?? (def.method === 'POST' ? 201 : 200));
      return result ?? { ok: true };
    },
  });
}

/** The id of a created record: the result's own `id`. */
function idOf(result: unknown): string | null {
  const id = result && typeof result === 'object' ? (result as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? id : null;
}

function firstId(params: unknown): string | null {
  if (!params || typeof params !== 'object') return null;
  const values = Object.values(params as Record<string, unknown>).filter((v): v is string => typeof v === 'string');
  return values[values.length - 1] ?? null;
}

/** Ids in paths are UUIDs; anything else is simply not found. */
export const idParam = z.string().uuid();
