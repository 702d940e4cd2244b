/**
 * Whether a client sees their own scores in the portal (issue 13: "the therapist can hide scores
 * per client"). Some clients are helped by watching a chart; for others a number on a phone
 * between sessions does harm, and the therapist talks progress through with them instead. Hiding
 * changes only what the client's portal shows: the scores are still recorded, and the therapist
 * and supervisor read them as before.
 */
import type { Deps } from '../deps.ts';
import { iso } from '../deps.ts';

export type PortalScoresSetting = { hidden: boolean; updatedAt: string | null };

export async function portalScoresSetting(deps: Pick<Deps, 'store'>, clientId: string): Promise<PortalScoresSetting> {
  const row = await deps.store.findClientPortalSettings(clientId);
  return { hidden: row?.hideScores ?? false, updatedAt: row?.updatedAt ?? null };
}

export async function setPortalScoresHidden(deps: Pick<Deps, 'store' | 'clock'>, clientId: string, hidden: boolean, by: string): Promise<PortalScoresSetting> {
  const at = iso(deps.clock.now());
  await deps.store.putClientPortalSettings({ clientId, hideScores: hidden, updatedAt: at, updatedBy: by });
  return { hidden, updatedAt: at };
}
