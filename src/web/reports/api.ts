/**
 * The practice report's part of the browser's API client (SPEC §3 C9). Shapes are the wire
 * contract's (src/contract/reports.ts).
 */
import type { z } from 'zod';
import { ApiError, call } from '../api.ts';
import type * as reports from '../../contract/reports.ts';

export type PracticeReport = z.infer<typeof reports.practiceReportView>;
export type Metrics = z.infer<typeof reports.metrics>;
export type Rate = z.infer<typeof reports.rate>;
export type Comparison = z.infer<typeof reports.comparison>;
export type ExpectedResponse = z.infer<typeof reports.expectedResponseView>;
export type ReportParams = { from: string; to: string; grouping: 'month' | 'quarter' | 'year'; therapistId: string };

export const reportQuery = (p: ReportParams): string => {
  const s = new URLSearchParams({ from: p.from, to: p.to, grouping: p.grouping });
  if (p.therapistId) s.set('therapistId', p.therapistId);
  return `?${s.toString()}`;
};

export const reportsApi = {
  practice: (p: ReportParams) => call<PracticeReport>('GET', `/api/reports/practice${reportQuery(p)}`),
  csvHref: (p: ReportParams) => `/api/reports/practice.csv${reportQuery(p)}`,
  /** The course's expected-response reading, or null where the server shows none to this caller (404). */
  expected: async (courseId: string): Promise<ExpectedResponse | null> => {
    try {
      return await call<ExpectedResponse>('GET', `/api/courses/${encodeURIComponent(courseId)}/expected-response`);
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) return null;
      throw e;
    }
  },
};
