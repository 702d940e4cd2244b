/**
 * Every answer an HTTP test receives is checked against the wire contract (src/contract/): a 2xx
 * JSON body against its route's response schema, a 4xx/5xx JSON body against the error shape. A
 * body the schema refuses, or one carrying fields the schema does not name, throws with the route,
 * the path and the zod issues, so a contract that no longer says what the server answers fails the
 * test that saw it. Static files and other non-JSON answers are not checked.
 */
import { appendFileSync } from 'node:fs';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { z } from 'zod';
import { routeTable } from '../../src/http/app.ts';
import { errorView } from '../../src/contract/common.ts';

type Matcher = { method: string; url: string; pattern: RegExp; params: number; response: z.ZodType };

const matchers: Matcher[] = routeTable(false)
  .map((r) => ({
    method: r.method,
    url: r.url,
    response: r.response,
    pattern: new RegExp(`^${r.url.replace(/[.]/g, '\\.').replace(/:\w+/g, '[^/]+')}/?$`),
    params: (r.url.match(/:\w+/g) ?? []).length,
  }))
  // Static segments win over parameters, as in Fastify's router (/api/alerts/count before /api/alerts/:alertId).
  .sort((a, b) => a.params - b.params);

/** The route a request reached, by method and URL pattern. */
export function routeFor(method: string, url: string): Matcher | undefined {
  const path = url.split('?')[0]!;
  return matchers.find((m) => m.method === method.toUpperCase() && m.pattern.test(path));
}

/** Fields of `body` that `parsed` (zod's output, which drops unknown keys) no longer has: what the schema does not name. */
function undocumented(body: unknown, parsed: unknown, at = ''): string[] {
  if (Array.isArray(body)) return Array.isArray(parsed) ? body.flatMap((b, i) => undocumented(b, parsed[i], `${at}[${i}]`)) : [];
  if (!body || typeof body !== 'object' || !parsed || typeof parsed !== 'object') return [];
  const p = parsed as Record<string, unknown>;
  return Object.entries(body as Record<string, unknown>).flatMap(([k, v]) => (k in p ? undocumented(v, p[k], `${at}.${k}`) : [`${at}.${k}`]));
}

let checked = 0;
/** How many answers were checked in this process (ACCORD_CONTRACT_LOG names a file to count them in). */
export const checkedResponses = (): number => checked;

/** Checks one answer; throws when it contradicts the contract. */
export function checkResponse(method: string, url: string, res: LightMyRequestResponse): void {
  if (method.toUpperCase() === 'HEAD' || !String(res.headers['content-type'] ?? '').startsWith('application/json')) return;
  const route = routeFor(method, url);
  const ok = res.statusCode >= 200 && res.statusCode < 300;
  if (ok && !route) return;
  const schema = ok ? route!.response : errorView;
  const body: unknown = res.json();
  const r = schema.safeParse(body);
  const where = `${method.toUpperCase()} ${route?.url ?? '(no route)'} (${url.split('?')[0]}) answered ${res.statusCode}`;
  if (!r.success) {
    throw new Error(
      `${where}, which its ${ok ? 'response schema' : 'error schema'} refuses:\n${r.error.issues.map((i) => `  ${i.path.join('.') || '(body)'}: ${i.message}`).join('\n')}`,
    );
  }
  const extra = undocumented(body, r.data);
  if (extra.length)
    throw new Error(
      `${where} with fields its ${ok ? 'response schema' : 'error schema'} does not name:\n${extra
        .slice(0, 20)
        .map((p) => `  ${p}`)
        .join('\n')}`,
    );
  checked++;
  if (process.env.ACCORD_CONTRACT_LOG) appendFileSync(process.env.ACCORD_CONTRACT_LOG, `${method.toUpperCase()} ${route?.url ?? url} ${res.statusCode}\n`);
}

/** The app with its `inject` checking every answer against the contract. */
export function contractChecked(app: FastifyInstance): FastifyInstance {
  const inject = app.inject.bind(app);
  const checkedInject = async (opts: InjectOptions | string) => {
    const o: InjectOptions = typeof opts === 'string' ? { url: opts } : opts;
    const res = await inject(o);
    checkResponse(String(o.method ?? 'GET'), typeof (o.url ?? o.path) === 'string' ? ((o.url ?? o.path) as string) : '/', res);
    return res;
  };
  Object.defineProperty(app, 'inject', { value: checkedInject, configurable: true, writable: true });
  return app;
}
