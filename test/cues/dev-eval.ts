/**
 * Scores the cue reader on the development set (test/cues/dev-set.ts): per label, precision and
 * recall over the sentences where it was labelled must or must-not (a "may" label counts neither
 * way). Used by `npm run eval:cues` and by dev-set.test.ts.
 */
import { readCues } from '../../src/domain/cues/read-cues.ts';
import type { Cue } from '../../src/domain/cues/types.ts';
import { DEV_LABELS } from './dev-set.ts';
import type { DevItem, DevLabel } from './dev-set.ts';

export type LabelScore = { label: DevLabel; tp: number; fp: number; fn: number; precision: number; recall: number };
export type DevError = { item: DevItem; label: DevLabel; kind: 'missed' | 'wrong'; cues: Cue[] };

/** The labels a reading fires: a family with a +1 cue; `sustain` for a −1 self_agency cue. */
export function firedLabels(cues: readonly Cue[]): Set<DevLabel> {
  const out = new Set<DevLabel>();
  for (const c of cues) {
    if (c.polarity === 1) out.add(c.family);
    else if (c.family === 'self_agency') out.add('sustain');
  }
  return out;
}

export function readItem(item: DevItem): Cue[] {
  return readCues(
    item.text,
    item.writer === 'therapist' ? { writer: 'therapist', ...(item.clientName ? { clientName: item.clientName } : {}) } : { writer: 'client' },
  );
}

export function scoreDevSet(items: readonly DevItem[]): { scores: LabelScore[]; errors: DevError[] } {
  const counts = new Map<DevLabel, { tp: number; fp: number; fn: number }>(DEV_LABELS.map((l) => [l, { tp: 0, fp: 0, fn: 0 }]));
  const errors: DevError[] = [];
  for (const item of items) {
    const cues = readItem(item);
    const fired = firedLabels(cues);
    for (const label of DEV_LABELS) {
      const n = counts.get(label)!;
      const must = item.fire.includes(label);
      const may = item.maybe.includes(label);
      const did = fired.has(label);
      if (must && did) n.tp++;
      else if (must) {
        n.fn++;
        errors.push({ item, label, kind: 'missed', cues });
      } else if (did && !may) {
        n.fp++;
        errors.push({ item, label, kind: 'wrong', cues });
      }
    }
  }
  const scores = DEV_LABELS.map((label): LabelScore => {
    const n = counts.get(label)!;
    return { label, ...n, precision: n.tp + n.fp === 0 ? 1 : n.tp / (n.tp + n.fp), recall: n.tp + n.fn === 0 ? 1 : n.tp / (n.tp + n.fn) };
  });
  return { scores, errors };
}
