/**
 * The timeline (SPEC §3 C3): the whole course in one picture a therapist reads in ten seconds.
 * Along the bottom, every session and how it went; above it two bands — the agreed alliance and
 * the inferred one — each coloured and patterned by type, with a letter in every cell, so colour is
 * never the only cue; shifts marked with a flag; phases as a labelled strip on top. Every session is
 * a focusable point: click or focus it to see the evidence behind that session's inference. Above
 * the phase strip, small score lines on the same session axis (PHQ-9 and GAD-7 with their clinical
 * cut-off, the client's Session check total), each value reachable by hover or keyboard and written
 * beside its point in print. Prints on one landscape page (alliance.css).
 */
import { useState } from 'react';
import type { AllianceType, Timeline, TimelinePoint } from './api.ts';
import { ALLIANCE_STYLE, dominantLabel } from './api.ts';
import type { MeasureSeries } from '../measures/api.ts';
import { formatCalendarDate, formatMonth } from '../dates.ts';
import { ScrollBox } from '../components/scroll-box.tsx';

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

const day = (iso: string) => formatCalendarDate(iso.slice(0, 10), 'short');
const monthKey = (iso: string) => iso.slice(0, 7);

/** The score lines drawn above the bands, in this order: symptoms first, then the session's own check. */
export const TIMELINE_MEASURES = ['phq9', 'gad7', 'session_check'] as const;
const SCORE_ROW = 40;
const SCORE_GAP = 8;

type ScoreRow = { series: MeasureSeries; points: { id: string; at: string; total: number; x: number }[] };

/**
 * Where a measure taken at `at` sits on the session axis: on its own session's cell when it names
 * one, otherwise between the sessions it falls between (before the first or after the last: at the
 * end of the axis).
 */
export function scoreX(points: readonly TimelinePoint[], at: string, sessionId: string | null, centre: (i: number) => number): number {
  const own = sessionId ? points.findIndex((p) => p.sessionId === sessionId) : -1;
  if (own >= 0) return centre(own);
  const t = Date.parse(at);
  const next = points.findIndex((p) => Date.parse(p.at) > t);
  if (next === 0) return centre(0);
  if (next < 0) return centre(points.length - 1);
  const t0 = Date.parse(points[next - 1]!.at);
  const t1 = Date.parse(points[next]!.at);
  return centre(next - 1) + ((t - t0) / (t1 - t0 || 1)) * (centre(next) - centre(next - 1));
}

/** The series worth drawing on this course's axis: the chosen instruments with a point between the course's start and its end (or now). */
export function timelineSeries(timeline: Timeline, scores: readonly MeasureSeries[]): MeasureSeries[] {
  const from = `${timeline.startedOn}T00:00:00.000Z`;
  const to = timeline.endedOn ? `${timeline.endedOn}T23:59:59.999Z` : timeline.asOf;
  const sessions = new Set(timeline.points.map((p) => p.sessionId));
  return TIMELINE_MEASURES.flatMap((code) => {
    const s = scores.find((x) => x.code === code && x.respondent === 'client');
    if (!s) return [];
    const pts = s.points.filter((p) => (p.sessionId ? sessions.has(p.sessionId) : p.at >= from && p.at <= to));
    return pts.length ? [{ ...s, points: pts }] : [];
  });
}

