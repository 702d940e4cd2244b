/**
 * Configuration, parsed once from flags and environment into a frozen object. Nothing else in
 * Accord reads process.env.
 */
import { resolve } from 'node:path';
import { z } from 'zod';

const schema = z.object({
  dataDir: z.string().min(1),
  databaseUrl: z.string().url().optional(),
  port: z.coerce.number().int().min(0).max(65535),
  host: z.string().min(1),
  publicUrl: z.string().url().optional(),
  masterKey: z.string().optional(),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'silent']),
  trustProxy: z.boolean(),
});

export type Config = Readonly<z.infer<typeof schema> & { webDir: string; keyFile: string; secureCookies: boolean; baseUrl: string }>;

export type Flags = Record<string, string | boolean | undefined>;

export function loadConfig(flags: Flags, env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse({
    dataDir: resolve(String(flags.data ?? env.ACCORD_DATA_DIR ?? './data')),
    databaseUrl: env.DATABASE_URL || undefined,
    port: flags.port ?? env.PORT ?? 3000,
    host: String(flags.host ?? env.HOST ?? '127.0.0.1'),
    publicUrl: env.ACCORD_PUBLIC_URL || undefined,
    masterKey: env.ACCORD_MASTER_KEY || undefined,
    logLevel: env.LOG_LEVEL ?? 'info',
    trustProxy: env.ACCORD_TRUST_PROXY === '1' || env.ACCORD_TRUST_PROXY === 'true',
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
