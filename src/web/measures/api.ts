/**
 * The measures part of the browser's API client: instruments, what is due, submitting answers,
 * responses, score series and schedules. Shapes mirror src/http/routes/measures.schema.ts.
 */
import { call } from '../api.ts';
import type { InstrumentDefinition } from '../../domain/measures/instrument.ts';
import type { Cadence } from '../../domain/measures/schedule.ts';
import type { ClientMeasureSeries, MeasureSeries } from '../../domain/measures/series.ts';

export type { InstrumentDefinition };
export type Answers = Record<string, number | null>;
export type Source = 'portal' | 'in_session' | 'paper' | 'import';

export type DueMeasure = {
  scheduleId: string; courseId: string; instrumentCode: string; cadence: Cadence; sessionId: string | null; reason: string;
  instrument: InstrumentDefinition;
};
export type ResponseView = {
  id: string; clientId: string; courseId: string | null; sessionId: string | null; instrumentCode: string; instrumentVersion: string;
  instrumentTitle: string; respondent: 'client' | 'therapist'; source: Source; enteredBy: string; completedAt: string; answers: Answers;
  valid: boolean; total: number | null; band: { label: string; severity: string } | null; caseness: boolean | null; invalidReason: string | null;
  safetyFlagged: boolean; supersedes: string | null; supersededBy: string | null;
};
/** `alertsRaised` comes to staff only: a client is never told which alerts their answers raised. */
export type SubmitResult = { response: ResponseView; message: string | null; crisis: { info: string } | null; alertsRaised?: string[] };
export type SubmitInput = {
  instrumentCode: string; answers: Answers; courseId?: string; sessionId?: string | null; scheduleId?: string | null;
  source?: 'in_session' | 'paper' | 'import'; completedAt?: string; supersedes?: string;
};
export type { ScorePoint, MeasureSeries, ClientMeasureSeries } from '../../domain/measures/series.ts';
export type Schedule = {
  id: string; courseId: string; clientId: string; instrumentCode: string; instrumentTitle: string; cadence: Cadence; everyN: number | null;
  active: boolean; createdAt: string;
};
export type CaseloadMeasure = {
  code: string; title: string; latest: number; band: string; severity: string; caseness: boolean | null; at: string; spark: number[];
  min: number; max: number; cutoff: number | null; higherIsBetter: boolean; change: string | null;
};
export type CaseloadMeasuresRow = { clientId: string; measures: CaseloadMeasure[]; alerts: { active: number; mostUrgent: string | null; kinds: string[] } };
export type CatalogueEntry = { builtin: boolean; addedAt: string | null; definition: InstrumentDefinition };

const seg = encodeURIComponent;

export const measuresApi = {
  instruments: () => call<CatalogueEntry[]>('GET', '/api/instruments'),
  importInstrument: (definition: unknown) => call<InstrumentDefinition>('POST', '/api/instruments', definition),
  due: (clientId: string) => call<DueMeasure[]>('GET', `/api/clients/${seg(clientId)}/measures/due`),
  submit: (clientId: string, input: SubmitInput) => call<SubmitResult>('POST', `/api/clients/${seg(clientId)}/responses`, input),
  responses: (clientId: string) => call<ResponseView[]>('GET', `/api/clients/${seg(clientId)}/responses`),
  scores: (clientId: string) => call<MeasureSeries[]>('GET', `/api/clients/${seg(clientId)}/scores`),
  /** The same route as the client reads it: the client's own projection, without deterioration and rupture marks. */
  ownScores: (clientId: string) => call<ClientMeasureSeries[]>('GET', `/api/clients/${seg(clientId)}/scores`),
  schedules: (courseId: string) => call<Schedule[]>('GET', `/api/courses/${seg(courseId)}/schedules`),
  addSchedule: (courseId: string, input: { instrumentCode: string; cadence: Cadence; everyN?: number | null }) =>
    call<Schedule>('POST', `/api/courses/${seg(courseId)}/schedules`, input),
  removeSchedule: (courseId: string, scheduleId: string) => call<{ ok: true }>('DELETE', `/api/courses/${seg(courseId)}/schedules/${seg(scheduleId)}`),
  caseload: () => call<CaseloadMeasuresRow[]>('GET', '/api/caseload/measures'),
};
