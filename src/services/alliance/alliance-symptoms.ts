/**
 * The symptom course as the alliance inference reads it (SPEC §5.3 "the symptom course"): for
 * every client-answered measure with a clinical cut-off, each valid, current response as
 * "below caseness or not" and since when. Reads the measures capability's responses through the
 * Store port (totals and caseness are stored in clear; nothing sealed is opened).
 *
 * The seam: practice activity (SPEC §3 C5) will plug in the same way when that capability lands —
 * a loader here and an optional field of CourseRecords, which the domain already accepts.
 */
import type { SymptomCourseSummary } from '../../domain/alliance/course.ts';
import type { CourseRow, ResponseRow } from '../ports.ts';

/** From the client's responses (as `listResponsesOfClients` gives them), the course's symptom summaries. */
export function symptomSummaries(responses: readonly ResponseRow[], course: CourseRow): SymptomCourseSummary[] {
  const rows = responses.filter((r) => r.courseId === course.id);
  const superseded = new Set(rows.map((r) => r.supersedesId).filter((x): x is string => !!x));
  const monitored = rows.filter((r) => r.valid && !superseded.has(r.id) && r.respondent === 'client' && r.caseness !== null && r.total !== null);
  const byInstrument = new Map<string, ResponseRow[]>();
  for (const r of monitored) byInstrument.set(r.instrumentCode, [...(byInstrument.get(r.instrumentCode) ?? []), r]);
  const out: SymptomCourseSummary[] = [];
  for (const [instrument, series] of byInstrument) {
    let since: string | undefined;
    for (const r of [...series].sort((a, b) => Date.parse(a.completedAt) - Date.parse(b.completedAt))) {
      const remitted = r.caseness === false;
      since = remitted ? (since ?? r.completedAt) : undefined;
      out.push({ instrument, at: r.completedAt, remitted, ...(since === undefined ? {} : { remittedSince: since }), latestScore: r.total! });
    }
  }
  return out.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}
