/** Measures in plain words, for captions, the portal and screen readers. */
import type { ClientMeasureSeries, MeasureSeries } from './api.ts';
import type { Cadence } from '../../domain/measures/schedule.ts';
import { CADENCE_LABELS } from '../../domain/measures/schedule.ts';

/** Reliable change and recovery as a therapist reads them (SPEC §5.1). */
export function changeInWords(s: Pick<MeasureSeries, 'change' | 'recovery' | 'reliableChange' | 'points'>): string {
  if (!s.change || s.change.outcome === 'insufficient_data') return s.points.length < 2 ? 'One measure so far.' : '';
  const delta = s.change.change ?? 0;
  const signed = `${delta > 0 ? '+' : ''}${delta}`;
  const recovered = s.recovery?.reliablyRecovered ? ' Reliable recovery.' : s.recovery?.recovered ? ' Recovered (below the cut-off).' : '';
  switch (s.change.outcome) {
    case 'reliable_improvement':
      return `Reliable improvement since the first measure (${signed}; reliable change is ${s.reliableChange}).${recovered}`;
    case 'reliable_deterioration':
      return `Reliably worse than at the first measure (${signed}; reliable change is ${s.reliableChange}).`;
    default:
      return `No reliable change since the first measure (${signed}; reliable change is ${s.reliableChange}).${recovered}`;
  }
}

/** What a questionnaire asks about, in the client's words. */
export const plainName = (s: Pick<ClientMeasureSeries, 'code' | 'title'>): string =>
  s.code === 'phq9' ? 'low mood' : s.code === 'gad7' ? 'worry and anxiety' : s.title;

/** What a client reads about their own progress: kind, plain, no jargon, no band names. */
export function progressForClient(s: ClientMeasureSeries): string {
  const first = s.points[0];
  const last = s.points[s.points.length - 1];
  if (!first || !last || s.points.length < 2) return `You have answered the questions about ${plainName(s)} once so far.`;
  const what = plainName(s);
  const outcome = s.change?.outcome;
  if (outcome === 'reliable_improvement')
    return `Your ${what} score has come down from ${first.total} to ${last.total} — a real change, more than day-to-day ups and downs.`;
  if (outcome === 'reliable_deterioration')
    return `Your ${what} score has gone up from ${first.total} to ${last.total}. It may help to talk about this with your therapist.`;
  return `Your ${what} score was ${first.total} at first and is ${last.total} now.`;
}

export function cadenceInWords(c: Cadence, everyN: number | null): string {
  return c === 'every_n_sessions' ? `Every ${everyN ?? 1} session${everyN === 1 ? '' : 's'}` : CADENCE_LABELS[c];
}
