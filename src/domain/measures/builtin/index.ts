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
export const BUILTIN_INSTRUMENTS: readonly InstrumentDefinition[] = [PHQ9, GAD7, SESSION_CHECK, SESSION_CHECK_THERAPIST].map(
  freezeDeep,
);

/** Built-ins are shared by every request: frozen, so no caller can drop PHQ-9 item 9 at run time (SPEC §5.1). */
function freezeDeep<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) freezeDeep(inner);
  }
  return value;
}

/** Codes a practice definition may not reuse (see validateInstrumentDefinition). */
export const BUILTIN_CODES: readonly string[] = BUILTIN_INSTRUMENTS.map((def) => def.code);

/** The built-in instrument with this code, or undefined (the `findX` convention). */
export function findBuiltin(code: string): InstrumentDefinition | undefined {
  return BUILTIN_INSTRUMENTS.find((def) => def.code === code);
}
