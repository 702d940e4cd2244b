/**
 * A client's own progress, drawn for a phone (issue 13: plain language, legible at 390 px): the
 * scores as a line over time, drawn at about the size it is shown so its words stay readable, the
 * better end of the scale named in plain words — no band names, no cut-off, no clinical terms.
 */
import type { ClientMeasureSeries } from './api.ts';
import { formatCalendarDate, isoToZoned } from '../dates.ts';

const W = 340;
const H = 170;
const PAD = { left: 30, right: 12, top: 24, bottom: 28 };

export function ProgressChart({ series, timeZone, what }: { series: ClientMeasureSeries; timeZone: string; what: string }) {
  const pts = series.points;
  const times = pts.map((p) => Date.parse(p.at));
  const t0 = Math.min(...times);
  const t1 = Math.max(...times);
  const x = (t: number) => (t1 === t0 ? (PAD.left + W - PAD.right) / 2 : PAD.left + ((t - t0) / (t1 - t0)) * (W - PAD.left - PAD.right));
  const y = (v: number) => PAD.top + (1 - (v - series.min) / (series.max - series.min || 1)) * (H - PAD.top - PAD.bottom);
  const day = (iso: string) => formatCalendarDate(isoToZoned(iso, timeZone)[0], 'short');
  const first = pts[0];
  const last = pts[pts.length - 1];
  const better = series.higherIsBetter ? 'Higher' : 'Lower';
  const words =
    first && last
      ? `Your ${what} score over time: ${first.total} on ${day(first.at)}, ${last.total} on ${day(last.at)}. ${better} means fewer difficulties.`
      : '';
  return (
    <svg className="progress-chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={words}>
      <text x={PAD.left} y={14} className="progress-note">
        {better} is better ({series.higherIsBetter ? '↑' : '↓'})
      </text>
      <line x1={PAD.left} x2={W - PAD.right} y1={H - PAD.bottom} y2={H - PAD.bottom} className="progress-axis" />
      <text x={PAD.left - 6} y={y(series.max) + 4} textAnchor="end" className="progress-tick">
        {series.max}
      </text>
      <text x={PAD.left - 6} y={y(series.min) + 4} textAnchor="end" className="progress-tick">
        {series.min}
      </text>
      <polyline points={pts.map((p) => `${x(Date.parse(p.at)).toFixed(1)},${y(p.total).toFixed(1)}`).join(' ')} className="progress-line" />
      {pts.map((p) => (
        <circle key={p.responseId} cx={x(Date.parse(p.at))} cy={y(p.total)} r={4} className="progress-dot" />
      ))}
      {first ? (
        <text x={x(Date.parse(first.at))} y={H - 8} textAnchor={pts.length > 1 ? 'start' : 'middle'} className="progress-tick">
          {day(first.at)}
        </text>
      ) : null}
      {last && pts.length > 1 ? (
        <text x={x(Date.parse(last.at))} y={H - 8} textAnchor="end" className="progress-tick">
          {day(last.at)}
        </text>
      ) : null}
    </svg>
  );
}
