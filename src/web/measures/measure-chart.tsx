/**
 * One measure over time as SVG (SPEC §3 C4 charts): severity bands behind, the clinical cut-off
 * as a dashed line, the scores as a line of points, reliable change between the first and the
 * latest said in words under the chart, measures reliably worse than the first marked with a
 * triangle, and Session check ruptures with a ring. Every point can be reached with the keyboard
 * and shows its value on hover or focus; "Show the values" opens the same data as a table, and
 * the chart prints in black and grey as well as colour. Staff may see the practice's expected path
 * for the course behind the scores (reports/expected-path.tsx): its usual range shaded, its mean
 * dashed, with the expected range beside each score in the table of values.
 */
import { useId, useState } from 'react';
import type { ReactNode } from 'react';
import type { ClientMeasureSeries, MeasureSeries, ScorePoint } from './api.ts';
import type { ExpectedOverlay } from '../reports/expected-path.tsx';
import { expectedAtScore } from '../reports/expected-path.tsx';
import { changeInWords } from './words.ts';
import { formatDay } from '../dates.ts';
import { ScrollBox } from '../components/scroll-box.tsx';

const W = 640;
const H = 230;
const PAD = { left: 40, right: 118, top: 14, bottom: 30 };

const BAND_FILL: Record<string, string> = {
  minimal: '#e6f1ec',
  mild: '#f1f0de',
  moderate: '#f8e9d5',
  moderately_severe: '#f5dcd6',
  severe: '#efd0d0',
};

const dateLabel = (iso: string, timeZone: string): string => formatDay(iso, timeZone);

