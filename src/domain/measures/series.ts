/**
 * The shape of a measure's history as the client page and the timeline draw it: one series per
 * instrument with its scored points, bands, cut-off and change. The service builds it; the web
 * app reads it; both import this one definition.
 */
export type ScoreSource = 'portal' | 'in_session' | 'paper' | 'import';

export type ScorePoint = {
  responseId: string;
  at: string;
  total: number;
  band: string;
  severity: string;
  caseness: boolean | null;
  sessionIndex: number;
  source: ScoreSource;
  sessionId: string | null;
};

export type MeasureSeries = {
  code: string;
  title: string;
  version: string;
  respondent: 'client' | 'therapist';
  min: number;
  max: number;
  bands: { min: number; max: number; label: string; severity: string }[];
  caseness: number | null;
  reliableChange: number | null;
  higherIsBetter: boolean;
  attribution: string;
  points: ScorePoint[];
  change: { outcome: string; change: number | null; firstId: string | null; latestId: string | null } | null;
  recovery: { applicable: boolean; recovered: boolean; reliablyRecovered: boolean } | null;
  /** Responses reliably worse than the first (marked on the chart). */
  deterioratedIds: string[];
  /** Responses at which the rupture rule fired (Session check only). */
  ruptureIds: string[];
};

/**
 * A series as the client reads their own scores: without the deterioration and rupture marks,
 * which are what the not-on-track and rupture alerts are raised on (SPEC §2: the client sees no
 * alerts). Staff read MeasureSeries.
 */
export type ClientMeasureSeries = Omit<MeasureSeries, 'deterioratedIds' | 'ruptureIds'>;
