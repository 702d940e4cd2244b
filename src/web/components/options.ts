/** Select options built from the domain's closed lists and their labels. */
import { END_REASONS, FREQUENCIES, FREQUENCY_LABELS, PHASES, SESSION_STATUSES, SESSION_STATUS_LABELS } from '../../domain/people.ts';
import { END_REASON_LABELS, PHASE_LABELS } from './course-words.tsx';

export const FREQUENCY_OPTIONS = FREQUENCIES.map((f) => ({ value: f, label: FREQUENCY_LABELS[f] }));
export const PHASE_OPTIONS = PHASES.map((p) => ({ value: p, label: PHASE_LABELS[p] }));
export const END_REASON_OPTIONS = END_REASONS.map((r) => ({ value: r, label: END_REASON_LABELS[r] }));
export const SESSION_STATUS_OPTIONS = SESSION_STATUSES.map((s) => ({ value: s, label: SESSION_STATUS_LABELS[s] }));
