/**
 * The timeline (SPEC §3 C3): the whole course in one picture a therapist reads in ten seconds.
 * Along the bottom, every session and how it went; above it two bands — the agreed alliance and
 * the inferred one — each coloured and patterned by type, with a letter in every cell, so colour is
 * never the only cue; shifts marked with a flag; phases as a labelled strip on top. Every session is
 * a focusable point: click or focus it to see the evidence behind that session's inference. Prints
 * on one landscape page (alliance.css).
 */
import { useState } from 'react';
import type { AllianceType, Timeline, TimelinePoint } from './api.ts';
import { ALLIANCE_STYLE, dominantLabel } from './api.ts';

const STATUS: Record<string, { label: string; mark: string }> = {
  attended: { label: 'Attended', mark: '●' },
  no_show: { label: 'No-show', mark: '✕' },
  cancelled_late: { label: 'Cancelled late', mark: '◐' },
  cancelled_early: { label: 'Cancelled early', mark: '○' },
  cancelled_by_therapist: { label: 'Cancelled by therapist', mark: '–' },
  planned_break: { label: 'Planned break', mark: '·' },
};
const TYPES = Object.keys(ALLIANCE_STYLE) as AllianceType[];

function Patterns() {
  return (
    <defs>
      {TYPES.map((t) => {
        const s = ALLIANCE_STYLE[t];
        return (
          <pattern key={t} id={`pat-${t}`} width="6" height="6" patternUnits="userSpaceOnUse">
            <rect width="6" height="6" fill={s.colour} opacity="0.85" />
            {s.pattern === 'dots' ? <circle cx="3" cy="3" r="1.1" fill="#fff" opacity="0.7" /> : null}
            {s.pattern === 'stripes' ? <path d="M0 6 L6 0" stroke="#fff" strokeWidth="1" opacity="0.6" /> : null}
            {s.pattern === 'cross' ? <path d="M0 3 H6 M3 0 V6" stroke="#fff" strokeWidth="0.8" opacity="0.6" /> : null}
          </pattern>
        );
      })}
    </defs>
  );
}

const day = (iso: string) => iso.slice(0, 10);

