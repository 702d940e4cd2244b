import type { AnswerOption } from '../instrument.ts';

/**
 * The four answer options shared by PHQ-9 and GAD-7, verbatim from the Pfizer forms
 * (phqscreeners.com; Kroenke et al. 2001; Spitzer et al. 2006).
 */
export const PHQ_FREQUENCY_OPTIONS: readonly AnswerOption[] = [
  { value: 0, label: 'Not at all' },
  { value: 1, label: 'Several days' },
  { value: 2, label: 'More than half the days' },
  { value: 3, label: 'Nearly every day' },
];

/** The attribution Pfizer asks for; the PHQ family is free to use. */
export const PHQ_ATTRIBUTION =
  'Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, with an educational grant from Pfizer Inc. No permission required to reproduce, translate, display or distribute.';
