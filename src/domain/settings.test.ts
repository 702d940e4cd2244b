import { describe, it, expect } from 'vitest';
import { DEFAULT_SETTINGS } from './settings.ts';

describe('the one settings object', () => {
  it('holds the thresholds SPEC §5 names, at their documented defaults', () => {
    expect(DEFAULT_SETTINGS.measures.notOnTrackBySession).toBe(6);
    expect(DEFAULT_SETTINGS.measures.ruptureDrop).toBe(4);
    expect(DEFAULT_SETTINGS.measures.ruptureItemMax).toBe(5);
    expect(DEFAULT_SETTINGS.measures.therapistOptimismGap).toBe(8);
    expect(DEFAULT_SETTINGS.cues.lookbackSessions).toBe(6);
    expect(DEFAULT_SETTINGS.alliance.divergence.distanceThreshold).toBe(0.35);
    expect(DEFAULT_SETTINGS.alliance.divergence.dominanceLead).toBe(0.1);
    expect(DEFAULT_SETTINGS.alliance.rules.misallianceSessions).toBe(3);
    expect(DEFAULT_SETTINGS.alliance.rules.magicalPersistingSessions).toBe(6);
    // SPEC §5.1 remission, read the same way by the alert and by the inferred alliance: 3 measurements.
    expect(DEFAULT_SETTINGS.measures.remissionWindow).toBe(3);
    expect(DEFAULT_SETTINGS.alliance.inference.remittedMeasurements).toBe(DEFAULT_SETTINGS.measures.remissionWindow);
  });
  it('is frozen, so no caller changes a default for everyone', () => {
    expect(Object.isFrozen(DEFAULT_SETTINGS)).toBe(true);
  });
});