/** Staff pass a MeasureSeries with its marks; the portal passes the client's own series, which has none. */
export function MeasureChart({
  series,
  timeZone,
  compact = false,
  companion,
  expected,
  footer,
}: {
  series: ClientMeasureSeries & Partial<Pick<MeasureSeries, 'deterioratedIds' | 'ruptureIds'>>;
  timeZone: string;
  compact?: boolean;
  /** A second series on the same scale drawn on the same chart (the therapist's Session check beside the client's), dashed with square marks. */
  companion?: ClientMeasureSeries | undefined;
  /** The practice's expected path for the course, placed in time (staff, PHQ-9 and GAD-7). */
  expected?: ExpectedOverlay | undefined;
  /** Shown under the caption (the expected path's reading and basis). */
  footer?: ReactNode;
}) {
  const id = useId();
  const [active, setActive] = useState<ScorePoint | null>(null);
  const pts = series.points;
  const other = companion?.points ?? [];
  const guide = expected?.points ?? [];
  const times = [...pts, ...other, ...guide].map((p) => Date.parse(p.at));
  const t0 = Math.min(...times);
  const t1 = Math.max(...times);
  const x = (t: number) => (t1 === t0 ? (PAD.left + W - PAD.right) / 2 : PAD.left + ((t - t0) / (t1 - t0)) * (W - PAD.left - PAD.right));
  const y = (v: number) => PAD.top + (1 - (v - series.min) / (series.max - series.min || 1)) * (H - PAD.top - PAD.bottom);
  const path = pts.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(Date.parse(p.at)).toFixed(1)},${y(p.total).toFixed(1)}`).join(' ');
  const worse = new Set(series.deterioratedIds ?? []);
  const ruptures = new Set(series.ruptureIds ?? []);
  const ends = new Set([series.change?.firstId, series.change?.latestId].filter(Boolean));
  const ticks = pts.length <= 1 ? pts : [pts[0]!, pts[Math.floor((pts.length - 1) / 2)]!, pts[pts.length - 1]!];
  const describe = (p: ScorePoint) =>
    `${series.title} ${p.total}${series.bands.length > 1 ? ` (${p.band})` : ''} on ${dateLabel(p.at, timeZone)}${worse.has(p.responseId) ? ', reliably worse than the first' : ''}${ruptures.has(p.responseId) ? ', possible strain in this session' : ''}${p.source === 'paper' ? ', entered from paper' : p.source === 'in_session' ? ', given in session' : ''}`;
  const summary = `${series.title}: ${pts.length} measure${pts.length === 1 ? '' : 's'}, from ${pts[0]?.total ?? '–'} to ${pts[pts.length - 1]?.total ?? '–'}. ${changeInWords(series)}`;

  return (
    <figure className={compact ? 'measure-chart compact' : 'measure-chart'} aria-labelledby={`${id}-cap`}>
      <svg viewBox={`0 0 ${W} ${H}`} role="group" aria-label={summary} className="chart-svg">
        {series.bands.length > 1
          ? series.bands.map((b) => {
              const top = y(Math.min(series.max, b.max + (b.max === series.max ? 0 : 0.5)));
              const bottom = y(Math.max(series.min, b.min - (b.min === series.min ? 0 : 0.5)));
              return (
                <g key={b.label} aria-hidden="true">
                  <rect
                    x={PAD.left}
                    y={top}
                    width={W - PAD.left - PAD.right}
                    height={Math.max(0, bottom - top)}
                    fill={BAND_FILL[b.severity] ?? '#eee'}
                    className="band"
                  />
                  <text x={W - PAD.right + 6} y={(top + bottom) / 2 + 4} className="band-label">
                    {b.label}
                  </text>
                </g>
              );
            })
          : null}
        <g aria-hidden="true" className="axis">
          {[series.min, series.max].map((v) => (
            <text key={v} x={PAD.left - 6} y={y(v) + 4} textAnchor="end">
              {v}
            </text>
          ))}
          <line x1={PAD.left} x2={PAD.left} y1={PAD.top} y2={H - PAD.bottom} />
          {ticks.map((p) => (
            <text key={p.responseId} x={x(Date.parse(p.at))} y={H - 8} textAnchor="middle">
              {dateLabel(p.at, timeZone)}
            </text>
          ))}
        </g>
        {series.caseness !== null ? (
          <g aria-hidden="true">
            <line x1={PAD.left} x2={W - PAD.right} y1={y(series.caseness)} y2={y(series.caseness)} className="cutoff" />
            <text x={PAD.left + 4} y={y(series.caseness) - 4} className="cutoff-label">
              clinical cut-off {series.caseness}
            </text>
          </g>
        ) : null}
        {guide.length ? (
          <g aria-hidden="true" className="expected-overlay">
            <polygon
              points={[
                ...guide.map((p) => `${x(Date.parse(p.at)).toFixed(1)},${y(p.high).toFixed(1)}`),
                ...[...guide].reverse().map((p) => `${x(Date.parse(p.at)).toFixed(1)},${y(p.low).toFixed(1)}`),
              ].join(' ')}
              className="expected-band"
            />
            <path
              d={guide.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(Date.parse(p.at)).toFixed(1)},${y(p.mean).toFixed(1)}`).join(' ')}
              className="expected-mean"
            />
          </g>
        ) : null}
        <path d={path} className="series-line" aria-hidden="true" />
        {companion && other.length ? (
          <g className="companion">
            <path
              d={other.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(Date.parse(p.at)).toFixed(1)},${y(p.total).toFixed(1)}`).join(' ')}
              className="series-line companion-line"
              aria-hidden="true"
            />
            {other.map((p) => (
              <rect
                key={p.responseId}
                x={x(Date.parse(p.at)) - 4}
                y={y(p.total) - 4}
                width={8}
                height={8}
                className="marker companion-marker"
                role="img"
                aria-label={`${companion.title} ${p.total} on ${dateLabel(p.at, timeZone)}`}
              />
            ))}
          </g>
        ) : null}
        {pts.map((p) => {
          const cx = x(Date.parse(p.at));
          const cy = y(p.total);
          const label = describe(p);
          return (
            <g
              key={p.responseId}
              tabIndex={0}
              role="img"
              aria-label={label}
              className="point"
              onMouseEnter={() => setActive(p)}
              onMouseLeave={() => setActive(null)}
              onFocus={() => setActive(p)}
              onBlur={() => setActive(null)}
            >
              {worse.has(p.responseId) ? (
                <path d={`M${cx},${cy - 7} L${cx + 7},${cy + 5} L${cx - 7},${cy + 5} Z`} className="marker-worse" />
              ) : (
                <circle cx={cx} cy={cy} r={ends.has(p.responseId) ? 5.5 : 4} className={ends.has(p.responseId) ? 'marker end' : 'marker'} />
              )}
              {ruptures.has(p.responseId) ? <circle cx={cx} cy={cy} r={9} className="marker-rupture" /> : null}
              <circle cx={cx} cy={cy} r={12} className="hit" />
            </g>
          );
        })}
        {active
          ? (() => {
              const cx = x(Date.parse(active.at));
              const cy = y(active.total);
              const text = `${active.total}${series.bands.length > 1 ? ` · ${active.band}` : ''} · ${dateLabel(active.at, timeZone)}`;
              const w = text.length * 6.6 + 16;
              const left = Math.min(Math.max(cx - w / 2, 2), W - w - 2);
              const top = cy < 44 ? cy + 12 : cy - 34;
              return (
                <g className="tooltip" aria-hidden="true">
                  <rect x={left} y={top} width={w} height={24} rx={5} />
                  <text x={left + 8} y={top + 16}>
                    {text}
                  </text>
                </g>
              );
            })()
          : null}
      </svg>
      <figcaption id={`${id}-cap`}>
        <strong>{series.title}</strong> <span>{changeInWords(series)}</span>
        {companion ? <span className="legend-companion"> ● solid: the client’s rating; ■ dashed: the therapist’s ({companion.title}).</span> : null}
        {worse.size ? <span className="legend-worse"> ▲ reliably worse than the first measure.</span> : null}
        {ruptures.size ? <span className="legend-rupture"> ◯ a possible strain in that session.</span> : null}
        {expected ? (
          <span className="legend-expected">
            {' '}
            Shaded and dashed: the practice’s expected path for courses that started “{expected.band}” ({expected.courses} finished courses).
          </span>
        ) : null}
      </figcaption>
      {footer}
      {compact ? null : (
        <details className="chart-values">
          <summary>Show the values</summary>
          <ScrollBox label={`${series.title} values`}>
            <table>
              <caption className="visually-hidden">{series.title} values</caption>
              <thead>
                <tr>
                  <th scope="col">Date</th>
                  <th scope="col" className="num">
                    Total
                  </th>
                  <th scope="col">Band</th>
                  <th scope="col">How</th>
                  {expected ? <th scope="col">Expected (usual range)</th> : null}
                </tr>
              </thead>
              <tbody>
                {pts.map((p) => (
                  <tr key={p.responseId}>
                    <td>{dateLabel(p.at, timeZone)}</td>
                    <td className="num">
                      {p.total}
                      {worse.has(p.responseId) ? ' ▲' : ''}
                      {ruptures.has(p.responseId) ? ' ◯' : ''}
                    </td>
                    <td>{p.band}</td>
                    <td>{p.source === 'portal' ? 'Portal' : p.source === 'paper' ? 'Paper' : p.source === 'import' ? 'Imported' : 'In session'}</td>
                    {expected ? <td>{expectedAt(expected, p)}</td> : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollBox>
          <p className="attribution">{series.attribution}</p>
        </details>
      )}
    </figure>
  );
}

/** The expected mean and usual range at a score of the course, in words for the table. */
function expectedAt(expected: ExpectedOverlay, p: ScorePoint): string {
  const at = expectedAtScore(expected, p.at);
  const r = (v: number) => Math.round(v * 10) / 10;
  return at ? `${r(at.mean)} (${r(at.low)}–${r(at.high)})` : '';
}
