/**
 * The Fastify app: security headers, the error mapping, the route table, the OpenAPI document,
 * and the built web app (SPA) for every non-API path.
 */
import { existsSync } from 'node:fs';
import { relative, sep } from 'node:path';
import Fastify, { LogController } from 'fastify';
import type { FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import { DomainError } from '../domain/errors.ts';
import type { Deps } from '../services/deps.ts';
import { errorBody, STATUS_OF } from './errors.ts';
import { registerRoute, route, sessionCookieName } from './route.ts';
import type { RouteDef } from './route.ts';
import { accountRoutes } from './routes/account.ts';
import { adminRoutes } from './routes/admin.ts';
import { clientRoutes } from './routes/clients.ts';
import { measureRoutes } from './routes/measures.ts';
import { alertRoutes } from './routes/alerts.ts';
import { allianceRoutes } from './routes/alliance.ts';
import { cueRoutes } from './routes/cues.ts';
import { processNoteRoutes } from './routes/process-notes.ts';
import { noteRoutes } from './routes/notes.ts';
import { endingRoutes } from './routes/ending.ts';
import { mailRoutes } from './routes/mail.ts';
import { dataRightsRoutes } from './routes/data-rights.ts';
import { supervisionRoutes } from './routes/supervision.ts';
import { skillsRoutes } from './routes/skills.ts';
import { reportRoutes } from './routes/reports.ts';
import { openApiDocument } from './openapi.ts';
import { healthView, openApiView } from '../contract/operations.ts';

export type AppOptions = {
  deps: Deps;
  webDir?: string | undefined;
  secureCookies: boolean;
  logger: boolean | Record<string, unknown>;
  version: string;
  /** Hop count or the reverse proxies' addresses/CIDRs (config.ts); never true (every hop). */
  trustProxy?: false | number | readonly string[];
};

type AnyRoute = RouteDef<any, any, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
  "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** Every route of the app, in one table (also the source of the OpenAPI document). */
export function routeTable(secureCookies: boolean): AnyRoute[] {
  const table: AnyRoute[] = [
    route({
      method: 'GET',
      url: '/api/health',
      policy: 'health',
      tag: 'operations',
      summary: 'Liveness',
      response: healthView,
      handler: async () => ({ status: 'ok' }),
    }),
    ...accountRoutes({ secure: secureCookies }),
    ...adminRoutes,
    ...clientRoutes,
    ...measureRoutes,
    ...alertRoutes,
    ...allianceRoutes,
    ...cueRoutes,
    ...processNoteRoutes,
    ...noteRoutes,
    ...endingRoutes,
    ...mailRoutes,
    ...dataRightsRoutes,
    ...skillsRoutes,
    ...supervisionRoutes,
    ...reportRoutes,
  ];
  table.push(
    route({
      method: 'GET',
      url: '/api/openapi.json',
      policy: 'openapi',
      tag: 'operations',
      summary: 'This document',
      response: openApiView,
      handler: async () => openApiDocument(table, '0.1.0', sessionCookieName(secureCookies)),
    }),
  );
  return table;
}

/** Vite's output names: assets/<name>-<8-character content hash>.<ext>. */
const HASHED_ASSET = /^assets\/[^/]+-[\w-]{8}\.\w+$/;

/**
 * The cache policy of a file of the web app (its compressed variants alike): a hashed asset never
 * changes under its name, so browsers keep it a year without asking again; the HTML shell is
 * revalidated on every load, so a new build's asset names are seen at once. Anything else keeps
 * the static plugin's one hour (undefined).
 */
function webCacheControl(webDir: string, file: string): string | undefined {
  const name = relative(webDir, file)
    .split(sep)
    .join('/')
    .replace(/\.(gz|br)$/, '');
  if (name.endsWith('.html')) return 'no-cache';
  if (HASHED_ASSET.test(name)) return 'public, max-age=31536000, immutable';
  return undefined;
}

/**
 * A hop count trusts that many proxies in front, whoever they are (the socket peer is hop 0): the
 * address the outermost trusted proxy saw is the client's. A list trusts only those addresses.
 */
function trustProxyOption(t: AppOptions['trustProxy']): false | string[] | ((address: string, hop: number) => boolean) {
  if (typeof t === 'number') return (_address, hop) => hop < t;
  return t ? [...t] : false;
}

/**
 * The security headers of every answer, and of API answers (never cached). Exported for the
 * benchmark's audited-read floor (bench/run.ts), which sends the same bytes.
 */
export function securityHeaders(secureCookies: boolean): { headers: Record<string, string>; apiHeaders: Record<string, string> } {
  const headers: Record<string, string> = {
    'content-security-policy': CSP,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=()',
    ...(secureCookies ? { 'strict-transport-security': 'max-age=31536000' } : {}),
  };
  return { headers, apiHeaders: { ...headers, 'cache-control': 'no-store' } };
}

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger:
      opts.logger === false
        ? false
        : {
            level: 'info',
            // Requests are logged by method, route and status only: never bodies, cookies or query strings.
            serializers: {
              req: (req: { method: string; routeOptions?: { url?: string }; url: string }) => ({
                method: req.method,
                route: req.routeOptions?.url ?? req.url.split('?')[0],
              }),
              res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
            },
            redact: ['req.headers.cookie', 'req.headers.authorization'],
            ...(typeof opts.logger === 'object' ? opts.logger : {}),
          },
    // One line per request (the onResponse hook below) instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 256 * 1024,
    trustProxy: trustProxyOption(opts.trustProxy),
    routerOptions: { ignoreTrailingSlash: true },
  });
  await app.register(cookie);

  // The same security headers on every answer, set in one call (a plain hook, no promise per answer).
  const { headers, apiHeaders } = securityHeaders(opts.secureCookies);
  app.addHook('onSend', (request, reply, payload, done) => {
    reply.headers(request.url.startsWith('/api/') ? apiHeaders : headers);
    done(null, payload);
  });

  // One info line per request: method, route pattern (never the path itself, which may carry an
  // invitation token; never names or query strings), status and time taken. Nothing from the
  // body, the cookies or the answer. No hook at all when logging is off.
  if (opts.logger !== false) {
    app.addHook('onResponse', (request, reply, done) => {
      request.log.info(
        { method: request.method, route: request.routeOptions.url ?? '(no route)', statusCode: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10 },
        'request',
      );
      done();
    });
  }

  app.setErrorHandler((err, request, reply) => {
    if (err instanceof DomainError) {
      return reply.status(STATUS_OF[err.code]).send(errorBody(err.code, err.message, err.details));
    }
    const e = err as { statusCode?: number; code?: string; message?: string };
    if (e.statusCode === 413 || e.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
      return reply.status(413).send(errorBody('payload_too_large', 'The request is too large.'));
    if (e.statusCode === 415 || e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
      return reply.status(400).send(errorBody('invalid_input', 'Send JSON (content-type: application/json).'));
    if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500)
      return reply.status(400).send(errorBody('invalid_input', 'The request could not be read: the body must be well-formed JSON.'));
    // The message is left out on purpose: database errors quote the values involved. Frames only.
    const frames = ((err as Error).stack ?? '')
      .split('\n')
      .slice(1, 8)
      .map((l) => l.trim());
    request.log.error({ err: { type: (err as Error).name, code: e.code, frames } }, 'unexpected error');
    return reply.status(500).send(errorBody('internal', 'Something went wrong on our side. Nothing was changed.'));
  });

  for (const r of routeTable(opts.secureCookies)) registerRoute(app, opts.deps, r, sessionCookieName(opts.secureCookies));

  const webDir = opts.webDir;
  if (webDir && existsSync(webDir)) {
    // Assets are looked up per request (wildcard), so a rebuilt web app is served without a restart;
    // the HTML shell is never cached, so a new build's asset names are picked up at once. The build
    // writes each text file gzip- and brotli-compressed beside itself: `preCompressed` sends the one
    // the browser accepts (brotli first), the plain file otherwise, with `Vary: Accept-Encoding`.
    await app.register(fastifyStatic, {
      root: webDir,
      prefix: '/',
      wildcard: true,
      index: 'index.html',
      preCompressed: true,
      maxAge: '1h',
      immutable: false,
      setHeaders: (reply, path) => {
        const cacheControl = webCacheControl(webDir, path);
        if (cacheControl) reply.header('cache-control', cacheControl);
      },
    });
  }
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api/') || request.method !== 'GET' || !opts.webDir || !existsSync(opts.webDir)) {
      return reply.status(404).send(errorBody('not_found', 'Not found.'));
    }
    reply.header('cache-control', 'no-cache');
    return reply.sendFile('index.html', opts.webDir);
  });
  return app;
}
