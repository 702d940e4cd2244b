/**
 * Defaults for the alert lifecycle (SPEC §3 C8). Every value is a default a practice may
 * override; services pass the effective value into the pure functions of alert.ts.
 */
export const alertDefaults = {
  /**
   * Minutes an open (unacknowledged) safety alert may wait before it escalates to the
   * designated colleague. SPEC §3 C8 makes the time configurable without a number; 60 minutes
   * is Accord's cautious default for a practice working office hours, not a clinical standard.
   */
  safetyEscalateAfterMinutes: 60,
  /**
   * Shortest note that closes a safety alert. SPEC §3 C8: "safety alerts need a documented
   * follow-up to close". 20 characters is Accord's floor so that "ok" or "done" cannot pass
   * for documentation; it is not a clinical standard.
   */
  safetyResolveNoteMinChars: 20,
} as const;
