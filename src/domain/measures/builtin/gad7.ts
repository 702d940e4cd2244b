import type { InstrumentDefinition } from '../instrument.ts';
import { PHQ_ATTRIBUTION, PHQ_FREQUENCY_OPTIONS } from './phq-response-options.ts';

const item = (n: number, text: string) => ({ id: `gad7_${n}`, text, options: PHQ_FREQUENCY_OPTIONS });

/**
 * GAD-7, items and options verbatim from the Pfizer form (free to use, attribution below).
 * Bands 0–4 / 5–9 / 10–14 / 15–21: Spitzer, Kroenke, Williams & Löwe (2006), "A brief measure
 * for assessing generalized anxiety disorder: the GAD-7", Arch Intern Med 166:1092–1097.
 * Caseness ≥ 8 and reliable change 4: the thresholds used by NHS Talking Therapies (Manual);
 * SPEC §5.1.
 */
export const GAD7: InstrumentDefinition = {
  code: 'gad7',
  version: '1',
  title: 'GAD-7',
  respondent: 'client',
  instructions: 'Over the last 2 weeks, how often have you been bothered by the following problems?',
  items: [
    item(1, 'Feeling nervous, anxious or on edge'),
    item(2, 'Not being able to stop or control worrying'),
    item(3, 'Worrying too much about different things'),
    item(4, 'Trouble relaxing'),
    item(5, 'Being so restless that it is hard to sit still'),
    item(6, 'Becoming easily annoyed or irritable'),
    item(7, 'Feeling afraid as if something awful might happen'),
  ],
  scoring: { method: 'sum', min: 0, max: 21, requireAllItems: true },
  bands: [
    { min: 0, max: 4, label: 'Minimal', severity: 'minimal' },
    { min: 5, max: 9, label: 'Mild', severity: 'mild' },
    { min: 10, max: 14, label: 'Moderate', severity: 'moderate' },
    { min: 15, max: 21, label: 'Severe', severity: 'severe' },
  ],
  caseness: 8,
  reliableChange: 4,
  higherIsBetter: false,
  attribution: PHQ_ATTRIBUTION,
  loinc: { panel: '69737-5', total: '70274-6' },
};
