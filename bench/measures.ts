/**
 * Measures figures for `npm run bench` (issue 3): the time to compute the caseload's measures
 * (40 active clients, three years of weekly PHQ-9, GAD-7 and Session check each — 18,720
 * responses), and the rate of durable response submissions (SQLite on disk, synchronous=FULL;
 * each submission stores the sealed answers, runs the outcome rules and commits, as the portal
 * does). Run alone with `node --import tsx bench/measures.ts`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStorage } from '../src/storage/open.ts';
import { argon2Hasher, systemClock, systemIds } from '../src/storage/system.ts';
import { makeDeps } from '../src/services/compose.ts';
import { createPractice } from '../src/services/accounts/setup.ts';
import { acceptInvite, createInvite } from '../src/services/accounts/users.ts';
import { callerOf } from '../src/services/accounts/auth.ts';
import { createClient, openCourse } from '../src/services/people/clients.ts';
import { sealText } from '../src/services/clinical-text.ts';
import { submitResponse } from '../src/services/measures/measures.ts';
import { caseloadMeasures } from '../src/services/measures/caseload-measures.ts';
import { scoreResponse } from '../src/domain/measures/score.ts';
import { GAD7, PHQ9, SESSION_CHECK } from '../src/domain/measures/builtin/index.ts';
import type { InstrumentDefinition } from '../src/domain/measures/instrument.ts';

const CLIENTS = 40;
const WEEKS = 156;

function answersFor(def: InstrumentDefinition, week: number, client: number): Record<string, number> {
  const out: Record<string, number> = {};
  def.items.forEach((item, i) => {
    const top = item.options[item.options.length - 1]!.value;
    const v = item.safety ? 0 : Math.round(top * (0.5 + 0.4 * Math.sin((week + client * 7 + i) / 9)));
    out[item.id] = Math.max(item.options[0]!.value, Math.min(top, v));
  });
  return out;
}

export async function benchMeasures(): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'accord-bench-measures-'));
  const storage = await openStorage({ dataDir: dir, keyFile: join(dir, 'master.key') });
  const deps = makeDeps({ store: storage.store, vault: storage.vault, clock: systemClock, ids: systemIds, hasher: argon2Hasher });
  try {
    const password = 'bench lantern harbour 42';
    const { adminId } = await createPractice(deps, {
      token: null,
      practiceName: 'Bench',
      timeZone: 'Europe/London',
      adminEmail: 'admin@bench.accord',
      adminName: 'Admin',
      password,
      requireSecondFactor: false,
    });
    const { token } = await createInvite(deps, adminId, { email: 'therapist@bench.accord', roles: ['therapist'] });
    const therapist = await acceptInvite(deps, token, { displayName: 'Bench Therapist', password });
    const now = Date.now();
    const clientIds: string[] = [];
    for (let c = 0; c < CLIENTS; c++) {
      const client = await createClient(deps, therapist.id, { name: `Client ${c}`, contact: { email: null, phone: null, dateOfBirth: null } });
      clientIds.push(client.id);
      const start = now - WEEKS * 7 * 86_400_000;
      const course = await openCourse(deps, client.id, { startedOn: new Date(start).toISOString().slice(0, 10), frequency: 'weekly', phase: 'middle' });
      // The history is written directly (sealed answers, clear totals), as submissions would leave it.
      await deps.store.transaction(async (tx) => {
        const d = { ...deps, store: tx };
        for (let w = 0; w < WEEKS; w++) {
          for (const def of [PHQ9, GAD7, SESSION_CHECK]) {
            const answers = answersFor(def, w, c);
            const score = scoreResponse(def, answers);
            if (!score.valid) throw new Error('bench answers must be valid');
            const id = deps.ids.newId();
            const at = new Date(start + w * 7 * 86_400_000).toISOString();
            await tx.insertResponse({
              id,
              clientId: client.id,
              courseId: course.id,
              sessionId: null,
              scheduleId: null,
              instrumentCode: def.code,
              instrumentVersion: def.version,
              respondent: 'client',
              source: 'portal',
              enteredBy: therapist.id,
              completedAt: at,
              createdAt: at,
              answersEnc: await sealText(d, client.id, { table: 'measure_responses', id, field: 'answers' }, JSON.stringify(answers)),
              valid: true,
              total: score.total,
              bandLabel: score.band.label,
              bandSeverity: score.band.severity,
              caseness: def.caseness === undefined ? null : score.caseness,
              invalidReason: null,
              safetyFlagged: false,
              supersedesId: null,
            });
          }
        }
      });
    }
    const caller = callerOf(therapist);
    // Caseload: warm once, then the median of 15 runs.
    const rows = await caseloadMeasures(deps, caller);
    if (rows.length !== CLIENTS) throw new Error(`caseload has ${rows.length} clients`);
    const times: number[] = [];
    for (let i = 0; i < 15; i++) {
      const t0 = performance.now();
      await caseloadMeasures(deps, caller);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);

    // Durable submissions: a portal PHQ-9 for clients with the full history (outcome rules run over it).
    const submit = async (i: number) =>
      submitResponse(deps, clientIds[i % CLIENTS]!, { userId: therapist.id, as: 'client' }, { instrumentCode: 'phq9', answers: answersFor(PHQ9, i, i) });
    await submit(0);
    const n = 200;
    let t0 = performance.now();
    for (let i = 1; i <= n; i++) await submit(i);
    const sequential = n / ((performance.now() - t0) / 1000);
    t0 = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < n) await submit(1000 + next++);
      }),
    );
    const concurrent = n / ((performance.now() - t0) / 1000);
    await deps.audit.settle();
    return {
      'caseload measures, 40 clients × 3 years weekly (18,720 responses), median ms': times[Math.floor(times.length / 2)]!,
      'caseload measures, slowest of 15 runs, ms': times[times.length - 1]!,
      'durable PHQ-9 submissions per second, one at a time (PerSec)': sequential,
      'durable PHQ-9 submissions per second, 8 in flight (PerSec)': concurrent,
    };
  } finally {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const figures = await benchMeasures();
  for (const [k, v] of Object.entries(figures)) console.log(`  ${k.padEnd(80)} ${v.toFixed(1)}`);
}
