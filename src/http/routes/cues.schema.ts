/** Response shape of the language-cue route (SPEC §5.5). */
import { z } from 'zod';

export const clientParams = z.strictObject({ clientId: z.string().uuid() });

const cue = z.object({
  family: z.string(),
  polarity: z.union([z.literal(1), z.literal(-1)]),
  weight: z.number(),
  start: z.number().int(),
  end: z.number().int(),
  words: z.string(),
  reason: z.string(),
  rule: z.string(),
});

export const clientCues = z.object({
  courseId: z.string().nullable(),
  lookbackSessions: z.number().int(),
  items: z.array(z.object({
    sourceType: z.enum(['goal', 'expectations_response']),
    sourceId: z.string(),
    sourceLabel: z.string(),
    at: z.string(),
    text: z.string(),
    cues: z.array(cue),
  })),
});
