import type { InstrumentDefinition } from '../instrument.ts';
import { GAD7 } from './gad7.ts';
import { PHQ9 } from './phq9.ts';
import { SESSION_CHECK, SESSION_CHECK_THERAPIST } from './session-check.ts';

export { GAD7 } from './gad7.ts';
export { PHQ9 } from './phq9.ts';
export { SESSION_CHECK, SESSION_CHECK_ITEM_IDS, SESSION_CHECK_THERAPIST } from './session-check.ts';

/**
 * The instruments Accord ships (SPEC §3 C4). The Expectations check, Skills check and Support
 * check belong to their own capabilities (C2, C5, C7) and join this list there.
 */
export const BUILTIN_INSTRUMENTS: readonly InstrumentDefinition[] = [PHQ9, GAD7, SESSION_CHECK, SESSION_CHECK_THERAPIST];

/** Codes a practice definition may not reuse (see validateInstrumentDefinition). */
export const BUILTIN_CODES: readonly string[] = BUILTIN_INSTRUMENTS.map((def) => def.code);

/** The built-in instrument with this code, or undefined (the `findX` convention). */
export function findBuiltin(code: string): InstrumentDefinition | undefined {
  return BUILTIN_INSTRUMENTS.find((def) => def.code === code);
}
