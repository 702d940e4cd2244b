/**
 * "What the words suggest": the language cues of the client's recent texts, grouped by family,
 * each with its quote and source (SPEC §5.5). Presentational only: the caller passes the texts
 * and their cues (from readCues) for the last sessions.
 */
import type { ReactNode } from 'react';
import type { Cue, CueFamily } from '../../domain/cues/types.ts';
import { CueLegend, CueText, FAMILY_LABELS } from './cue-text.tsx';

export type CuePanelItem = { sourceLabel: string; sourceHref?: string; date?: string; text: string; cues: Cue[] };

const ORDER: readonly CueFamily[] = [
  'working',
  'therapeutic',
  'structuralizing',
  'practice',
  'self_agency',
  'magical_external',
  'magical_quick_fix',
  'externalising',
  'rupture_withdrawal',
  'rupture_confrontation',
];

function Source({ item }: { item: CuePanelItem }): ReactNode {
  const label = item.date ? `${item.sourceLabel}, ${item.date}` : item.sourceLabel;
  return item.sourceHref ? <a href={item.sourceHref}>{label}</a> : <span>{label}</span>;
}

/** Groups the cues of several texts by family and shows each with its words, reason and source. */
export function CuePanel({ items }: { items: readonly CuePanelItem[] }): ReactNode {
  const groups = new Map<CueFamily, Array<{ item: CuePanelItem; cue: Cue }>>();
  for (const item of items) for (const cue of item.cues) groups.set(cue.family, [...(groups.get(cue.family) ?? []), { item, cue }]);
  const families = ORDER.filter((f) => (groups.get(f)?.length ?? 0) > 0);
  return (
    <section className="cue-panel" aria-labelledby="cue-panel-title">
      <h2 id="cue-panel-title">What the words suggest</h2>
      <p className="cue-panel-framing">These are prompts for reflection drawn from the client’s own words, not verdicts about the client.</p>
      {families.length === 0 ? (
        <p>No language cues in the recent texts.</p>
      ) : (
        families.map((f) => {
          const entries = groups.get(f) ?? [];
          return (
            <section key={f} className="cue-group" aria-label={FAMILY_LABELS[f]}>
              <h3>
                <span className={`cue-swatch cue-mark cue-${f.replace(/_/g, '-')}`} aria-hidden="true" /> {FAMILY_LABELS[f]}{' '}
                <span className="cue-count">({entries.length})</span>
              </h3>
              <ul>
                {entries.map(({ item, cue }, k) => (
                  <li key={k}>
                    <q>
                      <CueText text={cue.words} cues={[{ ...cue, start: 0, end: cue.words.length }]} />
                    </q>{' '}
                    <span className="cue-why">
                      {cue.polarity === -1 ? 'counts against: ' : ''}
                      {cue.reason}
                    </span>{' '}
                    — <Source item={item} />
                  </li>
                ))}
              </ul>
            </section>
          );
        })
      )}
      <CueLegend />
    </section>
  );
}
