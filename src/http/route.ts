/**
 * The request pipeline every route goes through, in one place: authenticate (session cookie;
 * CSRF token on state changes; second factor) before anything in the request is looked at →
 * authorize (the route's entry in the policy table, and a guarded record's grants; out-of-scope
 * answers 404, after the same work as a missing id) → validate (zod, strict) → the further policy
 * keys the request asks for → handle → audit. A write runs in one database transaction with its
 * audit event; a read's event is durable before the data leaves; a refusal, by the policy or by
 * the use case, is recorded too, naming the client and record it was about. Handlers get a
 * signed-in caller on every non-public route and only call services: every access decision is
 * POLICY's, every audit event the pipeline's (described by the route's `auditAs` and `audit`).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type {} from '@fastify/cookie';
import { z } from 'zod';
import { DomainError } from '../domain/errors.ts';
import type { AuditEventInput } from '../domain/audit-chain.ts';
import type { Audience, ClientStanding, PolicyKey, PolicyRule, RecordGuard, Relation } from '../domain/access.ts';
import { POLICY, decideClient, decidePractice, decideRecord, recordRelationsTo, relationsTo } from '../domain/access.ts';
import type { SignedIn } from '../services/accounts/auth.ts';
import { resolveSession } from '../services/accounts/auth.ts';
import { standingOf } from '../services/people/clients.ts';
import type { Deps } from '../services/deps.ts';
import { unitOfWork as inUnitOfWork } from '../services/unit-of-work.ts';

export const SESSION_COOKIE = 'accord_session';
/** Under TLS the cookie carries the __Host- prefix: the browser then insists on Secure, Path=/ and no Domain. */
export const sessionCookieName = (secure: boolean): string => (secure ? `__Host-${SESSION_COOKIE}` : SESSION_COOKIE);

export type ClientRef = { clientId?: string; courseId?: string; sessionId?: string };

type RuleOf<K extends PolicyKey> = (typeof POLICY)[K];
/** Who the handler is called for: anyone on a public route, else always a signed-in caller (the pipeline refused the rest). */
export type SignedInFor<K extends PolicyKey> = K extends PolicyKey ? (RuleOf<K> extends { audience: 'anyone' } ? SignedIn | undefined : SignedIn) : never;
/** What let the caller in: for a client rule, the first of its `allow` relations the caller has; else the audience. */
export type Via<K extends PolicyKey> = K extends PolicyKey ? (RuleOf<K> extends { allow: readonly (infer R)[] } ? R : Audience) : never;

export type Ctx<P, Q, B, K extends PolicyKey = PolicyKey> = {
  params: P;
  query: Q;
  body: B;
  signedIn: SignedInFor<K>;
  /** Set for routes about one client: who the client is and how the caller stands to them. */
  standing: ClientStanding | undefined;
  relations: readonly Relation[];
  /** The relation (or audience) by which the route's policy let the caller in: which side a write speaks for. */
  via: Via<K>;
  ip: string;
  /** For writes, bound to the request's transaction (its audit log appends within it). */
  deps: Deps;
  request: FastifyRequest;
  reply: FastifyReply;
};

/**
 * What one successful request is recorded as: one audit event per record named, about its client,
 * or naming every client when there are several (a list read: one event, its clients kept beside it).
 */
export type AuditSubject = {
  /** The clients the request showed or changed (a list read names every client on it). */
  clientIds?: readonly string[];
  /** The records created or acted on; by default the result's `id` for a POST, else the last id in the path. */
  resourceIds?: readonly (string | null)[];
  /** What kind of record these are, when it is not the route's tag (the practice, a user). */
  resourceType?: string;
  /** A success recorded under an older name than the route's action (the trail's names are kept as they were). */
  action?: string;
  /** Non-clinical detail, e.g. the names of the settings changed. */
  detail?: string;
};

/**
/**
 * A further policy entry a request needs besides the route's own, decided after validation, when
 * the request asks for more than the route's policy gives (a PATCH that names a new therapist needs
 * client:reassign) or for one of two things the route's policy lets different callers do. Refused
 * like any refusal (the entry's code and message), and recorded.
 */
export type Requirement<P, Q, B> = { policy: PolicyKey; when?: (input: { params: P; query: Q; body: B }) => boolean };

/**
 * One route. `response` is the route's wire contract (src/contract/): the handler must return what
 * the schema accepts (checked by tsc), the OpenAPI document describes it, and the HTTP tests
 * validate every answer against it. `K` is its policy key (the signed-in caller's type follows it).
 */
export type RouteDef<
  P = unknown,
  Q = unknown,
  B = unknown,
  S extends z.ZodType = z.ZodType,
  R extends z.input<S> = z.input<S>,
  K extends PolicyKey = PolicyKey,
