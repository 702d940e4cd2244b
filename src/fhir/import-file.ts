/**
 * An import file, whichever it is: FHIR R4 JSON (read-bundle.ts) or Accord's course layout
 * (contract/data-rights.ts `courseLayout`), read into one import plan with every problem found,
 * each named by line or by resource. Used alike by `accord import` and the import route.
 */
import type { ImportPlan, Problem } from '../domain/data-rights/import-plan.ts';
import { locateJson } from '../domain/data-rights/json-lines.ts';
import type { JsonPath } from '../domain/data-rights/json-lines.ts';
import { courseLayout } from '../contract/data-rights.ts';
import { readFhir } from './read-bundle.ts';

/** The largest file an import reads (a practice's years of records fit well within it). */
export const IMPORT_MAX_BYTES = 20 * 1024 * 1024;

export type ImportFile = { format: 'fhir' | 'accord-courses'; plan: ImportPlan; problems: Problem[]; notes: string[] };

const at = (lineOf: (p: JsonPath) => number | undefined, path: JsonPath): string => {
  const shown = path
    .map((p) => (typeof p === 'number' || /^\d+$/.test(String(p)) ? `[${String(p)}]` : `.${String(p)}`))
    .join('')
    .replace(/^\./, '');
  for (let n = path.length; n >= 0; n--) {
    const line = lineOf(path.slice(0, n));
    if (line !== undefined) return `line ${line}${shown ? ` (${shown})` : ''}`;
  }
  return shown || 'the file';
};

/** Reads an import file's text. `forClient`: answers for one existing client (FHIR only). */
export function readImportFile(text: string, opts: { forClient: boolean }): ImportFile {
  const empty: ImportPlan = { clients: [], responses: [] };
  if (Buffer.byteLength(text, 'utf8') > IMPORT_MAX_BYTES)
    return {
      format: 'fhir',
      plan: empty,
      problems: [
        {
          where: 'the file',
          message: `the file is ${Math.round(Buffer.byteLength(text, 'utf8') / 1048576)} MB; an import takes at most ${IMPORT_MAX_BYTES / 1048576} MB (split it by client)`,
        },
      ],
      notes: [],
    };
  const parsed = locateJson(text.replace(/^\uFEFF/, ''));
  if (!parsed.ok)
    return {
      format: 'fhir',
      plan: empty,
      problems: [{ where: `line ${parsed.line}, column ${parsed.column}`, message: `not valid JSON: ${parsed.message}` }],
      notes: [],
    };
  const value = parsed.value;
  const isLayout = typeof value === 'object' && value !== null && 'format' in value;
  if (!isLayout) return { format: 'fhir', ...readFhir(value, { forClient: opts.forClient, lineOf: parsed.lineOf }) };

  if (opts.forClient)
    return {
      format: 'accord-courses',
      plan: empty,
      problems: [{ where: 'the file', message: 'a course layout imports whole records: use the practice import' }],
      notes: [],
    };
  const r = courseLayout.safeParse(value);
  if (!r.success)
    return {
      format: 'accord-courses',
      plan: empty,
      problems: r.error.issues.map((i) => ({ where: at(parsed.lineOf, i.path as JsonPath), message: i.message })),
      notes: [],
    };
  const where = (...path: JsonPath) => at(parsed.lineOf, path);
  const plan: ImportPlan = {
    responses: [],
    clients: r.data.clients.map((c, ci) => ({
      where: where('clients', ci),
      name: c.name,
      contact: { email: c.email ?? null, phone: c.phone ?? null, dateOfBirth: c.dateOfBirth ?? null },
      therapistName: c.therapist ?? null,
      courses: c.courses.map((k, ki) => {
        const base = ['clients', ci, 'courses', ki] as const;
        return {
          where: where(...base),
          key: `${ci}.${ki}`,
          startedOn: k.startedOn,
          endedOn: k.endedOn ?? null,
          frequency: k.frequency,
          phase: k.phase,
          status: k.status,
          endReason: k.endReason ?? null,
          therapistName: c.therapist ?? null,
          sessions: k.sessions.map((s, si) => ({
            where: where(...base, 'sessions', si),
            key: s.id,
            startsAt: s.startsAt,
            durationMinutes: s.durationMinutes,
            status: s.status,
          })),
          responses: k.responses.map((x, ri) => ({
            where: where(...base, 'responses', ri),
            instrumentCode: x.instrument,
            completedAt: x.completedAt,
            answers: x.answers,
            sessionKey: x.session ?? null,
          })),
          goals: k.goals.map((g, gi) => ({
            where: where(...base, 'goals', gi),
            key: g.id ?? `goal-${gi}`,
            text: g.text,
            focus: g.focus,
            author: g.author,
            proposedAt: g.proposedAt,
            state: g.state,
            agreement: g.agreement
              ? { by: g.agreement.by, recordedBy: g.agreement.recordedBy ?? g.agreement.by, at: g.agreement.at, words: g.agreement.words }
              : null,
            closure: g.closure ? { state: g.closure.state, at: g.closure.at, by: g.closure.by, note: g.closure.note ?? null } : null,
            revisionOfKey: g.revises ?? null,
            gas: null,
            ratings: g.ratings.map((x) => ({ at: x.at, value: x.value, recordedBy: x.recordedBy ?? 'client' })),
            attainments: [],
          })),
        };
      }),
    })),
  };
  return { format: 'accord-courses', plan, problems: [], notes: [] };
}
