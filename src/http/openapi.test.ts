/**
 * The OpenAPI document types every operation: a success answer with a real schema (never empty,
 * never "any JSON"), the error answers with the one error shape. And `route()` refuses, at compile
 * time, a handler whose result its response schema does not accept.
 */
import { describe, expect, it } from 'vitest';
import { okView } from '../contract/common.ts';
import { routeTable } from './app.ts';
import { openApiDocument } from './openapi.ts';
import { route } from './route.ts';

type Schema = Record<string, unknown>;
const SHAPING = ['type', '$ref', 'anyOf', 'oneOf', 'allOf', 'enum', 'const', 'not'];

/** Where a JSON Schema accepts anything: an empty schema, or an object with neither properties nor a typed value schema. */
function anyJson(s: unknown, at = '$'): string[] {
  if (!s || typeof s !== 'object' || Array.isArray(s)) return [];
  const schema = s as Schema;
  const here: string[] = [];
  const open = (x: unknown) => !x || typeof x !== 'object' || !SHAPING.some((k) => k in (x as Schema));
  if (open(schema)) here.push(at);
  else if (schema.type === 'object' && !schema.properties && open(schema.additionalProperties)) here.push(at);
  const nested = Object.entries(schema).flatMap(([k, v]) => {
    if (k === 'properties' && v && typeof v === 'object') return Object.entries(v).flatMap(([p, ps]) => anyJson(ps, `${at}.${p}`));
    if (k === 'items' || k === 'additionalProperties') return anyJson(v, `${at}[${k}]`);
    if ((k === 'anyOf' || k === 'oneOf' || k === 'allOf') && Array.isArray(v)) return v.flatMap((x, i) => anyJson(x, `${at}|${i}`));
    return [];
  });
  return [...here, ...nested];
}

const doc = openApiDocument(routeTable(false), 'test');
const operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
  Object.entries(ops).map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, op })),
);

describe('the OpenAPI document', () => {
  it('gives every operation a typed success answer: no empty or "any JSON" schema anywhere in it', () => {
    expect(operations.length).toBeGreaterThan(70);
    const untyped = operations.flatMap(({ name, op }) => {
      const success = Object.entries(op.responses).filter(([status]) => /^2\d\d$/.test(status));
      if (success.length !== 1) return [`${name}: ${success.length} success answers`];
      const schema = success[0]![1].content['application/json'].schema;
      // The document itself carries JSON Schemas, which are open by nature; everything around them is typed.
      if (name === 'GET /api/openapi.json')
        return anyJson(schema)
          .filter((p) => !/(\.schema|\.schemas)(\[additionalProperties\])*$/.test(p))
          .map((p) => `${name} ${p}`);
      return anyJson(schema).map((p) => `${name} ${p}`);
    });
    expect(untyped).toEqual([]);
  });

  it('names the error shape for every operation’s error answers', () => {
    for (const { name, op } of operations) {
      const errors = Object.entries(op.responses).filter(([status]) => !/^2\d\d$/.test(status));
      expect(
        errors.map(([s]) => s),
        name,
      ).toContain('default');
      for (const [, r] of errors) expect(r.content['application/json'].schema, name).toEqual({ $ref: '#/components/schemas/Error' });
    }
    expect(anyJson(doc.components.schemas.Error).filter((p) => !p.endsWith('.details'))).toEqual([]);
  });

  it('lists the refusals a signed-in route can give (401, 403) and a route with an id in its path (404)', () => {
    const op = doc.paths['/api/clients/{clientId}']!.get!;
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '401', '403', '404', 'default']));
  });
});

describe('route()', () => {
  it('refuses at compile time a handler whose result the response schema does not accept', () => {
    const def = route({
      method: 'GET',
      url: '/x',
      policy: 'health',
      tag: 'operations',
      summary: 'x',
      response: okView,
      // @ts-expect-error `ok` must be true: tsc fails here if route() stops checking handlers against their response.
      handler: async () => ({ ok: false }),
    });
    expect(def.response).toBe(okView);
  });
});
