/**
 * The measures half of the caseload view (SPEC §3 C8: "latest scores with sparklines … open
 * alerts"): for every client whose measures the caller may read, the latest total of each
 * instrument with its recent series, reliable change so far, and the open alerts (kinds only).
 * Reads totals and bands in clear; opens no sealed text.
 */
import type { Caller } from '../../domain/access.ts';
import type { AlertKind } from '../../domain/alerts/alert.ts';
import { reliableChange } from '../../domain/measures/outcomes.ts';
import type { InstrumentDefinition } from '../../domain/measures/instrument.ts';
import type { Deps } from '../deps.ts';
import type { RecentSeries } from '../ports.ts';
import { listInstruments } from './instruments.ts';
import { activeAlertsByClient } from '../alerts/alerts.ts';
import { clientsInScope, clientsInScopeOf } from '../people/scope.ts';

export type CaseloadMeasure = {
  code: string;
  title: string;
  latest: number;
  band: string;
  severity: string;
  caseness: boolean | null;
  at: string;
  /** Up to `sparkPoints` latest totals, oldest first. */
  spark: number[];
  min: number;
  max: number;
  cutoff: number | null;
  higherIsBetter: boolean;
  change: 'reliable_improvement' | 'reliable_deterioration' | 'no_reliable_change' | 'insufficient_data' | null;
};
export type CaseloadMeasuresRow = {
  clientId: string;
  measures: CaseloadMeasure[];
  /** Alerts of open courses (and every safety alert); `quiet` counts the rest, of ended courses. */
  alerts: { active: number; mostUrgent: AlertKind | null; kinds: AlertKind[]; safety: number; quiet: number };
  /** Agreed type in force, latest inferred dominant type, and the inferred types of the latest sessions (oldest first). */
  alliance: { agreed: string | null; inferred: string | null; trend: string[] };
};

/** How many sessions the alliance trend shows. */
export const ALLIANCE_TREND_POINTS = 6;

export async function caseloadMeasures(
  deps: Deps,
  caller: Caller,
  opts: { sparkPoints?: number; clientIds?: readonly string[] | undefined; practiceId?: string } = {},
): Promise<CaseloadMeasuresRow[]> {
  // Named clients (a page of a paged list): those alone, each checked as a read of that client would be.
  const scope = opts.clientIds
    ? await clientsInScopeOf(deps, caller, 'measures:read', opts.clientIds)
    : await clientsInScope(deps, caller, 'measures:read', opts.practiceId);
  const visible = scope.filter((c) => c.status === 'active');
  const ids = visible.map((c) => c.id);
  const n = opts.sparkPoints ?? 12;
  // The scores and the alliance glances of every course of these clients are read beside the
  // courses themselves (on PostgreSQL, one wait for all five instead of two in a row); only the
  // current course's are shown.
  const [alerts, catalogue, courses, recentOfAll, glancesOfAll] = await Promise.all([
    activeAlertsByClient(deps, ids),
    listInstruments(deps),
    deps.store.listCoursesOfClients(ids),
    deps.store.listRecentScoresOfClients(ids, n),
    deps.store.listCourseAllianceGlancesOfClients(ids, ALLIANCE_TREND_POINTS),
  ]);
  const defs = new Map<string, InstrumentDefinition>();
  for (const e of catalogue) defs.set(e.def.code, e.def);
  // Courses come newest first: the open one if there is one, else the latest.
  const currentCourse = new Map<string, string>();
  const coursesOf = new Map<string, typeof courses>();
  for (const k of courses) {
    const own = coursesOf.get(k.clientId);
    if (own) own.push(k);
    else coursesOf.set(k.clientId, [k]);
  }
  for (const id of ids) {
    const own = coursesOf.get(id) ?? [];
    const pick = own.find((k) => k.status !== 'ended') ?? own[0];
    if (pick) currentCourse.set(id, pick.id);
  }
  const shown = new Set(currentCourse.values());
  const recent = recentOfAll.filter((r) => shown.has(r.courseId));
  const glanceOf = new Map(glancesOfAll.filter((g) => shown.has(g.courseId)).map((g) => [g.courseId, g]));
  const ended = new Set(courses.filter((k) => k.status === 'ended').map((k) => k.id));
  const byClient = new Map<string, RecentSeries[]>();
  for (const r of recent) {
    const list = byClient.get(r.clientId);
    if (list) list.push(r);
    else byClient.set(r.clientId, [r]);
  }
  return visible.map((c) => {
    const measures: CaseloadMeasure[] = [];
    for (const series of byClient.get(c.id) ?? []) {
      const code = series.instrumentCode;
      const def = defs.get(code);
      if (!def || def.respondent !== 'client') continue;
      const { first, latest: last } = series;
      measures.push({
        code,
        title: def.title,
        latest: last.total,
        band: last.bandLabel ?? '',
        severity: last.bandSeverity ?? 'minimal',
        caseness: last.caseness,
        at: last.completedAt,
        spark: series.totals,
        min: def.scoring.min,
        max: def.scoring.max,
        cutoff: def.caseness ?? null,
        higherIsBetter: def.higherIsBetter,
        // Reliable change is first vs latest (SPEC §5.1), so the two ends are all it needs.
        change:
          def.reliableChange === undefined
            ? null
            : reliableChange(
                def,
                (first.id === last.id ? [last] : [first, last]).map((r) => ({ at: r.completedAt, total: r.total })),
              ).outcome,
      });
    }
    const all = alerts.get(c.id) ?? [];
    const open = all.filter((a) => a.kind === 'safety' || !ended.has(a.courseId));
    const glance = glanceOf.get(currentCourse.get(c.id) ?? '');
    const trend = (glance?.recent ?? []).map((r) => r.dominant);
    return {
      clientId: c.id,
      measures,
      alerts: {
        active: open.length,
        mostUrgent: open[0]?.kind ?? null,
        kinds: [...new Set(open.map((a) => a.kind))],
        safety: open.filter((a) => a.kind === 'safety').length,
        quiet: all.length - open.length,
      },
      alliance: { agreed: glance?.agreedType ?? null, inferred: trend[trend.length - 1] ?? null, trend },
    };
  });
}
