/**
 * ACCORD_TRUST_PROXY: only the configured proxies' X-Forwarded-For entries are believed, so a
 * caller cannot choose the address that sign-in throttling and the audit trail record.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../config.ts';
import { buildApp } from './app.ts';
import { contractChecked } from '../../test/support/contract-check.ts';
import type { TestWorld } from '../../test/support/harness.ts';
import { makeWorld, seedPractice } from '../../test/support/harness.ts';

const PROXY = '10.0.0.5';
const SPOOFED = '6.6.6.6';
const REAL = '203.0.113.7';

function trustProxyOf(value: string) {
  return loadConfig({ data: '/tmp/accord-unused' }, { ACCORD_TRUST_PROXY: value }).trustProxy;
}

describe('ACCORD_TRUST_PROXY is parsed into a hop count or the proxies’ addresses', () => {
  it('accepts a hop count, an address list with CIDR ranges, and off', () => {
    expect(trustProxyOf('1')).toBe(1);
    expect(trustProxyOf('2')).toBe(2);
    expect(trustProxyOf('10.0.0.5, 10.1.0.0/16,::1,loopback')).toEqual(['10.0.0.5', '10.1.0.0/16', '::1', 'loopback']);
    expect(trustProxyOf('')).toBe(false);
    expect(trustProxyOf('0')).toBe(false);
  });
  it('refuses "trust every hop" and anything that is not an address, with a clear message', () => {
    for (const bad of ['true', 'yes', '10.0.0.0/33', '10.0.0', 'proxy.example.org', '1000']) {
      expect(() => trustProxyOf(bad), bad).toThrow(/ACCORD_TRUST_PROXY must be a hop count/);
    }
  });
});

describe('the address a request is recorded under', () => {
  let world: TestWorld;
  const apps: FastifyInstance[] = [];
  beforeAll(async () => {
    world = await makeWorld();
    await seedPractice(world.deps);
  });
  afterAll(async () => {
    for (const a of apps) await a.close();
    await world?.close();
  });

  let attempt = 0;
  async function failedSignInFrom(trustProxy: false | number | string[], remoteAddress: string, forwardedFor: string) {
    const app = contractChecked(await buildApp({ deps: world.deps, secureCookies: false, logger: false, version: 'test', trustProxy }));
    apps.push(app);
    const res = await app.inject({
      method: 'POST',
      url: '/api/session',
      remoteAddress,
      headers: { 'x-forwarded-for': forwardedFor },
      payload: { email: `nobody-${++attempt}@test.accord`, password: 'not the password at all' },
    });
    expect(res.statusCode).toBe(401);
    await world.deps.audit.settle();
    const [last] = await world.deps.audit.list({ limit: 1 });
    expect(last?.action).toBe('login');
    return last!.ip;
  }

  it('one hop: the address the proxy appended, not one the caller wrote before it', async () => {
    expect(await failedSignInFrom(1, PROXY, `${SPOOFED}, ${REAL}`)).toBe(REAL);
  });
  it('a proxy list: entries are believed only when they came through a listed proxy', async () => {
    expect(await failedSignInFrom([PROXY], PROXY, `${SPOOFED}, ${REAL}`)).toBe(REAL);
    // A caller reaching Accord directly cannot pose as anyone by writing the header.
    expect(await failedSignInFrom([PROXY], REAL, SPOOFED)).toBe(REAL);
    expect(await failedSignInFrom(['10.0.0.0/8'], '10.9.9.9', `${SPOOFED}, ${REAL}`)).toBe(REAL);
  });
  it('off: the header is ignored', async () => {
    expect(await failedSignInFrom(false, REAL, SPOOFED)).toBe(REAL);
  });
  it('the per-address sign-in throttle counts the real address, whatever the header says', async () => {
    await failedSignInFrom(1, PROXY, `203.0.113.99, ${REAL}`);
    expect(await world.deps.store.findThrottle(`addr:${REAL}`)).toBeDefined();
    expect(await world.deps.store.findThrottle('addr:203.0.113.99')).toBeUndefined();
    expect(await world.deps.store.findThrottle(`addr:${SPOOFED}`)).toBeUndefined();
  });
});
