/**
 * Every analysis threshold and weight of SPEC §5, gathered into one settings object. Each area
 * keeps its defaults beside the rules that use them (with the source of every figure); this file
 * is the one place to read or override them all. docs/measures.md, docs/alliance.md and
 * docs/language-cues.md document each value.
 */
import { alertDefaults } from './alerts/settings.ts';
import { allianceDefaults } from './alliance/settings.ts';
import { cueDefaults } from './cues/settings.ts';
import { measuresDefaults } from './measures/settings.ts';

export const DEFAULT_SETTINGS = Object.freeze({
  measures: measuresDefaults,
  alerts: alertDefaults,
  alliance: allianceDefaults,
  cues: cueDefaults,
});

export type Settings = typeof DEFAULT_SETTINGS;
