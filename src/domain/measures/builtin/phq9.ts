import type { InstrumentDefinition } from '../instrument.ts';
import { PHQ_ATTRIBUTION, PHQ_FREQUENCY_OPTIONS } from './phq-response-options.ts';

const item = (n: number, text: string, safety = false) => ({
  id: `phq9_${n}`,
  text,
  options: PHQ_FREQUENCY_OPTIONS,
  ...(safety ? { safety: true } : {}),
});

/**
 * PHQ-9, items and options verbatim from the Pfizer form (free to use, attribution below).
 * Bands and the caseness cut-off of 10: Kroenke, Spitzer & Williams (2001), "The PHQ-9:
 * validity of a brief depression severity measure", J Gen Intern Med 16:606–613; SPEC §5.1.
 * Reliable change 6: the threshold used by NHS Talking Therapies (Manual, "reliable
 * improvement"); SPEC §5.1. Item 9 is the safety item (SPEC §5.1): any answer above
 * "Not at all" raises a safety alert. The unscored functioning question that follows the nine
 * items on the paper form is not part of the total and is not included.
 */
export const PHQ9: InstrumentDefinition = {
  code: 'phq9',
  version: '1',
  title: 'PHQ-9',
  respondent: 'client',
  instructions: 'Over the last 2 weeks, how often have you been bothered by any of the following problems?',
  items: [
    item(1, 'Little interest or pleasure in doing things'),
    item(2, 'Feeling down, depressed, or hopeless'),
    item(3, 'Trouble falling or staying asleep, or sleeping too much'),
    item(4, 'Feeling tired or having little energy'),
    item(5, 'Poor appetite or overeating'),
    item(6, 'Feeling bad about yourself — or that you are a failure or have let yourself or your family down'),
    item(7, 'Trouble concentrating on things, such as reading the newspaper or watching television'),
    item(
      8,
      'Moving or speaking so slowly that other people could have noticed? Or the opposite — being so fidgety or restless that you have been moving around a lot more than usual',
    ),
    item(9, 'Thoughts that you would be better off dead or of hurting yourself in some way', true),
  ],
  scoring: { method: 'sum', min: 0, max: 27, requireAllItems: true },
  bands: [
    { min: 0, max: 4, label: 'Minimal', severity: 'minimal' },
    { min: 5, max: 9, label: 'Mild', severity: 'mild' },
    { min: 10, max: 14, label: 'Moderate', severity: 'moderate' },
    { min: 15, max: 19, label: 'Moderately severe', severity: 'moderately_severe' },
    { min: 20, max: 27, label: 'Severe', severity: 'severe' },
  ],
  caseness: 10,
  reliableChange: 6,
  higherIsBetter: false,
  attribution: PHQ_ATTRIBUTION,
  loinc: { panel: '44249-1', total: '44261-6' },
};
