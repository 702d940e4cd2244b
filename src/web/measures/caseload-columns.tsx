/**
 * The caseload's measures columns (SPEC §3 C8): the latest score of each client-answered measure
 * with a sparkline and whether it changed reliably, and the client's active alerts (the most
 * urgent named). The caseload page loads them once with `useCaseloadMeasures`.
 */
import { useMemo } from 'react';
import { ALERT_URGENCY } from '../../domain/alerts/alert.ts';
import { useResource } from '../use-resource.ts';
import { Link } from '../router.tsx';
import { KIND_WORDS } from '../alerts/alert-card.tsx';
import type { CaseloadMeasuresRow } from './api.ts';
import { measuresApi } from './api.ts';
import { Sparkline } from './sparkline.tsx';
import './measures.css';

export function useCaseloadMeasures(): Map<string, CaseloadMeasuresRow> | undefined {
  const res = useResource(() => measuresApi.caseload(), []);
  return useMemo(() => (res.data ? new Map(res.data.map((r) => [r.clientId, r])) : undefined), [res.data]);
}

/** A sort value for the alerts column: most urgent first (lower sorts first). */
export function alertUrgency(row: CaseloadMeasuresRow | undefined): number {
  if (!row?.alerts.mostUrgent) return 99;
  return ALERT_URGENCY.findIndex((k) => k === row.alerts.mostUrgent);
}

export function ScoresCell({ row }: { row: CaseloadMeasuresRow | undefined }) {
  const shown = (row?.measures ?? []).filter((m) => m.cutoff !== null).slice(0, 2);
  if (!shown.length) return <span className="muted">No scores</span>;
  return (
    <>
      {shown.map((m) => (
        <div key={m.code} className="score-cell">
          <span className="score">
            {m.title} <strong>{m.latest}</strong>
          </span>{' '}
          <Sparkline m={m} />
          {m.change === 'reliable_improvement' ? (
            <span className="change-mark better"> reliably better</span>
          ) : m.change === 'reliable_deterioration' ? (
            <span className="change-mark worse"> reliably worse</span>
          ) : null}
        </div>
      ))}
    </>
  );
}

export function AlertsCell({ row, clientId }: { row: CaseloadMeasuresRow | undefined; clientId: string }) {
  if (!row || row.alerts.active === 0) return <span className="muted">None</span>;
  const top = row.alerts.mostUrgent;
  return (
    <Link to={`/clients/${clientId}#client-alerts-title`} className={top === 'safety' ? 'alert-link safety' : 'alert-link'}>
      {top ? (KIND_WORDS[top] ?? top) : ''}
      {row.alerts.active > 1 ? ` +${row.alerts.active - 1}` : ''}
    </Link>
  );
}
