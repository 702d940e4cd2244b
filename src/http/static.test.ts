import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { makeWorld, makeApp } from '../../test/support/harness.ts';

describe('serving the web app', async () => {
  const world = await makeWorld();
  const webDir = mkdtempSync(join(tmpdir(), 'accord-web-'));
  writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>Accord</title>');
  const app = await makeApp(world, { webDir });
  afterAll(async () => {
    await app.close();
    await world.close();
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
