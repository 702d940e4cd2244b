import type { AnswerOption, InstrumentDefinition } from '../instrument.ts';

/** 0–10, with the two ends named so the scale reads the same on a phone and on paper. */
const ZERO_TO_TEN: readonly AnswerOption[] = Array.from({ length: 11 }, (_, value) => ({
  value,
  label: value === 0 ? '0 — not at all' : value === 10 ? '10 — completely' : String(value),
}));

const ATTRIBUTION =
  "Session check: Accord's own instrument, written for Accord (SPEC §3 C4). Free to use with Accord. It is a conversation aid and has not been validated as a clinical measure.";

/** The four items are the same ideas in both versions; ids match so the two can be compared item by item. */
export const SESSION_CHECK_ITEM_IDS = ['heard', 'mattered', 'approach', 'overall'] as const;

const scoring = { method: 'sum', min: 0, max: 40, requireAllItems: true } as const;
/** One descriptive band: Accord invents no cut-off; the rupture rule (SPEC §5.3) is what reads it. */
const bands = [{ min: 0, max: 40, label: 'Session check total', severity: 'minimal' }] as const;

/**
 * The client's Session check after each session (SPEC §3 C4): four items 0–10 — felt heard
 * and respected; worked on what mattered to me; the way we worked suited me; overall. Read by
 * the rupture rule (SPEC §5.3). Accord's own wording.
 */
export const SESSION_CHECK: InstrumentDefinition = {
  code: 'session_check',
  version: '1',
  title: 'Session check',
  respondent: 'client',
  instructions:
    'Thinking about today’s session, how true is each statement for you? 0 means not at all, 10 means completely. There are no right answers: your therapist wants to know, especially when something did not feel right.',
  items: [
    { id: 'heard', text: 'I felt heard and respected.', options: ZERO_TO_TEN },
    { id: 'mattered', text: 'We worked on what mattered to me.', options: ZERO_TO_TEN },
    { id: 'approach', text: 'The way we worked suited me.', options: ZERO_TO_TEN },
    { id: 'overall', text: 'Overall, the session was right for me.', options: ZERO_TO_TEN },
  ],
  scoring,
  bands,
  higherIsBetter: true,
  attribution: ATTRIBUTION,
};

/**
 * The therapist's parallel rating of the same session, phrased as the therapist's view of the
 * client's experience, so the two can be compared (SPEC §5.3: therapist ≥ 8 points above the
 * client → "you may be seeing the session more positively than the client").
 */
export const SESSION_CHECK_THERAPIST: InstrumentDefinition = {
  code: 'session_check_therapist',
  version: '1',
  title: 'Session check (therapist)',
  respondent: 'therapist',
  instructions:
    'Rate the session as you think your client experienced it, 0 (not at all) to 10 (completely). Your client answers the same four questions separately; you will see both side by side.',
  items: [
    { id: 'heard', text: 'My client felt heard and respected.', options: ZERO_TO_TEN },
    { id: 'mattered', text: 'We worked on what mattered to my client.', options: ZERO_TO_TEN },
    { id: 'approach', text: 'The way we worked suited my client.', options: ZERO_TO_TEN },
    { id: 'overall', text: 'Overall, the session was right for my client.', options: ZERO_TO_TEN },
  ],
  scoring,
  bands,
  higherIsBetter: true,
  attribution: ATTRIBUTION,
};
