import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { buildWeb, measureBuilt } from '../../scripts/bundle-sizes.ts';
import { makeWorld, makeApp } from '../../test/support/harness.ts';

/** The JavaScript each audience downloads for its first screen, gzip, in kB (issue 10's targets). */
const PORTAL_BUDGET_KB = 50;
const APP_BUDGET_KB = 120;

describe('serving the web app', async () => {
  const world = await makeWorld();
  const webDir = mkdtempSync(join(tmpdir(), 'accord-web-'));
  writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>Accord</title>');
  const app = await makeApp(world, { webDir });
  afterAll(async () => {
    await app.close();
    await world.close();
    rmSync(webDir, { recursive: true, force: true });
  });

  it('serves the HTML shell at / and for client-side routes, never cached', async () => {
    for (const url of ['/', '/clients/0190a5b2-0000-7000-8000-000000000000', '/setup/some-token']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    }
  });
  it('serves assets written after start-up (a rebuild needs no restart)', async () => {
    writeFileSync(join(webDir, 'late-asset.js'), 'export {}');
    const res = await app.inject({ method: 'GET', url: '/late-asset.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
  });
  it('answers unknown API paths with the JSON error, not the shell', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/no-such-thing' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: { code: 'not_found', message: 'Not found.' } });
  });
  it('does not serve files outside the web folder', async () => {
    const res = await app.inject({ method: 'GET', url: '/../package.json' });
    expect(res.body).not.toContain('"name": "accord"');
  });
});

// The real build (vite.config.ts with its precompression), made into a temporary folder so the test
// does not depend on what dist/web holds.
describe('serving a real build: compressed, hashed assets cached for good', async () => {
  const world = await makeWorld();
  const webDir = mkdtempSync(join(tmpdir(), 'accord-build-'));
  await buildWeb(webDir);
  const app = await makeApp(world, { webDir });
  afterAll(async () => {
    await app.close();
    await world.close();
    rmSync(webDir, { recursive: true, force: true });
  });
  const sizes = measureBuilt(webDir);
  const entry = sizes.portal_files[0]!;
  const css = sizes.chunks.find((c) => c.kind === 'css')!.file;
  const decode = (encoding: string | undefined, body: Buffer) =>
    encoding === 'br' ? brotliDecompressSync(body) : encoding === 'gzip' ? gunzipSync(body) : body;

  it('keeps each audience’s first screen within its budget (gzip)', () => {
    expect(sizes.portal_js_gzip_kb).toBeLessThanOrEqual(PORTAL_BUDGET_KB);
    expect(sizes.app_js_gzip_kb).toBeLessThanOrEqual(APP_BUDGET_KB);
    // The staff pages are not part of the portal's download.
    expect(sizes.portal_files.some((f) => f.includes('caseload'))).toBe(false);
  });

  it('sends brotli or gzip as the browser accepts, the plain file otherwise, and says it varies', async () => {
    const plain = readFileSync(join(webDir, entry));
    for (const [accept, encoding] of [
      ['gzip, deflate, br, zstd', 'br'],
      ['gzip', 'gzip'],
      ['identity', undefined],
      [undefined, undefined],
    ] as const) {
      const res = await app.inject({ method: 'GET', url: `/${entry}`, headers: accept ? { 'accept-encoding': accept } : {} });
      expect(res.statusCode, accept).toBe(200);
      expect(res.headers['content-encoding'], accept).toBe(encoding);
      expect(res.headers['content-type']).toMatch(/javascript/);
      expect(res.headers.vary).toMatch(/accept-encoding/i);
      const body = res.rawPayload;
      if (encoding) expect(body.length).toBeLessThan(plain.length / 2);
      expect(decode(encoding, body).equals(plain), accept).toBe(true);
    }
    const style = await app.inject({ method: 'GET', url: `/${css}`, headers: { 'accept-encoding': 'gzip' } });
    expect(style.headers['content-encoding']).toBe('gzip');
    expect(style.headers['content-type']).toMatch(/text\/css/);
  });

  it('caches hashed assets for a year as immutable, compressed or not', async () => {
    for (const accept of ['br', 'gzip', 'identity']) {
      const res = await app.inject({ method: 'GET', url: `/${entry}`, headers: { 'accept-encoding': accept } });
      expect(res.headers['cache-control'], accept).toBe('public, max-age=31536000, immutable');
    }
    const style = await app.inject({ method: 'GET', url: `/${css}`, headers: { 'accept-encoding': 'br' } });
    expect(style.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('sends the HTML shell compressed and never cached, at / and for client-side routes', async () => {
    const plain = readFileSync(join(webDir, 'index.html'));
    for (const url of ['/', '/index.html', '/portal', '/clients/0190a5b2-0000-7000-8000-000000000000']) {
      const res = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip, br' } });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type'], url).toMatch(/text\/html/);
      expect(res.headers['content-encoding'], url).toBe('br');
      expect(res.headers['cache-control'], url).toBe('no-cache');
      expect(decode('br', res.rawPayload).equals(plain), url).toBe(true);
    }
  });

  it('names in the shell only assets it can serve', async () => {
    const html = readFileSync(join(webDir, 'index.html'), 'utf8');
    const refs = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)].map((m) => m[1]!);
    expect(refs).toContain(entry);
    for (const ref of refs) expect((await app.inject({ method: 'GET', url: `/${ref}` })).statusCode, ref).toBe(200);
  });
});
