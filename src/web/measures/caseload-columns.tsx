/**
 * The caseload's measures columns (SPEC §3 C8): the latest score of each client-answered measure
 * with a sparkline and whether it changed reliably, and the client's active alerts (the most
 * urgent named). The caseload page loads them for the clients it shows with `useCaseloadMeasures`.
 */
import { useMemo } from 'react';
import { ALERT_URGENCY } from '../../domain/alerts/alert.ts';
import { useResource } from '../use-resource.ts';
import { Link } from '../router.tsx';
import { KIND_WORDS } from '../alerts/alert-card.tsx';
import { ALLIANCE_STYLE } from '../alliance/api.ts';
import type { AllianceType } from '../../domain/cues/types.ts';
import type { CaseloadMeasuresRow } from './api.ts';
import { measuresApi } from './api.ts';
import { CASELOAD_MEASURES_MAX_CLIENTS } from '../../domain/measures/settings.ts';
import { Sparkline } from './sparkline.tsx';
import './measures.css';

/**
 * The measures of the clients a list shows (`clientIds`, asked 500 at a time; null while the list
 * is still loading), so a paged list (the admin's clients) never asks for the whole practice.
 */
export function useCaseloadMeasures(clientIds: readonly string[] | null): Map<string, CaseloadMeasuresRow> | undefined {
  const key = clientIds === null ? null : clientIds.join(',');
  const res = useResource(async () => {
    if (clientIds === null || !clientIds.length) return [];
    const out: CaseloadMeasuresRow[] = [];
    for (let i = 0; i < clientIds.length; i += CASELOAD_MEASURES_MAX_CLIENTS)
      out.push(...(await measuresApi.caseload(clientIds.slice(i, i + CASELOAD_MEASURES_MAX_CLIENTS))));
    return out;
  }, [key]);
  return useMemo(() => (res.data ? new Map(res.data.map((r) => [r.clientId, r])) : undefined), [res.data]);
}

/** A sort value for the alerts column: most urgent first (lower sorts first); alerts of ended courses only, after every open one. */
export function alertUrgency(row: CaseloadMeasuresRow | undefined): number {
  if (!row?.alerts.mostUrgent) return row?.alerts.quiet ? 98 : 99;
  return ALERT_URGENCY.findIndex((k) => k === row.alerts.mostUrgent);
}

/** How concerning the latest scores look, 0–1: the worst latest score as a share of its scale. */
export function scoreConcern(row: CaseloadMeasuresRow | undefined): number {
  let worst = -1;
  for (const m of row?.measures ?? []) {
    if (m.cutoff === null) continue;
    const share = (m.latest - m.min) / (m.max - m.min || 1);
    worst = Math.max(worst, m.higherIsBetter ? 1 - share : share);
  }
  return worst;
}

const isType = (t: string | null): t is AllianceType => t !== null && t in ALLIANCE_STYLE;
const typeWord = (t: string | null): string =>
  isType(t) ? ALLIANCE_STYLE[t].label : t === 'mixed' ? 'Mixed' : t === 'not_enough_evidence' ? 'Too early' : '—';

/** An alliance type as a letter chip in its colour and its name (colour is never the only cue). */
export function AllianceCell({ type, none }: { type: string | null; none: string }) {
  if (!type) return <span className="muted">{none}</span>;
  return (
    <span className="alliance-chip">
      {isType(type) ? (
        <span className="chip-letter" aria-hidden="true" style={{ borderColor: ALLIANCE_STYLE[type].colour }}>
          {ALLIANCE_STYLE[type].letter}
        </span>
      ) : null}
      {typeWord(type)}
    </span>
  );
}

/** The inferred alliance now, with the types of the last few sessions as a strip of letters, and whether it matches the agreement. */
export function TrendCell({ row }: { row: CaseloadMeasuresRow | undefined }) {
  const a = row?.alliance;
  if (!a?.inferred) return <span className="muted">Not inferred yet</span>;
  const steady = a.trend.every((t) => t === a.inferred);
  const differs = a.agreed !== null && isType(a.inferred) && a.inferred !== a.agreed;
  const words = `Last ${a.trend.length} sessions: ${a.trend.map(typeWord).join(', ')}`;
  return (
    <div className="trend-cell">
      <AllianceCell type={a.inferred} none="" />
      <span className="trend-strip" role="img" aria-label={words} title={words}>
        {a.trend.map((t, i) => (
          <span key={i} className="trend-step" style={isType(t) ? { borderColor: ALLIANCE_STYLE[t].colour } : undefined}>
            {isType(t) ? ALLIANCE_STYLE[t].letter : '·'}
          </span>
        ))}
      </span>
      <span className={differs ? 'trend-note differs' : 'trend-note'}>
        {differs ? 'differs from agreed' : a.trend.length < 2 || !isType(a.inferred) ? '' : steady ? 'steady' : 'shifting'}
      </span>
    </div>
  );
}

export function ScoresCell({ row }: { row: CaseloadMeasuresRow | undefined }) {
  const shown = (row?.measures ?? []).filter((m) => m.cutoff !== null).slice(0, 2);
  if (!shown.length) return <span className="muted">No scores</span>;
  return (
    <>
      {shown.map((m) => (
        <div key={m.code} className="score-cell">
          {/* The score and its line stay together; the words of a reliable change go below them when the column is narrow. */}
          <span className="nowrap">
            <span className="score">
              {m.title} <strong>{m.latest}</strong>
            </span>{' '}
            <Sparkline m={m} />
          </span>
          {m.change === 'reliable_improvement' ? (
            <>
              {' '}
              <span className="change-mark better">reliably better</span>
            </>
          ) : m.change === 'reliable_deterioration' ? (
            <>
              {' '}
              <span className="change-mark worse">reliably worse</span>
            </>
          ) : null}
        </div>
      ))}
    </>
  );
}

/**
 * The client's most urgent open alert. A safety alert is unmistakable: red, an icon and the word
 * "Safety"; alerts of an ended course only are quietened to a muted count.
 */
export function AlertsCell({ row, clientId }: { row: CaseloadMeasuresRow | undefined; clientId: string }) {
  if (!row || row.alerts.active === 0) {
    return row?.alerts.quiet ? <span className="muted">{row.alerts.quiet} from an ended course</span> : <span className="muted">None</span>;
  }
  const top = row.alerts.mostUrgent;
  const more = row.alerts.active > 1 ? ` +${row.alerts.active - 1} more` : '';
  if (top === 'safety') {
    return (
      <Link to={`/clients/${clientId}#client-alerts-title`} className="alert-link safety">
        <span className="safety-icon" aria-hidden="true">
          ⚠
        </span>{' '}
        Safety{more}
      </Link>
    );
  }
  return (
    <Link to={`/clients/${clientId}#client-alerts-title`} className="alert-link">
      {top ? (KIND_WORDS[top] ?? top) : ''}
      {more}
    </Link>
  );
}
