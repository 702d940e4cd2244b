/**
 * A course's PHQ-9 or GAD-7 by attended session against the practice's expected path for its
 * intake band (issue 15): the usual range shaded, the expected mean dashed, the course's scores as
 * a line; the basis (how many finished courses, which dates) and the reading written under it.
 * Shown only where the server answers (the assigned therapist and their supervisor).
 */
import type { ExpectedResponse } from './api.ts';

const W = 640;
const H = 200;
const PAD = { left: 40, right: 16, top: 14, bottom: 30 };

type One = ExpectedResponse['instruments'][number];

export function ExpectedPath({ one, max }: { one: One; max: number }) {
  const curve = one.curve?.enough ? one.curve : null;
  const sessions = Math.max(1, ...one.series.map(([s]) => s), ...(curve?.points.map((p) => p.session) ?? []));
  const x = (s: number) => PAD.left + (s / sessions) * (W - PAD.left - PAD.right);
  const y = (v: number) => PAD.top + (1 - v / max) * (H - PAD.top - PAD.bottom);
  const area = curve
    ? [
        ...curve.points.map((p) => `${x(p.session).toFixed(1)},${y(p.high).toFixed(1)}`),
        ...[...curve.points].reverse().map((p) => `${x(p.session).toFixed(1)},${y(p.low).toFixed(1)}`),
      ].join(' ')
    : '';
  return (
    <figure className={`expected-path card${one.offPath ? ' off-path' : ''}`}>
      <figcaption>
        <strong>{one.title} against the practice’s expected path</strong>
        {one.offPath ? <span className="badge warn"> Off the expected path</span> : null}
      </figcaption>
      {curve || one.series.length ? (
        <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={one.reading}>
          {curve ? <polygon points={area} className="expected-band" /> : null}
          {curve ? (
            <polyline points={curve.points.map((p) => `${x(p.session).toFixed(1)},${y(p.mean).toFixed(1)}`).join(' ')} className="expected-mean" />
          ) : null}
          <polyline points={one.series.map(([s, t]) => `${x(s).toFixed(1)},${y(t).toFixed(1)}`).join(' ')} className="expected-course" />
          {one.series.map(([s, t], i) => (
            <circle key={i} cx={x(s)} cy={y(t)} r={4} className="expected-dot" />
          ))}
          <line x1={PAD.left} x2={W - PAD.right} y1={H - PAD.bottom} y2={H - PAD.bottom} className="rate-grid" />
          <text x={PAD.left} y={H - 8} className="rate-tick">
            session 0
          </text>
          <text x={W - PAD.right} y={H - 8} textAnchor="end" className="rate-tick">
            session {sessions}
          </text>
          <text x={PAD.left - 6} y={y(max) + 4} textAnchor="end" className="rate-tick">
            {max}
          </text>
          <text x={PAD.left - 6} y={y(0) + 4} textAnchor="end" className="rate-tick">
            0
          </text>
        </svg>
      ) : null}
      <p className="muted">{one.reading}</p>
      {curve ? (
        <p className="muted small">
          Shaded: the usual range (mean ± 1.28 SD) of {curve.courses} finished courses that started “{curve.band}”, ended {curve.from} to {curve.to}. Dashed:
          their mean. This sits beside the not-on-track rule, not instead of it.
        </p>
      ) : null}
    </figure>
  );
}

/** The expected paths of a course's PHQ-9 and GAD-7 (nothing when the server shows this caller none). */
export function ExpectedPaths({ reading }: { reading: ExpectedResponse | null | undefined }) {
  if (!reading) return null;
  const shown = reading.instruments.filter((i) => i.series.length > 0);
  if (!shown.length) return null;
  return (
    <div className="expected-paths">
      {shown.map((one) => (
        <ExpectedPath key={one.code} one={one} max={one.code === 'phq9' ? 27 : 21} />
      ))}
    </div>
  );
}
