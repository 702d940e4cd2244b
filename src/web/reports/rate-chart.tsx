/**
 * Rates as dots with their 95 % intervals as whiskers, one row each, on a 0–100 % scale: the
 * picture of a table the page also shows in numbers. A rate over too few courses is drawn hollow
 * and named so; a row with no courses has no dot. Black and grey, so it prints.
 */
import type { Rate } from './api.ts';

const ROW = 26;
const LEFT = 190;
const RIGHT = 64;
const W = 620;

const pct = (x: number) => `${Math.round(x * 100)} %`;

export function RateChart({ title, rows }: { title: string; rows: { label: string; rate: Rate }[] }) {
  const H = rows.length * ROW + 30;
  const x = (v: number) => LEFT + v * (W - LEFT - RIGHT);
  const words = rows
    .map((r) => (r.rate.rate === null ? `${r.label}: no courses` : `${r.label}: ${pct(r.rate.rate)} of ${r.rate.of}${r.rate.small ? ', too few to read' : ''}`))
    .join('; ');
  return (
    <figure className="rate-chart">
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${title}. ${words}`}>
        {[0, 0.25, 0.5, 0.75, 1].map((t) => (
          <g key={t}>
            <line x1={x(t)} x2={x(t)} y1={4} y2={H - 22} className="rate-grid" />
            <text x={x(t)} y={H - 6} textAnchor="middle" className="rate-tick">
              {pct(t)}
            </text>
          </g>
        ))}
        {rows.map((r, i) => {
          const y = 16 + i * ROW;
          const { rate, low, high, small } = r.rate;
          return (
            <g key={r.label}>
              <text x={LEFT - 8} y={y + 4} textAnchor="end" className="rate-label">
                {r.label}
              </text>
              {rate !== null && low !== null && high !== null ? (
                <>
                  <line x1={x(low)} x2={x(high)} y1={y} y2={y} className="rate-whisker" />
                  <line x1={x(low)} x2={x(low)} y1={y - 5} y2={y + 5} className="rate-whisker" />
                  <line x1={x(high)} x2={x(high)} y1={y - 5} y2={y + 5} className="rate-whisker" />
                  <circle cx={x(rate)} cy={y} r={5} className={small ? 'rate-dot small' : 'rate-dot'} />
                  <text x={W - RIGHT + 8} y={y + 4} className="rate-value">
                    {pct(rate)}
                    {small ? '*' : ''}
                  </text>
                </>
              ) : (
                <text x={W - RIGHT + 8} y={y + 4} className="rate-value">
                  –
                </text>
              )}
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
