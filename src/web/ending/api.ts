/**
 * The ending's part of the browser's API client (SPEC §3 C6). Shapes are the wire contract's
 * (src/contract/ending.ts).
 */
import type { z } from 'zod';
import { call } from '../api.ts';
import type * as ending from '../../contract/ending.ts';

export type Ending = z.infer<typeof ending.endingView>;
export type EndingReport = z.infer<typeof ending.endingReportView>;
export type EndingSettings = z.infer<typeof ending.endingSettingsView>;

const base = (courseId: string) => `/api/courses/${encodeURIComponent(courseId)}/ending`;

export const endingApi = {
  get: (courseId: string) => call<Ending>('GET', base(courseId)),
  report: (courseId: string) => call<EndingReport>('GET', `${base(courseId)}/report`),
  saveList: (courseId: string, items: string[]) => call<Ending>('PUT', `${base(courseId)}/client-list`, { items }),
  saveSummary: (courseId: string, text: string) => call<Ending>('PUT', `${base(courseId)}/summary`, { text }),
  close: (courseId: string) => call<Ending>('POST', `${base(courseId)}/close`, {}),
  answerFollowUp: (courseId: string, rating: number, words?: string) =>
    call<Ending>('POST', `${base(courseId)}/follow-up`, words ? { rating, words } : { rating }),
  settings: () => call<EndingSettings>('GET', '/api/practice/ending'),
  saveSettings: (followUpMonths: number) => call<EndingSettings>('PUT', '/api/practice/ending', { followUpMonths }),
};
