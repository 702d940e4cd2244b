/** A small line of the latest scores for the caseload, with the cut-off and the last value. */
import type { CaseloadMeasure } from './api.ts';

export function Sparkline({ m }: { m: CaseloadMeasure }) {
  const w = 84,
    h = 24,
    pad = 3;
  const n = m.spark.length;
  const x = (i: number) => (n <= 1 ? w / 2 : pad + (i / (n - 1)) * (w - 2 * pad));
  const y = (v: number) => pad + (1 - (v - m.min) / (m.max - m.min || 1)) * (h - 2 * pad);
  const last = m.spark[n - 1] ?? m.latest;
  const trend = n > 1 ? `, from ${m.spark[0]} to ${last} over the last ${n}` : '';
  return (
    <svg className="sparkline" width={w} height={h} viewBox={`0 0 ${w} ${h}`} role="img" aria-label={`${m.title} ${m.latest} (${m.band})${trend}`}>
      {m.cutoff !== null ? <line x1={0} x2={w} y1={y(m.cutoff)} y2={y(m.cutoff)} className="spark-cutoff" /> : null}
      <polyline points={m.spark.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ')} className="spark-line" />
      <circle cx={x(n - 1)} cy={y(last)} r={2.6} className={m.caseness ? 'spark-dot clinical' : 'spark-dot'} />
    </svg>
  );
}
