/**
 * The alliance ledger's recompute after a new record (SPEC §3 C3 "computed after every new data
 * point"; issue 4: must stay far below a request's budget), on a 3-year weekly course: 156
 * sessions, an Expectations check pair every 6 attended sessions (client free text read for cues),
 * a dozen goals, an agreement with two shifts; then 10 more sessions, each recorded and recomputed
 * (the 166-session course on which the cold and unchanged recomputes are timed). Real storage
 * (SQLite on disk, WAL), real sealing. Figures are medians in milliseconds, from one run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStorage } from '../src/storage/open.ts';
import { uuidv7 } from '../src/storage/system.ts';
import { makeDeps } from '../src/services/compose.ts';
import type { Deps } from '../src/services/deps.ts';
import type { PasswordHasher } from '../src/services/ports.ts';
import { createPractice } from '../src/services/accounts/setup.ts';
import { createClient, openCourse, recordSession } from '../src/services/people/clients.ts';
import { getAllianceSummary, getAllianceTimeline, recomputeAlliance } from '../src/services/alliance/alliance.ts';
import { expectationsState, submitExpectations } from '../src/services/alliance/expectations.ts';
import { changeGoal, proposeCourseGoal } from '../src/services/alliance/goals.ts';
import { answerAgreement, proposeAgreement } from '../src/services/alliance/agreements.ts';
import { expectationsInstrument } from '../src/domain/alliance/expectations.ts';

const DAY = 86_400_000;
const cheapHasher: PasswordHasher = { hash: async (p) => `plain:${p}`, verify: async (h, p) => h === `plain:${p}` };

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function timed(n: number, fn: (i: number) => Promise<unknown>): Promise<number> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn(i);
    out.push(performance.now() - t);
  }
  return median(out);
}

export async function benchAlliance(): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'accord-bench-alliance-'));
  const storage = await openStorage({ dataDir: dir, keyFile: join(dir, 'master.key') });
  let now = Date.now() - 3 * 365 * DAY;
  const clock = { now: () => new Date(now) };
  const deps: Deps = makeDeps({
    store: storage.store,
    vault: storage.vault,
    clock,
    ids: { newId: () => uuidv7(now), token: () => uuidv7() },
    hasher: cheapHasher,
  });
  try {
    const { adminId } = await createPractice(deps, {
      token: null,
      practiceName: 'Bench',
      timeZone: 'UTC',
      adminEmail: 'a@bench.accord',
      adminName: 'A',
      password: 'bench passphrase long enough',
      requireSecondFactor: false,
    });
    const client = await createClient(deps, adminId, { name: 'Bench Client', contact: { email: null, phone: null, dateOfBirth: null } });
    const start = now;
    const course = await openCourse(deps, client.id, { startedOn: new Date(start).toISOString().slice(0, 10), frequency: 'weekly' });
    const therapist = { userId: adminId, side: 'therapist' as const };
    const self = { userId: 'client', side: 'client' as const };
    const answers = (side: 'client' | 'therapist', k: number) => Object.fromEntries(expectationsInstrument(side).statements.map((s, i) => [s.id, (i + k) % 5]));
    const goalIds: string[] = [];
    let agreementId: string | undefined;
    const t0 = performance.now();
    for (let w = 0; w < 156; w++) {
      now = start + w * 7 * DAY + 10 * 3_600_000;
      if ((await expectationsState(deps, course.id, 'client')).due.due) {
        await submitExpectations(deps, course.id, self, {
          answers: answers('client', w),
          freeText: 'I want to stop waiting for my family to change and learn to speak up for myself at work.',
        });
        await submitExpectations(deps, course.id, therapist, { answers: answers('therapist', w + 1) });
      }
      if (w % 13 === 0) {
        const g = await proposeCourseGoal(deps, course.id, self, {
          text: `I want to understand why I keep pulling away from people (${w})`,
          focus: w % 26 === 0 ? 'pattern_in_myself' : 'skill',
        });
        goalIds.push(g.id);
        await changeGoal(deps, course.id, g.id, therapist, { kind: 'agree', words: 'Yes, let us work on that.' });
      }
      if (w === 1 || w === 40 || w === 100) {
        const ledger = await proposeAgreement(deps, course.id, therapist, {
          terms: {
            statement: `Agreement from week ${w}`,
            allianceType: w === 100 ? 'therapeutic' : 'working',
            frequency: 'weekly',
            reviewPoint: { kind: 'after_sessions', sessions: 12 },
          },
          ...(agreementId ? { reason: 'Reviewed together' } : {}),
        });
        agreementId = ledger.agreements.at(-1)!.id;
        await answerAgreement(deps, course.id, agreementId, therapist, { confirm: true, words: 'Yes, that is right for me now.' });
      }
      await recordSession(deps, course.id, { startsAt: new Date(now).toISOString(), durationMinutes: 50, status: w % 17 === 5 ? 'no_show' : 'attended' });
      now += 3_600_000;
      await recomputeAlliance(deps, course.id);
    }
    const buildSeconds = (performance.now() - t0) / 1000;
    const base = now;
    const afterSession = await timed(10, async (i) => {
      now = base + (i + 1) * 7 * DAY;
      await recordSession(deps, course.id, { startsAt: new Date(now).toISOString(), durationMinutes: 50, status: 'attended' });
      now += 60_000;
      await recomputeAlliance(deps, course.id);
    });
    // On the 166-session course (issue 10's figures). Cold: every snapshot dropped, as after a
    // change of weights; the median of 3, each from no snapshots at all.
    const dropSnapshots = async () => {
      const snapshots = await deps.store.listAllianceSnapshots(course.id);
      await deps.store.deleteAllianceSnapshots(
        course.id,
        snapshots.map((s) => s.sessionId),
      );
    };
    const colds: number[] = [];
    for (let i = 0; i < 3; i++) {
      await dropSnapshots();
      colds.push(await timed(1, () => recomputeAlliance(deps, course.id)));
    }
    const cold = median(colds);
    const unchanged = await timed(15, () => recomputeAlliance(deps, course.id));
    const afterGoal = await timed(10, async (i) => {
      now += 60_000;
      await proposeCourseGoal(deps, course.id, self, { text: `I want to keep the gains when therapy ends (${i})`, focus: 'keeping_gains' });
    });
    const summary = await timed(10, () => getAllianceSummary(deps, course.id));
    const timeline = await timed(10, () => getAllianceTimeline(deps, course.id, 'therapist'));
    return {
      'sessions in the course': (await deps.store.listSessionsOfCourse(course.id)).length,
      'building the course through the services, s': buildSeconds,
      'recompute with no snapshots (cold), ms': cold,
      'recompute, nothing changed, ms': unchanged,
      'record a session + recompute, ms': afterSession,
      'propose a goal (incl. cue reading) + recompute, ms': afterGoal,
      'read the summary, ms': summary,
      'read the timeline, ms': timeline,
    };
  } finally {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // `--json`: one object on stdout, for bench/run.ts, which runs this file in a process of its own.
  const figures = await benchAlliance();
  if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify(figures)}\n`);
  else for (const [k, v] of Object.entries(figures)) console.log(`${k.padEnd(56)} ${v.toFixed(1)}`);
}