export function AllianceTimeline({
  timeline,
  evidenceHref,
  scores = [],
  sessionHref,
}: {
  timeline: Timeline;
  evidenceHref?: (source: { type: string; id: string }) => string | undefined;
  scores?: readonly MeasureSeries[];
  sessionHref?: (sessionId: string) => string;
}) {
  const points = timeline.points;
  const [selected, setSelected] = useState<TimelinePoint | undefined>(points.filter((p) => p.status === 'attended').at(-1));
  const [activeScore, setActiveScore] = useState<{ x: number; y: number; text: string } | null>(null);
  if (points.length === 0) return <p className="muted">No sessions yet: the timeline starts with the first session.</p>;
  // As wide as the page allows (about 1,100 px beside the row labels), a session a cell.
  const cell = Math.max(8, Math.min(48, Math.floor(1080 / points.length)));
  const left = 112;
  const width = left + cell * points.length + 12;
  const x = (i: number) => left + i * cell;
  const centre = (i: number) => x(i) + cell / 2;
  const drawn = timelineSeries(timeline, scores);
  const top = 8 + drawn.length * (SCORE_ROW + SCORE_GAP);
  const rows = { phase: top, agreed: top + 26, inferred: top + 54, sessions: top + 88 };
  const height = top + 120;
  const scoreRows: ScoreRow[] = drawn.map((series) => ({
    series,
    points: series.points.map((p) => ({ id: p.responseId, at: p.at, total: p.total, x: scoreX(points, p.at, p.sessionId, centre) })),
  }));
  // Values beside the points (shown in print) where a row has room for them.
  const valueLabels = (r: ScoreRow) => r.points.length <= 40 && cell * points.length >= r.points.length * 14;
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
        {cell >= 12 ? (
          <text x={x(i) + cell / 2} y={y + 14} textAnchor="middle" className="tl-letter">
            {ALLIANCE_STYLE[type].letter}
          </text>
        ) : null}
      </g>
    );
  // The date axis: the month under its first session, where there is room since the last label.
  let lastLabelX = -Infinity;
  let lastMonth = '';
  return (
    <figure className="alliance-timeline">
      <ScrollBox label="Alliance timeline" className="tl-scroll">
        <svg
          viewBox={`0 0 ${width} ${height}`}
          width={width}
          height={height}
          role="group"
          aria-label={`Alliance timeline: ${points.length} sessions from ${day(points[0]!.at)} to ${day(points.at(-1)!.at)}`}
        >
          <Patterns />
          {scoreRows.map((r, k) => {
            const y0 = 8 + k * (SCORE_ROW + SCORE_GAP);
            const { series } = r;
            const y = (v: number) => y0 + 4 + (1 - (v - series.min) / (series.max - series.min || 1)) * (SCORE_ROW - 8);
            const latest = r.points.at(-1)!;
            const path = r.points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x.toFixed(1)},${y(p.total).toFixed(1)}`).join(' ');
            return (
              <g
                key={series.code}
                className="tl-score"
                role="group"
                aria-label={`${series.title}: ${r.points.length} measures, latest ${latest.total} on ${day(latest.at)}${series.caseness !== null ? `, clinical cut-off ${series.caseness}` : ''}`}
              >
                <rect x={left} y={y0} width={cell * points.length} height={SCORE_ROW} className="tl-score-bg" />
                <text x={4} y={y0 + 14} className="tl-label">
                  {series.code === 'session_check' ? 'Session check' : series.title}
                </text>
                <text x={4} y={y0 + 27} className="tl-score-range">
                  {series.min}–{series.max}
                  {series.caseness !== null ? ` · cut-off ${series.caseness}` : ''}
                </text>
                {series.caseness !== null ? (
                  <line x1={left} x2={left + cell * points.length} y1={y(series.caseness)} y2={y(series.caseness)} className="tl-cutoff" />
                ) : null}
                <path d={path} className="tl-score-line" aria-hidden="true" />
                {r.points.map((p) => {
                  const above = series.caseness !== null && (series.higherIsBetter ? p.total < series.caseness : p.total >= series.caseness);
                  const text = `${series.code === 'session_check' ? 'Session check' : series.title} ${p.total} on ${day(p.at)}${series.caseness !== null ? (above ? ', above the cut-off' : ', below the cut-off') : ''}`;
                  const show = () => setActiveScore({ x: p.x, y: y(p.total), text });
                  return (
                    <g
                      key={p.id}
                      className="tl-score-point"
                      tabIndex={0}
                      role="img"
                      aria-label={text}
                      onMouseEnter={show}
                      onMouseLeave={() => setActiveScore(null)}
                      onFocus={show}
                      onBlur={() => setActiveScore(null)}
                    >
                      <title>{text}</title>
                      <circle cx={p.x} cy={y(p.total)} r={2.6} className={above ? 'tl-score-dot above' : 'tl-score-dot'} />
                      <circle cx={p.x} cy={y(p.total)} r={7} className="tl-hit" />
                      {valueLabels(r) ? (
                        <text x={p.x} y={y(p.total) - 4} textAnchor="middle" className="tl-score-val" aria-hidden="true">
                          {p.total}
                        </text>
                      ) : null}
                    </g>
                  );
                })}
              </g>
            );
          })}
          <text x={4} y={rows.phase + 12} className="tl-label">
            Phase
          </text>
          <text x={4} y={rows.agreed + 14} className="tl-label">
            Agreed
          </text>
          <text x={4} y={rows.inferred + 14} className="tl-label">
            Inferred
          </text>
          <text x={4} y={rows.sessions + 4} className="tl-label">
            Sessions
          </text>
          {phaseRuns.map((r) => (
            <g key={`ph-${r.from}`}>
              <rect
                x={x(r.from) + 0.5}
                y={rows.phase}
                width={(r.to - r.from + 1) * cell - 1}
                height={16}
                className={`tl-phase tl-phase-${r.phase || 'none'}`}
              />
              {(r.to - r.from + 1) * cell > 60 ? (
                <text x={x(r.from) + 4} y={rows.phase + 12} className="tl-phase-text">
                  {r.phase || '—'}
                </text>
              ) : null}
            </g>
          ))}
          {points.map((p, i) => cellOf(p.agreedType, i, rows.agreed, `a-${p.sessionId}`))}
          {points.map((p, i) =>
            p.inferred.dominant === 'mixed' || p.inferred.dominant === 'not_enough_evidence' ? (
              <rect key={`i-${p.sessionId}`} x={x(i) + 0.5} y={rows.inferred} width={cell - 1} height={20} className="tl-unclear" />
            ) : (
              cellOf(p.inferred.dominant, i, rows.inferred, `i-${p.sessionId}`)
            ),
          )}
          {points.flatMap((p, i) =>
            p.markers.map((m, k) => (
              <g key={`m-${m.agreementId}-${k}`} className="tl-marker">
                <line x1={x(i) + cell - 0.5} x2={x(i) + cell - 0.5} y1={rows.agreed - 6} y2={rows.inferred + 22} />
                <path d={`M${x(i) + cell - 0.5} ${rows.agreed - 8} l7 3 l-7 3 z`} />
                <title>{`${m.kind === 'shift' ? 'Shift' : 'Agreement'} on ${day(m.at)}: ${m.statement}${m.reason ? ` — why: ${m.reason}` : ''}`}</title>
              </g>
            )),
          )}
          {points.map((p, i) => {
            const month = monthKey(p.at);
            const first = month !== lastMonth && x(i) - lastLabelX >= 52;
            if (month !== lastMonth) lastMonth = month;
            if (first) lastLabelX = x(i);
            const st = STATUS[p.status] ?? { label: p.status, mark: '?' };
            const isSel = selected?.sessionId === p.sessionId;
            return (
              <g
                key={`s-${p.sessionId}`}
                className={`tl-session tl-${p.status}${isSel ? ' tl-selected' : ''}`}
                tabIndex={0}
                role="button"
                aria-label={`${day(p.at)}: ${st.label}; agreed ${p.agreedType ?? 'none'}; inferred ${dominantLabel(p.inferred.dominant)}`}
                aria-pressed={isSel}
                onClick={() => setSelected(p)}
                onFocus={() => setSelected(p)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' || e.key === ' ') {
                    e.preventDefault();
                    setSelected(p);
                  }
                }}
              >
                <rect x={x(i)} y={rows.agreed - 2} width={cell} height={rows.sessions - rows.agreed + 10} className="tl-hit" />
                <text x={x(i) + cell / 2} y={rows.sessions + 8} textAnchor="middle" className="tl-mark">
                  {st.mark}
                </text>
                {first ? (
                  <g className="tl-axis" aria-hidden="true">
                    <line x1={x(i)} x2={x(i)} y1={rows.sessions + 12} y2={rows.sessions + 17} />
                    <text x={x(i)} y={rows.sessions + 28} className="tl-year">
                      {formatMonth(p.at, 'UTC')}
                    </text>
                  </g>
                ) : null}
              </g>
            );
          })}
          {activeScore
            ? (() => {
                const w = activeScore.text.length * 6 + 12;
                // Beside the point, never over the row labels on the left.
                const tx = activeScore.x + 8 + w <= width ? activeScore.x + 8 : Math.max(left, activeScore.x - 8 - w);
                const ty = Math.max(2, activeScore.y - 9);
                return (
                  <g className="tl-tooltip" aria-hidden="true">
                    <rect x={tx} y={ty} width={w} height={18} rx={4} />
                    <text x={tx + 6} y={ty + 13}>
                      {activeScore.text}
                    </text>
                  </g>
                );
              })()
            : null}
        </svg>
      </ScrollBox>
      <figcaption>
        <ul className="tl-legend" aria-label="Legend">
          {TYPES.map((t) => (
            <li key={t}>
              <svg width="22" height="14" aria-hidden="true">
                <Patterns />
                <rect width="22" height="14" fill={`url(#pat-${t})`} />
              </svg>{' '}
              {ALLIANCE_STYLE[t].letter} {ALLIANCE_STYLE[t].label}
            </li>
          ))}
          <li>
            <span className="tl-key-unclear" aria-hidden="true" /> mixed / not enough evidence
          </li>
          <li>▶ agreement or shift</li>
          {drawn.some((d) => d.caseness !== null) ? (
            <li>
              <span className="tl-key-cutoff" aria-hidden="true" /> clinical cut-off (filled dot: above it)
            </li>
          ) : null}
          {Object.values(STATUS).map((s) => (
            <li key={s.label}>
              {s.mark} {s.label}
            </li>
          ))}
        </ul>
      </figcaption>
      {selected ? (
        <section className="tl-detail" aria-live="polite" aria-label="Evidence for the selected session">
          <h3>
            Session of {day(selected.at)} — {STATUS[selected.status]?.label ?? selected.status}
          </h3>
          {sessionHref ? (
            <p className="no-print">
              <a href={sessionHref(selected.sessionId)}>This session on the client page</a>
            </p>
          ) : null}
          <p>
            Agreed: <strong>{selected.agreedType ? ALLIANCE_STYLE[selected.agreedType].label : 'no agreement yet'}</strong>. Inferred:{' '}
            <strong>{dominantLabel(selected.inferred.dominant)}</strong>
            {selected.inferred.dominant === 'not_enough_evidence' ? (
              '.'
            ) : (
              <> ({TYPES.map((t) => `${ALLIANCE_STYLE[t].letter} ${Math.round(selected.inferred.distribution[t] * 100)} %`).join(' · ')}).</>
            )}
          </p>
          <PracticeBetween timeline={timeline} point={selected} />
          {selected.markers.map((m) => (
            <p key={m.agreementId} className="tl-shift">
              <strong>{m.kind === 'shift' ? 'Shift' : 'Agreement'}:</strong> “{m.statement}”
              {m.reason ? (
                <>
                  {' '}
                  — <em>why:</em> {m.reason}
                </>
              ) : null}
            </p>
          ))}
          {selected.topEvidence.length ? (
            <ol className="evidence-list">
              {selected.topEvidence.map((e, k) => {
                const href = e.source && evidenceHref?.(e.source);
                return (
                  <li key={k}>
                    <span className={`evidence-type type-${e.type}`}>{ALLIANCE_STYLE[e.type].letter}</span> {e.label}
                    {e.quote ? (
                      <>
                        {' '}
                        — <q>{e.quote}</q>
                      </>
                    ) : null}{' '}
                    <span className="muted">
                      ({e.weight > 0 ? '+' : ''}
                      {e.weight.toFixed(2)})
                    </span>
                    {href ? (
                      <>
                        {' '}
                        <a href={href}>source</a>
                      </>
                    ) : null}
                  </li>
                );
              })}
            </ol>
          ) : (
            <p className="muted">No evidence yet at this session.</p>
          )}
        </section>
      ) : null}
    </figure>
  );
}

/**
 * Practice and streaks beside a session (SPEC §3 C5, C7): the rehearsals logged since the session
 * before, and the longest tracker streak running that day. Staff see them only when the client shares.
 */
function PracticeBetween({ timeline, point }: { timeline: Timeline; point: TimelinePoint }) {
  const i = timeline.points.findIndex((p) => p.sessionId === point.sessionId);
  const from = i > 0 ? timeline.points[i - 1]!.at.slice(0, 10) : timeline.startedOn;
  const to = point.at.slice(0, 10);
  const days = timeline.practice.filter((p) => p.day > from && p.day <= to);
  const count = days.reduce((n, p) => n + p.count, 0);
  const running = timeline.streaks.filter((s) => s.from <= to && s.to >= to).reduce((m, s) => Math.max(m, s.length), 0);
  if (!timeline.practice.length && !timeline.streaks.length) return null;
  return (
    <p className="tl-practice">
      Practice since the session before: <strong>{count}</strong> rehearsal{count === 1 ? '' : 's'} on {days.length} day{days.length === 1 ? '' : 's'}
      {running ? (
        <>
          ; a tracker streak of <strong>{running}</strong> days running
        </>
      ) : null}
      .
    </p>
  );
}
