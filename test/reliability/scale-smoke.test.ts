/**
 * A smoke run of the national-scale simulation (bench/scale.ts) at a ten-thousandth of its size:
 * the real migrations, the set-based generation of every table, the report and the sizes, on the
 * test PostgreSQL server, in a database of its own that is dropped afterwards. It checks the bench
 * still works, not its figures (docs/scale.md has those; the full run is `npm run bench:scale`).
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, it, expect } from 'vitest';
import { PG_URL } from '../support/harness.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('npm run bench:scale (a tiny run)', () => {
  it('generates a valid service, times the report and prints the figures as one JSON object', async () => {
    const db = `accord_scale_smoke_${process.pid}`;
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(
        process.execPath,
        ['--import', 'tsx', 'bench/scale.ts', '--scale', '0.0001', '--skip-audit', '--audit-per-session', '1', '--db', db],
        { cwd: ROOT, env: { ...process.env, ACCORD_SCALE_PG_URL: PG_URL.replace(/\/[^/]*$/, '/postgres') }, timeout: 170_000 },
        (err, out, errOut) => (err ? reject(new Error(`${err.message}\n${errOut}`)) : resolve(out)),
      );
    });
    const out = JSON.parse(stdout) as Record<string, unknown> & { sizes_per_year: Record<string, { rows: number }>; generation: { rows: number } };
    expect(out.referrals).toBe(200);
    expect(out.sessions).toBeGreaterThan(1000);
    expect(out.generation.rows).toBeGreaterThan(3000);
    expect(typeof out.report_10m_s).toBe('number');
    expect(out.report_groups).toBeGreaterThan(0);
    expect(out.generation_rows_per_s).toBeGreaterThan(0);
    expect(Object.keys(out.sizes_per_year)).toEqual(expect.arrayContaining(['therapy_sessions', 'measure_responses']));
  }, 180_000);
});
