/**
 * Shows a text with the words behind each language cue highlighted (SPEC §5.5). Each highlight
 * is focusable and carries its reason, shown on hover and on keyboard focus, and read by screen
 * readers. Cues are prompts for reflection, never verdicts.
 */
import { useId } from 'react';
import type { ReactNode } from 'react';
import type { Cue, CueFamily } from '../../domain/cues/types.ts';

export const FAMILY_LABELS: Readonly<Record<CueFamily, string>> = {
  magical_external: 'Change expected of others',
  magical_quick_fix: 'Quick fix / helper',
  working: 'Concrete aim, commitment',
  therapeutic: 'Own patterns',
  structuralizing: 'Making it last',
  practice: 'Practice done',
  rupture_withdrawal: 'Withdrawal',
  rupture_confrontation: 'Confrontation',
  self_agency: 'Self as agent',
  externalising: 'Others as agent',
};

const familyClass = (f: CueFamily): string => `cue-mark cue-${f.replace(/_/g, '-')}`;

type Segment = { start: number; end: number; cues: Cue[] };

/** Splits the text at every cue boundary so overlapping cues become adjacent segments. */
function segments(text: string, cues: readonly Cue[]): Segment[] {
  const valid = cues.filter((c) => c.start >= 0 && c.end <= text.length && c.start < c.end);
  const cuts = new Set<number>([0, text.length]);
  for (const c of valid) {
    cuts.add(c.start);
    cuts.add(c.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const out: Segment[] = [];
  for (let k = 0; k + 1 < points.length; k++) {
    const start = points[k] ?? 0;
    const end = points[k + 1] ?? 0;
    out.push({ start, end, cues: valid.filter((c) => c.start <= start && c.end >= end) });
  }
  return out;
}

function describe(cue: Cue): string {
  const sign = cue.polarity === -1 ? ' (counts against)' : '';
  return `${FAMILY_LABELS[cue.family]}${sign}: ${cue.reason} — “${cue.words}”`;
}

/** The text with each cue's words wrapped in a focusable mark naming its family and reason. */
export function CueText({ text, cues }: { text: string; cues: readonly Cue[] }): ReactNode {
  const baseId = useId();
  return (
    <span className="cue-text">
      {segments(text, cues).map((seg, k) => {
        const words = text.slice(seg.start, seg.end);
        if (seg.cues.length === 0) return <span key={k}>{words}</span>;
        const id = `${baseId}-r${k}`;
        const reason = seg.cues.map(describe).join('; ');
        const classes = [...new Set(seg.cues.map((c) => familyClass(c.family)))].join(' ');
        return (
          <mark key={k} className={classes} tabIndex={0} aria-describedby={id} data-polarity={seg.cues.some((c) => c.polarity === 1) ? 'for' : 'against'}>
            {words}
            <span role="tooltip" id={id} className="cue-reason">
              {reason}
            </span>
          </mark>
        );
      })}
    </span>
  );
}

/** A short key to the highlight colours, with the framing that cues are prompts, not verdicts. */
export function CueLegend(): ReactNode {
  return (
    <div className="cue-legend">
      <p className="cue-legend-note">Highlighted words are prompts for reflection, not verdicts. Hover or focus a highlight to see why.</p>
      <ul>
        {(Object.keys(FAMILY_LABELS) as CueFamily[]).map((f) => (
          <li key={f}>
            <span className={`cue-swatch ${familyClass(f)}`} aria-hidden="true" /> {FAMILY_LABELS[f]}
          </li>
        ))}
      </ul>
    </div>
  );
}