> = {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  url: string;
  policy: K;
  /** Further policy entries, decided after validation (see Requirement). */
  requires?: readonly Requirement<P, Q, B>[];
  /**
   * For a policy entry that guards a record beyond its client (`record` in POLICY): loads the
   * record's author and grants. It runs whether or not the caller may see the client, so a missing
   * record and a withheld one take the same work; `undefined` is a missing record.
   */
  guard?: (deps: Deps, params: P) => Promise<RecordGuard | undefined>;
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
  /**
   * The web app's "who is signed in?" on every first load: asked with no session cookie at all, the
   * answer is the usual 401 but not recorded as a refusal (nothing was presented, nothing refused),
   * so the trail is not filled with one denial a visit to the sign-in page. A cookie that no longer
   * holds is recorded as any refusal is.
   */
  quietWithoutCookie?: boolean;
  /** The largest body this route reads, in bytes, where it must exceed the app's default (an import file). */
  bodyLimit?: number;
  /** What the audit trail calls this action; defaults to the policy key. */
  auditAs?: string;
  /**
   * Routes about one client are always recorded (their client, and their record). A practice
   * route is recorded by the pipeline only when it declares what it touched: the clients a list
   * showed, the client of an alert acted on. Handlers never write the audit trail themselves.
   * (Declare it after `handler`, so its result type is inferred.)
   */
  audit?(result: R, params: P, input: { query: Q; body: B; signedIn: SignedInFor<K> }): AuditSubject;
  handler(ctx: Ctx<P, Q, B, K>): Promise<R>;
};

/**
 * Declares a route with its types inferred from its schemas and its policy key; a handler whose
 * result its response schema does not accept fails to compile.
 */
export function route<
  P = Record<string, never>,
  Q = Record<string, never>,
  B = undefined,
  S extends z.ZodType = z.ZodType,
  const R extends z.input<S> = z.input<S>,
  K extends PolicyKey = PolicyKey,
>(def: RouteDef<P, Q, B, S, R, K>): RouteDef<P, Q, B, S, R, K> {
  return def;
}

const MUTATING = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);

function parse<T>(schema: z.ZodType<T> | undefined, value: unknown, where: string): T {
  if (!schema) return value as T;
  const r = schema.safeParse(value ?? (where === 'body' ? undefined : {}));
  if (!r.success && where === 'path') throw new DomainError('not_found', 'Not found.');
  if (!r.success) {
    throw new DomainError('invalid_input', `The ${where} is not valid: ${r.error.issues.map((i) => `${i.path.join('.') || where}: ${i.message}`).join('; ')}`, {
      issues: r.error.issues.map((i) => ({ path: [where, ...i.path.map(String)].join('.'), message: i.message })),
    });
  }
  return r.data;
}

const REFUSED: Record<'not_found' | 'forbidden' | 'unauthenticated', string> = {
  not_found: 'Not found.',
  forbidden: 'You do not have access to do this.',
  unauthenticated: 'Please sign in.',
};

/** What a refused caller is told: the entry's own sentence for a refusal they may know about, else the usual one. */
const refusal = (rule: PolicyRule, code: keyof typeof REFUSED): string => (code === 'forbidden' && rule.refusal) || REFUSED[code];

