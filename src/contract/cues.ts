/** The wire contract of the language-cue route (SPEC §5.5): a client's recent texts and the cues read in them. */
import { z } from 'zod';
import type { CueFamily } from '../domain/cues/types.ts';

export const clientParams = z.strictObject({ clientId: z.string().uuid() });

/** Every cue family (src/domain/cues/types.ts); the check below fails to compile when the domain adds one. */
const CUE_FAMILIES = [
  'magical_external',
  'magical_quick_fix',
  'working',
  'therapeutic',
  'structuralizing',
  'practice',
  'rupture_withdrawal',
  'rupture_confrontation',
  'self_agency',
  'externalising',
] as const satisfies readonly CueFamily[];
const everyFamily: [Exclude<CueFamily, (typeof CUE_FAMILIES)[number]>] extends [never] ? true : false = true;
void everyFamily;

/** One cue with the words it matched. */
export const cueView = z.object({
  family: z.enum(CUE_FAMILIES),
  polarity: z.union([z.literal(1), z.literal(-1)]),
  weight: z.number(),
  start: z.number().int(),
  end: z.number().int(),
  words: z.string(),
  reason: z.string(),
  rule: z.string(),
});

export const clientCueItem = z.object({
  sourceType: z.enum(['goal', 'expectations_response', 'reflection']),
  sourceId: z.string(),
  sourceLabel: z.string(),
  at: z.string(),
  text: z.string(),
  cues: z.array(cueView),
});
export const clientCues = z.object({ courseId: z.string().nullable(), lookbackSessions: z.number().int(), items: z.array(clientCueItem) });
