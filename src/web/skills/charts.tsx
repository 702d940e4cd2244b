/**
 * Small SVG charts of skills (SPEC §3 C5, C7): practice per week by mode, tracker streak lengths
 * over time with the planned breaks marked, and the Support check over time. Each has a text
 * summary for screen readers and keeps to the width it is given (a 390 px phone included).
 */
import type { Skills, Target, Tracker } from './api.ts';
import { PRACTICE_MODE_LABELS, PRACTICE_MODES } from '../../domain/skills/practice.ts';
import { formatCalendarDate } from '../dates.ts';

const MODE_CLASS = { imagined: 'mode-imagined', role_play: 'mode-role-play', real_life: 'mode-real-life' } as const;

/** Practice per ISO week, stacked by mode (the last 12 weeks). */
export function WeekBars({ target }: { target: Target }) {
  const weeks = (target.practice?.counts.byWeek ?? []).slice(-12);
  if (!weeks.length) return null;
  const max = Math.max(1, ...weeks.map((w) => w.total));
  const w = 24;
  const h = 60;
  // Which weeks the bars are, in words above them (a bar is a week from Monday).
  const span =
    weeks.length === 1
      ? `the week of ${formatCalendarDate(weeks[0]!.weekOf, 'short')}`
      : `weeks from ${formatCalendarDate(weeks[0]!.weekOf, 'short')} to ${formatCalendarDate(weeks.at(-1)!.weekOf, 'short')}`;
  return (
    <figure className="skills-chart">
      <p className="skills-chart-title">Practice per week, {span}</p>
      <svg
        viewBox={`0 0 ${weeks.length * w} ${h + 14}`}
        style={{ maxWidth: `${weeks.length * w * 2.5}px` }}
        role="img"
        aria-label={`Practice per week, ${span}: ${weeks.map((x) => x.total).join(', ')}`}
      >
        {weeks.map((week, i) => {
          let y = h;
          return (
            <g key={week.weekOf}>
              {PRACTICE_MODES.map((m) => {
                const bh = (week[m] / max) * h;
                y -= bh;
                return bh > 0 ? <rect key={m} className={MODE_CLASS[m]} x={i * w + 3} y={y} width={w - 6} height={bh} /> : null;
              })}
              <text x={i * w + w / 2} y={h + 12} textAnchor="middle">
                {week.total}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="skills-legend">
        {PRACTICE_MODES.map((m) => (
          <span key={m}>
            <i className={MODE_CLASS[m]} aria-hidden="true" /> {PRACTICE_MODE_LABELS[m]}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}

/** Streak lengths over time: one bar per streak, those that held across a planned break marked. */
export function StreakBars({ tracker }: { tracker: Tracker }) {
  const streaks = tracker.streaks.slice(-12);
  if (!streaks.length) return null;
  const max = Math.max(1, ...streaks.map((s) => s.length));
  const w = 28;
  const h = 60;
  return (
    <figure className="skills-chart">
      <svg
        viewBox={`0 0 ${streaks.length * w} ${h + 14}`}
        style={{ maxWidth: `${streaks.length * w * 2.5}px` }}
        role="img"
        aria-label={`Streak lengths in days, oldest first: ${streaks.map((s) => `${s.length}${s.acrossBreaks.length ? ' (across a planned break)' : ''}`).join(', ')}`}
      >
        {streaks.map((s, i) => {
          const bh = (s.length / max) * h;
          return (
            <g key={s.from}>
              <rect className={s.acrossBreaks.length ? 'streak-break' : 'streak'} x={i * w + 3} y={h - bh} width={w - 6} height={bh} />
              <text x={i * w + w / 2} y={h + 12} textAnchor="middle">
                {s.length}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="skills-legend">
        <span>
          <i className="streak" aria-hidden="true" /> Streak (days)
        </span>
        <span>
          <i className="streak-break" aria-hidden="true" /> Held across a planned break
        </span>
      </figcaption>
    </figure>
  );
}

/** The Support check over time: calming oneself and people to turn to, 0–4 each. */
export function SupportLine({ checks }: { checks: Skills['supportChecks'] }) {
  if (checks.length < 2) return null;
  const w = 200;
  const h = 60;
  const x = (i: number) => 8 + (i * (w - 16)) / (checks.length - 1);
  const y = (v: number) => h - (v / 4) * (h - 8);
  const line = (k: 'calm' | 'people') => checks.map((c, i) => `${i ? 'L' : 'M'}${x(i)},${y(c[k])}`).join(' ');
  return (
    <figure className="skills-chart">
      <svg viewBox={`0 0 ${w} ${h + 4}`} role="img" aria-label={`Support check totals over time: ${checks.map((c) => c.total).join(', ')} of 8`}>
        <path className="line-calm" d={line('calm')} />
        <path className="line-people" d={line('people')} />
      </svg>
      <figcaption className="skills-legend">
        <span>
          <i className="line-calm" aria-hidden="true" /> I can calm myself
        </span>
        <span>
          <i className="line-people" aria-hidden="true" /> People besides my therapist
        </span>
      </figcaption>
    </figure>
  );
}
