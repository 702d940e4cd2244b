/**
 * A course's responses as the outcome rules read them, and the remission draft over them
 * (SPEC §5.1 "remission without a current goal"). Two capabilities ask the same question —
 * the measures one when a response arrives, the alliance one when goals change (a goal closed
 * later can complete the condition) — so the rule lives here once, and both paths raise one
 * alert (same rule, same dedupe key).
 */
import type { AlertDraft } from '../alerts/alert.ts';
import type { InstrumentDefinition } from './instrument.ts';
import type { MonitoredSeries } from './outcomes.ts';
import { remissionWithoutGoal } from './outcomes.ts';
import { draftRemissionAlert } from './alerts-from-outcomes.ts';

/** What the rules read of a stored response (totals in clear; answers never). */
export type CourseResponse = {
  id: string;
  instrumentCode: string;
  completedAt: string;
  total: number | null;
  valid: boolean;
  supersedesId: string | null;
};

/**
 * Responses that still count: not replaced by a correction among `rows` (a response is kept
 * when corrected, and both stay stored; only the latest version counts).
 */
export function currentResponses<R extends Pick<CourseResponse, 'id' | 'supersedesId'>>(rows: readonly R[]): R[] {
  const superseded = new Set(rows.map((r) => r.supersedesId).filter((x): x is string => !!x));
  return rows.filter((r) => !superseded.has(r.id));
}

/**
 * The monitored series of a course (instruments with a clinical cut-off), from its valid,
 * current responses in time order. `sessionIndexOf` numbers each point by the attended sessions
 * before it, when the caller knows them (the measures path names the session in the evidence).
 */
export function monitoredSeries(
  responses: readonly CourseResponse[],
  definitionOf: (code: string) => InstrumentDefinition | undefined,
  sessionIndexOf?: (at: string) => number,
): MonitoredSeries[] {
  const current = currentResponses(responses.filter((r) => r.valid));
  const out: MonitoredSeries[] = [];
  for (const code of new Set(current.map((r) => r.instrumentCode))) {
    const def = definitionOf(code);
    if (!def || def.caseness === undefined) continue;
    out.push({
      def,
      series: current
        .filter((r) => r.instrumentCode === code)
        .map((r) => ({
          at: r.completedAt,
          total: r.total ?? 0,
          ...(sessionIndexOf ? { sessionIndex: sessionIndexOf(r.completedAt) } : {}),
          responseId: r.id,
        })),
    });
  }
  return out;
}

/**
 * The remission-without-a-current-goal alert a course's measures call for now, or undefined:
 * every monitored measure below its cut-off for the remission window and no active agreed goal.
 */
export function remissionDraft(courseId: string, series: readonly MonitoredSeries[], hasActiveAgreedGoal: boolean): AlertDraft | undefined {
  if (!series.length) return undefined;
  return draftRemissionAlert(courseId, remissionWithoutGoal(series, hasActiveAgreedGoal));
}
