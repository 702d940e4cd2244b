/**
 * The outcome rules after a submission read only the points of each series that decide them
 * (pointsForRules in outcome-checks.ts). Here they are held to the rules read over the course's whole
 * history, as the submission read it before: random courses — PHQ-9 and GAD-7 series with tied
 * times, back-dated answers, valid and invalid corrections, attended and cancelled sessions, with
 * and without an agreed goal — must give the same alert drafts, evidence and all, on both
 * databases.
 */
import { randomUUID } from 'node:crypto';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { TestWorld } from '../support/harness.ts';
import type { CourseRow, GoalRow, ResponseRow, Store, TherapySessionRow } from '../../src/services/ports.ts';
import { DIALECTS, clinicalBase, course as courseRow, response, session, world } from '../../src/storage/contract-support.ts';
import type { Fixture } from '../../src/storage/contract-support.ts';
import { GAD7, PHQ9 } from '../../src/domain/measures/builtin/index.ts';
import type { InstrumentDefinition } from '../../src/domain/measures/instrument.ts';
import { currentResponses, monitoredSeries, remissionDraft } from '../../src/domain/measures/course-responses.ts';
import { notOnTrack } from '../../src/domain/measures/outcomes.ts';
import { draftNotOnTrackAlert } from '../../src/domain/measures/alerts-from-outcomes.ts';
import type { AlertDraft } from '../../src/domain/alerts/alert.ts';
import type { Texts } from '../../src/services/alliance/alliance-records.ts';
import { outcomeDrafts } from '../../src/services/measures/outcome-checks.ts';

const DEFS: Record<string, InstrumentDefinition> = { phq9: PHQ9, gad7: GAD7 };
const DAY = 86_400_000;
const BASE = Date.parse('2025-06-02T09:00:00.000Z');

/** A small deterministic generator, so a failing course can be rebuilt from its seed. */
function rng(seed: number) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

/** The rules over the whole series, as the submission read them before they were bounded. */
function wholeSeries(
  course: CourseRow,
  def: InstrumentDefinition,
  row: ResponseRow,
  responses: readonly ResponseRow[],
  sessions: readonly TherapySessionRow[],
  goals: readonly GoalRow[],
): AlertDraft[] {
  const ofCourse = responses.filter((r) => r.courseId === course.id);
  const all = currentResponses(ofCourse.filter((r) => r.valid));
  const defs = new Map([...new Set(all.map((r) => r.instrumentCode))].map((c) => [c, DEFS[c]]));
  const attendedAt = (at: string) => sessions.filter((s) => s.status === 'attended' && s.startsAt <= at).length;
  const monitored = monitoredSeries(ofCourse, (c) => defs.get(c), attendedAt);
  const drafts: AlertDraft[] = [];
  const mine = monitored.find((m) => m.def.code === def.code);
  if (mine) {
    const d = draftNotOnTrackAlert(
      course.id,
      def,
      notOnTrack(
        def,
        mine.series.filter((pt) => pt.at <= row.completedAt),
        { attendedSessions: attendedAt(row.completedAt) },
      ),
    );
    if (d) drafts.push(d);
  }
  const remission = remissionDraft(
    course.id,
    monitored,
    goals.some((g) => g.state === 'agreed'),
  );
  if (remission) drafts.push(remission);
  return drafts;
}

const noTexts = new Proxy(
  {},
  {
    get: () => () => {
      throw new Error('no clinical text is opened for these instruments');
    },
  },
) as unknown as Texts;

