/**
 * The realistic practice `npm run bench` measures, on disk (SQLite, WAL, synchronous=FULL as
 * shipped): a therapist with 40 clients, each with one course of `years` years of weekly sessions
 * (some late cancellations and no-shows, one scheduled next week), a PHQ-9 and a GAD-7 every three
 * weeks, an Expectations check pair whenever it is due (every 6 attended sessions, client free
 * text read for cues), a goal every quarter agreed by the therapist, an agreement with two shifts,
 * and the alliance snapshots of the whole course. A second therapist holds two clients whose
 * courses hold exactly 10 and 1,000 responses (the submission-cost figures).
 *
 * Everything goes through the services with a clock moved through the years, except the measure
 * responses: they are written through the store port as submissions leave them (sealed answers,
 * clear totals), because thousands of submissions through the service would take minutes.
 * Built once per run and reused: the SQLite file is cached in a temp dir and copied by callers
 * that change it; PostgreSQL gets the same data through a backup and restore.
 */
import { closeSync, fsyncSync, mkdtempSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hash, verify } from '@node-rs/argon2';
import { openStorage } from '../src/storage/open.ts';
import type { OpenedStorage } from '../src/storage/open.ts';
import { uuidv7 } from '../src/storage/system.ts';
import { makeDeps } from '../src/services/compose.ts';
import type { Deps } from '../src/services/deps.ts';
import type { PasswordHasher } from '../src/services/ports.ts';
import { createPractice } from '../src/services/accounts/setup.ts';
import { acceptInvite, createInvite } from '../src/services/accounts/users.ts';
import { createClient, openCourse, recordSession } from '../src/services/people/clients.ts';
import { sealText } from '../src/services/clinical-text.ts';
import { recomputeAlliance } from '../src/services/alliance/alliance.ts';
import { FollowUps } from '../src/services/unit-of-work.ts';
import { createBackup, restoreBackup } from '../src/services/operations/backup.ts';
import { submitExpectations } from '../src/services/alliance/expectations.ts';
import { changeGoal, proposeCourseGoal } from '../src/services/alliance/goals.ts';
import { answerAgreement, proposeAgreement } from '../src/services/alliance/agreements.ts';
import { expectationsInstrument } from '../src/domain/alliance/expectations.ts';
import { scoreResponse } from '../src/domain/measures/score.ts';
import { GAD7, PHQ9 } from '../src/domain/measures/builtin/index.ts';
import type { InstrumentDefinition } from '../src/domain/measures/instrument.ts';

const DAY = 86_400_000;
export const PASSWORD = 'bench lantern harbour 42';
export const THERAPIST = 'therapist@bench.accord';
export const THERAPIST2 = 'therapist2@bench.accord';

/** argon2id with small parameters: sign-in is not measured, and the fixture is built many times a day. */
export const benchHasher: PasswordHasher = {
  hash: (p) => hash(p, { algorithm: 2, memoryCost: 1024, timeCost: 1, parallelism: 1 }),
  verify: async (h, p) => {
    try {
      return await verify(h, p);
    } catch {
      return false;
    }
  },
};

/** A clock the builder moves through the years; `live()` hands it back to the real time. */
export type BenchClock = { now(): Date; set(ms: number): void; live(): void };
export function benchClock(): BenchClock {
  let fixed: number | undefined;
  return {
    now: () => new Date(fixed ?? Date.now()),
    set: (ms) => {
      fixed = ms;
    },
    live: () => {
      fixed = undefined;
    },
  };
}

export function depsFor(storage: OpenedStorage, clock: BenchClock): Deps {
  return makeDeps({
    store: storage.store,
    vault: storage.vault,
    clock,
    ids: { newId: () => uuidv7(clock.now().getTime()), token: () => uuidv7() },
    hasher: benchHasher,
  });
}

/** Answers that drift slowly over the weeks (never the safety item, so no alert per response). */
export function answersFor(def: InstrumentDefinition, week: number, client: number): Record<string, number> {
  const out: Record<string, number> = {};
  def.items.forEach((item, i) => {
    const top = item.options[item.options.length - 1]!.value;
    const v = item.safety ? 0 : Math.round(top * (0.5 + 0.4 * Math.sin((week + client * 7 + i) / 9)));
    out[item.id] = Math.max(item.options[0]!.value, Math.min(top, v));
  });
  return out;
}