// The pipeline serves every route, so its values are typed by whichever route it runs (`any` here);
// each route's own declaration is checked against its schemas where it is written.
/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-return */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function registerRoute(app: FastifyInstance, deps: Deps, def: RouteDef<any, any, any, any>, cookieName = SESSION_COOKIE): void {
  const rule: PolicyRule = POLICY[def.policy];
  const isPublic = rule.about === 'practice' && rule.audience === 'anyone';
  // Declaration mistakes fail at start-up, not on the first request.
  if (rule.about === 'client' && rule.record && !def.guard)
    throw new Error(`${def.method} ${def.url}: ${def.policy} guards a record, so the route must declare its guard loader.`);
  for (const r of def.requires ?? []) {
    if (POLICY[r.policy].about === 'client' && rule.about !== 'client')
      throw new Error(`${def.method} ${def.url}: ${r.policy} is about a client, but the route is not.`);
  }
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
    ...(def.bodyLimit ? { bodyLimit: def.bodyLimit } : {}),
    handler: async (request, reply) => {
      const ip = request.ip;

      // Who is asking, before anything the caller sent is looked at: an anonymous caller learns
      // nothing about a route's fields.
      const token = request.cookies[cookieName];
      const signedIn = token ? await resolveSession(deps, token) : undefined;
      if (token && !signedIn) reply.clearCookie(cookieName, { path: '/', secure: cookieName !== SESSION_COOKIE });
      const caller = signedIn?.caller;
      const event = (e: Pick<AuditEventInput, 'outcome' | 'resourceType' | 'resourceId' | 'clientId' | 'detail'>): AuditEventInput => ({
        actorId: caller?.userId ?? null,
        actorRole: caller?.roles.join(',') ?? null,
        action,
        ip,
        ...e,
      });
      const deny = async (code: keyof typeof REFUSED, about: { clientId: string | null; resourceId: string | null }): Promise<never> => {
        await deps.audit.record(event({ outcome: 'denied', resourceType: rule.about, ...about, detail: code }));
        throw new DomainError(code, refusal(rule, code));
      };
      if (!isPublic && !caller) {
        if (def.quietWithoutCookie && token === undefined) throw new DomainError('unauthenticated', REFUSED.unauthenticated);
        await deny('unauthenticated', { clientId: null, resourceId: null });
      }
      if (signedIn && MUTATING.has(def.method) && request.headers['x-csrf-token'] !== signedIn.session.csrfToken) {
        throw new DomainError('csrf', 'This request is missing its anti-forgery token. Reload the page and try again.');
      }
      if (signedIn?.mfaPending && !def.beforeMfa && !isPublic) {
        throw new DomainError(
          'mfa_required',
          signedIn.mfaPending === 'enrol' ? 'Set up a second factor to continue.' : 'Enter the code from your authenticator app to continue.',
          { mfa: signedIn.mfaPending },
        );
      }

      // May they: decided before the query and body are validated, so a refused caller gets the
      // policy's answer whatever they sent. A malformed id in the path is simply not found.
      const params = parse(def.params, request.params, 'path');
      const target = firstId(params);
      let standing: ClientStanding | undefined;
      let relations: Relation[] = [];
      let via: Relation | Audience;
      if (rule.about === 'practice') {
        const d = decidePractice(rule, caller);
        if (!d.ok) return deny(d.code, { clientId: null, resourceId: target });
        via = d.via;
      } else {
        // Missing and out of scope do the same work (the same queries, one refusal event) and
        // answer the same; only the audit trail knows which client an out-of-scope attempt was about.
        standing = await standingOf(deps, def.clientRef?.(params, signedIn) ?? {});
        relations = standing ? relationsTo(caller!, standing) : [];
        // A guarded record (a process note): its author and grants, loaded whatever the standing.
        const guard = def.guard ? await def.guard(deps, params) : undefined;
        const onRecord = guard ? recordRelationsTo(caller!, guard, deps.clock.now().toISOString()) : undefined;
        const d = standing ? decideRecord(rule, relations, onRecord) : { ok: false as const, code: 'not_found' as const };
        if (!d.ok) return deny(d.code, { clientId: standing?.clientId ?? null, resourceId: target });
        via = d.via;
      }
      const query = parse(def.query, request.query, 'query');
      const body = def.method === 'GET' || def.method === 'DELETE' ? undefined : parse(def.body, request.body, 'body');
      // What this request asks beyond the route's policy, now that its fields are known. A refusal
      // here is thrown into the handler's path below, so it is recorded like a use case's refusal.
      const further = (def.requires ?? [])
        .filter((r) => r.when?.({ params, query, body }) ?? true)
        .map((r) => {
          const extra: PolicyRule = POLICY[r.policy];
          const d = extra.about === 'practice' ? decidePractice(extra, caller) : decideClient(extra, relations);
          return d.ok ? undefined : new DomainError(d.code, refusal(extra, d.code));
        })
        .find((e) => e !== undefined);

      const audited = standing !== undefined || def.audit !== undefined;
      const succeeded = (result: unknown): AuditEventInput[] => {
        const subject = def.audit?.(result, params, { query, body, signedIn }) ?? {};
        const clientIds = subject.clientIds ? [...new Set(subject.clientIds)] : standing ? [standing.clientId] : [];
        const resourceIds = subject.resourceIds ?? [def.method === 'POST' ? (idOf(result) ?? target) : target];
        // One client: the event is about it. Several: one event names them all (a set of clients, stored once),
        // so a list of 40 clients costs one link, not 40, and each client's trail still finds it.
        const several = clientIds.length > 1;
        return resourceIds.map((resourceId) => ({
          ...event({
            outcome: 'ok',
            resourceType: subject.resourceType ?? def.tag,
            resourceId,
            clientId: several ? null : (clientIds[0] ?? null),
            detail: subject.detail ?? (several ? `${clientIds.length} clients` : null),
          }),
          ...(several ? { clientIds } : {}),
          ...(subject.action ? { action: subject.action } : {}),
        }));
      };
      // `via` came out of the route's own rule, so it is one of that rule's relations or its audience.
      const base = { params, query, body, signedIn, standing, relations, via: via as Via<PolicyKey>, ip, request, reply };
      let result: unknown;
      try {
        if (further) throw further;
        result = unitOfWork
          ? // A write and its audit events commit together, or neither does.
            // Follow-ups the use case queued (the alliance recompute) run once after the commit.
            await inUnitOfWork(
              deps,
              async (d) => {
                const r = await def.handler({ ...base, deps: d });
                if (audited) for (const e of succeeded(r)) await d.audit.record(e);
                return r;
              },
              { audited: true },
            )
          : await def.handler({ ...base, deps });
      } catch (err) {
        // Refused by the use case (a conflict, an alert out of scope…): recorded after the
        // transaction rolled back, with the client it was about.
        const code = err instanceof DomainError ? err.code : null;
        if (caller && !isPublic && !selfAudited && code !== 'audit_unavailable' && code !== 'unavailable') {
          const clientId = standing?.clientId ?? (err instanceof DomainError ? err.auditClientId : null) ?? null;
          await deps.audit
            .record(
              event({
                outcome: code ? 'denied' : 'failed',
                resourceType: standing ? rule.about : def.tag,
                resourceId: target,
                clientId,
                detail: code ?? 'internal',
              }),
            )
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
/* eslint-enable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-return */

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