describe.each(DIALECTS)('bounded outcome rules on %s', (dialect) => {
  let w: TestWorld;
  let store: Store;
  let fx: Fixture;
  beforeAll(async () => {
    w = await world(dialect);
    store = w.deps.store;
    fx = await clinicalBase(store);
  });
  afterAll(async () => {
    await w?.close();
  });

  it('decide as the whole series does, over 60 random courses', async () => {
    let compared = 0;
    const kinds = new Map<string, number>();
    for (let seed = 1; seed <= 60; seed++) {
      const r = rng(seed * 7919);
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
      const k = courseRow(fx.c);
      await store.insertCourse(k);
      const sessions: TherapySessionRow[] = [];
      for (let i = 0, n = Math.floor(r() * 14); i < n; i++) {
        const s = session(k, new Date(BASE + Math.floor(r() * 150) * DAY).toISOString(), { status: r() < 0.8 ? 'attended' : 'cancelled_late' });
        await store.insertSession(s);
        sessions.push(s);
      }
      // Few distinct days, so times tie; creation times all differ and grow.
      const days = Array.from({ length: 4 + Math.floor(r() * 40) }, () => Math.floor(r() * 160));
      let created = BASE + 400 * DAY;
      const rows: ResponseRow[] = [];
      // Some courses sit mostly above the cut-off, some mostly below (remission), most around it.
      const level = pick([0.2, 0.5, 0.5, 0.85]);
      const total = (def: InstrumentDefinition) => {
        const band = r() + 0.5 - level;
        // Around the cut-off and the reliable-change distances, where the rules turn.
        return Math.max(0, Math.min(def.code === 'phq9' ? 27 : 21, Math.round((def.caseness ?? 10) + (band - 0.5) * 22)));
      };
      const make = (def: InstrumentDefinition, over: Partial<ResponseRow> = {}): ResponseRow => {
        const t = total(def);
        created += 1000;
        return response(k, {
          instrumentCode: def.code,
          completedAt: new Date(BASE + pick(days) * DAY + (r() < 0.2 ? 3_600_000 : 0)).toISOString(),
          createdAt: new Date(created).toISOString(),
          total: t,
          caseness: t >= (def.caseness ?? Infinity),
          ...over,
        });
      };
      for (let i = 0, n = 1 + Math.floor(r() * 30); i < n; i++) {
        const def = r() < 0.65 ? PHQ9 : GAD7;
        const corrected = new Set(rows.map((x) => x.supersedesId));
        const target = r() < 0.12 ? rows.find((x) => x.instrumentCode === def.code && !corrected.has(x.id) && r() < 0.5) : undefined;
        const invalid = r() < 0.05;
        const row = make(def, {
          ...(target ? { supersedesId: target.id, completedAt: target.completedAt } : {}),
          ...(invalid ? { valid: false, total: null, caseness: null, invalidReason: 'missing_items', safetyFlagged: true } : {}),
        });
        await store.insertResponse(row);
        rows.push(row);
      }
      const goals: GoalRow[] = [];
      if (r() < 0.4) {
        const g = { id: randomUUID(), courseId: k.id, state: 'agreed' } as unknown as GoalRow;
        goals.push(g);
      }
      // The new answer: a PHQ-9 (or a GAD-7), now or back-dated among the others.
      const def = r() < 0.75 ? PHQ9 : GAD7;
      const row = make(def, r() < 0.3 ? { completedAt: new Date(BASE - DAY).toISOString() } : {});
      await store.insertResponse(row);
      const all = await store.listResponsesOfClients([fx.c.id]);
      const expected = wholeSeries(k, def, row, all, sessions, goals);
      const got = await outcomeDrafts(
        w.deps,
        k,
        def,
        row,
        await w.deps.store.attendedStartsOfCourse(k.id),
        goals.some((g) => g.state === 'agreed'),
        noTexts,
      );
      expect(got, `seed ${seed}`).toEqual(expected);
      compared++;
      for (const d of got) kinds.set(d.kind, (kinds.get(d.kind) ?? 0) + 1);
    }
    expect(compared).toBe(60);
    // The comparison is not vacuous: both rules raise alerts in some of these courses.
    expect([...kinds.keys()].sort()).toEqual(['not_on_track', 'remission_without_goal']);
  });
});
