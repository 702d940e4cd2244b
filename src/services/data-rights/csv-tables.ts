/**
 * The CSV export (SPEC §3 C10): three tables a practice can open in a spreadsheet — sessions,
 * scores (one row per response, corrections included) and outcomes (first vs latest per course
 * and instrument, with reliable change and recovery as the measures rules decide them, SPEC
 * §5.1). Cells go through domain/data-rights/csv.ts, which neutralises formula injection.
 */
import { toCsv } from '../../domain/data-rights/csv.ts';
import { recovery, reliableChange } from '../../domain/measures/outcomes.ts';
import type { PracticeExport } from './export.ts';

export type CsvTable = 'sessions' | 'scores' | 'outcomes';
export const CSV_TABLES: readonly CsvTable[] = ['sessions', 'scores', 'outcomes'];

export function csvTable(x: PracticeExport, table: CsvTable): string {
  switch (table) {
    case 'sessions':
      return toCsv(
        ['client_id', 'client_name', 'course_id', 'session_id', 'starts_at', 'duration_minutes', 'status'],
        x.clients.flatMap((c) =>
          c.courses.flatMap((k) => k.sessions.map((s) => [c.client.id, c.client.name, k.id, s.id, s.startsAt, s.durationMinutes, s.status])),
        ),
      );
    case 'scores':
      return toCsv(
        [
          'client_id',
          'client_name',
          'course_id',
          'session_id',
          'response_id',
          'instrument',
          'instrument_version',
          'completed_at',
          'respondent',
          'source',
          'valid',
          'total',
          'band',
          'caseness',
          'safety_flagged',
          'superseded_by',
        ],
        x.clients.flatMap((c) =>
          c.responses.map((r) => [
            c.client.id,
            c.client.name,
            r.courseId,
            r.sessionId,
            r.id,
            r.instrumentCode,
            r.instrumentVersion,
            r.completedAt,
            r.respondent,
            r.source,
            r.valid,
            r.total,
            r.band?.label,
            r.caseness,
            r.safetyFlagged,
            r.supersededBy,
          ]),
        ),
      );
    case 'outcomes': {
      const defs = new Map(x.instruments.map((d) => [d.code, d]));
      const rows = x.clients.flatMap((c) =>
        c.courses.flatMap((k) => {
          const current = c.responses.filter((r) => r.courseId === k.id && r.valid && r.total !== null && !r.supersededBy);
          const codes = [...new Set(current.map((r) => r.instrumentCode))].sort();
          return codes.flatMap((code) => {
            const def = defs.get(code);
            if (!def) return [];
            const series = current.filter((r) => r.instrumentCode === code).map((r) => ({ at: r.completedAt, total: r.total!, responseId: r.id }));
            const change = reliableChange(def, series);
            const rec = recovery(def, series);
            const first = series[0]!;
            const last = series[series.length - 1]!;
            return [
              [
                c.client.id,
                c.client.name,
                k.id,
                code,
                series.length,
                first.at,
                first.total,
                last.at,
                last.total,
                last.total - first.total,
                change.outcome,
                rec.applicable ? rec.recovered : null,
                rec.applicable ? rec.reliablyRecovered : null,
              ],
            ];
          });
        }),
      );
      return toCsv(
        [
          'client_id',
          'client_name',
          'course_id',
          'instrument',
          'measures',
          'first_at',
          'first_total',
          'latest_at',
          'latest_total',
          'change',
          'reliable_change',
          'recovered',
          'reliably_recovered',
        ],
        rows,
      );
    }
  }
}