export function AllianceTimeline({ timeline, evidenceHref }: { timeline: Timeline; evidenceHref?: (source: { type: string; id: string }) => string | undefined }) {
  const points = timeline.points;
  const [selected, setSelected] = useState<TimelinePoint | undefined>(points.filter((p) => p.status === 'attended').at(-1));
  if (points.length === 0) return <p className="muted">No sessions yet: the timeline starts with the first session.</p>;
  const cell = Math.max(8, Math.min(28, Math.floor(900 / points.length)));
  const left = 112;
  const width = left + cell * points.length + 12;
  const rows = { phase: 8, agreed: 34, inferred: 62, sessions: 96 };
  const height = 128;
  const x = (i: number) => left + i * cell;
  const phaseRuns: { phase: string; from: number; to: number }[] = [];
  points.forEach((p, i) => {
    const last = phaseRuns.at(-1);
    if (last && last.phase === (p.phase ?? '')) last.to = i;
    else phaseRuns.push({ phase: p.phase ?? '', from: i, to: i });
  });
  const cellOf = (type: AllianceType | undefined, i: number, y: number, key: string, faint = false) =>
    type === undefined ? null : (
      <g key={key}>
        <rect x={x(i) + 0.5} y={y} width={cell - 1} height={20} fill={`url(#pat-${type})`} opacity={faint ? 0.45 : 1} />
        {cell >= 12 ? <text x={x(i) + cell / 2} y={y + 14} textAnchor="middle" className="tl-letter">{ALLIANCE_STYLE[type].letter}</text> : null}
      </g>
    );
  const years = new Set<string>();
  return (
    <figure className="alliance-timeline">
      <div className="tl-scroll">
        <svg viewBox={`0 0 ${width} ${height}`} width={width} height={height} role="group"
          aria-label={`Alliance timeline: ${points.length} sessions from ${day(points[0]!.at)} to ${day(points.at(-1)!.at)}`}>
          <Patterns />
          <text x={4} y={rows.phase + 12} className="tl-label">Phase</text>
          <text x={4} y={rows.agreed + 14} className="tl-label">Agreed</text>
          <text x={4} y={rows.inferred + 14} className="tl-label">Inferred</text>
          <text x={4} y={rows.sessions + 4} className="tl-label">Sessions</text>
          {phaseRuns.map((r) => (
            <g key={`ph-${r.from}`}>
              <rect x={x(r.from) + 0.5} y={rows.phase} width={(r.to - r.from + 1) * cell - 1} height={16} className={`tl-phase tl-phase-${r.phase || 'none'}`} />
              {(r.to - r.from + 1) * cell > 60 ? <text x={x(r.from) + 4} y={rows.phase + 12} className="tl-phase-text">{r.phase || '—'}</text> : null}
            </g>
          ))}
          {points.map((p, i) => cellOf(p.agreedType, i, rows.agreed, `a-${p.sessionId}`))}
          {points.map((p, i) => (p.inferred.dominant === 'mixed' || p.inferred.dominant === 'not_enough_evidence'
            ? <rect key={`i-${p.sessionId}`} x={x(i) + 0.5} y={rows.inferred} width={cell - 1} height={20} className="tl-unclear" />
            : cellOf(p.inferred.dominant, i, rows.inferred, `i-${p.sessionId}`)))}
          {points.flatMap((p, i) => p.markers.map((m, k) => (
            <g key={`m-${m.agreementId}-${k}`} className="tl-marker">
              <line x1={x(i) + cell - 0.5} x2={x(i) + cell - 0.5} y1={rows.agreed - 6} y2={rows.inferred + 22} />
              <path d={`M${x(i) + cell - 0.5} ${rows.agreed - 8} l7 3 l-7 3 z`} />
              <title>{`${m.kind === 'shift' ? 'Shift' : 'Agreement'} on ${day(m.at)}: ${m.statement}${m.reason ? ` — why: ${m.reason}` : ''}`}</title>
            </g>
          )))}
          {points.map((p, i) => {
            const y = day(p.at).slice(0, 4);
            const first = !years.has(y);
            years.add(y);
            const st = STATUS[p.status] ?? { label: p.status, mark: '?' };
            const isSel = selected?.sessionId === p.sessionId;
            return (
              <g key={`s-${p.sessionId}`} className={`tl-session tl-${p.status}${isSel ? ' tl-selected' : ''}`} tabIndex={0} role="button"
                aria-label={`${day(p.at)}: ${st.label}; agreed ${p.agreedType ?? 'none'}; inferred ${dominantLabel(p.inferred.dominant)}`}
                aria-pressed={isSel} onClick={() => setSelected(p)} onFocus={() => setSelected(p)}
                onKeyDown={(e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); setSelected(p); } }}>
                <rect x={x(i)} y={rows.agreed - 2} width={cell} height={rows.sessions - rows.agreed + 10} className="tl-hit" />
                <text x={x(i) + cell / 2} y={rows.sessions + 8} textAnchor="middle" className="tl-mark">{st.mark}</text>
                {first ? <text x={x(i)} y={rows.sessions + 26} className="tl-year">{y}</text> : null}
              </g>
            );
          })}
        </svg>
      </div>
      <figcaption>
        <ul className="tl-legend" aria-label="Legend">
          {TYPES.map((t) => (
            <li key={t}><svg width="22" height="14" aria-hidden="true"><Patterns /><rect width="22" height="14" fill={`url(#pat-${t})`} /></svg> {ALLIANCE_STYLE[t].letter} {ALLIANCE_STYLE[t].label}</li>
          ))}
          <li><span className="tl-key-unclear" aria-hidden="true" /> mixed / not enough evidence</li>
          <li>▶ agreement or shift</li>
          {Object.values(STATUS).map((s) => <li key={s.label}>{s.mark} {s.label}</li>)}
        </ul>
      </figcaption>
      {selected ? (
        <section className="tl-detail" aria-live="polite" aria-label="Evidence for the selected session">
          <h3>Session of {day(selected.at)} — {STATUS[selected.status]?.label ?? selected.status}</h3>
          <p>
            Agreed: <strong>{selected.agreedType ? ALLIANCE_STYLE[selected.agreedType].label : 'no agreement yet'}</strong>.
            Inferred: <strong>{dominantLabel(selected.inferred.dominant)}</strong>
            {' '}({TYPES.map((t) => `${ALLIANCE_STYLE[t].letter} ${Math.round(selected.inferred.distribution[t] * 100)} %`).join(' · ')}).
          </p>
          {selected.markers.map((m) => (
            <p key={m.agreementId} className="tl-shift"><strong>{m.kind === 'shift' ? 'Shift' : 'Agreement'}:</strong> “{m.statement}”{m.reason ? <> — <em>why:</em> {m.reason}</> : null}</p>
          ))}
          {selected.topEvidence.length ? (
            <ol className="evidence-list">
              {selected.topEvidence.map((e, k) => {
                const href = e.source && evidenceHref?.(e.source);
                return (
                  <li key={k}>
                    <span className={`evidence-type type-${e.type}`}>{ALLIANCE_STYLE[e.type].letter}</span>{' '}
                    {e.label}{e.quote ? <> — <q>{e.quote}</q></> : null}{' '}
                    <span className="muted">({e.weight > 0 ? '+' : ''}{e.weight.toFixed(2)})</span>
                    {href ? <> <a href={href}>source</a></> : null}
                  </li>
                );
              })}
            </ol>
          ) : <p className="muted">No evidence yet at this session.</p>}
        </section>
      ) : null}
    </figure>
  );
}
