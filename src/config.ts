/**
 * Configuration, parsed once from flags and environment into a frozen object. Nothing else in
 * Accord reads process.env.
 */
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { z } from 'zod';

/**
 * Which reverse proxies' X-Forwarded-For entries are believed. Never "every hop": the client's
 * address (sign-in throttling, the audit trail) would then be whatever the caller writes. Either
 * a hop count (1 = one proxy in front, the address it appends is the client's) or the proxies'
 * own addresses / CIDR ranges (and the keywords loopback, linklocal, uniquelocal).
 */
const PROXY_KEYWORDS = new Set(['loopback', 'linklocal', 'uniquelocal']);
function isProxyAddress(entry: string): boolean {
  if (PROXY_KEYWORDS.has(entry)) return true;
  const [ip, bits, extra] = entry.split('/');
  if (extra !== undefined || !ip) return false;
  const family = isIP(ip);
  if (!family) return false;
  if (bits === undefined) return true;
  if (!/^\d{1,3}$/.test(bits)) return false;
  return Number(bits) <= (family === 4 ? 32 : 128);
}
export const trustProxySetting = z
  .string()
  .trim()
  .transform((raw, ctx): false | number | string[] => {
    if (raw === '' || raw === '0' || raw === 'false' || raw === 'off') return false;
    if (/^\d+$/.test(raw)) {
      const hops = Number(raw);
      if (hops > 0 && hops <= 10) return hops;
    }
    const list = raw
      .split(',')
      .map((e) => e.trim())
      .filter(Boolean);
    if (raw !== 'true' && list.length && list.every(isProxyAddress)) return list;
    ctx.addIssue({
      code: 'custom',
      message:
        "ACCORD_TRUST_PROXY must be a hop count (1 = one reverse proxy in front) or the proxies' addresses or CIDR ranges, comma-separated (e.g. 10.0.0.5,10.1.0.0/16); trusting every hop would let callers choose their own address",
    });
    return z.NEVER;
  });

const schema = z.object({
  dataDir: z.string().min(1),
  databaseUrl: z.string().url().optional(),
  /** A streaming read replica of DATABASE_URL: the reports read it (docs/scale.md). */
  databaseReadUrl: z.string().url().optional(),
  port: z.coerce.number().int().min(0).max(65535),
  host: z.string().min(1),
  publicUrl: z.string().url().optional(),
  masterKey: z.string().optional(),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'silent']),
  trustProxy: trustProxySetting,
  /** How long a sender holds a claimed message before another may take it (docs/mail.md). */
  mailLeaseSeconds: z.coerce.number().int().min(1).max(3600),
});

export type Config = Readonly<z.infer<typeof schema> & { webDir: string; keyFile: string; secureCookies: boolean; baseUrl: string }>;

export type Flags = Record<string, string | boolean | undefined>;

export function loadConfig(flags: Flags, env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse({
    dataDir: resolve(String(flags.data ?? env.ACCORD_DATA_DIR ?? './data')),
    databaseUrl: env.DATABASE_URL || undefined,
    databaseReadUrl: env.DATABASE_READ_URL || undefined,
    port: flags.port ?? env.PORT ?? 3000,
    host: String(flags.host ?? env.HOST ?? '127.0.0.1'),
    publicUrl: env.ACCORD_PUBLIC_URL || undefined,
    masterKey: env.ACCORD_MASTER_KEY || undefined,
    logLevel: env.LOG_LEVEL ?? 'info',
    trustProxy: env.ACCORD_TRUST_PROXY ?? '',
    mailLeaseSeconds: env.ACCORD_MAIL_LEASE_SECONDS || 300,
  });
  if (!parsed.success) {
    throw new Error(`Configuration is not valid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const c = parsed.data;
  const baseUrl = c.publicUrl ?? `http://${c.host === '0.0.0.0' ? 'localhost' : c.host}:${c.port}`;
  return Object.freeze({
    ...c,
    webDir: resolve(import.meta.dirname, '../dist/web'),
    keyFile: resolve(c.dataDir, 'master.key'),
    secureCookies: baseUrl.startsWith('https://'),
    baseUrl,
  });
}