/** Writes one scored response through the store port, as a submission leaves it. */
async function insertResponse(
  deps: Deps,
  clientId: string,
  courseId: string,
  def: InstrumentDefinition,
  answers: Record<string, number>,
  at: string,
  by: string,
) {
  const score = scoreResponse(def, answers);
  if (!score.valid) throw new Error('bench answers must be valid');
  const id = deps.ids.newId();
  await deps.store.insertResponse({
    id,
    clientId,
    courseId,
    sessionId: null,
    scheduleId: null,
    instrumentCode: def.code,
    instrumentVersion: def.version,
    respondent: 'client',
    source: 'portal',
    enteredBy: by,
    completedAt: at,
    createdAt: at,
    answersEnc: await sealText(deps, clientId, { table: 'measure_responses', id, field: 'answers' }, JSON.stringify(answers)),
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

export type Fixture = {
  dir: string;
  keyFile: string;
  /** One of the 40 clients (the audited read). */
  clientId: string;
  clientIds: string[];
  /** The second therapist's clients: their courses hold 10 and 1,000 responses. */
  client10: string;
  client1000: string;
  /** The 166-session course is bench/alliance.ts's; this is the size of ours. */
  sessionsPerCourse: number;
  responses: number;
  buildSeconds: number;
  /** The practice as a backup file (sealed under keyFile's master key): restores into PostgreSQL. */
  backup: Buffer;
};

/** Builds the practice into a fresh temp dir and closes it (the caller opens it as it needs). */
/**
 * Builds the practice into a fresh temp dir (dataDir/accord.db) and closes it; the caller opens it
 * as it needs and removes the dir. `snapshots: false` leaves the alliance snapshots (and the alerts
 * their findings raise) to the first read, for a quicker build when a figure does not need them.
 */
export async function buildFixture(opts: { clients: number; years: number; snapshots?: boolean }): Promise<Fixture> {
  const t0 = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'accord-bench-'));
  const keyFile = join(dir, 'master.key');
  // Built in memory (no fsync per service call), then restored into the file in one transaction.
  const storage = await openStorage({ dataDir: dir, keyFile, memory: true });
  const clock = benchClock();
  // Within one long unit of work: each record's alliance recompute is queued (once per course)
  // instead of run at once, and run once when the course is complete; the end state is the same.
  const deps = { ...depsFor(storage, clock), after: new FollowUps() };
  const weeks = Math.round(opts.years * 52);
  const now = Date.now();
  const start = now - weeks * 7 * DAY - DAY;
  clock.set(start - 30 * DAY);
  try {
    const { adminId } = await createPractice(deps, {
      token: null,
      practiceName: 'Bench Practice',
      timeZone: 'Europe/London',
      adminEmail: 'admin@bench.accord',
      adminName: 'Admin',
      password: PASSWORD,
      // The load generator signs the therapists in with a password alone.
      requireSecondFactor: false,
    });
    const therapist = await acceptInvite(deps, (await createInvite(deps, adminId, { email: THERAPIST, roles: ['therapist'] })).token, {
      displayName: 'Bench Therapist',
      password: PASSWORD,
    });
    const therapist2 = await acceptInvite(deps, (await createInvite(deps, adminId, { email: THERAPIST2, roles: ['therapist'] })).token, {
      displayName: 'Second Therapist',
      password: PASSWORD,
    });
    const answers = (side: 'client' | 'therapist', k: number) => Object.fromEntries(expectationsInstrument(side).statements.map((s, i) => [s.id, (i + k) % 5]));
    const clientIds: string[] = [];
    let responses = 0;
    for (let c = 0; c < opts.clients; c++) {
      clock.set(start - 7 * DAY + c * 60_000);
      const client = await createClient(deps, therapist.id, {
        name: `Client ${String(c).padStart(2, '0')} Surname`,
        contact: { email: `c${c}@example.org`, phone: '+44 7700 900000', dateOfBirth: '1985-05-05' },
      });
      clientIds.push(client.id);
      const course = await openCourse(deps, client.id, { startedOn: new Date(start).toISOString().slice(0, 10), frequency: 'weekly', phase: 'middle' });
      const self = { userId: 'client', side: 'client' as const };
      const ther = { userId: therapist.id, side: 'therapist' as const };
      let agreementId: string | undefined;
      let attended = 0;
      let nextCheck = 0;
      for (let w = 0; w < weeks; w++) {
        const at = start + w * 7 * DAY + 10 * 3_600_000 + c * 60_000;
        clock.set(at);
        // Due at intake and then every 6 attended sessions: tried when our own count says so, and
        // the week after when the service says not yet (asking it each week opens every earlier
        // answer, which made the 10-year build minutes long).
        if (attended >= nextCheck) {
          try {
            await submitExpectations(deps, course.id, self, {
              answers: answers('client', w + c),
              freeText: 'I want to stop waiting for my family to change and learn to speak up for myself at work.',
            });
            await submitExpectations(deps, course.id, ther, { answers: answers('therapist', w + c + 1) });
            nextCheck = attended + 6;
          } catch (err) {
            if ((err as { code?: string }).code !== 'conflict') throw err;
            nextCheck = attended + 1;
          }
        }
        if (w % 13 === 0) {
          const g = await proposeCourseGoal(deps, course.id, self, {
            text: `I want to understand why I keep pulling away from people (${w})`,
            focus: w % 26 === 0 ? 'pattern_in_myself' : 'skill',
          });
          await changeGoal(deps, course.id, g.id, ther, { kind: 'agree', words: 'Yes, let us work on that.' });
        }
        if (w === 1 || w === Math.round(weeks / 4) || w === Math.round((weeks * 2) / 3)) {
          const ledger = await proposeAgreement(deps, course.id, ther, {
            terms: {
              statement: `Agreement from week ${w}`,
              allianceType: w === 1 ? 'working' : 'therapeutic',
              frequency: 'weekly',
              reviewPoint: { kind: 'after_sessions', sessions: 12 },
            },
            ...(agreementId ? { reason: 'Reviewed together' } : {}),
          });
          agreementId = ledger.agreements.at(-1)!.id;
          await answerAgreement(deps, course.id, agreementId, ther, { confirm: true, words: 'Yes, that is right for me now.' });
        }
        const status = w % 11 === 5 ? 'cancelled_late' : w % 17 === 3 ? 'no_show' : 'attended';
        await recordSession(deps, course.id, { startsAt: new Date(at).toISOString(), durationMinutes: 50, status });
        if (status === 'attended') attended++;
        if (w % 3 === 1) {
          const when = new Date(at - 3_600_000).toISOString();
          await insertResponse(deps, client.id, course.id, PHQ9, answersFor(PHQ9, w, c), when, therapist.id);
          await insertResponse(deps, client.id, course.id, GAD7, answersFor(GAD7, w, c), when, therapist.id);
          responses += 2;
        }
      }
      clock.set(now - 60_000);
      await recordSession(deps, course.id, { startsAt: new Date(now + 3 * DAY).toISOString(), durationMinutes: 50, status: 'scheduled' });
      if (opts.snapshots !== false) await recomputeAlliance(deps, course.id);
    }
    // The submission-cost clients: a course holding 10 responses, and one holding 1,000.
    const held: string[] = [];
    for (const n of [10, 1000]) {
      clock.set(start + n * 1000);
      const client = await createClient(deps, therapist2.id, { name: `Held ${n}`, contact: { email: null, phone: null, dateOfBirth: null } });
      const course = await openCourse(deps, client.id, { startedOn: new Date(start).toISOString().slice(0, 10), frequency: 'weekly', phase: 'middle' });
      for (let i = 0; i < n; i++) {
        const when = new Date(start + Math.floor((i * (now - start - DAY)) / n)).toISOString();
        clock.set(Date.parse(when));
        await insertResponse(deps, client.id, course.id, PHQ9, answersFor(PHQ9, i, n), when, therapist2.id);
      }
      responses += n;
      held.push(client.id);
    }
    clock.live();
    await deps.audit.settle();
    const { data: backup } = await createBackup(deps);
    await storage.close();
    const disk = await openStorage({ dataDir: dir, keyFile });
    try {
      await restoreBackup({ ...depsFor(disk, clock) }, backup);
    } finally {
      await disk.close();
    }
    // The file's pages written to the disk now, as part of the build: left to the kernel's
    // writeback, hundreds of MB (10 years) would still be going out while the first figures are
    // measured, and every commit's fsync would wait behind them.
    const fd = openSync(join(dir, 'accord.db'), 'r+');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    return {
      dir,
      keyFile,
      clientId: clientIds[Math.floor(clientIds.length / 2)]!,
      clientIds,
      client10: held[0]!,
      client1000: held[1]!,
      sessionsPerCourse: weeks + 1,
      responses,
      buildSeconds: (performance.now() - t0) / 1000,
      backup,
    };
  } catch (err) {
    await storage.close();
    throw err;
  }
}
