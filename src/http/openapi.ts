/**
 * The OpenAPI 3.1 document, generated from the same route definitions and wire contracts
 * (src/contract/) the app runs: every operation's success answer is its route's response schema,
 * and every error answer the one error shape.
 */
import { z } from 'zod';
import type { RouteDef } from './route.ts';
import { POLICY } from '../domain/access.ts';
import { ERROR_CODES } from '../domain/errors.ts';
import { STATUS_OF } from './errors.ts';
import { errorView } from '../contract/common.ts';
import type { OpenApiDocument } from '../contract/operations.ts';

type AnyRoute = RouteDef<any, any, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type JsonSchema = Record<string, unknown>;

const schemaOf = (t: z.ZodType, io: 'input' | 'output'): JsonSchema => {
  const { $schema: _, ...schema } = z.toJSONSchema(t, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
  return schema;
};
const json = (schema: JsonSchema) => ({ 'application/json': { schema } });
const ERROR = { $ref: '#/components/schemas/Error' };

/** The error answers a route can give, from what its pipeline does before and around the handler. */
function errorResponses(r: AnyRoute): Record<string, { description: string; content: ReturnType<typeof json> }> {
  const rule = POLICY[r.policy];
  const isPublic = rule.about === 'practice' && rule.audience === 'anyone';
  const out: Record<string, { description: string; content: ReturnType<typeof json> }> = {};
  const add = (status: number, description: string) => {
    out[String(status)] = { description, content: json(ERROR) };
  };
  if (r.body || r.query || r.method !== 'GET') add(400, 'The request is not valid (invalid_input; error.details.issues names the fields)');
  if (!isPublic) add(401, 'Not signed in, or a second factor or re-authentication is needed (unauthenticated, mfa_required, reauth_required)');
  if (!isPublic) add(403, 'Not allowed, or the anti-forgery token is missing (forbidden, csrf)');
  if (r.params || rule.about === 'client') add(404, 'Not found, or outside the caller’s scope (never distinguished)');
  return out;
}

/** `cookieName`: the session cookie as this instance names it (`__Host-accord_session` under TLS). */
export function openApiDocument(routes: readonly AnyRoute[], version: string, cookieName = 'accord_session'): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  for (const r of routes) {
    const path = r.url.replace(/:(\w+)/g, '{$1}');
    const params = r.params ? Object.keys(schemaOf(r.params, 'input').properties ?? {}) : [];
    const queryProps = r.query ? ((schemaOf(r.query, 'input').properties ?? {}) as Record<string, JsonSchema>) : {};
    const rule = POLICY[r.policy];
    const ok = String(r.status ?? (r.method === 'POST' ? 201 : 200));
    paths[path] ??= {};
    paths[path][r.method.toLowerCase()] = {
      summary: r.summary,
      tags: [r.tag],
      operationId: `${r.method.toLowerCase()}_${r.url.replace(/[/:]+/g, '_').replace(/^_|_$/g, '')}`,
      'x-accord-policy': { key: r.policy, ...rule },
      // Further entries a request may need, decided after validation (e.g. a PATCH naming a new therapist needs client:reassign).
      ...(r.requires?.length ? { 'x-accord-requires': r.requires.map((q) => ({ key: q.policy, ...POLICY[q.policy], always: q.when === undefined })) } : {}),
      security: rule.about === 'practice' && rule.audience === 'anyone' ? [] : [{ session: [] }],
      parameters: [
        ...params.map((name) => ({ name, in: 'path' as const, required: true, schema: { type: 'string' } })),
        ...Object.entries(queryProps).map(([name, schema]) => ({ name, in: 'query' as const, required: false, schema })),
      ],
      ...(r.body ? { requestBody: { required: true, content: json(schemaOf(r.body, 'input')) } } : {}),
      responses: {
        [ok]: { description: 'Success', content: json(schemaOf(r.response, 'output')) },
        ...errorResponses(r),
        default: { description: 'An error', content: json(ERROR) },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Accord API',
      version,
      description:
        'The HTTP API of Accord. Sign in with POST /api/session; state-changing requests carry the x-csrf-token header from the session. ' +
        `Error codes and their statuses: ${ERROR_CODES.map((c) => `${c} (${STATUS_OF[c]})`).join(', ')}.`,
    },
    paths,
    components: {
      securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: cookieName } },
      schemas: { Error: schemaOf(errorView, 'output') },
    },
  };
}
