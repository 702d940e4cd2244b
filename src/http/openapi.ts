/** The OpenAPI 3.1 document, generated from the same route definitions and zod schemas the app runs. */
import { z } from 'zod';
import type { RouteDef } from './route.ts';
import { POLICY } from '../domain/access.ts';
import { ERROR_CODES } from '../domain/errors.ts';
import { STATUS_OF } from './errors.ts';

type AnyRoute = RouteDef<any, any, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const schemaOf = (t: z.ZodType, io: 'input' | 'output') => z.toJSONSchema(t, { io, unrepresentable: 'any', target: 'draft-2020-12' });

/** `cookieName`: the session cookie as this instance names it (`__Host-accord_session` under TLS). */
export function openApiDocument(routes: readonly AnyRoute[], version: string, cookieName = 'accord_session'): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = r.url.replace(/:(\w+)/g, '{$1}');
    const params = r.params ? Object.keys((schemaOf(r.params, 'input').properties ?? {}) as object) : [];
    const queryProps = r.query ? ((schemaOf(r.query, 'input').properties ?? {}) as Record<string, unknown>) : {};
    const rule = POLICY[r.policy];
    const ok = String(r.status ?? (r.method === 'POST' ? 201 : 200));
    paths[path] ??= {};
    paths[path][r.method.toLowerCase()] = {
      summary: r.summary,
      tags: [r.tag],
      operationId: `${r.method.toLowerCase()}_${r.url.replace(/[/:]+/g, '_').replace(/^_|_$/g, '')}`,
      'x-accord-policy': { key: r.policy, ...rule },
      security: rule.about === 'practice' && rule.audience === 'anyone' ? [] : [{ session: [] }],
      parameters: [
        ...params.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } })),
        ...Object.entries(queryProps).map(([name, schema]) => ({ name, in: 'query', required: false, schema })),
      ],
      ...(r.body ? { requestBody: { required: true, content: { 'application/json': { schema: schemaOf(r.body, 'input') } } } } : {}),
      responses: {
        [ok]: { description: 'Success', content: { 'application/json': { schema: r.response ? schemaOf(r.response, 'output') : { type: 'object' } } } },
        default: { description: 'An error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Accord API', version,
      description: 'The HTTP API of Accord. Sign in with POST /api/session; state-changing requests carry the x-csrf-token header from the session. ' +
        `Error codes and their statuses: ${ERROR_CODES.map((c) => `${c} (${STATUS_OF[c]})`).join(', ')}.`,
    },
    paths,
    components: {
      securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: cookieName } },
      schemas: {
        Error: {
          type: 'object', required: ['error'],
          properties: { error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string', enum: [...ERROR_CODES, 'internal'] }, message: { type: 'string' }, details: {} } } },
        },
      },
    },
  };
}
