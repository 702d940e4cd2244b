/**
 * The measures part of the browser's API client: instruments, what is due, submitting answers,
 * responses, score series and schedules. Shapes are the wire contract's (src/contract/measures.ts).
 */
import type { z } from 'zod';
import { call } from '../api.ts';
import type { Ok } from '../api.ts';
import type { InstrumentDefinition } from '../../domain/measures/instrument.ts';
import type { ClientMeasureSeries, MeasureSeries } from '../../domain/measures/series.ts';
import type * as measures from '../../contract/measures.ts';

export type { InstrumentDefinition };
export type ResponseView = z.infer<typeof measures.responseView>;
export type Answers = ResponseView['answers'];
export type Source = ResponseView['source'];
export type DueMeasure = z.infer<typeof measures.dueView>;
/** `alertsRaised` comes to staff only: a client is never told which alerts their answers raised. */
export type SubmitResult = z.infer<typeof measures.submitView>;
export type SubmitInput = z.input<typeof measures.responseBody>;
export type { ScorePoint, MeasureSeries, ClientMeasureSeries } from '../../domain/measures/series.ts';
export type Schedule = z.infer<typeof measures.scheduleView>;
export type CaseloadMeasuresRow = z.infer<typeof measures.caseloadMeasuresRow>;
export type CaseloadMeasure = CaseloadMeasuresRow['measures'][number];
export type CatalogueEntry = z.infer<typeof measures.catalogueEntry>;

const seg = encodeURIComponent;

export const measuresApi = {
  instruments: () => call<CatalogueEntry[]>('GET', '/api/instruments'),
  importInstrument: (definition: unknown) => call<z.infer<typeof measures.instrumentView>>('POST', '/api/instruments', definition),
  due: (clientId: string) => call<DueMeasure[]>('GET', `/api/clients/${seg(clientId)}/measures/due`),
  submit: (clientId: string, input: SubmitInput) => call<SubmitResult>('POST', `/api/clients/${seg(clientId)}/responses`, input),
  responses: (clientId: string) => call<ResponseView[]>('GET', `/api/clients/${seg(clientId)}/responses`),
  scores: (clientId: string) => call<MeasureSeries[]>('GET', `/api/clients/${seg(clientId)}/scores`),
  /** The same route as the client reads it: the client's own projection, without deterioration and rupture marks. */
  ownScores: (clientId: string) => call<ClientMeasureSeries[]>('GET', `/api/clients/${seg(clientId)}/scores`),
  schedules: (courseId: string) => call<Schedule[]>('GET', `/api/courses/${seg(courseId)}/schedules`),
  addSchedule: (courseId: string, input: z.input<typeof measures.scheduleBody>) => call<Schedule>('POST', `/api/courses/${seg(courseId)}/schedules`, input),
  removeSchedule: (courseId: string, scheduleId: string) => call<Ok>('DELETE', `/api/courses/${seg(courseId)}/schedules/${seg(scheduleId)}`),
  portalScores: (clientId: string) => call<z.infer<typeof measures.portalScoresView>>('GET', `/api/clients/${seg(clientId)}/portal-scores`),
  setPortalScores: (clientId: string, hidden: boolean) =>
    call<z.infer<typeof measures.portalScoresView>>('PUT', `/api/clients/${seg(clientId)}/portal-scores`, { hidden }),
  /** The caseload's measures: of the clients named (a page of a paged list), else of the whole caseload. */
  caseload: (clientIds?: readonly string[]) =>
    call<CaseloadMeasuresRow[]>('GET', clientIds ? `/api/caseload/measures?clientIds=${clientIds.map(seg).join(',')}` : '/api/caseload/measures'),
};
